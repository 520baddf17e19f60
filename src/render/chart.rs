//! An indicator's quarters as an SVG line chart for the pack's HTML page
//! (drawn by plotters' SVG backend: no script, no fonts, no network): a
//! line per group, the Total thick, the baseline and the target dashed,
//! titled axes with £ and % labels, and a legend beside the plot.

use crate::table::{Kind, Section, Value};
use plotters::prelude::*;
use rust_decimal::prelude::ToPrimitive;

/// Lines of the groups, then the Total's.
const PALETTE: [RGBColor; 8] = [
    RGBColor(0x4E, 0x79, 0xA7),
    RGBColor(0xF2, 0x8E, 0x2B),
    RGBColor(0x76, 0xB7, 0xB2),
    RGBColor(0xB0, 0x7A, 0xA1),
    RGBColor(0x9C, 0x75, 0x5F),
    RGBColor(0xED, 0xC9, 0x48),
    RGBColor(0xFF, 0x9D, 0xA7),
    RGBColor(0xBA, 0xB0, 0xAC),
];
const TOTAL: RGBColor = RGBColor(0x1F, 0x38, 0x64);
const BASELINE: RGBColor = RGBColor(0x7F, 0x7F, 0x7F);
const TARGET: RGBColor = RGBColor(0x00, 0xA0, 0x50);

/// A value-axis label: £1.6m, £450k, £900, 15%, 17.5.
fn tick(v: f64, kind: Kind, largest: f64) -> String {
    match kind {
        Kind::Money if largest >= 1_000_000.0 => format!("£{:.1}m", v / 1_000_000.0),
        Kind::Money if largest >= 10_000.0 => format!("£{:.0}k", v / 1_000.0),
        Kind::Money => format!("£{v:.0}"),
        Kind::Pct if largest >= 10.0 => format!("{v:.0}%"),
        Kind::Pct => format!("{v:.1}%"),
        Kind::Count => format!("{v:.0}"),
        Kind::Fte | Kind::Text => format!("{v:.1}"),
    }
}

/// One line to draw: its name, colour, width, dashed or not, and its
/// points (None where the figure is N/A).
struct Line {
    name: String,
    colour: RGBColor,
    width: u32,
    dashed: bool,
    points: Vec<Option<f64>>,
}

/// The chart of a section's quarters as an `<svg>` element.
pub fn svg(s: &Section, baseline_name: &str) -> String {
    let t = &s.table;
    let cols = t.columns.len();
    let kind = t.columns.last().map_or(Kind::Fte, |c| c.kind);
    let quarters: Vec<&Vec<Value>> = s.quarters.clone().map(|i| &t.rows[i]).collect();
    let labels: Vec<String> = quarters
        .iter()
        .map(|r| r[0].as_text().unwrap_or_default().to_string())
        .collect();
    let n = quarters.len();
    let figure = |v: &Value| v.number().and_then(|d| d.to_f64());
    let mut lines: Vec<Line> = (1..cols)
        .map(|c| Line {
            name: t.columns[c].name.clone(),
            colour: if c + 1 == cols {
                TOTAL
            } else {
                PALETTE[(c - 1) % PALETTE.len()]
            },
            width: if c + 1 == cols { 3 } else { 1 },
            dashed: false,
            points: quarters.iter().map(|r| figure(&r[c])).collect(),
        })
        .collect();
    if let Some(v) = s
        .baseline
        .as_ref()
        .and_then(|(i, _)| t.rows.get(*i))
        .and_then(|r| r.last())
        .and_then(figure)
    {
        lines.push(Line {
            name: format!("{baseline_name} (Total)"),
            colour: BASELINE,
            width: 2,
            dashed: true,
            points: vec![Some(v); n],
        });
    }
    if let Some(v) = s.target.as_ref().and_then(|t| t.green.to_f64()) {
        lines.push(Line {
            name: "Target (green)".to_string(),
            colour: TARGET,
            width: 2,
            dashed: true,
            points: vec![Some(v); n],
        });
    }
    let largest = lines
        .iter()
        .flat_map(|l| l.points.iter().flatten())
        .fold(0.0f64, |a, b| a.max(b.abs()));
    let smallest = lines
        .iter()
        .flat_map(|l| l.points.iter().flatten())
        .fold(0.0f64, |a, b| a.min(*b));
    let top = if largest > 0.0 { largest * 1.1 } else { 1.0 };
    let bottom = if smallest < 0.0 { smallest * 1.1 } else { 0.0 };
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (760, 330)).into_drawing_area();
        let _ = root.fill(&WHITE);
        let (plot, legend) = root.split_horizontally(560);
        let drawn = (|| -> Result<(), Box<dyn std::error::Error>> {
            // No caption: the page's heading over the chart names it.
            let mut chart = ChartBuilder::on(&plot)
                .margin(12)
                .x_label_area_size(44)
                .y_label_area_size(70)
                .build_cartesian_2d(-0.4f64..(n as f64 - 0.6).max(0.4), bottom..top)?;
            chart
                .configure_mesh()
                .disable_x_mesh()
                .light_line_style(WHITE.mix(0.0))
                .bold_line_style(BLACK.mix(0.12))
                .x_labels(n.max(1))
                .x_label_formatter(&|x| {
                    let i = x.round();
                    if (x - i).abs() < 0.01 && i >= 0.0 {
                        labels.get(i as usize).cloned().unwrap_or_default()
                    } else {
                        String::new()
                    }
                })
                .y_labels(6)
                .y_label_formatter(&|v| tick(*v, kind, largest))
                .x_desc("Quarter")
                .y_desc(s.axis.as_str())
                .axis_desc_style(("sans-serif", 14))
                .label_style(("sans-serif", 12))
                .draw()?;
            for l in &lines {
                let style = l.colour.stroke_width(l.width);
                // A line broken where a figure is N/A.
                let mut run: Vec<(f64, f64)> = Vec::new();
                let mut runs = Vec::new();
                for (i, p) in l.points.iter().enumerate() {
                    match p {
                        Some(v) => run.push((i as f64, *v)),
                        None => runs.push(std::mem::take(&mut run)),
                    }
                }
                runs.push(run);
                for run in runs.into_iter().filter(|r| !r.is_empty()) {
                    if l.dashed {
                        chart.draw_series(DashedLineSeries::new(run, 8, 5, style))?;
                    } else if run.len() == 1 {
                        chart
                            .draw_series(run.iter().map(|p| Circle::new(*p, 3, style.filled())))?;
                    } else {
                        chart.draw_series(LineSeries::new(run, style))?;
                    }
                }
            }
            Ok(())
        })();
        if drawn.is_err() {
            let _ = plot.draw(&Text::new(
                "(the chart could not be drawn)",
                (10, 20),
                ("sans-serif", 14),
            ));
        }
        // The legend, beside the plot.
        for (k, l) in lines.iter().enumerate() {
            let y = 50 + 22 * k as i32;
            let style = l.colour.stroke_width(l.width);
            let ends = vec![(10, y), (40, y)];
            let _ = if l.dashed {
                legend
                    .draw(&PathElement::new(vec![(10, y), (20, y)], style))
                    .and_then(|_| legend.draw(&PathElement::new(vec![(28, y), (40, y)], style)))
            } else {
                legend.draw(&PathElement::new(ends, style))
            };
            let _ = legend.draw(&Text::new(l.name.clone(), (48, y - 7), ("sans-serif", 13)));
        }
        let _ = root.present();
    }
    out.replacen(
        "<svg ",
        &format!(
            "<svg role=\"img\" aria-label=\"{}\" ",
            super::esc_html(&format!("Chart: {} by quarter", s.title))
        ),
        1,
    )
}
