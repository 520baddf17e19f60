//! Loading extracts as HR systems write them, and refusing what cannot be read.
use crate::common::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::path::Path;

/// A leavers workbook as i-Trent exports it: title rows, alias headers,
/// native date cells, a date typed as text, £ amounts, a blank row.
fn leavers_workbook(path: &Path, sheet: &str) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet).unwrap();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    ws.write_string(0, 0, "Anytown Borough Council").unwrap();
    ws.write_string(1, 0, "Leavers report, run 05/08/2016")
        .unwrap();
    let header = [
        "Employee Number",
        "Service",
        "Position",
        "Contracted FTE",
        "Date Started",
        "Termination Date",
        "Reason for Leaving",
        "Exit Interview",
        "Locality",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(3, c as u16, *h).unwrap();
    }
    /// (ID, directorate, job title, FTE, start, leave (y, m, d), reason,
    /// exit interview, locality)
    type Row<'a> = (
        f64,
        &'a str,
        &'a str,
        f64,
        Ymd,
        Ymd,
        &'a str,
        &'a str,
        &'a str,
    );
    type Ymd = (u16, u8, u8);
    let rows: [Row; 4] = [
        (
            1001.0,
            "Adults",
            "Social Worker",
            1.0,
            (2010, 5, 4),
            (2016, 7, 29),
            "Retired",
            "Yes",
            "North",
        ),
        (
            1002.0,
            "Adults",
            "Social Worker",
            0.5,
            (2015, 7, 30),
            (2016, 7, 30),
            "Better pay and conditions",
            "No",
            "South",
        ),
        (
            1003.0,
            "Children's",
            "Senior Practitioner",
            0.8,
            (2016, 1, 4),
            (2016, 6, 30),
            "Better pay and conditions",
            "",
            "North",
        ),
        (
            1004.0,
            "Children's",
            "Social Worker",
            1.0,
            (2014, 2, 3),
            (2015, 6, 30),
            "Retired",
            "Y",
            "North",
        ),
    ];
    let mut r = 4;
    for (i, row) in rows.iter().enumerate() {
        if i == 2 {
            r += 1; // a blank row in the middle
        }
        ws.write_number(r, 0, row.0).unwrap();
        ws.write_string(r, 1, row.1).unwrap();
        ws.write_string(r, 2, row.2).unwrap();
        ws.write_number(r, 3, row.3).unwrap();
        let (y, m, d) = row.4;
        ws.write_datetime_with_format(r, 4, ExcelDateTime::from_ymd(y, m, d).unwrap(), &date)
            .unwrap();
        let (y, m, d) = row.5;
        if i == 1 {
            ws.write_string(r, 5, format!("{d:02}/{m:02}/{y}")).unwrap();
        } else {
            ws.write_datetime_with_format(r, 5, ExcelDateTime::from_ymd(y, m, d).unwrap(), &date)
                .unwrap();
        }
        ws.write_string(r, 6, row.6).unwrap();
        ws.write_string(r, 7, row.7).unwrap();
        ws.write_string(r, 8, row.8).unwrap();
        r += 1;
    }
    wb.save(path).unwrap();
}

#[test]
fn xlsx_with_title_rows_alias_headers_and_mixed_dates() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("leavers.xlsx");
    leavers_workbook(&book, "Leavers");
    let t = csv(&[
        "leavers",
        "--leavers",
        book.to_str().unwrap(),
        "--as-of",
        "2016-07-31",
        "--by",
        "reason",
    ]);
    // 12 months to 31/07/2016: 1001, 1002 (left 30/07/2016, date typed as text), 1003.
    // 1004 left 30/06/2015, before the period.
    expect_cells(
        &t,
        &[
            (&["Better pay and conditions"], "leavers", "2"),
            (&["Better pay and conditions"], "leavers_fte", "1.3"),
            (&["Retired"], "leavers", "1"),
            (&["Total"], "leavers", "3"),
            (&["Total"], "exit_interviews", "1"),
            (&["Total"], "exit_interview_pct", "33.3"),
        ],
    );
    // Unknown columns are kept under their normalised names.
    let t = csv(&[
        "leavers",
        "--leavers",
        book.to_str().unwrap(),
        "--as-of",
        "2016-07-31",
        "--by",
        "locality",
    ]);
    expect_cells(
        &t,
        &[(&["North"], "leavers", "2"), (&["South"], "leavers", "1")],
    );
    // The blank row is counted in the notes.
    let out = run(&[
        "leavers",
        "--leavers",
        book.to_str().unwrap(),
        "--as-of",
        "2016-07-31",
        "--format",
        "json",
    ]);
    assert!(out.stdout.contains("1 blank row skipped"), "{}", out.stdout);
}

#[test]
fn sheet_by_name_and_data_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("hr.xlsx");
    leavers_workbook(&book, "LEAVERS");
    // --data WORKBOOK finds the sheet named after the dataset, in any case.
    let t = csv(&[
        "leavers",
        "--data",
        book.to_str().unwrap(),
        "--as-of",
        "2016-07-31",
    ]);
    assert_eq!(t.get(&["Total"], "leavers"), "3");
    let spec = format!("{}#leavers", book.display());
    let t = csv(&["leavers", "--leavers", &spec, "--as-of", "2016-07-31"]);
    assert_eq!(t.get(&["Total"], "leavers"), "3");
    let spec = format!("{}#Starters", book.display());
    let out = run(&["leavers", "--leavers", &spec]);
    assert_eq!(out.status, 1);
    assert!(
        out.stderr.contains("no sheet 'Starters'") && out.stderr.contains("'LEAVERS'"),
        "{}",
        out.stderr
    );
}

/// Windows-1252 bytes: 0x92 is a curly apostrophe, 0xA3 is £.
#[test]
fn windows_1252_csv_with_pound_amounts() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes =
        b"Employee Number,Department,Post Title,FTE,Continuous Service Date,Salary\r\n".to_vec();
    bytes.extend(b"E1,Children\x92s Services,Social Worker,1,30/07/2012,\"\xa330,000.00\"\r\n");
    bytes.extend(b"E2,Children\x92s Services,Social Worker,0.5,1 Aug 2013,\xa332000\r\n");
    std::fs::write(dir.path().join("payroll.csv"), bytes).unwrap();
    std::fs::write(
        dir.path().join("agency.csv"),
        "Worker ID,Department,Post Title,Start Date,Hourly Rate\nA1,Children\u{2019}s Services,Social Worker,01/01/2016,£30.00\n",
    )
    .unwrap();
    let t = csv(&[
        "costs",
        "--data",
        dir.path().to_str().unwrap(),
        "--as-of",
        "2016-07-30",
    ]);
    // (30,000 x 1 + 32,000 x 0.5) / 1.5 = 30,666.67; agency 30 x 37 x 46 = 51,060.
    expect_cells(
        &t,
        &[
            (&["Social Worker"], "permanent_fte", "1.5"),
            (&["Social Worker"], "permanent_cost_per_fte", "30666.67"),
            (&["Social Worker"], "agency_cost_per_fte", "51060.00"),
        ],
    );
    let t = csv(&[
        "costs",
        "--data",
        dir.path().to_str().unwrap(),
        "--as-of",
        "2016-07-30",
        "--by",
        "directorate",
    ]);
    assert_eq!(t.rows[0][0], "Children\u{2019}s Services");
}

#[test]
fn tab_separated_and_bom() {
    let dir = extracts(&[
        ("leavers.tsv", "\u{feff}Employee ID\tDirectorate\tJob Title\tStart Date\tDate Left\tLeaving Reason\n1\tAdults\tOT\t2015-01-01\t2016-03-31\tRetired\n"),
    ]);
    let t = csv(&[
        "leavers",
        "--data",
        dir.path().to_str().unwrap(),
        "--period",
        "2015/16",
    ]);
    assert_eq!(t.get(&["Retired"], "leavers"), "1");
}

fn bad_payroll(dir: &Path, body: &str) -> Output {
    std::fs::write(
        dir.join("payroll.csv"),
        format!("Employee Number,Department,Post Title,FTE,Start Date,Salary\n{body}"),
    )
    .unwrap();
    std::fs::write(
        dir.join("agency.csv"),
        "Worker ID,Department,Post Title,Start Date,Hourly Rate\nA1,Adults,SW,01/01/2016,30\n",
    )
    .unwrap();
    run(&[
        "costs",
        "--data",
        dir.to_str().unwrap(),
        "--as-of",
        "2016-07-30",
    ])
}

#[test]
fn impossible_date_names_file_row_column_and_value() {
    let dir = tempfile::tempdir().unwrap();
    let out = bad_payroll(
        dir.path(),
        "E1,Adults,SW,1,01/01/2010,30000\nE2,Adults,SW,1,31/02/2016,30000\n",
    );
    assert_eq!(out.status, 1);
    assert!(
        out.stderr
            .contains("payroll.csv, row 3, column 'Start Date': value '31/02/2016'"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("no such day"), "{}", out.stderr);
}

#[test]
fn unreadable_money_names_the_cell() {
    let dir = tempfile::tempdir().unwrap();
    let out = bad_payroll(dir.path(), "E1,Adults,SW,1,01/01/2010,\"£12,3x\"\n");
    assert_eq!(out.status, 1);
    assert!(
        out.stderr
            .contains("row 2, column 'Salary': value '£12,3x'"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("expected an amount such as £39,500"),
        "{}",
        out.stderr
    );
}

#[test]
fn skip_invalid_sets_rows_aside_and_counts_them() {
    let dir = tempfile::tempdir().unwrap();
    let body = "E1,Adults,SW,1,01/01/2010,30000\nE2,Adults,SW,1,31/02/2016,90000\n";
    bad_payroll(dir.path(), body);
    let out = run(&[
        "costs",
        "--data",
        dir.path().to_str().unwrap(),
        "--as-of",
        "2016-07-30",
        "--skip-invalid",
        "--format",
        "json",
    ]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let j: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(j["rows"][0]["permanent_cost_per_fte"], 30000.0);
    // Piped CSV carries no notes, so the rows set aside are said on stderr.
    let piped = run(&[
        "costs",
        "--data",
        dir.path().to_str().unwrap(),
        "--as-of",
        "2016-07-30",
        "--skip-invalid",
        "--format",
        "csv",
    ]);
    assert!(piped.stderr.contains("1 row set aside"), "{}", piped.stderr);
    assert!(
        j["notes"].to_string().contains("1 row set aside"),
        "{}",
        j["notes"]
    );
}

#[test]
fn missing_column_lists_what_was_found() {
    let dir = extracts(&[(
        "leavers.csv",
        "Employee ID,Directorate,Job Title,Start Date,Reason\n1,A,B,01/01/2015,Retired\n",
    )]);
    let out = run(&["leavers", "--data", dir.path().to_str().unwrap()]);
    assert_eq!(out.status, 1);
    assert!(
        out.stderr.contains("has no leave_date column"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("'Leaving Date'"),
        "suggests names: {}",
        out.stderr
    );
    assert!(
        out.stderr.contains("'Employee ID', 'Directorate'"),
        "lists found headers: {}",
        out.stderr
    );
}

#[test]
fn empty_file_and_text_named_xlsx() {
    let dir = extracts(&[("leavers.csv", "")]);
    let out = run(&["leavers", "--data", dir.path().to_str().unwrap()]);
    assert_eq!(out.status, 1);
    assert!(
        out.stderr.contains("leavers.csv") && out.stderr.contains("empty"),
        "{}",
        out.stderr
    );

    let fake = dir.path().join("fake.xlsx");
    std::fs::write(&fake, "Employee ID,Directorate\n1,A\n").unwrap();
    let out = run(&["leavers", "--leavers", fake.to_str().unwrap()]);
    assert_eq!(out.status, 1);
    assert!(
        out.stderr
            .contains("fake.xlsx: is text, not a workbook: give it a .csv or .txt name"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("panicked"));
}

#[test]
fn swr_toml_maps_columns_header_row_files_and_reasons() {
    let dir = extracts(&[
        ("Leavers Q2.csv", "Exported 01/08/2016,,,,,\nEmp,Area,Role Name,Began,Term Date,Why\n1,Adults,SW,01/01/2015,15/07/2016,RES-PAY\n2,Adults,SW,01/01/2015,16/07/2016,Retirement\n"),
    ]);
    std::fs::write(
        dir.path().join("swr.toml"),
        r#"as_of = "2016-07-31"
header_row = 2
[files]
leavers = "Leavers Q2.csv"
[columns.leavers]
employee_id = "Emp"
directorate = "Area"
job_title = "Role Name"
start_date = "Began"
leave_date = "Term Date"
reason = "Why"
[reasons]
"RES-PAY" = "Better pay and conditions"
"#,
    )
    .unwrap();
    let t = csv(&["leavers", "--data", dir.path().to_str().unwrap()]);
    assert_eq!(t.get(&["Better pay and conditions"], "leavers"), "1");
    assert_eq!(t.get(&["Retirement"], "leavers"), "1");
}

#[test]
fn month_first_dates_only_when_swr_toml_says_so() {
    let dir = extracts(&[
        ("leavers.csv", "Employee ID,Directorate,Job Title,Start Date,Leave Date,Reason\n1,A,B,01/31/2015,07/15/2016,Retired\n"),
    ]);
    let out = run(&["leavers", "--data", dir.path().to_str().unwrap()]);
    assert_eq!(out.status, 1, "01/31/2015 is not a day-first date");
    std::fs::write(dir.path().join("swr.toml"), "date_order = \"mdy\"\n").unwrap();
    let t = csv(&[
        "leavers",
        "--data",
        dir.path().to_str().unwrap(),
        "--as-of",
        "2016-07-31",
    ]);
    assert_eq!(t.get(&["Retired"], "leavers"), "1");
}

/// Files over a few MB are read in parallel chunks: row numbers, quoted line
/// breaks and totals must come out as if read in one pass.
#[test]
fn large_csv_read_in_parallel_keeps_row_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let mut body = String::from("Council leavers export\nEmployee ID,Directorate,Job Title,Start Date,Leave Date,Reason,Notes\n");
    let n = 60_000;
    for i in 0..n {
        // Every 1000th row has a quoted note spanning two lines.
        let note = if i % 1000 == 0 {
            "\"left to care for\nfamily\""
        } else {
            "padding padding padding padding padding"
        };
        body.push_str(&format!(
            "{i},Adults,Social Worker,01/01/2015,15/07/2016,Reason {},{note}\r\n",
            i % 7
        ));
    }
    std::fs::write(dir.path().join("leavers.csv"), &body).unwrap();
    assert!(body.len() > 5 << 20);
    let t = csv(&[
        "leavers",
        "--data",
        dir.path().to_str().unwrap(),
        "--as-of",
        "2016-07-31",
    ]);
    assert_eq!(t.get(&["Total"], "leavers"), n.to_string());
    // 60,000 rows over 7 reasons: reasons 0-4 get 8,572, reasons 5-6 get 8,571.
    assert_eq!(t.get(&["Reason 0"], "leavers"), "8572");
    assert_eq!(t.get(&["Reason 6"], "leavers"), "8571");

    // A bad date on the last row: lines are title (1), header (2), then one
    // per row plus one extra for each of the 60 two-line notes.
    body.push_str("X,Adults,Social Worker,31/02/2016,15/07/2016,Retired,\n");
    std::fs::write(dir.path().join("leavers.csv"), &body).unwrap();
    let out = run(&[
        "leavers",
        "--data",
        dir.path().to_str().unwrap(),
        "--as-of",
        "2016-07-31",
    ]);
    assert_eq!(out.status, 1);
    let want = format!(
        "row {}, column 'Start Date': value '31/02/2016'",
        2 + n + n / 1000 + 1
    );
    assert!(out.stderr.contains(&want), "want {want}: {}", out.stderr);
}

/// A command types only the columns it reads: a bad salary stops `costs`
/// but not `turnover`, and `check` reports it.
#[test]
fn unread_columns_do_not_stop_a_command() {
    let dir = extracts(&[
        ("payroll.csv", "Employee ID,Directorate,Job Title,FTE,Start Date,Salary\nE1,Adults,SW,1,01/01/2015,n/k\n"),
        ("leavers.csv", "Employee ID,Directorate,Job Title,FTE,Start Date,Leave Date,Reason\nE2,Adults,SW,1,01/01/2015,01/03/2016,Retired\n"),
        ("agency.csv", "Worker ID,Directorate,Job Title,Start Date,Hourly Rate\nA1,Adults,SW,01/01/2016,30\n"),
    ]);
    let d = dir.path().to_str().unwrap();
    // Turnover: 1 leaver / 1 in post at the end = 100%.
    let t = csv(&["turnover", "--data", d, "--period", "2015/16"]);
    assert_eq!(t.get(&["Adults"], "turnover_pct"), "100.0");
    let out = run(&["costs", "--data", d, "--as-of", "2016-03-31"]);
    assert_eq!(out.status, 1);
    assert!(
        out.stderr.contains("row 2, column 'Salary': value 'n/k'"),
        "{}",
        out.stderr
    );
    let out = run(&["check", "--data", d, "--as-of", "2016-03-31"]);
    assert_eq!(out.status, 1);
    assert!(out.stdout.contains("n/k"), "{}", out.stdout);
}

/// When the cut between two parallel parts falls inside a quoted field that
/// spans lines, the second part is read again from the true record start.
#[test]
fn parallel_cut_inside_a_quoted_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut body =
        String::from("Employee ID,Directorate,Job Title,Start Date,Leave Date,Reason,Notes\n");
    for i in 0..1000 {
        body.push_str(&format!("{i},Adults,SW,01/01/2015,15/07/2016,Retired,\n"));
    }
    // One note of 6 MB over 60,000 lines straddles the middle of the file.
    let note: String = (0..60_000)
        .map(|i| format!("note line {i} {}\n", "x".repeat(90)))
        .collect();
    body.push_str(&format!(
        "1000,Adults,SW,01/01/2015,15/07/2016,Moved,\"{note}\"\n"
    ));
    for i in 1001..2000 {
        body.push_str(&format!("{i},Adults,SW,01/01/2015,15/07/2016,Retired,\n"));
    }
    body.push_str("2000,Adults,SW,01/01/2015,32/07/2016,Retired,\n");
    std::fs::write(dir.path().join("leavers.csv"), &body).unwrap();
    let out = run(&[
        "leavers",
        "--data",
        dir.path().to_str().unwrap(),
        "--as-of",
        "2016-07-31",
    ]);
    assert_eq!(out.status, 1);
    // Header 1, rows 2-1001, the long record from line 1002 over 60,001 lines,
    // then 999 rows: the bad one is on line 1002 + 60,001 + 999 = 62,002.
    assert!(
        out.stderr.contains("row 62002, column 'Leave Date'"),
        "{}",
        out.stderr
    );
    body.truncate(body.rfind("2000,").unwrap());
    std::fs::write(dir.path().join("leavers.csv"), &body).unwrap();
    let t = csv(&[
        "leavers",
        "--data",
        dir.path().to_str().unwrap(),
        "--as-of",
        "2016-07-31",
    ]);
    assert_eq!(t.get(&["Retired"], "leavers"), "1999");
    assert_eq!(t.get(&["Moved"], "leavers"), "1");

    // Rows read again keep their own row numbers: rows 1500 and 1600 (lines
    // 60,002 + i) share an ID, which `swr check` reports by row.
    let body = body
        .replace("\n1500,Adults", "\nDUP,Adults")
        .replace("\n1600,Adults", "\nDUP,Adults");
    std::fs::write(dir.path().join("leavers.csv"), &body).unwrap();
    let out = run(&[
        "check",
        "--data",
        dir.path().to_str().unwrap(),
        "--as-of",
        "2016-07-31",
        "--format",
        "json",
    ]);
    let j: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let dup = j["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["problem"].as_str().unwrap().contains("duplicate"))
        .unwrap_or_else(|| panic!("{}", out.stdout));
    assert_eq!(dup["row"], "61602", "{dup}");
    assert!(
        dup["problem"]
            .as_str()
            .unwrap()
            .contains("also on row 61502"),
        "{dup}"
    );
}

/// Row numbers are the lines a spreadsheet or editor shows, with Windows line
/// ends and with empty lines (which count as blank rows).
#[test]
fn row_numbers_with_crlf_and_empty_lines() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    std::fs::write(
        dir.path().join("leavers.csv"),
        "Employee ID,Directorate,Job Title,Start Date,Leave Date,Reason\r\n1,A,B,01/01/2015,15/07/2016,R\r\n2,A,B,31/02/2015,15/07/2016,R\r\n",
    )
    .unwrap();
    let out = run(&["leavers", "--data", d]);
    assert!(
        out.stderr.contains("row 3, column 'Start Date'"),
        "{}",
        out.stderr
    );
    std::fs::write(
        dir.path().join("leavers.csv"),
        "Employee ID,Directorate,Job Title,Start Date,Leave Date,Reason\n\n1,A,B,01/01/2015,15/07/2016,R\n\n\n2,A,B,31/02/2015,15/07/2016,R\n",
    )
    .unwrap();
    let out = run(&["leavers", "--data", d]);
    assert!(
        out.stderr.contains("row 6, column 'Start Date'"),
        "{}",
        out.stderr
    );
    let out = run(&["leavers", "--data", d, "--skip-invalid", "--format", "json"]);
    let j: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert!(
        j["notes"].to_string().contains("3 blank rows skipped"),
        "{}",
        j["notes"]
    );
}

/// OpenDocument (LibreOffice) sheets: fixtures/make_ods.py writes a title
/// row, native date cells, a text date and float FTEs. In the 12 months to
/// 31/07/2016: L1 (Retired, 1 FTE), L2 and L3 (Better pay, 0.5 + 0.8 FTE).
#[test]
fn ods_workbook() {
    let dir = fixture("ods_leavers");
    let t = csv(&[
        "leavers",
        "--data",
        dir.to_str().unwrap(),
        "--as-of",
        "2016-07-31",
    ]);
    assert_eq!(t.get(&["Better pay and conditions"], "leavers"), "2");
    assert_eq!(t.get(&["Better pay and conditions"], "leavers_fte"), "1.3");
    assert_eq!(t.get(&["Retired"], "leavers_fte"), "1");
    assert_eq!(t.get(&["Total"], "leavers"), "3");
}

/// A macro-enabled workbook is read like any XLSX.
#[test]
fn xlsm_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("leavers.xlsx");
    leavers_workbook(&book, "Leavers");
    let xlsm = dir.path().join("Leavers export.xlsm");
    std::fs::rename(&book, &xlsm).unwrap();
    let spec = format!("{}#Leavers", xlsm.display());
    let t = csv(&["leavers", "--leavers", &spec, "--as-of", "2016-07-31"]);
    assert_eq!(t.get(&["Total"], "leavers"), "3");
}

/// Empty lines across the cut between two parallel parts (and at the end of
/// the file) are blank rows in the counts and in the row numbers after them.
#[test]
fn empty_lines_across_a_parallel_cut() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let mut body = String::from("Employee ID,Directorate,Job Title,Start Date,Leave Date,Reason\n");
    let rows = 40_000;
    for i in 0..rows {
        body.push_str(&format!(
            "{i},Adults,Social Worker,01/01/2015,15/07/2016,Retired with some padding to make it long\n"
        ));
    }
    // As many bytes of empty lines as of rows: the middle of the file, where
    // a two-part read cuts, falls among them.
    let empty = body.len();
    body.push_str(&"\n".repeat(empty));
    body.push_str("X,Adults,Social Worker,31/02/2016,15/07/2016,Moved\n\n\n");
    assert!(body.len() > 5 << 20);
    std::fs::write(dir.path().join("leavers.csv"), &body).unwrap();
    let out = run(&["leavers", "--data", d, "--as-of", "2016-07-31"]);
    assert_eq!(out.status, 1);
    // Header (1), the rows, the empty lines, then the bad row.
    let want = format!(
        "row {}, column 'Start Date': value '31/02/2016'",
        1 + rows + empty + 1
    );
    assert!(out.stderr.contains(&want), "want {want}: {}", out.stderr);
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
    let j: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    // The two empty lines after the last row end the file: not rows.
    let want = format!("{empty} blank rows skipped");
    assert!(
        j["notes"].to_string().contains(&want),
        "want {want}: {}",
        j["notes"]
    );
}

#[test]
fn amounts_of_ten_to_the_sixteen_or_more_are_refused() {
    for (salary, shown) in [
        ("\"£99,999,999,999,999,999\"", "£99,999,999,999,999,999"),
        ("10000000000000000", "10000000000000000"),
        ("£99999999999999999999999", "£99999999999999999999999"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let out = bad_payroll(dir.path(), &format!("E1,Adults,SW,1,01/01/2010,{salary}\n"));
        assert_eq!(out.status, 1, "{salary}: {}", out.stderr);
        let want = format!("row 2, column 'Salary': value '{shown}': is too large");
        assert!(out.stderr.contains(&want), "want {want}: {}", out.stderr);
    }
    // Just under: £9,999,999,999,999,999.99 is read (to the penny).
    let dir = tempfile::tempdir().unwrap();
    let out = bad_payroll(
        dir.path(),
        "E1,Adults,SW,1,01/01/2010,\"£9,999,999,999,999,999.99\"\n",
    );
    assert_eq!(out.status, 0, "{}", out.stderr);
}

/// A `.csv` (or `.txt`) file whose cells are separated by tabs is found to
/// be tab-separated from its lines, not only a `.tsv`.
#[test]
fn tab_separated_found_from_the_lines() {
    for name in ["leavers.csv", "leavers.txt"] {
        let dir = extracts(&[(
            name,
            "Employee ID\tDirectorate\tJob Title\tStart Date\tDate Left\tLeaving Reason\n1\tAdults, East\tOT\t2015-01-01\t2016-03-31\tRetired\n",
        )]);
        let t = csv(&[
            "leavers",
            "--data",
            dir.path().to_str().unwrap(),
            "--period",
            "2015/16",
            "--by",
            "directorate",
        ]);
        assert_eq!(t.get(&["Adults, East"], "leavers"), "1", "{name}");
    }
}

/// `--config FILE` from another folder, and each extract named by its own
/// flag (odd file names, a sheet of a workbook), give the same table as the
/// folder with swr.toml: as_of 30/07/2016 from the config.
#[test]
fn config_flag_and_one_extract_flags() {
    let dir = extracts(&[
        ("Budget 2016.csv", "Directorate,Job Title,FTE\nAdults,SW,3\n"),
        ("staff list.csv", "Employee ID,Directorate,Job Title,FTE,Start Date\n1,Adults,SW,1,01/01/2015\n2,Adults,SW,1,01/09/2016\n"),
        ("cover.csv", "Worker ID,Directorate,Job Title,Start Date,Hourly Rate\nA1,Adults,SW,01/01/2016,30\n"),
    ]);
    let conf = tempfile::tempdir().unwrap();
    std::fs::write(
        conf.path().join("settings.toml"),
        "as_of = \"2016-07-30\"\n",
    )
    .unwrap();
    let p = |f: &str| dir.path().join(f).to_string_lossy().into_owned();
    let (est, pay, agy) = (p("Budget 2016.csv"), p("staff list.csv"), p("cover.csv"));
    let config = conf.path().join("settings.toml");
    let j = json(&[
        "vacancies",
        "--establishment",
        &est,
        "--payroll",
        &pay,
        "--agency",
        &agy,
        "--config",
        config.to_str().unwrap(),
    ]);
    // 2 starts after 30/07/2016: 1 FTE in post of 3, 1 agency FTE.
    assert_eq!(j["as_of"], "2016-07-30");
    assert_eq!(j["rows"][0]["vacancy_fte"], 2);
    assert_eq!(j["rows"][0]["agency_fte"], 1);
    let out = run(&[
        "vacancies",
        "--payroll",
        &pay,
        "--establishment",
        &est,
        "--config",
        "/no/such.toml",
    ]);
    assert_eq!(out.status, 2);
    assert!(
        out.stderr.contains("--config /no/such.toml: no such file"),
        "{}",
        out.stderr
    );
}

/// The default as-of date is worked out before `--where`: the latest date
/// (Children's leaver L2, 30/09/2016) still sets it when the filter keeps
/// only Adults, so the period and the figures do not move with the filter.
#[test]
fn default_as_of_is_worked_out_before_where() {
    let dir = extracts(&[(
        "leavers.csv",
        "Employee ID,Directorate,Job Title,Start Date,Leave Date,Reason\nL1,Adults,SW,01/01/2010,15/10/2015,Retired\nL2,Children's,SW,01/01/2010,30/09/2016,Moved\nL3,Adults,SW,01/01/2010,15/09/2015,Moved\n",
    )]);
    let d = dir.path().to_str().unwrap();
    let all = json(&["leavers", "--data", d]);
    let adults = json(&["leavers", "--data", d, "--where", "directorate=Adults"]);
    assert_eq!(all["as_of"], "2016-09-30");
    assert_eq!(adults["as_of"], "2016-09-30");
    // Period 01/10/2015-30/09/2016: of the Adults only L1 left in it.
    assert_eq!(adults["rows"][0]["reason"], "Retired");
    assert_eq!(adults["rows"][0]["leavers"], 1);
}
