//! Writing a council to disk: CSV (`,` or `;`, UTF-8 or UTF-16) in a
//! folder, or one XLSX workbook with a sheet per dataset.

use crate::council::{Cell, Council, Table, DATASETS};
use chrono::NaiveDate;
use rust_xlsxwriter::{Format, Workbook};
use std::path::PathBuf;
use tempfile::TempDir;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Form {
    Csv,
    Semicolon,
    Utf16,
    /// Windows-1252, as HR systems often write (’ is byte 0x92)
    Win1252,
    Xlsx,
}

/// A council on disk, and the paths to give swr.
pub struct Written {
    pub dir: TempDir,
    /// `--data`: the folder, or the workbook.
    pub data: PathBuf,
    pub config: PathBuf,
    /// `--from` of `swr movements`: a file, or `book.xlsx#Earlier`.
    pub earlier: String,
}

fn text_bytes(t: &Table, form: Form) -> Vec<u8> {
    match form {
        Form::Csv => t.csv(b',').into_bytes(),
        Form::Semicolon => t.csv(b';').into_bytes(),
        Form::Utf16 => {
            // Excel's "Unicode Text": UTF-16 little-endian with its BOM.
            let mut b = vec![0xFF, 0xFE];
            for u in t.csv(b',').encode_utf16() {
                b.extend(u.to_le_bytes());
            }
            b
        }
        Form::Win1252 => {
            let text = t.csv(b',');
            let (bytes, _, lossy) = encoding_rs::WINDOWS_1252.encode(&text);
            assert!(!lossy, "the council is all Windows-1252");
            bytes.into_owned()
        }
        Form::Xlsx => unreachable!(),
    }
}

/// Excel's serial number of a date (1900 system).
fn serial(d: NaiveDate) -> f64 {
    let base = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap();
    (d - base).num_days() as f64
}

fn sheet(wb: &mut Workbook, name: &str, t: &Table) {
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let ws = wb.add_worksheet();
    ws.set_name(name).unwrap();
    for (c, h) in t.header.iter().enumerate() {
        ws.write_string(0, c as u16, h).unwrap();
    }
    for (r, row) in t.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(s) => {
                    ws.write_string(r, c, s).unwrap();
                }
                Cell::Num(s) => {
                    ws.write_number(r, c, s.parse::<f64>().unwrap()).unwrap();
                }
                Cell::Date(d) => {
                    ws.write_number_with_format(r, c, serial(*d), &date)
                        .unwrap();
                }
                Cell::Blank => {}
            }
        }
    }
}

/// Write the council in the given form.
pub fn write(c: &Council, form: Form) -> Written {
    let dir = tempfile::tempdir().expect("temporary folder");
    let config = dir.path().join("swr.toml");
    std::fs::write(&config, &c.toml).unwrap();
    if form == Form::Xlsx {
        let book = dir.path().join("council.xlsx");
        let mut wb = Workbook::new();
        for name in DATASETS {
            sheet(&mut wb, name, c.t(name));
        }
        sheet(&mut wb, "Earlier", &c.earlier);
        wb.save(&book).unwrap();
        let earlier = format!("{}#Earlier", book.display());
        return Written {
            dir,
            data: book,
            config,
            earlier,
        };
    }
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    for name in DATASETS {
        std::fs::write(
            data.join(format!("{name}.csv")),
            text_bytes(c.t(name), form),
        )
        .unwrap();
    }
    let earlier = dir.path().join("earlier.csv");
    std::fs::write(&earlier, text_bytes(&c.earlier, form)).unwrap();
    Written {
        dir,
        data,
        config,
        earlier: earlier.display().to_string(),
    }
}
