//! Printers: a [`Table`] in, bytes out. Number formats live here and only here.

mod actions;
mod chart;
mod labels;
mod pack;
mod xlsx;

pub use pack::write_pack;

pub use labels::{in_words, label};

use crate::table::{is_total, Kind, Of, Page, Table, Value};
use anyhow::Result;
use comfy_table::{presets, CellAlignment, ContentArrangement};
use rust_decimal::Decimal;
use std::io::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Csv,
    Tsv,
    Json,
    Markdown,
    Html,
    Xlsx,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "table" | "txt" | "text" => Some(Format::Table),
            "csv" => Some(Format::Csv),
            "tsv" | "tab" => Some(Format::Tsv),
            "json" => Some(Format::Json),
            "markdown" | "md" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Json => "json",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Xlsx => "xlsx",
        }
    }

    /// Data formats carry no notes on standard output.
    pub fn has_notes(self) -> bool {
        matches!(
            self,
            Format::Table | Format::Markdown | Format::Json | Format::Xlsx | Format::Html
        )
    }

    /// Bytes a terminal cannot show.
    pub fn is_binary(self) -> bool {
        self == Format::Xlsx
    }
}

pub use crate::table::{plain, printed, round};

fn thousands(int_digits: &str) -> String {
    let mut out = String::new();
    for (i, c) in int_digits.chars().enumerate() {
        if i > 0 && (int_digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A number as a person reads it: `£39,500`, `13.6%`, `16.9`.
pub fn human(d: Decimal, kind: Kind) -> String {
    match kind {
        Kind::Money => {
            let r = round(d, 0);
            let digits = r.abs().to_string();
            let sign = if r.is_sign_negative() && !r.is_zero() {
                "-"
            } else {
                ""
            };
            // Hourly rates and other small sums keep their pence.
            if d.abs() < Decimal::ONE_HUNDRED && !d.fract().is_zero() {
                return format!("{sign}£{:.2}", round(d.abs(), 2));
            }
            format!("{sign}£{}", thousands(&digits))
        }
        Kind::Pct => format!("{:.1}%", round(d, 1)),
        Kind::Count => {
            let r = round(d, 0);
            let sign = if r.is_sign_negative() && !r.is_zero() {
                "-"
            } else {
                ""
            };
            format!("{sign}{}", thousands(&r.abs().to_string()))
        }
        Kind::Fte | Kind::Text => plain(d, Kind::Fte),
    }
}

/// The number `human` shows for money: pounds, or pence for a small sum
/// with pence.
fn human_money(d: Decimal) -> Decimal {
    if d.abs() < Decimal::ONE_HUNDRED && !d.fract().is_zero() {
        round(d, 2)
    } else {
        round(d, 0)
    }
}

/// A sum of money with its pence if it has any: `£1,234`, `-£100.40`.
fn money_exact(d: Decimal) -> String {
    if d.fract().is_zero() {
        return human(d, Kind::Money);
    }
    let sign = if d.is_sign_negative() { "-" } else { "" };
    let r = format!("{:.2}", round(d.abs(), 2));
    let (pounds, pence) = r.split_once('.').unwrap_or((&r, "00"));
    format!("{sign}£{}.{pence}", thousands(pounds))
}

/// A table's cells as a person reads them, row by row. Money is shown to
/// the pound (pence for a small sum with pence), so money worked out from
/// other money of its row (a `--compare` change, costs' premium_per_fte
/// and annual_premium, pay's gap_to_market: [`Of::Change`], [`Of::Times`])
/// is worked out again from the figures as shown, so that the page adds up
/// as printed: £72,761 (72,760.50) less £63,944 (63,944.31) shows £8,817,
/// where the pounds of the data formats' 8,816.19 would be £8,816.
pub(crate) fn human_rows(table: &Table) -> Vec<Vec<String>> {
    let mut shown = Shown::new(table);
    (0..table.rows.len())
        .map(|r| (0..table.columns.len()).map(|c| shown.text(r, c)).collect())
        .collect()
}

/// Where working out a cell as shown has got to.
#[derive(Clone, Copy)]
enum State {
    Todo,
    Busy,
    Done(Option<Decimal>),
}

/// The numbers a person reads, worked out once a cell.
struct Shown<'a> {
    table: &'a Table,
    /// The rows each row of totals sums, found when a column needs them.
    totals: Option<std::collections::HashMap<usize, Vec<usize>>>,
    cells: Vec<Vec<State>>,
}

impl<'a> Shown<'a> {
    fn new(table: &'a Table) -> Shown<'a> {
        Shown {
            table,
            totals: None,
            cells: vec![vec![State::Todo; table.columns.len()]; table.rows.len()],
        }
    }

    fn kind(&self, r: usize, c: usize) -> Kind {
        match self.table.rows[r].get(c) {
            Some(Value::NumAs(_, k)) => *k,
            _ => self.table.columns[c].kind,
        }
    }

    /// The cell as text: money worked out from the figures shown where its
    /// column is so defined, else as its value reads.
    fn text(&mut self, r: usize, c: usize) -> String {
        let v = &self.table.rows[r][c];
        if self.kind(r, c) == Kind::Money && v.number().is_some() {
            if let Some(d) = self.worked(r, c) {
                return money_exact(d);
            }
        }
        cell_human(v, self.table.columns[c].kind)
    }

    /// The number the cell shows, if it shows one.
    fn number(&mut self, r: usize, c: usize) -> Option<Decimal> {
        match self.cells[r][c] {
            State::Done(d) => return d,
            // A definition that comes back to its own cell (none does):
            // the cell as its value reads.
            State::Busy => return self.own(r, c),
            State::Todo => {}
        }
        self.cells[r][c] = State::Busy;
        let d = match self.kind(r, c) {
            Kind::Money => self.worked(r, c).or_else(|| self.own(r, c)),
            _ => self.own(r, c),
        };
        self.cells[r][c] = State::Done(d);
        d
    }

    /// The cell's own value as it is shown: money to the pound (pence for
    /// a small sum with pence), anything else as the data formats print it.
    fn own(&self, r: usize, c: usize) -> Option<Decimal> {
        let d = self.table.rows[r].get(c)?.number()?;
        Some(match self.kind(r, c) {
            Kind::Money => human_money(d),
            k => printed(d, k),
        })
    }

    /// Money of a column defined from others of its row, worked out from
    /// them as shown; `None` where it is not so defined, or a figure it
    /// needs shows no number (then the cell reads as its value).
    fn worked(&mut self, r: usize, c: usize) -> Option<Decimal> {
        let table = self.table;
        table.rows[r].get(c)?.number()?;
        match &table.columns[c].of {
            Of::Change(a, b) => {
                let (a, b) = (table.col(a)?, table.col(b)?);
                self.number(r, a)?.checked_sub(self.number(r, b)?)
            }
            Of::Times(a, b) => {
                let keys = table.keys_of(&table.rows[r]);
                if keys.iter().any(|k| is_total(k)) {
                    return self.summed(r, c);
                }
                let (a, b) = (table.col(a)?, table.col(b)?);
                // The second as worked out (agency FTE: hours / 37).
                let exact = table.rows[r].get(b)?.number()?;
                Some(human_money(self.number(r, a)?.checked_mul(exact)?))
            }
            _ => None,
        }
    }

    /// A row of totals of a column defined so: the sum of the rows it
    /// closes as they are shown (those with a figure), as the data
    /// formats' Total is of theirs.
    fn summed(&mut self, r: usize, c: usize) -> Option<Decimal> {
        let table = self.table;
        let members = self
            .totals
            .get_or_insert_with(|| table.totals().into_iter().collect())
            .get(&r)?
            .clone();
        let mut sum: Option<Decimal> = None;
        for m in members {
            match &table.rows[m][c] {
                // A hidden row is in the Total's figure: it cannot be summed
                // as shown.
                Value::Suppressed => return None,
                _ => {
                    if let Some(d) = self.number(m, c) {
                        sum = Some(sum.unwrap_or_default().checked_add(d)?);
                    }
                }
            }
        }
        sum
    }
}

/// Text cells that a spreadsheet would run as a formula get a leading `'`.
pub fn guard_formula(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r', '\n']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

fn cell_plain(v: &Value, kind: Kind) -> String {
    match v {
        Value::Text(s) | Value::Date { label: s, .. } => guard_formula(s),
        Value::Closing(c) => c.label().to_string(),
        Value::Num(d) => plain(*d, kind),
        Value::NumAs(d, k) => plain(*d, *k),
        Value::NA => String::new(),
        Value::Suppressed => "c".to_string(),
    }
}

fn cell_human(v: &Value, kind: Kind) -> String {
    match v {
        Value::Text(s) | Value::Date { label: s, .. } => s.clone(),
        Value::Closing(c) => c.label().to_string(),
        Value::Num(d) => human(*d, kind),
        Value::NumAs(d, k) => human(*d, *k),
        Value::NA => "N/A".to_string(),
        Value::Suppressed => "c".to_string(),
    }
}

/// How to print, beyond the format.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Start CSV and TSV with a UTF-8 byte order mark, for Excel.
    pub bom: bool,
}

pub fn write(table: &Table, format: Format, options: Options, out: &mut dyn Write) -> Result<()> {
    match (format, table.page) {
        (Format::Markdown, Page::ActionUpdate { compared_with }) => {
            return actions::markdown(table, compared_with, out)
        }
        (Format::Html, Page::ActionUpdate { compared_with }) => {
            return actions::html(table, compared_with, out)
        }
        _ => {}
    }
    match format {
        Format::Csv => delimited(table, b',', options, out),
        Format::Tsv => delimited(table, b'\t', options, out),
        Format::Json => json(table, out),
        Format::Markdown => markdown(table, out),
        Format::Html => {
            writeln!(out, "{}", html_page_start(&table.title))?;
            html_table(table, out)?;
            writeln!(out, "</body>\n</html>")?;
            Ok(())
        }
        Format::Table => text(table, out),
        Format::Xlsx => xlsx::write(table, out),
    }
}

fn delimited(table: &Table, delim: u8, options: Options, out: &mut dyn Write) -> Result<()> {
    if options.bom {
        out.write_all("\u{feff}".as_bytes())?;
    }
    let mut w = csv::WriterBuilder::new().delimiter(delim).from_writer(out);
    // Headers can come from the data (the columns of a cross-tab): guarded
    // like any other text cell.
    w.write_record(table.columns.iter().map(|c| guard_formula(&c.name)))?;
    for row in &table.rows {
        w.write_record(
            row.iter()
                .zip(&table.columns)
                .map(|(v, c)| cell_plain(v, c.kind)),
        )?;
    }
    w.flush()?;
    Ok(())
}

fn json(table: &Table, out: &mut dyn Write) -> Result<()> {
    use serde_json::{Map, Value as J};
    let rows: Vec<J> = table
        .rows
        .iter()
        .map(|row| {
            let mut m = Map::new();
            for (v, c) in row.iter().zip(&table.columns) {
                let j = match v {
                    // A figure left blank (no baseline) is null, as N/A.
                    Value::Text(s) if s.is_empty() && c.kind != Kind::Text => J::Null,
                    Value::Text(s) | Value::Date { label: s, .. } => J::String(s.clone()),
                    Value::Closing(c) => J::String(c.label().to_string()),
                    Value::NA | Value::Suppressed => J::Null,
                    Value::Num(_) | Value::NumAs(..) => {
                        let s = cell_plain(v, c.kind);
                        serde_json::from_str::<J>(&s).unwrap_or(J::Null)
                    }
                };
                m.insert(c.name.clone(), j);
            }
            J::Object(m)
        })
        .collect();
    let doc = serde_json::json!({
        "title": table.title,
        "as_of": table.as_of.map(|d| d.to_string()),
        "period": table.period.map(|p| serde_json::json!({"start": p.start.to_string(), "end": p.end.to_string()})),
        "columns": table.columns.iter().map(|c| c.name.clone()).collect::<Vec<_>>(),
        "rows": rows,
        "notes": table.notes,
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)?;
    Ok(())
}

/// Text for HTML: `<`, `>`, `&` and quotes escaped.
pub(crate) fn esc_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Text for the body of an HTML page: escaped, its line breaks as `<br>`.
pub(crate) fn esc_html_text(s: &str) -> String {
    line_breaks(&esc_html(s))
}

/// Each line break (CRLF, LF or CR alone) as `<br>`.
fn line_breaks(s: &str) -> String {
    if !s.contains(['\r', '\n']) {
        return s.to_string();
    }
    s.replace("\r\n", "<br>").replace(['\r', '\n'], "<br>")
}

/// Text for a markdown line or table cell: `\`, `|`, `&`, `<` and `>`
/// escaped and line breaks as `<br>`, so that no value ends a cell or a
/// row, or brings markup in.
pub(crate) fn esc_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '|' => out.push_str("\\|"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    line_breaks(&out)
}

pub(crate) fn html_page_start(title: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\nbody {{ font-family: sans-serif; margin: 2em; }}\ntable {{ border-collapse: collapse; margin: 1em 0; }}\nth, td {{ border: 1px solid #ccc; padding: 0.2em 0.6em; }}\nth {{ background: #eee; }}\ntd.n {{ text-align: right; }}\n</style>\n</head>\n<body>",
        esc_html(title)
    )
}

/// The colours of a status, whatever its case: fill and text (Excel's
/// Good, Neutral and Bad), for the pack's workbook and every HTML page.
pub(crate) fn status_colours(status: &str) -> Option<(&'static str, &'static str)> {
    match status.to_ascii_lowercase().as_str() {
        "green" => Some(("#C6EFCE", "#006100")),
        "amber" => Some(("#FFEB9C", "#9C5700")),
        "red" => Some(("#FFC7CE", "#9C0006")),
        _ => None,
    }
}

/// A table as an HTML `<table>` with its title and notes.
pub(crate) fn html_table(table: &Table, out: &mut dyn Write) -> Result<()> {
    writeln!(out, "<h2>{}</h2>", esc_html_text(&table.title))?;
    html_grid(table, &label, out)
}

/// A table's rows and notes as HTML, under headers `head` gives; a
/// `status` cell (green, amber, red) in its colours and its word.
pub(crate) fn html_grid(
    table: &Table,
    head: &dyn Fn(&str) -> String,
    out: &mut dyn Write,
) -> Result<()> {
    let status = table.col("status");
    writeln!(out, "<table>\n<tr>")?;
    for c in &table.columns {
        writeln!(out, "<th>{}</th>", esc_html_text(&head(&c.name)))?;
    }
    writeln!(out, "</tr>")?;
    for cells in human_rows(table) {
        write!(out, "<tr>")?;
        for (i, (cell, c)) in cells.iter().zip(&table.columns).enumerate() {
            let attrs = match status_colours(cell) {
                Some((fill, font)) if Some(i) == status => format!(
                    " class=\"status {}\" style=\"background:{fill};color:{font};font-weight:bold\"",
                    cell.to_ascii_lowercase()
                ),
                _ if c.kind == Kind::Text => String::new(),
                _ => " class=\"n\"".to_string(),
            };
            write!(out, "<td{attrs}>{}</td>", esc_html_text(cell))?;
        }
        writeln!(out, "</tr>")?;
    }
    writeln!(out, "</table>")?;
    if !table.notes.is_empty() {
        writeln!(out, "<ul>")?;
        for n in &table.notes {
            writeln!(out, "<li>{}</li>", esc_html_text(n))?;
        }
        writeln!(out, "</ul>")?;
    }
    Ok(())
}

pub(crate) fn markdown(table: &Table, out: &mut dyn Write) -> Result<()> {
    let esc = esc_markdown;
    writeln!(out, "**{}**\n", esc(&table.title))?;
    writeln!(
        out,
        "| {} |",
        table
            .columns
            .iter()
            .map(|c| esc(&c.name))
            .collect::<Vec<_>>()
            .join(" | ")
    )?;
    writeln!(
        out,
        "|{}|",
        table
            .columns
            .iter()
            .map(|c| if c.kind == Kind::Text { "---" } else { "---:" })
            .collect::<Vec<_>>()
            .join("|")
    )?;
    for cells in human_rows(table) {
        writeln!(
            out,
            "| {} |",
            cells
                .iter()
                .map(|cell| esc(cell))
                .collect::<Vec<_>>()
                .join(" | ")
        )?;
    }
    if !table.notes.is_empty() {
        writeln!(out)?;
        for n in &table.notes {
            writeln!(out, "- {}", esc(n))?;
        }
    }
    Ok(())
}

fn text(table: &Table, out: &mut dyn Write) -> Result<()> {
    let mut t = comfy_table::Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
            // Fit the terminal: long cells wrap at their words, not mid-cell.
            ContentArrangement::Dynamic
        } else {
            ContentArrangement::Disabled
        })
        .set_header(table.columns.iter().map(|c| c.name.clone()));
    for cells in human_rows(table) {
        t.add_row(cells.into_iter().zip(&table.columns).map(|(s, c)| {
            let cell = comfy_table::Cell::new(s);
            if c.kind == Kind::Text {
                cell
            } else {
                cell.set_alignment(CellAlignment::Right)
            }
        }));
    }
    writeln!(out, "{}", table.title)?;
    writeln!(out, "{t}")?;
    for n in &table.notes {
        writeln!(out, "  {n}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn data_formats() {
        assert_eq!(plain(d("42482"), Kind::Money), "42482.00");
        assert_eq!(plain(d("0.005"), Kind::Money), "0.01");
        assert_eq!(plain(d("-0.005"), Kind::Money), "-0.01");
        assert_eq!(plain(d("13.5857"), Kind::Pct), "13.6");
        assert_eq!(plain(d("0.05"), Kind::Pct), "0.1");
        assert_eq!(plain(d("2.25"), Kind::Pct), "2.3");
        assert_eq!(plain(d("5"), Kind::Pct), "5.0");
        assert_eq!(plain(d("16.90"), Kind::Fte), "16.9");
        assert_eq!(plain(d("4.000"), Kind::Fte), "4");
        assert_eq!(plain(d("0.8108108"), Kind::Fte), "0.81");
        assert_eq!(plain(d("0.001"), Kind::Fte), "0");
    }

    #[test]
    fn human_formats() {
        assert_eq!(human(d("39500"), Kind::Money), "£39,500");
        assert_eq!(human(d("1102345.67"), Kind::Money), "£1,102,346");
        assert_eq!(human(d("-11982"), Kind::Money), "-£11,982");
        assert_eq!(human(d("32.5"), Kind::Money), "£32.50");
        assert_eq!(human(d("13.58"), Kind::Pct), "13.6%");
        assert_eq!(human(d("1234"), Kind::Count), "1,234");
    }

    #[test]
    fn money_with_its_pence() {
        assert_eq!(money_exact(d("100.4")), "£100.40");
        assert_eq!(money_exact(d("-1234.05")), "-£1,234.05");
        assert_eq!(money_exact(d("-99")), "-£99");
        assert_eq!(human_money(d("150.40")), d("150"));
        assert_eq!(human_money(d("49.6")), d("49.60"));
    }

    /// Money defined from other money of its row is worked out from the
    /// pounds shown, through a `--compare` change of it and a Total that
    /// sums it. Worked by hand:
    /// - A: £51,060 (51,060.40) less £40,001 (40,000.50) = £11,059 (the
    ///   data's 11,059.90 reads £11,060); x 1.5 FTE = 16,588.50, £16,589.
    ///   Before: £50,000 less £40,001 (40,000.60) = £9,999 (9,999.40); the
    ///   change £11,059 - £9,999 = £1,060 (the pounds of the data's
    ///   figures, £11,060 - £9,999, would give £1,061).
    /// - B: £30,000 less £30,000 (29,999.50) = £0 (data 0.50); x 0.5 = £0.
    ///   No figures before: the change is N/A.
    /// - Total: £40,000 less £35,000 = £5,000; annual_premium the sum of
    ///   the rows as shown, £16,589 + £0 (the data's 16,590.10 reads
    ///   £16,590).
    #[test]
    fn money_defined_from_money_adds_up_as_shown() {
        let mut t = Table::grouped(
            "t",
            &["job_title".to_string()],
            &[
                ("agency_fte", Kind::Fte),
                ("agency_cost_per_fte", Kind::Money),
                ("permanent_cost_per_fte", Kind::Money),
                ("premium_per_fte", Kind::Money),
                ("annual_premium", Kind::Money),
            ],
        );
        let premium = t.columns[4].clone();
        for (name, of) in [
            ("agency_cost_per_fte_prev", Of::Own),
            ("permanent_cost_per_fte_prev", Of::Own),
            ("premium_per_fte_prev", premium.of.suffixed("_prev")),
            (
                "premium_per_fte_change",
                Of::Change("premium_per_fte".into(), "premium_per_fte_prev".into()),
            ),
        ] {
            t.columns.push(crate::table::Column {
                name: name.into(),
                of,
                ..premium.clone()
            });
        }
        let n = |s: &str| Value::Num(d(s));
        t.rows = vec![
            vec![
                Value::text("A"),
                n("1.5"),
                n("51060.40"),
                n("40000.50"),
                n("11059.90"),
                n("16589.85"),
                n("50000.00"),
                n("40000.60"),
                n("9999.40"),
                n("1060.50"),
            ],
            vec![
                Value::text("B"),
                n("0.5"),
                n("30000"),
                n("29999.50"),
                n("0.50"),
                n("0.25"),
                Value::NA,
                Value::NA,
                Value::NA,
                Value::NA,
            ],
            vec![
                Value::total(),
                n("2"),
                n("40000"),
                n("35000"),
                n("5000"),
                n("16590.10"),
                n("50000.00"),
                n("40000.60"),
                n("9999.40"),
                n("-4999.40"),
            ],
        ];
        let rows = human_rows(&t);
        assert_eq!(
            rows[0],
            [
                "A", "1.5", "£51,060", "£40,001", "£11,059", "£16,589", "£50,000", "£40,001",
                "£9,999", "£1,060"
            ]
        );
        assert_eq!(
            rows[1],
            ["B", "0.5", "£30,000", "£30,000", "£0", "£0", "N/A", "N/A", "N/A", "N/A"]
        );
        assert_eq!(
            rows[2],
            [
                "Total", "2", "£40,000", "£35,000", "£5,000", "£16,589", "£50,000", "£40,001",
                "£9,999", "-£4,999"
            ]
        );
    }

    #[test]
    fn formula_guard_only_on_text() {
        assert_eq!(guard_formula("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(guard_formula("-team"), "'-team");
        assert_eq!(guard_formula("@x"), "'@x");
        assert_eq!(guard_formula("+44 1234"), "'+44 1234");
        assert_eq!(guard_formula("\tcell"), "'\tcell");
        assert_eq!(guard_formula("\rcell"), "'\rcell");
        assert_eq!(guard_formula("Team A"), "Team A");
        assert_eq!(cell_plain(&Value::Num(d("-12.5")), Kind::Money), "-12.50");
    }
}
