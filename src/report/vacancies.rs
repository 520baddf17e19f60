//! `swr vacancies`: vacancies and agency cover at the as-of date (DfE rates).
//!
//! A unit's vacancy is max(establishment - in post, 0): per post when the
//! establishment and the people in post both carry post_id, otherwise per
//! unit of every one of directorate, team, job_title and grade (and the
//! group columns) that both carry. Units are summed to the groups, so a
//! vacancy in one unit is never netted off against staff over establishment
//! in another. In post is the model's stock on the as-of date; agency FTE
//! is the placements active on it.

use super::{fill, total_keys};
use crate::extracts::Dataset;
use crate::frame::{self, Agg, LazyFrame};
use crate::measures::units::{units, Units, UNIT_COLUMNS};
use crate::model::{Model, Needs};
use crate::options::Common;
use crate::settings::{usage, Settings};
use crate::table::{pct, Kind, Table, Value};
use anyhow::Result;
use polars::prelude::{col, len, when};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};

const NEEDS: Needs = Needs {
    command: "vacancies",
    required: &[Dataset::Establishment, Dataset::Payroll],
    optional: &[Dataset::Agency, Dataset::Leavers],
    columns: &[
        "directorate",
        "team",
        "job_title",
        "grade",
        "post_id",
        "fte",
        "hours_per_week",
        "covering",
    ],
    figures: &["fte", "hours_per_week"],
    stock: true,
};

pub fn run(settings: &Settings, across: Option<&str>) -> Result<Table> {
    let by = match (&settings.by, across) {
        // Across the default group column: the rows become job titles.
        (None, Some("directorate")) => vec!["job_title".to_string()],
        _ => settings.by_or(&["directorate"]),
    };
    if let Some(a) = across {
        if by.iter().any(|b| b == a) {
            return Err(usage(format!(
                "--across {a}: {a} is also a --by column; a cross-tab needs another column across"
            )));
        }
    }
    let extra: Vec<String> = across.iter().map(|a| a.to_string()).collect();
    let mut model = Model::open(settings, &NEEDS, &by, &extra)?;
    model.require(Dataset::Payroll, "fte")?;
    let mut groups = by.clone();
    groups.extend(extra.iter().cloned());
    let as_of = model.as_of;

    let mut stock_cols: Vec<&str> = UNIT_COLUMNS.to_vec();
    stock_cols.push("post_id");
    stock_cols.extend(groups.iter().map(String::as_str));
    let t0 = std::time::Instant::now();
    let stock = model.stock(as_of, &stock_cols)?;
    crate::progress::timing("stock", t0);
    let Units {
        units,
        all: all_units,
        by_post,
        unit,
    } = units(&model, &stock, &groups)?;
    let over = over_establishment(all_units, &unit)?;

    let placements = model.placements()?;
    let hours = model.agency_hours();
    let covers = model.covers_vacancy();
    let active = placements.map(|p| p.filter(model.active(as_of)));
    let zero = frame::decimal_zero;
    let query = |keys: &[String]| -> Result<LazyFrame> {
        let mut parts = vec![
            frame::agg(
                units.clone(),
                keys,
                vec![
                    col("_est").sum().alias("establishment_fte"),
                    col("_vac").sum().alias("vacancy_fte"),
                    col("_in_blank").sum().alias("_vacancy_blank"),
                    len().alias("_units"),
                ],
            ),
            frame::agg(
                stock.frame.clone(),
                keys,
                vec![
                    col("fte").sum().alias("in_post_fte"),
                    // Rows in post without an fte: N/A in their groups only.
                    col("fte").null_count().alias("_in_post_blank"),
                ],
            ),
        ];
        if let Some(a) = &active {
            parts.push(frame::agg(
                a.clone(),
                keys,
                vec![
                    hours.clone().sum().alias("_agency_hours"),
                    // when/then rather than filter: a filter by a literal
                    // (every placement covers a vacancy when the extract
                    // does not say) makes polars warn on standard error.
                    when(covers.clone())
                        .then(hours.clone())
                        .otherwise(zero())
                        .sum()
                        .alias("_cover_hours"),
                ],
            ));
        }
        Ok(frame::join_on(parts, keys))
    };
    let std_hours = settings.standard_hours;
    let has_agency = active.is_some();
    let figures = |g: &Agg| -> Figures {
        Figures {
            establishment: g.get("establishment_fte"),
            in_post: (g.count("_in_post_blank") == 0).then(|| g.get("in_post_fte")),
            vacancy: (g.count("_vacancy_blank") == 0 && g.count("_in_post_blank") == 0)
                .then(|| g.get("vacancy_fte")),
            agency: has_agency.then(|| g.get("_agency_hours") / std_hours),
            cover: has_agency.then(|| g.get("_cover_hours") / std_hours),
            units: g.count("_units"),
        }
    };

    let mut table = match across {
        None => {
            let t0 = std::time::Instant::now();
            let rows = frame::rows(query, &by)?;
            crate::progress::timing("rows", t0);
            let mut t = Table::grouped(
                format!("Vacancies by {}", by.join(", ")),
                &by,
                &[
                    ("establishment_fte", Kind::Fte),
                    ("in_post_fte", Kind::Fte),
                    ("vacancy_fte", Kind::Fte),
                    ("vacancy_rate_pct", Kind::Pct),
                    ("agency_fte", Kind::Fte),
                    ("agency_cover_fte", Kind::Fte),
                    ("agency_rate_pct", Kind::Pct),
                ],
            );
            fill(&mut t, &rows, by.len(), settings.totals, |g| {
                figures(g).values()
            });
            t
        }
        Some(a) => {
            let cells = frame::rows(query, &groups)?;
            let row_totals = frame::rows(query, &by)?;
            let col_totals = frame::rows(query, &extra)?;
            cross_tab(settings, &by, a, &cells, &row_totals, &col_totals, &figures)
        }
    };
    if !stock.fte_known {
        model.note("Some people in post on the as-of date come from the leavers extract without an fte: in post and vacancy FTE are N/A in the groups they are in, and in the Total.");
    }
    model.notes(&mut table, false);
    table.note(if by_post {
        "Vacancies worked out per post (post_id), as max(establishment - in post, 0).".to_string()
    } else {
        format!(
            "Vacancies worked out per unit of {}, as max(establishment - in post, 0).",
            unit.join(" x ")
        )
    });
    if !over.is_empty() {
        let total: Decimal = over.iter().map(|(_, d)| *d).sum();
        let shown: Vec<String> = over
            .iter()
            .take(5)
            .map(|(u, d)| {
                format!(
                    "{} (+{})",
                    u.join(" / "),
                    crate::render::plain(*d, Kind::Fte)
                )
            })
            .collect();
        table.note(format!(
            "Over establishment (not netted off): {} FTE in {} unit{}: {}{}",
            crate::render::plain(total, Kind::Fte),
            over.len(),
            super::plural(over.len()),
            shown.join("; "),
            if over.len() > 5 { "; ..." } else { "" }
        ));
    }
    if stock.from_leavers > 0 {
        table.note(format!(
            "In post on {} includes {} from the leavers extract (left after that day).",
            crate::period::fmt_date(as_of),
            stock.from_leavers
        ));
    }
    if !model.found(Dataset::Agency) {
        table.note("No agency extract found: agency figures are N/A.");
    } else if let Some(missing) = model.lacking(Dataset::Agency) {
        table.note(format!(
            "The agency extract has no {} column: agency figures are N/A.",
            missing.join(", ")
        ));
    }
    Ok(table)
}

/// Units with more FTE in post than establishment (or none at all): their
/// keys and the excess, largest first.
fn over_establishment(
    all_units: LazyFrame,
    unit: &[String],
) -> Result<Vec<(Vec<String>, Decimal)>> {
    let excess = col("_in") - col("_est");
    let over = all_units
        .filter(excess.clone().gt(frame::decimal_zero()))
        .select(
            unit.iter()
                .map(|u| col(u.as_str()))
                .chain([excess.alias("_over")])
                .collect::<Vec<_>>(),
        );
    let mut out: Vec<(Vec<String>, Decimal)> = frame::collect_rows(over, unit)?
        .into_iter()
        .map(|g| (g.keys.clone(), g.get("_over")))
        .collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(out)
}

/// One row's figures; `None` where they cannot be worked out.
struct Figures {
    establishment: Decimal,
    in_post: Option<Decimal>,
    vacancy: Option<Decimal>,
    agency: Option<Decimal>,
    cover: Option<Decimal>,
    /// Units of establishment in the row.
    units: u64,
}

impl Figures {
    fn values(&self) -> Vec<Value> {
        let rate = |part: Option<Decimal>, other: Option<Decimal>| {
            part.zip(other).and_then(|(p, o)| pct(p, p + o))
        };
        vec![
            Value::num(self.establishment),
            Value::opt(self.in_post),
            Value::opt(self.vacancy),
            Value::opt(rate(self.vacancy, self.in_post)),
            Value::opt(self.agency),
            Value::opt(self.cover),
            Value::opt(rate(self.agency, self.in_post)),
        ]
    }
}

/// Figure 1 of the Cambridgeshire strategy: vacancy FTE, rows by `by`, one
/// column per value of `across`; N/A where there is no establishment at all.
/// The Total column and row are the same query grouped by `by` only and by
/// `across` only.
fn cross_tab(
    settings: &Settings,
    by: &[String],
    across: &str,
    cells: &frame::Rows,
    row_totals: &frame::Rows,
    col_totals: &frame::Rows,
    figures: &dyn Fn(&Agg) -> Figures,
) -> Table {
    let n = by.len();
    let cell: BTreeMap<(Vec<String>, String), &Agg> = cells
        .groups
        .iter()
        .map(|g| ((g.keys[..n].to_vec(), g.keys[n].clone()), g))
        .collect();
    let cols: BTreeSet<String> = cells.groups.iter().map(|g| g.keys[n].clone()).collect();
    let vac = |a: &Agg| figures(a).vacancy;
    let mut t = Table::new(format!("Vacancy FTE by {} across {across}", by.join(", ")));
    for b in by {
        t.column(b.clone(), Kind::Text);
    }
    for c in &cols {
        t.column(c.clone(), Kind::Fte);
    }
    if settings.totals {
        let parts = t.columns[n..].iter().map(|c| c.name.clone()).collect();
        t.sum_column("Total", Kind::Fte, parts);
    }
    for r in &row_totals.groups {
        let mut out: Vec<Value> = r.keys.iter().map(Value::text).collect();
        for c in &cols {
            out.push(match cell.get(&(r.keys.clone(), c.clone())) {
                // Cells with any establishment (even of 0 FTE) are real posts.
                Some(a) if figures(a).units > 0 => Value::opt(vac(a)),
                _ => Value::NA,
            });
        }
        if settings.totals {
            out.push(Value::opt(vac(r)));
        }
        t.rows.push(out);
    }
    let establishment = figures(&cells.total).establishment;
    let col_total: BTreeMap<&String, &Agg> =
        col_totals.groups.iter().map(|g| (&g.keys[0], g)).collect();
    if settings.totals {
        let mut out = total_keys(n);
        for c in &cols {
            out.push(col_total.get(c).map_or(Value::NA, |a| Value::opt(vac(a))));
        }
        out.push(Value::opt(vac(&cells.total)));
        t.rows.push(out);
    }
    let mut out: Vec<Value> = (0..n)
        .map(|i| {
            if i == 0 {
                Value::Closing(crate::table::Closing::Share)
            } else {
                Value::text("")
            }
        })
        .collect();
    let share = |a: &Agg| Value::opt(vac(a).and_then(|v| pct(v, establishment))).as_pct();
    for c in &cols {
        out.push(match col_total.get(c) {
            Some(a) if figures(a).units > 0 => share(a),
            _ => Value::NA,
        });
    }
    if settings.totals {
        out.push(share(&cells.total));
    }
    t.rows.push(out);
    t.note(format!(
        "% of workforce: each column's vacancies / the whole establishment ({} FTE) x 100. N/A: no establishment for that {} in that {across}.",
        crate::render::plain(establishment, Kind::Fte),
        by.join("/")
    ));
    t
}

// The command line of `swr vacancies` (its description is on its variant in
// cli.rs, which clap shows).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub common: Common,
    /// Cross-tab of vacancy FTE: rows by --by, one column per value of COL
    #[arg(long, value_name = "COL", value_parser = crate::options::column_name)]
    pub across: Option<String>,
}

impl super::Report for Args {
    fn common(&self) -> &Common {
        &self.common
    }

    fn run(&self, settings: &Settings) -> Result<(Table, i32)> {
        Ok((run(settings, self.across.as_deref())?, crate::exit::OK))
    }
}
