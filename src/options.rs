//! The options every command shares (`Common`: where the extracts are,
//! the dates, `--by`, `--where`, the output) and the parsers of flag
//! values, each typed as it is parsed (a bad one is a usage error, exit
//! status 2). A command's own options are in its file under `report/`;
//! `settings` joins these with swr.toml into one validated value.

use crate::period::Period;
use crate::render::Format;
use chrono::NaiveDate;
use clap::Args;
use rust_decimal::Decimal;
use std::path::PathBuf;

#[derive(Debug, Args, Clone, Default)]
pub struct Common {
    /// Folder holding establishment.*, payroll.*, agency.*, leavers.*, absence.*, market.*, or one workbook with sheets of those names
    #[arg(long, value_name = "PATH")]
    pub data: Option<PathBuf>,
    /// Establishment extract (PATH or PATH#Sheet)
    #[arg(long, value_name = "PATH")]
    pub establishment: Option<String>,
    /// Payroll extract (PATH or PATH#Sheet)
    #[arg(long, value_name = "PATH")]
    pub payroll: Option<String>,
    /// Agency placements extract (PATH or PATH#Sheet)
    #[arg(long, value_name = "PATH")]
    pub agency: Option<String>,
    /// Leavers extract (PATH or PATH#Sheet)
    #[arg(long, value_name = "PATH")]
    pub leavers: Option<String>,
    /// Sickness absence extract, one row per spell (PATH or PATH#Sheet)
    #[arg(long, value_name = "PATH")]
    pub absence: Option<String>,
    /// Market pay extract: market_median by job_title and/or grade (PATH or PATH#Sheet)
    #[arg(long, value_name = "PATH")]
    pub market: Option<String>,
    /// swr.toml to use [default: swr.toml in the data folder, if any]
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Snapshot date [default: as_of in swr.toml, else the period end, else the latest start or leave date in the extracts, never after today]
    #[arg(long, value_name = "DATE", value_parser = as_of)]
    pub as_of: Option<NaiveDate>,
    /// Window for flows: 2015-10-01..2016-09-30, 2016, 2016-07, 2016Q3, 2016/17 [default: 12 months to the as-of date]
    #[arg(long, value_name = "P", value_parser = period)]
    pub period: Option<Period>,
    /// Group columns, comma separated
    #[arg(long, value_name = "COL[,COL...]", value_parser = by_columns)]
    pub by: Option<ByColumns>,
    /// Keep rows where COL=VALUE (or drop them with COL!=VALUE); repeatable
    #[arg(long = "where", value_name = "COL=VALUE", value_parser = filter)]
    pub filters: Vec<Filter>,
    /// table, csv, tsv, json, markdown or xlsx [default: table on a terminal, else csv]
    #[arg(long, value_name = "FORMAT", value_parser = format)]
    pub format: Option<Format>,
    /// Start CSV and TSV output with a UTF-8 byte order mark, so that Excel reads £ and ’ right
    #[arg(long)]
    pub bom: bool,
    /// Write to FILE (format from its extension) instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Show each figure again for P, a period (flows over it, stocks on its last day) or a date, as COL_prev and COL_change
    #[arg(long, value_name = "P", value_parser = compare)]
    pub compare: Option<Compare>,
    /// One block of rows per step over --period: flows over the 12 months to each step, stocks on its last day
    #[arg(long, value_enum, value_name = "STEP")]
    pub every: Option<Every>,
    /// For publication: counts from 1 to N-1 shown as c, and whatever a total would reveal
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(2..=1000))]
    pub suppress: Option<u32>,
    /// Leave out the Total row
    #[arg(long)]
    pub no_totals: bool,
    /// Set aside rows with unreadable values instead of stopping (counted in the notes)
    #[arg(long)]
    pub skip_invalid: bool,
}

/// `--by` columns, normalised, each named once.
#[derive(Debug, Clone, PartialEq)]
pub struct ByColumns(pub Vec<String>);

pub fn column_name(raw: &str) -> Result<String, String> {
    let name = crate::extracts::normalised_name(raw);
    if name.is_empty() {
        return Err("expected a column name, such as team".to_string());
    }
    Ok(name)
}

pub fn by_columns(raw: &str) -> Result<ByColumns, String> {
    let mut out: Vec<String> = Vec::new();
    for part in raw.split(',') {
        let name = crate::extracts::normalised_name(part);
        if name.is_empty() {
            continue;
        }
        if out.contains(&name) {
            return Err(format!("the column {name} is named twice"));
        }
        out.push(name);
    }
    if out.is_empty() {
        return Err("name at least one column, such as directorate or team".to_string());
    }
    Ok(ByColumns(out))
}

/// `--as-of DATE`: a calendar date; `--as-of 2024` suggests the year's last
/// day or `--period 2024`.
pub fn as_of(raw: &str) -> Result<NaiveDate, String> {
    crate::period::parse_flag_date(raw).map_err(|e| match e {
        crate::period::FlagDateError::Number { year: Some(y) } => format!(
            "{}, or for the calendar year --period {y}",
            e.hint("--as-of")
        ),
        e => e.hint("--as-of"),
    })
}

/// `--baseline DATE`: a calendar date.
pub fn baseline(raw: &str) -> Result<NaiveDate, String> {
    crate::period::parse_flag_date(raw).map_err(|e| e.hint("--baseline"))
}

pub fn period(raw: &str) -> Result<Period, String> {
    Period::parse(raw).map_err(|e| e.to_string())
}

pub fn compare(raw: &str) -> Result<Compare, String> {
    Compare::parse(raw)
}

pub fn filter(raw: &str) -> Result<Filter, String> {
    Filter::parse(raw)
}

pub fn format(raw: &str) -> Result<Format, String> {
    Format::parse(raw).ok_or_else(|| "expected table, csv, tsv, json, markdown or xlsx".to_string())
}

/// A non-negative amount such as 32 or 32.50, under 10^16.
pub fn amount(raw: &str) -> Result<Decimal, String> {
    crate::values::parse_money_text(raw)
        .filter(|d| !d.is_sign_negative() && *d < Decimal::from(10i64.pow(16)))
        .ok_or_else(|| "expected a number such as 32 or 32.50, 0 or more".to_string())
}

pub fn rate(raw: &str) -> Result<Decimal, String> {
    amount(raw)
}

pub fn weeks(raw: &str) -> Result<Decimal, String> {
    amount(raw)
        .ok()
        .filter(|w| *w > Decimal::ZERO && *w <= Decimal::from(53))
        .ok_or_else(|| {
            "expected the working weeks in a year, above 0 and at most 53, such as 46".to_string()
        })
}

pub fn on_cost_rate(raw: &str) -> Result<Decimal, String> {
    amount(raw)
        .ok()
        .filter(|r| *r <= Decimal::from(10))
        .ok_or_else(|| "expected a rate from 0 to 10, such as 0.3 for 30%".to_string())
}

pub fn working_days(raw: &str) -> Result<Decimal, String> {
    amount(raw)
        .ok()
        .filter(|d| *d > Decimal::ZERO && *d <= Decimal::from(366))
        .ok_or_else(|| {
            "expected the working days in the period, above 0 and at most 366, such as 253"
                .to_string()
        })
}

/// A DfE reporting year, such as 2024 (1 October 2023 to 30 September 2024).
pub fn year(raw: &str) -> Result<i32, String> {
    raw.trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (1900..=2200).contains(y))
        .ok_or_else(|| {
            "expected a year such as 2024 (the DfE year to 30 September 2024)".to_string()
        })
}

/// What `--compare` names: a period (flows over it, stocks on its last day)
/// or a date (stocks on it, flows over the 12 months to it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compare {
    Period(crate::period::Period),
    Date(NaiveDate),
}

impl Compare {
    pub fn parse(raw: &str) -> Result<Compare, String> {
        if let Ok(p) = crate::period::Period::parse(raw) {
            return Ok(Compare::Period(p));
        }
        crate::period::parse_flag_date(raw)
            .map(Compare::Date)
            .map_err(|e| {
                let number = match e {
                    crate::period::FlagDateError::Number { .. } => {
                        "; a bare number is not a date here (Excel serial numbers are read in data cells only)"
                    }
                    crate::period::FlagDateError::Form => "",
                };
                format!(
                    "expected a period ({}) or a date such as 2015-12-31{number}",
                    crate::period::PERIOD_FORMS
                )
            })
    }

    pub fn describe(self) -> String {
        match self {
            Compare::Period(p) => format!("the period {p}"),
            Compare::Date(d) => crate::period::fmt_date(d),
        }
    }
}

/// The steps of `--every`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Every {
    Month,
    Quarter,
    Year,
}

impl Every {
    pub fn months(self) -> u32 {
        match self {
            Every::Month => 1,
            Every::Quarter => 3,
            Every::Year => 12,
        }
    }
}

/// `--where COL=VALUE` or `COL!=VALUE`.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    pub column: String,
    pub value: String,
    pub keep: bool,
}

impl Filter {
    pub fn parse(raw: &str) -> Result<Filter, String> {
        let (column, value, keep) = if let Some((c, v)) = raw.split_once("!=") {
            (c, v, false)
        } else if let Some((c, v)) = raw.split_once('=') {
            (c, v, true)
        } else {
            return Err("expected COL=VALUE or COL!=VALUE".to_string());
        };
        let column = crate::extracts::normalised_name(column);
        if column.is_empty() {
            return Err("no column named before the '='".to_string());
        }
        Ok(Filter {
            column,
            value: value.trim().to_string(),
            keep,
        })
    }
}
