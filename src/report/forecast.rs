//! `swr forecast`: the workforce month by month ahead of the as-of date
//! (SPEC section 5), and `--backtest`, the same projection made from
//! `--months` before the as-of date set against what happened.
//!
//! Leaving is by length-of-service band: r_b = leavers in the history whose
//! service at leaving was in band b / people in post on the as-of date in
//! band b, over the whole table (every group, and before `--where`, so that
//! a filter changes no one's rate and the row of a group equals the Total
//! of `--where` on it); the monthly hazard is h_b = 1 - (1 - min(r_b,
//! 1))^(1/N), N the history's length in months (12 by default, as SPEC
//! has it: r is the leaving over the history, h a month's). Each row in post survives step k with 1 - h of the band of
//! its service at the end of that step. Starters are the payroll rows that
//! start after the as-of date and the `[[plan]]` of swr.toml.
//!
//! Establishment and vacancy are worked out per unit, as `vacancies` does
//! (per post, or per unit of directorate, team, job title and grade), so
//! step 0 is `vacancies` and a unit's vacancy is never netted off against
//! another's staff over establishment. Agency need and its cost are at the
//! level of the row (the group's cover ratio and its agency cost per FTE
//! from `costs`), like costs' annual_premium.

use crate::extracts::Dataset;
use crate::frame::{self, days_to_date, Agg};
use crate::measures::units::{units, Units, UNIT_COLUMNS};
use crate::model::{filtered, Model, Needs};
use crate::options::Common;
use crate::period::{fmt_date, service_years, Band, Period};
use crate::settings::{usage, Plan, Settings};
use crate::table::{pct, Kind, Table, Value};
use anyhow::{anyhow, Result};
use chrono::{Datelike, Months, NaiveDate};
use polars::prelude::{col, lit, DataType, Expr, IntoLazy};
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The columns the projection reads, besides `--by`, `--where` and the
/// columns of the plans' `where`.
const COLUMNS: &[&str] = &[
    "directorate",
    "team",
    "job_title",
    "grade",
    "post_id",
    "fte",
    "employee_id",
];

/// The whole table the leaving rates come from.
const RATES: Needs = Needs {
    command: "forecast",
    required: &[Dataset::Payroll, Dataset::Leavers],
    optional: &[],
    columns: &["employee_id", "fte"],
    figures: &["fte"],
    stock: false,
};

/// The last day of `d`'s month.
fn last_of_month(d: NaiveDate) -> NaiveDate {
    let first = d.with_day(1).expect("day 1 exists");
    first + Months::new(1) - chrono::Days::new(1)
}

/// `months` calendar months after (or, negative, before) `d`: the same day
/// of the month, or the month's last day when it has no such day or `d` is
/// a month's last day.
pub fn shift(d: NaiveDate, months: i32) -> NaiveDate {
    let n = Months::new(months.unsigned_abs());
    let moved = if months >= 0 {
        d.checked_add_months(n)
    } else {
        d.checked_sub_months(n)
    }
    .expect("dates here are far from the calendar's ends");
    if last_of_month(d) == d {
        last_of_month(moved)
    } else {
        moved
    }
}

/// The `months` months ending on `end`.
fn months_to(end: NaiveDate, months: u32) -> Period {
    Period {
        start: shift(end, -(months as i32)) + chrono::Days::new(1),
        end,
    }
}

/// A step's label: `2016-07` for a month's last day, else the date.
fn label(d: NaiveDate) -> String {
    if last_of_month(d) == d {
        format!("{}-{:02}", d.year(), d.month())
    } else {
        fmt_date(d)
    }
}

fn band_of(bands: &[Band], years: i32) -> usize {
    bands.iter().position(|b| b.contains(years)).unwrap_or(0)
}

/// A probability as an exact decimal (to 12 places).
fn exact(p: f64) -> Decimal {
    Decimal::from_f64(p).unwrap_or_default().round_dp(12)
}

fn day_of(a: &Agg, name: &str) -> Result<Option<NaiveDate>> {
    match a.opt(name) {
        None => Ok(None),
        Some(d) => d
            .to_i32()
            .map(|n| Some(days_to_date(n)))
            .ok_or_else(|| anyhow!("{name}: not a date")),
    }
}

/// The leaving rates by band over the whole table, and where they come from.
struct Rates {
    bands: Vec<Band>,
    day: NaiveDate,
    history: Period,
    leavers: Vec<u64>,
    in_post: Vec<u64>,
    r: Vec<f64>,
    h: Vec<f64>,
    /// The leavers extract's first leave date, when the history starts before it.
    partly: Option<NaiveDate>,
}

impl Rates {
    /// The probability of staying through the step ending on `day` for
    /// someone who started on `start`.
    fn stay(&self, start: NaiveDate, day: NaiveDate) -> f64 {
        1.0 - self.h[band_of(&self.bands, service_years(start, day))]
    }

    fn note(&self) -> String {
        let per: Vec<String> = self
            .bands
            .iter()
            .enumerate()
            .map(|(i, b)| {
                format!(
                    "{}: {} leaver{} / {} in post, r = {:.4}, h = {:.4}",
                    b.label(),
                    self.leavers[i],
                    crate::model::plural(self.leavers[i] as usize),
                    self.in_post[i],
                    self.r[i],
                    self.h[i]
                )
            })
            .collect();
        format!(
            "Leaving by length of service over the whole table (every group, before any --where): leavers from {} to {} ({} months of history) by their service at leaving, against the people in post on {} by their service then; monthly hazard h = 1 - (1 - min(r, 1))^(1/{}). {}.",
            fmt_date(self.history.start),
            fmt_date(self.history.end),
            shown_months(self.history),
            fmt_date(self.day),
            shown_months(self.history),
            per.join("; ")
        )
    }
}

/// The length of a history in months: whole months when it is (the 12
/// months to a date), else its days in average months.
fn history_months(p: Period) -> f64 {
    let whole = months_between(p);
    if whole > 0 && months_to(p.end, whole as u32) == p {
        f64::from(whole)
    } else {
        p.days() as f64 * 12.0 / 365.25
    }
}

fn shown_months(p: Period) -> String {
    let m = history_months(p);
    if m.fract() == 0.0 {
        format!("{m}")
    } else {
        format!("{m:.2}")
    }
}

fn months_between(p: Period) -> i32 {
    let after = p.end + chrono::Days::new(1);
    (after.year() - p.start.year()) * 12 + after.month() as i32 - p.start.month() as i32
}

/// r_b and h_b from the leavers in `history` and the people in post on
/// `day`, over every row of the extracts (no `--where`).
fn rates(settings: &Settings, bands: &[Band], day: NaiveDate, history: Period) -> Result<Rates> {
    let mut whole = settings.clone();
    whole.filters.clear();
    whole.by = None;
    whole.as_of = Some(day);
    whole.as_of_from_flag = true;
    whole.period = Some(history);
    whole.compare = None;
    whole.every = None;
    let model = Model::open(&whole, &RATES, &[], &[])?;
    let keys = vec!["employee_id".to_string()];
    let start = || col("start_date").cast(DataType::Int32).alias("_start");
    let stock = model.stock(day, &["employee_id"])?;
    let people = frame::collect_rows(stock.frame.select([col("employee_id"), start()]), &keys)?;
    let mut heads: Vec<BTreeSet<&str>> = vec![BTreeSet::new(); bands.len()];
    for p in &people {
        if let Some(s) = day_of(p, "_start")? {
            heads[band_of(bands, service_years(s, day))].insert(p.keys[0].as_str());
        }
    }
    let left = model
        .workforce(&["employee_id"])?
        .filter(Model::within("leave_date", history).fill_null(false))
        .select([
            col("employee_id"),
            start(),
            col("leave_date").cast(DataType::Int32).alias("_leave"),
        ]);
    let mut leavers = vec![0u64; bands.len()];
    for l in frame::collect_rows(left, &keys)? {
        if let (Some(s), Some(e)) = (day_of(&l, "_start")?, day_of(&l, "_leave")?) {
            leavers[band_of(bands, service_years(s, e))] += 1;
        }
    }
    let in_post: Vec<u64> = heads.iter().map(|h| h.len() as u64).collect();
    let r: Vec<f64> = leavers
        .iter()
        .zip(&in_post)
        .map(|(&l, &n)| if n == 0 { 0.0 } else { l as f64 / n as f64 })
        .collect();
    let h = r
        .iter()
        .map(|r| 1.0 - (1.0 - r.min(1.0)).powf(1.0 / history_months(history)))
        .collect();
    let partly = model
        .held(Dataset::Leavers)?
        .map(|held| held.start)
        .filter(|first| *first > history.start);
    Ok(Rates {
        bands: bands.to_vec(),
        day,
        history,
        leavers,
        in_post,
        r,
        h,
        partly,
    })
}

/// The columns a row is read with: the group columns, then the unit's,
/// each once.
fn key_columns(by: &[String], unit: &[String]) -> Vec<String> {
    let mut keys = by.to_vec();
    for u in unit {
        if !keys.contains(u) {
            keys.push(u.clone());
        }
    }
    keys
}

/// A row's keys for `names`, from its `keys` read by [`key_columns`].
fn pick(row: &[String], keys: &[String], names: &[String]) -> Vec<String> {
    names
        .iter()
        .map(|n| {
            keys.iter()
                .position(|k| k == n)
                .map(|i| row[i].clone())
                .unwrap_or_default()
        })
        .collect()
}

/// One group's figures at every step.
#[derive(Default, Clone)]
struct Group {
    in_post: Vec<Decimal>,
    leavers: Vec<Decimal>,
    starters: Vec<Decimal>,
    establishment: Vec<Decimal>,
    vacancy: Vec<Decimal>,
    /// A row in post without an fte: its FTE figures are N/A.
    blank: bool,
}

impl Group {
    fn new(steps: usize) -> Group {
        let z = vec![Decimal::ZERO; steps];
        Group {
            in_post: z.clone(),
            leavers: z.clone(),
            starters: z.clone(),
            establishment: z.clone(),
            vacancy: z,
            blank: false,
        }
    }
}

/// One unit of establishment (a post, or a team x job title...).
struct Unit {
    group: Vec<String>,
    posted: bool,
    establishment: Vec<Decimal>,
    in_post: Vec<Decimal>,
    blank: bool,
}

/// Someone (a row) in post, or starting, and from which step they leave
/// at the hazard of their service.
fn survive(rates: &Rates, start: NaiveDate, dates: &[NaiveDate], from: usize) -> Vec<f64> {
    let mut s = vec![0.0; dates.len()];
    let mut p = 1.0;
    for (k, day) in dates.iter().enumerate() {
        if k > from {
            p *= rates.stay(start, *day);
        }
        if k >= from {
            s[k] = p;
        }
    }
    s
}

/// `fte` in post from step `from` on, surviving by `s`: its expected FTE
/// in post at each step in its group and unit, and what it loses in each
/// step after the first in the group's leavers.
fn add_cohort(fte: Decimal, s: &[f64], from: usize, group: &mut Group, unit: &mut [Decimal]) {
    let mut before = Decimal::ZERO;
    for (k, p) in s.iter().enumerate().skip(from) {
        let now = fte * exact(*p);
        group.in_post[k] += now;
        unit[k] += now;
        if k > from {
            group.leavers[k] += before - now;
        }
        before = now;
    }
}

/// The establishment rows a plan's `where` matches (after `--where`),
/// each with its share of the plan: its fte over the fte of every row the
/// `where` matches in the whole establishment (equal shares when those are
/// all 0). By unit.
fn plan_shares(
    model: &Model<'_>,
    plan: &Plan,
    unit: &[String],
) -> Result<HashMap<Vec<String>, Decimal>> {
    let config = model
        .settings
        .config_file
        .as_ref()
        .map_or("swr.toml".to_string(), |p| p.display().to_string());
    let at = format!("{config}: [[plan]] number {}", plan.number);
    for f in &plan.filters {
        if !model.has(Dataset::Establishment, &f.column) {
            let ex = model.extract(Dataset::Establishment);
            let mut names = ex.column_names();
            names.sort();
            return Err(usage(format!(
                "{at}: where.{} = \"{}\": the establishment extract ({}) has no column '{}'; its columns are: {}",
                f.column,
                f.value,
                ex.location,
                f.column,
                names.join(", ")
            )));
        }
    }
    let ex = model.extract(Dataset::Establishment);
    let schema = ex.frame.schema().clone();
    let matching = |lf: polars::prelude::LazyFrame| {
        filtered(
            lf,
            &plan.filters,
            |c| Ok(schema.get(c).cloned().unwrap_or(DataType::String)),
            |c, e| {
                usage(format!(
                    "{at}: where.{c}: {}",
                    e.to_string().trim_start_matches("--where ")
                ))
            },
        )
    };
    let whole = matching(ex.frame.clone().lazy())?
        .select([
            col("fte").sum().alias("_fte"),
            polars::prelude::len().alias("_rows"),
        ])
        .collect()?;
    let whole = frame::collect_rows(whole.lazy(), &[])?;
    let (fte, rows) = whole
        .first()
        .map_or((Decimal::ZERO, 0), |w| (w.get("_fte"), w.count("_rows")));
    if rows == 0 {
        return Err(usage(format!(
            "{at}: where {} matches no row of the establishment extract ({}); name a group it holds",
            if plan.where_text.is_empty() {
                "(none)"
            } else {
                plan.where_text.as_str()
            },
            ex.location
        )));
    }
    let mut select: Vec<Expr> = unit.iter().map(|u| col(u.as_str())).collect();
    select.push(col("fte").alias("_fte"));
    let mine = frame::collect_rows(
        matching(model.frame(Dataset::Establishment)?)?.select(select),
        unit,
    )?;
    let mut out: HashMap<Vec<String>, Decimal> = HashMap::new();
    for r in mine {
        let share = if fte.is_zero() {
            Decimal::ONE / Decimal::from(rows)
        } else {
            r.get("_fte") / fte
        };
        *out.entry(r.keys.clone()).or_default() += share;
    }
    Ok(out)
}

/// The figures of `vacancies` and `costs` the agency need is built from,
/// per group: agency cover on the as-of date, and agency cost per FTE
/// (with the table's, for a group that has none).
struct Agency {
    cover: HashMap<Vec<String>, Option<Decimal>>,
    cost_per_fte: HashMap<Vec<String>, Option<Decimal>>,
    table_cost_per_fte: Option<Decimal>,
}

fn figures_of(t: &Table, name: &str) -> (HashMap<Vec<String>, Option<Decimal>>, Option<Decimal>) {
    let mut out = HashMap::new();
    let mut total = None;
    let Some(i) = t.col(name) else {
        return (out, total);
    };
    for row in &t.rows {
        let v = row.get(i).and_then(Value::number);
        if crate::table::is_closing(row) {
            total = v;
        } else {
            out.insert(t.keys_of(row), v);
        }
    }
    (out, total)
}

fn agency(settings: &Settings, model: &Model<'_>, by: &[String]) -> Result<Option<Agency>> {
    if !model.found(Dataset::Agency) || model.lacking(Dataset::Agency).is_some() {
        return Ok(None);
    }
    let mut s = settings.clone();
    s.by = Some(by.to_vec());
    s.compare = None;
    s.every = None;
    s.totals = true;
    let vacancies = super::vacancies::run(&s, None)?;
    let costs = super::costs::run(
        &s,
        &super::costs::Options {
            cap: None,
            weeks: None,
            on_cost_rate: None,
        },
    )?;
    let (cover, _) = figures_of(&vacancies, "agency_cover_fte");
    let (cost_per_fte, table_cost_per_fte) = figures_of(&costs, "agency_cost_per_fte");
    Ok(Some(Agency {
        cover,
        cost_per_fte,
        table_cost_per_fte,
    }))
}

fn history_of(
    settings: &Settings,
    a: &Options,
    as_of: NaiveDate,
    period: Period,
) -> Result<Period> {
    match (a.history, settings.period) {
        (Some(_), Some(_)) => Err(usage(
            "--history and --period: give one or the other (--period is the history itself)",
        )),
        (Some(n), None) => Ok(months_to(as_of, n)),
        (None, _) => Ok(period),
    }
}

/// The columns of every row read: `--by`, the unit columns, and the plans'.
fn needs_columns(settings: &Settings) -> Vec<String> {
    let mut cols: Vec<String> = COLUMNS.iter().map(|c| c.to_string()).collect();
    for p in &settings.plans {
        for f in &p.filters {
            if !cols.contains(&f.column) {
                cols.push(f.column.clone());
            }
        }
    }
    cols
}

pub fn run(settings: &Settings, a: &Options) -> Result<Table> {
    if a.backtest {
        return backtest(settings, a);
    }
    let by = settings.by_or(&["directorate"]);
    let cols = needs_columns(settings);
    let col_refs: Vec<&str> = cols.iter().map(String::as_str).collect();
    let needs = Needs {
        command: "forecast",
        required: &[Dataset::Establishment, Dataset::Payroll, Dataset::Leavers],
        optional: &[Dataset::Agency],
        columns: &col_refs,
        figures: &["fte"],
        stock: false,
    };
    let model = Model::open(settings, &needs, &by, &[])?;
    model.require(Dataset::Payroll, "fte")?;
    let as_of = model.as_of;
    let history = history_of(settings, a, as_of, model.period)?;
    let rates = rates(settings, &a.bands, as_of, history)?;
    let m = a.months as usize;
    let dates: Vec<NaiveDate> = (0..=m).map(|k| shift(as_of, k as i32)).collect();

    let mut stock_cols: Vec<&str> = UNIT_COLUMNS.to_vec();
    stock_cols.push("post_id");
    stock_cols.extend(by.iter().map(String::as_str));
    let stock = model.stock(as_of, &stock_cols)?;
    let Units {
        all, by_post, unit, ..
    } = units(&model, &stock, &by)?;
    let keys = key_columns(&by, &unit);
    let attrs: Vec<String> = by.iter().filter(|g| !unit.contains(g)).cloned().collect();

    // Units of establishment, each with its group.
    let mut unit_keys = unit.clone();
    unit_keys.extend(attrs.iter().cloned());
    let mut units_at: HashMap<Vec<String>, Unit> = HashMap::new();
    for u in frame::collect_rows(all, &unit_keys)? {
        let group = pick(&u.keys, &unit_keys, &by);
        let posted = u.get("_posted") > Decimal::ZERO;
        units_at.insert(
            u.keys[..unit.len()].to_vec(),
            Unit {
                group,
                posted,
                establishment: vec![u.get("_est"); m + 1],
                in_post: vec![Decimal::ZERO; m + 1],
                blank: u.count("_in_blank") > 0,
            },
        );
    }
    let mut groups: BTreeMap<Vec<String>, Group> = BTreeMap::new();
    for u in units_at.values() {
        let g = groups
            .entry(u.group.clone())
            .or_insert_with(|| Group::new(m + 1));
        g.blank |= u.blank && u.posted;
    }

    // Everyone in post on the as-of date, and the pipeline.
    let select = |lf: polars::prelude::LazyFrame| {
        let mut s: Vec<Expr> = keys.iter().map(|k| col(k.as_str())).collect();
        s.push(col("fte").alias("_fte"));
        s.push(col("start_date").cast(DataType::Int32).alias("_start"));
        lf.select(s)
    };
    let people = frame::collect_rows(select(stock.frame.clone()), &keys)?;
    let pipeline = frame::collect_rows(
        select(
            model
                .workforce(&[stock_cols.as_slice(), &["fte"]].concat())?
                .filter(
                    col("source")
                        .eq(lit("payroll"))
                        .and(col("start_date").gt(frame::date_lit(as_of))),
                ),
        ),
        &keys,
    )?;
    let mut later = 0usize;
    let mut pipeline_fte = Decimal::ZERO;
    let mut pipeline_rows = 0usize;
    for (row, is_starter) in people
        .iter()
        .map(|p| (p, false))
        .chain(pipeline.iter().map(|p| (p, true)))
    {
        let Some(start) = day_of(row, "_start")? else {
            continue;
        };
        let from = if is_starter {
            match dates.iter().position(|d| start <= *d) {
                Some(k) => k,
                None => {
                    later += 1;
                    continue;
                }
            }
        } else {
            0
        };
        let gk = pick(&row.keys, &keys, &by);
        let uk = pick(&row.keys, &keys, &unit);
        let group = groups
            .entry(gk.clone())
            .or_insert_with(|| Group::new(m + 1));
        let Some(f) = row.opt("_fte") else {
            group.blank = true;
            continue;
        };
        if is_starter {
            pipeline_rows += 1;
            pipeline_fte += f;
            group.starters[from] += f;
        }
        let s = survive(&rates, start, &dates, from);
        let unit_row = units_at.entry(uk).or_insert_with(|| Unit {
            group: gk,
            posted: false,
            establishment: vec![Decimal::ZERO; m + 1],
            in_post: vec![Decimal::ZERO; m + 1],
            blank: false,
        });
        add_cohort(f, &s, from, group, &mut unit_row.in_post);
    }

    // The plan: its share of each unit, recruits and establishment from
    // its first month.
    let mut plan_notes = Vec::new();
    for plan in &settings.plans {
        let shares = plan_shares(&model, plan, &unit)?;
        let first = dates
            .iter()
            .skip(1)
            .position(|d| *d >= plan.from)
            .map(|k| k + 1);
        let Some(first) = first else {
            plan_notes.push(format!(
                "[[plan]] number {} starts in {}-{:02}, after the last step: it changes nothing here.",
                plan.number,
                plan.from.year(),
                plan.from.month()
            ));
            continue;
        };
        for (uk, share) in &shares {
            let Some(u) = units_at.get_mut(uk) else {
                continue;
            };
            let gk = u.group.clone();
            let group = groups.entry(gk).or_insert_with(|| Group::new(m + 1));
            for k in first..=m {
                u.establishment[k] += plan.establishment_fte * share;
                let recruits = plan.recruit_fte * share;
                if recruits.is_zero() {
                    continue;
                }
                group.starters[k] += recruits;
                // They start on the step's last day, and leave from the
                // next step on at the hazard of their own service.
                let s = survive(&rates, dates[k], &dates, k);
                add_cohort(recruits, &s, k, group, &mut u.in_post);
            }
        }
        plan_notes.push(format!(
            "[[plan]] number {}{}: from {}-{:02} (step {first}), {} FTE recruited each month and {} FTE added to the establishment, shared among the establishment rows it matches by their fte.",
            plan.number,
            if plan.where_text.is_empty() {
                String::new()
            } else {
                format!(" ({})", plan.where_text)
            },
            plan.from.year(),
            plan.from.month(),
            crate::render::plain(plan.recruit_fte, Kind::Fte),
            crate::render::plain(plan.establishment_fte, Kind::Fte),
        ));
    }

    // Establishment and vacancy, unit by unit, to the groups.
    for u in units_at.values() {
        if !u.posted {
            continue;
        }
        let g = groups
            .entry(u.group.clone())
            .or_insert_with(|| Group::new(m + 1));
        for k in 0..=m {
            g.establishment[k] += u.establishment[k];
            let gap = u.establishment[k] - u.in_post[k];
            if gap > Decimal::ZERO {
                g.vacancy[k] += gap;
            }
        }
    }

    let agency = agency(settings, &model, &by)?;
    let mut t = Table::new(format!(
        "Forecast by {}, {} months from {}",
        by.join(", "),
        m,
        fmt_date(as_of)
    ));
    t.column("month", Kind::Text);
    for b in &by {
        t.column(b.clone(), Kind::Text);
    }
    for (name, kind) in [
        ("in_post_fte", Kind::Fte),
        ("expected_leavers_fte", Kind::Fte),
        ("starters_fte", Kind::Fte),
        ("establishment_fte", Kind::Fte),
        ("vacancy_fte", Kind::Fte),
        ("vacancy_rate_pct", Kind::Pct),
        ("agency_fte_needed", Kind::Fte),
        ("agency_cost", Kind::Money),
    ] {
        t.column(name, kind);
    }
    let twelve = Decimal::from(12);
    for (k, day) in dates.iter().enumerate() {
        let month = Value::date(*day, label(*day));
        let mut sums: Vec<Option<Decimal>> = vec![Some(Decimal::ZERO); 7];
        for (gk, g) in &groups {
            let known = |d: Decimal| (!g.blank).then_some(d);
            let in_post = known(g.in_post[k]);
            let vacancy = known(g.vacancy[k]);
            let (leavers, starters) = if k == 0 {
                (None, None)
            } else {
                (known(g.leavers[k]), Some(g.starters[k]))
            };
            let needed = match &agency {
                None => None,
                Some(ag) => {
                    let cover = ag.cover.get(gk).copied().flatten();
                    let first = known(g.vacancy[0]);
                    match (cover, first, vacancy) {
                        (Some(c), Some(v0), Some(v)) if v0 > Decimal::ZERO => Some(v * c / v0),
                        (Some(_), Some(_), Some(_)) => Some(Decimal::ZERO),
                        _ => None,
                    }
                }
            };
            let cost = match (&agency, needed) {
                (Some(_), Some(n)) if n.is_zero() => Some(Decimal::ZERO),
                (Some(ag), Some(n)) => ag
                    .cost_per_fte
                    .get(gk)
                    .copied()
                    .flatten()
                    .or(ag.table_cost_per_fte)
                    .map(|c| n * c / twelve),
                _ => None,
            };
            let figures = [
                in_post,
                leavers,
                starters,
                Some(g.establishment[k]),
                vacancy,
                needed,
                cost,
            ];
            for (s, f) in sums.iter_mut().zip(figures) {
                *s = s.zip(f).map(|(a, b)| a + b);
            }
            if k == 0 {
                sums[1] = None;
                sums[2] = None;
            }
            let mut row = vec![month.clone()];
            row.extend(gk.iter().map(Value::text));
            row.extend(values(figures));
            t.rows.push(row);
        }
        if k == 0 {
            sums[1] = None;
            sums[2] = None;
        }
        if settings.totals {
            let mut row = vec![month.clone()];
            row.extend(super::total_keys(by.len()));
            row.extend(values([
                sums[0], sums[1], sums[2], sums[3], sums[4], sums[5], sums[6],
            ]));
            t.rows.push(row);
        }
    }

    model.notes(&mut t, false);
    t.note(rates.note());
    if let Some(first) = rates.partly {
        t.note(format!(
            "The leavers extract's first leave date is {}, after the history starts ({}): leavers before it, if there were any, are not counted in the rates.",
            fmt_date(first),
            fmt_date(rates.history.start)
        ));
    }
    t.note(format!(
        "Step 0 is the as-of date ({}): in post, establishment and vacancy as swr vacancies gives them; its flows are N/A (swr turnover gives the past's). Steps 1 to {m} end {} after it; a row in post survives each step with 1 - h of the band of its service at the step's end.",
        fmt_date(as_of),
        if last_of_month(as_of) == as_of {
            "on the last day of each month"
        } else {
            "on the same day of each month (or the month's last day)"
        }
    ));
    t.note(if by_post {
        "Vacancy per post (post_id), as max(establishment - in post, 0), summed to the groups: staff over establishment in one post do not fill another's vacancy.".to_string()
    } else {
        format!(
            "Vacancy per unit of {}, as max(establishment - in post, 0), summed to the groups: staff over establishment in one unit do not fill another's vacancy.",
            unit.join(" x ")
        )
    });
    t.note(format!(
        "Starters: payroll rows starting after the as-of date ({pipeline_rows} row{}, {} FTE, within the {m} months), in the step their start falls in; they are in post at its end and leave from the next step at the hazard of their own service{}.",
        crate::model::plural(pipeline_rows),
        crate::render::plain(pipeline_fte, Kind::Fte),
        if later > 0 {
            format!("; {later} more start after the last step")
        } else {
            String::new()
        }
    ));
    for n in plan_notes {
        t.note(n);
    }
    if settings.plans.is_empty() {
        t.note("No [[plan]] in swr.toml: no recruitment beyond the pipeline, and the establishment as it is.");
    }
    t.note(match &agency {
        Some(_) => "agency_fte_needed = vacancy_fte x the group's agency_cover_fte / vacancy_fte on the as-of date (swr vacancies; 0 when it had no vacancy); agency_cost = agency_fte_needed x the group's agency_cost_per_fte (swr costs; the table's when the group has none) / 12 a step. Both are worked out at the level of their row: a Total is the sum of its rows.".to_string(),
        None if !model.found(Dataset::Agency) => "No agency extract found: agency_fte_needed and agency_cost are N/A.".to_string(),
        None => format!(
            "The agency extract has no {} column: agency_fte_needed and agency_cost are N/A.",
            model.lacking(Dataset::Agency).unwrap_or_default().join(", ")
        ),
    });
    if groups.values().any(|g| g.blank) {
        t.note("Some people in post come from the leavers extract without an fte: FTE figures are N/A in the groups they are in, and in the Total.");
    }
    t.note("Figures after step 0 are expectations: FTE shown to 2 decimals, money to the penny.");
    Ok(t)
}

fn values(f: [Option<Decimal>; 7]) -> Vec<Value> {
    let rate = f[4].zip(f[0]).and_then(|(v, i)| pct(v, v + i));
    vec![
        Value::opt(f[0]),
        Value::opt(f[1]),
        Value::opt(f[2]),
        Value::opt(f[3]),
        Value::opt(f[4]),
        Value::opt(rate),
        Value::opt(f[5]),
        Value::opt(f[6]),
    ]
}

/// `--backtest`: the projection made `--months` before the as-of date from
/// the people in post then, with the history before it and no starters,
/// against the FTE of those people still in post on the as-of date.
fn backtest(settings: &Settings, a: &Options) -> Result<Table> {
    let by = settings.by_or(&["directorate"]);
    let cols = needs_columns(settings);
    let col_refs: Vec<&str> = cols.iter().map(String::as_str).collect();
    let needs = Needs {
        command: "forecast",
        required: &[Dataset::Payroll, Dataset::Leavers],
        optional: &[],
        columns: &col_refs,
        figures: &["fte"],
        stock: false,
    };
    let model = Model::open(settings, &needs, &by, &[])?;
    model.require(Dataset::Payroll, "fte")?;
    let as_of = model.as_of;
    let m = a.months as i32;
    let then = shift(as_of, -m);
    let history_months = match (a.history, settings.period) {
        (Some(n), _) => n,
        (None, Some(p)) => months_between(p).max(1) as u32,
        (None, None) => 12,
    };
    let history = months_to(then, history_months);
    let rates = rates(settings, &a.bands, then, history)?;
    // Step k ends (m - k) months before the as-of date: the last is the as-of date.
    let dates: Vec<NaiveDate> = (0..=m).map(|k| shift(as_of, k - m)).collect();
    let mut stock_cols: Vec<&str> = vec!["employee_id"];
    stock_cols.extend(by.iter().map(String::as_str));
    let stock = model.stock(then, &stock_cols)?;
    let mut s: Vec<Expr> = by.iter().map(|k| col(k.as_str())).collect();
    s.push(col("fte").alias("_fte"));
    s.push(col("start_date").cast(DataType::Int32).alias("_start"));
    s.push(col("leave_date").cast(DataType::Int32).alias("_leave"));
    let people = frame::collect_rows(stock.frame.select(s), &by)?;
    #[derive(Default)]
    struct Back {
        then: Decimal,
        forecast: Decimal,
        actual: Decimal,
        blank: bool,
    }
    let mut groups: BTreeMap<Vec<String>, Back> = BTreeMap::new();
    for p in &people {
        let g = groups.entry(p.keys.clone()).or_default();
        let (Some(f), Some(start)) = (p.opt("_fte"), day_of(p, "_start")?) else {
            g.blank = true;
            continue;
        };
        let surv = survive(&rates, start, &dates, 0);
        g.then += f;
        g.forecast += f * exact(surv[m as usize]);
        if day_of(p, "_leave")?.is_none_or(|l| l > as_of) {
            g.actual += f;
        }
    }
    let mut t = Table::grouped(
        format!(
            "Backtest of the forecast by {}: {} months from {} to {}",
            by.join(", "),
            m,
            fmt_date(then),
            fmt_date(as_of)
        ),
        &by,
        &[
            ("in_post_fte_then", Kind::Fte),
            ("forecast_fte", Kind::Fte),
            ("actual_fte", Kind::Fte),
            ("error_fte", Kind::Fte),
            ("error_pct", Kind::Pct),
        ],
    );
    let figures = |b: &Back| -> Vec<Value> {
        if b.blank {
            return vec![Value::NA; 5];
        }
        let error = b.forecast - b.actual;
        vec![
            Value::num(b.then),
            Value::num(b.forecast),
            Value::num(b.actual),
            Value::num(error),
            Value::opt(pct(error, b.actual)),
        ]
    };
    let mut total = Back::default();
    for (k, b) in &groups {
        let mut row: Vec<Value> = k.iter().map(Value::text).collect();
        row.extend(figures(b));
        t.rows.push(row);
        total.then += b.then;
        total.forecast += b.forecast;
        total.actual += b.actual;
        total.blank |= b.blank;
    }
    if settings.totals {
        let mut row = super::total_keys(by.len());
        row.extend(figures(&total));
        t.rows.push(row);
    }
    model.notes(&mut t, false);
    t.note(format!(
        "The projection made from {} (the as-of date less {m} months) for the people in post then, with the leaving of the {history_months} months before it and no starters, against what happened: actual_fte is the FTE of those same rows still in post on {}. error_fte = forecast_fte - actual_fte; error_pct = error_fte / actual_fte x 100.",
        fmt_date(then),
        fmt_date(as_of)
    ));
    t.note(rates.note());
    if let Some(first) = rates.partly {
        t.note(format!(
            "The leavers extract's first leave date is {}, after the history starts ({}): leavers before it, if there were any, are not counted in the rates.",
            fmt_date(first),
            fmt_date(rates.history.start)
        ));
    }
    Ok(t)
}

/// What `swr forecast` is asked for, besides the common options.
#[derive(Debug, Clone)]
pub struct Options {
    /// Steps ahead (or, with `backtest`, back).
    pub months: u32,
    /// Months of leaving history (else `--period`, else 12).
    pub history: Option<u32>,
    pub bands: Vec<Band>,
    pub backtest: bool,
}

impl Default for Options {
    /// 12 months ahead, the history of the 12 months before, the bands
    /// 1,2,5,10.
    fn default() -> Options {
        Options {
            months: 12,
            history: None,
            bands: crate::period::bands(&[1, 2, 5, 10]).expect("ascending"),
            backtest: false,
        }
    }
}

/// Length-of-service bands from `--bands`: boundaries in whole years, or
/// `all` for one flat band.
#[derive(Debug, Clone, PartialEq)]
pub struct Bands(pub Vec<Band>);

fn bands(raw: &str) -> Result<Bands, String> {
    if matches!(
        raw.trim().to_ascii_lowercase().as_str(),
        "all" | "flat" | "none"
    ) {
        return Ok(Bands(vec![Band {
            from: None,
            to: None,
        }]));
    }
    let bounds = raw
        .split(',')
        .map(|s| s.trim().parse::<i32>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| {
            "expected whole years in ascending order, such as 1,2,5,10, or all for one flat band"
                .to_string()
        })?;
    crate::period::bands(&bounds)
        .map(Bands)
        .map_err(|e| e.to_string())
}

fn months(raw: &str) -> Result<u32, String> {
    match raw.trim().parse::<u32>() {
        Ok(n) if (1..=120).contains(&n) => Ok(n),
        _ => Err("expected whole months from 1 to 120, such as 12".to_string()),
    }
}

// The command line of `swr forecast` (its description is on its variant in
// cli.rs, which clap shows).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub common: Common,
    /// Months ahead, 1 to 120 (with --backtest, how far back it starts)
    #[arg(long, value_name = "N", default_value = "12", value_parser = months)]
    pub months: u32,
    /// Months of leaving before the as-of date the rates come from, 1 to 120 [default: 12, or --period]
    #[arg(long, value_name = "N", value_parser = months)]
    pub history: Option<u32>,
    /// Length-of-service bands: boundaries in whole years, or all for one flat band
    #[arg(long, value_name = "LIST", default_value = "1,2,5,10", value_parser = bands)]
    pub bands: Bands,
    /// The projection made --months before the as-of date, against what happened
    #[arg(long)]
    pub backtest: bool,
}

impl super::Report for Args {
    fn common(&self) -> &Common {
        &self.common
    }

    fn no_series(&self) -> Option<&'static str> {
        Some("swr forecast: its months ahead are already a series; --compare and --every do not apply")
    }

    fn run(&self, settings: &Settings) -> Result<(Table, i32)> {
        let options = Options {
            months: self.months,
            history: self.history,
            bands: self.bands.0.clone(),
            backtest: self.backtest,
        };
        Ok((run(settings, &options)?, crate::exit::OK))
    }
}
