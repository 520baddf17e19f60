//! `swr benchmark`: an authority beside England, its region and its ten
//! statistical neighbours, indicator by indicator, from the DfE's published
//! indicators and statistical-neighbour model (both built into swr; see
//! data/reference/README.md), with its rank among every authority.
//!
//! The two files do not join by a plain code: the indicators file has one
//! row for a joint return (`314 / 318` Kingston upon Thames / Richmond upon
//! Thames; `940 / 941` North / West Northamptonshire) where the model has
//! each authority. A neighbour is matched to the row that holds its code;
//! a neighbour inside the authority's own joint return is left out, and two
//! neighbours in one joint return count once. Symbols (`c`, `x`, `z`, `u`,
//! `low`) show as published and stay out of ranks and means.

use super::census::{self, Measure, INDICATORS};
use crate::extracts::match_key;
use crate::frame::{self, ChunkedBuilder, ColumnData, DataFrame};
use crate::options::Common;
use crate::settings::{usage, Settings};
use crate::table::{Kind, Table, Value};
use anyhow::{anyhow, bail, Context, Result};
use polars::prelude::{col, lit, Column, DataType, IntoLazy};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::str::FromStr;

/// The DfE indicators, 2017 to 2025 (the 2025 release), built in.
const INDICATORS_CSV: &str = include_str!("../../data/reference/csww_indicators_2017_to_2025.csv");
const INDICATORS_NAME: &str = "csww_indicators_2017_to_2025.csv (DfE, built in)";
/// The DfE children's services statistical neighbours model, 2025, built in.
const NEIGHBOURS_CSV: &str = include_str!("../../data/reference/sn_model_2025_wide.csv");
const NEIGHBOURS_NAME: &str = "sn_model_2025_wide.csv (DfE, built in)";

const LA_LEVEL: &str = "Local authority";

/// A geographic level as a small key.
fn level_key(level: &str) -> u8 {
    match level {
        LA_LEVEL => 0,
        REGION_LEVEL => 1,
        NATIONAL_LEVEL => 2,
        _ => 3,
    }
}
const REGION_LEVEL: &str = "Regional";
const NATIONAL_LEVEL: &str = "National";

/// The flags of `swr benchmark`.
pub struct Options {
    pub la: Option<String>,
    pub year: Option<i32>,
    pub trend: bool,
    pub reference: Option<PathBuf>,
    pub neighbours: Option<PathBuf>,
}

/// A file's text: a given path, or the built-in copy.
fn text_of(path: &Option<PathBuf>, builtin: &'static str, name: &str) -> Result<(String, String)> {
    match path {
        None => Ok((builtin.to_string(), name.to_string())),
        Some(p) => {
            let bytes =
                std::fs::read(p).with_context(|| format!("{}: cannot read", p.display()))?;
            let text = String::from_utf8(bytes)
                .map_err(|_| anyhow!("{}: not UTF-8 text; expected the DfE's CSV", p.display()))?;
            Ok((text, p.display().to_string()))
        }
    }
}

/// A CSV file's rows, read by header name.
struct Rows {
    index: HashMap<String, usize>,
    records: Vec<csv::StringRecord>,
}

impl Rows {
    /// Read a CSV file after checking that its header names every column
    /// in `needed`.
    fn read(text: &str, name: &str, needed: &[&str]) -> Result<Rows> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut r = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        let headers: Vec<String> = r
            .headers()
            .with_context(|| format!("{name}: cannot read the header"))?
            .iter()
            .map(|h| h.trim().to_string())
            .collect();
        let missing: Vec<String> = needed
            .iter()
            .filter(|n| !headers.iter().any(|h| h == *n))
            .map(|m| format!("'{m}'"))
            .collect();
        if !missing.is_empty() {
            bail!(
                "{name}: no column {}; the header has: {}",
                missing.join(", "),
                headers.join(", ")
            );
        }
        let mut records = Vec::new();
        for (i, rec) in r.records().enumerate() {
            records.push(rec.with_context(|| format!("{name}, row {}", i + 2))?);
        }
        Ok(Rows {
            index: headers
                .into_iter()
                .enumerate()
                .map(|(i, h)| (h, i))
                .collect(),
            records,
        })
    }

    /// A cell by its column's name (trimmed; empty when the column or the
    /// cell is missing).
    fn get<'a>(&self, record: &'a csv::StringRecord, column: &str) -> &'a str {
        self.index
            .get(column)
            .and_then(|i| record.get(*i))
            .map_or("", str::trim)
    }
}

/// One published cell: a number, or a symbol as written.
#[derive(Debug, Clone)]
enum Cell {
    Number(Decimal),
    Symbol(String),
}

/// A published cell; an empty one is not there at all (N/A).
fn cell(raw: &str) -> Option<Cell> {
    if raw.is_empty() {
        return None;
    }
    Some(match Decimal::from_str(raw) {
        Ok(d) => Cell::Number(d),
        Err(_) => Cell::Symbol(raw.into()),
    })
}

/// An authority (or a joint return) of the indicators file.
#[derive(Debug, Clone)]
struct Authority {
    code: String,
    new_code: String,
    name: String,
    region_code: String,
    region_name: String,
}

impl Authority {
    /// The codes and names of its parts (`314 / 318`).
    fn parts(field: &str) -> Vec<String> {
        field.split(" / ").map(|p| p.trim().to_string()).collect()
    }

    fn holds_code(&self, code: &str) -> bool {
        Authority::parts(&self.code).iter().any(|p| p == code)
    }

    fn is_joint(&self) -> bool {
        self.code.contains(" / ")
    }
}

/// The published indicators.
struct Reference {
    name: String,
    /// (year, level, code or region code, indicator number) -> cell.
    cells: HashMap<(i32, u8, String, usize), Cell>,
    /// One row per authority, region, indicator and year, for the ranks.
    long: DataFrame,
    /// Each authority (by code) as its latest row names it.
    authorities: Vec<Authority>,
    /// Every local-authority row with its year, in the file's order.
    rows: Vec<(i32, Authority)>,
    years: BTreeSet<i32>,
}

impl Reference {
    fn read(path: &Option<PathBuf>) -> Result<Reference> {
        let (text, name) = text_of(path, INDICATORS_CSV, INDICATORS_NAME)?;
        let mut needed = vec![
            "time_period",
            "geographic_level",
            "region_code",
            "region_name",
            "old_la_code",
            "new_la_code",
            "la_name",
        ];
        needed.extend(INDICATORS.iter().map(|(n, _)| *n));
        let rows = Rows::read(&text, &name, &needed)?;
        let mut cells = HashMap::new();
        let mut authorities: BTreeMap<String, (i32, Authority)> = BTreeMap::new();
        let mut la_rows = Vec::new();
        let mut years = BTreeSet::new();
        let n = rows.records.len() * INDICATORS.len();
        let (mut year_col, mut level_col, mut code_col, mut ind_col) = (
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
        );
        let mut value_col = ColumnData::decimal(n);
        for (i, r) in rows.records.iter().enumerate() {
            let get = |c: &str| rows.get(r, c);
            let year: i32 = get("time_period").parse().map_err(|_| {
                anyhow!(
                    "{name}, row {}, column 'time_period': value '{}': expected a year such as 2024",
                    i + 2,
                    get("time_period")
                )
            })?;
            years.insert(year);
            let level = get("geographic_level").to_string();
            let key = match level.as_str() {
                LA_LEVEL => {
                    let code = get("old_la_code");
                    let authority = Authority {
                        code: code.to_string(),
                        new_code: get("new_la_code").to_string(),
                        name: get("la_name").to_string(),
                        region_code: get("region_code").to_string(),
                        region_name: get("region_name").to_string(),
                    };
                    // Each authority as its latest row names it.
                    if authorities.get(code).is_none_or(|(y, _)| *y < year) {
                        authorities.insert(code.to_string(), (year, authority.clone()));
                    }
                    la_rows.push((year, authority));
                    code.to_string()
                }
                REGION_LEVEL => get("region_code").to_string(),
                _ => String::new(),
            };
            let level_key = level_key(&level);
            for (k, (ind, _)) in INDICATORS.iter().enumerate() {
                let c = cell(get(ind));
                year_col.push(year);
                level_col.push(level.clone());
                code_col.push(key.clone());
                ind_col.push(ind.to_string());
                if let (ColumnData::Decimal(b), Some(Cell::Number(d))) = (&mut value_col, &c) {
                    b.append_value(frame::decimal_to_units(*d));
                } else {
                    value_col.push_null();
                }
                if let Some(c) = c {
                    cells.insert((year, level_key, key.clone(), k), c);
                }
            }
        }
        let mut long = frame::build(year_col.len(), vec![("value".to_string(), value_col)])?;
        long.with_column(Column::new("year".into(), year_col))?;
        long.with_column(Column::new("level".into(), level_col))?;
        long.with_column(Column::new("code".into(), code_col))?;
        long.with_column(Column::new("indicator".into(), ind_col))?;
        Ok(Reference {
            name,
            cells,
            long,
            authorities: authorities.into_values().map(|(_, a)| a).collect(),
            rows: la_rows,
            years,
        })
    }

    fn cell(&self, year: i32, level: &str, code: &str, indicator: &str) -> Option<&Cell> {
        let k = INDICATORS.iter().position(|(n, _)| *n == indicator)?;
        self.cells
            .get(&(year, level_key(level), code.to_string(), k))
    }

    /// The authority whose row holds `code` (a part of a joint return).
    fn holding(&self, code: &str) -> Option<&Authority> {
        self.authorities.iter().find(|a| a.holds_code(code))
    }
}

/// One authority of the statistical-neighbour model.
struct Neighbours {
    code: String,
    name: String,
    /// (code, closeness), closest first.
    list: Vec<(String, String)>,
}

fn read_neighbours(path: &Option<PathBuf>) -> Result<(Vec<Neighbours>, String)> {
    let (text, name) = text_of(path, NEIGHBOURS_CSV, NEIGHBOURS_NAME)?;
    let mut needed = vec!["old_la_code", "la_name"];
    let sn: Vec<String> = (1..=10).map(|k| format!("SN_{k}")).collect();
    needed.extend(sn.iter().map(String::as_str));
    let rows = Rows::read(&text, &name, &needed)?;
    let out = rows
        .records
        .iter()
        .map(|r| Neighbours {
            code: rows.get(r, "old_la_code").to_string(),
            name: rows.get(r, "la_name").to_string(),
            list: (1..=10)
                .filter_map(|k| {
                    let code = rows.get(r, &format!("SN_{k}")).to_string();
                    let close = rows.get(r, &format!("SN_{k}P")).to_string();
                    (!code.is_empty()).then_some((code, close))
                })
                .collect(),
        })
        .collect();
    Ok((out, name))
}

/// The authority asked for: its row of each year in the indicators file
/// and its code in the neighbours model.
struct Chosen {
    /// The row it was asked by, year by year: a name finds the row with
    /// that name in each year (Dorset: the county council 835 in 2017 and
    /// 2018, the unitary council 838 from 2019); a code, that authority's.
    rows: BTreeMap<i32, Authority>,
    /// The latest of them: its title, region and neighbours.
    latest: Authority,
    /// The code of the model's entry for it.
    model_code: String,
    /// The name it was asked by.
    name: String,
}

impl Chosen {
    /// The code of its row in `year`, if it has one.
    fn code_in(&self, year: i32) -> Option<&str> {
        self.rows.get(&year).map(|a| a.code.as_str())
    }

    /// Whether any of its rows is the return `code`.
    fn is(&self, code: &str) -> bool {
        self.latest.code == code || self.rows.values().any(|a| a.code == code)
    }

    /// Its codes year by year when they are not one (`835 in 2017 to 2018,
    /// 838 in 2019 to 2025`).
    fn codes_by_year(&self) -> Option<String> {
        let mut runs: Vec<(String, i32, i32)> = Vec::new();
        for (y, a) in &self.rows {
            match runs.last_mut() {
                Some((code, _, to)) if *code == a.code => *to = *y,
                _ => runs.push((a.code.clone(), *y, *y)),
            }
        }
        let codes: BTreeSet<&str> = runs.iter().map(|(c, _, _)| c.as_str()).collect();
        (codes.len() > 1).then(|| {
            runs.iter()
                .map(|(c, from, to)| {
                    if from == to {
                        format!("{c} in {from}")
                    } else {
                        format!("{c} in {from} to {to}")
                    }
                })
                .collect::<Vec<_>>()
                .join(", ")
        })
    }
}

/// Which part of `a` the query names: 0 for the whole row (or its first
/// part), i for part i of a joint return.
fn named_part(a: &Authority, same: &dyn Fn(&str) -> bool) -> Option<usize> {
    let codes = Authority::parts(&a.code);
    let new_codes = Authority::parts(&a.new_code);
    let names = Authority::parts(&a.name);
    let part = (0..codes.len()).find(|&i| {
        same(&codes[i])
            || new_codes.get(i).is_some_and(|c| same(c))
            || names.get(i).is_some_and(|n| same(n))
    });
    part.or_else(|| (same(&a.code) || same(&a.new_code) || same(&a.name)).then_some(0))
}

fn choose(query: &str, reference: &Reference, model: &[Neighbours]) -> Result<Chosen> {
    let key = match_key(query);
    if key.is_empty() {
        return Err(usage("--la: name the local authority or give its code"));
    }
    let same = |s: &str| match_key(s) == key;
    // By the indicators file, year by year: the whole row, or one part of a
    // joint return.
    let mut rows: BTreeMap<i32, Authority> = BTreeMap::new();
    let mut latest: Option<(i32, &Authority, usize)> = None;
    for (y, a) in &reference.rows {
        if let Some(i) = named_part(a, &same) {
            rows.entry(*y).or_insert_with(|| a.clone());
            if latest.is_none_or(|(at, _, _)| *y > at) {
                latest = Some((*y, a, i));
            }
        }
    }
    if let Some((_, a, i)) = latest {
        let codes = Authority::parts(&a.code);
        let names = Authority::parts(&a.name);
        return Ok(Chosen {
            rows,
            latest: a.clone(),
            model_code: codes[i.min(codes.len() - 1)].clone(),
            name: names.get(i).cloned().unwrap_or_else(|| a.name.clone()),
        });
    }
    // By the model: an authority the indicators file does not hold.
    if let Some(m) = model.iter().find(|m| same(&m.code) || same(&m.name)) {
        return Err(anyhow!(
            "--la {query}: {} ({}) is in the neighbours model but has no row in {}",
            m.name,
            m.code,
            reference.name
        ));
    }
    let lower = query.trim().to_lowercase();
    let mut like: Vec<&str> = reference
        .authorities
        .iter()
        .filter(|a| a.name.to_lowercase().contains(&lower))
        .map(|a| a.name.as_str())
        .collect();
    like.truncate(10);
    Err(usage(format!(
        "--la {query}: no local authority of that name or code in {}{}",
        reference.name,
        if like.is_empty() {
            "; give its name as the DfE writes it (e.g. 'Cheshire East'), its old code (895) or new code (E06000049)".to_string()
        } else {
            format!("; did you mean {}?", like.join(", "))
        }
    )))
}

pub fn run(settings: &Settings, o: &Options) -> Result<Table> {
    if settings.by.is_some() {
        return Err(usage(
            "--by: swr benchmark has a row per indicator; it takes no --by",
        ));
    }
    if settings.period.is_some() || settings.as_of.is_some() {
        return Err(usage(
            "swr benchmark works on DfE years (1 October to 30 September): give --year YYYY or --trend, not --period or --as-of",
        ));
    }
    let started = std::time::Instant::now();
    let reference = Reference::read(&o.reference)?;
    let (model, model_name) = read_neighbours(&o.neighbours)?;
    crate::progress::timing("read the reference files", started);
    let asked = o
        .la
        .clone()
        .or_else(|| settings.la.clone())
        .ok_or_else(|| usage("name the local authority with --la NAME|CODE (or la in swr.toml)"))?;
    let chosen = choose(&asked, &reference, &model)?;
    let la = &chosen.latest;
    let latest = *reference
        .years
        .iter()
        .last()
        .ok_or_else(|| anyhow!("{}: no rows", reference.name))?;
    // The authority's own figures come from its extracts when there are
    // any; then the default year is the census's, the latest DfE year the
    // extracts reach (SPEC 4, "Coverage"), or the file's latest if earlier.
    let extracts = settings
        .sources
        .locate(crate::extracts::Dataset::Payroll)?
        .is_some();
    let census_model = if extracts {
        Some(census::open(settings, &[])?)
    } else {
        None
    };
    let years: Vec<i32> = if o.trend {
        reference.years.iter().copied().collect()
    } else {
        let reached = census_model
            .as_ref()
            .map(|m| census::year_ending_by(m.as_of).min(latest));
        let y = o.year.or(reached).unwrap_or(latest);
        if !reference.years.contains(&y) {
            return Err(usage(format!(
                "--year {y}: {} holds {}",
                reference.name,
                years_text(&reference.years)
            )));
        }
        vec![y]
    };
    let mut notes: Vec<String> = Vec::new();

    // The neighbours, matched to the rows that hold them.
    let entry = model.iter().find(|m| m.code == chosen.model_code);
    let mut neighbour_codes: Vec<String> = Vec::new();
    let mut described = Vec::new();
    match entry {
        None => notes.push(format!(
            "{} ({}) is not in {model_name}: the neighbours' figures are N/A.",
            chosen.name, chosen.model_code
        )),
        Some(m) => {
            for (code, close) in &m.list {
                let nb_name = model
                    .iter()
                    .find(|x| &x.code == code)
                    .map_or(code.clone(), |x| x.name.clone());
                described.push(format!(
                    "{nb_name} ({code}{})",
                    if close.trim().is_empty() {
                        String::new()
                    } else {
                        format!(", {}", close.trim().to_lowercase())
                    }
                ));
                match reference.holding(code) {
                    None => notes.push(format!(
                        "Neighbour {nb_name} ({code}) has no row in {}: left out.",
                        reference.name
                    )),
                    Some(a) if chosen.is(&a.code) => notes.push(format!(
                        "Neighbour {nb_name} ({code}) is published with {} in one return ({}): left out.",
                        chosen.name, a.code
                    )),
                    Some(a) if neighbour_codes.contains(&a.code) => notes.push(format!(
                        "Neighbour {nb_name} ({code}) is published in one return with another neighbour ({}): counted once.",
                        a.code
                    )),
                    Some(a) => neighbour_codes.push(a.code.clone()),
                }
            }
            notes.insert(
                0,
                format!(
                    "Statistical neighbours of {} in {model_name}, closest first: {}.",
                    chosen.name,
                    described.join(", ")
                ),
            );
        }
    }
    if la.is_joint() {
        notes.push(format!(
            "{} is published in a joint return: {} ({}).",
            chosen.name, la.name, la.code
        ));
    }
    if let Some(codes) = chosen.codes_by_year() {
        notes.push(format!(
            "The name {} is on the rows of {codes} (the DfE's codes of different authorities): each year's figures are that year's row; the neighbours are the model's for {}.",
            chosen.name, chosen.model_code
        ));
    }

    // Neighbours' mean, least and most, and the authority's rank, by year
    // and indicator: one query over every authority's published cells.
    let long = reference.long.clone().lazy().filter(
        years
            .iter()
            .fold(lit(false), |e, y| e.or(col("year").eq(lit(*y)))),
    );
    let authorities = long.clone().filter(col("level").eq(lit(LA_LEVEL)));
    let own_rows = years
        .iter()
        .fold(lit(false), |e, y| match chosen.code_in(*y) {
            Some(code) => e.or(col("year")
                .eq(lit(*y))
                .and(col("code").eq(lit(code.to_string())))),
            None => e,
        });
    let own = authorities.clone().filter(own_rows).select([
        col("year"),
        col("indicator"),
        col("value").alias("_own"),
    ]);
    let keys = ["year".to_string(), "indicator".to_string()];
    let ranks = frame::agg(
        authorities
            .clone()
            .join(
                own,
                [col("year"), col("indicator")],
                [col("year"), col("indicator")],
                polars::prelude::JoinArgs::new(polars::prelude::JoinType::Left),
            )
            .with_column(
                col("value")
                    .gt(col("_own"))
                    .fill_null(lit(false))
                    .cast(DataType::UInt32)
                    .alias("_higher"),
            ),
        &keys,
        vec![
            col("_higher").sum().alias("_higher"),
            col("value").count().alias("of"),
        ],
    );
    let in_neighbours = neighbour_codes
        .iter()
        .fold(lit(false), |e, c| e.or(col("code").eq(lit(c.clone()))));
    let neighbours = frame::agg(
        authorities.filter(in_neighbours),
        &keys,
        vec![
            col("value").sum().alias("_sum"),
            col("value").count().alias("_n"),
            col("value").min().alias("_min"),
            col("value").max().alias("_max"),
            polars::prelude::len().alias("_rows"),
        ],
    );
    let started = std::time::Instant::now();
    let stats: BTreeMap<(String, String), frame::Agg> =
        frame::collect_rows(frame::join_on(vec![ranks, neighbours], &keys), &keys)?
            .into_iter()
            .map(|g| ((g.keys[0].clone(), g.keys[1].clone()), g))
            .collect();
    crate::progress::timing("ranks and neighbours", started);

    // The authority's own figures, from its extracts when there are any.
    let mut own: BTreeMap<i32, Vec<Option<Decimal>>> = BTreeMap::new();
    let mut from_model = Table::new("");
    if let Some(m) = census_model {
        for y in &years {
            let figures = census::year(&m, *y, &[])?;
            own.insert(*y, figures.total(settings.standard_hours));
        }
        m.data_notes(&mut from_model);
        notes.push(format!(
            "from_extracts: swr census --year on the extracts{} (the year to 30 September); difference = from_extracts - {}.",
            if settings.filters.is_empty() { String::new() } else { " as filtered".to_string() },
            chosen.name
        ));
        // The model's notes on the extracts (rows skipped, filters), not its dates.
        notes.extend(from_model.notes.iter().cloned());
    }

    // The codes of the rows shown (Dorset's two under --trend).
    let mut shown_codes: Vec<&str> = Vec::new();
    for y in &years {
        if let Some(c) = chosen.code_in(*y) {
            if !shown_codes.contains(&c) {
                shown_codes.push(c);
            }
        }
    }
    if shown_codes.is_empty() {
        shown_codes.push(&la.code);
    }
    let mut t = Table::new(format!(
        "{} ({}) beside England, {} and its statistical neighbours, {}",
        chosen.name,
        shown_codes.join(", "),
        la.region_name,
        if o.trend {
            years_text(&reference.years)
        } else {
            years[0].to_string()
        }
    ));
    if o.trend {
        t.column("year", Kind::Text);
    }
    t.column("indicator", Kind::Text);
    for c in [
        "la",
        "region",
        "england",
        "neighbours_mean",
        "neighbours_min",
        "neighbours_max",
    ] {
        t.column(c, Kind::Fte);
    }
    for c in ["rank", "of", "quartile"] {
        t.column(c, Kind::Count);
    }
    if extracts {
        t.column("from_extracts", Kind::Fte);
        t.column("difference", Kind::Fte);
    }
    let mut symbols = BTreeSet::new();
    let mut missing_years = Vec::new();
    for y in &years {
        let y_key = y.to_string();
        // Its row that year, and its region then.
        let code = chosen.code_in(*y).unwrap_or(&la.code);
        let region_code = chosen
            .rows
            .get(y)
            .map_or(&la.region_code, |a| &a.region_code);
        if reference
            .cell(*y, LA_LEVEL, code, INDICATORS[0].0)
            .is_none()
        {
            missing_years.push(*y);
        }
        for (i, (ind, measure)) in INDICATORS.iter().enumerate() {
            let shown = |d: Decimal| match measure {
                Measure::Rate => Value::NumAs(d, Kind::Pct),
                Measure::Count => Value::NumAs(d, Kind::Count),
                _ => Value::Num(d),
            };
            let mut published = |c: Option<&Cell>| match c {
                None => Value::NA,
                Some(Cell::Number(d)) => shown(*d),
                Some(Cell::Symbol(s)) => {
                    symbols.insert(s.clone());
                    Value::text(s.clone())
                }
            };
            let la_cell = reference.cell(*y, LA_LEVEL, code, ind);
            let la_value = match la_cell {
                Some(Cell::Number(d)) => Some(*d),
                _ => None,
            };
            let mut row = Vec::new();
            if o.trend {
                row.push(Value::text(y_key.clone()));
            }
            row.push(Value::text(*ind));
            row.push(published(la_cell));
            row.push(published(reference.cell(
                *y,
                REGION_LEVEL,
                region_code,
                ind,
            )));
            row.push(published(reference.cell(*y, NATIONAL_LEVEL, "", ind)));
            let s = stats.get(&(y_key.clone(), ind.to_string()));
            let n = s.map_or(0, |s| s.count("_n"));
            let mean_kind = |d: Decimal| match measure {
                Measure::Rate => Value::NumAs(d, Kind::Pct),
                _ => Value::Num(d),
            };
            if n > 0 {
                let s = s.expect("n > 0");
                row.push(mean_kind(s.get("_sum") / Decimal::from(n)));
                row.push(shown(s.get("_min")));
                row.push(shown(s.get("_max")));
            } else {
                row.extend([Value::NA, Value::NA, Value::NA]);
            }
            // `of` counts the authorities with a value whatever the
            // authority's own cell holds; rank and quartile need its value.
            let of = s.map_or(0, |s| s.count("of"));
            match (la_value, s) {
                (Some(_), Some(s)) if of > 0 => {
                    let rank = 1 + s.count("_higher");
                    row.push(Value::num(Decimal::from(rank)));
                    row.push(Value::num(Decimal::from(of)));
                    row.push(Value::num(Decimal::from((4 * rank).div_ceil(of))));
                }
                _ if of > 0 => row.extend([Value::NA, Value::num(Decimal::from(of)), Value::NA]),
                _ => row.extend([Value::NA, Value::NA, Value::NA]),
            }
            if extracts {
                let from = own.get(y).and_then(|v| v[i]);
                row.push(from.map_or(Value::NA, shown));
                row.push(from.zip(la_value).map_or(Value::NA, |(f, l)| shown(f - l)));
            }
            t.rows.push(row);
        }
    }
    t.note(format!(
        "Published figures from {}; the authority's region is its row's ({}).",
        reference.name, la.region_name
    ));
    for n in notes {
        t.note(n);
    }
    // Rows set aside reach standard error too, as in every report.
    t.alerts.extend(from_model.alerts);
    if !missing_years.is_empty() {
        // Asked by a code (835), the name may be on another code's row
        // those years (838): say so rather than leave a bare N/A.
        let name_key = match_key(&chosen.name);
        let same_name = |s: &str| match_key(s) == name_key;
        let mut elsewhere: Vec<&str> = Vec::new();
        for (y, a) in &reference.rows {
            if missing_years.contains(y)
                && !chosen.is(&a.code)
                && named_part(a, &same_name).is_some()
                && !elsewhere.contains(&a.code.as_str())
            {
                elsewhere.push(&a.code);
            }
        }
        t.note(format!(
            "{} has no row in {}: its figures are N/A{}.",
            chosen.name,
            missing_years
                .iter()
                .map(i32::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            if elsewhere.is_empty() {
                String::new()
            } else {
                format!(
                    " (then the name {} is on the row of {}: --la \"{}\" gives it)",
                    chosen.name,
                    elsewhere.join(", "),
                    chosen.name
                )
            }
        ));
    }
    let missing_neighbours: Vec<String> = years
        .iter()
        .flat_map(|y| {
            neighbour_codes
                .iter()
                .filter(|c| {
                    !INDICATORS
                        .iter()
                        .any(|(ind, _)| reference.cell(*y, LA_LEVEL, c, ind).is_some())
                })
                .map(move |c| format!("{c} in {y}"))
        })
        .collect();
    if !missing_neighbours.is_empty() {
        t.note(format!(
            "Neighbours without a row that year (left out of the mean, least and most): {}.",
            missing_neighbours.join(", ")
        ));
    }
    t.note("rank: 1 + the number of authorities with a higher value that year (ties share a rank; 1 is the highest, whether high is good or bad); of: authorities with a value; quartile = ceil(4 x rank / of), 1 the highest quarter.");
    if !symbols.is_empty() {
        t.note(format!(
            "Shown as published and left out of ranks, means, least and most: {} (c confidential, x unavailable, z not applicable, u low reliability, low rounds to 0 but is not 0).",
            symbols.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
    Ok(t)
}

fn years_text(years: &BTreeSet<i32>) -> String {
    match (years.iter().next(), years.iter().last()) {
        (Some(a), Some(b)) if a != b => format!("{a} to {b}"),
        (Some(a), _) => a.to_string(),
        _ => "no years".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every authority-year of the built-in file, read here apart from
    /// `Reference`: (year, name, old code) for each local-authority row,
    /// and for each part of a joint return (`314 / 318`) its own name.
    fn authority_years() -> Vec<(i32, String, String)> {
        let mut r = csv::Reader::from_reader(INDICATORS_CSV.as_bytes());
        let h = r.headers().unwrap().clone();
        let at = |n: &str| h.iter().position(|x| x == n).unwrap();
        let (year, level, code, name) = (
            at("time_period"),
            at("geographic_level"),
            at("old_la_code"),
            at("la_name"),
        );
        let mut out = Vec::new();
        for rec in r.records() {
            let rec = rec.unwrap();
            if &rec[level] != "Local authority" {
                continue;
            }
            let y: i32 = rec[year].parse().unwrap();
            out.push((y, rec[name].to_string(), rec[code].to_string()));
            if rec[name].contains(" / ") {
                for part in rec[name].split(" / ") {
                    out.push((y, part.to_string(), rec[code].to_string()));
                }
            }
        }
        out
    }

    /// `--la NAME --year Y` finds the row the file has for that name in
    /// that year, for every authority name and year in the file (1,355
    /// rows and the 28 parts of joint returns); and the neighbours are
    /// the model's entry for the authority of that name when the model
    /// holds it. Dorset is the case that needs it: the county council 835
    /// in 2017 and 2018, the unitary council 838 from 2019.
    #[test]
    fn every_name_finds_its_row_of_each_year() {
        let reference = Reference::read(&None).unwrap();
        let (model, _) = read_neighbours(&None).unwrap();
        let in_model = |c: &str| model.iter().any(|m| m.code == c);
        let rows = authority_years();
        assert_eq!(rows.len(), 1355 + 28);
        let mut bad = Vec::new();
        // One choice per name (it holds every year), checked year by year.
        let mut by_name: HashMap<&str, Chosen> = HashMap::new();
        for (year, name, code) in &rows {
            let chosen = by_name
                .entry(name)
                .or_insert_with(|| choose(name, &reference, &model).unwrap());
            let found = chosen.code_in(*year).unwrap_or("none");
            if found != code {
                bad.push(format!("{name} {year}: row {found}, the file's {code}"));
            }
            if Authority::parts(code).iter().any(|p| in_model(p))
                && !Authority::parts(code).contains(&chosen.model_code)
            {
                bad.push(format!(
                    "{name} {year}: neighbours of {}, the file's {code}",
                    chosen.model_code
                ));
            }
        }
        assert!(bad.is_empty(), "{} wrong:\n{}", bad.len(), bad.join("\n"));
    }
}

// The command line of `swr benchmark` (its description is on its variant in
// cli.rs, which clap shows).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub common: Common,
    /// The local authority, by name or code (e.g. "Cheshire East", 895, E06000049) [default: la in swr.toml]
    #[arg(long, value_name = "NAME|CODE")]
    pub la: Option<String>,
    /// Reporting year [default: the latest in the indicators file]
    #[arg(long, value_name = "YYYY", value_parser = crate::options::year)]
    pub year: Option<i32>,
    /// Every year in the indicators file
    #[arg(long, conflicts_with = "year")]
    pub trend: bool,
    /// A newer DfE indicators file (csww_indicators_*.csv) instead of the built-in 2017-2025 one
    #[arg(long, value_name = "FILE")]
    pub reference: Option<PathBuf>,
    /// A newer DfE statistical neighbours file (sn_model_*_wide.csv) instead of the built-in 2025 one
    #[arg(long, value_name = "FILE")]
    pub neighbours: Option<PathBuf>,
}

impl super::Report for Args {
    fn common(&self) -> &Common {
        &self.common
    }

    fn inputs(&self) -> Vec<(&'static str, std::path::PathBuf)> {
        self.reference
            .iter()
            .map(|p| ("--reference", p.clone()))
            .chain(self.neighbours.iter().map(|p| ("--neighbours", p.clone())))
            .collect()
    }

    fn no_series(&self) -> Option<&'static str> {
        Some("swr benchmark: --compare and --every do not apply; give --year YYYY for another year, or --trend for every year")
    }

    fn run(&self, settings: &Settings) -> Result<(Table, i32)> {
        Ok((
            run(
                settings,
                &Options {
                    la: self.la.clone(),
                    year: self.year,
                    trend: self.trend,
                    reference: self.reference.clone(),
                    neighbours: self.neighbours.clone(),
                },
            )?,
            crate::exit::OK,
        ))
    }
}
