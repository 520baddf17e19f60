//! `swr retention`: how many starters stay, cohort by cohort.
//!
//! Starters are people (employee_id) in payroll or leavers who started on or
//! before the as-of date (and in `--period` when it is given). Each is
//! counted once, from the earliest start_date of their rows and with the
//! group columns of that row; they are in post on a day when any of their
//! rows is (the model's rule: someone who leaves on the day is not). At N
//! months a starter is eligible when the day N months after their start is
//! on or before the as-of date, and retained when they were in post that
//! day, so recent starters are never counted as leavers.

use super::{dec, fill};
use crate::extracts::Dataset;
use crate::frame::{self, date_lit, Agg, LazyFrame};
use crate::model::{Model, Needs};
use crate::options::Common;
use crate::period::fmt_date;
use crate::settings::Settings;
use crate::table::{pct, Kind, Table, Value};
use anyhow::Result;
use polars::prelude::{col, lit, DataType, Expr, IntoLazy, JoinArgs, JoinType};

const NEEDS: Needs = Needs {
    command: "retention",
    required: &[Dataset::Payroll, Dataset::Leavers],
    optional: &[],
    columns: &["employee_id"],
    figures: &[],
    stock: false,
};

/// The group column worked out from each starter's start date.
pub const COHORT: &str = "cohort";

/// A cohort's key as a number (sorts as text in order: every key of one
/// kind has the same number of digits).
fn cohort_key(start: Expr, kind: Cohort) -> Expr {
    let year = start.clone().dt().year().cast(DataType::Int32);
    let month = start.dt().month().cast(DataType::Int32);
    match kind {
        Cohort::Year => year,
        Cohort::Fy => year - month.lt(lit(4)).cast(DataType::Int32),
        Cohort::Quarter => year * lit(10) + (month - lit(1)).floor_div(lit(3)) + lit(1),
    }
}

/// How a cohort's key reads: `2016`, `2016/17`, `2016Q3`.
fn cohort_label(key: &str, kind: Cohort) -> String {
    let Ok(n) = key.parse::<i32>() else {
        return key.to_string();
    };
    match kind {
        Cohort::Year => n.to_string(),
        Cohort::Fy => format!("{n}/{:02}", (n + 1).rem_euclid(100)),
        Cohort::Quarter => format!("{}Q{}", n / 10, n % 10),
    }
}

pub fn run(settings: &Settings, kind: Cohort, at: &[u32]) -> Result<Table> {
    let by = settings.by_or(&[COHORT]);
    // Every group column but the cohort comes from the extracts.
    let from_extracts: Vec<String> = by.iter().filter(|b| *b != COHORT).cloned().collect();
    let model = Model::open(settings, &NEEDS, &from_extracts, &[])?;
    let as_of = model.as_of;
    let period = settings.period.map(|_| model.period);

    let mut cols = vec!["employee_id"];
    cols.extend(from_extracts.iter().map(String::as_str));
    // The group columns besides the person's own ID, which is the key here.
    let attrs: Vec<&str> = from_extracts
        .iter()
        .map(String::as_str)
        .filter(|c| *c != "employee_id")
        .collect();
    // Each starter once, at their first start (a second post or a return
    // is no new start), in the group of each row that starts them: on or
    // before the as-of date, in the period.
    let mut starts = col("start_date").lt_eq(date_lit(as_of));
    if let Some(p) = period {
        starts = starts.and(Model::within("start_date", p));
    }
    let at_day = |n: &u32| format!("_at_{n}");
    let mut keep: Vec<Expr> = vec![
        col("employee_id"),
        col("start_date").alias("_first"),
        col("start_date"),
        col("leave_date"),
        col("_rows_of"),
    ];
    keep.extend(attrs.iter().map(|c| col(*c)));
    let started = std::time::Instant::now();
    let starting = model
        .starts(&cols, true)?
        .filter(starts)
        .select(keep)
        .with_columns(
            at.iter()
                .map(|n| Model::months_after(col("_first"), *n).alias(at_day(n)))
                .collect::<Vec<_>>(),
        )
        .collect()?
        .lazy();
    crate::progress::timing("starters", started);
    // Every row of each starter, whatever the filter keeps (a later post,
    // a return), says whether they were in post on the day N months after
    // their start, and now.
    let flags: Vec<Expr> = at
        .iter()
        .map(|n| {
            Model::in_post_on(col(at_day(n).as_str()))
                .fill_null(false)
                .alias(format!("_in_{n}"))
        })
        .chain([Model::in_post(as_of).fill_null(false).alias("_now")])
        .collect();
    // Someone with one row (most people) is in post on a day as that row
    // says; the rows of the others are looked up and joined.
    let one_row = col("_rows_of").eq(lit(1u32));
    let single = starting
        .clone()
        .filter(one_row.clone())
        .with_columns(flags.clone());
    let starting_several = starting.clone().filter(one_row.not());
    let person_days = starting_several.clone().group_by([col("employee_id")]).agg(
        at.iter()
            .map(|n| col(at_day(n).as_str()).first())
            .collect::<Vec<_>>(),
    );
    let mut per_person: Vec<Expr> = at
        .iter()
        .map(|n| {
            let c = format!("_in_{n}");
            col(c.as_str()).any(false).alias(c.as_str())
        })
        .collect();
    per_person.push(col("_now").any(false).alias("_now"));
    let in_post = model
        .workforce_unfiltered(&["employee_id"])?
        .select([col("employee_id"), col("start_date"), col("leave_date")])
        .join(
            person_days,
            [col("employee_id")],
            [col("employee_id")],
            JoinArgs::new(JoinType::Inner),
        )
        .with_columns(flags)
        .group_by([col("employee_id")])
        .agg(per_person);
    let mut eligible = vec![cohort_key(col("_first"), kind).alias(COHORT)];
    eligible.extend(at.iter().map(|n| {
        col(at_day(n).as_str())
            .lt_eq(date_lit(as_of))
            .alias(format!("_eligible_{n}"))
    }));
    // A starter whose cohort ended before the leavers extract's first leave
    // date cannot be told (SPEC 4, "Coverage"): those of the cohort who
    // left before it are in no extract.
    let held = model.held(Dataset::Leavers)?;
    let unknowable = match held {
        Some(h) => cohort_key(col("_first"), kind).lt(cohort_key(date_lit(h.start), kind)),
        None => lit(true),
    };
    eligible.push(unknowable.alias("_unknowable"));
    let several = starting_several.join(
        in_post,
        [col("employee_id")],
        [col("employee_id")],
        JoinArgs::new(JoinType::Left),
    );
    let people = polars::prelude::concat_lf_diagonal([single, several], Default::default())?
        .drop(polars::prelude::Selector::ByName {
            names: ["start_date".into(), "leave_date".into(), "_rows_of".into()].into(),
            strict: true,
        })
        .with_columns(eligible)
        .collect()?
        .lazy();
    crate::progress::timing("their days in post", started);

    // When every starter has one row here (the usual case: two starting
    // rows are two posts started the same day), a count of people is a
    // count of rows, and the distinct IDs need not be hashed per column.
    let one_row_each = { crate::frame::one_row_each(&people, "employee_id")? };
    let query = |keys: &[String]| -> Result<LazyFrame> {
        // People, each once in a group (two starting rows in one group are
        // one starter), and once in the Total.
        let id = || col("employee_id");
        let people_where = |flag: Expr| -> Expr {
            if one_row_each {
                flag.fill_null(false).cast(DataType::UInt32).sum()
            } else {
                id().filter(flag).n_unique()
            }
        };
        let mut aggs = vec![
            col("_first")
                .min()
                .cast(DataType::Int32)
                .alias("_first_start"),
            id().n_unique().alias("starters"),
            col("_unknowable")
                .cast(DataType::UInt32)
                .sum()
                .alias("_unknowable"),
            people_where(col("_now")).alias("still_in_post"),
        ];
        for n in at {
            let eligible = col(format!("_eligible_{n}").as_str());
            aggs.push(people_where(eligible.clone()).alias(format!("eligible_{n}m")));
            aggs.push(
                people_where(eligible.and(col(format!("_in_{n}").as_str())))
                    .alias(format!("retained_{n}m")),
            );
        }
        Ok(frame::agg(people.clone(), keys, aggs))
    };
    let mut rows = frame::rows(query, &by)?;
    crate::progress::timing("retention by group", started);
    if let Some(i) = by.iter().position(|b| b == COHORT) {
        for g in &mut rows.groups {
            g.keys[i] = cohort_label(&g.keys[i], kind);
        }
    }
    // The starters' own span (the period, or every start to the as-of
    // date) against what the leavers extract holds, for the notes.
    let first_start = rows
        .total
        .opt("_first_start")
        .map(|d| frame::days_to_date(d.trunc().mantissa() as i32));
    let span = match (period, first_start) {
        (Some(p), _) => Some(p),
        (None, Some(f)) => Some(crate::period::Period {
            start: f,
            end: as_of,
        }),
        (None, None) => None,
    };
    // A span the leavers extract does not reach at all: nothing can be
    // told, starters or none (SPEC 4, "Coverage").
    let covered = match span {
        Some(p) => model.flows(Dataset::Leavers, p, "retention figures")?,
        None => true,
    };

    let mut t = Table::new(format!("Retention of starters by {}", by.join(", ")));
    for b in &by {
        t.column(b.clone(), Kind::Text);
    }
    t.column("starters", Kind::Count);
    t.column("still_in_post", Kind::Count);
    t.column("still_in_post_pct", Kind::Pct);
    for n in at {
        t.column(format!("eligible_{n}m"), Kind::Count);
        t.column(format!("retained_{n}m"), Kind::Count);
        t.column(format!("retained_{n}m_pct"), Kind::Pct);
    }
    fill(&mut t, &rows, by.len(), settings.totals, |g: &Agg| {
        if g.count("_unknowable") > 0 || !covered {
            return vec![Value::NA; 3 + 3 * at.len()];
        }
        let starters = dec(g.count("starters"));
        let still = dec(g.count("still_in_post"));
        let mut out = vec![
            Value::num(starters),
            Value::num(still),
            Value::opt(pct(still, starters)),
        ];
        for n in at {
            let eligible = dec(g.count(&format!("eligible_{n}m")));
            let retained = dec(g.count(&format!("retained_{n}m")));
            out.push(Value::num(eligible));
            out.push(Value::num(retained));
            out.push(Value::opt(pct(retained, eligible)));
        }
        out
    });
    if rows.total.count("_unknowable") > 0 {
        t.note(match held {
            Some(h) => format!(
                "Starters of cohorts that ended before the leavers extract's first leave date ({}) cannot be told: those who left before it are in no extract, so every figure that takes them in is N/A (give a --period from {} on).",
                fmt_date(h.start),
                fmt_date(h.start)
            ),
            None => "The leavers extract holds no leave dates: every figure is N/A.".to_string(),
        });
    }
    model.notes(&mut t, period.is_some());
    t.note(match period {
        Some(p) => format!(
            "Starters: people in payroll or leavers whose start_date is in the period{}.",
            if p.end > as_of {
                format!(" and on or before {}", fmt_date(as_of))
            } else {
                String::new()
            }
        ),
        None => format!(
            "Starters: people in payroll or leavers whose start_date is on or before {} (--period narrows them).",
            fmt_date(as_of)
        ),
    });
    t.note(format!(
        "still_in_post: in post on {}; retained_Nm: in post on the day N months after their start (leaving on that day is not retained), of those eligible (that day on or before {}); a day a month lacks (31 Aug + 6 months) is the 1st of the next month.",
        fmt_date(as_of),
        fmt_date(as_of)
    ));
    t.note(format!(
        "Eligible at {} months: started on or before {}.",
        at.iter().map(u32::to_string).collect::<Vec<_>>().join(", "),
        at.iter()
            .map(|n| fmt_date(crate::period::last_start(as_of, *n)))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    t.note("Someone with several rows (two posts, or a return) is one starter, from their earliest start.");
    if rows.total.count("starters") == 0 && covered {
        t.note("No starters: every figure is 0 and every rate N/A.");
    }
    Ok(t)
}

// The command line of `swr retention` (its description is on its variant in
// cli.rs, which clap shows).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub common: Common,
    /// What a cohort is: the year, the UK financial year (2016/17) or the quarter its starters started in
    #[arg(long, value_enum, default_value_t = Cohort::Fy)]
    pub cohort: Cohort,
    /// Months after their start at which starters are counted as retained, ascending
    #[arg(long, value_name = "LIST", default_value = "6,12,24", value_parser = months)]
    pub at: MonthsList,
}

impl super::Report for Args {
    fn common(&self) -> &Common {
        &self.common
    }

    fn run(&self, settings: &Settings) -> Result<(Table, i32)> {
        Ok((run(settings, self.cohort, &self.at.0)?, crate::exit::OK))
    }
}

/// How `swr retention` groups starters by when they started.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Cohort {
    /// Calendar year: 2016
    Year,
    /// UK financial year, 1 April to 31 March: 2016/17
    Fy,
    /// Calendar quarter: 2016Q3
    Quarter,
}

/// Months from `--at`: whole months above 0, ascending.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthsList(pub Vec<u32>);

fn months(raw: &str) -> Result<MonthsList, String> {
    let bad = || "expected whole months above 0 in ascending order, such as 6,12,24".to_string();
    let list = raw
        .split(',')
        .map(|s| s.trim().parse::<u32>().map_err(|_| bad()))
        .collect::<Result<Vec<_>, _>>()?;
    if list.is_empty() || list[0] == 0 || list.windows(2).any(|w| w[1] <= w[0]) {
        return Err(bad());
    }
    if list.iter().any(|m| *m > 1200) {
        return Err("at most 1200 months (100 years)".to_string());
    }
    Ok(MonthsList(list))
}
