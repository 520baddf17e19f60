//! `swr exceptions`: the monthly action update (Cambridgeshire 5.1: "a
//! monthly action update ... Exception reports"). Each indicator with a
//! target in swr.toml `[targets]`, for every group and the whole table,
//! against its green and red thresholds, last month and the baseline; what
//! is off target first.
//!
//! Every value is the figure its own command prints for the same group,
//! `--where` and as-of date: the reports are run, not written again here
//! (`vacancies`, `turnover`, `caseload`, `absence`, and `costs` over the
//! month to the date). The extracts are read once and each report's model
//! opened once (`input::Session`); the reports are asked again for each
//! earlier month the walk needs, on that model re-dated.

use crate::exit;
use crate::extracts::Dataset;
use crate::frame;
use crate::model::{Model, Needs};
use crate::options::Common;
use crate::period::{fmt_date, Period};
use crate::series::{self, Compare};
use crate::settings::{usage, Better, Settings, Target};
use crate::table::{printed, Kind, Of, Page, Rating, Table, Value};
use anyhow::Result;
use chrono::NaiveDate;
use polars::prelude::col;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};

/// How far back `months_off_target` looks.
const MOST_MONTHS: u32 = 24;

/// How many months back the walk works out at once (side by side).
const BATCH: usize = 4;

/// A report that gives some of the indicators.
struct Source {
    command: &'static str,
    indicators: &'static [&'static str],
    /// The extracts it cannot do without.
    needs: &'static [Dataset],
    /// Its flows are over the month to the date (agency spend), not the 12
    /// months.
    monthly: bool,
    report: fn(&Settings) -> Result<Table>,
}

const SOURCES: [Source; 5] = [
    Source {
        command: "vacancies",
        indicators: &["vacancy_rate_pct", "agency_rate_pct"],
        needs: &[Dataset::Establishment, Dataset::Payroll],
        monthly: false,
        report: |s| super::vacancies::run(s, None),
    },
    Source {
        command: "turnover",
        indicators: &["turnover_pct", "stability_pct"],
        needs: &[Dataset::Payroll, Dataset::Leavers],
        monthly: false,
        report: |s| super::turnover::run(s, super::turnover::Denominator::End),
    },
    Source {
        command: "caseload",
        indicators: &["caseload_fte"],
        needs: &[Dataset::Payroll],
        monthly: false,
        report: |s| super::caseload::run(s, crate::model::CaseloadOf::All, None),
    },
    Source {
        command: "absence",
        indicators: &["absence_rate_pct"],
        needs: &[Dataset::Absence, Dataset::Payroll],
        monthly: false,
        report: |s| super::absence::run(s, None),
    },
    Source {
        command: "costs",
        indicators: &["agency_spend"],
        needs: &[Dataset::Payroll, Dataset::Agency],
        monthly: true,
        report: |s| {
            super::costs::run(
                s,
                &super::costs::Options {
                    cap: None,
                    weeks: None,
                    on_cost_rate: None,
                },
            )
        },
    },
];

/// A group's row key: its `--by` cells as the reports print them; the
/// whole table is `Total` then blanks.
type Key = Vec<String>;

/// The status of one figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// Against its target (red first, as the update lists them).
    Rated(Rating),
    /// A rate of a group under `min_headcount` people.
    Small,
    NotAvailable,
}

impl Status {
    pub fn word(self) -> &'static str {
        match self {
            Status::Rated(r) => r.word(),
            Status::Small => "small",
            Status::NotAvailable => "n/a",
        }
    }

    fn off_target(self) -> bool {
        matches!(self, Status::Rated(Rating::Red | Rating::Amber))
    }
}

/// The figures of every indicator asked for, and the people in post, of
/// every group on one date.
#[derive(Default)]
struct Snapshot {
    /// (group, indicator) -> the figure as printed (None: N/A), with its kind.
    values: BTreeMap<(Key, &'static str), Option<Decimal>>,
    /// People in post on the date, per group.
    heads: BTreeMap<Key, u64>,
    /// The reports that gave a table.
    sources: BTreeSet<usize>,
}

impl Snapshot {
    /// Every group any report, or the stock, has a row for.
    fn groups(&self) -> BTreeSet<Key> {
        let mut groups: BTreeSet<Key> = self.heads.keys().cloned().collect();
        groups.extend(self.values.keys().map(|(k, _)| k.clone()));
        groups
    }
}

/// What one thread works out for a snapshot.
enum Part {
    Table(usize, Table),
    Heads(BTreeMap<Key, u64>),
    /// What the report cannot do on these extracts (a `--by` or `--where`
    /// column one of its extracts lacks), in its own words.
    Unavailable(usize, String),
}

/// What the run found out about the indicators, shared across dates.
struct Run<'a> {
    settings: &'a Settings,
    by: Vec<String>,
    /// Indicators with a target whose extracts are there.
    targets: Vec<&'a Target>,
    /// Each indicator's print kind, as its report declares it.
    kinds: BTreeMap<&'static str, Kind>,
    /// The reports' alerts (rows set aside), each once.
    alerts: Vec<String>,
    notes: Vec<String>,
}

impl Run<'_> {
    /// The settings of the reports on `day`: stocks on it, flows over the
    /// 12 months to it (the month to it for a monthly source).
    fn at(&self, day: NaiveDate, monthly: bool) -> Result<Settings> {
        let mut s = series::at(self.settings, day);
        s.by = Some(self.by.clone());
        s.totals = true;
        s.compare = None;
        s.suppress = None;
        if monthly {
            let start = series::months_back(day, 1)
                .and_then(|d| d.succ_opt())
                .ok_or_else(|| {
                    anyhow::anyhow!("the month before {} is out of range", fmt_date(day))
                })?;
            s.period = Some(Period { start, end: day });
        }
        Ok(s)
    }

    /// Report `s` as `settings` ask it.
    fn run_source(&self, s: usize, settings: &Settings) -> Result<Part> {
        match (SOURCES[s].report)(settings) {
            Ok(mut table) => {
                table.sum_totals();
                Ok(Part::Table(s, table))
            }
            // Its indicators are not available, and the others are still
            // rated; a cell it cannot read stops the run.
            Err(e) if crate::model::is_usage(&e) => Ok(Part::Unavailable(s, format!("{e:#}"))),
            Err(e) => Err(e),
        }
    }

    /// One report (or the people in post, for `None`) on `day`.
    fn part(&self, day: NaiveDate, source: Option<usize>) -> Result<Part> {
        let started = std::time::Instant::now();
        let part = match source {
            Some(s) => self.run_source(s, &self.at(day, SOURCES[s].monthly)?)?,
            None => Part::Heads(heads(&self.at(day, false)?, &self.by)?),
        };
        let what = source.map_or("people in post", |s| SOURCES[s].command);
        crate::progress::timing(&format!("exceptions: {what} on {}", fmt_date(day)), started);
        Ok(part)
    }

    /// The figures on each of `days` of the indicators in `wanted`. The
    /// reports are run side by side, one to a core (each reads the
    /// extracts already loaded); an error is the first in date and report
    /// order, whichever thread met it first.
    fn snapshots(
        &mut self,
        days: &[NaiveDate],
        wanted: &BTreeSet<&'static str>,
    ) -> Result<Vec<Snapshot>> {
        let mut tasks: Vec<(usize, Option<usize>)> = Vec::new();
        for d in 0..days.len() {
            for (s, source) in SOURCES.iter().enumerate() {
                if source.indicators.iter().any(|i| wanted.contains(i)) {
                    tasks.push((d, Some(s)));
                }
            }
            tasks.push((d, None));
        }
        let this = &*self;
        let results = crate::frame::side_by_side(tasks.len(), |k| {
            let (d, s) = tasks[k];
            this.part(days[d], s)
        });
        let mut snaps: Vec<Snapshot> = days.iter().map(|_| Snapshot::default()).collect();
        for ((d, _), result) in tasks.iter().zip(results) {
            let part =
                result.unwrap_or_else(|| Err(anyhow::anyhow!("a report could not be run")))?;
            let snap = &mut snaps[*d];
            match part {
                Part::Heads(heads) => snap.heads = heads,
                Part::Unavailable(s, why) => {
                    let source = &SOURCES[s];
                    let note = format!(
                        "{}: not available: swr {} says: {why}",
                        source
                            .indicators
                            .iter()
                            .filter(|i| wanted.contains(*i))
                            .copied()
                            .collect::<Vec<_>>()
                            .join(" and "),
                        source.command
                    );
                    if !self.notes.contains(&note) {
                        self.notes.push(note);
                    }
                }
                Part::Table(s, table) => {
                    snap.sources.insert(s);
                    // What no reader may miss (rows set aside, a filter
                    // that keeps nothing, an extract not found), once.
                    for a in &table.alerts {
                        if !self.alerts.contains(a) {
                            self.alerts.push(a.clone());
                        }
                    }
                    for n in &table.notes {
                        let told = n.contains("set aside")
                            || n.contains("keeps no rows")
                            || n.contains("extract found");
                        let note = format!("swr {}: {n}", SOURCES[s].command);
                        if told && !self.notes.iter().any(|m| m.ends_with(n.as_str())) {
                            self.notes.push(note);
                        }
                    }
                    for i in SOURCES[s].indicators.iter().filter(|i| wanted.contains(*i)) {
                        let Some(c) = table.col(i) else { continue };
                        let column = &table.columns[c];
                        self.kinds.entry(i).or_insert(column.kind);
                        // The report's Total is its last row.
                        let last = table.rows.len().saturating_sub(1);
                        for (r, row) in table.rows.iter().enumerate() {
                            let key = if r == last && crate::table::is_closing(row) {
                                total_key()
                            } else {
                                table.keys_of(row)
                            };
                            if let Value::NumAs(_, k) = &row[c] {
                                self.kinds.insert(i, *k);
                            }
                            let v = figure(&row[c], column.kind);
                            snap.values.insert((key, i), v);
                        }
                    }
                }
            }
        }
        for (snap, day) in snaps.iter_mut().zip(days) {
            self.fill_missing(snap, *day, wanted)?;
        }
        Ok(snaps)
    }

    /// A group one report has no row for (a team with nobody in post and
    /// no agency, in costs) gets what that report gives for the group
    /// alone, its Total under `--where` the group's keys: so a row is
    /// always the Total of its `--where` (SPEC 4, the partition rule).
    fn fill_missing(
        &mut self,
        snap: &mut Snapshot,
        day: NaiveDate,
        wanted: &BTreeSet<&'static str>,
    ) -> Result<()> {
        for &s in &snap.sources.clone() {
            let source = &SOURCES[s];
            let indicators: Vec<&'static str> = source
                .indicators
                .iter()
                .copied()
                .filter(|i| wanted.contains(i))
                .collect();
            let missing: Vec<Key> = snap
                .groups()
                .into_iter()
                .filter(|k| *k != total_key())
                .filter(|k| {
                    indicators
                        .iter()
                        .any(|i| !snap.values.contains_key(&(k.clone(), *i)))
                })
                .collect();
            for key in missing {
                // Rows no filter can select (a spell of nobody's, a blank
                // key) have no figure.
                let selectable = key
                    .iter()
                    .all(|k| k != crate::frame::BLANK && k != crate::measures::spells::UNKNOWN);
                let mut figures: Vec<Option<Decimal>> = vec![None; indicators.len()];
                if selectable {
                    let mut settings = self.at(day, source.monthly)?;
                    for (column, value) in self.by.iter().zip(&key) {
                        settings.filters.push(crate::settings::Filter {
                            column: column.clone(),
                            value: value.clone(),
                            keep: true,
                        });
                    }
                    if let Part::Table(_, table) = self.run_source(s, &settings)? {
                        if let Some(total) =
                            table.rows.last().filter(|r| crate::table::is_closing(r))
                        {
                            for (f, i) in figures.iter_mut().zip(&indicators) {
                                if let Some(c) = table.col(i) {
                                    *f = figure(&total[c], table.columns[c].kind);
                                }
                            }
                        }
                    }
                }
                for (f, i) in figures.into_iter().zip(&indicators) {
                    snap.values.insert((key.clone(), i), f);
                }
            }
        }
        Ok(())
    }

    /// An indicator's figure for a group on a snapshot's date. A group the
    /// report has no row for has no figure (N/A), as that report's Total
    /// under `--where` that group says: the partition rule.
    fn value(&self, snap: &Snapshot, key: &Key, indicator: &'static str) -> Option<Decimal> {
        snap.values
            .get(&(key.clone(), indicator))
            .copied()
            .flatten()
    }

    fn status(&self, snap: &Snapshot, key: &Key, target: &Target) -> Status {
        let Some(v) = self.value(snap, key, target.indicator) else {
            return Status::NotAvailable;
        };
        let heads = snap.heads.get(key).copied().unwrap_or(0);
        if is_rate(target.indicator) && heads < u64::from(self.settings.targets.min_headcount) {
            return Status::Small;
        }
        Status::Rated(target.status(v))
    }
}

/// A cell's figure as printed (None for N/A), in its own kind or its
/// column's.
fn figure(v: &Value, column: Kind) -> Option<Decimal> {
    match v {
        Value::Num(d) => Some(printed(*d, column)),
        Value::NumAs(d, k) => Some(printed(*d, *k)),
        _ => None,
    }
}

/// A rate (or a figure per FTE) is not rated for a group too small to
/// bear one; an amount of money is.
fn is_rate(indicator: &str) -> bool {
    indicator != "agency_spend"
}

/// The key of the whole table's figures: a key no group has, so that a
/// team named "Total" stays a group of its own (it prints as the reports
/// print it: a row "Total" among the groups, the whole table's last).
fn total_key() -> Key {
    vec![crate::table::Closing::Total.key().to_string()]
}

const HEADS: Needs = Needs {
    command: "exceptions",
    required: &[Dataset::Payroll],
    optional: &[Dataset::Leavers],
    columns: &["employee_id"],
    figures: &[],
    stock: true,
};

/// People in post on the settings' as-of date per group (each once in a
/// group, once in the Total), as the model's stock counts them.
fn heads(settings: &Settings, by: &[String]) -> Result<BTreeMap<Key, u64>> {
    let model = Model::open(settings, &HEADS, by, &[])?;
    let cols: Vec<&str> = by.iter().map(String::as_str).collect();
    let stock = model.stock(model.as_of, &cols)?;
    // Heads for the threshold only: nobody asks who is in two groups.
    let rows = frame::rows_plain(
        |keys| {
            Ok(frame::agg(
                stock.frame.clone(),
                keys,
                vec![col("employee_id").n_unique().alias("people")],
            ))
        },
        by,
    )?;
    let mut out = BTreeMap::new();
    for g in &rows.groups {
        out.insert(g.keys.clone(), g.count("people"));
    }
    out.insert(total_key(), rows.total.count("people"));
    Ok(out)
}

/// The command line of `swr exceptions` (its description is on its variant
/// in cli.rs, which clap shows).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub common: Common,
    /// List every indicator of every group, not only those off target
    #[arg(long)]
    pub all: bool,
    /// Set each figure against its value as of DATE [default: baseline in swr.toml]
    #[arg(long, value_name = "DATE", value_parser = crate::options::baseline)]
    pub baseline: Option<NaiveDate>,
    /// Exit with status 3 when a row is at or past this status, for scheduled scripts
    #[arg(long, value_enum, value_name = "STATUS")]
    pub fail_on: Option<FailOn>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    Amber,
    Red,
}

impl super::Report for Args {
    fn common(&self) -> &Common {
        &self.common
    }

    fn whole(&self, settings: &Settings) -> Option<Result<(Table, i32)>> {
        Some(run(settings, self))
    }

    fn side_by_side(&self) -> bool {
        true
    }

    fn run(&self, settings: &Settings) -> Result<(Table, i32)> {
        run(settings, self)
    }
}

/// One row of the action update.
struct Line<'a> {
    key: Key,
    target: &'a Target,
    value: Option<Decimal>,
    status: Status,
    previous: Option<Decimal>,
    baseline: Option<Decimal>,
    months: u32,
    /// How far past green, relative to green (for the order).
    past: Decimal,
}

pub fn run(settings: &Settings, args: &Args) -> Result<(Table, i32)> {
    if settings.every.is_some() {
        return Err(usage(
            "swr exceptions: --every does not apply; the action update sets one month against the month before, the baseline and its targets (for a series, run the indicator's own report with --every month)",
        ));
    }
    if settings.period.is_some() {
        return Err(usage(
            "swr exceptions: --period does not apply; each figure is as of a date, its flows over the 12 months to it (agency spend over the month): give the date with --as-of",
        ));
    }
    if settings.suppress.is_some() {
        return Err(usage(
            "swr exceptions: --suppress does not apply; the action update holds rates and amounts, not counts to hide",
        ));
    }
    let config = settings
        .config_file
        .as_ref()
        .map_or("swr.toml".to_string(), |p| p.display().to_string());
    if settings.targets.each.is_empty() {
        return Err(usage(format!(
            "swr exceptions: {config} has no [targets]; give each indicator to watch its green and red thresholds, such as\n  [targets]\n  vacancy_rate_pct = {{ green = 10, red = 15 }}\n  turnover_pct     = {{ green = 12, red = 18 }}\n  stability_pct    = {{ green = 85, red = 75 }}   # higher is better"
        )));
    }
    let by = settings.by_or(&["team"]);
    // The as-of date every command on these extracts uses.
    let opened = Model::dates(settings, "exceptions")?;
    let as_of = opened.as_of;
    let mut run = Run {
        settings,
        by: by.clone(),
        targets: Vec::new(),
        kinds: BTreeMap::new(),
        alerts: Vec::new(),
        notes: Vec::new(),
    };
    // An indicator whose extracts are missing is said to be unavailable,
    // never silently left out.
    for target in &settings.targets.each {
        let source = SOURCES
            .iter()
            .find(|s| s.indicators.contains(&target.indicator))
            .expect("every target indicator has a source");
        let mut missing = Vec::new();
        for ds in source.needs {
            if settings.sources.locate(*ds)?.is_none() {
                missing.push(ds.name());
            }
        }
        if missing.is_empty() {
            run.targets.push(target);
        } else {
            run.notes.push(format!(
                "{}: not available: swr {} needs the {} extract{}, and none was found.",
                target.indicator,
                source.command,
                missing.join(" and "),
                if missing.len() > 1 { "s" } else { "" }
            ));
        }
    }
    let previous_day = match settings.compare {
        None => series::months_back(as_of, 1),
        Some(Compare::Date(d)) => Some(d),
        Some(Compare::Period(p)) => Some(p.end),
    }
    .ok_or_else(|| anyhow::anyhow!("the month before {} is out of range", fmt_date(as_of)))?;
    let baseline_day = args.baseline.or(settings.baseline);
    // The figures of a later day are not yet known.
    for (what, day) in [
        ("the baseline", baseline_day),
        ("--compare", Some(previous_day)),
    ] {
        if let Some(d) = day.filter(|d| *d > as_of) {
            return Err(usage(format!(
                "swr exceptions: {what} ({}) is after the as-of date ({}); it sets the figures against an earlier day",
                fmt_date(d),
                fmt_date(as_of)
            )));
        }
    }
    let all: BTreeSet<&'static str> = run.targets.iter().map(|t| t.indicator).collect();
    let mut days = vec![as_of, previous_day];
    days.extend(baseline_day);
    let mut snaps = run.snapshots(&days, &all)?.into_iter();
    let (Some(now), Some(before)) = (snaps.next(), snaps.next()) else {
        unreachable!("a snapshot for each day asked")
    };
    let base = snaps.next();

    let total_key = total_key();
    // Groups in the order the reports print them, the Total last.
    let mut groups: Vec<Key> = now
        .groups()
        .into_iter()
        .filter(|k| *k != total_key)
        .collect();
    if settings.totals {
        groups.push(total_key.clone());
    }
    let mut lines: Vec<Line> = Vec::new();
    for key in &groups {
        for target in &run.targets {
            let status = run.status(&now, key, target);
            let value = run.value(&now, key, target.indicator);
            let past = match value {
                Some(v) if !target.green.is_zero() => {
                    let beyond = match target.better {
                        Better::Lower => v - target.green,
                        Better::Higher => target.green - v,
                    };
                    beyond / target.green.abs()
                }
                Some(v) => (v - target.green).abs(),
                None => Decimal::ZERO,
            };
            lines.push(Line {
                key: key.clone(),
                target,
                value,
                status,
                previous: run.value(&before, key, target.indicator),
                baseline: base
                    .as_ref()
                    .and_then(|b| run.value(b, key, target.indicator)),
                months: u32::from(status.off_target()),
                past,
            });
        }
    }
    // How long each off-target figure has been off: month by month back,
    // asking only the reports of figures still off, a few months at a time.
    let mut ahead: BTreeMap<u32, Snapshot> = BTreeMap::new();
    if settings.compare.is_none() {
        ahead.insert(1, before);
    }
    for step in 1..MOST_MONTHS {
        let open: Vec<usize> = (0..lines.len())
            .filter(|&i| lines[i].months == step)
            .collect();
        if open.is_empty() {
            break;
        }
        if !ahead.contains_key(&step) {
            let wanted: BTreeSet<&'static str> =
                open.iter().map(|&i| lines[i].target.indicator).collect();
            let steps: Vec<u32> = (step..MOST_MONTHS).take(BATCH).collect();
            let days = steps
                .iter()
                .map(|&k| {
                    series::months_back(as_of, k).ok_or_else(|| {
                        anyhow::anyhow!("{k} months before {} is out of range", fmt_date(as_of))
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            ahead.extend(steps.into_iter().zip(run.snapshots(&days, &wanted)?));
        }
        let snap = ahead.remove(&step).expect("the step's snapshot was made");
        for i in open {
            if run
                .status(&snap, &lines[i].key, lines[i].target)
                .off_target()
            {
                lines[i].months += 1;
            }
        }
    }

    let status_code = match args.fail_on {
        Some(FailOn::Red) if lines.iter().any(|l| l.status == Status::Rated(Rating::Red)) => {
            exit::EXCEPTIONS
        }
        Some(FailOn::Amber) if lines.iter().any(|l| l.status.off_target()) => exit::EXCEPTIONS,
        _ => exit::OK,
    };
    let listed = lines.len();
    let mut lines: Vec<Line> = lines
        .into_iter()
        .filter(|l| args.all || l.status.off_target())
        .collect();
    // What is off target first: red, then amber, each by how far past its
    // green threshold relative to it; then the rest in table order.
    lines.sort_by(|a, b| {
        a.status.cmp(&b.status).then_with(|| {
            if a.status.off_target() {
                b.past.cmp(&a.past)
            } else {
                std::cmp::Ordering::Equal
            }
        })
    });

    let council = settings
        .council
        .as_deref()
        .map(|c| format!("{c}, "))
        .unwrap_or_default();
    let mut t = Table::new(format!("Action update: {council}as of {}", fmt_date(as_of)));
    t.page = Page::ActionUpdate {
        compared_with: settings.compare.map(|_| previous_day),
    };
    for b in &by {
        t.column(b.clone(), Kind::Text);
    }
    t.column("indicator", Kind::Text);
    for name in ["value", "green", "red"] {
        t.column(name, Kind::Fte);
    }
    t.column("status", Kind::Text);
    t.column("previous", Kind::Fte);
    t.column("change", Kind::Fte);
    if let Some(c) = t.columns.last_mut() {
        c.of = Of::Change("value".to_string(), "previous".to_string());
    }
    t.column("baseline", Kind::Fte);
    t.column("months_off_target", Kind::Count);
    t.as_of = Some(as_of);
    for l in &lines {
        let kind = run
            .kinds
            .get(l.target.indicator)
            .copied()
            .unwrap_or(Kind::Pct);
        let num = |d: Option<Decimal>| d.map_or(Value::NA, |d| Value::NumAs(d, kind));
        let mut row: Vec<Value> = if l.key == total_key {
            super::total_keys(by.len())
        } else {
            l.key.iter().map(Value::text).collect()
        };
        row.push(Value::text(l.target.indicator));
        row.push(num(l.value));
        row.push(Value::NumAs(l.target.green, kind));
        row.push(Value::NumAs(l.target.red, kind));
        row.push(Value::text(l.status.word()));
        row.push(num(l.previous));
        row.push(match (l.value, l.previous) {
            (Some(v), Some(p)) => Value::NumAs(v - p, kind),
            _ => Value::NA,
        });
        row.push(match &base {
            None => Value::text(""),
            Some(_) => num(l.baseline),
        });
        row.push(Value::num(l.months));
        t.rows.push(row);
    }

    opened.notes(&mut t, false);
    t.note(format!(
        "previous: as of {}{}.",
        fmt_date(previous_day),
        if settings.compare.is_some() {
            " (--compare)"
        } else {
            ", one month before"
        }
    ));
    match baseline_day {
        Some(d) => t.note(format!("baseline: as of {}.", fmt_date(d))),
        None => t.note("baseline: none given (--baseline DATE, or baseline in swr.toml)."),
    }
    t.note("Each value is its own command's figure for the group: vacancy_rate_pct and agency_rate_pct from swr vacancies on the date, turnover_pct and stability_pct from swr turnover and absence_rate_pct from swr absence over the 12 months to it, caseload_fte from swr caseload on it, agency_spend from swr costs over the month to it.");
    t.note(format!(
        "status: green at or better than green, red at or worse than red, amber between (stability_pct: higher is better; the others lower); small where the group has fewer than {} people in post (min_headcount in [targets]; not for agency_spend); n/a where the figure is N/A.",
        settings.targets.min_headcount
    ));
    t.note(format!(
        "months_off_target: consecutive months back from the as-of date (at most {MOST_MONTHS}) in which the status was amber or red."
    ));
    if !args.all {
        t.note(format!(
            "{} of {listed} figures off target (amber or red); --all lists every one.",
            t.rows.len()
        ));
    }
    for n in run.notes {
        t.note(n);
    }
    t.alerts = run.alerts;
    Ok((t, status_code))
}
