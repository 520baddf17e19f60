//! The polars calls swr makes, behind functions of our own.
//!
//! polars breaks its Rust API at every minor release; keeping the calls in a
//! few places (this file, `model.rs` and the report queries) means an
//! upgrade touches little. Extracts are held as polars frames: text as
//! String, dates as Date, money and FTE as Decimal(38, 6) (exact, i128
//! underneath), yes/no as Boolean. Loaders fill polars column builders
//! ([`ColumnData`]); reports are lazy queries whose small results are read
//! back here as exact Rust values ([`Rows`]).

use anyhow::{anyhow, Context, Result};
use chrono::NaiveDate;
use polars::prelude::*;
use rust_decimal::Decimal;

use crate::table::InSeveral;
pub use polars::prelude::{ChunkedBuilder, DataFrame, Expr, LazyFrame};

// Days and units as polars holds them; worked out where cells are read.
pub use crate::values::{date_to_days, days_to_date, decimal_to_units, SCALE};

pub fn units_to_decimal(units: i128, scale: usize) -> Result<Decimal> {
    Decimal::try_from_i128_with_scale(units, scale as u32)
        .map_err(|_| anyhow!("a total is too large to hold exactly ({units} x 10^-{scale})"))
}

/// One typed column under construction: a polars builder, so that the
/// finished column is the builder's buffers, not a copy of them.
pub enum ColumnData {
    Text(StringChunkedBuilder),
    Date(PrimitiveChunkedBuilder<Int32Type>),
    Decimal(PrimitiveChunkedBuilder<Int128Type>),
    Bool(BooleanChunkedBuilder),
}

impl ColumnData {
    pub fn text(capacity: usize) -> ColumnData {
        ColumnData::Text(StringChunkedBuilder::new(PlSmallStr::EMPTY, capacity))
    }

    pub fn date(capacity: usize) -> ColumnData {
        ColumnData::Date(PrimitiveChunkedBuilder::new(PlSmallStr::EMPTY, capacity))
    }

    pub fn decimal(capacity: usize) -> ColumnData {
        ColumnData::Decimal(PrimitiveChunkedBuilder::new(PlSmallStr::EMPTY, capacity))
    }

    pub fn bool(capacity: usize) -> ColumnData {
        ColumnData::Bool(BooleanChunkedBuilder::new(PlSmallStr::EMPTY, capacity))
    }

    /// An empty column of the same kind with room for `capacity` rows.
    pub fn with_capacity(&self, capacity: usize) -> ColumnData {
        match self {
            ColumnData::Text(_) => ColumnData::text(capacity),
            ColumnData::Date(_) => ColumnData::date(capacity),
            ColumnData::Decimal(_) => ColumnData::decimal(capacity),
            ColumnData::Bool(_) => ColumnData::bool(capacity),
        }
    }

    /// A blank cell (also what a set-aside row's unreadable cell holds
    /// until the row is dropped).
    pub fn push_null(&mut self) {
        match self {
            ColumnData::Text(b) => b.append_null(),
            ColumnData::Date(b) => b.append_null(),
            ColumnData::Decimal(b) => b.append_null(),
            ColumnData::Bool(b) => b.append_null(),
        }
    }

    fn into_column(self, name: &str) -> Column {
        let name = PlSmallStr::from(name);
        match self {
            ColumnData::Text(b) => b.finish().with_name(name).into_column(),
            ColumnData::Date(b) => b.finish().with_name(name).into_date().into_column(),
            // Every value came from a rust_decimal (under 8e28) at SCALE 6,
            // so it fits 38 digits: no need for polars to check.
            ColumnData::Decimal(b) => b
                .finish()
                .with_name(name)
                .into_decimal_unchecked(38, SCALE as usize)
                .into_column(),
            ColumnData::Bool(b) => b.finish().with_name(name).into_column(),
        }
    }
}

impl std::fmt::Debug for ColumnData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ColumnData::Text(_) => "ColumnData::Text",
            ColumnData::Date(_) => "ColumnData::Date",
            ColumnData::Decimal(_) => "ColumnData::Decimal",
            ColumnData::Bool(_) => "ColumnData::Bool",
        })
    }
}

/// Assemble named columns (all of one length) into a frame.
pub fn build(height: usize, columns: Vec<(String, ColumnData)>) -> Result<DataFrame> {
    let cols = columns
        .into_iter()
        .map(|(name, data)| data.into_column(&name))
        .collect::<Vec<_>>();
    Ok(DataFrame::new(height, cols)?)
}

/// Append `more`'s rows (same columns) to `df`, as further chunks.
pub fn stack(df: &mut DataFrame, more: &DataFrame) -> Result<()> {
    df.vstack_mut(more)?;
    Ok(())
}

pub fn has(df: &DataFrame, name: &str) -> bool {
    df.column(name).is_ok()
}

/// Keep the rows where `mask` is true.
pub fn filter(df: &DataFrame, mask: Vec<bool>) -> Result<DataFrame> {
    let mask = BooleanChunked::from_slice(PlSmallStr::from("mask"), &mask);
    Ok(df.filter(&mask)?)
}

/// An exact decimal as a polars literal, at its own scale.
pub fn decimal_lit(d: Decimal) -> Expr {
    let scale = d.scale() as usize;
    lit(Scalar::new(
        DataType::Decimal(38, scale),
        AnyValue::Decimal(d.mantissa(), 38, scale),
    ))
}

/// The Decimal type at `scale` digits after the point.
pub fn decimal_type(scale: u32) -> DataType {
    DataType::Decimal(38, scale as usize)
}

/// A date as a polars literal of type Date (polars' own `lit` of a
/// `NaiveDate` is a datetime, which would turn every date it is compared
/// with into a datetime first).
pub fn date_lit(d: NaiveDate) -> Expr {
    lit(Scalar::new(DataType::Date, AnyValue::Date(date_to_days(d))))
}

/// A date column as day numbers (days since 1970-01-01), for arithmetic.
/// The largest `value` in the rows above each row within its run of rows
/// with the same `group` (the frame sorted so that each group's rows are
/// together), null in a run's first row and where the row above has no
/// value: what `value.shift(1).cum_max().over(group)` gives, without the
/// per-group lists polars builds for it (seconds on a million people).
/// Each run is numbered and each value packed below its run's number, so
/// one running maximum over the whole column never reaches back into an
/// earlier run. `value` is a whole number in the i32 range (a day number).
pub fn max_before(value: Expr, group: &str) -> Expr {
    const HALF: i64 = 1 << 31;
    const RUN: i64 = 1 << 32;
    let g = col(group);
    let any_row = value.clone().is_null().or(value.clone().is_not_null());
    let first = any_row.shift(lit(1)).is_null();
    let same = g
        .clone()
        .eq_missing(g.shift(lit(1)))
        .fill_null(false)
        .and(first.not());
    let run = same.clone().not().cast(DataType::Int64).cum_sum(false);
    let above = when(same)
        .then(value.shift(lit(1)).cast(DataType::Int64))
        .otherwise(lit(NULL).cast(DataType::Int64));
    let packed = run.clone() * lit(RUN)
        + when(above.clone().is_null())
            .then(lit(0i64))
            .otherwise(above.clone() + lit(HALF));
    let best = packed.cum_max(false) - run * lit(RUN) - lit(HALF);
    when(above.is_null())
        .then(lit(NULL).cast(DataType::Int64))
        .otherwise(best)
}

pub fn day_number(name: &str) -> Expr {
    col(name).cast(DataType::Int32)
}

/// The number of rows of a frame, as an expression (column `len`).
pub fn len_expr() -> Expr {
    len()
}

/// The median of `values` (blanks left out), exact: the middle value, or
/// the mean of the two middle values of an even count, worked in the
/// values' own type. (polars' `median` of a Decimal goes through Float64,
/// so it is not exact.) Blank when there are no values. Works per group
/// inside an aggregation.
pub fn median_exact(values: Expr) -> Expr {
    let sorted = values.clone().drop_nulls().sort(SortOptions::default());
    let n = values.count().cast(DataType::Int64);
    let low = sorted
        .clone()
        .get((n.clone() - lit(1i64)).floor_div(lit(2i64)), true);
    let high = sorted.get(n.floor_div(lit(2i64)), true);
    (low + high) * decimal_lit(Decimal::new(5, 1))
}

/// 0 as the decimal type of the model's figures.
pub fn decimal_zero() -> Expr {
    lit(0).cast(decimal_type(SCALE))
}

/// A group key that [`agg`] reads as the person of each row: its
/// employee_id, blank in a frame without one (placements, units of
/// establishment). [`rows`] groups by it as well to find the people counted
/// in more than one group.
pub const PERSON: &str = "_person";

/// `group_by(by).agg(aggs)`, or with no group columns `select(aggs)`: one
/// row over every row of `lf`. A key [`PERSON`] groups by each row's
/// employee_id.
pub fn agg(lf: LazyFrame, by: &[String], aggs: Vec<Expr>) -> LazyFrame {
    if by.is_empty() {
        return lf.select(aggs);
    }
    // Groups are told apart by their keys as text: a number such as an fte
    // reads as it is written (0.5, not 0.500000) and the column itself stays
    // a number for the figures.
    let schema = lf.clone().collect_schema().ok();
    let lf = match &schema {
        Some(s) if by.iter().any(|b| b == PERSON) && s.get(PERSON).is_none() => {
            let who = if s.get("employee_id").is_some() {
                col("employee_id").cast(DataType::String)
            } else {
                lit(NULL).cast(DataType::String)
            };
            lf.with_column(who.alias(PERSON))
        }
        _ => lf,
    };
    let keys: Vec<Expr> = by
        .iter()
        .map(|b| {
            let dtype = schema.as_ref().and_then(|s| s.get(b.as_str()).cloned());
            match dtype {
                None | Some(DataType::String) => col(b.as_str()),
                Some(DataType::Decimal(..)) => col(b.as_str())
                    .cast(DataType::String)
                    .str()
                    .strip_chars_end(lit("0"))
                    .str()
                    .strip_chars_end(lit("."))
                    .alias(b.as_str()),
                // A yes/no column reads as the words it is written with
                // (and as `--where COL=yes` names it), not true/false.
                Some(DataType::Boolean) => when(col(b.as_str()))
                    .then(lit("yes"))
                    .when(col(b.as_str()).not())
                    .then(lit("no"))
                    .otherwise(lit(Null {}).cast(DataType::String))
                    .alias(b.as_str()),
                Some(_) => col(b.as_str()).cast(DataType::String).alias(b.as_str()),
            }
        })
        .collect();
    lf.group_by(keys).agg(aggs)
}

/// Full outer join of frames on the `by` columns (blank keys match blank
/// keys); with no `by`, the one-row frames side by side.
pub fn join_on(frames: Vec<LazyFrame>, by: &[String]) -> LazyFrame {
    // With no group columns each frame is one row: joined on a constant.
    let (frames, keys): (Vec<LazyFrame>, Vec<Expr>) = if by.is_empty() {
        (
            frames
                .into_iter()
                .map(|f| f.with_column(lit(true).alias("_all")))
                .collect(),
            vec![col("_all")],
        )
    } else {
        (frames, by.iter().map(|b| col(b.as_str())).collect())
    };
    let mut frames = frames.into_iter();
    let first = frames.next().expect("at least one frame");
    let joined = frames.fold(first, |acc, f| {
        let mut args = JoinArgs::new(JoinType::Full).with_coalesce(JoinCoalesce::CoalesceColumns);
        args.nulls_equal = true;
        acc.join(f, keys.clone(), keys.clone(), args)
    });
    if by.is_empty() {
        joined.drop(Selector::ByName {
            names: ["_all".into()].into(),
            strict: true,
        })
    } else {
        joined
    }
}

/// How a group's key reads in a table when its cell is blank.
pub const BLANK: &str = "(blank)";

/// One row of a report query's result: its group keys as text, and its
/// figures by column name, exact.
#[derive(Debug, Clone, Default)]
pub struct Agg {
    pub keys: Vec<String>,
    values: Vec<(String, Option<Decimal>)>,
}

impl Agg {
    /// A figure; a blank (a sum over no rows) is 0.
    pub fn get(&self, name: &str) -> Decimal {
        self.opt(name).unwrap_or_default()
    }

    /// A figure, or `None` where the query gave a blank.
    pub fn opt(&self, name: &str) -> Option<Decimal> {
        self.values
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no figure {name} in the query's result"))
            .1
    }

    /// A count, as a whole number.
    pub fn count(&self, name: &str) -> u64 {
        u64::try_from(self.get(name).trunc().mantissa()).unwrap_or(0)
    }

    /// A row under `keys` with the same figures as this one, all 0 (a
    /// group the query found no rows for).
    pub fn zeroed(&self, keys: Vec<String>) -> Agg {
        Agg {
            keys,
            values: self
                .values
                .iter()
                .map(|(n, _)| (n.clone(), Some(Decimal::ZERO)))
                .collect(),
        }
    }

    /// Several rows folded into one under `keys`: every figure summed (for
    /// counts and sums, which is what they all are where this is used).
    pub fn sum_of(keys: Vec<String>, rows: &[Agg]) -> Agg {
        let mut values: Vec<(String, Option<Decimal>)> = rows
            .first()
            .map(|r| {
                r.values
                    .iter()
                    .map(|(n, _)| (n.clone(), Some(Decimal::ZERO)))
                    .collect()
            })
            .unwrap_or_default();
        for r in rows {
            for ((_, acc), (_, v)) in values.iter_mut().zip(&r.values) {
                *acc = Some(acc.unwrap_or_default() + v.unwrap_or_default());
            }
        }
        Agg { keys, values }
    }
}

/// The result of a report query: a row per group, sorted by key, and the
/// same figures over every row (the Total).
#[derive(Debug, Clone)]
pub struct Rows {
    pub groups: Vec<Agg>,
    pub total: Agg,
    /// Each count of people whose groups add up to more than its Total,
    /// with who is in more than one group (see [`rows`]).
    pub in_several: Vec<InSeveral>,
}

/// Run a report's query grouped by `by` and again with no group columns,
/// as one polars plan (the input is read once), and read both back. The
/// Total row is therefore the same query over everyone: sums of the groups
/// for counts and money, distinct people counted once, rates over all.
///
/// Where a count of people (a column [`crate::table::declared`] calls one)
/// adds up over the groups to more than its Total, some people count in
/// more than one group (SPEC 4, Totals), and the query is run once more,
/// grouped by `by` and [`PERSON`], to say who: the people counted in more
/// than one group. That is taken as the answer only when it accounts for
/// the whole excess (each such person adds one less than their groups);
/// otherwise (the column counts something other than people by
/// employee_id) who they are is left unknown. [`crate::report::fill`]
/// hands it to the table for its note.
pub fn rows(query: impl Fn(&[String]) -> Result<LazyFrame>, by: &[String]) -> Result<Rows> {
    let mut r = rows_plain(&query, by)?;
    r.in_several = in_several_groups(&query, by, &r);
    Ok(r)
}

/// [`rows`] without looking for the people in more than one group: for a
/// report that says itself how many they are (absence, agency, cohorts).
pub fn rows_plain(query: impl Fn(&[String]) -> Result<LazyFrame>, by: &[String]) -> Result<Rows> {
    let grouped = query(by)?;
    let schema = grouped.clone().collect_schema()?;
    let mut total = query(&[])?;
    // The Total has the group columns too, blank, and a marker.
    total = total.with_columns(
        by.iter()
            .map(|b| {
                let dtype = schema.get(b.as_str()).cloned().unwrap_or(DataType::String);
                lit(Null {}).cast(dtype).alias(b.as_str())
            })
            .collect::<Vec<_>>(),
    );
    let order: Vec<Expr> = schema.iter_names().map(|n| col(n.clone())).collect();
    let both = concat(
        [
            grouped.with_column(lit(false).alias("_total")),
            total.select(order).with_column(lit(true).alias("_total")),
        ],
        UnionArgs {
            to_supertypes: true,
            ..Default::default()
        },
    )?;
    let df = both.collect()?;
    let mut groups = Vec::new();
    let mut total_row = None;
    let marks = df.column("_total")?.bool()?.clone();
    for (i, row) in read(&df, by)?.into_iter().enumerate() {
        if marks.get(i) == Some(true) {
            total_row = Some(Agg {
                keys: Vec::new(),
                ..row
            });
        } else {
            groups.push(row);
        }
    }
    groups.sort_by(|a, b| a.keys.cmp(&b.keys));
    Ok(Rows {
        groups,
        total: total_row.ok_or_else(|| anyhow!("the query gave no Total row"))?,
        in_several: Vec::new(),
    })
}

/// The counts of people of `r` whose groups add up to more than the Total,
/// each with the people counted in more than one group (see [`rows`]).
/// Nothing is run when there are none, which is the usual case.
fn in_several_groups(
    query: &impl Fn(&[String]) -> Result<LazyFrame>,
    by: &[String],
    r: &Rows,
) -> Vec<InSeveral> {
    if by.is_empty() || by.iter().any(|b| b == PERSON) {
        return Vec::new();
    }
    let mut over = Vec::new();
    for (name, total) in &r.total.values {
        let people = matches!(
            crate::table::declared(name),
            Some((crate::table::Measure::People, _))
        );
        let Some(total) = total.filter(|_| people) else {
            continue;
        };
        // A blank is 0, as `Agg::get` reads it.
        let mut sum = Some(Decimal::ZERO);
        for g in &r.groups {
            let v = g
                .values
                .iter()
                .find(|(n, _)| n == name)
                .and_then(|(_, v)| *v);
            sum = sum.and_then(|a| a.checked_add(v.unwrap_or_default()));
        }
        if let Some(excess) = sum.map(|s| s - total).filter(|e| *e > Decimal::ZERO) {
            over.push(InSeveral {
                column: name.clone(),
                excess,
                people: None,
            });
        }
    }
    if !over.is_empty() {
        // A query that cannot be grouped by person leaves them unknown:
        // the note then says so without a figure.
        let _ = people_in_several(query, by, &mut over);
    }
    over
}

/// Fill in `over`'s people: the query grouped by `by` and the person,
/// each person counted in more than one group of a column, when those
/// people account for all its excess.
fn people_in_several(
    query: &impl Fn(&[String]) -> Result<LazyFrame>,
    by: &[String],
    over: &mut [InSeveral],
) -> Result<()> {
    let mut keys = by.to_vec();
    keys.push(PERSON.to_string());
    let wanted: Vec<Expr> = keys
        .iter()
        .map(String::as_str)
        .chain(over.iter().map(|o| o.column.as_str()))
        .map(col)
        .collect();
    let df = query(&keys)?.select(wanted).collect()?;
    for o in over.iter_mut() {
        // One row per group and person: the person counts in the group
        // where the figure is above 0.
        let counted = col(o.column.as_str())
            .cast(DataType::Float64)
            .gt(lit(0.0))
            .fill_null(false)
            .and(col(PERSON).is_not_null());
        let several = df
            .clone()
            .lazy()
            .filter(counted)
            .group_by([col(PERSON)])
            .agg([len().cast(DataType::Int64).alias("_groups")])
            .filter(col("_groups").gt(lit(1i64)))
            .sort([PERSON], Default::default())
            .collect()?;
        let groups = several.column("_groups")?.i64()?;
        let beyond: i64 = groups.into_no_null_iter().map(|n| n - 1).sum();
        if Decimal::from(beyond) == o.excess {
            let ids = several.column(PERSON)?.str()?;
            o.people = Some(ids.iter().flatten().map(str::to_string).collect());
        }
    }
    Ok(())
}

/// Run a query and read its rows (`keys` as text, the other columns as
/// figures), sorted by key.
pub fn collect_rows(lf: LazyFrame, keys: &[String]) -> Result<Vec<Agg>> {
    let mut rows = read(&lf.collect()?, keys)?;
    rows.sort_by(|a, b| a.keys.cmp(&b.keys));
    Ok(rows)
}

fn read(df: &DataFrame, keys: &[String]) -> Result<Vec<Agg>> {
    let figures: Vec<&Column> = df
        .columns()
        .iter()
        .filter(|c| !keys.iter().any(|k| k == c.name().as_str()) && c.name() != "_total")
        .collect();
    let key_columns = keys
        .iter()
        .map(|k| df.column(k))
        .collect::<PolarsResult<Vec<_>>>()?;
    (0..df.height())
        .map(|i| {
            Ok(Agg {
                keys: key_columns
                    .iter()
                    .map(|c| Ok(key_text(c.get(i)?)))
                    .collect::<Result<_>>()?,
                values: figures
                    .iter()
                    .map(|c| {
                        let v = value(c.get(i)?).with_context(|| {
                            format!(
                                "{}: an amount in the extracts is far beyond any \
                                 workforce figure",
                                c.name()
                            )
                        })?;
                        Ok((c.name().to_string(), v))
                    })
                    .collect::<Result<_>>()?,
            })
        })
        .collect()
}

/// A group key as a table shows it.
fn key_text(v: AnyValue<'_>) -> String {
    match v {
        AnyValue::Null => BLANK.to_string(),
        AnyValue::String(s) => s.to_string(),
        AnyValue::StringOwned(s) => s.to_string(),
        AnyValue::Boolean(b) => if b { "yes" } else { "no" }.to_string(),
        AnyValue::Date(d) => crate::period::fmt_date(days_to_date(d)),
        AnyValue::Decimal(m, _, s) => match units_to_decimal(m, s) {
            Ok(d) => crate::table::plain(d, crate::table::Kind::Fte),
            Err(_) => m.to_string(),
        },
        other => other.to_string(),
    }
}

/// A figure as an exact decimal; a blank is `None`.
fn value(v: AnyValue<'_>) -> Result<Option<Decimal>> {
    Ok(match v {
        AnyValue::Null => None,
        AnyValue::Decimal(m, _, s) => Some(units_to_decimal(m, s)?),
        AnyValue::Boolean(b) => Some(Decimal::from(u8::from(b))),
        AnyValue::UInt8(n) => Some(n.into()),
        AnyValue::UInt16(n) => Some(n.into()),
        AnyValue::UInt32(n) => Some(n.into()),
        AnyValue::UInt64(n) => Some(n.into()),
        AnyValue::Int8(n) => Some(n.into()),
        AnyValue::Int16(n) => Some(n.into()),
        AnyValue::Int32(n) => Some(n.into()),
        AnyValue::Int64(n) => Some(n.into()),
        AnyValue::Float64(f) => Decimal::from_f64_retain(f),
        AnyValue::Float32(f) => Decimal::from_f64_retain(f64::from(f)),
        other => {
            return Err(anyhow!(
                "a query gave a {} where a figure was expected",
                other.dtype()
            ))
        }
    })
}

/// `lf` with each column of `names` it lacks added as blank text: a rule on
/// a column that one extract has (census's registration or role) can then
/// be applied to a frame that holds no rows of that extract.
pub fn with_blank_columns(lf: LazyFrame, names: &[&str]) -> anyhow::Result<LazyFrame> {
    use polars::prelude::{lit, DataType, NULL};
    let schema = lf.clone().collect_schema()?;
    let missing: Vec<_> = names
        .iter()
        .filter(|n| schema.get(n).is_none())
        .map(|n| lit(NULL).cast(DataType::String).alias(*n))
        .collect();
    Ok(if missing.is_empty() {
        lf
    } else {
        lf.with_columns(missing)
    })
}

/// Does every value of `id` in `lf` stand on one row (a row is a person)?
pub fn one_row_each(lf: &LazyFrame, id: &str) -> Result<bool> {
    let n = lf
        .clone()
        .select([
            col(id).n_unique().cast(DataType::UInt64).alias("people"),
            len().cast(DataType::UInt64).alias("rows"),
        ])
        .collect()?;
    let get = |c: &str| -> Result<Option<u64>> { Ok(n.column(c)?.u64()?.get(0)) };
    Ok(get("people")? == get("rows")?)
}

/// Is this one of polars' pool threads (a task of [`side_by_side`])? Work
/// there must not wait on threads of its own that use polars.
pub fn on_pool() -> bool {
    polars_core::runtime::THREAD_POOL
        .current_thread_index()
        .is_some()
}

/// `work(0)` to `work(n - 1)`, side by side on polars' own threads (a
/// query asked there runs there; from a thread of ours each would be
/// handed to the pool and waited for), results in order (`None` only if a
/// result could not be stored). `swr exceptions` and the pack ask dozens
/// of small reports this way: on the demo, exceptions 0.55 s to 0.28 s.
pub fn side_by_side<T: Send>(n: usize, work: impl Fn(usize) -> T + Sync) -> Vec<Option<T>> {
    let results: Vec<std::sync::Mutex<Option<T>>> = (0..n).map(|_| Default::default()).collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let pool = &polars_core::runtime::THREAD_POOL;
    let workers = pool.current_num_threads().min(n);
    pool.scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|_| loop {
                let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if k >= n {
                    break;
                }
                let done = work(k);
                if let Ok(mut slot) = results[k].lock() {
                    *slot = Some(done);
                }
            });
        }
    });
    results
        .into_iter()
        .map(|r| r.into_inner().ok().flatten())
        .collect()
}

/// How many distinct values of `id` in `lf` fall in more than one group of
/// `by`: people counted in each of their rows and once in the Total.
pub fn in_several(lf: LazyFrame, id: &str, by: &[String]) -> Result<u64> {
    if by.is_empty() {
        return Ok(0);
    }
    let mut keys = vec![id.to_string()];
    keys.extend(by.iter().cloned());
    let n = agg(
        lf.filter(col(id).is_not_null()),
        &keys,
        vec![len().alias("_n")],
    )
    .group_by([col(id)])
    .agg([len().alias("_groups")])
    .filter(col("_groups").gt(lit(1u32)))
    .select([len().cast(DataType::UInt64).alias("n")])
    .collect()?;
    Ok(n.column("n")?.u64()?.get(0).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        let d = NaiveDate::from_ymd_opt(2016, 7, 30).unwrap();
        assert_eq!(days_to_date(date_to_days(d)), d);
        assert_eq!(
            date_to_days(NaiveDate::from_ymd_opt(1970, 1, 2).unwrap()),
            1
        );
        assert_eq!(
            date_to_days(NaiveDate::from_ymd_opt(1969, 12, 31).unwrap()),
            -1
        );
    }

    /// Sums of a tenth a thousand times are exact; the Total is the query
    /// over everyone, and a person in two groups counts once there.
    #[test]
    fn rows_give_groups_and_a_total_from_one_query() {
        let n = 1000;
        let g: Vec<&str> = (0..n).map(|i| if i % 2 == 0 { "a" } else { "b" }).collect();
        let id: Vec<String> = (0..n).map(|i| format!("p{}", i / 4)).collect();
        let mut x = ColumnData::decimal(n);
        for _ in 0..n {
            if let ColumnData::Decimal(b) = &mut x {
                b.append_value(100_000);
            }
        }
        let mut df = build(n, vec![("x".into(), x)]).unwrap();
        df.with_column(Column::new("g".into(), g)).unwrap();
        df.with_column(Column::new("id".into(), id)).unwrap();
        let query = |by: &[String]| -> Result<LazyFrame> {
            Ok(agg(
                df.clone().lazy(),
                by,
                vec![
                    col("x").sum().alias("x"),
                    col("id").n_unique().alias("people"),
                    len().alias("rows"),
                ],
            ))
        };
        let r = rows(query, &["g".to_string()]).unwrap();
        assert_eq!(r.groups.len(), 2);
        assert_eq!(r.groups[0].keys, ["a"]);
        assert_eq!(r.groups[0].get("x"), Decimal::from(50));
        // People p0..p249 each have two rows in a and two in b.
        assert_eq!(r.groups[0].count("people"), 250);
        assert_eq!(r.total.get("x"), Decimal::from(100));
        assert_eq!(r.total.count("people"), 250);
        assert_eq!(r.total.count("rows"), 1000);
    }
}
