//! The calamine-alone baseline for the benchmark: read one sheet of a
//! workbook and nothing else, so `swr`'s XLSX loading can be compared with
//! the cost of the reader it is built on.
//!
//! ```text
//! cargo run --release --example calamine_read -- FILE.xlsx [SHEET] [--cells]
//! ```
//!
//! SHEET defaults to the first sheet. By default the whole sheet is read into
//! a `Range` (`worksheet_range`, a dense grid); `--cells` streams it with the
//! cell reader instead, which keeps memory flat. Either way every cell is
//! decoded, and the count of non-empty cells and of rows is printed so the
//! work cannot be skipped.

use std::process::ExitCode;

use calamine::{open_workbook_auto, Data, DataRef, Reader};

fn main() -> ExitCode {
    let mut path = None;
    let mut sheet = None;
    let mut cells = false;
    for a in std::env::args().skip(1) {
        match a.as_str() {
            "--cells" => cells = true,
            "-h" | "--help" => {
                println!("usage: calamine_read FILE.xlsx [SHEET] [--cells]");
                return ExitCode::SUCCESS;
            }
            _ if path.is_none() => path = Some(a),
            _ if sheet.is_none() => sheet = Some(a),
            _ => {
                eprintln!("calamine_read: unexpected argument `{a}`");
                return ExitCode::from(2);
            }
        }
    }
    let Some(path) = path else {
        eprintln!("usage: calamine_read FILE.xlsx [SHEET] [--cells]");
        return ExitCode::from(2);
    };
    match read(&path, sheet, cells) {
        Ok((rows, non_empty)) => {
            println!("{path}: {rows} rows, {non_empty} non-empty cells");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("calamine_read: {path}: {e}");
            ExitCode::from(1)
        }
    }
}

fn read(
    path: &str,
    sheet: Option<String>,
    cells: bool,
) -> Result<(u64, u64), Box<dyn std::error::Error>> {
    let mut workbook = open_workbook_auto(path)?;
    let sheet = match sheet {
        Some(s) => s,
        None => workbook
            .sheet_names()
            .first()
            .cloned()
            .ok_or("the workbook has no sheets")?,
    };
    if cells {
        // Only xlsx has the streaming reader; that is what the benchmark writes.
        let calamine::Sheets::Xlsx(ref mut xlsx) = workbook else {
            return Err("--cells needs an .xlsx file".into());
        };
        let mut reader = xlsx.worksheet_cells_reader(&sheet)?;
        let (mut rows, mut last_row, mut non_empty) = (0u64, None, 0u64);
        while let Some(cell) = reader.next_cell()? {
            let (r, _) = cell.get_position();
            if last_row != Some(r) {
                rows += 1;
                last_row = Some(r);
            }
            if !matches!(cell.get_value(), DataRef::Empty) {
                non_empty += 1;
            }
        }
        Ok((rows, non_empty))
    } else {
        let range = workbook.worksheet_range(&sheet)?;
        let non_empty = range
            .used_cells()
            .filter(|(_, _, v)| !matches!(v, Data::Empty))
            .count() as u64;
        Ok((range.height() as u64, non_empty))
    }
}
