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
            _ => None,
        }
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

#[derive(Debug, Clone)]
pub struct Column {
    pub name: String,
    pub kind: Kind,
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
}

impl Table {
    /// The key of a row: its text cells (the group columns), blank for any
    /// other value.
    pub fn keys_of(&self, row: &[Value]) -> Vec<String> {
        row.iter()
            .zip(&self.columns)
            .filter(|(_, c)| c.kind == Kind::Text)
            .map(|(v, _)| v.as_text().unwrap_or_default().to_string())
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
        self.columns.push(Column {
            name: name.into(),
            kind,
        });
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

/// A closing row of a table (its `Total`, or a cross-tab's `% of
/// workforce`), which comes after the groups.
pub fn is_closing(row: &[Value]) -> bool {
    matches!(row.first(), Some(Value::Text(s)) if s == "Total" || s == "% of workforce")
}
