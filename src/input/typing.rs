//! Typing cells: each cell of a planned column read as text, a date, an
//! exact amount or number, or yes/no into that column's builder, or the
//! reason it cannot be (what was expected, a blank in a required column).

use super::plan::Planned;
use crate::extracts::Kind;
use crate::frame::{self, ChunkedBuilder, ColumnData};
use crate::values::{self, CellRef, DateOrder};

/// Why a blank cell of a required column is refused.
pub(super) fn blank_message(p: &Planned, order: DateOrder) -> String {
    match p.needed_by {
        Some(command) => format!(
            "is blank; swr {command} works out its figures from the {} of every row, so a blank is not read as 0 ({}{}; or set the row aside with --skip-invalid)",
            p.name,
            expected(p.kind, order),
            if matches!(
                p.name.as_str(),
                "employer_ni"
                    | "employer_pension"
                    | "market_supplement"
                    | "car_allowance"
                    | "other_allowances"
            ) {
                "; write 0 where none is paid"
            } else {
                ""
            }
        ),
        None => format!(
            "is blank; the {} column must be filled in on every row ({})",
            p.name,
            expected(p.kind, order)
        ),
    }
}

/// An empty builder for a column of `kind`.
pub(super) fn empty_column(kind: Kind) -> ColumnData {
    match kind {
        Kind::Text => ColumnData::text(0),
        Kind::Date => ColumnData::date(0),
        Kind::Money | Kind::Number | Kind::Count => ColumnData::decimal(0),
        Kind::YesNo => ColumnData::bool(0),
    }
}

/// Type a CSV field in its common form; `false`, with nothing pushed, if
/// it needs the full readers.
#[inline]
pub(super) fn fast_cell(p: &Planned, f: &[u8], order: DateOrder, data: &mut ColumnData) -> bool {
    match data {
        ColumnData::Text(b) => match f {
            [] if !p.required => b.append_null(),
            [] => return false,
            [first, .., last] | [first @ last]
                if first.is_ascii_graphic() && last.is_ascii_graphic() =>
            {
                match std::str::from_utf8(f) {
                    Ok(s) => b.append_value(s),
                    Err(_) => return false,
                }
            }
            _ => return false,
        },
        ColumnData::Date(b) => match values::fast_date_days(f, order) {
            Some(days) => b.append_value(days),
            None => return false,
        },
        ColumnData::Decimal(b) => match values::plain_units_bytes(f) {
            Some(units)
                if units < values::limit_units(p.kind)
                    && (p.kind != Kind::Count || units % ONE_UNIT == 0) =>
            {
                b.append_value(units)
            }
            Some(_) => return false,
            None if p.kind == Kind::Money => match values::fast_money_units(f) {
                Some(units) => b.append_value(units),
                None => return false,
            },
            None => return false,
        },
        ColumnData::Bool(_) if (f.is_empty() && p.required) || p.words.is_some() => return false,
        ColumnData::Bool(b) => match values::fast_yes_no(f) {
            Some(v) => b.append_value(v),
            None => return false,
        },
    }
    true
}

/// Type one cell into `data`, or say why it cannot be read.
pub(super) fn read_cell(
    p: &Planned,
    cell: CellRef<'_>,
    order: DateOrder,
    data: &mut ColumnData,
) -> Result<(), String> {
    match cell {
        CellRef::Error(e) => return Err(format!("the cell holds the spreadsheet error {e}")),
        CellRef::NotUtf8(_) => {
            return Err(
                "holds bytes that are not UTF-8, though the rest of the file is UTF-8 (a stray byte of another encoding, such as Windows-1252); save the file again as CSV UTF-8"
                    .to_string(),
            )
        }
        _ => {}
    }
    let blank = cell.is_blank();
    if blank && p.required {
        if p.name == "reason" {
            if let ColumnData::Text(v) = data {
                v.append_value("Not recorded");
                return Ok(());
            }
        }
        return Err(blank_message(p, order));
    }
    match (p.kind, data) {
        (Kind::Text, ColumnData::Text(v)) => match cell {
            _ if blank => v.append_null(),
            CellRef::Text(s) => v.append_value(s.trim()),
            other => v.append_value(other.shown()),
        },
        (Kind::Date, ColumnData::Date(v)) => v.append_option(if blank {
            None
        } else {
            Some(frame::date_to_days(values::parse_date(cell, order)?))
        }),
        (Kind::Money | Kind::Number | Kind::Count, ColumnData::Decimal(v)) => {
            v.append_option(read_amount(p.kind, cell)?)
        }
        (Kind::YesNo, ColumnData::Bool(v)) => {
            let word = |list: &[String]| match cell {
                CellRef::Text(t) => {
                    let t = t.trim();
                    list.iter().any(|w| w.eq_ignore_ascii_case(t))
                }
                _ => false,
            };
            match &p.words {
                Some(w) if word(&w.yes) => v.append_value(true),
                Some(w) if word(&w.no) => v.append_value(false),
                Some(w) => v.append_value(values::parse_yes_no(cell).map_err(|e| {
                    format!(
                        "{e}, or the words swr.toml [values] gives for {}: {}",
                        p.name,
                        w.yes.iter().chain(&w.no).cloned().collect::<Vec<_>>().join(", ")
                    )
                })?),
                None => v.append_value(values::parse_yes_no(cell).map_err(|e| {
                    format!("{e} (more words can be given in swr.toml: [values] {} = {{ yes = [...], no = [...] }})", p.name)
                })?),
            }
        }
        _ => unreachable!("column data built from the same plan"),
    }
    Ok(())
}

/// Money or a non-negative number, exactly, in units of 10^-6; plain
/// numbers (most cells) take a short cut past the decimal parser.
fn read_amount(kind: Kind, cell: CellRef<'_>) -> Result<Option<i128>, String> {
    if cell.is_blank() {
        return Ok(None);
    }
    let expected = match kind {
        Kind::Money => values::MONEY_EXPECTED,
        Kind::Count => values::COUNT_EXPECTED,
        _ => values::NUMBER_EXPECTED,
    };
    let whole = |units: i128| {
        if kind == Kind::Count && units % ONE_UNIT != 0 {
            Err(format!("is not a whole number; expected {expected}"))
        } else {
            Ok(Some(units))
        }
    };
    let limit = values::limit_units(kind);
    let too_large = || {
        format!(
            "is too large; expected {expected} under {}",
            values::limit_text(kind)
        )
    };
    if let CellRef::Text(t) = cell {
        if let Some(units) = values::plain_units(t.trim()) {
            return if units < limit {
                whole(units)
            } else {
                Err(too_large())
            };
        }
    }
    let d = values::parse_decimal(cell, expected)?;
    if kind != Kind::Money && d.is_sign_negative() && !d.is_zero() {
        return Err(format!(
            "is negative; expected {expected} that is 0 or more"
        ));
    }
    // Checked before the conversion, which cannot hold 6 decimals of the
    // largest amounts a decimal can.
    if d.abs() >= rust_decimal::Decimal::from(10i64.pow(16)) {
        return Err(too_large());
    }
    let units = frame::decimal_to_units(d);
    if units.abs() >= limit {
        return Err(too_large());
    }
    whole(units)
}

/// One, in the units of 10^-6 that amounts are held in.
const ONE_UNIT: i128 = 10i128.pow(frame::SCALE);

fn expected(kind: Kind, order: DateOrder) -> String {
    match kind {
        Kind::Date => match order {
            DateOrder::Dmy => values::DATE_EXPECTED.to_string(),
            DateOrder::Mdy => values::DATE_EXPECTED_MDY.to_string(),
        },
        Kind::Money => values::MONEY_EXPECTED.to_string(),
        Kind::Number => values::NUMBER_EXPECTED.to_string(),
        Kind::Count => values::COUNT_EXPECTED.to_string(),
        Kind::YesNo => values::YES_NO_EXPECTED.to_string(),
        Kind::Text => "a value".to_string(),
    }
}
