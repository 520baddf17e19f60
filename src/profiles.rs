//! `profile = "itrent" | "esr" | "oracle" | "resourcelink"` in swr.toml: the
//! headers those HR systems' reports use, read before swr's own list (and
//! after `[columns.X]`, which always wins).
//!
//! None of the four has one fixed export: each writes what the customer's
//! report (Business Objects, ESR BI, OTBI, Discoverer) names. Only headers
//! seen in a real export or in the vendor's documentation are here, each
//! with where it was seen; the organisation levels that make directorate and
//! team are named by each employer, so they usually still need `[columns.X]`.
//! Headers written without spaces (ESR's data warehouse `HireDate`) match
//! the spaced form, as every header does.

use crate::extracts::Dataset;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Profile {
    Itrent,
    Esr,
    Oracle,
    Resourcelink,
}

/// A column's headers in one system, for the datasets listed (all the
/// datasets that have the column when empty).
struct Headers {
    column: &'static str,
    datasets: &'static [Dataset],
    headers: &'static [&'static str],
}

const fn all(column: &'static str, headers: &'static [&'static str]) -> Headers {
    Headers {
        column,
        datasets: &[],
        headers,
    }
}

const fn only(
    column: &'static str,
    datasets: &'static [Dataset],
    headers: &'static [&'static str],
) -> Headers {
    Headers {
        column,
        datasets,
        headers,
    }
}

const PEOPLE: &[Dataset] = &[Dataset::Payroll, Dataset::Leavers];

/// iTrent (MHR). Sources: the University of Cambridge's published column
/// lists of its CHRIS (iTrent) reports — staff listing, leavers in the
/// previous and next month (hr.admin.cam.ac.uk/hr-services/hr-reporting/
/// reports-library), one row per occupied position; Rotamaster's "iTrent
/// Exports" help page (Payroll ID).
static ITRENT: &[Headers] = &[
    all(
        "employee_id",
        &["Person Ref", "Trent Person Reference", "Payroll ID"],
    ),
    all("job_title", &["Position", "Position Title"]),
    all("grade", &["Grade"]),
    // Service with the employer before the start in this position.
    only(
        "start_date",
        PEOPLE,
        &["Joining Date", "Occupancy Start Date", "Occ Start Date"],
    ),
    all(
        "post_id",
        &["Position Ref", "Position Reference", "Occ Ref", "Post Ref"],
    ),
    all(
        "leave_date",
        &["Leaving Date", "Occupancy End Date", "Occ End Date"],
    ),
    all("reason", &["Leaving Reason"]),
    // The full-time annual amount of the scale point.
    all("salary", &["Scale Point Value"]),
];

/// ESR (NHS Electronic Staff Record). Sources: ESR BI tables loaded by NHS
/// trusts with their report headers (Assignment Number, Organization Name:
/// Northamptonshire Healthcare's Hafeji1992/NHFT-Demand-Capacity-Platform
/// and trust SQL loaders of the PADR report); ESR's data warehouse
/// interface records as trusts load them (EmployeeNumber, HireDate,
/// ActualTerminationDate, TerminationReason, PositionName, PositionNumber,
/// Payscale, AnnualSalaryValue, AssignmentCategory, BudgetedFTE, FTEBudget);
/// NHS Digital's guide to the staff group, job role and area of work
/// classifications in ESR ("pay scale code, known as Grade code in ESR").
static ESR: &[Headers] = &[
    all("employee_id", &["Assignment Number", "Employee Number"]),
    all("team", &["Organization Name", "Organisation Name"]),
    all("job_title", &["Position Name"]),
    all("grade", &["Grade", "Payscale"]),
    all("fte", &["FTE"]),
    only(
        "fte",
        &[Dataset::Establishment],
        &["Budgeted FTE", "FTE Budget"],
    ),
    only(
        "start_date",
        PEOPLE,
        &["Hire Date", "Earliest Assignment Start Date"],
    ),
    all("post_id", &["Position Number", "Position ID"]),
    all("contract", &["Assignment Category", "Employee Category"]),
    all("salary", &["Annual Salary Value"]),
    all("leave_date", &["Actual Termination Date"]),
    all("reason", &["Termination Reason"]),
];

/// Oracle HCM Cloud (Fusion). Sources: Oracle's documentation — the
/// Workforce Planning "Assignment Extract Definition Fields" (Person
/// Number, Person Start Date, Assignment FTE Value, Assignment Salary
/// Amount, Assignment Business Unit Name, Assignment Organization Name,
/// Assignment Job Name, Assignment Grade Name, Assignment Position Code,
/// Assignment Employment Category); "Attributes for Worker Work
/// Relationship" (Actual Termination Date, Employment Start Date);
/// "Attributes for Position" and HR_ALL_POSITIONS (Position Code, FTE,
/// Entry Grade, Business Unit, Department); Journeys and HCM Data Loader
/// (Action Reason Code). Department is Oracle's team, under a business unit.
static ORACLE: &[Headers] = &[
    all("employee_id", &["Person Number", "Assignment Number"]),
    all(
        "directorate",
        &["Assignment Business Unit Name", "Business Unit"],
    ),
    all(
        "team",
        &[
            "Assignment Organization Name",
            "Department",
            "Department Name",
        ],
    ),
    all(
        "job_title",
        &[
            "Assignment Job Name",
            "Assignment Position Name",
            "Position Name",
            "Job",
        ],
    ),
    all(
        "grade",
        &[
            "Assignment Grade Name",
            "Assignment Grade Code",
            "Entry Grade",
        ],
    ),
    all("fte", &["Assignment FTE Value", "FTE", "Position FTE"]),
    only(
        "start_date",
        PEOPLE,
        &["Person Start Date", "Employment Start Date"],
    ),
    all("post_id", &["Assignment Position Code", "Position Code"]),
    all(
        "contract",
        &["Assignment Employment Category", "Assignment Category"],
    ),
    all("salary", &["Assignment Salary Amount"]),
    all("leave_date", &["Actual Termination Date"]),
    all("reason", &["Action Reason", "Action Reason Code"]),
];

/// ResourceLink (Zellis, formerly NGA and Northgate). Sources: Zellis's
/// ResourceLink online help (release 31b: Employment Detail — Current
/// Start Date, Termination, Termination Reason; Employee Post Holding
/// Summary — Post, Employee Grade, FTE; Post Detail; the Post Holding
/// import file — Employee number); Queen Mary University of London's
/// published definitions of its ResourceLink reports (Post Number, Post
/// LDesc, Grade Number Hist, Grade Long Desc, Current Start Date, Emp End
/// Date).
static RESOURCELINK: &[Headers] = &[
    all("employee_id", &["Employee Number"]),
    all(
        "job_title",
        &["Post LDesc", "Post Description", "Post Long Description"],
    ),
    all(
        "grade",
        &[
            "Employee Grade",
            "Grade Number Hist",
            "Grade Long Desc",
            "Grade",
        ],
    ),
    all("fte", &["FTE"]),
    // The start of the current employment; Original Start Date is the
    // first ever, before any break.
    only(
        "start_date",
        PEOPLE,
        &[
            "Current Start Date",
            "Original Start Date",
            "Emp Post Start Date",
        ],
    ),
    all("post_id", &["Post Number", "Post"]),
    all("leave_date", &["Emp End Date", "Termination"]),
    all("reason", &["Termination Reason"]),
];

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
        match self {
            Profile::Itrent => ITRENT,
            Profile::Esr => ESR,
            Profile::Oracle => ORACLE,
            Profile::Resourcelink => RESOURCELINK,
        }
    }

    /// The headers this system gives `column` of `dataset`, best first.
    pub fn headers(self, dataset: Dataset, column: &str) -> Vec<&'static str> {
        self.table()
            .iter()
            .filter(|h| {
                h.column == column && (h.datasets.is_empty() || h.datasets.contains(&dataset))
            })
            .flat_map(|h| h.headers.iter().copied())
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
                    Dataset::ALL.iter().any(|d| d.column(h.column).is_some()),
                    "{p}: {}",
                    h.column
                );
                for d in h.datasets {
                    assert!(d.column(h.column).is_some(), "{p}: {d} {}", h.column);
                }
            }
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
