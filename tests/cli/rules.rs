//! The rules of SPEC section 4 that every command shares, asked of every
//! command that the rule touches: blank cells, counts, spans. Each council
//! here is a few rows written out by hand, and each expected figure is
//! worked out in the comment beside it.

use crate::common::{extracts, run};

/// `swr COMMAND --as-of 2024-03-31 --format csv` in `dir`, plus `more`.
fn swr_in(dir: &std::path::Path, command: &[&str], more: &[&str]) -> crate::common::Output {
    let mut args: Vec<&str> = command.to_vec();
    let data = dir.to_str().unwrap();
    args.extend(["--data", data, "--as-of", "2024-03-31", "--format", "csv"]);
    args.extend(more);
    run(&args)
}

/// Every command that works in FTE from payroll, with what it needs.
const FTE_COMMANDS: [&[&str]; 10] = [
    &["vacancies"],
    &["costs"],
    &["turnover"],
    &["cohorts", "--of", "staff"],
    &["pay", "--by", "job_title"],
    &["caseload"],
    &["absence"],
    &["census"],
    &["movements", "--from", "PAYROLL"],
    &["incentives"],
];

const ESTABLISHMENT: &str = "post_id,directorate,team,job_title,grade,fte\n\
P1,D1,A,SW,G8,1\nP2,D1,A,SW,G8,1\n";
const LEAVERS: &str =
    "employee_id,directorate,team,job_title,grade,fte,start_date,leave_date,reason\n\
E9,D1,A,SW,G8,1,01/01/2015,15/01/2024,Resignation\n";
const ABSENCE: &str =
    "employee_id,start_date,end_date,working_days_lost\nE1,08/01/2024,12/01/2024,5\n";
const MARKET: &str = "job_title,market_median\nSW,40000\n";
const AGENCY: &str = "worker_id,directorate,team,job_title,start_date,end_date,hourly_rate,cases\n\
W1,D1,A,SW,01/01/2024,,30,4\n";
const TOML: &str =
    "[[incentive]]\nname = \"R\"\namount = 100\nwhen = \"anniversary\"\npro_rata = true\n";

/// A payroll of two people; E2's `column` cell is `value`.
fn payroll_with(column: &str, value: &str) -> String {
    let header = "employee_id,post_id,directorate,team,job_title,grade,fte,start_date,salary,cases";
    let mut e2 = vec![
        "E2",
        "P2",
        "D1",
        "A",
        "SW",
        "G8",
        "0.5",
        "01/06/2020",
        "38000",
        "3",
    ];
    let i = header.split(',').position(|h| h == column).unwrap();
    e2[i] = value;
    format!(
        "{header}\nE1,P1,D1,A,SW,G8,1,01/01/2019,40000,7\n{}\n",
        e2.join(",")
    )
}

fn council(payroll: &str) -> tempfile::TempDir {
    extracts(&[
        ("establishment.csv", ESTABLISHMENT),
        ("payroll.csv", payroll),
        ("earlier.csv", payroll),
        ("leavers.csv", LEAVERS),
        ("absence.csv", ABSENCE),
        ("market.csv", MARKET),
        ("agency.csv", AGENCY),
        ("swr.toml", TOML),
    ])
}

fn with_from(cmd: &[&str], dir: &std::path::Path) -> Vec<String> {
    let earlier = dir.join("earlier.csv").to_string_lossy().into_owned();
    cmd.iter()
        .map(|a| {
            if *a == "PAYROLL" {
                earlier.clone()
            } else {
                a.to_string()
            }
        })
        .collect()
}

/// Issue 18, defect 1: a blank payroll fte (row 3 of the file, E2's) was
/// read as 0 by caseload (case_holders_fte 1, caseload 7 where E2's 3 cases
/// stood on no FTE), absence and census, while vacancies refused it. A blank
/// in a column a command's figures use is a data error naming the cell in
/// every command that uses it (SPEC 4, "Blank cells").
#[test]
fn a_blank_fte_is_refused_by_every_command_that_works_in_fte() {
    let dir = council(&payroll_with("fte", ""));
    for cmd in FTE_COMMANDS {
        let cmd = with_from(cmd, dir.path());
        let cmd: Vec<&str> = cmd.iter().map(String::as_str).collect();
        let out = swr_in(dir.path(), &cmd, &[]);
        assert_eq!(
            out.status, 1,
            "swr {cmd:?} should refuse the blank fte:\n{}{}",
            out.stdout, out.stderr
        );
        assert!(
            out.stderr.contains("payroll.csv, row 3, column 'fte'") && out.stderr.contains("blank"),
            "swr {cmd:?} names the cell: {}",
            out.stderr
        );
    }
}

/// With --skip-invalid the row is set aside and counted, not read as 0:
/// caseload is then E1 alone (7 cases on 1 FTE).
#[test]
fn skip_invalid_sets_a_blank_fte_aside() {
    let dir = council(&payroll_with("fte", ""));
    let out = swr_in(
        dir.path(),
        &["caseload", "--by", "team", "--of", "staff"],
        &["--skip-invalid"],
    );
    assert_eq!(out.status, 0, "{}", out.stderr);
    let t = crate::common::Csv::parse(&out.stdout);
    assert_eq!(t.get(&["Total"], "case_holders"), "1");
    assert_eq!(t.get(&["Total"], "case_holders_fte"), "1");
    assert_eq!(t.get(&["Total"], "cases"), "7");
    assert!(out.stderr.contains("1 row set aside"), "{}", out.stderr);
}

/// `swr check` lists a blank fte and a blank cases cell (it read nothing
/// wrong before: 0 warnings).
#[test]
fn check_lists_blank_cells_that_figures_use() {
    for (column, header) in [("fte", "fte"), ("cases", "cases"), ("salary", "salary")] {
        let dir = council(&payroll_with(column, ""));
        let out = run(&[
            "check",
            "--data",
            dir.path().to_str().unwrap(),
            "--format",
            "csv",
        ]);
        let listed = out.stdout.lines().any(|l| {
            l.starts_with("payroll,") && l.contains(&format!(",3,{header},")) && l.contains("blank")
        });
        assert!(listed, "check lists the blank {column}:\n{}", out.stdout);
    }
}

/// A blank cases cell is refused by caseload and census (it was a holder of
/// none), and a blank salary by costs and pay (pay left the person out).
#[test]
fn blank_cases_and_salary_are_refused_where_used() {
    for (column, commands) in [
        ("cases", vec![vec!["caseload"], vec!["census"]]),
        (
            "salary",
            vec![vec!["costs"], vec!["pay", "--by", "job_title"]],
        ),
    ] {
        let dir = council(&payroll_with(column, ""));
        for cmd in commands {
            let out = swr_in(dir.path(), &cmd, &[]);
            assert_eq!(
                out.status, 1,
                "swr {cmd:?}, blank {column}:\n{}{}",
                out.stdout, out.stderr
            );
            assert!(
                out.stderr.contains(&format!("row 3, column '{column}'")),
                "{}",
                out.stderr
            );
        }
        // A command that does not use the column is not stopped by it.
        let out = swr_in(dir.path(), &["turnover"], &[]);
        assert_eq!(
            out.status, 0,
            "turnover does not use {column}: {}",
            out.stderr
        );
    }
}

/// Issue 18, defect 5: cases of 2.5 were accepted, and the Total printed 7
/// cases while caseload_fte used 6.5. Cases are whole numbers, 0 or more
/// (SPEC 4, "Counts").
#[test]
fn cases_are_whole_numbers() {
    let dir = council(&payroll_with("cases", "2.5"));
    for cmd in [&["caseload"][..], &["census"]] {
        let out = swr_in(dir.path(), cmd, &[]);
        assert_eq!(out.status, 1, "swr {cmd:?}:\n{}{}", out.stdout, out.stderr);
        assert!(
            out.stderr.contains("row 3, column 'cases'") && out.stderr.contains("whole number"),
            "{}",
            out.stderr
        );
    }
}

/// Issue 18, defect 12: an agency placement that ends before it starts
/// (01/06/2024 to 01/03/2024) was counted by `agency` (placements 1,
/// covering 1), given 0 days by `costs`, and only warned of by `check`.
/// Defect 9: an absence spell ending before it starts counted. A span that
/// ends before it starts is a data error in every command that reads the
/// extract (SPEC 4, "Spans"), and an error in `swr check`.
#[test]
fn spans_that_end_before_they_start_are_refused() {
    let payroll = payroll_with("fte", "0.5");
    let agency = "worker_id,directorate,team,job_title,start_date,end_date,hourly_rate\n\
W1,D1,A,SW,01/01/2024,31/03/2024,30\nW2,D1,A,SW,01/06/2024,01/03/2024,30\n";
    let leavers_bad = "employee_id,directorate,team,job_title,fte,start_date,leave_date,reason\n\
E9,D1,A,SW,1,01/02/2024,15/01/2024,Resignation\n";
    let absence_bad =
        "employee_id,start_date,end_date,working_days_lost\nE1,12/01/2024,08/01/2024,5\n";
    let cases: [(&str, &str, &str, Vec<&[&str]>); 3] = [
        (
            "agency.csv",
            agency,
            "end_date",
            vec![&["agency"], &["costs"], &["vacancies"], &["caseload"]],
        ),
        (
            "leavers.csv",
            leavers_bad,
            "leave_date",
            vec![&["leavers"], &["turnover"], &["vacancies"]],
        ),
        ("absence.csv", absence_bad, "end_date", vec![&["absence"]]),
    ];
    for (file, text, column, commands) in cases {
        let dir = council(&payroll);
        crate::common::write(dir.path(), file, text);
        for cmd in commands {
            let out = swr_in(dir.path(), cmd, &[]);
            assert_eq!(
                out.status, 1,
                "swr {cmd:?} with {file}:\n{}{}",
                out.stdout, out.stderr
            );
            assert!(
                out.stderr
                    .contains(&format!("{file}, row 3, column '{column}'"))
                    || out
                        .stderr
                        .contains(&format!("{file}, row 2, column '{column}'")),
                "swr {cmd:?} names the cell: {}",
                out.stderr
            );
            assert!(out.stderr.contains("before"), "{}", out.stderr);
        }
        let out = run(&[
            "check",
            "--data",
            dir.path().to_str().unwrap(),
            "--format",
            "csv",
        ]);
        assert_eq!(out.status, 1, "check fails on {file}: {}", out.stdout);
        assert!(
            out.stdout
                .lines()
                .any(|l| l.contains(&format!(",{column},")) && l.contains(",error,")),
            "check lists the span in {file} as an error:\n{}",
            out.stdout
        );
    }
}

/// `swr COMMAND --format csv` with `args`, run in `dir`: the table.
fn table(dir: &std::path::Path, args: &[&str]) -> crate::common::Csv {
    let mut all: Vec<&str> = args.to_vec();
    let data = dir.to_str().unwrap();
    all.extend(["--data", data]);
    crate::common::csv(&all)
}

/// Issue 18, defect 2: E3 holds two posts, 0.6 in D1 and 0.4 in D2, and has
/// one 5-day spell (Monday 6 to Friday 10 January 2025). `--by directorate`
/// gave D1 all 5 days and D2 none, while `--where directorate=D1` gave 3
/// and `=D2` 2. A spell is the person's: it goes to both rows, its days
/// shared 0.6 : 0.4 (SPEC 4, "Rows and people"). By hand: working and FTE
/// days lost D1 5 x 0.6 = 3, D2 5 x 0.4 = 2 (FTE days = 5 x E3's 1.0 FTE,
/// shared the same way); spells 1 in each row and 1 in the Total; E1 and E2
/// have none. The Total is 5 days, the sum of the rows.
#[test]
fn a_spell_of_a_person_with_two_posts_is_shared_by_fte() {
    let dir = extracts(&[
        (
            "payroll.csv",
            "employee_id,directorate,team,job_title,fte,start_date\n\
             E1,D1,A,SW,1,01/01/2020\nE2,D2,B,SW,1,01/01/2020\n\
             E3,D1,A,SW,0.6,01/01/2020\nE3,D2,B,SW,0.4,01/01/2020\n",
        ),
        (
            "absence.csv",
            "employee_id,start_date,end_date,working_days_lost\nE3,06/01/2025,10/01/2025,5\n",
        ),
        (
            "leavers.csv",
            "employee_id,directorate,team,job_title,fte,start_date,leave_date,reason\n\
             E9,D1,A,SW,1,01/01/2015,15/01/2025,Resignation\n",
        ),
    ]);
    let args = ["absence", "--period", "2025-01-01..2025-03-31"];
    let by = table(dir.path(), &[&args[..], &["--by", "directorate"]].concat());
    for (d, days) in [("D1", "3"), ("D2", "2")] {
        assert_eq!(by.get(&[d], "working_days_lost"), days, "{d}");
        assert_eq!(by.get(&[d], "fte_days_lost"), days, "{d}");
        assert_eq!(by.get(&[d], "spells"), "1", "{d}");
        let only = table(
            dir.path(),
            &[&args[..], &["--where", &format!("directorate={d}")]].concat(),
        );
        assert_eq!(
            only.get(&["Total"], "working_days_lost"),
            days,
            "--where {d}"
        );
        assert_eq!(only.get(&["Total"], "fte_days_lost"), days, "--where {d}");
    }
    assert_eq!(by.get(&["Total"], "working_days_lost"), "5");
    assert_eq!(by.get(&["Total"], "spells"), "1");
    assert_eq!(by.get(&["Total"], "people_absent"), "1");
    // census: the same spell, by directorate and under --where (FTE days
    // lost to 1 decimal: 3.0 and 2.0).
    let args = ["census", "--year", "2025"];
    let by = table(dir.path(), &[&args[..], &["--by", "directorate"]].concat());
    for (d, days) in [("D1", "3"), ("D2", "2")] {
        assert_eq!(by.get(&[d], "working_days_lost_fte"), days, "census {d}");
        let only = table(
            dir.path(),
            &[&args[..], &["--where", &format!("directorate={d}")]].concat(),
        );
        // A census without --by is one row, with no Total.
        let cell = &only.rows[0][only.col("working_days_lost_fte")];
        assert_eq!(cell, days, "census --where {d}");
    }
}

fn demo() -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/demo")
        .to_string_lossy()
        .into_owned()
}

/// Issue 18, defect 3: flows for a period the extracts do not cover printed
/// 0. The demo's leavers extract holds leave dates from 04/10/2023 and its
/// absence spells start from 02/10/2023, so the DfE year 2023 (1 October
/// 2022 to 30 September 2023) ends before either: starters, leavers,
/// turnover and absence are N/A, with notes naming the extract and its
/// dates (its first leave date is 04/10/2023; SPEC 4, "Coverage"); the
/// stocks on 30/09/2023 stay.
#[test]
fn flows_outside_what_the_extracts_hold_are_na() {
    let d = demo();
    let out = crate::common::run(&["census", "--year", "2023", "--data", &d, "--format", "json"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let row = &doc["rows"][0];
    for c in [
        "starters_fte",
        "starters_headcount",
        "leavers_fte",
        "leavers_headcount",
        "turnover_rate_fte",
        "turnover_rate_headcount",
        "working_days_lost_fte",
        "absence_rate_fte",
    ] {
        assert!(row[c].is_null(), "{c} should be N/A: {row}");
    }
    assert!(row["inpost_headcount"].as_u64().unwrap() > 0, "{row}");
    let notes = crate::common::notes(&doc).join("\n");
    assert!(
        notes.contains("leavers extract") && notes.contains("from 04/10/2023"),
        "{notes}"
    );
    assert!(notes.contains("absence extract"), "{notes}");
    // The same for the plain reports: leavers in 2020, absence in 2022,
    // agency placements in 2020 (its first starts 07/04/2023).
    for (args, columns) in [
        (
            ["leavers", "--period", "2020"],
            &["leavers", "leavers_fte"][..],
        ),
        (
            ["absence", "--period", "2022"],
            &["spells", "working_days_lost", "absence_rate_pct"][..],
        ),
        (
            ["agency", "--period", "2020"],
            &["placements", "workers", "covering_vacancy", "converted"][..],
        ),
        (
            ["turnover", "--period", "2020"],
            &["starters", "leavers", "turnover_pct"][..],
        ),
    ] {
        let mut all = args.to_vec();
        all.extend(["--data", &d]);
        let t = crate::common::csv(&all);
        for c in columns {
            assert_eq!(t.get(&["Total"], c), "", "{args:?} {c} should be N/A");
        }
    }
}

/// A period that starts after the as-of date has no flows either (SPEC 4):
/// turnover over 2026 on the demo (as of 30/09/2025) was leavers 0, turnover
/// 0.0%.
#[test]
fn a_period_after_the_as_of_date_has_no_flows() {
    let d = demo();
    let t = crate::common::csv(&[
        "turnover",
        "--data",
        &d,
        "--period",
        "2026",
        "--as-of",
        "2025-09-30",
    ]);
    for c in ["starters", "leavers", "leavers_fte", "turnover_pct"] {
        assert_eq!(t.get(&["Total"], c), "", "{c} should be N/A");
    }
}

/// A period only partly covered is worked out, with a note: 2023 on the
/// demo holds the leavers of October to December (01/10/2023 on).
#[test]
fn a_period_partly_covered_is_worked_out_with_a_note() {
    let d = demo();
    let args = ["leavers", "--data", &d, "--period", "2023"];
    let t = crate::common::csv(&args);
    assert_ne!(t.get(&["Total"], "leavers"), "");
    assert_ne!(t.get(&["Total"], "leavers"), "0");
    let notes = crate::common::notes(&crate::common::json(&args)).join("\n");
    assert!(notes.contains("only partly"), "{notes}");
}

/// Issue 18, defect 3: `swr benchmark --la Middlesbrough` on extracts that
/// end on 30/09/2023, with no --year, worked out 2025 (leavers 0, a
/// difference of -2048.5). With extracts the default year is the census
/// default, the latest DfE year they reach: 2023, whose published in-post
/// FTE (142.1) the fixture was built to give.
#[test]
fn benchmark_defaults_to_the_year_the_extracts_reach() {
    let d = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/middlesbrough_2023")
        .to_string_lossy()
        .into_owned();
    let doc = crate::common::json(&["benchmark", "--la", "Middlesbrough", "--data", &d]);
    let inpost = doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["indicator"] == "inpost_fte")
        .unwrap()
        .clone();
    assert_eq!(inpost["from_extracts"], 142.1, "{inpost}");
    assert_eq!(inpost["difference"], 0.0, "{inpost}");
    assert!(
        doc["title"].as_str().unwrap().contains("2023"),
        "{}",
        doc["title"]
    );
}

/// Issue 18, defect 10: a person's second post is no new start. P1 started
/// on 10/01/2023 in team A and took a second post in team B on 01/06/2024;
/// P2 started on 01/03/2024 in two posts at once, one in each team. In
/// 2024 the starters are P2 alone: one in A, one in B and one in the Total
/// (a person counts once there). `retention --period 2024` counted P1 as a
/// 2024 starter (from the second post), and so did `turnover` in team B.
/// Under `--where team=B` P1 is still no starter: their first start is in
/// A, whatever the filter keeps.
#[test]
fn a_second_post_is_no_new_start() {
    let dir = extracts(&[
        (
            "payroll.csv",
            "employee_id,directorate,team,job_title,fte,start_date\n\
             P1,D1,A,SW,0.5,10/01/2023\nP1,D1,B,SW,0.5,01/06/2024\n\
             P2,D1,A,SW,0.5,01/03/2024\nP2,D1,B,SW,0.5,01/03/2024\n\
             P3,D1,A,SW,1,01/01/2015\n",
        ),
        (
            "leavers.csv",
            "employee_id,directorate,team,job_title,fte,start_date,leave_date,reason\n\
             L1,D1,A,SW,1,01/01/2010,31/03/2022,Retired\n",
        ),
    ]);
    let args = ["--period", "2024", "--as-of", "2024-12-31"];
    for (command, starters) in [("retention", "starters"), ("turnover", "starters")] {
        let t = table(
            dir.path(),
            &[&[command][..], &args, &["--by", "team"]].concat(),
        );
        assert_eq!(t.get(&["A"], starters), "1", "{command} A");
        assert_eq!(t.get(&["B"], starters), "1", "{command} B");
        assert_eq!(t.get(&["Total"], starters), "1", "{command} Total");
        for team in ["A", "B"] {
            let w = table(
                dir.path(),
                &[&[command][..], &args, &["--where", &format!("team={team}")]].concat(),
            );
            assert_eq!(
                w.get(&["Total"], starters),
                "1",
                "{command} --where team={team}"
            );
        }
    }
}

/// The census counts starters as turnover does: in the DfE year 2025 (1
/// October 2024 to 30 September 2025), P1's second post (01/06/2025, first
/// start 10/01/2023) is no start; P2 starts two 0.5 posts on 01/03/2025:
/// starters_headcount 1, starters_fte 1.0.
#[test]
fn census_starters_are_people_starting_not_second_posts() {
    let dir = extracts(&[
        (
            "payroll.csv",
            "employee_id,directorate,team,job_title,fte,start_date\n\
             P1,D1,A,SW,0.5,10/01/2023\nP1,D1,B,SW,0.5,01/06/2025\n\
             P2,D1,A,SW,0.5,01/03/2025\nP2,D1,B,SW,0.5,01/03/2025\n",
        ),
        (
            "leavers.csv",
            "employee_id,directorate,team,job_title,fte,start_date,leave_date,reason\n\
             L1,D1,A,SW,1,01/01/2010,31/03/2022,Retired\n",
        ),
    ]);
    let t = table(dir.path(), &["census", "--year", "2025"]);
    assert_eq!(t.rows[0][t.col("starters_headcount")], "1");
    assert_eq!(t.rows[0][t.col("starters_fte")], "1");
}

/// Who starts in a period is worked out from the rows that bear on it
/// (issue 20: the rows that left before it began and those starting after
/// it are set aside first), and the edges hold. In 2024 (as of 31/12/2024):
/// P left team A on 31/12/2023 and returned to B on 01/01/2024: not in
/// post the day before (a leave date is the first day out), so a starter.
/// Q left A on 01/01/2024 and started in B that day: in post the day
/// before, so no starter, and a leaver of 2024 in A. S started in A on
/// 01/06/2024 and has a second post from 01/02/2025, after the period.
/// T has been in A since 2015. In post at the end: A S, T; B P, Q. Starters
/// A 1 (S), B 1 (P), Total 2. Leavers A 1 (Q): turnover A 1/2 = 50.0, B
/// 0.0, Total 1/4 = 25.0. In post on 31/12/2023: Q and T, both in A; in A
/// only T is still there (Q is, in B): stability A 50.0, Total 2/2 = 100.0,
/// B N/A. The census year 2024 (01/10/2023 to 30/09/2024) has P and S as
/// starters.
#[test]
fn starts_at_the_edges_of_the_period() {
    let dir = extracts(&[
        (
            "payroll.csv",
            "employee_id,directorate,team,job_title,fte,start_date
             P,D1,B,SW,1,01/01/2024
Q,D1,B,SW,1,01/01/2024
             S,D1,A,SW,1,01/06/2024
S,D1,B,SW,0.5,01/02/2025
             T,D1,A,SW,1,01/01/2015
",
        ),
        (
            "leavers.csv",
            "employee_id,directorate,team,job_title,fte,start_date,leave_date,reason
             P,D1,A,SW,1,01/01/2020,31/12/2023,Moved
             Q,D1,A,SW,1,01/01/2020,01/01/2024,Moved
",
        ),
    ]);
    let args = ["--period", "2024", "--as-of", "2024-12-31", "--by", "team"];
    let t = table(dir.path(), &[&["turnover"][..], &args].concat());
    for (team, in_post, starters, leavers, turnover, stability) in [
        ("A", "2", "1", "1", "50.0", "50.0"),
        ("B", "2", "1", "0", "0.0", ""),
        ("Total", "4", "2", "1", "25.0", "100.0"),
    ] {
        assert_eq!(t.get(&[team], "in_post"), in_post, "{team}");
        assert_eq!(t.get(&[team], "starters"), starters, "{team}");
        assert_eq!(t.get(&[team], "leavers"), leavers, "{team}");
        assert_eq!(t.get(&[team], "turnover_pct"), turnover, "{team}");
        assert_eq!(t.get(&[team], "stability_pct"), stability, "{team}");
    }
    let c = table(dir.path(), &["census", "--year", "2024"]);
    assert_eq!(c.rows[0][c.col("starters_headcount")], "2");
}

/// A yes/no column groups as the words `--where` takes: the row `yes` of
/// `--by asye` is the Total of `--where asye=yes`, and no row reads
/// true/false. The leavers below: 2 with an exit interview (1 + 0.5 FTE),
/// 1 without and 1 blank, which is no (README, "Blank cells").
#[test]
fn yes_no_columns_group_as_yes_and_no() {
    let dir = extracts(&[(
        "leavers.csv",
        "Employee Number,Directorate,Job Title,FTE,Start Date,Leaving Date,Reason for Leaving,Exit Interview\n\
         L1,Children's,Social Worker,1,01/01/2015,01/02/2024,Retired,Yes\n\
         L2,Children's,Social Worker,0.5,01/01/2015,01/03/2024,Retired,Held\n\
         L3,Children's,Social Worker,1,01/01/2015,01/03/2024,Moved,No\n\
         L4,Children's,Social Worker,1,01/01/2015,02/03/2024,Moved,\n",
    ), ("swr.toml", "[values]\nexit_interview = { yes = [\"Held\"] }\n")]);
    let by = swr_in(dir.path(), &["leavers", "--by", "exit_interview"], &[]);
    assert_eq!(by.status, 0, "{}", by.stderr);
    let rows: Vec<&str> = by.stdout.lines().skip(1).collect();
    assert_eq!(rows[0], "no,2,2,50.0,0,0.0");
    assert_eq!(rows[1], "yes,2,1.5,50.0,2,100.0");
    assert_eq!(rows[2], "Total,4,3.5,100.0,2,50.0");
    let yes = swr_in(
        dir.path(),
        &["leavers", "--where", "exit_interview=yes"],
        &[],
    );
    let total = yes.stdout.lines().last().unwrap().to_string();
    // share_pct is exempt (SPEC 4): of the table's own leavers.
    assert_eq!(total, "Total,2,1.5,100.0,2,100.0");
}
