//! Counts of people in the Total (SPEC 4, Totals): a person with rows in
//! more than one group counts in each and once in the Total, and a note
//! says how many people appear in more than one row; and `--every` keeps
//! the notes of every step (SPEC 6). Issue 18, worked by hand on small
//! councils.
use crate::common::*;

/// As of 31/03/2025, period 1 April 2024 to 31 March 2025. Every row is
/// directorate D1, Social Worker, Grade 9.
///
/// payroll (team, fte, start, salary, cases):
///   E1 A 0.5 01/01/2020 40,000  5    and B 0.5, 4 cases: two teams
///   E2 A 0.6 01/06/2024 38,000  3    and C 0.4, 2 cases: two teams, a
///                                    starter in the period in each
///   E3 A 0.4 01/01/2020 42,000  2    and B 0.3 (1 case) and C 0.3 (1
///                                    case): three teams
///   E4 A 1   01/01/2020 41,000 10
///   E5 B 1   01/01/2020 39,000  0    holds no case
///   E6 C 1   01/01/2020 43,000  7
/// leavers: E7 A, left 30/06/2024; E8 B, left 31/12/2023.
/// establishment: A 4, B 3, C 3 FTE.
///
/// In post on 31/03/2025: A E1, E2, E3, E4 = 4; B E1, E3, E5 = 3; C E2,
/// E3, E6 = 3; Total E1 to E6 = 6. The rows add up to 10, 4 more than the
/// Total: E1 and E2 once more each, E3 twice. So 3 people are in more than
/// one row (not "10 against 6").
fn council() -> tempfile::TempDir {
    extracts(&[
        (
            "payroll.csv",
            "employee_id,directorate,team,job_title,grade,fte,start_date,salary,cases\n\
             E1,D1,A,Social Worker,Grade 9,0.5,01/01/2020,40000,5\n\
             E1,D1,B,Social Worker,Grade 9,0.5,01/01/2020,40000,4\n\
             E2,D1,A,Social Worker,Grade 9,0.6,01/06/2024,38000,3\n\
             E2,D1,C,Social Worker,Grade 9,0.4,01/06/2024,38000,2\n\
             E3,D1,A,Social Worker,Grade 9,0.4,01/01/2020,42000,2\n\
             E3,D1,B,Social Worker,Grade 9,0.3,01/01/2020,42000,1\n\
             E3,D1,C,Social Worker,Grade 9,0.3,01/01/2020,42000,1\n\
             E4,D1,A,Social Worker,Grade 9,1,01/01/2020,41000,10\n\
             E5,D1,B,Social Worker,Grade 9,1,01/01/2020,39000,0\n\
             E6,D1,C,Social Worker,Grade 9,1,01/01/2020,43000,7\n",
        ),
        (
            "leavers.csv",
            "employee_id,directorate,team,job_title,grade,fte,start_date,leave_date,reason\n\
             E7,D1,A,Social Worker,Grade 9,1,01/01/2019,30/06/2024,Resignation\n\
             E8,D1,B,Social Worker,Grade 9,1,01/01/2019,31/12/2023,Resignation\n",
        ),
        (
            "establishment.csv",
            "directorate,team,job_title,grade,fte\n\
             D1,A,Social Worker,Grade 9,4\n\
             D1,B,Social Worker,Grade 9,3\n\
             D1,C,Social Worker,Grade 9,3\n",
        ),
    ])
}

/// The table and the notes (standard error) of a CSV run on `dir`.
fn table_and_notes(dir: &tempfile::TempDir, args: &[&str]) -> (Csv, Vec<String>) {
    let mut all: Vec<&str> = args.to_vec();
    let data = dir.path().to_str().unwrap();
    all.extend(["--data", data, "--format", "csv"]);
    let out = run(&all);
    assert_eq!(out.status, 0, "swr {}:\n{}", all.join(" "), out.stderr);
    let notes = out
        .stderr
        .lines()
        .filter_map(|l| l.strip_prefix("note: "))
        .map(str::to_string)
        .collect();
    (Csv::parse(&out.stdout), notes)
}

/// The notes about people in more than one row.
fn in_several(notes: &[String]) -> Vec<&str> {
    notes
        .iter()
        .filter(|n| n.contains("more than one"))
        .map(String::as_str)
        .collect()
}

const DATES: [&str; 4] = [
    "--as-of",
    "2025-03-31",
    "--period",
    "2024-04-01..2025-03-31",
];

/// Issue 18: the note on people in more than one row gave the rows' sum
/// against the Total ("in_post 10 against 6; starters 2 against 1"), not
/// how many people. turnover --by team: in_post as above; starters: E2,
/// who started 01/06/2024, in A and C (1 each) and once in the Total.
/// E1, E2 and E3 are in more than one row: 3 people (E1, E2, E3 for
/// in_post; E2 for starters).
#[test]
fn turnover_says_how_many_people_are_in_more_than_one_row() {
    let dir = council();
    let mut args = vec!["turnover", "--by", "team"];
    args.extend(DATES);
    let (t, notes) = table_and_notes(&dir, &args);
    expect_cells(
        &t,
        &[
            (&["A"], "in_post", "4"),
            (&["B"], "in_post", "3"),
            (&["C"], "in_post", "3"),
            (&["Total"], "in_post", "6"),
            (&["A"], "starters", "1"),
            (&["B"], "starters", "0"),
            (&["C"], "starters", "1"),
            (&["Total"], "starters", "1"),
            (&["A"], "leavers", "1"),
            (&["Total"], "leavers", "1"),
        ],
    );
    assert_eq!(
        in_several(&notes),
        ["3 people are in more than one row (in_post 3, starters 1): counted in each and once in the Total, so the rows add up to more than it."],
        "{notes:#?}"
    );
}

/// caseload --by team: case holders are people with 1 case or more in the
/// group: A E1 (5), E2 (3), E3 (2), E4 (10) = 4; B E1 (4), E3 (1) = 2 (E5
/// holds none); C E2 (2), E3 (1), E6 (7) = 3; Total E1, E2, E3, E4, E6 =
/// 5. The rows add up to 9: E1, E2 and E3 in more than one row, 3 people.
#[test]
fn caseload_says_how_many_case_holders_are_in_more_than_one_row() {
    let dir = council();
    let (t, notes) = table_and_notes(&dir, &["caseload", "--by", "team", "--as-of", "2025-03-31"]);
    expect_cells(
        &t,
        &[
            (&["A"], "case_holders", "4"),
            (&["B"], "case_holders", "2"),
            (&["C"], "case_holders", "3"),
            (&["Total"], "case_holders", "5"),
            (&["Total"], "cases", "35"),
        ],
    );
    assert_eq!(
        in_several(&notes),
        ["3 people are in more than one row (case_holders): counted in each and once in the Total, so the rows add up to more than it."],
        "{notes:#?}"
    );
}

/// pay --by team: headcount is the stock in post, as in turnover: 4, 3, 3
/// and 6 in the Total; 3 people in more than one row.
#[test]
fn pay_says_how_many_people_are_in_more_than_one_row() {
    let dir = council();
    let (t, notes) = table_and_notes(&dir, &["pay", "--by", "team", "--as-of", "2025-03-31"]);
    expect_cells(
        &t,
        &[
            (&["A"], "headcount", "4"),
            (&["B"], "headcount", "3"),
            (&["C"], "headcount", "3"),
            (&["Total"], "headcount", "6"),
        ],
    );
    assert_eq!(
        in_several(&notes),
        ["3 people are in more than one row (headcount): counted in each and once in the Total, so the rows add up to more than it."],
        "{notes:#?}"
    );
}

/// census --year 2024 --by team (in post on 30/09/2024, flows from
/// 01/10/2023): in post as on 31/03/2025 (E2 had started, E7 had left), so
/// inpost_headcount 4, 3, 3 and 6; starters_headcount E2 in A and C, 1 in
/// the Total; leavers_headcount E7 in A and E8 in B, 2 (one row each). 3
/// people in more than one row: E1, E2, E3 (E2 in both columns).
#[test]
fn census_says_how_many_people_are_in_more_than_one_row() {
    let dir = council();
    let (t, notes) = table_and_notes(&dir, &["census", "--year", "2024", "--by", "team"]);
    expect_cells(
        &t,
        &[
            (&["A"], "inpost_headcount", "4"),
            (&["B"], "inpost_headcount", "3"),
            (&["C"], "inpost_headcount", "3"),
            (&["Total"], "inpost_headcount", "6"),
            (&["A"], "starters_headcount", "1"),
            (&["C"], "starters_headcount", "1"),
            (&["Total"], "starters_headcount", "1"),
            (&["A"], "leavers_headcount", "1"),
            (&["B"], "leavers_headcount", "1"),
            (&["Total"], "leavers_headcount", "2"),
        ],
    );
    assert_eq!(
        in_several(&notes),
        ["3 people are in more than one row (inpost_headcount 3, starters_headcount 1): counted in each and once in the Total, so the rows add up to more than it."],
        "{notes:#?}"
    );
}

/// incentives --by team with one rule, £1,000 on every anniversary: paid
/// in the period to E1 (01/01/2025, in A and B), E3 (A, B and C), E4 (A),
/// E5 (B) and E6 (C); E2's first anniversary, 01/06/2025, is after it. So
/// people A 3, B 3, C 2, Total 5; payments 8 (one a post). The rows add up
/// to 8: E1 once more, E3 twice: 2 people in more than one row.
#[test]
fn incentives_say_how_many_people_are_in_more_than_one_row() {
    let dir = council();
    write(
        dir.path(),
        "swr.toml",
        "[[incentive]]\nname = \"Retention payment\"\namount = 1000\nwhen = \"anniversary\"\n",
    );
    let mut args = vec!["incentives", "--by", "team"];
    args.extend(DATES);
    let (t, notes) = table_and_notes(&dir, &args);
    expect_cells(
        &t,
        &[
            (&["A"], "people", "3"),
            (&["B"], "people", "3"),
            (&["C"], "people", "2"),
            (&["Total"], "people", "5"),
            (&["Total"], "payments", "8"),
            (&["Total"], "cost", "8000.00"),
        ],
    );
    assert_eq!(
        in_several(&notes),
        ["2 people are in more than one row (people): counted in each and once in the Total, so the rows add up to more than it."],
        "{notes:#?}"
    );
}

/// With everyone in one row (--by directorate: all in D1) there is no such
/// note.
#[test]
fn no_note_when_nobody_is_in_more_than_one_row() {
    let dir = council();
    for cmd in ["turnover", "caseload", "pay"] {
        let (_, notes) =
            table_and_notes(&dir, &[cmd, "--by", "directorate", "--as-of", "2025-03-31"]);
        assert!(in_several(&notes).is_empty(), "{cmd}: {notes:#?}");
    }
}

/// Issue 18: `--every` kept only the last step's notes. Payroll: E1 in A,
/// E2 in B, both since 2020; leavers: E1's second post, in B from
/// 01/06/2021 to 15/11/2023, and E3 in A from 2019 to 31/12/2023. Quarters
/// over 1 July 2023 to 30 June 2024:
///   2023Q3 (30/09/2023): in post A E1, E3; B E1, E2; Total 3: E1 is in
///     more than one row. Its flows (the 12 months to 30/09/2023) end
///     before the leavers extract's first leave date (15/11/2023): N/A,
///     with a note.
///   2023Q4 to 2024Q2: in post A E1, B E2; leavers E3 (A) and E1's post in
///     B; each partly inside the leavers extract's dates, with a note
///     naming its own dates.
/// Each note is kept once, with the steps it is of; "Filtered" is of every
/// step, as it is.
#[test]
fn every_keeps_the_notes_of_every_step() {
    let dir = extracts(&[
        (
            "payroll.csv",
            "employee_id,directorate,team,job_title,grade,fte,start_date\n\
             E1,D1,A,Social Worker,Grade 9,1,01/01/2020\n\
             E2,D1,B,Social Worker,Grade 9,1,01/01/2020\n",
        ),
        (
            "leavers.csv",
            "employee_id,directorate,team,job_title,grade,fte,start_date,leave_date,reason\n\
             E1,D1,B,Social Worker,Grade 9,0.5,01/06/2021,15/11/2023,Resignation\n\
             E3,D1,A,Social Worker,Grade 9,1,01/01/2019,31/12/2023,Resignation\n",
        ),
    ]);
    let (t, notes) = table_and_notes(
        &dir,
        &[
            "turnover",
            "--by",
            "team",
            "--where",
            "directorate=D1",
            "--every",
            "quarter",
            "--period",
            "2023-07-01..2024-06-30",
        ],
    );
    expect_cells(
        &t,
        &[
            (&["2023Q3", "A"], "in_post", "2"),
            (&["2023Q3", "B"], "in_post", "2"),
            (&["2023Q3", "Total"], "in_post", "3"),
            (&["2023Q3", "Total"], "leavers", ""),
            (&["2023Q4", "Total"], "in_post", "2"),
            (&["2023Q4", "Total"], "leavers", "2"),
        ],
    );
    let partly = |label: &str, as_of: &str, period: &str| {
        format!("{label}: The leavers extract holds leave dates from 15/11/2023 to 31/12/2023, as of {as_of}: {period} is only partly inside, and starters, leavers and turnover are worked out from what it holds.")
    };
    let want = [
        "Filtered: directorate = D1.".to_string(),
        "2023Q3: The leavers extract holds leave dates from 15/11/2023 to 31/12/2023: 1 Oct 2022 to 30 Sep 2023 ends before them, so starters, leavers and turnover for it are N/A.".to_string(),
        "2023Q3: 1 person is in more than one row (in_post): counted in each and once in the Total, so the rows add up to more than it.".to_string(),
        partly("2023Q4", "31/12/2023", "1 Jan 2023 to 31 Dec 2023"),
        partly("2024Q1", "31/03/2024", "1 Apr 2023 to 31 Mar 2024"),
        partly("2024Q2", "30/06/2024", "1 Jul 2023 to 30 Jun 2024"),
    ];
    for w in &want {
        assert_eq!(
            notes.iter().filter(|n| *n == w).count(),
            1,
            "{w}\nnot once in {notes:#?}"
        );
    }
    // In the order they first appear.
    let at: Vec<usize> = want
        .iter()
        .map(|w| notes.iter().position(|n| n == w).unwrap())
        .collect();
    assert!(at.windows(2).all(|p| p[0] < p[1]), "{notes:#?}");
    // Each step's definition, at its own dates.
    for (label, end) in [
        ("2023Q3", "30/09/2023"),
        ("2023Q4", "31/12/2023"),
        ("2024Q1", "31/03/2024"),
        ("2024Q2", "30/06/2024"),
    ] {
        let w = format!("{label}: turnover_pct = leavers / in post at the period end ({end}) x 100, the DfE definition.");
        assert!(notes.contains(&w), "{w}\nnot in {notes:#?}");
    }
}
