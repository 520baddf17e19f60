//! `swr absence`: sickness absence in the period, as the DfE measures it.
//!
//! Each spell of the absence extract is joined by employee_id to its person
//! (their payroll rows, else their latest leavers row), whose row gives the
//! group columns and the fte. A spell that runs past either end of the
//! period counts the share of its Monday-Friday days that fall inside it.
//! The absence rate is FTE days lost / (FTE in post at the period end x the
//! working days in the period) x 100, with the DfE's 253 working days a year
//! (254 in a year that holds 29 February).

use super::{dec, fill};
use crate::extracts::Dataset;
use crate::frame::{self, date_to_days, decimal_type, Agg, LazyFrame, Rows, SCALE};
use crate::model::{Model, Needs, Stock};
use crate::period::Period;
use crate::settings::{usage, Settings};
use crate::table::{pct, ratio, Kind, Table, Value};
use anyhow::Result;
use chrono::{Datelike, NaiveDate};
use polars::prelude::{
    col, len, lit, when, DataType, Expr, IntoLazy, JoinArgs, JoinType, SortMultipleOptions,
};
use rust_decimal::Decimal;

const NEEDS: Needs = Needs {
    command: "absence",
    required: &[Dataset::Absence, Dataset::Payroll],
    optional: &[Dataset::Leavers],
    columns: &[
        "employee_id",
        "fte",
        "working_days_lost",
        "fte_days_lost",
        "end_date",
    ],
    figures: &["fte"],
    stock: false,
};

/// How a spell's group reads when its person is in neither payroll nor
/// leavers.
pub const UNKNOWN: &str = "(unknown)";

/// Spells of this many working days or more are long-term.
const LONG_TERM: i64 = 20;

/// Day numbers shifted so that 0 is a Monday and every date swr meets is
/// positive (polars' day 0, 1 January 1970, was a Thursday).
const MONDAY_SHIFT: i64 = 3 + 7 * 200_000;

/// A day number (days since 1970-01-01) as days since a Monday.
fn from_monday(day: Expr) -> Expr {
    day.cast(DataType::Int64) + lit(MONDAY_SHIFT)
}

fn smaller(a: Expr, b: Expr) -> Expr {
    when(a.clone().lt(b.clone())).then(a).otherwise(b)
}

fn larger(a: Expr, b: Expr) -> Expr {
    when(a.clone().gt(b.clone())).then(a).otherwise(b)
}

/// Monday-Friday days before day `x` (counted from the shifted Monday).
fn weekdays_before(x: Expr) -> Expr {
    lit(5i64) * x.clone().floor_div(lit(7i64)) + smaller(x % lit(7i64), lit(5i64))
}

/// Monday-Friday days from day number `a` to `b`, both included (0 when
/// `b` is before `a`).
fn weekdays(a: Expr, b: Expr) -> Expr {
    let n = weekdays_before(from_monday(b.clone()) + lit(1i64))
        - weekdays_before(from_monday(a.clone()));
    when(b.lt(a)).then(lit(0i64)).otherwise(n)
}

/// The day number of a spell's last day when it has no end date: the day of
/// its `n`th Monday-Friday day from `start` (the start itself when n is 0).
fn end_from_days(start: Expr, n: Expr) -> Expr {
    let k = weekdays_before(from_monday(start.clone())) + n.clone() - lit(1i64);
    let x = lit(7i64) * k.clone().floor_div(lit(5i64)) + k % lit(5i64);
    when(n.lt_eq(lit(0i64)))
        .then(start.cast(DataType::Int64))
        .otherwise(x - lit(MONDAY_SHIFT))
}

/// Working days in a period: 253 in 365 days, or 254 in 366 when the period
/// holds 29 February (the DfE's divisor), in proportion to its days.
pub fn working_days(period: Period) -> Decimal {
    let leap = (period.start.year()..=period.end.year()).any(|y| {
        NaiveDate::from_ymd_opt(y, 2, 29).is_some_and(|d| d >= period.start && d <= period.end)
    });
    let (wd, year) = if leap { (254, 366) } else { (253, 365) };
    Decimal::from(wd) * Decimal::from(period.days()) / Decimal::from(year)
}

/// The spells with a part in a period, each with its person.
pub(crate) struct Spells {
    /// Spells of people found in payroll or leavers: the group columns,
    /// employee_id, `_wdl` and `_fdl` (working and FTE days lost inside the
    /// period), `_long`.
    known: LazyFrame,
    /// Spells of people in neither extract, when they can be counted.
    unknown: Option<LazyFrame>,
    /// How many spells of unknown people there are in the period.
    pub unknown_spells: u64,
    /// How many of them were left out (a filter cannot place them).
    pub unknown_left_out: bool,
    pub notes: Vec<String>,
}

/// Columns of a frame, of those named, that it has.
fn present(lf: &LazyFrame, names: &[&str]) -> Result<Vec<String>> {
    let schema = lf.clone().collect_schema()?;
    Ok(names
        .iter()
        .filter(|n| schema.get(n).is_some())
        .map(|n| n.to_string())
        .collect())
}

impl Spells {
    /// The spells of `period`. `people` narrows the payroll and leavers
    /// rows further (`census`'s rule of who counts), `extra` being the
    /// columns it reads; spells of people in neither extract then cannot
    /// be counted, nor under a `--where`.
    pub(crate) fn build(
        model: &Model<'_>,
        period: Period,
        by: &[String],
        people: Option<Expr>,
        extra: &[&str],
    ) -> Result<Spells> {
        let mut notes = Vec::new();
        let mut cols = vec!["employee_id", "fte"];
        cols.extend(by.iter().map(String::as_str));
        cols.extend(extra.iter().copied());
        // The people a spell can belong to, filtered by --where.
        let leavers_usable = model.usable(Dataset::Leavers);
        let mut rows = model.people(&cols, leavers_usable)?;
        if let Some(p) = &people {
            rows = super::with_blank_columns(rows, extra)?.filter(p.clone());
        }
        let carried = present(&rows, &cols)?;
        let attrs: Vec<&String> = carried
            .iter()
            .filter(|c| c.as_str() != "employee_id" && c.as_str() != "fte")
            .collect();
        let id = || vec![col("employee_id")];
        // A person in payroll: their rows' group columns (the first) and
        // FTE (every post); otherwise their latest leavers row.
        let mut pay_aggs: Vec<Expr> = attrs
            .iter()
            .map(|c| col(c.as_str()).first().alias(c.as_str()))
            .collect();
        pay_aggs.push(col("fte").sum().alias("_pfte"));
        pay_aggs.push(col("fte").null_count().alias("_pfte_blank"));
        let on_payroll = rows
            .clone()
            .filter(col("source").eq(lit("payroll")))
            .group_by(id())
            .agg(pay_aggs);
        let latest = |c: &str| {
            col(c)
                .sort_by([col("leave_date")], SortMultipleOptions::default())
                .last()
                .alias(c)
        };
        let mut leaver_aggs: Vec<Expr> = attrs.iter().map(|c| latest(c)).collect();
        leaver_aggs.push(latest("fte").alias("_pfte"));
        let in_payroll = on_payroll
            .clone()
            .select([col("employee_id"), lit(true).alias("_in_payroll")]);
        let only_leavers = rows
            .filter(col("source").eq(lit("leavers")))
            .group_by(id())
            .agg(leaver_aggs)
            .join(in_payroll, id(), id(), JoinArgs::new(JoinType::Left))
            .filter(col("_in_payroll").is_null())
            .with_column(
                col("_pfte")
                    .is_null()
                    .cast(DataType::UInt32)
                    .alias("_pfte_blank"),
            )
            .drop(polars::prelude::Selector::ByName {
                names: ["_in_payroll".into()].into(),
                strict: true,
            });
        let persons = polars::prelude::concat_lf_diagonal(
            [
                on_payroll.with_column(lit(true).alias("_person")),
                only_leavers.with_column(lit(true).alias("_person")),
            ],
            Default::default(),
        )?;

        // Everyone in either extract, before any filter: a spell of someone
        // in neither is a spell of an unknown person.
        let mut ids = Vec::new();
        for ds in [Dataset::Payroll, Dataset::Leavers] {
            if model.found(ds) {
                ids.push(model.extract(ds).frame.clone().lazy().select([
                    col("employee_id"),
                    lit(ds == Dataset::Payroll).alias("_pay"),
                ]));
            }
        }
        let known_ids = polars::prelude::concat_lf_diagonal(ids, Default::default())?
            .group_by(id())
            .agg([col("_pay").any(false).alias("_in_payroll_raw")])
            .with_column(lit(true).alias("_exists"));

        // Each spell's part in the period.
        let absence = model.extract(Dataset::Absence);
        let wdl = col("working_days_lost");
        let start = frame::day_number("start_date").cast(DataType::Int64);
        let derived_end = end_from_days(
            start.clone(),
            wdl.clone()
                .cast(DataType::Float64)
                .ceil()
                .cast(DataType::Int64),
        );
        let end = if absence.has("end_date") {
            larger(
                when(col("end_date").is_null())
                    .then(derived_end)
                    .otherwise(frame::day_number("end_date").cast(DataType::Int64)),
                start.clone(),
            )
        } else {
            derived_end
        };
        let (first, last) = (
            lit(date_to_days(period.start) as i64),
            lit(date_to_days(period.end) as i64),
        );
        let whole = weekdays(col("_s"), col("_e"));
        let inside = weekdays(
            larger(col("_s"), first.clone()),
            smaller(col("_e"), last.clone()),
        );
        let starts_inside = col("_s").gt_eq(first).and(col("_s").lt_eq(last));
        let d0 = decimal_type(0);
        // A spell with no weekday at all (a weekend) counts whole: its share
        // is 1 / 1, so that nothing is ever divided by 0.
        let no_weekday = col("_whole").eq(lit(0i64));
        let part = when(no_weekday.clone())
            .then(lit(1i64))
            .otherwise(col("_inside"));
        let of = when(no_weekday).then(lit(1i64)).otherwise(col("_whole"));
        let share =
            |amount: Expr| amount * part.clone().cast(d0.clone()) / of.clone().cast(d0.clone());
        let mut select = vec![
            col("employee_id"),
            start.alias("_s"),
            end.alias("_e"),
            wdl.clone(),
        ];
        let has_fdl = absence.has("fte_days_lost");
        if has_fdl {
            select.push(col("fte_days_lost"));
        }
        let spells = absence
            .frame
            .clone()
            .lazy()
            .select(select)
            .with_columns([whole.alias("_whole"), inside.alias("_inside")])
            .filter(
                col("_inside")
                    .gt(lit(0i64))
                    .or(col("_whole").eq(lit(0i64)).and(starts_inside)),
            )
            .with_columns([
                share(wdl.clone()).alias("_wdl"),
                wdl.gt_eq(lit(LONG_TERM).cast(decimal_type(SCALE)))
                    .alias("_long"),
            ])
            .join(known_ids, id(), id(), JoinArgs::new(JoinType::Left))
            .join(persons, id(), id(), JoinArgs::new(JoinType::Left));
        let d12 = decimal_type(12);
        let from_fte = (col("_wdl") * col("_pfte")).cast(d12.clone());
        let fdl = if has_fdl {
            when(col("fte_days_lost").is_null())
                .then(from_fte)
                .otherwise(share(col("fte_days_lost")).cast(d12.clone()))
        } else {
            from_fte
        };
        let spells = spells.with_column(fdl.alias("_fdl")).collect()?.lazy();

        let count = |lf: LazyFrame| -> Result<u64> {
            let n = lf
                .select([len().cast(DataType::UInt64).alias("n")])
                .collect()?;
            Ok(n.column("n")?.u64()?.get(0).unwrap_or(0))
        };
        // Spells of people only in a leavers extract that cannot be grouped
        // or filtered (it lacks a --by or --where column).
        if !leavers_usable && model.found(Dataset::Leavers) {
            let stranded = count(
                spells.clone().filter(
                    col("_exists")
                        .eq(lit(true))
                        .and(col("_in_payroll_raw").eq(lit(false))),
                ),
            )?;
            if stranded > 0 {
                let ex = model.extract(Dataset::Leavers);
                let mut names = ex.column_names();
                names.sort();
                return Err(usage(format!(
                    "{stranded} absence spells in the period are of people found only in the leavers extract ({}), which has no column '{}' to group or filter them by; its columns are: {}",
                    ex.location,
                    model.lacking(Dataset::Leavers).unwrap_or_default().join(", "),
                    names.join(", ")
                )));
            }
        }
        let unknown_frame = spells.clone().filter(col("_exists").is_null());
        let unknown_spells = count(unknown_frame.clone())?;
        let narrowed = !model.settings.filters.is_empty() || people.is_some();
        let unknown_left_out = unknown_spells > 0 && narrowed;
        if unknown_spells > 0 {
            notes.push(if narrowed {
                format!(
                    "{unknown_spells} spell{} of people in neither payroll nor leavers {} left out: without a payroll or leavers row, {}.",
                    super::plural(unknown_spells as usize),
                    if unknown_spells == 1 { "is" } else { "are" },
                    if people.is_some() && model.settings.filters.is_empty() {
                        "whether they count cannot be told"
                    } else {
                        "the filter cannot be applied to them"
                    }
                )
            } else {
                format!(
                    "{unknown_spells} spell{} of people in neither payroll nor leavers: counted in the Total, shown as {UNKNOWN}.",
                    super::plural(unknown_spells as usize)
                )
            });
        }
        let known = spells.filter(col("_person").eq(lit(true)));
        let keep: Vec<Expr> = by
            .iter()
            .map(|b| col(b.as_str()))
            .chain(
                ["employee_id", "_wdl", "_fdl", "_long"]
                    .into_iter()
                    .map(col),
            )
            .collect();
        Ok(Spells {
            known: known.select(keep),
            unknown: (!narrowed && unknown_spells > 0)
                .then(|| unknown_frame.select(["employee_id", "_wdl", "_fdl", "_long"].map(col))),
            unknown_spells,
            unknown_left_out,
            notes,
        })
    }

    /// The spells grouped by `keys`: `spells`, `people_absent`,
    /// `working_days_lost`, `fte_days_lost` (`_fdl_blank` rows without an
    /// fte), `long_term_spells`. The Total (no keys) takes in the spells of
    /// unknown people.
    pub(crate) fn query(&self, keys: &[String]) -> Result<LazyFrame> {
        let all = match (&self.unknown, keys.is_empty()) {
            (Some(u), true) => polars::prelude::concat_lf_diagonal(
                [self.known.clone(), u.clone()],
                Default::default(),
            )?,
            _ => self.known.clone(),
        };
        Ok(frame::agg(all, keys, spell_aggs()))
    }

    /// The spells of unknown people as one row, when they count.
    pub(crate) fn unknown_row(&self) -> Result<Option<Agg>> {
        match &self.unknown {
            None => Ok(None),
            Some(u) => Ok(
                frame::collect_rows(frame::agg(u.clone(), &[], spell_aggs()), &[])?
                    .into_iter()
                    .next(),
            ),
        }
    }
}

fn spell_aggs() -> Vec<Expr> {
    vec![
        len().alias("spells"),
        col("employee_id").n_unique().alias("people_absent"),
        col("_wdl").sum().alias("working_days_lost"),
        col("_fdl").sum().alias("fte_days_lost"),
        col("_fdl").null_count().alias("_fdl_blank"),
        col("_long")
            .cast(DataType::UInt32)
            .sum()
            .alias("long_term_spells"),
    ]
}

/// FTE days lost, or N/A when a spell in it has no fte.
pub(crate) fn fte_days_lost(g: &Agg) -> Option<Decimal> {
    (g.count("_fdl_blank") == 0).then(|| g.get("fte_days_lost"))
}

pub fn run(settings: &Settings, working_days_flag: Option<Decimal>) -> Result<Table> {
    let by = settings.by_or(&["directorate"]);
    let model = Model::open(settings, &NEEDS, &by, &[])?;
    let period = model.period;
    let spells = Spells::build(&model, period, &by, None, &[])?;
    let mut cols = vec!["fte"];
    cols.extend(by.iter().map(String::as_str));
    let stock: Stock = model.stock(period.end, &cols)?;
    let query = |keys: &[String]| -> Result<LazyFrame> {
        Ok(frame::join_on(
            vec![
                spells.query(keys)?,
                frame::agg(
                    stock.frame.clone(),
                    keys,
                    vec![col("fte").sum().alias("in_post_fte")],
                ),
            ],
            keys,
        ))
    };
    let mut rows: Rows = frame::rows(query, &by)?;
    let unknown = spells.unknown_row()?;
    if let (Some(u), false) = (&unknown, by.is_empty()) {
        let mut keys = vec![String::new(); by.len()];
        keys[0] = UNKNOWN.to_string();
        let mut row = u.clone();
        row.keys = keys;
        rows.groups.push(row);
    }
    let days = working_days_flag.unwrap_or_else(|| working_days(period));

    let mut t = Table::grouped(
        format!("Sickness absence by {}", by.join(", ")),
        &by,
        &[
            ("in_post_fte", Kind::Fte),
            ("spells", Kind::Count),
            ("people_absent", Kind::Count),
            ("working_days_lost", Kind::Fte),
            ("fte_days_lost", Kind::Fte),
            ("days_lost_per_fte", Kind::Fte),
            ("absence_rate_pct", Kind::Pct),
            ("long_term_spells", Kind::Count),
        ],
    );
    fill(&mut t, &rows, by.len(), settings.totals, |g| {
        let unknown_row = g.keys.first().is_some_and(|k| k == UNKNOWN);
        let in_post = (stock.fte_known && !unknown_row).then(|| g.get("in_post_fte"));
        let fdl = fte_days_lost(g);
        vec![
            Value::opt(in_post),
            Value::num(dec(g.count("spells"))),
            Value::num(dec(g.count("people_absent"))),
            Value::num(g.get("working_days_lost")),
            Value::opt(fdl),
            Value::opt(fdl.zip(in_post).and_then(|(f, p)| ratio(f, p))),
            Value::opt(fdl.zip(in_post).and_then(|(f, p)| pct(f, p * days))),
            Value::num(dec(g.count("long_term_spells"))),
        ]
    });
    model.notes(&mut t, true);
    t.note(format!(
        "in_post_fte: the stock on {}, the end of the period. absence_rate_pct = fte_days_lost / (in_post_fte x {} working days) x 100 (DfE); days_lost_per_fte = fte_days_lost / in_post_fte.",
        crate::period::fmt_date(period.end),
        crate::render::plain(days, Kind::Fte)
    ));
    t.note(match working_days_flag {
        Some(_) => "Working days in the period from --working-days.".to_string(),
        None => "Working days: 253 in 365 days, 254 in 366 when the period holds 29 February (the DfE's divisor), in proportion to the period's days.".to_string(),
    });
    t.note("Spells that run past either end of the period count the share of their Monday-Friday days inside it; a spell without an end date runs for its working days lost, Monday to Friday, from its start.");
    t.note(format!(
        "long_term_spells: spells of {LONG_TERM} working days lost or more."
    ));
    t.note(if model.has(Dataset::Absence, "fte_days_lost") {
        "fte_days_lost: the extract's fte_days_lost where given, else working_days_lost x the person's fte."
    } else {
        "fte_days_lost = working_days_lost x the person's fte (the absence extract has no fte_days_lost column)."
    });
    if rows.total.count("_fdl_blank") > 0 {
        t.note(format!(
            "{} spell{} of people without an fte (a leavers extract without fte, or a person in neither extract) and no fte_days_lost: FTE days lost are N/A where they count.",
            rows.total.count("_fdl_blank"),
            super::plural(rows.total.count("_fdl_blank") as usize)
        ));
    }
    if !stock.fte_known {
        t.note("Some people in post at the period end come from the leavers extract without an fte: in_post_fte and the rates are N/A.");
    }
    for n in &spells.notes {
        t.note(n.clone());
    }
    Ok(t)
}
