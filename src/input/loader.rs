//! From rows of cells to a typed frame: header row, column mapping, values.

use super::rows::RowNumbers;
use super::split::Splitter;
use super::values::{self, CellRef, DateOrder};
use super::{Location, Problem};
use crate::extracts::{canonical_for, match_key, normalised_name, ColumnSpec, Dataset, Kind};
use crate::frame::{self, ChunkedBuilder, ColumnData, DataFrame};
use anyhow::{anyhow, bail, Result};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// How far down a sheet to look for the header row.
pub const HEADER_SCAN_ROWS: usize = 30;

/// What to do with a value that cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Stop at the first one (the default).
    #[default]
    Strict,
    /// Set the row aside and go on (`--skip-invalid`).
    SkipInvalid,
    /// Record every problem and go on (`swr check`).
    CollectAll,
}

#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    pub date_order: DateOrder,
    /// Spreadsheet row number of the header, when swr.toml gives it.
    pub header_row: Option<usize>,
    /// canonical column -> header as written in the file (swr.toml `[columns.X]`).
    pub mapping: BTreeMap<String, String>,
    pub mode: Mode,
    /// Only these columns (frame names) are typed and kept; `None` keeps all.
    /// Required columns must still be present in the file.
    pub keep: Option<BTreeSet<String>>,
}

/// A loaded extract.
#[derive(Debug)]
pub struct Extract {
    pub dataset: Dataset,
    pub location: Location,
    pub frame: DataFrame,
    /// Spreadsheet row number of each frame row.
    pub rows: RowNumbers,
    pub header_row: usize,
    /// Every column of the file: (header as written, column name). Only
    /// those the command uses are in the frame.
    pub columns: Vec<(String, String)>,
    /// Data rows below the header, blank ones included.
    pub rows_read: usize,
    pub blank_rows: usize,
    pub set_aside: usize,
    pub problems: Vec<Problem>,
}

impl Extract {
    /// The header a frame column came from, for messages.
    pub fn header_of(&self, name: &str) -> String {
        self.columns
            .iter()
            .find(|(_, n)| n == name)
            .map(|(h, _)| h.clone())
            .unwrap_or_else(|| name.to_string())
    }

    /// Is the column loaded in the frame?
    pub fn has(&self, name: &str) -> bool {
        frame::has(&self.frame, name)
    }

    /// Names of every column the file has, loaded or not.
    pub fn column_names(&self) -> Vec<String> {
        self.columns.iter().map(|(_, n)| n.clone()).collect()
    }
}

#[derive(Debug, Clone)]
enum OwnedCell {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Bool(bool),
    Error(String),
}

impl OwnedCell {
    fn from_ref(c: &CellRef<'_>) -> OwnedCell {
        match *c {
            CellRef::Empty => OwnedCell::Empty,
            CellRef::Text(s) => OwnedCell::Text(s.to_string()),
            CellRef::Number(n) => OwnedCell::Number(n),
            CellRef::Date(d) => OwnedCell::Date(d),
            CellRef::Bool(b) => OwnedCell::Bool(b),
            CellRef::Error(e) => OwnedCell::Error(e.to_string()),
        }
    }

    fn as_ref(&self) -> CellRef<'_> {
        match self {
            OwnedCell::Empty => CellRef::Empty,
            OwnedCell::Text(s) => CellRef::Text(s),
            OwnedCell::Number(n) => CellRef::Number(*n),
            OwnedCell::Date(d) => CellRef::Date(*d),
            OwnedCell::Bool(b) => CellRef::Bool(*b),
            OwnedCell::Error(e) => CellRef::Error(e),
        }
    }
}

#[derive(Debug, Clone)]
struct Planned {
    /// Not used by this command: neither typed nor kept.
    skip: bool,
    index: usize,
    header: String,
    name: String,
    kind: Kind,
    required: bool,
}

/// Receives rows from a reader and builds the extract.
pub struct Loader {
    dataset: Dataset,
    at: Location,
    opts: LoadOptions,
    buffered: Vec<(usize, Vec<OwnedCell>)>,
    plan: Option<Vec<Planned>>,
    /// Indexes in the plan of the columns read (not skipped).
    reads: Vec<usize>,
    data: Vec<ColumnData>,
    /// Rows in `data`, set-aside ones included.
    height: usize,
    /// Indexes in `data` of rows set aside, dropped when the frame is built.
    dropped: Vec<usize>,
    rows: RowNumbers,
    header_row: usize,
    rows_read: usize,
    blank_rows: usize,
    set_aside: usize,
    problems: Vec<Problem>,
    /// A fork of a strict loader: stops at its first problem.
    strict_fork: bool,
    /// Columns of the rows forks read, in order after `data`.
    parts: Vec<DataFrame>,
    /// A fork's rows as a frame, once [`Loader::seal`] has run.
    sealed: Option<DataFrame>,
}

impl Loader {
    pub fn new(dataset: Dataset, at: Location, opts: &LoadOptions) -> Loader {
        Loader {
            dataset,
            at,
            opts: opts.clone(),
            buffered: Vec::new(),
            plan: None,
            reads: Vec::new(),
            data: Vec::new(),
            height: 0,
            dropped: Vec::new(),
            rows: RowNumbers::default(),
            header_row: 0,
            rows_read: 0,
            blank_rows: 0,
            set_aside: 0,
            problems: Vec::new(),
            strict_fork: false,
            parts: Vec::new(),
            sealed: None,
        }
    }

    pub fn dataset(&self) -> Dataset {
        self.dataset
    }

    /// The reader settles which sheet it reads.
    pub fn set_location(&mut self, at: Location) {
        self.at = at;
    }

    /// Take one row; `row` is its spreadsheet row number.
    pub fn push(&mut self, row: usize, cells: &[CellRef<'_>]) -> Result<()> {
        if self.plan.is_some() {
            return self.push_mapped(row, cells, |c| *c);
        }
        self.buffered
            .push((row, cells.iter().map(OwnedCell::from_ref).collect()));
        let enough = match self.opts.header_row {
            Some(h) => row >= h,
            None => self.buffered.len() >= HEADER_SCAN_ROWS,
        };
        if enough {
            self.decide_header()?;
        }
        Ok(())
    }

    /// Has the header row been found (so rows now go straight to the columns)?
    pub fn is_planned(&self) -> bool {
        self.plan.is_some()
    }

    /// An empty loader with the same plan, to read a chunk of rows in another
    /// thread; [`Loader::absorb`] puts the chunks back together in order.
    pub fn fork(&self) -> Loader {
        let plan = self.plan.clone().expect("fork after the header is decided");
        let data = plan.iter().map(|p| empty_column(p.kind)).collect();
        let strict = self.opts.mode == Mode::Strict;
        let mut opts = self.opts.clone();
        if strict {
            opts.mode = Mode::CollectAll;
        }
        Loader {
            sealed: None,
            parts: Vec::new(),
            strict_fork: strict,
            dataset: self.dataset,
            at: self.at.clone(),
            opts,
            buffered: Vec::new(),
            reads: reads_of(&plan),
            plan: Some(plan),
            data,
            height: 0,
            dropped: Vec::new(),
            rows: RowNumbers::default(),
            header_row: self.header_row,
            rows_read: 0,
            blank_rows: 0,
            set_aside: 0,
            problems: Vec::new(),
        }
    }

    /// Room for about `rows` more rows in every column read.
    pub fn reserve(&mut self, rows: usize) {
        let plan = self
            .plan
            .as_ref()
            .expect("reserve after the header is decided");
        if self.height == 0 {
            for (p, d) in plan.iter().zip(&mut self.data) {
                if !p.skip {
                    *d = d.with_capacity(rows);
                }
            }
        }
    }

    /// Turn a fork's rows into a frame chunk, in the fork's own thread.
    pub fn seal(&mut self) -> Result<()> {
        if self.sealed.is_none() {
            let plan = self.plan.as_ref().expect("a fork has a plan");
            let data = std::mem::take(&mut self.data);
            self.sealed = Some(frame_of(plan, data, self.height, &self.dropped)?);
        }
        Ok(())
    }

    fn chunk(mut self) -> Result<DataFrame> {
        self.seal()?;
        Ok(self.sealed.expect("sealed above"))
    }

    /// A new loader for the same extract, as this one was before any row.
    pub fn fresh(&self) -> Loader {
        Loader::new(self.dataset, self.at.clone(), &self.opts)
    }

    /// A fork in strict mode stops at its first problem (kept, not raised,
    /// since its row number is not known until the parts are put together).
    pub fn stopped(&self) -> bool {
        self.strict_fork && !self.problems.is_empty()
    }

    /// Append the rows a fork read after this loader's own; the fork counted
    /// lines from 1, so `line_offset` is added to its row numbers. A strict
    /// fork's problem is raised here, with its true row.
    pub fn absorb(&mut self, mut other: Loader, line_offset: usize) -> Result<()> {
        for p in &mut other.problems {
            p.row = p.row.map(|r| r + line_offset);
        }
        if other.stopped() {
            let first = other.problems.swap_remove(0);
            return Err(self.fail(first));
        }
        self.rows.append(&other.rows, line_offset);
        self.rows_read += other.rows_read;
        self.blank_rows += other.blank_rows;
        self.set_aside += other.set_aside;
        self.problems.append(&mut other.problems);
        // Kept as a chunk of its own: the frame is stacked from the chunks
        // without copying them together.
        let chunk = other.chunk()?;
        self.parts.push(chunk);
        Ok(())
    }

    fn fail(&self, problem: Problem) -> anyhow::Error {
        anyhow!(problem.describe(&self.at))
    }

    /// Pick the header row among the buffered rows, plan the columns, then
    /// replay the rows below it.
    fn decide_header(&mut self) -> Result<()> {
        let buffered = std::mem::take(&mut self.buffered);
        let pick = match self.opts.header_row {
            Some(h) => buffered.iter().position(|(r, _)| *r == h).ok_or_else(|| {
                anyhow!(
                    "{}: header_row = {h} in swr.toml, but the {} has only {} rows",
                    self.at,
                    if self.at.is_workbook() {
                        "sheet"
                    } else {
                        "file"
                    },
                    buffered.last().map(|(r, _)| *r).unwrap_or(0)
                )
            })?,
            None => {
                let scores: Vec<usize> = buffered.iter().map(|(_, c)| self.score(c)).collect();
                let best = scores.iter().copied().max().unwrap_or(0);
                if best == 0 {
                    let first = buffered
                        .iter()
                        .find(|(_, c)| c.iter().any(|x| !x.as_ref().is_blank()));
                    return Err(match first {
                        None => anyhow!("{}: the {} is empty: expected a header row and data", self.at, if self.at.is_workbook() { "sheet" } else { "file" }),
                        Some((r, cells)) => anyhow!(
                            "{}: no header row found in the first {} rows: expected headers such as {}; row {r} reads: {}",
                            self.at,
                            HEADER_SCAN_ROWS,
                            self.dataset.required().map(|c| c.name).collect::<Vec<_>>().join(", "),
                            show_row(cells)
                        ),
                    });
                }
                scores.iter().position(|s| *s == best).unwrap_or(0)
            }
        };
        let (header_row, header_cells) = &buffered[pick];
        self.header_row = *header_row;
        let plan = self.plan_columns(header_cells)?;
        self.data = plan.iter().map(|p| empty_column(p.kind)).collect();
        self.reads = reads_of(&plan);
        self.plan = Some(plan);
        for (row, cells) in buffered.into_iter().skip(pick + 1) {
            self.push_mapped(row, &cells, OwnedCell::as_ref)?;
        }
        Ok(())
    }

    fn mapped(&self, header: &str) -> Option<(&'static ColumnSpec, usize)> {
        let key = match_key(header);
        if key.is_empty() {
            return None;
        }
        for (canonical, written) in &self.opts.mapping {
            if match_key(written) == key {
                if let Some(spec) = self.dataset.column(canonical) {
                    return Some((spec, 0));
                }
            }
        }
        canonical_for(self.dataset, header).map(|(c, rank)| (c, rank + 1))
    }

    fn score(&self, cells: &[OwnedCell]) -> usize {
        let mut seen = HashSet::new();
        for c in cells {
            if let OwnedCell::Text(s) = c {
                if let Some((spec, _)) = self.mapped(s) {
                    seen.insert(spec.name);
                }
            }
        }
        seen.len()
    }

    fn plan_columns(&self, header: &[OwnedCell]) -> Result<Vec<Planned>> {
        let texts: Vec<String> = header
            .iter()
            .map(|c| match c.as_ref() {
                CellRef::Empty => String::new(),
                other => other.shown().trim().to_string(),
            })
            .collect();
        // Best-ranked header for each canonical column.
        let mut best: BTreeMap<&'static str, (usize, usize)> = BTreeMap::new();
        for (i, h) in texts.iter().enumerate() {
            if let Some((spec, rank)) = self.mapped(h) {
                let e = best.entry(spec.name).or_insert((i, rank));
                if rank < e.1 {
                    *e = (i, rank);
                }
            }
        }
        let missing: Vec<&str> = self
            .dataset
            .required()
            .filter(|c| !best.contains_key(c.name))
            .map(|c| c.name)
            .collect();
        if !missing.is_empty() {
            let hints: Vec<String> = missing
                .iter()
                .map(|m| {
                    let spec = self
                        .dataset
                        .column(m)
                        .expect("required column is in the spec");
                    format!(
                        "{m} (headed e.g. {})",
                        spec.aliases
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
                self.at,
                self.dataset,
                missing.join(", "),
                if missing.len() > 1 { "s" } else { "" },
                hints.join("; "),
                self.header_row,
                texts.iter().filter(|t| !t.is_empty()).map(|t| format!("'{t}'")).collect::<Vec<_>>().join(", "),
                self.dataset
            );
        }
        let mut used: HashSet<String> = best.keys().map(|k| k.to_string()).collect();
        let mut plan = Vec::new();
        for (i, h) in texts.iter().enumerate() {
            if h.is_empty() {
                continue;
            }
            let canonical = best
                .iter()
                .find(|(_, (idx, _))| *idx == i)
                .map(|(name, _)| *name);
            match canonical {
                Some(name) => {
                    let spec = self.dataset.column(name).expect("mapped to a spec column");
                    plan.push(Planned {
                        skip: false,
                        index: i,
                        header: h.clone(),
                        name: name.to_string(),
                        kind: spec.kind,
                        required: spec.required,
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
                    });
                }
            }
        }
        if let Some(keep) = &self.opts.keep {
            for p in &mut plan {
                p.skip = !keep.contains(&p.name);
            }
        }
        Ok(plan)
    }

    /// Take one row of a reader's own cells, each seen as a [`CellRef`]
    /// through `view`, without building a row of them.
    pub fn push_mapped<T>(
        &mut self,
        row: usize,
        items: &[T],
        view: impl Fn(&T) -> CellRef<'_>,
    ) -> Result<()> {
        if self.plan.is_none() {
            let cells: Vec<CellRef<'_>> = items.iter().map(&view).collect();
            return self.push(row, &cells);
        }
        let blank = items.iter().all(|x| view(x).is_blank());
        self.process_with(row, blank, None, |i| {
            Ok(items.get(i).map(&view).unwrap_or(CellRef::Empty))
        })
    }

    /// Take one CSV record without building a row of cells: only the fields
    /// the plan reads are looked at. Not valid UTF-8 is a problem of that cell.
    pub fn push_fields(&mut self, row: usize, record: &Splitter<'_>) -> Result<()> {
        if self.plan.is_none() {
            let cells = record.iter().map(as_cell).collect::<Result<Vec<_>, _>>()?;
            return self.push(row, &cells);
        }
        let blank = record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace));
        self.process_with(row, blank, Some(record), |i| {
            record.get(i).map(as_cell).unwrap_or(Ok(CellRef::Empty))
        })
    }

    /// Count empty lines that are not handed over as rows: blank rows.
    pub fn blank_lines(&mut self, n: usize) {
        self.blank_rows += n;
        self.rows_read += n;
    }

    /// Rows taken so far, blank ones included.
    pub fn rows_read(&self) -> usize {
        self.rows_read
    }

    /// Type one row's cells into the columns read. A CSV record comes as
    /// `fields` too, for the fast readers of the forms nearly every row of a
    /// large extract has (plain text, `dd/mm/yyyy`, `1234.56`, `Yes`); a cell
    /// they do not take goes to the full readers through `cell_at`.
    fn process_with<'c>(
        &mut self,
        row: usize,
        blank: bool,
        fields: Option<&Splitter<'_>>,
        cell_at: impl Fn(usize) -> Result<CellRef<'c>, super::csv::NotUtf8>,
    ) -> Result<()> {
        self.rows_read += 1;
        if blank {
            self.blank_rows += 1;
            return Ok(());
        }
        let plan = self.plan.as_ref().expect("header decided before rows");
        let order = self.opts.date_order;
        let mut bad = false;
        for &k in &self.reads {
            let p = &plan[k];
            let data = &mut self.data[k];
            if let Some(f) = fields {
                if fast_cell(p, f.get(p.index).unwrap_or(b""), order, data) {
                    continue;
                }
            }
            let cell = cell_at(p.index)?;
            if let Err(message) = read_cell(p, cell, order, data) {
                let problem = Problem {
                    row: Some(row),
                    column: Some(p.header.clone()),
                    value: Some(cell.shown()),
                    message,
                    warning: false,
                };
                if self.opts.mode == Mode::Strict {
                    return Err(self.fail(problem));
                }
                self.problems.push(problem);
                // Every column gets a cell for the row; it is dropped whole.
                data.push_null();
                bad = true;
            }
        }
        if bad {
            self.dropped.push(self.height);
            self.set_aside += 1;
        } else {
            self.rows.push(row);
        }
        self.height += 1;
        Ok(())
    }

    pub fn finish(mut self) -> Result<Extract> {
        if self.plan.is_none() {
            if self.buffered.is_empty() {
                bail!(
                    "{}: the {} is empty: expected a header row and data",
                    self.at,
                    if self.at.is_workbook() {
                        "sheet"
                    } else {
                        "file"
                    }
                );
            }
            self.decide_header()?;
        }
        let plan = self.plan.take().expect("decided above");
        let columns: Vec<(String, String)> = plan
            .iter()
            .map(|p| (p.header.clone(), p.name.clone()))
            .collect();
        let parts = std::mem::take(&mut self.parts);
        let mut frame = frame_of(
            &plan,
            std::mem::take(&mut self.data),
            self.height,
            &self.dropped,
        )?;
        for part in &parts {
            frame::stack(&mut frame, part)?;
        }
        Ok(Extract {
            dataset: self.dataset,
            location: self.at,
            frame,
            rows: self.rows,
            header_row: self.header_row,
            columns,
            rows_read: self.rows_read,
            blank_rows: self.blank_rows,
            set_aside: self.set_aside,
            problems: self.problems,
        })
    }
}

fn as_cell(f: &[u8]) -> Result<CellRef<'_>, super::csv::NotUtf8> {
    if f.is_empty() {
        Ok(CellRef::Empty)
    } else {
        std::str::from_utf8(f)
            .map(CellRef::Text)
            .map_err(|_| super::csv::NotUtf8)
    }
}

/// The frame of the planned columns a command reads.
/// The frame of the planned columns a command reads, without the rows set
/// aside (`dropped`, in order).
fn frame_of(
    plan: &[Planned],
    data: Vec<ColumnData>,
    height: usize,
    dropped: &[usize],
) -> Result<DataFrame> {
    let named = plan
        .iter()
        .zip(data)
        .filter(|(p, _)| !p.skip)
        .map(|(p, d)| (p.name.clone(), d))
        .collect();
    let frame = frame::build(height, named)?;
    if dropped.is_empty() {
        return Ok(frame);
    }
    let mut keep = vec![true; height];
    for &i in dropped {
        keep[i] = false;
    }
    frame::filter(&frame, keep)
}

fn reads_of(plan: &[Planned]) -> Vec<usize> {
    (0..plan.len()).filter(|&k| !plan[k].skip).collect()
}

fn empty_column(kind: Kind) -> ColumnData {
    match kind {
        Kind::Text => ColumnData::text(0),
        Kind::Date => ColumnData::date(0),
        Kind::Money | Kind::Number => ColumnData::decimal(0),
        Kind::YesNo => ColumnData::bool(0),
    }
}

fn show_row(cells: &[OwnedCell]) -> String {
    cells
        .iter()
        .map(|c| c.as_ref())
        .filter(|c| !c.is_blank())
        .map(|c| format!("'{}'", c.shown()))
        .take(8)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Type a CSV field in its common form; `false`, with nothing pushed, if
/// it needs the full readers.
#[inline]
fn fast_cell(p: &Planned, f: &[u8], order: DateOrder, data: &mut ColumnData) -> bool {
    match data {
        ColumnData::Text(b) => match f {
            [] => b.append_null(),
            [first, .., last] | [first @ last]
                if first.is_ascii_graphic() && last.is_ascii_graphic() =>
            {
                if f.is_ascii() {
                    // SAFETY: ASCII is valid UTF-8 (checked on the line above;
                    // most cells are, and the full check costs more per cell).
                    b.append_value(unsafe { std::str::from_utf8_unchecked(f) });
                } else {
                    match std::str::from_utf8(f) {
                        Ok(s) => b.append_value(s),
                        Err(_) => return false,
                    }
                }
            }
            _ => return false,
        },
        ColumnData::Date(b) => match values::fast_date_days(f, order) {
            Some(days) => b.append_value(days),
            None => return false,
        },
        ColumnData::Decimal(b) => match values::plain_units_bytes(f) {
            Some(units) if units < values::TOO_LARGE => b.append_value(units),
            Some(_) => return false,
            None if p.kind == Kind::Money => match values::fast_money_units(f) {
                Some(units) => b.append_value(units),
                None => return false,
            },
            None => return false,
        },
        ColumnData::Bool(_) if f.is_empty() && p.required => return false,
        ColumnData::Bool(b) => match values::fast_yes_no(f) {
            Some(v) => b.append_value(v),
            None => return false,
        },
    }
    true
}

fn read_cell(
    p: &Planned,
    cell: CellRef<'_>,
    order: DateOrder,
    data: &mut ColumnData,
) -> Result<(), String> {
    if let CellRef::Error(e) = cell {
        return Err(format!("the cell holds the spreadsheet error {e}"));
    }
    let blank = cell.is_blank();
    if blank && p.required && p.kind != Kind::Text {
        return Err(format!("is blank; expected {}", expected(p.kind, order)));
    }
    match (p.kind, data) {
        (Kind::Text, ColumnData::Text(v)) => match cell {
            _ if blank => v.append_null(),
            CellRef::Text(s) => v.append_value(s.trim()),
            other => v.append_value(other.shown()),
        },
        (Kind::Date, ColumnData::Date(v)) => v.append_option(if blank {
            None
        } else {
            Some(frame::date_to_days(values::parse_date(cell, order)?))
        }),
        (Kind::Money | Kind::Number, ColumnData::Decimal(v)) => {
            v.append_option(read_amount(p.kind, cell)?)
        }
        (Kind::YesNo, ColumnData::Bool(v)) => v.append_value(values::parse_yes_no(cell)?),
        _ => unreachable!("column data built from the same plan"),
    }
    Ok(())
}

/// Money or a non-negative number, exactly, in units of 10^-6; plain
/// numbers (most cells) take a short cut past the decimal parser.
fn read_amount(kind: Kind, cell: CellRef<'_>) -> Result<Option<i128>, String> {
    if cell.is_blank() {
        return Ok(None);
    }
    let expected = match kind {
        Kind::Money => values::MONEY_EXPECTED,
        _ => values::NUMBER_EXPECTED,
    };
    let too_large = || format!("is too large; expected {expected} under 10^16");
    if let CellRef::Text(t) = cell {
        if let Some(units) = values::plain_units(t.trim()) {
            return if units < values::TOO_LARGE {
                Ok(Some(units))
            } else {
                Err(too_large())
            };
        }
    }
    let d = values::parse_decimal(cell, expected)?;
    if kind == Kind::Number && d.is_sign_negative() && !d.is_zero() {
        return Err(format!(
            "is negative; expected {expected} that is 0 or more"
        ));
    }
    // Checked before the conversion, which cannot hold 6 decimals of the
    // largest amounts a decimal can.
    if d.abs() >= rust_decimal::Decimal::from(10i64.pow(16)) {
        return Err(too_large());
    }
    Ok(Some(frame::decimal_to_units(d)))
}

fn expected(kind: Kind, order: DateOrder) -> String {
    match kind {
        Kind::Date => match order {
            DateOrder::Dmy => values::DATE_EXPECTED.to_string(),
            DateOrder::Mdy => values::DATE_EXPECTED_MDY.to_string(),
        },
        Kind::Money => values::MONEY_EXPECTED.to_string(),
        Kind::Number => values::NUMBER_EXPECTED.to_string(),
        Kind::YesNo => values::YES_NO_EXPECTED.to_string(),
        Kind::Text => "text".to_string(),
    }
}
