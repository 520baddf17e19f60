//! The load itself: the row state while a reader hands rows over. Rows are
//! held until the header is found (`plan.rs`), then each row's cells are
//! typed (`typing.rs`) into the columns; blank and footer rows are counted,
//! problems stop a strict load or set the row aside, forks read parts of a
//! file in other threads and are put back together in order, and the frame
//! is built.
//!
//! Readers (CSV, workbook) hand rows to a [`Loader`]; it knows nothing of
//! file formats beyond the `Record` (`cells.rs`) a text reader splits.

use super::cells::{Cells, Field, NoCells, OwnedCell, Record, SheetCells, TextCells};
use super::options::{LoadOptions, Mode};
use super::plan::{
    alias_index, find_header, plan_columns, reads_of, unnamed_columns, unread_required_of, Planned,
    HEADER_SCAN_ROWS,
};
use super::rows::RowNumbers;
use super::typing::{blank_message, empty_column, fast_cell, read_cell};
use super::{Location, Problem};
use crate::extracts::{Dataset, Kind};
use crate::frame::{self, ColumnData, DataFrame};
use crate::values::CellRef;
use anyhow::{anyhow, bail, Result};

/// A loaded extract.
#[derive(Debug, Clone)]
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
    /// Footer rows (`Total`, `Grand Total`...) left out.
    pub footer_rows: usize,
    pub set_aside: usize,
    pub problems: Vec<Problem>,
    /// Choices made in reading it that the reader should know of (two
    /// headers naming one column).
    pub notes: Vec<String>,
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

    /// Does the file have the column, loaded or not?
    pub fn carries(&self, name: &str) -> bool {
        self.columns.iter().any(|(_, n)| n == name)
    }

    /// Names of every column the file has, loaded or not.
    pub fn column_names(&self) -> Vec<String> {
        self.columns.iter().map(|(_, n)| n.clone()).collect()
    }
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
    /// Indexes in the plan of the required columns this command does not
    /// read: a blank in one is still refused (SPEC 4, "Blank cells").
    unread_required: Vec<usize>,
    /// Cell indexes of the required text columns (for footer rows).
    required_text: Vec<usize>,
    /// Cells in the header row, up to its last named one.
    width: usize,
    /// Fields on a text file's header line: a row with values beyond them
    /// has been shifted by a separator inside a value.
    header_fields: Option<usize>,
    /// Fields on a text file's header line up to its last named one: a row
    /// with fewer is short of fields.
    header_named: Option<usize>,
    data: Vec<ColumnData>,
    /// Rows in `data`, set-aside ones included.
    height: usize,
    /// Indexes in `data` of rows set aside, dropped when the frame is built.
    dropped: Vec<usize>,
    rows: RowNumbers,
    header_row: usize,
    rows_read: usize,
    blank_rows: usize,
    footer_rows: usize,
    set_aside: usize,
    problems: Vec<Problem>,
    /// A fork of a strict loader: stops at its first problem.
    strict_fork: bool,
    /// Columns of the rows forks read, in order after `data`.
    parts: Vec<DataFrame>,
    /// A fork's rows as a frame, once [`Loader::seal`] has run.
    sealed: Option<DataFrame>,
    /// What the header told (see [`Extract::notes`]).
    notes: Vec<String>,
    /// The bar a long load shows (shared with its forks).
    progress: crate::progress::Progress,
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
            unread_required: Vec::new(),
            required_text: Vec::new(),
            width: 0,
            header_fields: None,
            header_named: None,
            data: Vec::new(),
            height: 0,
            dropped: Vec::new(),
            rows: RowNumbers::default(),
            header_row: 0,
            rows_read: 0,
            blank_rows: 0,
            footer_rows: 0,
            set_aside: 0,
            problems: Vec::new(),
            strict_fork: false,
            parts: Vec::new(),
            sealed: None,
            notes: Default::default(),
            progress: crate::progress::Progress::none(),
        }
    }

    /// Show `progress` while this load (and its forks) run.
    pub fn set_progress(&mut self, progress: crate::progress::Progress) {
        self.progress = progress;
    }

    /// `n` more bytes (or rows) read.
    pub fn advance(&self, n: u64) {
        self.progress.advance(n);
    }

    pub fn finish_progress(&self) {
        self.progress.finish();
    }

    pub fn dataset(&self) -> Dataset {
        self.dataset
    }

    /// Only dates are read from this extract.
    pub fn dates_only(&self) -> bool {
        self.opts.dates_only
    }

    /// The reader settles which sheet it reads.
    pub fn set_location(&mut self, at: Location) {
        self.at = at;
    }

    /// Has the header row been found (so rows now go straight to the columns)?
    pub fn is_planned(&self) -> bool {
        self.plan.is_some()
    }

    /// Cells in the header row; before it is found, in the widest row so far.
    pub fn width(&self) -> Option<usize> {
        if self.plan.is_some() {
            return Some(self.width);
        }
        self.buffered
            .iter()
            .map(|(_, cells)| {
                cells
                    .iter()
                    .rposition(|c| !c.as_ref().is_blank())
                    .map_or(0, |i| i + 1)
            })
            .max()
            .filter(|w| *w > 0)
    }

    /// An empty loader with the same plan, to read a chunk of rows in another
    /// thread; [`Loader::absorb`] puts the chunks back together in order.
    pub fn fork(&self) -> Loader {
        let plan = self.plan.clone().expect("fork after the header is decided");
        let data = plan.iter().map(|p| empty_column(p.kind)).collect();
        let strict = self.strict_fork || self.opts.mode == Mode::Strict;
        let mut opts = self.opts.clone();
        if strict {
            opts.mode = Mode::CollectAll;
        }
        Loader {
            sealed: None,
            notes: Default::default(),
            progress: self.progress.clone(),
            parts: Vec::new(),
            strict_fork: strict,
            dataset: self.dataset,
            at: self.at.clone(),
            opts,
            buffered: Vec::new(),
            reads: reads_of(&plan),
            unread_required: unread_required_of(&plan),
            required_text: self.required_text.clone(),
            width: self.width,
            header_fields: self.header_fields,
            header_named: self.header_named,
            plan: Some(plan),
            data,
            height: 0,
            dropped: Vec::new(),
            rows: RowNumbers::default(),
            header_row: self.header_row,
            rows_read: 0,
            blank_rows: 0,
            footer_rows: 0,
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
        self.footer_rows += other.footer_rows;
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

    /// Record a problem: fatal in strict mode, else the row is set aside.
    fn problem(&mut self, problem: Problem) -> Result<()> {
        if self.opts.mode == Mode::Strict {
            return Err(self.fail(problem));
        }
        self.problems.push(problem);
        Ok(())
    }

    /// Take one workbook row; `row` is its spreadsheet row number.
    pub fn push(&mut self, row: usize, cells: &[CellRef<'_>]) -> Result<()> {
        self.push_mapped(row, cells, |c| *c)
    }

    /// Take one row of a reader's own cells, each seen as a [`CellRef`]
    /// through `view`, without building a row of them.
    pub fn push_mapped<T>(
        &mut self,
        row: usize,
        items: &[T],
        view: impl Fn(&T) -> CellRef<'_>,
    ) -> Result<()> {
        self.push_cells(row, &SheetCells { items, view })
    }

    /// Take one CSV record; `row` is the line it starts on.
    pub fn push_record<R: Record>(&mut self, row: usize, record: &R) -> Result<()> {
        self.push_cells(row, &TextCells(record))
    }

    /// An empty line.
    pub fn push_blank(&mut self, row: usize) -> Result<()> {
        self.push_cells(row, &NoCells)
    }

    /// A record that cannot be split into its fields (a stray quote that
    /// took in the `lines - 1` lines after it): a problem at field `field`.
    pub fn set_aside_lines(
        &mut self,
        row: usize,
        lines: usize,
        field: usize,
        value: &str,
        message: String,
    ) -> Result<()> {
        // The header is above this row: settle it, so that the problem
        // names its column and the rows are counted below it.
        if self.plan.is_none() {
            self.decide_header()?;
        }
        let column = self
            .plan
            .as_ref()
            .and_then(|p| p.iter().find(|c| c.index == field))
            .map(|c| c.header.clone());
        self.problem(Problem {
            row: Some(row),
            column,
            value: Some(value.to_string()),
            message,
            warning: false,
        })?;
        self.rows_read += lines;
        self.set_aside += lines;
        Ok(())
    }

    fn push_cells(&mut self, row: usize, cells: &impl Cells) -> Result<()> {
        if self.plan.is_some() {
            return self.process(row, cells);
        }
        let owned = (0..cells.count())
            .map(|i| cells.with(i, |f| OwnedCell::from_ref(&f.cell())))
            .collect();
        self.buffered.push((row, owned));
        let enough = match self.opts.header_row {
            Some(h) => row >= h,
            None => self.buffered.len() >= HEADER_SCAN_ROWS,
        };
        if enough {
            self.decide_header()?;
        }
        Ok(())
    }

    /// Pick the header row among the buffered rows, plan the columns, then
    /// replay the rows below it.
    fn decide_header(&mut self) -> Result<()> {
        let buffered = std::mem::take(&mut self.buffered);
        let aliases = alias_index(self.dataset, &self.opts.mapping, self.opts.profile);
        let pick = find_header(&self.at, self.dataset, &self.opts, &aliases, &buffered)?;
        let (header_row, header_cells) = &buffered[pick];
        self.header_row = *header_row;
        let (plan, notes) = plan_columns(
            &self.at,
            self.dataset,
            &self.opts,
            self.header_row,
            &aliases,
            header_cells,
        )?;
        self.notes.extend(notes);
        self.data = plan.iter().map(|p| empty_column(p.kind)).collect();
        self.reads = reads_of(&plan);
        self.unread_required = unread_required_of(&plan);
        self.required_text = plan
            .iter()
            .filter(|p| p.required && p.kind == Kind::Text)
            .map(|p| p.index)
            .collect();
        self.width = plan.iter().map(|p| p.index + 1).max().unwrap_or(0);
        self.header_fields = (!self.at.is_workbook()).then_some(header_cells.len());
        self.header_named = self.header_fields.map(|_| {
            header_cells
                .iter()
                .rposition(|c| !c.as_ref().is_blank())
                .map_or(0, |i| i + 1)
        });
        self.plan = Some(plan);
        let unnamed = unnamed_columns(header_cells, &buffered[pick + 1..], self.at.is_workbook());
        self.notes.extend(unnamed);
        for (row, cells) in buffered.into_iter().skip(pick + 1) {
            self.push_mapped(row, &cells, OwnedCell::as_ref)?;
        }
        Ok(())
    }

    /// Type one row's cells into the columns read; blank rows and footer
    /// rows are counted, not loaded.
    fn process(&mut self, row: usize, cells: &impl Cells) -> Result<()> {
        self.rows_read += 1;
        let n = cells.count();
        let first = (0..n).find(|&i| !cells.with(i, |f| f.is_blank()));
        let Some(first) = first else {
            self.blank_rows += 1;
            return Ok(());
        };
        if cells.with(first, is_total_word)
            && self
                .required_text
                .iter()
                .all(|&i| i == first || cells.with(i, |f| f.is_blank()))
        {
            self.footer_rows += 1;
            return Ok(());
        }
        let plan = self.plan.as_ref().expect("header decided before rows");
        let order = self.opts.date_order;
        let mut bad: Vec<Problem> = Vec::new();
        // A text row with fewer fields than the header is short as a whole:
        // said so, rather than as a blank cell in whichever column it lacks.
        let short = self.header_named.is_some_and(|named| n < named);
        if short {
            let fields = self.header_fields.unwrap_or(n);
            bad.push(Problem {
                row: Some(row),
                column: None,
                value: None,
                message: format!(
                    "the row has {n} field{} where the header has {fields}: a lost separator moves every value after it to the wrong column, so the row is not read; give it a field for every header (an empty one for a blank cell)",
                    if n == 1 { "" } else { "s" }
                ),
                warning: false,
            });
        }
        if let Some(fields) = self.header_fields.filter(|f| n > *f) {
            if let Some(extra) = (fields..n).find(|&i| !cells.with(i, |f| f.is_blank())) {
                bad.push(Problem {
                    row: Some(row),
                    column: Some(format!("value {} (past the last header)", extra + 1)),
                    value: Some(cells.with(extra, |f| f.cell().shown())),
                    message: format!(
                        "the row has {n} values but the header line has {fields}: a separator inside an unquoted value (a comma in 'Smith, John') moves every value after it to the wrong column; quote that value"
                    ),
                    warning: false,
                });
            }
        }
        for &k in &self.reads {
            let p = &plan[k];
            let data = &mut self.data[k];
            let outcome = cells.with(p.index, |field| {
                if let Field::Bytes(b) = field {
                    if fast_cell(p, b, order, data) {
                        return Ok(());
                    }
                }
                let cell = field.cell();
                read_cell(p, cell, order, data).map_err(|message| (cell.shown(), message))
            });
            if let Err((value, message)) = outcome {
                // Every column gets a cell for the row; it is dropped whole.
                data.push_null();
                bad.push(Problem {
                    row: Some(row),
                    column: Some(p.header.clone()),
                    value: Some(value),
                    message,
                    warning: false,
                });
            }
        }
        for &k in &self.unread_required {
            let p = &plan[k];
            if p.index < n && cells.with(p.index, |f| f.is_blank()) {
                bad.push(Problem {
                    row: Some(row),
                    column: Some(p.header.clone()),
                    value: Some(String::new()),
                    message: blank_message(p, order),
                    warning: false,
                });
            }
        }
        if short {
            // The short row is the problem, not the cells it lacks.
            bad.truncate(1);
        }
        if bad.is_empty() {
            self.rows.push(row);
        } else {
            if self.opts.mode == Mode::Strict {
                return Err(self.fail(bad.swap_remove(0)));
            }
            self.problems.append(&mut bad);
            self.dropped.push(self.height);
            self.set_aside += 1;
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
        if self.opts.spans {
            self.refuse_backward_spans(&mut frame, &columns)?;
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
            footer_rows: self.footer_rows,
            set_aside: self.set_aside,
            problems: self.problems,
            notes: self.notes,
        })
    }
}

impl Loader {
    /// A row that ends before it starts (a leave_date or end_date before its
    /// start_date) is refused, as an unreadable cell is (SPEC 4, "Spans"):
    /// the first stops a strict load; otherwise each is set aside.
    fn refuse_backward_spans(
        &mut self,
        frame: &mut DataFrame,
        columns: &[(String, String)],
    ) -> Result<()> {
        let Some(end) = ["leave_date", "end_date"]
            .into_iter()
            .find(|c| frame::has(frame, c))
        else {
            return Ok(());
        };
        if !frame::has(frame, "start_date") {
            return Ok(());
        }
        let backward: Vec<bool> = {
            let starts = frame.column("start_date")?.date()?.physical().clone();
            let ends = frame.column(end)?.date()?.physical().clone();
            starts
                .iter()
                .zip(ends.iter())
                .map(|(s, e)| matches!((s, e), (Some(s), Some(e)) if e < s))
                .collect()
        };
        if !backward.contains(&true) {
            return Ok(());
        }
        let header = |name: &str| {
            columns
                .iter()
                .find(|(_, n)| n == name)
                .map(|(h, _)| h.clone())
                .unwrap_or_else(|| name.to_string())
        };
        let (end_header, start_header) = (header(end), header("start_date"));
        let mut problems = Vec::new();
        for (i, _) in backward.iter().enumerate().filter(|(_, b)| **b) {
            let day = |c: &str| -> Result<String> {
                Ok(frame
                    .column(c)?
                    .date()?
                    .physical()
                    .get(i)
                    .map(|d| crate::period::fmt_date(frame::days_to_date(d)))
                    .unwrap_or_default())
            };
            let problem = Problem {
                row: Some(self.rows.get(i)),
                column: Some(end_header.clone()),
                value: Some(day(end)?),
                message: format!(
                    "is before the row's {start_header} ({}): a {} row cannot end before it starts",
                    day("start_date")?,
                    self.dataset
                ),
                warning: false,
            };
            if self.opts.mode == Mode::Strict {
                return Err(self.fail(problem));
            }
            problems.push(problem);
        }
        let keep: Vec<bool> = backward.iter().map(|b| !b).collect();
        *frame = frame::filter(frame, keep.clone())?;
        self.rows = self.rows.filter(&keep);
        self.set_aside += problems.len();
        self.problems.extend(problems);
        self.problems.sort_by_key(|p| p.row);
        Ok(())
    }
}

/// `Total`, `Grand Total`, `Subtotal`, `Sub-total` (any case): the first
/// cell of a footer row.
fn is_total_word(f: Field<'_>) -> bool {
    let w = match f {
        Field::Bytes(b) => b.trim_ascii(),
        Field::Cell(CellRef::Text(s)) => s.trim().as_bytes(),
        Field::Cell(_) => return false,
    };
    w.len() <= 11
        && [
            &b"total"[..],
            b"grand total",
            b"subtotal",
            b"sub-total",
            b"sub total",
        ]
        .iter()
        .any(|t| t.eq_ignore_ascii_case(w))
}

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
