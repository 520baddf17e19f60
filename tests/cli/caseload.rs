//! `swr caseload`: cases held on the as-of date (SPEC section 5).
//!
//! A small extract worked by hand below, and the Middlesbrough 2023 fixture
//! against the DfE's published caseload (17.7).

use crate::common::{csv, expect_cells, extracts, fixture, json, notes, run, Csv};

const COLUMNS: [&str; 7] = [
    "case_holders",
    "case_holders_fte",
    "cases",
    "caseload_fte",
    "mean_cases",
    "median_cases",
    "max_cases",
];

/// As of 31/03/2024.
///
/// payroll (team, fte, cases):
///   P1 A 1    10
///   P2 A 0.5   4
///   P3 A 1     0   holds no case: not a case holder
///   P4 B 1    25
///   P5 B 0.8  16   and a second post, B 0.2 with 0 cases: one case holder,
///                  16 cases, 0.8 FTE (a post without cases adds no FTE)
///   P6 B 1     0   holds none (a blank cell is refused: see
///                  rules::blank_cases_and_salary_are_refused_where_used)
///   P7 A 1    30   starts 01/04/2024, after the as-of date: not in post
///   P8 A 0.5   5   and a second post in B, 0.5 with 5 cases: a case holder
///                  in each team, and once in the Total (10 cases, 1.0 FTE)
/// leavers: L1 A 1, leaves 30/04/2024: in post on the day, no cases column
/// agency (team, hours, cases):
///   A1 A 37    12
///   A2 B 18.5   6   0.5 FTE
///   A3 B 37    40   ended 29/03/2024: not active
///   A4 A 37     0   active, holds none
///
/// Team A: P1 10 (1), P2 4 (0.5), P8 5 (0.5), A1 12 (1): 4 holders, 3 FTE,
///   31 cases; caseload 31 / 3 = 10.33 -> 10.3; mean 7.75 -> 7.8; median of
///   4, 5, 10, 12 = 7.5; max 12.
/// Team B: P4 25 (1), P5 16 (0.8), P8 5 (0.5), A2 6 (0.5): 4 holders, 2.8
///   FTE, 52 cases; 52 / 2.8 = 18.57 -> 18.6; mean 13; median of 5, 6, 16,
///   25 = 11; max 25.
/// Total: P1 10, P2 4, P4 25, P5 16, P8 10, A1 12, A2 6: 7 holders, 5.8 FTE,
///   83 cases; 83 / 5.8 = 14.31 -> 14.3; mean 11.86 -> 11.9; median of 4, 6,
///   10, 10, 12, 16, 25 = 10; max 25.
fn small() -> tempfile::TempDir {
    extracts(&[
        (
            "payroll.csv",
            "Employee ID,Directorate,Team,Job Title,FTE,Start Date,Caseload\n\
             P1,Children's,A,Social Worker,1,01/01/2020,10\n\
             P2,Children's,A,Social Worker,0.5,01/01/2020,4\n\
             P3,Children's,A,Team Manager,1,01/01/2020,0\n\
             P4,Children's,B,Social Worker,1,01/01/2020,25\n\
             P5,Children's,B,Social Worker,0.8,01/01/2020,16\n\
             P5,Children's,B,Practice Educator,0.2,01/01/2020,0\n\
             P6,Children's,B,Social Worker,1,01/01/2020,0\n\
             P7,Children's,A,Social Worker,1,01/04/2024,30\n\
             P8,Children's,A,Social Worker,0.5,01/01/2020,5\n\
             P8,Children's,B,Social Worker,0.5,01/01/2020,5\n",
        ),
        (
            "leavers.csv",
            "Employee ID,Directorate,Team,Job Title,FTE,Start Date,Leaving Date,Reason\n\
             L1,Children's,A,Social Worker,1,01/01/2019,30/04/2024,Resignation\n",
        ),
        (
            "agency.csv",
            "Worker ID,Directorate,Team,Job Title,Start Date,End Date,Hours per Week,Hourly Rate,Cases\n\
             A1,Children's,A,Social Worker,01/01/2024,,37,40,12\n\
             A2,Children's,B,Social Worker,01/01/2024,,18.5,40,6\n\
             A3,Children's,B,Social Worker,01/01/2024,29/03/2024,37,40,40\n\
             A4,Children's,A,Social Worker,01/03/2024,,37,40,0\n",
        ),
    ])
}

fn on(dir: &tempfile::TempDir, extra: &[&str]) -> Csv {
    let d = dir.path().to_string_lossy().into_owned();
    let mut args = vec!["caseload", "--data", d.as_str(), "--as-of", "2024-03-31"];
    args.extend_from_slice(extra);
    csv(&args)
}

#[test]
fn mean_median_max_by_team_worked_by_hand() {
    let dir = small();
    let t = on(&dir, &[]);
    assert_eq!(t.header[0], "team", "default --by team");
    assert_eq!(&t.header[1..], &COLUMNS[..]);
    let (a, b, total): (&[&str], &[&str], &[&str]) = (&["A"], &["B"], &["Total"]);
    expect_cells(
        &t,
        &[
            (a, "case_holders", "4"),
            (a, "case_holders_fte", "3"),
            (a, "cases", "31"),
            (a, "caseload_fte", "10.3"),
            (a, "mean_cases", "7.8"),
            (a, "median_cases", "7.5"),
            (a, "max_cases", "12"),
            (b, "case_holders", "4"),
            (b, "case_holders_fte", "2.8"),
            (b, "cases", "52"),
            (b, "caseload_fte", "18.6"),
            (b, "mean_cases", "13"),
            (b, "median_cases", "11"),
            (b, "max_cases", "25"),
            (total, "case_holders", "7"),
            (total, "case_holders_fte", "5.8"),
            (total, "cases", "83"),
            (total, "caseload_fte", "14.3"),
            (total, "mean_cases", "11.9"),
            (total, "median_cases", "10"),
            (total, "max_cases", "25"),
        ],
    );
    let d = dir.path().to_string_lossy().into_owned();
    let n = notes(&json(&["caseload", "--data", &d, "--as-of", "2024-03-31"]));
    let want = "1 of the people in post on 31/03/2024 comes from the leavers extract";
    assert!(n.iter().any(|x| x.contains(want)), "{want}: {n:?}");
}

/// --cap 15: holders with more than 15 cases. A: none (0.0%); B: P4 25 and
/// P5 16 (2 of 4, 50.0%); Total: the same two of 7, 28.6%. A holder with
/// exactly the cap is not over it: --cap 16 leaves P4 alone (1 of 7, 14.3%).
#[test]
fn cap_counts_holders_over_it() {
    let dir = small();
    let t = on(&dir, &["--cap", "15"]);
    assert_eq!(
        &t.header[t.header.len() - 2..],
        ["over_cap", "over_cap_pct"]
    );
    expect_cells(
        &t,
        &[
            (&["A"], "over_cap", "0"),
            (&["A"], "over_cap_pct", "0.0"),
            (&["B"], "over_cap", "2"),
            (&["B"], "over_cap_pct", "50.0"),
            (&["Total"], "over_cap", "2"),
            (&["Total"], "over_cap_pct", "28.6"),
        ],
    );
    let t = on(&dir, &["--cap", "16"]);
    expect_cells(
        &t,
        &[
            (&["Total"], "over_cap", "1"),
            (&["Total"], "over_cap_pct", "14.3"),
        ],
    );
}

/// --of staff: P1 10 (1), P2 4 (0.5), P4 25 (1), P5 16 (0.8), P8 10 (1 FTE
/// over two posts): 5 holders, 4.3 FTE, 65 cases, 65 / 4.3 = 15.12 -> 15.1,
/// mean 13, median 10, max 25.
/// --of agency: A1 12 (1) and A2 6 (0.5): 2, 1.5 FTE, 18 cases, 12, mean 9,
/// median 9, max 12.
#[test]
fn of_staff_and_of_agency() {
    let dir = small();
    let staff = on(&dir, &["--of", "staff", "--by", "directorate"]);
    expect_cells(
        &staff,
        &[
            (&["Total"], "case_holders", "5"),
            (&["Total"], "case_holders_fte", "4.3"),
            (&["Total"], "cases", "65"),
            (&["Total"], "caseload_fte", "15.1"),
            (&["Total"], "mean_cases", "13"),
            (&["Total"], "median_cases", "10"),
            (&["Total"], "max_cases", "25"),
        ],
    );
    let agency = on(&dir, &["--of", "agency", "--by", "directorate"]);
    expect_cells(
        &agency,
        &[
            (&["Total"], "case_holders", "2"),
            (&["Total"], "case_holders_fte", "1.5"),
            (&["Total"], "cases", "18"),
            (&["Total"], "caseload_fte", "12"),
            (&["Total"], "mean_cases", "9"),
            (&["Total"], "median_cases", "9"),
            (&["Total"], "max_cases", "12"),
        ],
    );
}

/// A day back: on 28/03/2024 A3 (ended 29/03/2024, 40 cases) was active and
/// A4 (started 01/03/2024) too. Total: 8 holders, 5.8 + 1 = 6.8 FTE, 123
/// cases (A4 holds none).
#[test]
fn a_back_dated_as_of_date() {
    let dir = small();
    let d = dir.path().to_string_lossy().into_owned();
    let t = csv(&["caseload", "--data", &d, "--as-of", "2024-03-28"]);
    expect_cells(
        &t,
        &[
            (&["Total"], "case_holders", "8"),
            (&["Total"], "case_holders_fte", "6.8"),
            (&["Total"], "cases", "123"),
            (&["Total"], "max_cases", "40"),
        ],
    );
}

/// Without a cases column the figures are N/A (never 0) and the notes say
/// why; an agency extract without one leaves the staff alone.
#[test]
fn no_cases_column() {
    let dir = extracts(&[(
        "payroll.csv",
        "Employee ID,Directorate,Team,Job Title,FTE,Start Date\n\
         P1,Children's,A,Social Worker,1,01/01/2020\n",
    )]);
    let d = dir.path().to_string_lossy().into_owned();
    let t = csv(&["caseload", "--data", &d, "--as-of", "2024-03-31"]);
    assert_eq!(t.rows.len(), 1);
    assert!(t.rows[0][1..].iter().all(|c| c.is_empty()), "{:?}", t.rows);
    let n = notes(&json(&["caseload", "--data", &d, "--as-of", "2024-03-31"]));
    assert!(n.iter().any(|x| x.contains("no cases column")), "{n:?}");

    let dir = small();
    let agency = "Worker ID,Directorate,Team,Job Title,Start Date,Hourly Rate\n\
                  A1,Children's,A,Social Worker,01/01/2024,40\n";
    crate::common::write(dir.path(), "agency.csv", agency);
    let t = on(&dir, &["--by", "directorate"]);
    // The staff of --of staff above.
    assert_eq!(t.get(&["Total"], "cases"), "65");
    let d = dir.path().to_string_lossy().into_owned();
    let n = notes(&json(&["caseload", "--data", &d, "--as-of", "2024-03-31"]));
    assert!(
        n.iter()
            .any(|x| x.contains("The agency extract has no cases column")),
        "{n:?}"
    );
    // --of agency needs the agency extract.
    let lone = extracts(&[(
        "payroll.csv",
        "Employee ID,Directorate,Team,Job Title,FTE,Start Date,Cases\nP1,C,A,SW,1,01/01/2020,3\n",
    )]);
    let out = run(&[
        "caseload",
        "--data",
        &lone.path().to_string_lossy(),
        "--of",
        "agency",
    ]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("needs the agency extract"),
        "{}",
        out.stderr
    );
}

/// Middlesbrough on 30/09/2023: the DfE's 100.8 FTE of case holders, 1784
/// cases, 17.7 a case holder FTE (2023 row of the indicators file). 81 staff
/// (80 full-time social workers and one at 0.8) and 20 placements hold
/// cases; three placements not active that day hold 41 more that do not
/// count.
#[test]
fn middlesbrough_2023_as_dfe() {
    let d = fixture("middlesbrough_2023").to_string_lossy().into_owned();
    let t = csv(&["caseload", "--data", &d, "--as-of", "2023-09-30"]);
    expect_cells(
        &t,
        &[
            (&["Total"], "case_holders", "101"),
            (&["Total"], "case_holders_fte", "100.8"),
            (&["Total"], "cases", "1784"),
            (&["Total"], "caseload_fte", "17.7"),
            // mean per case holder: 1784 / 101 = 17.66
            (&["Total"], "mean_cases", "17.7"),
        ],
    );
}

/// The demo council has cases on payroll and agency: every figure of the
/// Total is there, and its CSV files and council.xlsx give the same table.
#[test]
fn demo_csv_and_xlsx_agree() {
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo");
    let a = csv(&["caseload", "--cap", "20", "--data", &demo.to_string_lossy()]);
    let b = csv(&[
        "caseload",
        "--cap",
        "20",
        "--data",
        &demo.join("council.xlsx").to_string_lossy(),
    ]);
    assert_eq!(a.rows, b.rows);
    let total = a.row(&["Total"]);
    assert!(total[1..].iter().all(|c| !c.is_empty()), "{total:?}");
}

/// Issue 18, defect 4: a case holder is a row (post or placement) holding 1
/// case or more, and only those rows bring FTE (SPEC 5). As of 31/03/2024:
///
///   P7 A 0.5  5 cases    P7 B 0.5  0 cases (not a holder row: no FTE)
///   P8 A 0.6  4 cases    P8 B 0.4  6 cases
///
/// Per case holder means, in a row of --by, the person's holder rows in
/// that group; in the Total, all their holder rows.
/// A: P7 5 (0.5), P8 4 (0.6): 2 holders, 1.1 FTE, 9 cases; 9 / 1.1 = 8.18
///    -> 8.2; mean 9 / 2 = 4.5; median of 4, 5 = 4.5; max 5.
/// B: P8 6 (0.4): 1 holder, 0.4 FTE, 6 cases; 6 / 0.4 = 15; mean, median,
///    max 6.
/// Total: P7 5 (0.5: the 0.5 in B holds none), P8 4 + 6 = 10 (0.6 + 0.4 =
///    1): 2 holders, 1.5 FTE, 15 cases; 15 / 1.5 = 10; mean 15 / 2 = 7.5;
///    median of 5, 10 = 7.5; max 10.
/// --cap 5: A none over 5 (P7 has exactly 5), B P8 (6), Total P8 (10): 0,
///    1 of 1 = 100.0%, 1 of 2 = 50.0%.
/// The old code summed each person's posts before asking who holds cases:
/// its Total gave P7 1 FTE, 2 FTE in all and 15 / 2 = 7.5.
#[test]
fn a_post_without_cases_adds_no_fte_in_the_total() {
    let dir = extracts(&[(
        "payroll.csv",
        "Employee ID,Directorate,Team,Job Title,FTE,Start Date,Caseload\n\
         P7,Children's,A,Social Worker,0.5,01/01/2020,5\n\
         P7,Children's,B,Practice Educator,0.5,01/01/2020,0\n\
         P8,Children's,A,Social Worker,0.6,01/01/2020,4\n\
         P8,Children's,B,Social Worker,0.4,01/01/2020,6\n",
    )]);
    let t = on(&dir, &["--cap", "5"]);
    let (a, b, total): (&[&str], &[&str], &[&str]) = (&["A"], &["B"], &["Total"]);
    expect_cells(
        &t,
        &[
            (a, "case_holders", "2"),
            (a, "case_holders_fte", "1.1"),
            (a, "cases", "9"),
            (a, "caseload_fte", "8.2"),
            (a, "mean_cases", "4.5"),
            (a, "median_cases", "4.5"),
            (a, "max_cases", "5"),
            (a, "over_cap", "0"),
            (b, "case_holders", "1"),
            (b, "case_holders_fte", "0.4"),
            (b, "cases", "6"),
            (b, "caseload_fte", "15"),
            (b, "mean_cases", "6"),
            (b, "median_cases", "6"),
            (b, "max_cases", "6"),
            (b, "over_cap", "1"),
            (b, "over_cap_pct", "100.0"),
            (total, "case_holders", "2"),
            (total, "case_holders_fte", "1.5"),
            (total, "cases", "15"),
            (total, "caseload_fte", "10"),
            (total, "mean_cases", "7.5"),
            (total, "median_cases", "7.5"),
            (total, "max_cases", "10"),
            (total, "over_cap", "1"),
            (total, "over_cap_pct", "50.0"),
        ],
    );
    // The partition rule: each row equals the Total of --where team=value,
    // on every column.
    for team in ["A", "B"] {
        let filter = format!("team={team}");
        let w = on(&dir, &["--cap", "5", "--where", &filter]);
        assert_eq!(
            w.row(&["Total"])[1..],
            t.row(&[team])[1..],
            "--where {filter}"
        );
    }
}

/// A payroll extract without an fte column: the FTE of staff case holders
/// is unknown, so case_holders_fte and caseload_fte are N/A (the old code
/// gave the placement's 1 FTE and 15 cases / 1 = 15); the counts stand:
/// P1 10 cases and A1 5, 2 holders, mean 7.5, median 7.5, max 10.
#[test]
fn payroll_without_fte_gives_na_fte_figures() {
    let dir = extracts(&[
        (
            "payroll.csv",
            "Employee ID,Directorate,Team,Job Title,Start Date,Cases\n\
             P1,C,A,SW,01/01/2020,10\n",
        ),
        (
            "agency.csv",
            "Worker ID,Directorate,Team,Job Title,Start Date,Hours per Week,Hourly Rate,Cases\n\
             A1,C,A,SW,01/01/2024,37,40,5\n",
        ),
    ]);
    let t = on(&dir, &[]);
    for keys in [&["A"][..], &["Total"]] {
        expect_cells(
            &t,
            &[
                (keys, "case_holders", "2"),
                (keys, "case_holders_fte", ""),
                (keys, "cases", "15"),
                (keys, "caseload_fte", ""),
                (keys, "mean_cases", "7.5"),
                (keys, "median_cases", "7.5"),
                (keys, "max_cases", "10"),
            ],
        );
    }
    let d = dir.path().to_string_lossy().into_owned();
    let n = notes(&json(&["caseload", "--data", &d, "--as-of", "2024-03-31"]));
    assert!(
        n.iter()
            .any(|x| x.contains("The payroll extract has no fte column")),
        "{n:?}"
    );
    // --of agency does not need it.
    let t = on(&dir, &["--of", "agency"]);
    assert_eq!(t.get(&["Total"], "caseload_fte"), "5");
}
