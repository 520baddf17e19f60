//! Workbooks (XLSX, XLSM, XLSB, XLS, ODS) through calamine.

use super::loader::Loader;
use super::Location;
use crate::values::CellRef;
use anyhow::{anyhow, Result};
use calamine::{open_workbook_auto, Data, DataRef, Reader};
use chrono::NaiveDate;
use std::path::Path;

/// Refuse sheets whose declared size would need an absurd grid in memory
/// (calamine #428): Excel's own limits.
const MAX_ROWS: u32 = 1_048_576;
const MAX_COLS: u32 = 16_384;

fn open(path: &Path) -> Result<calamine::Sheets<std::io::BufReader<std::fs::File>>> {
    if !path.exists() {
        return Err(anyhow!("{}: no such file", path.display()));
    }
    // What the file really is, before calamine tries: HR systems often save
    // a web page or text with an .xls name.
    let mut head = vec![0u8; 4096];
    let n = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .unwrap_or(0);
    head.truncate(n);
    if let Some(kind) = super::csv::markup(&head) {
        return Err(anyhow!(
            "{}: is {kind}, not a workbook: open it in a spreadsheet and save it as XLSX, or read it as it is by renaming it",
            path.display()
        ));
    }
    let zip = head.starts_with(b"PK\x03\x04");
    let ole = head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    if !zip && !ole && !head.is_empty() && !head.contains(&0) {
        return Err(anyhow!(
            "{}: is text, not a workbook: give it a .csv or .txt name to read it as CSV",
            path.display()
        ));
    }
    if ole {
        check_compound_file(path)?;
    }
    open_workbook_auto(path).map_err(|e| {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_uppercase();
        anyhow!("{}: is not a readable {ext} workbook ({e})", path.display())
    })
}

/// An OLE compound file (XLS) whose sector chains loop, checked before
/// calamine reads it: calamine follows a chain until it ends, so a loop (a
/// damaged or hostile file) would grow its buffer until memory runs out.
/// The `cfb` crate reads the container and refuses a malformed allocation
/// table (a sector pointed to twice, an entry past the table) and a chain
/// that comes back to its start; every stream is opened through it, so
/// that no chain calamine may follow can loop.
fn check_compound_file(path: &Path) -> Result<()> {
    let damaged = |why: &str| {
        anyhow!(
            "{}: cannot be read: the workbook's internal structure is damaged ({why}); open it and save it again, or export it afresh",
            path.display()
        )
    };
    let container = |e: std::io::Error| {
        let text = e.to_string();
        if e.kind() == std::io::ErrorKind::InvalidData
            && (text.contains("duplicate sector") || text.contains("pointed to twice"))
        {
            damaged("a chain of its sectors loops")
        } else if e.kind() == std::io::ErrorKind::InvalidData
            || e.kind() == std::io::ErrorKind::UnexpectedEof
        {
            damaged(&format!("its container: {text}"))
        } else {
            anyhow!("{}: cannot read the file ({e})", path.display())
        }
    };
    let mut file = cfb::open(path).map_err(container)?;
    let streams: Vec<std::path::PathBuf> = file
        .walk()
        .filter(|e| e.is_stream())
        .map(|e| e.path().to_path_buf())
        .collect();
    // The Workbook (or Book) stream at the root, as calamine takes it.
    let at_root = |want: &str| {
        streams.iter().find(|p| {
            p.parent() == Some(Path::new("/"))
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.eq_ignore_ascii_case(want))
        })
    };
    let workbook = at_root("Workbook").or_else(|| at_root("Book")).cloned();
    for p in &streams {
        file.open_stream(p).map_err(container)?;
    }
    // The sheets' cells, as calamine will place them: it lays each sheet
    // out as a grid from its first to its last cell, so one cell placed far
    // away (a damaged file) would ask for terabytes.
    if let Some(p) = workbook {
        let mut stream = Vec::new();
        std::io::Read::read_to_end(&mut file.open_stream(&p).map_err(container)?, &mut stream)
            .map_err(container)?;
        if let Some(why) = xls_cells_out_of_bounds(&stream) {
            return Err(damaged(why));
        }
    }
    Ok(())
}

fn le_u16(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at + 2)
        .map(|b| u16::from_le_bytes([b[0], b[1]]) as u32)
}

fn le_u32(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at + 4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// Whether a sheet of a BIFF workbook stream places cells, or declares
/// dimensions, beyond what an XLS sheet can hold (65,536 rows by 256
/// columns), walking the sheets as calamine does: from each BoundSheet's
/// position to its EOF, skipping embedded substreams.
fn xls_cells_out_of_bounds(stream: &[u8]) -> Option<&'static str> {
    const MOST_CELLS: u64 = 65_536 * 256;
    fn records(mut s: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
        std::iter::from_fn(move || {
            let typ = u16::from_le_bytes([*s.first()?, *s.get(1)?]);
            let len = u16::from_le_bytes([*s.get(2)?, *s.get(3)?]) as usize;
            let data = s.get(4..4 + len)?;
            s = &s[4 + len..];
            Some((typ, data))
        })
    }
    let mut sheets = Vec::new();
    for (typ, data) in records(stream) {
        match typ {
            0x0085 => sheets.extend(le_u32(data, 0)),
            0x000A => break,
            _ => {}
        }
    }
    for pos in sheets {
        let Some(sheet) = stream.get(pos as usize..) else {
            continue;
        };
        let (mut rows, mut cols) = ((u32::MAX, 0u32), (u32::MAX, 0u32));
        let mut place = |r: u32, c: u32| {
            rows = (rows.0.min(r), rows.1.max(r));
            cols = (cols.0.min(c), cols.1.max(c));
        };
        let (mut seen_bof, mut depth) = (false, 0usize);
        for (typ, d) in records(sheet) {
            if depth > 0 {
                match typ {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            let at = (le_u16(d, 0), le_u16(d, 2));
            match typ {
                0x0809 if seen_bof => depth += 1,
                0x0809 => seen_bof = true,
                0x000A => break,
                // Dimensions, as calamine reads them to reserve its cells.
                0x0200 => {
                    let (rf, rl, cf, cl) = match d.len() {
                        10 => (le_u16(d, 0), le_u16(d, 2), le_u16(d, 4), le_u16(d, 6)),
                        14 | 16 => (le_u32(d, 0), le_u32(d, 4), le_u16(d, 8), le_u16(d, 10)),
                        _ => continue,
                    };
                    let (Some(rf), Some(rl), Some(cf), Some(cl)) = (rf, rl, cf, cl) else {
                        continue;
                    };
                    let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
                    if rl >= 1 && cl >= 1 {
                        let (Some(r), Some(c)) =
                            ((rl - 1).checked_sub(rf), (cl - 1).checked_sub(cf))
                        else {
                            return Some("a sheet's dimensions end before they start");
                        };
                        if (r as u64 + 1) * (c as u64 + 1) > MOST_CELLS {
                            return Some("a sheet declares more cells than an XLS sheet can hold");
                        }
                    }
                }
                // Number, Label, RString, BoolErr, Rk, LabelSst, Formula.
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                    if let (Some(r), Some(c)) = at {
                        place(r, c);
                    }
                }
                // MulRk: a run of columns on one row.
                0x00BD => {
                    if let (Some(r), Some(c), Some(last)) =
                        (at.0, at.1, le_u16(d, d.len().saturating_sub(2)))
                    {
                        place(r, c);
                        place(r, last);
                    }
                }
                _ => {}
            }
        }
        let cells = |(first, last): (u32, u32)| last.checked_sub(first).map(|n| n as u64 + 1);
        if let (Some(r), Some(c)) = (cells(rows), cells(cols)) {
            if r * c > MOST_CELLS {
                return Some(
                    "a sheet places cells beyond the last row or column an XLS sheet can hold",
                );
            }
        }
    }
    None
}
/// A workbook's sheets: name, and whether it is shown (not hidden).
pub fn sheets(path: &Path) -> Result<Vec<(String, bool)>> {
    super::guarded(&path.display(), || Ok(listed_sheets(&open(path)?)))
}

fn listed_sheets<RS: std::io::Read + std::io::Seek>(
    wb: &calamine::Sheets<RS>,
) -> Vec<(String, bool)> {
    wb.sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible == calamine::SheetVisible::Visible))
        .collect()
}

/// The sheets as a message lists them, hidden ones said so.
pub fn list(sheets: &[(String, bool)]) -> String {
    sheets
        .iter()
        .map(|(n, shown)| {
            if *shown {
                format!("'{n}'")
            } else {
                format!("'{n}' (hidden)")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The sheet holding `dataset` in a workbook: one named after it (any case,
/// outer spaces ignored). `None` when there is none. Two such sheets, or a
/// hidden one, are refused rather than guessed between.
pub fn dataset_sheet(
    path: &Path,
    sheets: &[(String, bool)],
    dataset: &str,
) -> Result<Option<String>> {
    let named: Vec<&(String, bool)> = sheets
        .iter()
        .filter(|(n, _)| n.trim().eq_ignore_ascii_case(dataset))
        .collect();
    match named.as_slice() {
        [] => Ok(None),
        [(name, true)] => Ok(Some(name.clone())),
        [(name, false)] => Err(anyhow!(
            "{}: the sheet '{name}' is hidden: swr does not read a hidden sheet unless it is named; give it as {}#{name}, or name the sheet to read (the sheets are {})",
            path.display(),
            path.display(),
            list(sheets)
        )),
        _ => Err(anyhow!(
            "{}: more than one sheet could be the {dataset} sheet: {}; name the one to read as {}#Sheet",
            path.display(),
            named.iter().map(|(n, _)| format!("'{n}'")).collect::<Vec<_>>().join(" and "),
            path.display()
        )),
    }
}

/// The sheet to read: the one named (exactly, else ignoring case and outer
/// spaces), else one named after the dataset, else the only one shown.
/// Never a guess between several.
fn pick_sheet(at: &Location, sheets: &[(String, bool)], dataset: &str) -> Result<String> {
    match &at.sheet {
        Some(want) => {
            if let Some((n, _)) = sheets.iter().find(|(n, _)| n == want) {
                return Ok(n.clone());
            }
            let close: Vec<&String> = sheets
                .iter()
                .map(|(n, _)| n)
                .filter(|n| n.trim().eq_ignore_ascii_case(want.trim()))
                .collect();
            match close.as_slice() {
                [one] => Ok((*one).clone()),
                [] => Err(anyhow!(
                    "{}: no sheet '{want}'; the sheets are {}",
                    at.path.display(),
                    list(sheets)
                )),
                _ => Err(anyhow!(
                    "{}: more than one sheet is called '{want}' but for case or spaces: {}; name it exactly",
                    at.path.display(),
                    close.iter().map(|n| format!("'{n}'")).collect::<Vec<_>>().join(" and ")
                )),
            }
        }
        None => {
            if let Some(n) = dataset_sheet(&at.path, sheets, dataset)? {
                return Ok(n);
            }
            let shown: Vec<&String> = sheets.iter().filter(|(_, v)| *v).map(|(n, _)| n).collect();
            match shown.as_slice() {
                [only] => Ok((*only).clone()),
                [] => Err(anyhow!("{}: the workbook has no sheet to read", at.path.display())),
                _ => Err(anyhow!(
                    "{}: the workbook has several sheets and none is called '{dataset}': {}; name one as {}#Sheet",
                    at.path.display(),
                    list(sheets),
                    at.path.display()
                )),
            }
        }
    }
}

pub fn read(at: &Location, loader: &mut Loader) -> Result<()> {
    let mut wb = open(&at.path)?;
    let sheets = listed_sheets(&wb);
    let dataset = loader.dataset().name();
    let sheet = pick_sheet(at, &sheets, dataset)?;
    let at = Location {
        path: at.path.clone(),
        sheet: Some(sheet.clone()),
    };
    loader.set_location(at.clone());
    match &mut wb {
        calamine::Sheets::Xlsx(xlsx) => {
            let mut reader = xlsx
                .worksheet_cells_reader(&sheet)
                .map_err(|e| anyhow!("{at}: cannot read the sheet ({e})"))?;
            return read_streaming(reader.dimensions(), || reader.next_cell(), &at, loader);
        }
        calamine::Sheets::Xlsb(xlsb) => {
            let mut reader = xlsb
                .worksheet_cells_reader(&sheet)
                .map_err(|e| anyhow!("{at}: cannot read the sheet ({e})"))?;
            return read_streaming(reader.dimensions(), || reader.next_cell(), &at, loader);
        }
        _ => {}
    }
    let range = wb
        .worksheet_range(&sheet)
        .map_err(|e| anyhow!("{at}: cannot read the sheet ({e})"))?;
    let Some((first_row, first_col)) = range.start() else {
        return Ok(());
    };
    let (h, w) = range.get_size();
    if h as u64 > MAX_ROWS as u64 || w as u64 > MAX_COLS as u64 {
        return Err(anyhow!(
            "{at}: declares {h} rows x {w} columns, more than a sheet can hold"
        ));
    }
    let lead = first_col as usize;
    let mut cells: Vec<CellRef<'_>> = Vec::new();
    for (i, row) in range.rows().enumerate() {
        cells.clear();
        cells.extend(std::iter::repeat_n(CellRef::Empty, lead));
        cells.extend(row.iter().map(cell_ref));
        loader.push(first_row as usize + i + 1, &cells)?;
    }
    Ok(())
}

/// A sheet read cell by cell (XLSX and XLSB) as calamine parses it: rows
/// go to the loader as they come, and no grid is laid out in memory.
fn read_streaming<'a, E: std::fmt::Display>(
    dims: calamine::Dimensions,
    mut next_cell: impl FnMut() -> std::result::Result<Option<calamine::Cell<DataRef<'a>>>, E>,
    at: &Location,
    loader: &mut Loader,
) -> Result<()> {
    if dims.end.0 >= MAX_ROWS || dims.end.1 >= MAX_COLS {
        return Err(anyhow!(
            "{at}: declares cells beyond the last row or column a sheet can hold"
        ));
    }
    let rows = dims.end.0 as u64 + 1;
    if rows >= PROGRESS_FROM_ROWS {
        loader.set_progress(crate::progress::Progress::new(
            &at.to_string(),
            rows,
            crate::progress::Unit::Rows,
        ));
    }
    let mut row: Vec<DataRef<'_>> = Vec::new();
    let mut current: Option<u32> = None;
    let emit = |r: u32, row: &[DataRef<'_>], loader: &mut Loader| -> Result<()> {
        if r.is_multiple_of(4096) {
            loader.advance(4096);
        }
        loader.push_mapped(r as usize + 1, row, data_ref)
    };
    while let Some(cell) = next_cell().map_err(|e| anyhow!("{at}: cannot read the sheet ({e})"))? {
        let (r, c) = cell.get_position();
        // A cell placed past the sheet's limits (a damaged file) would have
        // swr lay out billions of blank cells or rows.
        if r >= MAX_ROWS || c >= MAX_COLS {
            return Err(anyhow!(
                "{at}: has a cell at row {}, column {} (counting from 1), beyond the last row or column a sheet can hold ({MAX_ROWS} rows, {MAX_COLS} columns)",
                r as u64 + 1,
                c as u64 + 1
            ));
        }
        if current != Some(r) {
            if let Some(prev) = current {
                emit(prev, &row, loader)?;
                // Rows with no cells at all between two used rows are blank rows.
                for gap in prev + 1..r {
                    emit(gap, &[], loader)?;
                }
            }
            row.clear();
            current = Some(r);
        }
        let c = c as usize;
        if row.len() <= c {
            row.resize(c + 1, DataRef::Empty);
        }
        row[c] = cell.get_value().clone();
    }
    if let Some(last) = current {
        emit(last, &row, loader)?;
    }
    loader.finish_progress();
    Ok(())
}

/// Sheets from this many rows may take a second to read: they get a
/// progress bar (shown after a second, on a terminal).
const PROGRESS_FROM_ROWS: u64 = 100_000;

fn data_ref<'a>(d: &'a DataRef<'_>) -> CellRef<'a> {
    match d {
        DataRef::SharedString(s) => {
            if s.is_empty() {
                CellRef::Empty
            } else {
                CellRef::Text(s)
            }
        }
        DataRef::String(s) => {
            if s.is_empty() {
                CellRef::Empty
            } else {
                CellRef::Text(s)
            }
        }
        DataRef::Int(i) => CellRef::Number(*i as f64),
        DataRef::Float(f) => CellRef::Number(*f),
        DataRef::Bool(b) => CellRef::Bool(*b),
        DataRef::DateTime(dt) => date_time(dt),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => CellRef::Text(s),
        DataRef::Error(e) => CellRef::Error(error_text(e)),
        DataRef::Empty => CellRef::Empty,
    }
}

fn date_time(dt: &calamine::ExcelDateTime) -> CellRef<'static> {
    if dt.is_datetime() {
        let (y, m, day, ..) = dt.to_ymd_hms_milli();
        match NaiveDate::from_ymd_opt(y as i32, m as u32, day as u32) {
            Some(date) => CellRef::Date(date),
            None => CellRef::Number(dt.as_f64()),
        }
    } else {
        CellRef::Number(dt.as_f64())
    }
}

fn cell_ref(d: &Data) -> CellRef<'_> {
    match d {
        Data::Empty => CellRef::Empty,
        Data::String(s) => {
            if s.is_empty() {
                CellRef::Empty
            } else {
                CellRef::Text(s)
            }
        }
        Data::Int(i) => CellRef::Number(*i as f64),
        Data::Float(f) => CellRef::Number(*f),
        Data::Bool(b) => CellRef::Bool(*b),
        Data::DateTime(dt) => date_time(dt),
        Data::DateTimeIso(s) | Data::DurationIso(s) => CellRef::Text(s),
        Data::Error(e) => CellRef::Error(error_text(e)),
    }
}

fn error_text(e: &calamine::CellErrorType) -> &'static str {
    use calamine::CellErrorType::*;
    match e {
        Div0 => "#DIV/0!",
        NA => "#N/A",
        Name => "#NAME?",
        Null => "#NULL!",
        Num => "#NUM!",
        Ref => "#REF!",
        Value => "#VALUE!",
        GettingData => "#GETTING_DATA",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bounds check reads a real workbook's stream as calamine does: it
    /// finds the sheets (the stream starts with a BOF record) and passes them.
    #[test]
    fn a_real_xls_is_walked_and_passes() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/xls_leavers/leavers.xls");
        assert!(check_compound_file(&path).is_ok());
        let mut file = cfb::open(&path).unwrap();
        let mut stream = Vec::new();
        std::io::Read::read_to_end(&mut file.open_stream("/Workbook").unwrap(), &mut stream)
            .unwrap();
        assert_eq!(&stream[..2], &[0x09, 0x08]);
        assert_eq!(xls_cells_out_of_bounds(&stream), None);
        // The same stream with a Number cell moved to column 300 of its row
        // is refused.
        let mut moved = stream.clone();
        let mut at = 0;
        let mut found = false;
        while at + 4 <= moved.len() {
            let typ = u16::from_le_bytes([moved[at], moved[at + 1]]);
            let len = u16::from_le_bytes([moved[at + 2], moved[at + 3]]) as usize;
            if matches!(typ, 0x0203 | 0x00FD | 0x027E) {
                moved[at + 6..at + 8].copy_from_slice(&300u16.to_le_bytes());
                moved[at + 4..at + 6].copy_from_slice(&65_535u16.to_le_bytes());
                found = true;
                break;
            }
            at += 4 + len;
        }
        assert!(found, "a cell record");
        assert!(xls_cells_out_of_bounds(&moved).is_some());
    }
}
