//! `swr cohorts`: how long leavers had stayed, or how long staff have served.
//!
//! Leavers in the period, service from start_date to leave_date; or the
//! staff in post on the as-of date (the model's stock, payroll and leavers
//! together), service from start_date to the as-of date. Each row falls in
//! the band of its completed years of service.

use super::dec;
use crate::extracts::Dataset;
use crate::frame::{self, day_number, Agg, LazyFrame};
use crate::model::{Model, Needs};
use crate::options::Common;
use crate::period::Band;
use crate::settings::Settings;
use crate::table::{pct, Kind, Table, Value};
use anyhow::Result;
use polars::prelude::{col, lit, when, Expr};
use std::collections::BTreeMap;

const OF_LEAVERS: Needs = Needs {
    command: "cohorts",
    required: &[Dataset::Leavers],
    optional: &[],
    columns: &["employee_id", "fte"],
    figures: &["fte"],
    stock: false,
};

const OF_STAFF: Needs = Needs {
    command: "cohorts",
    required: &[Dataset::Payroll],
    optional: &[Dataset::Leavers],
    columns: &["fte", "employee_id"],
    figures: &["fte"],
    stock: true,
};

/// Days of service as years, to one decimal (half away from zero).
fn years(days: rust_decimal::Decimal) -> String {
    let y = (days / rust_decimal::Decimal::new(36525, 2))
        .round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    format!("{y:.1} years")
}

/// The label of the band `years` falls in (service before the start date
/// counts in the first band).
fn band_label(years: Expr, bands: &[Band]) -> Expr {
    let years = when(years.clone().lt(lit(0))).then(lit(0)).otherwise(years);
    // The bands cover every year, so the last is the otherwise.
    let (last, rest) = bands.split_last().expect("at least two bands");
    rest.iter().rev().fold(lit(last.label()), |inner, b| {
        when(Model::in_band(years.clone(), b))
            .then(lit(b.label()))
            .otherwise(inner)
    })
}

pub fn run(settings: &Settings, of: Of, bands: &[Band]) -> Result<Table> {
    let by = settings.by.clone().unwrap_or_default();
    let (needs, ds, who) = match of {
        Of::Leavers => (&OF_LEAVERS, Dataset::Leavers, "leavers"),
        Of::Staff => (&OF_STAFF, Dataset::Payroll, "staff"),
    };
    let model = Model::open(settings, needs, &by, &[])?;
    let as_of = model.as_of;
    // The end of each row's service, as a date and as a day number.
    let (rows, end, end_day, headcount): (LazyFrame, Expr, Expr, Expr) = match of {
        Of::Leavers => (
            model
                .frame(Dataset::Leavers)?
                .filter(Model::within("leave_date", model.period)),
            col("leave_date"),
            day_number("leave_date"),
            // People: someone leaving two posts is one leaver of the group.
            col("employee_id").n_unique(),
        ),
        Of::Staff => {
            let mut cols = vec!["employee_id", "fte"];
            cols.extend(by.iter().map(String::as_str));
            (
                model.stock(as_of, &cols)?.frame,
                frame::date_lit(as_of),
                lit(frame::date_to_days(as_of)),
                col("employee_id").n_unique(),
            )
        }
    };
    let has_fte = model.has(ds, "fte");
    let days = end_day - day_number("start_date");
    let rows = rows.with_columns([
        band_label(Model::service_years(col("start_date"), end), bands).alias("band"),
        when(days.clone().lt(lit(0)))
            .then(lit(0))
            .otherwise(days)
            .alias("_days"),
    ]);
    let mut aggs = vec![headcount.alias("headcount")];
    if has_fte {
        aggs.push(col("fte").sum().alias("fte"));
        aggs.push(col("fte").null_count().alias("_fte_blank"));
    }
    aggs.push(col("_days").mean().alias("_mean"));
    aggs.push(col("_days").median().alias("_median"));
    let query = |keys: &[String]| Ok(frame::agg(rows.clone(), keys, aggs.clone()));
    let mut cell_keys = by.clone();
    cell_keys.push("band".to_string());
    let cells: BTreeMap<Vec<String>, Agg> = frame::rows_plain(query, &cell_keys)?
        .groups
        .into_iter()
        .map(|g| (g.keys.clone(), g))
        .collect();
    let groups = frame::rows_plain(query, &by)?;
    // With groups, the table closes with the bands over everyone.
    let everyone: BTreeMap<Vec<String>, Agg> = if by.is_empty() || !settings.totals {
        BTreeMap::new()
    } else {
        frame::rows_plain(query, &["band".to_string()])?
            .groups
            .into_iter()
            .map(|g| (g.keys.clone(), g))
            .collect()
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
    let fte = |a: Option<&Agg>| match a {
        Some(a) if has_fte && a.get("_fte_blank").is_zero() => Value::num(a.get("fte")),
        None if has_fte => Value::num(0),
        _ => Value::NA,
    };
    let mut sections: Vec<(Vec<String>, &Agg, bool)> = groups
        .groups
        .iter()
        .map(|g| (g.keys.clone(), g, false))
        .collect();
    if !everyone.is_empty() || (!by.is_empty() && settings.totals) {
        sections.push((vec![String::new(); by.len()], &groups.total, true));
    }
    for (keys, g, closing) in sections {
        // The whole table's section: its first key cell is the Total's.
        let key_cells = || -> Vec<Value> {
            let mut cells: Vec<Value> = keys.iter().map(Value::text).collect();
            if closing {
                if let Some(first) = cells.first_mut() {
                    *first = Value::total();
                }
            }
            cells
        };
        let heads = dec(g.count("headcount"));
        for b in bands {
            let cell = if closing {
                everyone.get(&vec![b.label()])
            } else {
                let mut key = keys.clone();
                key.push(b.label());
                cells.get(&key)
            };
            let n = dec(cell.map_or(0, |c| c.count("headcount")));
            let mut r: Vec<Value> = key_cells();
            r.push(Value::text(b.label()));
            r.push(Value::num(n));
            r.push(fte(cell));
            r.push(Value::opt(pct(n, heads)));
            t.rows.push(r);
        }
        if settings.totals {
            let mut r: Vec<Value> = key_cells();
            r.push(Value::total());
            r.push(Value::num(heads));
            r.push(fte(Some(g)));
            r.push(Value::opt(pct(heads, heads)));
            t.rows.push(r);
        }
        if !by.is_empty() && !closing && g.count("headcount") > 0 {
            t.note(format!(
                "{}: mean length of service {}, median {}.",
                keys.join(" / "),
                years(g.get("_mean")),
                years(g.get("_median"))
            ));
        }
    }
    if of == Of::Leavers && !model.flows(Dataset::Leavers, model.period, "leavers' service")? {
        t.na(&[]);
    }
    model.notes(&mut t, of == Of::Leavers);
    if groups.total.count("headcount") > 0 {
        t.note(format!(
            "All {who}: mean length of service {}, median {} (days / 365.25).",
            years(groups.total.get("_mean")),
            years(groups.total.get("_median"))
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
    } else if groups.total.count("_fte_blank") > 0 {
        t.note(format!(
            "{} of the {who} have no fte (a blank cell, or a leavers extract without an fte column): fte is N/A where they count.",
            groups.total.count("_fte_blank")
        ));
    }
    // People in more than one row (SPEC 4, Totals): in two groups, or in
    // two bands of one (two posts started years apart).
    let several = frame::in_several(rows.clone(), "employee_id", &cell_keys)?;
    if several > 0 {
        t.note(format!(
            "{several} {} in more than one row (two posts in different groups or bands): counted in each, and once in each Total, so those rows add up to more.",
            if several == 1 { "person is" } else { "people are" }
        ));
    }
    Ok(t)
}

// The command line of `swr cohorts` (its description is on its variant in
// cli.rs, which clap shows).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub common: Common,
    /// Whose service: leavers in the period, or staff in post at the as-of date
    #[arg(long, value_enum, default_value_t = Of::Leavers)]
    pub of: Of,
    /// Band boundaries in whole years, ascending
    #[arg(long, value_name = "LIST", default_value = "1,2,5,10", value_parser = bands)]
    pub bands: Bands,
}

impl super::Report for Args {
    fn common(&self) -> &Common {
        &self.common
    }

    fn run(&self, settings: &Settings) -> Result<(Table, i32)> {
        Ok((run(settings, self.of, &self.bands.0)?, crate::exit::OK))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Of {
    Leavers,
    Staff,
}

/// Length-of-service bands from `--bands`.
#[derive(Debug, Clone, PartialEq)]
pub struct Bands(pub Vec<Band>);

fn bands(raw: &str) -> Result<Bands, String> {
    let bounds = raw
        .split(',')
        .map(|s| s.trim().parse::<i32>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| "expected whole years in ascending order, such as 1,2,5,10".to_string())?;
    crate::period::bands(&bounds)
        .map(Bands)
        .map_err(|e| e.to_string())
}
