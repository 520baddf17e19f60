//! Sickness absence spells in a period, as the DfE measures them: each
//! spell's working days inside the period (Monday to Friday), overlapping
//! spells of one person counted once, a spell cut at its person's leave
//! date, and each spell placed on its person's rows by fte. Shared by
//! `absence` and `census`.

use crate::extracts::Dataset;
use crate::frame::{self, date_to_days, decimal_type, Agg, LazyFrame, SCALE};
use crate::model::Model;
use crate::period::Period;
use crate::settings::usage;
use anyhow::Result;
use chrono::{Datelike, NaiveDate};
use polars::prelude::{col, len, lit, when, DataType, Expr, IntoLazy, JoinArgs, JoinType, NULL};
use rust_decimal::Decimal;

/// How a spell's group reads when its person is in neither payroll nor
/// leavers.
pub const UNKNOWN: &str = "(unknown)";

/// Spells of this many working days or more are long-term.
pub(crate) const LONG_TERM: i64 = 20;

/// Day numbers shifted so that 0 is a Monday and every date swr meets is
/// positive (polars' day 0, 1 January 1970, was a Thursday).
pub(crate) const MONDAY_SHIFT: i64 = 3 + 7 * 200_000;

/// A day number (days since 1970-01-01) as days since a Monday.
pub(crate) fn from_monday(day: Expr) -> Expr {
    day.cast(DataType::Int64) + lit(MONDAY_SHIFT)
}

pub(crate) fn smaller(a: Expr, b: Expr) -> Expr {
    when(a.clone().lt(b.clone())).then(a).otherwise(b)
}

pub(crate) fn larger(a: Expr, b: Expr) -> Expr {
    when(a.clone().gt(b.clone())).then(a).otherwise(b)
}

/// Monday-Friday days before day `x` (counted from the shifted Monday).
pub(crate) fn weekdays_before(x: Expr) -> Expr {
    lit(5i64) * x.clone().floor_div(lit(7i64)) + smaller(x % lit(7i64), lit(5i64))
}

/// Monday-Friday days from day number `a` to `b`, both included (0 when
/// `b` is before `a`).
pub(crate) fn weekdays(a: Expr, b: Expr) -> Expr {
    let n = weekdays_before(from_monday(b.clone()) + lit(1i64))
        - weekdays_before(from_monday(a.clone()));
    when(b.lt(a)).then(lit(0i64)).otherwise(n)
}

/// The day number of a spell's last day when it has no end date: the day of
/// its `n`th Monday-Friday day from `start` (the start itself when n is 0).
pub(crate) fn end_from_days(start: Expr, n: Expr) -> Expr {
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

/// The spells with a part in a period, each placed on its person's rows.
pub(crate) struct Spells {
    /// Each spell on each row of its person it was placed on (SPEC 4,
    /// "Rows and people"), filtered: the group columns, employee_id,
    /// `_event` (the spell), `_wdl` and `_fdl` (that row's share of the
    /// working and FTE days lost inside the period), `_long`. Spells of
    /// people in neither extract are there too when they can be counted,
    /// their person's group columns reading `(unknown)`.
    placed: LazyFrame,
    pub notes: Vec<String>,
}

/// The columns of `names` that the absence extract carries itself (a
/// spell's own reason), grouped and filtered by the spell, not its person.
pub(crate) fn spell_columns<'a>(model: &Model<'_>, names: &[&'a str]) -> Vec<&'a str> {
    names
        .iter()
        .copied()
        .filter(|c| model.has(Dataset::Absence, c))
        .collect()
}

impl Spells {
    /// The spells of `period`. `people` narrows the payroll and leavers
    /// rows further (`census`'s rule of who counts), `extra` being the
    /// columns it reads. Spells of people in neither extract count only
    /// with `unknown` (not in the census, whose rule of who counts they
    /// cannot meet) and when no `--where` asks which person they are.
    pub(crate) fn build(
        model: &Model<'_>,
        period: Period,
        by: &[String],
        people: Option<Expr>,
        extra: &[&str],
        unknown_count: bool,
    ) -> Result<Spells> {
        let mut notes = Vec::new();
        let filters = &model.settings.filters;
        let mut named: Vec<&str> = by.iter().map(String::as_str).collect();
        named.extend(filters.iter().map(|f| f.column.as_str()));
        let own = spell_columns(model, &named);
        // The person's columns: the group and filter columns that are not
        // the spell's.
        let mut cols: Vec<&str> = vec!["fte"];
        for c in named.iter().copied().chain(extra.iter().copied()) {
            if !own.contains(&c) && !cols.contains(&c) {
                cols.push(c);
            }
        }
        let leavers_usable = model.usable(Dataset::Leavers);
        let absence = model.extract(Dataset::Absence);
        // --where on a spell's own column filters the spells, once their
        // overlaps are settled (below): a day two spells share belongs to
        // the earlier whatever the filter keeps, as under --by.
        let own_filters: Vec<_> = filters
            .iter()
            .filter(|f| own.contains(&f.column.as_str()))
            .cloned()
            .collect();
        let spells = absence.frame.clone().lazy();

        // Everyone in either extract, before any filter: their last day
        // in post (none while a payroll row or an open leavers row holds).
        let mut ids = Vec::new();
        for ds in [Dataset::Payroll, Dataset::Leavers] {
            if model.found(ds) {
                let ex = model.extract(ds);
                let leave = if ex.has("leave_date") {
                    col("leave_date")
                } else {
                    lit(NULL).cast(DataType::Date)
                };
                ids.push(ex.frame.clone().lazy().select([
                    col("employee_id"),
                    lit(ds == Dataset::Payroll).alias("_pay"),
                    leave.alias("_leave"),
                ]));
            }
        }
        let persons = polars::prelude::concat_lf_diagonal(ids, Default::default())?
            .group_by([col("employee_id")])
            .agg([
                col("_pay").any(false).alias("_in_payroll"),
                col("_leave").null_count().gt(lit(0u32)).alias("_open"),
                col("_leave").max().alias("_left"),
            ])
            .with_column(lit(true).alias("_exists"));

        // Each spell's days: from its start to its end date, or to the day
        // its working days lost run out, Monday to Friday.
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
            when(col("end_date").is_null())
                .then(derived_end)
                .otherwise(frame::day_number("end_date").cast(DataType::Int64))
        } else {
            derived_end
        };
        let (first, last) = (
            lit(date_to_days(period.start) as i64),
            lit(date_to_days(period.end) as i64),
        );
        let has_fdl = absence.has("fte_days_lost");
        let mut select = vec![
            col("employee_id"),
            start.alias("_s"),
            end.alias("_e"),
            wdl.clone(),
        ];
        if has_fdl {
            select.push(col("fte_days_lost"));
        }
        select.extend(own.iter().map(|c| col(*c)));
        let id = || vec![col("employee_id")];
        let spells = spells
            .select(select)
            .join(persons, id(), id(), JoinArgs::new(JoinType::Left))
            // The last day in post: the day before the leave date, when the
            // person has left.
            .with_column(
                when(col("_open").eq(lit(false)))
                    .then(frame::day_number("_left").cast(DataType::Int64) - lit(1i64))
                    .otherwise(lit(NULL).cast(DataType::Int64))
                    .alias("_last"),
            )
            .with_column(
                when(col("_last").is_not_null().and(col("_last").lt(col("_e"))))
                    .then(col("_last"))
                    .otherwise(col("_e"))
                    .alias("_e2"),
            );
        // Overlaps: a spell's days already in an earlier spell of the same
        // person (earlier by start, then end, then row) count once.
        let spells = spells
            .with_row_index("_row", None)
            .sort(
                ["employee_id", "_s", "_e", "_row"],
                polars::prelude::SortMultipleOptions::default(),
            )
            .with_column(frame::max_before(col("_e2"), "employee_id").alias("_covered"))
            .with_column(
                when(
                    col("_covered")
                        .is_not_null()
                        .and(col("_covered").gt_eq(col("_s"))),
                )
                .then(col("_covered") + lit(1i64))
                .otherwise(col("_s"))
                .alias("_s2"),
            );
        let spells = crate::model::filtered(
            spells,
            &own_filters,
            |c| Ok(absence.frame.column(c)?.dtype().clone()),
            |_, e| e,
        )?;
        let whole = weekdays(col("_s"), col("_e"));
        let counted = weekdays(
            larger(col("_s2"), first.clone()),
            smaller(col("_e2"), last.clone()),
        );
        // Some weekday of the spell falls in the period while the person
        // was in post: the spell is one of the period's.
        let in_period = weekdays(
            larger(col("_s"), first.clone()),
            smaller(col("_e2"), last.clone()),
        );
        let starts_inside = col("_s")
            .gt_eq(first.clone())
            .and(col("_s").lt_eq(last.clone()))
            .and(col("_last").is_null().or(col("_s").lt_eq(col("_last"))));
        let d0 = decimal_type(0);
        // A spell with no weekday at all (a weekend) counts whole: its share
        // is 1 / 1, so that nothing is ever divided by 0.
        let no_weekday = col("_whole").eq(lit(0i64));
        let part = when(no_weekday.clone())
            .then(when(col("_overlap")).then(lit(0i64)).otherwise(lit(1i64)))
            .otherwise(col("_counted"));
        let of = when(no_weekday).then(lit(1i64)).otherwise(col("_whole"));
        let share =
            |amount: Expr| amount * part.clone().cast(d0.clone()) / of.clone().cast(d0.clone());
        let spells = spells
            .with_columns([
                whole.alias("_whole"),
                counted.alias("_counted"),
                in_period.alias("_in_period"),
                col("_s2").gt(col("_s")).alias("_overlap"),
                col("_e2").lt(col("_e")).alias("_past_leave"),
            ])
            .filter(
                col("_in_period")
                    .gt(lit(0i64))
                    .or(col("_whole").eq(lit(0i64)).and(starts_inside)),
            )
            .with_columns([
                share(wdl.clone()).alias("_wdl"),
                if has_fdl {
                    share(col("fte_days_lost"))
                } else {
                    lit(NULL).cast(decimal_type(SCALE))
                }
                .alias("_fdl_given"),
                wdl.gt_eq(lit(LONG_TERM).cast(decimal_type(SCALE)))
                    .alias("_long"),
                // The day that places the spell: its first in the period.
                (larger(col("_s"), first) - lit(MONDAY_SHIFT) + lit(MONDAY_SHIFT))
                    .cast(DataType::Int32)
                    .cast(DataType::Date)
                    .alias("_day"),
            ])
            .with_row_index("_event", None)
            .collect()?
            .lazy();

        let count = |lf: LazyFrame| -> Result<u64> {
            let n = lf
                .select([len().cast(DataType::UInt64).alias("n")])
                .collect()?;
            Ok(n.column("n")?.u64()?.get(0).unwrap_or(0))
        };
        let overlapping = count(spells.clone().filter(col("_overlap")))?;
        if overlapping > 0 {
            notes.push(format!(
                "{overlapping} spell{} overlap{} an earlier spell of the same person: each working day is counted once.",
                crate::model::plural(overlapping as usize),
                if overlapping == 1 { "s" } else { "" }
            ));
        }
        let past_leave = count(spells.clone().filter(col("_past_leave")))?;
        if past_leave > 0 {
            notes.push(format!(
                "{past_leave} spell{} run{} past the person's leave date: counted up to it.",
                crate::model::plural(past_leave as usize),
                if past_leave == 1 { "s" } else { "" }
            ));
        }
        // Spells of people only in a leavers extract that cannot be grouped
        // or filtered (it lacks a --by or --where column).
        if !leavers_usable && model.found(Dataset::Leavers) {
            let stranded = count(
                spells.clone().filter(
                    col("_exists")
                        .eq(lit(true))
                        .and(col("_in_payroll").eq(lit(false))),
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

        // Each spell on its person's rows, shared by fte.
        let placed = model.place(
            spells.clone().filter(col("_exists").eq(lit(true))),
            &["_wdl", "_fdl_given"],
            &cols,
            leavers_usable,
        )?;
        // FTE days lost: the extract's where given, else the working days
        // lost x the fte of the row.
        let placed = placed.with_column(
            when(col("_fdl_given").is_not_null())
                .then(col("_fdl_given"))
                .otherwise(
                    (col("_wdl").cast(decimal_type(12)) * col("_fte_total").cast(decimal_type(12)))
                        .cast(decimal_type(SCALE)),
                )
                .alias("_fdl"),
        );
        let placed = model.where_people(placed, &own)?;
        let placed = match &people {
            Some(p) => crate::frame::with_blank_columns(placed, extra)?.filter(p.clone()),
            None => placed,
        };

        // Spells of people in neither extract: counted as `(unknown)`
        // where nothing asks which person they are.
        let unknown = spells.filter(col("_exists").is_null());
        let unknown_spells = count(unknown.clone())?;
        let person_filtered = filters.iter().any(|f| !own.contains(&f.column.as_str()));
        let unknown_left_out =
            unknown_spells > 0 && (person_filtered || people.is_some() || !unknown_count);
        let person_keys: Vec<&str> = by
            .iter()
            .map(String::as_str)
            .filter(|c| !own.contains(c))
            .collect();
        let mut keep: Vec<Expr> = by.iter().map(|b| col(b.as_str())).collect();
        keep.extend(["employee_id", "_event", "_wdl", "_fdl", "_long"].map(col));
        let mut parts = vec![placed.select(keep.clone())];
        if unknown_spells > 0 && !unknown_left_out {
            let schema = parts[0].clone().collect_schema()?;
            let mut u = unknown.with_column(col("_fdl_given").alias("_fdl"));
            for k in &person_keys {
                let dtype = schema.get(k).cloned().unwrap_or(DataType::String);
                u = u.with_column(if dtype == DataType::String {
                    lit(UNKNOWN).alias(*k)
                } else {
                    lit(NULL).cast(dtype).alias(*k)
                });
            }
            parts.push(u.select(keep));
        }
        if unknown_spells > 0 {
            notes.push(if unknown_left_out {
                format!(
                    "{unknown_spells} spell{} of people in neither payroll nor leavers {} left out: without a payroll or leavers row, {}.",
                    crate::model::plural(unknown_spells as usize),
                    if unknown_spells == 1 { "is" } else { "are" },
                    if person_filtered {
                        "the filter cannot be applied to them"
                    } else {
                        "whether they count cannot be told"
                    }
                )
            } else if person_keys.is_empty() {
                format!(
                    "{unknown_spells} spell{} of people in neither payroll nor leavers: counted, but their FTE days lost are N/A unless the extract gives fte_days_lost.",
                    crate::model::plural(unknown_spells as usize),
                )
            } else {
                format!(
                    "{unknown_spells} spell{} of people in neither payroll nor leavers: shown as {UNKNOWN}, and their FTE days lost are N/A unless the extract gives fte_days_lost.",
                    crate::model::plural(unknown_spells as usize),
                )
            });
        }
        let placed = polars::prelude::concat_lf_diagonal(parts, Default::default())?
            .collect()?
            .lazy();
        Ok(Spells { placed, notes })
    }

    /// The spells grouped by `keys`: `spells`, `people_absent`,
    /// `working_days_lost`, `fte_days_lost` (`_fdl_blank` rows without an
    /// fte), `long_term_spells`. A spell placed on rows in two groups
    /// counts in each, and once in the Total.
    pub(crate) fn query(&self, keys: &[String]) -> Result<LazyFrame> {
        Ok(frame::agg(self.placed.clone(), keys, spell_aggs()))
    }

    /// How many spells and people appear in more than one row of `by`.
    pub(crate) fn in_several(&self, by: &[String]) -> Result<(u64, u64)> {
        let rows = |id: &str| frame::in_several(self.placed.clone(), id, by);
        Ok((rows("_event")?, rows("employee_id")?))
    }
}

pub(crate) fn spell_aggs() -> Vec<Expr> {
    vec![
        col("_event").n_unique().alias("spells"),
        col("employee_id").n_unique().alias("people_absent"),
        col("_wdl").sum().alias("working_days_lost"),
        col("_fdl").sum().alias("fte_days_lost"),
        col("_fdl").null_count().alias("_fdl_blank"),
        col("_event")
            .filter(col("_long"))
            .n_unique()
            .alias("long_term_spells"),
    ]
}

/// FTE days lost, or N/A when a spell in it has no fte.
pub(crate) fn fte_days_lost(g: &Agg) -> Option<Decimal> {
    (g.count("_fdl_blank") == 0).then(|| g.get("fte_days_lost"))
}
