//! `swr exceptions` as the monthly action update a person reads: a heading
//! per status and one line per figure ("Children's Social Care: vacancy
//! rate 17.9%, red (target 10%), 16.2% last month, 3 months off target"),
//! in markdown or as an HTML page whose statuses are coloured and worded.

use super::{
    esc_html, esc_html_text, esc_markdown, html_grid, html_page_start, human, label, status_colours,
};
use crate::period::fmt_date;
use crate::table::{Kind, Table, Value};
use anyhow::Result;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::io::Write;

/// The statuses, in the order of the page, with their headings.
const STATUSES: [(&str, &str); 5] = [
    ("red", "Red"),
    ("amber", "Amber"),
    ("green", "Green"),
    ("small", "Too small to rate"),
    ("n/a", "Not available"),
];

/// An indicator as the page words it.
fn words(indicator: &str) -> &str {
    match indicator {
        "vacancy_rate_pct" => "vacancy rate",
        "agency_rate_pct" => "agency rate",
        "turnover_pct" => "turnover",
        "stability_pct" => "stability",
        "caseload_fte" => "caseload per FTE",
        "absence_rate_pct" => "sickness absence rate",
        "agency_spend" => "agency spend in the month",
        other => other,
    }
}

/// One row of the table, read back by column name.
struct Row<'a> {
    group: String,
    indicator: &'a str,
    status: &'a str,
    line: String,
}

fn cell<'a>(table: &'a Table, row: &'a [Value], name: &str) -> Option<&'a Value> {
    table.col(name).and_then(|i| row.get(i))
}

/// A figure as people read it; a threshold as written (`10%`, `£40,000`).
fn shown(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::NumAs(d, k) => Some(human(*d, *k)),
        Value::Num(d) => Some(human(*d, Kind::Fte)),
        _ => None,
    }
}

fn threshold(v: Option<&Value>) -> String {
    match v {
        Some(Value::NumAs(d, Kind::Pct)) => format!("{}%", d.normalize()),
        Some(Value::NumAs(d, Kind::Fte)) => d.normalize().to_string(),
        other => shown(other).unwrap_or_default(),
    }
}

fn rows(table: &Table, compared_with: Option<NaiveDate>) -> Vec<Row<'_>> {
    let groups = table
        .columns
        .iter()
        .position(|c| c.name == "indicator")
        .unwrap_or(0);
    let previous_when = compared_with.map(fmt_date);
    table
        .rows
        .iter()
        .map(|row| {
            let group = row[..groups]
                .iter()
                .filter_map(Value::as_text)
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" / ");
            let text = |name: &str| {
                cell(table, row, name)
                    .and_then(Value::as_text)
                    .unwrap_or("")
            };
            let indicator = text("indicator");
            let status = text("status");
            let mut line = format!("{group}: {}", words(indicator));
            match shown(cell(table, row, "value")) {
                None => line.push_str(" N/A"),
                Some(v) => {
                    line.push_str(&format!(" {v}, {status}"));
                    if matches!(status, "red" | "amber" | "green") {
                        line.push_str(&format!(
                            " (target {})",
                            threshold(cell(table, row, "green"))
                        ));
                    }
                }
            }
            let previous = shown(cell(table, row, "previous"));
            line.push_str(&match (previous, previous_when.as_deref()) {
                (Some(p), None) => format!(", {p} last month"),
                (Some(p), Some(day)) => format!(", {p} on {day}"),
                (None, _) => ", no figure for the month before".to_string(),
            });
            if let Some(b) = shown(cell(table, row, "baseline")) {
                line.push_str(&format!(", {b} at the baseline"));
            }
            let months = match cell(table, row, "months_off_target") {
                Some(Value::Num(d)) => *d,
                _ => Decimal::ZERO,
            };
            if !months.is_zero() {
                line.push_str(&format!(
                    ", {months} month{} off target",
                    if months == Decimal::ONE { "" } else { "s" }
                ));
            }
            Row {
                group,
                indicator,
                status,
                line,
            }
        })
        .collect()
}

/// The page in markdown.
pub fn markdown(
    table: &Table,
    compared_with: Option<NaiveDate>,
    out: &mut dyn Write,
) -> Result<()> {
    let rows = rows(table, compared_with);
    writeln!(out, "# {}\n", esc_markdown(&table.title))?;
    if rows.is_empty() {
        writeln!(out, "No figure is off target.\n")?;
    }
    for (status, heading) in STATUSES {
        let these: Vec<&Row> = rows.iter().filter(|r| r.status == status).collect();
        if these.is_empty() {
            continue;
        }
        writeln!(out, "## {heading} ({})\n", these.len())?;
        for r in these {
            writeln!(out, "- {}", esc_markdown(&r.line))?;
        }
        writeln!(out)?;
    }
    if !table.notes.is_empty() {
        writeln!(out, "## Notes\n")?;
        for n in &table.notes {
            writeln!(out, "- {}", esc_markdown(n))?;
        }
    }
    Ok(())
}

/// The page in HTML: each line with its status in colour and in words (for
/// readers who cannot tell the colours apart, and for print), then the
/// table and the notes.
pub fn html(table: &Table, compared_with: Option<NaiveDate>, out: &mut dyn Write) -> Result<()> {
    let rows = rows(table, compared_with);
    let page = html_page_start(&table.title).replace(
        "</style>",
        ".badge { display: inline-block; min-width: 3.5em; text-align: center; padding: 0 0.4em; margin-right: 0.5em; border-radius: 3px; font-weight: bold; -webkit-print-color-adjust: exact; print-color-adjust: exact; }\nli { margin: 0.2em 0; list-style: none; }\n</style>",
    );
    writeln!(out, "{page}")?;
    writeln!(out, "<h1>{}</h1>", esc_html_text(&table.title))?;
    if rows.is_empty() {
        writeln!(out, "<p>No figure is off target.</p>")?;
    }
    for (status, heading) in STATUSES {
        let these: Vec<&Row> = rows.iter().filter(|r| r.status == status).collect();
        if these.is_empty() {
            continue;
        }
        let (bg, fg) = status_colours(status).unwrap_or(("#E0E0E0", "#000000"));
        writeln!(
            out,
            "<h2 id=\"{}\">{heading} ({})</h2>\n<ul>",
            esc_html(&status.replace('/', "")),
            these.len()
        )?;
        for r in these {
            writeln!(
                out,
                "<li data-group=\"{}\" data-indicator=\"{}\"><span class=\"badge\" style=\"background:{bg};color:{fg}\">{}</span>{}</li>",
                esc_html(&r.group),
                esc_html(r.indicator),
                esc_html_text(status),
                esc_html_text(&r.line)
            )?;
        }
        writeln!(out, "</ul>")?;
    }
    writeln!(out, "<h2>The figures</h2>")?;
    html_grid(
        table,
        &|n| {
            if n == "change" {
                "Change".to_string()
            } else {
                label(n)
            }
        },
        out,
    )?;
    writeln!(out, "</body>\n</html>")?;
    Ok(())
}
