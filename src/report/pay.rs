//! `swr pay`: what the staff in post are paid, against the market.
//!
//! The people in post on the as-of date are the model's stock (payroll and
//! leavers together), which gives headcount and FTE; the pay figures come
//! from the payroll rows among them, the only rows that carry pay. Each
//! payroll row is matched to the market extract on the columns it has
//! (job_title, grade or both, ignoring case; a market row that leaves one
//! of them blank covers every value of it), and a group's market median is
//! the median of its staff's. Medians are exact (the mean of the two
//! middle values of an even count); the paybill is the permanent cost of
//! `swr costs` x fte, each person's to the penny.

use super::fill;
use crate::extracts::Dataset;
use crate::frame::{self, decimal_type, median_exact, Agg, LazyFrame, SCALE};
use crate::input::Location;
use crate::model::{Model, Needs};
use crate::options::Common;
use crate::period::fmt_date;
use crate::series;
use crate::settings::{usage, Settings};
use crate::table::{pct, printed, ratio, Kind, Table, Value};
use anyhow::{anyhow, Context, Result};
use polars::prelude::{col, lit, when, DataType, Expr, IntoLazy, JoinArgs, JoinType, RoundMode};
use rust_decimal::Decimal;

const NEEDS: Needs = Needs {
    command: "pay",
    required: &[Dataset::Payroll],
    optional: &[Dataset::Leavers, Dataset::Market],
    columns: &[
        "employee_id",
        "fte",
        "job_title",
        "grade",
        "salary",
        "employer_ni",
        "employer_pension",
        "market_supplement",
        "car_allowance",
        "other_allowances",
        "market_median",
        "source",
    ],
    figures: &crate::measures::cost::PAY_FIGURES,
    stock: true,
};

/// The payroll extract is a snapshot of the as-of date (`--compare-payroll`):
/// its rows are everyone in post then, so leavers are not added to it.
const NEEDS_SNAPSHOT: Needs = Needs {
    optional: &[Dataset::Market],
    ..NEEDS
};

/// The columns a market figure can be for, most specific first.
const MARKET_KEYS: [&str; 2] = ["job_title", "grade"];

/// The flags of `swr pay`.
pub struct Options {
    pub on_cost_rate: Option<rust_decimal::Decimal>,
    /// The payroll extract is the stock of the as-of date (see NEEDS_SNAPSHOT).
    pub snapshot: bool,
}

/// The market figures, ready to join to the payroll rows.
struct Market {
    /// One frame per set of key columns a market row fills (both, then
    /// job_title alone, then grade alone): `_k_<col>` keys in lower case,
    /// `_market_<i>` and `_source_<i>`.
    tiers: Vec<(Vec<&'static str>, LazyFrame)>,
    notes: Vec<String>,
}

fn key_name(c: &str) -> String {
    format!("_k_{c}")
}

/// A text column as a matching key: lower case (values are already trimmed).
fn key_of(c: &str) -> Expr {
    col(c).str().to_lowercase().alias(key_name(c))
}

/// The market extract as lookups. A row must name a job_title or a grade;
/// two rows for the same job_title and grade (ignoring case) are a data
/// error, as the figure to use could not be told.
fn market(model: &Model, payroll_has: &dyn Fn(&str) -> bool) -> Result<Market> {
    let ex = model.extract(Dataset::Market);
    let has: Vec<&'static str> = MARKET_KEYS.into_iter().filter(|c| ex.has(c)).collect();
    if has.is_empty() {
        let mut names = ex.column_names();
        names.sort();
        return Err(anyhow!(
            "{}: the market extract has neither a job_title nor a grade column, so its figures cannot be matched to anyone (headed e.g. 'Job Title', 'Grade'); its columns are: {}",
            ex.location,
            names.join(", ")
        ));
    }
    let blank = |c: &str| col(c).is_null().or(col(c).eq(lit("")));
    let base = ex.frame.clone().lazy().with_row_index("_row", None);
    // A row that names neither.
    let mut neither = lit(true);
    for c in &has {
        neither = neither.and(blank(c));
    }
    let unnamed = base
        .clone()
        .filter(neither)
        .select([col("_row").min().alias("first"), frame::len_expr()])
        .collect()?;
    if unnamed.column("len")?.u32()?.get(0).unwrap_or(0) > 0 {
        let i = unnamed
            .column("first")?
            .cast(&DataType::UInt64)?
            .u64()?
            .get(0)
            .unwrap_or(0);
        return Err(anyhow!(
            "{}, row {}: the market figure names no {}; each is for a job_title, a grade or both",
            ex.location,
            ex.rows.get(i as usize),
            has.join(" or ")
        ));
    }
    let mut tiers = Vec::new();
    let mut notes = Vec::new();
    let sets: Vec<Vec<&'static str>> = match has.as_slice() {
        [a, b] => vec![vec![*a, *b], vec![*a], vec![*b]],
        [a] => vec![vec![*a]],
        _ => unreachable!("one or two key columns"),
    };
    for (i, set) in sets.into_iter().enumerate() {
        // The rows that fill exactly these key columns.
        let mut exact = lit(true);
        for c in &has {
            exact = if set.contains(c) {
                exact.and(blank(c).not())
            } else {
                exact.and(blank(c))
            };
        }
        let rows = base.clone().filter(exact);
        if let Some(missing) = set.iter().find(|c| !payroll_has(c)) {
            let n = rows
                .select([frame::len_expr()])
                .collect()?
                .column("len")?
                .u32()?
                .get(0)
                .unwrap_or(0);
            if n > 0 {
                notes.push(format!(
                    "{n} market figure{} by {} not used: the payroll extract has no {missing} column to match them on.",
                    super::plural(n as usize),
                    set.join(" and ")
                ));
            }
            continue;
        }
        let keys: Vec<Expr> = set.iter().map(|c| key_of(c)).collect();
        let key_cols: Vec<Expr> = set.iter().map(|c| col(key_name(c))).collect();
        let keyed = rows.with_columns(keys);
        let repeated = keyed
            .clone()
            .group_by(key_cols.clone())
            .agg([
                col("_row").min().alias("first"),
                col("_row").max().alias("last"),
                frame::len_expr(),
            ])
            .filter(col("len").gt(lit(1u32)))
            .sort(["first"], Default::default())
            .limit(1)
            .collect()?;
        if repeated.height() > 0 {
            let row = |c: &str| -> Result<usize> {
                let v = repeated
                    .column(c)?
                    .cast(&DataType::UInt64)?
                    .u64()?
                    .get(0)
                    .unwrap_or(0);
                Ok(ex.rows.get(v as usize))
            };
            let what: Vec<String> = set
                .iter()
                .map(|c| -> Result<String> {
                    Ok(format!(
                        "{c} '{}'",
                        repeated.column(&key_name(c))?.str()?.get(0).unwrap_or("")
                    ))
                })
                .collect::<Result<_>>()?;
            return Err(anyhow!(
                "{}, rows {} and {}: two market figures for {} (ignoring case); keep one",
                ex.location,
                row("first")?,
                row("last")?,
                what.join(", ")
            ));
        }
        let mut select = key_cols;
        select.push(col("market_median").alias(format!("_market_{i}")));
        select.push(if ex.has("source") {
            col("source").alias(format!("_source_{i}"))
        } else {
            lit(polars::prelude::NULL)
                .cast(DataType::String)
                .alias(format!("_source_{i}"))
        });
        tiers.push((set, keyed.select(select)));
    }
    Ok(Market { tiers, notes })
}

pub fn run(settings: &Settings, o: &Options) -> Result<Table> {
    let needs = if o.snapshot { &NEEDS_SNAPSHOT } else { &NEEDS };
    // By default job_title and grade, or job_title alone when the payroll
    // extract has no grade (said in the notes). Opening the model twice
    // reads nothing twice: the extracts are kept for the run.
    let mut no_grade = false;
    let by = match &settings.by {
        Some(by) => by.clone(),
        None => {
            let job_title = vec!["job_title".to_string()];
            if Model::open(settings, needs, &job_title, &[])?.has(Dataset::Payroll, "grade") {
                vec!["job_title".to_string(), "grade".to_string()]
            } else {
                no_grade = true;
                job_title
            }
        }
    };
    let model = Model::open(settings, needs, &by, &[])?;
    let as_of = model.as_of;
    let dec6 = decimal_type(SCALE);
    let pence = decimal_type(2);
    let zero = crate::frame::decimal_zero;
    let payroll_has = |c: &str| model.has(Dataset::Payroll, c);
    let has_salary = payroll_has("salary");
    let has_supplement = payroll_has("market_supplement");

    let cost = crate::measures::cost::permanent_cost(&model, o.on_cost_rate);
    let mut cols: Vec<&str> = vec!["employee_id", "fte"];
    for c in cost.present.iter().copied().chain(MARKET_KEYS) {
        if payroll_has(c) && !cols.contains(&c) {
            cols.push(c);
        }
    }
    for b in &by {
        if !cols.contains(&b.as_str()) {
            cols.push(b);
        }
    }
    let stock = model.stock(as_of, &cols)?;
    let market = if model.found(Dataset::Market) {
        Some(market(&model, &payroll_has)?)
    } else {
        None
    };

    // Each row of the stock with its market figure.
    let mut people = stock.frame.clone();
    let mut market_of: Option<(Expr, Expr)> = None;
    if let Some(m) = &market {
        let mut keyed: Vec<&str> = Vec::new();
        for (set, _) in &m.tiers {
            for c in set {
                if !keyed.contains(c) {
                    keyed.push(c);
                }
            }
        }
        people = people.with_columns(keyed.iter().map(|c| key_of(c)).collect::<Vec<_>>());
        for (set, lookup) in &m.tiers {
            let keys: Vec<Expr> = set.iter().map(|c| col(key_name(c))).collect();
            people = people.join(
                lookup.clone(),
                keys.clone(),
                keys,
                JoinArgs::new(JoinType::Left),
            );
        }
        // The most specific figure that matches.
        let mut figure: Option<(Expr, Expr)> = None;
        for (i, _) in m.tiers.iter().enumerate() {
            let (mk, sr) = (col(format!("_market_{i}")), col(format!("_source_{i}")));
            figure = Some(match figure {
                None => (mk, sr),
                Some((f, s)) => (
                    f.clone().fill_null(mk.clone()),
                    when(f.is_null()).then(sr).otherwise(s),
                ),
            });
        }
        market_of = figure;
    }
    let (market_expr, source_expr) = market_of.unwrap_or_else(|| {
        (
            lit(polars::prelude::NULL).cast(dec6.clone()),
            lit(polars::prelude::NULL).cast(DataType::String),
        )
    });
    let on_payroll = col("source").eq(lit("payroll"));
    // Without a salary column every salary is blank.
    let salary = if has_salary {
        col("salary")
    } else {
        lit(polars::prelude::NULL).cast(dec6.clone())
    };
    let salaried = on_payroll.clone().and(salary.clone().is_not_null());
    let supplement = if has_supplement {
        col("market_supplement")
    } else {
        lit(polars::prelude::NULL).cast(dec6.clone())
    };
    let supplemented = on_payroll
        .clone()
        .and(supplement.clone().gt(zero()))
        .fill_null(lit(false));
    let to_pence = |e: Expr| e.round(2, RoundMode::HalfAwayFromZero).cast(pence.clone());
    let people = people.with_columns([
        market_expr.alias("_market"),
        source_expr.alias("_market_source"),
        salaried.alias("_salaried"),
        supplemented.alias("_supplemented"),
        on_payroll.clone().alias("_on_payroll"),
        // Each person's supplement and cost for their fte, to the penny.
        when(on_payroll.clone())
            .then(to_pence(supplement.clone().fill_null(zero()) * col("fte")))
            .otherwise(lit(polars::prelude::NULL).cast(pence.clone()))
            .alias("_supplement_fte"),
        when(on_payroll.clone())
            .then(to_pence(cost.expr.clone().cast(dec6.clone()) * col("fte")))
            .otherwise(lit(polars::prelude::NULL).cast(pence.clone()))
            .alias("_cost_fte"),
        (salary.clone() * col("fte"))
            .cast(dec6.clone())
            .alias("_salary_fte"),
    ]);

    let query = |keys: &[String]| -> Result<LazyFrame> {
        let paid = col("_salaried");
        Ok(frame::agg(
            people.clone(),
            keys,
            vec![
                col("employee_id").n_unique().alias("headcount"),
                col("fte").sum().alias("fte"),
                // Rows in post without an fte (leavers without the column):
                // the FTE of the groups they are in is N/A, not the others'.
                col("fte").null_count().alias("_fte_blank"),
                paid.clone().sum().alias("_salaried_rows"),
                median_exact(salary.clone().filter(paid.clone())).alias("salary_median"),
                col("_salary_fte")
                    .filter(paid.clone())
                    .sum()
                    .alias("_salary_fte"),
                col("fte").filter(paid.clone()).sum().alias("_salaried_fte"),
                salary
                    .clone()
                    .filter(paid.clone())
                    .min()
                    .alias("salary_min"),
                salary
                    .clone()
                    .filter(paid.clone())
                    .max()
                    .alias("salary_max"),
                median_exact(col("_market").filter(paid.clone())).alias("market_median"),
                paid.clone()
                    .and(col("_market").is_null())
                    .sum()
                    .alias("_unmatched"),
                col("employee_id")
                    .filter(col("_supplemented"))
                    .n_unique()
                    .alias("with_supplement"),
                median_exact(supplement.clone().filter(col("_supplemented")))
                    .alias("supplement_median"),
                col("_supplement_fte").sum().alias("supplement_total"),
                col("_cost_fte").sum().alias("paybill"),
            ],
        ))
    };
    let rows = frame::rows(query, &by).context("working out pay")?;

    let mut t = Table::grouped(
        format!("Pay against the market by {}", by.join(", ")),
        &by,
        &[
            ("headcount", Kind::Count),
            ("fte", Kind::Fte),
            ("salary_median", Kind::Money),
            ("salary_mean", Kind::Money),
            ("salary_min", Kind::Money),
            ("salary_max", Kind::Money),
            ("market_median", Kind::Money),
            ("gap_to_market", Kind::Money),
            ("gap_pct", Kind::Pct),
            ("with_supplement", Kind::Count),
            ("supplement_median", Kind::Money),
            ("supplement_total", Kind::Money),
            ("paybill", Kind::Money),
        ],
    );
    let has_market = market.is_some();
    // The group's market median, when every salaried row in it has one.
    let market_median = |g: &Agg| {
        if has_market && g.count("_unmatched") == 0 {
            g.opt("market_median")
        } else {
            None
        }
    };
    fill(&mut t, &rows, by.len(), settings.totals, |g| {
        let median = g.opt("salary_median");
        let market = market_median(g);
        // Money worked out from money is worked out from the figures as
        // printed (as SPEC 6 has --compare's changes; table::defined), so
        // the page adds up; gap_pct is a rate, over the unrounded figures as
        // every rate.
        let gap = median
            .zip(market)
            .map(|(s, m)| printed(s, Kind::Money) - printed(m, Kind::Money));
        let gap_pct = median.zip(market).and_then(|(s, m)| pct(s - m, m));
        // Pay figures are over the payroll rows in post (SPEC 4): a group
        // in post only through leavers rows has none, so its sums are 0.
        let supplement = |v: Value| if has_supplement { v } else { Value::NA };
        vec![
            Value::num(g.get("headcount")),
            if g.count("_fte_blank") == 0 {
                Value::num(g.get("fte"))
            } else {
                Value::NA
            },
            Value::opt(median),
            Value::opt(ratio(g.get("_salary_fte"), g.get("_salaried_fte"))),
            Value::opt(g.opt("salary_min")),
            Value::opt(g.opt("salary_max")),
            Value::opt(market),
            Value::opt(gap),
            Value::opt(gap_pct),
            supplement(Value::num(g.get("with_supplement"))),
            supplement(Value::opt(g.opt("supplement_median"))),
            supplement(Value::num(g.get("supplement_total"))),
            if has_salary {
                Value::num(g.get("paybill"))
            } else {
                Value::NA
            },
        ]
    });

    model.notes(&mut t, false);
    if no_grade {
        t.note("The payroll extract has no grade column: pay by job_title alone.");
    }
    t.note(
        "Salaries are FTE salaries of the payroll rows in post: salary_mean is FTE-weighted; medians are exact (the mean of the two middle values when the count is even).",
    );
    match &market {
        None => t.note(
            "No market extract found (market.csv or --market): market_median, gap_to_market and gap_pct are N/A.",
        ),
        Some(m) => {
            let sets: Vec<String> = m.tiers.iter().map(|(s, _)| s.join(" and ")).collect();
            t.note(format!(
                "Market figures matched on {} (ignoring case; the most specific that matches). A group's market_median is the median of its salaried staff's; gap_to_market = salary_median - market_median; gap_pct = gap / market_median x 100.",
                sets.join(", then ")
            ));
            for n in &m.notes {
                t.note(n.clone());
            }
            let unmatched: Vec<String> = rows
                .groups
                .iter()
                .filter(|g| g.count("_unmatched") > 0)
                .map(|g| g.keys.join(" / "))
                .collect();
            if !unmatched.is_empty() {
                t.note(format!(
                    "No market figure for some or all of the staff in {}: market_median, gap_to_market and gap_pct are N/A there{}.",
                    list(&unmatched),
                    if settings.totals { " and in the Total" } else { "" }
                ));
            } else if rows.total.count("_unmatched") > 0 && settings.totals {
                t.note("Some staff have no market figure: the Total's market columns are N/A.");
            }
            let sources = market_sources(&people)?;
            if !sources.is_empty() {
                t.note(format!("Market figures from: {}.", sources.join("; ")));
            }
        }
    }
    if has_supplement {
        t.note(
            "with_supplement: staff with a market_supplement above 0; supplement_median is over them; supplement_total = market_supplement x fte, each person's to the penny.",
        );
    } else {
        t.note("The payroll extract has no market_supplement column: with_supplement, supplement_median and supplement_total are N/A.");
    }
    t.note(format!(
        "paybill: the permanent cost of swr costs ({}) x fte, each person's to the penny.",
        cost.describe()
    ));
    if o.on_cost_rate.is_some() && cost.applied_rate.is_none() {
        t.note("--on-cost-rate not applied: the payroll extract carries employer_ni or employer_pension, or no salary.");
    }
    if !has_salary {
        t.note("The payroll extract has no salary column: the salary figures, the gap to the market and paybill are N/A.");
    }
    if stock.from_leavers > 0 {
        t.note(format!(
            "{} of the people in post on {} come from the leavers extract, which has no pay columns: they count in headcount and fte; the pay figures are over the payroll rows.",
            stock.from_leavers,
            fmt_date(as_of)
        ));
    }
    if !stock.fte_known {
        t.note("Some people in post come from a leavers extract without an fte: fte is N/A in the groups they are in, and in the Total.");
    }
    if settings.compare.is_some() && !o.snapshot {
        t.note(
            "COL_prev are the people in post then at the pay in this payroll extract; to set the pay of that date beside it, give the payroll extract of that date with --compare-payroll PATH.",
        );
    }
    if o.snapshot {
        t.note(format!(
            "The payroll extract ({}) is taken as everyone in post on {}: leavers are not added to it.",
            model.extract(Dataset::Payroll).location,
            fmt_date(as_of)
        ));
    }
    Ok(t)
}

/// Up to eight items, then how many more.
fn list(items: &[String]) -> String {
    if items.len() <= 8 {
        items.join(", ")
    } else {
        format!("{} and {} more", items[..8].join(", "), items.len() - 8)
    }
}

/// The sources of the market figures used, each once.
fn market_sources(people: &LazyFrame) -> Result<Vec<String>> {
    let df = people
        .clone()
        .select([col("_market_source").drop_nulls().unique_stable()])
        .collect()?;
    let mut out: Vec<String> = df
        .column("_market_source")?
        .str()?
        .iter()
        .flatten()
        .map(str::to_string)
        .filter(|s| !s.is_empty())
        .collect();
    out.sort();
    Ok(out)
}

/// `swr pay --compare P --compare-payroll PATH`: the report beside the same
/// report for P from the payroll extract of that date.
pub fn compared(settings: &Settings, o: &Options, earlier: Location) -> Result<Table> {
    let c = settings
        .compare
        .ok_or_else(|| crate::settings::usage("--compare-payroll goes with --compare P"))?;
    let now = run(settings, o)?;
    let mut then = series::earlier(settings, c);
    let shown = earlier.to_string();
    then.sources.explicit.insert(Dataset::Payroll, earlier);
    let before = run(
        &then,
        &Options {
            on_cost_rate: o.on_cost_rate,
            snapshot: true,
        },
    )
    .with_context(|| format!("--compare-payroll {shown}"))?;
    let mut t = series::compare(now, &before, c);
    t.notes
        .retain(|n| !n.starts_with("COL_prev are the people in post then"));
    t.note(format!(
        "COL_prev from the payroll extract {shown}, taken as everyone in post then (leavers are not added to it)."
    ));
    Ok(t)
}

// The command line of `swr pay` (its description is on its variant in
// cli.rs, which clap shows).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub common: Common,
    /// Add salary x R to the pay bill for employer on-costs when employer_ni and employer_pension are absent (0 to 10)
    #[arg(long, value_name = "R", value_parser = crate::options::on_cost_rate)]
    pub on_cost_rate: Option<Decimal>,
    /// With --compare: the payroll extract as it stood then (PATH or PATH#Sheet), so that COL_prev shows the pay of that date
    #[arg(long, value_name = "PATH", requires = "compare")]
    pub compare_payroll: Option<String>,
}

impl super::Report for Args {
    fn common(&self) -> &Common {
        &self.common
    }

    fn inputs(&self) -> Vec<(&'static str, std::path::PathBuf)> {
        self.compare_payroll
            .iter()
            .map(|p| ("--compare-payroll", Location::parse(p).path))
            .collect()
    }

    // The pay of an earlier date from the payroll extract of that date.
    fn whole(&self, settings: &Settings) -> Option<Result<(Table, i32)>> {
        let earlier = self.compare_payroll.as_ref()?;
        if settings.every.is_some() {
            return Some(Err(usage(
                "--compare-payroll goes with --compare, not --every",
            )));
        }
        Some(
            compared(
                settings,
                &Options {
                    on_cost_rate: self.on_cost_rate,
                    snapshot: false,
                },
                Location::parse(earlier),
            )
            .map(|t| (t, crate::exit::OK)),
        )
    }

    fn run(&self, settings: &Settings) -> Result<(Table, i32)> {
        Ok((
            run(
                settings,
                &Options {
                    on_cost_rate: self.on_cost_rate,
                    snapshot: false,
                },
            )?,
            crate::exit::OK,
        ))
    }
}
