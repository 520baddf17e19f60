//! `swr agency`: placements, workers, long placements and conversions to
//! permanent (SPEC section 5).
//!
//! Cheshire East (seeds/002, "Measuring Success") monitors the "number of
//! agency workers occupying permanent posts during 2018"; Cambridgeshire
//! (seeds/000, section 5.0) the "number of staff transferring from agency to
//! permanent workers". Neither paper gives a count: the fixture below is a
//! year of placements, each figure worked out by hand in the comments.

use crate::common::{csv, expect_cells, extracts, fixture, json, notes, run, write, Csv};

/// `fixtures/cheshire_east_agency/agency.csv`: placements (hours 37 unless
/// said), 2016-2018:
///  #  worker directorate start       end         hours covering   registration
///  1  W1   Children's  01/03/2017  (running)   37    vacancy    SW1001
///  2  W2   Children's  01/02/2018  30/06/2018  37    vacancy    SW1002
///  3  W3   Children's  01/01/2018  31/12/2018  18.5  absence    SW1003
///  4  W3   Children's  01/06/2017  31/12/2017  37    vacancy    SW1003
///  5  W4   Adults      31/12/2017  (running)   37    vacancy    SW2004
///  6  W5   Adults      30/12/2017  (running)   37    additional SW2005
///  7  W6   Adults      01/09/2018  30/11/2018  37    Vacancy    SW2006
///  8  W7   Children's  01/10/2018  (running)   37    vacancy    SW1007
///  9  W8   Children's  01/01/2016  31/12/2016  37    vacancy    SW1008
/// 10  W9   Adults      01/02/2018  31/03/2018  37    vacancy    sw2009
/// 11  W10  Children's  01/05/2018  31/05/2018  37    absence    (blank)
fn agency_csv() -> String {
    read("agency.csv")
}

/// `payroll.csv`: E1 is W2 (joined 01/07/2018, after the placement: converted);
/// E2 is W6, on two half-time rows from 01/12/2018 (one conversion); E3 is
/// W8, converted in 2017; E4 and E5 were never agency workers.
fn payroll_csv() -> String {
    read("payroll.csv")
}

/// `leavers.csv`: L1 is W9, permanent from 01/04/2018 and gone by November
/// (converted: the match ignores case); L2 is W7, permanent first and an
/// agency worker after (the payroll start precedes the placement: not a
/// conversion).
fn leavers_csv() -> String {
    read("leavers.csv")
}

/// A file of `fixtures/cheshire_east_agency`.
fn read(name: &str) -> String {
    std::fs::read_to_string(fixture("cheshire_east_agency").join(name)).expect("fixture")
}

/// A copy of `fixtures/cheshire_east_agency`, to change.
fn cheshire_east() -> tempfile::TempDir {
    extracts(&[
        ("agency.csv", &agency_csv()),
        ("payroll.csv", &payroll_csv()),
        ("leavers.csv", &leavers_csv()),
    ])
}

const COLUMNS: [&str; 7] = [
    "placements",
    "workers",
    "active",
    "agency_fte",
    "covering_vacancy",
    "long_running",
    "converted",
];

fn agency(dir: &tempfile::TempDir, extra: &[&str]) -> Csv {
    let data = dir.path().to_string_lossy().into_owned();
    let mut args = vec!["agency", "--data", data.as_str(), "--period", "2018"];
    args.extend_from_slice(extra);
    csv(&args)
}

/// 2018 (as of its end, 31/12/2018):
/// Adults: placements in 2018: #5, #6, #7, #10 = 4 (4 workers); active on
///   31/12/2018: #5, #6 = 2, 2 FTE; covering a vacancy in 2018: W4, W6, W9 =
///   3; long-running: #6 (30/12/2017 + 12 months = 30/12/2018, before the
///   as-of date); #5 started 31/12/2017, exactly 12 months before: not over
///   12 months. Converted: W6 (two payroll rows, one person) and W9 (via
///   leavers) = 2.
/// Children's: placements in 2018: #1, #2, #3, #8, #11 = 5 (#4 ended
///   31/12/2017, #9 in 2016); workers W1, W2, W3, W7, W10 = 5; active #1, #3
///   (its end date is the as-of date), #8 = 3, 1 + 0.5 + 1 = 2.5 FTE;
///   covering a vacancy: W1, W2, W7 = 3 (W3's 2018 placement covers
///   absence); long-running #1 = 1; converted W2 = 1 (W7's permanent start
///   precedes the placement; W8 converted in 2017).
/// Total: 9 placements, 9 workers, 5 active, 4.5 FTE, 6 covering a vacancy,
///   2 long-running, 3 converted.
#[test]
fn cheshire_east_2018() {
    let dir = cheshire_east();
    let t = agency(&dir, &[]);
    assert_eq!(t.header[0], "directorate", "default --by directorate");
    assert_eq!(&t.header[1..], &COLUMNS[..]);
    let rows: [(&str, [&str; 7]); 3] = [
        ("Adults", ["4", "4", "2", "2", "3", "1", "2"]),
        ("Children's", ["5", "5", "3", "2.5", "3", "1", "1"]),
        ("Total", ["9", "9", "5", "4.5", "6", "2", "3"]),
    ];
    for (key, want) in rows {
        let cells: Vec<(&[&str], &str, &str)> = COLUMNS
            .iter()
            .zip(want)
            .map(|(c, w)| (std::slice::from_ref(&key), *c, w))
            .collect();
        expect_cells(&t, &cells);
    }
}

/// 2017 (as of 31/12/2017): placements active in 2017: #1, #4, #5, #6 = 4
/// (#9 ended 31/12/2016); workers W1, W3, W4, W5 = 4; active on 31/12/2017:
/// #1, #4, #5, #6 = 4; covering a vacancy W1, W3 (#4), W4 = 3 (against 6
/// in 2018: no reduction here); long-running: none (#1 started 01/03/2017);
/// converted in 2017: W8 (E3 from 01/01/2017, after its 2016 placement) = 1.
#[test]
fn cheshire_east_2017_and_the_same_worker_counted_once() {
    let dir = cheshire_east();
    let data = dir.path().to_string_lossy().into_owned();
    let t = csv(&["agency", "--data", &data, "--period", "2017"]);
    expect_cells(
        &t,
        &[
            (&["Total"], "placements", "4"),
            (&["Total"], "workers", "4"),
            (&["Total"], "active", "4"),
            (&["Total"], "covering_vacancy", "3"),
            (&["Total"], "long_running", "0"),
            (&["Total"], "converted", "1"),
            (&["Children's"], "converted", "1"),
        ],
    );
    // By job title in 2018: W3 covers absence as a social worker in 2018,
    // and had a Team Manager placement ending on 31/12/2017 (not in 2018).
    let t = agency(&dir, &["--by", "job_title"]);
    assert_eq!(
        t.firsts(),
        ["Occupational Therapist", "Social Worker", "Total"]
    );
    expect_cells(
        &t,
        &[
            (&["Social Worker"], "placements", "8"),
            (&["Social Worker"], "converted", "3"),
            (&["Occupational Therapist"], "converted", "0"),
        ],
    );
}

#[test]
fn a_worker_matched_to_two_payroll_rows_counts_once() {
    let dir = cheshire_east();
    // Adults in 2018: W6's registration is on E2's two payroll rows.
    let t = agency(&dir, &["--where", "directorate=Adults"]);
    expect_cells(&t, &[(&["Total"], "converted", "2")]);
    // Without leavers, W9 (who left payroll again) is not found: W6 alone.
    let dir = extracts(&[
        ("agency.csv", &agency_csv()),
        ("payroll.csv", &payroll_csv()),
    ]);
    let t = agency(&dir, &["--where", "directorate=Adults"]);
    expect_cells(&t, &[(&["Total"], "converted", "1")]);
}

#[test]
fn a_permanent_start_before_the_placement_is_no_conversion() {
    // W7 alone: permanent 01/05/2018 (L2), agency from 01/10/2018.
    let agency_csv: String = agency_csv()
        .lines()
        .filter(|l| l.starts_with("Worker") || l.starts_with("W7,"))
        .map(|l| format!("{l}\n"))
        .collect();
    let dir = extracts(&[
        ("agency.csv", &agency_csv),
        ("payroll.csv", &payroll_csv()),
        ("leavers.csv", &leavers_csv()),
    ]);
    let t = agency(&dir, &[]);
    expect_cells(
        &t,
        &[
            (&["Total"], "placements", "1"),
            (&["Total"], "converted", "0"),
        ],
    );
    // Move the permanent start after the placement's: now a conversion.
    write(
        dir.path(),
        "leavers.csv",
        &leavers_csv().replace("01/05/2018,31/08/2018", "01/11/2018,20/12/2018"),
    );
    let t = agency(&dir, &[]);
    expect_cells(&t, &[(&["Total"], "converted", "1")]);
}

#[test]
fn match_on_another_column() {
    // National Insurance numbers instead of registrations.
    let add_ni = |text: &str, nis: &[(&str, &str)]| -> String {
        text.lines()
            .enumerate()
            .map(|(i, l)| {
                let id = l.split(',').next().unwrap();
                let ni = if i == 0 {
                    "NI Number"
                } else {
                    nis.iter().find(|(k, _)| *k == id).map_or("", |(_, v)| v)
                };
                format!("{l},{ni}\n")
            })
            .collect()
    };
    let dir = extracts(&[
        (
            "agency.csv",
            &add_ni(&agency_csv(), &[("W2", "QQ123456A"), ("W5", "QQ999999Z")]),
        ),
        (
            "payroll.csv",
            &add_ni(&payroll_csv(), &[("E5", "qq999999z")]),
        ),
    ]);
    // E5 (01/03/2018) is W5 (agency from 30/12/2017): converted by NI
    // number, though their registrations differ. W2's NI number is on
    // nobody's payroll row.
    let t = agency(&dir, &["--match", "ni_number"]);
    expect_cells(
        &t,
        &[
            (&["Adults"], "converted", "1"),
            (&["Children's"], "converted", "0"),
            (&["Total"], "converted", "1"),
        ],
    );
    // A --match column payroll lacks: a usage error naming the extract.
    let out = run(&[
        "agency",
        "--data",
        &dir.path().to_string_lossy(),
        "--match",
        "locality",
    ]);
    assert_eq!(out.status, 2, "{}", out.stderr);
    assert!(out.stderr.contains("--match locality"), "{}", out.stderr);
}

#[test]
fn without_registrations_converted_is_na() {
    let strip = |text: &str| -> String {
        text.lines()
            .map(|l| {
                let mut cells: Vec<&str> = l.split(',').collect();
                cells.pop();
                cells.join(",") + "\n"
            })
            .collect()
    };
    let dir = extracts(&[
        ("agency.csv", &strip(&agency_csv())),
        ("payroll.csv", &payroll_csv()),
    ]);
    let data = dir.path().to_string_lossy().into_owned();
    let doc = json(&["agency", "--data", &data, "--period", "2018"]);
    let total = doc["rows"].as_array().unwrap().last().unwrap().clone();
    assert!(total["converted"].is_null(), "{total}");
    assert_eq!(total["placements"], 9);
    assert!(
        notes(&doc)
            .iter()
            .any(|n| n.starts_with("converted is N/A: the agency extract has no registration")),
        "{:#?}",
        notes(&doc)
    );
    // No payroll at all: the same.
    let dir = extracts(&[("agency.csv", &agency_csv())]);
    let t = agency(&dir, &[]);
    expect_cells(
        &t,
        &[(&["Total"], "converted", ""), (&["Total"], "active", "5")],
    );
}

#[test]
fn without_a_covering_column_every_placement_covers_a_vacancy() {
    let dir = extracts(&[(
        "agency.csv",
        "Worker ID,Directorate,Job Title,Start Date,End Date,Hourly Rate\n\
         A1,Children's,Social Worker,01/01/2018,,£38\n\
         A1,Children's,Social Worker,01/01/2017,31/12/2017,£38\n\
         A2,Children's,Social Worker,01/06/2018,30/06/2018,£38\n",
    )]);
    // 2018: A1's running placement and A2's = 2 placements, 2 workers, both
    // covering (no covering column); active on 31/12/2018: A1, 1 FTE
    // (37 hours by default).
    let t = agency(&dir, &[]);
    expect_cells(
        &t,
        &[
            (&["Total"], "placements", "2"),
            (&["Total"], "workers", "2"),
            (&["Total"], "covering_vacancy", "2"),
            (&["Total"], "active", "1"),
            (&["Total"], "agency_fte", "1"),
        ],
    );
}

/// On the demo council, the placements active on the as-of date are the
/// agency FTE of `swr vacancies` (one rule for active placements), and the
/// converted workers are found in the CSV files and the workbook alike.
#[test]
fn demo_agrees_with_vacancies() {
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo");
    let data = demo.to_string_lossy().into_owned();
    let a = csv(&["agency", "--data", &data]);
    let v = csv(&["vacancies", "--data", &data]);
    for dir in [
        "Adult Social Care",
        "Children's Social Care",
        "Mental Health",
        "Older People Services",
        "Total",
    ] {
        assert_eq!(
            a.get(&[dir], "agency_fte"),
            v.get(&[dir], "agency_fte"),
            "{dir}"
        );
    }
    let converted: u32 = a.get(&["Total"], "converted").parse().unwrap();
    assert!(converted > 0, "the demo has agency workers who joined");
    let book = demo.join("council.xlsx").to_string_lossy().into_owned();
    let x = csv(&["agency", "--data", &book]);
    assert_eq!(x.rows, a.rows);
}

#[test]
fn match_takes_a_header_as_written() {
    let dir = cheshire_east();
    // "SWE Number" heads agency's registration: the default match.
    let written = agency(&dir, &["--match", "SWE Number"]);
    let default = agency(&dir, &[]);
    assert_eq!(written.rows, default.rows);
}

/// Issue 18, defect 19: a worker converted after placements in two
/// directorates showed converted 1 in each row and 1 in the Total, with no
/// note. SPEC 4: people count once in the Total, so the rows may add up to
/// more, and a note says how many people appear in more than one row.
/// W2 also has an Adults placement, 01/03/2018 to 30/04/2018 (covering a
/// vacancy), before joining payroll as E1 on 01/07/2018. 2018:
///   Adults: placements #5, #6, #7, #10 and W2's = 5; workers W4, W5, W6,
///   W9, W2 = 5; active 2 (W2's ended in April); covering_vacancy W4, W6,
///   W9, W2 = 4; converted W6, W9, W2 = 3.
///   Children's as before: 5 workers, covering_vacancy 3 (W1, W2, W7),
///   converted 1 (W2).
///   Total: 10 placements; workers W1-W7, W9, W10 = 9 (5 + 5 less W2 once);
///   covering_vacancy W1, W2, W4, W6, W7, W9 = 6 (4 + 3 less W2 once);
///   converted W2, W6, W9 = 3 (3 + 1 less W2 once).
/// One person (W2) in two rows in each of workers, covering_vacancy and
/// converted. Without W2's second placement no one is in two rows: no note.
#[test]
fn people_in_two_rows_count_once_in_the_total_with_a_note() {
    let dir = cheshire_east();
    let data = dir.path().to_string_lossy().into_owned();
    let args = ["agency", "--data", &data, "--period", "2018"];
    let note = |doc: &serde_json::Value| -> Vec<String> {
        notes(doc)
            .into_iter()
            .filter(|n| n.contains("more than one row"))
            .collect()
    };
    assert_eq!(note(&json(&args)), Vec::<String>::new());
    write(
        dir.path(),
        "agency.csv",
        &format!(
            "{}W2,Adults,Social Worker,01/03/2018,30/04/2018,37,£36.00,vacancy,SW1002\n",
            agency_csv()
        ),
    );
    let t = agency(&dir, &[]);
    let rows: [(&str, [&str; 7]); 3] = [
        ("Adults", ["5", "5", "2", "2", "4", "1", "3"]),
        ("Children's", ["5", "5", "3", "2.5", "3", "1", "1"]),
        ("Total", ["10", "9", "5", "4.5", "6", "2", "3"]),
    ];
    for (key, want) in rows {
        let cells: Vec<(&[&str], &str, &str)> = COLUMNS
            .iter()
            .zip(want)
            .map(|(c, w)| (std::slice::from_ref(&key), *c, w))
            .collect();
        expect_cells(&t, &cells);
    }
    let found = note(&json(&args));
    assert_eq!(found.len(), 1, "{found:?}");
    for part in ["workers 1", "covering_vacancy 1", "converted 1"] {
        assert!(found[0].contains(part), "{part}: {}", found[0]);
    }
}
