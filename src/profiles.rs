//! `profile = "itrent" | "esr" | "oracle" | "resourcelink"` in swr.toml: the
//! headers those HR systems' reports use, read before swr's own list (and
//! after `[columns.X]`, which always wins).
//!
//! None of the four has one fixed export: each writes what the customer's
//! report (Business Objects, ESR BI, OTBI, Discoverer) names. Only headers
//! seen in a real export or in the vendor's documentation are listed, in
//! `src/profiles.toml` (compiled in, read once), each with where it was
//! seen; the organisation levels that make directorate and team are named
//! by each employer, so they usually still need `[columns.X]`. Headers
//! written without spaces (ESR's data warehouse `HireDate`) match the
//! spaced form, as every header does.

use crate::extracts::Dataset;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    Itrent,
    Esr,
    Oracle,
    Resourcelink,
}

/// A column's headers in one system, for the datasets listed (all the
/// datasets that have the column when empty): one entry of
/// src/profiles.toml.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Headers {
    column: String,
    #[serde(default)]
    datasets: Vec<Dataset>,
    headers: Vec<String>,
}

/// Every profile's entries, read from src/profiles.toml the first time a
/// profile is used. The file is compiled in and checked by the tests below,
/// so it fails to read only in a build whose tests fail.
static TABLES: LazyLock<BTreeMap<Profile, Vec<Headers>>> = LazyLock::new(|| {
    toml::from_str(include_str!("profiles.toml"))
        .unwrap_or_else(|e| panic!("src/profiles.toml: {e}"))
});

impl Profile {
    pub const ALL: [Profile; 4] = [
        Profile::Itrent,
        Profile::Esr,
        Profile::Oracle,
        Profile::Resourcelink,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Profile::Itrent => "itrent",
            Profile::Esr => "esr",
            Profile::Oracle => "oracle",
            Profile::Resourcelink => "resourcelink",
        }
    }

    /// `iTrent`, `ESR`, `Oracle`, `ResourceLink` in any case; `Oracle HCM`
    /// and `Resource Link` too.
    pub fn parse(raw: &str) -> Option<Profile> {
        let key = crate::extracts::match_key(raw);
        let key = key.strip_suffix("hcm").unwrap_or(&key);
        Profile::ALL.into_iter().find(|p| p.name() == key)
    }

    fn table(self) -> &'static [Headers] {
        TABLES
            .get(&self)
            .unwrap_or_else(|| panic!("src/profiles.toml has no [[{self}]]"))
    }

    /// The headers this system gives `column` of `dataset`, best first.
    pub fn headers(self, dataset: Dataset, column: &str) -> Vec<&'static str> {
        self.table()
            .iter()
            .filter(|h| {
                h.column == column && (h.datasets.is_empty() || h.datasets.contains(&dataset))
            })
            .flat_map(|h| h.headers.iter().map(String::as_str))
            .collect()
    }

    /// Every (column, header) of the profile, for `extracts::resolve`.
    pub fn headers_read(self) -> Vec<(&'static str, &'static str)> {
        self.entries().into_iter().map(|(_, c, h)| (c, h)).collect()
    }

    /// Every (dataset, column, header) of the profile whose dataset has
    /// the column.
    pub fn entries(self) -> Vec<(Dataset, &'static str, &'static str)> {
        let mut out = Vec::new();
        for ds in Dataset::ALL {
            for spec in ds.columns() {
                for h in self.headers(ds, spec.name) {
                    out.push((ds, spec.name, h));
                }
            }
        }
        out
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every column a profile names is one of swr's (a typo would be a
    /// header read as nothing).
    #[test]
    fn every_profile_column_exists() {
        for p in Profile::ALL {
            for h in p.table() {
                assert!(
                    Dataset::ALL.iter().any(|d| d.column(&h.column).is_some()),
                    "{p}: {}",
                    h.column
                );
                for d in &h.datasets {
                    assert!(d.column(&h.column).is_some(), "{p}: {d} {}", h.column);
                }
            }
        }
    }

    /// src/profiles.toml has every profile, and each entry some headers
    /// that have a letter or digit to match on.
    #[test]
    fn every_profile_has_headers() {
        assert_eq!(TABLES.len(), Profile::ALL.len());
        for p in Profile::ALL {
            assert!(!p.table().is_empty(), "{p}");
            for h in p.table() {
                assert!(!h.headers.is_empty(), "{p}: {} has no headers", h.column);
                for header in &h.headers {
                    let key = crate::extracts::match_key(header);
                    assert!(!key.is_empty(), "{p}: {}: '{header}'", h.column);
                }
            }
        }
    }

    /// In one profile no header names two columns of a dataset: which it
    /// were read as would turn on the order of the file.
    #[test]
    fn a_header_names_one_column() {
        for p in Profile::ALL {
            let mut seen = std::collections::HashMap::new();
            for (ds, column, header) in p.entries() {
                let key = (ds, crate::extracts::match_key(header));
                if let Some(other) = seen.insert(key, column) {
                    assert_eq!(
                        other, column,
                        "{p} {ds}: '{header}' names {other} and {column}"
                    );
                }
            }
        }
    }

    /// A broken edit stops swr at its first use of a profile, naming the
    /// fault (the tests above see that none is shipped).
    #[test]
    fn a_broken_edit_is_named() {
        let source = include_str!("profiles.toml");
        let edits = [
            ("[[resourcelink]]", "[[zellis]]", "unknown variant `zellis`"),
            (
                r#"datasets = ["payroll", "leavers"]"#,
                r#"datasets = ["payroll", "leaver"]"#,
                "unknown variant `leaver`",
            ),
            (
                "headers = [\"Grade\"]",
                "header = [\"Grade\"]",
                "unknown field `header`",
            ),
        ];
        for (from, to, want) in edits {
            assert!(source.contains(from), "{from}");
            let edited = source.replacen(from, to, 1);
            let err = toml::from_str::<BTreeMap<Profile, Vec<Headers>>>(&edited)
                .err()
                .unwrap_or_else(|| panic!("{to} read"))
                .to_string();
            assert!(err.contains(want), "{to}: {err}");
        }
    }

    #[test]
    fn names() {
        assert_eq!(Profile::parse("iTrent"), Some(Profile::Itrent));
        assert_eq!(Profile::parse("Resource Link"), Some(Profile::Resourcelink));
        assert_eq!(Profile::parse("Oracle HCM"), Some(Profile::Oracle));
        assert_eq!(Profile::parse("sap"), None);
    }
}
