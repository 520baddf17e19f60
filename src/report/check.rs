//! `swr check`: every problem in every extract, in one run.
//!
//! Loads each extract it can find with every unreadable cell recorded rather
//! than fatal, then looks for what is readable but suspicious.

use crate::extracts::{Dataset, Kind};
use crate::frame::{self, DataFrame};
use crate::input::{self, Extract, Mode, Problem};
use crate::options::Common;
use crate::period::fmt_date;
use crate::settings::Settings;
use crate::table::{self, Table, Value};
use anyhow::Result;
use chrono::NaiveDate;
use polars::prelude::{col, lit, AnyValue, DataType, Expr, IntoLazy, JoinArgs, JoinType};

fn warn(row: usize, column: String, value: String, message: impl Into<String>) -> Problem {
    Problem {
        row: Some(row),
        column: Some(column),
        value: Some(value),
        message: message.into(),
        warning: true,
    }
}

/// Optional columns that commands work out figures from, and which.
const FIGURE_COLUMNS: [(&str, &str); 9] = [
    (
        "fte",
        "vacancies, costs, leavers, turnover, cohorts, pay, caseload, absence, census, movements and pro-rata incentives",
    ),
    ("cases", "caseload and census"),
    ("salary", "costs and pay"),
    ("employer_ni", "costs and pay"),
    ("employer_pension", "costs and pay"),
    ("market_supplement", "costs and pay"),
    ("car_allowance", "costs and pay"),
    ("other_allowances", "costs and pay"),
    ("hours_per_week", "vacancies, costs, agency, caseload and census"),
];

/// Frame rows (by index) where `condition` holds, with `columns` shown as text.
fn rows_where(
    df: &DataFrame,
    condition: Expr,
    columns: &[&str],
) -> Result<Vec<(usize, Vec<String>)>> {
    let mut select = vec![col("_i")];
    select.extend(columns.iter().map(|c| col(*c)));
    let found = df
        .clone()
        .lazy()
        .with_row_index("_i", None)
        .filter(condition)
        .select(select)
        .collect()?;
    let index = found.column("_i")?.cast(&DataType::UInt64)?;
    let index = index.u64()?;
    let mut out = Vec::new();
    for i in 0..found.height() {
        let values = columns
            .iter()
            .map(|c| Ok(shown(found.column(c)?.get(i)?)))
            .collect::<Result<Vec<_>>>()?;
        out.push((index.get(i).unwrap_or(0) as usize, values));
    }
    Ok(out)
}

/// A cell as `check` shows it: dates day-first, amounts without trailing zeros.
fn shown(v: AnyValue<'_>) -> String {
    match v {
        AnyValue::Date(d) => fmt_date(frame::days_to_date(d)),
        AnyValue::Decimal(m, _, s) => frame::units_to_decimal(m, s)
            .map(|d| d.normalize().to_string())
            .unwrap_or_else(|_| m.to_string()),
        AnyValue::String(s) => s.to_string(),
        AnyValue::Null => String::new(),
        other => other.to_string(),
    }
}

/// Readable but suspicious values.
fn suspicious(ex: &Extract, today: NaiveDate) -> Result<Vec<Problem>> {
    let df = &ex.frame;
    let rows = &ex.rows;
    let is =
        |c: &str, kind: Kind| ex.dataset.column(c).is_some_and(|s| s.kind == kind) && ex.has(c);
    let mut out = Vec::new();
    // An absence extract has a row per spell, so a person's ID repeats.
    let id_col = match ex.dataset {
        Dataset::Establishment => "post_id",
        Dataset::Payroll | Dataset::Leavers => "employee_id",
        Dataset::Agency => "worker_id",
        Dataset::Absence | Dataset::Market => "",
    };
    if !id_col.is_empty() && ex.has(id_col) {
        // Each repeated ID with the row it first appears on.
        let first = df
            .clone()
            .lazy()
            .with_row_index("_i", None)
            .filter(col(id_col).is_not_null())
            .group_by([col(id_col)])
            .agg([col("_i").min().alias("_first")]);
        let repeats = df
            .clone()
            .lazy()
            .with_row_index("_i", None)
            .join(
                first,
                [col(id_col)],
                [col(id_col)],
                JoinArgs::new(JoinType::Inner),
            )
            .filter(col("_i").neq(col("_first")))
            .select([col("_i"), col("_first").alias("_earlier"), col(id_col)])
            .sort(["_i"], Default::default())
            .collect()?;
        let i = repeats.column("_i")?.cast(&DataType::UInt64)?;
        let earlier = repeats.column("_earlier")?.cast(&DataType::UInt64)?;
        for k in 0..repeats.height() {
            let (i, e) = (
                i.u64()?.get(k).unwrap_or(0) as usize,
                earlier.u64()?.get(k).unwrap_or(0) as usize,
            );
            out.push(warn(
                rows.get(i),
                ex.header_of(id_col),
                shown(repeats.column(id_col)?.get(k)?),
                format!("duplicate {id_col}: also on row {}", rows.get(e)),
            ));
        }
    }
    for c in ["start_date", "leave_date"] {
        if is(c, Kind::Date) {
            for (i, v) in rows_where(df, col(c).gt(frame::date_lit(today)), &[c])? {
                out.push(warn(
                    rows.get(i),
                    ex.header_of(c),
                    v[0].clone(),
                    "date in the future",
                ));
            }
        }
    }
    // A blank in a column that figures are worked out from stops the
    // commands that use it (SPEC 4, "Blank cells"): listed here for all.
    for (c, commands) in FIGURE_COLUMNS {
        if ex.has(c) && ex.dataset.column(c).is_some_and(|s| !s.required) {
            for (i, _) in rows_where(df, col(c).is_null(), &[c])? {
                out.push(warn(
                    rows.get(i),
                    ex.header_of(c),
                    String::new(),
                    format!("blank: {commands} work out figures from {c} and refuse a blank one (fill it in, or set the row aside with --skip-invalid)"),
                ));
            }
        }
    }
    let zero = frame::decimal_zero;
    let checks = [
        (
            "fte",
            Kind::Number,
            col("fte").gt(lit(1).cast(frame::decimal_type(frame::SCALE))),
            "fte above 1",
        ),
        (
            "hourly_rate",
            Kind::Money,
            col("hourly_rate").lt_eq(zero()),
            "zero or negative hourly rate",
        ),
        (
            "salary",
            Kind::Money,
            col("salary").lt_eq(zero()),
            "zero or negative salary",
        ),
    ];
    for (c, kind, condition, message) in checks {
        if is(c, kind) {
            for (i, v) in rows_where(df, condition, &[c])? {
                out.push(warn(rows.get(i), ex.header_of(c), v[0].clone(), message));
            }
        }
    }
    Ok(out)
}

/// The table, and exit status 1 when anything could not be loaded.
pub fn run(settings: &Settings) -> Result<(Table, i32)> {
    let today = settings
        .as_of
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let mut t = Table::new("Check of the extracts");
    for (name, kind) in [
        ("dataset", table::Kind::Text),
        ("file", table::Kind::Text),
        ("row", table::Kind::Text),
        ("column", table::Kind::Text),
        ("value", table::Kind::Text),
        ("severity", table::Kind::Text),
        ("problem", table::Kind::Text),
    ] {
        t.column(name, kind);
    }
    let mut failed = false;
    let mut found = 0;
    let mut loaded = Vec::new();
    for ds in Dataset::ALL {
        let at = match settings.sources.locate(ds) {
            Ok(Some(at)) => at,
            Ok(None) => {
                t.rows
                    .push(row(ds, "", None, "summary", "no extract found"));
                continue;
            }
            Err(e) => {
                failed = true;
                t.rows.push(row(ds, "", None, "error", &format!("{e:#}")));
                continue;
            }
        };
        found += 1;
        let mut opts = settings.load[&ds].clone();
        opts.mode = Mode::CollectAll;
        match input::load(ds, &at, &opts) {
            Err(e) => {
                failed = true;
                t.rows
                    .push(row(ds, &at.to_string(), None, "error", &format!("{e:#}")));
            }
            Ok(ex) => {
                let mut problems = ex.problems.clone();
                problems.extend(suspicious(&ex, today)?);
                problems.sort_by_key(|p| p.row);
                if ex.set_aside > 0 {
                    failed = true;
                }
                // The counts come first, as a row of their own, so that they
                // reach CSV and JSON readers as well as people.
                let warnings = problems.iter().filter(|p| p.warning).count();
                t.rows.push(row(
                    ds,
                    &ex.location.to_string(),
                    None,
                    "summary",
                    &format!(
                        "header on row {}, {} rows read, {} loaded, {} blank, {} footer, {} with unreadable values, {} warning{}",
                        ex.header_row,
                        ex.rows_read,
                        ex.frame.height(),
                        ex.blank_rows,
                        ex.footer_rows,
                        ex.set_aside,
                        warnings,
                        super::plural(warnings)
                    ),
                ));
                // Which header became which column.
                for (header, name) in &ex.columns {
                    let known = ds.column(name).is_some();
                    t.rows.push(vec![
                        Value::text(ds.name()),
                        Value::text(ex.location.to_string()),
                        Value::text(ex.header_row.to_string()),
                        Value::text(header.clone()),
                        Value::text(name.clone()),
                        Value::text("column"),
                        Value::text(if known {
                            format!("read as {name}")
                        } else {
                            format!("not a {ds} column swr knows: kept as {name} (for --by and --where)")
                        }),
                    ]);
                }
                for n in &ex.notes {
                    t.rows
                        .push(row(ds, &ex.location.to_string(), None, "warning", n));
                }
                for p in problems {
                    t.rows.push(row(
                        ds,
                        &ex.location.to_string(),
                        Some(&p),
                        if p.warning { "warning" } else { "error" },
                        &p.message,
                    ));
                }
                loaded.push(ex);
            }
        }
    }
    if let Some(p) = settings.load.values().find_map(|o| o.profile) {
        t.note(format!(
            "Headers are read as {p} reports write them first (profile in swr.toml), then as swr knows them."
        ));
    }
    let now = chrono::Local::now().date_naive();
    match (settings.as_of, settings.period) {
        (Some(d), _) => t.note(format!("As of {}.", fmt_date(d))),
        (None, Some(p)) => t.note(format!(
            "As of {} (the end of the period).",
            fmt_date(p.end)
        )),
        (None, None) => {
            if let Some(latest) = crate::model::latest_date(&loaded.iter().collect::<Vec<_>>())? {
                t.note(if latest > now {
                    format!("Reports on these extracts default to as of {} (today): they hold start or leave dates after today, up to {}.", fmt_date(now), fmt_date(latest))
                } else {
                    format!("Reports on these extracts default to as of {}, the latest start or leave date in them.", fmt_date(latest))
                });
            }
        }
    }
    if found == 0 {
        failed = true;
        t.note("No extracts found: give --data FOLDER, --data WORKBOOK or a file per dataset.");
    }
    Ok((
        t,
        if failed {
            crate::exit::DATA
        } else {
            crate::exit::OK
        },
    ))
}

fn row(ds: Dataset, file: &str, p: Option<&Problem>, severity: &str, message: &str) -> Vec<Value> {
    vec![
        Value::text(ds.name()),
        Value::text(file),
        Value::text(
            p.and_then(|p| p.row)
                .map(|r| r.to_string())
                .unwrap_or_default(),
        ),
        Value::text(p.and_then(|p| p.column.clone()).unwrap_or_default()),
        Value::text(p.and_then(|p| p.value.clone()).unwrap_or_default()),
        Value::text(severity),
        Value::text(message),
    ]
}

// The command line of `swr check` (its description is on its variant in
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

    fn no_series(&self) -> Option<&'static str> {
        Some("swr check: --compare and --every are for reports, not for the check of the extracts")
    }

    fn run(&self, settings: &Settings) -> Result<(Table, i32)> {
        run(settings)
    }
}
