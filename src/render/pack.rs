//! The dashboard of `swr pack` as a workbook (the Summary as its front
//! page, a sheet per indicator with a native chart of its quarters, the
//! method and the check of the extracts), as markdown or as one HTML page
//! with a chart per indicator.

use super::{
    esc_html, esc_html_text, html_grid, html_page_start, in_words, label, markdown, status_colours,
    xlsx, Format,
};
use crate::table::{Kind, Pack, Section, Table, Value};
use anyhow::{bail, Context, Result};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Chart, ChartFormat, ChartLegendPosition, ChartLine, ChartLineDashType, ChartType,
    Format as CellFormat, FormatAlign, Workbook, Worksheet,
};
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

/// A table whose notes read as words (column labels, not field names).
fn worded(table: &Table) -> Table {
    let mut t = table.clone();
    t.notes = t.notes.iter().map(|n| in_words(n)).collect();
    t
}

/// The cell format of a figure of a kind (a rate as the fraction Excel's %
/// format expects); `signed` shows a + on a rise.
fn figure_format(kind: Kind, signed: bool) -> (u32, &'static str, CellFormat) {
    let (dp, format) = match kind {
        Kind::Money => (2, "£#,##0"),
        Kind::Pct => (1, "0.0%"),
        Kind::Count => (0, "#,##0"),
        Kind::Fte | Kind::Text => (2, "#,##0.0#"),
    };
    let shown = if signed {
        format!("+{format};-{format};{format}")
    } else {
        format.to_string()
    };
    (dp, format, CellFormat::new().set_num_format(shown))
}

/// A number cell of a kind, to the penny, 0.1 point or 0.01 as the data
/// formats hold it.
fn write_figure(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    d: Decimal,
    kind: Kind,
    signed: bool,
) -> Result<()> {
    let (dp, _, format) = figure_format(kind, signed);
    let mut value = super::round(d, dp);
    if kind == Kind::Pct {
        value /= Decimal::ONE_HUNDRED;
    }
    ws.write_number_with_format(row, col, value.to_f64().unwrap_or(f64::NAN), &format)?;
    Ok(())
}

pub fn write_pack(pack: &Pack, format: Format, out: &mut dyn Write) -> Result<()> {
    match format {
        Format::Xlsx => workbook(pack, out),
        Format::Markdown => {
            writeln!(out, "# {}\n", super::esc_markdown(&pack.title))?;
            writeln!(out, "{}\n", super::esc_markdown(&pack.subtitle))?;
            markdown(&worded(&summary_to_read(&pack.summary)), out)?;
            for s in &pack.sections {
                writeln!(out)?;
                markdown(&worded(&s.table), out)?;
            }
            writeln!(out, "\n## Method\n")?;
            for m in &pack.method {
                writeln!(out, "- {}", super::esc_markdown(m))?;
            }
            writeln!(out, "\n## Appendix: the check of the extracts\n")?;
            markdown(&worded(&pack.check), out)
        }
        Format::Html => html(pack, out),
        other => bail!(
            "swr pack: --format {}: the dashboard is a workbook (-o FILE.xlsx), markdown or html",
            other.name()
        ),
    }
}

/// The dashboard as one page: the title, the summary with its statuses in
/// colour and in words, each indicator's chart (inline SVG: no script, no
/// network) and table, the method, and the check as an appendix.
fn html(pack: &Pack, out: &mut dyn Write) -> Result<()> {
    let start = html_page_start(&pack.title);
    // The pack's own styles, after the shared ones.
    let start = start.replacen(
        "</style>",
        "figure { margin: 0.5em 0; }\n\
         p.sub { color: #444; }\n\
         section.appendix { font-size: 85%; border-top: 1px solid #ccc; margin-top: 2em; }\n\
         @media print { section.appendix { page-break-before: always; } }\n\
         </style>",
        1,
    );
    writeln!(out, "{start}")?;
    writeln!(out, "<h1>{}</h1>", esc_html(&pack.title))?;
    writeln!(
        out,
        "<p class=\"sub\">{}</p>",
        esc_html_text(&pack.subtitle)
    )?;
    html_grid(
        &worded(&summary_to_read(&pack.summary)),
        &|n| summary_head(pack, n),
        out,
    )?;
    for s in &pack.sections {
        writeln!(out, "<h2>{}</h2>", esc_html_text(&s.title))?;
        if !s.quarters.is_empty() {
            writeln!(
                out,
                "<figure>\n{}\n</figure>",
                super::chart::svg(s, &reference_name(s))
            )?;
        }
        html_grid(&worded(&s.table), &label, out)?;
    }
    writeln!(out, "<h2>Method</h2>\n<ul>")?;
    for m in &pack.method {
        writeln!(out, "<li>{}</li>", esc_html_text(m))?;
    }
    writeln!(out, "</ul>")?;
    writeln!(
        out,
        "<section class=\"appendix\">\n<h2>Appendix: the check of the extracts</h2>"
    )?;
    html_grid(&without_blank_columns(&worded(&pack.check)), &label, out)?;
    writeln!(out, "</section>\n</body>\n</html>")?;
    Ok(())
}

/// A column header of the summary as the front page reads it.
fn summary_head(pack: &Pack, name: &str) -> String {
    match name {
        "change" => "Change".to_string(),
        "baseline" => pack
            .sections
            .iter()
            .find_map(|s| s.baseline.as_ref())
            .map_or("Baseline".to_string(), |(_, n)| n.clone()),
        "target" => "Target (green)".to_string(),
        other => label(other),
    }
}

/// The table without the columns that are blank in every row (the check's
/// row, column and value when it lists no problem in a cell).
fn without_blank_columns(table: &Table) -> Table {
    let keep: Vec<usize> = (0..table.columns.len())
        .filter(|c| {
            table.rows.is_empty()
                || table
                    .rows
                    .iter()
                    .any(|r| !matches!(&r[*c], Value::Text(s) if s.is_empty()))
        })
        .collect();
    let mut t = table.clone();
    t.columns = keep.iter().map(|c| table.columns[*c].clone()).collect();
    t.rows = table
        .rows
        .iter()
        .map(|r| keep.iter().map(|c| r[*c].clone()).collect())
        .collect();
    t
}

/// The name of a section's baseline line: "Baseline 31/03/2024".
fn reference_name(s: &Section) -> String {
    s.baseline
        .as_ref()
        .map(|(_, n)| n.clone())
        .unwrap_or_default()
}

/// A sheet name from a title, unique in the workbook.
fn name(title: &str, taken: &mut Vec<String>) -> String {
    // Three characters short of Excel's 31, for a " 2" to tell it apart.
    let base = super::xlsx::sheet_name_within(title, 28);
    let mut n = base.trim().to_string();
    let mut k = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&n)) {
        n = format!("{} {k}", base.trim());
        k += 1;
    }
    taken.push(n.clone());
    n
}

/// The rows above each sheet's table: the dashboard's title, what the
/// sheet holds and the as-of date, and a blank row. Every sheet prints
/// landscape on A4, its width fitted to a page.
const TOP: u32 = 3;

fn heading(ws: &mut Worksheet, pack: &Pack, what: &str) -> Result<()> {
    let title = CellFormat::new().set_bold().set_font_size(14);
    let sub = CellFormat::new().set_font_color("#404040");
    ws.write_string_with_format(0, 0, xlsx::xml_text(&pack.title), &title)?;
    let line = if what.is_empty() {
        pack.subtitle.clone()
    } else {
        format!("{what}. {}", pack.subtitle)
    };
    ws.write_string_with_format(1, 0, xlsx::xml_text(&line), &sub)?;
    ws.set_row_height(0, 21)?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    Ok(())
}

/// Lines of text under a table, each wrapped across `cols` columns of the
/// sheet `widths` wide (in characters), its row as tall as its lines.
fn wrapped(ws: &mut Worksheet, from: u32, lines: &[String], cols: u16, width: f64) -> Result<u32> {
    let wrap = CellFormat::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_align(FormatAlign::Left);
    let mut r = from;
    for l in lines {
        let text = xlsx::xml_text(l);
        if cols > 1 {
            ws.merge_range(r, 0, r, cols - 1, text.as_ref(), &wrap)?;
        } else {
            ws.write_string_with_format(r, 0, text.as_ref(), &wrap)?;
        }
        // A character of the default font is about one unit of width.
        let per_line = (width * 1.05).max(10.0);
        let n = (text.chars().count() as f64 / per_line).ceil().max(1.0);
        ws.set_row_height(r, 15.0 * n + 1.0)?;
        r += 1;
    }
    Ok(r)
}

/// The width, in characters, that `table_sheet` gives a table's columns.
fn widths(table: &Table) -> Vec<f64> {
    table
        .columns
        .iter()
        .enumerate()
        .map(|(c, col)| {
            let longest = label(&col.name).chars().count();
            let widest = table
                .rows
                .iter()
                .filter_map(|r| match &r[c] {
                    Value::Text(s) => Some(s.chars().count()),
                    Value::Closing(k) => Some(k.label().chars().count()),
                    _ => None,
                })
                .max()
                .unwrap_or(0);
            longest.max(widest).clamp(10, 40) as f64 + 2.0
        })
        .collect()
}

/// The format of a chart's value axis: £1.6m, £450k, 15%, 17.5.
fn axis_format(kind: Kind, largest: f64) -> &'static str {
    match kind {
        Kind::Money if largest >= 1_000_000.0 => "£0.0,,\"m\"",
        Kind::Money if largest >= 10_000.0 => "£0,\"k\"",
        Kind::Money => "£#,##0",
        Kind::Pct if largest >= 0.1 => "0%",
        Kind::Pct => "0.0%",
        Kind::Count => "#,##0",
        Kind::Fte | Kind::Text => "0.0",
    }
}

fn workbook(pack: &Pack, out: &mut dyn Write) -> Result<()> {
    let mut wb = Workbook::new();
    wb.set_properties(
        &rust_xlsxwriter::DocProperties::new().set_title(xlsx::xml_text(&pack.title)),
    );
    let mut taken = Vec::new();
    let summary = worded(&pack.summary);
    let ws = wb.add_worksheet();
    ws.set_name(name("Summary", &mut taken))?;
    heading(ws, pack, "")?;
    xlsx::table_sheet_at(ws, &summary, TOP)?;
    // Headers as words; figures to the pound; the change with its sign;
    // the status in its colour and its word.
    let bold = CellFormat::new().set_bold().set_align(FormatAlign::Top);
    for (c, col) in summary.columns.iter().enumerate() {
        let words = summary_head(pack, &col.name);
        let f = if col.name == "status" {
            bold.clone().set_align(FormatAlign::Center)
        } else if col.kind == Kind::Text {
            bold.clone()
        } else {
            bold.clone().set_align(FormatAlign::Right)
        };
        ws.write_string_with_format(TOP, c as u16, xlsx::xml_text(&words), &f)?;
        let widest = summary
            .rows
            .iter()
            .filter_map(|r| r[c].as_text().map(|t| t.chars().count()))
            .max()
            .unwrap_or(0);
        let width = words.chars().count().max(widest).clamp(12, 60) + 4;
        ws.set_column_width(c as u16, width as f64)?;
    }
    let status_col = summary.col("status");
    for (r, row) in summary.rows.iter().enumerate() {
        let r = TOP + 1 + r as u32;
        for (c, v) in row.iter().enumerate() {
            if let Value::NumAs(d, k) = v {
                let change = summary.columns[c].name == "change";
                write_figure(ws, r, c as u16, *d, *k, change)?;
            }
        }
        if let Some(c) = status_col {
            let word = row[c].as_text().unwrap_or_default();
            if let Some((fill, font)) = status_colours(word) {
                let f = CellFormat::new()
                    .set_background_color(fill)
                    .set_font_color(font)
                    .set_bold()
                    .set_align(FormatAlign::Center);
                ws.write_string_with_format(r, c as u16, word, &f)?;
            }
        }
    }
    let w = widths(&summary);
    let below = TOP + summary.rows.len() as u32 + 2;
    wrapped(
        ws,
        below,
        &summary.notes,
        summary.columns.len() as u16,
        w.iter().sum(),
    )?;
    for s in &pack.sections {
        let table = worded(&s.table);
        let sheet = name(&s.title, &mut taken);
        let ws = wb.add_worksheet();
        ws.set_name(&sheet)?;
        heading(ws, pack, &format!("{}, by quarter", s.title))?;
        xlsx::table_sheet_at(ws, &table, TOP)?;
        for (r, row) in table.rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if let (Some(d), Kind::Money) = (v.number(), table.columns[c].kind) {
                    write_figure(ws, TOP + 1 + r as u32, c as u16, d, Kind::Money, false)?;
                }
            }
        }
        let rows = table.rows.len() as u32;
        let cols = table.columns.len() as u16;
        let kind = table.columns.last().map_or(Kind::Fte, |c| c.kind);
        let first = TOP + 1 + s.quarters.start as u32;
        let last = TOP + s.quarters.end as u32;
        // The reference lines beside the quarters: the baseline's Total and
        // the target, each in a column of its own that the chart draws.
        let total = cols - 1;
        let mut refs: Vec<(u16, String, &str)> = Vec::new();
        let header = CellFormat::new()
            .set_bold()
            .set_align(FormatAlign::Right)
            .set_text_wrap();
        let base_total = s
            .baseline
            .as_ref()
            .and_then(|(i, _)| table.rows.get(*i))
            .and_then(|r| r[total as usize].number());
        if let (Some((_, label)), Some(v)) = (&s.baseline, base_total) {
            let c = cols + refs.len() as u16;
            ws.write_string_with_format(TOP, c, format!("{label} (Total)"), &header)?;
            for r in first..=last {
                write_figure(ws, r, c, v, kind, false)?;
            }
            refs.push((c, format!("{label} (Total)"), "#7F7F7F"));
        }
        if let Some(t) = &s.target {
            let c = cols + refs.len() as u16;
            ws.write_string_with_format(TOP, c, "Target (green)", &header)?;
            for r in first..=last {
                write_figure(ws, r, c, t.green, kind, false)?;
            }
            refs.push((c, "Target (green)".to_string(), "#00A050"));
        }
        for (c, _, _) in &refs {
            ws.set_column_width(*c, 21)?;
        }
        if !refs.is_empty() {
            ws.set_row_height(TOP, 30)?;
        }
        if !s.quarters.is_empty() {
            // Each group as a thin line over the quarters, the Total thick,
            // the baseline and the target dashed.
            let mut chart = Chart::new(ChartType::Line);
            chart.title().set_name(xlsx::xml_text(&s.title).as_ref());
            let sheet = sheet.as_str();
            for c in 1..cols {
                let series = chart.add_series();
                series
                    .set_name((sheet, TOP, c))
                    .set_categories((sheet, first, 0, last, 0))
                    .set_values((sheet, first, c, last, c));
                if c == total {
                    series.set_format(
                        ChartFormat::new()
                            .set_line(ChartLine::new().set_width(3.0).set_color("#1F3864")),
                    );
                } else {
                    series
                        .set_format(ChartFormat::new().set_line(ChartLine::new().set_width(1.25)));
                }
            }
            for (c, _, colour) in &refs {
                chart
                    .add_series()
                    .set_name((sheet, TOP, *c))
                    .set_categories((sheet, first, 0, last, 0))
                    .set_values((sheet, first, *c, last, *c))
                    .set_format(
                        ChartFormat::new().set_line(
                            ChartLine::new()
                                .set_width(2.0)
                                .set_color(*colour)
                                .set_dash_type(ChartLineDashType::Dash),
                        ),
                    );
            }
            let largest = s
                .quarters
                .clone()
                .chain(s.baseline.iter().map(|(i, _)| *i))
                .flat_map(|i| table.rows[i][1..].iter().filter_map(Value::number))
                .chain(s.target.iter().map(|t| t.green))
                .map(|d| d.abs().to_f64().unwrap_or(0.0))
                .fold(0.0, f64::max);
            let largest = if kind == Kind::Pct {
                largest / 100.0
            } else {
                largest
            };
            chart.x_axis().set_name("Quarter");
            chart
                .y_axis()
                .set_name(xlsx::xml_text(&s.axis).as_ref())
                .set_num_format(axis_format(kind, largest));
            chart.legend().set_position(ChartLegendPosition::Bottom);
            chart.set_width(760).set_height(400);
            ws.insert_chart(TOP + rows + 2, 0, &chart)?;
        }
        let w = widths(&table);
        let span = cols.max(7);
        let width: f64 = w.iter().sum::<f64>() + 10.0 * f64::from(span.saturating_sub(cols));
        wrapped(ws, TOP + rows + 24, &table.notes, span, width)?;
    }
    let ws = wb.add_worksheet();
    ws.set_name(name("Method", &mut taken))?;
    heading(ws, pack, "Method: how each figure is worked out")?;
    let mut method: Vec<String> = pack.method.clone();
    // What the workbook shows that it could not hold as written.
    let replaced = xlsx::count_replaced(
        [pack.title.as_str()]
            .into_iter()
            .chain(pack.method.iter().map(String::as_str))
            .chain(
                [&pack.summary, &pack.check]
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
        method.push(xlsx::replaced_note(replaced));
    }
    ws.set_column_width(0, 110)?;
    wrapped(ws, TOP, &method, 1, 110.0)?;
    let ws = wb.add_worksheet();
    ws.set_name(name("Check", &mut taken))?;
    heading(ws, pack, "The check of the extracts (swr check)")?;
    let check = without_blank_columns(&worded(&pack.check));
    xlsx::table_sheet_at(ws, &check, TOP)?;
    if let Some(c) = check.col("problem") {
        let wrap = CellFormat::new()
            .set_text_wrap()
            .set_align(FormatAlign::Top);
        let width = 100.0;
        ws.set_column_width(c as u16, width)?;
        for (r, row) in check.rows.iter().enumerate() {
            if let Some(text) = row[c].as_text() {
                let r = TOP + 1 + r as u32;
                ws.write_string_with_format(r, c as u16, xlsx::xml_text(text), &wrap)?;
                let n = (text.chars().count() as f64 / (width * 1.05))
                    .ceil()
                    .max(1.0);
                ws.set_row_height(r, 15.0 * n + 1.0)?;
            }
        }
    }
    let w = widths(&check);
    wrapped(
        ws,
        TOP + check.rows.len() as u32 + 2,
        &check.notes,
        check.columns.len() as u16,
        w.iter().sum(),
    )?;
    let bytes = wb
        .save_to_buffer()
        .context("cannot make the dashboard workbook")?;
    out.write_all(&bytes)?;
    Ok(())
}
