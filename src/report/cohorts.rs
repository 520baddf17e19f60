//! `swr cohorts`: how long leavers had stayed, or how long staff have served.

use super::{dec, Inputs};
use crate::cli::Of;
use crate::extracts::Dataset;
use crate::frame::{self, BLANK};
use crate::period::{bands, service_years, Band};
use crate::settings::{usage, Settings};
use crate::table::{pct, Kind, Table, Value};
use anyhow::Result;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

#[derive(Default)]
struct Group {
    heads: Vec<u64>,
    fte: Vec<Decimal>,
    /// Service in days, for the mean and median.
    days: Vec<i64>,
}

fn parse_bounds(raw: &str) -> Result<Vec<Band>> {
    let bounds = raw
        .split(',')
        .map(|s| s.trim().parse::<i32>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| {
            usage(format!(
                "--bands '{raw}': expected whole years in ascending order, such as 1,2,5,10"
            ))
        })?;
    bands(&bounds).map_err(|e| usage(e.to_string()))
}

fn years(days: f64) -> String {
    format!("{:.1} years", days / 365.25)
}

pub fn run(settings: &Settings, of: Of, bands_raw: &str) -> Result<Table> {
    let bands = parse_bounds(bands_raw)?;
    let ds = match of {
        Of::Leavers => Dataset::Leavers,
        Of::Staff => Dataset::Payroll,
    };
    let mut inputs = Inputs::new(settings, "cohorts", &["fte"]);
    inputs.required(ds)?;
    inputs.check_filters()?;
    let by = settings.by.clone().unwrap_or_default();
    inputs.check_columns("--by", &by, &[ds])?;
    let as_of = inputs.as_of()?;
    let ex = inputs.get(ds).expect("loaded");
    let has_fte = ex.has("fte");
    let (df, period) = match of {
        Of::Leavers => {
            let period = inputs.period(as_of);
            (
                frame::dates_within(&ex.frame, "leave_date", Some(period.start), period.end)?,
                Some(period),
            )
        }
        Of::Staff => (
            frame::dates_within(&ex.frame, "start_date", None, as_of)?,
            None,
        ),
    };
    let starts = frame::dates(&df, "start_date")?;
    let ends = match of {
        Of::Leavers => frame::dates(&df, "leave_date")?,
        Of::Staff => vec![Some(as_of); df.height()],
    };
    let fte = if has_fte {
        frame::decimals(&df, "fte")?
    } else {
        vec![None; df.height()]
    };
    let keys: Vec<Vec<Option<String>>> = by
        .iter()
        .map(|b| frame::text(&df, b))
        .collect::<Result<_>>()?;

    let mut groups: BTreeMap<Vec<String>, Group> = BTreeMap::new();
    for i in 0..df.height() {
        let (s, e) = (starts[i].expect("required"), ends[i].expect("filtered"));
        let y = service_years(s, e);
        let k: Vec<String> = keys
            .iter()
            .map(|c| c[i].clone().unwrap_or_else(|| BLANK.to_string()))
            .collect();
        let g = groups.entry(k).or_insert_with(|| Group {
            heads: vec![0; bands.len()],
            fte: vec![Decimal::ZERO; bands.len()],
            days: Vec::new(),
        });
        // Service before the start date (a start after the end) counts in the first band.
        let b = bands
            .iter()
            .position(|b| b.contains(y.max(0)))
            .expect("bands cover every year");
        g.heads[b] += 1;
        g.fte[b] += fte[i].unwrap_or_default();
        g.days.push((e - s).num_days().max(0));
    }
    if groups.is_empty() && by.is_empty() {
        groups.insert(
            Vec::new(),
            Group {
                heads: vec![0; bands.len()],
                fte: vec![Decimal::ZERO; bands.len()],
                days: Vec::new(),
            },
        );
    }

    let who = match of {
        Of::Leavers => "leavers",
        Of::Staff => "staff",
    };
    let mut t = Table::new(format!(
        "Length of service of {who}{}",
        if by.is_empty() {
            String::new()
        } else {
            format!(" by {}", by.join(", "))
        }
    ));
    for b in &by {
        t.column(b.clone(), Kind::Text);
    }
    t.column("band", Kind::Text);
    t.column("headcount", Kind::Count);
    t.column("fte", Kind::Fte);
    t.column("share_pct", Kind::Pct);
    let mut all_days: Vec<i64> = Vec::new();
    for (k, g) in &groups {
        let total: u64 = g.heads.iter().sum();
        for (i, band) in bands.iter().enumerate() {
            let mut r: Vec<Value> = k.iter().map(Value::text).collect();
            r.push(Value::text(band.label()));
            r.push(Value::num(dec(g.heads[i])));
            r.push(if has_fte {
                Value::num(g.fte[i])
            } else {
                Value::NA
            });
            r.push(Value::opt(pct(dec(g.heads[i]), dec(total))));
            t.rows.push(r);
        }
        if settings.totals {
            let mut r: Vec<Value> = k.iter().map(Value::text).collect();
            r.push(Value::text("Total"));
            r.push(Value::num(dec(total)));
            r.push(if has_fte {
                Value::num(g.fte.iter().copied().sum::<Decimal>())
            } else {
                Value::NA
            });
            r.push(Value::opt(pct(dec(total), dec(total))));
            t.rows.push(r);
        }
        if !by.is_empty() && !g.days.is_empty() {
            let (mean, median) = mean_median(&g.days);
            t.note(format!(
                "{}: mean length of service {}, median {}.",
                k.join(" / "),
                years(mean),
                years(median)
            ));
        }
        all_days.extend(&g.days);
    }
    inputs.notes(&mut t, as_of, period);
    if !all_days.is_empty() {
        let (mean, median) = mean_median(&all_days);
        t.note(format!(
            "All {who}: mean length of service {}, median {} (days / 365.25).",
            years(mean),
            years(median)
        ));
    }
    t.note(match of {
        Of::Leavers => {
            "Service in completed years by calendar anniversary, start_date to leave_date."
        }
        Of::Staff => {
            "Service in completed years by calendar anniversary, start_date to the as-of date."
        }
    });
    if !has_fte {
        t.note(format!("The {ds} extract has no fte column: fte is N/A."));
    }
    Ok(t)
}

fn mean_median(days: &[i64]) -> (f64, f64) {
    let mut v = days.to_vec();
    v.sort_unstable();
    let n = v.len();
    let mean = v.iter().sum::<i64>() as f64 / n as f64;
    let median = if n % 2 == 1 {
        v[n / 2] as f64
    } else {
        (v[n / 2 - 1] + v[n / 2]) as f64 / 2.0
    };
    (mean, median)
}
