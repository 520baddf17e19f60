//! One model of the workforce (SPEC section 4): swr compared with itself.
//!
//! Every command answers the same question the same way, so these tests run
//! swr twice (or six times) on the same data and compare the answers: the
//! default as-of date, the stock in post on a past day, `--where` splits,
//! group rows against the Total, shuffled rows, CSV against XLSX, and
//! `[reasons]` in swr.toml. Expected figures come from the input files (read
//! here with the csv crate, summed with exact decimals) or from another swr
//! run, never from swr's own output pasted in.

use crate::common::{csv, json, run, Csv};
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// The demo council's folder of four CSV files.
fn demo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join("demo")
}

fn text(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

/// `args` followed by `--data data`.
fn on(data: &str, args: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    v.push("--data".into());
    v.push(data.into());
    v
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// The six report commands as a user runs them with their defaults.
const COMMANDS: [&[&str]; 6] = [
    &["vacancies"],
    &["costs"],
    &["leavers"],
    &["turnover"],
    &["cohorts"],
    &["cohorts", "--of", "staff"],
];

/// Every report, with its defaults, another `--by`, and a back-dated run.
const REPORTS: [&[&str]; 15] = [
    &["vacancies"],
    &["vacancies", "--by", "team"],
    &["vacancies", "--as-of", "2025-03-31"],
    &["costs"],
    &["costs", "--by", "directorate"],
    &["leavers"],
    &[
        "leavers",
        "--by",
        "directorate",
        "--period",
        "2023-10-01..2025-09-30",
    ],
    &["turnover"],
    &["turnover", "--by", "grade"],
    &["turnover", "--period", "2024-04-01..2025-03-31"],
    &["cohorts"],
    &["cohorts", "--by", "directorate"],
    &["cohorts", "--of", "staff"],
    &["cohorts", "--of", "staff", "--by", "grade"],
    &["cohorts", "--of", "staff", "--as-of", "2025-03-31"],
];

/// Counts, FTEs and money: the columns whose Total is the sum of the rows.
const ADDITIVE: [&str; 14] = [
    "establishment_fte",
    "in_post_fte",
    "vacancy_fte",
    "agency_fte",
    "agency_cover_fte",
    "permanent_fte",
    "agency_spend",
    "leavers",
    "leavers_fte",
    "exit_interviews",
    "in_post",
    "starters",
    "headcount",
    "fte",
];

/// A CSV cell as an exact decimal; N/A (an empty cell) is None.
fn dec(cell: &str) -> Option<Decimal> {
    if cell.is_empty() {
        None
    } else {
        Some(Decimal::from_str(cell).unwrap_or_else(|e| panic!("'{cell}' is no number: {e}")))
    }
}

/// The row whose first cell reads Total.
fn total_row(t: &Csv) -> &Vec<String> {
    t.rows
        .iter()
        .find(|r| r[0] == "Total")
        .unwrap_or_else(|| panic!("no Total row in {:#?}", t.rows))
}

fn total(t: &Csv, col: &str) -> Option<Decimal> {
    dec(&total_row(t)[t.col(col)])
}

/// How far apart a sum of `n` shown values and the shown whole may be. CSV
/// carries FTE to 2 decimals (SPEC section 3), so an agency FTE (hours_per_week
/// / 37, e.g. 22.5 / 37 = 0.6081) in each of the n parts and in the whole
/// may be up to 0.005 off its exact value. Every other FTE of the demo is
/// written with one decimal, so its sums are exact; counts and money
/// (agency_spend is rounded per placement, README) must add up exactly.
fn slack(col: &str, n: usize) -> Decimal {
    if col.starts_with("agency_") && col.ends_with("fte") {
        Decimal::new(5, 3) * Decimal::from(n as u64 + 1)
    } else {
        Decimal::ZERO
    }
}

/// Check `whole` = sum of `parts` for one column, recording any mismatch.
fn adds_up(
    what: &str,
    col: &str,
    parts: &[Option<Decimal>],
    whole: Option<Decimal>,
    bad: &mut Vec<String>,
) {
    let Some(whole) = whole else {
        if parts.iter().any(Option::is_some) {
            bad.push(format!(
                "{what} {col}: whole is N/A but parts are {parts:?}"
            ));
        }
        return;
    };
    if parts.iter().any(Option::is_none) {
        bad.push(format!(
            "{what} {col}: whole is {whole} but parts are {parts:?}"
        ));
        return;
    }
    let sum: Decimal = parts.iter().map(|p| p.unwrap()).sum();
    if (sum - whole).abs() > slack(col, parts.len()) {
        let shown: Vec<String> = parts.iter().map(|p| p.unwrap().to_string()).collect();
        bad.push(format!(
            "{what} {col}: {} = {sum}, but the whole is {whole}",
            shown.join(" + ")
        ));
    }
}

fn additive_columns(t: &Csv) -> Vec<&'static str> {
    ADDITIVE
        .iter()
        .copied()
        .filter(|c| t.header.iter().any(|h| h == c))
        .collect()
}

/// Today's date as the system gives it (swr uses the local date).
fn today() -> String {
    let out = std::process::Command::new("date")
        .arg("+%F")
        .output()
        .expect("date runs");
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// `dd/mm/yyyy` as (year, month, day), which orders as dates do.
fn dmy(s: &str) -> (u32, u32, u32) {
    let p: Vec<u32> = s
        .split('/')
        .map(|x| x.parse().unwrap_or_else(|_| panic!("bad date {s}")))
        .collect();
    assert_eq!(p.len(), 3, "bad date {s}");
    (p[2], p[1], p[0])
}

fn iso(s: &str) -> (u32, u32, u32) {
    let p: Vec<u32> = s.split('-').map(|x| x.parse().unwrap()).collect();
    (p[0], p[1], p[2])
}

/// Read a CSV extract: header (BOM stripped) and records.
fn read_extract(path: &Path) -> (Vec<String>, Vec<csv::StringRecord>) {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_path(path)
        .unwrap();
    let header = r
        .headers()
        .unwrap()
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    let rows = r.records().map(Result::unwrap).collect();
    (header, rows)
}

fn idx(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
}

/// Copy the demo's CSV files into a new folder.
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

// ---------------------------------------------------------------------------
// 1. One default as-of date

/// Guards SPEC section 3 (`--as-of` default) and section 4: every command
/// on the same data has the same default as-of date, the latest start or
/// leave date in every extract present. On the demo that is 30/09/2025 (the
/// latest leave date; worked out here from the CSV files).
#[test]
fn demo_commands_share_one_default_as_of() {
    let data = demo();
    let mut latest = (0, 0, 0);
    for (file, cols) in [
        ("payroll.csv", &["Continuous Service Date"][..]),
        ("leavers.csv", &["Date Started", "Leaving Date"][..]),
        ("agency.csv", &["Start Date"][..]),
    ] {
        let (h, rows) = read_extract(&data.join(file));
        for c in cols {
            let i = idx(&h, c);
            for r in &rows {
                latest = latest.max(dmy(&r[i]));
            }
        }
    }
    let want = format!("{:04}-{:02}-{:02}", latest.0, latest.1, latest.2);
    assert_eq!(want, "2025-09-30", "the demo's latest start or leave date");
    let d = text(&data);
    let mut seen = Vec::new();
    for cmd in COMMANDS {
        let doc = json(&strs(&on(&d, cmd)));
        seen.push((
            cmd.join(" "),
            doc["as_of"].as_str().unwrap_or("?").to_string(),
        ));
    }
    let wrong: Vec<_> = seen.iter().filter(|(_, a)| *a != want).collect();
    assert!(
        wrong.is_empty(),
        "expected as_of {want} everywhere, got {seen:?}"
    );
}

/// A small council whose payroll's latest start date is later than any
/// leave date, and whose agency placement is planned to end after today.
/// `extra_payroll` adds payroll rows.
fn as_of_fixture(extra_payroll: &str) -> tempfile::TempDir {
    let next_year: u32 = today()[..4].parse::<u32>().unwrap() + 1;
    crate::common::extracts(&[
        (
            "establishment.csv",
            "Directorate,Team,Job Title,Grade,FTE\n\
             Children's,Front Door,Social Worker,Grade 8,4\n\
             Adults,Hospital,Social Worker,Grade 8,2\n",
        ),
        (
            "payroll.csv",
            &format!(
                "Employee ID,Directorate,Team,Job Title,Grade,FTE,Start Date,Salary\n\
                 E1,Children's,Front Door,Social Worker,Grade 8,1,01/03/2015,\"£39,500\"\n\
                 E2,Children's,Front Door,Social Worker,Grade 8,0.5,15/06/2026,\"£39,500\"\n\
                 E3,Adults,Hospital,Social Worker,Grade 8,1,10/10/2020,\"£38,000\"\n\
                 {extra_payroll}"
            ),
        ),
        (
            "agency.csv",
            // Started before the payroll's latest start; planned to run past today.
            &format!(
                "Worker ID,Directorate,Team,Job Title,Start Date,End Date,Hours Per Week,Hourly Rate\n\
                 A1,Children's,Front Door,Social Worker,05/01/2026,31/12/{next_year},37,£40.00\n"
            ),
        ),
        (
            "leavers.csv",
            "Employee ID,Directorate,Team,Job Title,Grade,FTE,Start Date,Leaving Date,Reason for Leaving\n\
             L1,Children's,Front Door,Social Worker,Grade 8,1,01/02/2019,31/03/2026,Retirement\n\
             L2,Adults,Hospital,Social Worker,Grade 8,1,01/02/2021,30/11/2025,Dismissal\n",
        ),
    ])
}

/// The as_of every command reports on `dir`, checked to be one date.
fn one_as_of(dir: &Path) -> String {
    let d = text(dir);
    let got: Vec<(String, String)> = COMMANDS
        .iter()
        .map(|cmd| {
            let doc = json(&strs(&on(&d, cmd)));
            (
                cmd.join(" "),
                doc["as_of"].as_str().unwrap_or("?").to_string(),
            )
        })
        .collect();
    let first = got[0].1.clone();
    assert!(
        got.iter().all(|(_, a)| *a == first),
        "commands disagree on the default as-of date: {got:?}"
    );
    first
}

/// Guards the as-of default on data that separates its sources: the latest
/// payroll start (15/06/2026) is later than any leave date (31/03/2026) or
/// agency start (05/01/2026), and the agency end date (31/12 next year) is a
/// plan that must not count. A start date after today makes the as-of today.
#[test]
fn default_as_of_is_latest_start_or_leave_never_agency_end_nor_after_today() {
    let now = today();
    // Latest start or leave date is 2026-06-15; never later than today.
    let latest = "2026-06-15".to_string();
    let want = if iso(&latest) <= iso(&now) {
        latest
    } else {
        now.clone()
    };
    let dir = as_of_fixture("");
    assert_eq!(one_as_of(dir.path()), want, "latest payroll start date");

    // Someone due to start next year: the as-of date is today.
    let next_year: u32 = now[..4].parse::<u32>().unwrap() + 1;
    let future =
        format!("E4,Adults,Hospital,Social Worker,Grade 8,1,15/01/{next_year},\"£38,000\"\n");
    let dir = as_of_fixture(&future);
    assert_eq!(
        one_as_of(dir.path()),
        now,
        "a start date after today: as of today"
    );
}

// ---------------------------------------------------------------------------
// 2. In post on a past day

/// Guards SPEC section 4's stock: on a back-dated as-of (31/03/2025) the
/// people in post are payroll rows with start_date <= D plus leavers rows
/// with start_date <= D < leave_date, and vacancies, costs, turnover and
/// cohorts --of staff all report that one stock. The expected FTE and
/// headcount are worked out here from payroll.csv and leavers.csv.
#[test]
fn in_post_on_a_past_day_is_one_stock_everywhere() {
    let data = demo();
    let day = iso("2025-03-31");
    let (ph, prows) = read_extract(&data.join("payroll.csv"));
    let (lh, lrows) = read_extract(&data.join("leavers.csv"));
    let mut fte = Decimal::ZERO;
    let mut people = std::collections::BTreeSet::new();
    let (pid, pfte, pstart) = (
        idx(&ph, "Employee Number"),
        idx(&ph, "Contracted FTE"),
        idx(&ph, "Continuous Service Date"),
    );
    for r in &prows {
        if dmy(&r[pstart]) <= day {
            fte += Decimal::from_str(&r[pfte]).unwrap();
            people.insert(r[pid].to_string());
        }
    }
    let (lid, lfte, lstart, lleave) = (
        idx(&lh, "Employee Number"),
        idx(&lh, "FTE"),
        idx(&lh, "Date Started"),
        idx(&lh, "Leaving Date"),
    );
    for r in &lrows {
        if dmy(&r[lstart]) <= day && day < dmy(&r[lleave]) {
            fte += Decimal::from_str(&r[lfte]).unwrap();
            people.insert(r[lid].to_string());
        }
    }
    let heads = Decimal::from(people.len() as u64);
    // Sanity: the figures the issue quotes for the demo.
    assert_eq!(fte, Decimal::from_str("237.1").unwrap());
    assert_eq!(people.len(), 264);

    let d = text(&data);
    let as_of = ["--as-of", "2025-03-31"];
    let vac = csv(&strs(&on(&d, &[&["vacancies"][..], &as_of].concat())));
    let costs = csv(&strs(&on(&d, &[&["costs"][..], &as_of].concat())));
    let turn = csv(&strs(&on(
        &d,
        &["turnover", "--period", "2024-04-01..2025-03-31"],
    )));
    let staff = csv(&strs(&on(
        &d,
        &[&["cohorts", "--of", "staff"][..], &as_of].concat(),
    )));
    let got = [
        ("vacancies in_post_fte", total(&vac, "in_post_fte"), fte),
        ("costs permanent_fte", total(&costs, "permanent_fte"), fte),
        ("turnover in_post_fte", total(&turn, "in_post_fte"), fte),
        ("cohorts --of staff fte", total(&staff, "fte"), fte),
        ("turnover in_post", total(&turn, "in_post"), heads),
        (
            "cohorts --of staff headcount",
            total(&staff, "headcount"),
            heads,
        ),
    ];
    let bad: Vec<String> = got
        .iter()
        .filter(|(_, g, w)| *g != Some(*w))
        .map(|(what, g, w)| format!("{what}: expected {w}, got {g:?}"))
        .collect();
    assert!(bad.is_empty(), "in post on 31/03/2025:\n{}", bad.join("\n"));
}

// ---------------------------------------------------------------------------
// 3. --where COL=a plus --where COL!=a is the whole

/// Guards `--where` (SPEC section 3): splitting every dataset a command
/// reads on one value and its complement splits every count, FTE and money
/// amount, so the two Totals add up to the unfiltered Total. The columns are
/// ones every extract each command reads carries (agency has no grade, so
/// vacancies and costs are split on team and job_title instead).
#[test]
fn where_equal_plus_where_not_equal_is_the_whole() {
    let d = text(&demo());
    let csc = "directorate=Children's Social Care";
    let cases: &[(&[&str], &str)] = &[
        (&["vacancies", "--by", "team"], csc),
        (&["vacancies", "--by", "team"], "job_title=Social Worker"),
        (&["costs"], csc),
        (&["costs"], "team=Front Door and MASH"),
        (&["leavers"], csc),
        (&["leavers"], "grade=Grade 8"),
        (
            &["leavers", "--period", "2023-10-01..2025-09-30"],
            "team=Locality City",
        ),
        (&["turnover"], csc),
        (&["turnover"], "grade=Grade 8"),
        (
            &["turnover", "--period", "2024-04-01..2025-03-31"],
            "grade=Grade 9",
        ),
        (&["cohorts"], csc),
        (&["cohorts"], "grade=Grade 8"),
        (&["cohorts", "--of", "staff"], csc),
        (&["cohorts", "--of", "staff"], "grade=Grade 8"),
        (&["vacancies", "--as-of", "2025-03-31"], csc),
        (
            &["costs", "--as-of", "2025-03-31"],
            "job_title=Social Worker",
        ),
    ];
    let mut bad = Vec::new();
    for (cmd, eq) in cases {
        let ne = eq.replacen('=', "!=", 1);
        let whole = csv(&strs(&on(&d, cmd)));
        let a = csv(&strs(&on(&d, &[*cmd, &["--where", eq][..]].concat())));
        let b = csv(&strs(&on(
            &d,
            &[*cmd, &["--where", ne.as_str()][..]].concat(),
        )));
        for col in additive_columns(&whole) {
            adds_up(
                &format!("swr {} --where '{eq}' / '{ne}':", cmd.join(" ")),
                col,
                &[total(&a, col), total(&b, col)],
                total(&whole, col),
                &mut bad,
            );
        }
    }
    assert!(
        bad.is_empty(),
        "splits that do not add up:\n{}",
        bad.join("\n")
    );
}

// ---------------------------------------------------------------------------
// 4. Group rows add up to the Total

/// Guards the Total row (SPEC section 2): its counts, FTEs and money are the
/// sums of the rows above it, for every report with its default `--by` and
/// another one. cohorts with `--by` has a Total row per group: each group's
/// bands add up to its Total, and the group Totals add up to the Total of
/// the same run without `--by`.
#[test]
fn group_rows_add_up_to_the_total() {
    let d = text(&demo());
    let runs: &[&[&str]] = &[
        &["vacancies"],
        &["vacancies", "--by", "team"],
        &["vacancies", "--by", "directorate,job_title"],
        &["vacancies", "--by", "job_title", "--as-of", "2025-03-31"],
        &["costs"],
        &["costs", "--by", "directorate"],
        &["costs", "--by", "team", "--as-of", "2025-03-31"],
        &["leavers"],
        &["leavers", "--by", "directorate"],
        &[
            "leavers",
            "--by",
            "job_title",
            "--period",
            "2023-10-01..2025-09-30",
        ],
        &["turnover"],
        &["turnover", "--by", "grade"],
        &[
            "turnover",
            "--by",
            "team",
            "--period",
            "2024-04-01..2025-03-31",
        ],
        &["cohorts"],
        &["cohorts", "--of", "staff"],
        &["cohorts", "--of", "staff", "--as-of", "2025-03-31"],
    ];
    let mut bad = Vec::new();
    for cmd in runs {
        let t = csv(&strs(&on(&d, cmd)));
        let groups: Vec<&Vec<String>> = t.rows.iter().filter(|r| r[0] != "Total").collect();
        for col in additive_columns(&t) {
            let i = t.col(col);
            let parts: Vec<Option<Decimal>> = groups.iter().map(|r| dec(&r[i])).collect();
            adds_up(
                &format!("swr {}:", cmd.join(" ")),
                col,
                &parts,
                total(&t, col),
                &mut bad,
            );
        }
    }
    for cmd in [
        &["cohorts", "--by", "directorate"][..],
        &["cohorts", "--of", "staff", "--by", "grade"][..],
    ] {
        let t = csv(&strs(&on(&d, cmd)));
        let plain = csv(&strs(&on(&d, &cmd[..cmd.len() - 2])));
        // The groups, then the closing Total section (the bands over
        // everyone), which must be the run without --by.
        let mut names: Vec<&str> = t
            .rows
            .iter()
            .map(|r| r[0].as_str())
            .filter(|g| *g != "Total")
            .collect();
        names.dedup();
        let closing: Vec<&Vec<String>> = t.rows.iter().filter(|r| r[0] == "Total").collect();
        let unclosed: Vec<&Vec<String>> = plain.rows.iter().collect();
        assert_eq!(
            closing.iter().map(|r| &r[1..]).collect::<Vec<_>>(),
            unclosed.iter().map(|r| &r[..]).collect::<Vec<_>>(),
            "swr {}: the closing Total section is the run without --by",
            cmd.join(" ")
        );
        for col in ["headcount", "fte"] {
            let i = t.col(col);
            let mut group_totals = Vec::new();
            for g in &names {
                let bands: Vec<Option<Decimal>> = t
                    .rows
                    .iter()
                    .filter(|r| r[0] == *g && r[1] != "Total")
                    .map(|r| dec(&r[i]))
                    .collect();
                let gt = dec(t.get(&[g, "Total"], col));
                adds_up(
                    &format!("swr {} group {g}:", cmd.join(" ")),
                    col,
                    &bands,
                    gt,
                    &mut bad,
                );
                group_totals.push(gt);
            }
            adds_up(
                &format!(
                    "swr {} group Totals against swr {}:",
                    cmd.join(" "),
                    plain_name(cmd)
                ),
                col,
                &group_totals,
                total(&plain, col),
                &mut bad,
            );
        }
    }
    assert!(
        bad.is_empty(),
        "rows that do not add up to the Total:\n{}",
        bad.join("\n")
    );
}

fn plain_name(cmd: &[&str]) -> String {
    cmd[..cmd.len() - 2].join(" ")
}

// ---------------------------------------------------------------------------
// 5. Shuffled rows

/// Write `src` to `dst` with its data rows in the order `order` gives
/// (a permutation of the row indexes); the header line, the BOM and the
/// line ends are kept as they are.
fn reorder(src: &Path, dst: &Path, order: impl Fn(usize) -> Vec<usize>) {
    let body = std::fs::read_to_string(src).unwrap();
    let eol = if body.contains("\r\n") { "\r\n" } else { "\n" };
    let mut lines: Vec<&str> = body.split(eol).collect();
    if lines.last() == Some(&"") {
        lines.pop();
    }
    let header = lines.remove(0);
    let n = lines.len();
    let mut out = String::from(header);
    out.push_str(eol);
    for i in order(n) {
        out.push_str(lines[i]);
        out.push_str(eol);
    }
    std::fs::write(dst, out).unwrap();
}

/// A permutation of n row indexes.
type Order = fn(usize) -> Vec<usize>;

/// Guards order-independence: the same rows in another order (reversed, and
/// rotated by a third) give the same tables, byte for byte, and the same
/// JSON (as-of date, period and notes included).
#[test]
fn shuffled_rows_give_identical_tables() {
    let d = text(&demo());
    let orders: [(&str, Order); 2] = [
        ("reversed", |n| (0..n).rev().collect()),
        ("rotated", |n| (0..n).map(|i| (i + n / 3) % n).collect()),
    ];
    let mut bad = Vec::new();
    for (name, order) in orders {
        let dir = tempfile::tempdir().unwrap();
        for f in ["establishment", "payroll", "agency", "leavers"] {
            let file = format!("{f}.csv");
            reorder(&demo().join(&file), &dir.path().join(&file), order);
        }
        let s = text(dir.path());
        for cmd in REPORTS {
            for format in ["csv", "json"] {
                let mut a = on(&d, cmd);
                let mut b = on(&s, cmd);
                for v in [&mut a, &mut b] {
                    v.extend(["--format".to_string(), format.to_string()]);
                }
                let (ra, rb) = (run(&strs(&a)), run(&strs(&b)));
                assert_eq!(ra.status, 0, "swr {}: {}", a.join(" "), ra.stderr);
                assert_eq!(rb.status, 0, "swr {}: {}", b.join(" "), rb.stderr);
                if ra.stdout != rb.stdout {
                    bad.push(format!(
                        "swr {} --format {format}, rows {name}:\n--- in file order\n{}\n--- {name}\n{}",
                        cmd.join(" "),
                        ra.stdout,
                        rb.stdout
                    ));
                }
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

// ---------------------------------------------------------------------------
// 6. CSV against XLSX

/// Guards SPEC section 4: "the same data as CSV or as XLSX gives the same
/// tables". The demo's four CSV files and council.xlsx hold the same rows
/// (the workbook with title rows, real Excel dates and amounts as numbers).
#[test]
fn csv_and_xlsx_give_identical_tables() {
    let folder = text(&demo());
    let book = text(&demo().join("council.xlsx"));
    let mut bad = Vec::new();
    for cmd in REPORTS {
        let mut a = on(&folder, cmd);
        let mut b = on(&book, cmd);
        for v in [&mut a, &mut b] {
            v.extend(["--format".to_string(), "csv".to_string()]);
        }
        let (ra, rb) = (run(&strs(&a)), run(&strs(&b)));
        assert_eq!(ra.status, 0, "swr {}: {}", a.join(" "), ra.stderr);
        assert_eq!(rb.status, 0, "swr {}: {}", b.join(" "), rb.stderr);
        if ra.stdout != rb.stdout {
            bad.push(format!(
                "swr {} --format csv:\n--- CSV files\n{}\n--- council.xlsx\n{}",
                cmd.join(" "),
                ra.stdout,
                rb.stdout
            ));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

// ---------------------------------------------------------------------------
// 7. [reasons] in swr.toml

/// Guards `[reasons]` (README swr.toml): folding raw leaving reasons into a
/// category breaks no command, `leavers` shows the category with the sums
/// of the two raw rows of an unfolded run (and no raw row), and nothing
/// else changes: leavers' Total and every other report are as without it.
#[test]
fn reasons_fold_in_leavers_and_break_no_command() {
    let (a, b) = (
        "Resignation - Better Pay",
        "Resignation - Career Progression",
    );
    let (lh, lrows) = read_extract(&demo().join("leavers.csv"));
    let ri = idx(&lh, "Reason for Leaving");
    for r in [a, b] {
        assert!(
            lrows.iter().any(|x| &x[ri] == r),
            "the demo has no leaver with reason {r}"
        );
    }
    let category = "Pay and progression";
    let plain = text(&demo());
    let dir = demo_copy();
    crate::common::write(
        dir.path(),
        "swr.toml",
        &format!("[reasons]\n\"{a}\" = \"{category}\"\n\"{b}\" = \"{category}\"\n"),
    );
    let folded = text(dir.path());

    let mut bad = Vec::new();
    for cmd in REPORTS.iter().copied().chain([&["check"][..]]) {
        let args = on(&folded, cmd);
        let out = run(&strs(&args));
        if out.status != 0 {
            bad.push(format!(
                "swr {} exits {}: {}",
                args.join(" "),
                out.status,
                out.stderr
            ));
            continue;
        }
        if cmd[0] == "leavers" || cmd[0] == "check" {
            continue;
        }
        // Reports that do not show reasons are unchanged.
        let unfolded = run(&strs(&on(&plain, cmd)));
        if out.stdout != unfolded.stdout {
            bad.push(format!(
                "swr {}: differs with [reasons]:\n{}\n--- without\n{}",
                cmd.join(" "),
                out.stdout,
                unfolded.stdout
            ));
        }
    }

    for period in [None, Some("2023-10-01..2025-09-30")] {
        let mut cmd = vec!["leavers"];
        if let Some(p) = period {
            cmd.extend(["--period", p]);
        }
        let raw = csv(&strs(&on(&plain, &cmd)));
        let f = csv(&strs(&on(&folded, &cmd)));
        let what = format!("swr leavers {}", cmd[1..].join(" "));
        for col in ["leavers", "leavers_fte", "exit_interviews"] {
            let want: Option<Decimal> = [a, b]
                .iter()
                .map(|r| {
                    raw.rows
                        .iter()
                        .find(|x| x[0] == *r)
                        .map(|x| dec(&x[raw.col(col)]).unwrap())
                        .unwrap_or_default()
                })
                .sum::<Decimal>()
                .into();
            let got = f
                .rows
                .iter()
                .find(|x| x[0] == category)
                .map(|x| dec(&x[f.col(col)]));
            if got != Some(want) {
                bad.push(format!(
                    "{what}: {category} {col}: expected {a} + {b} = {want:?}, got {got:?}"
                ));
            }
            if total(&f, col) != total(&raw, col) {
                bad.push(format!(
                    "{what}: Total {col} {:?} with [reasons], {:?} without",
                    total(&f, col),
                    total(&raw, col)
                ));
            }
        }
        for r in [a, b] {
            if f.rows.iter().any(|x| x[0] == r) {
                bad.push(format!("{what}: raw reason {r} still has a row"));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

// ---------------------------------------------------------------------------
// 8. Length of service in the notes (beyond the list)

/// Days since 1970-01-01 of a (year, month, day) (H. Hinnant's days_from_civil).
fn day_number(ymd: (u32, u32, u32)) -> i64 {
    let (y, m, d) = (ymd.0 as i64, ymd.1 as i64, ymd.2 as i64);
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// "mean length of service X years, median Y years" as worked out from the
/// service in days of each person: days / 365.25 to 1 decimal.
fn service_note(mut days: Vec<i64>) -> String {
    days.sort_unstable();
    let n = days.len();
    let sum: i64 = days.iter().sum();
    let mean = Decimal::from(sum) / Decimal::from(n as u64);
    let median = if n % 2 == 1 {
        Decimal::from(days[n / 2])
    } else {
        Decimal::from(days[n / 2 - 1] + days[n / 2]) / Decimal::from(2)
    };
    let y = |x: Decimal| (x / Decimal::new(36525, 2)).round_dp(1);
    format!(
        "mean length of service {:.1} years, median {:.1} years",
        y(mean),
        y(median)
    )
}

/// Guards the notes of `cohorts` against the same stock and the same
/// leavers its table counts (SPEC section 2: "The notes give the mean and
/// median length of service"): --of leavers measures start_date to
/// leave_date for leavers in the period; --of staff start_date to the as-of
/// date for everyone in post on it (payroll rows with start_date <= D plus
/// leavers rows with start_date <= D < leave_date). Worked out here from
/// the CSV files.
#[test]
fn cohorts_notes_give_the_mean_and_median_service_of_the_people_counted() {
    let data = demo();
    let d = text(&data);
    let (ph, prows) = read_extract(&data.join("payroll.csv"));
    let (lh, lrows) = read_extract(&data.join("leavers.csv"));
    let pstart = idx(&ph, "Continuous Service Date");
    let (lstart, lleave) = (idx(&lh, "Date Started"), idx(&lh, "Leaving Date"));
    let staff_days = |day: (u32, u32, u32)| -> Vec<i64> {
        let on = day_number(day);
        prows
            .iter()
            .filter(|r| dmy(&r[pstart]) <= day)
            .map(|r| on - day_number(dmy(&r[pstart])))
            .chain(
                lrows
                    .iter()
                    .filter(|r| dmy(&r[lstart]) <= day && day < dmy(&r[lleave]))
                    .map(|r| on - day_number(dmy(&r[lstart]))),
            )
            .collect()
    };
    let (from, to) = (iso("2024-10-01"), iso("2025-09-30"));
    let leaver_days: Vec<i64> = lrows
        .iter()
        .filter(|r| (from..=to).contains(&dmy(&r[lleave])))
        .map(|r| day_number(dmy(&r[lleave])) - day_number(dmy(&r[lstart])))
        .collect();
    let cases: Vec<(Vec<&str>, String)> = vec![
        (vec!["cohorts"], service_note(leaver_days)),
        (
            vec!["cohorts", "--of", "staff"],
            service_note(staff_days(iso("2025-09-30"))),
        ),
        (
            vec!["cohorts", "--of", "staff", "--as-of", "2025-03-31"],
            service_note(staff_days(iso("2025-03-31"))),
        ),
    ];
    let mut bad = Vec::new();
    for (cmd, want) in cases {
        let doc = json(&strs(&on(&d, &cmd)));
        let notes = crate::common::notes(&doc);
        if !notes.iter().any(|n| n.contains(&want)) {
            bad.push(format!(
                "swr {}: expected a note with '{want}', notes are {notes:#?}",
                cmd.join(" ")
            ));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// Someone in both payroll and leavers (resigned, leaving after the as-of
/// date) is one person in the stock: one head and their FTE once, in every
/// command, on the as-of date and at the start of the period. Worked by
/// hand: on 31/07/2016 in post are 1 (1.0 FTE) and 2 (0.5, in both
/// extracts); on 31/07/2015 also 3 (1.0), who left on 01/03/2016.
#[test]
fn someone_in_payroll_and_leavers_counts_once() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        ("payroll.csv", "Employee ID,Directorate,Job Title,FTE,Start Date,Salary\n1,Adults,SW,1,01/01/2015,30000\n2,Adults,SW,0.5,01/01/2015,30000\n"),
        ("leavers.csv", "Employee ID,Directorate,Job Title,FTE,Start Date,Leave Date,Reason\n2,Adults,SW,0.5,01/01/2015,31/12/2016,Resigned\n3,Adults,SW,1,01/01/2014,01/03/2016,Retired\n"),
        ("establishment.csv", "Post ID,Directorate,Job Title,FTE\nP1,Adults,SW,3\n"),
        ("agency.csv", "Worker ID,Directorate,Job Title,Start Date,End Date,Hours Per Week,Hourly Rate\nA1,Adults,SW,01/01/2016,,37,40\n"),
    ];
    for (name, body) in files {
        std::fs::write(dir.path().join(name), body).unwrap();
    }
    let d = dir.path().to_str().unwrap();
    let asof = ["--as-of", "2016-07-31"];
    let t = csv(&[&["vacancies", "--data", d][..], &asof].concat());
    assert_eq!(t.get(&["Total"], "in_post_fte"), "1.5");
    assert_eq!(t.get(&["Total"], "vacancy_fte"), "1.5");
    let t = csv(&[&["costs", "--data", d][..], &asof].concat());
    assert_eq!(t.get(&["Total"], "permanent_fte"), "1.5");
    let t = csv(&[&["turnover", "--data", d][..], &asof].concat());
    assert_eq!(t.get(&["Total"], "in_post"), "2");
    assert_eq!(t.get(&["Total"], "in_post_fte"), "1.5");
    // 2 of the 3 in post on 31/07/2015 are still in post.
    assert_eq!(t.get(&["Total"], "stability_pct"), "66.7");
    let t = csv(&[&["cohorts", "--of", "staff", "--data", d][..], &asof].concat());
    assert_eq!(t.get(&["Total"], "headcount"), "2");
    assert_eq!(t.get(&["Total"], "fte"), "1.5");
    // Nothing but notes on standard error (no polars warnings).
    for cmd in ["vacancies", "costs", "turnover", "cohorts"] {
        let out = run(&[&[cmd, "--data", d][..], &asof].concat());
        for line in out.stderr.lines() {
            assert!(line.starts_with("note: "), "{cmd}: {line}");
        }
    }
}
