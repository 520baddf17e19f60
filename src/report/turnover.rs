//! `swr turnover`: turnover and stability, by the DfE definition (leavers /
//! staff in post at the period end) or the CIPD crude rate (/ mean stock).
//!
//! The stock on any day is rebuilt from both extracts: payroll rows that had
//! started, plus leavers who had started and not yet left.

use super::{dec, total_keys, Inputs};
use crate::cli::Denominator;
use crate::extracts::Dataset;
use crate::frame::{self, DataFrame, Dictionary};
use crate::period::day_before;
use crate::settings::Settings;
use crate::table::{pct, Kind, Table, Value};
use anyhow::Result;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};

/// One person-row from either extract.
struct Person {
    /// Code of employee_id in the shared dictionary.
    id: u32,
    /// Index of the row's `--by` group.
    group: usize,
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

/// Rows of payroll and leavers with IDs and groups as codes, so millions of
/// rows are counted without a string per row.
#[derive(Default)]
struct Coder {
    ids: Dictionary,
    keys: Vec<Dictionary>,
    groups: HashMap<Vec<u32>, usize>,
    group_keys: Vec<Vec<String>>,
}

impl Coder {
    fn people(&mut self, df: &DataFrame, by: &[String], leavers: bool) -> Result<Vec<Person>> {
        self.keys.resize_with(by.len(), Dictionary::default);
        let ids = self.ids.encode(df, "employee_id", true)?;
        let keys: Vec<Vec<u32>> = by
            .iter()
            .zip(&mut self.keys)
            .map(|(b, d)| d.encode(df, b, false))
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
        let mut key = Vec::with_capacity(by.len());
        let mut out = Vec::with_capacity(df.height());
        for i in 0..df.height() {
            key.clear();
            key.extend(keys.iter().map(|k| k[i]));
            let group = match self.groups.get(key.as_slice()) {
                Some(g) => *g,
                None => {
                    let g = self.group_keys.len();
                    self.group_keys.push(
                        key.iter()
                            .zip(&self.keys)
                            .map(|(c, d)| d.value(*c).to_string())
                            .collect(),
                    );
                    self.groups.insert(key.clone(), g);
                    g
                }
            };
            out.push(Person {
                id: ids[i],
                group,
                fte: fte[i].unwrap_or_default(),
                start: starts[i].expect("start_date is required"),
                leave: leaves[i],
            });
        }
        Ok(out)
    }
}

#[derive(Default)]
struct Acc {
    end: Vec<u32>,
    end_fte: Decimal,
    start: Vec<u32>,
    start_fte: Decimal,
    starters: Vec<u32>,
    leavers: u64,
    leavers_fte: Decimal,
}

impl Acc {
    /// Make the ID lists sets (sorted, each ID once).
    fn settle(&mut self) {
        for v in [&mut self.end, &mut self.start, &mut self.starters] {
            v.sort_unstable();
            v.dedup();
        }
    }

    /// People in post at both the start and the end.
    fn stayed(&self) -> u64 {
        let (mut i, mut j, mut n) = (0, 0, 0);
        while i < self.end.len() && j < self.start.len() {
            match self.end[i].cmp(&self.start[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    n += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        n
    }
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
    let mut coder = Coder::default();
    let mut all = coder.people(
        &inputs.get(Dataset::Payroll).expect("loaded").frame,
        &by,
        false,
    )?;
    all.extend(coder.people(
        &inputs.get(Dataset::Leavers).expect("loaded").frame,
        &by,
        true,
    )?);
    let opening = day_before(period.start);

    let mut by_group: Vec<Acc> = (0..coder.group_keys.len())
        .map(|_| Acc::default())
        .collect();
    for p in &all {
        let a = &mut by_group[p.group];
        if p.in_post(period.end) {
            a.end_fte += p.fte;
            a.end.push(p.id);
        }
        if p.in_post(opening) {
            a.start_fte += p.fte;
            a.start.push(p.id);
        }
        if period.contains(p.start) {
            a.starters.push(p.id);
        }
        if p.leave.is_some_and(|l| period.contains(l)) {
            a.leavers += 1;
            a.leavers_fte += p.fte;
        }
    }
    let mut acc: BTreeMap<Vec<String>, Acc> = BTreeMap::new();
    for (keys, mut a) in coder.group_keys.iter().cloned().zip(by_group) {
        a.settle();
        acc.insert(keys, a);
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
        let stayed = a.stayed();
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
        tot.settle();
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
