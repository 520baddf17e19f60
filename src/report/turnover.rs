//! `swr turnover`: turnover and stability, by the DfE definition (leavers /
//! staff in post at the period end) or the CIPD crude rate (/ mean stock).
//!
//! The stock on any day is rebuilt from both extracts: payroll rows that had
//! started, plus leavers who had started and not yet left.

use super::{dec, total_keys, Inputs};
use crate::cli::Denominator;
use crate::extracts::Dataset;
use crate::frame::{self, DataFrame, BLANK};
use crate::period::day_before;
use crate::settings::Settings;
use crate::table::{pct, Kind, Table, Value};
use anyhow::Result;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};

/// One person-row from either extract.
struct Person {
    id: String,
    keys: Vec<String>,
    fte: Decimal,
    start: NaiveDate,
    leave: Option<NaiveDate>,
}

impl Person {
    /// In post on day D: started by D and not left by D.
    fn in_post(&self, d: NaiveDate) -> bool {
        self.start <= d && self.leave.is_none_or(|l| l > d)
    }
}

fn people(df: &DataFrame, by: &[String], leavers: bool) -> Result<Vec<Person>> {
    let ids = frame::text(df, "employee_id")?;
    let keys: Vec<Vec<Option<String>>> = by
        .iter()
        .map(|b| frame::text(df, b))
        .collect::<Result<_>>()?;
    let fte = if frame::has(df, "fte") {
        frame::decimals(df, "fte")?
    } else {
        vec![None; df.height()]
    };
    let starts = frame::dates(df, "start_date")?;
    let leaves = if leavers {
        frame::dates(df, "leave_date")?
    } else {
        vec![None; df.height()]
    };
    Ok((0..df.height())
        .map(|i| Person {
            id: ids[i].clone().unwrap_or_else(|| format!("(row {i})")),
            keys: keys
                .iter()
                .map(|k| k[i].clone().unwrap_or_else(|| BLANK.to_string()))
                .collect(),
            fte: fte[i].unwrap_or_default(),
            start: starts[i].expect("start_date is required"),
            leave: leaves[i],
        })
        .collect())
}

#[derive(Default)]
struct Acc {
    end: BTreeSet<String>,
    end_fte: Decimal,
    start: BTreeSet<String>,
    start_fte: Decimal,
    starters: BTreeSet<String>,
    leavers: u64,
    leavers_fte: Decimal,
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
    let mut all = people(
        &inputs.get(Dataset::Payroll).expect("loaded").frame,
        &by,
        false,
    )?;
    all.extend(people(
        &inputs.get(Dataset::Leavers).expect("loaded").frame,
        &by,
        true,
    )?);
    let opening = day_before(period.start);

    let mut acc: BTreeMap<Vec<String>, Acc> = BTreeMap::new();
    for p in &all {
        let a = acc.entry(p.keys.clone()).or_default();
        if p.in_post(period.end) {
            a.end_fte += p.fte;
            a.end.insert(p.id.clone());
        }
        if p.in_post(opening) {
            a.start_fte += p.fte;
            a.start.insert(p.id.clone());
        }
        if period.contains(p.start) {
            a.starters.insert(p.id.clone());
        }
        if p.leave.is_some_and(|l| period.contains(l)) {
            a.leavers += 1;
            a.leavers_fte += p.fte;
        }
    }
    acc.retain(|_, a| {
        !a.end.is_empty() || !a.start.is_empty() || a.leavers > 0 || !a.starters.is_empty()
    });

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
    let row = |a: &Acc| {
        let (end, start, starters) = (
            a.end.len() as u64,
            a.start.len() as u64,
            a.starters.len() as u64,
        );
        let (end_fte, start_fte, leavers, leavers_fte) =
            (a.end_fte, a.start_fte, a.leavers, a.leavers_fte);
        let stayed = a.end.intersection(&a.start).count() as u64;
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
    let mut tot = Acc::default();
    for (keys, a) in &acc {
        let mut r: Vec<Value> = keys.iter().map(Value::text).collect();
        r.extend(row(a));
        t.rows.push(r);
        // A person counts once in the total even if they appear in two groups.
        tot.end.extend(a.end.iter().cloned());
        tot.start.extend(a.start.iter().cloned());
        tot.starters.extend(a.starters.iter().cloned());
        tot.end_fte += a.end_fte;
        tot.start_fte += a.start_fte;
        tot.leavers += a.leavers;
        tot.leavers_fte += a.leavers_fte;
    }
    if settings.totals {
        let mut r = total_keys(by.len());
        r.extend(row(&tot));
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
