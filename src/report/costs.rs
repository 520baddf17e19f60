//! `swr costs`: what agency cover costs against permanent staff.
//!
//! Permanent cost of an FTE-year is salary plus every on-cost and allowance
//! column present; agency cost is hourly_rate x standard hours x weeks. Both
//! are FTE-weighted means, worked out from exact sums, so Luton's £32 x 37 x
//! 46 = £54,464 comes out to the penny.

use super::vacancies::{active_agency, with_agency_hours};
use super::{total_keys, Inputs};
use crate::extracts::Dataset;
use crate::frame::{self, group_sums, DataFrame};
use crate::settings::{decimal_flag, Settings};
use crate::table::{pct, ratio, Kind, Table, Value};
use anyhow::Result;
use rust_decimal::{Decimal, RoundingStrategy};
use std::collections::BTreeMap;

/// Columns summed into the permanent cost of one FTE-year.
pub const COST_COLUMNS: [&str; 6] = [
    "salary",
    "employer_ni",
    "employer_pension",
    "market_supplement",
    "car_allowance",
    "other_allowances",
];

#[derive(Default, Clone, Copy)]
struct Sums {
    perm_fte: Decimal,
    /// Σ cost x fte over payroll.
    perm_cost_fte: Decimal,
    /// Σ hours over active placements.
    agency_hours: Decimal,
    /// Σ hourly_rate x hours over active placements.
    agency_rate_hours: Decimal,
    spend: Decimal,
    over_cap: Decimal,
}

fn pence(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Per payroll row: cost of one FTE-year x fte, to 6 decimals (half to
/// even). Worked in exact integers: amounts are held as units of 10^-6, so
/// the sum of the cost columns is exact, and so are the products with the
/// on-cost rate and with fte, rounded once at the end.
fn permanent(pay: &DataFrame, on_cost_rate: Option<Decimal>) -> Result<DataFrame> {
    let n = pay.height();
    // The rate as mantissa and scale: salary x rate is in 10^-(6 + scale).
    let (rate, extra) = match on_cost_rate {
        Some(r) if frame::has(pay, "salary") => (r.mantissa(), r.scale()),
        _ => (0, 0),
    };
    let lift = 10i128.pow(extra);
    let mut cost = vec![0i128; n];
    for c in COST_COLUMNS {
        if frame::has(pay, c) {
            for (acc, u) in cost.iter_mut().zip(frame::units(pay, c)?) {
                *acc += u;
            }
        }
    }
    let too_large = || anyhow::anyhow!("a payroll cost x fte is too large to work out exactly");
    if rate != 0 {
        for (acc, s) in cost.iter_mut().zip(frame::units(pay, "salary")?) {
            *acc = acc
                .checked_mul(lift)
                .and_then(|c| c.checked_add(s.checked_mul(rate)?))
                .ok_or_else(too_large)?;
        }
    } else if extra > 0 {
        for acc in &mut cost {
            *acc *= lift;
        }
    }
    // cost is in 10^-(6 + extra), fte in 10^-6: the product in 10^-(12 + extra).
    let down = 10i128.pow(6 + extra);
    let weighted = cost
        .iter()
        .zip(frame::units(pay, "fte")?)
        .map(|(c, f)| c.checked_mul(f).map(|x| half_even(x, down)))
        .collect::<Option<Vec<i128>>>()
        .ok_or_else(too_large)?;
    frame::with_units(pay, "_cost_fte", weighted)
}

/// `x / by` rounded half to even (as rust_decimal rounds), for `by` > 0.
fn half_even(x: i128, by: i128) -> i128 {
    let (q, r) = (x.div_euclid(by), x.rem_euclid(by));
    if 2 * r > by || (2 * r == by && q % 2 != 0) {
        q + 1
    } else {
        q
    }
}

pub fn run(
    settings: &Settings,
    cap: Option<&str>,
    weeks: Option<&str>,
    on_cost_rate: Option<&str>,
) -> Result<Table> {
    let cap = cap.map(|c| decimal_flag("--cap", c)).transpose()?;
    let weeks = match weeks {
        Some(w) => decimal_flag("--weeks", w)?,
        None => settings.weeks,
    };
    let on_cost_rate = on_cost_rate
        .map(|r| decimal_flag("--on-cost-rate", r))
        .transpose()?;
    let mut uses = vec!["fte", "hourly_rate", "hours_per_week", "job_title"];
    uses.extend(COST_COLUMNS);
    let mut inputs = Inputs::new(settings, "costs", &uses);
    inputs.required(Dataset::Payroll)?;
    inputs.required(Dataset::Agency)?;
    inputs.check_filters()?;
    let by = settings.by_or(&["job_title"]);
    inputs.check_columns("--by", &by, &[Dataset::Payroll, Dataset::Agency])?;
    let as_of = inputs.as_of()?;
    let period = inputs.period(as_of);
    let std_hours = settings.standard_hours;

    let pay = inputs.get(Dataset::Payroll).expect("loaded");
    let employer_costs_present =
        frame::has(&pay.frame, "employer_ni") || frame::has(&pay.frame, "employer_pension");
    let applied_rate = on_cost_rate.filter(|_| !employer_costs_present);
    let pay = frame::dates_within(&pay.frame, "start_date", None, as_of)?;
    let pay = permanent(&pay, applied_rate)?;
    let present: Vec<&str> = COST_COLUMNS
        .iter()
        .copied()
        .filter(|c| frame::has(&pay, c))
        .collect();

    let agency = inputs.get(Dataset::Agency).expect("loaded").frame.clone();
    let agency = with_agency_hours(&agency, std_hours)?;
    // Spend over the period, each placement rounded to the penny so totals add up.
    let starts = frame::dates(&agency, "start_date")?;
    let ends = if frame::has(&agency, "end_date") {
        frame::dates(&agency, "end_date")?
    } else {
        vec![None; agency.height()]
    };
    let rates = frame::decimals(&agency, "hourly_rate")?;
    let hours = frame::decimals(&agency, "_hours")?;
    let mut spend = Vec::with_capacity(agency.height());
    let mut rate_hours = Vec::with_capacity(agency.height());
    let mut over = Vec::with_capacity(agency.height());
    let mut open_ended = 0usize;
    for i in 0..agency.height() {
        let rate = rates[i].unwrap_or_default();
        let h = hours[i].unwrap_or_default();
        rate_hours.push(Some(rate * h));
        over.push(Some(if cap.is_some_and(|c| rate > c) {
            Decimal::ONE
        } else {
            Decimal::ZERO
        }));
        let first = starts[i].map(|s| s.max(period.start));
        let last = match ends[i] {
            Some(e) => e.min(period.end),
            None => {
                open_ended += 1;
                period.end
            }
        };
        let days = match first {
            Some(f) if f <= last => (last - f).num_days() + 1,
            _ => 0,
        };
        let cost = rate * h * Decimal::from(days) * weeks / Decimal::from(7 * 52);
        spend.push(Some(pence(cost)));
    }
    let agency = frame::with_decimal(&agency, "_spend", spend)?;
    let agency = frame::with_decimal(&agency, "_rate_hours", rate_hours)?;
    let agency = frame::with_decimal(&agency, "_over_cap", over)?;
    let active = active_agency(&agency, as_of)?;

    let mut sums: BTreeMap<Vec<String>, Sums> = BTreeMap::new();
    for g in group_sums(&pay, &by, &["fte", "_cost_fte"])? {
        let s = sums.entry(g.keys).or_default();
        s.perm_fte += g.sums[0];
        s.perm_cost_fte += g.sums[1];
    }
    for g in group_sums(&active, &by, &["_hours", "_rate_hours", "_over_cap"])? {
        let s = sums.entry(g.keys).or_default();
        s.agency_hours += g.sums[0];
        s.agency_rate_hours += g.sums[1];
        s.over_cap += g.sums[2];
    }
    for g in group_sums(&agency, &by, &["_spend"])? {
        let s = sums.entry(g.keys).or_default();
        s.spend += g.sums[0];
    }

    let mut t = Table::new(format!(
        "Agency against permanent cost by {}",
        by.join(", ")
    ));
    for b in &by {
        t.column(b.clone(), Kind::Text);
    }
    for (name, kind) in [
        ("permanent_fte", Kind::Fte),
        ("permanent_cost_per_fte", Kind::Money),
        ("agency_fte", Kind::Fte),
        ("agency_cost_per_fte", Kind::Money),
        ("premium_per_fte", Kind::Money),
        ("premium_pct", Kind::Pct),
        ("annual_premium", Kind::Money),
        ("agency_spend", Kind::Money),
    ] {
        t.column(name, kind);
    }
    if cap.is_some() {
        t.column("over_cap", Kind::Count);
    }
    // Figures of one row; annual_premium comes back rounded to pence.
    let figures = |s: &Sums| -> (Vec<Value>, Option<Decimal>) {
        let perm = ratio(s.perm_cost_fte, s.perm_fte);
        let agency_fte = s.agency_hours / std_hours;
        let agency = ratio(s.agency_rate_hours, s.agency_hours).map(|r| r * std_hours * weeks);
        let premium = perm.zip(agency).map(|(p, a)| a - p);
        let premium_pct = premium.zip(perm).and_then(|(pr, p)| pct(pr, p));
        let annual = premium.map(|p| pence(p * agency_fte));
        let mut row = vec![
            Value::num(s.perm_fte),
            Value::opt(perm),
            Value::num(agency_fte),
            Value::opt(agency),
            Value::opt(premium),
            Value::opt(premium_pct),
            Value::opt(annual),
            Value::num(s.spend),
        ];
        if cap.is_some() {
            row.push(Value::num(s.over_cap));
        }
        (row, annual)
    };
    let mut total = Sums::default();
    let mut annual_total = Decimal::ZERO;
    let mut annual_na = 0usize;
    for (keys, s) in &sums {
        let (vals, annual) = figures(s);
        match annual {
            Some(a) => annual_total += a,
            None => annual_na += 1,
        }
        let mut row: Vec<Value> = keys.iter().map(Value::text).collect();
        row.extend(vals);
        t.rows.push(row);
        total.perm_fte += s.perm_fte;
        total.perm_cost_fte += s.perm_cost_fte;
        total.agency_hours += s.agency_hours;
        total.agency_rate_hours += s.agency_rate_hours;
        total.spend += s.spend;
        total.over_cap += s.over_cap;
    }
    if settings.totals {
        let (mut vals, _) = figures(&total);
        // Money amounts in the Total row are the sums of the rows above.
        vals[6] = if sums.is_empty() {
            Value::NA
        } else {
            Value::num(annual_total)
        };
        let mut row = total_keys(by.len());
        row.append(&mut vals);
        t.rows.push(row);
    }
    inputs.notes(&mut t, as_of, Some(period));
    t.note(format!(
        "Permanent cost per FTE-year: {} (FTE-weighted mean over payroll in post){}.",
        if present.is_empty() {
            "no pay columns in the payroll extract".to_string()
        } else {
            present.join(" + ")
        },
        match applied_rate {
            Some(r) => format!(" + salary x {r} for employer on-costs"),
            None => String::new(),
        }
    ));
    if on_cost_rate.is_some() && applied_rate.is_none() {
        t.note("--on-cost-rate not applied: the payroll extract carries employer_ni or employer_pension.");
    }
    t.note(format!(
        "Agency cost per FTE-year: hourly_rate x {std_hours} hours x {weeks} weeks (FTE-weighted mean over placements active on the as-of date; FTE = hours_per_week / {std_hours})."
    ));
    t.note(format!(
        "agency_spend: hourly_rate x hours_per_week x days active in the period / 7 x {weeks} / 52, each placement rounded to the penny{}.",
        if open_ended > 0 { format!("; {open_ended} placement{} with no end_date counted to the period end", super::plural(open_ended)) } else { String::new() }
    ));
    if annual_na > 0 && settings.totals {
        t.note(format!(
            "Total annual_premium sums the {} row{} where both sides have staff.",
            sums.len() - annual_na,
            super::plural(sums.len() - annual_na)
        ));
    }
    if let Some(c) = cap {
        t.note(format!(
            "over_cap: placements active on the as-of date charged above £{c} an hour."
        ));
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_even_rounds_as_rust_decimal_does() {
        for x in -3000i128..3000 {
            let want = Decimal::from_i128_with_scale(x, 3).round_dp(2);
            let got = Decimal::from_i128_with_scale(half_even(x, 10), 2);
            assert_eq!(got, want, "{x}");
        }
    }
}
