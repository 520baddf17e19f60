//! The datasets, the columns each must or may hold, and the names HR
//! systems give those columns.
//!
//! This table is the single place that knows what "payroll" means; readers,
//! `check` and the README's column list all come from it. It is data,
//! `src/extracts.toml`, compiled in and read once, so that an analyst can
//! read it and propose a header by editing it; the tests below refuse an
//! edit that would read a header as two columns or a column as nothing.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::LazyLock;

/// One of the extracts: the four core ones, and absence and market.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dataset {
    Establishment,
    Payroll,
    Agency,
    Leavers,
    Absence,
    Market,
}

impl Dataset {
    pub const ALL: [Dataset; 6] = [
        Dataset::Establishment,
        Dataset::Payroll,
        Dataset::Agency,
        Dataset::Leavers,
        Dataset::Absence,
        Dataset::Market,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Dataset::Establishment => "establishment",
            Dataset::Payroll => "payroll",
            Dataset::Agency => "agency",
            Dataset::Leavers => "leavers",
            Dataset::Absence => "absence",
            Dataset::Market => "market",
        }
    }

    /// The command-line flag that names this extract's file.
    pub fn flag(self) -> String {
        format!("--{}", self.name())
    }

    pub fn from_name(s: &str) -> Option<Dataset> {
        Dataset::ALL
            .into_iter()
            .find(|d| d.name().eq_ignore_ascii_case(s.trim()))
    }

    /// The dataset's columns, in the order src/extracts.toml lists them.
    pub fn columns(self) -> &'static [ColumnSpec] {
        &COLUMNS[self as usize]
    }

    pub fn column(self, name: &str) -> Option<&'static ColumnSpec> {
        self.columns().iter().find(|c| c.name == name)
    }

    /// An extract whose rows take their `--by` and `--where` columns from
    /// the person they join to (a sickness spell: its employee's payroll or
    /// leavers row), so it need not carry them itself.
    pub fn joined(self) -> bool {
        self == Dataset::Absence
    }

    pub fn required(self) -> impl Iterator<Item = &'static ColumnSpec> {
        self.columns().iter().filter(|c| c.required)
    }
}

impl fmt::Display for Dataset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How a column's cells are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Kept as written (trimmed).
    Text,
    /// A calendar date.
    Date,
    /// An exact amount of money (annual, or per hour for hourly_rate).
    Money,
    /// A non-negative exact number: FTE, hours.
    Number,
    /// A whole number, 0 or more: cases (SPEC 4, "Counts").
    Count,
    /// yes/no.
    YesNo,
}

#[derive(Debug)]
pub struct ColumnSpec {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
    /// Header names HR systems use, in order of preference (the column's own
    /// name is always accepted first), as src/extracts.toml lists them.
    pub aliases: &'static [&'static str],
}

/// src/extracts.toml as written: each dataset's columns in order, and each
/// column's kind and headers.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    datasets: BTreeMap<Dataset, Listed>,
    columns: BTreeMap<String, Column>,
}

/// A dataset's columns in order, and those it must have.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Listed {
    columns: Vec<String>,
    required: Vec<String>,
}

/// How a column is read and its headers: `aliases`, or a dataset's own
/// list under the dataset's name.
#[derive(Deserialize)]
struct Column {
    kind: Kind,
    aliases: Option<Vec<String>>,
    // Any other key must name a dataset (a typo is an unknown variant).
    #[serde(flatten)]
    own: BTreeMap<Dataset, Vec<String>>,
}

/// Every dataset's columns, in `Dataset::ALL` order, read from
/// src/extracts.toml on first use. The file is compiled in and checked by
/// the tests below, so it fails to read only in a build whose tests fail.
static COLUMNS: LazyLock<[Vec<ColumnSpec>; 6]> =
    LazyLock::new(|| specs(SOURCE).unwrap_or_else(|e| panic!("src/extracts.toml: {e}")));

const SOURCE: &str = include_str!("extracts.toml");

/// The column specs a table of the form of src/extracts.toml gives. The
/// parsed table is kept for the life of the process (leaked, once), so the
/// specs hand out `&'static` names.
fn specs(source: &str) -> Result<[Vec<ColumnSpec>; 6], String> {
    let table: &'static Table =
        Box::leak(Box::new(toml::from_str(source).map_err(|e| e.to_string())?));
    let mut out = Dataset::ALL.map(|_| Vec::new());
    for ds in Dataset::ALL {
        let listed = table
            .datasets
            .get(&ds)
            .ok_or_else(|| format!("there is no [datasets.{ds}]"))?;
        if let Some(r) = listed.required.iter().find(|r| !listed.columns.contains(r)) {
            return Err(format!(
                "[datasets.{ds}] requires {r}, which is not in its columns"
            ));
        }
        for name in &listed.columns {
            let column = table.columns.get(name).ok_or_else(|| {
                format!("[datasets.{ds}] lists {name}, which has no [columns.{name}]")
            })?;
            let aliases = column
                .own
                .get(&ds)
                .or(column.aliases.as_ref())
                .ok_or_else(|| format!("[columns.{name}] has neither `aliases` nor `{ds}`"))?;
            out[ds as usize].push(ColumnSpec {
                name,
                kind: column.kind,
                required: listed.required.contains(name),
                aliases: aliases
                    .iter()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .leak(),
            });
        }
    }
    Ok(out)
}

/// Header text reduced for matching: lower case, letters and digits only.
pub fn match_key(header: &str) -> String {
    header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(|c| c.to_lowercase())
        .collect()
}

/// The name a column that matches nothing is kept under: lower case, `_` for
/// runs of anything else (`Cost Centre` is `cost_centre`).
pub fn normalised_name(header: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in header.trim().chars() {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('_');
            }
            gap = false;
            out.extend(c.to_lowercase());
        } else {
            gap = true;
        }
    }
    out
}

/// The column a `--by` or `--where` name means: a dataset's own column
/// name, or a header as HR systems write it (`"Service Area"` or
/// `service_area` is directorate), or a header swr.toml maps; else the name
/// as given (a column kept under its normalised header).
pub fn resolve(
    name: &str,
    mappings: &std::collections::BTreeMap<Dataset, std::collections::BTreeMap<String, String>>,
    // (column, header) pairs a profile reads (see profiles::Profile::entries).
    profile: &[(&str, &str)],
) -> String {
    if Dataset::ALL.iter().any(|d| d.column(name).is_some()) {
        return name.to_string();
    }
    let key = match_key(name);
    for (ds, mapping) in mappings {
        for (canonical, written) in mapping {
            if match_key(written) == key && ds.column(canonical).is_some() {
                return canonical.clone();
            }
        }
    }
    if let Some((column, _)) = profile.iter().find(|(_, header)| match_key(header) == key) {
        return column.to_string();
    }
    Dataset::ALL
        .iter()
        .find_map(|d| canonical_for(*d, name).map(|(c, _)| c.name.to_string()))
        .unwrap_or_else(|| name.to_string())
}

/// Names in `choices` close to `name` (typos and near misses), best first.
pub fn close_to<'a>(name: &str, choices: impl IntoIterator<Item = &'a String>) -> Vec<&'a String> {
    let want = name.to_lowercase();
    let mut scored: Vec<(f64, &String)> = choices
        .into_iter()
        .map(|c| {
            let c_low = c.to_lowercase();
            let score = if c_low.contains(&want) || want.contains(&c_low) {
                0.95
            } else {
                strsim::jaro_winkler(&want, &c_low)
            };
            (score, c)
        })
        .filter(|(s, _)| *s >= 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.into_iter().take(3).map(|(_, c)| c).collect()
}

/// Which canonical column a header names in a dataset, with the rank of the
/// alias that matched (0 is the best).
pub fn canonical_for(dataset: Dataset, header: &str) -> Option<(&'static ColumnSpec, usize)> {
    let key = match_key(header);
    if key.is_empty() {
        return None;
    }
    dataset.columns().iter().find_map(|c| {
        if match_key(c.name) == key {
            return Some((c, 0));
        }
        c.aliases
            .iter()
            .position(|a| match_key(a) == key)
            .map(|i| (c, i + 1))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_header_names_match() {
        let cases = [
            (Dataset::Leavers, "Leaving Date", "leave_date"),
            (Dataset::Leavers, "Termination Date", "leave_date"),
            (Dataset::Leavers, "Date Left", "leave_date"),
            (Dataset::Leavers, "Service", "directorate"),
            (Dataset::Leavers, "Dept.", "directorate"),
            (Dataset::Payroll, "Department", "directorate"),
            (Dataset::Payroll, "Post Title", "job_title"),
            (Dataset::Payroll, "JOB TITLE", "job_title"),
            (Dataset::Payroll, "Position", "job_title"),
            (Dataset::Payroll, "Contracted FTE", "fte"),
            (Dataset::Payroll, "Continuous Service Date", "start_date"),
            (Dataset::Payroll, "Date Started", "start_date"),
            (Dataset::Leavers, "Reason for Leaving", "reason"),
            (Dataset::Leavers, "Leaving Reason", "reason"),
            (Dataset::Payroll, "employee_id", "employee_id"),
            (Dataset::Agency, "Hourly Charge Rate (£)", "hourly_rate"),
        ];
        for (ds, header, want) in cases {
            assert_eq!(
                canonical_for(ds, header).map(|(c, _)| c.name),
                Some(want),
                "{header}"
            );
        }
        assert!(canonical_for(Dataset::Payroll, "Locality").is_none());
    }

    /// `Dataset::columns` finds a dataset's columns at `ds as usize`.
    #[test]
    fn datasets_are_in_the_order_of_all() {
        for (i, ds) in Dataset::ALL.into_iter().enumerate() {
            assert_eq!(ds as usize, i, "{ds}");
        }
    }

    /// src/extracts.toml holds the columns SPEC 1 pins, required (`!`) as
    /// it says (but payroll's fte: see the README), in swr's order, read as
    /// their kinds: adding or moving an alias cannot change them.
    #[test]
    fn columns_are_the_spec_columns() {
        let want = [
            (
                Dataset::Establishment,
                "directorate! job_title! fte! post_id team grade cost_centre role",
            ),
            (
                Dataset::Payroll,
                "employee_id! directorate! job_title! fte start_date! post_id team grade \
                 contract salary employer_ni employer_pension market_supplement \
                 car_allowance other_allowances cases role registration asye",
            ),
            (
                Dataset::Agency,
                "worker_id! directorate! job_title! start_date! hourly_rate! end_date \
                 hours_per_week team grade agency covering post_id cases role registration",
            ),
            (
                Dataset::Leavers,
                "employee_id! directorate! job_title! start_date! leave_date! reason! fte \
                 team grade destination exit_interview role registration asye",
            ),
            (
                Dataset::Absence,
                "employee_id! start_date! working_days_lost! end_date fte_days_lost reason",
            ),
            (Dataset::Market, "market_median! job_title grade source"),
        ];
        for (ds, columns) in want {
            let got: Vec<String> = ds
                .columns()
                .iter()
                .map(|c| format!("{}{}", c.name, if c.required { "!" } else { "" }))
                .collect();
            assert_eq!(got.join(" "), columns, "{ds}");
            for c in ds.columns() {
                let kind = match c.name {
                    "start_date" | "end_date" | "leave_date" => Kind::Date,
                    "salary" | "employer_ni" | "employer_pension" | "market_supplement"
                    | "car_allowance" | "other_allowances" | "hourly_rate" | "market_median" => {
                        Kind::Money
                    }
                    "fte" | "hours_per_week" | "working_days_lost" | "fte_days_lost" => {
                        Kind::Number
                    }
                    "cases" => Kind::Count,
                    "asye" | "exit_interview" => Kind::YesNo,
                    _ => Kind::Text,
                };
                assert_eq!(c.kind, kind, "{ds} {}", c.name);
            }
        }
    }

    /// No header names two columns of one dataset (which it were read as
    /// would turn on the order of the file), and every header has a letter
    /// or digit to match on.
    #[test]
    fn no_header_names_two_columns_of_a_dataset() {
        for ds in Dataset::ALL {
            let mut seen: std::collections::HashMap<String, &str> = Default::default();
            for c in ds.columns() {
                for h in std::iter::once(c.name).chain(c.aliases.iter().copied()) {
                    let key = match_key(h);
                    assert!(!key.is_empty(), "{ds} {}: '{h}' matches nothing", c.name);
                    if let Some(other) = seen.insert(key, c.name) {
                        assert_eq!(other, c.name, "{ds}: '{h}' names {other} and {}", c.name);
                    }
                }
            }
        }
    }

    /// Every list in src/extracts.toml is read: each [columns.X] by a
    /// dataset, a list under a dataset's name by that dataset's X, and
    /// `aliases` by a dataset without a list of its own.
    #[test]
    fn every_list_is_read() {
        let table: Table = toml::from_str(SOURCE).unwrap();
        for (name, column) in &table.columns {
            let users: Vec<Dataset> = Dataset::ALL
                .into_iter()
                .filter(|d| d.column(name).is_some())
                .collect();
            assert!(!users.is_empty(), "[columns.{name}]: no dataset lists it");
            for ds in column.own.keys() {
                assert!(
                    users.contains(ds),
                    "[columns.{name}] {ds}: {ds} has no {name}"
                );
            }
            if column.aliases.is_some() {
                assert!(
                    users.iter().any(|d| !column.own.contains_key(d)),
                    "[columns.{name}] aliases: every dataset with {name} has its own list"
                );
            }
        }
    }

    /// A broken edit stops swr at its first use of the table with a message
    /// that names the fault (the tests above see that none is shipped).
    #[test]
    fn a_broken_edit_is_named() {
        let edits = [
            (
                r#"kind = "money""#,
                r#"kind = "cash""#,
                "unknown variant `cash`",
            ),
            (
                "# An agency placement's first day.\nagency =",
                "agnecy =",
                "unknown variant `agnecy`",
            ),
            (
                r#""team", "grade","#,
                r#""team", "grdae","#,
                "[datasets.establishment] lists grdae, which has no [columns.grdae]",
            ),
            (
                r#"required = ["market_median"]"#,
                r#"requried = ["market_median"]"#,
                "unknown field `requried`",
            ),
            (
                r#"required = ["market_median"]"#,
                r#"required = ["market_median", "median"]"#,
                "[datasets.market] requires median, which is not in its columns",
            ),
            (
                "[datasets.market]",
                "[datasets.markets]",
                "unknown variant `markets`",
            ),
            (
                "# The cause of a sickness absence spell.\nabsence =",
                "absent =",
                "unknown variant `absent`",
            ),
        ];
        for (from, to, want) in edits {
            assert!(SOURCE.contains(from), "{from}");
            let source = SOURCE.replacen(from, to, 1);
            let err = specs(&source).err().unwrap_or_else(|| panic!("{to} read"));
            assert!(err.contains(want), "{to}: {err}");
        }
        // A column without a list for a dataset that has it.
        let source = SOURCE.replacen(
            "# A sickness absence spell's last day.\nabsence =",
            "[columns.unread]\nkind = \"text\"\naliases =",
            1,
        );
        assert_eq!(
            specs(&source).err().unwrap(),
            "[columns.end_date] has neither `aliases` nor `absence`"
        );
        // A dataset left out.
        let start = SOURCE.find("[datasets.market]").unwrap();
        let end = start + SOURCE[start..].find("\n\n").unwrap();
        let source = format!("{}{}", &SOURCE[..start], &SOURCE[end..]);
        assert_eq!(
            specs(&source).err().unwrap(),
            "there is no [datasets.market]"
        );
    }

    #[test]
    fn unknown_headers_keep_a_normalised_name() {
        assert_eq!(normalised_name("Cost Centre"), "cost_centre");
        assert_eq!(
            normalised_name("  Locality / Area (2016) "),
            "locality_area_2016"
        );
        assert_eq!(normalised_name("locality"), "locality");
    }
}
