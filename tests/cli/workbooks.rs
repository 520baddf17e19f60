//! XLS (BIFF8) and XLSB (BIFF12) workbooks, read through calamine.
//!
//! fixtures/xls_leavers/leavers.xls (LibreOffice's own XLS, one sheet
//! `Report`) and fixtures/xlsb_leavers/leavers.xlsb (sheets `Summary`, then
//! `Leavers`) hold the same eight leavers: a title row and a blank row above
//! the header, alias headers, native date cells, the leave date of 30103 typed
//! as the text `30/07/2016`, FTEs 1, 0.8, 0.5 and 0.6, and one leaver
//! (30108, 31/07/2015) the day before the year. fixtures/make_xls_xlsb.py makes
//! them; the figures below are worked by hand in fixtures/EXPECTED.md section 5.
use crate::common::*;

const AS_OF: &str = "2016-07-31";

/// The same extract as CSV: header on row 1, dates as dd/mm/yyyy text.
const LEAVERS_CSV: &str = "\
Employee Number,Service,Position,Contracted FTE,Date Started,Termination Date,Reason for Leaving
30101,Adults,Social Worker,1,04/05/2010,29/07/2016,Retired
30102,Adults,Occupational Therapist,0.8,01/09/2014,01/08/2015,Better pay and conditions
30103,Children's,Social Worker,0.5,12/01/2015,30/07/2016,Better pay and conditions
30104,Children's,Senior Practitioner,1,03/03/2008,31/07/2016,Moving location
30105,Children's,Social Worker,0.6,15/06/2015,18/12/2015,Better pay and conditions
30106,Adults,Team Manager,1,07/01/2002,31/03/2016,Retired
30107,Children's,Social Worker,0.8,02/11/2015,26/02/2016,Moving location
30108,Children's,Social Worker,1,01/04/2013,31/07/2015,Retired
";

fn xls_folder() -> String {
    fixture("xls_leavers").to_str().unwrap().to_string()
}

fn xlsb_folder() -> String {
    fixture("xlsb_leavers").to_str().unwrap().to_string()
}

fn xlsb_file() -> String {
    fixture("xlsb_leavers")
        .join("leavers.xlsb")
        .to_str()
        .unwrap()
        .to_string()
}

/// Each workbook as the tests point swr at it: a label, then the options
/// that name the leavers extract.
fn workbooks() -> Vec<(&'static str, Vec<String>)> {
    vec![
        ("xls, --data", vec!["--data".into(), xls_folder()]),
        (
            "xlsb, --leavers #Leavers",
            vec!["--leavers".into(), format!("{}#Leavers", xlsb_file())],
        ),
    ]
}

/// `swr <command> <source> <extra>`.
fn args<'a>(command: &'a str, source: &'a [String], extra: &[&'a str]) -> Vec<&'a str> {
    let mut all = vec![command];
    all.extend(source.iter().map(String::as_str));
    all.extend_from_slice(extra);
    all
}

/// 7 leavers in the 12 months to 31/07/2016: Better pay 30102 (0.8, on
/// 01/08/2015, the first day), 30103 (0.5, the text date) and 30105 (0.6) =
/// 3, 1.9 FTE; Moving location 30104 (1, on 31/07/2016, the last day) and
/// 30107 (0.8) = 2, 1.8; Retired 30101 and 30106 = 2, 2 (30108 left the day
/// before the year). 3/7 = 42.9, 2/7 = 28.6; the tie at 2 is ordered by name.
#[test]
fn leavers_by_reason_as_worked_by_hand() {
    for (label, source) in workbooks() {
        let t = csv(&args("leavers", &source, &["--as-of", AS_OF]));
        assert_eq!(
            t.header,
            ["reason", "leavers", "leavers_fte", "share_pct"],
            "{label}"
        );
        assert_eq!(
            t.firsts(),
            [
                "Better pay and conditions",
                "Moving location",
                "Retired",
                "Total"
            ],
            "{label}"
        );
        expect_cells(
            &t,
            &[
                (&["Better pay and conditions"], "leavers", "3"),
                (&["Better pay and conditions"], "leavers_fte", "1.9"),
                (&["Better pay and conditions"], "share_pct", "42.9"),
                (&["Moving location"], "leavers", "2"),
                (&["Moving location"], "leavers_fte", "1.8"),
                (&["Moving location"], "share_pct", "28.6"),
                (&["Retired"], "leavers", "2"),
                (&["Retired"], "leavers_fte", "2"),
                (&["Retired"], "share_pct", "28.6"),
                (&["Total"], "leavers", "7"),
                (&["Total"], "leavers_fte", "5.7"),
                (&["Total"], "share_pct", "100.0"),
            ],
        );
    }
}

/// By directorate: Children's 30103, 30104, 30105, 30107 = 4 leavers,
/// 0.5 + 1 + 0.6 + 0.8 = 2.9 FTE, 57.1%; Adults 30101, 30102, 30106 = 3,
/// 2.8 FTE, 42.9%.
///
/// With under 2 years' service (start dates matter): 30102, 30103 (12/01/2015
/// to the text date 30/07/2016: 1 year), 30105 = Better pay 3, 1.9 FTE, 75.0%;
/// 30107 = Moving location 1, 0.8 FTE, 25.0%.
#[test]
fn leavers_by_directorate_and_short_service() {
    for (label, source) in workbooks() {
        let t = csv(&args(
            "leavers",
            &source,
            &["--as-of", AS_OF, "--by", "directorate"],
        ));
        assert_eq!(t.firsts(), ["Children's", "Adults", "Total"], "{label}");
        expect_cells(
            &t,
            &[
                (&["Children's"], "leavers", "4"),
                (&["Children's"], "leavers_fte", "2.9"),
                (&["Children's"], "share_pct", "57.1"),
                (&["Adults"], "leavers", "3"),
                (&["Adults"], "leavers_fte", "2.8"),
                (&["Adults"], "share_pct", "42.9"),
                (&["Total"], "leavers", "7"),
                (&["Total"], "leavers_fte", "5.7"),
            ],
        );
        let t = csv(&args(
            "leavers",
            &source,
            &["--as-of", AS_OF, "--service", "<2"],
        ));
        assert_eq!(
            t.firsts(),
            ["Better pay and conditions", "Moving location", "Total"],
            "{label}"
        );
        expect_cells(
            &t,
            &[
                (&["Better pay and conditions"], "leavers", "3"),
                (&["Better pay and conditions"], "leavers_fte", "1.9"),
                (&["Better pay and conditions"], "share_pct", "75.0"),
                (&["Moving location"], "leavers", "1"),
                (&["Moving location"], "leavers_fte", "0.8"),
                (&["Moving location"], "share_pct", "25.0"),
                (&["Total"], "leavers", "4"),
                (&["Total"], "leavers_fte", "2.7"),
            ],
        );
    }
}

/// The text date and the native date cells are both read as the days they
/// show: 30/07/2016 alone holds 30103 (the text cell); July 2016 holds 30101
/// (29/07, a date cell), 30103 and 30104 (31/07, a date cell). Without
/// --as-of the as-of date is the latest date in the extract, the date cell
/// 31/07/2016, and the notes count 4 of 7 leaving within two years.
#[test]
fn text_date_and_native_dates_both_read() {
    for (label, source) in workbooks() {
        let t = csv(&args(
            "leavers",
            &source,
            &["--period", "2016-07-30..2016-07-30"],
        ));
        assert_eq!(
            t.firsts(),
            ["Better pay and conditions", "Total"],
            "{label}"
        );
        assert_eq!(
            t.get(&["Better pay and conditions"], "leavers"),
            "1",
            "{label}"
        );
        assert_eq!(
            t.get(&["Better pay and conditions"], "leavers_fte"),
            "0.5",
            "{label}"
        );

        let t = csv(&args("leavers", &source, &["--period", "2016-07"]));
        expect_cells(
            &t,
            &[
                (&["Better pay and conditions"], "leavers", "1"),
                (&["Moving location"], "leavers", "1"),
                (&["Moving location"], "leavers_fte", "1"),
                (&["Retired"], "leavers", "1"),
                (&["Total"], "leavers", "3"),
                (&["Total"], "leavers_fte", "2.5"),
            ],
        );

        let doc = json(&args("leavers", &source, &[]));
        assert_eq!(doc["as_of"], "2016-07-31", "{label}");
        assert_eq!(doc["period"]["start"], "2015-08-01", "{label}");
        let notes = notes(&doc);
        assert!(
            notes
                .iter()
                .any(|n| n.contains("4 of 7 leavers in the period (57.1%)")),
            "{label}: {notes:?}"
        );
    }
}

/// Service bands of the leavers (start dates against leave dates): <1 30102,
/// 30105, 30107 = 3, 2.2 FTE; 1-2 30103 = 1, 0.5; 5-10 30101 (6 years),
/// 30104 (8) = 2, 2; 10+ 30106 (14) = 1, 1.
#[test]
fn leaver_cohorts_as_worked_by_hand() {
    for (label, source) in workbooks() {
        let t = csv(&args(
            "cohorts",
            &source,
            &["--of", "leavers", "--as-of", AS_OF],
        ));
        assert_eq!(
            t.firsts(),
            ["<1", "1-2", "2-5", "5-10", "10+", "Total"],
            "{label}"
        );
        expect_cells(
            &t,
            &[
                (&["<1"], "headcount", "3"),
                (&["<1"], "fte", "2.2"),
                (&["1-2"], "headcount", "1"),
                (&["1-2"], "fte", "0.5"),
                (&["2-5"], "headcount", "0"),
                (&["5-10"], "headcount", "2"),
                (&["5-10"], "fte", "2"),
                (&["10+"], "headcount", "1"),
                (&["10+"], "fte", "1"),
                (&["Total"], "headcount", "7"),
                (&["Total"], "fte", "5.7"),
            ],
        );
    }
}

/// Both workbooks give exactly the document (rows and notes) that the same
/// leavers written as CSV give, whatever the report.
#[test]
fn same_tables_as_the_same_data_in_csv() {
    let dir = extracts(&[("leavers.csv", LEAVERS_CSV)]);
    let csv_source = vec![
        "--data".to_string(),
        dir.path().to_str().unwrap().to_string(),
    ];
    let mut sources = workbooks();
    // The XLSB found in a folder: its sheet `Leavers` picked by the dataset's name.
    sources.push(("xlsb, --data", vec!["--data".into(), xlsb_folder()]));
    let runs: [(&str, &[&str]); 6] = [
        ("leavers", &["--as-of", AS_OF]),
        (
            "leavers",
            &["--as-of", AS_OF, "--by", "directorate,job_title"],
        ),
        ("leavers", &["--as-of", AS_OF, "--service", "<2"]),
        ("leavers", &["--period", "2016-07"]),
        ("leavers", &[]),
        ("cohorts", &["--of", "leavers", "--by", "directorate"]),
    ];
    for (command, extra) in runs {
        let want = json(&args(command, &csv_source, extra));
        assert!(
            !want["rows"].as_array().unwrap().is_empty(),
            "{command} {extra:?}: no rows"
        );
        for (label, source) in &sources {
            let got = json(&args(command, source, extra));
            assert_eq!(
                got, want,
                "{label}: swr {command} {extra:?} differs from the CSV"
            );
        }
    }
}

/// `swr check` finds the header on row 3 (below the title and the blank
/// row) and reads and loads all 8 rows, with nothing unreadable or suspicious.
#[test]
fn check_reports_rows_read_and_header_row() {
    let cases = [
        (
            "xls, --data",
            vec!["--data".to_string(), xls_folder()],
            "leavers.xls, sheet 'Report'",
        ),
        (
            "xlsb, --data",
            vec!["--data".to_string(), xlsb_folder()],
            "leavers.xlsb, sheet 'Leavers'",
        ),
        (
            "xlsb, --leavers #Leavers",
            vec!["--leavers".to_string(), format!("{}#Leavers", xlsb_file())],
            "leavers.xlsb, sheet 'Leavers'",
        ),
    ];
    for (label, source, file) in cases {
        let out = run(&args(
            "check",
            &source,
            &["--as-of", AS_OF, "--format", "json"],
        ));
        assert_eq!(out.status, 0, "{label}: {}", out.stderr);
        let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
        let rows: Vec<&serde_json::Value> = doc["rows"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["dataset"] == "leavers" && r["severity"] != "column")
            .collect();
        assert_eq!(rows.len(), 1, "{label}: only the summary: {rows:#?}");
        // Besides it, one row per header saying which column it became.
        let mapped = doc["rows"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["dataset"] == "leavers" && r["severity"] == "column")
            .count();
        assert_eq!(mapped, 7, "{label}: a row per header");
        let summary = rows[0];
        assert_eq!(summary["severity"], "summary", "{label}");
        assert!(
            summary["file"].as_str().unwrap().ends_with(file),
            "{label}: {}",
            summary["file"]
        );
        let problem = summary["problem"].as_str().unwrap();
        for part in [
            "header on row 3,",
            " 8 rows read,",
            " 8 loaded,",
            " 0 blank,",
            " 0 with unreadable values,",
            " 0 warnings",
        ] {
            assert!(
                problem.contains(part),
                "{label}: want '{part}' in '{problem}'"
            );
        }
    }
}

/// The XLSB's leavers are on its second sheet: picked by the dataset's name
/// without `#Sheet`, or by `#Sheet` in any case; an unknown sheet is refused
/// listing the sheets, and the first sheet (a summary table) is no leavers
/// extract. The XLS's only sheet, `Report`, is read without being named.
#[test]
fn sheet_picking() {
    let file = xlsb_file();
    for spec in [
        file.clone(),
        format!("{file}#Leavers"),
        format!("{file}#leavers"),
    ] {
        let t = csv(&["leavers", "--leavers", &spec, "--as-of", AS_OF]);
        assert_eq!(t.get(&["Total"], "leavers"), "7", "{spec}");
    }

    let out = run(&[
        "leavers",
        "--leavers",
        &format!("{file}#Starters"),
        "--as-of",
        AS_OF,
    ]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("no sheet 'Starters'; the sheets are 'Summary', 'Leavers'"),
        "{}",
        out.stderr
    );

    let out = run(&[
        "leavers",
        "--leavers",
        &format!("{file}#Summary"),
        "--as-of",
        AS_OF,
    ]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("sheet 'Summary'") && out.stderr.contains("leave_date"),
        "{}",
        out.stderr
    );

    let xls = fixture("xls_leavers").join("leavers.xls");
    let t = csv(&[
        "leavers",
        "--leavers",
        xls.to_str().unwrap(),
        "--as-of",
        AS_OF,
    ]);
    assert_eq!(t.get(&["Total"], "leavers"), "7");
    let t = csv(&[
        "leavers",
        "--leavers",
        &format!("{}#Report", xls.display()),
        "--as-of",
        AS_OF,
    ]);
    assert_eq!(t.get(&["Total"], "leavers"), "7");
}

/// The demo council as an XLS (fixtures/xls_council/council.xls, made from
/// examples/demo/council.xlsx by `soffice --headless --convert-to xls:"MS
/// Excel 97"`): a 227 KB compound file whose Workbook stream lies in regular
/// sectors (the leavers fixture's is in the mini stream), so swr's check of
/// its sector chains and cell positions walks both routes. Every report
/// gives the same document (rows and notes) from it as from the XLSX.
#[test]
fn the_demo_council_as_xls_gives_what_its_xlsx_gives() {
    let xls = fixture("xls_council").join("council.xls");
    let xlsx = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo/council.xlsx");
    for command in [
        "vacancies",
        "costs",
        "leavers",
        "turnover",
        "cohorts",
        "retention",
        "agency",
        "caseload",
        "absence",
        "census",
        "pay",
    ] {
        let want = json(&[command, "--data", xlsx.to_str().unwrap()]);
        assert!(
            !want["rows"].as_array().unwrap().is_empty(),
            "{command}: no rows"
        );
        let got = json(&[command, "--data", xls.to_str().unwrap()]);
        assert_eq!(got, want, "swr {command} differs between XLS and XLSX");
    }
}
