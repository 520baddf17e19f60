//! `swr agency`: agency placements and workers in the period, the ones
//! active on the as-of date, long placements, and agency workers who became
//! permanent.
//!
//! Every placement is flagged (in the period, active, covering a vacancy,
//! long-running) and counted in its own group; workers are distinct
//! worker_id. A conversion is a placement and a starter in the period (a
//! payroll or leavers row whose start_date is in it) that share the
//! `registration` (or `--match COL`), the start on or after the placement's
//! start; it counts in the placement's group, once per person (the matched
//! value), however many rows either side has.

use super::fill;
use crate::extracts::Dataset;
use crate::frame::{self, date_lit, Agg, LazyFrame};
use crate::model::{Model, Needs};
use crate::options::Common;
use crate::period::fmt_date;
use crate::settings::{usage, Settings};
use crate::table::{Kind, Table, Value};
use anyhow::Result;
use polars::prelude::{col, when, DataType, Expr, IntoLazy, JoinArgs, JoinType};
use rust_decimal::Decimal;

const COLUMNS: &[&str] = &[
    "worker_id",
    "hours_per_week",
    "covering",
    "registration",
    "employee_id",
];

const NEEDS: Needs = Needs {
    command: "agency",
    required: &[Dataset::Agency],
    optional: &[Dataset::Payroll, Dataset::Leavers],
    columns: COLUMNS,
    figures: &["hours_per_week"],
    stock: false,
};

/// Months after which an active placement is long-running.
const LONG_MONTHS: u32 = 12;

/// The matched column as text to compare: lower case (registration numbers
/// are written `SW12345` and `sw12345`).
fn match_key(c: &str) -> Expr {
    col(c)
        .cast(DataType::String)
        .str()
        .to_lowercase()
        .alias("_key")
}

pub fn run(settings: &Settings, match_column: Option<&str>) -> Result<Table> {
    let by = settings.by_or(&["directorate"]);
    let match_column = match_column.map(|m| settings.resolve_column(m));
    let match_column = match_column.as_deref();
    let key = match_column.unwrap_or("registration");
    // The matched column is read from every extract as well (not as a
    // --by-like extra column, which a required extract lacking it would
    // report as "cannot be grouped").
    let mut columns = COLUMNS.to_vec();
    if let Some(m) = match_column.filter(|m| !COLUMNS.contains(m)) {
        columns.push(m);
    }
    let needs = Needs {
        columns: &columns,
        ..NEEDS
    };
    let model = Model::open(settings, &needs, &by, &[])?;
    let (as_of, period) = (model.as_of, model.period);
    let std_hours = settings.standard_hours;

    // --match names a column both sides must have.
    if let Some(m) = match_column {
        for ds in [Dataset::Agency, Dataset::Payroll] {
            if model.found(ds) && !model.has(ds, m) {
                let ex = model.extract(ds);
                let mut names = ex.column_names();
                names.sort();
                return Err(usage(format!(
                    "--match {m}: the {ds} extract ({}) has no column '{m}'; its columns are: {}",
                    ex.location,
                    names.join(", ")
                )));
            }
        }
    }
    // Payroll and leavers count for conversions when they carry the
    // matched column. A conversion counts in its placement's group, and
    // --where keeps or drops the placement: the starter is looked for among
    // all of payroll and leavers, whatever a filter would keep of them.
    let filterable = |ds: Dataset| model.found(ds) && model.has(ds, key);
    let can_convert = model.has(Dataset::Agency, key) && filterable(Dataset::Payroll);

    let placements = model.placements()?.expect("agency is required");
    let in_period = model.active_during(period);
    let active = model.active(as_of);
    let zero = frame::decimal_zero;
    let long = active
        .clone()
        .and(Model::months_after(col("start_date"), LONG_MONTHS).lt(date_lit(as_of)));
    let flagged = placements
        .clone()
        .with_columns([
            in_period.alias("_in_period"),
            active.clone().alias("_active"),
            when(active)
                .then(model.agency_hours())
                .otherwise(zero())
                .alias("_active_hours"),
            long.alias("_long"),
        ])
        .with_column(
            col("_in_period")
                .and(model.covers_vacancy())
                .alias("_cover"),
        )
        // Placements neither in the period nor active count nowhere here
        // (a conversion's placement is looked for among all of them).
        .filter(col("_in_period").or(col("_active")));

    // Placements matched to a starter in the period, the start on or after
    // the placement's.
    let conversions: Option<LazyFrame> = if can_convert {
        let everyone = |ds: Dataset| model.extract(ds).frame.clone().lazy();
        let mut starters = vec![everyone(Dataset::Payroll)
            .select([col("start_date").alias("_joined_on"), match_key(key)])];
        if filterable(Dataset::Leavers) {
            starters.push(
                everyone(Dataset::Leavers)
                    .select([col("start_date").alias("_joined_on"), match_key(key)]),
            );
        }
        let starters = polars::prelude::concat_lf_diagonal(starters, Default::default())?
            .filter(Model::within("_joined_on", period).and(col("_key").is_not_null()));
        let mut cols: Vec<Expr> = by.iter().map(|b| col(b.as_str())).collect();
        cols.extend([col("start_date"), match_key(key)]);
        Some(
            placements
                .select(cols)
                .filter(col("_key").is_not_null())
                .join(
                    starters,
                    [col("_key")],
                    [col("_key")],
                    JoinArgs::new(JoinType::Inner),
                )
                .filter(col("_joined_on").gt_eq(col("start_date")))
                .collect()?
                .lazy(),
        )
    } else {
        None
    };

    let query = |keys: &[String]| -> Result<LazyFrame> {
        let mut parts = vec![frame::agg(
            flagged.clone(),
            keys,
            vec![
                col("_in_period").sum().alias("placements"),
                col("worker_id")
                    .filter(col("_in_period"))
                    .n_unique()
                    .alias("workers"),
                col("_active").sum().alias("active"),
                col("_active_hours").sum().alias("_active_hours"),
                col("worker_id")
                    .filter(col("_cover"))
                    .n_unique()
                    .alias("covering_vacancy"),
                col("_long").sum().alias("long_running"),
            ],
        )];
        if let Some(c) = &conversions {
            parts.push(frame::agg(
                c.clone(),
                keys,
                vec![col("_key").n_unique().alias("converted")],
            ));
        }
        Ok(frame::join_on(parts, keys))
    };
    let rows = frame::rows_plain(query, &by)?;

    let mut t = Table::grouped(
        format!("Agency placements by {}", by.join(", ")),
        &by,
        &[
            ("placements", Kind::Count),
            ("workers", Kind::Count),
            ("active", Kind::Count),
            ("agency_fte", Kind::Fte),
            ("covering_vacancy", Kind::Count),
            ("long_running", Kind::Count),
            ("converted", Kind::Count),
        ],
    );
    let count = |g: &Agg, c: &str| Value::num(Decimal::from(g.count(c)));
    fill(&mut t, &rows, by.len(), settings.totals, |g: &Agg| {
        vec![
            count(g, "placements"),
            count(g, "workers"),
            count(g, "active"),
            Value::num(g.get("_active_hours") / std_hours),
            count(g, "covering_vacancy"),
            count(g, "long_running"),
            if can_convert {
                count(g, "converted")
            } else {
                Value::NA
            },
        ]
    });
    if !model.flows(
        Dataset::Agency,
        period,
        "placements, workers and conversions",
    )? {
        t.na(&["placements", "workers", "covering_vacancy", "converted"]);
    }
    model.notes(&mut t, true);
    t.note(format!(
        "placements and workers: active on any day of the period; active and agency_fte (hours_per_week / {}): placements active on {}; covering_vacancy: workers with a placement in the period covering a vacancy{}.",
        crate::render::plain(std_hours, Kind::Fte),
        fmt_date(as_of),
        if model.has(Dataset::Agency, "covering") {
            ""
        } else {
            " (no covering column: every placement counts)"
        }
    ));
    t.note(format!(
        "long_running: placements active on {} that started more than {LONG_MONTHS} months before it (on or before {}).",
        fmt_date(as_of),
        fmt_date(crate::period::last_start(crate::period::day_before(as_of), LONG_MONTHS))
    ));
    if can_convert {
        t.note(format!(
            "converted: people whose {key} (ignoring case) is on a placement and on a payroll{} row with a start_date in the period on or after the placement's start; counted once, in the placement's group.",
            if filterable(Dataset::Leavers) { " or leavers" } else { "" }
        ));
    } else {
        let why = if !model.found(Dataset::Payroll) {
            "no payroll extract found".to_string()
        } else {
            let lacking: Vec<&str> = [Dataset::Agency, Dataset::Payroll]
                .into_iter()
                .filter(|ds| !model.has(*ds, key))
                .map(|ds| ds.name())
                .collect();
            format!(
                "the {} extract{} no {key} column to match agency workers with payroll (--match COL names another)",
                lacking.join(" and "),
                if lacking.len() > 1 { "s have" } else { " has" }
            )
        };
        t.note(format!("converted is N/A: {why}."));
    }
    // People (workers, and the people converted) are counted once in the
    // Total: say how many are in more than one row (SPEC 4, Totals).
    let mut several = vec![
        (
            "workers",
            frame::in_several(flagged.clone().filter(col("_in_period")), "worker_id", &by)?,
        ),
        (
            "covering_vacancy",
            frame::in_several(flagged.clone().filter(col("_cover")), "worker_id", &by)?,
        ),
    ];
    if let Some(c) = &conversions {
        several.push(("converted", frame::in_several(c.clone(), "_key", &by)?));
    }
    let several: Vec<String> = several
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(c, n)| format!("{c} {n}"))
        .collect();
    if !several.is_empty() {
        t.note(format!(
            "People in more than one row are counted in each and once in the Total, so those rows add up to more than it: {}.",
            several.join(", ")
        ));
    }
    if can_convert && model.found(Dataset::Leavers) && !filterable(Dataset::Leavers) {
        t.note(format!(
            "The leavers extract lacks the {key} column: starters who have since left are not looked for among conversions."
        ));
    }
    Ok(t)
}

// The command line of `swr agency` (its description is on its variant in
// cli.rs, which clap shows).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub common: Common,
    /// Column that links an agency worker to the same person in payroll [default: registration]
    #[arg(long = "match", value_name = "COL", value_parser = crate::options::column_name)]
    pub match_column: Option<String>,
}

impl super::Report for Args {
    fn common(&self) -> &Common {
        &self.common
    }

    fn run(&self, settings: &Settings) -> Result<(Table, i32)> {
        Ok((
            run(settings, self.match_column.as_deref())?,
            crate::exit::OK,
        ))
    }
}
