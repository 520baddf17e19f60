//! One file per command. Each holds its command line (`Args`, derived by
//! clap) and implements [`Report`]: it opens the [`crate::model::Model`]
//! with what it needs, asks it a polars query, and returns a [`Table`];
//! none of them prints. Adding a command is its file here, one variant of
//! `cli::Command` and one line of `crate::report_of`.

pub mod absence;
pub mod agency;
pub mod benchmark;
pub mod caseload;
pub mod census;
pub mod check;
pub mod cohorts;
pub mod costs;
pub mod exceptions;
pub mod forecast;
pub mod incentives;
pub mod leavers;
pub mod movements;
pub mod pack;
pub mod pay;
pub mod retention;
pub mod turnover;
pub mod vacancies;

use crate::frame::{Agg, Rows};
use crate::options::Common;
use crate::settings::Settings;
use crate::table::{Table, Value};
use anyhow::Result;
use rust_decimal::Decimal;

/// A report command, as the dispatcher (`crate::run`) drives it: the
/// options every command shares, the files its own flags name, whether
/// `--compare` and `--every` apply, and the table for one as-of date and
/// period (run again for each step of a series).
pub trait Report {
    fn common(&self) -> &Common;

    /// Files named by the command's own flags, read as well as the
    /// extracts: each with its flag.
    fn inputs(&self) -> Vec<(&'static str, std::path::PathBuf)> {
        Vec::new()
    }

    /// Runs several reports side by side itself (on polars' pool, so
    /// that their queries run where they are asked): polars keeps a thread
    /// a core even on small extracts.
    fn side_by_side(&self) -> bool {
        false
    }

    /// Why `--compare` and `--every` do not apply, where they do not.
    fn no_series(&self) -> Option<&'static str> {
        None
    }

    /// A run that is not one table per period (pay's `--compare-payroll`):
    /// the whole answer, in place of the series of [`Report::run`].
    fn whole(&self, _settings: &Settings) -> Option<Result<(Table, i32)>> {
        None
    }

    /// The table, and the exit status it calls for.
    fn run(&self, settings: &Settings) -> Result<(Table, i32)>;
}

pub use crate::model::plural;

/// The group-column cells of a Total row.
pub fn total_keys(n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| {
            if i == 0 {
                Value::total()
            } else {
                Value::text("")
            }
        })
        .collect()
}

pub fn dec(n: u64) -> Decimal {
    Decimal::from(n)
}

/// The table's rows from a query's result: each group's keys then
/// `figures(group)`, and the Total row from the same function over the
/// query's Total (left out with `--no-totals`); and who is in more than
/// one row, for the note on the Total (`Table::sum_totals`).
pub fn fill(
    t: &mut Table,
    rows: &Rows,
    keys: usize,
    totals: bool,
    figures: impl Fn(&Agg) -> Vec<Value>,
) {
    t.in_several.extend(rows.in_several.iter().cloned());
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
