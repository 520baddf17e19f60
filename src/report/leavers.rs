//! `swr leavers`: who left in the period, and why.
//!
//! The leavers whose leave date is in the period (with `--service`, those
//! whose completed years of service are in the band), counted and their FTE
//! summed by group; exit interviews counted where the extract records them.

use super::{dec, fill};
use crate::extracts::Dataset;
use crate::frame::{self, Agg, Rows};
use crate::model::{Model, Needs};
use crate::options::Common;
use crate::period::Band;
use crate::settings::Settings;
use crate::table::{pct, Kind, Table, Value};
use anyhow::Result;
use polars::prelude::{col, len, lit, DataType};
use rust_decimal::Decimal;

const NEEDS: Needs = Needs {
    command: "leavers",
    required: &[Dataset::Leavers],
    optional: &[],
    columns: &["reason", "fte", "exit_interview"],
    figures: &["fte"],
    stock: false,
};

pub fn run(settings: &Settings, service: Option<&Band>, top: Option<u32>) -> Result<Table> {
    if top.is_some() && settings.compare.is_some() {
        // Each period would fold its own largest rows, and a group folded
        // on one side only could not be matched with the other.
        return Err(crate::settings::usage(
            "--top and --compare: each period would keep its own largest rows, so a group could not be set against itself; leave out --top (or compare the whole table)",
        ));
    }
    let by = settings.by_or(&["reason"]);
    let model = Model::open(settings, &NEEDS, &by, &[])?;
    let has_fte = model.has(Dataset::Leavers, "fte");
    let has_exit = model.has(Dataset::Leavers, "exit_interview");
    let given = model.flows(Dataset::Leavers, model.period, "leavers")?;
    let years = Model::service_years(col("start_date"), col("leave_date"));
    let left = model
        .frame(Dataset::Leavers)?
        .filter(Model::within("leave_date", model.period))
        .with_column(years.alias("_years"));
    let chosen = match service {
        Some(b) => left.clone().filter(Model::in_band(col("_years"), b)),
        None => left.clone(),
    };
    let mut aggs = vec![len().alias("leavers")];
    if has_fte {
        aggs.push(col("fte").sum().alias("leavers_fte"));
        aggs.push(col("fte").null_count().alias("_fte_blank"));
    }
    if has_exit {
        aggs.push(col("exit_interview").sum().alias("exit_interviews"));
    }
    let mut rows = frame::rows(
        |keys| Ok(frame::agg(chosen.clone(), keys, aggs.clone())),
        &by,
    )?;
    // Most leavers first, ties by name.
    rows.groups.sort_by(|a, b| {
        b.count("leavers")
            .cmp(&a.count("leavers"))
            .then_with(|| a.keys.cmp(&b.keys))
    });
    if let Some(n) = top {
        fold_into_all_other(&mut rows, n as usize, by.len());
    }
    let total_leavers = dec(rows.total.count("leavers"));

    let mut t = Table::grouped(
        format!("Leavers by {}", by.join(", ")),
        &by,
        &[
            ("leavers", Kind::Count),
            ("leavers_fte", Kind::Fte),
            ("share_pct", Kind::Pct),
        ],
    );
    if has_exit {
        t.column("exit_interviews", Kind::Count);
        t.column("exit_interview_pct", Kind::Pct);
    }
    fill(&mut t, &rows, by.len(), settings.totals, |g| {
        if !given {
            return vec![Value::NA; if has_exit { 5 } else { 3 }];
        }
        let leavers = dec(g.count("leavers"));
        let mut r = vec![
            Value::num(leavers),
            if has_fte && g.get("_fte_blank").is_zero() {
                Value::num(g.get("leavers_fte"))
            } else {
                Value::NA
            },
            Value::opt(pct(leavers, total_leavers)),
        ];
        if has_exit {
            r.push(Value::num(g.get("exit_interviews")));
            r.push(Value::opt(pct(g.get("exit_interviews"), leavers)));
        }
        r
    });

    model.notes(&mut t, true);
    if let Some(b) = service {
        t.note(format!(
            "Leavers with {} years' service (completed years from start_date to leave_date).",
            b.label()
        ));
    }
    if let Some(n) = top {
        t.note(format!("--top {n}: the {n} largest rows (ties at the last place kept); the rest folded into All other."));
    }
    let started = std::time::Instant::now();
    let early = left
        .select([
            len().alias("all"),
            col("_years")
                .lt(lit(2))
                .sum()
                .cast(DataType::UInt32)
                .alias("early"),
        ])
        .collect()?;
    let all = early.column("all")?.u32()?.get(0).unwrap_or(0);
    let within_two = early.column("early")?.u32()?.get(0).unwrap_or(0);
    crate::progress::timing("early leavers", started);
    if all > 0 {
        t.note(format!(
            "{within_two} of {all} leavers in the period ({}) left within two years of starting.",
            crate::render::human(
                pct(Decimal::from(within_two), Decimal::from(all)).unwrap_or_default(),
                Kind::Pct
            )
        ));
    }
    if !has_fte {
        t.note("The leavers extract has no fte column: leavers_fte is N/A.");
    } else if rows.total.count("_fte_blank") > 0 {
        t.note(format!(
            "{} leavers have a blank fte: leavers_fte is N/A where they count.",
            rows.total.count("_fte_blank")
        ));
    }
    Ok(t)
}

/// Keep the `n` largest groups (all of those tied at the nth place) and fold
/// the rest into one `All other` row; the groups are sorted largest first
/// and every figure is a count or a sum, so the folded row adds up.
fn fold_into_all_other(rows: &mut Rows, n: usize, keys: usize) {
    if rows.groups.len() <= n {
        return;
    }
    let cutoff = rows.groups[n - 1].count("leavers");
    let keep = rows
        .groups
        .iter()
        .take_while(|g| g.count("leavers") >= cutoff)
        .count();
    let rest = rows.groups.split_off(keep);
    if rest.is_empty() {
        return;
    }
    let mut label = vec![String::new(); keys];
    if let Some(first) = label.first_mut() {
        *first = "All other".to_string();
    }
    rows.groups.push(Agg::sum_of(label, &rest));
}

// The command line of `swr leavers` (its description is on its variant in
// cli.rs, which clap shows).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub common: Common,
    /// Keep leavers whose length of service is in BAND: <2, 2-5, 10+
    #[arg(long, value_name = "BAND", allow_hyphen_values = true, value_parser = band)]
    pub service: Option<Band>,
    /// Keep the N largest rows (ties kept) and fold the rest into "All other"
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub top: Option<u32>,
}

impl super::Report for Args {
    fn common(&self) -> &Common {
        &self.common
    }

    fn run(&self, settings: &Settings) -> Result<(Table, i32)> {
        Ok((
            run(settings, self.service.as_ref(), self.top)?,
            crate::exit::OK,
        ))
    }
}

fn band(raw: &str) -> Result<Band, String> {
    Band::parse(raw).map_err(|e| e.to_string())
}
