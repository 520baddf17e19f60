//! Reading one cell as a date, an exact decimal, or yes/no.
//!
//! HR systems write the same value many ways: `30/07/2016`, `30-Jul-16`, an
//! Excel serial, a native date cell; `£39,500`, `(12.00)`, `1,234.5`. Each
//! parser accepts every form the SPEC lists and otherwise says what it expected,
//! so the caller can name the cell. Money and FTE never pass through binary
//! floating point except where the workbook itself stored a float, and then the
//! float is printed with limited digits and re-read as a decimal.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use std::str::FromStr;

/// One cell as a reader hands it over, before it is typed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CellRef<'a> {
    Empty,
    Text(&'a str),
    Number(f64),
    Date(NaiveDate),
    Bool(bool),
    /// A spreadsheet error such as `#N/A`.
    Error(&'a str),
    /// Text whose bytes are not UTF-8 in a file that is UTF-8 elsewhere.
    NotUtf8(&'a [u8]),
}

impl CellRef<'_> {
    /// The cell as the user would see it, for error messages.
    pub fn shown(&self) -> String {
        match self {
            CellRef::Empty => "(blank)".to_string(),
            CellRef::Text(s) => s.to_string(),
            CellRef::Number(n) => trim_float(*n),
            CellRef::Date(d) => d.format("%d/%m/%Y").to_string(),
            CellRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            CellRef::Error(e) => e.to_string(),
            CellRef::NotUtf8(b) => String::from_utf8_lossy(b).into_owned(),
        }
    }

    /// Blank cells, and text cells holding only white space.
    pub fn is_blank(&self) -> bool {
        match self {
            CellRef::Empty => true,
            CellRef::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// Day-first (UK, the default) or month-first, set in swr.toml.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateOrder {
    #[default]
    Dmy,
    Mdy,
}

/// Digits kept after the point for money and FTE: more than any HR system writes.
pub const SCALE: u32 = 6;

/// Days from 1 January of year 1 to 1970-01-01.
const EPOCH_FROM_CE: i32 = 719_163;

/// Days since 1970-01-01, polars' Date.
pub fn date_to_days(d: NaiveDate) -> i32 {
    d.num_days_from_ce() - EPOCH_FROM_CE
}

pub fn days_to_date(days: i32) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(days + EPOCH_FROM_CE).expect("dates within chrono's range")
}

/// A decimal as the i128 mantissa at [`SCALE`] (rounding half-even past it),
/// exact for every decimal (rescaling would quietly keep fewer places where
/// 6 do not fit in a decimal's 96 bits).
pub fn decimal_to_units(d: Decimal) -> i128 {
    let d = d.round_dp(SCALE);
    d.mantissa() * 10i128.pow(SCALE - d.scale())
}

pub const DATE_EXPECTED: &str =
    "a date such as 30/07/2016, 30 Jul 2016, 2016-07-30 or an Excel date serial";
pub const DATE_EXPECTED_MDY: &str =
    "a month-first date such as 07/30/2016, 30 Jul 2016, 2016-07-30 or an Excel date serial";

/// Days from 1899-12-30 (Excel's day 0 in the 1900 system, allowing for its
/// phantom 29 Feb 1900) to the date.
pub fn excel_serial_to_date(serial: f64) -> Option<NaiveDate> {
    // 1 = 1900-01-01 ... 2958465 = 9999-12-31; fractions are times of day.
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let day = serial.floor() as u64;
    // Excel counts a 29 February 1900 that never was (serial 60): days
    // before it are one day later than the count from 1899-12-30 says.
    let base = match day {
        60 => return None,
        ..60 => NaiveDate::from_ymd_opt(1899, 12, 31)?,
        _ => NaiveDate::from_ymd_opt(1899, 12, 30)?,
    };
    base.checked_add_days(chrono::Days::new(day))
}

fn month_from_name(s: &str) -> Option<u32> {
    let s = s.to_ascii_lowercase();
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    const FULL: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if s == "sept" {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| *m == s)
        .or_else(|| FULL.iter().position(|m| *m == s))
        .map(|i| i as u32 + 1)
}

fn year_from(s: &str) -> Option<i32> {
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match s.len() {
        4 => s.parse().ok(),
        // Excel's own two-digit rule: 00-29 are 2000s, 30-99 are 1900s.
        2 => {
            let y: i32 = s.parse().ok()?;
            Some(if y < 30 { 2000 + y } else { 1900 + y })
        }
        _ => None,
    }
}

fn small_number(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Why a text could not be read as a date, beyond "not a date".
#[derive(Debug, PartialEq)]
pub enum DateError {
    /// Not in any accepted form.
    Form,
    /// Well formed but no such day (31/02/2016).
    NoSuchDay,
    /// A real day, but not one an HR extract means (before 1900 or after
    /// 2100: a spreadsheet's 0 or -1 shows as 1899).
    OutOfRange,
}

/// The first and last days swr reads as dates.
pub fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(1900, 1, 1).expect("a real day")
}

pub fn last_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2100, 12, 31).expect("a real day")
}

pub const RANGE_EXPECTED: &str =
    "is not a date an extract means: dates run from 01/01/1900 to 31/12/2100 (a spreadsheet date of 0 or less shows as 1899)";

fn in_range(d: NaiveDate) -> Result<NaiveDate, DateError> {
    if d < first_day() || d > last_day() {
        Err(DateError::OutOfRange)
    } else {
        Ok(d)
    }
}

/// Parse a date written as text (from 1900 to 2100).
pub fn parse_date_text(raw: &str, order: DateOrder) -> Result<NaiveDate, DateError> {
    parse_any_date_text(raw, order).and_then(in_range)
}

fn parse_any_date_text(raw: &str, order: DateOrder) -> Result<NaiveDate, DateError> {
    let s = raw.trim();
    // Drop a midnight time some exports append: "30/07/2016 00:00:00", "2016-07-30T00:00:00".
    let s = match s.find(['T', ' ']) {
        Some(i) if looks_like_time(&s[i + 1..]) => &s[..i],
        _ => s,
    };
    if s.is_empty() {
        return Err(DateError::Form);
    }
    if let Some(days) = fast_date_days(s.as_bytes(), order) {
        return Ok(days_to_date(days));
    }
    // An Excel serial written as text (CSV saved from a sheet with General format).
    if s.bytes().all(|b| b.is_ascii_digit()) && (3..=7).contains(&s.len()) {
        return s
            .parse::<f64>()
            .ok()
            .and_then(excel_serial_to_date)
            .ok_or(DateError::Form);
    }
    let mut split = s.split(['/', '-', '.', ' ']).filter(|p| !p.is_empty());
    let parts: [&str; 3] = match (split.next(), split.next(), split.next(), split.next()) {
        (Some(a), Some(b), Some(c), None) => [a, b, c],
        _ => return Err(DateError::Form),
    };
    let (y, m, d) = if parts[0].len() == 4 {
        // ISO order: 2016-07-30 (also 2016/07/30).
        let y = year_from(parts[0]).ok_or(DateError::Form)?;
        let m = small_number(parts[1]).ok_or(DateError::Form)?;
        let d = small_number(parts[2]).ok_or(DateError::Form)?;
        (y, m, d)
    } else if let Some(m) = month_from_name(parts[1]) {
        // 30 Jul 2016, 30-Jul-16.
        let d = small_number(parts[0]).ok_or(DateError::Form)?;
        let y = year_from(parts[2]).ok_or(DateError::Form)?;
        (y, m, d)
    } else {
        let a = small_number(parts[0]).ok_or(DateError::Form)?;
        let b = small_number(parts[1]).ok_or(DateError::Form)?;
        let y = year_from(parts[2]).ok_or(DateError::Form)?;
        match order {
            DateOrder::Dmy => (y, b, a),
            DateOrder::Mdy => (y, a, b),
        }
    };
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return Err(DateError::NoSuchDay);
    }
    NaiveDate::from_ymd_opt(y, m, d).ok_or(DateError::NoSuchDay)
}

/// Days since 1970-01-01 of a `dd/mm/yyyy` (or `mm/dd/yyyy`) or
/// `yyyy-mm-dd` date, worked out without chrono: the form nearly every row of
/// a large extract has. `None` for anything else, days that do not exist
/// included, which [`parse_date`] then reads (or explains).
pub fn fast_date_days(b: &[u8], order: DateOrder) -> Option<i32> {
    if b.len() != 10 {
        return None;
    }
    let digit = |i: usize| -> Option<u32> {
        let c = b[i].wrapping_sub(b'0');
        (c < 10).then_some(c as u32)
    };
    let two = |i: usize| -> Option<u32> { Some(digit(i)? * 10 + digit(i + 1)?) };
    let four = |i: usize| -> Option<i32> { Some((two(i)? * 100 + two(i + 2)?) as i32) };
    let (y, m, d) = if b[2] == b'/' && b[5] == b'/' {
        let (a, c, y) = (two(0)?, two(3)?, four(6)?);
        match order {
            DateOrder::Dmy => (y, c, a),
            DateOrder::Mdy => (y, a, c),
        }
    } else if b[4] == b'-' && b[7] == b'-' {
        (four(0)?, two(5)?, two(8)?)
    } else {
        return None;
    };
    if !(1..=12).contains(&m) || d < 1 {
        return None;
    }
    // Years an HR extract holds: the first day of each month looked up.
    if (TABLE_FROM..TABLE_FROM + TABLE_YEARS).contains(&y) {
        let k = ((y - TABLE_FROM) * 12) as usize + m as usize - 1;
        let (first, next) = (MONTH_STARTS[k], MONTH_STARTS[k + 1]);
        let day = first + d as i32 - 1;
        return (day < next).then_some(day);
    }
    if y < 1 || d > days_in_month(y, m) {
        return None;
    }
    Some(days_from_civil(y, m, d))
}

const TABLE_FROM: i32 = 1900;
const TABLE_YEARS: i32 = 200;

/// Days since 1970-01-01 of the first of each month from January 1900 to
/// January 2100.
static MONTH_STARTS: [i32; (TABLE_YEARS * 12 + 1) as usize] = {
    let mut t = [0; (TABLE_YEARS * 12 + 1) as usize];
    let mut k = 0;
    while k < t.len() {
        t[k] = days_from_civil(TABLE_FROM + k as i32 / 12, (k % 12) as u32 + 1, 1);
        k += 1;
    }
    t
};

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a date in the proleptic Gregorian calendar
/// (Howard Hinnant's `days_from_civil`), for years from 1.
const fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y / 400;
    let yoe = (y - era * 400) as u32;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe as i32 - 719_468
}

/// A yes/no field as most exports write it (`Yes`, `No`, `Y`, `N`, `TRUE`,
/// `FALSE`, `1`, `0`, blank, any case); `None` for anything else, which
/// [`parse_yes_no`] then reads.
pub fn fast_yes_no(b: &[u8]) -> Option<bool> {
    let is = |w: &[u8]| b.eq_ignore_ascii_case(w);
    match b.len() {
        0 => Some(false),
        1 if is(b"y") || b == b"1" => Some(true),
        1 if is(b"n") || b == b"0" => Some(false),
        2 if is(b"no") => Some(false),
        3 if is(b"yes") => Some(true),
        4 if is(b"true") => Some(true),
        5 if is(b"false") => Some(false),
        _ => None,
    }
}

fn looks_like_time(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty()
        && s.contains(':')
        && s.bytes()
            .all(|b| b.is_ascii_digit() || b == b':' || b == b'.' || b == b'Z')
}

/// Parse any date cell: a native date, a serial number, or text.
pub fn parse_date(cell: CellRef<'_>, order: DateOrder) -> Result<NaiveDate, String> {
    let expected = match order {
        DateOrder::Dmy => DATE_EXPECTED,
        DateOrder::Mdy => DATE_EXPECTED_MDY,
    };
    match cell {
        CellRef::Date(d) => in_range(d).map_err(|_| RANGE_EXPECTED.to_string()),
        CellRef::Number(n) => excel_serial_to_date(n)
            .ok_or_else(|| {
                format!(
                    "{} is outside the range of Excel date serials; expected {expected}",
                    trim_float(n)
                )
            })
            .and_then(|d| in_range(d).map_err(|_| RANGE_EXPECTED.to_string())),
        CellRef::Text(s) => parse_date_text(s, order).map_err(|e| match e {
            DateError::Form => format!("expected {expected}"),
            DateError::OutOfRange => RANGE_EXPECTED.to_string(),
            DateError::NoSuchDay => {
                // 3/30/2015 read day-first: say what month-first would give.
                let other = match order {
                    DateOrder::Dmy => DateOrder::Mdy,
                    DateOrder::Mdy => DateOrder::Dmy,
                };
                match parse_date_text(s, other) {
                    Ok(d) => format!(
                        "there is no such day in the calendar read {}; read {} it is {}: if the file writes dates that way, set date_order = \"{}\" in swr.toml",
                        if order == DateOrder::Dmy { "day first" } else { "month first" },
                        if order == DateOrder::Dmy { "month first" } else { "day first" },
                        d.format("%-d %B %Y"),
                        if order == DateOrder::Dmy { "mdy" } else { "dmy" }
                    ),
                    Err(_) => "there is no such day in the calendar".to_string(),
                }
            }
        }),
        CellRef::Bool(_) | CellRef::Error(_) | CellRef::Empty | CellRef::NotUtf8(_) => {
            Err(format!("expected {expected}"))
        }
    }
}

/// A float from a workbook as the decimal the user typed: 29.020000000000003 is 29.02.
pub fn decimal_from_f64(n: f64) -> Option<Decimal> {
    if !n.is_finite() {
        return None;
    }
    if let Some(units) = f64_units(n) {
        return Some(Decimal::from_i128_with_scale(units, 6).normalize());
    }
    let s = format!("{n:.9}");
    Decimal::from_str(&s).ok().map(|d| d.normalize())
}

/// A spreadsheet number with at most six decimals (FTEs, money, hours) in
/// units of 10^-6, without formatting it: what [`decimal_from_f64`] makes
/// of it, for numbers under ten million; `None` for others.
pub fn f64_units(n: f64) -> Option<i128> {
    // Under 1e7 the product is within 0.002 of n x 10^6, so an n this close
    // to a whole number of units is within 2e-9 of it, and rounding n to 9
    // decimals and then to 6 (the formatting route) gives the same units.
    if n.abs() >= 1e7 {
        return None;
    }
    let x = n * 1e6;
    let k = x.round();
    ((x - k).abs() < 1e-6).then_some(k as i128)
}

fn trim_float(n: f64) -> String {
    decimal_from_f64(n)
        .map(|d| d.to_string())
        .unwrap_or_else(|| n.to_string())
}

/// 10^16 in units of 10^-6: amounts from here on are refused as too large
/// (no HR figure comes near; a decimal cannot keep 6 places far beyond).
pub const TOO_LARGE: i128 = 10i128.pow(22);

/// 10^6 in units of 10^-6: FTEs, hours and cases from here on are refused,
/// so that every product a report works out (rate x hours x days x weeks,
/// cost x fte) stays far inside what an exact decimal holds.
pub const NUMBER_TOO_LARGE: i128 = 10i128.pow(12);

/// The first amount refused, in units of 10^-6, for a column of `kind`.
pub fn limit_units(kind: crate::extracts::Kind) -> i128 {
    match kind {
        crate::extracts::Kind::Money => TOO_LARGE,
        _ => NUMBER_TOO_LARGE,
    }
}

/// The same, as a person reads it.
pub fn limit_text(kind: crate::extracts::Kind) -> &'static str {
    match kind {
        crate::extracts::Kind::Money => "10^16",
        _ => "1,000,000",
    }
}

/// A value cut to `n` characters for a message (a 10 MB cell does not make
/// a 10 MB message).
pub fn cut(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        None => s.to_string(),
        Some((i, _)) => format!("{}... ({} characters)", &s[..i], s.chars().count()),
    }
}

pub const MONEY_EXPECTED: &str = "an amount such as £39,500, 39500.00, 1,234.5, (12.00) or -12";
pub const NUMBER_EXPECTED: &str = "a number such as 1, 0.5 or 37";
pub const COUNT_EXPECTED: &str = "a whole number, 0 or more, such as 0, 7 or 12";

/// Parse an amount: `£39,500`, `39500.00`, `1,234.5`, `(12.00)`, `-12`, `-£12`.
pub fn parse_money_text(raw: &str) -> Option<Decimal> {
    let mut s = raw.trim();
    // Plain numbers (1, 0.8, 39500.00) need none of the work below.
    if !s.is_empty()
        && s.len() < 20
        && s.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && s.bytes().filter(|b| *b == b'.').count() <= 1
        && s.bytes().next().is_some_and(|b| b.is_ascii_digit())
    {
        return Decimal::from_str(s).ok();
    }
    let mut negative = false;
    if s.starts_with('(') && s.ends_with(')') {
        negative = true;
        s = s[1..s.len() - 1].trim();
    }
    if let Some(rest) = s.strip_prefix('-') {
        if negative {
            return None;
        }
        negative = true;
        s = rest.trim_start();
    }
    let s = s
        .strip_prefix('£')
        .or_else(|| s.strip_prefix("GBP"))
        .unwrap_or(s)
        .trim();
    let s = if !negative {
        match s.strip_prefix('-') {
            Some(rest) => {
                negative = true;
                rest
            }
            None => s,
        }
    } else {
        s
    };
    if s.is_empty()
        || !s
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_digit() || b == b'.')
    {
        return None;
    }
    // Thousands separators must sit in groups of three before the point.
    let (int_part, frac_part) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    if int_part.contains(',') {
        let groups: Vec<&str> = int_part.split(',').collect();
        if groups[0].is_empty() || groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3) {
            return None;
        }
    }
    let digits: String = int_part.chars().filter(|c| *c != ',').collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if let Some(f) = frac_part {
        if !f.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    let text = match frac_part {
        Some(f) => format!("{}.{}", if digits.is_empty() { "0" } else { &digits }, f),
        None => digits,
    };
    let d = Decimal::from_str(&text).ok()?;
    Some(if negative { -d } else { d })
}

/// A plain non-negative number (`1`, `0.8`, `39500.00`, at most 6 decimals)
/// straight to units of 10^-6, the frame's scale; `None` for anything else.
pub fn plain_units(s: &str) -> Option<i128> {
    plain_units_bytes(s.as_bytes())
}

/// [`plain_units`] on the bytes of a CSV field.
pub fn plain_units_bytes(b: &[u8]) -> Option<i128> {
    if b.is_empty() || b.len() > 24 {
        return None;
    }
    let (int, frac) = match b.iter().position(|c| *c == b'.') {
        Some(i) => (&b[..i], &b[i + 1..]),
        None => (b, &b[..0]),
    };
    if int.is_empty() || frac.len() > 6 {
        return None;
    }
    let mut whole: i128 = 0;
    for c in int {
        if !c.is_ascii_digit() {
            return None;
        }
        whole = whole * 10 + (c - b'0') as i128;
    }
    let mut fraction: i128 = 0;
    for (k, c) in frac.iter().enumerate() {
        if !c.is_ascii_digit() {
            return None;
        }
        fraction += (c - b'0') as i128 * 10i128.pow(5 - k as u32);
    }
    Some(whole * 1_000_000 + fraction)
}

/// Money as most exports write it, `£41,005.00` or `41005.5` (a pound sign,
/// thousands in groups of three, up to six decimals), in units of 10^-6;
/// `None` for anything else, which [`parse_money_text`] then reads.
pub fn fast_money_units(b: &[u8]) -> Option<i128> {
    let b = b.strip_prefix("£".as_bytes()).unwrap_or(b);
    let (int, frac) = match b.iter().position(|c| *c == b'.') {
        Some(i) => (&b[..i], Some(&b[i + 1..])),
        None => (b, None),
    };
    // Up to 16 digits of pounds: larger amounts are left to the full
    // reader, which says what it makes of them.
    if int.is_empty() || int.len() > 32 {
        return None;
    }
    let mut whole: i128 = 0;
    // Digits since the last comma (or the start).
    let mut run = 0;
    let mut commas = false;
    for c in int {
        match c {
            b'0'..=b'9' => {
                whole = whole * 10 + (c - b'0') as i128;
                run += 1;
            }
            b',' if run > 0 && (run == 3 || !commas) && run <= 3 => {
                commas = true;
                run = 0;
            }
            _ => return None,
        }
    }
    if commas && run != 3 || whole >= 10i128.pow(16) {
        return None;
    }
    let mut units = whole * 1_000_000;
    if let Some(frac) = frac {
        if frac.is_empty() || frac.len() > 6 {
            return None;
        }
        for (k, c) in frac.iter().enumerate() {
            if !c.is_ascii_digit() {
                return None;
            }
            units += (c - b'0') as i128 * 10i128.pow(5 - k as u32);
        }
    }
    Some(units)
}

/// Parse a money or plain-number cell exactly.
pub fn parse_decimal(cell: CellRef<'_>, expected: &str) -> Result<Decimal, String> {
    match cell {
        CellRef::Number(n) => decimal_from_f64(n).ok_or_else(|| format!("expected {expected}")),
        CellRef::Text(s) => parse_money_text(s).ok_or_else(|| format!("expected {expected}")),
        _ => Err(format!("expected {expected}")),
    }
}

pub const YES_NO_EXPECTED: &str = "yes, y, true, 1, completed / no, n, false, 0 or blank";

/// Parse a yes/no cell; blank is no.
pub fn parse_yes_no(cell: CellRef<'_>) -> Result<bool, String> {
    match cell {
        CellRef::Empty => Ok(false),
        CellRef::Bool(b) => Ok(b),
        CellRef::Number(1.0) => Ok(true),
        CellRef::Number(0.0) => Ok(false),
        CellRef::Text(s) => {
            let s = s.trim();
            let is = |words: &[&str]| words.iter().any(|w| w.eq_ignore_ascii_case(s));
            if is(&["yes", "y", "true", "1", "completed", "complete", "done"]) {
                Ok(true)
            } else if is(&["no", "n", "false", "0", "", "not completed", "none"]) {
                Ok(false)
            } else {
                Err(format!("expected {YES_NO_EXPECTED}"))
            }
        }
        _ => Err(format!("expected {YES_NO_EXPECTED}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn fast_dates_agree_with_chrono_and_refuse_what_does_not_exist() {
        let epoch = d(1970, 1, 1);
        let mut day = d(1899, 12, 25);
        while day <= d(2101, 1, 5) {
            let want = (day - epoch).num_days() as i32;
            let dmy = day.format("%d/%m/%Y").to_string();
            let mdy = day.format("%m/%d/%Y").to_string();
            let iso = day.format("%Y-%m-%d").to_string();
            assert_eq!(
                fast_date_days(dmy.as_bytes(), DateOrder::Dmy),
                Some(want),
                "{dmy}"
            );
            assert_eq!(
                fast_date_days(mdy.as_bytes(), DateOrder::Mdy),
                Some(want),
                "{mdy}"
            );
            assert_eq!(
                fast_date_days(iso.as_bytes(), DateOrder::Dmy),
                Some(want),
                "{iso}"
            );
            day = day.succ_opt().unwrap();
        }
        // 1 March 1900 is day -25,508 (Excel's serial 61 less 25,569).
        assert_eq!(fast_date_days(b"01/03/1900", DateOrder::Dmy), Some(-25_508));
        for bad in [
            "29/02/2023",
            "29/02/1900",
            "31/04/2024",
            "00/01/2024",
            "01/13/2024",
            "32/01/2024",
            "1/1/2024",
            "01-01-2024",
            "2024/01/01",
            "0000-01-01",
            "3O/07/2016",
            "30/07/2016 ",
        ] {
            assert_eq!(
                fast_date_days(bad.as_bytes(), DateOrder::Dmy),
                None,
                "{bad}"
            );
        }
        assert_eq!(
            fast_date_days(b"29/02/2024", DateOrder::Dmy),
            Some((d(2024, 2, 29) - epoch).num_days() as i32)
        );
    }

    #[test]
    fn spreadsheet_numbers_to_units_without_formatting() {
        // The formatting route is the oracle: every number with up to six
        // decimals over a spread of sizes, and some with more.
        let slow = |n: f64| {
            let d = Decimal::from_str(&format!("{n:.9}")).unwrap();
            decimal_to_units(d)
        };
        let mut checked = 0;
        for whole in [0.0, 1.0, 37.0, 39_500.0, 64_000.0, 123_456.0, 9_999_999.0] {
            for frac in 0..2000 {
                let f = frac as f64;
                for n in [
                    whole + f / 1e6 * 499.0,
                    -(whole + f / 1000.0),
                    whole + f / 997.0,
                ] {
                    if let Some(u) = f64_units(n) {
                        assert_eq!(u, slow(n), "{n}");
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 25_000, "{checked}");
        assert_eq!(f64_units(0.6), Some(600_000));
        assert_eq!(f64_units(0.1234565), None);
        assert_eq!(f64_units(1e7), None);
    }

    #[test]
    fn fast_money_agrees_with_the_full_reader() {
        for t in [
            "£41,005.00",
            "41,005.00",
            "£39,500",
            "£0.5",
            "1,234,567.891234",
            "£999",
            "12,345",
            "7",
            "£1,000,000",
            "0.000001",
            "£0,000",
            "01,000",
            "£00.10",
        ] {
            let full = parse_money_text(t).unwrap();
            assert_eq!(
                fast_money_units(t.as_bytes()),
                Some(decimal_to_units(full)),
                "{t}"
            );
        }
        // Left to the full reader: it refuses some, reads others its own way.
        for t in [
            "£1,2345",
            "£12,34",
            ",123",
            "1,,234",
            "£",
            "£.5",
            "1.",
            "1.2345678",
            "-£5",
            "(12.00)",
            "£ 5",
            "GBP5",
            "12,345,67",
            "1234,567",
            "£1.2.3",
            " 5",
        ] {
            assert_eq!(fast_money_units(t.as_bytes()), None, "{t}");
        }
    }

    #[test]
    fn fast_yes_no_agrees_with_the_full_reader() {
        for w in ["Yes", "YES", "y", "1", "TRUE", "No", "n", "0", "False", ""] {
            let full = parse_yes_no(if w.is_empty() {
                CellRef::Empty
            } else {
                CellRef::Text(w)
            });
            assert_eq!(fast_yes_no(w.as_bytes()), Some(full.unwrap()), "{w}");
        }
        for w in ["Completed", " yes", "maybe", "yess", "2"] {
            assert_eq!(fast_yes_no(w.as_bytes()), None, "{w}");
        }
    }

    #[test]
    fn every_spec_date_form_reads_as_30_july_2016() {
        for s in [
            "2016-07-30",
            "30/07/2016",
            "30/7/16",
            "30-07-2016",
            "30.07.2016",
            "30 Jul 2016",
            "30-Jul-16",
            "30 July 2016",
            "30/07/2016 00:00:00",
            "2016-07-30T00:00:00",
            "42581",
        ] {
            assert_eq!(
                parse_date_text(s, DateOrder::Dmy),
                Ok(d(2016, 7, 30)),
                "{s}"
            );
        }
    }

    #[test]
    fn month_first_only_when_asked() {
        assert_eq!(
            parse_date_text("07/30/2016", DateOrder::Dmy),
            Err(DateError::NoSuchDay)
        );
        assert_eq!(
            parse_date_text("07/30/2016", DateOrder::Mdy),
            Ok(d(2016, 7, 30))
        );
        assert_eq!(
            parse_date_text("03/04/2016", DateOrder::Dmy),
            Ok(d(2016, 4, 3))
        );
    }

    #[test]
    fn impossible_and_malformed_dates_are_refused() {
        assert_eq!(
            parse_date_text("31/02/2016", DateOrder::Dmy),
            Err(DateError::NoSuchDay)
        );
        assert_eq!(
            parse_date_text("29/02/2015", DateOrder::Dmy),
            Err(DateError::NoSuchDay)
        );
        assert_eq!(
            parse_date_text("29/02/2016", DateOrder::Dmy),
            Ok(d(2016, 2, 29))
        );
        for s in [
            "",
            "July",
            "30/07",
            "30/07/201",
            "2016-07-30-01",
            "n/a",
            "30/Jly/2016",
        ] {
            assert_eq!(
                parse_date_text(s, DateOrder::Dmy),
                Err(DateError::Form),
                "{s}"
            );
        }
    }

    #[test]
    fn excel_serials_count_from_1899_12_30() {
        // Excel's day 1 is 1 January 1900; its 60 is 29 February 1900,
        // a day that never was.
        assert_eq!(excel_serial_to_date(1.0), Some(d(1900, 1, 1)));
        assert_eq!(excel_serial_to_date(59.0), Some(d(1900, 2, 28)));
        assert_eq!(excel_serial_to_date(60.0), None);
        assert_eq!(excel_serial_to_date(61.0), Some(d(1900, 3, 1)));
        assert_eq!(excel_serial_to_date(42581.75), Some(d(2016, 7, 30)));
        assert_eq!(excel_serial_to_date(0.0), None);
    }

    #[test]
    fn money_forms() {
        let m = |s: &str| parse_money_text(s).map(|d| d.to_string());
        assert_eq!(m("£39,500").as_deref(), Some("39500"));
        assert_eq!(m("39500.00").as_deref(), Some("39500.00"));
        assert_eq!(m("1,234.5").as_deref(), Some("1234.5"));
        assert_eq!(m("(12.00)").as_deref(), Some("-12.00"));
        assert_eq!(m("-12").as_deref(), Some("-12"));
        assert_eq!(m("-£12.50").as_deref(), Some("-12.50"));
        assert_eq!(m("£1,234,567.89").as_deref(), Some("1234567.89"));
        assert_eq!(m(" 32 ").as_deref(), Some("32"));
        assert_eq!(m(".5").as_deref(), Some("0.5"));
        for bad in [
            "£12,3x", "12,34", "1,2345", "abc", "", "£", "--12", "12.3.4", "(-12)",
        ] {
            assert_eq!(m(bad), None, "{bad}");
        }
    }

    #[test]
    fn floats_from_workbooks_are_read_as_typed() {
        assert_eq!(
            decimal_from_f64(29.020000000000003).unwrap().to_string(),
            "29.02"
        );
        assert_eq!(decimal_from_f64(0.1 + 0.2).unwrap().to_string(), "0.3");
        assert_eq!(decimal_from_f64(42482.0).unwrap().to_string(), "42482");
    }

    #[test]
    fn plain_units_match_the_decimal_route() {
        for t in [
            "1", "0.8", "39500.00", "0.123456", "12", "0", "000.5", "42482.5",
        ] {
            let d = Decimal::from_str(t).unwrap();
            let mut r = d;
            r.rescale(6);
            assert_eq!(plain_units(t), Some(r.mantissa()), "{t}");
        }
        for t in [
            "",
            ".5",
            "1.2345678",
            "£1",
            "1,000",
            "-1",
            "1.2.3",
            "1e5",
            "12.",
        ] {
            if t == "12." {
                assert_eq!(plain_units(t), Some(12_000_000));
                continue;
            }
            assert_eq!(plain_units(t), None, "{t}");
        }
    }

    #[test]
    fn yes_no() {
        assert_eq!(parse_yes_no(CellRef::Text("Completed")), Ok(true));
        assert_eq!(parse_yes_no(CellRef::Text(" Y ")), Ok(true));
        assert_eq!(parse_yes_no(CellRef::Empty), Ok(false));
        assert_eq!(parse_yes_no(CellRef::Number(0.0)), Ok(false));
        assert!(parse_yes_no(CellRef::Text("maybe")).is_err());
    }
}
