//! `swr check`: every problem in every extract, in one run.
//!
//! Loads each extract it can find with every unreadable cell recorded rather
//! than fatal, then looks for what is readable but suspicious.

use crate::extracts::Dataset;
use crate::frame;
use crate::input::{self, Extract, Mode, Problem};
use crate::settings::Settings;
use crate::table::{Kind, Table, Value};
use anyhow::Result;
use chrono::NaiveDate;
use std::collections::BTreeMap;

fn warn(row: usize, column: String, value: String, message: impl Into<String>) -> Problem {
    Problem {
        row: Some(row),
        column: Some(column),
        value: Some(value),
        message: message.into(),
        warning: true,
    }
}

/// Readable but suspicious values.
fn suspicious(ex: &Extract, today: NaiveDate) -> Result<Vec<Problem>> {
    let df = &ex.frame;
    let rows = &ex.rows;
    let mut out = Vec::new();
    let id_col = match ex.dataset {
        Dataset::Establishment => "post_id",
        Dataset::Payroll | Dataset::Leavers => "employee_id",
        Dataset::Agency => "worker_id",
    };
    if frame::has(df, id_col) {
        for (i, earlier, id) in frame::repeats(df, id_col)? {
            out.push(warn(
                rows.get(i),
                ex.header_of(id_col),
                id,
                format!("duplicate {id_col}: also on row {}", rows.get(earlier)),
            ));
        }
    }
    let date_cols: Vec<&str> = ["start_date", "end_date", "leave_date"]
        .into_iter()
        .filter(|c| frame::has(df, c))
        .collect();
    // Dates as day numbers, made into dates only for what is reported.
    let mut days = BTreeMap::new();
    for c in &date_cols {
        days.insert(*c, frame::day_numbers(df, c)?);
    }
    let shown = |d: i32| crate::period::fmt_date(frame::days_to_date(d));
    let today_n = frame::date_to_days(today);
    for c in &date_cols {
        if *c == "end_date" {
            continue;
        }
        for (i, d) in days[c].iter().enumerate() {
            if let Some(d) = d.filter(|d| *d > today_n) {
                out.push(warn(
                    rows.get(i),
                    ex.header_of(c),
                    shown(d),
                    "date in the future",
                ));
            }
        }
    }
    for later in ["leave_date", "end_date"] {
        if let (Some(starts), Some(ends)) = (days.get("start_date"), days.get(later)) {
            for (i, (s, e)) in starts.iter().zip(ends).enumerate() {
                if let (Some(s), Some(e)) = (s, e) {
                    if e < s {
                        out.push(warn(
                            rows.get(i),
                            ex.header_of(later),
                            shown(*e),
                            format!("{later} is before start_date ({})", shown(*s)),
                        ));
                    }
                }
            }
        }
    }
    // Amounts in units of 10^-6, made into decimals only for what is reported.
    let amount = |u: i128| {
        frame::units_to_decimal(u, frame::SCALE as usize)
            .normalize()
            .to_string()
    };
    let above_one = |u: i128| u > 1_000_000;
    let not_positive = |u: i128| u <= 0;
    let checks = [
        ("fte", above_one as fn(i128) -> bool, "fte above 1"),
        ("hourly_rate", not_positive, "zero or negative hourly rate"),
        ("salary", not_positive, "zero or negative salary"),
    ];
    for (col, bad, message) in checks {
        if !frame::has(df, col) {
            continue;
        }
        for (i, u) in frame::units_or_blank(df, col)?.into_iter().enumerate() {
            if let Some(u) = u.filter(|u| bad(*u)) {
                out.push(warn(rows.get(i), ex.header_of(col), amount(u), message));
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
        ("dataset", Kind::Text),
        ("file", Kind::Text),
        ("row", Kind::Text),
        ("column", Kind::Text),
        ("value", Kind::Text),
        ("severity", Kind::Text),
        ("problem", Kind::Text),
    ] {
        t.column(name, kind);
    }
    let mut failed = false;
    let mut found = 0;
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
                for p in problems {
                    t.rows.push(row(
                        ds,
                        &ex.location.to_string(),
                        Some(&p),
                        if p.warning { "warning" } else { "error" },
                        &p.message,
                    ));
                }
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
