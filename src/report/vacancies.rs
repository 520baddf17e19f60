//! `swr vacancies`: vacancies and agency cover at the as-of date (DfE rates).

use super::{total_keys, Inputs};
use crate::extracts::Dataset;
use crate::frame::{self, group_sums, DataFrame};
use crate::settings::Settings;
use crate::table::{pct, Kind, Table, Value};
use anyhow::Result;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};

const UNIT_COLUMNS: [&str; 4] = ["directorate", "team", "job_title", "grade"];

#[derive(Default, Clone, Copy)]
struct Figures {
    establishment: Decimal,
    in_post: Decimal,
    vacancy: Decimal,
    agency: Decimal,
    cover: Decimal,
}

/// Placements active on `day`: started on or before it, not ended before it.
pub fn active_agency(df: &DataFrame, day: NaiveDate) -> Result<DataFrame> {
    let starts = frame::dates(df, "start_date")?;
    let ends = if frame::has(df, "end_date") {
        frame::dates(df, "end_date")?
    } else {
        vec![None; df.height()]
    };
    let mask = starts
        .iter()
        .zip(&ends)
        .map(|(s, e)| s.is_some_and(|s| s <= day) && e.is_none_or(|e| e >= day))
        .collect();
    frame::filter(df, mask)
}

/// Agency FTE per row: hours_per_week (default the standard week) / standard week.
pub fn with_agency_hours(df: &DataFrame, standard_hours: Decimal) -> Result<DataFrame> {
    let hours: Vec<Option<Decimal>> = if frame::has(df, "hours_per_week") {
        frame::decimals(df, "hours_per_week")?
            .into_iter()
            .map(|h| Some(h.unwrap_or(standard_hours)))
            .collect()
    } else {
        vec![Some(standard_hours); df.height()]
    };
    let covering: Vec<bool> = if frame::has(df, "covering") {
        frame::text(df, "covering")?
            .into_iter()
            .map(|c| c.is_some_and(|c| c.trim().eq_ignore_ascii_case("vacancy")))
            .collect()
    } else {
        vec![true; df.height()]
    };
    let cover_hours = hours
        .iter()
        .zip(&covering)
        .map(|(h, c)| if *c { *h } else { Some(Decimal::ZERO) })
        .collect();
    let df = frame::with_decimal(df, "_hours", hours)?;
    frame::with_decimal(&df, "_cover_hours", cover_hours)
}

pub fn run(settings: &Settings, across: Option<&str>) -> Result<Table> {
    let mut inputs = Inputs::new(
        settings,
        "vacancies",
        &[
            "directorate",
            "team",
            "job_title",
            "grade",
            "post_id",
            "fte",
            "hours_per_week",
            "covering",
        ],
    );
    let across = across.map(crate::extracts::normalised_name);
    if let Some(a) = &across {
        inputs.also_use(a);
    }
    inputs.required(Dataset::Establishment)?;
    inputs.required(Dataset::Payroll)?;
    let agency_found = inputs.optional(Dataset::Agency)?.is_some();
    inputs.check_filters()?;
    let by = settings.by_or(&["directorate"]);
    let mut groups = by.clone();
    if let Some(a) = &across {
        if !groups.contains(a) {
            groups.push(a.clone());
        }
        inputs.check_columns(
            "--across",
            std::slice::from_ref(a),
            &[Dataset::Establishment, Dataset::Payroll],
        )?;
    }
    inputs.check_columns("--by", &by, &[Dataset::Establishment, Dataset::Payroll])?;
    // The agency extract is optional here: one that lacks a group column
    // leaves the agency figures N/A rather than stopping the report.
    let agency_lacks: Vec<String> = match inputs.get(Dataset::Agency) {
        Some(a) => groups.iter().filter(|g| !a.has(g)).cloned().collect(),
        None => Vec::new(),
    };
    let has_agency = agency_found && agency_lacks.is_empty();
    let as_of = inputs.as_of()?;
    let est = inputs
        .get(Dataset::Establishment)
        .expect("loaded")
        .frame
        .clone();
    let pay = frame::dates_within(
        &inputs.get(Dataset::Payroll).expect("loaded").frame,
        "start_date",
        None,
        as_of,
    )?;

    // The unit vacancies are counted in: the post, else the finest common grouping.
    let by_post = frame::has(&est, "post_id") && frame::has(&pay, "post_id");
    let mut unit: Vec<String> = if by_post {
        vec!["post_id".to_string()]
    } else {
        UNIT_COLUMNS
            .iter()
            .filter(|c| frame::has(&est, c) && frame::has(&pay, c))
            .map(|c| c.to_string())
            .collect()
    };
    if !by_post {
        for g in &groups {
            if !unit.contains(g) {
                unit.push(g.clone());
            }
        }
    }
    let attrs: Vec<String> = groups
        .iter()
        .filter(|g| !unit.contains(g))
        .cloned()
        .collect();
    let gaps = frame::unit_gaps(&est, &pay, &unit, &attrs)?;
    let mut figures: BTreeMap<Vec<String>, Figures> = BTreeMap::new();
    let mut has_post: BTreeSet<Vec<String>> = BTreeSet::new();
    for g in group_sums(&gaps.units, &groups, &["_est", "_vac"])? {
        has_post.insert(g.keys.clone());
        let f = figures.entry(g.keys).or_default();
        f.establishment += g.sums[0];
        f.vacancy += g.sums[1];
    }
    let over = gaps.over;
    for g in group_sums(&pay, &groups, &["fte"])? {
        figures.entry(g.keys).or_default().in_post += g.sums[0];
    }
    if has_agency {
        let agency = inputs.get(Dataset::Agency).expect("loaded").frame.clone();
        let active = with_agency_hours(&active_agency(&agency, as_of)?, settings.standard_hours)?;
        for g in group_sums(&active, &groups, &["_hours", "_cover_hours"])? {
            let f = figures.entry(g.keys).or_default();
            f.agency += g.sums[0] / settings.standard_hours;
            f.cover += g.sums[1] / settings.standard_hours;
        }
    }

    let mut table = match &across {
        None => plain_table(settings, &by, &figures, has_agency),
        Some(a) => cross_tab(settings, &by, a, &groups, &figures, &has_post),
    };
    inputs.notes(&mut table, as_of, None);
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
    if !agency_found {
        table.note("No agency extract found: agency figures are N/A.");
    } else if !has_agency {
        table.note(format!(
            "The agency extract has no {} column: agency figures are N/A.",
            agency_lacks.join(", ")
        ));
    }
    Ok(table)
}

fn plain_table(
    settings: &Settings,
    by: &[String],
    figures: &BTreeMap<Vec<String>, Figures>,
    has_agency: bool,
) -> Table {
    let mut t = Table::new(format!("Vacancies by {}", by.join(", ")));
    for b in by {
        t.column(b.clone(), Kind::Text);
    }
    for (name, kind) in [
        ("establishment_fte", Kind::Fte),
        ("in_post_fte", Kind::Fte),
        ("vacancy_fte", Kind::Fte),
        ("vacancy_rate_pct", Kind::Pct),
        ("agency_fte", Kind::Fte),
        ("agency_cover_fte", Kind::Fte),
        ("agency_rate_pct", Kind::Pct),
    ] {
        t.column(name, kind);
    }
    let row = |f: &Figures| -> Vec<Value> {
        let agency = |v: Option<Decimal>| if has_agency { Value::opt(v) } else { Value::NA };
        vec![
            Value::num(f.establishment),
            Value::num(f.in_post),
            Value::num(f.vacancy),
            Value::opt(pct(f.vacancy, f.vacancy + f.in_post)),
            agency(Some(f.agency)),
            agency(Some(f.cover)),
            agency(pct(f.agency, f.agency + f.in_post)),
        ]
    };
    let mut total = Figures::default();
    for (keys, f) in figures {
        let mut r: Vec<Value> = keys.iter().map(Value::text).collect();
        r.extend(row(f));
        t.rows.push(r);
        total.establishment += f.establishment;
        total.in_post += f.in_post;
        total.vacancy += f.vacancy;
        total.agency += f.agency;
        total.cover += f.cover;
    }
    if settings.totals {
        let mut r = total_keys(by.len());
        r.extend(row(&total));
        t.rows.push(r);
    }
    t
}

/// Figure 1 of the Cambridgeshire strategy: vacancy FTE, rows by `by`, one
/// column per value of `across`; N/A where there is no establishment at all.
fn cross_tab(
    settings: &Settings,
    by: &[String],
    across: &str,
    groups: &[String],
    figures: &BTreeMap<Vec<String>, Figures>,
    has_post: &BTreeSet<Vec<String>>,
) -> Table {
    let a_idx = groups
        .iter()
        .position(|g| g == across)
        .expect("across among groups");
    let by_idx: Vec<usize> = by
        .iter()
        .map(|b| groups.iter().position(|g| g == b).expect("by among groups"))
        .collect();
    // Cells with any establishment row (even of 0 FTE) are real posts.
    let mut cols: BTreeSet<String> = BTreeSet::new();
    let mut rows: BTreeSet<Vec<String>> = BTreeSet::new();
    for k in figures.keys().chain(has_post.iter()) {
        cols.insert(k[a_idx].clone());
        rows.insert(by_idx.iter().map(|i| k[*i].clone()).collect());
    }
    let mut t = Table::new(format!("Vacancy FTE by {} across {across}", by.join(", ")));
    for b in by {
        t.column(b.clone(), Kind::Text);
    }
    for c in &cols {
        t.column(c.clone(), Kind::Fte);
    }
    if settings.totals {
        t.column("Total", Kind::Fte);
    }
    let key_of = |r: &[String], c: &str| -> Vec<String> {
        let mut k = vec![String::new(); groups.len()];
        for (pos, i) in by_idx.iter().enumerate() {
            k[*i] = r[pos].clone();
        }
        k[a_idx] = c.to_string();
        k
    };
    let mut col_totals: BTreeMap<&str, Decimal> = BTreeMap::new();
    let mut establishment = Decimal::ZERO;
    for f in figures.values() {
        establishment += f.establishment;
    }
    for r in &rows {
        let mut out: Vec<Value> = r.iter().map(Value::text).collect();
        let mut row_total = Decimal::ZERO;
        for c in &cols {
            let k = key_of(r, c);
            if has_post.contains(&k) {
                let v = figures.get(&k).map(|f| f.vacancy).unwrap_or_default();
                row_total += v;
                *col_totals.entry(c.as_str()).or_default() += v;
                out.push(Value::num(v));
            } else {
                out.push(Value::NA);
            }
        }
        if settings.totals {
            out.push(Value::num(row_total));
        }
        t.rows.push(out);
    }
    let grand: Decimal = col_totals.values().copied().sum();
    if settings.totals {
        let mut out = total_keys(by.len());
        for c in &cols {
            out.push(Value::opt(col_totals.get(c.as_str()).copied()));
        }
        out.push(Value::num(grand));
        t.rows.push(out);
    }
    let mut out: Vec<Value> = (0..by.len())
        .map(|i| Value::text(if i == 0 { "% of workforce" } else { "" }))
        .collect();
    for c in &cols {
        out.push(match col_totals.get(c.as_str()) {
            Some(v) => Value::opt(pct(*v, establishment)).as_pct(),
            None => Value::NA,
        });
    }
    if settings.totals {
        out.push(Value::opt(pct(grand, establishment)).as_pct());
    }
    t.rows.push(out);
    t.note(format!(
        "% of workforce: each column's vacancies / the whole establishment ({} FTE) x 100. N/A: no establishment for that {} in that {across}.",
        crate::render::plain(establishment, Kind::Fte),
        by.join("/")
    ));
    t
}
