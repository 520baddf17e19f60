//! `swr exceptions`: the monthly action update (SPEC section 5).
//!
//! The council below is worked by hand. Three teams, everyone full time and
//! in post since 01/01/2015; as of 30/09/2025.
//!
//! - Alpha: A1..A9 in post, A10 left on 15/03/2025 (10 people until then).
//! - Beta: B1..B3 in post, B4 left on 10/06/2025 (4 until then): too small
//!   to rate (3 < min_headcount 5).
//! - Gamma: C1..C6 in post, nobody left in the last 24 months; X1 left on
//!   15/01/2023, so the leavers extract covers the months walked back
//!   (months it does not cover have no turnover: N/A, never 0).
//!
//! Turnover over the 12 months to a month end D = leavers / in post on D.
//! Alpha: from 31/03/2025 to 30/09/2025 (7 month ends) A10's leaving is in
//! the 12 months: 1 / 9 = 11.1% (red at 10); on 28/02/2025 nobody had left:
//! 0.0% (green). So one person's leaving keeps Alpha red for 7 months.
//! Total: 30/06..30/09: 2 / 18 = 11.1% (red); 31/03..31/05: 1 / 19 = 5.3%
//! (amber: above green 5, below red 10); 28/02: 0 (green): 7 months.
//!
//! Stability (higher is better; green 95, red 85) = in post on D who were in
//! post 12 months before / in post 12 months before. Alpha: 9 / 10 = 90.0
//! (amber) from 31/03/2025 on, 10 / 10 = 100 on 28/02: 7 months. Total:
//! 18 / 20 = 90.0 (amber) from 30/06 on; on 31/05 19 / 20 = 95.0, which is
//! green (at the threshold): 4 months. Beta: 3 / 4 = 75.0, small.

use crate::common::{csv, extracts, run, write, Csv};

const PAYROLL: &str = "Employee Number,Directorate,Team,Job Title,FTE,Start Date\n\
A1,Children's,Alpha,Social Worker,1,01/01/2015\nA2,Children's,Alpha,Social Worker,1,01/01/2015\nA3,Children's,Alpha,Social Worker,1,01/01/2015\n\
A4,Children's,Alpha,Social Worker,1,01/01/2015\nA5,Children's,Alpha,Social Worker,1,01/01/2015\nA6,Children's,Alpha,Social Worker,1,01/01/2015\n\
A7,Children's,Alpha,Social Worker,1,01/01/2015\nA8,Children's,Alpha,Social Worker,1,01/01/2015\nA9,Children's,Alpha,Social Worker,1,01/01/2015\n\
B1,Children's,Beta,Social Worker,1,01/01/2015\nB2,Children's,Beta,Social Worker,1,01/01/2015\nB3,Children's,Beta,Social Worker,1,01/01/2015\n\
C1,Children's,Gamma,Social Worker,1,01/01/2015\nC2,Children's,Gamma,Social Worker,1,01/01/2015\nC3,Children's,Gamma,Social Worker,1,01/01/2015\n\
C4,Children's,Gamma,Social Worker,1,01/01/2015\nC5,Children's,Gamma,Social Worker,1,01/01/2015\nC6,Children's,Gamma,Social Worker,1,01/01/2015\n";

const LEAVERS: &str =
    "Employee Number,Directorate,Team,Job Title,FTE,Start Date,Leaving Date,Reason for Leaving\n\
A10,Children's,Alpha,Social Worker,1,01/01/2015,15/03/2025,Resignation\n\
B4,Children's,Beta,Social Worker,1,01/01/2015,10/06/2025,Resignation\n\
X1,Children's,Gamma,Social Worker,1,01/01/2015,15/01/2023,Retirement\n";

const TARGETS: &str = "council = \"Threeteams Borough Council\"\n\
[targets]\n\
turnover_pct  = { green = 5, red = 10 }\n\
stability_pct = { green = 95, red = 85 }   # higher is better\n";

fn council(toml: &str) -> tempfile::TempDir {
    let dir = extracts(&[("payroll.csv", PAYROLL), ("leavers.csv", LEAVERS)]);
    write(dir.path(), "swr.toml", toml);
    dir
}

fn exceptions(dir: &tempfile::TempDir, extra: &[&str]) -> Csv {
    let data = dir.path().to_string_lossy().into_owned();
    let mut args = vec![
        "exceptions",
        "--data",
        data.as_str(),
        "--as-of",
        "2025-09-30",
    ];
    args.extend_from_slice(extra);
    csv(&args)
}

const HEADER: [&str; 10] = [
    "team",
    "indicator",
    "value",
    "green",
    "red",
    "status",
    "previous",
    "change",
    "baseline",
    "months_off_target",
];

#[test]
fn one_leaver_keeps_a_team_red_for_seven_months() {
    let dir = council(TARGETS);
    let t = exceptions(&dir, &[]);
    assert_eq!(t.header, HEADER, "default --by team");
    // Off target only, red first, then amber; equally far past green
    // (11.1 against 5), the table's order: the team before the Total.
    let rows: Vec<Vec<&str>> = t
        .rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    assert_eq!(
        rows,
        vec![
            vec![
                "Alpha",
                "turnover_pct",
                "11.1",
                "5.0",
                "10.0",
                "red",
                "11.1",
                "0.0",
                "",
                "7"
            ],
            vec![
                "Total",
                "turnover_pct",
                "11.1",
                "5.0",
                "10.0",
                "red",
                "11.1",
                "0.0",
                "",
                "7"
            ],
            vec![
                "Alpha",
                "stability_pct",
                "90.0",
                "95.0",
                "85.0",
                "amber",
                "90.0",
                "0.0",
                "",
                "7"
            ],
            vec![
                "Total",
                "stability_pct",
                "90.0",
                "95.0",
                "85.0",
                "amber",
                "90.0",
                "0.0",
                "",
                "4"
            ],
        ]
    );
}

#[test]
fn all_lists_the_small_team_and_the_green_ones() {
    let dir = council(TARGETS);
    let t = exceptions(&dir, &["--all"]);
    let get = |team: &str, ind: &str, col: &str| -> String {
        let r = t
            .rows
            .iter()
            .find(|r| r[0] == team && r[1] == ind)
            .unwrap_or_else(|| panic!("no row {team} {ind} in {:#?}", t.rows));
        r[t.col(col)].clone()
    };
    // Beta: 1 / 3 = 33.3% and 3 / 4 = 75.0%, but 3 people is no team to
    // rate (min_headcount 5): small, and no months off target.
    assert_eq!(get("Beta", "turnover_pct", "value"), "33.3");
    assert_eq!(get("Beta", "turnover_pct", "status"), "small");
    assert_eq!(get("Beta", "stability_pct", "value"), "75.0");
    assert_eq!(get("Beta", "stability_pct", "status"), "small");
    assert_eq!(get("Beta", "turnover_pct", "months_off_target"), "0");
    // Gamma: nobody left: 0.0% and 100.0%, both green.
    assert_eq!(get("Gamma", "turnover_pct", "value"), "0.0");
    assert_eq!(get("Gamma", "turnover_pct", "status"), "green");
    assert_eq!(get("Gamma", "stability_pct", "value"), "100.0");
    assert_eq!(get("Gamma", "stability_pct", "status"), "green");
    assert_eq!(t.rows.len(), 8, "2 indicators x (3 teams + Total)");
    // Red, amber, green, then small.
    let statuses: Vec<&str> = t.rows.iter().map(|r| r[5].as_str()).collect();
    assert_eq!(
        statuses,
        ["red", "red", "amber", "amber", "green", "green", "small", "small"]
    );

    // A smaller min_headcount rates Beta: 33.3 >= 10 is red, for the 4
    // month ends 30/06..30/09 on which B4 had left (3 people in post).
    let dir = council(&format!("{TARGETS}min_headcount = 3\n"));
    let t = exceptions(&dir, &["--all"]);
    let beta = t
        .rows
        .iter()
        .find(|r| r[0] == "Beta" && r[1] == "turnover_pct")
        .unwrap();
    assert_eq!(beta[5], "red");
    assert_eq!(
        beta[9], "4",
        "on 31/05 Beta had 4 people in post, 0 leavers"
    );
}

#[test]
fn baseline_and_previous() {
    // As of 31/01/2025 nobody had left yet: turnover 0.0, stability 100.0.
    let dir = council(TARGETS);
    let t = exceptions(&dir, &["--baseline", "2025-01-31"]);
    let alpha = t.row(&["Alpha", "turnover_pct"]);
    assert_eq!(alpha[t.col("baseline")], "0.0");
    let alpha = t.row(&["Alpha", "stability_pct"]);
    assert_eq!(alpha[t.col("baseline")], "100.0");
    // The same from swr.toml's baseline.
    let dir = council(&format!("baseline = \"2025-01-31\"\n{TARGETS}"));
    let t = exceptions(&dir, &[]);
    assert_eq!(
        t.row(&["Total", "stability_pct"])[t.col("baseline")],
        "100.0"
    );
    // --compare sets the previous figure at another date: on 31/05/2025
    // the Total's turnover was 1 / 19 = 5.3, so the change is 11.1 - 5.3.
    let t = exceptions(&dir, &["--compare", "2025-05-31"]);
    let total = t.row(&["Total", "turnover_pct"]);
    assert_eq!(total[t.col("previous")], "5.3");
    assert_eq!(total[t.col("change")], "5.8");
    // The action update names that day on each line (the table carries
    // it; a note saying "(--compare)" is not read back).
    let data = dir.path().to_string_lossy().into_owned();
    let page = run(&[
        "exceptions",
        "--data",
        data.as_str(),
        "--as-of",
        "2025-09-30",
        "--compare",
        "2025-05-31",
        "--all",
        "--format",
        "markdown",
    ]);
    assert!(
        page.stdout
            .lines()
            .any(|l| l.starts_with("- Total: turnover 11.1%") && l.contains(", 5.3% on 31/05/2025")),
        "{}",
        page.stdout
    );
}

/// The exit status of `swr exceptions` on `dir` as of 30/09/2025.
fn status_of(dir: &tempfile::TempDir, extra: &[&str]) -> i32 {
    let data = dir.path().to_string_lossy().into_owned();
    let mut args = vec![
        "exceptions",
        "--data",
        data.as_str(),
        "--as-of",
        "2025-09-30",
    ];
    args.extend_from_slice(extra);
    run(&args).status
}

#[test]
fn fail_on_exits_3_at_or_past_the_status() {
    let dir = council(TARGETS);
    assert_eq!(
        status_of(&dir, &[]),
        0,
        "the statuses alone never fail a run"
    );
    assert_eq!(status_of(&dir, &["--fail-on", "red"]), 3);
    assert_eq!(status_of(&dir, &["--fail-on", "amber"]), 3);
    // Only amber: turnover 11.1 between green 10 and red 40.
    let dir = council(
        "[targets]\nturnover_pct = { green = 10, red = 40 }\nstability_pct = { green = 85, red = 70 }\n",
    );
    assert_eq!(status_of(&dir, &["--fail-on", "red"]), 0);
    assert_eq!(status_of(&dir, &["--fail-on", "amber"]), 3);
    // Nothing off target: exit 0 and an empty table with its header.
    let dir = council("[targets]\nturnover_pct = { green = 20, red = 40 }\n");
    let t = exceptions(&dir, &["--fail-on", "amber"]);
    assert!(t.rows.is_empty(), "{:?}", t.rows);
}

#[test]
fn action_update_page_in_markdown() {
    let dir = council(TARGETS);
    let data = dir.path().to_string_lossy().into_owned();
    let out = run(&[
        "exceptions",
        "--data",
        data.as_str(),
        "--as-of",
        "2025-09-30",
        "--format",
        "markdown",
    ]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let page = out.stdout;
    assert!(
        page.starts_with(
            "# Action update: Threeteams Borough Council, as of 30/09/2025\n\n## Red (2)\n\n\
         - Alpha: turnover 11.1%, red (target 5%), 11.1% last month, 7 months off target\n\
         - Total: turnover 11.1%, red (target 5%), 11.1% last month, 7 months off target\n\n\
         ## Amber (2)\n\n\
         - Alpha: stability 90.0%, amber (target 95%), 90.0% last month, 7 months off target\n\
         - Total: stability 90.0%, amber (target 95%), 90.0% last month, 4 months off target\n"
        ),
        "{page}"
    );
    assert!(!page.contains("## Green"), "only what is off target");
}

#[test]
fn each_value_is_its_own_commands_figure() {
    // On the demo council, every indicator of every team against the
    // command that gives it, as of the demo's date and the month before.
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/demo");
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("swr.toml");
    std::fs::write(
        &config,
        "[targets]\n\
         vacancy_rate_pct = { green = 10, red = 15 }\n\
         agency_rate_pct  = { green = 8,  red = 12 }\n\
         turnover_pct     = { green = 12, red = 18 }\n\
         stability_pct    = { green = 85, red = 75 }\n\
         caseload_fte     = { green = 18, red = 22 }\n\
         absence_rate_pct = { green = 3,  red = 5 }\n\
         agency_spend     = { green = 40000, red = 60000 }\n",
    )
    .unwrap();
    let config = config.to_string_lossy().into_owned();
    let ex = csv(&[
        "exceptions",
        "--data",
        demo,
        "--config",
        config.as_str(),
        "--all",
    ]);
    let report = |args: &[&str]| {
        let mut a = args.to_vec();
        a.extend(["--data", demo, "--by", "team"]);
        csv(&a)
    };
    let sources: [(&str, Csv, Csv); 7] = [
        (
            "vacancy_rate_pct",
            report(&["vacancies"]),
            report(&["vacancies", "--as-of", "2025-08-31"]),
        ),
        (
            "agency_rate_pct",
            report(&["vacancies"]),
            report(&["vacancies", "--as-of", "2025-08-31"]),
        ),
        (
            "turnover_pct",
            report(&["turnover"]),
            report(&["turnover", "--as-of", "2025-08-31"]),
        ),
        (
            "stability_pct",
            report(&["turnover"]),
            report(&["turnover", "--as-of", "2025-08-31"]),
        ),
        (
            "caseload_fte",
            report(&["caseload"]),
            report(&["caseload", "--as-of", "2025-08-31"]),
        ),
        (
            "absence_rate_pct",
            report(&["absence"]),
            report(&["absence", "--as-of", "2025-08-31"]),
        ),
        (
            "agency_spend",
            report(&["costs", "--period", "2025-09-01..2025-09-30"]),
            report(&["costs", "--period", "2025-08-01..2025-08-31"]),
        ),
    ];
    let mut checked = 0;
    for (indicator, now, before) in &sources {
        for row in ex.rows.iter().filter(|r| r[1] == *indicator) {
            let team = row[0].as_str();
            let find = |t: &Csv| {
                t.rows
                    .iter()
                    .find(|r| r[0] == team)
                    .map(|r| r[t.col(indicator)].clone())
            };
            // A team the command has no row for has no figure (N/A).
            let want = find(now).unwrap_or_default();
            assert_eq!(row[ex.col("value")], want, "{team} {indicator} value");
            let want = find(before).unwrap_or_default();
            assert_eq!(row[ex.col("previous")], want, "{team} {indicator} previous");
            checked += 1;
        }
    }
    // 24 teams and the Total, 7 indicators.
    assert!(checked >= 7 * 20, "only {checked} figures checked");
}

#[test]
fn usage_errors_name_the_fault() {
    let dir = council("");
    let data = dir.path().to_string_lossy().into_owned();
    let out = run(&["exceptions", "--data", data.as_str()]);
    assert_eq!(out.status, 2);
    assert!(out.stderr.contains("has no [targets]"), "{}", out.stderr);
    for (toml, says) in [
        (
            "[targets]\nturnover = { green = 1, red = 2 }\n",
            "[targets] turnover: no indicator 'turnover'",
        ),
        (
            "[targets]\nturnover_pct = { green = 20, red = 10 }\n",
            "green = 20 is above red = 10",
        ),
        (
            "[targets]\nstability_pct = { green = 70, red = 80 }\n",
            "green = 70 is below red = 80",
        ),
        (
            "[targets]\nturnover_pct = { green = 10 }\n",
            "no red threshold",
        ),
        (
            "[targets]\nturnover_pct = { green = \"ten\", red = 20 }\n",
            "green = \"ten\": expected a number",
        ),
        (
            "[targets]\nturnover_pct = 10\n",
            "expected { green = NUMBER, red = NUMBER }",
        ),
        (
            "[targets]\nturnover_pct = { green = 10, red = 20, amber = 15 }\n",
            "unknown key 'amber'",
        ),
        ("[targets]\nmin_headcount = 0\n", "min_headcount = 0"),
        (
            "[targets]\nturnover_pct = { green = -5, red = 10 }\n",
            "green = -5: expected 0 or more",
        ),
    ] {
        let dir = council(toml);
        let data = dir.path().to_string_lossy().into_owned();
        let out = run(&["exceptions", "--data", data.as_str()]);
        assert_eq!(out.status, 2, "{toml}: {}", out.stderr);
        assert!(out.stderr.contains(says), "{toml}: {}", out.stderr);
        assert!(
            out.stderr.contains("swr.toml"),
            "names the file: {}",
            out.stderr
        );
    }
    let dir = council(TARGETS);
    let data = dir.path().to_string_lossy().into_owned();
    for (flags, says) in [
        (vec!["--every", "month"], "--every does not apply"),
        (vec!["--period", "2024/25"], "--period does not apply"),
        (vec!["--suppress", "5"], "--suppress does not apply"),
        (vec!["--fail-on", "green"], "invalid value 'green'"),
    ] {
        let mut a = vec!["exceptions", "--data", data.as_str()];
        a.extend(flags.iter().copied());
        let out = run(&a);
        assert_eq!(out.status, 2, "{flags:?}: {}", out.stderr);
        assert!(out.stderr.contains(says), "{flags:?}: {}", out.stderr);
    }
}

#[test]
fn an_indicator_without_its_extract_is_said_to_be_unavailable() {
    // No absence extract: the absence target cannot be followed; the note
    // says so and the other indicators are still there.
    let dir = council(&format!(
        "{TARGETS}absence_rate_pct = {{ green = 3, red = 5 }}\n"
    ));
    let data = dir.path().to_string_lossy().into_owned();
    let out = run(&[
        "exceptions",
        "--data",
        data.as_str(),
        "--as-of",
        "2025-09-30",
        "--format",
        "json",
    ]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("absence_rate_pct: not available: swr absence needs the absence extract"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("turnover_pct"));
}

#[test]
fn a_report_that_cannot_group_leaves_its_indicator_unavailable() {
    // The demo's agency extract has no grade: swr costs cannot group by
    // it, so agency_spend is not available (said, with costs' reason);
    // the other indicators are still rated by grade.
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/demo");
    let out = run(&[
        "exceptions",
        "--data",
        demo,
        "--by",
        "grade",
        "--all",
        "--format",
        "json",
    ]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains(
            "agency_spend: not available: swr costs says: --by grade: the agency extract"
        ),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("\"vacancy_rate_pct\""));
    // A cell that cannot be read is no such case: the run stops (exit 1).
    let dir = council(TARGETS);
    let bad = PAYROLL.replace(
        "A1,Children's,Alpha,Social Worker,1,",
        "A1,Children's,Alpha,Social Worker,one,",
    );
    write(dir.path(), "payroll.csv", &bad);
    let data = dir.path().to_string_lossy().into_owned();
    let out = run(&[
        "exceptions",
        "--data",
        data.as_str(),
        "--as-of",
        "2025-09-30",
    ]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert!(out.stderr.contains("'one'"), "{}", out.stderr);
}

#[test]
fn a_team_named_total_is_a_group_of_its_own() {
    // Beta renamed "Total": its 33.3% (small) is a row of its own beside
    // the whole table's 11.1% (red), never merged into it.
    let dir = extracts(&[
        ("payroll.csv", &PAYROLL.replace("Beta", "Total")),
        ("leavers.csv", &LEAVERS.replace("Beta", "Total")),
    ]);
    write(dir.path(), "swr.toml", TARGETS);
    let t = exceptions(&dir, &["--all"]);
    let totals: Vec<(&str, &str)> = t
        .rows
        .iter()
        .filter(|r| r[0] == "Total" && r[1] == "turnover_pct")
        .map(|r| (r[2].as_str(), r[5].as_str()))
        .collect();
    assert_eq!(totals, [("11.1", "red"), ("33.3", "small")]);
}

#[test]
fn what_the_reports_say_of_the_rows_reaches_the_update() {
    // A filter that keeps nothing, and a row set aside by --skip-invalid,
    // are said, as the reports say them.
    let dir = council(TARGETS);
    let data = dir.path().to_string_lossy().into_owned();
    let doc = crate::common::json(&[
        "exceptions",
        "--data",
        data.as_str(),
        "--as-of",
        "2025-09-30",
        "--where",
        "team=Nope",
    ]);
    let notes = crate::common::notes(&doc).join("\n");
    assert!(
        notes.contains(
            "swr turnover: The filter (team = Nope) keeps no rows of the payroll extract"
        ),
        "{notes}"
    );
    let bad = PAYROLL.replace(
        "C6,Children's,Gamma,Social Worker,1,",
        "C6,Children's,Gamma,Social Worker,,",
    );
    write(dir.path(), "payroll.csv", &bad);
    let doc = crate::common::json(&[
        "exceptions",
        "--data",
        data.as_str(),
        "--as-of",
        "2025-09-30",
        "--skip-invalid",
        "--all",
    ]);
    let notes = crate::common::notes(&doc).join("\n");
    assert!(notes.contains("1 row set aside"), "{notes}");
    // No baseline: the column is blank, null in JSON.
    assert!(doc["rows"][0]["baseline"].is_null(), "{}", doc["rows"][0]);
}

#[test]
fn a_baseline_is_a_day_before_the_update_and_may_be_a_bare_toml_date() {
    let dir = council(&format!("baseline = 2025-01-31\n{TARGETS}"));
    let t = exceptions(&dir, &[]);
    assert_eq!(t.row(&["Alpha", "turnover_pct"])[t.col("baseline")], "0.0");
    let data = dir.path().to_string_lossy().into_owned();
    for flag in ["--baseline", "--compare"] {
        let out = run(&[
            "exceptions",
            "--data",
            data.as_str(),
            "--as-of",
            "2025-09-30",
            flag,
            "2025-12-31",
        ]);
        assert_eq!(out.status, 2, "{flag}: {}", out.stderr);
        assert!(
            out.stderr.contains("is after the as-of date (30/09/2025)"),
            "{}",
            out.stderr
        );
    }
}

#[test]
fn a_group_one_report_has_no_row_for_is_the_total_of_its_where() {
    // Delta is established (so vacancies has a row for it: 100%) but has
    // nobody in post and no agency, so swr costs has no row for it. Its
    // agency_spend by team is what costs gives for Delta alone (--where
    // team=Delta), never a figure made up for the missing row: the
    // partition rule.
    let dir = council(
        "[targets]\nvacancy_rate_pct = { green = 10, red = 15 }\nagency_spend = { green = 500, red = 2000 }\n",
    );
    write(
        dir.path(),
        "establishment.csv",
        "Directorate,Team,Job Title,FTE\nChildren's,Alpha,Social Worker,9\nChildren's,Delta,Social Worker,2\n",
    );
    write(
        dir.path(),
        "agency.csv",
        "Worker ID,Directorate,Team,Job Title,Start Date,Hours Per Week,Hourly Charge Rate\n\
         W1,Children's,Alpha,Social Worker,01/01/2025,37,£40.00\n",
    );
    let by = exceptions(&dir, &["--all"]);
    let delta = by.row(&["Delta", "vacancy_rate_pct"]);
    assert_eq!(delta[by.col("value")], "100.0");
    let delta = by.row(&["Delta", "agency_spend"]).clone();
    let wh = exceptions(&dir, &["--all", "--where", "team=Delta"]);
    let total = wh.row(&["Total", "agency_spend"]);
    for c in ["value", "status", "previous", "change"] {
        assert_eq!(delta[by.col(c)], total[wh.col(c)], "{c}");
    }
    // What costs itself says of Delta alone.
    let data = dir.path().to_string_lossy().into_owned();
    let costs = csv(&[
        "costs",
        "--data",
        data.as_str(),
        "--period",
        "2025-09-01..2025-09-30",
        "--where",
        "team=Delta",
    ]);
    assert_eq!(
        delta[by.col("value")],
        costs.get(&["Total"], "agency_spend")
    );
}
