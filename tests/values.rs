//! Property tests of the value parsers against chrono and rust_decimal:
//! every day from 1900 to 2100 in every form an export writes it, every
//! amount in every way money is written, every period form, and any text at
//! all (an answer or a refusal, never a panic).
use chrono::{Datelike, Days, Months, NaiveDate};
use proptest::prelude::*;
use rust_decimal::Decimal;
use swr::period::Period;
use swr::values::{
    excel_serial_to_date, fast_date_days, fast_money_units, parse_date_text, parse_money_text,
    plain_units, DateOrder,
};

/// Any day from 1 January 1900 to 31 December 2100.
fn day() -> impl Strategy<Value = NaiveDate> {
    let first = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
    let span = (NaiveDate::from_ymd_opt(2100, 12, 31).unwrap() - first).num_days() as u64;
    (0..=span).prop_map(move |n| first + Days::new(n))
}

/// The grouping of an amount's pounds in threes: 1234567 -> "1,234,567".
fn thousands(pounds: &str) -> String {
    let mut out = String::new();
    for (i, c) in pounds.chars().enumerate() {
        if i > 0 && (pounds.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// Day-first, ISO, month names, two-digit years, trailing midnight:
    /// each reads back as the day chrono wrote.
    #[test]
    fn every_day_in_every_form(d in day()) {
        for form in ["%d/%m/%Y", "%Y-%m-%d", "%-d %b %Y", "%d %B %Y", "%Y/%m/%d", "%d.%m.%Y", "%-d/%-m/%Y", "%d/%m/%Y 00:00:00", "%Y-%m-%dT00:00:00"] {
            let text = d.format(form).to_string();
            prop_assert_eq!(parse_date_text(&text, DateOrder::Dmy), Ok(d), "{}", text);
        }
        let us = d.format("%m/%d/%Y").to_string();
        prop_assert_eq!(parse_date_text(&us, DateOrder::Mdy), Ok(d), "{}", us);
        // Excel's two-digit years: 00-29 are 2000s, 30-99 the 1900s.
        if (1930..2030).contains(&d.year()) {
            let short = d.format("%d-%b-%y").to_string();
            prop_assert_eq!(parse_date_text(&short, DateOrder::Dmy), Ok(d), "{}", short);
        }
        // The fast path gives the same day as chrono.
        let fast = fast_date_days(d.format("%d/%m/%Y").to_string().as_bytes(), DateOrder::Dmy);
        prop_assert_eq!(fast.map(swr::frame::days_to_date), Some(d));
    }

    /// A date that is not in the calendar is never moved to one that is.
    #[test]
    fn no_such_day_is_refused(y in 1900i32..=2100, m in 1u32..=12, d in 28u32..=31) {
        let text = format!("{:02}/{:02}/{}", d, m, y);
        let real = NaiveDate::from_ymd_opt(y, m, d);
        prop_assert_eq!(parse_date_text(&text, DateOrder::Dmy).ok(), real, "{}", text);
        prop_assert_eq!(fast_date_days(text.as_bytes(), DateOrder::Dmy).map(swr::frame::days_to_date), real);
    }

    /// Before 1900 or after 2100 (a spreadsheet's 0, or 31/12/9999) is
    /// refused, not read.
    #[test]
    fn days_outside_1900_to_2100_are_refused(y in prop_oneof![1i32..1900, 2101i32..10000], m in 1u32..=12, d in 1u32..=28) {
        let day_first = format!("{d:02}/{m:02}/{y:04}");
        let iso = format!("{y:04}-{m:02}-{d:02}");
        prop_assert!(parse_date_text(&day_first, DateOrder::Dmy).is_err(), "{}", day_first);
        prop_assert!(parse_date_text(&iso, DateOrder::Dmy).is_err(), "{}", iso);
    }

    /// Excel serials: day 1 is 1 January 1900, day 60 the 29 February 1900
    /// that never was, and from 61 on the days since 30 December 1899.
    #[test]
    fn excel_serials_as_excel_counts(n in 1u64..2_958_466, time in 0.0f64..0.999) {
        let expected = match n {
            60 => None,
            ..60 => NaiveDate::from_ymd_opt(1899, 12, 31).unwrap().checked_add_days(Days::new(n)),
            _ => NaiveDate::from_ymd_opt(1899, 12, 30).unwrap().checked_add_days(Days::new(n)),
        };
        prop_assert_eq!(excel_serial_to_date(n as f64 + time), expected);
    }

    /// Money written plainly, with a pound sign and thousands, negative with
    /// a minus or in brackets: the exact amount rust_decimal holds.
    #[test]
    fn money_in_every_form(pounds in 0u64..10_000_000_000_000, pence in 0u32..1_000_000, places in 0u32..=6) {
        let fraction = pence / 10u32.pow(6 - places);
        let amount = Decimal::from(pounds) + Decimal::new(fraction.into(), places);
        let frac_text = if places == 0 { String::new() } else { format!(".{fraction:0width$}", width = places as usize) };
        let plain = format!("{pounds}{frac_text}");
        let grouped = format!("£{}{frac_text}", thousands(&pounds.to_string()));
        for text in [&plain, &grouped, &format!(" {grouped} "), &format!("GBP {plain}")] {
            prop_assert_eq!(parse_money_text(text), Some(amount), "{}", text);
        }
        for text in [format!("-{grouped}"), format!("({grouped})"), format!("-{plain}")] {
            prop_assert_eq!(parse_money_text(&text), Some(-amount), "{}", text);
        }
        let units = swr::frame::decimal_to_units(amount);
        prop_assert_eq!(plain_units(&plain), Some(units));
        prop_assert_eq!(fast_money_units(grouped.as_bytes()), Some(units), "{}", grouped);
    }

    /// Thousands not in threes are not money (1,23 could be 1.23 or 123).
    #[test]
    fn misplaced_thousands_are_refused(a in 1u32..1000, b in 0u32..100) {
        let text = format!("{},{:02}", a, b);
        prop_assert_eq!(parse_money_text(&text), None, "{}", text);
        prop_assert_eq!(fast_money_units(text.as_bytes()), None);
    }

    /// Every period form against chrono's calendar.
    #[test]
    fn periods_against_chrono(y in 1900i32..2100, q in 1u32..=4, m in 1u32..=12) {
        let first = |y: i32, m: u32| NaiveDate::from_ymd_opt(y, m, 1).unwrap();
        let last = |y: i32, m: u32| first(y, m) + Months::new(1) - Days::new(1);
        let p = Period::parse(&format!("{y}Q{q}")).unwrap();
        prop_assert_eq!((p.start, p.end), (first(y, 3 * q - 2), last(y, 3 * q)));
        let fy = Period::parse(&format!("{y}/{:02}", (y + 1) % 100)).unwrap();
        prop_assert_eq!((fy.start, fy.end), (first(y, 4), last(y + 1, 3)));
        prop_assert_eq!(Period::parse(&format!("FY{y}/{}", y + 1)).unwrap(), fy);
        let month = Period::parse(&format!("{y}-{m:02}")).unwrap();
        prop_assert_eq!((month.start, month.end), (first(y, m), last(y, m)));
        let year = Period::parse(&y.to_string()).unwrap();
        prop_assert_eq!((year.start, year.end), (first(y, 1), last(y, 12)));
        prop_assert_eq!(year.days(), if NaiveDate::from_ymd_opt(y, 2, 29).is_some() { 366 } else { 365 });
    }

    /// Any text at all: an answer or a refusal from each parser, never a
    /// panic, and any date read is inside 1900-2100.
    #[test]
    fn any_text(chars in prop::collection::vec(any::<char>(), 0..40), ascii in prop::collection::vec(prop::sample::select(b"0123456789/-. :TQFY,()+<>=".to_vec()), 0..24)) {
        let text: String = chars.into_iter().collect();
        let ascii = String::from_utf8(ascii).unwrap();
        for t in [&text, &ascii] {
            for order in [DateOrder::Dmy, DateOrder::Mdy] {
                if let Ok(d) = parse_date_text(t, order) {
                    prop_assert!((1900..=2100).contains(&d.year()), "{} -> {}", t, d);
                }
            }
            let _ = parse_money_text(t);
            if let Ok(p) = Period::parse(t) {
                prop_assert!(p.start <= p.end && (1900..=2100).contains(&p.start.year()) && (1900..=2100).contains(&p.end.year()));
            }
            let _ = swr::period::Band::parse(t);
            let _ = swr::settings::Filter::parse(t);
        }
    }
}

/// cargo fuzz values: 24 nines read as 10^24 pounds by the plain reader and
/// as 10^22 by the decimal one, whose conversion to units quietly dropped
/// two places where six did not fit; both now say 10^24 (the loader refuses
/// the amount as too large either way).
#[test]
fn units_of_the_largest_plain_numbers_agree() {
    let text = "999999999999999999999999";
    let d = parse_money_text(text).unwrap();
    assert_eq!(swr::frame::decimal_to_units(d), plain_units(text).unwrap());
    assert_eq!(
        plain_units(text),
        Some(999_999_999_999_999_999_999_999_000_000)
    );
}
