//! The properties, each a function of a command; `main.rs` makes a test of
//! each property for each command it applies to.

use crate::council::*;
use crate::ensure;
use crate::files::{write, Form};
use crate::swr::*;
use chrono::{Duration, NaiveDate};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::TestCaseError;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

type R = Result<(), TestCaseError>;

fn fail(problems: Vec<String>, context: &str) -> R {
    if problems.is_empty() {
        return Ok(());
    }
    let n = problems.len();
    let shown: Vec<String> = problems.into_iter().take(12).collect();
    Err(TestCaseError::fail(format!(
        "{n} problem(s):\n  {}\n{context}",
        shown.join("\n  ")
    )))
}

fn is_total(r: &[String]) -> bool {
    r.first().is_some_and(|c| c == "Total")
}

// ---------------------------------------------------------------------------
// partition: the row for value v of --by COL equals the Total of --where COL=v

/// The partition problems of one value `v` of `--by col`, given that run.
fn partition_value(
    cmd: &Cmd,
    w: &crate::files::Written,
    col: &str,
    by: &Out,
    t: &Tab,
    v: &str,
    context: &mut String,
) -> Result<Vec<String>, TestCaseError> {
    let mut problems = Vec::new();
    let keys = t.keys(cmd);
    let tr = cmd.trailing;
    let filter = format!("{col}={v}");
    let wh = run(cmd, w, Dates::Default, &["--where", &filter]);
    let wt = wh.table()?;
    let wkeys = wt.keys(cmd);
    for row in t.rows.iter().filter(|r| r[0] == v) {
        let rest = &row[keys - tr..keys];
        let total = wt
            .rows
            .iter()
            .find(|r| (cmd.default_keys == 0 || is_total(r)) && &r[wkeys - tr..wkeys] == rest);
        let Some(total) = total else {
            problems.push(format!(
                "--by {col}: row {row:?} has no Total row {rest:?} under --where {filter}"
            ));
            continue;
        };
        for (i, name) in t.header.iter().enumerate().skip(keys) {
            if cmd.exempt.contains(&name.as_str()) {
                continue;
            }
            let j = wt.col(name).expect("same columns");
            if row[i] != total[j] {
                problems.push(format!(
                    "--by {col}: row {:?} {name} = {:?}, but --where {filter} gives Total {name} = {:?}",
                    &row[..keys],
                    row[i],
                    total[j]
                ));
            }
        }
    }
    if !problems.is_empty() && context.len() < 4000 {
        context.push_str(&format!(
            "\n{}\n{}\n{}\n{}\n",
            by.line(),
            t.show(),
            wh.line(),
            wt.show()
        ));
    }
    Ok(problems)
}

pub fn partition(cmd: &Cmd) {
    // The column and value that failed last are tried first, so that a
    // shrinking step that still fails costs two runs, not twenty.
    let hint: std::cell::RefCell<Option<(&str, String)>> = Default::default();
    check(&format!("partition {}", cmd.id), 2, council(), |c| {
        let w = write(&c, Form::Csv);
        let mut context = String::new();
        let mut order: Vec<&str> = cmd.by.to_vec();
        let first = hint.borrow().clone();
        if let Some((col, _)) = &first {
            order.retain(|c| c != col);
            order.insert(0, col);
        }
        for col in order {
            let by = run(cmd, &w, Dates::Default, &["--by", col]);
            let t = by.table()?;
            let mut values: Vec<&String> = t
                .rows
                .iter()
                .map(|r| &r[0])
                // the (unknown) row of absence holds spells of people in
                // neither payroll nor leavers: no --where can select it
                .filter(|v| *v != "Total" && *v != "(unknown)")
                .collect();
            // (exceptions lists a group's rows apart, by status)
            values.sort();
            values.dedup();
            if let Some((hc, hv)) = &first {
                if *hc == col {
                    if let Some(k) = values.iter().position(|v| *v == hv) {
                        let v = values.remove(k);
                        values.insert(0, v);
                    }
                }
            }
            for v in values {
                let problems = partition_value(cmd, &w, col, &by, &t, v, &mut context)?;
                if !problems.is_empty() {
                    *hint.borrow_mut() = Some((col, v.clone()));
                    return fail(problems, &context);
                }
            }
        }
        Ok(())
    })
}

// ---------------------------------------------------------------------------
// Totals: amounts sum, counts of people are no more than the sum

fn check_sum(
    cmd: &Cmd,
    name: &str,
    kind: Kind,
    parts: &[&Vec<String>],
    total: &[String],
    i: usize,
    what: &str,
) -> Option<String> {
    if parts.is_empty() || kind == Kind::Ratio {
        return None;
    }
    // (unknown) in absence has no stock: its N/A in_post_fte adds nothing
    // (its fte_days_lost is N/A for want of an fte, which N/A spreads to)
    let cells: Vec<Option<Decimal>> = parts
        .iter()
        .map(|r| match dec(&r[i]) {
            None if r[0] == "(unknown)" && name == "in_post_fte" => Some(Decimal::ZERO),
            d => d,
        })
        .collect();
    let tot = dec(&total[i]);
    let sum: Decimal = cells.iter().flatten().sum();
    let max = cells.iter().flatten().max().copied();
    let some_na = cells.iter().any(Option::is_none);
    let all_na = cells.iter().all(Option::is_none);
    let n = Decimal::from(cells.len() as u64 + 1);
    let slack = |d: u32| Decimal::new(5, d + 1) * n;
    if name == "annual_premium" && cmd.id == "costs" {
        // SPEC 2 sums it; README: over the rows where both sides have staff
        return match tot {
            None if all_na => None,
            None => Some(format!("{what}: {name} Total N/A, rows sum to {sum}")),
            Some(t) if (t - sum).abs() > slack(2) => Some(format!(
                "{what}: {name} Total {t}, the rows with a figure sum to {sum}"
            )),
            _ => None,
        };
    }
    match (tot, some_na) {
        (None, true) => None,
        (Some(t), true) => Some(format!(
            "{what}: {name}: a row is N/A but the Total is {t} (N/A read as 0?)"
        )),
        (None, false) => Some(format!(
            "{what}: {name}: Total N/A while every row has a figure (sum {sum})"
        )),
        (Some(t), false) => match kind {
            Kind::Amount(d) if (t - sum).abs() > slack(d) => Some(format!(
                "{what}: {name}: Total {t}, rows sum to {sum} (more than the rounding of {} figures)",
                cells.len() + 1
            )),
            Kind::Events if t != sum => {
                Some(format!("{what}: {name}: Total {t}, rows sum to {sum}"))
            }
            Kind::People | Kind::PersonEvents if t > sum => Some(format!(
                "{what}: {name}: Total {t}, more than the rows' {sum}"
            )),
            Kind::People | Kind::PersonEvents if Some(t) < max => Some(format!(
                "{what}: {name}: Total {t} people, fewer than one row's {}",
                max.unwrap()
            )),
            _ => None,
        },
    }
}

/// Rows of a table split into its parts and their Total, by a key.
type Split<'a> = BTreeMap<Vec<String>, (Vec<&'a Vec<String>>, Option<&'a Vec<String>>)>;

/// The Totals problems of one printed table.
pub fn totals_of(cmd: &Cmd, t: &Tab, label: &str) -> Vec<String> {
    let keys = t.keys(cmd);
    let tr = cmd.trailing;
    let mut problems = Vec::new();
    // across the groups, for each trailing key (cohorts' band)
    let mut by_rest: Split = BTreeMap::new();
    for r in &t.rows {
        let e = by_rest.entry(r[keys - tr..keys].to_vec()).or_default();
        if is_total(r) {
            e.1 = Some(r);
        } else {
            e.0.push(r);
        }
    }
    for (rest, (parts, total)) in &by_rest {
        let Some(total) = total else {
            if !parts.is_empty() && keys > tr {
                problems.push(format!("{label}: no Total row for {rest:?}"));
            }
            continue;
        };
        for (i, name) in t.header.iter().enumerate().skip(keys) {
            let kind = cmd.kind(name).unwrap();
            let what = format!("{label} {rest:?}");
            problems.extend(check_sum(cmd, name, kind, parts, total, i, &what));
        }
    }
    // cohorts: within each group, the band Total against the bands (not
    // forecast's months, which are steps of a series, not parts of a whole)
    if tr > 0 && cmd.leading == 0 {
        let mut groups: Split = BTreeMap::new();
        for r in &t.rows {
            let e = groups.entry(r[..keys - tr].to_vec()).or_default();
            if r[keys - 1] == "Total" {
                e.1 = Some(r);
            } else {
                e.0.push(r);
            }
        }
        for (g, (parts, total)) in &groups {
            let Some(total) = total else {
                problems.push(format!("{label}: group {g:?} has no band Total"));
                continue;
            };
            for (i, name) in t.header.iter().enumerate().skip(keys) {
                let kind = cmd.kind(name).unwrap();
                let what = format!("{label} group {g:?} bands");
                problems.extend(check_sum(cmd, name, kind, parts, total, i, &what));
            }
        }
    }
    problems
}

pub fn totals(cmd: &Cmd) {
    check(&format!("totals {}", cmd.id), 3, council(), |c| {
        let w = write(&c, Form::Csv);
        let mut problems = Vec::new();
        let mut context = String::new();
        let mut runs: Vec<Vec<&str>> = vec![vec![]];
        runs.extend(cmd.by.iter().map(|b| vec!["--by", *b]));
        for extra in runs {
            let out = run(cmd, &w, Dates::Default, &extra);
            let t = out.table()?;
            let p = totals_of(cmd, &t, &format!("{extra:?}"));
            if !p.is_empty() && context.len() < 4000 {
                context.push_str(&format!("\n{}\n{}\n", out.line(), t.show()));
            }
            problems.extend(p);
        }
        fail(problems, &context)
    })
}

// ---------------------------------------------------------------------------
// shuffling rows and columns changes no table

fn permutation(n: usize, seed: &mut u64) -> Vec<usize> {
    let mut p: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        let j = (*seed % (i as u64 + 1)) as usize;
        p.swap(i, j);
    }
    p
}

fn shuffle_table(t: &Table, seed: &mut u64, rows: bool, cols: bool) -> Table {
    let mut t = t.clone();
    if rows {
        let p = permutation(t.rows.len(), seed);
        t.rows = p.iter().map(|&i| t.rows[i].clone()).collect();
    }
    if cols {
        let p = permutation(t.header.len(), seed);
        t.header = p.iter().map(|&i| t.header[i].clone()).collect();
        for r in &mut t.rows {
            *r = p.iter().map(|&i| r[i].clone()).collect();
        }
    }
    t
}

pub fn shuffled(c: &Council, seed: u64, rows: bool, cols: bool) -> Council {
    let mut s = seed | 1;
    let mut c = c.clone();
    for name in DATASETS {
        let t = shuffle_table(c.t(name), &mut s, rows, cols);
        *c.t_mut(name) = t;
    }
    c.earlier = shuffle_table(&c.earlier, &mut s, rows, cols);
    c
}

fn by_choice(cmd: &Cmd, i: &Index) -> Vec<&'static str> {
    // the default --by, or one of the partition columns
    let k = i.index(cmd.by.len() + 1);
    if k == 0 {
        vec![]
    } else {
        vec!["--by", cmd.by[k - 1]]
    }
}

pub fn shuffle(cmd: &Cmd) {
    check(
        &format!("shuffle {}", cmd.id),
        3,
        (council(), any::<u64>(), any::<Index>()),
        |(c, seed, by)| {
            let extra = by_choice(cmd, &by);
            let w = write(&c, Form::Csv);
            let base = run(cmd, &w, Dates::Default, &extra);
            base.table()?;
            for (rows, cols, what) in [(true, false, "rows"), (false, true, "columns")] {
                let s = write(&shuffled(&c, seed, rows, cols), Form::Csv);
                let out = run(cmd, &s, Dates::Default, &extra);
                ensure!(
                    out.status == 0 && out.stdout == base.stdout,
                    "shuffling the {what} of every extract changed the table of {}:\n{}\nshuffled (exit {}):\n{}{}",
                    base.line(),
                    base.stdout,
                    out.status,
                    out.stdout,
                    out.stderr
                );
            }
            Ok(())
        },
    )
}

// ---------------------------------------------------------------------------
// the same council as CSV, XLSX, ;-separated, UTF-16 and Windows-1252
// gives the same tables

pub fn formats(cmd: &Cmd) {
    check(
        &format!("formats {}", cmd.id),
        2,
        (council(), any::<Index>()),
        |(c, by)| {
            let extra = by_choice(cmd, &by);
            let w = write(&c, Form::Csv);
            let base = run(cmd, &w, Dates::Default, &extra);
            base.table()?;
            for form in [Form::Xlsx, Form::Semicolon, Form::Utf16, Form::Win1252] {
                let f = write(&c, form);
                let out = run(cmd, &f, Dates::Default, &extra);
                ensure!(
                    out.status == 0 && out.stdout == base.stdout,
                    "as {form:?} the council gives another table than as CSV.\nCSV: {}\n{}\n{form:?}: {} (exit {})\n{}{}",
                    base.line(),
                    base.stdout,
                    out.line(),
                    out.status,
                    out.stdout,
                    out.stderr
                );
            }
            Ok(())
        },
    )
}

// ---------------------------------------------------------------------------
// --every quarter: each step is the plain run for its day

/// The 12 months ending on `end` as a --period: from the day after the
/// same day a year before (checked_sub_months keeps to the month's end).
pub fn year_to(end: NaiveDate) -> String {
    let s = end.checked_sub_months(chrono::Months::new(12)).unwrap() + Duration::days(1);
    format!("{s}..{end}")
}

pub fn every(cmd: &Cmd) {
    check(
        &format!("every {}", cmd.id),
        2,
        (council(), any::<Index>()),
        |(c, by)| {
            let extra = by_choice(cmd, &by);
            let w = write(&c, Form::Csv);
            let mut args = extra.clone();
            args.extend(["--every", "quarter"]);
            let series = run(
                cmd,
                &w,
                Dates::Custom(vec!["--period".into(), PERIOD.into()]),
                &args,
            );
            let st = series.table()?;
            ensure!(
                st.header.first().map(String::as_str) == Some("period"),
                "{}: no period column first: {:?}",
                series.line(),
                st.header
            );
            let steps = [
                ("2023Q4", "2023-12-31"),
                ("2024Q1", "2024-03-31"),
                ("2024Q2", "2024-06-30"),
                ("2024Q3", "2024-09-30"),
            ];
            let labels: Vec<&String> = {
                let mut l: Vec<&String> = st.rows.iter().map(|r| &r[0]).collect();
                l.dedup();
                l
            };
            ensure!(
                labels
                    .iter()
                    .map(|s| s.as_str())
                    .eq(steps.iter().map(|s| s.0)),
                "{}: steps {labels:?}, expected {:?}",
                series.line(),
                steps.iter().map(|s| s.0).collect::<Vec<_>>()
            );
            for (label, day) in steps {
                let end = NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
                let plain = run(
                    cmd,
                    &w,
                    Dates::Custom(vec![
                        "--as-of".into(),
                        day.into(),
                        "--period".into(),
                        year_to(end),
                    ]),
                    &extra,
                );
                let pt = plain.table()?;
                let got: Vec<Vec<String>> = st
                    .rows
                    .iter()
                    .filter(|r| r[0] == label)
                    .map(|r| r[1..].to_vec())
                    .collect();
                ensure!(
                    st.header[1..] == pt.header[..] && got == pt.rows,
                    "step {label} of {} is not {}:\nstep rows:\n{}\n{}\nplain:\n{}",
                    series.line(),
                    plain.line(),
                    st.header[1..].join(","),
                    got.iter()
                        .map(|r| r.join(","))
                        .collect::<Vec<_>>()
                        .join("\n"),
                    pt.show()
                );
            }
            Ok(())
        },
    )
}

// ---------------------------------------------------------------------------
// --compare P: COL_prev is the plain run for P, COL_change = COL - COL_prev

/// A --compare argument and the dates of the plain run it stands for.
const COMPARE: [(&str, &str, &str); 3] = [
    // a period: its flows, its stocks on its last day
    (
        "2022-10-01..2023-09-30",
        "2023-09-30",
        "2022-10-01..2023-09-30",
    ),
    // a date: stocks on it, flows over the 12 months to it
    ("2024-03-31", "2024-03-31", "2023-04-01..2024-03-31"),
    // the day before the period
    ("2023-09-30", "2023-09-30", "2022-10-01..2023-09-30"),
];

pub fn compare(cmd: &Cmd) {
    check(
        &format!("compare {}", cmd.id),
        3,
        (council(), any::<Index>(), 0usize..3),
        |(c, by, which)| {
            let extra = by_choice(cmd, &by);
            let (p, as_of, period) = COMPARE[which];
            let w = write(&c, Form::Csv);
            let mut args = extra.clone();
            args.extend(["--compare", p]);
            let both = run(cmd, &w, Dates::Default, &args);
            let bt = both.table()?;
            let now = run(cmd, &w, Dates::Default, &extra).table()?;
            let then_run = run(
                cmd,
                &w,
                Dates::Custom(vec![
                    "--as-of".into(),
                    as_of.into(),
                    "--period".into(),
                    period.into(),
                ]),
                &extra,
            );
            let then = then_run.table()?;
            let keys = now.keys(cmd);
            let index = |t: &Tab| -> BTreeMap<Vec<String>, Vec<String>> {
                t.rows
                    .iter()
                    .map(|r| (r[..keys].to_vec(), r.clone()))
                    .collect()
            };
            let (now_rows, then_rows) = (index(&now), index(&then));
            let mut problems = Vec::new();
            let both_keys: Vec<Vec<String>> = bt.rows.iter().map(|r| r[..keys].to_vec()).collect();
            for k in now_rows.keys().chain(then_rows.keys()) {
                if !both_keys.contains(k) {
                    problems.push(format!("group {k:?} of a plain run is missing"));
                }
            }
            // a group absent on one side: counts 0, rates N/A; amounts 0 (or
            // N/A where built on a rate)
            let absent_ok = |kind: Kind, cell: &str| match kind {
                Kind::Events | Kind::PersonEvents | Kind::People => {
                    dec(cell) == Some(Decimal::ZERO)
                }
                Kind::Ratio => cell.is_empty(),
                Kind::Amount(_) => cell.is_empty() || dec(cell) == Some(Decimal::ZERO),
            };
            for row in &bt.rows {
                let k = row[..keys].to_vec();
                for name in now.header.iter().skip(keys) {
                    let kind = cmd.kind(name).unwrap();
                    let (Some(a), Some(b), Some(d)) = (
                        bt.col(name),
                        bt.col(&format!("{name}_prev")),
                        bt.col(&format!("{name}_change")),
                    ) else {
                        problems.push(format!("no {name}, {name}_prev or {name}_change column"));
                        break;
                    };
                    let (got, prev, change) = (&row[a], &row[b], &row[d]);
                    for (side, rows, t, cell) in [
                        ("now", &now_rows, &now, got),
                        ("prev", &then_rows, &then, prev),
                    ] {
                        match rows.get(&k) {
                            Some(r) => {
                                let want = &r[t.col(name).unwrap()];
                                if cell != want {
                                    problems.push(format!(
                                        "{k:?} {name} ({side}): {cell:?}, the plain run gives {want:?}"
                                    ));
                                }
                            }
                            // A side with no figure for the column at all
                            // (its Total N/A: a period its extracts do not
                            // cover, SPEC 4 "Coverage") has none for an
                            // absent group either.
                            None if cell.is_empty()
                                && t.rows.iter().any(|r| {
                                    r[0] == "Total" && r[t.col(name).unwrap()].is_empty()
                                }) => {}
                            None if !absent_ok(kind, cell) => problems.push(format!(
                                "{k:?} {name} ({side}): {cell:?} for a group absent on that side"
                            )),
                            None => {}
                        }
                    }
                    let want = match (dec(got), dec(prev)) {
                        (Some(x), Some(y)) => Some(x - y),
                        _ => None,
                    };
                    if dec(change) != want {
                        problems.push(format!(
                            "{k:?} {name}_change: {change:?}, but printed {got:?} - {prev:?} is {want:?}"
                        ));
                    }
                }
            }
            let context = format!(
                "\n{}\n{}\n{}\n{}",
                both.line(),
                bt.show(),
                then_run.line(),
                then.show()
            );
            fail(problems, &context)
        },
    )
}

// ---------------------------------------------------------------------------
// blank cells and invalid spans: exit 1 naming the cell; --skip-invalid sets
// the row aside

/// Which rows of an extract a figure uses.
#[derive(Clone, Copy, Debug)]
pub enum Rows {
    /// payroll rows started by the as-of date (the stock)
    InPost,
    /// leavers rows leaving in the period
    LeftInPeriod,
    /// placements overlapping the period
    Placed,
    /// absence spells overlapping the period
    Absent,
    Any,
}

fn rows_of(c: &Council, table: &str, rows: Rows) -> Vec<usize> {
    let t = c.table(table);
    let (s, e) = (period_start(), as_of());
    let overlaps = |i: usize| {
        let start = t.date(i, "start_date").unwrap();
        start <= e && t.date(i, "end_date").is_none_or(|end| end >= s)
    };
    rows_where(t, |i| match rows {
        Rows::InPost => t.date(i, "start_date").is_some_and(|d| d <= e),
        Rows::LeftInPeriod => t.date(i, "leave_date").is_some_and(|d| d >= s && d <= e),
        Rows::Placed | Rows::Absent => overlaps(i),
        Rows::Any => true,
    })
}

/// The cells a command's figures use: (extract, column, rows that count).
pub fn used_cells(cmd: &Cmd, c: &Council) -> Vec<(&'static str, &'static str, Rows)> {
    use Rows::*;
    let mut v: Vec<(&str, &str, Rows)> = match cmd.id {
        "vacancies" => vec![
            ("payroll", "fte", InPost),
            ("payroll", "start_date", InPost),
            ("payroll", "directorate", InPost),
            ("establishment", "fte", Any),
            ("establishment", "job_title", Any),
            ("leavers", "leave_date", LeftInPeriod),
            ("agency", "hours_per_week", Placed),
            ("agency", "start_date", Placed),
        ],
        "costs" => vec![
            ("payroll", "fte", InPost),
            ("payroll", "salary", InPost),
            ("payroll", "employer_ni", InPost),
            ("payroll", "employer_pension", InPost),
            ("payroll", "market_supplement", InPost),
            ("agency", "hourly_rate", Placed),
            ("agency", "hours_per_week", Placed),
            ("agency", "start_date", Placed),
        ],
        "leavers" => vec![
            ("leavers", "fte", LeftInPeriod),
            ("leavers", "leave_date", LeftInPeriod),
            ("leavers", "start_date", LeftInPeriod),
            ("leavers", "job_title", LeftInPeriod),
        ],
        "turnover" => vec![
            ("payroll", "fte", InPost),
            ("payroll", "start_date", InPost),
            ("leavers", "fte", LeftInPeriod),
            ("leavers", "leave_date", LeftInPeriod),
            ("leavers", "start_date", LeftInPeriod),
        ],
        "cohorts_leavers" => vec![
            ("leavers", "fte", LeftInPeriod),
            ("leavers", "leave_date", LeftInPeriod),
            ("leavers", "start_date", LeftInPeriod),
        ],
        "cohorts_staff" => vec![
            ("payroll", "fte", InPost),
            ("payroll", "start_date", InPost),
        ],
        "pay" => vec![
            ("payroll", "fte", InPost),
            ("payroll", "salary", InPost),
            ("payroll", "market_supplement", InPost),
            ("payroll", "employer_ni", InPost),
            ("market", "market_median", Any),
        ],
        "incentives" => {
            let mut v = vec![("payroll", "start_date", InPost)];
            if c.toml.contains("pro_rata = true") {
                v.push(("payroll", "fte", InPost));
            }
            v
        }
        "caseload" => vec![
            ("payroll", "cases", InPost),
            ("payroll", "fte", InPost),
            ("agency", "cases", Placed),
            ("agency", "hours_per_week", Placed),
        ],
        "absence" => vec![
            ("absence", "working_days_lost", Absent),
            ("absence", "start_date", Absent),
            ("absence", "employee_id", Absent),
            ("payroll", "fte", InPost),
            // A blank fte_days_lost has a meaning in SPEC 1: working days
            // lost x the person's fte (N/A, noted, for someone in neither
            // payroll nor leavers); regressions cover it.
        ],
        "census" => vec![
            ("payroll", "fte", InPost),
            ("payroll", "cases", InPost),
            ("payroll", "start_date", InPost),
            ("leavers", "leave_date", LeftInPeriod),
            ("leavers", "fte", LeftInPeriod),
            ("agency", "hours_per_week", Placed),
            ("absence", "working_days_lost", Absent),
            ("establishment", "fte", Any),
        ],
        "retention" => vec![
            ("payroll", "start_date", InPost),
            ("leavers", "start_date", LeftInPeriod),
            ("leavers", "leave_date", LeftInPeriod),
        ],
        // grade is compared, not summed: a blank grade is a value of its
        // own (the `(blank)` column of Cheshire East's grade matrix), never
        // a change, and noted; see regressions::movements_note_a_blank_grade.
        "movements" => vec![
            ("earlier", "fte", Any),
            ("payroll", "fte", InPost),
            ("earlier", "employee_id", Any),
        ],
        "agency" => vec![
            ("agency", "start_date", Placed),
            ("agency", "hours_per_week", Placed),
            ("agency", "worker_id", Placed),
        ],
        other => panic!("no used cells for {other}"),
    };
    // only columns the council has, with a row that counts
    v.retain(|(t, col, rows)| c.table(t).col(col).is_some() && !rows_of(c, t, *rows).is_empty());
    v
}

/// An invalid cell: where, what it holds now, and what it is given.
#[derive(Clone, Debug)]
pub struct Bad {
    pub table: &'static str,
    pub column: &'static str,
    pub row: usize,
    pub value: Cell,
}

impl Bad {
    pub fn apply(&self, c: &Council) -> Council {
        let mut c = c.clone();
        c.table_mut(self.table)
            .set(self.row, self.column, self.value.clone());
        c
    }
    pub fn without_row(&self, c: &Council) -> Council {
        let mut c = c.clone();
        c.table_mut(self.table).rows.remove(self.row);
        c
    }
    fn file_row(&self) -> usize {
        self.row + 2
    }
}

/// The invalid cell must stop the command (exit 1, naming the column and
/// row), and --skip-invalid must give the table without its row.
fn refused(cmd: &Cmd, c: &Council, bad: &Bad, zero: Option<Cell>) -> R {
    let broken = bad.apply(c);
    let w = write(&broken, Form::Csv);
    let out = run(cmd, &w, Dates::Default, &[]);
    let what = format!(
        "{} row {} column {} = {:?}",
        bad.table,
        bad.file_row(),
        bad.column,
        bad.value.as_str()
    );
    if out.status == 0 {
        if let Some(z) = zero {
            // the worst case: the figures of a 0 where the cell matters
            let as_zero = Bad {
                value: z,
                ..bad.clone()
            }
            .apply(c);
            let zout = run(cmd, &write(&as_zero, Form::Csv), Dates::Default, &[]);
            let orig = run(cmd, &write(c, Form::Csv), Dates::Default, &[]);
            ensure!(
                zout.stdout != out.stdout || zout.stdout == orig.stdout,
                "{what}: exit 0 with the figures of a 0 in that cell:\n{}\n{}\nwith the cell as it was:\n{}",
                out.line(),
                out.stdout,
                orig.stdout
            );
        }
    }
    ensure!(
        out.status == 1,
        "{what}: exit {} (a data error, exit 1, was due):\n{}\n{}{}",
        out.status,
        out.line(),
        out.stdout,
        out.stderr
    );
    let err = out.stderr.to_lowercase();
    ensure!(
        err.contains(bad.column) && err.contains(&format!("row {}", bad.file_row())),
        "{what}: the message does not name the column and row:\n{}",
        out.stderr
    );
    let skip = run(cmd, &w, Dates::Default, &["--skip-invalid"]);
    let rest = write(&bad.without_row(c), Form::Csv);
    let want = run(cmd, &rest, Dates::Default, &[]);
    want.table()?;
    ensure!(
        skip.status == 0 && skip.stdout == want.stdout,
        "{what}: --skip-invalid (exit {}) does not give the table without that row:\n{}\n{}{}\nwithout the row:\n{}",
        skip.status,
        skip.line(),
        skip.stdout,
        skip.stderr,
        want.stdout
    );
    Ok(())
}

pub fn blank(cmd: &Cmd) {
    check(
        &format!("blank {}", cmd.id),
        4,
        (council(), any::<Index>(), any::<Index>()),
        |(c, which, row)| {
            let cells = used_cells(cmd, &c);
            let Some((table, column, rows)) = pick(&cells, &which) else {
                return Ok(());
            };
            let row = pick(&rows_of(&c, table, rows), &row).unwrap();
            let old = c.table(table).get(row, column).clone();
            if old == Cell::Blank {
                return Ok(());
            }
            let zero = match old {
                Cell::Num(_) => Some(Cell::num("0")),
                _ => None,
            };
            let bad = Bad {
                table,
                column,
                row,
                value: Cell::Blank,
            };
            refused(cmd, &c, &bad, zero)
        },
    )
}

/// The extracts a command reads (SPEC 1: a command loads the datasets it needs).
fn reads(cmd: &Cmd) -> &'static [&'static str] {
    match cmd.id {
        "vacancies" | "costs" | "caseload" | "agency" => &["agency", "leavers"],
        "census" => &["agency", "leavers", "absence"],
        "absence" => &["absence", "leavers"],
        "movements" => &[],
        _ => &["leavers"],
    }
}

/// Invalid spans (SPEC 4 "Spans"): an end before the start, in an extract
/// the command reads.
pub fn spans(cmd: &Cmd) {
    check(
        &format!("spans {}", cmd.id),
        4,
        (council(), any::<Index>(), any::<Index>()),
        |(c, which, row)| {
            let mut choices: Vec<(&str, &str, Rows)> = Vec::new();
            for t in reads(cmd) {
                match *t {
                    "agency" => choices.push(("agency", "end_date", Rows::Placed)),
                    "leavers" => choices.push(("leavers", "leave_date", Rows::LeftInPeriod)),
                    "absence" => choices.push(("absence", "end_date", Rows::Absent)),
                    _ => {}
                }
            }
            choices.retain(|(t, _, r)| !rows_of(&c, t, *r).is_empty());
            let Some((table, column, rows)) = pick(&choices, &which) else {
                return Ok(());
            };
            let row = pick(&rows_of(&c, table, rows), &row).unwrap();
            // a month before the row's start
            let start = c.table(table).date(row, "start_date").unwrap();
            let bad = Bad {
                table,
                column,
                row,
                value: Cell::Date(start - Duration::days(31)),
            };
            refused(cmd, &c, &bad, None)
        },
    )
}

/// SPEC 4 "Counts": cases are whole numbers, 0 or more; 2.5 (payroll or
/// agency) is a data error in the commands that count cases.
pub fn counts(cmd: &Cmd) {
    check(
        &format!("counts {}", cmd.id),
        3,
        (council(), any::<Index>(), any::<Index>(), 0usize..2),
        |(c, which, row, value)| {
            let mut choices = vec![("payroll", Rows::InPost), ("agency", Rows::Placed)];
            choices.retain(|(t, r)| !rows_of(&c, t, *r).is_empty());
            let Some((table, rows)) = pick(&choices, &which) else {
                return Ok(());
            };
            let row = pick(&rows_of(&c, table, rows), &row).unwrap();
            let bad = Bad {
                table,
                column: "cases",
                row,
                value: Cell::num(["2.5", "-1"][value]),
            };
            refused(cmd, &c, &bad, None)
        },
    )
}

// ---------------------------------------------------------------------------
// rows entirely outside the period change no figure

pub fn outside_rows(cmd: &Cmd) {
    check(
        &format!("outside {}", cmd.id),
        3,
        (council(), outside(), any::<Index>()),
        |(c, extra_rows, by)| {
            if extra_rows.is_empty() {
                return Ok(());
            }
            let extra = by_choice(cmd, &by);
            let w = write(&c, Form::Csv);
            let base = run(cmd, &w, Dates::Default, &extra);
            let bt = base.table()?;
            let more = write(&extra_rows.add_to(&c), Form::Csv);
            let out = run(cmd, &more, Dates::Default, &extra);
            let ot = out.table()?;
            let keys = bt.keys(cmd);
            let mut problems = Vec::new();
            for r in &bt.rows {
                // A figure may go from N/A to a number: rows outside the
                // period can widen what the extracts cover (a leave date
                // before it lets the leavers extract reach it, SPEC 4
                // "Coverage"); a number never changes.
                let same =
                    |o: &Vec<String>| o.iter().zip(r.iter()).all(|(a, b)| a == b || b.is_empty());
                match ot.rows.iter().find(|o| o[..keys] == r[..keys]) {
                    Some(o) if same(o) => {}
                    Some(o) => problems.push(format!("row {r:?} became {o:?}")),
                    None => problems.push(format!("row {r:?} is gone")),
                }
            }
            for o in &ot.rows {
                if !bt.rows.iter().any(|r| r[..keys] == o[..keys])
                    && o[keys..]
                        .iter()
                        .any(|x| dec(x).is_some_and(|d| !d.is_zero()))
                {
                    problems.push(format!("new row {o:?}"));
                }
            }
            let context = format!(
                "\nadded: {extra_rows:?}\n{}\n{}\nwith the rows:\n{}",
                base.line(),
                bt.show(),
                ot.show()
            );
            fail(problems, &context)
        },
    )
}

// ---------------------------------------------------------------------------
// overlapping spells: a day of absence counts once (SPEC 4 "Spans")

/// Absence figures that count days or people, not spells.
const DAY_FIGURES: [&str; 8] = [
    "in_post_fte",
    "people_absent",
    "working_days_lost",
    "fte_days_lost",
    "days_lost_per_fte",
    "absence_rate_pct",
    "working_days_lost_fte",
    "absence_rate_fte",
];

/// A second copy of a spell (the same person and days) changes no figure
/// of days lost: overlapping spells of one person count each working day
/// once (SPEC 4 "Spans"). Only the count of spells may change.
pub fn overlap(cmd: &Cmd) {
    check(
        &format!("overlap {}", cmd.id),
        3,
        (council(), any::<Index>(), any::<Index>()),
        |(c, which, by)| {
            let spells = rows_of(&c, "absence", Rows::Absent);
            let Some(k) = pick(&spells, &which) else {
                return Ok(());
            };
            let extra = by_choice(cmd, &by);
            let base = run(cmd, &write(&c, Form::Csv), Dates::Default, &extra);
            let bt = base.table()?;
            let mut twice = c.clone();
            let t = twice.t_mut("absence");
            let copy = t.rows[k].clone();
            t.rows.push(copy);
            let out = run(cmd, &write(&twice, Form::Csv), Dates::Default, &extra);
            let ot = out.table()?;
            let keys = bt.keys(cmd);
            let mut problems = Vec::new();
            for r in &bt.rows {
                let Some(o) = ot.rows.iter().find(|o| o[..keys] == r[..keys]) else {
                    problems.push(format!("row {:?} is gone", &r[..keys]));
                    continue;
                };
                for name in DAY_FIGURES {
                    if let (Some(i), Some(j)) = (bt.col(name), ot.col(name)) {
                        if r[i] != o[j] {
                            problems.push(format!(
                                "{:?} {name}: {} with the spell once, {} with it twice",
                                &r[..keys],
                                r[i],
                                o[j]
                            ));
                        }
                    }
                }
            }
            let context = format!(
                "\nabsence row {} twice:\n{}\n{}\nwith it twice:\n{}",
                k + 2,
                base.line(),
                bt.show(),
                ot.show()
            );
            fail(problems, &context)
        },
    )
}
