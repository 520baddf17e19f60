//! The result every report returns: typed columns, rows, notes. Reports fill
//! it; printers in `render` turn it into bytes. Neither does the other's job.

use crate::period::Period;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// What a column holds, which decides how it is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A `--by` group or a label.
    Text,
    /// Whole numbers: heads, leavers.
    Count,
    /// Full-time equivalents, shown to 2 decimals.
    Fte,
    /// Pounds, exact; 2 decimals in data formats.
    Money,
    /// A percentage, 1 decimal.
    Pct,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Num(Decimal),
    /// A number printed as another kind than its column (the `% of
    /// workforce` row of a cross-tab of FTEs).
    NumAs(Decimal, Kind),
    /// Not applicable: no staff on that side, no establishment. Never 0.
    NA,
    /// Hidden by `--suppress`: shown as `c`, null in JSON.
    Suppressed,
    /// A day, in a text column: a workbook holds it as a date cell, text
    /// formats print its label (`2016Q3`, `2016-07`, or the date itself).
    Date {
        day: NaiveDate,
        label: String,
    },
    /// The label of a row that closes the table or a section of it: a
    /// Total, or a cross-tab's `% of workforce`. Typed, not text, so that
    /// a group whose name is "Total" stays a group.
    Closing(Closing),
}

/// What a closing row is (see [`Value::Closing`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closing {
    /// The sum, or the same figures over everyone, of the rows above it.
    Total,
    /// A cross-tab's `% of workforce`: each column's share, no sum.
    Share,
}

impl Closing {
    /// The label printed.
    pub fn label(self) -> &'static str {
        match self {
            Closing::Total => "Total",
            Closing::Share => "% of workforce",
        }
    }

    /// The key [`Table::keys_of`] gives it: no text read from an extract
    /// starts with a NUL and this label, so a group named "Total" keeps
    /// its own key.
    pub fn key(self) -> &'static str {
        match self {
            Closing::Total => "\u{0}Total",
            Closing::Share => "\u{0}% of workforce",
        }
    }

    /// A key as a table shows it: a closing row's label, else itself.
    pub fn shown(key: &str) -> &str {
        [Closing::Total, Closing::Share]
            .into_iter()
            .find(|c| c.key() == key)
            .map_or(key, |c| c.label())
    }
}

impl Value {
    pub fn text(s: impl Into<String>) -> Value {
        Value::Text(s.into())
    }

    /// The number shown, if it is one.
    pub fn number(&self) -> Option<Decimal> {
        match self {
            Value::Num(d) | Value::NumAs(d, _) => Some(*d),
            _ => None,
        }
    }

    /// A day labelled as text formats print it.
    pub fn date(day: NaiveDate, label: impl Into<String>) -> Value {
        Value::Date {
            day,
            label: label.into(),
        }
    }

    /// The text a text cell shows (a day's label), if it is one.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(s) | Value::Date { label: s, .. } => Some(s),
            Value::Closing(c) => Some(c.label()),
            _ => None,
        }
    }

    /// The key of a text cell (see [`Table::keys_of`]): its text, or a
    /// closing row's key, which no group's text can be.
    pub fn key(&self) -> &str {
        match self {
            Value::Closing(c) => c.key(),
            v => v.as_text().unwrap_or_default(),
        }
    }

    /// A Total row's label.
    pub fn total() -> Value {
        Value::Closing(Closing::Total)
    }

    pub fn num(d: impl Into<Decimal>) -> Value {
        Value::Num(d.into())
    }

    pub fn opt(d: Option<Decimal>) -> Value {
        d.map(Value::Num).unwrap_or(Value::NA)
    }

    /// The same number, printed as a percentage.
    pub fn as_pct(self) -> Value {
        match self {
            Value::Num(d) => Value::NumAs(d, Kind::Pct),
            other => other,
        }
    }
}

/// What a figure is, beyond how it prints: what its Total is, what
/// `--compare` puts for a group the other date lacks (0 for counts and
/// amounts, N/A for rates), and which cells `--suppress` tests against its
/// threshold (counts) and may hide to protect them (sums).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// A group column or a label: no figure.
    Label,
    /// A count of things (placements, spells, cases, payments, leavers):
    /// the Total is the sum of the rows.
    Count,
    /// A count of people (in_post, headcount, workers, converted...), or
    /// of what belongs to a person and so goes to each of their rows' groups
    /// (absence spells): the Total counts each once, so the rows may add up
    /// to more.
    People,
    /// An amount (FTE, money, days): the Total is the sum of the rows.
    Amount,
    /// A rate, mean, median, extreme, rank or per-FTE figure: worked out
    /// over the row's own people, never summed.
    Rate,
}

impl Measure {
    /// A column's measure when nothing declares it: a whole number is a
    /// count, an FTE or money an amount, a percentage a rate.
    pub fn of_kind(kind: Kind) -> Measure {
        match kind {
            Kind::Text => Measure::Label,
            Kind::Count => Measure::Count,
            Kind::Fte | Kind::Money => Measure::Amount,
            Kind::Pct => Measure::Rate,
        }
    }

    /// Counts of things or of people: 0 for a group that has none, and
    /// what `--suppress` tests against its threshold.
    pub fn is_count(self) -> bool {
        matches!(self, Measure::Count | Measure::People)
    }

    /// Counts and amounts: 0 for a group that has none (a rate is N/A).
    pub fn is_additive(self) -> bool {
        matches!(self, Measure::Count | Measure::People | Measure::Amount)
    }
}

/// How a figure relates to the other figures of its row.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Of {
    /// Its own figure.
    #[default]
    Own,
    /// Worked out from these columns of its row (a rate from its counts, an
    /// FTE from its headcount): `--suppress` hides it with any of them.
    Built(Vec<String>),
    /// A rate that declares nothing: `--suppress` hides it with any count
    /// of its row.
    Row,
    /// The sum of these columns of its row (a cross-tab's Total column).
    Sum(Vec<String>),
    /// The first column less the second, as each is printed: `--compare`'s
    /// COL_change, and a figure defined so (costs' premium_per_fte, pay's
    /// gap_to_market), so that the page adds up.
    Change(String, String),
    /// The first column as printed times the second as worked out (costs'
    /// annual_premium: premium_per_fte as printed x agency_fte, hours / 37,
    /// which rounding to the 2 decimals printed would move by pounds a
    /// year); a Total row holds the sum of the rows it closes, as each is
    /// shown.
    Times(String, String),
}

impl Of {
    /// The names it refers to, each with `suffix` (the `_prev` side of a
    /// compared table).
    pub fn suffixed(&self, suffix: &str) -> Of {
        let add = |v: &[String]| v.iter().map(|n| format!("{n}{suffix}")).collect();
        match self {
            Of::Built(v) => Of::Built(add(v)),
            Of::Sum(v) => Of::Sum(add(v)),
            Of::Change(a, b) => Of::Change(format!("{a}{suffix}"), format!("{b}{suffix}")),
            Of::Times(a, b) => Of::Times(format!("{a}{suffix}"), format!("{b}{suffix}")),
            other => other.clone(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Column {
    pub name: String,
    pub kind: Kind,
    pub measure: Measure,
    pub of: Of,
}

impl Column {
    /// A column as [`declared`] and [`defined`] describe its name, else as
    /// its kind says.
    pub fn new(name: impl Into<String>, kind: Kind) -> Column {
        let name = name.into();
        let (measure, of) = match (kind, declared(&name), defined(&name)) {
            (Kind::Text, _, _) => (Measure::Label, Of::Own),
            (_, Some((m, _)), Some(of)) => (m, of),
            (_, Some((m, on)), None) if on.is_empty() => (m, Of::Own),
            (_, Some((m, on)), None) => (m, Of::Built(on)),
            (Kind::Pct, None, _) => (Measure::Rate, Of::Row),
            (k, None, _) => (Measure::of_kind(k), Of::Own),
        };
        Column {
            name,
            kind,
            measure,
            of,
        }
    }
}

/// What each report's figure columns are, by name (one name means one
/// thing in every report): the measure, and the columns of the same row it
/// is worked out from (a column a table lacks is passed over). A name not
/// here is what its kind says (a count, an amount, or a rate that
/// `--suppress` hides with any count of its row).
pub fn declared(name: &str) -> Option<(Measure, Vec<String>)> {
    use Measure::*;
    // Retention's columns at N months.
    if let Some(n) = name
        .strip_prefix("retained_")
        .and_then(|r| r.strip_suffix("m_pct"))
    {
        return Some((
            Rate,
            vec![format!("retained_{n}m"), format!("eligible_{n}m")],
        ));
    }
    if name.starts_with("retained_") || name.starts_with("eligible_") {
        return Some((People, vec![]));
    }
    let (m, on): (Measure, &[&str]) = match name {
        // People (SPEC 4, Totals).
        "in_post" | "headcount" | "case_holders" | "workers" | "converted" | "people_absent"
        | "people" | "starters" | "still_in_post" | "covering_vacancy" | "with_supplement"
        | "inpost_headcount" | "starters_headcount" | "leavers_headcount" | "agency_headcount"
        // caseload: case holders over the cap, each once in the Total (in
        // costs, placements over the cap: one group each, so the same).
        | "over_cap"
        // movements: people, each in every group of their rows.
        | "in_from" | "in_to" | "joined" | "left" | "stayed" | "grade_changes" | "promotions"
        | "transfers" | "job_changes" | "fte_changes" => (People, &[]),
        // Things.
        // A person's spell goes to each of their rows' groups, and once to
        // the Total (SPEC 4, "Rows and people").
        "spells" | "long_term_spells" => (People, &[]),
        "placements" | "active" | "long_running" | "cases" | "payments" | "leavers"
        | "exit_interviews" => (Count, &[]),
        // Amounts that tell of the people counted beside them.
        "in_post_fte" => (Amount, &["in_post"]),
        "leavers_fte" => (Amount, &["leavers", "leavers_headcount"]),
        "agency_fte" => (Amount, &["active", "agency_headcount"]),
        "fte" => (Amount, &["headcount"]),
        "case_holders_fte" => (Amount, &["case_holders"]),
        "inpost_fte" => (Amount, &["inpost_headcount"]),
        "starters_fte" => (Amount, &["starters_headcount"]),
        "working_days_lost" | "fte_days_lost" => (Amount, &["people_absent"]),
        "paybill" => (Amount, &["headcount"]),
        "supplement_total" => (Amount, &["with_supplement"]),
        "cost" => (Amount, &["payments", "people"]),
        // Amounts of their own.
        "establishment_fte"
        | "vacancy_fte"
        | "agency_cover_fte"
        | "permanent_fte"
        | "agency_spend"
        | "working_days_lost_fte" => (Amount, &[]),
        // Rates, means, medians, extremes and per-FTE figures.
        "turnover_pct" => (Rate, &["leavers", "in_post"]),
        "turnover_fte_pct" => (Rate, &["leavers_fte", "in_post_fte"]),
        "stability_pct" => (Rate, &["in_post"]),
        "share_pct" => (Rate, &["leavers", "headcount"]),
        "exit_interview_pct" => (Rate, &["exit_interviews", "leavers"]),
        "absence_rate_pct" | "days_lost_per_fte" => (Rate, &["fte_days_lost", "in_post_fte"]),
        "caseload_fte" => (Rate, &["cases", "case_holders_fte"]),
        "mean_cases" => (Rate, &["cases", "case_holders"]),
        "median_cases" | "max_cases" => (Rate, &["case_holders"]),
        "over_cap_pct" => (Rate, &["over_cap", "case_holders"]),
        "still_in_post_pct" => (Rate, &["still_in_post", "starters"]),
        "salary_median" | "salary_mean" | "salary_min" | "salary_max" | "market_median"
        | "gap_to_market" | "gap_pct" => (Rate, &["headcount"]),
        "supplement_median" => (Rate, &["with_supplement"]),
        "vacancy_rate_pct" => (Rate, &["vacancy_fte", "in_post_fte"]),
        "agency_rate_pct" => (Rate, &["agency_fte", "in_post_fte"]),
        "agency_cost_per_fte" => (Rate, &["agency_fte"]),
        "permanent_cost_per_fte" => (Rate, &["permanent_fte"]),
        "annual_premium" | "premium_pct" | "premium_per_fte" => (Rate, &[]),
        // The DfE's indicators (census).
        "turnover_rate_fte" => (Rate, &["leavers_fte", "inpost_fte"]),
        "turnover_rate_headcount" => (Rate, &["leavers_headcount", "inpost_headcount"]),
        "agency_rate_fte" => (Rate, &["agency_fte", "inpost_fte"]),
        "agency_rate_headcount" => (Rate, &["agency_headcount", "inpost_headcount"]),
        "agency_cover_rate_fte" | "vacancy_agency_cover_rate_fte" => {
            (Rate, &["agency_cover_fte", "vacancy_fte"])
        }
        "vacancy_rate_fte" => (Rate, &["vacancy_fte", "inpost_fte"]),
        "absence_rate_fte" => (Rate, &["working_days_lost_fte", "inpost_fte"]),
        // Benchmark's figures of other authorities and ranks, and the
        // pack's summary: figures of their own, never summed.
        "la" | "region" | "england" | "neighbours_mean" | "neighbours_min" | "neighbours_max"
        | "rank" | "of" | "quartile" | "from_extracts" | "difference" | "latest" | "previous"
        | "change" | "baseline" | "target" => (Rate, &[]),
        _ => return None,
    };
    Some((m, on.iter().map(|s| s.to_string()).collect()))
}

/// Money worked out from other money of its row, by name: from the figures
/// as printed, so that the page adds up (SPEC 6 says so of `--compare`'s
/// changes; issue 18). A report works the figure out so from the figures as
/// the data formats print them (money to the penny, FTE to 0.01); the
/// formats people read, which show money to the pound, work it out again
/// from the pounds they show (`render`).
pub fn defined(name: &str) -> Option<Of> {
    let (of, a, b): (fn(String, String) -> Of, &str, &str) = match name {
        "premium_per_fte" => (Of::Change, "agency_cost_per_fte", "permanent_cost_per_fte"),
        "gap_to_market" => (Of::Change, "salary_median", "market_median"),
        "annual_premium" => (Of::Times, "premium_per_fte", "agency_fte"),
        _ => return None,
    };
    Some(of(a.to_string(), b.to_string()))
}

/// The dashboard, ready for a printer.
pub struct Pack {
    /// The council, the dashboard and the quarter.
    pub title: String,
    /// What the title's figures are as of: the date, the quarter, the
    /// baseline.
    pub subtitle: String,
    pub as_of: chrono::NaiveDate,
    /// The latest quarter against the one before, the baseline and a target.
    pub summary: Table,
    pub sections: Vec<Section>,
    /// How each figure is worked out, and what the run noted.
    pub method: Vec<String>,
    /// swr check of the extracts.
    pub check: Table,
}

/// One indicator: quarters (and the baseline) by group.
pub struct Section {
    pub title: String,
    /// What its chart's value axis shows.
    pub axis: String,
    /// Rows: the baseline, then each quarter; columns: `quarter`, the
    /// groups, `Total`.
    pub table: Table,
    /// Rows of `table` that are quarters (not the baseline), for the chart.
    pub quarters: std::ops::Range<usize>,
    /// The row of `table` holding the baseline's figures (a row of its own
    /// first, or the quarter that ends on the baseline date), and its name.
    pub baseline: Option<(usize, String)>,
    /// The indicator's target in its own unit: its green threshold (the
    /// target shown), its red threshold and its direction.
    pub target: Option<Target>,
}

pub fn round(d: Decimal, dp: u32) -> Decimal {
    d.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

/// A number as CSV, TSV, JSON and workbooks hold it: money to the penny,
/// FTE to 0.01, a percentage to 0.1, a count whole (half away from zero).
pub fn printed(d: Decimal, kind: Kind) -> Decimal {
    match kind {
        Kind::Money | Kind::Fte | Kind::Text => round(d, 2),
        Kind::Pct => round(d, 1),
        Kind::Count => round(d, 0),
    }
}

/// A number as CSV, TSV and JSON carry it.
pub fn plain(d: Decimal, kind: Kind) -> String {
    match kind {
        Kind::Money => format!("{:.2}", round(d, 2)),
        Kind::Pct => format!("{:.1}", round(d, 1)),
        Kind::Count => round(d, 0).to_string(),
        Kind::Fte | Kind::Text => {
            let r = round(d, 2).normalize();
            if r.is_zero() {
                "0".to_string()
            } else {
                r.to_string()
            }
        }
    }
}

/// How people's formats (markdown, html) lay a table out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Page {
    /// A grid of its rows.
    #[default]
    Grid,
    /// `swr exceptions`' action update: a heading per status, a line per
    /// row; `compared_with` is the day of `--compare` (else the figures
    /// before are the month before's).
    ActionUpdate { compared_with: Option<NaiveDate> },
}

/// A count of people whose groups add up to more than its Total, as the
/// query that gave the groups found it (SPEC 4, Totals): see
/// [`crate::frame::rows`].
#[derive(Debug, Clone, PartialEq)]
pub struct InSeveral {
    /// The column (its name in the query and in the table).
    pub column: String,
    /// How much the groups add up to more than the Total.
    pub excess: Decimal,
    /// The people (employee_id) counted in more than one group, sorted:
    /// `None` when the query could not tell them apart (the excess is not
    /// all people with an employee_id counted in several groups).
    pub people: Option<Vec<String>>,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub title: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Value>>,
    pub notes: Vec<String>,
    /// Notes no reader may miss (rows set aside): also written to standard
    /// error when the output itself carries no notes.
    pub alerts: Vec<String>,
    pub as_of: Option<NaiveDate>,
    pub period: Option<Period>,
    pub page: Page,
    /// Who is in more than one row of the counts of people whose rows add
    /// up to more than the Total, for the note that says how many (filled
    /// from the query's [`crate::frame::Rows`]).
    pub in_several: Vec<InSeveral>,
}

impl Table {
    /// The key of a row: its text cells (the group columns), blank for any
    /// other value.
    pub fn keys_of(&self, row: &[Value]) -> Vec<String> {
        row.iter()
            .zip(&self.columns)
            .filter(|(_, c)| c.kind == Kind::Text)
            .map(|(v, _)| v.key().to_string())
            .collect()
    }

    pub fn new(title: impl Into<String>) -> Table {
        Table {
            title: title.into(),
            columns: Vec::new(),
            rows: Vec::new(),
            notes: Vec::new(),
            alerts: Vec::new(),
            as_of: None,
            period: None,
            page: Page::Grid,
            in_several: Vec::new(),
        }
    }

    /// A table whose first columns are the group columns `by` (text),
    /// then `figures`.
    pub fn grouped(title: impl Into<String>, by: &[String], figures: &[(&str, Kind)]) -> Table {
        let mut t = Table::new(title);
        for b in by {
            t.column(b.clone(), Kind::Text);
        }
        for (name, kind) in figures {
            t.column(*name, *kind);
        }
        t
    }

    pub fn column(&mut self, name: impl Into<String>, kind: Kind) {
        self.columns.push(Column::new(name, kind));
    }

    /// A column that is the sum of `parts` of its row (a cross-tab's Total
    /// column).
    pub fn sum_column(&mut self, name: impl Into<String>, kind: Kind, parts: Vec<String>) {
        let mut c = Column::new(name, kind);
        c.of = Of::Sum(parts);
        self.columns.push(c);
    }

    /// The index of the column named `name`.
    pub fn col(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }

    pub fn note(&mut self, s: impl Into<String>) {
        self.notes.push(s.into());
    }

    /// Every figure of columns `names` (every figure column when empty)
    /// N/A: the flows of a period the extracts do not cover.
    pub fn na(&mut self, names: &[&str]) {
        let which: Vec<usize> = self
            .columns
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                c.kind != Kind::Text && (names.is_empty() || names.contains(&c.name.as_str()))
            })
            .map(|(i, _)| i)
            .collect();
        for row in &mut self.rows {
            for &i in &which {
                if let Some(v) = row.get_mut(i) {
                    *v = Value::NA;
                }
            }
        }
    }

    /// A note that is also an alert.
    pub fn alert(&mut self, s: impl Into<String>) {
        let s = s.into();
        self.alerts.push(s.clone());
        self.notes.push(s);
    }
}

/// `part / whole x 100`, or N/A when the whole is 0.
pub fn pct(part: Decimal, whole: Decimal) -> Option<Decimal> {
    if whole.is_zero() {
        None
    } else {
        Some(part * Decimal::ONE_HUNDRED / whole)
    }
}

/// `a / b`, or N/A when b is 0.
pub fn ratio(a: Decimal, b: Decimal) -> Option<Decimal> {
    if b.is_zero() {
        None
    } else {
        Some(a / b)
    }
}

impl Table {
    /// The Total follows from each column's measure (SPEC 4, "Totals"):
    /// counts of things and amounts are the sums of the rows above it (N/A
    /// when a row's is), whatever the query gave; counts of people and
    /// rates are the query's over everyone. Applied to a table of groups
    /// closed by one Total row (its first group cell `Total`, the others
    /// blank). In a debug build a query whose own Total differs from the
    /// sum is a bug, and stops (the property tests run debug builds).
    pub fn sum_totals(&mut self) {
        let text: Vec<usize> = (0..self.columns.len())
            .filter(|&i| self.columns[i].kind == Kind::Text)
            .collect();
        let Some(&first) = text.first() else { return };
        let last = self.rows.len().saturating_sub(1);
        let closes = |row: &[Value]| {
            matches!(row.get(first), Some(Value::Closing(Closing::Total)))
                && text[1..]
                    .iter()
                    .all(|&i| matches!(row.get(i), Some(Value::Text(s)) if s.is_empty()))
        };
        if self.rows.is_empty()
            || !closes(&self.rows[last])
            || self.rows[..last].iter().any(|r| closes(r) || is_closing(r))
        {
            return;
        }
        self.note_people_in_several_rows(last);
        for (i, c) in self.columns.iter().enumerate() {
            if !matches!(c.measure, Measure::Count | Measure::Amount) {
                continue;
            }
            let mut sum = Some(Decimal::ZERO);
            for row in &self.rows[..last] {
                sum = match (sum, row.get(i)) {
                    (Some(a), Some(Value::Num(d))) => a.checked_add(*d),
                    _ => None,
                };
            }
            #[cfg(debug_assertions)]
            let given = self.rows[last][i].number();
            let summed = match sum {
                Some(d) => Value::Num(d),
                None => Value::NA,
            };
            // To 10 places (an FTE of hours / 37 is a repeating decimal),
            // or to the rounding of the rows where a report rounded them
            // (census's figures to 0.1, as the DfE publishes them): up to
            // half a unit of the last place for each row.
            #[cfg(debug_assertions)]
            if let (Some(g), Some(s)) = (given, summed.number()) {
                let places = self.rows[..last]
                    .iter()
                    .filter_map(|r| r.get(i).and_then(Value::number))
                    .chain([g])
                    .map(|d| d.scale())
                    .max()
                    .unwrap_or(0)
                    .min(10);
                let unit = Decimal::new(5, places + 1);
                let slack = unit * Decimal::from(last.max(1) as u64);
                assert!(
                    (g.round_dp(10) - s.round_dp(10)).abs() <= slack,
                    "{}: the Total of {} is {g}, the rows sum to {s}",
                    self.title,
                    c.name
                );
            }
            // An N/A the report gave stands (a flow the extracts do not
            // cover, a column they lack).
            let total = &mut self.rows[last][i];
            if matches!(total, Value::Num(_)) {
                *total = summed;
            }
        }
    }
}

impl Table {
    /// Say where the rows of a count of people add up to more than its
    /// Total (row `last`), and how many people that is: people with rows
    /// in more than one group count in each and once in the Total (SPEC 4,
    /// Totals). Who they are comes from the query ([`Table::in_several`]),
    /// taken only where its excess is the one the table shows; where it
    /// cannot be told, the note says so without a figure. A report that
    /// says so itself, with how many people (absence, agency, cohorts), is
    /// left as it is.
    fn note_people_in_several_rows(&mut self, last: usize) {
        if self.notes.iter().any(|n| n.contains("more than one")) {
            return;
        }
        let mut over: Vec<(&str, Option<&[String]>)> = Vec::new();
        for (i, c) in self.columns.iter().enumerate() {
            if c.measure != Measure::People {
                continue;
            }
            let Some(total) = self.rows[last].get(i).and_then(Value::number) else {
                continue;
            };
            let mut sum = Decimal::ZERO;
            for row in &self.rows[..last] {
                if let Some(d) = row.get(i).and_then(Value::number) {
                    sum = sum.saturating_add(d);
                }
            }
            if sum > total {
                let excess = sum - total;
                let people = self
                    .in_several
                    .iter()
                    .find(|s| s.column == c.name && s.excess == excess)
                    .and_then(|s| s.people.as_deref())
                    .filter(|p| !p.is_empty());
                over.push((c.name.as_str(), people));
            }
        }
        if over.is_empty() {
            return;
        }
        let each = |(name, people): &(&str, Option<&[String]>)| match people {
            Some(p) if over.len() > 1 => format!("{name} {}", p.len()),
            _ => name.to_string(),
        };
        let list: Vec<String> = over.iter().map(each).collect();
        let who = if over.iter().all(|(_, p)| p.is_some()) {
            let mut all: Vec<&String> = over.iter().flat_map(|(_, p)| p.unwrap_or(&[])).collect();
            all.sort();
            all.dedup();
            match all.len() {
                1 => "1 person is".to_string(),
                n => format!("{n} people are"),
            }
        } else {
            "Some people are".to_string()
        };
        let note = format!(
            "{who} in more than one row ({}): counted in each and once in the Total, so the rows add up to more than it.",
            list.join(", ")
        );
        self.note(note);
    }
}

/// A group cell (its key) of a row of totals: typed, so a group named
/// "Total" is a group.
pub fn is_total(k: &str) -> bool {
    k == Closing::Total.key()
}

/// Derived rows that are no sum (the `% of workforce` row of a cross-tab).
pub fn is_derived(k: &[String]) -> bool {
    k.first().is_some_and(|k| k == Closing::Share.key())
}

impl Table {
    /// The rows each row of totals sums, (total, members), found from the
    /// group columns: a row with `Total` in a group column sums the rows
    /// without one that agree with it on its other named columns (`Adults,
    /// Total` the bands of Adults; `Total, <1` the `<1` of every group;
    /// `Total` alone every row). Rows of totals that sum no row are left
    /// out.
    pub fn totals(&self) -> Vec<(usize, Vec<usize>)> {
        let keys: Vec<Vec<String>> = self.rows.iter().map(|r| self.keys_of(r)).collect();
        let plain: Vec<usize> = (0..keys.len())
            .filter(|&i| !is_derived(&keys[i]) && !keys[i].iter().any(|k| is_total(k)))
            .collect();
        let mut out = Vec::new();
        for (t, tk) in keys.iter().enumerate() {
            if is_derived(tk) || !tk.iter().any(|k| is_total(k)) {
                continue;
            }
            let members: Vec<usize> = plain
                .iter()
                .copied()
                .filter(|&m| {
                    tk.iter()
                        .zip(&keys[m])
                        .all(|(a, b)| is_total(a) || a.is_empty() || a == b)
                })
                .collect();
            if !members.is_empty() {
                out.push((t, members));
            }
        }
        out
    }
}

/// A closing row of a table (its `Total`, or a cross-tab's `% of
/// workforce`), which comes after the groups.
pub fn is_closing(row: &[Value]) -> bool {
    matches!(row.first(), Some(Value::Closing(_)))
}

/// Whether a rise in an indicator is good news.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    Lower,
    Higher,
}

/// One indicator's thresholds: green at or better than `green`, red at or
/// worse than `red`, amber between.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub indicator: &'static str,
    pub green: Decimal,
    pub red: Decimal,
    pub better: Better,
}

/// Where a figure stands against its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rating {
    Red,
    Amber,
    Green,
}

impl Rating {
    /// The word, in lower case (`red`): capitalise it for a heading.
    pub fn word(self) -> &'static str {
        match self {
            Rating::Red => "red",
            Rating::Amber => "amber",
            Rating::Green => "green",
        }
    }
}

impl Target {
    /// The rating of a value: green at or better than green, red at or
    /// worse than red, amber between.
    pub fn status(&self, value: Decimal) -> Rating {
        let (good, bad) = match self.better {
            Better::Lower => (value <= self.green, value >= self.red),
            Better::Higher => (value >= self.green, value <= self.red),
        };
        if good {
            Rating::Green
        } else if bad {
            Rating::Red
        } else {
            Rating::Amber
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(s: &str) -> Value {
        Value::Num(s.parse().unwrap())
    }

    /// Worked by hand: amounts and counts of things close with the sum of
    /// the rows (1/37 + 2/37 + 3/37 = 6/37, whatever the query's last
    /// digit), people and rates keep the query's Total, and an N/A stands
    /// (a row's, or the report's own).
    #[test]
    fn totals_follow_the_columns_measures() {
        let mut t = Table::grouped(
            "t",
            &["team".to_string()],
            &[
                ("agency_fte", Kind::Fte),
                ("leavers", Kind::Count),
                ("in_post", Kind::Count),
                ("turnover_pct", Kind::Pct),
                ("vacancy_fte", Kind::Fte),
                ("agency_spend", Kind::Money),
            ],
        );
        let third = |n: i64| Value::Num(Decimal::from(n) / Decimal::from(37));
        t.rows = vec![
            vec![
                Value::text("A"),
                third(1),
                num("2"),
                num("3"),
                num("50"),
                num("1.5"),
                num("10"),
            ],
            vec![
                Value::text("B"),
                third(2),
                num("1"),
                num("2"),
                num("20"),
                Value::NA,
                num("5"),
            ],
            vec![
                Value::text("C"),
                third(3),
                num("0"),
                num("2"),
                num("0"),
                num("1"),
                num("1"),
            ],
            vec![
                Value::total(),
                third(6),
                num("3"),
                num("6"),
                num("42"),
                Value::NA,
                Value::NA,
            ],
        ];
        t.sum_totals();
        let total = &t.rows[3];
        assert_eq!(
            total[1],
            Value::Num(
                third(1).number().unwrap()
                    + third(2).number().unwrap()
                    + third(3).number().unwrap()
            )
        );
        assert_eq!(total[2], num("3"));
        // in_post is people: the query's 6 stands (here the rows' 7 would
        // count someone twice).
        assert_eq!(total[3], num("6"));
        assert_eq!(total[4], num("42"));
        assert_eq!(total[5], Value::NA);
        assert_eq!(total[6], Value::NA);
    }

    /// A table of in_post and starters by team, closed by its Total: A 4
    /// and 1, B 3 and 0, C 3 and 1, Total 6 and 1 (rows 10 and 2).
    fn people_by_team() -> Table {
        let mut t = Table::grouped(
            "t",
            &["team".to_string()],
            &[("in_post", Kind::Count), ("starters", Kind::Count)],
        );
        for (team, in_post, starters) in [
            ("A", "4", "1"),
            ("B", "3", "0"),
            ("C", "3", "1"),
            ("Total", "6", "1"),
        ] {
            let key = if team == "Total" {
                Value::total()
            } else {
                Value::text(team)
            };
            t.rows.push(vec![key, num(in_post), num(starters)]);
        }
        t
    }

    fn ids(v: &[&str]) -> Option<Vec<String>> {
        Some(v.iter().map(|s| s.to_string()).collect())
    }

    fn several(column: &str, excess: i64, people: Option<Vec<String>>) -> InSeveral {
        InSeveral {
            column: column.to_string(),
            excess: Decimal::from(excess),
            people,
        }
    }

    /// Issue 18: the note says how many people are in more than one row,
    /// each counted once over the columns (E2 is in both: 3 people), never
    /// the rows' sum against the Total.
    #[test]
    fn the_note_counts_the_people_in_more_than_one_row() {
        let mut t = people_by_team();
        t.in_several = vec![
            several("in_post", 4, ids(&["E1", "E2", "E3"])),
            several("starters", 1, ids(&["E2"])),
        ];
        t.sum_totals();
        assert_eq!(
            t.notes,
            ["3 people are in more than one row (in_post 3, starters 1): counted in each and once in the Total, so the rows add up to more than it."]
        );
    }

    /// Where who they are is not known (the query could not tell, or told
    /// of another excess than the table's), the note says so without a
    /// figure.
    #[test]
    fn without_the_people_the_note_gives_no_figure() {
        for given in [
            vec![],
            vec![several("in_post", 4, None)],
            vec![several("in_post", 3, ids(&["E1", "E3"]))],
        ] {
            let mut t = people_by_team();
            t.rows[1][2] = num("1");
            t.rows[3][2] = num("2");
            t.in_several = given.clone();
            t.in_several.push(several("starters", 1, ids(&["E2"])));
            t.sum_totals();
            assert_eq!(
                t.notes,
                ["Some people are in more than one row (in_post, starters 1): counted in each and once in the Total, so the rows add up to more than it."],
                "{given:?}"
            );
        }
    }
}
