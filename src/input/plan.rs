//! Finding the header row and planning the columns: which row names the
//! dataset's columns (by swr.toml's `[columns]`, the HR system's profile,
//! then swr's own names and aliases), which source column becomes which
//! field, of what kind, typed or skipped, and what the header tells the
//! reader (two headers naming one column, values under no header).

use super::cells::OwnedCell;
use super::options::{LoadOptions, YesNoWords};
use super::Location;
use crate::extracts::{match_key, normalised_name, ColumnSpec, Dataset, Kind};
use crate::values::{self, CellRef};
use anyhow::{anyhow, bail, Result};
use std::collections::{BTreeMap, HashMap, HashSet};

/// How far down a sheet to look for the header row.
pub(super) const HEADER_SCAN_ROWS: usize = 30;

/// Cells of a row looked at when scoring it as a header: no HR extract has
/// more columns, and a 10 MB line of `a,a,a,...` is not scored cell by cell.
const HEADER_SCAN_CELLS: usize = 1000;

/// One column of the header row: where it is, what it is called, and how
/// it is read.
#[derive(Debug, Clone)]
pub(super) struct Planned {
    /// Not used by this command: neither typed nor kept.
    pub(super) skip: bool,
    pub(super) index: usize,
    pub(super) header: String,
    pub(super) name: String,
    pub(super) kind: Kind,
    pub(super) required: bool,
    /// Required by the command that reads it, not by the dataset: the
    /// command, for the message.
    pub(super) needed_by: Option<&'static str>,
    /// More words read as yes and as no (swr.toml `[values]`).
    pub(super) words: Option<YesNoWords>,
}

/// Header text (as matched) -> the column it names and how good a name it
/// is (0 best): a mapping in swr.toml, then the column's own name, then its
/// aliases in order.
pub(super) fn alias_index(
    dataset: Dataset,
    mapping: &BTreeMap<String, String>,
    profile: Option<crate::profiles::Profile>,
) -> HashMap<String, (&'static ColumnSpec, usize)> {
    // Ranks: swr.toml's [columns] 0, then the profile's headers, then
    // swr's own list; a header the profile gives a column is that column's
    // (Oracle's Department is a team, not a directorate).
    const OWN: usize = 1000;
    let mut index = HashMap::new();
    for spec in dataset.columns() {
        let names = std::iter::once(spec.name).chain(spec.aliases.iter().copied());
        for (rank, name) in names.enumerate() {
            index
                .entry(match_key(name))
                .or_insert((spec, OWN + rank + 1));
        }
    }
    if let Some(p) = profile {
        for spec in dataset.columns() {
            for (rank, name) in p.headers(dataset, spec.name).into_iter().enumerate() {
                index.insert(match_key(name), (spec, rank + 1));
            }
        }
    }
    for (canonical, written) in mapping {
        if let Some(spec) = dataset.column(canonical) {
            index.insert(match_key(written), (spec, 0));
        }
    }
    index.remove("");
    index
}

/// How many of the dataset's columns a row names.
fn score(aliases: &HashMap<String, (&'static ColumnSpec, usize)>, cells: &[OwnedCell]) -> usize {
    let mut seen = HashSet::new();
    for c in cells.iter().take(HEADER_SCAN_CELLS) {
        if let OwnedCell::Text(s) = c {
            if s.len() <= 200 {
                if let Some((spec, _)) = aliases.get(&match_key(s)) {
                    seen.insert(spec.name);
                }
            }
        }
    }
    seen.len()
}

/// Which of the rows read so far is the header: the row swr.toml names,
/// else the first of those naming most of the dataset's columns.
pub(super) fn find_header(
    at: &Location,
    dataset: Dataset,
    opts: &LoadOptions,
    aliases: &HashMap<String, (&'static ColumnSpec, usize)>,
    buffered: &[(usize, Vec<OwnedCell>)],
) -> Result<usize> {
    let what = if at.is_workbook() { "sheet" } else { "file" };
    let pick = match opts.header_row {
        Some(h) => buffered.iter().position(|(r, _)| *r == h).ok_or_else(|| {
            anyhow!(
                "{}: header_row = {h} in swr.toml, but the {what} has only {} rows",
                at,
                buffered.last().map(|(r, _)| *r).unwrap_or(0)
            )
        })?,
        None => {
            let scores: Vec<usize> = buffered.iter().map(|(_, c)| score(aliases, c)).collect();
            let best = scores.iter().copied().max().unwrap_or(0);
            if best == 0 {
                let first = buffered
                    .iter()
                    .find(|(_, c)| c.iter().any(|x| !x.as_ref().is_blank()));
                return Err(match first {
                    None => anyhow!("{}: the {what} is empty: expected a header row and data", at),
                    Some((r, cells)) => anyhow!(
                        "{}: no header row found in the first {} rows: expected headers such as {}; row {r} reads: {}",
                        at,
                        HEADER_SCAN_ROWS,
                        dataset.required().map(|c| c.name).collect::<Vec<_>>().join(", "),
                        show_row(cells)
                    ),
                });
            }
            scores.iter().position(|s| *s == best).unwrap_or(0)
        }
    };
    Ok(pick)
}

/// The plan of the header row `header` (spreadsheet row `header_row`):
/// every named column, the dataset's by their best-ranked header, and the
/// notes on headers that name one column twice.
pub(super) fn plan_columns(
    at: &Location,
    dataset: Dataset,
    opts: &LoadOptions,
    header_row: usize,
    aliases: &HashMap<String, (&'static ColumnSpec, usize)>,
    header: &[OwnedCell],
) -> Result<(Vec<Planned>, Vec<String>)> {
    let texts: Vec<String> = header
        .iter()
        .map(|c| match c.as_ref() {
            CellRef::Empty => String::new(),
            other => other.shown().trim().to_string(),
        })
        .collect();
    let shown_headers = || {
        texts
            .iter()
            .filter(|t| !t.is_empty())
            .take(40)
            .map(|t| format!("'{}'", values::cut(t, 60)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    // A mapping in swr.toml names a header the file must have.
    for (canonical, written) in &opts.mapping {
        let key = match_key(written);
        if !texts.iter().any(|t| match_key(t) == key) {
            bail!(
                "{}: swr.toml maps {canonical} to the header '{written}' under [columns.{}], but header row {} has no such header; it has: {}",
                at,
                dataset,
                header_row,
                shown_headers()
            );
        }
    }
    // Best-ranked header for each canonical column.
    let mut best: BTreeMap<&'static str, (usize, usize)> = BTreeMap::new();
    let mut also: BTreeMap<&'static str, Vec<usize>> = BTreeMap::new();
    for (i, h) in texts.iter().enumerate() {
        if let Some((spec, rank)) = aliases.get(&match_key(h)) {
            let e = best.entry(spec.name).or_insert((i, *rank));
            if *rank < e.1 {
                also.entry(spec.name).or_default().push(e.0);
                *e = (i, *rank);
            } else if e.0 != i {
                also.entry(spec.name).or_default().push(i);
            }
        }
    }
    // Two headers for one column: the better name is read, and said.
    let mut notes = Vec::new();
    for (name, others) in &also {
        let (chosen, _) = best[name];
        notes.push(format!(
            "{}: the headers '{}' and {} both name {name}: '{}' is read (name the other in swr.toml [columns.{}] to read it instead)",
            at,
            texts[chosen],
            others.iter().map(|i| format!("'{}'", texts[*i])).collect::<Vec<_>>().join(", "),
            texts[chosen],
            dataset
        ));
    }
    let missing: Vec<&str> = dataset
        .required()
        .filter(|_| !opts.dates_only)
        .filter(|c| !best.contains_key(c.name))
        .map(|c| c.name)
        .collect();
    if !missing.is_empty() {
        let hints: Vec<String> = missing
            .iter()
            .map(|m| {
                let spec = dataset.column(m).expect("required column is in the spec");
                let mut heads: Vec<&str> = opts
                    .profile
                    .map(|p| p.headers(dataset, m))
                    .unwrap_or_default();
                heads.extend(spec.aliases.iter().copied());
                format!(
                    "{m} (headed e.g. {})",
                    heads
                        .iter()
                        .take(3)
                        .map(|a| format!("'{a}'"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
            .collect();
        bail!(
            "{}: the {} extract has no {} column{}: {}. Header row {} has: {}. Name the header in swr.toml under [columns.{}] if it is called something else.",
            at,
            dataset,
            missing.join(", "),
            if missing.len() > 1 { "s" } else { "" },
            hints.join("; "),
            header_row,
            shown_headers(),
            dataset
        );
    }
    let mut used: HashSet<String> = best.keys().map(|k| k.to_string()).collect();
    let by_index: HashMap<usize, &'static str> =
        best.iter().map(|(name, (i, _))| (*i, *name)).collect();
    let mut plan = Vec::new();
    for (i, h) in texts.iter().enumerate() {
        if h.is_empty() {
            continue;
        }
        match by_index.get(&i) {
            Some(name) => {
                let spec = dataset.column(name).expect("mapped to a spec column");
                plan.push(Planned {
                    skip: false,
                    index: i,
                    header: h.clone(),
                    name: name.to_string(),
                    kind: spec.kind,
                    required: (spec.required && (!opts.dates_only || opts.required_blanks))
                        || (opts.needed.contains(*name) && !opts.dates_only),
                    needed_by: (!spec.required && opts.needed.contains(*name))
                        .then_some(opts.needed_by.unwrap_or("this command")),
                    // Trimmed once here, not for every cell.
                    words: opts.values.get(*name).map(|w| YesNoWords {
                        yes: w.yes.iter().map(|x| x.trim().to_string()).collect(),
                        no: w.no.iter().map(|x| x.trim().to_string()).collect(),
                    }),
                });
            }
            None => {
                let base = match normalised_name(h) {
                    n if n.is_empty() => format!("column_{}", i + 1),
                    n => n,
                };
                let mut name = base.clone();
                let mut k = 2;
                while used.contains(&name) {
                    name = format!("{base}_{k}");
                    k += 1;
                }
                used.insert(name.clone());
                plan.push(Planned {
                    skip: false,
                    index: i,
                    header: h.clone(),
                    name,
                    kind: Kind::Text,
                    required: false,
                    needed_by: None,
                    words: None,
                });
            }
        }
    }
    for p in &mut plan {
        p.skip = !keeps(opts, &p.name);
    }
    Ok((plan, notes))
}

fn keeps(opts: &LoadOptions, name: &str) -> bool {
    opts.keep.as_ref().is_none_or(|k| k.contains(name))
}

/// Indexes in the plan of the columns read (not skipped).
pub(super) fn reads_of(plan: &[Planned]) -> Vec<usize> {
    (0..plan.len()).filter(|&k| !plan[k].skip).collect()
}

/// The required columns left unread, but for `reason`, whose blank reads
/// as "Not recorded".
pub(super) fn unread_required_of(plan: &[Planned]) -> Vec<usize> {
    (0..plan.len())
        .filter(|&k| plan[k].skip && plan[k].required && plan[k].name != "reason")
        .collect()
}

fn show_row(cells: &[OwnedCell]) -> String {
    cells
        .iter()
        .map(|c| c.as_ref())
        .filter(|c| !c.is_blank())
        .map(|c| format!("'{}'", values::cut(&c.shown(), 60)))
        .take(8)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Columns with values under a blank header cell (seen in the rows read
/// with the header): they are not read, which the reader is told, with a
/// hint when the header next to it may be a merged cell hiding theirs.
pub(super) fn unnamed_columns(
    header: &[OwnedCell],
    rows: &[(usize, Vec<OwnedCell>)],
    workbook: bool,
) -> Vec<String> {
    let blank = |i: usize| header.get(i).is_none_or(|c| c.as_ref().is_blank());
    // Column -> its first value, in time proportional to the cells.
    let mut found: BTreeMap<usize, (usize, String)> = BTreeMap::new();
    for (row, cells) in rows {
        for (i, c) in cells.iter().enumerate() {
            let c = c.as_ref();
            if blank(i) && !c.is_blank() && !found.contains_key(&i) {
                found.insert(i, (*row, values::cut(c.shown().trim(), 40)));
            }
        }
    }
    const SHOWN: usize = 5;
    let more = found.len().saturating_sub(SHOWN);
    let mut notes: Vec<String> = found
        .into_iter()
        .take(SHOWN)
        .map(|(i, (row, value))| (i, row, value))
        .map(|(i, row, value)| {
            let name = if workbook {
                format!("column {}", column_letters(i))
            } else {
                format!("column {}", i + 1)
            };
            let left = (0..i).rev().find(|k| !blank(*k));
            let hint = match left {
                Some(k) if workbook => format!(
                    "; if the header '{}' is a merged cell over it, unmerge it and give each column its own header",
                    values::cut(header[k].as_ref().shown().trim(), 40)
                ),
                _ => String::new(),
            };
            format!("{name} has values (row {row}: '{value}') but no header, so it is not read{hint}")
        })
        .collect();
    if more > 0 {
        notes.push(format!(
            "{more} more column{} with values but no header {} not read",
            if more == 1 { "" } else { "s" },
            if more == 1 { "is" } else { "are" }
        ));
    }
    notes
}

/// A column's letters as a spreadsheet shows them: 0 -> A, 26 -> AA.
fn column_letters(mut i: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}
