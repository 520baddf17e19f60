//! Synthetic HR extracts for testing and benchmarking `swr`.
//!
//! Real extracts are messy in ways a loader must survive: each system names
//! its columns differently (`Employee Number`, `Dept`, `Post Title`,
//! `Leaving Date`, `Hourly Charge Rate`), dates are UK day-first, money is
//! written as `£39,500.00`, lines end in CRLF, one file carries a UTF-8 BOM,
//! and workbooks put a title and a blank row above the header. This generator
//! writes every extract swr reads that way, at any size, the same bytes for
//! the same seed (its own splitmix64, no `rand`), streaming every row so that
//! ten million rows never sit in memory.
//!
//! ```text
//! cargo run --release --example generate -- --rows N --out DIR [--shape standard|council] [--xlsx] [--seed S]
//! cargo run --release --example generate -- --demo [--out examples/demo]
//! ```
//!
//! `--rows N` is the number of leaver rows; establishment gets N/2 posts,
//! payroll about 0.43 N people, agency N/10 placements (never fewer than a
//! handful), absence about N spells, payroll_2024 about 0.45 N and market
//! ten rows. `--xlsx` writes `<extract>.xlsx` workbooks (one sheet each,
//! constant-memory mode) instead of CSV; a sheet holds at most 1,048,576
//! rows, so each is cut at 1,048,573 data rows below its title, blank and
//! header rows, with a message saying so.
//!
//! The extracts, for every report: `establishment`, `payroll`, `agency`,
//! `leavers`, `absence`, `market` and `payroll_2024` (the payroll a year
//! earlier, for `swr movements --from DIR/payroll_2024.csv`). As of
//! 30/09/2025 (the latest date in them), the default period the 12 months
//! from 01/10/2024. Employee numbers: `E1xxxxxxx` holders of post x,
//! `E3xxxxxxx` someone placed over establishment against post x,
//! `E5xxxxxxx` leavers; payroll_2024 has most of payroll's people (those
//! who had started by 30/09/2024), and leavers who were still in post
//! then. Registrations (`SW` or, for occupational therapists, `OT` and nine
//! digits) belong to one person; about one agency placement in ten carries
//! the number of someone who joined payroll in the period. A few people
//! start or leave on the edges of the period (30/09/2024, 01/10/2024,
//! 29/09/2025, 30/09/2025), and a few placements start on 01/10/2024 or
//! end on 30/09/2025. Absence spells run from 01/10/2023 to 30/09/2025,
//! some still open (no end date), some overlapping.
//!
//! Two shapes (`--shape`), with the same values but for the ones named:
//!
//! - `standard` (the default): UTF-8, payroll and payroll_2024 with a BOM,
//!   the demo council's headers. One post in a hundred has a second person
//!   placed against it; when the post is filled that is its holder on a
//!   second contract (the same employee number in two payroll rows).
//! - `council`: as councils write them. Windows-1252 (no BOM; `£` is byte
//!   0xA3, and the team `Dementia Support and Memory Café` and the absence
//!   reason `Other (incl. Ménière's disease)` carry 0xE9 and 0xE8; nothing
//!   from 0x80-0x9F), their own headers, and every payroll and leavers row
//!   its own employee number (the second person on a post is `E3...`).
//!
//! Both: dates `dd/mm/yyyy`, money `£1,234.00` (quoted when it has a
//! comma), CRLF line ends. Headers, in column order (the values in the same
//! order in both shapes):
//!
//! | extract | standard | council |
//! |---|---|---|
//! | establishment | Post ID, Service, Team, Job Title, Grade, FTE | Position Number, Service Area, Team Name, Position Title, Pay Grade, Budgeted FTE |
//! | payroll | Employee Number, Post ID, Department, Team, Post Title, Grade, Contracted FTE, Continuous Service Date, Salary, Employer NI, Employer Pension, Market Supplement, Open Cases, SWE Number, DfE Role, Newly Qualified | Staff Number, Position Number, Service Area, Team Name, Position Title, Pay Grade, FTE, Commencement Date, Annual Salary, Employers NI, Employers Pension, Market Rate Supplement, Caseload, Social Work England Number, Census Role, ASYE Status |
//! | agency | Worker ID, Directorate, Team, Position, Start Date, End Date, Hours Per Week, Hourly Charge Rate, Covering, Agency, Caseload, Registration Number, Role | Booking Reference, Service Area, Team Name, Position Title, Placement Start Date, Placement End Date, Weekly Hours, Charge Rate, Reason for Cover, Supplier Name, Number of Cases, Professional Registration Number, Worker Role |
//! | leavers | Employee Number, Dept, Team, Job Title, Grade, FTE, Date Started, Leaving Date, Reason for Leaving, Exit Interview, SWE Registration, DfE Role, Newly Qualified | Staff Number, Service Area, Team Name, Position Title, Pay Grade, FTE, Commencement Date, Termination Date, Termination Reason, Exit Interview Completed, Social Work England Number, Census Role, ASYE Status |
//! | absence | Employee Number, Absence Start Date, Absence End Date, Working Days Lost, Absence Reason | Staff Number, First Day of Absence, Last Day of Absence, Working Days Absent, Reason for Absence |
//! | market | Job Title, Grade, Market Median Salary, Source | Position Title, Pay Grade, Benchmark Salary, Data Source |
//! | payroll_2024 | Staff Number, Post Number, Directorate, Team Name, Job Title, Pay Grade, FTE, Start Date, Annual Salary, Employers NI, Employers Pension, Market Supplement, SWE Number, ASYE | Staff Number, Position Number, Service Area, Team Name, Position Title, Pay Grade, FTE, Commencement Date, Annual Salary, Employers NI, Employers Pension, Market Rate Supplement, Social Work England Number, ASYE Status |
//!
//! In swr's terms, column by column (both shapes): establishment post_id,
//! directorate, team, job_title, grade, fte; payroll employee_id, post_id,
//! directorate, team, job_title, grade, fte, start_date, salary,
//! employer_ni, employer_pension, market_supplement, cases, registration,
//! role, asye; agency worker_id, directorate, team, job_title, start_date,
//! end_date, hours_per_week, hourly_rate, covering, agency, cases,
//! registration, role; leavers employee_id, directorate, team, job_title,
//! grade, fte, start_date, leave_date, reason, exit_interview,
//! registration, role, asye; absence employee_id, start_date, end_date,
//! working_days_lost, reason; market job_title, grade, market_median,
//! source; payroll_2024 as payroll without cases and role. Every header is
//! one of swr's own aliases (src/extracts.toml), so no swr.toml is needed.
//!
//! `--demo` writes the small fictional council in `examples/demo/`: the four
//! CSV files and `council.xlsx` with one sheet per dataset, and the market
//! pay extract (`market.csv` and a `Market` sheet).

use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

// ---------------------------------------------------------------------------
// Randomness: splitmix64, seeded per row so any row can be rebuilt on its own.

#[derive(Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// A generator for row `i` of the stream `tag`: payroll rebuilds post `i`
    /// of the establishment this way instead of keeping the posts in memory.
    fn for_row(seed: u64, tag: u64, i: u64) -> Rng {
        let mut r = Rng(seed ^ tag.wrapping_mul(0xD6E8_FEB8_6659_FD93));
        let a = r.next_u64();
        Rng(a ^ i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in [0, n).
    fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// Uniform in [lo, hi] inclusive.
    fn between(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }

    /// Index into `weights`, chosen in proportion to them.
    fn weighted(&mut self, weights: &[u32]) -> usize {
        self.weighted_by(weights, |w| *w)
    }

    /// Index into `items`, chosen in proportion to `weight` of each.
    fn weighted_by<T>(&mut self, items: &[T], weight: impl Fn(&T) -> u32) -> usize {
        let total: u32 = items.iter().map(&weight).sum();
        let mut x = self.below(total as u64) as u32;
        for (i, item) in items.iter().enumerate() {
            let w = weight(item);
            if x < w {
                return i;
            }
            x -= w;
        }
        items.len() - 1
    }
}

// ---------------------------------------------------------------------------
// Dates as days since 1970-01-01 (Howard Hinnant's civil calendar algorithms).

fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = (y - era * 400) as u32;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe as i32 - 719_468
}

fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = (z - era * 146_097) as u32;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe as i32 + era * 400 + if m <= 2 { 1 } else { 0 };
    (y, m, d)
}

/// The last day of the month `day` falls in.
fn month_end(day: i32) -> i32 {
    let (y, m, _) = civil_from_days(day);
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    days_from_civil(ny, nm, 1) - 1
}

/// Excel's serial day number (1900 date system).
fn excel_serial(day: i32) -> f64 {
    (day + 25_569) as f64
}

fn as_of() -> i32 {
    days_from_civil(2025, 9, 30)
}

fn earliest() -> i32 {
    days_from_civil(2014, 1, 1)
}

// ---------------------------------------------------------------------------
// The council's shape: directorates, teams, roles, pay.

struct Job {
    title: &'static str,
    grade: &'static str,
    /// Spinal points of the grade, annual full-time salary in pounds.
    scale: &'static [i64],
    /// Agency charge rate per hour in pence, lowest and highest; None: the
    /// role is never filled through an agency.
    agency: Option<(i64, i64)>,
}

const ASYE: usize = 0;
const SW: usize = 1;
const SSW: usize = 2;
const AP: usize = 3;
const TM: usize = 4;
const IRO: usize = 5;
const AMHP: usize = 6;
const OT: usize = 7;
const SCA: usize = 8;
const FSW: usize = 9;
const BSO: usize = 10;

const G10: &[i64] = &[46_731, 47_754, 48_710, 49_764];
const G8: &[i64] = &[36_124, 37_338, 38_626, 39_862, 41_005];

const JOBS: [Job; 11] = [
    Job {
        title: "Social Worker (ASYE)",
        grade: "Grade 7",
        scale: &[32_061, 33_024, 34_010, 35_045],
        agency: None,
    },
    Job {
        title: "Social Worker",
        grade: "Grade 8",
        scale: G8,
        agency: Some((3_600, 4_000)),
    },
    Job {
        title: "Senior Social Worker",
        grade: "Grade 9",
        scale: &[41_511, 42_708, 43_693, 44_711, 45_718],
        agency: Some((4_000, 4_400)),
    },
    Job {
        title: "Advanced Practitioner",
        grade: "Grade 10",
        scale: G10,
        agency: Some((4_100, 4_400)),
    },
    Job {
        title: "Team Manager",
        grade: "Grade 11",
        scale: &[50_788, 51_802, 53_031, 54_519],
        agency: Some((4_400, 4_500)),
    },
    Job {
        title: "Independent Reviewing Officer",
        grade: "Grade 10",
        scale: G10,
        agency: Some((4_000, 4_400)),
    },
    Job {
        title: "Approved Mental Health Professional",
        grade: "Grade 10",
        scale: G10,
        agency: Some((4_200, 4_500)),
    },
    Job {
        title: "Occupational Therapist",
        grade: "Grade 8",
        scale: G8,
        agency: Some((2_800, 3_200)),
    },
    Job {
        title: "Social Care Assessor",
        grade: "Grade 7",
        scale: &[32_061, 33_024, 34_010],
        agency: None,
    },
    // The last two appear in the large synthetic extracts only: the demo
    // council's pay stays within £32k-£55k.
    Job {
        title: "Family Support Worker",
        grade: "Grade 5",
        scale: &[26_403, 27_254, 28_142, 29_093],
        agency: Some((1_900, 2_300)),
    },
    Job {
        title: "Business Support Officer",
        grade: "Grade 4",
        scale: &[24_790, 25_183, 25_584],
        agency: Some((1_400, 1_700)),
    },
];

struct Team {
    name: &'static str,
    /// (job, number of budgeted posts in the demo council)
    posts: &'static [(usize, u32)],
}

struct Directorate {
    name: &'static str,
    /// Share of posts in the large synthetic extracts.
    weight: u32,
    teams: &'static [Team],
}

const CSC: &str = "Children's Social Care";
const ASC: &str = "Adult Social Care";
const OPS: &str = "Older People Services";
const MH: &str = "Mental Health";

const LOCALITY: &[(usize, u32)] = &[(TM, 1), (SSW, 2), (SW, 8), (SCA, 4), (OT, 2)];

const DIRECTORATES: [Directorate; 4] = [
    Directorate {
        name: CSC,
        weight: 40,
        teams: &[
            Team {
                name: "Front Door and MASH",
                posts: &[(TM, 1), (SSW, 2), (SW, 7), (ASYE, 1)],
            },
            Team {
                name: "Assessment and Intervention",
                posts: &[(TM, 2), (AP, 1), (SSW, 4), (SW, 16), (ASYE, 3)],
            },
            Team {
                name: "Child Protection and Court",
                posts: &[(TM, 1), (AP, 1), (SSW, 3), (SW, 12), (ASYE, 2)],
            },
            Team {
                name: "Children in Care",
                posts: &[(TM, 1), (SSW, 2), (SW, 10), (ASYE, 2)],
            },
            Team {
                name: "Care Leavers",
                posts: &[(TM, 1), (SSW, 1), (SW, 5)],
            },
            Team {
                name: "Edge of Care",
                posts: &[(TM, 1), (SSW, 1), (SW, 5)],
            },
            Team {
                name: "Fostering and Adoption",
                posts: &[(TM, 1), (SSW, 2), (SW, 7)],
            },
            Team {
                name: "Disabled Children",
                posts: &[(TM, 1), (SSW, 1), (SW, 5), (OT, 2)],
            },
            Team {
                name: "Independent Reviewing Service",
                posts: &[(TM, 1), (IRO, 6)],
            },
        ],
    },
    Directorate {
        name: ASC,
        weight: 25,
        teams: &[
            Team {
                name: "Hospital Discharge",
                posts: &[(TM, 1), (SSW, 2), (SW, 5), (SCA, 5)],
            },
            Team {
                name: "Learning Disabilities",
                posts: &[(TM, 1), (SSW, 2), (SW, 9), (SCA, 3)],
            },
            Team {
                name: "Physical Disabilities and Sensory",
                posts: &[(TM, 1), (SSW, 1), (SW, 5), (OT, 4), (SCA, 2)],
            },
            Team {
                name: "Safeguarding Adults",
                posts: &[(TM, 1), (AP, 1), (SSW, 2), (SW, 7)],
            },
            Team {
                name: "Reablement and Review",
                posts: &[(TM, 1), (SW, 3), (OT, 4), (SCA, 6)],
            },
            Team {
                name: "Transitions",
                posts: &[(TM, 1), (SSW, 1), (SW, 4)],
            },
        ],
    },
    Directorate {
        name: OPS,
        weight: 20,
        teams: &[
            Team {
                name: "Locality North",
                posts: LOCALITY,
            },
            Team {
                name: "Locality South",
                posts: LOCALITY,
            },
            Team {
                name: "Locality City",
                posts: LOCALITY,
            },
            Team {
                name: "Care Home Reviews",
                posts: &[(TM, 1), (SW, 4), (SCA, 3)],
            },
            Team {
                name: "Dementia Support",
                posts: &[(TM, 1), (SSW, 1), (SW, 4), (ASYE, 1)],
            },
        ],
    },
    Directorate {
        name: MH,
        weight: 15,
        teams: &[
            Team {
                name: "Community Mental Health North",
                posts: &[(TM, 1), (SSW, 2), (SW, 7), (AMHP, 2)],
            },
            Team {
                name: "Community Mental Health South",
                posts: &[(TM, 1), (SSW, 2), (SW, 7), (AMHP, 2)],
            },
            Team {
                name: "AMHP Hub",
                posts: &[(TM, 1), (AMHP, 9)],
            },
            Team {
                name: "Early Intervention in Psychosis",
                posts: &[(TM, 1), (SSW, 1), (SW, 4)],
            },
            Team {
                name: "Crisis Resolution",
                posts: &[(TM, 1), (SW, 4), (AMHP, 2)],
            },
        ],
    },
];

/// Raw leaving reasons as an HR system records them, with how often each is
/// used (per thousand leavers).
const REASONS: [(&str, u32); 12] = [
    ("Resignation - Career Progression", 170),
    ("Resignation - Better Pay", 120),
    ("Resignation - Workload", 130),
    ("Resignation - Work/Life Balance", 110),
    ("Resignation - Relocation", 80),
    ("Resignation - Personal Reasons", 90),
    ("Resignation - Moved to Agency Work", 60),
    ("Retirement", 80),
    ("Retirement - Ill Health", 20),
    ("End of Fixed Term Contract", 60),
    ("Dismissal", 30),
    ("Redundancy", 20),
];

const AGENCIES: &[&str] = &[
    "Northgate Social Care Recruitment",
    "Castlebrook Staffing",
    "Meridian Care Professionals",
    "Brightwater Locums",
    "Kestrel Social Work Agency",
    "Harbourside Personnel",
];

/// Employer National Insurance (2025/26: 15% above £5,000 a year) and
/// pension (the council's LGPS employer rate) on an annual salary, in pence.
fn on_costs(salary_pounds: i64) -> (i64, i64) {
    let ni = (salary_pounds - 5_000).max(0) * 15; // pence: x100 x 15%
    let pension = salary_pounds * 188 / 10; // pence: x100 x 18.8%
    (ni, pension)
}

/// Market supplement, annual, in pence.
fn market_supplement(dir: &str, job: usize) -> Option<i64> {
    match job {
        SW | SSW if dir == CSC => Some(300_000),
        AMHP => Some(250_000),
        _ => None,
    }
}

/// Salary point: people move up one point a year until the top of the grade.
fn salary(job: usize, service_years: i64, rng: &mut Rng) -> i64 {
    let scale = JOBS[job].scale;
    let point = (service_years + rng.between(-1, 1)).clamp(0, scale.len() as i64 - 1);
    scale[point as usize]
}

fn agency_rate(job: usize, rng: &mut Rng) -> i64 {
    let (lo, hi) = JOBS[job].agency.unwrap_or((1_500, 1_800));
    // Whole 25p steps, as rates are quoted.
    rng.between(lo / 25, hi / 25) * 25
}

fn fte_of_post(rng: &mut Rng) -> i64 {
    [
        100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 80, 60, 50,
    ][rng.below(14) as usize]
}

fn hours_per_week(rng: &mut Rng) -> i64 {
    // hundredths of an hour
    match rng.below(20) {
        0..=14 => 3700,
        15..=16 => 3000,
        17..=18 => 2250,
        _ => 1850,
    }
}

/// Length of service at leaving, in days: nearly half leave within two years.
fn leaver_service_days(job: usize, rng: &mut Rng) -> i32 {
    if job == ASYE {
        return rng.between(60, 600) as i32;
    }
    let band = rng.weighted(&[24, 22, 27, 15, 12]);
    let (lo, hi) = [
        (30, 364),
        (365, 729),
        (730, 1825),
        (1826, 3652),
        (3653, 9000),
    ][band];
    rng.between(lo, hi) as i32
}

/// Length of service of staff in post, in days. Newly qualified social
/// workers (ASYE) are in their first year or so.
fn staff_service_days(job: usize, rng: &mut Rng) -> i32 {
    if job == ASYE {
        return rng.between(1, 500) as i32;
    }
    let band = rng.weighted(&[17, 14, 27, 22, 20]);
    let (lo, hi) = [
        (1, 364),
        (365, 729),
        (730, 1825),
        (1826, 3652),
        (3653, 11000),
    ][band];
    rng.between(lo, hi) as i32
}

/// A leave date: a quarter of people leave on the last day of a month.
fn leave_date(lo: i32, hi: i32, rng: &mut Rng) -> i32 {
    let d = rng.between(lo as i64, hi as i64) as i32;
    if rng.chance(0.25) {
        month_end(d).min(hi)
    } else {
        d
    }
}

// ---------------------------------------------------------------------------
// Cells and the two writers.

#[derive(Clone, Copy)]
enum Cell<'a> {
    Text(&'a str),
    /// An identifier: prefix and zero-padded number.
    Id(&'static str, u64, usize),
    Date(i32),
    /// Pence.
    Money(i64),
    /// Hundredths (FTE, hours).
    Num(i64),
    Blank,
}

struct Sheet {
    /// Sheet name in a workbook, e.g. "Leavers".
    name: &'static str,
    /// Title row of a workbook sheet.
    title: String,
    headers: &'static [&'static str],
}

trait Sink {
    /// Writes one row; false when the sheet is full and the row was dropped.
    fn row(&mut self, cells: &[Cell]) -> Result<bool, String>;
    fn rows(&self) -> u64;
}

struct CsvSink {
    out: BufWriter<File>,
    path: PathBuf,
    rows: u64,
    buf: String,
    /// Written in Windows-1252 rather than UTF-8.
    cp1252: bool,
    bytes: Vec<u8>,
}

impl CsvSink {
    fn create(path: &Path, sheet: &Sheet, bom: bool) -> Result<CsvSink, String> {
        CsvSink::create_encoded(path, sheet, bom, false)
    }

    /// `cp1252`: the file is written in Windows-1252 (never with a BOM).
    fn create_encoded(
        path: &Path,
        sheet: &Sheet,
        bom: bool,
        cp1252: bool,
    ) -> Result<CsvSink, String> {
        let file = File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut sink = CsvSink {
            out: BufWriter::with_capacity(1 << 20, file),
            path: path.to_owned(),
            rows: 0,
            buf: String::new(),
            cp1252,
            bytes: Vec::new(),
        };
        if bom {
            sink.buf.push('\u{feff}');
        }
        for (i, h) in sheet.headers.iter().enumerate() {
            if i > 0 {
                sink.buf.push(',');
            }
            push_csv_text(&mut sink.buf, h);
        }
        sink.buf.push_str("\r\n");
        sink.flush_buf()?;
        Ok(sink)
    }

    fn flush_buf(&mut self) -> Result<(), String> {
        let bytes = if self.cp1252 && !self.buf.is_ascii() {
            self.bytes.clear();
            for c in self.buf.chars() {
                let b = cp1252_byte(c).ok_or_else(|| {
                    format!(
                        "{}: `{c}` cannot be written in Windows-1252",
                        self.path.display()
                    )
                })?;
                self.bytes.push(b);
            }
            &self.bytes[..]
        } else {
            self.buf.as_bytes()
        };
        self.out
            .write_all(bytes)
            .map_err(|e| format!("{}: {e}", self.path.display()))?;
        self.buf.clear();
        Ok(())
    }

    fn finish(mut self) -> Result<u64, String> {
        self.flush_buf()?;
        self.out
            .flush()
            .map_err(|e| format!("{}: {e}", self.path.display()))?;
        Ok(self.rows)
    }
}

/// The byte of `c` in Windows-1252: ASCII and U+00A0..U+00FF as they are
/// (`£` is 0xA3, `é` 0xE9), and the typographic characters of 0x80..0x9F.
fn cp1252_byte(c: char) -> Option<u8> {
    // '\0' marks the five bytes Windows-1252 leaves undefined (ASCII, so
    // never looked up here).
    const HIGH: [char; 32] = [
        '€', '\0', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\0', 'Ž', '\0', '\0',
        '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\0', 'ž', 'Ÿ',
    ];
    match c as u32 {
        0..=0x7F | 0xA0..=0xFF => Some(c as u32 as u8),
        _ => HIGH.iter().position(|h| *h == c).map(|i| 0x80 + i as u8),
    }
}

fn push_csv_text(buf: &mut String, s: &str) {
    if s.contains([',', '"', '\n', '\r']) {
        buf.push('"');
        buf.push_str(&s.replace('"', "\"\""));
        buf.push('"');
    } else {
        buf.push_str(s);
    }
}

/// `£39,500.00` (quoted in CSV because of the comma).
fn push_money(buf: &mut String, pence: i64) {
    let neg = pence < 0;
    let p = pence.unsigned_abs();
    let pounds = p / 100;
    let digits = pounds.to_string();
    if neg {
        buf.push('-');
    }
    buf.push('£');
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            buf.push(',');
        }
        buf.push(c);
    }
    let _ = write!(buf, ".{:02}", p % 100);
}

/// Hundredths with trailing zeros dropped: 100 -> "1", 80 -> "0.8", 2250 -> "22.5".
fn push_num(buf: &mut String, h: i64) {
    let _ = write!(buf, "{}", h / 100);
    let frac = h % 100;
    if frac != 0 {
        if frac % 10 == 0 {
            let _ = write!(buf, ".{}", frac / 10);
        } else {
            let _ = write!(buf, ".{frac:02}");
        }
    }
}

fn push_date(buf: &mut String, day: i32) {
    let (y, m, d) = civil_from_days(day);
    let _ = write!(buf, "{d:02}/{m:02}/{y}");
}

impl Sink for CsvSink {
    fn row(&mut self, cells: &[Cell]) -> Result<bool, String> {
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                self.buf.push(',');
            }
            match *cell {
                Cell::Text(s) => push_csv_text(&mut self.buf, s),
                Cell::Id(prefix, n, width) => {
                    let _ = write!(self.buf, "{prefix}{n:0width$}");
                }
                Cell::Date(d) => push_date(&mut self.buf, d),
                Cell::Money(p) => {
                    let start = self.buf.len();
                    push_money(&mut self.buf, p);
                    if self.buf[start..].contains(',') {
                        self.buf.insert(start, '"');
                        self.buf.push('"');
                    }
                }
                Cell::Num(h) => push_num(&mut self.buf, h),
                Cell::Blank => {}
            }
        }
        self.buf.push_str("\r\n");
        if self.buf.len() > 1 << 16 {
            self.flush_buf()?;
        }
        self.rows += 1;
        Ok(true)
    }

    fn rows(&self) -> u64 {
        self.rows
    }
}

/// Rows of an Excel sheet, and the data rows left under the title, the blank
/// row and the header.
const EXCEL_ROWS: u64 = 1_048_576;
const HEADER_ROWS: u64 = 3;
const XLSX_MAX_DATA_ROWS: u64 = EXCEL_ROWS - HEADER_ROWS;

struct XlsxSink<'w> {
    workbook: &'w mut Workbook,
    sheet: usize,
    rows: u64,
    dropped: bool,
    date: Format,
    money: Format,
    id: String,
}

impl<'w> XlsxSink<'w> {
    /// Adds a constant-memory sheet to `workbook` and writes its title, blank
    /// and header rows.
    fn add(workbook: &'w mut Workbook, sheet: &Sheet) -> Result<XlsxSink<'w>, XlsxError> {
        let bold = Format::new().set_bold();
        let title = Format::new().set_bold().set_font_size(14);
        let ws = workbook.add_worksheet_with_constant_memory();
        ws.set_name(sheet.name)?;
        for (c, h) in sheet.headers.iter().enumerate() {
            ws.set_column_width(c as u16, (h.len() as f64 + 4.0).max(14.0))?;
        }
        ws.write_string_with_format(0, 0, &sheet.title, &title)?;
        for (c, h) in sheet.headers.iter().enumerate() {
            ws.write_string_with_format(2, c as u16, *h, &bold)?;
        }
        let index = workbook.worksheets().len() - 1;
        Ok(XlsxSink {
            workbook,
            sheet: index,
            rows: 0,
            dropped: false,
            date: Format::new().set_num_format("dd/mm/yyyy"),
            money: Format::new().set_num_format("£#,##0.00"),
            id: String::new(),
        })
    }
}

impl Sink for XlsxSink<'_> {
    fn row(&mut self, cells: &[Cell]) -> Result<bool, String> {
        if self.rows >= XLSX_MAX_DATA_ROWS {
            self.dropped = true;
            return Ok(false);
        }
        let r = (self.rows + HEADER_ROWS) as u32;
        let ws = self
            .workbook
            .worksheet_from_index(self.sheet)
            .map_err(|e| e.to_string())?;
        for (c, cell) in cells.iter().enumerate() {
            let c = c as u16;
            let res = match *cell {
                Cell::Text(s) => ws.write_string(r, c, s).map(|_| ()),
                Cell::Id(prefix, n, width) => {
                    self.id.clear();
                    let _ = write!(self.id, "{prefix}{n:0width$}");
                    ws.write_string(r, c, &self.id).map(|_| ())
                }
                Cell::Date(d) => ws
                    .write_number_with_format(r, c, excel_serial(d), &self.date)
                    .map(|_| ()),
                Cell::Money(p) => ws
                    .write_number_with_format(r, c, p as f64 / 100.0, &self.money)
                    .map(|_| ()),
                Cell::Num(h) => ws.write_number(r, c, h as f64 / 100.0).map(|_| ()),
                Cell::Blank => Ok(()),
            };
            res.map_err(|e| e.to_string())?;
        }
        self.rows += 1;
        Ok(true)
    }

    fn rows(&self) -> u64 {
        self.rows
    }
}

// ---------------------------------------------------------------------------
// The four extracts' layouts. Each system names its columns its own way.

const EST_HEADERS: &[&str] = &["Post ID", "Service", "Team", "Job Title", "Grade", "FTE"];
const PAY_HEADERS: &[&str] = &[
    "Employee Number",
    "Post ID",
    "Department",
    "Team",
    "Post Title",
    "Grade",
    "Contracted FTE",
    "Continuous Service Date",
    "Salary",
    "Employer NI",
    "Employer Pension",
    "Market Supplement",
];
const AGY_HEADERS: &[&str] = &[
    "Worker ID",
    "Directorate",
    "Team",
    "Position",
    "Start Date",
    "End Date",
    "Hours Per Week",
    "Hourly Charge Rate",
    "Covering",
    "Agency",
];
const LVR_HEADERS: &[&str] = &[
    "Employee Number",
    "Dept",
    "Team",
    "Job Title",
    "Grade",
    "FTE",
    "Date Started",
    "Leaving Date",
    "Reason for Leaving",
    "Exit Interview",
];

// The demo council's extracts carry more: cases, registrations, roles and
// newly qualified flags, and a sickness absence extract.
const DEMO_PAY_HEADERS: &[&str] = &[
    "Employee Number",
    "Post ID",
    "Department",
    "Team",
    "Post Title",
    "Grade",
    "Contracted FTE",
    "Continuous Service Date",
    "Salary",
    "Employer NI",
    "Employer Pension",
    "Market Supplement",
    "Open Cases",
    "SWE Number",
    "DfE Role",
    "Newly Qualified",
];
const DEMO_AGY_HEADERS: &[&str] = &[
    "Worker ID",
    "Directorate",
    "Team",
    "Position",
    "Start Date",
    "End Date",
    "Hours Per Week",
    "Hourly Charge Rate",
    "Covering",
    "Agency",
    "Caseload",
    "Registration Number",
    "Role",
];
const DEMO_LVR_HEADERS: &[&str] = &[
    "Employee Number",
    "Dept",
    "Team",
    "Job Title",
    "Grade",
    "FTE",
    "Date Started",
    "Leaving Date",
    "Reason for Leaving",
    "Exit Interview",
    "SWE Registration",
    "DfE Role",
    "Newly Qualified",
];
const ABS_HEADERS: &[&str] = &[
    "Employee Number",
    "Absence Start Date",
    "Absence End Date",
    "Working Days Lost",
    "Absence Reason",
];

#[derive(Clone, Copy, PartialEq)]
enum Dataset {
    Establishment,
    Payroll,
    Agency,
    Leavers,
    /// Sickness absence spells.
    Absence,
    /// Market median pay by job title and grade.
    Market,
    /// The payroll a year before the as-of date (`swr movements --from`).
    Earlier,
}

impl Dataset {
    /// The large synthetic extracts, in the order they are written.
    const ALL: [Dataset; 7] = [
        Dataset::Establishment,
        Dataset::Payroll,
        Dataset::Agency,
        Dataset::Leavers,
        Dataset::Absence,
        Dataset::Market,
        Dataset::Earlier,
    ];

    /// The demo council's extracts.
    const DEMO: [Dataset; 5] = [
        Dataset::Establishment,
        Dataset::Payroll,
        Dataset::Agency,
        Dataset::Leavers,
        Dataset::Absence,
    ];

    fn file_stem(self) -> &'static str {
        match self {
            Dataset::Establishment => "establishment",
            Dataset::Payroll => "payroll",
            Dataset::Agency => "agency",
            Dataset::Leavers => "leavers",
            Dataset::Absence => "absence",
            Dataset::Market => "market",
            Dataset::Earlier => EARLIER_STEM,
        }
    }

    /// The demo council's layout of the extract.
    fn demo_sheet(self, council: &str) -> Sheet {
        let mut sheet = self.sheet(council);
        sheet.headers = match self {
            Dataset::Payroll => DEMO_PAY_HEADERS,
            Dataset::Agency => DEMO_AGY_HEADERS,
            Dataset::Leavers => DEMO_LVR_HEADERS,
            _ => sheet.headers,
        };
        sheet
    }

    fn sheet(self, council: &str) -> Sheet {
        let (name, what, headers) = match self {
            Dataset::Establishment => (
                "Establishment",
                "Budgeted establishment at 30/09/2025",
                EST_HEADERS,
            ),
            Dataset::Payroll => ("Payroll", "Staff in post at 30/09/2025", PAY_HEADERS),
            Dataset::Agency => ("Agency", "Agency placements to 30/09/2025", AGY_HEADERS),
            Dataset::Leavers => ("Leavers", "Leavers report to 30/09/2025", LVR_HEADERS),
            Dataset::Absence => (
                "Absence",
                "Sickness absence spells to 30/09/2025",
                ABS_HEADERS,
            ),
            Dataset::Market => ("Market", "Market pay benchmarks 2025", MARKET_HEADERS),
            Dataset::Earlier => (
                "Payroll 2024",
                "Staff in post at 30/09/2024",
                EARLIER_HEADERS,
            ),
        };
        Sheet {
            name,
            title: format!("{council} - {what}"),
            headers,
        }
    }

    /// Payroll is saved as "CSV UTF-8" from Excel, with a byte order mark.
    fn bom(self) -> bool {
        self == Dataset::Payroll
    }
}

fn money(pounds_pence: i64) -> Cell<'static> {
    Cell::Money(pounds_pence)
}

// ---------------------------------------------------------------------------
// Large synthetic extracts: every row rebuilt from (seed, dataset, row number).

const TAG_POST: u64 = 1;
const TAG_PAY: u64 = 2;
const TAG_AGENCY: u64 = 3;
const TAG_LEAVER: u64 = 4;
const TAG_EXTRA: u64 = 5;
// The columns and extracts added for the newer reports draw from streams of
// their own, so that the columns above keep their values.
const TAG_PAY_MORE: u64 = 21;
const TAG_AGENCY_MORE: u64 = 22;
const TAG_ASYE: u64 = 24;
const TAG_SPELLS: u64 = 25;
const TAG_EARLIER_STAFF: u64 = 26;
const TAG_EARLIER_LEAVER: u64 = 27;
const TAG_EDGE_STAFF: u64 = 28;
const TAG_EDGE_LEAVER: u64 = 29;
const TAG_EDGE_AGENCY: u64 = 30;

/// How the large extracts are written (`--shape`).
#[derive(Clone, Copy, PartialEq)]
enum Shape {
    /// The demo council's headers, UTF-8 (payroll with a BOM); one in a
    /// hundred posts has a second person placed against it, and when the
    /// post's holder is that person too, the two rows share an employee
    /// number (a second contract).
    Standard,
    /// As councils write them: their own headers, Windows-1252, every row
    /// of payroll and leavers its own employee number.
    Council,
}

/// The team whose name the council writes with an é, and that name.
const CAFE_TEAM: &str = "Dementia Support";
const CAFE_TEAM_COUNCIL: &str = "Dementia Support and Memory Café";
/// The absence reason the council writes with an é and an è, and that reason.
const OTHER_REASON: &str = "Other";
const OTHER_REASON_COUNCIL: &str = "Other (incl. Ménière's disease)";

const COUNCIL_EST_HEADERS: &[&str] = &[
    "Position Number",
    "Service Area",
    "Team Name",
    "Position Title",
    "Pay Grade",
    "Budgeted FTE",
];
const COUNCIL_PAY_HEADERS: &[&str] = &[
    "Staff Number",
    "Position Number",
    "Service Area",
    "Team Name",
    "Position Title",
    "Pay Grade",
    "FTE",
    "Commencement Date",
    "Annual Salary",
    "Employers NI",
    "Employers Pension",
    "Market Rate Supplement",
    "Caseload",
    "Social Work England Number",
    "Census Role",
    "ASYE Status",
];
const COUNCIL_AGY_HEADERS: &[&str] = &[
    "Booking Reference",
    "Service Area",
    "Team Name",
    "Position Title",
    "Placement Start Date",
    "Placement End Date",
    "Weekly Hours",
    "Charge Rate",
    "Reason for Cover",
    "Supplier Name",
    "Number of Cases",
    "Professional Registration Number",
    "Worker Role",
];
const COUNCIL_LVR_HEADERS: &[&str] = &[
    "Staff Number",
    "Service Area",
    "Team Name",
    "Position Title",
    "Pay Grade",
    "FTE",
    "Commencement Date",
    "Termination Date",
    "Termination Reason",
    "Exit Interview Completed",
    "Social Work England Number",
    "Census Role",
    "ASYE Status",
];
const COUNCIL_ABS_HEADERS: &[&str] = &[
    "Staff Number",
    "First Day of Absence",
    "Last Day of Absence",
    "Working Days Absent",
    "Reason for Absence",
];
const COUNCIL_MARKET_HEADERS: &[&str] = &[
    "Position Title",
    "Pay Grade",
    "Benchmark Salary",
    "Data Source",
];
const COUNCIL_EARLIER_HEADERS: &[&str] = &[
    "Staff Number",
    "Position Number",
    "Service Area",
    "Team Name",
    "Position Title",
    "Pay Grade",
    "FTE",
    "Commencement Date",
    "Annual Salary",
    "Employers NI",
    "Employers Pension",
    "Market Rate Supplement",
    "Social Work England Number",
    "ASYE Status",
];

impl Shape {
    fn parse(s: &str) -> Result<Shape, String> {
        match s {
            "standard" => Ok(Shape::Standard),
            "council" => Ok(Shape::Council),
            _ => Err(format!(
                "--shape is `standard` or `council`, not `{s}`\n\n{USAGE}"
            )),
        }
    }

    fn headers(self, dataset: Dataset) -> &'static [&'static str] {
        match (self, dataset) {
            (Shape::Standard, Dataset::Establishment) => EST_HEADERS,
            (Shape::Standard, Dataset::Payroll) => DEMO_PAY_HEADERS,
            (Shape::Standard, Dataset::Agency) => DEMO_AGY_HEADERS,
            (Shape::Standard, Dataset::Leavers) => DEMO_LVR_HEADERS,
            (Shape::Standard, Dataset::Absence) => ABS_HEADERS,
            (Shape::Standard, Dataset::Market) => MARKET_HEADERS,
            (Shape::Standard, Dataset::Earlier) => EARLIER_HEADERS,
            (Shape::Council, Dataset::Establishment) => COUNCIL_EST_HEADERS,
            (Shape::Council, Dataset::Payroll) => COUNCIL_PAY_HEADERS,
            (Shape::Council, Dataset::Agency) => COUNCIL_AGY_HEADERS,
            (Shape::Council, Dataset::Leavers) => COUNCIL_LVR_HEADERS,
            (Shape::Council, Dataset::Absence) => COUNCIL_ABS_HEADERS,
            (Shape::Council, Dataset::Market) => COUNCIL_MARKET_HEADERS,
            (Shape::Council, Dataset::Earlier) => COUNCIL_EARLIER_HEADERS,
        }
    }

    fn sheet(self, dataset: Dataset) -> Sheet {
        let mut sheet = dataset.sheet(SYNTHETIC);
        sheet.headers = self.headers(dataset);
        sheet
    }

    /// Both payrolls are saved as "CSV UTF-8" from Excel, with a byte order
    /// mark; a Windows-1252 file has none.
    fn bom(self, dataset: Dataset) -> bool {
        self == Shape::Standard && matches!(dataset, Dataset::Payroll | Dataset::Earlier)
    }

    fn team(self, team: &'static str) -> &'static str {
        if self == Shape::Council && team == CAFE_TEAM {
            CAFE_TEAM_COUNCIL
        } else {
            team
        }
    }

    fn absence_reason(self, reason: &'static str) -> &'static str {
        if self == Shape::Council && reason == OTHER_REASON {
            OTHER_REASON_COUNCIL
        } else {
            reason
        }
    }
}

#[derive(Clone, Copy)]
struct Post {
    dir: &'static str,
    team: &'static str,
    job: usize,
    fte: i64,
}

fn pick_unit(rng: &mut Rng) -> (usize, usize, usize) {
    let d = rng.weighted_by(&DIRECTORATES, |d| d.weight);
    let dir = &DIRECTORATES[d];
    let t = rng.below(dir.teams.len() as u64) as usize;
    let team = &dir.teams[t];
    // The big extracts also hold support roles the demo leaves out.
    let job = if rng.chance(0.12) {
        BSO
    } else if dir.name == CSC && rng.chance(0.12) {
        FSW
    } else {
        team.posts[rng.weighted_by(team.posts, |p| p.1)].0
    };
    (d, t, job)
}

fn post(seed: u64, i: u64) -> Post {
    let mut rng = Rng::for_row(seed, TAG_POST, i);
    let (d, t, job) = pick_unit(&mut rng);
    Post {
        dir: DIRECTORATES[d].name,
        team: DIRECTORATES[d].teams[t].name,
        job,
        fte: fte_of_post(&mut rng),
    }
}

/// Share of posts vacant, by role: hardest to fill first.
fn vacancy_rate(job: usize) -> f64 {
    match job {
        IRO => 0.35,
        AMHP | SW => 0.2,
        SSW | OT => 0.15,
        AP | FSW => 0.1,
        ASYE | SCA => 0.08,
        _ => 0.05,
    }
}

struct Sizes {
    establishment: u64,
    agency: u64,
    leavers: u64,
}

fn sizes(rows: u64) -> Sizes {
    Sizes {
        establishment: (rows / 2).max(20),
        agency: (rows / 10).max(8),
        leavers: rows,
    }
}

fn post_cells(i: u64, p: &Post) -> [Cell<'static>; 6] {
    [
        Cell::Id("P", i + 1, 7),
        Cell::Text(p.dir),
        Cell::Text(p.team),
        Cell::Text(JOBS[p.job].title),
        Cell::Text(JOBS[p.job].grade),
        Cell::Num(p.fte),
    ]
}

/// The first day of the default period (the 12 months to the as-of date).
fn period_start() -> i32 {
    days_from_civil(2024, 10, 1)
}

/// Someone in post at the as-of date: a payroll row.
struct Staff {
    id: u64,
    /// The row's own streams: 2 x post for the post's holder, + 1 for
    /// someone placed over establishment against it.
    key: u64,
    post_index: u64,
    post: Post,
    fte: i64,
    start: i32,
    salary: i64,
    /// Employer pension in pence (0: opted out).
    pension: i64,
}

fn draw_staff(id: u64, key: u64, post_index: u64, post: Post, fte: i64, rng: &mut Rng) -> Staff {
    let service = staff_service_days(post.job, rng);
    let mut start = as_of() - service;
    if start < earliest() {
        // The extracts start in 2014: long servers spread over the early years.
        start = rng.between(earliest() as i64, (as_of() - 3 * 365) as i64) as i32;
    }
    let years = ((as_of() - start) / 365) as i64;
    let salary = salary(post.job, years, rng);
    let (_, pension) = on_costs(salary);
    let pension = if rng.chance(0.04) { 0 } else { pension }; // opted out
    Staff {
        id,
        key,
        post_index,
        post,
        fte,
        start,
        salary,
        pension,
    }
}

/// A Social Work England (SW) or HCPC (OT) number for the person `key`,
/// unique to them: `key` is spread over nine digits by a bijection.
fn registration(job: usize, key: u64) -> Cell<'static> {
    register_prefix(job).map_or(Cell::Blank, |p| {
        Cell::Id(
            p,
            100_000_000 + key.wrapping_mul(7_777_777) % 900_000_000,
            9,
        )
    })
}

/// The role of a job in the large extracts: the demo's, and the employer's
/// own for the two support roles.
fn synthetic_role(job: usize) -> &'static str {
    match job {
        FSW => "Family support",
        BSO => "Business support",
        _ => demo_role(job),
    }
}

/// Open cases of someone in `job` at `fte` (hundredths): the demo's ranges.
fn cases(
    dir: &'static str,
    team: &'static str,
    job: usize,
    fte: i64,
    rng: &mut Rng,
) -> Cell<'static> {
    census_cells(dir, team, job, fte, 0, rng)[0]
}

struct Synthetic {
    seed: u64,
    shape: Shape,
    n: Sizes,
}

impl Synthetic {
    /// Who holds post `i`, and who is placed over establishment against it.
    fn staff_of_post(&self, i: u64) -> [Option<Staff>; 2] {
        let p = post(self.seed, i);
        let mut rng = Rng::for_row(self.seed, TAG_PAY, i);
        let holder = (!rng.chance(vacancy_rate(p.job))).then(|| {
            // Some people work fewer hours than the post is budgeted for.
            let fte = if p.fte == 100 && rng.chance(0.1) {
                rng.pick(&[80, 60, 50])
            } else {
                p.fte
            };
            draw_staff(10_000_001 + i, 2 * i, i, p, fte, &mut rng)
        });
        // Now and then someone is placed over establishment against a post:
        // in the standard shape, when the post is filled, its holder on a
        // second contract.
        let mut extra = Rng::for_row(self.seed, TAG_EXTRA, i);
        let second = extra.chance(0.01).then(|| {
            let fte = extra.pick(&[100, 60, 50]);
            let id = match (&holder, self.shape) {
                (Some(h), Shape::Standard) => h.id,
                _ => 30_000_001 + i,
            };
            draw_staff(id, 2 * i + 1, i, p, fte, &mut extra)
        });
        [holder, second].map(|s| s.map(|s| self.edge_start(s)))
    }

    /// A few people start on the edges of the default period: the day
    /// before it, its first day, and the as-of date.
    fn edge_start(&self, mut s: Staff) -> Staff {
        let mut rng = Rng::for_row(self.seed, TAG_EDGE_STAFF, s.key);
        if rng.chance(0.004) {
            s.start = rng.pick(&[period_start() - 1, period_start(), as_of()]);
        }
        s
    }

    /// The second row of someone with two: written once in absence.
    fn is_second_contract(&self, s: &Staff) -> bool {
        s.key % 2 == 1 && s.id < 30_000_001
    }

    fn asye(&self, s: &Staff) -> bool {
        let mut rng = Rng::for_row(self.seed, TAG_ASYE, s.key);
        match s.post.job {
            ASYE => true,
            SW => as_of() - s.start < 3 * 365 && rng.chance(0.6),
            _ => false,
        }
    }

    fn staff_cells(&self, s: &Staff) -> [Cell<'static>; 16] {
        let p = &s.post;
        let (ni, _) = on_costs(s.salary);
        let mut more = Rng::for_row(self.seed, TAG_PAY_MORE, s.key);
        [
            Cell::Id("E", s.id, 8),
            Cell::Id("P", s.post_index + 1, 7),
            Cell::Text(p.dir),
            Cell::Text(self.shape.team(p.team)),
            Cell::Text(JOBS[p.job].title),
            Cell::Text(JOBS[p.job].grade),
            Cell::Num(s.fte),
            Cell::Date(s.start),
            money(s.salary * 100),
            money(ni),
            money(s.pension),
            market_supplement(p.dir, p.job).map_or(money(0), money),
            cases(p.dir, p.team, p.job, s.fte, &mut more),
            registration(p.job, s.id),
            Cell::Text(synthetic_role(p.job)),
            yes_no(self.asye(s)),
        ]
    }

    /// Leaver `j`, and its generator where the reason and exit interview
    /// are drawn (by `leaver_row`).
    fn leaver(&self, j: u64) -> (Leaver, Rng) {
        let first_leave = days_from_civil(2015, 1, 1);
        let mut rng = Rng::for_row(self.seed, TAG_LEAVER, j);
        let (d, t, job) = pick_unit(&mut rng);
        let dir = &DIRECTORATES[d];
        // Row 0 leaves on the as-of date, so that the latest date in the
        // extracts (swr's default as-of) is 30/09/2025 at any size.
        let leave = if j == 0 {
            as_of()
        } else {
            leave_date(first_leave, as_of(), &mut rng)
        };
        let mut start = leave - leaver_service_days(job, &mut rng);
        if start < earliest() {
            start = rng.between(earliest() as i64, (leave - 30) as i64) as i32;
        }
        let fte = fte_of_post(&mut rng);
        let mut l = Leaver {
            dir: dir.name,
            team: dir.teams[t].name,
            job,
            fte,
            start,
            leave,
        };
        // A few leave on the edges of the default period.
        let mut edge = Rng::for_row(self.seed, TAG_EDGE_LEAVER, j);
        if j > 0 && edge.chance(0.004) {
            l.leave = edge.pick(&[period_start() - 1, period_start(), as_of() - 1, as_of()]);
            l.start = l.start.min(l.leave - 30);
        }
        (l, rng)
    }

    fn leaver_id(j: u64) -> u64 {
        50_000_001 + j
    }

    fn leaver_asye(&self, j: u64, l: &Leaver) -> bool {
        let mut rng = Rng::for_row(self.seed, TAG_ASYE, u64::MAX - j);
        match l.job {
            ASYE => true,
            SW => l.leave - l.start < 2 * 365 && rng.chance(0.4),
            _ => false,
        }
    }

    fn gen_establishment(&self, sink: &mut dyn Sink) -> Result<(), String> {
        for i in 0..self.n.establishment {
            let mut p = post(self.seed, i);
            p.team = self.shape.team(p.team);
            if !sink.row(&post_cells(i, &p))? {
                break;
            }
        }
        Ok(())
    }

    fn gen_payroll(&self, sink: &mut dyn Sink) -> Result<(), String> {
        for i in 0..self.n.establishment {
            for s in self.staff_of_post(i).iter().flatten() {
                if !sink.row(&self.staff_cells(s))? {
                    return Ok(());
                }
            }
        }
        Ok(())
    }

    fn gen_agency(&self, sink: &mut dyn Sink) -> Result<(), String> {
        for k in 0..self.n.agency {
            let mut rng = Rng::for_row(self.seed, TAG_AGENCY, k);
            let (d, t, mut job) = pick_unit(&mut rng);
            if JOBS[job].agency.is_none() {
                job = SW;
            }
            let dir = &DIRECTORATES[d];
            let team = dir.teams[t].name;
            // Most placements are recent; a third are still running at the as-of date.
            let span = (as_of() - earliest()) as f64;
            let mut start = as_of() - (rng.f64().powi(3) * span) as i32;
            let length = 14 + (-(1.0 - rng.f64()).ln() * 200.0) as i32;
            let mut end = start + length;
            // A few start on the first day of the period or end on the as-of date.
            let mut edge = Rng::for_row(self.seed, TAG_EDGE_AGENCY, k);
            if edge.chance(0.004) {
                if edge.chance(0.5) {
                    start = period_start();
                    end = end.max(start + 14);
                } else {
                    start = start.min(as_of() - 14);
                    end = as_of();
                }
            }
            let end = if end > as_of() {
                Cell::Blank
            } else {
                Cell::Date(end)
            };
            let covering = ["vacancy", "absence", "additional"][rng.weighted(&[65, 25, 10])];
            let hours = hours_per_week(&mut rng);
            let mut more = Rng::for_row(self.seed, TAG_AGENCY_MORE, k);
            let cases = cases(dir.name, team, job, hours * 100 / 3700, &mut more);
            let row = [
                Cell::Id("AG", k + 1, 6),
                Cell::Text(dir.name),
                Cell::Text(self.shape.team(team)),
                Cell::Text(JOBS[job].title),
                Cell::Date(start),
                end,
                Cell::Num(hours),
                money(agency_rate(job, &mut rng)),
                Cell::Text(covering),
                Cell::Text(rng.pick(AGENCIES)),
                cases,
                self.placement_registration(k, job, start, &mut more),
                Cell::Text(synthetic_role(job)),
            ];
            if !sink.row(&row)? {
                break;
            }
        }
        Ok(())
    }

    /// An agency worker's registration: agencies do not always pass it on;
    /// about one in ten is someone who has since joined payroll (a starter
    /// in the period, on or after the placement's start), with that
    /// person's number; the rest a number of their own.
    fn placement_registration(
        &self,
        k: u64,
        job: usize,
        start: i32,
        rng: &mut Rng,
    ) -> Cell<'static> {
        if register_prefix(job).is_none() || rng.chance(0.08) {
            return Cell::Blank;
        }
        if rng.chance(0.12) {
            for _ in 0..8 {
                let i = rng.below(self.n.establishment);
                if let [Some(s), _] = self.staff_of_post(i) {
                    if s.start >= period_start()
                        && s.start >= start
                        && register_prefix(s.post.job).is_some()
                    {
                        return registration(s.post.job, s.id);
                    }
                }
            }
        }
        registration(job, 70_000_001 + k)
    }

    fn gen_leavers(&self, sink: &mut dyn Sink) -> Result<(), String> {
        for j in 0..self.n.leavers {
            let (l, mut rng) = self.leaver(j);
            let id = Synthetic::leaver_id(j);
            let shown = Leaver {
                team: self.shape.team(l.team),
                ..l
            };
            let row = leaver_row(Cell::Id("E", id, 8), &shown, &mut rng);
            let extra = [
                registration(l.job, id),
                Cell::Text(synthetic_role(l.job)),
                yes_no(self.leaver_asye(j, &l)),
            ];
            let mut cells = [Cell::Blank; 13];
            cells[..10].copy_from_slice(&row);
            cells[10..].copy_from_slice(&extra);
            if !sink.row(&cells)? {
                break;
            }
        }
        Ok(())
    }

    /// Sickness spells from 01/10/2023 to the as-of date of everyone in
    /// post (each person once) and of leavers who left after it, person by
    /// person, drawn as the demo's are.
    fn gen_absence(&self, sink: &mut dyn Sink) -> Result<(), String> {
        let mut full = false;
        for i in 0..self.n.establishment {
            for s in self.staff_of_post(i).iter().flatten() {
                if !self.is_second_contract(s) {
                    full |= !self.spells(s.id, s.post.dir, s.start, as_of(), sink)?;
                }
            }
            if full {
                return Ok(());
            }
        }
        for j in 0..self.n.leavers {
            let (l, _) = self.leaver(j);
            let id = Synthetic::leaver_id(j);
            if !self.spells(id, l.dir, l.start, l.leave - 1, sink)? {
                break;
            }
        }
        Ok(())
    }

    /// Writes the spells of one person at work from `start` to `last`;
    /// false when the sheet is full.
    fn spells(
        &self,
        id: u64,
        dir: &str,
        start: i32,
        last: i32,
        sink: &mut dyn Sink,
    ) -> Result<bool, String> {
        const REASONS: [(&str, u32); 6] = [
            ("Stress, anxiety and depression", 25),
            ("Musculoskeletal", 15),
            ("Cold, cough and flu", 25),
            ("Gastrointestinal", 15),
            ("Infections", 10),
            (OTHER_REASON, 10),
        ];
        let (first, as_of) = (days_from_civil(2023, 10, 1), as_of());
        let from = start.max(first);
        if last - from < 30 {
            return Ok(true);
        }
        let mut rng = Rng::for_row(self.seed, TAG_SPELLS, id);
        let rate = if dir == CSC { 1.3 } else { 0.9 };
        for (s, end, days, reason) in draw_spells(&mut rng, from, last, as_of, rate, &REASONS) {
            let row = [
                Cell::Id("E", id, 8),
                Cell::Date(s),
                end.map_or(Cell::Blank, Cell::Date),
                Cell::Num(days * 100),
                Cell::Text(self.shape.absence_reason(reason)),
            ];
            if !sink.row(&row)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// The demo's market medians, and the two support roles of the large
    /// extracts.
    fn gen_market(&self, sink: &mut dyn Sink) -> Result<(), String> {
        demo_market_rows(sink)?;
        for (job, pounds, source) in [(FSW, 28_600, LGA_SURVEY), (BSO, 25_900, REGIONAL_CLUB)] {
            sink.row(&[
                Cell::Text(JOBS[job].title),
                Cell::Text(JOBS[job].grade),
                money(pounds * 100),
                Cell::Text(source),
            ])?;
        }
        Ok(())
    }

    /// The payroll of 30/09/2024: everyone in post now who had started by
    /// then, as they were (some a grade lower, in another team, on another
    /// fte), and the leavers still in post that day.
    fn gen_earlier(&self, sink: &mut dyn Sink) -> Result<(), String> {
        let earlier = earlier_day();
        for i in 0..self.n.establishment {
            for s in self.staff_of_post(i).iter().flatten() {
                if s.start > earlier {
                    continue;
                }
                let p = &s.post;
                let mut rng = Rng::for_row(self.seed, TAG_EARLIER_STAFF, s.key);
                let years_then = ((earlier - s.start) / 365) as i64;
                let asye = self.asye(s);
                let job = match p.job {
                    SW if asye && s.start > earlier - 365 => ASYE,
                    SSW if years_then >= 2 && rng.chance(0.15) => SW,
                    AP if rng.chance(0.1) => SSW,
                    TM if rng.chance(0.1) => AP,
                    j => j,
                };
                let team = if rng.chance(0.05) {
                    other_team(p.dir, p.team, job, &mut rng).unwrap_or(p.team)
                } else {
                    p.team
                };
                let fte = if !rng.chance(0.05) {
                    s.fte
                } else if s.fte == 100 {
                    80
                } else {
                    100
                };
                let row = EarlierRow {
                    id: s.id,
                    post: (job == p.job && team == p.team).then_some(s.post_index as usize),
                    dir: p.dir,
                    team,
                    job,
                    fte,
                    start: s.start,
                    salary: salary(job, years_then, &mut rng),
                    reg: None,
                    asye,
                };
                if !sink.row(&self.earlier_cells(&row, p.job))? {
                    return Ok(());
                }
            }
        }
        for j in 0..self.n.leavers {
            let (l, _) = self.leaver(j);
            if !(l.start <= earlier && earlier < l.leave) {
                continue;
            }
            let mut rng = Rng::for_row(self.seed, TAG_EARLIER_LEAVER, j);
            let row = EarlierRow {
                id: Synthetic::leaver_id(j),
                post: None,
                dir: l.dir,
                team: l.team,
                job: l.job,
                fte: l.fte,
                start: l.start,
                salary: salary(l.job, ((earlier - l.start) / 365) as i64, &mut rng),
                reg: None,
                asye: self.leaver_asye(j, &l),
            };
            if !sink.row(&self.earlier_cells(&row, l.job))? {
                break;
            }
        }
        Ok(())
    }

    /// A row of the earlier payroll; `job_now` decides the registration
    /// (the same number as in the later extracts).
    fn earlier_cells(&self, r: &EarlierRow, job_now: usize) -> [Cell<'static>; 14] {
        let (ni, pension) = on_costs(r.salary);
        [
            Cell::Id("E", r.id, 8),
            r.post
                .map_or(Cell::Blank, |p| Cell::Id("P", p as u64 + 1, 7)),
            Cell::Text(r.dir),
            Cell::Text(self.shape.team(r.team)),
            Cell::Text(JOBS[r.job].title),
            Cell::Text(JOBS[r.job].grade),
            Cell::Num(r.fte),
            Cell::Date(r.start),
            money(r.salary * 100),
            money(ni),
            money(pension),
            market_supplement(r.dir, r.job).map_or(money(0), money),
            registration(job_now, r.id),
            yes_no(r.asye),
        ]
    }

    fn generate(&self, dataset: Dataset, sink: &mut dyn Sink) -> Result<(), String> {
        match dataset {
            Dataset::Establishment => self.gen_establishment(sink),
            Dataset::Payroll => self.gen_payroll(sink),
            Dataset::Agency => self.gen_agency(sink),
            Dataset::Leavers => self.gen_leavers(sink),
            Dataset::Absence => self.gen_absence(sink),
            Dataset::Market => self.gen_market(sink),
            Dataset::Earlier => self.gen_earlier(sink),
        }
    }
}

/// One row of the leavers extract; the reason and the exit interview are
/// drawn here.
fn leaver_row(id: Cell<'static>, l: &Leaver, rng: &mut Rng) -> [Cell<'static>; 10] {
    let Leaver {
        dir,
        team,
        job,
        fte,
        start,
        leave,
    } = *l;
    let mut reason = REASONS[rng.weighted_by(&REASONS, |r| r.1)].0;
    // Retirement after a short career is rare: make it a resignation.
    if reason.starts_with("Retirement") && leave - start < 5 * 365 {
        reason = REASONS[0].0;
    }
    [
        id,
        Cell::Text(dir),
        Cell::Text(team),
        Cell::Text(JOBS[job].title),
        Cell::Text(JOBS[job].grade),
        Cell::Num(fte),
        Cell::Date(start),
        Cell::Date(leave),
        Cell::Text(reason),
        Cell::Text(if rng.chance(0.37) { "Yes" } else { "No" }),
    ]
}

const SYNTHETIC: &str = "Synthetic Council (generated)";

fn write_csv(
    path: &Path,
    sheet: &Sheet,
    bom: bool,
    cp1252: bool,
    fill: &mut dyn FnMut(&mut dyn Sink) -> Result<(), String>,
) -> Result<u64, String> {
    let mut sink = CsvSink::create_encoded(path, sheet, bom, cp1252)?;
    fill(&mut sink)?;
    sink.finish()
}

fn write_xlsx(
    path: &Path,
    sheet: &Sheet,
    council: &str,
    fill: &mut dyn FnMut(&mut dyn Sink) -> Result<(), String>,
) -> Result<u64, String> {
    let mut workbook = new_workbook(council)?;
    let (rows, dropped) = {
        let mut sink = XlsxSink::add(&mut workbook, sheet).map_err(|e| e.to_string())?;
        fill(&mut sink)?;
        (sink.rows(), sink.dropped)
    };
    if dropped {
        eprintln!(
            "note: {}: an Excel sheet holds {} rows; below the title, blank and header rows that leaves {} data rows, \
             so the sheet was cut there ({} rows written, the rest dropped). Use CSV for more rows.",
            path.display(),
            group(EXCEL_ROWS),
            group(XLSX_MAX_DATA_ROWS),
            group(rows),
        );
    }
    workbook
        .save(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(rows)
}

/// A workbook whose creation date is the as-of date rather than now, so that
/// the same seed gives the same bytes.
fn new_workbook(council: &str) -> Result<Workbook, String> {
    let created = ExcelDateTime::from_ymd(2025, 9, 30).map_err(|e| e.to_string())?;
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_company(council)
            .set_creation_datetime(&created),
    );
    Ok(workbook)
}

/// 1234567 -> "1,234,567".
fn group(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn run_synthetic(rows: u64, seed: u64, shape: Shape, out: &Path, xlsx: bool) -> Result<(), String> {
    let synthetic = Synthetic {
        seed,
        shape,
        n: sizes(rows),
    };
    for dataset in Dataset::ALL {
        let started = Instant::now();
        let mut fill = |sink: &mut dyn Sink| synthetic.generate(dataset, sink);
        let ext = if xlsx { "xlsx" } else { "csv" };
        let path = out.join(format!("{}.{ext}", dataset.file_stem()));
        let sheet = shape.sheet(dataset);
        let written = if xlsx {
            write_xlsx(&path, &sheet, SYNTHETIC, &mut fill)?
        } else {
            let cp1252 = shape == Shape::Council;
            write_csv(&path, &sheet, shape.bom(dataset), cp1252, &mut fill)?
        };
        let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        eprintln!(
            "wrote {}: {} rows, {:.1} MB, {:.1} s",
            path.display(),
            group(written),
            bytes as f64 / 1e6,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// The demo council: about 300 posts, built post by post from the team tables.

const DEMO_COUNCIL: &str = "Fenmoor County Council";
const DEMO_SEED: u64 = 20_250_930;

struct DemoPost {
    dir: &'static str,
    team: &'static str,
    job: usize,
    fte: i64,
}

struct DemoPerson {
    post: usize,
    fte: i64,
    start: i32,
    salary: i64,
    pension_opt_out: bool,
}

#[derive(Clone, Copy)]
struct Leaver {
    dir: &'static str,
    team: &'static str,
    job: usize,
    fte: i64,
    start: i32,
    leave: i32,
}

struct DemoPlacement {
    dir: &'static str,
    team: &'static str,
    job: usize,
    start: i32,
    end: Option<i32>,
    hours: i64,
    rate: i64,
    covering: &'static str,
    agency: &'static str,
}

struct Demo {
    posts: Vec<DemoPost>,
    staff: Vec<DemoPerson>,
    /// Employee numbers of staff and leavers, given in order of start date.
    staff_ids: Vec<u64>,
    leavers: Vec<Leaver>,
    leaver_ids: Vec<u64>,
    placements: Vec<DemoPlacement>,
}

/// The unit that is slightly over establishment: all its posts filled, and
/// one more part-time social worker placed against one of them.
const OVER_TEAM: &str = "Hospital Discharge";

fn place(
    placements: &mut Vec<DemoPlacement>,
    rng: &mut Rng,
    p: &DemoPost,
    covering: &'static str,
    start: i32,
    end: Option<i32>,
) {
    let hours = if covering == "absence" && rng.chance(0.3) {
        2250
    } else {
        hours_per_week(rng).max(3000)
    };
    placements.push(DemoPlacement {
        dir: p.dir,
        team: p.team,
        job: p.job,
        start,
        end,
        hours,
        rate: agency_rate(p.job, rng),
        covering,
        agency: rng.pick(AGENCIES),
    });
}

fn build_demo(seed: u64) -> Demo {
    let mut rng = Rng::new(seed);
    let as_of = as_of();
    let mut posts = Vec::new();
    for dir in &DIRECTORATES {
        for team in dir.teams {
            for &(job, count) in team.posts {
                for _ in 0..count {
                    posts.push(DemoPost {
                        dir: dir.name,
                        team: team.name,
                        job,
                        fte: fte_of_post(&mut rng),
                    });
                }
            }
        }
    }

    // Who is in post; vacant posts are remembered for agency cover.
    let mut staff = Vec::new();
    let mut vacant = Vec::new();
    for (i, p) in posts.iter().enumerate() {
        let is_vacant = match p.job {
            IRO => true, // every permanent IRO has left; agency covers
            _ if p.team == OVER_TEAM && p.job == SW => false,
            _ => rng.chance(vacancy_rate(p.job) * 0.8),
        };
        if is_vacant {
            vacant.push(i);
            continue;
        }
        let service = staff_service_days(p.job, &mut rng);
        let start = as_of - service;
        let fte = if p.fte == 100 && rng.chance(0.1) {
            rng.pick(&[80, 60])
        } else {
            p.fte
        };
        let sal = salary(p.job, (service / 365) as i64, &mut rng);
        staff.push(DemoPerson {
            post: i,
            fte,
            start,
            salary: sal,
            pension_opt_out: rng.chance(0.04),
        });
    }
    // The over-establishment unit: one more social worker, 0.6 FTE.
    let over_post = posts
        .iter()
        .position(|p| p.team == OVER_TEAM && p.job == SW)
        .unwrap();
    staff.push(DemoPerson {
        post: over_post,
        fte: 60,
        start: as_of - 200,
        salary: 36_124,
        pension_opt_out: false,
    });

    // Two years of leavers, 01/10/2023 to 30/09/2025, about 16% a year.
    let period_start = days_from_civil(2023, 10, 1);
    let weights: Vec<u32> = posts
        .iter()
        .map(|p| match p.job {
            SW => 15,
            ASYE | AMHP => 12,
            IRO => 0,
            _ => 9,
        })
        .collect();
    let mut leavers = Vec::new();
    let n_leavers = posts.len() * 28 / 100;
    for k in 0..n_leavers {
        let p = &posts[rng.weighted(&weights)];
        let leave = if k == 0 {
            as_of
        } else {
            leave_date(period_start, as_of, &mut rng)
        };
        let start = leave - leaver_service_days(p.job, &mut rng);
        leavers.push(Leaver {
            dir: p.dir,
            team: p.team,
            job: p.job,
            fte: p.fte,
            start,
            leave,
        });
    }
    // The IROs who left (why there are none in post now).
    let iro = posts.iter().position(|p| p.job == IRO).unwrap();
    for (leave, service) in [
        (days_from_civil(2024, 3, 31), 2900),
        (days_from_civil(2024, 8, 31), 1300),
        (days_from_civil(2025, 1, 17), 610),
    ] {
        let p = &posts[iro];
        leavers.push(Leaver {
            dir: p.dir,
            team: p.team,
            job: IRO,
            fte: 100,
            start: leave - service,
            leave,
        });
    }
    leavers.sort_by_key(|l| l.leave);

    // Agency: cover for most vacancies of roles agencies supply, some absence
    // cover, a few additional workers, and placements that ended in the two years.
    let mut placements = Vec::new();
    let agency_ok = |job: usize| JOBS[job].agency.is_some() && job != SCA;
    let mut iro_covered = 0;
    for &i in &vacant {
        let p = &posts[i];
        if !agency_ok(p.job) {
            continue;
        }
        let cover = if p.job == IRO {
            iro_covered += 1;
            iro_covered <= 5
        } else {
            rng.chance(0.6)
        };
        if cover {
            let start = as_of - rng.between(20, 600) as i32;
            let end = if rng.chance(0.2) { Some(as_of) } else { None };
            place(&mut placements, &mut rng, p, "vacancy", start, end);
        }
    }
    let eligible: Vec<usize> = (0..posts.len())
        .filter(|&i| agency_ok(posts[i].job) && posts[i].job != IRO)
        .collect();
    // Every role agencies supply has someone placed at the as-of date.
    for job in [SW, SSW, AP, TM, AMHP, OT] {
        if !placements.iter().any(|a| a.job == job && a.end.is_none()) {
            let i = vacant.iter().copied().find(|&i| posts[i].job == job);
            let covering = if i.is_some() { "vacancy" } else { "absence" };
            let i = i.unwrap_or_else(|| {
                eligible
                    .iter()
                    .copied()
                    .find(|&i| posts[i].job == job)
                    .unwrap()
            });
            let start = as_of - rng.between(30, 200) as i32;
            place(&mut placements, &mut rng, &posts[i], covering, start, None);
        }
    }
    for _ in 0..7 {
        let p = &posts[rng.pick(&eligible)];
        let start = as_of - rng.between(10, 150) as i32;
        let end = if rng.chance(0.5) { Some(as_of) } else { None };
        place(&mut placements, &mut rng, p, "absence", start, end);
    }
    for _ in 0..3 {
        let p = &posts[rng.pick(&eligible)];
        let start = as_of - rng.between(30, 300) as i32;
        place(&mut placements, &mut rng, p, "additional", start, None);
    }
    for _ in 0..32 {
        let p = &posts[rng.pick(&eligible)];
        let start = rng.between((period_start - 200) as i64, (as_of - 60) as i64) as i32;
        let end = (start + rng.between(28, 300) as i32).min(as_of - 1);
        let covering = ["vacancy", "absence", "additional"][rng.weighted(&[70, 22, 8])];
        place(&mut placements, &mut rng, p, covering, start, Some(end));
    }
    placements.sort_by_key(|a| a.start);

    // Employee numbers follow start dates, as HR systems hand them out.
    let mut starts: Vec<(i32, bool, usize)> = staff
        .iter()
        .enumerate()
        .map(|(i, s)| (s.start, true, i))
        .collect();
    starts.extend(leavers.iter().enumerate().map(|(i, l)| (l.start, false, i)));
    starts.sort();
    let mut staff_ids = vec![0; staff.len()];
    let mut leaver_ids = vec![0; leavers.len()];
    let mut next = 104_000u64;
    for (_, is_staff, i) in starts {
        next += rng.between(1, 9) as u64;
        if is_staff {
            staff_ids[i] = next;
        } else {
            leaver_ids[i] = next;
        }
    }
    Demo {
        posts,
        staff,
        staff_ids,
        leavers,
        leaver_ids,
        placements,
    }
}

fn demo_rows(
    demo: &Demo,
    history: &DemoHistory,
    dataset: Dataset,
    sink: &mut dyn Sink,
) -> Result<(), String> {
    let mut rng = Rng::new(DEMO_SEED ^ 0xE1);
    match dataset {
        Dataset::Establishment => {
            for (i, p) in demo.posts.iter().enumerate() {
                let post = Post {
                    dir: p.dir,
                    team: p.team,
                    job: p.job,
                    fte: p.fte,
                };
                sink.row(&post_cells(i as u64, &post))?;
            }
        }
        Dataset::Payroll => {
            let mut order: Vec<usize> = (0..demo.staff.len()).collect();
            order.sort_by_key(|&i| (demo.staff[i].post, demo.staff_ids[i]));
            for i in order {
                let s = &demo.staff[i];
                let p = &demo.posts[s.post];
                let (ni, pension) = on_costs(s.salary);
                let row = [
                    Cell::Id("E", demo.staff_ids[i], 7),
                    Cell::Id("P", s.post as u64 + 1, 7),
                    Cell::Text(p.dir),
                    Cell::Text(p.team),
                    Cell::Text(JOBS[p.job].title),
                    Cell::Text(JOBS[p.job].grade),
                    Cell::Num(s.fte),
                    Cell::Date(s.start),
                    money(s.salary * 100),
                    money(ni),
                    money(if s.pension_opt_out { 0 } else { pension }),
                    market_supplement(p.dir, p.job).map_or(money(0), money),
                ];
                let mut extra = Rng::for_row(DEMO_SEED, TAG_DEMO_PAY, demo.staff_ids[i]);
                let mut row = row.to_vec();
                row.extend(census_cells(
                    p.dir,
                    p.team,
                    p.job,
                    s.fte,
                    demo.staff_ids[i],
                    &mut extra,
                ));
                // The registration and ASYE flag from the demo's history
                // (the same person's number in agency and payroll).
                let n = row.len();
                row[n - 2] = reg_cell(history.staff_reg[i]);
                row.push(yes_no(history.staff_asye[i]));
                sink.row(&row)?;
            }
        }
        Dataset::Agency => {
            for (k, a) in demo.placements.iter().enumerate() {
                let row = [
                    Cell::Id("AG", 31_000 + k as u64 * 13, 6),
                    Cell::Text(a.dir),
                    Cell::Text(a.team),
                    Cell::Text(JOBS[a.job].title),
                    Cell::Date(a.start),
                    a.end.map_or(Cell::Blank, Cell::Date),
                    Cell::Num(a.hours),
                    money(a.rate),
                    Cell::Text(a.covering),
                    Cell::Text(a.agency),
                ];
                let id = 31_000 + k as u64 * 13;
                let mut extra = Rng::for_row(DEMO_SEED, TAG_DEMO_AGENCY, id);
                let mut row = row.to_vec();
                // Agency FTE is hours / 37, in hundredths.
                let fte = a.hours * 100 / 3700;
                row.extend(census_cells(
                    a.dir,
                    a.team,
                    a.job,
                    fte,
                    900_000 + id,
                    &mut extra,
                ));
                let n = row.len();
                row[n - 2] = reg_cell(history.placement_reg[k]);
                sink.row(&row)?;
            }
        }
        Dataset::Leavers => {
            for (i, l) in demo.leavers.iter().enumerate() {
                let row = leaver_row(Cell::Id("E", demo.leaver_ids[i], 7), l, &mut rng);
                let mut extra = Rng::for_row(DEMO_SEED, TAG_DEMO_LEAVER, demo.leaver_ids[i]);
                let mut row = row.to_vec();
                let cells =
                    census_cells(l.dir, l.team, l.job, l.fte, demo.leaver_ids[i], &mut extra);
                // Leavers carry no cases: the registration (from the
                // history), the role and the ASYE flag.
                row.push(reg_cell(history.leaver_reg[i]));
                row.push(cells[2]);
                row.push(yes_no(history.leaver_asye[i]));
                sink.row(&row)?;
            }
        }
        Dataset::Absence => {
            for sp in demo_absence(demo) {
                let row = [
                    Cell::Id("E", sp.id, 7),
                    Cell::Date(sp.start),
                    sp.end.map_or(Cell::Blank, Cell::Date),
                    Cell::Num(sp.days * 100),
                    Cell::Text(sp.reason),
                ];
                sink.row(&row)?;
            }
        }
        // Written on their own (demo_market_rows, DemoHistory::earlier_rows).
        Dataset::Market | Dataset::Earlier => {}
    }
    Ok(())
}

const TAG_DEMO_PAY: u64 = 11;
const TAG_DEMO_AGENCY: u64 = 12;
const TAG_DEMO_LEAVER: u64 = 13;
const TAG_DEMO_ABSENCE: u64 = 14;

/// The DfE's role for a job (the census categories), or the employer's own
/// for roles outside them.
fn demo_role(job: usize) -> &'static str {
    match job {
        ASYE | SW | SSW | AMHP => "Case holder",
        AP => "Senior practitioner",
        TM => "First line manager",
        IRO => "Qualified without cases",
        OT => "Occupational therapist",
        _ => "Social care assessor",
    }
}

/// Cases held by one person (full-time numbers, in proportion to the FTE in
/// hundredths), registration number and role: the demo's census columns.
/// Children's assessment social workers carry the heaviest caseloads.
fn census_cells(
    dir: &'static str,
    team: &'static str,
    job: usize,
    fte: i64,
    id: u64,
    rng: &mut Rng,
) -> [Cell<'static>; 3] {
    let range = match job {
        ASYE => Some((8, 14)),
        SW if dir == CSC && team == "Assessment and Intervention" => Some((18, 30)),
        SW if dir == CSC => Some((14, 24)),
        SW => Some((12, 22)),
        SSW => Some((12, 20)),
        AP => Some((6, 12)),
        AMHP => Some((10, 18)),
        OT => Some((10, 20)),
        SCA => Some((15, 25)),
        _ => None,
    };
    let cases = match range {
        Some((lo, hi)) => Cell::Num((rng.between(lo, hi) * fte / 100).max(1) * 100),
        None => Cell::Num(0),
    };
    let registered = !matches!(job, OT | SCA);
    [
        cases,
        if registered {
            Cell::Id("SW", 100_000 + id % 900_000, 6)
        } else {
            Cell::Blank
        },
        Cell::Text(demo_role(job)),
    ]
}

struct Spell {
    id: u64,
    start: i32,
    end: Option<i32>,
    days: i64,
    reason: &'static str,
}

/// Monday to Friday (day 0, 1 January 1970, was a Thursday).
fn is_weekday(day: i32) -> bool {
    (day + 3).rem_euclid(7) < 5
}

/// Sickness spells of staff and leavers from 01/10/2023 to the as-of date:
/// about one and a half a year in children's services and one elsewhere,
/// most of a few days, one in ten long-term. A spell still running on the
/// as-of date has no end date and its days lost so far.
/// A person's absence spells from `from` to `last` (the as-of date, or the
/// day before they left), about `rate` a year: (start, end, working days,
/// reason). A spell still running on `last` has the days so far, and no end
/// when `last` is the as-of date. The demo and the large extracts draw them
/// alike, each with its own seed and rate.
fn draw_spells(
    rng: &mut Rng,
    from: i32,
    last: i32,
    as_of: i32,
    rate: f64,
    reasons: &[(&'static str, u32)],
) -> Vec<(i32, Option<i32>, i64, &'static str)> {
    let years = (last - from) as f64 / 365.0;
    let n = (0..6).filter(|_| rng.chance(rate * years / 6.0)).count();
    let mut out = Vec::new();
    for _ in 0..n {
        let mut s = rng.between(from as i64, last as i64) as i32;
        while !is_weekday(s) {
            s += 1;
        }
        if s > last {
            continue;
        }
        let days = match rng.weighted(&[70, 20, 10]) {
            0 => rng.between(1, 3),
            1 => rng.between(4, 10),
            _ => rng.between(20, 60),
        };
        let (mut e, mut k) = (s, 1);
        while k < days {
            e += 1;
            if is_weekday(e) {
                k += 1;
            }
        }
        let (end, days) = if e > last {
            // Still off on the as-of date (or the leaving date): the days so far.
            let so_far = (s..=last).filter(|d| is_weekday(*d)).count() as i64;
            (if last == as_of { None } else { Some(last) }, so_far)
        } else {
            (Some(e), days)
        };
        out.push((s, end, days, reasons[rng.weighted_by(reasons, |r| r.1)].0));
    }
    out
}

fn demo_absence(demo: &Demo) -> Vec<Spell> {
    const REASONS: [(&str, u32); 6] = [
        ("Stress, anxiety and depression", 25),
        ("Musculoskeletal", 15),
        ("Cold, cough and flu", 25),
        ("Gastrointestinal", 15),
        ("Infections", 10),
        ("Other", 10),
    ];
    let (first, as_of) = (days_from_civil(2023, 10, 1), as_of());
    let mut people: Vec<(u64, &str, i32, i32)> = demo
        .staff
        .iter()
        .enumerate()
        .map(|(i, s)| (demo.staff_ids[i], demo.posts[s.post].dir, s.start, as_of))
        .collect();
    people.extend(
        demo.leavers
            .iter()
            .enumerate()
            .map(|(i, l)| (demo.leaver_ids[i], l.dir, l.start, l.leave - 1)),
    );
    let mut spells = Vec::new();
    for (id, dir, start, last) in people {
        let from = start.max(first);
        if last - from < 30 {
            continue;
        }
        let mut rng = Rng::for_row(DEMO_SEED, TAG_DEMO_ABSENCE, id);
        let rate = if dir == CSC { 1.5 } else { 1.0 };
        for (start, end, days, reason) in draw_spells(&mut rng, from, last, as_of, rate, &REASONS) {
            spells.push(Spell {
                id,
                start,
                end,
                days,
                reason,
            });
        }
    }
    spells.sort_by_key(|sp| (sp.start, sp.id));
    spells
}

fn run_demo(out: &Path) -> Result<(), String> {
    let demo = build_demo(DEMO_SEED);
    let history = build_history(&demo);
    for dataset in Dataset::DEMO {
        let path = out.join(format!("{}.csv", dataset.file_stem()));
        let mut sink = CsvSink::create(&path, &dataset.demo_sheet(DEMO_COUNCIL), dataset.bom())?;
        demo_rows(&demo, &history, dataset, &mut sink)?;
        let rows = sink.finish()?;
        eprintln!(
            "wrote {}: {} rows",
            out.join(format!("{}.csv", dataset.file_stem())).display(),
            rows
        );
    }
    write_demo_market_csv(out)?;
    let path = out.join(format!("{EARLIER_STEM}.csv"));
    let mut sink = CsvSink::create(&path, &earlier_sheet(), true)?;
    history.earlier_rows(&mut sink)?;
    eprintln!("wrote {}: {} rows", path.display(), sink.finish()?);
    let path = out.join("council.xlsx");
    let mut workbook = new_workbook(DEMO_COUNCIL)?;
    for dataset in Dataset::DEMO {
        let mut sink = XlsxSink::add(&mut workbook, &dataset.demo_sheet(DEMO_COUNCIL))
            .map_err(|e| e.to_string())?;
        demo_rows(&demo, &history, dataset, &mut sink)?;
    }
    add_demo_market_sheet(&mut workbook)?;
    let mut sink = XlsxSink::add(&mut workbook, &earlier_sheet()).map_err(|e| e.to_string())?;
    history.earlier_rows(&mut sink)?;
    workbook
        .save(&path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    eprintln!("wrote {}", path.display());
    demo_summary(&demo);
    history_summary(&demo, &history);
    Ok(())
}

// ---------------------------------------------------------------------------
// The demo's market pay extract (for `swr pay`): market median salaries by
// job title and grade from two made-up surveys, and one by job title alone.
// Social Care Assessors have no market figure, so the report shows N/A.

const MARKET_HEADERS: &[&str] = &["Job Title", "Grade", "Market Median Salary", "Source"];

const LGA_SURVEY: &str = "LGA social work pay survey 2025";
const REGIONAL_CLUB: &str = "East of England benchmarking club 2025";

/// (job, by grade too, market median in pounds, source)
const DEMO_MARKET: [(usize, bool, i64, &str); 8] = [
    (ASYE, true, 33_200, LGA_SURVEY),
    (SW, true, 40_100, LGA_SURVEY),
    (SSW, true, 46_500, LGA_SURVEY),
    (AP, true, 49_500, LGA_SURVEY),
    (TM, true, 57_000, LGA_SURVEY),
    (IRO, false, 50_000, REGIONAL_CLUB),
    (AMHP, true, 48_800, REGIONAL_CLUB),
    (OT, true, 39_500, REGIONAL_CLUB),
];

fn demo_market_sheet() -> Sheet {
    Sheet {
        name: "Market",
        title: format!("{DEMO_COUNCIL} - Market pay benchmarks 2025"),
        headers: MARKET_HEADERS,
    }
}

fn demo_market_rows(sink: &mut dyn Sink) -> Result<(), String> {
    for (job, by_grade, pounds, source) in DEMO_MARKET {
        sink.row(&[
            Cell::Text(JOBS[job].title),
            if by_grade {
                Cell::Text(JOBS[job].grade)
            } else {
                Cell::Blank
            },
            money(pounds * 100),
            Cell::Text(source),
        ])?;
    }
    Ok(())
}

fn write_demo_market_csv(out: &Path) -> Result<(), String> {
    let path = out.join("market.csv");
    let mut sink = CsvSink::create(&path, &demo_market_sheet(), false)?;
    demo_market_rows(&mut sink)?;
    let rows = sink.finish()?;
    eprintln!("wrote {}: {} rows", path.display(), rows);
    Ok(())
}

fn add_demo_market_sheet(workbook: &mut Workbook) -> Result<(), String> {
    let mut sink = XlsxSink::add(workbook, &demo_market_sheet()).map_err(|e| e.to_string())?;
    demo_market_rows(&mut sink)
}

/// What the demo holds, checked against what it is meant to show.
fn demo_summary(demo: &Demo) {
    let as_of = as_of();
    let mut units: Vec<(&str, &str, usize)> =
        demo.posts.iter().map(|p| (p.dir, p.team, p.job)).collect();
    units.dedup();
    let mut teams_with_vacancy = std::collections::BTreeSet::new();
    let mut over = Vec::new();
    let (mut est, mut inpost) = (0i64, 0i64);
    for &(dir, team, job) in &units {
        let e: i64 = demo
            .posts
            .iter()
            .filter(|p| (p.dir, p.team, p.job) == (dir, team, job))
            .map(|p| p.fte)
            .sum();
        let s: i64 = demo
            .staff
            .iter()
            .filter(|s| {
                let p = &demo.posts[s.post];
                (p.dir, p.team, p.job) == (dir, team, job)
            })
            .map(|s| s.fte)
            .sum();
        est += e;
        inpost += s;
        if s < e {
            teams_with_vacancy.insert((dir, team));
        }
        if s > e {
            over.push(format!(
                "{dir} / {team} / {} (+{:.2} FTE)",
                JOBS[job].title,
                (s - e) as f64 / 100.0
            ));
        }
    }
    let teams: std::collections::BTreeSet<_> = units.iter().map(|u| (u.0, u.1)).collect();
    let active = demo
        .placements
        .iter()
        .filter(|a| a.start <= as_of && a.end.is_none_or(|e| e >= as_of))
        .count();
    eprintln!(
        "demo: {} posts ({:.1} FTE), {} staff ({:.1} FTE), {} of {} teams with vacancies, over establishment: {}; \
         {} placements ({} active at 30/09/2025), {} leavers",
        demo.posts.len(),
        est as f64 / 100.0,
        demo.staff.len(),
        inpost as f64 / 100.0,
        teams_with_vacancy.len(),
        teams.len(),
        if over.is_empty() { "none".to_string() } else { over.join(", ") },
        demo.placements.len(),
        active,
        demo.leavers.len()
    );
}

// ---------------------------------------------------------------------------
// The demo council over time (issue 11): registrations, ASYE flags, agency
// workers who joined payroll, and an earlier payroll snapshot. Drawn after
// the demo is built, from their own seed, so nothing else in it moves; the
// extra columns come last in each extract.

const HISTORY_SEED: u64 = DEMO_SEED ^ 0x11;

/// The earlier snapshot: staff in post a year before the as-of date.
const EARLIER_STEM: &str = "payroll_2024";

fn earlier_day() -> i32 {
    days_from_civil(2024, 9, 30)
}

/// Demo headers: the extract's own, then the columns added over time.
/// The earlier snapshot came out of the payroll system before its upgrade,
/// with its old column names.
const EARLIER_HEADERS: &[&str] = &[
    "Staff Number",
    "Post Number",
    "Directorate",
    "Team Name",
    "Job Title",
    "Pay Grade",
    "FTE",
    "Start Date",
    "Annual Salary",
    "Employers NI",
    "Employers Pension",
    "Market Supplement",
    "SWE Number",
    "ASYE",
];

fn earlier_sheet() -> Sheet {
    Sheet {
        name: "Payroll 2024",
        title: format!("{DEMO_COUNCIL} - Staff in post at 30/09/2024"),
        headers: EARLIER_HEADERS,
    }
}

/// A Social Work England (SW) or HCPC occupational therapist (OT) number.
#[derive(Clone, Copy, PartialEq)]
struct Registration(&'static str, u64);

impl Registration {
    fn cell(self) -> Cell<'static> {
        Cell::Id(self.0, self.1, 6)
    }
}

fn reg_cell(r: Option<Registration>) -> Cell<'static> {
    r.map_or(Cell::Blank, Registration::cell)
}

fn yes_no(b: bool) -> Cell<'static> {
    Cell::Text(if b { "Yes" } else { "No" })
}

/// One person in post on the earlier day, as the earlier payroll shows them.
struct EarlierRow {
    id: u64,
    /// Their post then, when it is the one they hold now.
    post: Option<usize>,
    dir: &'static str,
    team: &'static str,
    job: usize,
    fte: i64,
    start: i32,
    salary: i64,
    reg: Option<Registration>,
    asye: bool,
}

struct DemoHistory {
    staff_reg: Vec<Option<Registration>>,
    staff_asye: Vec<bool>,
    leaver_reg: Vec<Option<Registration>>,
    leaver_asye: Vec<bool>,
    placement_reg: Vec<Option<Registration>>,
    /// Staff who came from an agency placement: (staff, placement).
    conversions: Vec<(usize, usize)>,
    earlier: Vec<EarlierRow>,
}

impl DemoHistory {
    fn earlier_rows(&self, sink: &mut dyn Sink) -> Result<(), String> {
        for r in &self.earlier {
            let (ni, pension) = on_costs(r.salary);
            sink.row(&[
                Cell::Id("E", r.id, 7),
                r.post
                    .map_or(Cell::Blank, |p| Cell::Id("P", p as u64 + 1, 7)),
                Cell::Text(r.dir),
                Cell::Text(r.team),
                Cell::Text(JOBS[r.job].title),
                Cell::Text(JOBS[r.job].grade),
                Cell::Num(r.fte),
                Cell::Date(r.start),
                money(r.salary * 100),
                money(ni),
                money(pension),
                market_supplement(r.dir, r.job).map_or(money(0), money),
                reg_cell(r.reg),
                yes_no(r.asye),
            ])?;
        }
        Ok(())
    }
}

/// Who registers with whom: social workers with Social Work England,
/// occupational therapists with the HCPC; assessors with neither.
fn register_prefix(job: usize) -> Option<&'static str> {
    match job {
        OT => Some("OT"),
        SCA | FSW | BSO => None,
        _ => Some("SW"),
    }
}

/// Another team of the directorate with posts of `job`, if there is one.
fn other_team(dir: &str, team: &str, job: usize, rng: &mut Rng) -> Option<&'static str> {
    let d = DIRECTORATES.iter().find(|d| d.name == dir)?;
    let teams: Vec<&'static str> = d
        .teams
        .iter()
        .filter(|t| t.name != team && t.posts.iter().any(|&(j, _)| j == job))
        .map(|t| t.name)
        .collect();
    (!teams.is_empty()).then(|| rng.pick(&teams))
}

fn build_history(demo: &Demo) -> DemoHistory {
    let mut rng = Rng::new(HISTORY_SEED);
    let as_of = as_of();
    let earlier = earlier_day();
    let mut next_reg = 401_000u64;
    let mut fresh = |job: usize, rng: &mut Rng| {
        register_prefix(job).map(|p| {
            next_reg += rng.between(1, 40) as u64;
            Registration(p, next_reg)
        })
    };
    // ASYE: those on it now, and social workers who joined newly qualified
    // in the last three years (most of them) and have since completed it.
    let staff_asye: Vec<bool> = demo
        .staff
        .iter()
        .map(|s| match demo.posts[s.post].job {
            ASYE => true,
            SW => as_of - s.start < 3 * 365 && rng.chance(0.6),
            _ => false,
        })
        .collect();
    let leaver_asye: Vec<bool> = demo
        .leavers
        .iter()
        .map(|l| match l.job {
            ASYE => true,
            SW => l.leave - l.start < 2 * 365 && rng.chance(0.4),
            _ => false,
        })
        .collect();
    let staff_reg: Vec<Option<Registration>> = demo
        .staff
        .iter()
        .map(|s| fresh(demo.posts[s.post].job, &mut rng))
        .collect();
    let leaver_reg: Vec<Option<Registration>> = demo
        .leavers
        .iter()
        .map(|l| fresh(l.job, &mut rng))
        .collect();

    // Agency workers who joined: a placement that ended shortly before a
    // staff member of the same directorate and role started (never before
    // the placement began) is that person, most of the time.
    let mut placement_reg: Vec<Option<Registration>> = vec![None; demo.placements.len()];
    let mut conversions = Vec::new();
    let mut taken = vec![false; demo.staff.len()];
    for (k, a) in demo.placements.iter().enumerate() {
        let joined = a.end.filter(|&e| e < as_of).and_then(|e| {
            (0..demo.staff.len()).find(|&i| {
                let s = &demo.staff[i];
                let p = &demo.posts[s.post];
                !taken[i]
                    && p.dir == a.dir
                    && p.job == a.job
                    && s.start >= a.start
                    && s.start > e - 30
                    && s.start <= e + 90
            })
        });
        match joined {
            Some(i) if rng.chance(0.5) => {
                taken[i] = true;
                placement_reg[k] = staff_reg[i];
                conversions.push((i, k));
            }
            // Agencies do not always pass the number on.
            _ if rng.chance(0.08) => {}
            _ => placement_reg[k] = fresh(a.job, &mut rng),
        }
    }

    // The earlier snapshot: staff who had started by then, as they were
    // (some a grade lower, in another team, on another fte), and leavers
    // still in post that day.
    let mut rows = Vec::new();
    for (i, s) in demo.staff.iter().enumerate() {
        if s.start > earlier {
            continue;
        }
        let p = &demo.posts[s.post];
        let years_then = ((earlier - s.start) / 365) as i64;
        let job = match p.job {
            SW if staff_asye[i] && s.start > earlier - 365 => ASYE,
            SSW if years_then >= 2 && rng.chance(0.15) => SW,
            AP if rng.chance(0.1) => SSW,
            TM if rng.chance(0.1) => AP,
            j => j,
        };
        let team = if rng.chance(0.05) {
            other_team(p.dir, p.team, job, &mut rng).unwrap_or(p.team)
        } else {
            p.team
        };
        let fte = if rng.chance(0.05) {
            if s.fte == 100 {
                80
            } else {
                100
            }
        } else {
            s.fte
        };
        rows.push(EarlierRow {
            id: demo.staff_ids[i],
            post: (job == p.job && team == p.team).then_some(s.post),
            dir: p.dir,
            team,
            job,
            fte,
            start: s.start,
            salary: salary(job, years_then, &mut rng),
            reg: staff_reg[i],
            asye: staff_asye[i],
        });
    }
    for (i, l) in demo.leavers.iter().enumerate() {
        if l.start <= earlier && earlier < l.leave {
            rows.push(EarlierRow {
                id: demo.leaver_ids[i],
                post: None,
                dir: l.dir,
                team: l.team,
                job: l.job,
                fte: l.fte,
                start: l.start,
                salary: salary(l.job, ((earlier - l.start) / 365) as i64, &mut rng),
                reg: leaver_reg[i],
                asye: leaver_asye[i],
            });
        }
    }
    // Sorted by employee number, as the old system listed them.
    rows.sort_by_key(|r| r.id);
    DemoHistory {
        staff_reg,
        staff_asye,
        leaver_reg,
        leaver_asye,
        placement_reg,
        conversions,
        earlier: rows,
    }
}

fn history_summary(demo: &Demo, h: &DemoHistory) {
    let year_ago = earlier_day();
    let recent = h
        .conversions
        .iter()
        .filter(|&&(i, _)| demo.staff[i].start > year_ago)
        .count();
    let promoted = h
        .earlier
        .iter()
        .filter(|r| {
            demo.staff_ids
                .iter()
                .position(|&id| id == r.id)
                .is_some_and(|i| demo.posts[demo.staff[i].post].job != r.job)
        })
        .count();
    eprintln!(
        "history: {} ASYE flags on staff, {} on leavers; {} agency workers joined payroll ({} in the last year); \
         {} in post at 30/09/2024 ({} in another role then)",
        h.staff_asye.iter().filter(|b| **b).count(),
        h.leaver_asye.iter().filter(|b| **b).count(),
        h.conversions.len(),
        recent,
        h.earlier.len(),
        promoted
    );
}

// ---------------------------------------------------------------------------

const USAGE: &str = "\
Synthetic HR extracts for swr.

usage:
  cargo run --release --example generate -- --rows N --out DIR [--shape S] [--xlsx] [--seed S]
  cargo run --release --example generate -- --demo [--out DIR]

  --rows N    leaver rows (establishment and payroll get about N/2, agency N/10,
              absence about N, payroll_2024 about N/2)
  --out DIR   folder to write establishment, payroll, agency, leavers, absence,
              market and payroll_2024 into (created if missing; default for
              --demo: examples/demo)
  --shape S   standard (default: the demo's headers, UTF-8) or council (council
              headers, Windows-1252, every row its own employee number)
  --xlsx      write <dataset>.xlsx workbooks instead of CSV (at most 1,048,573
              data rows a sheet, below a title row and a blank row)
  --seed S    seed of the generator (default 42); the same seed gives the same files
  --demo      the demo council: four CSV files and council.xlsx";

fn parse_count(s: &str) -> Result<u64, String> {
    let digits: String = s.chars().filter(|c| *c != '_' && *c != ',').collect();
    digits
        .parse()
        .map_err(|_| format!("expected a whole number, got `{s}`"))
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (mut rows, mut out, mut xlsx, mut seed, mut demo) = (None, None, false, 42u64, false);
    let mut shape = Shape::Standard;
    let result = (|| -> Result<(), String> {
        while let Some(a) = args.next() {
            let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
            match a.as_str() {
                "--rows" => rows = Some(parse_count(&value("--rows")?)?),
                "--out" => out = Some(PathBuf::from(value("--out")?)),
                "--seed" => seed = parse_count(&value("--seed")?)?,
                "--shape" => shape = Shape::parse(&value("--shape")?)?,
                "--xlsx" => xlsx = true,
                "--demo" => demo = true,
                "-h" | "--help" => {
                    println!("{USAGE}");
                    return Ok(());
                }
                other => return Err(format!("unknown argument `{other}`\n\n{USAGE}")),
            }
        }
        if demo {
            let out = out.take().unwrap_or_else(|| PathBuf::from("examples/demo"));
            std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
            return run_demo(&out);
        }
        let rows = rows.ok_or(format!("--rows is required\n\n{USAGE}"))?;
        let out = out.take().ok_or(format!("--out is required\n\n{USAGE}"))?;
        std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
        run_synthetic(rows, seed, shape, &out, xlsx)
    })();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(io::stderr(), "generate: {e}");
            ExitCode::from(2)
        }
    }
}
