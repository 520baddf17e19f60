//! `swr leavers`: leavers in the period (SPEC section 2).
//!
//! Luton figures are the paper's (seeds/003, paras 14-22 and 32) as worked in
//! fixtures/EXPECTED.md section 3; small extracts are worked in comments.

use crate::common::{csv, expect_cells, fixture, json, Csv};
use std::fs;
use std::path::Path;

const COLUMNS: [&str; 6] = [
    "reason",
    "leavers",
    "leavers_fte",
    "share_pct",
    "exit_interviews",
    "exit_interview_pct",
];

fn luton() -> String {
    fixture("luton_leavers").to_string_lossy().into_owned()
}

/// `swr leavers --data fixtures/luton_leavers --as-of 2016-07-31 ...` (the
/// 12 months to then: 01/08/2015..31/07/2016).
fn luton_leavers(extra: &[&str]) -> Csv {
    let data = luton();
    let mut args = vec!["leavers", "--data", data.as_str(), "--as-of", "2016-07-31"];
    args.extend_from_slice(extra);
    csv(&args)
}

/// Assert the whole table, row by row in order.
fn expect_rows(t: &Csv, want: &[[&str; 6]]) {
    assert_eq!(t.header, COLUMNS);
    let got: Vec<Vec<&str>> = t
        .rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let want: Vec<Vec<&str>> = want.iter().map(|r| r.to_vec()).collect();
    assert_eq!(got, want);
}

#[test]
fn luton_childrens_leavers_by_reason() {
    // EXPECTED.md 3a (paper para 19): 26 leavers; most first, ties by name
    // ("To undertake" < "Too far" < "Travel": space sorts before letters).
    // Shares 5/26 = 19.2, 4/26 = 15.4, 3/26 = 11.5, 2/26 = 7.7, 1/26 = 3.8.
    // Row 40 (left 31/07/2015, the day before the year) is not counted.
    let t = luton_leavers(&["--by", "reason", "--where", "directorate=Children's"]);
    expect_rows(
        &t,
        &[
            ["Career – better opportunity", "5", "5", "19.2", "4", "80.0"],
            ["Dissatisfied with LBC", "4", "4", "15.4", "3", "75.0"],
            ["Childcare/family/carers", "3", "2.1", "11.5", "1", "33.3"],
            ["Moving location", "3", "3", "11.5", "0", "0.0"],
            ["Better pay and conditions", "2", "2", "7.7", "0", "0.0"],
            ["Dismissal", "2", "2", "7.7", "0", "0.0"],
            ["To become self-employed", "2", "2", "7.7", "1", "50.0"],
            ["Giving up work", "1", "1", "3.8", "0", "0.0"],
            ["Retired", "1", "1", "3.8", "0", "0.0"],
            [
                "To undertake full time study",
                "1",
                "0.6",
                "3.8",
                "0",
                "0.0",
            ],
            ["Too far to travel", "1", "1", "3.8", "1", "100.0"],
            ["Travel abroad /emigrating", "1", "1", "3.8", "0", "0.0"],
            // 10 exit interviews of 26 = 38.46%
            ["Total", "26", "24.7", "100.0", "10", "38.5"],
        ],
    );
}

#[test]
fn default_by_is_reason_and_the_dates_default_from_the_extract() {
    // EXPECTED.md section 3: with --period 2015-08-01..2016-07-31, or with no
    // dates at all (as-of = latest date in the extract, 31/07/2016, and the
    // 12 months to then), the table is the same. --by left out: by reason.
    let data = luton();
    let explicit = csv(&[
        "leavers",
        "--data",
        &data,
        "--where",
        "directorate=Children's",
        "--period",
        "2015-08-01..2016-07-31",
    ]);
    let implicit = csv(&[
        "leavers",
        "--data",
        &data,
        "--where",
        "directorate=Children's",
    ]);
    for t in [&explicit, &implicit] {
        assert_eq!(t.header[0], "reason");
        expect_cells(
            t,
            &[
                (&["Career – better opportunity"], "leavers", "5"),
                (&["Total"], "leavers", "26"),
                (&["Total"], "exit_interviews", "10"),
            ],
        );
    }
    assert_eq!(explicit.rows, implicit.rows);
}

#[test]
fn luton_adults_by_reason() {
    // EXPECTED.md 3d (paper para 14): 9 leavers; 2/9 = 22.2, 1/9 = 11.1.
    let t = luton_leavers(&["--by", "reason", "--where", "directorate=Adults"]);
    expect_rows(
        &t,
        &[
            ["Better pay and conditions", "2", "2", "22.2", "1", "50.0"],
            ["Dissatisfied with LBC", "2", "2", "22.2", "1", "50.0"],
            ["Retired", "2", "1.1", "22.2", "0", "0.0"],
            ["To become self-employed", "2", "2", "22.2", "0", "0.0"],
            [
                "Career – better opportunity",
                "1",
                "0.8",
                "11.1",
                "1",
                "100.0",
            ],
            ["Total", "9", "7.9", "100.0", "3", "33.3"],
        ],
    );
}

#[test]
fn luton_childrens_under_two_years_service() {
    // EXPECTED.md 3b, the paper's second table: 12 leavers with under 2 years.
    // 4/12 = 33.3, 2/12 = 16.7, 1/12 = 8.3; exit interviews 6 of 12.
    let t = luton_leavers(&[
        "--by",
        "reason",
        "--where",
        "directorate=Children's",
        "--service",
        "<2",
    ]);
    expect_rows(
        &t,
        &[
            ["Dissatisfied with LBC", "4", "4", "33.3", "3", "75.0"],
            ["Childcare/family/carers", "2", "1.3", "16.7", "0", "0.0"],
            ["To become self-employed", "2", "2", "16.7", "1", "50.0"],
            ["Better pay and conditions", "1", "1", "8.3", "0", "0.0"],
            ["Career – better opportunity", "1", "1", "8.3", "1", "100.0"],
            ["Moving location", "1", "1", "8.3", "0", "0.0"],
            ["Too far to travel", "1", "1", "8.3", "1", "100.0"],
            ["Total", "12", "11.3", "100.0", "6", "50.0"],
        ],
    );
}

#[test]
fn service_band_boundaries() {
    // Children's years (EXPECTED.md row table): 0 x8, 1 x4, 2,2,3,3,4,4,2,3,
    // 6, 8, 22, 12, 10, 14. `2-5` = 8 (rows 26-33, including row 26 with
    // exactly two years); `10+` = 4 (22, 12, 10, 14; row 38 exactly ten).
    let t = luton_leavers(&[
        "--by",
        "directorate",
        "--where",
        "directorate=Children's",
        "--service",
        "2-5",
    ]);
    expect_cells(
        &t,
        &[
            (&["Children's"], "leavers", "8"),
            (&["Total"], "leavers", "8"),
        ],
    );
    let t = luton_leavers(&[
        "--by",
        "directorate",
        "--where",
        "directorate=Children's",
        "--service",
        "10+",
    ]);
    expect_cells(
        &t,
        &[
            (&["Children's"], "leavers", "4"),
            (&["Total"], "leavers", "4"),
        ],
    );
}

#[test]
fn luton_top_three_keeps_the_tie_and_folds_the_rest() {
    // EXPECTED.md 3c: third place is a tie at 3, so 4 rows stay; All other =
    // 26 - 5 - 4 - 3 - 3 = 11 (FTE 24.7 - 14.1 = 10.6, 11/26 = 42.3, exit
    // interviews 10 - 8 = 2, 2/11 = 18.2); the Total still counts all 26.
    let t = luton_leavers(&[
        "--by",
        "reason",
        "--where",
        "directorate=Children's",
        "--top",
        "3",
    ]);
    expect_rows(
        &t,
        &[
            ["Career – better opportunity", "5", "5", "19.2", "4", "80.0"],
            ["Dissatisfied with LBC", "4", "4", "15.4", "3", "75.0"],
            ["Childcare/family/carers", "3", "2.1", "11.5", "1", "33.3"],
            ["Moving location", "3", "3", "11.5", "0", "0.0"],
            ["All other", "11", "10.6", "42.3", "2", "18.2"],
            ["Total", "26", "24.7", "100.0", "10", "38.5"],
        ],
    );
}

#[test]
fn luton_exit_interview_return_rate_by_directorate() {
    // EXPECTED.md 3e (paper para 22): "13 ... or 37%": 13 / 35 = 37.14.
    // Shares 26/35 = 74.3, 9/35 = 25.7. Blank Exit Interview counts as no.
    let t = luton_leavers(&["--by", "directorate"]);
    assert_eq!(t.header[0], "directorate");
    assert_eq!(
        t.firsts(),
        ["Children's", "Adults", "Total"],
        "most leavers first"
    );
    expect_cells(
        &t,
        &[
            (&["Children's"], "leavers", "26"),
            (&["Children's"], "leavers_fte", "24.7"),
            (&["Children's"], "share_pct", "74.3"),
            (&["Children's"], "exit_interviews", "10"),
            (&["Children's"], "exit_interview_pct", "38.5"),
            (&["Adults"], "leavers", "9"),
            (&["Adults"], "leavers_fte", "7.9"),
            (&["Adults"], "share_pct", "25.7"),
            (&["Adults"], "exit_interviews", "3"),
            (&["Adults"], "exit_interview_pct", "33.3"),
            (&["Total"], "leavers", "35"),
            (&["Total"], "leavers_fte", "32.6"),
            (&["Total"], "share_pct", "100.0"),
            (&["Total"], "exit_interviews", "13"),
            (&["Total"], "exit_interview_pct", "37.1"),
        ],
    );
}

#[test]
fn note_gives_twelve_of_twenty_six_within_two_years() {
    // Paper para 32: 46% of children's leavers left within two years;
    // EXPECTED.md 3g: 12 of 26 (46.2%).
    let data = luton();
    let doc = json(&[
        "leavers",
        "--data",
        &data,
        "--as-of",
        "2016-07-31",
        "--by",
        "reason",
        "--where",
        "directorate=Children's",
    ]);
    let notes: Vec<&str> = doc["notes"]
        .as_array()
        .expect("notes")
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("12 of 26") && n.contains("two years")),
        "expected a note '12 of 26 ... two years', got {notes:#?}"
    );
    assert_eq!(doc["as_of"], "2016-07-31");
    assert_eq!(doc["period"]["start"], "2015-08-01");
    assert_eq!(doc["period"]["end"], "2016-07-31");
}

/// A small leavers extract with i-Trent style raw reason codes.
/// Period 01/08/2015..31/07/2016.
///   E1 leaves 15/06/2016  Resignation - Better Pay       1
///   E2 leaves 20/05/2016  Resignation - Pay              0.5
///   E3 leaves 10/10/2015  Resignation - Relocation       1
///   E4 leaves 31/07/2016  Retirement (the last day)      0.6
///   E5 leaves 01/08/2016  Resignation - Pay (the day after)  1
///   E6 leaves 31/07/2015  Retirement (the day before)    1
fn small_extract(toml: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p: &Path = dir.path();
    fs::write(
        p.join("leavers.csv"),
        "Employee Number,Directorate,Post Title,FTE,Start Date,Leaving Date,Reason for Leaving\n\
         E1,Children's,Social Worker,1,01/01/2010,15/06/2016,Resignation - Better Pay\n\
         E2,Children's,Social Worker,0.5,01/01/2012,20/05/2016,Resignation - Pay\n\
         E3,Children's,Social Worker,1,01/03/2014,10/10/2015,Resignation - Relocation\n\
         E4,Children's,Team Manager,0.6,01/09/1990,31/07/2016,Retirement\n\
         E5,Children's,Social Worker,1,01/02/2013,01/08/2016,Resignation - Pay\n\
         E6,Children's,Team Manager,1,01/09/1991,31/07/2015,Retirement\n",
    )
    .unwrap();
    if let Some(text) = toml {
        fs::write(p.join("swr.toml"), text).unwrap();
    }
    dir
}

#[test]
fn reasons_are_folded_by_swr_toml() {
    let dir = small_extract(Some(
        "[reasons]\n\
         \"Resignation - Better Pay\" = \"Better pay and conditions\"\n\
         \"Resignation - Pay\" = \"Better pay and conditions\"\n\
         \"Resignation - Relocation\" = \"Moving location\"\n",
    ));
    let data = dir.path().to_string_lossy().into_owned();
    let t = csv(&[
        "leavers",
        "--data",
        &data,
        "--period",
        "2015-08-01..2016-07-31",
    ]);
    // In the period: E1, E2 (Better pay), E3 (Moving location), E4 (Retirement,
    // not in the table, so kept as written). E5 and E6 fall outside.
    // Better pay 2 (1 + 0.5 = 1.5 FTE, 2/4 = 50.0); then the ties at 1 by name.
    // No Exit Interview column, so no exit_interview columns.
    assert_eq!(t.header, ["reason", "leavers", "leavers_fte", "share_pct"]);
    let got: Vec<Vec<&str>> = t
        .rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    assert_eq!(
        got,
        [
            vec!["Better pay and conditions", "2", "1.5", "50.0"],
            vec!["Moving location", "1", "1", "25.0"],
            vec!["Retirement", "1", "0.6", "25.0"],
            vec!["Total", "4", "3.1", "100.0"],
        ]
    );
}

#[test]
fn without_reasons_table_raw_codes_are_kept() {
    let dir = small_extract(None);
    let data = dir.path().to_string_lossy().into_owned();
    let t = csv(&[
        "leavers",
        "--data",
        &data,
        "--period",
        "2015-08-01..2016-07-31",
    ]);
    // Four rows of one each, by name; then Total 4.
    assert_eq!(
        t.firsts(),
        [
            "Resignation - Better Pay",
            "Resignation - Pay",
            "Resignation - Relocation",
            "Retirement",
            "Total"
        ]
    );
    expect_cells(
        &t,
        &[
            (&["Total"], "leavers", "4"),
            (&["Resignation - Pay"], "leavers", "1"),
        ],
    );
}

#[test]
fn leaver_on_the_last_day_counts_and_the_day_after_does_not() {
    let dir = small_extract(None);
    let data = dir.path().to_string_lossy().into_owned();
    let t = csv(&[
        "leavers",
        "--data",
        &data,
        "--by",
        "job_title",
        "--period",
        "2015-08-01..2016-07-31",
    ]);
    // Team Manager: E4 (31/07/2016, the last day) counts; E6 (31/07/2015, the
    // day before the period) does not. Social Worker: E1, E2, E3; E5
    // (01/08/2016, the day after) does not.
    expect_cells(
        &t,
        &[
            (&["Team Manager"], "leavers", "1"),
            (&["Team Manager"], "leavers_fte", "0.6"),
            (&["Social Worker"], "leavers", "3"),
            (&["Social Worker"], "leavers_fte", "2.5"),
            (&["Total"], "leavers", "4"),
        ],
    );
    // A period ending one day earlier (30/07/2016) leaves E4 out: leaving the
    // day after the period's last day is not leaving in it.
    let t = csv(&[
        "leavers",
        "--data",
        &data,
        "--by",
        "job_title",
        "--period",
        "2015-08-01..2016-07-30",
    ]);
    expect_cells(
        &t,
        &[
            (&["Social Worker"], "leavers", "3"),
            (&["Total"], "leavers", "3"),
        ],
    );
    assert!(!t.firsts().contains(&"Team Manager"), "{:#?}", t.rows);
    // A period starting one day earlier (31/07/2015) takes E6 in: leaving on
    // the first day counts. E4 and E6 are Team Managers: 0.6 + 1 = 1.6 FTE.
    let t = csv(&[
        "leavers",
        "--data",
        &data,
        "--by",
        "job_title",
        "--period",
        "2015-07-31..2016-07-31",
    ]);
    expect_cells(
        &t,
        &[
            (&["Team Manager"], "leavers", "2"),
            (&["Team Manager"], "leavers_fte", "1.6"),
            (&["Social Worker"], "leavers", "3"),
            (&["Total"], "leavers", "5"),
        ],
    );
}
