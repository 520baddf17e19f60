//! Periods (`2016/17`, `2016Q3`, ranges...) and length-of-service bands.

use anyhow::{anyhow, bail, Result};
use chrono::{Datelike, Months, NaiveDate};
use std::fmt;

/// An inclusive window of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

fn ymd(y: i32, m: u32, d: u32) -> Result<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| anyhow!("no such date {y}-{m:02}-{d:02}"))
}

fn last_of_month(y: i32, m: u32) -> Result<NaiveDate> {
    let first = ymd(y, m, 1)?;
    first
        .checked_add_months(Months::new(1))
        .and_then(|d| d.pred_opt())
        .ok_or_else(|| anyhow!("no such date {y}-{m:02}"))
}

pub const PERIOD_FORMS: &str =
    "2015-10-01..2016-09-30, 2016, 2016-07, 2016Q3, 2016/17 or FY2016/17";

/// Why a flag (or swr.toml) date could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlagDateError {
    /// A bare number: never a date outside a data cell (an Excel serial
    /// there). `year` when it reads as one (2024).
    Number { year: Option<i32> },
    /// Not a date in any accepted form, or no such day.
    Form,
}

impl FlagDateError {
    /// What to write instead, for `flag` (`--as-of`, `as_of =`).
    pub fn hint(&self, flag: &str) -> String {
        match self {
            FlagDateError::Number { year: Some(y) } => format!(
                "{y} is a year, not a date (a bare number is never read as a date here): for its last day give {flag} {}",
                end_of_year(*y, flag)
            ),
            FlagDateError::Number { year: None } => format!(
                "a bare number is not a date here (Excel serial numbers are read in data cells only): give a date such as {flag} {}",
                example_date(flag)
            ),
            FlagDateError::Form if flag.ends_with('=') => {
                format!("expected a date such as {}", example_date(flag))
            }
            FlagDateError::Form => "expected a date such as 2016-07-30 or 30/07/2016".to_string(),
        }
    }
}

/// `2024-12-31`, quoted in swr.toml (`as_of = "2024-12-31"`).
fn end_of_year(y: i32, flag: &str) -> String {
    if flag.ends_with('=') {
        format!("\"{y}-12-31\"")
    } else {
        format!("{y}-12-31")
    }
}

fn example_date(flag: &str) -> &'static str {
    if flag.ends_with('=') {
        "\"2016-07-30\""
    } else {
        "2016-07-30"
    }
}

/// A bare number that reads as a year from 1900 to 2100.
fn as_year(s: &str) -> Option<i32> {
    (s.len() == 4)
        .then(|| s.parse::<i32>().ok())
        .flatten()
        .filter(|y| (1900..=2100).contains(y))
}

/// A date written in a flag or in swr.toml: a calendar date (`2016-07-30`,
/// `30/07/2016`, `30 Jul 2016`, day first), from 1900 to 2100. Never an Excel
/// serial number: those are read in data cells only.
pub fn parse_flag_date(raw: &str) -> Result<NaiveDate, FlagDateError> {
    let s = raw.trim();
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FlagDateError::Number { year: as_year(s) });
    }
    crate::values::parse_date_text(s, Default::default()).map_err(|_| FlagDateError::Form)
}

impl Period {
    /// The 12 months ending on `as_of`.
    pub fn year_to(as_of: NaiveDate) -> Period {
        let start = as_of - Months::new(12) + chrono::Days::new(1);
        Period { start, end: as_of }
    }

    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }

    /// A period in any of the forms of [`PERIOD_FORMS`], from 1900 to 2100.
    pub fn parse(raw: &str) -> Result<Period> {
        // The calendar runs out (`262142Q4`) only far outside the range.
        let outside = || anyhow!("--period '{raw}': periods run from 1900 to 2100");
        let p = Period::parse_any(raw).map_err(|e| {
            if e.to_string().starts_with("--period") {
                e
            } else {
                outside()
            }
        })?;
        let (first, last) = (crate::values::first_day(), crate::values::last_day());
        if p.start < first || p.end > last {
            return Err(outside());
        }
        Ok(p)
    }

    fn parse_any(raw: &str) -> Result<Period> {
        let s = raw.trim();
        let bad = || anyhow!("--period '{raw}': expected one of {PERIOD_FORMS}");
        if let Some((a, b)) = s.split_once("..") {
            let (start, end) = match (parse_flag_date(a), parse_flag_date(b)) {
                (Ok(start), Ok(end)) => (start, end),
                (Err(FlagDateError::Number { year: Some(x) }), Err(FlagDateError::Number { year: Some(y) })) => bail!(
                    "--period '{raw}': the ends of a range are dates, not bare numbers: for the years {x} to {y} give {x}-01-01..{y}-12-31"
                ),
                (Err(FlagDateError::Number { .. }), _) | (_, Err(FlagDateError::Number { .. })) => bail!(
                    "--period '{raw}': the ends of a range are dates, not bare numbers (Excel serial numbers are read in data cells only): expected one of {PERIOD_FORMS}"
                ),
                _ => return Err(bad()),
            };
            if end < start {
                bail!("--period '{raw}': the end is before the start");
            }
            return Ok(Period { start, end });
        }
        let upper = s.to_ascii_uppercase();
        let fy = upper.strip_prefix("FY").unwrap_or(&upper);
        if let Some((a, b)) = fy.split_once('/') {
            let y: i32 = a.parse().map_err(|_| bad())?;
            let next: i32 = b.parse().map_err(|_| bad())?;
            let ok = a.len() == 4
                && ((b.len() == 2 && next == (y + 1) % 100) || (b.len() == 4 && next == y + 1));
            if !ok {
                bail!("--period '{raw}': a financial year is written like 2016/17 (1 April 2016 to 31 March 2017)");
            }
            return Ok(Period {
                start: ymd(y, 4, 1)?,
                end: ymd(y + 1, 3, 31)?,
            });
        }
        if let Some((a, q)) = upper.split_once('Q') {
            let y: i32 = a.trim_end_matches('-').parse().map_err(|_| bad())?;
            let q: u32 = q.parse().map_err(|_| bad())?;
            if !(1..=4).contains(&q) || a.len() < 4 {
                return Err(bad());
            }
            let m = (q - 1) * 3 + 1;
            return Ok(Period {
                start: ymd(y, m, 1)?,
                end: last_of_month(y, m + 2)?,
            });
        }
        if let Some((a, m)) = s.split_once('-') {
            if a.len() == 4 && (1..=2).contains(&m.len()) {
                let y: i32 = a.parse().map_err(|_| bad())?;
                let m: u32 = m.parse().map_err(|_| bad())?;
                if !(1..=12).contains(&m) {
                    return Err(bad());
                }
                return Ok(Period {
                    start: ymd(y, m, 1)?,
                    end: last_of_month(y, m)?,
                });
            }
        }
        if s.len() == 4 {
            let y: i32 = s.parse().map_err(|_| bad())?;
            return Ok(Period {
                start: ymd(y, 1, 1)?,
                end: ymd(y, 12, 31)?,
            });
        }
        Err(bad())
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} to {}",
            self.start.format("%-d %b %Y"),
            self.end.format("%-d %b %Y")
        )
    }
}

/// A length-of-service band: `a <= years < b`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Band {
    pub from: Option<i32>,
    pub to: Option<i32>,
}

impl Band {
    pub fn contains(&self, years: i32) -> bool {
        self.from.is_none_or(|a| years >= a) && self.to.is_none_or(|b| years < b)
    }

    pub fn label(&self) -> String {
        match (self.from, self.to) {
            (None, Some(b)) => format!("<{b}"),
            (Some(a), None) => format!("{a}+"),
            (Some(a), Some(b)) => format!("{a}-{b}"),
            (None, None) => "all".to_string(),
        }
    }

    /// `<2`, `2-5`, `10+`.
    pub fn parse(raw: &str) -> Result<Band> {
        let s = raw.trim();
        let bad = || anyhow!("--service '{raw}': expected a band such as <2, 2-5 or 10+");
        let num = |t: &str| t.trim().parse::<i32>().map_err(|_| bad());
        if let Some(b) = s.strip_prefix('<') {
            return Ok(Band {
                from: None,
                to: Some(num(b)?),
            });
        }
        if let Some(a) = s.strip_suffix('+') {
            return Ok(Band {
                from: Some(num(a)?),
                to: None,
            });
        }
        if let Some((a, b)) = s.split_once('-') {
            let (a, b) = (num(a)?, num(b)?);
            if b <= a {
                return Err(bad());
            }
            return Ok(Band {
                from: Some(a),
                to: Some(b),
            });
        }
        Err(bad())
    }
}

/// `1,2,5,10` -> `<1`, `1-2`, `2-5`, `5-10`, `10+`.
pub fn bands(bounds: &[i32]) -> Result<Vec<Band>> {
    if bounds.is_empty() {
        bail!("--bands: give at least one boundary, such as 1,2,5,10");
    }
    if bounds.windows(2).any(|w| w[1] <= w[0]) || bounds[0] <= 0 {
        bail!(
            "--bands: boundaries must be whole years above 0, in ascending order, such as 1,2,5,10"
        );
    }
    let mut out = vec![Band {
        from: None,
        to: Some(bounds[0]),
    }];
    for w in bounds.windows(2) {
        out.push(Band {
            from: Some(w[0]),
            to: Some(w[1]),
        });
    }
    out.push(Band {
        from: Some(*bounds.last().expect("not empty")),
        to: None,
    });
    Ok(out)
}

/// The date `years` calendar years after `d`. The anniversary of 29 February
/// in a common year is 1 March (as Excel's DATEDIF and UK practice count it).
pub fn add_years(d: NaiveDate, years: i32) -> NaiveDate {
    let y = d.year() + years;
    NaiveDate::from_ymd_opt(y, d.month(), d.day())
        .or_else(|| NaiveDate::from_ymd_opt(y, 3, 1))
        .expect("1 March exists in every year")
}

/// The date `months` calendar months after `d`; where that month has no such
/// day (31 August + 6 months), the 1st of the month after, as the
/// anniversary of 29 February is 1 March in [`add_years`].
pub fn add_months(d: NaiveDate, months: u32) -> NaiveDate {
    let index = d.year() * 12 + d.month0() as i32 + months as i32;
    let (y, m) = (index.div_euclid(12), index.rem_euclid(12) as u32 + 1);
    NaiveDate::from_ymd_opt(y, m, d.day()).unwrap_or_else(|| {
        let first = NaiveDate::from_ymd_opt(y, m, 1).expect("the 1st exists");
        first + Months::new(1)
    })
}

/// Completed years of service from `start` to `end`, by calendar anniversary.
pub fn service_years(start: NaiveDate, end: NaiveDate) -> i32 {
    if end < start {
        return -service_years(end, start) - 1;
    }
    let mut years = end.year() - start.year();
    if add_years(start, years) > end {
        years -= 1;
    }
    years
}

/// The last start date whose day `months` calendar months later
/// ([`add_months`]) is on or before `on`: who has reached `months` of
/// service, or of a placement, by then.
pub fn last_start(on: NaiveDate, months: u32) -> NaiveDate {
    let mut d = on - chrono::Months::new(months);
    while add_months(d, months) > on {
        d = day_before(d);
    }
    while let Some(next) = d.succ_opt().filter(|n| add_months(*n, months) <= on) {
        d = next;
    }
    d
}

/// The day before the period begins (the opening stock date).
pub fn day_before(d: NaiveDate) -> NaiveDate {
    d.pred_opt()
        .expect("dates here are far from the calendar's start")
}

pub fn fmt_date(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{}", d.day(), d.month(), d.year())
}

#[cfg(test)]
mod tests {

    /// Worked by hand with add_months' rule (a missing day is the 1st of
    /// the next month): 29/02/2024 + 12 months is 01/03/2025, after
    /// 28/02/2025, so the last start 12 months before 28/02/2025 is
    /// 28/02/2024 (before 01/03/2025 it is 01/03/2024, the day after);
    /// 29/08/2018 + 6 months is 01/03/2019, so before 28/02/2019 it is
    /// 28/08/2018.
    #[test]
    fn last_start_by_hand() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(last_start(d(2025, 9, 30), 12), d(2024, 9, 30));
        assert_eq!(last_start(d(2025, 2, 28), 12), d(2024, 2, 28));
        assert_eq!(last_start(d(2025, 3, 1), 12), d(2024, 3, 1));
        assert_eq!(last_start(d(2019, 2, 28), 6), d(2018, 8, 28));
    }
    use super::*;

    fn p(s: &str) -> (String, String) {
        let p = Period::parse(s).unwrap();
        (p.start.to_string(), p.end.to_string())
    }

    fn ymd_(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn service_counts_completed_calendar_years() {
        assert_eq!(service_years(ymd_(2014, 10, 1), ymd_(2015, 10, 1)), 1);
        assert_eq!(service_years(ymd_(2014, 10, 1), ymd_(2015, 9, 30)), 0);
        assert_eq!(service_years(ymd_(2012, 2, 29), ymd_(2016, 2, 28)), 3);
        assert_eq!(service_years(ymd_(2012, 2, 29), ymd_(2016, 2, 29)), 4);
        assert_eq!(service_years(ymd_(2012, 2, 29), ymd_(2013, 2, 28)), 0);
        assert_eq!(service_years(ymd_(2012, 2, 29), ymd_(2013, 3, 1)), 1);
        assert_eq!(service_years(ymd_(2016, 7, 30), ymd_(2016, 7, 30)), 0);
    }

    #[test]
    fn months_roll_to_the_first_when_the_day_is_missing() {
        assert_eq!(add_months(ymd_(2016, 1, 15), 12), ymd_(2017, 1, 15));
        assert_eq!(add_months(ymd_(2016, 8, 31), 6), ymd_(2017, 3, 1));
        assert_eq!(add_months(ymd_(2016, 2, 29), 12), ymd_(2017, 3, 1));
        assert_eq!(add_months(ymd_(2016, 2, 29), 48), ymd_(2020, 2, 29));
        assert_eq!(add_months(ymd_(2015, 11, 30), 3), ymd_(2016, 3, 1));
        assert_eq!(add_months(ymd_(2015, 11, 30), 2), ymd_(2016, 1, 30));
        for d in [ymd_(2012, 2, 29), ymd_(2015, 7, 31), ymd_(2014, 10, 1)] {
            assert_eq!(add_months(d, 12), add_years(d, 1));
            assert_eq!(add_months(d, 24), add_years(d, 2));
        }
    }

    #[test]
    fn every_period_form() {
        assert_eq!(
            p("2015-10-01..2016-09-30"),
            ("2015-10-01".into(), "2016-09-30".into())
        );
        assert_eq!(
            p("01/10/2015..30/09/2016"),
            ("2015-10-01".into(), "2016-09-30".into())
        );
        assert_eq!(p("2016"), ("2016-01-01".into(), "2016-12-31".into()));
        assert_eq!(p("2016-02"), ("2016-02-01".into(), "2016-02-29".into()));
        assert_eq!(p("2016Q3"), ("2016-07-01".into(), "2016-09-30".into()));
        assert_eq!(p("2016q4"), ("2016-10-01".into(), "2016-12-31".into()));
        assert_eq!(p("2016/17"), ("2016-04-01".into(), "2017-03-31".into()));
        assert_eq!(p("FY2016/17"), ("2016-04-01".into(), "2017-03-31".into()));
        assert_eq!(p("1999/00"), ("1999-04-01".into(), "2000-03-31".into()));
        for bad in [
            "2016/18",
            "2016Q5",
            "16",
            "2016-13",
            "last year",
            "2016-09-30..2016-01-01",
        ] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn year_to_as_of() {
        let p = Period::year_to(NaiveDate::from_ymd_opt(2016, 7, 31).unwrap());
        assert_eq!(p.start.to_string(), "2015-08-01");
        assert_eq!(p.days(), 366);
    }

    #[test]
    fn default_bands() {
        let b = bands(&[1, 2, 5, 10]).unwrap();
        let labels: Vec<String> = b.iter().map(Band::label).collect();
        assert_eq!(labels, ["<1", "1-2", "2-5", "5-10", "10+"]);
        assert!(b[1].contains(1) && !b[1].contains(2) && b[2].contains(2));
        assert!(bands(&[2, 1]).is_err());
        assert_eq!(
            Band::parse("<2").unwrap(),
            Band {
                from: None,
                to: Some(2)
            }
        );
        assert_eq!(
            Band::parse("10+").unwrap(),
            Band {
                from: Some(10),
                to: None
            }
        );
        assert_eq!(
            Band::parse("2-5").unwrap(),
            Band {
                from: Some(2),
                to: Some(5)
            }
        );
    }
}
