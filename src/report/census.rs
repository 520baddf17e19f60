//! `swr census`: the authority's row of the DfE children's social work
//! workforce indicators, worked out from its extracts.
//!
//! The DfE year runs from 1 October to 30 September: stocks (in post,
//! agency, vacancies, cases) are on 30 September, flows (starters, leavers,
//! absence) over the year. Who counts: rows with a Social Work England
//! registration (SW and digits); in an extract without that column, rows
//! whose role is one of the DfE's six; in one with neither, every row. The
//! vacancies are the establishment's posts of the DfE's roles when it has a
//! role column. Headcounts count people, FTEs sum records, agency records
//! are not de-duplicated, and rates are worked out from unrounded figures,
//! then rounded half up to 1 decimal as published. A figure built on an N/A
//! one is N/A: the caseload counts agency case holders, as the DfE does.

use super::total_keys;
use crate::extracts::Dataset;
use crate::frame::decimal_zero as zero;
use crate::frame::{self, Agg, LazyFrame, Rows};
use crate::measures::cases::{holders_fte, one_decimal, Holders};
use crate::measures::spells::{fte_days_lost, working_days, Spells};
use crate::measures::units::{units_of_posts, Units};
use crate::model::CaseloadOf;
use crate::model::{Model, Needs};
use crate::options::Common;
use crate::period::{fmt_date, Period};
use crate::settings::{usage, Settings};
use crate::table::{pct, ratio, Kind, Table, Value};
use anyhow::Result;
use chrono::{Datelike, NaiveDate};
use polars::prelude::{col, len, lit, when, DataType, Expr};
use rust_decimal::Decimal;

const NEEDS: Needs = Needs {
    command: "census",
    required: &[Dataset::Payroll],
    optional: &[
        Dataset::Leavers,
        Dataset::Agency,
        Dataset::Establishment,
        Dataset::Absence,
    ],
    columns: &[
        "employee_id",
        "fte",
        "registration",
        "role",
        "cases",
        "hours_per_week",
        "covering",
        "working_days_lost",
        "fte_days_lost",
        "directorate",
        "team",
        "job_title",
        "grade",
        "post_id",
    ],
    figures: &["fte", "cases", "hours_per_week"],
    stock: false,
};

/// How a published figure is written: an FTE or a number of days (1
/// decimal), a count, or a rate (1 decimal, a percentage).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    Fte,
    Count,
    Rate,
    /// A ratio that is not a percentage (caseload per FTE).
    Ratio,
}

impl Measure {
    pub fn kind(self) -> Kind {
        match self {
            Measure::Fte | Measure::Ratio => Kind::Fte,
            Measure::Count => Kind::Count,
            Measure::Rate => Kind::Pct,
        }
    }
}

/// The columns of the DfE indicators file, in its order.
pub const INDICATORS: [(&str, Measure); 22] = [
    ("inpost_fte", Measure::Fte),
    ("inpost_headcount", Measure::Count),
    ("starters_fte", Measure::Fte),
    ("starters_headcount", Measure::Count),
    ("leavers_fte", Measure::Fte),
    ("leavers_headcount", Measure::Count),
    ("turnover_rate_fte", Measure::Rate),
    ("turnover_rate_headcount", Measure::Rate),
    ("agency_fte", Measure::Fte),
    ("agency_headcount", Measure::Count),
    ("agency_rate_fte", Measure::Rate),
    ("agency_rate_headcount", Measure::Rate),
    ("agency_cover_fte", Measure::Fte),
    ("agency_cover_rate_fte", Measure::Rate),
    ("vacancy_fte", Measure::Fte),
    ("vacancy_rate_fte", Measure::Rate),
    ("vacancy_agency_cover_rate_fte", Measure::Rate),
    ("case_holders_fte", Measure::Fte),
    ("cases", Measure::Count),
    ("caseload_fte", Measure::Ratio),
    ("working_days_lost_fte", Measure::Fte),
    ("absence_rate_fte", Measure::Rate),
];

/// The DfE's six role categories (SPEC section 1).
pub const DFE_ROLES: [&str; 6] = [
    "senior manager",
    "middle manager",
    "first line manager",
    "senior practitioner",
    "case holder",
    "qualified without cases",
];

/// 1 decimal, half up, as the DfE publishes.
/// The DfE reporting year `year`: 1 October year-1 to 30 September year.
pub fn dfe_year(year: i32) -> Period {
    Period {
        start: NaiveDate::from_ymd_opt(year - 1, 10, 1).expect("1 October exists"),
        end: NaiveDate::from_ymd_opt(year, 9, 30).expect("30 September exists"),
    }
}

/// The latest DfE year ending on or before `day`.
pub fn year_ending_by(day: NaiveDate) -> i32 {
    if (day.month(), day.day()) >= (9, 30) {
        day.year()
    } else {
        day.year() - 1
    }
}

/// Who counts in one extract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    Registration,
    Role,
    Everyone,
}

impl Rule {
    fn of(model: &Model<'_>, ds: Dataset) -> Rule {
        if model.has(ds, "registration") {
            Rule::Registration
        } else if model.has(ds, "role") {
            Rule::Role
        } else {
            Rule::Everyone
        }
    }

    /// The registration as written, without surrounding spaces.
    fn registration() -> Expr {
        col("registration")
            .str()
            .strip_chars(lit(polars::prelude::NULL))
    }

    fn expr(self) -> Expr {
        match self {
            // A Social Work England number: SW and digits (SW12345, any
            // case). Other registers' numbers (HCPC's OT... for
            // occupational therapists) do not count.
            //
            // Worked out without putting every registration in capitals
            // (seconds on a million rows), to the same answer: a text is SW
            // and digits in capitals exactly when its first character is
            // one whose capital is S (s, S, or the long s), its second w or
            // W, and the rest ASCII digits (no other character has one of
            // those as its capital).
            Rule::Registration => {
                let r = Rule::registration();
                let sw = ["SW", "Sw", "sW", "sw", "\u{17f}W", "\u{17f}w"]
                    .iter()
                    .fold(lit(false), |e, p| {
                        e.or(r.clone().str().starts_with(lit(*p)))
                    });
                sw.and(r.clone().str().len_chars().gt(lit(2)))
                    .and(
                        r.str()
                            .slice(lit(2), lit(polars::prelude::NULL))
                            .str()
                            .strip_chars(lit("0123456789"))
                            .str()
                            .len_bytes()
                            .eq(lit(0)),
                    )
                    .fill_null(lit(false))
            }
            Rule::Role => {
                let role = col("role")
                    .str()
                    .strip_chars(lit(polars::prelude::NULL))
                    .str()
                    .to_lowercase();
                DFE_ROLES
                    .iter()
                    .fold(lit(false), |e, r| e.or(role.clone().eq(lit(*r))))
                    .fill_null(lit(false))
            }
            Rule::Everyone => lit(true),
        }
    }

    /// A registration is written, but it is not a Social Work England
    /// number (false under the other rules).
    fn other_register(self) -> Expr {
        match self {
            Rule::Registration => Rule::registration()
                .str()
                .len_bytes()
                .gt(lit(0))
                .and(self.expr().not())
                .fill_null(lit(false)),
            Rule::Role | Rule::Everyone => lit(false),
        }
    }

    fn says(self, ds: Dataset) -> String {
        match self {
            Rule::Registration => format!("{ds} rows with a Social Work England registration"),
            Rule::Role => format!("{ds} rows whose role is one of the DfE's six"),
            Rule::Everyone => format!("every {ds} row (no registration or role column)"),
        }
    }
}

/// Who counts in each extract, as filters.
struct Who {
    payroll: Rule,
    leavers: Rule,
    agency: Rule,
}

impl Who {
    fn of(model: &Model<'_>) -> Who {
        Who {
            payroll: Rule::of(model, Dataset::Payroll),
            leavers: Rule::of(model, Dataset::Leavers),
            agency: Rule::of(model, Dataset::Agency),
        }
    }

    /// For payroll and leavers rows together (a frame with `source`);
    /// `None` when everyone counts.
    fn people(&self) -> Option<Expr> {
        if self.payroll == Rule::Everyone && self.leavers == Rule::Everyone {
            return None;
        }
        // One rule for both is worked out once, not once for each.
        if self.payroll == self.leavers {
            return Some(self.payroll.expr());
        }
        Some(
            when(col("source").eq(lit("payroll")))
                .then(self.payroll.expr())
                .otherwise(self.leavers.expr()),
        )
    }

    fn placements(&self) -> Option<Expr> {
        (self.agency != Rule::Everyone).then(|| self.agency.expr())
    }

    /// Payroll and leavers rows (a frame with `source`) whose registration
    /// is another register's; `None` when neither follows registration.
    fn other_people(&self) -> Option<Expr> {
        (self.payroll == Rule::Registration || self.leavers == Rule::Registration).then(|| {
            if self.payroll == self.leavers {
                return self.payroll.other_register();
            }
            when(col("source").eq(lit("payroll")))
                .then(self.payroll.other_register())
                .otherwise(self.leavers.other_register())
        })
    }

    /// The columns the rules read.
    fn columns(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        for r in [self.payroll, self.leavers, self.agency] {
            let c = match r {
                Rule::Registration => "registration",
                Rule::Role => "role",
                Rule::Everyone => continue,
            };
            if !out.contains(&c) {
                out.push(c);
            }
        }
        out
    }
}

/// The sources one year's figures are worked out from.
pub struct Year {
    rows: Rows,
    flows: bool,
    agency: bool,
    /// The agency extract carries cases: placements' cases can be counted.
    agency_cases: bool,
    /// The staff case holders' FTE is known (payroll has an fte column).
    holders_fte_known: bool,
    vacancies: bool,
    cases: bool,
    absence: bool,
    days: Decimal,
    notes: Vec<String>,
}

/// The model opened for the census: what `census` and `benchmark` read.
pub fn open<'s>(settings: &'s Settings, by: &[String]) -> Result<Model<'s>> {
    Model::open(settings, &NEEDS, by, &[])
}

/// One DfE year's figures from the extracts, grouped by `by` (and the
/// Total).
pub fn year(model: &Model<'_>, year: i32, by: &[String]) -> Result<Year> {
    let period = dfe_year(year);
    let day = period.end;
    let who = Who::of(model);
    let people = who.people();
    let extra = who.columns();
    let mut notes = Vec::new();

    // In post on 30 September.
    let mut cols = vec!["employee_id", "fte"];
    cols.extend(by.iter().map(String::as_str));
    cols.extend(extra.iter().copied());
    let stock = model.stock(day, &cols)?;
    let mut in_post = stock.frame.clone();
    if let Some(p) = &people {
        in_post = crate::frame::with_blank_columns(in_post, &extra)?.filter(p.clone());
    }
    let in_post_aggs = vec![
        col("employee_id").n_unique().alias("inpost_headcount"),
        col("fte").sum().alias("_inpost_fte"),
        col("fte").null_count().alias("_inpost_fte_blank"),
    ];

    // Starters and leavers in the year, when the leavers extract holds it.
    let flows = model.usable(Dataset::Leavers)
        && model.flows(Dataset::Leavers, period, "starters, leavers and turnover")?;
    let flow_rows = if flows {
        // The rows that start someone (a second post is no new start),
        // found before any filter.
        // (A leavers row that payroll lists too is no start: its payroll
        // row is, so rows are matched with their source.)
        let key = || [col("employee_id"), col("start_date"), col("source")];
        let everyone = model.workforce_unfiltered(&["employee_id"])?;
        let starting = Model::starting(everyone.filter(Model::bearing_on(period)), false)?
            .select([
                col("employee_id"),
                col("start_date"),
                col("source"),
                lit(true).alias("_starts"),
            ])
            .unique(None, polars::prelude::UniqueKeepStrategy::Any);
        let mut rows = model.workforce(&cols)?.join(
            starting,
            key(),
            key(),
            polars::prelude::JoinArgs::new(polars::prelude::JoinType::Left),
        );
        if !rows.clone().collect_schema()?.contains("fte") {
            // Neither payroll nor leavers has an fte column: FTE flows N/A.
            rows = rows.with_column(
                lit(polars::prelude::NULL)
                    .cast(frame::decimal_type(frame::SCALE))
                    .alias("fte"),
            );
        }
        if let Some(p) = &people {
            rows = crate::frame::with_blank_columns(rows, &extra)?.filter(p.clone());
        }
        let starter = Model::within("start_date", period)
            .and(col("_starts"))
            .fill_null(false);
        let leaver = Model::within("leave_date", period).fill_null(false);
        Some(
            rows.filter(starter.clone().or(leaver.clone()))
                .with_columns([starter.alias("_starter"), leaver.alias("_leaver")])
                .with_columns([
                    when(col("_starter"))
                        .then(col("fte").fill_null(zero()))
                        .otherwise(zero())
                        .alias("_st_fte"),
                    col("_starter")
                        .and(col("fte").is_null())
                        .cast(DataType::UInt32)
                        .alias("_st_blank"),
                    when(col("_leaver"))
                        .then(col("fte").fill_null(zero()))
                        .otherwise(zero())
                        .alias("_lv_fte"),
                    col("_leaver")
                        .and(col("fte").is_null())
                        .cast(DataType::UInt32)
                        .alias("_lv_blank"),
                ]),
        )
    } else {
        if !model.usable(Dataset::Leavers) {
            notes.push(if model.found(Dataset::Leavers) {
                "The leavers extract lacks a --by or --where column: starters, leavers and turnover are N/A.".to_string()
            } else {
                "No leavers extract: starters, leavers and turnover are N/A (starters who have left, and leavers, are only there).".to_string()
            });
        }
        None
    };

    // Agency placements active on 30 September (records, not people).
    let active = model.placements()?.map(|p| p.filter(model.active(day)));
    let mut placements = active.clone();
    if let (Some(p), Some(w)) = (&placements, who.placements()) {
        placements = Some(p.clone().filter(w));
    }
    if placements.is_none() {
        notes.push(if model.found(Dataset::Agency) {
            "The agency extract lacks a --by or --where column: agency figures are N/A.".to_string()
        } else {
            "No agency extract: agency figures are N/A.".to_string()
        });
    }
    let hours = model.agency_hours();
    let covers = model.covers_vacancy();

    // Vacancies: every unit of establishment against everyone in post in
    // it, over the same population as in post (SPEC 5): posts whose role is
    // one of the DfE's six when the establishment has a role column.
    let posts_by_role = model.has(Dataset::Establishment, "role");
    let vacancy_units: Option<Units> = if model.usable(Dataset::Establishment) {
        let mut unit_cols: Vec<&str> = vec!["directorate", "team", "job_title", "grade", "post_id"];
        unit_cols.extend(by.iter().map(String::as_str));
        let everyone = model.stock(day, &unit_cols)?;
        let posts = posts_by_role.then(|| Rule::Role.expr());
        Some(units_of_posts(model, &everyone, by, posts)?)
    } else {
        notes.push(if model.found(Dataset::Establishment) {
            "The establishment extract lacks a --by or --where column: vacancy figures are N/A."
                .to_string()
        } else {
            "No establishment extract: vacancy figures are N/A.".to_string()
        });
        None
    };

    // Cases held on 30 September.
    let holders = Holders::build(
        model,
        day,
        CaseloadOf::All,
        by,
        people.clone(),
        who.placements(),
        &extra,
    )?;
    // The DfE's caseload counts agency case holders: without the
    // placements, or without their cases, it is N/A (SPEC 4, "N/A
    // spreads"), never the staff's alone.
    let cases = model.has(Dataset::Payroll, "cases");
    let agency_cases = placements.is_some() && model.has(Dataset::Agency, "cases");
    if !cases {
        notes.push("The payroll extract has no cases column: case figures are N/A.".to_string());
    } else {
        notes.extend(holders.notes.iter().cloned());
        if placements.is_none() {
            notes.push("Agency figures are N/A, so case figures are N/A too: the DfE's caseload counts agency case holders.".to_string());
        } else if !agency_cases {
            notes.push(format!(
                "The agency extract has no cases column: case figures are N/A wherever placements that count were active on {} (the DfE's caseload counts their cases).",
                fmt_date(day)
            ));
        }
    }

    // Sickness absence in the year.
    let spells = if model.found(Dataset::Absence)
        && model.flows(
            Dataset::Absence,
            period,
            "working days lost and the absence rate",
        )? {
        let s = Spells::build(model, period, by, people.clone(), &extra, false)?;
        notes.extend(s.notes.iter().cloned());
        Some(s)
    } else {
        if !model.found(Dataset::Absence) {
            notes.push(
                "No absence extract: working days lost and the absence rate are N/A.".to_string(),
            );
        }
        None
    };

    let query = |keys: &[String]| -> Result<LazyFrame> {
        let mut parts = vec![frame::agg(in_post.clone(), keys, in_post_aggs.clone())];
        if let Some(f) = &flow_rows {
            parts.push(frame::agg(
                f.clone(),
                keys,
                vec![
                    col("employee_id")
                        .filter(col("_starter"))
                        .n_unique()
                        .alias("starters_headcount"),
                    col("_st_fte").sum().alias("_st_fte"),
                    col("_st_blank").sum().alias("_st_blank"),
                    col("employee_id")
                        .filter(col("_leaver"))
                        .n_unique()
                        .alias("leavers_headcount"),
                    col("_lv_fte").sum().alias("_lv_fte"),
                    col("_lv_blank").sum().alias("_lv_blank"),
                ],
            ));
        }
        if let Some(p) = &placements {
            parts.push(frame::agg(
                p.clone(),
                keys,
                vec![
                    len().alias("agency_headcount"),
                    hours.clone().sum().alias("_ag_hours"),
                    hours
                        .clone()
                        .filter(covers.clone())
                        .sum()
                        .alias("_cover_hours"),
                ],
            ));
        }
        if let Some(u) = &vacancy_units {
            parts.push(frame::agg(
                u.units.clone(),
                keys,
                vec![
                    col("_vac").sum().alias("_vacancy"),
                    // Units holding someone in post without an fte.
                    col("_in_blank").sum().alias("_vacancy_blank"),
                ],
            ));
        }
        if cases {
            parts.push(holders.query(keys, None));
        }
        if let Some(s) = &spells {
            parts.push(s.query(keys)?);
        }
        Ok(frame::join_on(parts, keys))
    };
    let rows = frame::rows(query, by)?;
    if !model.has(Dataset::Payroll, "fte") {
        notes.push("The payroll extract has no fte column: FTE figures built on the staff's FTE (in post, turnover, vacancy, case holders, caseload, absence rate) are N/A.".to_string());
    } else if !stock.fte_known {
        notes.push("Some people in post come from the leavers extract without an fte: FTE figures are N/A in the groups they are in, and in the Total.".to_string());
    }
    let everyone = [who.payroll, who.leavers, who.agency]
        .iter()
        .all(|r| *r == Rule::Everyone);
    notes.push(if everyone {
        "Who counts: every row (the extracts have no registration or role column).".to_string()
    } else {
        let mut rules = vec![(who.payroll, Dataset::Payroll)];
        for ds in [Dataset::Leavers, Dataset::Agency] {
            if model.found(ds) {
                rules.push((Rule::of(model, ds), ds));
            }
        }
        // What a Social Work England registration is, said once.
        let first = rules.iter().position(|(r, _)| *r == Rule::Registration);
        let said: Vec<String> = rules
            .iter()
            .enumerate()
            .map(|(i, (r, ds))| {
                let mut s = r.says(*ds);
                if Some(i) == first {
                    s.push_str(" (SW and digits)");
                }
                s
            })
            .collect();
        format!("Who counts: {}.", said.join("; "))
    });
    if let Some(n) = other_registers(&who, &stock, active.as_ref(), &extra, day)? {
        notes.push(n);
    }
    if vacancy_units.is_some() {
        notes.push(if posts_by_role {
            "vacancy_fte: establishment rows whose role is one of the DfE's six, each unit (post, or directorate x team x job title x grade as both extracts carry) less everyone in post in it, never below 0.".to_string()
        } else {
            "vacancy_fte covers every post in the --where scope: the establishment has no role column to narrow it to the DfE's six roles (each unit, post or directorate x team x job title x grade as both extracts carry, less everyone in post in it, never below 0).".to_string()
        });
    }
    notes.dedup();
    Ok(Year {
        rows,
        flows,
        agency: placements.is_some(),
        agency_cases,
        holders_fte_known: holders.staff_fte_known,
        vacancies: vacancy_units.is_some(),
        cases,
        absence: spells.is_some(),
        days: working_days(period),
        notes,
    })
}

/// The note on rows left out because their registration is another
/// register's (an HCPC number, say): how many people in post on `day`,
/// with their FTE, and how many active placements hold one.
fn other_registers(
    who: &Who,
    stock: &crate::model::Stock,
    active: Option<&LazyFrame>,
    extra: &[&str],
    day: NaiveDate,
) -> Result<Option<String>> {
    let mut parts = Vec::new();
    if let Some(other) = who.other_people() {
        let rows = crate::frame::with_blank_columns(stock.frame.clone(), extra)?.filter(other);
        let g = frame::collect_rows(
            rows.select([
                col("employee_id").n_unique().alias("people"),
                col("fte").sum().alias("fte"),
            ]),
            &[],
        )?;
        let people = g.first().map_or(0, |g| g.count("people"));
        if people > 0 {
            let fte = g[0].get("fte");
            parts.push(format!(
                "{people} {} in post on {}{}",
                if people == 1 { "person" } else { "people" },
                fmt_date(day),
                if stock.fte_known {
                    format!(" ({} FTE)", crate::render::plain(fte, Kind::Fte))
                } else {
                    String::new()
                }
            ));
        }
    }
    if let (Some(p), Rule::Registration) = (active, who.agency) {
        let g = frame::collect_rows(
            p.clone()
                .filter(Rule::Registration.other_register())
                .select([len().alias("n")]),
            &[],
        )?;
        let n = g.first().map_or(0, |g| g.count("n"));
        if n > 0 {
            parts.push(format!(
                "{n} agency placement{} active that day",
                crate::model::plural(n as usize)
            ));
        }
    }
    Ok((!parts.is_empty()).then(|| {
        format!(
            "Registrations that are not a Social Work England number (SW and digits), such as HCPC numbers of occupational therapists, do not count: {} hold one, left out with their starts, leaves, cases and absence.",
            parts.join(" and ")
        )
    }))
}

impl Year {
    /// The 22 figures of one row (a group or the Total), rounded as the
    /// DfE publishes them; `None` is N/A.
    pub fn figures(&self, g: &Agg, std_hours: Decimal) -> Vec<Option<Decimal>> {
        let known = |c: &str, blank: &str| (g.count(blank) == 0).then(|| g.get(c));
        // FTE unknown only in the groups holding someone in post without
        // one (a leavers extract without fte), not in every row.
        let in_post_fte = known("_inpost_fte", "_inpost_fte_blank");
        let in_post_heads = Some(Decimal::from(g.count("inpost_headcount")));
        let (starters_fte, starters, leavers_fte, leavers) = if self.flows {
            (
                known("_st_fte", "_st_blank"),
                Some(Decimal::from(g.count("starters_headcount"))),
                known("_lv_fte", "_lv_blank"),
                Some(Decimal::from(g.count("leavers_headcount"))),
            )
        } else {
            (None, None, None, None)
        };
        let (agency_fte, agency_heads, cover) = if self.agency {
            (
                Some(g.get("_ag_hours") / std_hours),
                Some(Decimal::from(g.count("agency_headcount"))),
                Some(g.get("_cover_hours") / std_hours),
            )
        } else {
            (None, None, None)
        };
        let vacancy = if self.vacancies && in_post_fte.is_some() {
            known("_vacancy", "_vacancy_blank")
        } else {
            None
        };
        // Agency case holders are known: the placements are, with their
        // cases, or none that count was active.
        let agency_holders_known =
            self.agency && (self.agency_cases || g.count("agency_headcount") == 0);
        let (holders_fte, cases) = if self.cases && agency_holders_known {
            (
                self.holders_fte_known.then(|| holders_fte(g, std_hours)),
                Some(g.get("cases")),
            )
        } else {
            (None, None)
        };
        let lost = if self.absence { fte_days_lost(g) } else { None };
        let rate = |a: Option<Decimal>, b: Option<Decimal>| {
            a.zip(b).and_then(|(a, b)| pct(a, b)).map(one_decimal)
        };
        let plus = |a: Option<Decimal>, b: Option<Decimal>| a.zip(b).map(|(a, b)| a + b);
        let r = |v: Option<Decimal>| v.map(one_decimal);
        vec![
            r(in_post_fte),
            in_post_heads,
            r(starters_fte),
            starters,
            r(leavers_fte),
            leavers,
            rate(leavers_fte, in_post_fte),
            rate(leavers, in_post_heads),
            r(agency_fte),
            agency_heads,
            rate(agency_fte, plus(agency_fte, in_post_fte)),
            rate(agency_heads, plus(agency_heads, in_post_heads)),
            r(cover),
            rate(cover, agency_fte),
            r(vacancy),
            rate(vacancy, plus(vacancy, in_post_fte)),
            rate(cover, vacancy),
            r(holders_fte),
            cases,
            holders_fte
                .zip(cases)
                .and_then(|(f, c)| ratio(c, f))
                .map(one_decimal),
            r(lost),
            lost.zip(in_post_fte)
                .and_then(|(l, f)| pct(l, f * self.days))
                .map(one_decimal),
        ]
    }

    /// The Total row's figures.
    pub fn total(&self, std_hours: Decimal) -> Vec<Option<Decimal>> {
        self.figures(&self.rows.total, std_hours)
    }
}

pub fn run(settings: &Settings, year_flag: Option<i32>) -> Result<Table> {
    if year_flag.is_some() && (settings.period.is_some() || settings.as_of.is_some()) {
        return Err(usage(
            "--year sets the period (1 October to 30 September) and the as-of date (30 September): give --year, or --as-of alone to take the latest year ending by then",
        ));
    }
    if settings.period.is_some() {
        return Err(usage(
            "--period: swr census works on DfE years (1 October to 30 September); give --year YYYY",
        ));
    }
    let by = settings.by.clone().unwrap_or_default();
    let mut model = open(settings, &by)?;
    let y = year_flag.unwrap_or_else(|| year_ending_by(model.as_of));
    let period = dfe_year(y);
    let why = match year_flag {
        Some(_) => format!("the end of the DfE year {y}, --year"),
        None => format!(
            "the end of the DfE year {y}, the latest ending on or before {}",
            fmt_date(model.as_of)
        ),
    };
    model.fix_dates(period.end, period, why);
    let figures = year(&model, y, &by)?;
    let std_hours = settings.standard_hours;

    let mut t = Table::new(format!(
        "DfE children's social work workforce indicators, {y} (year to 30 September {y})"
    ));
    for b in &by {
        t.column(b.clone(), Kind::Text);
    }
    for (name, m) in INDICATORS {
        t.column(name, m.kind());
    }
    let values = |v: Vec<Option<Decimal>>| v.into_iter().map(Value::opt).collect::<Vec<_>>();
    if by.is_empty() {
        t.rows.push(values(figures.total(std_hours)));
    } else {
        for g in &figures.rows.groups {
            let mut r: Vec<Value> = g.keys.iter().map(Value::text).collect();
            r.extend(values(figures.figures(g, std_hours)));
            t.rows.push(r);
        }
        if settings.totals {
            let mut r = total_keys(by.len());
            r.extend(values(figures.total(std_hours)));
            t.rows.push(r);
        }
        t.in_several = figures.rows.in_several.clone();
    }
    model.notes(&mut t, true);
    for n in &figures.notes {
        t.note(n.clone());
    }
    t.note(format!(
        "Headcounts count people (employee_id); FTEs sum records; agency_headcount counts placements active on {} (not de-duplicated) and agency FTE is hours_per_week / {std_hours}.",
        fmt_date(period.end)
    ));
    t.note(format!(
        "Rates from unrounded figures, rounded half up to 1 decimal; FTEs and days to 1 decimal, as the DfE publishes. absence_rate_fte divides by in-post FTE x {} working days.",
        crate::render::plain(figures.days, Kind::Fte)
    ));
    Ok(t)
}

// The command line of `swr census` (its description is on its variant in
// cli.rs, which clap shows).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub common: Common,
    /// DfE reporting year: 1 October YYYY-1 to 30 September YYYY [default: the latest ending on or before the as-of date]
    #[arg(long, value_name = "YYYY", value_parser = crate::options::year)]
    pub year: Option<i32>,
}

impl super::Report for Args {
    fn common(&self) -> &Common {
        &self.common
    }

    fn no_series(&self) -> Option<&'static str> {
        Some("swr census: --compare and --every do not apply; a census row is one DfE year (1 October to 30 September): give --year YYYY for another, or see every year with swr benchmark --trend")
    }

    fn run(&self, settings: &Settings) -> Result<(Table, i32)> {
        Ok((run(settings, self.year)?, crate::exit::OK))
    }
}
