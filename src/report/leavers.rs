//! `swr leavers`: who left in the period, and why.

use super::{dec, total_keys, Inputs};
use crate::extracts::Dataset;
use crate::frame::{self, group_sums, Group};
use crate::period::{service_years, Band};
use crate::settings::{usage, Settings};
use crate::table::{pct, Kind, Table, Value};
use anyhow::Result;
use rust_decimal::Decimal;

pub fn run(settings: &Settings, service: Option<&str>, top: Option<usize>) -> Result<Table> {
    let band = service
        .map(|s| Band::parse(s).map_err(|e| usage(e.to_string())))
        .transpose()?;
    if top == Some(0) {
        return Err(usage("--top 0: expected 1 or more rows"));
    }
    let mut inputs = Inputs::new(settings, "leavers", &["reason", "fte", "exit_interview"]);
    inputs.required(Dataset::Leavers)?;
    inputs.check_filters()?;
    let by = settings.by_or(&["reason"]);
    inputs.check_columns("--by", &by, &[Dataset::Leavers])?;
    let as_of = inputs.as_of()?;
    let period = inputs.period(as_of);
    let ex = inputs.get(Dataset::Leavers).expect("loaded");
    let has_fte = ex.has("fte");
    let has_exit = ex.has("exit_interview");
    let mut df = frame::dates_within(&ex.frame, "leave_date", Some(period.start), period.end)?;
    let starts = frame::dates(&df, "start_date")?;
    let leaves = frame::dates(&df, "leave_date")?;
    let years: Vec<i32> = starts
        .iter()
        .zip(&leaves)
        .map(|(s, l)| service_years(s.expect("required"), l.expect("filtered")))
        .collect();
    let within_two = years.iter().filter(|y| **y < 2).count();
    let all_in_period = years.len();
    if let Some(b) = &band {
        let mask = years.iter().map(|y| b.contains(*y)).collect();
        df = frame::filter(&df, mask)?;
    }
    let mut sums: Vec<&str> = Vec::new();
    if has_fte {
        sums.push("fte");
    }
    if has_exit {
        sums.push("exit_interview");
    }
    let mut groups = group_sums(&df, &by, &sums)?;
    // Most leavers first, ties by name.
    groups.sort_by(|a, b| b.rows.cmp(&a.rows).then_with(|| a.keys.cmp(&b.keys)));
    let total_leavers: u64 = groups.iter().map(|g| g.rows).sum();
    if let Some(n) = top {
        if groups.len() > n {
            let cutoff = groups[n - 1].rows;
            let keep = groups.iter().take_while(|g| g.rows >= cutoff).count();
            let rest = groups.split_off(keep);
            if !rest.is_empty() {
                let mut other = Group {
                    keys: (0..by.len())
                        .map(|i| {
                            if i == 0 {
                                "All other".to_string()
                            } else {
                                String::new()
                            }
                        })
                        .collect(),
                    rows: 0,
                    sums: vec![Decimal::ZERO; sums.len()],
                };
                for g in &rest {
                    other.rows += g.rows;
                    for (a, b) in other.sums.iter_mut().zip(&g.sums) {
                        *a += b;
                    }
                }
                groups.push(other);
            }
        }
    }

    let mut t = Table::new(format!("Leavers by {}", by.join(", ")));
    for b in &by {
        t.column(b.clone(), Kind::Text);
    }
    t.column("leavers", Kind::Count);
    t.column("leavers_fte", Kind::Fte);
    t.column("share_pct", Kind::Pct);
    if has_exit {
        t.column("exit_interviews", Kind::Count);
        t.column("exit_interview_pct", Kind::Pct);
    }
    let fte_at = 0;
    let exit_at = if has_fte { 1 } else { 0 };
    let row = |rows: u64, s: &[Decimal]| -> Vec<Value> {
        let mut r = vec![
            Value::num(dec(rows)),
            if has_fte {
                Value::num(s[fte_at])
            } else {
                Value::NA
            },
            Value::opt(pct(dec(rows), dec(total_leavers))),
        ];
        if has_exit {
            r.push(Value::num(s[exit_at]));
            r.push(Value::opt(pct(s[exit_at], dec(rows))));
        }
        r
    };
    let mut total_sums = vec![Decimal::ZERO; sums.len()];
    for g in &groups {
        let mut r: Vec<Value> = g.keys.iter().map(Value::text).collect();
        r.extend(row(g.rows, &g.sums));
        t.rows.push(r);
        for (a, b) in total_sums.iter_mut().zip(&g.sums) {
            *a += b;
        }
    }
    if settings.totals {
        let mut r = total_keys(by.len());
        r.extend(row(total_leavers, &total_sums));
        t.rows.push(r);
    }
    inputs.notes(&mut t, as_of, Some(period));
    if let Some(b) = &band {
        t.note(format!(
            "Leavers with {} years' service (completed years from start_date to leave_date).",
            b.label()
        ));
    }
    if let Some(n) = top {
        t.note(format!("--top {n}: the {n} largest rows (ties at the last place kept); the rest folded into All other."));
    }
    if all_in_period > 0 {
        t.note(format!(
            "{within_two} of {all_in_period} leavers in the period ({}) left within two years of starting.",
            crate::render::human(pct(dec(within_two as u64), dec(all_in_period as u64)).unwrap_or_default(), Kind::Pct)
        ));
    }
    if !has_fte {
        t.note("The leavers extract has no fte column: leavers_fte is N/A.");
    }
    Ok(t)
}
