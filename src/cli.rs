//! Command-line definitions only; `settings` turns them into one validated value.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  swr vacancies --by directorate
  swr vacancies --by job_title --across directorate --as-of 2015-09-30
  swr costs --by job_title --cap 32
  swr leavers --service '<2' --top 3
  swr turnover --by team --period 2016/17
  swr cohorts --of staff --by directorate
  swr check --data extracts/

Extracts are read from the current folder (establishment.*, payroll.*, agency.*,
leavers.*), from --data FOLDER or --data WORKBOOK.xlsx, or one by one with
--payroll PATH[#Sheet]. Output is a table on a terminal and CSV when piped.";

#[derive(Debug, Parser)]
#[command(
    name = "swr",
    version,
    about = "Social care workforce tables from HR extracts: vacancies, agency costs, leavers, turnover, length of service",
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
        #[arg(long, value_name = "COL")]
        across: Option<String>,
    },
    /// Agency against permanent cost per FTE (default --by job_title)
    Costs {
        #[command(flatten)]
        common: Common,
        /// Add over_cap: active placements charged above RATE an hour
        #[arg(long, value_name = "RATE")]
        cap: Option<String>,
        /// Working weeks in an agency FTE-year [default: 46, or weeks in swr.toml]
        #[arg(long, value_name = "N")]
        weeks: Option<String>,
        /// Add salary x R for employer on-costs when employer_ni and employer_pension are absent
        #[arg(long, value_name = "R")]
        on_cost_rate: Option<String>,
    },
    /// Leavers in the period by reason (default --by reason)
    Leavers {
        #[command(flatten)]
        common: Common,
        /// Keep leavers whose length of service is in BAND: <2, 2-5, 10+
        #[arg(long, value_name = "BAND", allow_hyphen_values = true)]
        service: Option<String>,
        /// Keep the N largest rows (ties kept) and fold the rest into "All other"
        #[arg(long, value_name = "N")]
        top: Option<usize>,
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
        /// Band boundaries in whole years
        #[arg(long, value_name = "LIST", default_value = "1,2,5,10")]
        bands: String,
    },
    /// Load every extract and list every problem in every one
    Check {
        #[command(flatten)]
        common: Common,
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

#[derive(Debug, Args, Clone, Default)]
pub struct Common {
    /// Folder holding establishment.*, payroll.*, agency.*, leavers.*, or one workbook with sheets of those names
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
    /// swr.toml to use [default: swr.toml in the data folder, if any]
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Snapshot date [default: as_of in swr.toml, else the period end, else the latest date in the extracts]
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Window for flows: 2015-10-01..2016-09-30, 2016, 2016-07, 2016Q3, 2016/17 [default: 12 months to the as-of date]
    #[arg(long, value_name = "P")]
    pub period: Option<String>,
    /// Group columns, comma separated
    #[arg(long, value_name = "COL[,COL...]")]
    pub by: Option<String>,
    /// Keep rows where COL=VALUE (or drop them with COL!=VALUE); repeatable
    #[arg(long = "where", value_name = "COL=VALUE")]
    pub filters: Vec<String>,
    /// table, csv, tsv, json or markdown [default: table on a terminal, else csv]
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,
    /// Write to FILE (format from its extension) instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Leave out the Total row
    #[arg(long)]
    pub no_totals: bool,
    /// Set aside rows with unreadable values instead of stopping (counted in the notes)
    #[arg(long)]
    pub skip_invalid: bool,
}
