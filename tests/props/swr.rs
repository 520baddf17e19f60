//! The report commands, what kind each of their figures is, and running
//! the real binary on a written council.

use crate::council::{AS_OF, PERIOD};
use crate::files::Written;
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};
use rust_decimal::Decimal;
use std::fmt::Debug;
use std::process::Command;

/// What a figure is, which decides its Total (SPEC 4 "Totals").
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    /// FTE, money, days: the Total is the sum of the rows, up to the
    /// rounding of the printed figures (its unit is the last decimal).
    Amount(u32),
    /// Counts of things of one row (placements, cases): the Total is the
    /// sum of the rows, exactly.
    Events,
    /// Counts of events that belong to a person (spells, payments, leaves).
    /// SPEC 4 "Totals" sums counts of events, but "Rows and people" sends a
    /// person's event to every group in which they have a row, so a spell of
    /// someone with posts in two teams counts in both and once in the Total:
    /// the property takes the weaker of the two rules, as for people.
    PersonEvents,
    /// Counts of people: each counted once in the Total, which is no more
    /// than the sum of the rows (and no less than the largest row).
    People,
    /// Rates, means, medians, per-FTE figures, least and most: worked out
    /// over everyone in the Total, no sum.
    Ratio,
}
use Kind::*;

const FTE: Kind = Amount(2);
const MONEY: Kind = Amount(2);
const DAYS: Kind = Amount(2);
/// census prints FTEs and days to 1 decimal, as the DfE publishes them.
const DFE: Kind = Amount(1);

/// How a command is given its dates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Dated {
    /// `--as-of` and `--period`.
    Period,
    /// `--year` (census: the year sets both).
    Year,
    /// No dates of its own (movements: two snapshots); `--as-of` is given
    /// and changes nothing.
    Snapshots,
    /// `--as-of` only (exceptions: its flows are over the 12 months, or
    /// the month, to each date it looks at; --period is a usage error).
    AsOf,
}

pub struct Cmd {
    pub id: &'static str,
    pub args: &'static [&'static str],
    /// The `--by` columns the partition property walks.
    pub by: &'static [&'static str],
    /// How many group columns the default `--by` gives.
    pub default_keys: usize,
    /// Key columns after the group columns (cohorts' band).
    pub trailing: usize,
    /// Key columns before the group columns (forecast's month): the table
    /// is read with them moved to just after the group columns, where
    /// they are trailing keys.
    pub leading: usize,
    pub figures: &'static [(&'static str, Kind)],
    /// Figures exempt from the partition rule by SPEC 4.
    pub exempt: &'static [&'static str],
    pub dated: Dated,
}

const ORG: &[&str] = &["directorate", "team", "job_title", "grade"];
pub const ORG_REASON: &[&str] = &["directorate", "team", "job_title", "grade", "reason"];

pub const VACANCIES: Cmd = Cmd {
    id: "vacancies",
    args: &["vacancies"],
    by: ORG,
    default_keys: 1,
    trailing: 0,
    leading: 0,
    figures: &[
        ("establishment_fte", FTE),
        ("in_post_fte", FTE),
        ("vacancy_fte", FTE),
        ("vacancy_rate_pct", Ratio),
        ("agency_fte", FTE),
        ("agency_cover_fte", FTE),
        ("agency_rate_pct", Ratio),
    ],
    exempt: &[],
    dated: Dated::Period,
};

pub const COSTS: Cmd = Cmd {
    id: "costs",
    args: &["costs"],
    by: ORG,
    default_keys: 1,
    trailing: 0,
    leading: 0,
    figures: &[
        ("permanent_fte", FTE),
        ("permanent_cost_per_fte", Ratio),
        ("agency_fte", FTE),
        ("agency_cost_per_fte", Ratio),
        ("premium_per_fte", Ratio),
        ("premium_pct", Ratio),
        ("annual_premium", MONEY),
        ("agency_spend", MONEY),
    ],
    // SPEC 4: annual_premium is worked out at the level of its row.
    exempt: &["annual_premium"],
    dated: Dated::Period,
};

pub const LEAVERS: Cmd = Cmd {
    id: "leavers",
    args: &["leavers"],
    by: ORG_REASON,
    default_keys: 1,
    trailing: 0,
    leading: 0,
    figures: &[
        ("leavers", PersonEvents),
        ("leavers_fte", FTE),
        ("share_pct", Ratio),
        ("exit_interviews", PersonEvents),
        ("exit_interview_pct", Ratio),
    ],
    // SPEC 4: share_pct is a share of the whole table.
    exempt: &["share_pct"],
    dated: Dated::Period,
};

pub const TURNOVER: Cmd = Cmd {
    id: "turnover",
    args: &["turnover"],
    by: ORG,
    default_keys: 1,
    trailing: 0,
    leading: 0,
    figures: &[
        ("in_post", People),
        ("in_post_fte", FTE),
        ("starters", People),
        ("leavers", PersonEvents),
        ("leavers_fte", FTE),
        ("turnover_pct", Ratio),
        ("turnover_fte_pct", Ratio),
        ("stability_pct", Ratio),
    ],
    exempt: &[],
    dated: Dated::Period,
};

const COHORT_FIGURES: &[(&str, Kind)] = &[
    ("headcount", People),
    ("fte", FTE),
    // within each group (SPEC 2), so not exempt: the group's share equals
    // the share in the table of its --where.
    ("share_pct", Ratio),
];

pub const COHORTS_LEAVERS: Cmd = Cmd {
    id: "cohorts_leavers",
    args: &["cohorts", "--of", "leavers"],
    by: ORG_REASON,
    default_keys: 0,
    trailing: 1,
    leading: 0,
    figures: COHORT_FIGURES,
    exempt: &[],
    dated: Dated::Period,
};

pub const COHORTS_STAFF: Cmd = Cmd {
    id: "cohorts_staff",
    args: &["cohorts", "--of", "staff"],
    by: ORG,
    default_keys: 0,
    trailing: 1,
    leading: 0,
    figures: COHORT_FIGURES,
    exempt: &[],
    dated: Dated::Period,
};

pub const PAY: Cmd = Cmd {
    id: "pay",
    args: &["pay"],
    by: ORG,
    default_keys: 2,
    trailing: 0,
    leading: 0,
    figures: &[
        ("headcount", People),
        ("fte", FTE),
        ("salary_median", Ratio),
        ("salary_mean", Ratio),
        ("salary_min", Ratio),
        ("salary_max", Ratio),
        ("market_median", Ratio),
        ("gap_to_market", Ratio),
        ("gap_pct", Ratio),
        ("with_supplement", People),
        ("supplement_median", Ratio),
        ("supplement_total", MONEY),
        ("paybill", MONEY),
    ],
    exempt: &[],
    dated: Dated::Period,
};

pub const INCENTIVES: Cmd = Cmd {
    id: "incentives",
    args: &["incentives"],
    by: ORG,
    default_keys: 1,
    trailing: 0,
    leading: 0,
    figures: &[
        ("people", People),
        ("payments", PersonEvents),
        ("cost", MONEY),
    ],
    exempt: &[],
    dated: Dated::Period,
};

pub const CASELOAD: Cmd = Cmd {
    id: "caseload",
    args: &["caseload"],
    by: ORG,
    default_keys: 1,
    trailing: 0,
    leading: 0,
    figures: &[
        ("case_holders", People),
        ("case_holders_fte", FTE),
        ("cases", Events),
        ("caseload_fte", Ratio),
        ("mean_cases", Ratio),
        ("median_cases", Ratio),
        ("max_cases", Ratio),
    ],
    exempt: &[],
    dated: Dated::Period,
};

pub const ABSENCE: Cmd = Cmd {
    id: "absence",
    args: &["absence"],
    by: ORG,
    default_keys: 1,
    trailing: 0,
    leading: 0,
    figures: &[
        ("in_post_fte", FTE),
        ("spells", PersonEvents),
        ("people_absent", People),
        ("working_days_lost", DAYS),
        ("fte_days_lost", DAYS),
        ("days_lost_per_fte", Ratio),
        ("absence_rate_pct", Ratio),
        ("long_term_spells", PersonEvents),
    ],
    exempt: &[],
    dated: Dated::Period,
};

/// absence `--by reason`: the spell's own reason (SPEC 5). in_post_fte on
/// a reason row is the whole stock its spells are measured against (the
/// staff are not divided by a spell's reason), a denominator: it is not
/// summed in the Total (SPEC 5, absence; a note says so).
pub const ABSENCE_BY_REASON: Cmd = Cmd {
    id: "absence_by_reason",
    by: &["reason"],
    figures: &[
        ("in_post_fte", Ratio),
        ("spells", PersonEvents),
        ("people_absent", People),
        ("working_days_lost", DAYS),
        ("fte_days_lost", DAYS),
        ("days_lost_per_fte", Ratio),
        ("absence_rate_pct", Ratio),
        ("long_term_spells", PersonEvents),
    ],
    ..ABSENCE
};

pub const CENSUS: Cmd = Cmd {
    id: "census",
    args: &["census"],
    by: ORG,
    default_keys: 0,
    trailing: 0,
    leading: 0,
    figures: &[
        ("inpost_fte", DFE),
        ("inpost_headcount", People),
        ("starters_fte", DFE),
        ("starters_headcount", People),
        ("leavers_fte", DFE),
        ("leavers_headcount", People),
        ("turnover_rate_fte", Ratio),
        ("turnover_rate_headcount", Ratio),
        ("agency_fte", DFE),
        // placements, not de-duplicated (SPEC 5)
        ("agency_headcount", Events),
        ("agency_rate_fte", Ratio),
        ("agency_rate_headcount", Ratio),
        ("agency_cover_fte", DFE),
        ("agency_cover_rate_fte", Ratio),
        ("vacancy_fte", DFE),
        ("vacancy_rate_fte", Ratio),
        ("vacancy_agency_cover_rate_fte", Ratio),
        ("case_holders_fte", DFE),
        ("cases", Events),
        ("caseload_fte", Ratio),
        ("working_days_lost_fte", DFE),
        ("absence_rate_fte", Ratio),
    ],
    exempt: &[],
    dated: Dated::Year,
};

pub const RETENTION: Cmd = Cmd {
    id: "retention",
    args: &["retention"],
    by: ORG,
    default_keys: 1,
    trailing: 0,
    leading: 0,
    figures: &[
        ("starters", People),
        ("still_in_post", People),
        ("still_in_post_pct", Ratio),
        ("eligible_6m", People),
        ("retained_6m", People),
        ("retained_6m_pct", Ratio),
        ("eligible_12m", People),
        ("retained_12m", People),
        ("retained_12m_pct", Ratio),
        ("eligible_24m", People),
        ("retained_24m", People),
        ("retained_24m_pct", Ratio),
    ],
    exempt: &[],
    dated: Dated::Period,
};

pub const MOVEMENTS: Cmd = Cmd {
    id: "movements",
    args: &["movements"],
    by: ORG,
    default_keys: 1,
    trailing: 0,
    leading: 0,
    figures: &[
        ("in_from", People),
        ("in_to", People),
        ("joined", People),
        ("left", People),
        ("stayed", People),
        ("grade_changes", People),
        ("promotions", People),
        ("transfers", People),
        ("job_changes", People),
        ("fte_changes", People),
    ],
    exempt: &[],
    dated: Dated::Snapshots,
};

pub const AGENCY: Cmd = Cmd {
    id: "agency",
    args: &["agency"],
    by: ORG,
    default_keys: 1,
    trailing: 0,
    leading: 0,
    figures: &[
        ("placements", Events),
        ("workers", People),
        ("active", Events),
        ("agency_fte", FTE),
        ("covering_vacancy", People),
        ("long_running", Events),
        ("converted", People),
    ],
    exempt: &[],
    dated: Dated::Period,
};

/// Every indicator of every group (`--all`), each row keyed by its group
/// and its indicator; the swr.toml of a council sets a target for each.
pub const EXCEPTIONS: Cmd = Cmd {
    id: "exceptions",
    args: &["exceptions", "--all"],
    by: ORG,
    default_keys: 1,
    trailing: 1,
    leading: 0,
    figures: &[
        ("value", Ratio),
        ("green", Ratio),
        ("red", Ratio),
        ("previous", Ratio),
        ("change", Ratio),
        ("baseline", Ratio),
        ("months_off_target", Ratio),
    ],
    exempt: &[],
    dated: Dated::AsOf,
};

/// forecast: a block of rows per month (the month first: read as a
/// trailing key). Agency need and its cost are worked out at the level of
/// their row (the group's cover ratio and agency cost per FTE, as costs'
/// annual_premium), so they are exempt from the partition rule.
pub const FORECAST: Cmd = Cmd {
    id: "forecast",
    args: &["forecast", "--months", "3"],
    by: ORG,
    default_keys: 1,
    trailing: 1,
    leading: 1,
    figures: &[
        ("in_post_fte", FTE),
        ("expected_leavers_fte", FTE),
        ("starters_fte", FTE),
        ("establishment_fte", FTE),
        ("vacancy_fte", FTE),
        ("vacancy_rate_pct", Ratio),
        ("agency_fte_needed", FTE),
        ("agency_cost", MONEY),
    ],
    exempt: &["agency_fte_needed", "agency_cost"],
    dated: Dated::Period,
};

impl Cmd {
    pub fn kind(&self, col: &str) -> Option<Kind> {
        self.figures
            .iter()
            .find(|(n, _)| *n == col)
            .map(|(_, k)| *k)
    }
}

// ---------------------------------------------------------------------------
// Running swr

pub struct Out {
    /// The command's leading key columns, and its figures' names.
    pub leading: usize,
    pub figures: Vec<&'static str>,
    pub args: Vec<String>,
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    pub fn line(&self) -> String {
        format!("swr {}", self.args.join(" "))
    }
    /// The CSV table, or a test failure naming the run.
    pub fn table(&self) -> Result<Tab, TestCaseError> {
        if self.status != 0 {
            return Err(TestCaseError::fail(format!(
                "{} exited {}:\n{}",
                self.line(),
                self.status,
                self.stderr
            )));
        }
        let mut t = Tab::parse(&self.stdout);
        if self.leading > 0 {
            // The leading keys go after the group columns.
            let first_figure = t
                .header
                .iter()
                .position(|h| self.figures.contains(&h.as_str()))
                .unwrap_or(t.header.len());
            let order: Vec<usize> = (self.leading..first_figure)
                .chain(0..self.leading)
                .chain(first_figure..t.header.len())
                .collect();
            let pick =
                |r: &Vec<String>| -> Vec<String> { order.iter().map(|&i| r[i].clone()).collect() };
            t.header = order.iter().map(|&i| t.header[i].clone()).collect();
            t.rows = t.rows.iter().map(pick).collect();
        }
        Ok(t)
    }
}

/// The dates a run is given.
pub enum Dates {
    /// The council's as-of date and period (census: its year).
    Default,
    /// These flags instead.
    Custom(Vec<String>),
}

pub fn default_dates(cmd: &Cmd) -> Vec<String> {
    match cmd.dated {
        Dated::Period => vec![
            "--as-of".into(),
            AS_OF.into(),
            "--period".into(),
            PERIOD.into(),
        ],
        Dated::Year => vec!["--year".into(), "2024".into()],
        Dated::Snapshots | Dated::AsOf => vec!["--as-of".into(), AS_OF.into()],
    }
}

/// Run `cmd` on the written council with `extra` flags, as CSV.
pub fn run(cmd: &Cmd, w: &Written, dates: Dates, extra: &[&str]) -> Out {
    let mut args: Vec<String> = cmd.args.iter().map(|s| s.to_string()).collect();
    args.extend(["--data".into(), w.data.display().to_string()]);
    args.extend(["--config".into(), w.config.display().to_string()]);
    if cmd.dated == Dated::Snapshots {
        args.extend(["--from".into(), w.earlier.clone()]);
    }
    match dates {
        Dates::Default => args.extend(default_dates(cmd)),
        Dates::Custom(v) => args.extend(v),
    }
    args.extend(extra.iter().map(|s| s.to_string()));
    args.extend(["--format".into(), "csv".into()]);
    let out = swr_command()
        .args(&args)
        .env_remove("POLARS_MAX_THREADS")
        .env("SWR_NO_PROGRESS", "1")
        .output()
        .expect("swr runs");
    // Show paths relative to the council's folder in messages.
    let root = w.dir.path().display().to_string();
    let short = |s: String| s.replace(&root, "COUNCIL");
    Out {
        leading: cmd.leading,
        figures: cmd.figures.iter().map(|(n, _)| *n).collect(),
        args: args.into_iter().map(short).collect(),
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("utf-8 output"),
        stderr: short(String::from_utf8_lossy(&out.stderr).into_owned()),
    }
}

/// A CSV table as printed.
#[derive(Clone, Debug, PartialEq)]
pub struct Tab {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Tab {
    pub fn parse(text: &str) -> Tab {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(text.as_bytes());
        let header = r
            .headers()
            .expect("header")
            .iter()
            .map(String::from)
            .collect();
        let rows = r
            .records()
            .map(|rec| rec.expect("record").iter().map(String::from).collect())
            .collect();
        Tab { header, rows }
    }
    pub fn col(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }
    /// How many key columns lead the table (those before its first figure).
    pub fn keys(&self, cmd: &Cmd) -> usize {
        self.header
            .iter()
            .position(|h| cmd.kind(h).is_some())
            .unwrap_or(self.header.len())
    }
    pub fn show(&self) -> String {
        let mut s = self.header.join(",");
        for r in &self.rows {
            s.push('\n');
            s.push_str(&r.join(","));
        }
        s
    }
}

/// A printed figure as a decimal (None for N/A, an empty cell).
pub fn dec(s: &str) -> Option<Decimal> {
    if s.is_empty() {
        None
    } else {
        Some(s.parse().unwrap_or_else(|_| panic!("not a number: {s:?}")))
    }
}

/// The binary under test: this build's, or `SWR_BIN` (to see a property
/// on an earlier or a frozen build while this one changes).
pub fn swr_command() -> Command {
    match std::env::var_os("SWR_BIN") {
        Some(bin) => Command::new(bin),
        None => Command::new(env!("CARGO_BIN_EXE_swr")),
    }
}

// ---------------------------------------------------------------------------
// Property runner

/// How many cases a property tries: SWR_PROP_CASES (or PROPTEST_CASES)
/// when set, else the property's own small default.
pub fn cases(default: u32) -> u32 {
    for var in ["SWR_PROP_CASES", "PROPTEST_CASES"] {
        if let Some(n) = std::env::var(var).ok().and_then(|v| v.parse().ok()) {
            return n;
        }
    }
    default
}

/// Run a property over `cases` councils; on failure, panic with the
/// smallest council proptest shrank it to.
pub fn check<S>(
    name: &str,
    default_cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) where
    S: proptest::strategy::Strategy,
    S::Value: Debug,
{
    let mut cfg = Config::with_cases(cases(default_cases));
    cfg.failure_persistence = None;
    if std::env::var_os("PROPTEST_MAX_SHRINK_TIME").is_none() {
        // Shrinking runs swr many times: a bound, raised by the variable.
        cfg.max_shrink_time = 120_000;
    }
    if std::env::var_os("PROPTEST_MAX_SHRINK_ITERS").is_none() {
        // proptest's default is 4 x the cases: far too few for a council
        cfg.max_shrink_iters = 100_000;
    }
    let mut runner = TestRunner::new(cfg);
    match runner.run(&strategy, test) {
        Ok(()) => {}
        Err(TestError::Fail(why, value)) => {
            panic!("{name}: {why}\n\nsmallest failing case found:\n{value:#?}")
        }
        Err(e) => panic!("{name}: {e}"),
    }
}

/// Fail the case with a message unless `cond`.
#[macro_export]
macro_rules! ensure {
    ($cond:expr, $($fmt:tt)+) => {
        if !$cond {
            return Err(proptest::test_runner::TestCaseError::fail(format!($($fmt)+)));
        }
    };
}
