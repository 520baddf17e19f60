//! `swr movements`: who moved between two payroll snapshots (SPEC section 5).
//!
//! Cheshire East's strategy (seeds/002, "Measuring Success") counts the
//! "Number of ASYE progressing to Grade 9 during 2018" and the "Number of
//! Grade 9 Social Worker progressing to Grade 10 and Advanced Practitioner",
//! on its career path ASYE -> Grade 9 -> Grade 10 -> Advanced Practitioner ->
//! Team Manager. The paper gives no counts; the fixture below is a team of
//! 14 at 31/12/2017 and 15 at 31/12/2018, every movement worked out by hand.

use crate::common::{csv, expect_cells, extracts, fixture, json, notes, run, write, Csv};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::path::Path;

const CSC: &str = "Children's Social Care";
const PS: &str = "Prevention and Support";

/// `fixtures/cheshire_east_grades/payroll_2017.csv`, the earlier snapshot,
/// 31/12/2017: ASYEs E01-E06, Grade 9 social workers E07-E11, E12 a Grade
/// 10 senior practitioner, E13 the team manager (Children's Social Care), and
/// E14 a Grade 7 family worker in Prevention and Support.
fn dec_2017() -> String {
    read("payroll_2017.csv")
}

/// `payroll.csv`, the later snapshot, 31/12/2018, with what changed for each
/// person:
/// - E01-E04 ASYE -> Grade 9 (promotions); E05 still ASYE, fte 0.6 -> 0.8;
///   E06 left.
/// - E07 Grade 9 -> Grade 10 and Senior Practitioner; E08 -> Advanced
///   Practitioner (job and grade); E09 moved team; E10's grade is blank;
///   E11 left.
/// - E12 holds two half-time posts (one person, fte 1 as before); E13 as was.
/// - E14 qualified: Family Worker, Grade 7 in Prevention and Support ->
///   Social Worker, ASYE in Children's (a transfer, a job change, and a
///   promotion in [grades] order).
/// - Joiners: J1 (ASYE), J2 (Grade 9) in Children's, J3 in Prevention.
fn payroll_2018() -> String {
    read("payroll.csv")
}

/// `swr.toml`: `[grades] order` from Grade 7 to Team Manager.
fn swr_toml() -> String {
    read("swr.toml")
}

/// A file of `fixtures/cheshire_east_grades`.
fn read(name: &str) -> String {
    std::fs::read_to_string(fixture("cheshire_east_grades").join(name)).expect("fixture")
}

/// A copy of the fixture, to change: the 2018 payroll, the 2017 one beside
/// it, and swr.toml.
fn cheshire_east() -> tempfile::TempDir {
    extracts(&[
        ("payroll.csv", &payroll_2018()),
        ("payroll_2017.csv", &dec_2017()),
        ("swr.toml", &swr_toml()),
    ])
}

fn path(dir: &tempfile::TempDir, name: &str) -> String {
    dir.path().join(name).to_string_lossy().into_owned()
}

fn movements(dir: &tempfile::TempDir, from: &str, extra: &[&str]) -> Csv {
    let data = dir.path().to_string_lossy().into_owned();
    let mut args = vec!["movements", "--data", data.as_str(), "--from", from];
    args.extend_from_slice(extra);
    csv(&args)
}

const COLUMNS: [&str; 10] = [
    "in_from",
    "in_to",
    "joined",
    "left",
    "stayed",
    "grade_changes",
    "promotions",
    "transfers",
    "job_changes",
    "fte_changes",
];

/// By directorate in the earlier snapshot (the later one for joiners):
/// Children's: E01-E13 = 13; left E06, E11 = 2; stayed 11; joined J1, J2 =
///   2; in_to 11 + 2 = 13. Grade changes: E01-E04, E07, E08 = 6 (E10's blank
///   grade is not a change); all 6 up the [grades] order. Transfers: E09
///   (team) = 1 (E12's main row is its first, in the same team). Job
///   changes: E07, E08 = 2. FTE changes: E05 = 1 (E12: 0.5 + 0.5 = 1).
/// Prevention and Support: E14 = 1, stayed (now in Children's: a transfer,
///   a job change, Grade 7 -> ASYE a promotion); joined J3; in_to 2.
/// Total: 14 -> 15 people; 3 joined, 2 left, 12 stayed; 7 grade changes, 7
///   promotions, 2 transfers, 3 job changes, 1 FTE change.
fn expect_by_directorate(t: &Csv) {
    assert_eq!(t.header[0], "directorate");
    assert_eq!(&t.header[1..], &COLUMNS[..]);
    assert_eq!(t.firsts(), [CSC, PS, "Total"]);
    let rows: [(&str, [&str; 10]); 3] = [
        (CSC, ["13", "13", "2", "2", "11", "6", "6", "1", "2", "1"]),
        (PS, ["1", "2", "1", "0", "1", "1", "1", "1", "1", "0"]),
        (
            "Total",
            ["14", "15", "3", "2", "12", "7", "7", "2", "3", "1"],
        ),
    ];
    for (key, want) in rows {
        let cells: Vec<(&[&str], &str, &str)> = COLUMNS
            .iter()
            .zip(want)
            .map(|(c, w)| (std::slice::from_ref(&key), *c, w))
            .collect();
        expect_cells(t, &cells);
    }
}

#[test]
fn cheshire_east_2018_by_directorate() {
    let dir = cheshire_east();
    let t = movements(&dir, &path(&dir, "payroll_2017.csv"), &[]);
    expect_by_directorate(&t);
}

#[test]
fn cheshire_east_asye_to_grade_9_matrix() {
    let dir = cheshire_east();
    let t = movements(
        &dir,
        &path(&dir, "payroll_2017.csv"),
        &["--matrix", "grade"],
    );
    // Columns in [grades] order, the blank grade last, then left and Total.
    assert_eq!(
        t.header,
        [
            "grade",
            "Grade 7",
            "ASYE",
            "Grade 9",
            "Grade 10",
            "Advanced Practitioner",
            "Team Manager",
            "(blank)",
            "left",
            "Total"
        ]
    );
    assert_eq!(
        t.firsts(),
        [
            "Grade 7",
            "ASYE",
            "Grade 9",
            "Grade 10",
            "Team Manager",
            "joined",
            "Total"
        ]
    );
    let row = |k: &str| -> Vec<&str> { t.row(&[k])[1..].iter().map(String::as_str).collect() };
    // "Number of ASYE progressing to Grade 9 during 2018": E01-E04 = 4; E05
    // stays ASYE; E06 left. "Grade 9 progressing to Grade 10 and Advanced
    // Practitioner": E07 and E08, 1 + 1; E09 stays; E10's grade is blank;
    // E11 left. (E04's later grade is written "grade 9": the same grade.)
    assert_eq!(row("ASYE"), ["0", "1", "4", "0", "0", "0", "0", "1", "6"]);
    assert_eq!(
        row("Grade 9"),
        ["0", "0", "1", "1", "1", "0", "1", "1", "5"]
    );
    assert_eq!(
        row("Grade 7"),
        ["0", "1", "0", "0", "0", "0", "0", "0", "1"]
    );
    assert_eq!(
        row("Grade 10"),
        ["0", "0", "0", "1", "0", "0", "0", "0", "1"]
    );
    assert_eq!(
        row("Team Manager"),
        ["0", "0", "0", "0", "0", "1", "0", "0", "1"]
    );
    assert_eq!(row("joined"), ["1", "1", "1", "0", "0", "0", "0", "0", "3"]);
    // Each column's people in 2018 (stayers and joiners), all who left, and
    // everyone in either snapshot: 14 + 3 = 17.
    assert_eq!(row("Total"), ["1", "3", "6", "2", "1", "1", "1", "2", "17"]);
}

#[test]
fn natural_order_without_grades_counts_only_comparable_promotions() {
    let dir = cheshire_east();
    write(dir.path(), "empty.toml", "");
    let config = path(&dir, "empty.toml");
    let doc = json(&[
        "movements",
        "--data",
        &dir.path().to_string_lossy(),
        "--from",
        &path(&dir, "payroll_2017.csv"),
        "--config",
        &config,
    ]);
    let total = doc["rows"].as_array().unwrap().last().unwrap().clone();
    // Still 7 grade changes; only Grade 9 -> Grade 10 (E07) is ordered by
    // its number. ASYE -> Grade 9 (4), Grade 9 -> Advanced Practitioner and
    // Grade 7 -> ASYE cannot be ordered: 6 noted, none counted.
    assert_eq!(total["grade_changes"], 7);
    assert_eq!(total["promotions"], 1);
    let n = notes(&doc);
    assert!(
        n.iter()
            .any(|x| x.starts_with("6 grade changes between grades that cannot be ordered")),
        "{n:#?}"
    );
    assert!(
        n.iter()
            .any(|x| x.starts_with("1 person in both snapshots has a blank grade")),
        "{n:#?}"
    );
}

/// `--where` keeps the people whose earlier rows (later, for joiners) it
/// matches, as `--by` groups them (SPEC 4, the partition rule): E14 was in
/// Prevention and Support in 2017 and moved to Children's in 2018, so E14
/// is a transfer of Prevention and Support, not a joiner of Children's.
/// Children's: in_from 13, in_to 13, joined J1 and J2 = 2, left 2,
/// promotions 6, as its row of `--by directorate` (EXPECTED.md section 8).
#[test]
fn where_keeps_the_people_by_groups() {
    let dir = cheshire_east();
    let t = movements(
        &dir,
        &path(&dir, "payroll_2017.csv"),
        &["--where", "directorate=Children's Social Care"],
    );
    assert_eq!(t.firsts(), [CSC, "Total"]);
    expect_cells(
        &t,
        &[
            (&["Total"], "in_from", "13"),
            (&["Total"], "in_to", "13"),
            (&["Total"], "joined", "2"),
            (&["Total"], "left", "2"),
            (&["Total"], "promotions", "6"),
        ],
    );
    let by = movements(&dir, &path(&dir, "payroll_2017.csv"), &[]);
    for c in [
        "in_from",
        "in_to",
        "joined",
        "left",
        "stayed",
        "promotions",
        "transfers",
    ] {
        assert_eq!(t.get(&["Total"], c), by.get(&[CSC], c), "{c}");
    }
}

/// The 2017 snapshot as an HR system's workbook: a title row, a blank row,
/// alias headers, native dates, sheet "Dec 2017".
fn dec_2017_workbook(path: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Dec 2017").unwrap();
    ws.write_string(0, 0, "Cheshire East Council - staff in post at 31/12/2017")
        .unwrap();
    let header = [
        "Staff Number",
        "Department",
        "Team Name",
        "Position",
        "Pay Grade",
        "WTE",
        "Date Joined",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (i, line) in dec_2017().lines().skip(1).enumerate() {
        let r: Vec<&str> = line.split(',').collect();
        let row = 3 + i as u32;
        for c in 0..5 {
            ws.write_string(row, c, r[c as usize]).unwrap();
        }
        ws.write_number(row, 5, r[5].parse::<f64>().unwrap())
            .unwrap();
        let d: Vec<u16> = r[6].split('/').map(|x| x.parse().unwrap()).collect();
        let dt = ExcelDateTime::from_ymd(d[2], d[1] as u8, d[0] as u8).unwrap();
        ws.write_datetime_with_format(row, 6, &dt, &date).unwrap();
    }
    wb.save(path).unwrap();
}

#[test]
fn the_earlier_snapshot_as_a_workbook_sheet_gives_the_same_table() {
    let dir = cheshire_east();
    let book = dir.path().join("hr_2017.xlsx");
    dec_2017_workbook(&book);
    let from = format!("{}#Dec 2017", book.to_string_lossy());
    let t = movements(&dir, &from, &[]);
    expect_by_directorate(&t);
    let csv_matrix = movements(
        &dir,
        &path(&dir, "payroll_2017.csv"),
        &["--matrix", "grade"],
    );
    let xlsx_matrix = movements(&dir, &from, &["--matrix", "grade"]);
    assert_eq!(csv_matrix.rows, xlsx_matrix.rows);
    // --to names the later one explicitly (here, outside any --data folder).
    let elsewhere = extracts(&[("hr_2018.csv", &payroll_2018()), ("swr.toml", &swr_toml())]);
    let to = path(&elsewhere, "hr_2018.csv");
    let config = path(&elsewhere, "swr.toml");
    let t = csv(&[
        "movements",
        "--from",
        &from,
        "--to",
        &to,
        "--config",
        &config,
    ]);
    expect_by_directorate(&t);
}

#[test]
fn without_grades_in_a_snapshot_grade_figures_are_na() {
    let dir = cheshire_east();
    // The 2018 snapshot without its Grade column.
    let no_grade: String = payroll_2018()
        .lines()
        .map(|l| {
            let mut cells: Vec<&str> = l.split(',').collect();
            cells.remove(4);
            cells.join(",") + "\n"
        })
        .collect();
    write(dir.path(), "payroll.csv", &no_grade);
    let t = movements(&dir, &path(&dir, "payroll_2017.csv"), &[]);
    expect_cells(
        &t,
        &[
            (&["Total"], "grade_changes", ""),
            (&["Total"], "promotions", ""),
            (&["Total"], "stayed", "12"),
            (&["Total"], "transfers", "2"),
        ],
    );
    // A cross-tab of grades needs them in both: a usage error naming the file.
    let out = run(&[
        "movements",
        "--data",
        &dir.path().to_string_lossy(),
        "--from",
        &path(&dir, "payroll_2017.csv"),
        "--matrix",
        "grade",
    ]);
    assert_eq!(out.status, 2, "{}", out.stderr);
    assert!(out.stderr.contains("payroll.csv"), "{}", out.stderr);
}

#[test]
fn usage_and_data_errors() {
    let dir = cheshire_east();
    let data = dir.path().to_string_lossy().into_owned();
    let from = path(&dir, "payroll_2017.csv");
    // --from is required.
    let out = run(&["movements", "--data", &data]);
    assert_eq!(out.status, 2, "{}", out.stderr);
    // --matrix sets the rows: --by with it is a usage error.
    let out = run(&[
        "movements",
        "--data",
        &data,
        "--from",
        &from,
        "--matrix",
        "grade",
        "--by",
        "team",
    ]);
    assert_eq!(out.status, 2, "{}", out.stderr);
    // A --from file that is not there: a data error naming it.
    let missing = path(&dir, "payroll_2016.csv");
    let out = run(&["movements", "--data", &data, "--from", &missing]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert!(out.stderr.contains("payroll_2016.csv"), "{}", out.stderr);
    // A bad date in the earlier snapshot names its file, row and column.
    write(
        dir.path(),
        "bad.csv",
        &dec_2017().replace("01/03/2015", "31/02/2015"),
    );
    let out = run(&[
        "movements",
        "--data",
        &data,
        "--from",
        &path(&dir, "bad.csv"),
    ]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("bad.csv") && out.stderr.contains("row 8"),
        "{}",
        out.stderr
    );
    // -o may not overwrite the snapshot it reads.
    let out = run(&["movements", "--data", &data, "--from", &from, "-o", &from]);
    assert_eq!(out.status, 2, "{}", out.stderr);
    // [grades] listing a grade twice is refused (a mistake in swr.toml is a
    // usage error).
    write(
        dir.path(),
        "swr.toml",
        "[grades]\norder = [\"Grade 9\", \"grade 9\"]\n",
    );
    let out = run(&["movements", "--data", &data, "--from", &from]);
    assert_eq!(out.status, 2, "{}", out.stderr);
    assert!(out.stderr.contains("listed twice"), "{}", out.stderr);
}

/// The demo council's two snapshots against the model's stock: the earlier
/// snapshot is the people in post on 30/09/2024 (turnover's opening stock),
/// the later one those in post now, and stayed / in_from is the stability
/// index.
#[test]
fn demo_snapshots_agree_with_turnover() {
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo");
    let data = demo.to_string_lossy().into_owned();
    let from = demo.join("payroll_2024.csv").to_string_lossy().into_owned();
    let m = csv(&["movements", "--data", &data, "--from", &from]);
    let t = csv(&[
        "turnover",
        "--data",
        &data,
        "--period",
        "2024-10-01..2025-09-30",
    ]);
    for dir in [
        "Adult Social Care",
        "Children's Social Care",
        "Mental Health",
        "Older People Services",
        "Total",
    ] {
        let get = |t: &Csv, c: &str| -> f64 { t.get(&[dir], c).parse().unwrap() };
        let (in_from, stayed) = (get(&m, "in_from"), get(&m, "stayed"));
        assert_eq!(get(&m, "in_to"), get(&t, "in_post"), "{dir}");
        let stability = (stayed / in_from * 1000.0).round() / 10.0;
        assert_eq!(stability, get(&t, "stability_pct"), "{dir}");
        // Starters who are still here joined; starters who left again are in
        // neither snapshot: leavers = left + (starters - joined).
        assert_eq!(
            get(&t, "leavers"),
            get(&m, "left") + get(&t, "starters") - get(&m, "joined"),
            "{dir}"
        );
    }
    // The earlier snapshot as a workbook sheet, the same table.
    let book = demo.join("council.xlsx").to_string_lossy().into_owned();
    let sheet = format!("{book}#Payroll 2024");
    let x = csv(&["movements", "--data", &book, "--from", &sheet]);
    assert_eq!(x.rows, m.rows);
}

/// A blank fte in either snapshot is a data error naming the cell (SPEC 4,
/// "Blank cells"; it was read as no change); a snapshot without an fte
/// column gives N/A FTE changes.
#[test]
fn fte_is_optional_and_a_blank_fte_is_refused() {
    let dir = cheshire_east();
    // E05's 2018 fte (the one FTE change) blank.
    write(
        dir.path(),
        "payroll.csv",
        &payroll_2018().replace("ASYE,0.8,06/11/2017", "ASYE,,06/11/2017"),
    );
    let from = path(&dir, "payroll_2017.csv");
    let data = dir.path().to_string_lossy().into_owned();
    let out = run(&["movements", "--data", &data, "--from", &from]);
    assert_eq!(out.status, 1, "{}", out.stdout);
    assert!(
        out.stderr.contains("payroll.csv, row") && out.stderr.contains("is blank; swr movements"),
        "{}",
        out.stderr
    );
    // The same blank in the earlier snapshot (--from).
    write(dir.path(), "payroll.csv", &payroll_2018());
    let first = dec_2017().lines().nth(1).unwrap().to_string();
    let mut cells: Vec<&str> = first.split(',').collect();
    cells[5] = "";
    write(
        dir.path(),
        "payroll_2017.csv",
        &dec_2017().replace(&first, &cells.join(",")),
    );
    let out = run(&["movements", "--data", &data, "--from", &from]);
    assert_eq!(out.status, 1, "{}", out.stdout);
    assert!(
        out.stderr.contains("payroll_2017.csv, row 2") && out.stderr.contains("is blank"),
        "{}",
        out.stderr
    );
    // The 2017 snapshot without an fte column: FTE changes N/A, the rest as before.
    let no_fte: String = dec_2017()
        .lines()
        .map(|l| {
            let mut cells: Vec<&str> = l.split(',').collect();
            cells.remove(5);
            cells.join(",") + "\n"
        })
        .collect();
    write(dir.path(), "payroll_2017.csv", &no_fte);
    write(dir.path(), "payroll.csv", &payroll_2018());
    let t = movements(&dir, &path(&dir, "payroll_2017.csv"), &[]);
    expect_cells(
        &t,
        &[
            (&["Total"], "fte_changes", ""),
            (&["Total"], "promotions", "7"),
            (&["Total"], "transfers", "2"),
        ],
    );
}

#[test]
fn compare_and_every_do_not_apply() {
    let dir = cheshire_east();
    let data = dir.path().to_string_lossy().into_owned();
    let from = path(&dir, "payroll_2017.csv");
    for extra in [["--compare", "2017"], ["--every", "quarter"]] {
        let mut args = vec!["movements", "--data", &data, "--from", &from];
        args.extend(extra);
        let out = run(&args);
        assert_eq!(out.status, 2, "{extra:?}: {}", out.stderr);
    }
}

#[test]
fn matrix_takes_a_header_as_written() {
    let dir = cheshire_east();
    let from = path(&dir, "payroll_2017.csv");
    // "Post Title" heads the 2018 job_title: the same cross-tab.
    let written = movements(&dir, &from, &["--matrix", "Post Title"]);
    let canonical = movements(&dir, &from, &["--matrix", "job_title"]);
    assert_eq!(written.header, canonical.header);
    assert_eq!(written.rows, canonical.rows);
}
