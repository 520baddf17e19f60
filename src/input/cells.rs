//! A row's cells as the readers hand them over, seen one cell at a time:
//! a text record's fields (as bytes, checked to be UTF-8 only when read as
//! text), a workbook's own cells, or the copy of a row kept while the
//! header is looked for.

use crate::values::CellRef;
use chrono::NaiveDate;
use std::borrow::Cow;

/// One record of a text file, as its reader split it: field `i` unquoted,
/// as bytes (not yet checked to be UTF-8). Readers implement it; the loader
/// needs nothing else of them.
pub trait Record {
    fn fields(&self) -> usize;
    fn field(&self, i: usize) -> Option<Cow<'_, [u8]>>;
}

/// A cell of a row kept while the header is looked for.
#[derive(Debug, Clone)]
pub(super) enum OwnedCell {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Bool(bool),
    Error(String),
    NotUtf8(Vec<u8>),
}

impl OwnedCell {
    pub(super) fn from_ref(c: &CellRef<'_>) -> OwnedCell {
        match *c {
            CellRef::Empty => OwnedCell::Empty,
            CellRef::Text(s) => OwnedCell::Text(s.to_string()),
            CellRef::Number(n) => OwnedCell::Number(n),
            CellRef::Date(d) => OwnedCell::Date(d),
            CellRef::Bool(b) => OwnedCell::Bool(b),
            CellRef::Error(e) => OwnedCell::Error(e.to_string()),
            CellRef::NotUtf8(b) => OwnedCell::NotUtf8(b.to_vec()),
        }
    }

    pub(super) fn as_ref(&self) -> CellRef<'_> {
        match self {
            OwnedCell::Empty => CellRef::Empty,
            OwnedCell::Text(s) => CellRef::Text(s),
            OwnedCell::Number(n) => CellRef::Number(*n),
            OwnedCell::Date(d) => CellRef::Date(*d),
            OwnedCell::Bool(b) => CellRef::Bool(*b),
            OwnedCell::Error(e) => CellRef::Error(e),
            OwnedCell::NotUtf8(b) => CellRef::NotUtf8(b),
        }
    }
}

/// One cell as a reader holds it: the bytes of a text field (checked to be
/// UTF-8 only when read as text), or a workbook cell.
#[derive(Clone, Copy)]
pub(super) enum Field<'a> {
    Bytes(&'a [u8]),
    Cell(CellRef<'a>),
}

impl<'a> Field<'a> {
    pub(super) fn cell(self) -> CellRef<'a> {
        match self {
            Field::Cell(c) => c,
            Field::Bytes([]) => CellRef::Empty,
            Field::Bytes(b) => match std::str::from_utf8(b) {
                Ok(s) => CellRef::Text(s),
                Err(_) => CellRef::NotUtf8(b),
            },
        }
    }

    pub(super) fn is_blank(self) -> bool {
        match self {
            Field::Bytes(b) => b.iter().all(u8::is_ascii_whitespace),
            Field::Cell(c) => c.is_blank(),
        }
    }
}

/// A row's cells as a reader holds them, seen one at a time.
pub(super) trait Cells {
    fn count(&self) -> usize;
    /// Cell `i` (blank past the end).
    fn with<R>(&self, i: usize, f: impl FnOnce(Field<'_>) -> R) -> R;
}

/// The fields of a CSV record.
pub(super) struct TextCells<'r, Rec>(pub(super) &'r Rec);

impl<Rec: Record> Cells for TextCells<'_, Rec> {
    fn count(&self) -> usize {
        self.0.fields()
    }

    fn with<R>(&self, i: usize, f: impl FnOnce(Field<'_>) -> R) -> R {
        match self.0.field(i) {
            None => f(Field::Bytes(b"")),
            Some(bytes) => f(Field::Bytes(&bytes)),
        }
    }
}

/// An empty line.
pub(super) struct NoCells;

impl Cells for NoCells {
    fn count(&self) -> usize {
        0
    }

    fn with<R>(&self, _: usize, f: impl FnOnce(Field<'_>) -> R) -> R {
        f(Field::Bytes(b""))
    }
}

/// A workbook row: a reader's own cells, each seen as a [`CellRef`].
pub(super) struct SheetCells<'a, T, V> {
    pub(super) items: &'a [T],
    pub(super) view: V,
}

impl<T, V: Fn(&T) -> CellRef<'_>> Cells for SheetCells<'_, T, V> {
    fn count(&self) -> usize {
        self.items.len()
    }

    fn with<R>(&self, i: usize, f: impl FnOnce(Field<'_>) -> R) -> R {
        match self.items.get(i) {
            Some(item) => f(Field::Cell((self.view)(item))),
            None => f(Field::Cell(CellRef::Empty)),
        }
    }
}
