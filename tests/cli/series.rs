//! `--compare`, `--every` and `--suppress` on every report: the same
//! question for another date, for each step of a period, and small numbers
//! hidden for publication. Each is checked against plain runs of swr.
use crate::common::*;
use std::collections::HashMap;
use std::path::Path;

fn demo() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/demo")
        .to_string_lossy()
        .into_owned()
}

/// The reports, with `--data DEMO`.
const REPORTS: [&[&str]; 12] = [
    &["vacancies"],
    &["costs"],
    &["leavers"],
    &["turnover"],
    &["cohorts", "--by", "directorate"],
    &["cohorts", "--of", "staff"],
    &["caseload"],
    &["absence"],
    &["agency"],
    &["pay"],
    &["incentives"],
    &["retention", "--by", "directorate"],
];

fn with(cmd: &[&str], extra: &[&str]) -> Csv {
    let data = demo();
    let mut args: Vec<&str> = cmd.to_vec();
    args.extend(["--data", data.as_str()]);
    args.extend(extra);
    csv(&args)
}

/// Rows by their group columns (the columns before the first figure).
fn by_keys(t: &Csv, keys: usize) -> HashMap<Vec<String>, Vec<String>> {
    t.rows
        .iter()
        .map(|r| (r[..keys].to_vec(), r.clone()))
        .collect()
}

/// How many leading columns are group columns: those of the plain table
/// that are not figures (the plain table's header before its first figure
/// column, which the compared table repeats with _prev after it).
fn key_count(plain: &Csv, compared: &Csv) -> usize {
    plain
        .header
        .iter()
        .take_while(|h| !compared.header.contains(&format!("{h}_prev")))
        .count()
}

fn dec(s: &str) -> Option<rust_decimal::Decimal> {
    s.parse().ok()
}

/// `--compare P`: every COL_prev is what the plain report gives for P, and
/// COL_change is COL - COL_prev as printed; a period for the flows, a date
/// for stocks. A group only one side has shows 0 or N/A (blank) on the
/// other: 0 only where that side gives the column for some row.
#[test]
fn compare_gives_the_plain_figures_for_the_other_period_or_date() {
    for cmd in REPORTS {
        for (compare, plain_args) in [
            (
                "2023-10-01..2024-09-30",
                vec!["--period", "2023-10-01..2024-09-30"],
            ),
            // A date: stocks on it, flows over the 12 months to it (SPEC
            // 6), whatever a command's own default period (retention's).
            (
                "2025-03-31",
                vec![
                    "--as-of",
                    "2025-03-31",
                    "--period",
                    "2024-04-01..2025-03-31",
                ],
            ),
        ] {
            let now = with(cmd, &[]);
            let then = with(cmd, &plain_args);
            let both = with(cmd, &["--compare", compare]);
            let keys = key_count(&now, &both);
            let now_rows = by_keys(&now, keys);
            let then_rows = by_keys(&then, keys);
            // A side's cell for a group it lacks: 0 or blank, and 0 only
            // where the side has a figure in that column for some row.
            let absent = |side: &Csv, name: &str, got: &str, what: &str| {
                let given = side.rows.iter().any(|r| dec(&r[side.col(name)]).is_some());
                assert!(
                    got.is_empty() || (dec(got).is_some_and(|d| d.is_zero()) && given),
                    "{cmd:?} --compare {compare} {what} {name}: '{got}'"
                );
            };
            for row in &both.rows {
                let k = row[..keys].to_vec();
                let what = format!("{k:?}");
                for (c, name) in now.header.iter().enumerate().skip(keys) {
                    let got = &row[both.col(name)];
                    let got_prev = &row[both.col(&format!("{name}_prev"))];
                    let got_change = &row[both.col(&format!("{name}_change"))];
                    match now_rows.get(&k) {
                        Some(r) => {
                            assert_eq!(got, &r[c], "{cmd:?} --compare {compare} {k:?} {name}")
                        }
                        None => absent(&now, name, got, &what),
                    }
                    match then_rows.get(&k) {
                        Some(r) => assert_eq!(
                            got_prev,
                            &r[then.col(name)],
                            "{cmd:?} --compare {compare} {k:?} {name}_prev"
                        ),
                        None => absent(&then, name, got_prev, &what),
                    }
                    // The change is of the figures as printed: exactly.
                    if let (Some(a), Some(b), Some(d)) = (dec(got), dec(got_prev), dec(got_change))
                    {
                        assert_eq!(a - b, d, "{cmd:?} {k:?} {name}: {a} - {b} is not {d}");
                    } else {
                        // No change without both figures, and none missing
                        // with both.
                        assert_eq!(
                            dec(got_change).is_none(),
                            dec(got).is_none() || dec(got_prev).is_none(),
                            "{cmd:?} {k:?} {name}: {got} against {got_prev}, change '{got_change}'"
                        );
                    }
                }
            }
        }
    }
}

/// A `--every` run: the step, the period, and each step's label and day.
type Steps = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

/// `--every quarter` (and `month`, `year`): each step's rows are the plain
/// report as of the step's last day over the 12 months to it.
#[test]
fn every_step_is_the_plain_report_for_its_day() {
    let runs: [Steps; 3] = [
        (
            "quarter",
            "2024-10-01..2025-09-30",
            &[
                ("2024Q4", "2024-12-31"),
                ("2025Q1", "2025-03-31"),
                ("2025Q2", "2025-06-30"),
                ("2025Q3", "2025-09-30"),
            ],
        ),
        (
            "month",
            "2025-01-01..2025-03-31",
            &[
                ("2025-01", "2025-01-31"),
                ("2025-02", "2025-02-28"),
                ("2025-03", "2025-03-31"),
            ],
        ),
        (
            "year",
            "2023-04-01..2025-03-31",
            &[("2023/24", "2024-03-31"), ("2024/25", "2025-03-31")],
        ),
    ];
    for cmd in REPORTS {
        for (step, period, steps) in runs {
            every_steps(cmd, step, period, steps);
        }
    }
}

fn every_steps(cmd: &[&str], step: &str, period: &str, steps: &[(&str, &str)]) {
    let every = with(cmd, &["--period", period, "--every", step]);
    assert_eq!(every.header[0], "period");
    for &(label, day) in steps {
        // The 12 months ending on the day start the day after it a year before.
        let y: i32 = day[..4].parse().unwrap();
        let start = next_day(&format!("{}{}", y - 1, &day[4..]));
        let plain = with(
            cmd,
            &["--as-of", day, "--period", &format!("{start}..{day}")],
        );
        let rows: Vec<Vec<String>> = every
            .rows
            .iter()
            .filter(|r| r[0] == label)
            .map(|r| r[1..].to_vec())
            .collect();
        assert_eq!(rows, plain.rows, "{cmd:?} {label}");
    }
}

/// A run asks the same question on several dates by opening its model once
/// and re-dating it: `--every month` over a year opens each report's model
/// on the first step and re-dates it for the other eleven, and `--compare`
/// re-dates it for the other date (`SWR_TIMINGS` says which). A model of
/// other extracts is another model: vacancies reads the leavers extract
/// only on the days someone in it was still in post (on the demo, every
/// month end but 30/09/2025), so it opens one model for those days and one
/// for that day. The figures of each step are the plain report's (above).
#[test]
fn every_step_and_compare_re_date_one_model() {
    let data = demo();
    let year = &["--every", "month", "--period", "2024-10-01..2025-09-30"][..];
    let compare = &["--as-of", "2025-06-30", "--compare", "2024-03-31"][..];
    let vacancies = &["vacancies", "--by", "directorate"][..];
    for (cmd, series, opened, re_dated) in [
        (&["turnover"][..], year, 1, 11),
        (&["turnover"][..], compare, 1, 1),
        (&["absence"][..], year, 1, 11),
        (&["absence"][..], compare, 1, 1),
        (vacancies, year, 2, 10),
        (vacancies, compare, 1, 1),
    ] {
        let mut args: Vec<&str> = cmd.to_vec();
        args.extend(["--data", data.as_str()]);
        args.extend(series);
        let out = swr().env("SWR_TIMINGS", "1").args(&args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        let count = |what: &str| {
            err.lines()
                .filter(|l| l.contains(&format!("{what} the model of swr {} ", cmd[0])))
                .count()
        };
        assert_eq!(count("open"), opened, "{args:?}\n{err}");
        assert_eq!(count("re-date"), re_dated, "{args:?}\n{err}");
    }
}

/// The walk of `swr exceptions` (up to 24 month ends, each indicator's
/// report on each) opens each report's model once (a few times more where
/// two steps run side by side reach it at once, or where the extracts read
/// differ, as above) and re-dates it for the other month ends.
#[test]
fn the_exceptions_walk_re_dates_its_reports_models() {
    let data = demo();
    let out = swr()
        .env("SWR_TIMINGS", "1")
        .args(["exceptions", "--data", data.as_str()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    for report in ["vacancies", "turnover", "caseload", "absence", "costs"] {
        let count = |what: &str| {
            err.lines()
                .filter(|l| l.contains(&format!("{what} the model of swr {report} ")))
                .count()
        };
        let (opened, re_dated) = (count("open"), count("re-date"));
        assert!(
            (1..=4).contains(&opened),
            "{report}: opened {opened} times\n{err}"
        );
        assert!(re_dated >= 18, "{report}: re-dated {re_dated} times\n{err}");
    }
}

/// The day after an ISO date (only the month ends the steps above need).
fn next_day(d: &str) -> String {
    let (y, m, day): (i32, u32, u32) = (
        d[..4].parse().unwrap(),
        d[5..7].parse().unwrap(),
        d[8..].parse().unwrap(),
    );
    let last = match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if day < last {
        format!("{y}-{m:02}-{:02}", day + 1)
    } else if m < 12 {
        format!("{y}-{:02}-01", m + 1)
    } else {
        format!("{}-01-01", y + 1)
    }
}

/// --compare and --every together, --every without a period, and either on
/// swr check are usage errors.
#[test]
fn series_flags_that_do_not_go_together() {
    let data = demo();
    for args in [
        vec!["leavers", "--data", &data, "--every", "month"],
        vec![
            "leavers",
            "--data",
            &data,
            "--period",
            "2024/25",
            "--every",
            "month",
            "--compare",
            "2023/24",
        ],
        vec!["check", "--data", &data, "--compare", "2023/24"],
        vec!["census", "--data", &data, "--compare", "2023"],
        vec![
            "census", "--data", &data, "--every", "year", "--period", "2022/23",
        ],
        vec![
            "benchmark",
            "--la",
            "895",
            "--data",
            &data,
            "--compare",
            "2023",
        ],
        vec![
            "benchmark",
            "--la",
            "895",
            "--data",
            &data,
            "--every",
            "year",
        ],
        vec![
            "movements",
            "--data",
            &data,
            "--from",
            "examples/demo/payroll_2024.csv",
            "--compare",
            "2024-09-30",
        ],
    ] {
        let out = run(&args);
        assert_eq!(out.status, 2, "{args:?}: {}", out.stderr);
    }
}

/// `--suppress 5` on Luton's leavers by length of service (a two-way table:
/// bands within each directorate, and the closing Total bands): every count
/// from 1 to 4 is `c`, and no total can give a hidden count back: every
/// sum has no hidden cell or at least two.
#[test]
fn suppression_leaves_no_hidden_count_recoverable() {
    let data = fixture("luton_leavers").to_string_lossy().into_owned();
    let plain = csv(&[
        "cohorts",
        "--by",
        "directorate",
        "--as-of",
        "2016-07-31",
        "--data",
        &data,
    ]);
    let t = csv(&[
        "cohorts",
        "--by",
        "directorate",
        "--as-of",
        "2016-07-31",
        "--data",
        &data,
        "--suppress",
        "5",
    ]);
    let h = t.col("headcount");
    for (a, b) in plain.rows.iter().zip(&t.rows) {
        let n: u32 = a[h].parse().unwrap();
        if (1..5).contains(&n) {
            assert_eq!(b[h], "c", "{a:?}");
            assert_eq!(b[t.col("fte")], "c", "{a:?}");
            assert_eq!(b[t.col("share_pct")], "c", "{a:?}");
        } else if b[h] != "c" {
            assert_eq!(a, b);
        }
    }
    // Sums: each group's bands to its Total; each band over the groups to
    // the closing Total band.
    let hidden = |g: &str, band: &str| t.get(&[g, band], "headcount") == "c";
    let bands = ["<1", "1-2", "2-5", "5-10", "10+"];
    let groups = ["Adults", "Children's"];
    for g in groups.iter().chain(["Total"].iter()) {
        let n = bands.iter().filter(|b| hidden(g, b)).count() + usize::from(hidden(g, "Total"));
        assert_ne!(n, 1, "{g}: one hidden cell could be worked out");
    }
    for b in bands.iter().chain(["Total"].iter()) {
        let n = groups.iter().filter(|g| hidden(g, b)).count() + usize::from(hidden("Total", b));
        assert_ne!(n, 1, "band {b}: one hidden cell could be worked out");
    }
    // A plain table where only one row is small: a second row goes with it.
    let lv = csv(&[
        "leavers",
        "--by",
        "directorate",
        "--as-of",
        "2016-07-31",
        "--data",
        &data,
        "--suppress",
        "10",
    ]);
    let shown: Vec<&str> = lv
        .rows
        .iter()
        .map(|r| r[lv.col("leavers")].as_str())
        .collect();
    // Children's 26 and Adults 9 of 35: Adults is small; with only two rows
    // the other must go too, else 35 - 26 gives it back.
    assert_eq!(shown, ["c", "c", "35"], "{:?}", lv.rows);
}

/// Days since Excel's day 0 (30 December 1899, as Excel counts past its
/// 1900 leap day): the serial a workbook's date cell holds.
fn serial(iso: &str) -> f64 {
    let day = chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d").unwrap();
    let zero = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap();
    (day - zero).num_days() as f64
}

/// Issue 18, defect 23: with `--every` over a period that does not end on a
/// quarter end, the `period` cell of the workbook was text ("10/11/2024").
/// In a workbook the `period` column is a date column, each row holding its
/// step's last day (whether the step has a label such as 2024Q2 or not);
/// text formats keep the label.
#[test]
fn every_period_is_a_date_cell_in_a_workbook() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let dir = tempfile::tempdir().unwrap();
    let runs: [Steps; 2] = [
        (
            "quarter",
            "2024-01-11..2024-11-10",
            &[
                ("10/02/2024", "2024-02-10"),
                ("10/05/2024", "2024-05-10"),
                ("10/08/2024", "2024-08-10"),
                ("10/11/2024", "2024-11-10"),
            ],
        ),
        (
            "quarter",
            "2024/25",
            &[
                ("2024Q2", "2024-06-30"),
                ("2024Q3", "2024-09-30"),
                ("2024Q4", "2024-12-31"),
                ("2025Q1", "2025-03-31"),
            ],
        ),
    ];
    for (k, (step, period, steps)) in runs.iter().enumerate() {
        let args = ["leavers", "--period", period, "--every", step];
        let text = with(&args, &[]);
        let labels: Vec<&str> = steps.iter().map(|s| s.0).collect();
        let mut shown: Vec<&str> = text.firsts();
        shown.dedup();
        assert_eq!(shown, labels, "{period}");
        let path = dir.path().join(format!("every{k}.xlsx"));
        let data = demo();
        let mut all = args.to_vec();
        all.extend(["--data", &data, "-o", path.to_str().unwrap()]);
        let out = run(&all);
        assert_eq!(out.status, 0, "{}", out.stderr);
        let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
        let sheet = wb.sheet_names()[0].clone();
        let range = wb.worksheet_range(&sheet).unwrap();
        assert_eq!(range.height(), text.rows.len() + 1);
        for (r, row) in text.rows.iter().enumerate() {
            let day = steps.iter().find(|s| s.0 == row[0]).unwrap().1;
            match range.get((r + 1, 0)).unwrap() {
                Data::DateTime(d) => {
                    assert_eq!(d.as_f64(), serial(day), "{period} row {}", r + 2)
                }
                other => panic!("{period} row {}: {other:?} is not a date", r + 2),
            }
        }
    }
}

/// Leavers of directorates A, B and C in 2023 and 2024, for `--compare`.
fn compare_leavers() -> tempfile::TempDir {
    extracts(&[(
        "leavers.csv",
        "Employee ID,Directorate,Job Title,FTE,Start Date,Leaving Date,Reason\n\
         A1,A,Social Worker,0.125,01/01/2020,15/03/2024,Resignation\n\
         A2,A,Social Worker,0.5,01/01/2020,15/03/2023,Resignation\n\
         A3,A,Social Worker,0.5,01/01/2020,15/06/2023,Resignation\n\
         B1,B,Social Worker,1,01/01/2020,15/04/2024,Resignation\n\
         B2,B,Social Worker,0.5,01/01/2020,15/04/2023,Resignation\n\
         C1,C,Social Worker,1,01/01/2020,15/05/2024,Resignation\n",
    )])
}

/// Issue 18, defect 17: COL_change was worked out before rounding, so the
/// page did not add up (the demo's agency_rate_pct 4.5 against 6.3 with a
/// change of -1.9). It is the printed figure less the printed previous one.
/// Leavers by directorate, 2024 against 2023:
///   share_pct: A 1 of 3 = 33.333.. (33.3) against 2 of 3 = 66.666..
///   (66.7): 33.3 - 66.7 = -33.4 (unrounded, -33.333.. gave -33.3);
///   B 33.3 against 1 of 3, 33.3: 0.0.
///   leavers_fte: A 0.125 (0.13, half away from zero) against 0.5 + 0.5 =
///   1: 0.13 - 1 = -0.87 (unrounded, -0.875 gave -0.88); B 1 against 0.5:
///   0.5; C 1 against none: 1; Total 0.125 + 1 + 1 = 2.125 (2.13) against
///   1.5: 0.63, and the rows' changes add up to it: -0.87 + 0.5 + 1 = 0.63
///   (-0.88 + 0.5 + 1 = 0.62 did not).
#[test]
fn compare_change_is_the_printed_figures_difference() {
    let dir = compare_leavers();
    let data = dir.path().to_string_lossy().into_owned();
    let args = [
        "leavers",
        "--data",
        &data,
        "--by",
        "directorate",
        "--period",
        "2024",
        "--compare",
        "2023",
    ];
    let t = csv(&args);
    expect_cells(
        &t,
        &[
            (&["A"], "share_pct", "33.3"),
            (&["A"], "share_pct_prev", "66.7"),
            (&["A"], "share_pct_change", "-33.4"),
            (&["B"], "share_pct_change", "0.0"),
            (&["A"], "leavers_fte", "0.13"),
            (&["A"], "leavers_fte_prev", "1"),
            (&["A"], "leavers_fte_change", "-0.87"),
            (&["B"], "leavers_fte_change", "0.5"),
            (&["C"], "leavers_fte_change", "1"),
            (&["Total"], "leavers_fte", "2.13"),
            (&["Total"], "leavers_fte_prev", "1.5"),
            (&["Total"], "leavers_fte_change", "0.63"),
        ],
    );
    // JSON carries the same numbers.
    let doc = json(&args);
    let a = &doc["rows"][0];
    assert_eq!(a["directorate"], "A");
    assert_eq!(a["share_pct_change"], serde_json::json!(-33.4));
    assert_eq!(a["leavers_fte_change"], serde_json::json!(-0.87));
}

/// Issue 18, defect 18: under `--compare`, a group present in one period
/// only had blank counts on the other side (`agency --by team --compare`
/// on the demo: the visible changes added to 11, the Total's to 19). It
/// has counts and amounts of 0 there, so the changes add up, and rates N/A.
/// Cheshire East's placements (tests/cli/agency.rs works out 2018): in
/// 2016 only W8 (Children's, 01/01/2016 to 31/12/2016, 37 hours, covering
/// a vacancy): placements 1, workers 1, active on 31/12/2016 1 (its end
/// date is the day), 1 FTE, covering 1, long-running 0 (started less than
/// 12 months before), converted 0 (E3 joined on 01/01/2017). Adults had no
/// placement in 2016.
#[test]
fn compare_a_group_of_one_period_only_has_zero_counts() {
    let data = fixture("cheshire_east_agency")
        .to_string_lossy()
        .into_owned();
    let cols = [
        "placements",
        "workers",
        "active",
        "agency_fte",
        "covering_vacancy",
        "long_running",
        "converted",
    ];
    // 2018 against 2016: Adults 4, 4, 2, 2, 3, 1, 2 against nothing (0).
    let t = csv(&[
        "agency",
        "--data",
        &data,
        "--period",
        "2018",
        "--compare",
        "2016",
    ]);
    let adults = ["4", "4", "2", "2", "3", "1", "2"];
    for (c, now) in cols.iter().zip(adults) {
        assert_eq!(t.get(&["Adults"], &format!("{c}_prev")), "0", "{c}");
        assert_eq!(t.get(&["Adults"], &format!("{c}_change")), now, "{c}");
    }
    // Children's 5, 5, 3, 2.5, 3, 1, 1 against 1, 1, 1, 1, 1, 0, 0; Total
    // 9, 9, 5, 4.5, 6, 2, 3 against the same as Children's. Changes:
    // Adults + Children's = Total, column by column.
    let childrens = ["4", "4", "2", "1.5", "2", "1", "1"];
    let total = ["8", "8", "4", "3.5", "5", "2", "3"];
    for ((c, ch), tot) in cols.iter().zip(childrens).zip(total) {
        assert_eq!(t.get(&["Children's"], &format!("{c}_change")), ch, "{c}");
        assert_eq!(t.get(&["Total"], &format!("{c}_change")), tot, "{c}");
    }
    // 2016 against 2018: Adults is now 0 and the change its loss.
    let t = csv(&[
        "agency",
        "--data",
        &data,
        "--period",
        "2016",
        "--compare",
        "2018",
    ]);
    for (c, then) in cols.iter().zip(adults) {
        assert_eq!(t.get(&["Adults"], c), "0", "{c}");
        assert_eq!(t.get(&["Adults"], &format!("{c}_prev")), then, "{c}");
        assert_eq!(
            t.get(&["Adults"], &format!("{c}_change")),
            format!("-{then}"),
            "{c}"
        );
    }
    // Rates: C left in 2024 only (one leaver, 1 FTE): in 2023 its leavers
    // and leavers_fte are 0, its share_pct N/A (blank), the change too.
    let dir = compare_leavers();
    let data = dir.path().to_string_lossy().into_owned();
    let t = csv(&[
        "leavers",
        "--data",
        &data,
        "--by",
        "directorate",
        "--period",
        "2024",
        "--compare",
        "2023",
    ]);
    expect_cells(
        &t,
        &[
            (&["C"], "leavers_prev", "0"),
            (&["C"], "leavers_change", "1"),
            (&["C"], "leavers_fte_prev", "0"),
            (&["C"], "share_pct", "33.3"),
            (&["C"], "share_pct_prev", ""),
            (&["C"], "share_pct_change", ""),
        ],
    );
}

/// Issue 18, defect 20: `--suppress 5` hid whole rows (every directorate
/// row of `swr agency --suppress 5` on the demo was `c`, though
/// Children's placements is 22). Suppression is per cell.
/// Cheshire East's 2018 (worked out in tests/cli/agency.rs): Adults 4, 4,
/// 2, 2 FTE, 3, 1, 2; Children's 5, 5, 3, 2.5 FTE, 3, 1, 1; Total 9, 9, 5,
/// 4.5 FTE, 6, 2, 3. With `--suppress 3` the counts from 1 to 2 are Adults'
/// active 2, long_running 1 and converted 2, Children's long_running 1 and
/// converted 1, and the Total's long_running 2. Then:
///   active: Adults alone hidden under the Total (5 - 3 gives 2 back), so
///   the smallest other row, Children's 3, goes too;
///   agency_fte is the FTE of the active placements: hidden with them
///   (Adults, Children's); its Total 4.5 has two hidden rows under it;
///   long_running: all three hidden; converted: two hidden rows under a
///   Total of 3 (no one of them can be worked out);
///   placements, workers and covering_vacancy hold no count under 3.
#[test]
fn suppression_is_per_cell() {
    let data = fixture("cheshire_east_agency")
        .to_string_lossy()
        .into_owned();
    let t = csv(&[
        "agency",
        "--data",
        &data,
        "--period",
        "2018",
        "--suppress",
        "3",
    ]);
    let want = [
        ["Adults", "4", "4", "c", "c", "3", "c", "c"],
        ["Children's", "5", "5", "c", "c", "3", "c", "c"],
        ["Total", "9", "9", "5", "4.5", "6", "c", "3"],
    ];
    assert_eq!(t.rows, want.map(|r| r.map(String::from).to_vec()));

    // The demo of the defect: each directorate row keeps its placements
    // (none is under 5: nothing to hide there) and every figure that is not
    // `c` is the plain one.
    let plain = with(&["agency"], &[]);
    let hidden = with(&["agency"], &["--suppress", "5"]);
    let p = plain.col("placements");
    for (a, b) in plain.rows.iter().zip(&hidden.rows) {
        let n: u32 = a[p].parse().unwrap();
        assert!(n >= 5, "{a:?}");
        assert_eq!(a[p], b[p], "{b:?}");
        for (x, y) in a.iter().zip(b) {
            assert!(y == x || y == "c", "{a:?} against {b:?}");
        }
    }
    assert_eq!(hidden.get(&["Children's Social Care"], "placements"), "22");

    // A rate hides with the counts it is built on, and only with them.
    // A and B: 10 in post each all 2024 (1 FTE each); A 2 leavers, B 6, in
    // 2024 (1 FTE each). turnover_pct = leavers / in post at the end:
    // A 20.0, B 60.0, Total 8 / 20 = 40.0; stability = in post at the end
    // who were at the start / in post at the start: A 10 / 12 = 83.3, B
    // 10 / 16 = 62.5, Total 20 / 28 = 71.4. With --suppress 5: A's leavers
    // 2 is hidden, and B's 6 with it (8 - 6 gives 2 back); leavers_fte and
    // both turnover rates are built on them: hidden in A and B. in_post,
    // in_post_fte, starters and stability_pct are built on no hidden count.
    let mut payroll = String::from("Employee ID,Directorate,Job Title,FTE,Start Date\n");
    let mut leavers =
        String::from("Employee ID,Directorate,Job Title,FTE,Start Date,Leaving Date,Reason\n");
    for d in ["A", "B"] {
        for i in 1..=10 {
            payroll.push_str(&format!("{d}{i},{d},Social Worker,1,01/01/2020\n"));
        }
    }
    for (d, n) in [("A", 2), ("B", 6)] {
        for i in 1..=n {
            leavers.push_str(&format!(
                "{d}L{i},{d},Social Worker,1,01/01/2020,15/06/2024,Resignation\n"
            ));
        }
    }
    let dir = extracts(&[("payroll.csv", &payroll), ("leavers.csv", &leavers)]);
    let data = dir.path().to_string_lossy().into_owned();
    let t = csv(&[
        "turnover",
        "--data",
        &data,
        "--by",
        "directorate",
        "--period",
        "2024",
        "--suppress",
        "5",
    ]);
    assert_eq!(
        t.header,
        [
            "directorate",
            "in_post",
            "in_post_fte",
            "starters",
            "leavers",
            "leavers_fte",
            "turnover_pct",
            "turnover_fte_pct",
            "stability_pct"
        ]
    );
    let want = [
        ["A", "10", "10", "0", "c", "c", "c", "c", "83.3"],
        ["B", "10", "10", "0", "c", "c", "c", "c", "62.5"],
        ["Total", "20", "20", "0", "8", "8", "40.0", "40.0", "71.4"],
    ];
    assert_eq!(t.rows, want.map(|r| r.map(String::from).to_vec()));
}

/// Issue 18: a group whose name is "Total" is a group, not the Total row.
/// The case of `suppression_is_per_cell` with directorate B named "Total":
/// A and "Total" 10 in post each all 2024, 2 and 6 leavers. `--suppress 5`
/// hides A's 2 leavers and the group "Total"'s 6 with it (8 - 6 gives 2
/// back), and the Total's 8 stays: before, the group was taken for a
/// Total over A, and the real Total's 8 leavers were hidden too. Cohorts'
/// sections close with a Total of their own, and a team "Total" keeps its
/// bands there; the workbook's bold Total is the real one.
#[test]
fn a_group_named_total_is_a_group() {
    let mut payroll = String::from("Employee ID,Directorate,Job Title,FTE,Start Date\n");
    let mut leavers =
        String::from("Employee ID,Directorate,Job Title,FTE,Start Date,Leaving Date,Reason\n");
    for d in ["A", "Total"] {
        for i in 1..=10 {
            payroll.push_str(&format!("{d}{i},{d},Social Worker,1,01/01/2020\n"));
        }
    }
    for (d, n) in [("A", 2), ("Total", 6)] {
        for i in 1..=n {
            leavers.push_str(&format!(
                "{d}L{i},{d},Social Worker,1,01/01/2020,15/06/2024,Resignation\n"
            ));
        }
    }
    // One person with a second post in the group "Total": counted in both
    // rows and once in the Total, which the notes say.
    payroll.push_str("A1,Total,Social Worker,0.5,01/01/2020\n");
    let dir = extracts(&[("payroll.csv", &payroll), ("leavers.csv", &leavers)]);
    let data = dir.path().to_string_lossy().into_owned();
    let args = |extra: &[&str]| -> Vec<String> {
        let mut a: Vec<String> = ["turnover", "--data", &data, "--by", "directorate"]
            .map(String::from)
            .to_vec();
        a.extend(["--period", "2024"].map(String::from));
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    let plain = json(&args(&[]).iter().map(|s| s.as_str()).collect::<Vec<_>>());
    let notes = notes(&plain);
    assert!(
        notes.iter().any(|n| n.contains("more than one")),
        "the person in two groups is told: {notes:?}"
    );
    let t = csv(&args(&["--suppress", "5"])
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>());
    let want = [
        ["A", "10", "10", "0", "c", "c", "c", "c", "83.3"],
        ["Total", "11", "10.5", "0", "c", "c", "c", "c", "64.7"],
        ["Total", "20", "20.5", "0", "8", "8", "40.0", "39.0", "71.4"],
    ];
    assert_eq!(t.rows, want.map(|r| r.map(String::from).to_vec()));
}
