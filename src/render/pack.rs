//! The dashboard of `swr pack` as a workbook (a summary, a sheet per
//! indicator with a native chart of its quarters, the method and the check
//! of the extracts), as markdown or as one HTML page.

use super::{html_page_start, html_table, markdown, xlsx, Format};
use crate::table::Pack;
use crate::table::{Kind, Table, Value};
use anyhow::{bail, Context, Result};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Chart, ChartType, Format as CellFormat, Workbook, Worksheet};
use std::io::Write;

/// A figure as `human` prints it (money to the pound, but the pence of an
/// amount under £100; a rate to 0.1; a count whole; FTE to 0.01).
fn printed(d: Decimal, kind: Kind) -> Decimal {
    match kind {
        Kind::Money if d.abs() < Decimal::ONE_HUNDRED && !d.fract().is_zero() => super::round(d, 2),
        Kind::Money | Kind::Count => super::round(d, 0),
        Kind::Pct => super::round(d, 1),
        Kind::Fte | Kind::Text => super::round(d, 2),
    }
}

/// A change as people read it: signed, a rate's in points.
fn signed(d: Decimal, kind: Kind) -> String {
    let sign = if d.is_sign_positive() && !d.is_zero() {
        "+"
    } else {
        ""
    };
    match kind {
        Kind::Pct => format!("{sign}{} points", super::plain(d, Kind::Pct)),
        k => format!("{sign}{}", super::human(d, k)),
    }
}

/// The summary for markdown and HTML: each change as the printed latest
/// figure less the printed previous one, so the page adds up as it reads
/// (the workbook's cells hold the pence and add up to the penny).
fn summary_to_read(summary: &Table) -> Table {
    let at = |n: &str| summary.columns.iter().position(|c| c.name == n);
    let mut t = summary.clone();
    let (Some(l), Some(p), Some(c)) = (at("latest"), at("previous"), at("change")) else {
        return t;
    };
    for row in &mut t.rows {
        if let (Value::NumAs(a, k), Value::NumAs(b, _)) = (&row[l], &row[p]) {
            row[c] = Value::text(signed(printed(*a, *k) - printed(*b, *k), *k));
        }
    }
    t
}

/// A number cell of a kind, as xlsx::table_sheet writes them (a rate as
/// the fraction Excel's % format expects); `signed` shows a + on a rise.
fn write_figure(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    d: Decimal,
    kind: Kind,
    signed: bool,
) -> Result<()> {
    let (value, format) = match kind {
        Kind::Money => (super::round(d, 2), "£#,##0.00"),
        Kind::Pct => (super::round(d, 1) / Decimal::ONE_HUNDRED, "0.0%"),
        Kind::Count => (super::round(d, 0), "#,##0"),
        Kind::Fte | Kind::Text => (super::round(d, 2), "#,##0.0#"),
    };
    let format = if signed {
        format!("+{format};-{format};{format}")
    } else {
        format.to_string()
    };
    ws.write_number_with_format(
        row,
        col,
        value.to_f64().unwrap_or(f64::NAN),
        &CellFormat::new().set_num_format(format),
    )?;
    Ok(())
}

pub fn write_pack(pack: &Pack, format: Format, out: &mut dyn Write) -> Result<()> {
    match format {
        Format::Xlsx => workbook(pack, out),
        Format::Markdown => {
            writeln!(out, "# {}\n", super::esc_markdown(&pack.title))?;
            markdown(&summary_to_read(&pack.summary), out)?;
            for s in &pack.sections {
                writeln!(out)?;
                markdown(&s.table, out)?;
            }
            writeln!(out, "\n## Method\n")?;
            for m in &pack.method {
                writeln!(out, "- {}", super::esc_markdown(m))?;
            }
            writeln!(out)?;
            markdown(&pack.check, out)
        }
        Format::Html => {
            writeln!(out, "{}", html_page_start(&pack.title))?;
            writeln!(out, "<h1>{}</h1>", super::esc_html(&pack.title))?;
            html_table(&summary_to_read(&pack.summary), out)?;
            for s in &pack.sections {
                html_table(&s.table, out)?;
            }
            writeln!(out, "<h2>Method</h2>\n<ul>")?;
            for m in &pack.method {
                writeln!(out, "<li>{}</li>", super::esc_html_text(m))?;
            }
            writeln!(out, "</ul>")?;
            html_table(&pack.check, out)?;
            writeln!(out, "</body>\n</html>")?;
            Ok(())
        }
        other => bail!(
            "swr pack: --format {}: the dashboard is a workbook (-o FILE.xlsx), markdown or html",
            other.name()
        ),
    }
}

/// A sheet name from a title, unique in the workbook.
fn name(title: &str, taken: &mut Vec<String>) -> String {
    // Three characters short of Excel's 31, for a " 2" to tell it apart.
    let base: String = super::xlsx::sheet_name(title).chars().take(28).collect();
    let mut n = base.trim().to_string();
    let mut k = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&n)) {
        n = format!("{} {k}", base.trim());
        k += 1;
    }
    taken.push(n.clone());
    n
}

fn workbook(pack: &Pack, out: &mut dyn Write) -> Result<()> {
    let mut wb = Workbook::new();
    wb.set_properties(
        &rust_xlsxwriter::DocProperties::new().set_title(xlsx::xml_text(&pack.title)),
    );
    let mut taken = Vec::new();
    let ws = wb.add_worksheet();
    ws.set_name(name("Summary", &mut taken))?;
    xlsx::table_sheet(ws, &pack.summary)?;
    // The change with its sign; the notes under the table.
    if let Some(c) = pack.summary.columns.iter().position(|c| c.name == "change") {
        for (r, row) in pack.summary.rows.iter().enumerate() {
            if let Value::NumAs(d, k) = row[c] {
                write_figure(ws, r as u32 + 1, c as u16, d, k, true)?;
            }
        }
    }
    let below = pack.summary.rows.len() as u32 + 2;
    for (i, n) in pack.summary.notes.iter().enumerate() {
        ws.write_string(below + i as u32, 0, n)?;
    }
    for s in &pack.sections {
        let sheet = name(&s.title, &mut taken);
        let ws = wb.add_worksheet();
        ws.set_name(&sheet)?;
        xlsx::table_sheet(ws, &s.table)?;
        let rows = s.table.rows.len() as u32;
        let cols = s.table.columns.len() as u16;
        if !s.quarters.is_empty() {
            // The quarters' Total, and each group, as lines over the quarters.
            let mut chart = Chart::new(ChartType::Line);
            chart.title().set_name(xlsx::xml_text(&s.title).as_ref());
            let (first, last) = (s.quarters.start as u32 + 1, s.quarters.end as u32);
            for c in 1..cols {
                let series = chart.add_series();
                series
                    .set_name((sheet.as_str(), 0, c))
                    .set_categories((sheet.as_str(), first, 0, last, 0))
                    .set_values((sheet.as_str(), first, c, last, c));
                if c + 1 == cols {
                    series.set_format(
                        rust_xlsxwriter::ChartFormat::new()
                            .set_line(rust_xlsxwriter::ChartLine::new().set_width(3.0)),
                    );
                }
            }
            if s.table.columns.last().map(|c| c.kind) == Some(Kind::Pct) {
                chart.y_axis().set_num_format("0%");
            }
            chart.set_width(720).set_height(360);
            ws.insert_chart(rows + 3, 0, &chart)?;
        }
        if let Some(t) = s.target {
            ws.write_string(rows + 1, 0, "Target")?;
            let kind = s.table.columns.last().map_or(Kind::Fte, |c| c.kind);
            write_figure(ws, rows + 1, 1, t, kind, false)?;
        }
        let notes_at = rows + 23;
        for (i, n) in s.table.notes.iter().enumerate() {
            ws.write_string(notes_at + i as u32, 0, xlsx::xml_text(n))?;
        }
    }
    let ws = wb.add_worksheet();
    ws.set_name(name("Method", &mut taken))?;
    let mut method = Table::new("Method");
    method.column("how each figure is worked out", Kind::Text);
    for m in &pack.method {
        method.rows.push(vec![crate::table::Value::text(m.clone())]);
    }
    // What the workbook shows that it could not hold as written.
    let replaced = xlsx::count_replaced(
        [pack.title.as_str()]
            .into_iter()
            .chain(
                [&pack.summary, &pack.check, &method]
                    .into_iter()
                    .flat_map(xlsx::sheet_texts),
            )
            .chain(pack.sections.iter().flat_map(|s| {
                xlsx::sheet_texts(&s.table)
                    .chain([s.title.as_str()])
                    .chain(s.table.notes.iter().map(String::as_str))
            })),
    );
    if replaced > 0 {
        method
            .rows
            .push(vec![crate::table::Value::text(xlsx::replaced_note(
                replaced,
            ))]);
    }
    xlsx::table_sheet(ws, &method)?;
    ws.set_column_width(0, 160)?;
    let ws = wb.add_worksheet();
    ws.set_name(name("Check", &mut taken))?;
    xlsx::table_sheet(ws, &pack.check)?;
    let bytes = wb
        .save_to_buffer()
        .context("cannot make the dashboard workbook")?;
    out.write_all(&bytes)?;
    Ok(())
}
