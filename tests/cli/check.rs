//! `swr check`: every problem in every extract at once.
use crate::common::*;

/// `swr check --format json` on the extracts in `dir`, as of 30/07/2016.
fn check_json(dir: &tempfile::TempDir) -> crate::common::Output {
    run(&[
        "check",
        "--data",
        dir.path().to_str().unwrap(),
        "--as-of",
        "2016-07-30",
        "--format",
        "json",
    ])
}

#[test]
fn lists_every_problem_and_suspicious_values() {
    let dir = extracts(&[
        ("payroll.csv", "Employee Number,Department,Post Title,FTE,Start Date\nE1,Adults,SW,1,31/02/2016\nE2,Adults,SW,1.5,01/01/2016\nE2,Adults,SW,1,01/01/2016\nE4,Adults,SW,x,01/01/2016\n,,,,\n"),
        ("leavers.csv", "Employee ID,Directorate,Job Title,Start Date,Leaving Date,Reason\nL1,Adults,SW,01/01/2016,01/01/2015,Retired\n"),
        ("agency.xlsx", "not a workbook"),
        ("establishment.csv", "Directorate,Job Title,FTE\nAdults,SW,3\n"),
    ]);
    let out = check_json(&dir);
    assert_eq!(out.status, 1, "unreadable values give status 1");
    let j: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let rows = j["rows"].as_array().unwrap();
    let has = |ds: &str, row: &str, col: &str, needle: &str| {
        rows.iter().any(|r| {
            r["dataset"] == ds
                && r["row"] == row
                && r["column"] == col
                && r["problem"].as_str().unwrap().contains(needle)
        })
    };
    assert!(
        has("payroll", "2", "Start Date", "no such day"),
        "{rows:#?}"
    );
    assert!(has("payroll", "3", "FTE", "fte above 1"), "{rows:#?}");
    assert!(
        has(
            "payroll",
            "4",
            "Employee Number",
            "duplicate employee_id: also on row 3"
        ),
        "{rows:#?}"
    );
    assert!(has("payroll", "5", "FTE", "expected a number"), "{rows:#?}");
    assert!(
        has(
            "leavers",
            "2",
            "Leaving Date",
            "is before the row's Start Date (01/01/2016)"
        ),
        "{rows:#?}"
    );
    assert!(rows.iter().any(|r| r["dataset"] == "agency"
        && r["problem"]
            .as_str()
            .unwrap()
            .contains("is text, not a workbook")));
    // Per dataset, a summary row with the counts, in every format.
    assert!(
        has(
            "payroll",
            "",
            "",
            "5 rows read, 2 loaded, 1 blank, 0 footer, 2 with unreadable values"
        ),
        "{rows:#?}"
    );
    assert!(rows
        .iter()
        .any(|r| r["dataset"] == "payroll" && r["severity"] == "summary"));
    assert!(
        has("establishment", "", "", "1 rows read, 1 loaded"),
        "{rows:#?}"
    );
}

#[test]
fn clean_fixture_passes() {
    let dir = fixture("middlesbrough_2023");
    let out = run(&[
        "check",
        "--data",
        dir.to_str().unwrap(),
        "--as-of",
        "2023-09-30",
        "--format",
        "csv",
    ]);
    assert_eq!(out.status, 0, "{}{}", out.stdout, out.stderr);
}

/// Warnings name the row and show the value as the extract means it: dates
/// day-first, amounts without trailing zeros.
#[test]
fn future_dates_and_amounts_that_cannot_be_right() {
    let dir = extracts(&[
        ("payroll.csv", "Employee Number,Department,Post Title,FTE,Start Date,Salary\nE1,Adults,SW,1,01/08/2016,30000\nE2,Adults,SW,1.50,01/01/2016,0.00\nE3,Adults,SW,1,01/01/2016,-12.50\n"),
        ("agency.csv", "Worker ID,Department,Post Title,Start Date,End Date,Hourly Rate\nA1,Adults,SW,01/01/2016,31/12/2016,-5\nA2,Adults,SW,02/08/2016,31/12/2016,0\n"),
    ]);
    let out = check_json(&dir);
    assert_eq!(
        out.status, 0,
        "warnings alone give status 0: {}",
        out.stdout
    );
    let j: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let warnings: Vec<[String; 4]> = j["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["severity"] == "warning")
        .map(|r| ["dataset", "row", "value", "problem"].map(|k| r[k].as_str().unwrap().to_string()))
        .collect();
    let w = |ds: &str, row: &str, value: &str, problem: &str| {
        [ds, row, value, problem].map(str::to_string)
    };
    assert_eq!(
        warnings,
        vec![
            w("payroll", "2", "01/08/2016", "date in the future"),
            w("payroll", "3", "1.5", "fte above 1"),
            w("payroll", "3", "0", "zero or negative salary"),
            w("payroll", "4", "-12.5", "zero or negative salary"),
            // By row. An end date after the as-of date is normal for a
            // placement: only A2's start is in the future.
            w("agency", "2", "-5", "zero or negative hourly rate"),
            w("agency", "3", "02/08/2016", "date in the future"),
            w("agency", "3", "0", "zero or negative hourly rate"),
        ]
    );
}

/// Issue 9, fault 7: a leavers extract with a Salary column stopped
/// `swr check` with a polars type error. Columns are checked by their kind
/// in the dataset, so an unknown text column is left alone.
#[test]
fn a_leavers_salary_column_is_not_checked_as_money() {
    let dir = extracts(&[(
        "leavers.csv",
        "Employee ID,Directorate,Job Title,Start Date,Leaving Date,Reason,Salary\nL1,Adults,SW,01/01/2014,31/07/2016,Retired,\"£30,000\"\n",
    )]);
    let out = check_json(&dir);
    assert_eq!(out.status, 0, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains("1 rows read, 1 loaded"),
        "{}",
        out.stdout
    );
}

/// On a clean fixture the counts are the file's own: every data line read
/// and loaded (lines counted here from the files), nothing blank or set
/// aside, and the as-of date reports would use.
#[test]
fn clean_fixture_counts() {
    let dir = fixture("middlesbrough_2023");
    let out = run(&["check", "--data", dir.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let j: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    for ds in ["establishment", "payroll", "agency", "leavers"] {
        let text = std::fs::read_to_string(dir.join(format!("{ds}.csv"))).unwrap();
        let data_rows = text.lines().count() - 1;
        let summary = j["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["dataset"] == ds && r["severity"] == "summary")
            .unwrap();
        let want = format!("header on row 1, {data_rows} rows read, {data_rows} loaded, 0 blank, 0 footer, 0 with unreadable values");
        assert!(
            summary["problem"].as_str().unwrap().starts_with(&want),
            "{ds}: {summary}"
        );
    }
    // The latest start or leave date is agency placement AW90067's start,
    // 02/10/2023 (agency.csv line 68), two days after the census date.
    assert!(
        j["notes"]
            .to_string()
            .contains("default to as of 02/10/2023"),
        "{}",
        j["notes"]
    );
}
