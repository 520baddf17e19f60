//! One model of the workforce: the answers every command shares.
//!
//! The as-of date (one default for every command on the same data), the
//! period, who is in post on a day (payroll and leavers together), which
//! agency placements are active, and what `--where` and `--by` do with an
//! extract that lacks their column. Reports ask the model; none works these
//! out for itself. SPEC.md section 4 is the contract.

use crate::extracts::{Dataset, Kind};
use crate::frame::{self, date_lit, decimal_lit, Expr, LazyFrame};
use crate::input::{Extract, Location};
use crate::period::{fmt_date, Period};
use crate::settings::{usage, Filter, Settings};
use crate::table::Table;
use anyhow::{anyhow, Context, Result};
use chrono::NaiveDate;
use polars::prelude::{col, len, lit, when, DataType, IntoLazy, JoinArgs, JoinType, NULL};
use std::collections::{BTreeMap, BTreeSet};

/// A column a command groups or filters by that a required extract lacks:
/// a usage error (exit status 2).
#[derive(Debug)]
pub struct MissingColumn {
    pub column: String,
    /// How the command was told of it: `--by COL`, or the column.
    pub flag: String,
    /// "the payroll extract (FILE)".
    extract: String,
    filtered: bool,
    columns: String,
    hint: String,
}

impl MissingColumn {
    /// What the extract lacks, without the flag or the use: "the payroll
    /// extract (FILE) has no column 'grade'; its columns are: ...".
    pub fn lacks(&self) -> String {
        format!(
            "{} has no column '{}'; its columns are: {}{}",
            self.extract, self.column, self.columns, self.hint
        )
    }
}

impl std::fmt::Display for MissingColumn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {} has no column '{}', so it cannot be {}; its columns are: {}{}",
            self.flag,
            self.extract,
            self.column,
            if self.filtered { "filtered" } else { "grouped" },
            self.columns,
            self.hint
        )
    }
}

impl std::error::Error for MissingColumn {}

/// Is `e` about how swr was asked (a usage error, a column an extract
/// lacks), not about a value in the data? The exit status 2 errors.
pub fn is_usage(e: &anyhow::Error) -> bool {
    e.chain()
        .any(|c| c.is::<crate::settings::UsageError>() || c.is::<MissingColumn>())
}

/// What a command reads.
pub struct Needs<'a> {
    pub command: &'static str,
    /// Extracts it cannot do without.
    pub required: &'static [Dataset],
    /// Extracts it uses when they are there (agency in `vacancies`; leavers
    /// for the people in post on a past day).
    pub optional: &'static [Dataset],
    /// Columns it reads, besides `--by`, `--where` and the dates.
    pub columns: &'a [&'a str],
    /// Columns its figures are worked out from, in every extract read that
    /// carries them: a blank cell in one is a data error naming the cell
    /// (or the row is set aside with `--skip-invalid`), never read as 0 nor
    /// turned into N/A (SPEC 4, "Blank cells").
    pub figures: &'a [&'a str],
    /// It counts the people in post on the as-of date (and leavers is not
    /// required): the leavers extract is read in full only when some of its
    /// people were still in post that day.
    pub stock: bool,
}

/// Where the as-of date came from, for the notes.
#[derive(Debug, Clone)]
enum AsOfFrom {
    Flag,
    Config,
    PeriodEnd,
    Latest {
        capped: bool,
    },
    /// Set by the command itself (`census --year`), with why.
    Command(String),
}

/// What a command reads of the extracts, checked against its `--by` and
/// `--where` columns and with case folded: the model without its dates.
/// A run keeps each in its cache (`input::Session`), so that the same
/// question on another date (`--compare`, `--every`, the pack, the walk of
/// `swr exceptions`) re-dates it instead of opening it again.
#[derive(Default)]
struct Opened {
    extracts: BTreeMap<Dataset, Extract>,
    /// Optional extracts that lack a `--by` or `--where` column: the columns.
    lacking: BTreeMap<Dataset, Vec<String>>,
    /// Columns grouped or filtered on, and `--across`.
    used: Vec<String>,
    /// Of those, the columns of the joined extract the command is about (an
    /// absence spell's reason): they group and filter its rows only.
    joined_own: Vec<String>,
    /// What opening noted (values folded by case, a filter keeping no rows).
    notes: Vec<String>,
}

/// The extracts a command reads, filtered by `--where`, and the dates.
pub struct Model<'s> {
    pub settings: &'s Settings,
    pub as_of: NaiveDate,
    /// `--period`, else the 12 months ending on the as-of date.
    pub period: Period,
    as_of_from: AsOfFrom,
    opened: std::sync::Arc<Opened>,
    /// What the command noted of its own.
    notes: Vec<String>,
    /// What the coverage of flows said, each once (see [`Model::flows`]).
    coverage_notes: std::cell::RefCell<Vec<String>>,
    /// The as-of date the data gave (or a flag), before a command fixed
    /// its own (`census --year`): flows after it are not yet known.
    data_as_of: NaiveDate,
    /// The command, for messages.
    command: &'static str,
}

/// Which flows an extract gives, for the notes of [`Model::flows`].
fn flow_dates(ds: Dataset) -> Option<(&'static str, &'static str)> {
    match ds {
        Dataset::Leavers => Some(("leave_date", "leave dates")),
        Dataset::Absence => Some(("start_date", "spells starting")),
        Dataset::Agency => Some(("start_date", "placements starting")),
        _ => None,
    }
}

/// People in post on a day: payroll rows that had started, and leavers
/// rows that had started and not yet left.
pub struct Stock {
    pub frame: LazyFrame,
    /// Every row in post has an fte: FTE figures can be worked out.
    pub fte_known: bool,
    /// Rows in post that come from the leavers extract.
    pub from_leavers: usize,
    /// Some leavers row was in post that day, whatever `--where` keeps: a
    /// choice made from the columns of the people in post (vacancies'
    /// units) is made from this, so that a filter never changes it.
    pub leavers_in_post: bool,
}

/// The as-of date a folder of extracts gives when nothing names one: the
/// latest start or leave date in any extract present (agency end dates are
/// plans and do not count), never later than `today`.
pub fn latest_date(extracts: &[&Extract]) -> Result<Option<NaiveDate>> {
    let mut latest: Option<NaiveDate> = None;
    for e in extracts {
        for c in ["start_date", "leave_date"] {
            if e.has(c) {
                let days = polars::prelude::ChunkAgg::max(e.frame.column(c)?.date()?.physical());
                latest = latest.max(days.map(frame::days_to_date));
            }
        }
    }
    Ok(latest)
}

impl<'s> Model<'s> {
    /// The dates alone, for a command that asks other reports (the pack,
    /// exceptions): the as-of date every command on these extracts uses,
    /// with its note, and no extract read but for its dates.
    pub fn dates(settings: &'s Settings, command: &'static str) -> Result<Model<'s>> {
        Model::open(
            settings,
            &Needs {
                command,
                required: &[],
                optional: &[],
                columns: &[],
                figures: &[],
                stock: false,
            },
            &[],
            &[],
        )
    }

    /// Load what `needs` names, work out the as-of date and the period, and
    /// check the `--by`, `--where` and `extra` columns against every extract
    /// read.
    pub fn open(
        settings: &'s Settings,
        needs: &Needs<'_>,
        by: &[String],
        extra: &[String],
    ) -> Result<Model<'s>> {
        let started = std::time::Instant::now();
        let mut located: BTreeMap<Dataset, Location> = BTreeMap::new();
        for ds in Dataset::ALL {
            if let Some(at) = settings.sources.locate(ds)? {
                located.insert(ds, at);
            }
        }
        for ds in needs.required {
            if !located.contains_key(ds) {
                let data = settings.sources.data.as_ref();
                let (place, looked) = match data {
                    Some(p) if p.is_file() => (
                        p.display().to_string(),
                        format!(
                            "a sheet '{ds}'; its sheets are {}",
                            settings
                                .sources
                                .data_sheets(p)
                                .map(crate::input::excel::list)
                                .unwrap_or_default()
                        ),
                    ),
                    Some(p) => (
                        p.display().to_string(),
                        format!("{ds}.csv, .tsv, .txt, .xlsx, .xlsm, .xls, .xlsb or .ods"),
                    ),
                    None => (
                        "the current folder".to_string(),
                        format!("{ds}.csv, .tsv, .txt, .xlsx, .xlsm, .xls, .xlsb or .ods"),
                    ),
                };
                return Err(anyhow!(
                    "swr {} needs the {ds} extract: none found in {place} (looked for {looked}); give it with {} PATH or --data",
                    needs.command,
                    ds.flag()
                ));
            }
        }
        let mut used: Vec<String> = by.to_vec();
        for c in extra {
            if !used.contains(c) {
                used.push(c.clone());
            }
        }
        for f in &settings.filters {
            if !used.contains(&f.column) {
                used.push(f.column.clone());
            }
        }
        let mut keep: BTreeSet<String> = needs.columns.iter().map(|s| s.to_string()).collect();
        keep.extend(["start_date", "end_date", "leave_date"].map(String::from));
        // People in both payroll and leavers are told apart by it in a stock.
        if needs.stock {
            keep.insert("employee_id".to_string());
        }
        keep.extend(used.iter().cloned());
        let full_options = |ds: Dataset| {
            let mut opts = settings.load[&ds].clone();
            opts.keep = Some(keep.clone());
            opts.needed = needs.figures.iter().map(|c| c.to_string()).collect();
            opts.needed_by = Some(needs.command);
            opts
        };
        let dates_options = |ds: Dataset| {
            let mut opts = settings.load[&ds].clone();
            opts.keep = Some(["start_date", "leave_date"].map(String::from).into());
            opts.dates_only = true;
            // A span is a data error where the command reads the extract,
            // not where only its dates set the default as-of date.
            opts.spans = needs.required.contains(&ds) || needs.optional.contains(&ds);
            opts.required_blanks = opts.spans;
            opts
        };
        let load_full = |ds: Dataset, at: &Location| -> Result<Extract> {
            let opts = full_options(ds);
            settings.session.load(ds, at, &opts, |ex| {
                if ds == Dataset::Leavers && ex.has("reason") && !settings.reasons.is_empty() {
                    fold_reasons(ex, &settings.reasons)?;
                }
                Ok(())
            })
        };
        let load_dates = |ds: Dataset, at: &Location| -> Result<Extract> {
            settings
                .session
                .load(ds, at, &dates_options(ds), |_| Ok(()))
        };
        // What to read of each extract present: all the command uses; only
        // the dates of leavers read for the stock alone (the rest only if
        // some were still in post on the as-of date); only the dates of the
        // others, for the default as-of date, which every extract present
        // sets, not only those the command reads.
        let default_as_of = settings.as_of.is_none() && settings.period.is_none();
        let mut jobs: Vec<(Dataset, bool)> = Vec::new();
        for ds in located.keys() {
            let read = needs.required.contains(ds) || needs.optional.contains(ds);
            let has_dates = ds.columns().iter().any(|c| c.kind == Kind::Date);
            if read && needs.stock && *ds == Dataset::Leavers && !needs.required.contains(ds) {
                jobs.push((*ds, true));
            } else if read {
                jobs.push((*ds, false));
            } else if default_as_of && has_dates {
                jobs.push((*ds, true));
            }
        }
        let run = |(ds, dates): (Dataset, bool)| -> Result<Extract> {
            if !dates {
                return load_full(ds, &located[&ds]);
            }
            let loaded = load_dates(ds, &located[&ds]);
            if needs.required.contains(&ds) || needs.optional.contains(&ds) {
                return loaded;
            }
            loaded.with_context(|| {
                format!("reading the {ds} extract's dates for the default as-of date (give --as-of to do without)")
            })
        };
        // Small extracts are read at once, one to a core; large ones one
        // after another, each on every core (and each file mapped only
        // while it is read).
        let bytes: u64 = jobs
            .iter()
            .filter_map(|(ds, _)| std::fs::metadata(&located[ds].path).ok())
            .map(|m| m.len())
            .sum();
        // Extracts this run has read already (another date of `--compare`,
        // `--every`, the pack or `swr exceptions`) need no thread.
        let cached = jobs.iter().all(|(ds, dates)| {
            let opts = if *dates {
                dates_options(*ds)
            } else {
                full_options(*ds)
            };
            settings.session.has(*ds, &located[ds], &opts)
        });
        // On a thread of polars' pool (a report run side by side with
        // others), one after another: the pool's threads are busy with
        // those reports, and a reader thread that asked the pool for work
        // would wait on them for ever.
        let results: Vec<Result<Extract>> =
            if bytes < 64 << 20 && jobs.len() > 1 && !cached && !crate::frame::on_pool() {
                std::thread::scope(|scope| {
                    let handles: Vec<_> = jobs.iter().map(|j| scope.spawn(|| run(*j))).collect();
                    handles
                        .into_iter()
                        .map(|h| {
                            h.join()
                                .unwrap_or_else(|_| Err(anyhow!("an extract could not be read")))
                        })
                        .collect()
                })
            } else {
                jobs.iter().map(|j| run(*j)).collect()
            };
        let mut extracts = BTreeMap::new();
        let mut dates_only = BTreeSet::new();
        let mut others = Vec::new();
        for ((ds, dates), result) in jobs.iter().zip(results) {
            let ex = result?;
            let read = needs.required.contains(ds) || needs.optional.contains(ds);
            if !read {
                others.push(ex);
                continue;
            }
            if *dates {
                dates_only.insert(*ds);
            }
            extracts.insert(*ds, ex);
        }
        let today = chrono::Local::now().date_naive();
        let (as_of, as_of_from) = match (settings.as_of, settings.period) {
            (Some(d), _) => (
                d,
                if settings.as_of_from_flag {
                    AsOfFrom::Flag
                } else {
                    AsOfFrom::Config
                },
            ),
            (None, Some(p)) => (p.end, AsOfFrom::PeriodEnd),
            (None, None) => {
                let all: Vec<&Extract> = extracts.values().chain(others.iter()).collect();
                let latest = latest_date(&all)?.ok_or_else(|| {
                    anyhow!("cannot tell the as-of date: the extracts hold no start or leave dates; give --as-of")
                })?;
                (
                    latest.min(today),
                    AsOfFrom::Latest {
                        capped: latest > today,
                    },
                )
            }
        };
        let period = settings.period.unwrap_or_else(|| Period::year_to(as_of));
        for ds in dates_only {
            if in_post_count(&extracts[&ds], as_of)? > 0 {
                extracts.insert(ds, load_full(ds, &located[&ds])?);
            } else {
                // Nobody from it was in post on the as-of date: not read.
                extracts.remove(&ds);
            }
        }
        // The same question opened before in this run, on another date:
        // re-dated, not opened again.
        let key = format!(
            "model {:?}",
            (
                (needs.command, needs.required, needs.optional),
                (needs.columns, needs.figures, needs.stock),
                (by, extra, &settings.filters, &settings.by),
                extracts.keys().map(|ds| &located[ds]).collect::<Vec<_>>(),
                (&settings.load, &settings.reasons),
            )
        );
        let mut model = Model {
            settings,
            as_of,
            period,
            as_of_from,
            opened: Default::default(),
            command: needs.command,
            notes: Vec::new(),
            coverage_notes: Default::default(),
            data_as_of: as_of,
        };
        if let Some(opened) = settings.session.made::<Opened>(&key) {
            model.opened = opened;
            crate::progress::timing(
                &format!(
                    "re-date the model of swr {} to {}",
                    needs.command,
                    fmt_date(as_of)
                ),
                started,
            );
            return Ok(model);
        }
        model.opened = std::sync::Arc::new(Opened {
            extracts,
            used,
            ..Default::default()
        });
        model.check_columns(needs)?;
        model.fold_case()?;
        model.note_empty_filters()?;
        settings.session.keep(key, model.opened.clone());
        crate::progress::timing(
            &format!(
                "open the model of swr {} on {}",
                needs.command,
                fmt_date(as_of)
            ),
            started,
        );
        Ok(model)
    }

    /// The opened extracts, to be changed while the model is opened.
    fn opening(&mut self) -> &mut Opened {
        std::sync::Arc::get_mut(&mut self.opened).expect("a model is changed only while opened")
    }

    /// Every column grouped or filtered on must be in every extract read:
    /// a required extract without it is a usage error; an optional one is
    /// left out (its figures N/A, with a note). Nothing is left unfiltered.
    fn check_columns(&mut self, needs: &Needs<'_>) -> Result<()> {
        let flag_of = |c: &str| -> String {
            if self.settings.filters.iter().any(|f| f.column == c) {
                format!("--where {c}")
            } else if self
                .settings
                .by
                .as_ref()
                .is_some_and(|b| b.iter().any(|x| x == c))
            {
                format!("--by {c}")
            } else {
                c.to_string()
            }
        };
        // A column of a joined extract the command is about (an absence
        // spell's own reason in `swr absence`) is its rows': the people's
        // extracts need not carry it.
        let opened = &self.opened;
        let own: Vec<String> = opened
            .extracts
            .iter()
            .filter(|(ds, _)| ds.joined() && needs.required.contains(ds))
            .flat_map(|(_, ex)| opened.used.iter().filter(|c| ex.carries(c)))
            .cloned()
            .collect();
        let mut lacking = BTreeMap::new();
        for (ds, ex) in &opened.extracts {
            if ds.joined() {
                continue;
            }
            let missing: Vec<String> = opened
                .used
                .iter()
                .filter(|c| !ex.carries(c) && !own.contains(c))
                .cloned()
                .collect();
            if missing.is_empty() {
                continue;
            }
            if needs.required.contains(ds) {
                let mut names = ex.column_names();
                names.sort();
                let c = &missing[0];
                let close = crate::extracts::close_to(c, &names);
                let hint = if close.is_empty() {
                    String::new()
                } else {
                    format!(
                        "; did you mean {}?",
                        close
                            .iter()
                            .map(|n| format!("'{n}'"))
                            .collect::<Vec<_>>()
                            .join(" or ")
                    )
                };
                return Err(anyhow::Error::new(MissingColumn {
                    column: c.clone(),
                    flag: flag_of(c),
                    extract: format!("the {ds} extract ({})", ex.location),
                    filtered: self.settings.filters.iter().any(|f| &f.column == c),
                    columns: names.join(", "),
                    hint,
                }));
            }
            lacking.insert(*ds, missing);
        }
        let opening = self.opening();
        opening.joined_own = own;
        opening.lacking = lacking;
        Ok(())
    }

    /// Text that differs only in case (`stress`, `Stress`) is one value of a
    /// column grouped or filtered on, in every extract, as `--where`
    /// compares it: written as its most common spelling (the first in
    /// alphabetical order among equals), with a note. Otherwise a `--by`
    /// row would split what `--where` joins, and the rows would not add up
    /// to the filtered Totals. The market extract, a lookup matched
    /// ignoring case, is left as written.
    fn fold_case(&mut self) -> Result<()> {
        use std::collections::HashMap;
        let folded = |ds: &Dataset| *ds != Dataset::Market;
        for c in self.opened.used.clone() {
            // Each spelling and how many rows hold it, in every extract.
            let mut counts: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
            let mut variants = false;
            for (_, ex) in self.opened.extracts.iter().filter(|(ds, _)| folded(ds)) {
                let Ok(column) = ex.frame.column(&c) else {
                    continue;
                };
                if column.str().is_err() {
                    continue;
                }
                let tally = ex
                    .frame
                    .clone()
                    .lazy()
                    .group_by([col(c.as_str())])
                    .agg([len().cast(DataType::UInt64).alias("_n")])
                    .collect()?;
                let values = tally.column(&c)?.str()?.clone();
                let ns = tally.column("_n")?.u64()?.clone();
                for (v, n) in values.iter().zip(ns.iter()) {
                    if let (Some(v), Some(n)) = (v, n) {
                        let spellings = counts.entry(v.to_lowercase()).or_default();
                        *spellings.entry(v.to_string()).or_default() += n;
                        variants |= spellings.len() > 1;
                    }
                }
            }
            if !variants {
                continue;
            }
            let mut canonical: HashMap<String, String> = HashMap::new();
            let mut shown = Vec::new();
            for spellings in counts.values().filter(|s| s.len() > 1) {
                let (first, _) = spellings
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                    .expect("two spellings or more");
                let others: Vec<String> =
                    spellings.keys().filter(|v| *v != first).cloned().collect();
                shown.push(format!(
                    "{} read as '{first}'",
                    others
                        .iter()
                        .map(|v| format!("'{v}'"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
                for v in others {
                    canonical.insert(v, first.clone());
                }
            }
            let opening = self.opening();
            for (_, ex) in opening.extracts.iter_mut().filter(|(ds, _)| folded(ds)) {
                let Ok(column) = ex.frame.column(&c) else {
                    continue;
                };
                let Ok(text) = column.str() else { continue };
                let folded: polars::prelude::StringChunked = text
                    .iter()
                    .map(|v| v.map(|v| canonical.get(v).map(String::as_str).unwrap_or(v)))
                    .collect();
                ex.frame
                    .with_column(polars::prelude::IntoColumn::into_column(
                        folded.with_name(c.as_str().into()),
                    ))?;
            }
            shown.truncate(5);
            opening.notes.push(format!(
                "{c}: values that differ only in case are one group, written as most rows write them ({}).",
                shown.join("; ")
            ));
        }
        Ok(())
    }

    fn note_empty_filters(&mut self) -> Result<()> {
        if self.settings.filters.is_empty() {
            return Ok(());
        }
        for ds in self.opened.extracts.keys().copied().collect::<Vec<_>>() {
            if !self.usable(ds) || ds.joined() || self.opened.extracts[&ds].frame.height() == 0 {
                continue;
            }
            let kept = self.frame(ds)?.select([frame::len_expr()]).collect()?;
            if kept.column("len")?.u32()?.get(0) == Some(0) {
                // A value no row holds is often a typo: what is there like it?
                let mut hints = Vec::new();
                for f in self.settings.filters.iter().filter(|f| f.keep) {
                    let ex = &self.opened.extracts[&ds];
                    let Ok(column) = ex.frame.column(&f.column) else {
                        continue;
                    };
                    let Ok(text) = column.str() else { continue };
                    let mut seen: Vec<String> = text.iter().flatten().map(str::to_string).collect();
                    seen.sort();
                    seen.dedup();
                    if seen.iter().any(|v| v.eq_ignore_ascii_case(f.value.trim())) {
                        continue;
                    }
                    let close = crate::extracts::close_to(&f.value, &seen);
                    if !close.is_empty() {
                        hints.push(format!(
                            " {} has no '{}': did you mean {}?",
                            f.column,
                            f.value,
                            close
                                .iter()
                                .map(|n| format!("'{n}'"))
                                .collect::<Vec<_>>()
                                .join(" or ")
                        ));
                    }
                }
                let note = format!(
                    "The filter ({}) keeps no rows of the {ds} extract.{}",
                    self.filters_text(),
                    hints.concat()
                );
                self.opening().notes.push(note);
            }
        }
        Ok(())
    }

    fn filters_text(&self) -> String {
        self.settings
            .filters
            .iter()
            .map(|f| {
                format!(
                    "{} {} {}",
                    f.column,
                    if f.keep { "=" } else { "!=" },
                    f.value
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Set the as-of date and the period for a command whose own flags fix
    /// them (`census --year`); `why` is said in the notes.
    pub fn fix_dates(&mut self, as_of: NaiveDate, period: Period, why: impl Into<String>) {
        self.as_of = as_of;
        self.period = period;
        self.as_of_from = AsOfFrom::Command(why.into());
    }

    /// Is the extract loaded and usable (not lacking a column)?
    pub fn usable(&self, ds: Dataset) -> bool {
        self.opened.extracts.contains_key(&ds) && !self.opened.lacking.contains_key(&ds)
    }

    /// Was the extract found at all?
    pub fn found(&self, ds: Dataset) -> bool {
        self.opened.extracts.contains_key(&ds)
    }

    /// The columns an optional extract lacks, if it is left out.
    pub fn lacking(&self, ds: Dataset) -> Option<&[String]> {
        self.opened.lacking.get(&ds).map(Vec::as_slice)
    }

    pub fn extract(&self, ds: Dataset) -> &Extract {
        &self.opened.extracts[&ds]
    }

    /// Does the extract carry the column (loaded)?
    pub fn has(&self, ds: Dataset, column: &str) -> bool {
        self.opened.extracts.get(&ds).is_some_and(|e| e.has(column))
    }

    /// A column that is optional in the extract but that this command
    /// cannot do without (payroll's fte for the commands that work in FTE):
    /// an error naming the file, its columns and the headers expected.
    pub fn require(&self, ds: Dataset, column: &str) -> Result<()> {
        let Some(ex) = self.opened.extracts.get(&ds) else {
            return Ok(());
        };
        // A blank cell in a column a command needs is refused as it is read
        // (`Needs::figures`); only a column the file lacks is left.
        if ex.has(column) {
            return Ok(());
        }
        let heads = ds
            .column(column)
            .map(|spec| {
                spec.aliases
                    .iter()
                    .take(3)
                    .map(|a| format!("'{a}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default();
        let mut names = ex.column_names();
        names.sort();
        Err(anyhow!(
            "{}: swr {} needs the {column} column of the {ds} extract (headed e.g. {heads}), and it has none. Its columns are: {}. Name the header in swr.toml under [columns.{ds}] if it is called something else.",
            ex.location,
            self.command,
            names.join(", ")
        ))
    }

    /// An extract's rows, filtered by every `--where` (but one on a column
    /// of the joined extract's own, which filters only its rows).
    pub fn frame(&self, ds: Dataset) -> Result<LazyFrame> {
        let ex = self.extract(ds);
        let filters: Vec<Filter> = self
            .settings
            .filters
            .iter()
            .filter(|f| ds.joined() || !self.opened.joined_own.contains(&f.column))
            .cloned()
            .collect();
        filtered(
            ex.frame.clone().lazy(),
            &filters,
            |c| Ok(ex.frame.column(c)?.dtype().clone()),
            |_, e| e,
        )
    }

    /// Payroll and leavers together, the columns `cols` (each from the
    /// extracts that carry it, blank elsewhere) and `leave_date` (blank for
    /// payroll), filtered by `--where`.
    pub(crate) fn people(&self, cols: &[&str], with_leavers: bool) -> Result<LazyFrame> {
        self.people_rows(cols, with_leavers, true)
    }

    /// `--where` on rows of payroll and leavers together (as
    /// [`Model::people`] gives them), leaving out filters on `except`
    /// (columns an event carries itself, such as an absence spell's reason).
    pub fn where_people(&self, lf: LazyFrame, except: &[&str]) -> Result<LazyFrame> {
        let filters: Vec<Filter> = self
            .settings
            .filters
            .iter()
            .filter(|f| !except.contains(&f.column.as_str()))
            .cloned()
            .collect();
        let dtype = |c: &str| -> Result<DataType> {
            for ds in [Dataset::Payroll, Dataset::Leavers] {
                if let Some(ex) = self.opened.extracts.get(&ds) {
                    if let Ok(column) = ex.frame.column(c) {
                        return Ok(column.dtype().clone());
                    }
                }
            }
            Ok(DataType::String)
        };
        filtered(lf, &filters, dtype, |_, e| e)
    }

    /// What belongs to a person rather than to one of their rows (an
    /// absence spell, a payment) placed on their rows (SPEC 4, "Rows and
    /// people"). `events` has one row per event: `_event` (its number),
    /// `employee_id`, `_day` (the day that decides it) and the decimal
    /// `amounts`, and none of the people's columns. Each event goes to
    /// every row of its person in post on `_day` (a leavers row that payroll
    /// lists too is that payroll row, [`Model::shadowed`]); when none is, to the rows
    /// of their latest start on or before it, else of their first start.
    /// Each amount is shared among those rows in proportion to their fte
    /// (equally when every fte is 0 or unknown), to the 6th decimal, the
    /// rounding remainder going to the first row in a fixed order, so that
    /// an event's shares add up to its amount exactly. Events of people in
    /// neither extract are left out (see `_placed` = false in
    /// [`Model::unplaced`]). The result has each placed row's `cols`,
    /// `employee_id`, the event's columns, `_fte_total` (the fte
    /// of its person's rows it was placed on) and the shared amounts; it is
    /// not filtered: `--where` applies to it after ([`Model::where_people`]).
    pub fn place(
        &self,
        events: LazyFrame,
        amounts: &[&str],
        cols: &[&str],
        with_leavers: bool,
    ) -> Result<LazyFrame> {
        let mut want: Vec<&str> = vec!["employee_id", "fte"];
        let filtered_on = self.settings.filters.iter().map(|f| f.column.as_str());
        for c in cols.iter().copied().chain(filtered_on) {
            if !want.contains(&c) && !self.opened.joined_own.iter().any(|o| o == c) {
                want.push(c);
            }
        }
        // A leavers row listed by payroll too is that payroll row.
        let rows = self
            .people_rows(&want, with_leavers, false)?
            .filter(Self::shadowed()?.not());
        let rows = if self.has(Dataset::Payroll, "fte")
            || (with_leavers && self.has(Dataset::Leavers, "fte"))
        {
            rows
        } else {
            rows.with_column(
                lit(NULL)
                    .cast(frame::decimal_type(frame::SCALE))
                    .alias("fte"),
            )
        };
        let id = || vec![col("employee_id")];
        let ev = || vec![col("_event")];
        let day = col("_day");
        // Each event against each row of its person: how well the row
        // fits the day (0 in post, 1 started by it, 2 started after).
        let fit = when(Self::in_post_on(day.clone()))
            .then(lit(0u32))
            .when(col("start_date").lt_eq(day.clone()))
            .then(lit(1u32))
            .otherwise(lit(2u32));
        let pairs = events
            .join(rows, id(), id(), JoinArgs::new(JoinType::Inner))
            .with_column(fit.alias("_fit"));
        let best = col("_fit").min().over(ev())?;
        // Of rows that started by the day, the latest start; of rows that
        // start after it, the first.
        let latest = col("start_date")
            .filter(col("_fit").eq(lit(1u32)))
            .max()
            .over(ev())?;
        let first = col("start_date")
            .filter(col("_fit").eq(lit(2u32)))
            .min()
            .over(ev())?;
        let chosen = col("_fit").eq(best.clone()).and(
            best.clone()
                .eq(lit(0u32))
                .or(best.clone().eq(lit(1u32)).and(col("start_date").eq(latest)))
                .or(best.eq(lit(2u32)).and(col("start_date").eq(first))),
        );
        let pairs = pairs.filter(chosen);
        // A fixed order of an event's rows, whatever the order of the files.
        let mut order: Vec<&str> = vec!["_event", "source", "start_date"];
        for c in &want {
            if !order.contains(c) {
                order.push(c);
            }
        }
        let pairs = pairs
            .sort(
                order.clone(),
                polars::prelude::SortMultipleOptions::default().with_nulls_last(true),
            )
            .with_row_index("_r", None);
        let d12 = frame::decimal_type(12);
        let fte = col("fte").fill_null(frame::decimal_zero());
        let total = fte.clone().sum().over(ev())?;
        let n = len().over(ev())?.cast(d12.clone());
        // Weights: the fte, or 1 each when the event's rows have none.
        let by_fte = total.clone().gt(frame::decimal_zero());
        let weight = when(by_fte.clone())
            .then(fte.cast(d12.clone()))
            .otherwise(lit(1).cast(d12.clone()));
        let whole = when(by_fte)
            .then(total.clone().cast(d12.clone()))
            .otherwise(n);
        // The person's fte on the day, unknown when a row has none.
        let known_total = when(col("fte").null_count().over(ev())?.gt(lit(0u32)))
            .then(lit(NULL).cast(frame::decimal_type(frame::SCALE)))
            .otherwise(total.clone());
        let mut shared = vec![
            known_total.alias("_fte_total"),
            col("_r").eq(col("_r").min().over(ev())?).alias("_first"),
        ];
        let scale6 = frame::decimal_type(frame::SCALE);
        for a in amounts {
            let part =
                (col(*a).cast(d12.clone()) * weight.clone() / whole.clone()).cast(scale6.clone());
            shared.push(part.alias(format!("_part{a}")));
        }
        let pairs = pairs.with_columns(shared);
        // The first row takes what rounding left over.
        let mut exact = Vec::new();
        for a in amounts {
            let part = col(format!("_part{a}"));
            let rest = col(*a).cast(scale6.clone()) - part.clone().sum().over(ev())?;
            exact.push(
                when(col("_first"))
                    .then(part.clone() + rest)
                    .otherwise(part)
                    .alias(*a),
            );
        }
        let mut helpers: Vec<String> = ["_fit", "_r", "_first"].map(String::from).to_vec();
        helpers.extend(amounts.iter().map(|a| format!("_part{a}")));
        Ok(pairs
            .with_columns(exact)
            .drop(polars::prelude::Selector::ByName {
                names: helpers.into_iter().map(Into::into).collect(),
                strict: true,
            }))
    }

    /// The rows that start a person: a row whose start_date finds the
    /// person in post on none of their rows the day before (SPEC 4: a
    /// starter is a person whose start_date is in the period; "a second
    /// post is no new start"), found before any `--where`; a return after
    /// a leave date is a start. With `first_only`, only each person's first
    /// start (`swr retention`: "each counted once, at their earliest
    /// start_date"). Leavers rows are left out where a payroll row starts
    /// the person the same day (one person listed in both). A person
    /// starting two posts on one day is a starter in the group of each.
    /// Then filtered by `--where`. Columns: `cols`, `employee_id`,
    /// `start_date`, `leave_date`, `source` (and, with `first_only`,
    /// `_rows_of`: how many rows the person has, before any filter).
    pub fn starts(&self, cols: &[&str], first_only: bool) -> Result<LazyFrame> {
        let mut want: Vec<&str> = vec!["employee_id"];
        let filtered_on = self.settings.filters.iter().map(|f| f.column.as_str());
        for c in cols.iter().copied().chain(filtered_on) {
            if !want.contains(&c) && !self.opened.joined_own.iter().any(|o| o == c) {
                want.push(c);
            }
        }
        let with_leavers = self.found(Dataset::Leavers);
        let rows = self.people_rows(&want, with_leavers, false)?;
        self.where_people(Self::starting(rows, first_only)?, &[])
    }

    /// The rows of `rows` (payroll and leavers, with `employee_id`,
    /// `start_date`, `leave_date`, `source`) that start their person, as
    /// [`Model::starts`] says. With `first_only`, they keep `_rows_of`:
    /// how many rows their person has in `rows`.
    pub fn starting(rows: LazyFrame, first_only: bool) -> Result<LazyFrame> {
        if first_only {
            // Someone with one row starts there; the earliest start and
            // the rows payroll lists too are looked for among the others.
            let id = || [col("employee_id")];
            let rows = rows.with_column(len().over(id())?.alias("_rows_of"));
            let single = rows.clone().filter(
                col("_rows_of")
                    .eq(lit(1u32))
                    .and(col("start_date").is_not_null()),
            );
            let several = rows
                .filter(col("_rows_of").gt(lit(1u32)))
                .filter(col("start_date").eq(col("start_date").min().over(id())?))
                .filter(Self::shadowed()?.not());
            return Ok(polars::prelude::concat(
                [single, several],
                polars::prelude::UnionArgs::default(),
            )?);
        }
        Ok(Self::start_marks(rows, false)?.filter(col("_starts")).drop(
            polars::prelude::Selector::ByName {
                names: ["_starts".into()].into(),
                strict: true,
            },
        ))
    }

    /// `rows` (as [`Model::starting`] takes them) with `_starts`: whether
    /// the row starts its person (a second post is no new start, a return
    /// is; a leavers row that payroll lists too is none). Someone with one
    /// row (most people) starts there; the rest, each person's start days
    /// in order, with the last day any earlier-starting row kept them in
    /// post (no leave date: ever), are worked out apart, so that the sort
    /// and the running maximum cover only the people with several rows.
    /// With `rows_of`, the rows keep `_rows_of`: how many rows of `rows`
    /// their person has.
    pub fn start_marks(rows: LazyFrame, rows_of: bool) -> Result<LazyFrame> {
        let id = || [col("employee_id")];
        let rows = rows.with_column(len().over(id())?.alias("_rows_of"));
        let single = rows
            .clone()
            .filter(col("_rows_of").eq(lit(1u32)))
            .with_column(lit(true).alias("_starts"));
        let several = rows.filter(col("_rows_of").gt(lit(1u32)));
        let key = || [col("employee_id"), col("start_date")];
        let never = i32::MAX;
        let until = when(col("leave_date").is_null())
            .then(lit(never))
            .otherwise(col("leave_date").cast(DataType::Int32));
        let days = several
            .clone()
            .group_by(key())
            .agg([until.max().alias("_until")])
            .sort(
                ["employee_id", "start_date"],
                polars::prelude::SortMultipleOptions::default(),
            )
            .with_column(frame::max_before(col("_until"), "employee_id").alias("_before"))
            // In post the day before: an earlier row's leave date is
            // on or after this start (someone whose leave date is D is
            // not in post on D).
            .with_column(
                col("_before")
                    .is_null()
                    .or(col("_before").lt(col("start_date").cast(DataType::Int32)))
                    .alias("_start"),
            )
            .select([col("employee_id"), col("start_date"), col("_start")]);
        let mut args = JoinArgs::new(JoinType::Left);
        args.nulls_equal = true;
        let several = several
            .join(days, key(), key(), args)
            .with_column(
                col("_start")
                    .fill_null(false)
                    .and(Self::shadowed()?.not())
                    .alias("_starts"),
            )
            .drop(polars::prelude::Selector::ByName {
                names: ["_start".into()].into(),
                strict: true,
            });
        let marked =
            polars::prelude::concat([single, several], polars::prelude::UnionArgs::default())?;
        if rows_of {
            return Ok(marked);
        }
        Ok(marked.drop(polars::prelude::Selector::ByName {
            names: ["_rows_of".into()].into(),
            strict: true,
        }))
    }

    fn people_rows(&self, cols: &[&str], with_leavers: bool, filter: bool) -> Result<LazyFrame> {
        let mut parts = Vec::new();
        let mut wanted: Vec<&str> = vec!["start_date", "leave_date"];
        for c in cols {
            if !wanted.contains(c) {
                wanted.push(c);
            }
        }
        let mut dtypes: BTreeMap<&str, DataType> = BTreeMap::new();
        for ds in [Dataset::Payroll, Dataset::Leavers] {
            if ds == Dataset::Leavers && !with_leavers {
                continue;
            }
            let ex = self.extract(ds);
            let mut select = Vec::new();
            for c in &wanted {
                match ex.frame.column(c) {
                    Ok(column) => {
                        let dtype = column.dtype().clone();
                        if let Some(other) = dtypes.get(c) {
                            if *other != dtype {
                                return Err(usage(format!(
                                    "{c}: the payroll extract holds it as {other} and the leavers extract as {dtype}; they cannot be counted together"
                                )));
                            }
                        }
                        dtypes.insert(c, dtype);
                        select.push(col(*c));
                    }
                    Err(_) if *c == "leave_date" => {
                        select.push(lit(NULL).cast(DataType::Date).alias("leave_date"))
                    }
                    Err(_) => {}
                }
            }
            select.push(lit(ds.name()).alias("source"));
            let rows = if filter {
                self.frame(ds)?
            } else {
                self.extract(ds).frame.clone().lazy()
            };
            parts.push(rows.select(select));
        }
        Ok(polars::prelude::concat_lf_diagonal(
            parts,
            Default::default(),
        )?)
    }

    /// In post on `day`: started on or before it, and no leave date or one
    /// after it (someone whose leave date is `day` is a leaver that day).
    pub fn in_post(day: NaiveDate) -> Expr {
        Self::in_post_on(date_lit(day))
    }

    /// [`Model::in_post`] on a day that differs from row to row (a date
    /// expression, such as 12 months after the person's start).
    pub fn in_post_on(day: Expr) -> Expr {
        col("start_date")
            .lt_eq(day.clone())
            .and(col("leave_date").is_null().or(col("leave_date").gt(day)))
    }

    /// The date `months` calendar months after `date`; where that month has
    /// no such day (31 August + 6 months, 29 February + 12 months), the 1st
    /// of the month after, as [`crate::period::add_months`] (the rule of the
    /// anniversary of 29 February in length of service). polars' offset
    /// goes to the month's last day instead; the day after it is the 1st.
    pub fn months_after(date: Expr, months: u32) -> Expr {
        let shifted = date.clone().dt().offset_by(lit(format!("{months}mo")));
        when(shifted.clone().dt().day().neq(date.dt().day()))
            .then((shifted.clone().cast(DataType::Int32) + lit(1)).cast(DataType::Date))
            .otherwise(shifted)
    }

    /// Over rows of payroll and leavers (a `source` column): a leavers row
    /// that a payroll row lists too, with the same employee_id and
    /// start_date. Someone listed in both extracts for one post (resigned,
    /// with a leave date still to come, or kept in both by the HR system)
    /// is counted through their payroll row: the leavers row adds no head,
    /// FTE nor start to a stock (a leaver it still is). A leavers row of
    /// another start is another post, counted in post until its leave
    /// date like any other. The rule looks at one row's own fields, so it
    /// is decided the same whatever `--where` keeps: it must be worked out
    /// over the rows before any filter.
    pub fn shadowed() -> Result<Expr> {
        Ok(col("source").eq(lit("leavers")).and(
            col("source")
                .eq(lit("payroll"))
                .any(false)
                .over([col("employee_id"), col("start_date")])?,
        ))
    }

    /// The columns `--where` filters people's rows on (those of a joined
    /// extract's own left to it).
    fn filter_columns(&self) -> Vec<&str> {
        self.settings
            .filters
            .iter()
            .map(|f| f.column.as_str())
            .filter(|c| !self.opened.joined_own.iter().any(|o| o == c))
            .collect()
    }

    /// A date column's date within the period (both ends included).
    /// The rows that can bear on who starts in `period` (as
    /// [`Model::start_marks`] finds them) or on who is in post on its days
    /// or the day before it: all but those that left before it began and
    /// those that start after it ends. A row that left on day D keeps
    /// nobody in post on D or after, so it cannot make a start in the
    /// period a second post; and a later start cannot either. Filtering on
    /// it first leaves the marks of the rows kept unchanged, and spares
    /// the per-person work the long history of a leavers extract.
    pub fn bearing_on(period: Period) -> Expr {
        let gone = col("leave_date")
            .lt(date_lit(period.start))
            .fill_null(false);
        let later = col("start_date").gt(date_lit(period.end)).fill_null(false);
        gone.or(later).not()
    }

    pub fn within(column: &str, period: Period) -> Expr {
        col(column)
            .gt_eq(date_lit(period.start))
            .and(col(column).lt_eq(date_lit(period.end)))
    }

    /// Completed years of service from `start` to `end` by calendar
    /// anniversary: the years between them, less one if the end falls
    /// before the anniversary in its year. (The anniversary of 29 February
    /// in a common year is 1 March: an end date in that year is before it
    /// exactly when it is on or before 28 February.)
    pub fn service_years(start: Expr, end: Expr) -> Expr {
        let md = |d: Expr| {
            d.clone().dt().month().cast(DataType::Int32) * lit(100)
                + d.dt().day().cast(DataType::Int32)
        };
        end.clone().dt().year().cast(DataType::Int32)
            - start.clone().dt().year().cast(DataType::Int32)
            - md(end).lt(md(start)).cast(DataType::Int32)
    }

    /// Does `years` fall in the band?
    pub fn in_band(years: Expr, band: &crate::period::Band) -> Expr {
        let mut e = lit(true);
        if let Some(a) = band.from {
            e = e.and(years.clone().gt_eq(lit(a)));
        }
        if let Some(b) = band.to {
            e = e.and(years.lt(lit(b)));
        }
        e
    }

    /// Payroll and leavers rows, for flows and stocks over a period:
    /// `start_date`, `leave_date`, `source` and `cols`.
    pub fn workforce(&self, cols: &[&str]) -> Result<LazyFrame> {
        self.people(cols, self.found(Dataset::Leavers))
    }

    /// Payroll and leavers rows as [`Model::workforce`], before any
    /// `--where`: everything a person did, whichever rows a filter keeps.
    /// They carry the columns `--where` filters on, for
    /// [`Model::where_people`] after.
    pub fn workforce_unfiltered(&self, cols: &[&str]) -> Result<LazyFrame> {
        let mut wanted = cols.to_vec();
        for c in self.filter_columns() {
            if !wanted.contains(&c) {
                wanted.push(c);
            }
        }
        self.people_rows(&wanted, self.found(Dataset::Leavers), false)
    }

    /// The people in post on `day`, with `cols`. When some come from the
    /// leavers extract and it lacks a `--by` or `--where` column, they
    /// could not be grouped or filtered: a usage error.
    pub fn stock(&self, day: NaiveDate, cols: &[&str]) -> Result<Stock> {
        let leavers_in_post = match self.opened.extracts.get(&Dataset::Leavers) {
            Some(ex) => in_post_count(ex, day)?,
            None => 0,
        };
        if leavers_in_post > 0 {
            if let Some(missing) = self.opened.lacking.get(&Dataset::Leavers) {
                let ex = self.extract(Dataset::Leavers);
                let mut names = ex.column_names();
                names.sort();
                return Err(usage(format!(
                    "{leavers_in_post} people in the leavers extract ({}) were in post on {}, but it has no column '{}' to group or filter them by; its columns are: {}",
                    ex.location,
                    fmt_date(day),
                    missing[0],
                    names.join(", ")
                )));
            }
        }
        let with_leavers = leavers_in_post > 0;
        let mut cols = cols.to_vec();
        for c in ["fte", "employee_id"] {
            if !cols.contains(&c) {
                cols.push(c);
            }
        }
        // One person's listing in both extracts is found before --where,
        // so that a filter keeps or drops their one row as a group would.
        let wanted: Vec<&str> = cols
            .iter()
            .copied()
            .chain(
                self.filter_columns()
                    .into_iter()
                    .filter(|c| !cols.contains(c)),
            )
            .collect();
        let mut frame = self
            .people_rows(&wanted, with_leavers, false)?
            .filter(Self::in_post(day));
        if with_leavers {
            // The payroll row takes the leave date its leavers row holds
            // (the post is ending: incentives stop paying on it).
            let same_post = [col("employee_id"), col("start_date")];
            let listed_leave = col("leave_date")
                .filter(col("source").eq(lit("leavers")))
                .max()
                .over(same_post)?;
            frame = frame
                .with_column(
                    when(
                        col("source")
                            .eq(lit("payroll"))
                            .and(col("leave_date").is_null()),
                    )
                    .then(listed_leave)
                    .otherwise(col("leave_date"))
                    .alias("leave_date"),
                )
                .filter(Self::shadowed()?.not());
        }
        let own: Vec<&str> = self.opened.joined_own.iter().map(String::as_str).collect();
        // The columns read for the filter only are dropped again.
        let extra: Vec<&str> = wanted
            .iter()
            .copied()
            .filter(|c| !cols.contains(c))
            .collect();
        frame = self.where_people(frame, &own)?;
        if !extra.is_empty() {
            frame = frame.drop(polars::prelude::Selector::ByName {
                names: extra.into_iter().map(Into::into).collect(),
                strict: false,
            });
        }
        let fte_read = self.has(Dataset::Payroll, "fte")
            || (with_leavers && self.has(Dataset::Leavers, "fte"));
        if !fte_read {
            frame = frame.with_column(
                lit(NULL)
                    .cast(crate::frame::decimal_type(crate::frame::SCALE))
                    .alias("fte"),
            );
        }
        let (fte_known, from_leavers) = if with_leavers {
            let counts = frame
                .clone()
                .select([
                    col("fte")
                        .null_count()
                        .cast(DataType::UInt64)
                        .alias("blank"),
                    col("source")
                        .eq(lit("leavers"))
                        .cast(DataType::UInt64)
                        .sum()
                        .alias("leavers"),
                ])
                .collect()?;
            let get = |c: &str| -> Result<u64> { Ok(counts.column(c)?.u64()?.get(0).unwrap_or(0)) };
            (get("blank")? == 0, get("leavers")? as usize)
        } else {
            (fte_read, 0)
        };
        Ok(Stock {
            frame,
            fte_known,
            from_leavers,
            leavers_in_post: with_leavers,
        })
    }

    /// Agency placements, filtered by `--where`; `None` without an agency
    /// extract, or when it lacks a `--by` or `--where` column.
    pub fn placements(&self) -> Result<Option<LazyFrame>> {
        if !self.usable(Dataset::Agency) {
            return Ok(None);
        }
        Ok(Some(self.frame(Dataset::Agency)?))
    }

    /// A placement is active on `day` when it started on or before it and
    /// its end date is blank or on or after it (its last working day).
    pub fn active(&self, day: NaiveDate) -> Expr {
        self.active_during(Period {
            start: day,
            end: day,
        })
    }

    /// A placement is active at some time in `period` when it started by
    /// its last day and its end date is blank or on or after its first.
    pub fn active_during(&self, period: Period) -> Expr {
        let started = col("start_date").lt_eq(date_lit(period.end));
        if self.has(Dataset::Agency, "end_date") {
            started.and(
                col("end_date")
                    .is_null()
                    .or(col("end_date").gt_eq(date_lit(period.start))),
            )
        } else {
            started
        }
    }

    /// A placement's hours a week: hours_per_week, or the standard week
    /// where the column is absent (a blank cell is refused when the
    /// extract is opened, as every command using it declares it a figure).
    pub fn agency_hours(&self) -> Expr {
        let standard =
            decimal_lit(self.settings.standard_hours).cast(frame::decimal_type(frame::SCALE));
        if self.has(Dataset::Agency, "hours_per_week") {
            col("hours_per_week").fill_null(standard)
        } else {
            // One value per placement, not a bare literal: the sum of a
            // literal is that literal once, whatever the rows.
            when(col("start_date").is_null())
                .then(standard.clone())
                .otherwise(standard)
        }
    }

    /// Does the placement cover a vacancy (`covering` reads vacancy, any
    /// case)? Every placement does when the column is absent.
    pub fn covers_vacancy(&self) -> Expr {
        if self.has(Dataset::Agency, "covering") {
            col("covering")
                .str()
                .to_lowercase()
                .eq(lit("vacancy"))
                .fill_null(lit(false))
        } else {
            lit(true)
        }
    }

    /// A note for the table.
    pub fn note(&mut self, s: impl Into<String>) {
        self.notes.push(s.into());
    }

    /// Notes every report carries: the dates, rows skipped or set aside,
    /// filters, and what the model noted.
    pub fn notes(&self, table: &mut Table, with_period: bool) {
        table.as_of = Some(self.as_of);
        table.period = with_period.then_some(self.period);
        table.note(match &self.as_of_from {
            AsOfFrom::Flag => format!("As of {}.", fmt_date(self.as_of)),
            AsOfFrom::Config => format!("As of {} (as_of in swr.toml).", fmt_date(self.as_of)),
            AsOfFrom::PeriodEnd => format!("As of {} (the end of the period).", fmt_date(self.as_of)),
            AsOfFrom::Command(why) => format!("As of {} ({why}).", fmt_date(self.as_of)),
            AsOfFrom::Latest { capped: false } => format!(
                "As of {} (the latest start or leave date in the extracts).",
                fmt_date(self.as_of)
            ),
            AsOfFrom::Latest { capped: true } => format!(
                "As of {}, today: the extracts hold start or leave dates after today, which are taken as plans.",
                fmt_date(self.as_of)
            ),
        });
        if with_period {
            table.note(format!("Period {}.", self.period));
        }
        self.data_notes(table);
    }

    /// The notes on the data without the dates: the extracts read (see
    /// [`Model::extract_notes`]), the filters, and what the model noted.
    pub fn data_notes(&self, table: &mut Table) {
        self.extract_notes(table);
        if !self.settings.filters.is_empty() {
            table.note(format!("Filtered: {}.", self.filters_text()));
        }
        let notes = self.opened.notes.iter().chain(&self.notes);
        for n in notes.chain(self.coverage_notes.borrow().iter()) {
            table.note(n.clone());
        }
    }

    /// The first and last day of an extract's flows: the leave dates of
    /// leavers, the starts of absence spells and of agency placements.
    pub fn held(&self, ds: Dataset) -> Result<Option<Period>> {
        let Some((column, _)) = flow_dates(ds) else {
            return Ok(None);
        };
        let Some(ex) = self.opened.extracts.get(&ds) else {
            return Ok(None);
        };
        if !ex.has(column) {
            return Ok(None);
        }
        let days = ex.frame.column(column)?.date()?.physical().clone();
        let (first, last) = (
            polars::prelude::ChunkAgg::min(&days),
            polars::prelude::ChunkAgg::max(&days),
        );
        Ok(first.zip(last).map(|(a, b)| Period {
            start: frame::days_to_date(a),
            end: frame::days_to_date(b),
        }))
    }

    /// Does the extract `ds` give the flows of `period` (SPEC 4,
    /// "Coverage")? Not when the period starts after the as-of date, nor
    /// when it ends before the first date the extract holds: then those
    /// flows, and every figure built on them, are N/A (`false`). A period
    /// only partly inside what the extract holds is worked out (`true`).
    /// Either way the notes say so, once, naming the extract, its dates and
    /// `what` the flows are.
    pub fn flows(&self, ds: Dataset, period: Period, what: &str) -> Result<bool> {
        let Some((_, dates)) = flow_dates(ds) else {
            return Ok(true);
        };
        if !self.found(ds) {
            return Ok(true);
        }
        let held = self.held(ds)?;
        let (given, note) = match held {
            _ if period.start > self.data_as_of => (
                false,
                format!(
                    "{period} starts after the as-of date of the data ({}): {what} {} N/A.",
                    fmt_date(self.data_as_of),
                    if what.contains(" and ") || what.ends_with('s') { "are" } else { "is" }
                ),
            ),
            None => (
                false,
                format!("The {ds} extract holds no {dates}: {what} for {period} are N/A."),
            ),
            Some(h) if period.end < h.start => (
                false,
                format!(
                    "The {ds} extract holds {dates} from {} to {}: {period} ends before them, so {what} for it are N/A.",
                    fmt_date(h.start),
                    fmt_date(h.end)
                ),
            ),
            Some(h) if period.start < h.start || period.end > self.data_as_of => (
                true,
                format!(
                    "The {ds} extract holds {dates} from {} to {}, as of {}: {period} is only partly inside, and {what} are worked out from what it holds.",
                    fmt_date(h.start),
                    fmt_date(h.end),
                    fmt_date(self.data_as_of)
                ),
            ),
            Some(_) => return Ok(true),
        };
        let mut said = self.coverage_notes.borrow_mut();
        if !said.contains(&note) {
            said.push(note);
        }
        Ok(given)
    }

    /// The notes on the extracts read (rows skipped, footers, rows set
    /// aside), without the dates and filters: for a second model in one
    /// report (the earlier snapshot of `movements`).
    pub fn extract_notes(&self, table: &mut Table) {
        for e in self.opened.extracts.values() {
            if e.blank_rows > 0 {
                table.note(format!(
                    "{}: {} blank row{} skipped.",
                    e.location,
                    e.blank_rows,
                    plural(e.blank_rows)
                ));
            }
            for n in &e.notes {
                table.note(n.clone());
            }
            if e.footer_rows > 0 {
                table.note(format!(
                    "{}: {} footer row{} (Total) left out.",
                    e.location,
                    e.footer_rows,
                    plural(e.footer_rows)
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
    }

    /// What the model noted (a filter that keeps no rows of an extract).
    pub fn own_notes(&self) -> impl Iterator<Item = &String> {
        self.opened.notes.iter().chain(&self.notes)
    }
}

/// `lf` kept to the rows that pass `filters` (as `--where`: see
/// [`filter_expr`]), the type of each column from `dtype`; a filter that
/// does not fit its column is the error `bad` makes of it.
pub fn filtered(
    mut lf: LazyFrame,
    filters: &[Filter],
    dtype: impl Fn(&str) -> Result<DataType>,
    bad: impl Fn(&str, anyhow::Error) -> anyhow::Error,
) -> Result<LazyFrame> {
    let mut by_col: BTreeMap<&str, Vec<&Filter>> = BTreeMap::new();
    for f in filters {
        by_col.entry(f.column.as_str()).or_default().push(f);
    }
    for (c, filters) in by_col {
        lf = lf.filter(filter_expr(c, &dtype(c)?, &filters).map_err(|e| bad(c, e))?);
    }
    Ok(lf)
}

/// `--where` on one column: several `=` are alternatives, every `!=` drops.
/// Text compares ignoring case; other columns compare as values of their
/// kind (`--where fte=1` keeps 1.0).
fn filter_expr(column: &str, dtype: &DataType, filters: &[&Filter]) -> Result<Expr> {
    let value_of = |raw: &str| -> Result<Option<Expr>> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(None);
        }
        Ok(Some(match dtype {
            DataType::String => lit(raw.to_lowercase()),
            DataType::Date => date_lit(
                crate::period::parse_flag_date(raw).map_err(|_| {
                    usage(format!("--where {column}={raw}: {column} holds dates; expected a date such as 2016-07-30"))
                })?,
            ),
            DataType::Decimal(..) => decimal_lit(crate::values::parse_money_text(raw).ok_or_else(|| {
                usage(format!("--where {column}={raw}: {column} holds numbers; expected a number such as 1 or 0.5"))
            })?)
            .cast(dtype.clone()),
            DataType::Boolean => lit(crate::values::parse_yes_no(crate::values::CellRef::Text(raw))
                .map_err(|e| usage(format!("--where {column}={raw}: {e}")))?),
            other => return Err(anyhow!("--where {column}: cannot filter a column of type {other}")),
        }))
    };
    let cell = if *dtype == DataType::String {
        col(column).str().to_lowercase()
    } else {
        col(column)
    };
    let is = |value: Option<Expr>| match value {
        None => col(column).is_null(),
        Some(v) => cell.clone().eq(v).fill_null(lit(false)),
    };
    let mut keep: Option<Expr> = None;
    let mut expr = lit(true);
    for f in filters {
        let test = is(value_of(&f.value)?);
        if f.keep {
            keep = Some(match keep {
                None => test,
                Some(k) => k.or(test),
            });
        } else {
            expr = expr.and(test.not());
        }
    }
    Ok(match keep {
        Some(k) => expr.and(k),
        None => expr,
    })
}

/// How many rows of an extract are in post on `day`.
fn in_post_count(ex: &Extract, day: NaiveDate) -> Result<usize> {
    let n = ex
        .frame
        .clone()
        .lazy()
        .filter(Model::in_post(day))
        .select([frame::len_expr()])
        .collect()?;
    Ok(n.column("len")?.u32()?.get(0).unwrap_or(0) as usize)
}

/// Fold raw leaving reasons into reporting categories (`[reasons]`).
fn fold_reasons(ex: &mut Extract, reasons: &BTreeMap<String, String>) -> Result<()> {
    let folded: Vec<Option<String>> = ex
        .frame
        .column("reason")?
        .str()?
        .iter()
        .map(|r| {
            r.map(|r| {
                reasons
                    .get(&r.trim().to_lowercase())
                    .cloned()
                    .unwrap_or_else(|| r.to_string())
            })
        })
        .collect();
    ex.frame
        .with_column(polars::prelude::Column::new("reason".into(), folded))?;
    Ok(())
}

pub fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::add_months;
    use polars::prelude::{Column, DataFrame};

    /// The polars expression agrees with chrono day by day over leap years,
    /// month ends and the turn of centuries.
    #[test]
    fn months_after_agrees_with_add_months() {
        let mut days = Vec::new();
        let mut d = NaiveDate::from_ymd_opt(1899, 12, 1).unwrap();
        while d < NaiveDate::from_ymd_opt(1901, 3, 31).unwrap() {
            days.push(d);
            d = d.succ_opt().unwrap();
        }
        let mut d = NaiveDate::from_ymd_opt(2011, 12, 1).unwrap();
        while d < NaiveDate::from_ymd_opt(2017, 3, 31).unwrap() {
            days.push(d);
            d = d.succ_opt().unwrap();
        }
        let numbers: Vec<i32> = days.iter().map(|d| frame::date_to_days(*d)).collect();
        let df = DataFrame::new(
            numbers.len(),
            vec![Column::new("d".into(), numbers)
                .cast(&DataType::Date)
                .unwrap()],
        )
        .unwrap();
        for months in [0, 1, 6, 12, 13, 24, 25, 36, 1200] {
            let out = df
                .clone()
                .lazy()
                .select([Model::months_after(col("d"), months)
                    .cast(DataType::Int32)
                    .alias("x")])
                .collect()
                .unwrap();
            let got = out.column("x").unwrap().i32().unwrap();
            for (i, day) in days.iter().enumerate() {
                assert_eq!(
                    got.get(i).map(frame::days_to_date),
                    Some(add_months(*day, months)),
                    "{day} + {months} months"
                );
            }
        }
    }
}

/// Whose cases `swr caseload` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CaseloadOf {
    Staff,
    Agency,
    All,
}
