//! Text extracts as they arrive: stray quotes, old Mac line ends, files
//! that mix encodings, UTF-16, web pages saved as CSV, other separators.
use crate::common::*;
use std::path::Path;

fn demo() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo")
}

/// A copy of the demo council's four CSV files in a new folder.
fn demo_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in ["establishment", "payroll", "agency", "leavers"] {
        std::fs::copy(
            demo().join(format!("{f}.csv")),
            dir.path().join(format!("{f}.csv")),
        )
        .unwrap();
    }
    dir
}

fn json_of(out: &Output) -> serde_json::Value {
    assert_eq!(out.status, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap()
}

/// The summary line `swr check` gives for one dataset.
fn check_summary(dir: &Path, dataset: &str) -> String {
    let out = run(&["check", "--data", dir.to_str().unwrap(), "--format", "json"]);
    let j: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    j["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["dataset"] == dataset && r["severity"] == "summary")
        .unwrap_or_else(|| panic!("{}", out.stdout))["problem"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Issue 9, fault 8: one stray quote on row 10 of the demo establishment
/// once swallowed the 287 rows after it (Total 6.8 FTE instead of 271.9).
/// Now the command stops naming the row, `--skip-invalid` sets the
/// swallowed rows aside and says how many, and `swr check` counts them.
#[test]
fn a_stray_quote_that_swallows_rows_is_refused_and_counted() {
    let dir = demo_copy();
    let path = dir.path().join("establishment.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    // Row 10 is line index 9: a quote before its team name.
    let cells: Vec<&str> = lines[9].split(',').collect();
    let mut broken: Vec<String> = cells.iter().map(|s| s.to_string()).collect();
    broken[2] = format!("\"{}", broken[2]);
    lines[9] = broken.join(",");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    let d = dir.path().to_str().unwrap();

    let out = run(&["vacancies", "--data", d, "--format", "csv"]);
    assert_eq!(out.status, 1, "{}", out.stdout);
    assert!(
        out.stderr
            .contains("establishment.csv, row 10, column 'Team'"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("never closed"), "{}", out.stderr);

    // 296 data rows: row 10 and the 287 after it to the end of the file
    // (rows 10..297) are set aside, 8 are loaded.
    let summary = check_summary(dir.path(), "establishment");
    assert!(
        summary.contains("296 rows read, 8 loaded, 0 blank, 0 footer, 288 with unreadable values"),
        "{summary}"
    );
    let out = run(&[
        "vacancies",
        "--data",
        d,
        "--skip-invalid",
        "--format",
        "json",
    ]);
    let j = json_of(&out);
    assert!(
        j["notes"].to_string().contains("288 rows set aside"),
        "{}",
        j["notes"]
    );
}

/// A stray quote closed by another one further down takes in the lines in
/// between, which read like rows: refused, with the line count.
#[test]
fn a_stray_quote_closed_by_another_is_refused_too() {
    let dir = extracts(&[(
        "leavers.csv",
        "Employee ID,Directorate,Job Title,Start Date,Leave Date,Reason\n\
         1,Adults,\"SW,01/01/2015,15/07/2016,Retired\n\
         2,Adults,SW,01/01/2015,15/07/2016,Retired\n\
         3,Adults,SW,01/01/2015,15/07/2016,Moved\"\n\
         4,Adults,SW,01/01/2015,15/07/2016,Retired\n",
    )]);
    let out = run(&[
        "leavers",
        "--data",
        dir.path().to_str().unwrap(),
        "--as-of",
        "2016-07-31",
    ]);
    assert_eq!(out.status, 1, "{}", out.stdout);
    assert!(
        out.stderr.contains("row 2, column 'Job Title'")
            && out
                .stderr
                .contains("takes in the next 2 lines, 2 of which read like rows"),
        "{}",
        out.stderr
    );
    // A value with line breaks in it is not a stray quote.
    let dir = extracts(&[(
        "leavers.csv",
        "Employee ID,Directorate,Job Title,Start Date,Leave Date,Reason,Notes\n\
         1,Adults,SW,01/01/2015,15/07/2016,Retired,\"left a note\nover two lines, with a comma\"\n\
         2,Adults,SW,31/02/2015,15/07/2016,Retired,\n",
    )]);
    let out = run(&[
        "leavers",
        "--data",
        dir.path().to_str().unwrap(),
        "--as-of",
        "2016-07-31",
    ]);
    assert!(
        out.stderr.contains("row 4, column 'Start Date'"),
        "the value over two lines is one row, on lines 2-3: {}",
        out.stderr
    );
}

/// Issue 9, fault 9: old Mac files end lines with CR alone. Rows are
/// numbered by those lines and their empty lines count as blank rows.
#[test]
fn carriage_return_line_ends_number_rows_and_count_blank_ones() {
    let dir = extracts(&[(
        "leavers.csv",
        "Employee ID,Directorate,Job Title,Start Date,Leave Date,Reason\r1,A,B,01/01/2015,15/07/2016,R\r\r2,A,B,31/02/2015,15/07/2016,R\r",
    )]);
    let d = dir.path().to_str().unwrap();
    let out = run(&["leavers", "--data", d, "--as-of", "2016-07-31"]);
    assert_eq!(out.status, 1);
    assert!(
        out.stderr.contains("row 4, column 'Start Date'"),
        "{}",
        out.stderr
    );
    let summary = check_summary(dir.path(), "leavers");
    assert!(
        summary.contains("3 rows read, 1 loaded, 1 blank"),
        "{summary}"
    );
}

/// Issue 9, fault 10: one Windows-1252 byte (0x96, an en dash) in a file
/// that is UTF-8 elsewhere once turned `Children’s Services` into
/// `Childrenâ€™s Services`. Now that cell is refused by row and column, or
/// its row set aside, and the UTF-8 text stays as written.
#[test]
fn a_file_that_mixes_encodings_is_refused_at_the_stray_byte() {
    let mut bytes = "Employee ID,Directorate,Job Title,Start Date,Leave Date,Reason\n\
         1,Children’s Services,SW,01/01/2015,15/07/2016,Retired\n\
         2,Children’s Services,SW,01/01/2015,15/07/2016,Moved\n"
        .as_bytes()
        .to_vec();
    bytes.extend_from_slice(
        b"3,Children\x92s Services,SW,01/01/2015,15/07/2016,Career \x96 better job\n",
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("leavers.csv"), &bytes).unwrap();
    let d = dir.path().to_str().unwrap();
    let out = run(&[
        "leavers",
        "--data",
        d,
        "--as-of",
        "2016-07-31",
        "--by",
        "directorate",
    ]);
    assert_eq!(out.status, 1, "{}", out.stdout);
    assert!(
        out.stderr.contains("row 4, column 'Directorate'") && out.stderr.contains("not UTF-8"),
        "{}",
        out.stderr
    );
    let t = csv(&[
        "leavers",
        "--data",
        d,
        "--as-of",
        "2016-07-31",
        "--by",
        "directorate",
        "--skip-invalid",
    ]);
    assert_eq!(t.firsts(), ["Children’s Services", "Total"]);
    assert_eq!(t.get(&["Children’s Services"], "leavers"), "2");
    let summary = check_summary(dir.path(), "leavers");
    assert!(summary.contains("1 with unreadable values"), "{summary}");

    // A file with no UTF-8 at all is Windows-1252, read as such.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("leavers.csv"),
        b"Employee ID,Directorate,Job Title,Start Date,Leave Date,Reason\n1,Children\x92s Services,SW,01/01/2015,15/07/2016,Career \x96 better job\n",
    )
    .unwrap();
    let t = csv(&[
        "leavers",
        "--data",
        dir.path().to_str().unwrap(),
        "--as-of",
        "2016-07-31",
    ]);
    assert_eq!(t.firsts(), ["Career – better job", "Total"]);
}

/// Excel's "Unicode Text" is UTF-16 with a BOM and tabs between cells.
#[test]
fn utf16_text_is_read() {
    let text = "Employee ID\tDirectorate\tJob Title\tStart Date\tLeave Date\tReason\r\n1\tChildren’s\tSW\t01/01/2015\t15/07/2016\tRetired\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("leavers.txt"), &bytes).unwrap();
    let t = csv(&[
        "leavers",
        "--data",
        dir.path().to_str().unwrap(),
        "--as-of",
        "2016-07-31",
        "--by",
        "directorate",
    ]);
    assert_eq!(t.get(&["Children’s"], "leavers"), "1");
}

/// A web page saved with a spreadsheet's name is named for what it is.
#[test]
fn a_web_page_is_not_read_as_csv() {
    let dir = extracts(&[(
        "leavers.csv",
        "<!DOCTYPE html>\n<html><body><table><tr><td>Employee ID</td></tr></table></body></html>\n",
    )]);
    let out = run(&["leavers", "--data", dir.path().to_str().unwrap()]);
    assert_eq!(out.status, 1);
    assert!(
        out.stderr.contains("is a web page (HTML)"),
        "{}",
        out.stderr
    );
}

/// Semicolons (Excel's separator where the decimal mark is a comma) and
/// bars are found from the lines; swr.toml can name the separator.
#[test]
fn semicolon_and_bar_separators() {
    for sep in [";", "|"] {
        let body = "Employee ID,Directorate,Job Title,Start Date,Leave Date,Reason\n1,Adults,SW,01/01/2015,15/07/2016,Retired, early\n"
            .replace(',', sep)
            .replace(&format!("Retired{sep} early"), "Retired, early");
        let dir = extracts(&[("leavers.csv", &body)]);
        let t = csv(&[
            "leavers",
            "--data",
            dir.path().to_str().unwrap(),
            "--as-of",
            "2016-07-31",
        ]);
        assert_eq!(t.get(&["Retired, early"], "leavers"), "1", "{sep}");
    }
    // A title line with more commas than the header has semicolons would
    // mislead the sniffing: swr.toml settles it.
    let dir = extracts(&[
        (
            "leavers.csv",
            "Report, run 1, 2, 3, 4, 5, 6, 7\nEmployee ID;Directorate;Job Title;Start Date;Leave Date;Reason\n1;Adults;SW;01/01/2015;15/07/2016;Retired\n",
        ),
        ("swr.toml", "delimiter = \";\"\n"),
    ]);
    let t = csv(&[
        "leavers",
        "--data",
        dir.path().to_str().unwrap(),
        "--as-of",
        "2016-07-31",
    ]);
    assert_eq!(t.get(&["Retired"], "leavers"), "1");
}

/// A first line of ten megabytes of `a,a,a,...` is refused at once, with a
/// short message (the header search once took 76 s on it).
#[test]
fn a_huge_first_line_is_refused_quickly_with_a_short_message() {
    let line = "a,".repeat(5 << 20);
    let dir = extracts(&[("leavers.csv", &format!("{line}\n1,2\n"))]);
    let out = run(&["leavers", "--data", dir.path().to_str().unwrap()]);
    assert_eq!(out.status, 1);
    assert!(out.stderr.contains("no header row found"), "{}", out.stderr);
    assert!(out.stderr.len() < 2000, "{} bytes", out.stderr.len());
}

/// A comma inside an unquoted value moves every value after it: the row
/// has more values than the header line, and is refused by row (set aside
/// with --skip-invalid), never read into the wrong columns. Empty fields
/// past the header (a trailing comma) are nothing.
#[test]
fn a_row_shifted_by_an_unquoted_comma_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let leavers = "Employee ID,Directorate,Job Title,Start Date,Leave Date,Reason\n\
        1,Adults,Social Worker,01/01/2015,15/07/2016,Retired,,\n\
        2,Adults,Smith, John,01/01/2015,16/07/2016,Moved\n\
        3,Adults,Social Worker,01/01/2015,16/07/2016,Moved\n";
    std::fs::write(dir.path().join("leavers.csv"), leavers).unwrap();
    let d = dir.path().to_str().unwrap();
    let out = run(&["leavers", "--data", d, "--as-of", "2016-07-31"]);
    assert_eq!(out.status, 1);
    assert!(
        out.stderr.contains("leavers.csv, row 3, column 'value 7 (past the last header)': value 'Moved': the row has 7 values but the header line has 6"),
        "{}",
        out.stderr
    );
    let t = csv(&[
        "leavers",
        "--data",
        d,
        "--as-of",
        "2016-07-31",
        "--skip-invalid",
    ]);
    assert_eq!(t.get(&["Total"], "leavers"), "2");
}

/// Issue 18, defect 28: a quoted value over two lines, as Excel's "Save as
/// CSV" writes a cell typed with Alt+Enter, was refused as a stray quote
/// when it was the row's first field and the row went on after it. Only the
/// lines inside the quotes can be rows swallowed by a stray quote.
#[test]
fn a_first_value_over_two_lines_is_one_value() {
    for establishment in [
        // Line ends LF, as on a Mac or Linux.
        "Directorate,Team,Job Title,FTE\n\
         \"Children and\nFamilies\",T,SW,1\n\
         \"Children and\nFamilies\",T,SW,0.5\n\
         Adults,T,SW,2\n",
        // Excel on Windows: CRLF line ends, LF inside the cell.
        "Directorate,Team,Job Title,FTE\r\n\
         \"Children and\nFamilies\",T,SW,1\r\n\
         Adults,T,SW,2\r\n\
         \"Children and\nFamilies\",T,SW,0.5\r\n",
    ] {
        let dir = extracts(&[
            ("establishment.csv", establishment),
            (
                "payroll.csv",
                "Employee ID,Directorate,Job Title,FTE,Start Date\n1,Adults,SW,1,01/01/2015\n",
            ),
        ]);
        let d = dir.path().to_str().unwrap();
        let t = csv(&["vacancies", "--data", d, "--as-of", "2016-07-31"]);
        expect_cells(
            &t,
            &[
                (&["Children and\nFamilies"], "establishment_fte", "1.5"),
                (&["Adults"], "establishment_fte", "2"),
                (&["Total"], "establishment_fte", "3.5"),
            ],
        );
    }
}

/// Issue 18, defect 29: a row short of fields was reported as a blank cell
/// in some column. It is a row with fewer fields than the header, said so:
/// exit 1 naming file and row; `--skip-invalid` sets it aside and counts
/// it; `swr check` lists it.
#[test]
fn a_row_short_of_fields_is_named_as_such() {
    let dir = extracts(&[(
        "leavers.csv",
        "Employee ID,Directorate,Job Title,Start Date,Leave Date,Reason\n\
         1,Adults,Social Worker,01/01/2015,15/07/2016,Retired\n\
         2,Adults,Social Worker,01/01/2015\n\
         3,Adults,Social Worker,01/01/2015,16/07/2016,Moved\n\
         4,Adults,Social Worker,01/01/2015,16/07/2016\n",
    )]);
    let d = dir.path().to_str().unwrap();
    let out = run(&["leavers", "--data", d, "--as-of", "2016-07-31"]);
    assert_eq!(out.status, 1, "{}", out.stdout);
    assert!(
        out.stderr
            .contains("leavers.csv, row 3: the row has 4 fields where the header has 6"),
        "{}",
        out.stderr
    );
    let out = run(&[
        "leavers",
        "--data",
        d,
        "--as-of",
        "2016-07-31",
        "--skip-invalid",
        "--format",
        "json",
    ]);
    let j = json_of(&out);
    assert_eq!(j["rows"].as_array().unwrap().last().unwrap()["leavers"], 2);
    assert!(
        j["notes"].to_string().contains("2 rows set aside"),
        "{}",
        j["notes"]
    );
    let out = run(&["check", "--data", d, "--format", "json"]);
    let c: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let listed: Vec<String> = c["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["dataset"] == "leavers" && r["severity"] == "error")
        .map(|r| {
            format!(
                "{} {}",
                r["row"].as_str().unwrap_or_default(),
                r["problem"].as_str().unwrap_or_default()
            )
        })
        .collect();
    assert!(
        listed.len() == 2
            && listed[0].starts_with("3 the row has 4 fields where the header has 6")
            && listed[1].starts_with("5 the row has 5 fields where the header has 6"),
        "{listed:?}\n{}",
        out.stdout
    );
}
