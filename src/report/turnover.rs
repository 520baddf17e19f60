//! `swr turnover`: turnover and stability, by the DfE definition (leavers /
//! staff in post at the period end) or the CIPD crude rate (/ mean stock).
//!
//! Every payroll and leavers row is flagged: in post at the period's end, in
//! post the day before it began, started in it, left in it (the model's
//! definitions). People are counted once per group from their rows' flags;
//! FTEs and leavers are sums of rows.

use super::{dec, fill};
use crate::extracts::Dataset;
use crate::frame::{self, Agg, LazyFrame};
use crate::model::{Model, Needs};
use crate::options::Common;
use crate::period::{day_before, fmt_date};
use crate::settings::Settings;
use crate::table::{pct, Kind, Table, Value};
use anyhow::Result;
use polars::prelude::{col, lit, when, DataType, IntoLazy};
use rust_decimal::Decimal;

const NEEDS: Needs = Needs {
    command: "turnover",
    required: &[Dataset::Payroll, Dataset::Leavers],
    optional: &[],
    columns: &["employee_id", "fte", "directorate"],
    figures: &["fte"],
    stock: false,
};

const FLAGS: [&str; 4] = ["_end", "_start", "_starter", "_leaver"];

pub fn run(settings: &Settings, denominator: Denominator) -> Result<Table> {
    let by = settings.by_or(&["directorate"]);
    let model = Model::open(settings, &NEEDS, &by, &[])?;
    let (as_of, period) = (model.as_of, model.period);
    let opening = day_before(period.start);
    let mut cols = vec!["employee_id", "fte"];
    cols.extend(by.iter().map(String::as_str));
    let flag_exprs = [
        Model::in_post(period.end),
        Model::in_post(opening),
        Model::within("start_date", period).and(col("_starts").fill_null(false)),
        Model::within("leave_date", period).fill_null(false),
    ];
    // Rows that say nothing about the period count nowhere: dropped first,
    // which on a long leavers history is most of them.
    let mut any = flag_exprs[0].clone();
    for f in &flag_exprs[1..] {
        any = any.or(f.clone());
    }
    // Which rows start someone (a second post is no new start, a return
    // is; a leavers row that payroll lists too is none) is found here,
    // unfiltered: one person's listing in both extracts is found before
    // --where, which applies below.
    let rows = model.workforce_unfiltered(&cols)?;
    let rows = Model::start_marks(rows.filter(Model::bearing_on(period)), true)?
        .filter(any)
        .with_columns(
            flag_exprs
                .iter()
                .zip(FLAGS)
                .map(|(e, name)| e.clone().fill_null(false).alias(name))
                .collect::<Vec<_>>(),
        );
    // Each row's FTE where a flag holds (0 elsewhere) and whether that FTE
    // is blank, as plain columns: sums of them are polars' fast path.
    let per_row = || {
        let zero = frame::decimal_zero;
        let mut per_row = Vec::new();
        for (flag, name) in [
            ("_end", "_end_fte"),
            ("_start", "_start_fte"),
            ("_leaver", "_leavers_fte"),
        ] {
            per_row.push(
                when(col(flag))
                    .then(col("fte").fill_null(zero()))
                    .otherwise(zero())
                    .alias(name),
            );
            per_row.push(
                col(flag)
                    .and(col("fte").is_null())
                    .cast(DataType::UInt32)
                    .alias(format!("{name}_blank")),
            );
        }
        per_row.push(col("_leaver").cast(DataType::UInt32).alias("_leavers"));
        per_row
    };
    let started = std::time::Instant::now();
    let rows = rows.with_columns(per_row()).collect()?.lazy();
    crate::progress::timing("rows and who starts", started);
    // Most people have one row, and their row is the person: only the
    // rows of people with several (`_rows_of`, counted among the rows that
    // bear on the period) go through the per-person steps, which are the
    // costly ones on millions of rows.
    let several = || col("_rows_of").gt(lit(1u32));
    let anyone_several = rows
        .clone()
        .select([several().any(false).alias("_any")])
        .collect()?
        .column("_any")?
        .bool()?
        .get(0)
        == Some(true);
    crate::progress::timing("one row each", started);
    // Someone in both extracts on a day is counted there through payroll:
    // their leavers row adds neither a head nor an FTE (SPEC 4, one stock).
    let rows = if anyone_several {
        let listed = Model::shadowed()?;
        let shadowed = rows
            .clone()
            .filter(several())
            .with_columns([
                col("_end").and(listed.clone().not()).alias("_end"),
                col("_start").and(listed.not()).alias("_start"),
            ])
            .with_columns(per_row());
        polars::prelude::concat(
            [rows.filter(several().not()), shadowed],
            polars::prelude::UnionArgs::default(),
        )?
    } else {
        rows
    };
    // Read twice below (the groups, the Total): in memory once. The usual
    // case (nobody in two rows, no --where) is in memory already.
    let rows = if !anyone_several && model.settings.filters.is_empty() {
        rows
    } else {
        model.where_people(rows, &[])?.collect()?.lazy()
    };
    let sums = [
        "_end_fte",
        "_end_fte_blank",
        "_start_fte",
        "_start_fte_blank",
        "_leavers",
        "_leavers_fte",
        "_leavers_fte_blank",
    ];
    let sum = |c: &str| col(c).sum().alias(c);
    let group_aggs = || {
        let mut group_aggs = vec![
            col("_end").sum().alias("in_post"),
            col("_start").sum().alias("_start_heads"),
            col("_starter").sum().alias("starters"),
            (col("_end").and(col("_start")))
                .cast(DataType::UInt32)
                .sum()
                .alias("_stayed"),
        ];
        group_aggs.extend(sums.iter().map(|c| sum(c)));
        group_aggs
    };
    // Per person in each group, then per group: a person in two groups
    // counts in each, and once in the Total (the same query without keys).
    // Every figure is a sum, so the groups of the people with one row and
    // of those with several are worked out apart and added.
    let query = |keys: &[String]| -> Result<LazyFrame> {
        if !anyone_several {
            return Ok(frame::agg(rows.clone(), keys, group_aggs()));
        }
        let mut person: Vec<String> = keys.to_vec();
        person.push("employee_id".to_string());
        let mut person_aggs = vec![
            col("_end").any(false).alias("_end"),
            col("_start").any(false).alias("_start"),
            col("_starter").any(false).alias("_starter"),
        ];
        person_aggs.extend(sums.iter().map(|c| sum(c)));
        let single = frame::agg(rows.clone().filter(several().not()), keys, group_aggs());
        let people = frame::agg(rows.clone().filter(several()), &person, person_aggs);
        let parts = polars::prelude::concat(
            [single, frame::agg(people, keys, group_aggs())],
            polars::prelude::UnionArgs {
                to_supertypes: true,
                ..Default::default()
            },
        )?;
        let names = ["in_post", "_start_heads", "starters", "_stayed"];
        let added = names.iter().chain(sums.iter()).map(|c| sum(c)).collect();
        Ok(frame::agg(parts, keys, added))
    };
    let started = std::time::Instant::now();
    let rows = frame::rows(query, &by)?;
    crate::progress::timing("query", started);

    let mut t = Table::grouped(
        format!("Turnover by {}", by.join(", ")),
        &by,
        &[
            ("in_post", Kind::Count),
            ("in_post_fte", Kind::Fte),
            ("starters", Kind::Count),
            ("leavers", Kind::Count),
            ("leavers_fte", Kind::Fte),
            ("turnover_pct", Kind::Pct),
            ("turnover_fte_pct", Kind::Pct),
            ("stability_pct", Kind::Pct),
        ],
    );
    let two = Decimal::from(2);
    let known = |g: &Agg, c: &str| g.get(&format!("{c}_blank")).is_zero().then(|| g.get(c));
    fill(&mut t, &rows, by.len(), settings.totals, |g| {
        let (end, start) = (dec(g.count("in_post")), dec(g.count("_start_heads")));
        let (end_fte, start_fte) = (known(g, "_end_fte"), known(g, "_start_fte"));
        let leavers = dec(g.count("_leavers"));
        let leavers_fte = known(g, "_leavers_fte");
        let (heads, fte) = match denominator {
            Denominator::End => (end, end_fte),
            Denominator::Average => (
                (end + start) / two,
                end_fte.zip(start_fte).map(|(e, s)| (e + s) / two),
            ),
        };
        vec![
            Value::num(end),
            Value::opt(end_fte),
            Value::num(dec(g.count("starters"))),
            Value::num(leavers),
            Value::opt(leavers_fte),
            Value::opt(pct(leavers, heads)),
            Value::opt(leavers_fte.zip(fte).and_then(|(l, f)| pct(l, f))),
            Value::opt(pct(dec(g.count("_stayed")), start)),
        ]
    });
    if !model.flows(Dataset::Leavers, period, "starters, leavers and turnover")? {
        t.na(&[
            "starters",
            "leavers",
            "leavers_fte",
            "turnover_pct",
            "turnover_fte_pct",
        ]);
    }
    model.notes(&mut t, true);
    t.note(match denominator {
        Denominator::End => format!(
            "turnover_pct = leavers / in post at the period end ({}) x 100, the DfE definition.",
            fmt_date(period.end)
        ),
        Denominator::Average => format!(
            "turnover_pct = leavers / mean of the stock on {} and on {} x 100, the CIPD crude rate.",
            fmt_date(opening),
            fmt_date(period.end)
        ),
    });
    t.note(format!(
        "stability_pct = in post on {} who were already in post on {} / in post on {} x 100.",
        fmt_date(period.end),
        fmt_date(opening),
        fmt_date(opening)
    ));
    if period.end > as_of {
        t.note("The period ends after the as-of date: the stock at its end is as the extracts show it.");
    }
    let blanks = rows.total.count("_end_fte_blank")
        + rows.total.count("_start_fte_blank")
        + rows.total.count("_leavers_fte_blank");
    let mut without: Vec<&str> = Vec::new();
    for ds in [Dataset::Payroll, Dataset::Leavers] {
        if !model.has(ds, "fte") {
            without.push(ds.name());
        }
    }
    if !without.is_empty() {
        t.note(format!(
            "The {} extract{} no fte column: FTE figures that take in {} rows are N/A.",
            without.join(" and "),
            if without.len() == 1 { " has" } else { "s have" },
            if without.len() == 1 { "its" } else { "their" }
        ));
    } else if blanks > 0 {
        t.note("Some people have a blank fte: FTE figures that take in their rows are N/A.");
    }
    Ok(t)
}

// The command line of `swr turnover` (its description is on its variant in
// cli.rs, which clap shows).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub common: Common,
    /// end: leavers / staff at the period end (DfE); average: / mean of start and end stock (CIPD)
    #[arg(long, value_enum, default_value_t = Denominator::End)]
    pub denominator: Denominator,
}

impl super::Report for Args {
    fn common(&self) -> &Common {
        &self.common
    }

    fn run(&self, settings: &Settings) -> Result<(Table, i32)> {
        Ok((run(settings, self.denominator)?, crate::exit::OK))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Denominator {
    End,
    Average,
}
