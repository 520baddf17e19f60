//! `swr costs`: what agency cover costs against permanent staff.
//!
//! Permanent cost of an FTE-year is salary plus every on-cost and allowance
//! column present, FTE-weighted over the payroll rows in post on the as-of
//! date; agency cost is hourly_rate x standard hours x weeks, weighted by
//! hours over the placements active on it. Sums are exact decimals, so
//! Luton's £32 x 37 x 46 = £54,464 comes out to the penny.

use super::fill;
use crate::extracts::Dataset;
use crate::frame::{self, day_number, decimal_lit, decimal_type, Agg, LazyFrame, SCALE};
use crate::measures::cost::{pence, permanent_cost};
use crate::model::{Model, Needs};
use crate::options::Common;
use crate::settings::Settings;
use crate::table::{pct, printed, ratio, Kind, Table, Value};
use anyhow::{Context, Result};
use polars::prelude::{col, lit, when, DataType, Expr, RoundMode};
use rust_decimal::Decimal;

const NEEDS: Needs = Needs {
    command: "costs",
    required: &[Dataset::Payroll, Dataset::Agency],
    optional: &[Dataset::Leavers],
    columns: &[
        "fte",
        "hourly_rate",
        "hours_per_week",
        "job_title",
        "salary",
        "employer_ni",
        "employer_pension",
        "market_supplement",
        "car_allowance",
        "other_allowances",
    ],
    figures: &{
        let p = crate::measures::cost::PAY_FIGURES;
        [p[0], p[1], p[2], p[3], p[4], p[5], p[6], "hours_per_week"]
    },
    stock: true,
};

/// The flags of `swr costs`.
pub struct Options {
    pub cap: Option<Decimal>,
    pub weeks: Option<Decimal>,
    pub on_cost_rate: Option<Decimal>,
}

pub fn run(settings: &Settings, o: &Options) -> Result<Table> {
    let weeks = o.weeks.unwrap_or(settings.weeks);
    let by = settings.by_or(&["job_title"]);
    let model = Model::open(settings, &NEEDS, &by, &[])?;
    model.require(Dataset::Payroll, "fte")?;
    let as_of = model.as_of;
    let period = model.period;
    let std_hours = settings.standard_hours;
    let dec6 = decimal_type(SCALE);
    let zero = crate::frame::decimal_zero;

    let cost = permanent_cost(&model, o.on_cost_rate);
    let described = cost.describe();
    let present = cost.present.clone();
    let applied_rate = cost.applied_rate;
    let mut cols: Vec<&str> = vec!["fte"];
    cols.extend(present.iter().copied());
    cols.extend(by.iter().map(String::as_str));
    let stock = model.stock(as_of, &cols)?;
    let cost = cost.expr;
    let payroll_row = col("source").eq(lit("payroll"));
    // A blank salary is not known, not 0: the row counts in permanent_fte
    // but not in the cost per FTE (the other pay columns blank are 0: no
    // supplement, no allowance). Without a salary column there is no cost.
    let has_salary = model.has(Dataset::Payroll, "salary");
    let (paid, unpaid) = if has_salary {
        (
            payroll_row.clone().and(col("salary").is_not_null()),
            payroll_row.clone().and(col("salary").is_null()),
        )
    } else {
        (lit(false), lit(false))
    };
    let permanent = stock.frame.clone().with_columns([
        when(paid.clone())
            .then(cost.cast(dec6.clone()) * col("fte"))
            .otherwise(zero())
            .alias("_cost_fte"),
        when(paid)
            .then(col("fte"))
            .otherwise(zero())
            .alias("_pay_fte"),
        unpaid.cast(DataType::UInt32).alias("_no_salary"),
    ]);

    let placements = model.placements()?.expect("agency is required");
    let hours = model.agency_hours();
    let rate_hours = col("hourly_rate") * hours.clone();
    let active = placements.clone().filter(model.active(as_of));
    // Each placement's spend over the period, to the penny: the days it was
    // active inside the period (a blank end date runs to the period's end).
    let (first, last) = (
        frame::date_to_days(period.start),
        frame::date_to_days(period.end),
    );
    let end_day = if model.has(Dataset::Agency, "end_date") {
        day_number("end_date").fill_null(lit(last))
    } else {
        lit(last)
    };
    let larger = |a: Expr, b: Expr| when(a.clone().gt(b.clone())).then(a).otherwise(b);
    let smaller = |a: Expr, b: Expr| when(a.clone().lt(b.clone())).then(a).otherwise(b);
    let days = larger(
        smaller(end_day, lit(last)) - larger(day_number("start_date"), lit(first)) + lit(1),
        lit(0),
    );
    let spend = ((rate_hours.clone() * days.cast(decimal_type(0)) * decimal_lit(weeks))
        .cast(decimal_type(9))
        / decimal_lit(Decimal::from(7 * 52)).cast(decimal_type(9)))
    .round(2, RoundMode::HalfAwayFromZero);
    let spent = placements.clone().with_column(spend.alias("_spend"));
    let open_ended = if model.has(Dataset::Agency, "end_date") {
        let n = placements
            .select([col("end_date").null_count().alias("n")])
            .collect()?;
        n.column("n")?
            .cast(&DataType::UInt64)?
            .u64()?
            .get(0)
            .unwrap_or(0)
    } else {
        0
    };

    let query = |keys: &[String]| -> Result<LazyFrame> {
        let mut over_cap = Vec::new();
        if let Some(c) = o.cap {
            over_cap.push(
                col("hourly_rate")
                    .gt(decimal_lit(c).cast(dec6.clone()))
                    .sum()
                    .alias("over_cap"),
            );
        }
        let mut agency = vec![
            hours.clone().sum().alias("_hours"),
            rate_hours.clone().sum().alias("_rate_hours"),
        ];
        agency.extend(over_cap);
        Ok(frame::join_on(
            vec![
                frame::agg(
                    permanent.clone(),
                    keys,
                    vec![
                        col("fte").sum().alias("permanent_fte"),
                        // Rows in post without an fte: N/A in their groups.
                        col("fte").null_count().alias("_fte_blank"),
                        col("_pay_fte").sum().alias("_pay_fte"),
                        col("_cost_fte").sum().alias("_cost_fte"),
                        col("_no_salary").sum().alias("_no_salary"),
                    ],
                ),
                frame::agg(active.clone(), keys, agency),
                frame::agg(
                    spent.clone(),
                    keys,
                    vec![col("_spend").sum().alias("agency_spend")],
                ),
            ],
            keys,
        ))
    };
    let rows = frame::rows(query, &by).context("working out costs")?;

    let mut t = Table::grouped(
        format!("Agency against permanent cost by {}", by.join(", ")),
        &by,
        &[
            ("permanent_fte", Kind::Fte),
            ("permanent_cost_per_fte", Kind::Money),
            ("agency_fte", Kind::Fte),
            ("agency_cost_per_fte", Kind::Money),
            ("premium_per_fte", Kind::Money),
            ("premium_pct", Kind::Pct),
            ("annual_premium", Kind::Money),
            ("agency_spend", Kind::Money),
        ],
    );
    if o.cap.is_some() {
        t.column("over_cap", Kind::Count);
    }
    // The figures of one row, and its annual premium rounded to pence.
    // Money worked out from money is worked out from the figures as printed
    // (as SPEC 6 has --compare's changes), so the page adds up:
    // premium_per_fte is the printed agency cost less the printed permanent
    // cost (table::defined names it, and the formats that show pounds work
    // it out again from the pounds they show); annual_premium the printed
    // premium x the agency FTE as worked out (hours / 37: rounding it to
    // the 2 decimals printed would move a year's premium by pounds), to the
    // penny. premium_pct is a rate, over the unrounded figures as every
    // rate.
    let figures = |g: &Agg| -> Result<(Vec<Value>, Option<Decimal>)> {
        let perm = ratio(g.get("_cost_fte"), g.get("_pay_fte"));
        let agency_fte = g.get("_hours") / std_hours;
        let agency = ratio(g.get("_rate_hours"), g.get("_hours")).map(|r| r * std_hours * weeks);
        let premium_pct = perm.zip(agency).and_then(|(p, a)| pct(a - p, p));
        let premium = perm
            .zip(agency)
            .map(|(p, a)| printed(a, Kind::Money) - printed(p, Kind::Money));
        // The Total's is the sum of the rows (filled in below).
        let annual = premium
            .filter(|_| !g.keys.is_empty())
            .map(|p| {
                p.checked_mul(agency_fte).map(pence).with_context(|| {
                    format!(
                        "annual_premium of {} is too large to hold exactly ({p} x {} agency FTE)",
                        g.keys.join(", "),
                        printed(agency_fte, Kind::Fte)
                    )
                })
            })
            .transpose()?;
        let mut row = vec![
            if g.count("_fte_blank") == 0 {
                Value::num(g.get("permanent_fte"))
            } else {
                Value::NA
            },
            Value::opt(perm),
            Value::num(agency_fte),
            Value::opt(agency),
            Value::opt(premium),
            Value::opt(premium_pct),
            Value::opt(annual),
            Value::num(g.get("agency_spend")),
        ];
        if o.cap.is_some() {
            row.push(Value::num(g.get("over_cap")));
        }
        Ok((row, annual))
    };
    // Every row's figures by its keys (the Total's keys are empty), worked
    // out before the table is filled: a figure too large stops the command.
    let mut figured = std::collections::HashMap::new();
    let mut annuals: Vec<Option<Decimal>> = Vec::with_capacity(rows.groups.len());
    for g in &rows.groups {
        let (row, annual) = figures(g)?;
        annuals.push(annual);
        figured.insert(g.keys.clone(), row);
    }
    figured.insert(rows.total.keys.clone(), figures(&rows.total)?.0);
    let annual_na = annuals.iter().filter(|a| a.is_none()).count();
    let annual_total = annuals
        .iter()
        .flatten()
        .try_fold(Decimal::ZERO, |sum, a| sum.checked_add(*a))
        .context("the Total of annual_premium is too large to hold exactly")?;
    let groups = rows.groups.len();
    fill(&mut t, &rows, by.len(), settings.totals, |g| {
        let mut row = figured.get(&g.keys).cloned().unwrap_or_default();
        // Money in the Total row is the sum of the rows above.
        if g.keys.is_empty() {
            // N/A when no row has both sides (never a £0 made of nothing).
            row[6] = if annual_na == groups {
                Value::NA
            } else {
                Value::num(annual_total)
            };
        }
        row
    });
    if model.found(Dataset::Agency)
        && !model.flows(Dataset::Agency, model.period, "agency_spend")?
    {
        t.na(&["agency_spend"]);
    }
    model.notes(&mut t, true);
    t.note(format!(
        "Permanent cost per FTE-year: {} (FTE-weighted mean over payroll in post).",
        described
    ));
    if o.on_cost_rate.is_some() && applied_rate.is_none() {
        t.note("--on-cost-rate not applied: the payroll extract carries employer_ni or employer_pension.");
    }
    if stock.from_leavers > 0 {
        t.note(format!(
            "{} of the people in post on {} come from the leavers extract: they count in permanent_fte; the cost per FTE is over the payroll rows, which carry the pay columns.",
            stock.from_leavers,
            crate::period::fmt_date(as_of)
        ));
    }
    if !stock.fte_known {
        t.note(
            "Some people in post come from a leavers extract without an fte: permanent_fte is N/A in the groups they are in, and in the Total.",
        );
    }
    let no_salary = rows.total.count("_no_salary");
    if no_salary > 0 {
        t.note(format!(
            "{no_salary} payroll row{} in post on {} {} no salary: counted in permanent_fte, left out of permanent_cost_per_fte (not taken as £0).",
            super::plural(no_salary as usize),
            crate::period::fmt_date(as_of),
            if no_salary == 1 { "has" } else { "have" }
        ));
    }
    t.note(format!(
        "Agency cost per FTE-year: hourly_rate x {std_hours} hours x {weeks} weeks (FTE-weighted mean over placements active on the as-of date; FTE = hours_per_week / {std_hours})."
    ));
    t.note(format!(
        "agency_spend: hourly_rate x hours_per_week x days active in the period / 7 x {weeks} / 52, each placement rounded to the penny{}.",
        if open_ended > 0 { format!("; {open_ended} placement{} with no end_date counted to the period end", super::plural(open_ended as usize)) } else { String::new() }
    ));
    if annual_na > 0 && settings.totals {
        t.note(format!(
            "Total annual_premium sums the {} row{} where both sides have staff.",
            groups - annual_na,
            super::plural(groups - annual_na)
        ));
    }
    if let Some(c) = o.cap {
        t.note(format!(
            "over_cap: placements active on the as-of date charged above £{c} an hour."
        ));
    }
    Ok(t)
}

// The command line of `swr costs` (its description is on its variant in
// cli.rs, which clap shows).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub common: Common,
    /// Add over_cap: active placements charged above RATE an hour
    #[arg(long, value_name = "RATE", value_parser = crate::options::rate)]
    pub cap: Option<Decimal>,
    /// Working weeks in an agency FTE-year, above 0 and at most 53 [default: 46, or weeks in swr.toml]
    #[arg(long, value_name = "N", value_parser = crate::options::weeks)]
    pub weeks: Option<Decimal>,
    /// Add salary x R for employer on-costs when employer_ni and employer_pension are absent (0 to 10)
    #[arg(long, value_name = "R", value_parser = crate::options::on_cost_rate)]
    pub on_cost_rate: Option<Decimal>,
}

impl super::Report for Args {
    fn common(&self) -> &Common {
        &self.common
    }

    fn run(&self, settings: &Settings) -> Result<(Table, i32)> {
        Ok((
            run(
                settings,
                &Options {
                    cap: self.cap,
                    weeks: self.weeks,
                    on_cost_rate: self.on_cost_rate,
                },
            )?,
            crate::exit::OK,
        ))
    }
}
