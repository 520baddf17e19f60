//! The datasets, the columns each must or may hold, and the names HR
//! systems give those columns.
//!
//! This table is the single place that knows what "payroll" means; readers,
//! `check` and the README's column list all come from it.

use std::fmt;

/// One of the extracts: the four core ones, and absence and market.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
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

    pub fn columns(self) -> &'static [ColumnSpec] {
        match self {
            Dataset::Establishment => ESTABLISHMENT,
            Dataset::Payroll => PAYROLL,
            Dataset::Agency => AGENCY,
            Dataset::Leavers => LEAVERS,
            Dataset::Absence => ABSENCE,
            Dataset::Market => MARKET,
        }
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    /// name is always accepted first).
    pub aliases: &'static [&'static str],
}

const fn req(name: &'static str, kind: Kind, aliases: &'static [&'static str]) -> ColumnSpec {
    ColumnSpec {
        name,
        kind,
        required: true,
        aliases,
    }
}

const fn opt(name: &'static str, kind: Kind, aliases: &'static [&'static str]) -> ColumnSpec {
    ColumnSpec {
        name,
        kind,
        required: false,
        aliases,
    }
}

const DIRECTORATE: &[&str] = &[
    "Directorate",
    "Service",
    "Department",
    "Dept",
    "Division",
    "Service Area",
    "Directorate Name",
    "Service Name",
    "Department Name",
    "Organisation",
    "Org Unit",
];
const TEAM: &[&str] = &[
    "Team",
    "Team Name",
    "Unit",
    "Section",
    "Sub Service",
    "Locality Team",
];
const JOB_TITLE: &[&str] = &[
    "Job Title",
    "Post Title",
    "Position",
    "Position Title",
    "Job",
    "Job Name",
    "Post Name",
    "Job Role",
    "Title",
];
const GRADE: &[&str] = &[
    "Grade",
    "Pay Grade",
    "Band",
    "Pay Band",
    "Salary Grade",
    "Grade Code",
];
const POST_ID: &[&str] = &[
    "Post ID",
    "Post Number",
    "Post No",
    "Post Ref",
    "Post Reference",
    "Position Number",
    "Position ID",
    "Position No",
];
const FTE: &[&str] = &[
    "FTE",
    "Contracted FTE",
    "FTE Contracted",
    "Full Time Equivalent",
    "WTE",
    "Whole Time Equivalent",
    "Budgeted FTE",
    "Budget FTE",
    "Establishment FTE",
    "Post FTE",
    "Funded FTE",
    "Actual FTE",
];
const START_DATE: &[&str] = &[
    "Continuous Service Date",
    "Start Date",
    "Date Started",
    "Date of Joining",
    "Date Joined",
    "Hire Date",
    "Employment Start Date",
    "Service Start Date",
    "Date Commenced",
    "Commencement Date",
    "Date of Hire",
    "DateofHire",
    "Original Hire Date",
    "Latest Hire Date",
    "Start",
];
const EMPLOYEE_ID: &[&str] = &[
    "Employee ID",
    "Employee Number",
    "Employee No",
    "Emp No",
    "Employee Ref",
    "Staff Number",
    "Staff ID",
    "Staff No",
    "Person ID",
    "Person Number",
    "Payroll Number",
    "Payroll No",
    "Assignment Number",
    "EmpID",
    "Emp ID",
    "Emp Number",
    "Employee Code",
    "Staff Code",
    "Person Code",
    "ID",
];

const REGISTRATION: &[&str] = &[
    "Registration",
    "SWE Number",
    "SWE Registration",
    "SWE Registration Number",
    "Social Work England Number",
    "Social Work England Registration",
    "Registration Number",
    "Registration No",
    "Professional Registration",
    "Professional Registration Number",
    "HCPC Number",
    "HCPC Registration",
    "HCPC Registration Number",
];
const ROLE: &[&str] = &[
    "Role",
    "Role Type",
    "Case Holder",
    "DfE Role",
    "Census Role",
    "Worker Role",
];
const ASYE: &[&str] = &[
    "ASYE",
    "Newly Qualified",
    "NQSW",
    "On ASYE",
    "ASYE Status",
    "Assessed and Supported Year in Employment",
];

const CASES: &[&str] = &[
    "Cases",
    "Caseload",
    "Case Count",
    "Open Cases",
    "Number of Cases",
];

static ESTABLISHMENT: &[ColumnSpec] = &[
    req("directorate", Kind::Text, DIRECTORATE),
    req("job_title", Kind::Text, JOB_TITLE),
    req("fte", Kind::Number, FTE),
    opt("post_id", Kind::Text, POST_ID),
    opt("team", Kind::Text, TEAM),
    opt("grade", Kind::Text, GRADE),
    opt(
        "cost_centre",
        Kind::Text,
        &["Cost Centre", "Cost Center", "Cost Code", "CC"],
    ),
    // The post's DfE role: `census` narrows its vacancies to the six.
    opt("role", Kind::Text, ROLE),
];

static PAYROLL: &[ColumnSpec] = &[
    req("employee_id", Kind::Text, EMPLOYEE_ID),
    req("directorate", Kind::Text, DIRECTORATE),
    req("job_title", Kind::Text, JOB_TITLE),
    // Optional: headcounts do without it; the commands that work in FTE
    // ask for it (Model::require).
    opt("fte", Kind::Number, FTE),
    req("start_date", Kind::Date, START_DATE),
    opt("post_id", Kind::Text, POST_ID),
    opt("team", Kind::Text, TEAM),
    opt("grade", Kind::Text, GRADE),
    opt(
        "contract",
        Kind::Text,
        &[
            "Contract",
            "Contract Type",
            "Employment Type",
            "Employment Status",
        ],
    ),
    opt(
        "salary",
        Kind::Money,
        &[
            "Salary",
            "Annual Salary",
            "FTE Salary",
            "Basic Salary",
            "Full Time Salary",
            "Salary FTE",
            "Basic Pay",
        ],
    ),
    opt(
        "employer_ni",
        Kind::Money,
        &[
            "Employer NI",
            "Employers NI",
            "Ers NI",
            "ER NI",
            "Employer National Insurance",
            "NI Employer",
        ],
    ),
    opt(
        "employer_pension",
        Kind::Money,
        &[
            "Employer Pension",
            "Employers Pension",
            "Ers Pension",
            "ER Pension",
            "Employer Superannuation",
            "Ers Superannuation",
            "Pension Employer",
        ],
    ),
    opt(
        "market_supplement",
        Kind::Money,
        &[
            "Market Supplement",
            "Market Premia",
            "Market Premium",
            "Market Rate Supplement",
        ],
    ),
    opt(
        "car_allowance",
        Kind::Money,
        &[
            "Car Allowance",
            "Car User Allowance",
            "Essential Car User Allowance",
            "Lease Car",
        ],
    ),
    opt(
        "other_allowances",
        Kind::Money,
        &[
            "Other Allowances",
            "Allowances",
            "Other Allowance",
            "Other Payments",
        ],
    ),
    opt("cases", Kind::Count, CASES),
    opt("role", Kind::Text, ROLE),
    opt("registration", Kind::Text, REGISTRATION),
    opt("asye", Kind::YesNo, ASYE),
];

static AGENCY: &[ColumnSpec] = &[
    req(
        "worker_id",
        Kind::Text,
        &[
            "Worker ID",
            "Agency Worker ID",
            "Worker Number",
            "Worker Ref",
            "Candidate ID",
            "Placement ID",
            "Assignment ID",
            "Booking Ref",
            "Booking Reference",
            "ID",
        ],
    ),
    req("directorate", Kind::Text, DIRECTORATE),
    req("job_title", Kind::Text, JOB_TITLE),
    req(
        "start_date",
        Kind::Date,
        &[
            "Start Date",
            "Placement Start",
            "Placement Start Date",
            "Assignment Start Date",
            "Date Started",
            "Booking Start",
            "Start",
        ],
    ),
    req(
        "hourly_rate",
        Kind::Money,
        &[
            "Hourly Rate",
            "Hourly Charge Rate",
            "Charge Rate",
            "Rate per Hour",
            "Hourly Cost",
            "Pay Rate",
            "Rate",
        ],
    ),
    opt(
        "end_date",
        Kind::Date,
        &[
            "End Date",
            "Placement End",
            "Placement End Date",
            "Assignment End Date",
            "Finish Date",
            "Date Ended",
            "Booking End",
            "End",
        ],
    ),
    opt(
        "hours_per_week",
        Kind::Number,
        &[
            "Hours per Week",
            "Weekly Hours",
            "Hours",
            "Contracted Hours",
            "Hrs per Week",
            "Hours pw",
        ],
    ),
    opt("team", Kind::Text, TEAM),
    opt("grade", Kind::Text, GRADE),
    opt(
        "agency",
        Kind::Text,
        &["Agency", "Agency Name", "Supplier", "Supplier Name"],
    ),
    opt(
        "covering",
        Kind::Text,
        &[
            "Covering",
            "Cover Reason",
            "Reason for Cover",
            "Cover Type",
            "Placement Reason",
            "Reason for Placement",
        ],
    ),
    opt("post_id", Kind::Text, POST_ID),
    opt("cases", Kind::Count, CASES),
    opt("role", Kind::Text, ROLE),
    opt("registration", Kind::Text, REGISTRATION),
];

static LEAVERS: &[ColumnSpec] = &[
    req("employee_id", Kind::Text, EMPLOYEE_ID),
    req("directorate", Kind::Text, DIRECTORATE),
    req("job_title", Kind::Text, JOB_TITLE),
    req("start_date", Kind::Date, START_DATE),
    req(
        "leave_date",
        Kind::Date,
        &[
            "Leaving Date",
            "Termination Date",
            "Date Left",
            "Leave Date",
            "Date of Leaving",
            "Last Day of Service",
            "Last Working Day",
            "End of Employment",
            "Term Date",
            "Date of Termination",
            "DateofTermination",
            "Termination Effective Date",
            "End Date",
        ],
    ),
    req(
        "reason",
        Kind::Text,
        &[
            "Reason for Leaving",
            "Leaving Reason",
            "Reason",
            "Termination Reason",
            "Reason for Termination",
            "Leaver Reason",
            "Term Reason",
            "TermReason",
            "Termination Reason Description",
        ],
    ),
    opt("fte", Kind::Number, FTE),
    opt("team", Kind::Text, TEAM),
    opt("grade", Kind::Text, GRADE),
    opt(
        "destination",
        Kind::Text,
        &[
            "Destination",
            "New Employer",
            "Leaving Destination",
            "Destination on Leaving",
        ],
    ),
    opt(
        "exit_interview",
        Kind::YesNo,
        &[
            "Exit Interview",
            "Exit Interview Completed",
            "Exit Interview Held",
            "Exit Interview Form",
            "Exit Interview Returned",
        ],
    ),
    opt("role", Kind::Text, ROLE),
    opt("registration", Kind::Text, REGISTRATION),
    opt("asye", Kind::YesNo, ASYE),
];

/// One row per sickness absence spell.
static ABSENCE: &[ColumnSpec] = &[
    req("employee_id", Kind::Text, EMPLOYEE_ID),
    req(
        "start_date",
        Kind::Date,
        &[
            "Start Date",
            "Absence Start",
            "Absence Start Date",
            "First Day of Absence",
            "Date From",
            "From",
            "Start",
        ],
    ),
    req(
        "working_days_lost",
        Kind::Number,
        &[
            "Working Days Lost",
            "Days Lost",
            "Working Days",
            "Days Absent",
            "Duration (Working Days)",
            "Working Days Absent",
        ],
    ),
    opt(
        "end_date",
        Kind::Date,
        &[
            "End Date",
            "Absence End",
            "Absence End Date",
            "Last Day of Absence",
            "Date To",
            "To",
            "End",
        ],
    ),
    opt(
        "fte_days_lost",
        Kind::Number,
        &[
            "FTE Days Lost",
            "FTE Days",
            "Days Lost FTE",
            "Full Time Equivalent Days Lost",
        ],
    ),
    opt(
        "reason",
        Kind::Text,
        &[
            "Reason",
            "Absence Reason",
            "Sickness Reason",
            "Reason for Absence",
            "Cause",
        ],
    ),
];

/// Market median pay for a role: by job title, grade or both.
static MARKET: &[ColumnSpec] = &[
    req(
        "market_median",
        Kind::Money,
        &[
            "Market Median",
            "Market Median Salary",
            "Median Salary",
            "Market Rate",
            "Median",
            "Benchmark Salary",
            "Benchmark",
        ],
    ),
    opt("job_title", Kind::Text, JOB_TITLE),
    opt("grade", Kind::Text, GRADE),
    opt(
        "source",
        Kind::Text,
        &[
            "Source",
            "Survey",
            "Benchmark Source",
            "Comparator",
            "Data Source",
        ],
    ),
];

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
