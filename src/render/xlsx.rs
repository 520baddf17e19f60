//! A table as an Excel workbook: the table on the first sheet (numbers as
//! numbers, with £, % and FTE formats, readable column labels, the header
//! frozen) and the notes on a sheet `Notes`. Text is always written as text,
//! so a cell can never become a formula.

use super::{label, round};
use crate::table::{Kind, Table, Value};
use anyhow::{Context, Result};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet};
use std::io::Write;

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
pub(super) fn sheet_name(title: &str) -> String {
    let clean: String = title
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { ' ' } else { c })
        .collect();
    let clean = clean.trim().trim_matches('\'').to_string();
    let short: String = clean.chars().take(31).collect();
    if short.trim().is_empty() {
        "Table".to_string()
    } else {
        short.trim_end().to_string()
    }
}

/// The number a cell holds, as the data formats round it (a percentage as
/// the fraction Excel's % format expects).
fn number(d: Decimal, kind: Kind) -> f64 {
    let v = match kind {
        Kind::Money => round(d, 2),
        Kind::Pct => round(d, 1) / Decimal::ONE_HUNDRED,
        Kind::Count => round(d, 0),
        Kind::Fte | Kind::Text => round(d, 2),
    };
    v.to_f64().unwrap_or(f64::NAN)
}

pub fn write(table: &Table, out: &mut dyn Write) -> Result<()> {
    let bytes = workbook(table)?
        .save_to_buffer()
        .context("cannot make the workbook")?;
    out.write_all(&bytes)?;
    Ok(())
}

/// Add the table to a worksheet from row 0: header, rows, formats, widths.
pub fn table_sheet(ws: &mut Worksheet, table: &Table) -> Result<()> {
    let header = Format::new().set_bold().set_align(FormatAlign::Top);
    let header_num = header.clone().set_align(FormatAlign::Right);
    let formats = |kind: Kind| -> Format {
        match kind {
            Kind::Money => Format::new().set_num_format("£#,##0.00"),
            Kind::Pct => Format::new().set_num_format("0.0%"),
            Kind::Count => Format::new().set_num_format("#,##0"),
            Kind::Fte => Format::new().set_num_format("#,##0.0#"),
            Kind::Text => Format::new(),
        }
    };
    let na = Format::new()
        .set_italic()
        .set_font_color("#7F7F7F")
        .set_align(FormatAlign::Right);
    let total = Format::new().set_bold();
    for (c, col) in table.columns.iter().enumerate() {
        let f = if col.kind == Kind::Text {
            &header
        } else {
            &header_num
        };
        ws.write_string_with_format(0, c as u16, label(&col.name), f)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let r = r as u32 + 1;
        let is_total = crate::table::is_closing(row);
        for (c, (v, col)) in row.iter().zip(&table.columns).enumerate() {
            let c = c as u16;
            match v {
                Value::Text(s) if is_total && c == 0 => {
                    ws.write_string_with_format(r, c, s, &total)?
                }
                Value::Text(s) => ws.write_string(r, c, s)?,
                Value::Num(d) => {
                    ws.write_number_with_format(r, c, number(*d, col.kind), &formats(col.kind))?
                }
                Value::NumAs(d, k) => {
                    ws.write_number_with_format(r, c, number(*d, *k), &formats(*k))?
                }
                Value::NA => ws.write_string_with_format(r, c, "N/A", &na)?,
                Value::Suppressed => ws.write_string_with_format(r, c, "c", &na)?,
            };
        }
    }
    ws.set_freeze_panes(1, 0)?;
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    for (c, col) in table.columns.iter().enumerate() {
        // Wide enough for the label and the longest text, at most 40.
        let longest = label(&col.name).chars().count();
        let widest_cell = table
            .rows
            .iter()
            .filter_map(|r| match &r[c] {
                Value::Text(s) => Some(s.chars().count()),
                _ => None,
            })
            .max()
            .unwrap_or(0);
        let width = longest.max(widest_cell).clamp(10, 40) as f64 + 2.0;
        ws.set_column_width(c as u16, width)?;
    }
    Ok(())
}

/// The notes of a table on a sheet: title, as-of date, period, each note.
pub fn notes_sheet(ws: &mut Worksheet, table: &Table) -> Result<()> {
    let bold = Format::new().set_bold();
    ws.write_string_with_format(0, 0, &table.title, &bold)?;
    let mut r = 1;
    if let Some(d) = table.as_of {
        ws.write_string(r, 0, format!("As of {}", crate::period::fmt_date(d)))?;
        r += 1;
    }
    if let Some(p) = table.period {
        ws.write_string(r, 0, format!("Period {p}"))?;
        r += 1;
    }
    r += 1;
    for n in &table.notes {
        ws.write_string(r, 0, n)?;
        r += 1;
    }
    ws.set_column_width(0, 120)?;
    Ok(())
}

fn workbook(table: &Table) -> Result<Workbook> {
    let mut wb = Workbook::new();
    wb.set_properties(&rust_xlsxwriter::DocProperties::new().set_title(&table.title));
    let ws = wb.add_worksheet();
    ws.set_name(sheet_name(&table.title))?;
    table_sheet(ws, table)?;
    let notes = wb.add_worksheet();
    notes.set_name("Notes")?;
    notes_sheet(notes, table)?;
    Ok(wb)
}

#[cfg(test)]
mod tests {
    use super::sheet_name;

    #[test]
    fn sheet_names_excel_accepts() {
        assert_eq!(
            sheet_name("Vacancies by directorate"),
            "Vacancies by directorate"
        );
        assert_eq!(
            sheet_name("Agency against permanent cost by directorate, job_title"),
            "Agency against permanent cost b"
        );
        assert_eq!(sheet_name("a/b [c]"), "a b  c");
        assert_eq!(sheet_name("[]"), "Table");
    }
}
