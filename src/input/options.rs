//! What a load is asked to do: the settings (swr.toml, flags and the
//! command) that one read of an extract follows.

use crate::values::DateOrder;
use std::collections::{BTreeMap, BTreeSet};

/// What to do with a value that cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Stop at the first one (the default).
    #[default]
    Strict,
    /// Set the row aside and go on (`--skip-invalid`).
    SkipInvalid,
    /// Record every problem and go on (`swr check`).
    CollectAll,
}

#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    pub date_order: DateOrder,
    /// Spreadsheet row number of the header, when swr.toml gives it.
    pub header_row: Option<usize>,
    /// canonical column -> header as written in the file (swr.toml `[columns.X]`).
    pub mapping: BTreeMap<String, String>,
    pub mode: Mode,
    /// Only these columns (frame names) are typed and kept; `None` keeps all.
    /// Required columns must still be present in the file.
    pub keep: Option<BTreeSet<String>>,
    /// Only the dates are wanted (for the default as-of date of a command
    /// that does not read this extract): the dataset's other required
    /// columns need not be there.
    pub dates_only: bool,
    /// CSV separator from swr.toml; else sniffed.
    pub delimiter: Option<u8>,
    /// column -> more words read as yes/no (swr.toml `[values]`).
    pub values: BTreeMap<String, YesNoWords>,
    /// The HR system whose headers are read first (swr.toml `profile`).
    pub profile: Option<crate::profiles::Profile>,
    /// Optional columns the command works out its figures from: a blank
    /// cell in one is refused as in a required column (SPEC 4, "Blank
    /// cells"), naming the command (`needed_by`).
    pub needed: BTreeSet<String>,
    pub needed_by: Option<&'static str>,
    /// Refuse rows that end before they start (SPEC 4, "Spans"): set for
    /// the extracts a command reads, not for those it reads only the dates
    /// of for the default as-of date.
    pub spans: bool,
    /// With `dates_only`: still refuse a blank in a required column (SPEC
    /// 4, "Blank cells"), as for leavers read for the stock, whose dates
    /// are read first and the rest only when someone was in post; not for
    /// an extract read only for the default as-of date.
    pub required_blanks: bool,
}

/// Words a yes/no column reads beyond the usual ones (`[values]` in
/// swr.toml): `exit_interview = { yes = ["Held"], no = ["Declined"] }`.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct YesNoWords {
    pub yes: Vec<String>,
    pub no: Vec<String>,
}
