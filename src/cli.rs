//! Command-line definitions only. Every value is typed as it is parsed (a
//! bad one is a usage error, exit status 2); `settings` then joins the flags
//! with swr.toml into one validated value.

use crate::period::{Band, Period};
use crate::render::Format;
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use rust_decimal::Decimal;
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  swr vacancies --by directorate
  swr vacancies --by job_title --across directorate --as-of 2015-09-30
  swr costs --by job_title --cap 32
  swr leavers --service '<2' --top 3
  swr turnover --by team --period 2016/17
  swr cohorts --of staff --by directorate
  swr pay --by job_title,grade --compare 2015/16
  swr incentives --period 2026/27
  swr caseload --by team --cap 20
  swr absence --by directorate --period 2024/25
  swr census --year 2024 --where \"directorate=Children's Social Care\"
  swr benchmark --la \"Cheshire East\" --year 2024
  swr retention --where asye=yes --period 2012-01-01..2015-12-31
  swr movements --from payroll_2024.csv --matrix grade
  swr agency --period 2018
  swr check --data extracts/
  swr pack -o dashboard.xlsx --baseline 2015-12-31

Extracts are read from the current folder (establishment.*, payroll.*, agency.*,
leavers.*, absence.*, market.*), from --data FOLDER or --data WORKBOOK.xlsx, or one by one with
--payroll PATH[#Sheet]. Output is a table on a terminal and CSV when piped.";

#[derive(Debug, Parser)]
#[command(
    name = "swr",
    version,
    about = "Social care workforce tables from HR extracts: vacancies, agency costs, leavers, turnover, length of service, caseloads, sickness absence, the DfE census row and where it stands",
    after_help = EXAMPLES
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Vacancies and agency cover at the as-of date (default --by directorate)
    Vacancies {
        #[command(flatten)]
        common: Common,
        /// Cross-tab of vacancy FTE: rows by --by, one column per value of COL
        #[arg(long, value_name = "COL", value_parser = column_name)]
        across: Option<String>,
    },
    /// Agency against permanent cost per FTE (default --by job_title)
    Costs {
        #[command(flatten)]
        common: Common,
        /// Add over_cap: active placements charged above RATE an hour
        #[arg(long, value_name = "RATE", value_parser = rate)]
        cap: Option<Decimal>,
        /// Working weeks in an agency FTE-year, above 0 and at most 53 [default: 46, or weeks in swr.toml]
        #[arg(long, value_name = "N", value_parser = weeks)]
        weeks: Option<Decimal>,
        /// Add salary x R for employer on-costs when employer_ni and employer_pension are absent (0 to 10)
        #[arg(long, value_name = "R", value_parser = on_cost_rate)]
        on_cost_rate: Option<Decimal>,
    },
    /// Leavers in the period by reason (default --by reason)
    Leavers {
        #[command(flatten)]
        common: Common,
        /// Keep leavers whose length of service is in BAND: <2, 2-5, 10+
        #[arg(long, value_name = "BAND", allow_hyphen_values = true, value_parser = band)]
        service: Option<Band>,
        /// Keep the N largest rows (ties kept) and fold the rest into "All other"
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
        top: Option<u32>,
    },
    /// Turnover and stability in the period (default --by directorate)
    Turnover {
        #[command(flatten)]
        common: Common,
        /// end: leavers / staff at the period end (DfE); average: / mean of start and end stock (CIPD)
        #[arg(long, value_enum, default_value_t = Denominator::End)]
        denominator: Denominator,
    },
    /// Length-of-service bands of leavers or staff
    Cohorts {
        #[command(flatten)]
        common: Common,
        /// Whose service: leavers in the period, or staff in post at the as-of date
        #[arg(long, value_enum, default_value_t = Of::Leavers)]
        of: Of,
        /// Band boundaries in whole years, ascending
        #[arg(long, value_name = "LIST", default_value = "1,2,5,10", value_parser = bands)]
        bands: Bands,
    },
    /// Pay of staff in post against the market median, market supplements and the pay bill (default --by job_title,grade)
    Pay {
        #[command(flatten)]
        common: Common,
        /// Add salary x R to the pay bill for employer on-costs when employer_ni and employer_pension are absent (0 to 10)
        #[arg(long, value_name = "R", value_parser = on_cost_rate)]
        on_cost_rate: Option<Decimal>,
        /// With --compare: the payroll extract as it stood then (PATH or PATH#Sheet), so that COL_prev shows the pay of that date
        #[arg(long, value_name = "PATH", requires = "compare")]
        compare_payroll: Option<String>,
    },
    /// The cost in --period of the one-off payments of [[incentive]] in swr.toml (default --by incentive)
    Incentives {
        #[command(flatten)]
        common: Common,
    },
    /// Cases held on the as-of date by staff in post and active agency placements (default --by team)
    Caseload {
        #[command(flatten)]
        common: Common,
        /// Whose cases: payroll staff in post, active agency placements, or both (as the DfE counts)
        #[arg(long, value_enum, default_value_t = CaseloadOf::All)]
        of: CaseloadOf,
        /// Add over_cap and over_cap_pct: case holders with more than N cases
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32))]
        cap: Option<u32>,
    },
    /// Sickness absence in the period: days lost and the DfE absence rate (default --by directorate)
    Absence {
        #[command(flatten)]
        common: Common,
        /// Working days in the period [default: 253 in 12 months, 254 when they hold 29 February; shorter periods in proportion]
        #[arg(long, value_name = "N", value_parser = working_days)]
        working_days: Option<Decimal>,
    },
    /// The authority's row of the DfE children's social work workforce indicators
    Census {
        #[command(flatten)]
        common: Common,
        /// DfE reporting year: 1 October YYYY-1 to 30 September YYYY [default: the latest ending on or before the as-of date]
        #[arg(long, value_name = "YYYY", value_parser = year)]
        year: Option<i32>,
    },
    /// The authority beside England, its region and its statistical neighbours (DfE indicators built in)
    Benchmark {
        #[command(flatten)]
        common: Common,
        /// The local authority, by name or code (e.g. "Cheshire East", 895, E06000049) [default: la in swr.toml]
        #[arg(long, value_name = "NAME|CODE")]
        la: Option<String>,
        /// Reporting year [default: the latest in the indicators file]
        #[arg(long, value_name = "YYYY", value_parser = year)]
        year: Option<i32>,
        /// Every year in the indicators file
        #[arg(long, conflicts_with = "year")]
        trend: bool,
        /// A newer DfE indicators file (csww_indicators_*.csv) instead of the built-in 2017-2025 one
        #[arg(long, value_name = "FILE")]
        reference: Option<PathBuf>,
        /// A newer DfE statistical neighbours file (sn_model_*_wide.csv) instead of the built-in 2025 one
        #[arg(long, value_name = "FILE")]
        neighbours: Option<PathBuf>,
    },
    /// How many starters stay: cohorts of starters retained at 6, 12, 24 months (default --by cohort)
    Retention {
        #[command(flatten)]
        common: Common,
        /// What a cohort is: the year, the UK financial year (2016/17) or the quarter its starters started in
        #[arg(long, value_enum, default_value_t = Cohort::Fy)]
        cohort: Cohort,
        /// Months after their start at which starters are counted as retained, ascending
        #[arg(long, value_name = "LIST", default_value = "6,12,24", value_parser = months)]
        at: MonthsList,
    },
    /// Who moved between two payroll snapshots: joined, left, promotions, transfers (default --by directorate)
    Movements {
        #[command(flatten)]
        common: Common,
        /// The earlier payroll extract (PATH or PATH#Sheet)
        #[arg(long, value_name = "PATH", required = true)]
        from: String,
        /// The later payroll extract (PATH or PATH#Sheet) [default: the payroll extract]
        #[arg(long, value_name = "PATH")]
        to: Option<String>,
        /// Cross-tab of COL in the earlier extract (rows) against the later one (columns), with joined and left
        #[arg(long, value_name = "COL", value_parser = column_name)]
        matrix: Option<String>,
    },
    /// Agency placements and workers in the period, long placements and conversions to permanent (default --by directorate)
    Agency {
        #[command(flatten)]
        common: Common,
        /// Column that links an agency worker to the same person in payroll [default: registration]
        #[arg(long = "match", value_name = "COL", value_parser = column_name)]
        match_column: Option<String>,
    },
    /// Load every extract and list every problem in every one
    Check {
        #[command(flatten)]
        common: Common,
    },
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    Completions {
        /// The shell to complete in
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff; `swr man > swr.1`, then `man -l swr.1`): every command with its options, or one command's page
    Man {
        /// The command whose page to print [default: swr's page, every command]
        #[arg(value_name = "COMMAND", value_parser = man_command)]
        command: Option<String>,
    },
    /// The quarterly dashboard as one workbook (-o FILE.xlsx), markdown or HTML
    Pack {
        #[command(flatten)]
        common: Common,
        /// Set every quarter against the figures as of DATE [default: baseline in swr.toml]
        #[arg(long, value_name = "DATE", value_parser = baseline)]
        baseline: Option<NaiveDate>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Denominator {
    End,
    Average,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Of {
    Leavers,
    Staff,
}

/// Whose cases `swr caseload` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CaseloadOf {
    Staff,
    Agency,
    All,
}

/// How `swr retention` groups starters by when they started.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Cohort {
    /// Calendar year: 2016
    Year,
    /// UK financial year, 1 April to 31 March: 2016/17
    Fy,
    /// Calendar quarter: 2016Q3
    Quarter,
}

/// Months from `--at`: whole months above 0, ascending.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthsList(pub Vec<u32>);

/// Length-of-service bands from `--bands`.
#[derive(Debug, Clone, PartialEq)]
pub struct Bands(pub Vec<Band>);

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

fn column_name(raw: &str) -> Result<String, String> {
    let name = crate::extracts::normalised_name(raw);
    if name.is_empty() {
        return Err("expected a column name, such as team".to_string());
    }
    Ok(name)
}

fn by_columns(raw: &str) -> Result<ByColumns, String> {
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

/// A command `swr man` has a page for.
fn man_command(raw: &str) -> Result<String, String> {
    use clap::CommandFactory;
    let cli = Cli::command();
    let names: Vec<&str> = cli
        .get_subcommands()
        .map(|c| c.get_name())
        .filter(|n| *n != "help")
        .collect();
    if names.contains(&raw) {
        Ok(raw.to_string())
    } else {
        Err(format!(
            "no such command; the commands are {}",
            names.join(", ")
        ))
    }
}

/// `--as-of DATE`: a calendar date; `--as-of 2024` suggests the year's last
/// day or `--period 2024`.
fn as_of(raw: &str) -> Result<NaiveDate, String> {
    crate::period::parse_flag_date(raw).map_err(|e| match e {
        crate::period::FlagDateError::Number { year: Some(y) } => format!(
            "{}, or for the calendar year --period {y}",
            e.hint("--as-of")
        ),
        e => e.hint("--as-of"),
    })
}

/// `--baseline DATE`: a calendar date.
fn baseline(raw: &str) -> Result<NaiveDate, String> {
    crate::period::parse_flag_date(raw).map_err(|e| e.hint("--baseline"))
}

fn period(raw: &str) -> Result<Period, String> {
    Period::parse(raw).map_err(|e| e.to_string())
}

fn compare(raw: &str) -> Result<Compare, String> {
    Compare::parse(raw)
}

fn filter(raw: &str) -> Result<Filter, String> {
    Filter::parse(raw)
}

fn format(raw: &str) -> Result<Format, String> {
    Format::parse(raw).ok_or_else(|| "expected table, csv, tsv, json, markdown or xlsx".to_string())
}

fn band(raw: &str) -> Result<Band, String> {
    Band::parse(raw).map_err(|e| e.to_string())
}

fn bands(raw: &str) -> Result<Bands, String> {
    let bounds = raw
        .split(',')
        .map(|s| s.trim().parse::<i32>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| "expected whole years in ascending order, such as 1,2,5,10".to_string())?;
    crate::period::bands(&bounds)
        .map(Bands)
        .map_err(|e| e.to_string())
}

fn months(raw: &str) -> Result<MonthsList, String> {
    let bad = || "expected whole months above 0 in ascending order, such as 6,12,24".to_string();
    let list = raw
        .split(',')
        .map(|s| s.trim().parse::<u32>().map_err(|_| bad()))
        .collect::<Result<Vec<_>, _>>()?;
    if list.is_empty() || list[0] == 0 || list.windows(2).any(|w| w[1] <= w[0]) {
        return Err(bad());
    }
    if list.iter().any(|m| *m > 1200) {
        return Err("at most 1200 months (100 years)".to_string());
    }
    Ok(MonthsList(list))
}

/// A non-negative amount such as 32 or 32.50, under 10^16.
fn amount(raw: &str) -> Result<Decimal, String> {
    crate::input::values::parse_money_text(raw)
        .filter(|d| !d.is_sign_negative() && *d < Decimal::from(10i64.pow(16)))
        .ok_or_else(|| "expected a number such as 32 or 32.50, 0 or more".to_string())
}

fn rate(raw: &str) -> Result<Decimal, String> {
    amount(raw)
}

fn weeks(raw: &str) -> Result<Decimal, String> {
    amount(raw)
        .ok()
        .filter(|w| *w > Decimal::ZERO && *w <= Decimal::from(53))
        .ok_or_else(|| {
            "expected the working weeks in a year, above 0 and at most 53, such as 46".to_string()
        })
}

fn on_cost_rate(raw: &str) -> Result<Decimal, String> {
    amount(raw)
        .ok()
        .filter(|r| *r <= Decimal::from(10))
        .ok_or_else(|| "expected a rate from 0 to 10, such as 0.3 for 30%".to_string())
}

fn working_days(raw: &str) -> Result<Decimal, String> {
    amount(raw)
        .ok()
        .filter(|d| *d > Decimal::ZERO && *d <= Decimal::from(366))
        .ok_or_else(|| {
            "expected the working days in the period, above 0 and at most 366, such as 253"
                .to_string()
        })
}

/// A DfE reporting year, such as 2024 (1 October 2023 to 30 September 2024).
fn year(raw: &str) -> Result<i32, String> {
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
