//! The same report for other dates: `--compare P` puts its figures for P
//! beside each column (`COL_prev`, `COL_change`); `--every month|quarter|year`
//! gives one block of rows per step over `--period`, each step's flows over
//! the 12 months to it and its stocks on its last day.
//!
//! Every report gets both without knowing of them: the report is run again
//! with other settings (the extracts are read once, and its model opened
//! once and re-dated: see `input::Session`) and the tables are put
//! together here.

use crate::period::{fmt_date, Period};
use crate::render::printed;
use crate::settings::{usage, Settings};
use crate::table::{is_closing, Column, Kind, Of, Table, Value};
use anyhow::Result;
use chrono::{Datelike, Months, NaiveDate};
use std::collections::HashMap;

pub use crate::options::{Compare, Every};

pub(crate) fn last_of_month(d: NaiveDate) -> NaiveDate {
    let first = d.with_day(1).expect("day 1 exists");
    first + Months::new(1) - chrono::Days::new(1)
}

/// The day `months` months before `day`: the same day of the month (or
/// the month's last day, when it has no such day), and a month's end when
/// `day` is one.
pub fn months_back(day: NaiveDate, months: u32) -> Option<NaiveDate> {
    let back = day.checked_sub_months(Months::new(months))?;
    Some(if last_of_month(day) == day {
        last_of_month(back)
    } else {
        back
    })
}

/// The last day of each step, counted back from the period's end (month
/// ends stay month ends), earliest first.
pub fn steps(period: Period, every: Every) -> Vec<NaiveDate> {
    let end = period.end;
    let mut out = Vec::new();
    for k in 0.. {
        let Some(day) = months_back(end, every.months() * k) else {
            break;
        };
        if day < period.start {
            break;
        }
        out.push(day);
        if out.len() > 1200 {
            break;
        }
    }
    out.reverse();
    out
}

/// A step's label: `2016-07`, `2016Q3`, `2016/17`, `2016`, or its date.
pub(crate) fn label(day: NaiveDate, every: Every) -> String {
    let month_end = last_of_month(day) == day;
    match every {
        Every::Month if month_end => format!("{}-{:02}", day.year(), day.month()),
        Every::Quarter if month_end && day.month().is_multiple_of(3) => {
            format!("{}Q{}", day.year(), day.month() / 3)
        }
        Every::Year if month_end && day.month() == 3 => {
            format!("{}/{:02}", day.year() - 1, day.year() % 100)
        }
        Every::Year if month_end && day.month() == 12 => day.year().to_string(),
        _ => fmt_date(day),
    }
}

/// Run `report` as the settings ask: once, once more for `--compare`, or
/// once per step of `--every`.
pub fn run(
    settings: &Settings,
    report: impl Fn(&Settings) -> Result<(Table, i32)>,
) -> Result<(Table, i32)> {
    match (settings.compare, settings.every) {
        (Some(_), Some(_)) => Err(usage(
            "--compare and --every: give one or the other (--every already shows each step)",
        )),
        (None, None) => report(settings),
        (Some(c), None) => {
            let (now, status) = report(settings)?;
            let (before, _) = report(&earlier(settings, c))?;
            Ok((compare(now, &before, c), status))
        }
        (None, Some(every)) => {
            let period = settings.period.ok_or_else(|| {
                usage("--every: give the --period to step over, such as --period 2015-10-01..2016-09-30")
            })?;
            let mut tables = Vec::new();
            let mut status = crate::exit::OK;
            for day in steps(period, every) {
                let (t, s) = report(&at(settings, day))?;
                status = status.max(s);
                tables.push((day, label(day, every), t));
            }
            Ok((stack(tables, period, every), status))
        }
    }
}

/// The settings of one step of `--every` (or a baseline): as of `day`, over
/// the 12 months to it.
pub fn at(settings: &Settings, day: NaiveDate) -> Settings {
    let mut step = settings.clone();
    step.every = None;
    step.as_of = Some(day);
    step.as_of_from_flag = true;
    step.period = Some(Period::year_to(day));
    step
}
/// The settings of the run `--compare P` sets beside the report: P's flows
/// and its stocks on its last day, or the stocks on a date.
pub fn earlier(settings: &Settings, c: Compare) -> Settings {
    let mut then = settings.clone();
    then.compare = None;
    then.as_of_from_flag = true;
    match c {
        Compare::Period(p) => {
            then.period = Some(p);
            then.as_of = Some(p.end);
        }
        // Flows over the 12 months to the date, whatever a command's own
        // default period (retention's is every cohort to the as-of date).
        Compare::Date(d) => {
            then.as_of = Some(d);
            then.period = Some(Period::year_to(d));
        }
    }
    then
}

/// `now` with each figure column followed by its value in `before` and the
/// change (for percentages, in points). Rows are matched by their group
/// columns. A group only one side has shows, on the other, 0 for its counts
/// and amounts (N/A where that side has the figure for no group at all)
/// and N/A for its rates. The change is the figure less the previous one as
/// the data formats print them (money to the penny, FTE to 0.01, a rate to
/// 0.1, half away from zero), so the printed columns add up; see
/// [`crate::render`] for money shown to the pound.
pub fn compare(now: Table, before: &Table, c: Compare) -> Table {
    let before_rows: HashMap<Vec<String>, &Vec<Value>> =
        before.rows.iter().map(|r| (before.keys_of(r), r)).collect();
    let before_col: HashMap<&str, usize> = before
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| (c.name.as_str(), i))
        .collect();
    let mut t = Table::new(format!("{} against {}", now.title, c.describe()));
    for col in &now.columns {
        t.columns.push(col.clone());
        if col.kind != Kind::Text {
            let prev = format!("{}_prev", col.name);
            t.columns.push(Column {
                name: prev.clone(),
                of: col.of.suffixed("_prev"),
                ..col.clone()
            });
            t.columns.push(Column {
                name: format!("{}_change", col.name),
                of: Of::Change(col.name.clone(), prev),
                ..col.clone()
            });
        }
    }
    // What a group a table lacks shows in a column of it: 0 for a count or
    // an amount that the table gives for some group, else N/A.
    let absent = |table: &Table, index: Option<usize>, col: &Column| -> Value {
        let known = index.is_some_and(|i| {
            table
                .rows
                .iter()
                .any(|r| r.get(i).and_then(Value::number).is_some())
        });
        if col.measure.is_additive() && known {
            Value::num(0)
        } else {
            Value::NA
        }
    };
    let now_absent: Vec<Value> = now
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| absent(&now, Some(i), c))
        .collect();
    let before_absent: Vec<Value> = now
        .columns
        .iter()
        .map(|c| absent(before, before_col.get(c.name.as_str()).copied(), c))
        .collect();
    let mut keys_now = Vec::new();
    for row in &now.rows {
        let k = now.keys_of(row);
        let old = before_rows.get(&k);
        t.rows
            .push(merged(&now, row, old.copied(), &before_col, &before_absent));
        keys_now.push(k);
    }
    // Groups that only the earlier figures have, before the closing rows.
    let closing = t
        .rows
        .iter()
        .position(|r| is_closing(r))
        .unwrap_or(t.rows.len());
    let mut gone = Vec::new();
    for row in &before.rows {
        let k = before.keys_of(row);
        if !keys_now.contains(&k) && !is_closing(row) {
            let missing: Vec<Value> = now
                .columns
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    if c.kind == Kind::Text {
                        row.get(before_col.get(c.name.as_str()).copied().unwrap_or(i))
                            .cloned()
                            .unwrap_or(Value::NA)
                    } else {
                        now_absent[i].clone()
                    }
                })
                .collect();
            gone.push(merged(
                &now,
                &missing,
                Some(row),
                &before_col,
                &before_absent,
            ));
        }
    }
    t.rows.splice(closing..closing, gone);
    t.as_of = now.as_of;
    t.period = now.period;
    let now_notes = now.notes.clone();
    t.notes = now.notes;
    t.alerts = now.alerts;
    t.note(format!(
        "COL_prev: the same figures for {} ({}); COL_change = COL - COL_prev as printed (percentages in points). A group in one of the two only has counts and amounts of 0 on the other side, and rates N/A.",
        c.describe(),
        match (before.as_of, before.period) {
            (Some(d), Some(p)) => format!("as of {}, period {p}", fmt_date(d)),
            (Some(d), None) => format!("as of {}", fmt_date(d)),
            _ => "as asked".to_string(),
        }
    ));
    // What the other side's run said of figures it could not give, or gave
    // from part of its dates (an extract that does not reach it, a column
    // it lacks), where this side's did not say the same (SPEC 4, Coverage).
    for n in &before.notes {
        if !now_notes.contains(n) && (n.contains("N/A") || n.contains("partly inside")) {
            t.note(format!("For COL_prev: {n}"));
        }
    }
    t
}

fn merged(
    now: &Table,
    row: &[Value],
    old: Option<&Vec<Value>>,
    before_col: &HashMap<&str, usize>,
    before_absent: &[Value],
) -> Vec<Value> {
    let mut out = Vec::new();
    for (i, (v, col)) in row.iter().zip(&now.columns).enumerate() {
        out.push(v.clone());
        if col.kind == Kind::Text {
            continue;
        }
        let prev = match old {
            Some(r) => before_col
                .get(col.name.as_str())
                .and_then(|i| r.get(*i))
                .cloned()
                .unwrap_or(Value::NA),
            None => before_absent[i].clone(),
        };
        let change = match (v.number(), prev.number()) {
            (Some(a), Some(b)) => match v {
                Value::NumAs(_, k) => Value::NumAs(printed(a, *k) - printed(b, *k), *k),
                _ => Value::Num(printed(a, col.kind) - printed(b, col.kind)),
            },
            _ => Value::NA,
        };
        out.push(prev);
        out.push(change);
    }
    out
}

/// One table of every step's rows, a `period` column first.
fn stack(tables: Vec<(NaiveDate, String, Table)>, period: Period, every: Every) -> Table {
    let mut columns: Vec<Column> = vec![Column::new("period", Kind::Text)];
    for (_, _, t) in &tables {
        for c in &t.columns {
            if !columns.iter().any(|x| x.name == c.name) {
                columns.push(c.clone());
            }
        }
    }
    let title = tables
        .first()
        .map(|(_, _, t)| t.title.clone())
        .unwrap_or_default();
    let mut out = Table::new(format!(
        "{title}, every {} over {period}",
        match every {
            Every::Month => "month",
            Every::Quarter => "quarter",
            Every::Year => "year",
        }
    ));
    out.columns = columns;
    for (day, step, t) in &tables {
        let index: HashMap<&str, usize> = t
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| (c.name.as_str(), i))
            .collect();
        for row in &t.rows {
            let mut r = vec![Value::date(*day, step.clone())];
            for c in &out.columns[1..] {
                r.push(
                    index
                        .get(c.name.as_str())
                        .and_then(|i| row.get(*i))
                        .cloned()
                        .unwrap_or(Value::NA),
                );
            }
            out.rows.push(r);
        }
    }
    if let Some((_, _, last)) = tables.last() {
        out.as_of = last.as_of;
    }
    let labels: Vec<&str> = tables.iter().map(|(_, l, _)| l.as_str()).collect();
    // The dates of each step are its `period` column: the other notes.
    let dated = |n: &String| n.starts_with("As of") || n.starts_with("Period");
    out.notes = every_step(
        &tables
            .iter()
            .map(|(_, _, t)| &t.notes[..])
            .collect::<Vec<_>>(),
        &labels,
        dated,
    );
    out.alerts = every_step(
        &tables
            .iter()
            .map(|(_, _, t)| &t.alerts[..])
            .collect::<Vec<_>>(),
        &labels,
        dated,
    );
    out.period = Some(period);
    out.note(format!(
        "One block of rows per step over {period}: each step's flows over the 12 months to its last day, its stocks on that day."
    ));
    out
}

/// The notes (or alerts) of every step, each once, in the order they first
/// appear (but those `skip` leaves out). A note of some steps only says
/// which: `2024Q4: ...`, `2024Q4, 2025Q2: ...`, `2024Q4 to 2025Q2: ...` for
/// three steps or more in a row; a note of every step is as it is. So a
/// note that holds for an early step only (rows set aside, a period the
/// extracts do not cover, people in more than one row) is not lost, and
/// one whose dates or figures differ by step is kept for each, with its
/// steps.
fn every_step(notes: &[&[String]], labels: &[&str], skip: impl Fn(&String) -> bool) -> Vec<String> {
    let mut seen: Vec<(&String, Vec<usize>)> = Vec::new();
    for (step, notes) in notes.iter().enumerate() {
        for n in notes.iter().filter(|n| !skip(n)) {
            match seen.iter_mut().find(|(m, _)| *m == n) {
                Some((_, steps)) => {
                    if steps.last() != Some(&step) {
                        steps.push(step);
                    }
                }
                None => seen.push((n, vec![step])),
            }
        }
    }
    seen.into_iter()
        .map(|(n, steps)| {
            if steps.len() == labels.len() {
                return n.clone();
            }
            // Runs of consecutive steps.
            let mut runs: Vec<(usize, usize)> = Vec::new();
            for s in steps {
                match runs.last_mut() {
                    Some((_, end)) if *end + 1 == s => *end = s,
                    _ => runs.push((s, s)),
                }
            }
            let which: Vec<String> = runs
                .into_iter()
                .map(|(a, b)| match b - a {
                    0 => labels[a].to_string(),
                    1 => format!("{}, {}", labels[a], labels[b]),
                    _ => format!("{} to {}", labels[a], labels[b]),
                })
                .collect();
            format!("{}: {n}", which.join(", "))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Worked by hand: A in every step stays as it is; B in the first
    /// only, C in the last two, D in steps 1, 2, 3 and 5 of five, each
    /// once, where it first appears; the dates are left out.
    #[test]
    fn every_steps_notes_each_once_with_the_steps_it_holds_for() {
        let s = |v: &[&str]| v.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        let steps = [
            s(&["As of 1.", "A", "B", "D"]),
            s(&["As of 2.", "D", "A"]),
            s(&["As of 3.", "A", "D", "D"]),
            s(&["As of 4.", "A", "C"]),
            s(&["As of 5.", "A", "D", "C"]),
        ];
        let notes: Vec<&[String]> = steps.iter().map(|v| &v[..]).collect();
        let got = every_step(&notes, &["Q1", "Q2", "Q3", "Q4", "Q5"], |n| {
            n.starts_with("As of")
        });
        assert_eq!(
            got,
            ["A", "Q1: B", "Q1 to Q3, Q5: D", "Q4, Q5: C"].map(String::from)
        );
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn steps_count_back_from_the_period_end() {
        let fy = Period::parse("2016/17").unwrap();
        assert_eq!(
            steps(fy, Every::Quarter),
            [
                d("2016-06-30"),
                d("2016-09-30"),
                d("2016-12-31"),
                d("2017-03-31")
            ]
        );
        let labels: Vec<String> = steps(fy, Every::Quarter)
            .into_iter()
            .map(|s| label(s, Every::Quarter))
            .collect();
        assert_eq!(labels, ["2016Q2", "2016Q3", "2016Q4", "2017Q1"]);
        assert_eq!(steps(fy, Every::Year), [d("2017-03-31")]);
        assert_eq!(label(d("2017-03-31"), Every::Year), "2016/17");
        let feb = Period::parse("2016-01-01..2016-03-31").unwrap();
        assert_eq!(
            steps(feb, Every::Month),
            [d("2016-01-31"), d("2016-02-29"), d("2016-03-31")]
        );
        let odd = Period::parse("2016-01-15..2016-03-10").unwrap();
        assert_eq!(steps(odd, Every::Month), [d("2016-02-10"), d("2016-03-10")]);
    }
}
