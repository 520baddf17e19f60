//! `swr turnover`: turnover and stability, by the DfE definition (leavers /
//! staff in post at the period end) or the CIPD crude rate (/ mean stock).
//!
//! The stock on any day is rebuilt from both extracts: payroll rows that had
//! started, plus leavers who had started and not yet left.

use super::{dec, total_keys, Inputs};
use crate::cli::Denominator;
use crate::extracts::Dataset;
use crate::frame::{self, DataFrame};
use crate::period::{day_before, Period};
use crate::settings::Settings;
use crate::table::{pct, Kind, Table, Value};
use anyhow::Result;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Counts and FTEs of one row of the table.
#[derive(Default, Clone, Copy)]
struct Figures {
    end: u64,
    end_fte: Decimal,
    start: u64,
    start_fte: Decimal,
    starters: u64,
    stayed: u64,
    leavers: u64,
    leavers_fte: Decimal,
}

const FLAGS: [&str; 3] = ["_end", "_start", "_starter"];
const SUMS: [&str; 4] = ["_end_fte", "_start_fte", "_leaver_fte", "_leaver"];

/// The rows of one extract that say something about the period, with what:
/// in post at the end, in post the day before it began, started in it, left
/// in it. A person is in post on day D when start_date <= D and leave_date is
/// blank or later. Rows that say none of these count nowhere and are dropped
/// first, which on a long leavers history is most of them.
fn flagged(df: &DataFrame, by: &[String], period: Period, source: &str) -> Result<DataFrame> {
    let n = df.height();
    let day = frame::date_to_days;
    let (first, last, opening) = (
        day(period.start),
        day(period.end),
        day(day_before(period.start)),
    );
    let starts = frame::day_numbers(df, "start_date")?;
    let leaves = if frame::has(df, "leave_date") {
        frame::day_numbers(df, "leave_date")?
    } else {
        vec![None; n]
    };
    let in_post =
        |i: usize, d: i32| starts[i].is_some_and(|s| s <= d) && leaves[i].is_none_or(|l| l > d);
    let within = |x: Option<i32>| x.is_some_and(|x| first <= x && x <= last);
    let (mut end, mut start, mut starter, mut leaver) = (vec![], vec![], vec![], vec![]);
    let mut keep = vec![false; n];
    for (i, k) in keep.iter_mut().enumerate() {
        let flags = (
            in_post(i, last),
            in_post(i, opening),
            within(starts[i]),
            within(leaves[i]),
        );
        if flags != (false, false, false, false) {
            *k = true;
            end.push(flags.0);
            start.push(flags.1);
            starter.push(flags.2);
            leaver.push(flags.3);
        }
    }
    let mut names = vec!["employee_id".to_string()];
    names.extend(by.iter().cloned());
    let has_fte = frame::has(df, "fte");
    let mut read = names.clone();
    if has_fte && !read.iter().any(|c| c == "fte") {
        read.push("fte".to_string());
    }
    let rows = frame::filter(&frame::select(df, &read)?, keep)?;
    let fte = if has_fte {
        frame::units(&rows, "fte")?
    } else {
        vec![0; rows.height()]
    };
    let when = |flags: &[bool]| -> Vec<i128> {
        flags
            .iter()
            .zip(&fte)
            .map(|(f, x)| if *f { *x } else { 0 })
            .collect()
    };
    let mut out = frame::fill_blank_ids(&frame::select(&rows, &names)?, "employee_id", source)?;
    out = frame::with_units(&out, "_end_fte", when(&end))?;
    out = frame::with_units(&out, "_start_fte", when(&start))?;
    out = frame::with_units(&out, "_leaver_fte", when(&leaver))?;
    out = frame::with_bool(&out, "_leaver", leaver)?;
    out = frame::with_bool(&out, "_end", end)?;
    out = frame::with_bool(&out, "_start", start)?;
    frame::with_bool(&out, "_starter", starter)
}

/// The figures of every group, and over everyone (a person in two groups
/// counts once there).
fn figures(
    people: &DataFrame,
    keys: &[String],
) -> Result<(BTreeMap<Vec<String>, Figures>, Figures)> {
    let mut out: BTreeMap<Vec<String>, Figures> = BTreeMap::new();
    let sums = |f: &mut Figures, g: &frame::Group| {
        f.end_fte = g.sums[0];
        f.start_fte = g.sums[1];
        f.leavers_fte = g.sums[2];
        f.leavers = g.sums[3].try_into().unwrap_or(0);
    };
    for g in frame::group_sums(people, keys, &SUMS)? {
        sums(out.entry(g.keys.clone()).or_default(), &g);
    }
    let heads = |f: &mut Figures, n: &[u64], both: u64| {
        f.end = n[0];
        f.start = n[1];
        f.starters = n[2];
        f.stayed = both;
    };
    let counted = frame::distinct_people(people, keys, "employee_id", &FLAGS, ("_end", "_start"))?;
    for (k, n, both) in counted.groups {
        heads(out.entry(k).or_default(), &n, both);
    }
    let mut total = Figures::default();
    if let Some(g) = frame::group_sums(people, &[], &SUMS)?.first() {
        sums(&mut total, g);
    }
    heads(&mut total, &counted.all.0, counted.all.1);
    Ok((out, total))
}

pub fn run(settings: &Settings, denominator: Denominator) -> Result<Table> {
    let mut inputs = Inputs::new(settings, "turnover", &["employee_id", "fte", "directorate"]);
    inputs.required(Dataset::Payroll)?;
    inputs.required(Dataset::Leavers)?;
    inputs.check_filters()?;
    let by = settings.by_or(&["directorate"]);
    inputs.check_columns("--by", &by, &[Dataset::Payroll, Dataset::Leavers])?;
    let as_of = inputs.as_of()?;
    let period = inputs.period(as_of);
    let leavers_have_fte = inputs.get(Dataset::Leavers).expect("loaded").has("fte");
    let opening = day_before(period.start);
    let mut people = flagged(
        &inputs.get(Dataset::Payroll).expect("loaded").frame,
        &by,
        period,
        "payroll",
    )?;
    let leavers = flagged(
        &inputs.get(Dataset::Leavers).expect("loaded").frame,
        &by,
        period,
        "leavers",
    )?;
    frame::stack(&mut people, &leavers)?;
    let (mut acc, total) = figures(&people, &by)?;
    acc.retain(|_, f| f.end > 0 || f.start > 0 || f.leavers > 0 || f.starters > 0);

    let mut t = Table::new(format!("Turnover by {}", by.join(", ")));
    for b in &by {
        t.column(b.clone(), Kind::Text);
    }
    for (name, kind) in [
        ("in_post", Kind::Count),
        ("in_post_fte", Kind::Fte),
        ("starters", Kind::Count),
        ("leavers", Kind::Count),
        ("leavers_fte", Kind::Fte),
        ("turnover_pct", Kind::Pct),
        ("turnover_fte_pct", Kind::Pct),
        ("stability_pct", Kind::Pct),
    ] {
        t.column(name, kind);
    }
    let two = Decimal::from(2);
    let row = |f: &Figures| {
        let Figures {
            end,
            end_fte,
            start,
            start_fte,
            starters,
            stayed,
            leavers,
            leavers_fte,
        } = *f;
        let (heads, fte) = match denominator {
            Denominator::End => (dec(end), end_fte),
            Denominator::Average => ((dec(end) + dec(start)) / two, (end_fte + start_fte) / two),
        };
        vec![
            Value::num(dec(end)),
            Value::num(end_fte),
            Value::num(dec(starters)),
            Value::num(dec(leavers)),
            if leavers_have_fte {
                Value::num(leavers_fte)
            } else {
                Value::NA
            },
            Value::opt(pct(dec(leavers), heads)),
            if leavers_have_fte {
                Value::opt(pct(leavers_fte, fte))
            } else {
                Value::NA
            },
            Value::opt(pct(dec(stayed), dec(start))),
        ]
    };
    for (keys, f) in &acc {
        let mut r: Vec<Value> = keys.iter().map(Value::text).collect();
        r.extend(row(f));
        t.rows.push(r);
    }
    if settings.totals {
        // Over everyone: a person in two groups counts once.
        let mut r = total_keys(by.len());
        r.extend(row(&total));
        t.rows.push(r);
    }
    inputs.notes(&mut t, as_of, Some(period));
    t.note(match denominator {
        Denominator::End => format!(
            "turnover_pct = leavers / in post at the period end ({}) x 100, the DfE definition.",
            crate::period::fmt_date(period.end)
        ),
        Denominator::Average => format!(
            "turnover_pct = leavers / mean of the stock on {} and on {} x 100, the CIPD crude rate.",
            crate::period::fmt_date(opening),
            crate::period::fmt_date(period.end)
        ),
    });
    t.note(format!(
        "stability_pct = in post on {} who were already in post on {} / in post on {} x 100.",
        crate::period::fmt_date(period.end),
        crate::period::fmt_date(opening),
        crate::period::fmt_date(opening)
    ));
    if period.end > as_of {
        t.note("The period ends after the as-of date: the stock at its end is as the extracts show it.");
    }
    if !leavers_have_fte {
        t.note("The leavers extract has no fte column: FTE turnover is N/A.");
    }
    Ok(t)
}
