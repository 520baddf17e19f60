//! `swr turnover`: turnover and stability, by the DfE definition (leavers /
//! staff in post at the period end) or the CIPD crude rate (/ mean stock).
//!
//! Every payroll and leavers row is flagged: in post at the period's end, in
//! post the day before it began, started in it, left in it (the model's
//! definitions). People are counted once per group from their rows' flags;
//! FTEs and leavers are sums of rows.

use super::{dec, fill};
use crate::cli::Denominator;
use crate::extracts::Dataset;
use crate::frame::{self, Agg, LazyFrame};
use crate::model::{Model, Needs};
use crate::period::{day_before, fmt_date};
use crate::settings::Settings;
use crate::table::{pct, Kind, Table, Value};
use anyhow::Result;
use polars::prelude::{col, DataType};
use rust_decimal::Decimal;

const NEEDS: Needs = Needs {
    command: "turnover",
    required: &[Dataset::Payroll, Dataset::Leavers],
    optional: &[],
    columns: &["employee_id", "fte", "directorate"],
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
        Model::within("start_date", period),
        Model::within("leave_date", period).fill_null(false),
    ];
    // Rows that say nothing about the period count nowhere: dropped first,
    // which on a long leavers history is most of them.
    let mut any = flag_exprs[0].clone();
    for f in &flag_exprs[1..] {
        any = any.or(f.clone());
    }
    let rows = model.workforce(&cols)?.filter(any).with_columns(
        flag_exprs
            .iter()
            .zip(FLAGS)
            .map(|(e, name)| e.clone().fill_null(false).alias(name))
            .collect::<Vec<_>>(),
    );
    let fte_when = |flag: &str| col("fte").filter(col(flag));
    // Per person in each group, then per group: a person in two groups
    // counts in each, and once in the Total (the same query without keys).
    let query = |keys: &[String]| -> Result<LazyFrame> {
        let mut person: Vec<String> = keys.to_vec();
        person.push("employee_id".to_string());
        let per_person = frame::agg(
            rows.clone(),
            &person,
            vec![
                col("_end").any(false).alias("_end"),
                col("_start").any(false).alias("_start"),
                col("_starter").any(false).alias("_starter"),
                fte_when("_end").sum().alias("_end_fte"),
                fte_when("_end").null_count().alias("_end_fte_blank"),
                fte_when("_start").sum().alias("_start_fte"),
                fte_when("_start").null_count().alias("_start_fte_blank"),
                col("_leaver").sum().alias("_leavers"),
                fte_when("_leaver").sum().alias("_leavers_fte"),
                fte_when("_leaver").null_count().alias("_leavers_fte_blank"),
            ],
        );
        let sum = |c: &str| col(c).sum().alias(c);
        Ok(frame::agg(
            per_person,
            keys,
            vec![
                col("_end").sum().alias("in_post"),
                col("_start").sum().alias("_start_heads"),
                col("_starter").sum().alias("starters"),
                (col("_end").and(col("_start")))
                    .cast(DataType::UInt32)
                    .sum()
                    .alias("_stayed"),
                sum("_end_fte"),
                sum("_end_fte_blank"),
                sum("_start_fte"),
                sum("_start_fte_blank"),
                sum("_leavers"),
                sum("_leavers_fte"),
                sum("_leavers_fte_blank"),
            ],
        ))
    };
    let rows = frame::rows(query, &by)?;

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
    if !model.has(Dataset::Leavers, "fte") {
        t.note("The leavers extract has no fte column: FTE figures that take in its rows are N/A.");
    } else if blanks > 0 {
        t.note("Some leavers have a blank fte: FTE figures that take in their rows are N/A.");
    }
    Ok(t)
}
