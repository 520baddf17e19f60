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
use std::borrow::Cow;
use std::io::Write;

/// Characters XML 1.0 cannot hold, even escaped. (Rust text holds no lone
/// surrogates, and rust_xlsxwriter writes control characters in cells as
/// Excel's `_xHHHH_` escapes.)
fn xml_forbids(c: char) -> bool {
    matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// Text as a workbook can hold it: U+FFFE and U+FFFF become U+FFFD.
pub(super) fn xml_text(s: &str) -> Cow<'_, str> {
    if s.contains(xml_forbids) {
        Cow::Owned(s.replace(xml_forbids, "\u{FFFD}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// The texts a table's sheet shows: column names and text cells.
pub(super) fn sheet_texts(table: &Table) -> impl Iterator<Item = &str> {
    let cells = table.rows.iter().flatten().filter_map(|v| match v {
        Value::Text(s) => Some(s.as_str()),
        Value::Closing(c) => Some(c.label()),
        _ => None,
    });
    table.columns.iter().map(|c| c.name.as_str()).chain(cells)
}

/// How many of `texts` hold a character [`xml_text`] replaces.
pub(super) fn count_replaced<'a>(texts: impl IntoIterator<Item = &'a str>) -> usize {
    texts
        .into_iter()
        .filter(|s| s.contains(xml_forbids))
        .count()
}

/// The note a workbook carries when [`xml_text`] replaced something.
pub(super) fn replaced_note(n: usize) -> String {
    format!(
        "{n} text{} held characters a workbook cannot hold (U+FFFE or U+FFFF, which XML forbids): shown here as U+FFFD (\u{FFFD}). CSV, TSV and JSON output keep {} as written.",
        if n == 1 { "" } else { "s" },
        if n == 1 { "it" } else { "them" }
    )
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`
/// nor a control character, and XML can hold.
pub(super) fn sheet_name(title: &str) -> String {
    sheet_name_within(title, 31)
}

/// A sheet name of at most `max` characters: a longer title is cut after
/// its last clause that fits ("Turnover by directorate, every quarter over
/// ..." is "Turnover by directorate"), else after its last whole word that
/// fits, never inside a word that a reader would take for another.
pub(super) fn sheet_name_within(title: &str, max: usize) -> String {
    let clean: String = xml_text(title)
        .chars()
        .map(|c| {
            if "[]:*?/\\".contains(c) || c.is_control() {
                ' '
            } else {
                c
            }
        })
        .collect();
    // A character taken out leaves one space, never two ("Action
    // update: Fenmoor" is "Action update Fenmoor").
    let clean = clean.split_whitespace().collect::<Vec<_>>().join(" ");
    let clean = clean.trim().trim_matches('\'').to_string();
    let mut short: String = clean.chars().take(max).collect();
    if clean.chars().count() > max {
        let at_least = max / 3;
        let clause = short.rfind(',');
        let word = short.rfind(' ');
        match (clause, word) {
            (Some(i), _) if clean[..i].trim().chars().count() >= at_least => {
                short = clean[..i].to_string()
            }
            (_, Some(i)) if short[..i].trim().chars().count() >= at_least => short.truncate(i),
            _ => {}
        }
    }
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
    table_sheet_at(ws, table, 0)
}

/// Add the table to a worksheet with its header on row `top` (the rows
/// above it left for a title).
pub fn table_sheet_at(ws: &mut Worksheet, table: &Table, top: u32) -> Result<()> {
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
    let date = Format::new()
        .set_num_format("dd/mm/yyyy")
        .set_align(FormatAlign::Left);
    for (c, col) in table.columns.iter().enumerate() {
        let f = if col.kind == Kind::Text {
            &header
        } else {
            &header_num
        };
        ws.write_string_with_format(top, c as u16, xml_text(&label(&col.name)), f)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let r = top + r as u32 + 1;
        let is_total = crate::table::is_closing(row);
        for (c, (v, col)) in row.iter().zip(&table.columns).enumerate() {
            let c = c as u16;
            match v {
                Value::Closing(k) if is_total && c == 0 => {
                    ws.write_string_with_format(r, c, k.label(), &total)?
                }
                Value::Closing(k) => ws.write_string(r, c, k.label())?,
                Value::Text(s) => ws.write_string(r, c, xml_text(s))?,
                Value::Num(d) => {
                    ws.write_number_with_format(r, c, number(*d, col.kind), &formats(col.kind))?
                }
                Value::NumAs(d, k) => {
                    ws.write_number_with_format(r, c, number(*d, *k), &formats(*k))?
                }
                Value::NA => ws.write_string_with_format(r, c, "N/A", &na)?,
                Value::Suppressed => ws.write_string_with_format(r, c, "c", &na)?,
                Value::Date { day, .. } => match excel_date(*day) {
                    Some(d) => ws.write_datetime_with_format(r, c, d, &date)?,
                    None => ws.write_string(r, c, crate::period::fmt_date(*day))?,
                },
            };
        }
    }
    ws.set_freeze_panes(top + 1, 0)?;
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
                Value::Closing(k) => Some(k.label().chars().count()),
                Value::Date { .. } => Some(10),
                _ => None,
            })
            .max()
            .unwrap_or(0);
        let width = longest.max(widest_cell).clamp(10, 40) as f64 + 2.0;
        ws.set_column_width(c as u16, width)?;
    }
    Ok(())
}

/// A day as a workbook's date (swr's days run from 1900 to 2100, all of
/// which Excel holds).
fn excel_date(day: chrono::NaiveDate) -> Option<rust_xlsxwriter::ExcelDateTime> {
    use chrono::Datelike;
    let year = u16::try_from(day.year()).ok()?;
    rust_xlsxwriter::ExcelDateTime::from_ymd(year, day.month() as u8, day.day() as u8).ok()
}

/// The notes of a table on a sheet: title, as-of date, period, each note,
/// and what text a workbook could not hold.
pub fn notes_sheet(ws: &mut Worksheet, table: &Table) -> Result<()> {
    let bold = Format::new().set_bold();
    ws.write_string_with_format(0, 0, xml_text(&table.title), &bold)?;
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
        ws.write_string(r, 0, xml_text(n))?;
        r += 1;
    }
    let replaced = count_replaced(
        sheet_texts(table)
            .chain([table.title.as_str()])
            .chain(table.notes.iter().map(String::as_str)),
    );
    if replaced > 0 {
        ws.write_string(r, 0, replaced_note(replaced))?;
    }
    ws.set_column_width(0, 120)?;
    Ok(())
}

fn workbook(table: &Table) -> Result<Workbook> {
    let mut wb = Workbook::new();
    wb.set_properties(&rust_xlsxwriter::DocProperties::new().set_title(xml_text(&table.title)));
    let ws = wb.add_worksheet();
    ws.set_name(sheet_name(&table.title))?;
    table_sheet(ws, table)?;
    forecast_charts(&mut wb, table)?;
    let notes = wb.add_worksheet();
    notes.set_name("Notes")?;
    notes_sheet(notes, table)?;
    Ok(wb)
}

/// `swr forecast`'s table (a `month` column first, with in post and
/// establishment): a sheet `Chart` with in post and establishment by
/// month for each group and the Total, and a native line chart of the two
/// for each of them.
fn forecast_charts(wb: &mut Workbook, table: &Table) -> Result<()> {
    use rust_xlsxwriter::{Chart, ChartType};
    let (Some(in_post), Some(establishment)) =
        (table.col("in_post_fte"), table.col("establishment_fte"))
    else {
        return Ok(());
    };
    if table.columns.first().map(|c| c.name.as_str()) != Some("month") {
        return Ok(());
    }
    let keys: Vec<usize> = (1..table.columns.len())
        .take_while(|&i| table.columns[i].kind == Kind::Text)
        .collect();
    let mut months: Vec<&Value> = Vec::new();
    let mut groups: Vec<String> = Vec::new();
    let mut cells: std::collections::HashMap<(usize, usize), (Option<f64>, Option<f64>)> =
        Default::default();
    let figure = |v: &Value| v.number().map(|d| number(d, Kind::Fte));
    for row in &table.rows {
        let month = &row[0];
        let m = match months.iter().position(|x| *x == month) {
            Some(m) => m,
            None => {
                months.push(month);
                months.len() - 1
            }
        };
        let name: Vec<&str> = keys
            .iter()
            .filter_map(|&i| row[i].as_text())
            .filter(|s| !s.is_empty())
            .collect();
        let name = name.join(" / ");
        let g = match groups.iter().position(|x| *x == name) {
            Some(g) => g,
            None => {
                groups.push(name);
                groups.len() - 1
            }
        };
        cells.insert((m, g), (figure(&row[in_post]), figure(&row[establishment])));
    }
    if months.is_empty() {
        return Ok(());
    }
    let ws = wb.add_worksheet();
    let sheet = "Chart";
    ws.set_name(sheet)?;
    let bold = Format::new().set_bold();
    let fte = Format::new().set_num_format("#,##0.0#");
    let date = Format::new()
        .set_num_format("mmm yyyy")
        .set_align(FormatAlign::Left);
    ws.write_string_with_format(0, 0, "month", &bold)?;
    for (g, name) in groups.iter().enumerate() {
        let c = 1 + 2 * g as u16;
        ws.write_string_with_format(0, c, xml_text(&format!("{name}: in post")), &bold)?;
        ws.write_string_with_format(0, c + 1, xml_text(&format!("{name}: establishment")), &bold)?;
        ws.set_column_width(c, 16)?;
        ws.set_column_width(c + 1, 16)?;
    }
    ws.set_column_width(0, 12)?;
    for (m, month) in months.iter().enumerate() {
        let r = m as u32 + 1;
        match month {
            Value::Date { day, .. } => match excel_date(*day) {
                Some(d) => ws.write_datetime_with_format(r, 0, d, &date)?,
                None => ws.write_string(r, 0, crate::period::fmt_date(*day))?,
            },
            other => ws.write_string(r, 0, other.as_text().unwrap_or_default())?,
        };
        for g in 0..groups.len() {
            let c = 1 + 2 * g as u16;
            if let Some((i, e)) = cells.get(&(m, g)) {
                if let Some(i) = i {
                    ws.write_number_with_format(r, c, *i, &fte)?;
                }
                if let Some(e) = e {
                    ws.write_number_with_format(r, c + 1, *e, &fte)?;
                }
            }
        }
    }
    let last = months.len() as u32;
    let below = last + 3;
    for (g, name) in groups.iter().enumerate() {
        let c = 1 + 2 * g as u16;
        let mut chart = Chart::new(ChartType::Line);
        chart
            .title()
            .set_name(xml_text(&format!("{name}: in post against establishment (FTE)")).as_ref());
        for col in [c, c + 1] {
            chart
                .add_series()
                .set_name((sheet, 0, col))
                .set_categories((sheet, 1, 0, last, 0))
                .set_values((sheet, 1, col, last, col));
        }
        chart.y_axis().set_num_format("#,##0").set_name("FTE");
        chart.x_axis().set_num_format("mmm yy").set_name("Month");
        chart
            .legend()
            .set_position(rust_xlsxwriter::ChartLegendPosition::Bottom);
        chart.set_width(560).set_height(300);
        // One under another, from the first column: each prints whole.
        ws.insert_chart(below + g as u32 * 17, 0, &chart)?;
    }
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
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
            "Agency against permanent cost"
        );
        assert_eq!(
            sheet_name("Turnover by directorate, every quarter over 1 Oct 2023 to 30 Sep 2025"),
            "Turnover by directorate"
        );
        assert_eq!(
            sheet_name("Leavers by directorate, team, every month over 2024"),
            "Leavers by directorate, team"
        );
        assert_eq!(sheet_name(&"x".repeat(40)), "x".repeat(31));
        assert_eq!(sheet_name("a/b [c]"), "a b c");
        assert_eq!(
            sheet_name("Action update: Fenmoor County"),
            "Action update Fenmoor County"
        );
        assert_eq!(sheet_name("[]"), "Table");
    }
}
