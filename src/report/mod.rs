//! One file per command. Each opens the [`crate::model::Model`] with what it
//! needs, asks it a polars query, and returns a [`Table`]; none of them
//! prints.

pub mod agency;
pub mod check;
pub mod cohorts;
pub mod costs;
pub mod leavers;
pub mod movements;
pub mod pack;
pub mod retention;
pub mod turnover;
pub mod vacancies;

use crate::frame::{Agg, Rows};
use crate::table::{Table, Value};
use rust_decimal::Decimal;

pub use crate::model::plural;

/// The group-column cells of a Total row.
pub fn total_keys(n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| Value::text(if i == 0 { "Total" } else { "" }))
        .collect()
}

pub fn dec(n: u64) -> Decimal {
    Decimal::from(n)
}

/// The table's rows from a query's result: each group's keys then
/// `figures(group)`, and the Total row from the same function over the
/// query's Total (left out with `--no-totals`).
pub fn fill(
    t: &mut Table,
    rows: &Rows,
    keys: usize,
    totals: bool,
    figures: impl Fn(&Agg) -> Vec<Value>,
) {
    for g in &rows.groups {
        let mut r: Vec<Value> = g.keys.iter().map(Value::text).collect();
        r.extend(figures(g));
        t.rows.push(r);
    }
    if totals {
        let mut r = total_keys(keys);
        r.extend(figures(&rows.total));
        t.rows.push(r);
    }
}
