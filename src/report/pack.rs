//! `swr pack`: the quarterly dashboard (Cambridgeshire's section 5) in one
//! go. Each indicator is one of swr's reports asked for every quarter of the
//! last two years (`--every quarter`, so each quarter's flows are over the
//! 12 months to it and its stocks on its last day) and for a baseline date,
//! laid out as quarters by group with the Total; a summary sets the latest
//! quarter against the one before, the baseline and a target. A Method
//! sheet says how every figure is worked out, and the check of the extracts
//! comes with it.

use crate::extracts::Dataset;
use crate::model::{Model, Needs};
use crate::options::Common;
use crate::period::{fmt_date, Period};
use crate::series::{self, Every};
use crate::settings::{usage, Better, Filter, Settings, Target};
use crate::table::{is_closing, Closing, Kind, Pack, Rating, Section, Table, Value};
use anyhow::{anyhow, Result};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// One indicator of the dashboard.
struct Indicator {
    key: &'static str,
    title: &'static str,
    /// The report and its group column.
    report: fn(&Settings) -> Result<Table>,
    by: &'static str,
    /// The column of the report charted.
    figure: &'static str,
    kind: Kind,
    better: Better,
    /// What its chart's value axis shows.
    axis: &'static str,
    /// Its name in swr.toml `[targets]` (shared with swr exceptions).
    target: Option<&'static str>,
    /// An extract it cannot do without (beyond the report's own needs).
    needs: &'static [Dataset],
    /// The vacancy rate of key roles only.
    key_roles: bool,
    method: &'static str,
}

const INDICATORS: &[Indicator] = &[
    Indicator {
        key: "agency_spend",
        title: "Agency spend",
        report: |s| {
            crate::report::costs::run(
                s,
                &crate::report::costs::Options {
                    cap: None,
                    weeks: None,
                    on_cost_rate: None,
                },
            )
        },
        by: "directorate",
        figure: "agency_spend",
        kind: Kind::Money,
        better: Better::Lower,
        axis: "Agency spend over 12 months (£)",
        target: Some("agency_spend"),
        needs: &[Dataset::Payroll, Dataset::Agency],
        key_roles: false,
        method: "Agency spend over the 12 months to each quarter's end: hourly rate x hours per week x days active in those months / 7 x weeks / 52, each placement rounded to the penny (swr costs).",
    },
    Indicator {
        key: "vacancy_rate",
        title: "Vacancy rate of key roles",
        report: |s| crate::report::vacancies::run(s, None),
        by: "job_title",
        figure: "vacancy_rate_pct",
        kind: Kind::Pct,
        better: Better::Lower,
        axis: "Vacancy rate (% of FTE)",
        target: Some("vacancy_rate_pct"),
        needs: &[Dataset::Establishment, Dataset::Payroll],
        key_roles: true,
        method: "Vacancy rate on each quarter's last day: vacancy FTE / (vacancy FTE + FTE in post) x 100, vacancies per post or unit as max(establishment - in post, 0), for the key roles (swr vacancies, the DfE's rate).",
    },
    Indicator {
        key: "turnover",
        title: "Turnover by client group",
        report: |s| crate::report::turnover::run(s, crate::report::turnover::Denominator::End),
        by: "directorate",
        figure: "turnover_pct",
        kind: Kind::Pct,
        better: Better::Lower,
        axis: "Turnover over 12 months (%)",
        target: Some("turnover_pct"),
        needs: &[Dataset::Payroll, Dataset::Leavers],
        key_roles: false,
        method: "Turnover over the 12 months to each quarter's end: leavers / people in post on the quarter's last day x 100 (swr turnover, the DfE's definition), by directorate (the client group).",
    },
    Indicator {
        key: "transfers",
        title: "Transfers from agency",
        report: |s| crate::report::agency::run(s, None),
        by: "directorate",
        figure: "converted",
        kind: Kind::Count,
        better: Better::Higher,
        axis: "Agency workers made permanent in 12 months",
        target: None,
        needs: &[Dataset::Agency, Dataset::Payroll],
        key_roles: false,
        method: "Agency workers who became permanent in the 12 months to each quarter's end: a registration on an agency placement and on a payroll or leavers row starting in those months on or after the placement's start, each person once (the converted column of swr agency).",
    },
    Indicator {
        key: "caseload",
        title: "Caseload",
        report: |s| crate::report::caseload::run(s, crate::model::CaseloadOf::All, None),
        by: "directorate",
        figure: "caseload_fte",
        kind: Kind::Fte,
        better: Better::Lower,
        axis: "Cases per FTE",
        target: Some("caseload_fte"),
        needs: &[Dataset::Payroll],
        key_roles: false,
        method: "Caseload on each quarter's last day: cases held by staff in post and active agency placements / the FTE of those holding cases (swr caseload, the DfE's average caseload).",
    },
    Indicator {
        key: "absence",
        title: "Sickness absence",
        report: |s| crate::report::absence::run(s, None),
        by: "directorate",
        figure: "absence_rate_pct",
        kind: Kind::Pct,
        better: Better::Lower,
        axis: "Working days lost over 12 months (%)",
        target: Some("absence_rate_pct"),
        needs: &[Dataset::Absence, Dataset::Payroll],
        key_roles: false,
        method: "Sickness absence over the 12 months to each quarter's end: FTE days lost / (FTE in post on its last day x 253 working days, 254 when the months hold 29 February) x 100 (swr absence, the DfE's rate).",
    },
];

/// A figure's column name as a sentence reads it ("caseload FTE").
fn words(figure: &str) -> String {
    crate::render::in_words(&format!("no {figure}"))[3..].to_string()
}

fn names(list: &[&str]) -> String {
    list.join(", ")
}

/// A line of the summary, before its columns are chosen.
struct Line {
    title: &'static str,
    quarter: String,
    latest: Value,
    previous: Value,
    change: Value,
    baseline: Value,
    target: Option<(Target, Kind)>,
    status: String,
    /// Why the indicator is not available, if it is not.
    note: String,
}

/// The thresholds each indicator is rated against: `[targets]` under its
/// name there (agency spend's, a month's, times 12 for the pack's 12
/// months), else the single figure of `[pack.targets]` (both thresholds,
/// so green or red), with what the method must say about them.
fn targets_of(
    settings: &Settings,
    config_name: &str,
    method: &mut Vec<String>,
) -> Result<std::collections::BTreeMap<&'static str, Target>> {
    let mut out = std::collections::BTreeMap::new();
    for ind in INDICATORS {
        let Some(t) = ind.target.and_then(|name| settings.targets.get(name)) else {
            continue;
        };
        let mut t = t.clone();
        if ind.key == "agency_spend" {
            let year = Decimal::from(12);
            t.green *= year;
            t.red *= year;
            method.push(format!(
                "Agency spend's target: [targets] agency_spend is a month's spend (as swr exceptions rates it: green at most {}, red from {}); the dashboard's agency spend is over 12 months, so it is rated against 12 times those: green at most {}, red from {}.",
                crate::render::human(t.green / year, Kind::Money),
                crate::render::human(t.red / year, Kind::Money),
                crate::render::human(t.green, Kind::Money),
                crate::render::human(t.red, Kind::Money),
            ));
        }
        out.insert(ind.key, t);
    }
    let keys = || names(&INDICATORS.iter().map(|i| i.key).collect::<Vec<_>>());
    for (k, v) in &settings.pack.targets {
        let Some(ind) = INDICATORS.iter().find(|i| i.key == k) else {
            return Err(usage(format!(
                "{config_name}: [pack.targets] {k}: no indicator '{k}'; expected some of {}",
                keys()
            )));
        };
        let d = crate::settings::toml_number(v).ok_or_else(|| {
            usage(format!(
                "{config_name}: [pack.targets] {k} = {v}: expected a number"
            ))
        })?;
        if let (Some(_), Some(name)) = (out.get(ind.key), ind.target) {
            return Err(usage(format!(
                "{config_name}: [pack.targets] {k} and [targets] {name} both give {}'s target; keep the one in [targets]",
                ind.title
            )));
        }
        out.insert(
            ind.key,
            Target {
                indicator: ind.target.unwrap_or(ind.key),
                green: d,
                red: d,
                better: ind.better,
            },
        );
    }
    if !settings.pack.targets.is_empty() {
        method.push(format!(
            "[pack.targets] in {config_name} now belongs in [targets], where swr exceptions reads it too, as {{ green = ..., red = ... }} under the names vacancy_rate_pct, turnover_pct, caseload_fte, absence_rate_pct and agency_spend (a month's spend). It is still read: its figure is both the green and the red threshold, so the status is Green or Red, never Amber."
        ));
    }
    Ok(out)
}

pub fn run(settings: &Settings, baseline: Option<NaiveDate>) -> Result<Pack> {
    let config = &settings.pack;
    // What the dashboard cannot honour is refused, never ignored.
    if settings.by.is_some() {
        return Err(usage(
            "swr pack: --by does not apply; each indicator has its own groups (directorate; job_title for the vacancy rate of key roles): narrow the dashboard with --where, or run the report with --by",
        ));
    }
    if !settings.totals {
        return Err(usage(
            "swr pack: --no-totals does not apply; the summary and the charts are each indicator's Total",
        ));
    }
    let config_name = settings
        .config_file
        .as_ref()
        .map_or("swr.toml".to_string(), |p| p.display().to_string());
    // --baseline, else `baseline` in swr.toml (or `[pack] baseline`).
    let baseline = baseline.or(settings.baseline);
    let quarters = match config.quarters {
        None => 8,
        Some(q @ 1..=40) => q,
        Some(q) => {
            return Err(usage(format!(
                "{config_name}: [pack] quarters = {q}: expected a whole number of quarters from 1 to 40"
            )))
        }
    };
    let full_check = match config.check.as_deref() {
        None | Some("problems") => false,
        Some("full") => true,
        Some(other) => {
            return Err(usage(format!(
                "{config_name}: [pack] check = \"{other}\": expected \"problems\" (the default: what the check found) or \"full\" (with how each column was read)"
            )))
        }
    };
    // The as-of date every command on these extracts uses.
    let opened = Model::dates(settings, "pack")?;
    let as_of = opened.as_of;
    // The day after the end of the quarter before the first: from a
    // month's last day, the last day of that month (30 September less six
    // months is 31 March, not 30 March, which would give a third quarter).
    let month_end = series::last_of_month(as_of) == as_of;
    let span = Period {
        start: as_of
            .checked_sub_months(chrono::Months::new(3 * quarters))
            .map(|d| {
                if month_end {
                    series::last_of_month(d)
                } else {
                    d
                }
            })
            .and_then(|d| d.succ_opt())
            .ok_or_else(|| anyhow!("the quarters before {} go back too far", fmt_date(as_of)))?,
        end: as_of,
    };
    // `forecast` (the next 12 months) is optional: only when listed.
    let forecast = config
        .indicators
        .as_ref()
        .is_some_and(|keys| keys.iter().any(|k| k == FORECAST));
    let chosen: Vec<&Indicator> = match &config.indicators {
        Some(keys) => keys
            .iter()
            .filter(|k| *k != FORECAST)
            .map(|k| {
                INDICATORS.iter().find(|i| i.key == k).ok_or_else(|| {
                    usage(format!(
                        "{config_name}: [pack] indicators: no indicator '{k}'; expected some of {}, or {FORECAST} (the next 12 months)",
                        names(&INDICATORS.iter().map(|i| i.key).collect::<Vec<_>>())
                    ))
                })
            })
            .collect::<Result<_>>()?,
        None => INDICATORS.iter().collect(),
    };
    let mut method = vec![format!(
        "As of {}: the latest start or leave date in the extracts (or --as-of). Quarters end on {} and every three months before it; each quarter's flows are over the 12 months to its last day and its stocks are on that day.",
        fmt_date(as_of),
        fmt_date(as_of)
    )];
    if let Some(b) = baseline {
        method.push(format!(
            "Baseline: the same figures as of {} (flows over the 12 months to it).",
            fmt_date(b)
        ));
    }
    if config.baseline.is_some() {
        method.push(format!(
            "[pack] baseline in {config_name} now belongs at the top level of swr.toml (baseline = \"{}\"), where swr exceptions reads it too; it is still read.",
            config.baseline.as_deref().unwrap_or_default()
        ));
    }
    let targets = targets_of(settings, &config_name, &mut method)?;
    let rated = chosen.iter().any(|i| targets.contains_key(i.key));
    if rated {
        method.push("Status: the latest quarter's Total against its target in swr.toml [targets]: Green at or better than the green threshold (the target shown), Red at or past the red threshold, Amber between. Lower is better, except for transfers from agency.".to_string());
    }
    let step_days = series::steps(span, Every::Quarter);
    // The extracts each indicator cannot do without that are missing.
    let mut missing: Vec<Vec<&str>> = Vec::with_capacity(chosen.len());
    for ind in &chosen {
        let mut lacks = Vec::new();
        for ds in ind.needs {
            if settings.sources.locate(*ds)?.is_none() {
                lacks.push(ds.name());
            }
        }
        missing.push(lacks);
    }
    // Each indicator's quarters and baseline, worked out side by side
    // (those whose extracts are there); laid out below, in order.
    let mut figured = crate::frame::side_by_side(chosen.len(), |i| {
        if !missing[i].is_empty() {
            return None;
        }
        let ind = chosen[i];
        Some(
            indicator_settings(settings, ind, span).and_then(|(s, roles_note)| {
                let (series_table, _) = series::run(&s, |x: &Settings| indicator_table(ind, x))?;
                // A baseline on a quarter's last day is that quarter's row,
                // not a row of its own repeating it.
                let base = match baseline {
                    Some(b) if !step_days.contains(&b) => {
                        Some(indicator_table(ind, &series::at(&s, b))?.0)
                    }
                    _ => None,
                };
                Ok((series_table, base, roles_note))
            }),
        )
    });
    let mut lines: Vec<Line> = Vec::new();
    let mut sections = Vec::new();
    for (i, ind) in chosen.into_iter().enumerate() {
        let target = targets.get(ind.key).cloned();
        let unavailable_line = |why: String| Line {
            title: ind.title,
            quarter: String::new(),
            latest: Value::NA,
            previous: Value::NA,
            change: Value::NA,
            baseline: Value::NA,
            target: target.clone().map(|t| (t, ind.kind)),
            status: "N/A".to_string(),
            note: format!("not available: {why}"),
        };
        // An extract it cannot do without is missing: listed as not
        // available on the summary and the method, never left out.
        let missing = &missing[i];
        if !missing.is_empty() {
            let which = missing.join(" and ");
            let flags = missing
                .iter()
                .map(|m| format!("--{m} PATH"))
                .collect::<Vec<_>>()
                .join(", ");
            method.push(format!(
                "{}: not available: it needs the {which} extract{}, and none was found (name it with {flags}, or put it in the --data folder or workbook).",
                ind.title,
                if missing.len() > 1 { "s" } else { "" },
            ));
            lines.push(unavailable_line(format!("no {which} extract")));
            continue;
        }
        let (series_table, base, roles_note) = figured
            .get_mut(i)
            .and_then(Option::take)
            .flatten()
            .unwrap_or_else(|| Err(anyhow!("{}: the reports could not be run", ind.title)))?;
        // An indicator the extracts hold no figure for (a payroll without
        // cases, an agency extract without registrations) is not available:
        // the summary and the method say so, with the report's own notes on
        // why. Chosen by default it has no sheet; named in [pack] it keeps
        // its sheet of N/A.
        let unavailable = no_figure(&series_table, ind.figure);
        if unavailable {
            let mut why: Vec<&str> = Vec::new();
            for n in &series_table.notes {
                if (n.contains(" N/A") || n.contains(" has no ")) && !why.contains(&n.as_str()) {
                    why.push(n);
                }
            }
            method.push(format!(
                "{}: not available: the extracts give no {} in any quarter{}",
                ind.title,
                words(ind.figure),
                if why.is_empty() {
                    " (a column it needs is missing or blank).".to_string()
                } else {
                    format!(
                        ". The report says: {}",
                        crate::render::in_words(&why.join(" "))
                    )
                }
            ));
            if config.indicators.is_none() {
                lines.push(unavailable_line(format!(
                    "the extracts give no {} (see Method)",
                    words(ind.figure)
                )));
                continue;
            }
        }
        let section = lay_out(ind, &series_table, base.as_ref(), baseline, target);
        method.push(format!("{}: {}", ind.title, ind.method));
        if let Some(n) = roles_note {
            method.push(n);
        }
        let mut line = summary_line(ind, &section);
        if unavailable {
            line.note = format!(
                "not available: the extracts give no {} (see Method)",
                words(ind.figure)
            );
        }
        lines.push(line);
        sections.push(section);
    }
    if forecast {
        next_months(settings, &mut lines, &mut sections, &mut method)?;
    }
    let quarter = series::label(as_of, Every::Quarter);
    let summary = summary_table(&lines, as_of, baseline.is_some(), rated);
    let (mut check, _) = crate::report::check::run(settings)?;
    if !full_check {
        if let Some(sev) = check.col("severity") {
            let before = check.rows.len();
            check.rows.retain(|r| r[sev].as_text() != Some("column"));
            let left_out = before - check.rows.len();
            if left_out > 0 {
                check.note(format!(
                    "How each extract's columns were read ({left_out} column{}) is left out here: swr check lists it, or set [pack] check = \"full\" in swr.toml.",
                    if left_out == 1 { "" } else { "s" }
                ));
            }
            if !check
                .rows
                .iter()
                .any(|r| matches!(r[sev].as_text(), Some("error" | "warning")))
            {
                check.note("The check found no problems in the extracts.");
            }
        }
    }
    method.push("The check of the extracts (swr check) closes the dashboard: rows read, loaded, blank, footer and set aside in each extract, and every problem found.".to_string());
    let council = settings.council.as_deref().map(str::trim).unwrap_or("");
    let when = if quarter == fmt_date(as_of) {
        format!("the quarter to {quarter}")
    } else {
        quarter.clone()
    };
    let title = if council.is_empty() {
        format!("Workforce dashboard, {when}")
    } else {
        format!("{council}: workforce dashboard, {when}")
    };
    let mut subtitle = format!("As of {}", fmt_date(as_of));
    if let Some(b) = baseline {
        subtitle.push_str(&format!(", against the baseline of {}", fmt_date(b)));
    }
    subtitle.push('.');
    if !rated {
        subtitle.push_str(" No targets are set (swr.toml [targets]).");
    }
    Ok(Pack {
        title,
        subtitle,
        as_of,
        summary,
        sections,
        method,
        check,
    })
}

/// The summary: a row per indicator; the baseline column only with a
/// baseline, target and status only when some indicator has a target, and
/// a note column only when some indicator is not available.
fn summary_table(lines: &[Line], as_of: NaiveDate, baseline: bool, rated: bool) -> Table {
    let mut summary = Table::new(format!("Summary as of {}", fmt_date(as_of)));
    // The figures are numbers, each in its indicator's kind (£, %, a
    // count, FTE): `Kind::Fte` only names the columns as numeric.
    let noted = lines.iter().any(|l| !l.note.is_empty());
    let mut columns = vec![
        ("indicator", Kind::Text),
        ("quarter", Kind::Text),
        ("latest", Kind::Fte),
        ("previous", Kind::Fte),
        ("change", Kind::Fte),
    ];
    if baseline {
        columns.push(("baseline", Kind::Fte));
    }
    if rated {
        columns.push(("target", Kind::Fte));
        columns.push(("status", Kind::Text));
    }
    if noted {
        columns.push(("note", Kind::Text));
    }
    for (name, kind) in columns {
        summary.column(name, kind);
    }
    for l in lines {
        let mut row = vec![
            Value::text(l.title),
            Value::text(l.quarter.clone()),
            l.latest.clone(),
            l.previous.clone(),
            l.change.clone(),
        ];
        if baseline {
            row.push(l.baseline.clone());
        }
        if rated {
            row.push(
                l.target
                    .as_ref()
                    .map_or(Value::text(""), |(t, k)| Value::NumAs(t.green, *k)),
            );
            row.push(Value::text(l.status.clone()));
        }
        if noted {
            row.push(Value::text(l.note.clone()));
        }
        summary.rows.push(row);
    }
    summary.note("Change: the latest quarter's figure less the one before, as printed (a rate's change is in percentage points).");
    summary
}

/// The key of the optional forecast sheet in `[pack] indicators`.
const FORECAST: &str = "forecast";
const FORECAST_TITLE: &str = "Next 12 months";
const FORECAST_LINE: &str = "Next 12 months: FTE in post";

/// The optional sheet of `swr forecast`: FTE in post month by month for
/// the next 12 months by directorate, with the Total; on the summary, the
/// Total in 12 months against the as-of date.
fn next_months(
    settings: &Settings,
    lines: &mut Vec<Line>,
    sections: &mut Vec<Section>,
    method: &mut Vec<String>,
) -> Result<()> {
    let needs = [Dataset::Establishment, Dataset::Payroll, Dataset::Leavers];
    let mut missing = Vec::new();
    for ds in needs {
        if settings.sources.locate(ds)?.is_none() {
            missing.push(ds.name());
        }
    }
    let na_line = |why: String| Line {
        title: FORECAST_TITLE,
        quarter: String::new(),
        latest: Value::NA,
        previous: Value::NA,
        change: Value::NA,
        baseline: Value::NA,
        target: None,
        status: String::new(),
        note: format!("not available: {why}"),
    };
    if !missing.is_empty() {
        let which = missing.join(" and ");
        method.push(format!(
            "{FORECAST_TITLE}: not available: it needs the {which} extract{}, and none was found.",
            if missing.len() > 1 { "s" } else { "" }
        ));
        lines.push(na_line(format!("no {which} extract")));
        return Ok(());
    }
    let mut s = settings.clone();
    s.by = Some(vec!["directorate".to_string()]);
    s.period = None;
    s.every = None;
    s.compare = None;
    let f = match crate::report::forecast::run(&s, &crate::report::forecast::Options::default()) {
        Ok(f) => f,
        // What the forecast cannot do on these extracts (a column they
        // lack) is said, not a failed dashboard; a cell it cannot read is
        // the error it is.
        Err(e) if crate::model::is_usage(&e) => {
            method.push(format!("{FORECAST_TITLE}: not available: {e:#}"));
            lines.push(na_line("see Method".to_string()));
            return Ok(());
        }
        Err(e) => return Err(e),
    };
    let col = |name: &str| f.columns.iter().position(|c| c.name == name);
    let (Some(group), Some(in_post)) = (col("directorate"), col("in_post_fte")) else {
        return Ok(());
    };
    let mut groups: Vec<String> = Vec::new();
    let mut months: Vec<String> = Vec::new();
    for row in &f.rows {
        let g = row[group].key().to_string();
        if !is_closing(&row[group..]) && !groups.contains(&g) {
            groups.push(g);
        }
        let m = row[0].as_text().unwrap_or_default().to_string();
        if !months.contains(&m) {
            months.push(m);
        }
    }
    groups.sort();
    groups.push(Closing::Total.key().to_string());
    let mut t = Table::new(FORECAST_TITLE);
    t.column("month", Kind::Text);
    for g in &groups {
        t.column(Closing::shown(g), Kind::Fte);
    }
    for m in &months {
        let mut r = vec![Value::text(m.clone())];
        for g in &groups {
            r.push(
                f.rows
                    .iter()
                    .find(|row| row[0].as_text() == Some(m.as_str()) && row[group].key() == g)
                    .map_or(Value::NA, |row| row[in_post].clone()),
            );
        }
        t.rows.push(r);
    }
    for n in &f.notes {
        t.note(n.clone());
    }
    let total = groups.len();
    let at = |i: usize| {
        t.rows
            .get(i)
            .and_then(|r| r[total].number())
            .map(|d| stored(d, Kind::Fte))
    };
    let (now, ahead) = (at(0), at(t.rows.len().saturating_sub(1)));
    let shown = |v: Option<Decimal>| v.map_or(Value::NA, |d| Value::NumAs(d, Kind::Fte));
    lines.push(Line {
        title: FORECAST_LINE,
        quarter: months.last().cloned().unwrap_or_default(),
        latest: shown(ahead),
        previous: shown(now),
        change: shown(ahead.zip(now).map(|(a, b)| a - b)),
        baseline: Value::NA,
        target: None,
        status: String::new(),
        note: "forecast: previous is the as-of date".to_string(),
    });
    method.push(format!(
        "{FORECAST_TITLE}: the FTE in post expected at the end of each of the next 12 months, by directorate (swr forecast): each person in post survives each month with 1 - h of their length-of-service band, h = 1 - (1 - r)^(1/12), r = leavers in the 12 months to the as-of date / people in post on it, by band (<1, 1-2, 2-5, 5-10, 10+ years) over the whole workforce; payroll rows starting after the as-of date and the [[plan]] of swr.toml join in their month."
    ));
    sections.push(Section {
        title: FORECAST_TITLE.to_string(),
        axis: "FTE in post".to_string(),
        quarters: 0..t.rows.len(),
        table: t,
        baseline: None,
        target: None,
    });
    Ok(())
}

/// The settings an indicator's quarters are asked with (its groups, its
/// key roles, the pack's quarters), and what the method says of its key
/// roles.
fn indicator_settings(
    settings: &Settings,
    ind: &Indicator,
    span: Period,
) -> Result<(Settings, Option<String>)> {
    let mut s = settings.clone();
    s.by = Some(vec![ind.by.to_string()]);
    let mut roles_note = None;
    if ind.key_roles {
        let roles = key_roles(settings)?;
        roles_note = Some(format!("Key roles: {}.", roles.join(", ")));
        for r in roles {
            s.filters.push(Filter {
                column: "job_title".to_string(),
                value: r,
                keep: true,
            });
        }
    }
    s.period = Some(span);
    s.every = Some(Every::Quarter);
    Ok((s, roles_note))
}

/// An indicator's report, as `series::run` asks it.
fn indicator_table(ind: &Indicator, settings: &Settings) -> Result<(Table, i32)> {
    Ok(((ind.report)(settings)?, crate::exit::OK))
}

/// Is `figure` N/A (or absent) in every row of the table?
fn no_figure(table: &Table, figure: &str) -> bool {
    match table.columns.iter().position(|c| c.name == figure) {
        None => true,
        Some(i) => table.rows.iter().all(|r| matches!(r[i], Value::NA)),
    }
}

/// The key roles: `[pack] key_roles`, else the establishment's job titles
/// that hold "social worker".
fn key_roles(settings: &Settings) -> Result<Vec<String>> {
    if let Some(r) = &settings.pack.key_roles {
        return Ok(r.clone());
    }
    let model = Model::open(
        settings,
        &Needs {
            command: "pack",
            required: &[Dataset::Establishment],
            optional: &[],
            columns: &["job_title"],
            figures: &[],
            stock: false,
        },
        &[],
        &[],
    )?;
    let titles = model
        .extract(Dataset::Establishment)
        .frame
        .column("job_title")?
        .str()?
        .clone();
    let mut roles: Vec<String> = titles
        .iter()
        .flatten()
        .filter(|t| t.to_lowercase().contains("social worker"))
        .map(str::to_string)
        .collect();
    roles.sort();
    roles.dedup();
    if roles.is_empty() {
        return Err(usage(
            "swr pack: no job title holds \"social worker\"; name the key roles in swr.toml: [pack] key_roles = [\"...\"]",
        ));
    }
    Ok(roles)
}

/// Quarters by group from the report's stacked table (`period`, the group
/// column, the figures), with the baseline first when it is not one of the
/// quarters.
fn lay_out(
    ind: &Indicator,
    series_table: &Table,
    base: Option<&Table>,
    baseline: Option<NaiveDate>,
    target: Option<Target>,
) -> Section {
    let fig = series_table
        .columns
        .iter()
        .position(|c| c.name == ind.figure);
    let mut groups: Vec<String> = Vec::new();
    let cell = |row: &Vec<Value>, i: usize| row[i].as_text().unwrap_or_default().to_string();
    for row in &series_table.rows {
        let g = row[1].key().to_string();
        if !is_closing(&row[1..]) && !groups.contains(&g) {
            groups.push(g);
        }
    }
    groups.sort();
    groups.push(Closing::Total.key().to_string());
    let mut t = Table::new(ind.title);
    t.column("quarter", Kind::Text);
    for g in &groups {
        t.column(Closing::shown(g), ind.kind);
    }
    let value_in = |table: &Table, rows: &[&Vec<Value>], g: &str, key_at: usize| -> Value {
        let f = table.columns.iter().position(|c| c.name == ind.figure);
        rows.iter()
            .find(|r| r[key_at].key() == g)
            .and_then(|r| f.map(|f| r[f].clone()))
            .unwrap_or(Value::NA)
    };
    let mut base_row = None;
    if let (Some(b), Some(day)) = (base, baseline) {
        let rows: Vec<&Vec<Value>> = b.rows.iter().collect();
        let name = format!("Baseline {}", fmt_date(day));
        let mut r = vec![Value::text(name.clone())];
        r.extend(groups.iter().map(|g| value_in(b, &rows, g, 0)));
        t.rows.push(r);
        base_row = Some((0, name));
    }
    let first_quarter = t.rows.len();
    let mut labels: Vec<(String, Option<NaiveDate>)> = Vec::new();
    for row in &series_table.rows {
        let l = cell(row, 0);
        if !labels.iter().any(|(x, _)| *x == l) {
            let day = match &row[0] {
                Value::Date { day, .. } => Some(*day),
                _ => None,
            };
            labels.push((l, day));
        }
    }
    for (l, day) in &labels {
        let rows: Vec<&Vec<Value>> = series_table
            .rows
            .iter()
            .filter(|r| cell(r, 0) == *l)
            .collect();
        if base_row.is_none() && baseline.is_some() && *day == baseline {
            let name = format!("Baseline {}", fmt_date(day.unwrap_or_default()));
            t.note(format!(
                "{name}: the {l} row (the baseline is that quarter's last day)."
            ));
            base_row = Some((t.rows.len(), name));
        }
        let mut r = vec![Value::text(l.clone())];
        r.extend(groups.iter().map(|g| {
            if fig.is_some() {
                value_in(series_table, &rows, g, 1)
            } else {
                Value::NA
            }
        }));
        t.rows.push(r);
    }
    let quarters = first_quarter..t.rows.len();
    for n in &series_table.notes {
        t.note(n.clone());
    }
    Section {
        title: ind.title.to_string(),
        axis: ind.axis.to_string(),
        table: t,
        quarters,
        baseline: base_row,
        target,
    }
}

/// The decimals a figure of this kind is printed and stored to (the data
/// formats': money to the penny, a rate to 0.1, a count whole, FTE to 0.01).
fn stored(d: Decimal, kind: Kind) -> Decimal {
    let dp = match kind {
        Kind::Money | Kind::Fte | Kind::Text => 2,
        Kind::Pct => 1,
        Kind::Count => 0,
    };
    d.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

/// The summary line of an indicator: its Total in the latest quarter, the
/// one before, the change, the baseline, the target and its status.
/// Figures are numbers in the indicator's kind, as stored, so the change is
/// the latest less the previous as they show, and the status is the
/// stored figure's.
fn summary_line(ind: &Indicator, s: &Section) -> Line {
    let total = s.table.columns.len() - 1;
    let at = |i: usize| {
        s.table
            .rows
            .get(i)
            .and_then(|r| r[total].number())
            .map(|d| stored(d, ind.kind))
    };
    let last = s.quarters.end.checked_sub(1).and_then(at);
    let prev = s
        .quarters
        .end
        .checked_sub(2)
        .filter(|i| *i >= s.quarters.start)
        .and_then(at);
    let shown = |v: Option<Decimal>| v.map_or(Value::NA, |d| Value::NumAs(d, ind.kind));
    let change = last.zip(prev).map(|(a, b)| a - b);
    let status = match (last, &s.target) {
        (Some(v), Some(t)) => match t.status(v) {
            Rating::Green => "Green",
            Rating::Amber => "Amber",
            Rating::Red => "Red",
        },
        (None, Some(_)) => "N/A",
        _ => "",
    };
    let quarter = s
        .quarters
        .end
        .checked_sub(1)
        .and_then(|i| s.table.rows.get(i))
        .and_then(|r| r[0].as_text().map(str::to_string))
        .unwrap_or_default();
    Line {
        title: ind.title,
        quarter,
        latest: shown(last),
        previous: shown(prev),
        change: shown(change),
        baseline: s
            .baseline
            .as_ref()
            .map_or(Value::NA, |(i, _)| shown(at(*i))),
        target: s.target.clone().map(|t| (t, ind.kind)),
        status: status.to_string(),
        note: String::new(),
    }
}

// The command line of `swr pack` (its description is on its variant in
// cli.rs).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub common: Common,
    /// Set every quarter against the figures as of DATE [default: baseline in swr.toml]
    #[arg(long, value_name = "DATE", value_parser = crate::options::baseline)]
    pub baseline: Option<NaiveDate>,
}
