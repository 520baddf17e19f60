//! Workbooks (XLSX, XLSM, XLSB, XLS, ODS) through calamine.

use super::loader::Loader;
use super::values::CellRef;
use super::Location;
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
/// Every chain of the file allocation table must end within as many steps
/// as the file has sectors.
fn check_compound_file(path: &Path) -> Result<()> {
    let damaged = |why: &str| {
        anyhow!(
            "{}: cannot be read: the workbook's internal structure is damaged ({why}); open it and save it again, or export it afresh",
            path.display()
        )
    };
    let bytes = std::fs::read(path)
        .map_err(|e| anyhow!("{}: cannot read the file ({e})", path.display()))?;
    let u32_at = |at: usize| -> Option<u32> {
        bytes
            .get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let shift = bytes
        .get(0x1E..0x20)
        .map(|b| u16::from_le_bytes([b[0], b[1]]))
        .ok_or_else(|| damaged("no header"))?;
    if !(7..=16).contains(&shift) {
        return Err(damaged("an impossible sector size"));
    }
    let size = 1usize << shift;
    let sectors = bytes.len().saturating_sub(size.max(512)) / size + 1;
    let sector = |id: u32| -> Option<&[u8]> {
        let start = (id as usize).checked_add(1)?.checked_mul(size)?;
        bytes.get(start..start.checked_add(size)?)
    };
    // The sectors of the allocation table: 109 in the header, then the
    // chain of DIFAT sectors (each ends with the next one's id).
    const SPECIAL: u32 = 0xFFFF_FFFA;
    let mut fat_sectors: Vec<u32> = (0..109)
        .filter_map(|k| u32_at(0x4C + 4 * k))
        .filter(|id| *id < SPECIAL)
        .collect();
    let mut next = u32_at(0x44).unwrap_or(u32::MAX);
    let mut steps = 0;
    while next < SPECIAL {
        steps += 1;
        if steps > sectors {
            return Err(damaged("its list of allocation sectors loops"));
        }
        let Some(s) = sector(next) else { break };
        let ids: Vec<u32> = s
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        let (last, rest) = ids.split_last().unwrap_or((&u32::MAX, &[]));
        fat_sectors.extend(rest.iter().copied().filter(|id| *id < SPECIAL));
        next = *last;
    }
    let mut fat: Vec<u32> = Vec::new();
    for id in fat_sectors {
        if let Some(s) = sector(id) {
            fat.extend(
                s.chunks_exact(4)
                    .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])),
            );
        }
    }
    // Each chain walked once (0: not yet, 1: on this walk, 2: done): a
    // walk that comes back to a sector of its own has found a loop.
    let mut state = vec![0u8; fat.len()];
    let mut walk: Vec<usize> = Vec::new();
    for start in 0..fat.len() {
        let mut id = start;
        while id < fat.len() && state[id] == 0 {
            state[id] = 1;
            walk.push(id);
            if fat[id] >= SPECIAL {
                break;
            }
            id = fat[id] as usize;
        }
        if id < fat.len() && state[id] == 1 && fat[id] < SPECIAL {
            return Err(damaged("a chain of its sectors loops"));
        }
        for k in walk.drain(..) {
            state[k] = 2;
        }
    }
    Ok(())
}
/// A workbook's sheets: name, and whether it is shown (not hidden).
pub fn sheets(path: &Path) -> Result<Vec<(String, bool)>> {
    Ok(listed_sheets(&open(path)?))
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
    if let calamine::Sheets::Xlsx(xlsx) = &mut wb {
        return read_xlsx_streaming(xlsx, &sheet, &at, loader);
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

/// XLSX sheets are read cell by cell as calamine parses them, without
/// building the whole grid first: less memory, and faster on big sheets.
fn read_xlsx_streaming<RS: std::io::Read + std::io::Seek>(
    xlsx: &mut calamine::Xlsx<RS>,
    sheet: &str,
    at: &Location,
    loader: &mut Loader,
) -> Result<()> {
    let mut reader = xlsx
        .worksheet_cells_reader(sheet)
        .map_err(|e| anyhow!("{at}: cannot read the sheet ({e})"))?;
    let dims = reader.dimensions();
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
    while let Some(cell) = reader
        .next_cell()
        .map_err(|e| anyhow!("{at}: cannot read the sheet ({e})"))?
    {
        let (r, c) = cell.get_position();
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
