//! The command line: the commands, each by its options (`Args`, in its own
//! file under `report/`), and nothing else. Shared options and the parsers
//! of flag values are in `options`.

use crate::report;
use clap::{Parser, Subcommand};

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
  swr forecast --by team --months 18
  swr forecast --backtest --history 24 --bands all
  swr check --data extracts/
  swr pack -o dashboard.xlsx --baseline 2015-12-31
  swr exceptions --fail-on red

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
    Vacancies(report::vacancies::Args),
    /// Agency against permanent cost per FTE (default --by job_title)
    Costs(report::costs::Args),
    /// Leavers in the period by reason (default --by reason)
    Leavers(report::leavers::Args),
    /// Turnover and stability in the period (default --by directorate)
    Turnover(report::turnover::Args),
    /// Length-of-service bands of leavers or staff
    Cohorts(report::cohorts::Args),
    /// Pay of staff in post against the market median, market supplements and the pay bill (default --by job_title,grade)
    Pay(report::pay::Args),
    /// The cost in --period of the one-off payments of [[incentive]] in swr.toml (default --by incentive)
    Incentives(report::incentives::Args),
    /// Cases held on the as-of date by staff in post and active agency placements (default --by team)
    Caseload(report::caseload::Args),
    /// Sickness absence in the period: days lost and the DfE absence rate (default --by directorate)
    Absence(report::absence::Args),
    /// The authority's row of the DfE children's social work workforce indicators
    Census(report::census::Args),
    /// The authority beside England, its region and its statistical neighbours (DfE indicators built in)
    Benchmark(report::benchmark::Args),
    /// How many starters stay: cohorts of starters retained at 6, 12, 24 months (default --by cohort)
    Retention(report::retention::Args),
    /// Who moved between two payroll snapshots: joined, left, promotions, transfers (default --by directorate)
    Movements(report::movements::Args),
    /// Agency placements and workers in the period, long placements and conversions to permanent (default --by directorate)
    Agency(report::agency::Args),
    /// The workforce month by month ahead: leaving by length of service, the pipeline and [[plan]], vacancy and agency need (default --by directorate); --backtest says how good it was
    Forecast(report::forecast::Args),
    /// Load every extract and list every problem in every one
    Check(report::check::Args),
    /// The monthly action update: each indicator of [targets] in swr.toml against its target, last month and the baseline, what is off target first (default --by team)
    Exceptions(report::exceptions::Args),
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
    Pack(report::pack::Args),
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
