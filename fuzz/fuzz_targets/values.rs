//! The value parsers on any text: no panic, and each fast path agrees with
//! the full parser wherever it gives an answer.
#![no_main]
use libfuzzer_sys::fuzz_target;
use swr::values::{
    fast_date_days, fast_money_units, parse_date_text, parse_money_text, plain_units_bytes,
    DateOrder,
};

fuzz_target!(|data: &[u8]| {
    for order in [DateOrder::Dmy, DateOrder::Mdy] {
        if let Some(days) = fast_date_days(data, order) {
            let text = std::str::from_utf8(data).expect("a fast date is ASCII");
            let full = parse_date_text(text, order);
            let day = swr::frame::days_to_date(days);
            if day >= swr::values::first_day() && day <= swr::values::last_day() {
                assert_eq!(full.ok(), Some(day), "{text:?}");
            }
        }
    }
    if let Some(units) = fast_money_units(data) {
        let text = std::str::from_utf8(data).expect("fast money is UTF-8");
        let d = parse_money_text(text).expect("the full parser reads what the fast one does");
        assert_eq!(swr::frame::decimal_to_units(d), units, "{text:?}");
    }
    if let Some(units) = plain_units_bytes(data) {
        let text = std::str::from_utf8(data).expect("a plain number is ASCII");
        let d = parse_money_text(text).expect("a plain number is money too");
        assert_eq!(swr::frame::decimal_to_units(d), units, "{text:?}");
    }
    if let Ok(text) = std::str::from_utf8(data) {
        for order in [DateOrder::Dmy, DateOrder::Mdy] {
            if let Ok(d) = parse_date_text(text, order) {
                assert!(d >= swr::values::first_day() && d <= swr::values::last_day());
            }
        }
        let _ = parse_money_text(text);
        if let Ok(p) = swr::period::Period::parse(text) {
            assert!(p.start <= p.end);
            assert!(p.days() >= 1);
        }
        let _ = swr::period::Band::parse(text);
        let _ = swr::settings::Filter::parse(text);
    }
});
