//! `swr incentives`: what the one-off payments of swr.toml's `[[incentive]]`
//! rules cost in a period.
//!
//! Who: the people in post on the as-of date (the model's stock, payroll
//! and leavers together) who match a rule's `where`. When: each rule's
//! trigger dates, worked out in the query from the start date (the start
//! itself, the end of probation, or anniversaries), that fall in the period
//! on a day the person is in post: a leave date the extracts already hold
//! stops the payments after it, and everyone else is taken to stay, which
//! makes the figures a projection for dates after the extracts. Each
//! payment is the amount, or the amount x fte with `pro_rata`, to the
//! penny.

use super::fill;
use crate::extracts::Dataset;
use crate::frame::{self, decimal_lit, decimal_type, LazyFrame, SCALE};
use crate::model::{filtered, Model, Needs};
use crate::options::Common;
use crate::period::{fmt_date, Period};
use crate::settings::{usage, Incentive, Settings, Trigger};
use crate::table::{Kind, Table, Value};
use anyhow::{Context, Result};
use chrono::Datelike;
use polars::prelude::{col, len, lit, when, DataType, Expr, RoundMode, Schema};
use std::collections::BTreeMap;

const NEEDS: Needs = Needs {
    command: "incentives",
    required: &[Dataset::Payroll],
    optional: &[Dataset::Leavers],
    columns: &["employee_id", "fte"],
    figures: &["fte"],
    stock: true,
};

/// The group column that names the rule.
const INCENTIVE: &str = "incentive";

/// Day number (days since 1970-01-01) of the date `y`-`m`-`d`, for whole
/// number expressions (H. Hinnant's days_from_civil). A day past the end of
/// its month runs on into the next: 29 February of a common year is 1 March.
fn civil_days(y: Expr, m: Expr, d: Expr) -> Expr {
    let y = when(m.clone().lt_eq(lit(2i64)))
        .then(y.clone() - lit(1i64))
        .otherwise(y);
    let era = y.clone().floor_div(lit(400i64));
    let yoe = y - era.clone() * lit(400i64);
    let mp = (m + lit(9i64)) % lit(12i64);
    let doy = (lit(153i64) * mp + lit(2i64)).floor_div(lit(5i64)) + d - lit(1i64);
    let doe = yoe.clone() * lit(365i64) + yoe.clone().floor_div(lit(4i64))
        - yoe.floor_div(lit(100i64))
        + doy;
    era * lit(146_097i64) + doe - lit(719_468i64)
}

fn part(e: Expr, f: fn(Expr) -> Expr) -> Expr {
    f(e).cast(DataType::Int64)
}

fn year(e: Expr) -> Expr {
    part(e, |e| e.dt().year())
}

fn month(e: Expr) -> Expr {
    part(e, |e| e.dt().month())
}

fn day(e: Expr) -> Expr {
    part(e, |e| e.dt().day())
}

fn as_date(days: Expr) -> Expr {
    days.cast(DataType::Int32).cast(DataType::Date)
}

/// `start` + `months` calendar months: the same day of the month, or the
/// month's last day when it has no such day (31 August + 6 months is 28 or
/// 29 February).
fn add_months(start: Expr, months: u32) -> Expr {
    // polars' calendar offset keeps the day, or takes the month's last.
    start.dt().offset_by(lit(format!("{months}mo")))
}

/// The anniversary of `start` in calendar year `y` (29 February's is 1
/// March in a common year, as completed years of service count it).
fn anniversary_in(start: Expr, y: i32) -> Expr {
    as_date(civil_days(
        lit(i64::from(y)),
        month(start.clone()),
        day(start),
    ))
}

/// The rows of `stock` a rule covers: every column of its `where`, each by
/// any of its values (text ignoring case, as `--where`).
fn covered(stock: LazyFrame, schema: &Schema, rule: &Incentive) -> Result<LazyFrame> {
    filtered(
        stock,
        &rule.filters,
        |c| Ok(schema.get(c).cloned().unwrap_or(DataType::String)),
        |c, e| {
            usage(format!(
                "[[incentive]] '{}': where.{c}: {}",
                rule.name,
                e.to_string().trim_start_matches("--where ")
            ))
        },
    )
}

/// One row per payment of `rule` due in `period` to the people of `rows`:
/// `_due` the trigger date, `_pay` the amount for the person.
fn payments(rows: LazyFrame, rule: &Incentive, period: Period) -> LazyFrame {
    let start = col("start_date");
    let dues: Vec<LazyFrame> = match rule.when {
        Trigger::Start => vec![rows.with_column(start.alias("_due"))],
        Trigger::Probation { months } => {
            vec![rows.with_column(add_months(start, months).alias("_due"))]
        }
        Trigger::Anniversary => (period.start.year()..=period.end.year())
            .map(|y| {
                let nth = lit(i64::from(y)) - year(col("start_date"));
                let wanted = match &rule.years {
                    None => nth.clone().gt_eq(lit(1i64)),
                    Some(years) => years.iter().fold(lit(false), |acc, k| {
                        acc.or(nth.clone().eq(lit(i64::from(*k))))
                    }),
                };
                rows.clone()
                    .filter(wanted)
                    .with_column(anniversary_in(col("start_date"), y).alias("_due"))
            })
            .collect(),
    };
    let dues = if dues.len() == 1 {
        dues.into_iter().next().expect("one frame")
    } else {
        polars::prelude::concat(dues, Default::default()).expect("frames of one schema")
    };
    let amount = decimal_lit(rule.amount).cast(decimal_type(SCALE));
    let pay = if rule.pro_rata {
        amount * col("fte")
    } else {
        amount
    };
    dues.filter(Model::within("_due", period).and(Model::in_post_on(col("_due"))))
        .with_columns([
            lit(rule.name.clone()).alias(INCENTIVE),
            pay.round(2, RoundMode::HalfAwayFromZero)
                .cast(decimal_type(2))
                .alias("_pay"),
        ])
}

/// How a rule reads in the notes.
fn describe(rule: &Incentive) -> String {
    let amount = crate::render::human(rule.amount, Kind::Money);
    let when = match rule.when {
        Trigger::Start => "on the start date".to_string(),
        Trigger::Probation { months } => {
            format!("on passing probation, {months} months after the start date")
        }
        Trigger::Anniversary => match &rule.years {
            None => "on every anniversary of the start date".to_string(),
            Some(y) => format!(
                "on the {} anniversar{} of the start date",
                y.iter().map(|k| ordinal(*k)).collect::<Vec<_>>().join(", "),
                if y.len() == 1 { "y" } else { "ies" }
            ),
        },
    };
    let mut who: Vec<String> = Vec::new();
    let mut by_col: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for f in &rule.filters {
        by_col
            .entry(f.column.as_str())
            .or_default()
            .push(f.value.as_str());
    }
    for (c, values) in by_col {
        who.push(format!("{c} {}", values.join(" or ")));
    }
    format!(
        "{}: {amount}{} {when}, to {}.",
        rule.name,
        if rule.pro_rata { " x fte" } else { "" },
        if who.is_empty() {
            "everyone in post".to_string()
        } else {
            format!("staff with {}", who.join(" and "))
        }
    )
}

fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, 11) | (2, 12) | (3, 13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

pub fn run(settings: &Settings) -> Result<Table> {
    let rules = &settings.incentives;
    if rules.is_empty() {
        return Err(usage(format!(
            "swr incentives: no [[incentive]] rules in {}; describe each payment there, for example:\n\n[[incentive]]\nname = \"Retention payment\"\namount = 1000\nwhen = \"anniversary\"          # or \"start\", or \"probation\" (+ probation_months = 6)\nyears = [1]\npro_rata = false\nwhere = {{ grade = [\"Grade 9\", \"Grade 10\"] }}",
            match &settings.config_file {
                Some(p) => p.display().to_string(),
                None => "swr.toml (none found in the data folder; or give --config FILE)".to_string(),
            }
        )));
    }
    let by = settings.by_or(&[INCENTIVE]);
    let model_by: Vec<String> = by.iter().filter(|b| *b != INCENTIVE).cloned().collect();
    let mut rule_cols: Vec<String> = Vec::new();
    for r in rules {
        for c in r.columns() {
            if !rule_cols.contains(&c) {
                rule_cols.push(c);
            }
        }
    }
    // The fte is a figure only where a payment is pro rata.
    let needs = Needs {
        figures: if settings.incentives.iter().any(|r| r.pro_rata) {
            &["fte"]
        } else {
            &[]
        },
        ..NEEDS
    };
    let model = Model::open(settings, &needs, &model_by, &rule_cols).map_err(|e| {
        // A rule naming a column the payroll extract lacks: say which rule.
        let Some(m) = e.downcast_ref::<crate::model::MissingColumn>() else {
            return e;
        };
        let c = &m.column;
        if !rule_cols.contains(c)
            || model_by.contains(c)
            || settings.filters.iter().any(|f| &f.column == c)
        {
            return e;
        }
        let which: Vec<&str> = rules
            .iter()
            .filter(|r| r.columns().contains(c))
            .map(|r| r.name.as_str())
            .collect();
        let lacks = if m.flag == *c {
            m.lacks()
        } else {
            format!("{}: {}", m.flag, m.lacks())
        };
        usage(format!(
            "[[incentive]] '{}' covers staff by {c}, which no extract has: {lacks}",
            which.join("', '"),
        ))
    })?;
    let as_of = model.as_of;
    let period = model.period;
    let mut cols: Vec<&str> = vec!["employee_id", "fte"];
    for c in model_by.iter().chain(&rule_cols) {
        if !cols.contains(&c.as_str()) {
            cols.push(c);
        }
    }
    let stock = model.stock(as_of, &cols)?;
    let schema = stock.frame.clone().collect_schema()?;
    let mut parts = Vec::new();
    for rule in rules {
        let rows = covered(stock.frame.clone(), &schema, rule)?;
        parts.push(payments(rows, rule, period));
    }
    let all = polars::prelude::concat(parts, Default::default())?;

    let query = |keys: &[String]| -> Result<LazyFrame> {
        Ok(frame::agg(
            all.clone(),
            keys,
            vec![
                col("employee_id").n_unique().alias("people"),
                len().alias("payments"),
                col("_pay").sum().alias("cost"),
                col("_pay").null_count().alias("_no_fte"),
            ],
        ))
    };
    let mut rows = frame::rows(query, &by).context("working out incentives")?;
    // Every rule has its row, one that pays nobody in the period too.
    if by.len() == 1 && by[0] == INCENTIVE {
        for r in rules {
            if !rows.groups.iter().any(|g| g.keys[0] == r.name) {
                let none = rows.total.zeroed(vec![r.name.clone()]);
                rows.groups.push(none);
            }
        }
        rows.groups.sort_by(|a, b| a.keys.cmp(&b.keys));
    }

    let mut t = Table::grouped(
        format!("Incentive payments by {}", by.join(", ")),
        &by,
        &[
            ("people", Kind::Count),
            ("payments", Kind::Count),
            ("cost", Kind::Money),
        ],
    );
    fill(&mut t, &rows, by.len(), settings.totals, |g| {
        vec![
            Value::num(g.get("people")),
            Value::num(g.get("payments")),
            if g.count("_no_fte") == 0 {
                Value::num(g.get("cost"))
            } else {
                Value::NA
            },
        ]
    });

    model.notes(&mut t, true);
    for r in rules {
        t.note(describe(r));
    }
    t.note(format!(
        "Paid to the people in post on {} (payroll, and leavers who had not yet left) whom a rule covers, for each payment due in the period (its first and last days included) on a day they are in post: a leave date the extracts hold stops the payments due on or after it; everyone else is taken to stay.",
        fmt_date(as_of)
    ));
    if period.start < as_of {
        t.note(format!(
            "People who left before {} are not counted, even for payments due while they were in post.",
            fmt_date(as_of)
        ));
    }
    // A projection: payments due after the as-of date, or, when the as-of
    // date is the end of --period, after the latest date in the extracts.
    if period.end > as_of {
        t.note(format!(
            "Payments due after {} are a projection: everyone in post then is taken to stay, unless the extracts hold their leave date, and nobody new joins.",
            fmt_date(as_of)
        ));
    } else if settings.as_of.is_none() && settings.period.is_some() {
        let mut read = vec![model.extract(Dataset::Payroll)];
        let mut what = "the latest start date in the payroll extract";
        if model.found(Dataset::Leavers) {
            read.push(model.extract(Dataset::Leavers));
            what = "the latest start or leave date in the payroll and leavers extracts";
        }
        if let Some(d) = crate::model::latest_date(&read)?.filter(|d| *d < period.end) {
            t.note(format!(
                "Payments due after {}, {what}, take everyone in post then to stay (unless the extracts hold their leave date) and nobody new to join: a projection, if the extracts are from that date.",
                fmt_date(d)
            ));
        }
    }
    t.note(
        "Probation ends the given months after the start date (the same day of the month, or the month's last day); the anniversary of 29 February is 1 March in a common year. A person with two posts a rule covers is paid for each.",
    );
    if rules.iter().any(|r| r.pro_rata) {
        t.note(
            "pro_rata: the amount x the fte on the as-of date, each payment rounded to the penny.",
        );
        if rows.total.count("_no_fte") > 0 {
            t.note(format!(
                "{} pro rata payment{} due to people with no fte (a blank cell, or a leavers extract without an fte column): cost is N/A where they count.",
                rows.total.count("_no_fte"),
                super::plural(rows.total.count("_no_fte") as usize)
            ));
        }
    }
    if stock.from_leavers > 0 {
        t.note(format!(
            "{} of the people in post on {} come from the leavers extract (their leave date is after it).",
            stock.from_leavers,
            fmt_date(as_of)
        ));
    }
    Ok(t)
}

// The command line of `swr incentives` (its description is on its variant in
// cli.rs, which clap shows).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub common: Common,
}

impl super::Report for Args {
    fn common(&self) -> &Common {
        &self.common
    }

    fn run(&self, settings: &Settings) -> Result<(Table, i32)> {
        Ok((run(settings)?, crate::exit::OK))
    }
}
