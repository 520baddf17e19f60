//! `profile = "..."` in swr.toml: extracts headed as iTrent, ESR, Oracle HCM
//! and ResourceLink reports head them are read without a [columns] table
//! (but for the organisation levels each employer names), and read alike.
use crate::common::*;

fn with_profile(profile: &str, files: &[(&str, &str)], extra: &str) -> tempfile::TempDir {
    let toml = format!("profile = \"{profile}\"\n{extra}");
    let mut all: Vec<(&str, &str)> = files.to_vec();
    all.push(("swr.toml", &toml));
    extracts(&all)
}

/// Oracle: a business unit is the directorate and a department the team
/// (without the profile, Department would be the directorate); `--by
/// Department` names the team.
#[test]
fn oracle_business_unit_and_department() {
    let leavers = "Person Number,Assignment Business Unit Name,Department,Assignment Job Name,Assignment FTE Value,Person Start Date,Actual Termination Date,Action Reason\n\
        101,Adults,Hospital Team,Social Worker,1,01/04/2014,15/07/2016,Resignation\n\
        102,Adults,Locality North,Social Worker,0.5,01/04/2015,20/07/2016,Retirement\n\
        103,Children,Assessment,Social Worker,1,01/04/2013,21/07/2016,Resignation\n";
    let dir = with_profile("oracle", &[("leavers.csv", leavers)], "");
    let d = dir.path().to_str().unwrap();
    let t = csv(&[
        "leavers",
        "--data",
        d,
        "--as-of",
        "2016-07-31",
        "--by",
        "directorate",
    ]);
    assert_eq!(t.get(&["Adults"], "leavers"), "2");
    assert_eq!(t.get(&["Children"], "leavers"), "1");
    assert_eq!(t.get(&["Adults"], "leavers_fte"), "1.5");
    let t = csv(&[
        "leavers",
        "--data",
        d,
        "--as-of",
        "2016-07-31",
        "--by",
        "Department",
    ]);
    assert_eq!(t.header[0], "team");
    assert_eq!(t.get(&["Hospital Team"], "leavers"), "1");
    let t = csv(&[
        "leavers",
        "--data",
        d,
        "--as-of",
        "2016-07-31",
        "--by",
        "reason",
    ]);
    assert_eq!(t.get(&["Resignation"], "leavers"), "2");
    // Without the profile the same file is not read as Oracle's: Department
    // is taken for the directorate, and there is no leave date.
    let plain = extracts(&[("leavers.csv", leavers)]);
    let out = run(&[
        "leavers",
        "--data",
        plain.path().to_str().unwrap(),
        "--as-of",
        "2016-07-31",
    ]);
    assert_eq!(out.status, 1);
    assert!(
        out.stderr
            .contains("has no job_title, start_date, leave_date, reason columns"),
        "{}",
        out.stderr
    );
}

/// ESR's data warehouse headers (no spaces), the directorate named by the
/// trust's organisation level in [columns]; the same leavers headed as
/// swr's own names give the same table.
#[test]
fn esr_headers_read_as_written() {
    let esr = "EmployeeNumber,OrgL4,OrganizationName,PositionName,Payscale,FTE,HireDate,ActualTerminationDate,TerminationReason\n\
        1,Adult Social Care,Hospital Team,Social Worker,Band 6,1,01/06/2014,30/06/2016,Voluntary Resignation - Work Life Balance\n\
        2,Adult Social Care,Hospital Team,Social Worker,Band 6,0.6,01/06/2015,01/07/2016,Retirement Age\n";
    let own = "employee_id,directorate,team,job_title,grade,fte,start_date,leave_date,reason\n\
        1,Adult Social Care,Hospital Team,Social Worker,Band 6,1,01/06/2014,30/06/2016,Voluntary Resignation - Work Life Balance\n\
        2,Adult Social Care,Hospital Team,Social Worker,Band 6,0.6,01/06/2015,01/07/2016,Retirement Age\n";
    let a = with_profile(
        "ESR",
        &[("leavers.csv", esr)],
        "[columns.leavers]\ndirectorate = \"OrgL4\"\n",
    );
    let b = extracts(&[("leavers.csv", own)]);
    let args = |d: &str| {
        csv(&[
            "leavers",
            "--data",
            d,
            "--as-of",
            "2016-07-31",
            "--by",
            "team,grade",
            "--period",
            "2016-01-01..2016-07-31",
        ])
    };
    let (ta, tb) = (
        args(a.path().to_str().unwrap()),
        args(b.path().to_str().unwrap()),
    );
    assert_eq!(ta.rows, tb.rows);
    assert_eq!(ta.get(&["Hospital Team", "Band 6"], "leavers_fte"), "1.6");
    // check says which header became which column.
    let out = run(&["check", "--data", a.path().to_str().unwrap()]);
    assert!(
        out.stdout
            .contains("ActualTerminationDate,leave_date,column"),
        "{}",
        out.stdout
    );
    assert!(
        out.stderr
            .contains("Headers are read as esr reports write them first"),
        "{}",
        out.stderr
    );
}

/// iTrent: the start with the employer (Joining Date), not in the
/// position (Occupancy Start Date), sets length of service.
#[test]
fn itrent_joining_date_before_occupancy() {
    let leavers = "Person Ref.,Service,Position title,Occupancy Start Date,Joining Date,Leaving Date,Leaving Reason\n\
        P1,Adults,Social Worker,01/04/2016,01/04/2010,15/07/2016,Resignation\n\
        P2,Adults,Social Worker,01/01/2016,01/01/2016,16/07/2016,Resignation\n";
    let dir = with_profile("itrent", &[("leavers.csv", leavers)], "");
    let d = dir.path().to_str().unwrap();
    let t = csv(&[
        "leavers",
        "--data",
        d,
        "--as-of",
        "2016-07-31",
        "--service",
        "<2",
    ]);
    // P1 joined in 2010 (6 years), P2 in 2016: one leaver under two years.
    assert_eq!(t.get(&["Total"], "leavers"), "1");
    let out = run(&["check", "--data", d]);
    assert!(
        out.stdout.contains("Joining Date,start_date,column"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("Person Ref.,employee_id,column"),
        "{}",
        out.stdout
    );
}

/// ResourceLink's headers; an unknown profile is a usage error naming the
/// four.
#[test]
fn resourcelink_and_unknown_profiles() {
    let leavers = "Employee Number,Directorate,Post LDesc,Employee Grade,FTE,Current Start Date,Emp End Date,Termination Reason\n\
        9,Children,Senior Social Worker,Grade 10,1,01/09/2012,31/05/2016,Resigned\n";
    let dir = with_profile("ResourceLink", &[("leavers.csv", leavers)], "");
    let d = dir.path().to_str().unwrap();
    let t = csv(&[
        "leavers",
        "--data",
        d,
        "--as-of",
        "2016-07-31",
        "--by",
        "job_title,grade",
    ]);
    assert_eq!(t.get(&["Senior Social Worker", "Grade 10"], "leavers"), "1");
    let bad = with_profile("sap", &[("leavers.csv", leavers)], "");
    let out = run(&["leavers", "--data", bad.path().to_str().unwrap()]);
    assert_eq!(out.status, 2);
    assert!(
        out.stderr.contains(
            "profile = \"sap\": expected \"itrent\", \"esr\", \"oracle\" or \"resourcelink\""
        ),
        "{}",
        out.stderr
    );
}
