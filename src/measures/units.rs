//! Units of establishment and the vacancy in each: per post when the
//! establishment and the people in post both carry post_id, else per unit
//! of directorate, team, job_title and grade. Shared by `vacancies` and
//! `census`.

use crate::extracts::Dataset;
use crate::frame::{self, LazyFrame};
use crate::model::{Model, Stock};
use anyhow::Result;
use polars::prelude::{col, lit, when, Expr, IntoLazy};

pub(crate) const UNIT_COLUMNS: [&str; 4] = ["directorate", "team", "job_title", "grade"];

/// The columns each unit of establishment is told apart by.
pub(crate) fn units_of(model: &Model<'_>, stock: &Stock, groups: &[String]) -> (bool, Vec<String>) {
    // A column the people in post carry: payroll's, and leavers' too when
    // some of them are in post.
    let carried = |c: &str| {
        model.has(Dataset::Payroll, c) && (!stock.leavers_in_post || model.has(Dataset::Leavers, c))
    };
    if model.has(Dataset::Establishment, "post_id") && carried("post_id") {
        return (true, vec!["post_id".to_string()]);
    }
    let mut unit: Vec<String> = UNIT_COLUMNS
        .iter()
        .filter(|c| model.has(Dataset::Establishment, c) && carried(c))
        .map(|c| c.to_string())
        .collect();
    for g in groups {
        if !unit.contains(g) {
            unit.push(g.clone());
        }
    }
    (false, unit)
}

/// Every unit of establishment (its posts, or its team, job title...) with
/// its establishment `_est`, FTE in post `_in`, vacancy `_vac` and the
/// group columns.
pub(crate) struct Units {
    /// The units with posts.
    pub units: LazyFrame,
    /// Every unit of either extract (`_posted`: it has posts).
    pub all: LazyFrame,
    /// Worked out per post (post_id).
    pub by_post: bool,
    /// The columns a unit is told apart by.
    pub unit: Vec<String>,
}

/// The units of establishment against the people in post in `stock`
/// (SPEC section 2: a unit's vacancy is max(establishment - in post, 0)).
pub(crate) fn units(model: &Model<'_>, stock: &Stock, groups: &[String]) -> Result<Units> {
    units_of_posts(model, stock, groups, None)
}

/// [`units`] over the establishment rows that `posts` keeps (census: the
/// DfE's roles); the people in post are matched to them as before.
pub(crate) fn units_of_posts(
    model: &Model<'_>,
    stock: &Stock,
    groups: &[String],
    posts: Option<Expr>,
) -> Result<Units> {
    let (by_post, unit) = units_of(model, stock, groups);
    // Every unit of either extract, with its establishment, its FTE in
    // post and its group columns from its first establishment row: the
    // rows of both numbered by unit in one group-by (no join), once.
    let zero = frame::decimal_zero;
    let attrs: Vec<&String> = groups.iter().filter(|g| !unit.contains(g)).collect();
    let mut est_cols: Vec<Expr> = unit.iter().map(|u| col(u.as_str())).collect();
    est_cols.extend(attrs.iter().map(|g| col(g.as_str())));
    est_cols.extend([
        col("fte").alias("_est"),
        zero().alias("_in"),
        lit(true).alias("_posted"),
    ]);
    let mut in_cols: Vec<Expr> = unit.iter().map(|u| col(u.as_str())).collect();
    in_cols.extend([
        zero().alias("_est"),
        col("fte").alias("_in"),
        lit(false).alias("_posted"),
    ]);
    let both = polars::prelude::concat_lf_diagonal(
        [
            match posts {
                Some(keep) => model.frame(Dataset::Establishment)?.filter(keep),
                None => model.frame(Dataset::Establishment)?,
            }
            .select(est_cols),
            stock.frame.clone().select(in_cols),
        ],
        Default::default(),
    )?;
    let mut unit_aggs = vec![
        col("_est").sum().alias("_est"),
        col("_in").sum().alias("_in"),
        // People in post without an fte: the unit's vacancy is not known.
        col("_in").null_count().alias("_in_blank"),
        col("_posted").any(false).alias("_posted"),
    ];
    // The establishment rows come first and the people in post carry no
    // group columns of their own here, so a unit's first is its post's.
    unit_aggs.extend(
        attrs
            .iter()
            .map(|g| col(g.as_str()).first().alias(g.as_str())),
    );
    let t0 = std::time::Instant::now();
    let all_units = frame::agg(both, &unit, unit_aggs).collect()?.lazy();
    crate::progress::timing("units", t0);
    let gap = col("_est") - col("_in");
    // A unit's vacancy is max(establishment - in post, 0); a unit with more
    // in post than establishment (or none at all) is over establishment.
    let units = all_units.clone().filter(col("_posted")).with_column(
        when(gap.clone().gt(zero()))
            .then(gap)
            .otherwise(zero())
            .alias("_vac"),
    );
    Ok(Units {
        units,
        all: all_units,
        by_post,
        unit,
    })
}
