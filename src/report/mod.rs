//! One file per command. Each takes the settings, loads what it needs through
//! [`Inputs`], and returns a [`Table`]; none of them prints.

pub mod check;
pub mod cohorts;
pub mod costs;
pub mod leavers;
pub mod turnover;
pub mod vacancies;

use crate::extracts::Dataset;
use crate::frame;
use crate::input::{self, Extract};
use crate::period::{fmt_date, Period};
use crate::settings::{usage, Settings};
use crate::table::{Table, Value};
use anyhow::{anyhow, Result};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};

/// The extracts a command has loaded, filtered by `--where`.
pub struct Inputs<'a> {
    pub settings: &'a Settings,
    loaded: BTreeMap<Dataset, Extract>,
    /// Latest start, end or leave date in each extract as read, before --where.
    latest: Option<NaiveDate>,
    command: &'static str,
    /// Columns the command reads; the rest of each file is not typed.
    uses: Option<BTreeSet<String>>,
}

impl<'a> Inputs<'a> {
    /// `uses`: the columns the command reads, besides `--by`, `--where` and
    /// the dates the default as-of date comes from.
    pub fn new(settings: &'a Settings, command: &'static str, uses: &[&str]) -> Inputs<'a> {
        let mut keep: BTreeSet<String> = uses.iter().map(|s| s.to_string()).collect();
        keep.extend(["start_date", "end_date", "leave_date"].map(String::from));
        keep.extend(settings.by.iter().flatten().cloned());
        keep.extend(settings.filters.iter().map(|f| f.column.clone()));
        Inputs {
            settings,
            loaded: BTreeMap::new(),
            latest: None,
            command,
            uses: Some(keep),
        }
    }

    /// Read one more column (such as `--across`).
    pub fn also_use(&mut self, column: &str) {
        if let Some(u) = &mut self.uses {
            u.insert(column.to_string());
        }
    }

    /// Load a dataset if it can be found; `None` when there is no such extract.
    pub fn optional(&mut self, ds: Dataset) -> Result<Option<&Extract>> {
        if !self.loaded.contains_key(&ds) {
            let Some(at) = self.settings.sources.locate(ds)? else {
                return Ok(None);
            };
            let mut opts = self.settings.load[&ds].clone();
            opts.keep = self.uses.clone();
            let started = std::time::Instant::now();
            let mut ex = input::load(ds, &at, &opts)?;
            crate::timing(&format!("load {ds} ({} rows)", ex.frame.height()), started);
            if ds == Dataset::Leavers && !self.settings.reasons.is_empty() {
                fold_reasons(&mut ex, &self.settings.reasons)?;
            }
            self.latest = self.latest.max(latest_date(&ex)?);
            apply_filters(&mut ex, self.settings)?;
            self.loaded.insert(ds, ex);
        }
        Ok(self.loaded.get(&ds))
    }

    /// Load a dataset the command cannot do without.
    pub fn required(&mut self, ds: Dataset) -> Result<&Extract> {
        if self.optional(ds)?.is_none() {
            let place = match &self.settings.sources.data {
                Some(p) => p.display().to_string(),
                None => "the current folder".to_string(),
            };
            return Err(anyhow!(
                "swr {} needs the {ds} extract: none found in {place} (looked for {ds}.csv, .tsv, .xlsx, .xlsm, .xls, .ods or a sheet '{ds}'); give it with {} PATH or --data",
                self.command,
                ds.flag()
            ));
        }
        Ok(&self.loaded[&ds])
    }

    pub fn get(&self, ds: Dataset) -> Option<&Extract> {
        self.loaded.get(&ds)
    }

    /// `--where` columns must exist in some loaded extract.
    pub fn check_filters(&self) -> Result<()> {
        for f in &self.settings.filters {
            if !self
                .loaded
                .values()
                .any(|e| frame::has(&e.frame, &f.column))
            {
                return Err(usage(format!(
                    "--where {}: no loaded extract has a column '{}'; columns are: {}",
                    f.column,
                    f.column,
                    self.all_columns().join(", ")
                )));
            }
        }
        Ok(())
    }

    fn all_columns(&self) -> Vec<String> {
        let mut all: Vec<String> = self
            .loaded
            .values()
            .flat_map(|e| e.column_names())
            .collect();
        all.sort();
        all.dedup();
        all
    }

    /// Every `cols` must be a column of every one of `datasets` (loaded ones).
    pub fn check_columns(&self, flag: &str, cols: &[String], datasets: &[Dataset]) -> Result<()> {
        for ds in datasets {
            if let Some(e) = self.loaded.get(ds) {
                for c in cols {
                    if !e.has(c) {
                        let mut names = e.column_names();
                        names.sort();
                        return Err(usage(format!(
                            "{flag} {c}: the {ds} extract ({}) has no column '{c}'; its columns are: {}",
                            e.location,
                            names.join(", ")
                        )));
                    }
                }
            }
        }
        Ok(())
    }

    /// The snapshot date: --as-of or swr.toml, else the period end, else the
    /// latest start, end or leave date in the loaded extracts.
    pub fn as_of(&self) -> Result<NaiveDate> {
        if let Some(d) = self.settings.as_of {
            return Ok(d);
        }
        if let Some(p) = self.settings.period {
            return Ok(p.end);
        }
        self.latest.ok_or_else(|| {
            anyhow!("cannot tell the as-of date: the extracts hold no dates; give --as-of")
        })
    }

    pub fn period(&self, as_of: NaiveDate) -> Period {
        self.settings
            .period
            .unwrap_or_else(|| Period::year_to(as_of))
    }

    /// Notes every report carries: the dates, and rows skipped or set aside.
    pub fn notes(&self, table: &mut Table, as_of: NaiveDate, period: Option<Period>) {
        table.as_of = Some(as_of);
        table.period = period;
        table.note(format!("As of {}.", fmt_date(as_of)));
        if let Some(p) = period {
            table.note(format!("Period {p}."));
        }
        for e in self.loaded.values() {
            if e.blank_rows > 0 {
                table.note(format!(
                    "{}: {} blank row{} skipped.",
                    e.location,
                    e.blank_rows,
                    plural(e.blank_rows)
                ));
            }
            if e.set_aside > 0 {
                let shown: Vec<String> = e
                    .problems
                    .iter()
                    .take(3)
                    .map(|p| p.describe(&e.location))
                    .collect();
                table.alert(format!(
                    "{}: {} row{} set aside (--skip-invalid), for example: {}",
                    e.location,
                    e.set_aside,
                    plural(e.set_aside),
                    shown.join("; ")
                ));
            }
        }
        for f in &self.settings.filters {
            table.note(format!(
                "Filtered: {} {} {}.",
                f.column,
                if f.keep { "=" } else { "!=" },
                f.value
            ));
        }
    }
}

fn latest_date(e: &Extract) -> Result<Option<NaiveDate>> {
    let mut latest = None;
    for c in ["start_date", "end_date", "leave_date"] {
        if e.has(c) {
            latest = latest.max(frame::latest_date(&e.frame, c)?);
        }
    }
    Ok(latest)
}

pub fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn fold_reasons(ex: &mut Extract, reasons: &BTreeMap<String, String>) -> Result<()> {
    let raw = frame::text(&ex.frame, "reason")?;
    let folded = raw
        .into_iter()
        .map(|r| r.map(|r| reasons.get(&r.trim().to_lowercase()).cloned().unwrap_or(r)))
        .collect();
    ex.frame = frame::with_text(&ex.frame, "reason", folded)?;
    Ok(())
}

/// Keep rows matching every `--where` whose column this extract has; several
/// `=` on one column are alternatives. Comparison ignores case and outer spaces.
fn apply_filters(ex: &mut Extract, settings: &Settings) -> Result<()> {
    let mut by_col: BTreeMap<&str, Vec<&crate::settings::Filter>> = BTreeMap::new();
    for f in &settings.filters {
        if frame::has(&ex.frame, &f.column) {
            by_col.entry(f.column.as_str()).or_default().push(f);
        }
    }
    if by_col.is_empty() {
        return Ok(());
    }
    let mut mask = vec![true; ex.frame.height()];
    for (col, filters) in by_col {
        let values = frame::text(&ex.frame, col)?;
        let keeps: Vec<String> = filters
            .iter()
            .filter(|f| f.keep)
            .map(|f| f.value.to_lowercase())
            .collect();
        let drops: Vec<String> = filters
            .iter()
            .filter(|f| !f.keep)
            .map(|f| f.value.to_lowercase())
            .collect();
        for (m, v) in mask.iter_mut().zip(values) {
            let v = v.unwrap_or_default().trim().to_lowercase();
            if (!keeps.is_empty() && !keeps.contains(&v)) || drops.contains(&v) {
                *m = false;
            }
        }
    }
    ex.rows = ex.rows.filter(&mask);
    ex.frame = frame::filter(&ex.frame, mask)?;
    Ok(())
}

/// Rows of `df` where `keep` holds for the row's date in column `col`.
/// The group-column cells of a Total row.
pub fn total_keys(n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| Value::text(if i == 0 { "Total" } else { "" }))
        .collect()
}

pub fn dec(n: u64) -> Decimal {
    Decimal::from(n)
}
