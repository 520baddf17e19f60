//! The permanent cost of one FTE-year of a payroll row (SPEC section 2):
//! salary and every on-cost and allowance column present. Shared by
//! `costs` and `pay`.

use crate::extracts::Dataset;
use crate::frame::decimal_lit;
use crate::model::Model;
use polars::prelude::{col, Expr};
use rust_decimal::{Decimal, RoundingStrategy};

/// Columns summed into the permanent cost of one FTE-year.
pub const COST_COLUMNS: [&str; 6] = [
    "salary",
    "employer_ni",
    "employer_pension",
    "market_supplement",
    "car_allowance",
    "other_allowances",
];

/// The columns the permanent cost of a payroll row is worked out from, and
/// its fte: a blank in one is refused by `costs` and `pay` (SPEC 4).
pub const PAY_FIGURES: [&str; 7] = {
    let c = COST_COLUMNS;
    ["fte", c[0], c[1], c[2], c[3], c[4], c[5]]
};

pub(crate) fn pence(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// The permanent cost of one FTE-year of a payroll row (SPEC section 2), as
/// `swr costs` and `swr pay` work it out.
pub struct PermanentCost {
    /// salary + employer_ni + employer_pension + market_supplement +
    /// car_allowance + other_allowances (absent columns and blank cells
    /// count 0), + salary x `--on-cost-rate` when applied; meant only for
    /// rows with a salary (a blank salary is not known, not £0).
    pub expr: Expr,
    /// The pay columns the payroll extract has, in [`COST_COLUMNS`] order.
    pub present: Vec<&'static str>,
    /// `--on-cost-rate`, when applied: the payroll extract has a salary
    /// and neither employer_ni nor employer_pension.
    pub applied_rate: Option<Decimal>,
}

impl PermanentCost {
    /// What the cost is made of, for the notes.
    pub fn describe(&self) -> String {
        let mut s = if !self.present.contains(&"salary") {
            "N/A: the payroll extract has no salary column".to_string()
        } else {
            self.present.join(" + ")
        };
        if let Some(r) = self.applied_rate {
            s.push_str(&format!(" + salary x {r} for employer on-costs"));
        }
        s
    }
}

pub fn permanent_cost(model: &Model, on_cost_rate: Option<Decimal>) -> PermanentCost {
    let zero = crate::frame::decimal_zero;
    let present: Vec<&'static str> = COST_COLUMNS
        .iter()
        .copied()
        .filter(|c| model.has(Dataset::Payroll, c))
        .collect();
    let employer_costs_present = model.has(Dataset::Payroll, "employer_ni")
        || model.has(Dataset::Payroll, "employer_pension");
    let applied_rate =
        on_cost_rate.filter(|_| !employer_costs_present && model.has(Dataset::Payroll, "salary"));
    let mut cost = zero();
    for c in &present {
        cost = cost + col(*c).fill_null(zero());
    }
    if let Some(r) = applied_rate {
        cost = cost + col("salary").fill_null(zero()) * decimal_lit(r);
    }
    PermanentCost {
        expr: cost,
        present,
        applied_rate,
    }
}
