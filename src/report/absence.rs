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
use crate::frame::{self, LazyFrame, Rows};
use crate::measures::spells::{
    fte_days_lost, spell_columns, working_days, Spells, LONG_TERM, UNKNOWN,
};
use crate::model::{Model, Needs, Stock};
use crate::options::Common;
use crate::settings::Settings;
use crate::table::{pct, ratio, Kind, Table, Value};
use anyhow::Result;
use polars::prelude::{col, lit, Expr, JoinArgs, JoinType};
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

pub fn run(settings: &Settings, working_days_flag: Option<Decimal>) -> Result<Table> {
    let by = settings.by_or(&["directorate"]);
    let model = Model::open(settings, &NEEDS, &by, &[])?;
    let period = model.period;
    let spells = Spells::build(&model, period, &by, None, &[], true)?;
    // The stock by the person's columns of --by: a spell's own reason does
    // not divide the staff, so a reason row is measured against them all.
    let by_refs: Vec<&str> = by.iter().map(String::as_str).collect();
    let own = spell_columns(&model, &by_refs);
    let person_keys: Vec<String> = by
        .iter()
        .filter(|b| !own.contains(&b.as_str()))
        .cloned()
        .collect();
    let mut cols = vec!["fte"];
    cols.extend(person_keys.iter().map(String::as_str));
    let stock: Stock = model.stock(period.end, &cols)?;
    let stock_by = |keys: &[String]| -> Vec<String> {
        keys.iter()
            .filter(|k| person_keys.contains(k))
            .cloned()
            .collect()
    };
    let query = |keys: &[String]| -> Result<LazyFrame> {
        let staff_keys = stock_by(keys);
        let staff = frame::agg(
            stock.frame.clone(),
            &staff_keys,
            vec![
                col("fte").sum().alias("in_post_fte"),
                // Rows in post without an fte: N/A in their groups only.
                col("fte").null_count().alias("_in_post_fte_blank"),
            ],
        );
        let spells = spells.query(keys)?;
        // Spells by their own columns meet the stock of their people's.
        Ok(if staff_keys.len() == keys.len() {
            frame::join_on(vec![spells, staff], keys)
        } else {
            let all = || lit(true).alias("_all");
            let mut on: Vec<Expr> = staff_keys.iter().map(|k| col(k.as_str())).collect();
            on.push(col("_all"));
            let mut args = JoinArgs::new(JoinType::Left);
            args.nulls_equal = true;
            spells
                .with_column(all())
                .join(staff.with_column(all()), on.clone(), on, args)
                .drop(polars::prelude::Selector::ByName {
                    names: ["_all".into()].into(),
                    strict: true,
                })
        })
    };
    let mut rows: Rows = frame::rows_plain(query, &by)?;
    // Spells of people in neither extract come after the groups.
    rows.groups
        .sort_by_key(|g| g.keys.iter().any(|k| k == UNKNOWN));
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
        let in_post = (g.count("_in_post_fte_blank") == 0).then(|| g.get("in_post_fte"));
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
    if !model.flows(Dataset::Absence, period, "sickness absence figures")? {
        t.na(&[
            "spells",
            "people_absent",
            "working_days_lost",
            "fte_days_lost",
            "days_lost_per_fte",
            "absence_rate_pct",
            "long_term_spells",
        ]);
    }
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
        t.note("Some people in post at the period end come from the leavers extract without an fte: in_post_fte and the rates are N/A in the groups they are in, and in the Total.");
    }
    for n in &spells.notes {
        t.note(n.clone());
    }
    if !own.is_empty() {
        // The stock each reason's spells are measured against: the same
        // staff on every reason row, so not a sum.
        for c in t.columns.iter_mut().filter(|c| c.name == "in_post_fte") {
            c.measure = crate::table::Measure::Rate;
        }
        t.note(format!(
            "Grouped by the spell's own {}: in_post_fte on each row is the stock of the staff its spells are measured against, so those rows do not add up to the Total's.",
            own.join(", ")
        ));
    }
    let (several_spells, several_people) = spells.in_several(&by)?;
    if several_people > 0 {
        t.note(format!(
            "{several_people} {} in more than one group{}: their spells count in each of those rows and once in the Total, their days shared by fte.",
            if several_people == 1 { "person has spells" } else { "people have spells" },
            if several_spells > 0 {
                format!(
                    " ({several_spells} spell{} in more than one)",
                    super::plural(several_spells as usize)
                )
            } else {
                String::new()
            }
        ));
    }
    Ok(t)
}

// The command line of `swr absence` (its description is on its variant in
// cli.rs, which clap shows).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub common: Common,
    /// Working days in the period [default: 253 in 12 months, 254 when they hold 29 February; shorter periods in proportion]
    #[arg(long, value_name = "N", value_parser = crate::options::working_days)]
    pub working_days: Option<Decimal>,
}

impl super::Report for Args {
    fn common(&self) -> &Common {
        &self.common
    }

    fn run(&self, settings: &Settings) -> Result<(Table, i32)> {
        Ok((run(settings, self.working_days)?, crate::exit::OK))
    }
}
