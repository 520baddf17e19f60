//! Small random councils: the proptest strategies that make them, and the
//! extracts (tables of typed cells) they are written as.
//!
//! A council is made from raw choices (indexes, day offsets) by `build`, so
//! that proptest shrinks the choices (fewer people, fewer posts, earlier
//! alternatives) and every shrunk value is still a valid council.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use proptest::prelude::*;
use proptest::sample::Index;
use std::collections::BTreeMap;
use std::fmt;

/// The as-of date of every run, and the period: the 12 months ending on it
/// (it holds 29 February 2024: 254 working days).
pub fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 9, 30).unwrap()
}
pub fn period_start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 10, 1).unwrap()
}
pub const PERIOD: &str = "2023-10-01..2024-09-30";
pub const AS_OF: &str = "2024-09-30";

pub const DIRECTORATES: [&str; 3] = ["Children’s Social Care", "Adult Services", "Mental Health"];
pub const TEAMS: [&str; 5] = [
    "Assessment",
    "Child Protection",
    "Locality North",
    "Hospital Team",
    "Crisis Resolution",
];
pub const JOBS: [&str; 4] = [
    "Social Worker",
    "Senior Social Worker",
    "Team Manager",
    "Occupational Therapist",
];
pub const GRADES: [&str; 3] = ["Grade 8", "Grade 9", "Grade 10"];
pub const FTES: [&str; 6] = ["1", "0.5", "0.4", "0.6", "0.8", "1"];
pub const REASONS: [&str; 4] = [
    "Resignation",
    "Retirement",
    "End of contract",
    "Career progression",
];
pub const ABSENCE_REASONS: [&str; 3] = ["Stress", "Musculoskeletal", "Cold and flu"];
pub const ROLES: [&str; 6] = [
    "Senior manager",
    "Middle manager",
    "First line manager",
    "Senior practitioner",
    "Case holder",
    "Qualified without cases",
];
pub const RATES: [&str; 4] = ["30.00", "32.50", "40.00", "45.25"];
pub const HOURS: [&str; 4] = ["37", "22.5", "30", "37"];
pub const COVERING: [&str; 3] = ["vacancy", "absence", "additional"];

/// A day relative to the period: its edges, or an offset before, inside or
/// after it. Shrinks towards the day before the period.
#[derive(Clone, Debug)]
pub enum Day {
    /// 0: the day before the period, 1: its first day, 2: the day after,
    /// 3: the day before the as-of date, 4: the as-of date, 5: the day after.
    Edge(u8),
    Before(u16),
    Inside(u16),
    After(u16),
}

impl Day {
    pub fn date(&self) -> NaiveDate {
        let s = period_start();
        let e = as_of();
        match *self {
            Day::Edge(i) => [
                s - Duration::days(1),
                s,
                s + Duration::days(1),
                e - Duration::days(1),
                e,
                e + Duration::days(1),
            ][i as usize % 6],
            Day::Before(d) => s - Duration::days(d as i64),
            Day::Inside(d) => s + Duration::days(d as i64 % 366),
            Day::After(d) => e + Duration::days(d as i64),
        }
    }
}

fn day(before_max: u16) -> impl Strategy<Value = Day> {
    prop_oneof![
        3 => (0u8..6).prop_map(Day::Edge),
        3 => (1u16..before_max).prop_map(Day::Before),
        3 => (0u16..366).prop_map(Day::Inside),
        1 => (1u16..120).prop_map(Day::After),
    ]
}

/// A start: mostly years back (so every band of service is met), some in
/// the period, a few after the as-of date (planned starters).
fn start_day() -> impl Strategy<Value = Day> {
    prop_oneof![
        2 => (0u8..6).prop_map(Day::Edge),
        6 => (1u16..4500).prop_map(Day::Before),
        3 => (0u16..366).prop_map(Day::Inside),
        1 => (1u16..60).prop_map(Day::After),
    ]
}

/// A leave date: mostly in the period, on its edges, some before it, rarely
/// after the as-of date.
fn leave_day() -> impl Strategy<Value = Day> {
    prop_oneof![
        3 => (0u8..6).prop_map(Day::Edge),
        1 => (1u16..500).prop_map(Day::Before),
        5 => (0u16..366).prop_map(Day::Inside),
        1 => (1u16..30).prop_map(Day::After),
    ]
}

/// Cases held: none for a quarter of posts (a post without cases), else 1 to 25.
fn cases() -> impl Strategy<Value = u8> {
    prop_oneof![1 => Just(0u8), 3 => 1u8..26]
}

#[derive(Clone, Debug)]
pub struct PostSpec {
    team: u8,
    job: u8,
    grade: u8,
    fte: u8,
    start: Day,
    leave: Option<Day>,
    salary: u8,
    supplement: u8,
    cases: u8,
    est: u8,
    earlier: u8,
}

fn post() -> impl Strategy<Value = PostSpec> {
    (
        (0u8..5, 0u8..4, 0u8..3, 0u8..6),
        start_day(),
        prop::option::weighted(0.35, leave_day()),
        (0u8..40, 0u8..5, cases(), any::<u8>(), 0u8..14),
    )
        .prop_map(
            |((team, job, grade, fte), start, leave, (salary, supplement, cases, est, earlier))| {
                PostSpec {
                    team,
                    job,
                    grade,
                    fte,
                    start,
                    leave,
                    salary,
                    supplement,
                    cases,
                    est,
                    earlier,
                }
            },
        )
}

#[derive(Clone, Debug)]
pub struct PersonSpec {
    posts: Vec<PostSpec>,
    reg: u8,
    role: u8,
    asye: bool,
    reason: u8,
    exit: bool,
}

fn person() -> impl Strategy<Value = PersonSpec> {
    (
        prop::collection::vec(post(), 1..=3),
        (0u8..5, 0u8..6, any::<bool>(), 0u8..4, any::<bool>()),
    )
        .prop_map(|(posts, (reg, role, asye, reason, exit))| PersonSpec {
            posts,
            reg,
            role,
            asye,
            reason,
            exit,
        })
}

#[derive(Clone, Debug)]
pub struct EstSpec {
    /// Some(k): the unit of the k-th post (mod the posts); None: `unit`.
    copy: Option<u8>,
    unit: (u8, u8, u8),
    fte: u8,
}

fn est() -> impl Strategy<Value = EstSpec> {
    (
        prop::option::weighted(0.7, any::<u8>()),
        (0u8..5, 0u8..4, 0u8..3),
        0u8..6,
    )
        .prop_map(|(copy, unit, fte)| EstSpec { copy, unit, fte })
}

#[derive(Clone, Debug)]
pub struct AgencySpec {
    unit: (u8, u8, u8),
    worker: u8,
    start: Day,
    end: Option<Day>,
    rate: u8,
    hours: u8,
    covering: u8,
    cases: u8,
}

fn agency() -> impl Strategy<Value = AgencySpec> {
    (
        (0u8..5, 0u8..4, 0u8..3),
        0u8..8,
        day(900),
        prop::option::weighted(0.7, day(300)),
        (0u8..4, 0u8..4, 0u8..3, cases()),
    )
        .prop_map(
            |(unit, worker, start, end, (rate, hours, covering, cases))| AgencySpec {
                unit,
                worker,
                start,
                end,
                rate,
                hours,
                covering,
                cases,
            },
        )
}

#[derive(Clone, Debug)]
pub struct AbsenceSpec {
    /// The person (mod the people), or someone in neither payroll nor leavers.
    person: u8,
    unknown: bool,
    start: Day,
    days: u8,
    open: bool,
    reason: u8,
}

fn absence() -> impl Strategy<Value = AbsenceSpec> {
    (
        any::<u8>(),
        prop::bool::weighted(0.08),
        day(200),
        1u8..40,
        prop::bool::weighted(0.1),
        0u8..3,
    )
        .prop_map(|(person, unknown, start, days, open, reason)| AbsenceSpec {
            person,
            unknown,
            start,
            days,
            open,
            reason,
        })
}

#[derive(Clone, Debug)]
pub struct CouncilSpec {
    dirs: u8,
    teams: u8,
    team_dir: Vec<u8>,
    jobs: u8,
    grades: u8,
    people: Vec<PersonSpec>,
    est: Vec<EstSpec>,
    post_id: bool,
    agency: Vec<AgencySpec>,
    worker_regs: Vec<u8>,
    absence: Vec<AbsenceSpec>,
    fte_days_lost: bool,
    market: Vec<u8>,
    incentive: (u8, u8, bool, u8),
}

pub fn council_spec() -> impl Strategy<Value = CouncilSpec> {
    (
        (
            2u8..=3,
            3u8..=5,
            prop::collection::vec(0u8..3, 5),
            2u8..=4,
            2u8..=3,
        ),
        prop::collection::vec(person(), 5..=25),
        (prop::collection::vec(est(), 3..=12), any::<bool>()),
        (
            prop::collection::vec(agency(), 0..=8),
            prop::collection::vec(0u8..8, 8),
        ),
        (prop::collection::vec(absence(), 0..=12), any::<bool>()),
        prop::collection::vec(0u8..12, 12),
        (0u8..3, 0u8..3, any::<bool>(), 0u8..4),
    )
        .prop_map(
            |(
                (dirs, teams, team_dir, jobs, grades),
                people,
                (est, post_id),
                (agency, worker_regs),
                (absence, fte_days_lost),
                market,
                incentive,
            )| CouncilSpec {
                dirs,
                teams,
                team_dir,
                jobs,
                grades,
                people,
                est,
                post_id,
                agency,
                worker_regs,
                absence,
                fte_days_lost,
                market,
                incentive,
            },
        )
}

/// A random valid council.
pub fn council() -> impl Strategy<Value = Council> {
    council_spec().prop_map(|s| build(&s))
}

// ---------------------------------------------------------------------------
// Extracts: tables of typed cells

#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Num(String),
    Date(NaiveDate),
    Blank,
}

impl Cell {
    pub fn text(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
    pub fn num(s: impl ToString) -> Cell {
        Cell::Num(s.to_string())
    }
    pub fn as_date(&self) -> Option<NaiveDate> {
        match self {
            Cell::Date(d) => Some(*d),
            _ => None,
        }
    }
    pub fn as_str(&self) -> String {
        match self {
            Cell::Text(s) | Cell::Num(s) => s.clone(),
            Cell::Date(d) => d.format("%d/%m/%Y").to_string(),
            Cell::Blank => String::new(),
        }
    }
}

#[derive(Clone, PartialEq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn new(header: &[&str]) -> Table {
        Table {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }
    pub fn col(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }
    pub fn get(&self, row: usize, name: &str) -> &Cell {
        &self.rows[row][self.col(name).unwrap_or_else(|| panic!("no column {name}"))]
    }
    pub fn set(&mut self, row: usize, name: &str, cell: Cell) {
        let c = self.col(name).unwrap_or_else(|| panic!("no column {name}"));
        self.rows[row][c] = cell;
    }
    pub fn date(&self, row: usize, name: &str) -> Option<NaiveDate> {
        self.col(name).and_then(|c| self.rows[row][c].as_date())
    }
    /// The CSV text, with the given separator.
    pub fn csv(&self, sep: u8) -> String {
        let mut w = csv::WriterBuilder::new()
            .delimiter(sep)
            .from_writer(Vec::new());
        w.write_record(&self.header).unwrap();
        for r in &self.rows {
            w.write_record(r.iter().map(Cell::as_str)).unwrap();
        }
        String::from_utf8(w.into_inner().unwrap()).unwrap()
    }
}

impl fmt::Debug for Table {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}", self.csv(b','))
    }
}

/// The datasets, in the order they are written.
pub const DATASETS: [&str; 6] = [
    "establishment",
    "payroll",
    "agency",
    "leavers",
    "absence",
    "market",
];

/// A council's extracts as written: one table per dataset, the earlier
/// payroll (for `swr movements --from`), and swr.toml.
#[derive(Clone)]
pub struct Council {
    pub tables: BTreeMap<&'static str, Table>,
    pub earlier: Table,
    pub toml: String,
}

impl Council {
    pub fn t(&self, name: &str) -> &Table {
        &self.tables[name]
    }
    pub fn t_mut(&mut self, name: &str) -> &mut Table {
        self.tables.get_mut(name).unwrap()
    }
    /// A table by name, `earlier` being the earlier payroll.
    pub fn table(&self, name: &str) -> &Table {
        if name == "earlier" {
            &self.earlier
        } else {
            &self.tables[name]
        }
    }
    pub fn table_mut(&mut self, name: &str) -> &mut Table {
        if name == "earlier" {
            &mut self.earlier
        } else {
            self.tables.get_mut(name).unwrap()
        }
    }
}

impl fmt::Debug for Council {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        writeln!(f, "Council (as of {AS_OF}, period {PERIOD}):")?;
        for name in DATASETS {
            writeln!(f, "--- {name}.csv\n{}", self.tables[name].csv(b','))?;
        }
        writeln!(f, "--- earlier.csv (--from)\n{}", self.earlier.csv(b','))?;
        writeln!(f, "--- swr.toml\n{}", self.toml)
    }
}

pub const PAYROLL_HEADER: [&str; 19] = [
    "employee_id",
    "post_id",
    "directorate",
    "team",
    "job_title",
    "grade",
    "fte",
    "start_date",
    "salary",
    "employer_ni",
    "employer_pension",
    "market_supplement",
    "cases",
    "registration",
    "role",
    "asye",
    // not read by any figure: kept to make the column shuffle wider
    "contract",
    "car_allowance",
    "other_allowances",
];

/// Number of weekdays from `a` to `b`, both included.
pub fn weekdays(a: NaiveDate, b: NaiveDate) -> i64 {
    let mut n = 0;
    let mut d = a;
    while d <= b {
        if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            n += 1;
        }
        d += Duration::days(1);
    }
    n
}

struct Post {
    id: String,
    dir: usize,
    team: usize,
    job: usize,
    grade: usize,
    fte: &'static str,
    start: NaiveDate,
    leave: Option<NaiveDate>,
    spec: PostSpec,
    post_id: Option<String>,
}

/// The council the choices describe.
pub fn build(s: &CouncilSpec) -> Council {
    let ndir = s.dirs as usize;
    let nteam = s.teams as usize;
    let njob = s.jobs as usize;
    let ngrade = s.grades as usize;
    // Team i < ndir is in directorate i, so every directorate has a team.
    let team_dir = |t: usize| {
        if t < ndir {
            t
        } else {
            s.team_dir[t] as usize % ndir
        }
    };
    let unit = |(t, j, g): (u8, u8, u8)| {
        let t = t as usize % nteam;
        (team_dir(t), t, j as usize % njob, g as usize % ngrade)
    };

    // Establishment first: with post_id, posts take their unit from it.
    let all_posts: Vec<&PostSpec> = s.people.iter().flat_map(|p| &p.posts).collect();
    let mut est_units = Vec::new();
    for e in &s.est {
        let u = match e.copy {
            Some(k) if !s.post_id => {
                let p = all_posts[k as usize % all_posts.len()];
                unit((p.team, p.job, p.grade))
            }
            _ => unit(e.unit),
        };
        est_units.push((u, FTES[e.fte as usize % 6]));
    }

    let mut posts: Vec<Vec<Post>> = Vec::new();
    for (i, p) in s.people.iter().enumerate() {
        let id = format!("E{:03}", 101 + i);
        let mut mine = Vec::new();
        for ps in &p.posts {
            let (mut u, mut post_id) = (unit((ps.team, ps.job, ps.grade)), None);
            if s.post_id {
                let k = ps.est as usize % est_units.len();
                u = est_units[k].0;
                post_id = Some(format!("P{:03}", k + 1));
            }
            // A leave date is never before the start (valid data): the
            // two days are swapped when drawn the other way round.
            let (start, leave) = match ps.leave.as_ref().map(Day::date) {
                Some(l) if l < ps.start.date() => (l, Some(ps.start.date())),
                l => (ps.start.date(), l),
            };
            mine.push(Post {
                id: id.clone(),
                dir: u.0,
                team: u.1,
                job: u.2,
                grade: u.3,
                fte: FTES[ps.fte as usize % 6],
                start,
                leave,
                spec: ps.clone(),
                post_id,
            });
        }
        posts.push(mine);
    }

    let reg_of = |i: usize| match s.people[i].reg {
        0..=2 => format!("SW{}", 401 + i),
        3 => format!("OT{}", 401 + i),
        _ => String::new(),
    };

    // establishment
    let mut est = Table::new(&[
        "post_id",
        "directorate",
        "team",
        "job_title",
        "grade",
        "fte",
    ]);
    for (k, ((d, t, j, g), fte)) in est_units.iter().enumerate() {
        est.rows.push(vec![
            if s.post_id {
                Cell::text(&format!("P{:03}", k + 1))
            } else {
                Cell::Blank
            },
            Cell::text(DIRECTORATES[*d]),
            Cell::text(TEAMS[*t]),
            Cell::text(JOBS[*j]),
            Cell::text(GRADES[*g]),
            Cell::num(fte),
        ]);
    }
    if !s.post_id {
        est.header.remove(0);
        for r in &mut est.rows {
            r.remove(0);
        }
    }

    // payroll and leavers
    let mut payroll = Table::new(&PAYROLL_HEADER);
    let mut leavers = Table::new(&[
        "employee_id",
        "directorate",
        "team",
        "job_title",
        "grade",
        "fte",
        "start_date",
        "leave_date",
        "reason",
        "exit_interview",
        "registration",
        "role",
        "asye",
    ]);
    let mut earlier = Table::new(&PAYROLL_HEADER);
    let before = period_start() - Duration::days(1);
    for (i, mine) in posts.iter().enumerate() {
        let p = &s.people[i];
        let reg = reg_of(i);
        let reg_cell = if reg.is_empty() {
            Cell::Blank
        } else {
            Cell::Text(reg.clone())
        };
        let role = ROLES[p.role as usize % 6];
        let asye = if p.asye { "yes" } else { "no" };
        for post in mine {
            let ps = &post.spec;
            let salary = 30000 + 500 * ps.salary as u32;
            let supplement = [0, 0, 0, 1500, 3000][ps.supplement as usize % 5];
            let row = |dir: usize, team: usize, job: usize, grade: usize, fte: &str| {
                vec![
                    Cell::text(&post.id),
                    post.post_id.as_deref().map_or(Cell::Blank, Cell::text),
                    Cell::text(DIRECTORATES[dir]),
                    Cell::text(TEAMS[team]),
                    Cell::text(JOBS[job]),
                    Cell::text(GRADES[grade]),
                    Cell::num(fte),
                    Cell::Date(post.start),
                    Cell::num(format!("{salary}.00")),
                    Cell::num(format!("{}.00", salary * 12 / 100)),
                    Cell::num(format!("{}.00", salary * 18 / 100)),
                    Cell::num(format!("{supplement}.00")),
                    Cell::num(ps.cases),
                    reg_cell.clone(),
                    Cell::text(role),
                    Cell::text(asye),
                    Cell::text("Permanent"),
                    Cell::num("0.00"),
                    Cell::num("0.00"),
                ]
            };
            match post.leave {
                None => payroll
                    .rows
                    .push(row(post.dir, post.team, post.job, post.grade, post.fte)),
                Some(l) => leavers.rows.push(vec![
                    Cell::text(&post.id),
                    Cell::text(DIRECTORATES[post.dir]),
                    Cell::text(TEAMS[post.team]),
                    Cell::text(JOBS[post.job]),
                    Cell::text(GRADES[post.grade]),
                    Cell::num(post.fte),
                    Cell::Date(post.start),
                    Cell::Date(l),
                    Cell::text(REASONS[p.reason as usize % 4]),
                    Cell::text(if p.exit { "yes" } else { "no" }),
                    reg_cell.clone(),
                    Cell::text(role),
                    Cell::text(asye),
                ]),
            }
            // The earlier snapshot: posts in post the day before the period,
            // some of them since moved, promoted or changed hours.
            let in_post_before = post.start <= before && post.leave.is_none_or(|l| l > before);
            if in_post_before {
                let (mut d, mut t, mut j, mut g, mut f) =
                    (post.dir, post.team, post.job, post.grade, post.fte);
                match ps.earlier {
                    0 | 1 if g > 0 => g -= 1,
                    2 => {
                        t = (t + 1) % nteam;
                        d = team_dir(t);
                    }
                    3 => j = (j + 1) % njob,
                    4 => f = if f == "1" { "0.8" } else { "1" },
                    5 => continue,
                    _ => {}
                }
                earlier.rows.push(row(d, t, j, g, f));
            }
        }
    }

    // agency: a worker keeps one registration; some are people who later
    // joined payroll (conversions).
    let joiners: Vec<usize> = (0..posts.len())
        .filter(|&i| {
            !reg_of(i).is_empty()
                && posts[i]
                    .iter()
                    .any(|p| p.start >= period_start() && p.start <= as_of())
        })
        .collect();
    let worker_reg = |w: usize| -> String {
        match s.worker_regs[w] {
            0 | 1 => String::new(),
            2 | 3 => format!("SW{}", 901 + w),
            k => {
                if joiners.is_empty() {
                    String::new()
                } else {
                    reg_of(joiners[k as usize % joiners.len()])
                }
            }
        }
    };
    let mut agency = Table::new(&[
        "worker_id",
        "directorate",
        "team",
        "job_title",
        "grade",
        "start_date",
        "end_date",
        "hours_per_week",
        "hourly_rate",
        "covering",
        "agency",
        "cases",
        "registration",
        "role",
    ]);
    for a in &s.agency {
        let (d, t, j, g) = unit(a.unit);
        let w = a.worker as usize % 8;
        // an end before the start is swapped with it (valid data)
        let (start, end) = match a.end.as_ref().map(Day::date) {
            Some(e) if e < a.start.date() => (e, Some(a.start.date())),
            e => (a.start.date(), e),
        };
        let reg = worker_reg(w);
        agency.rows.push(vec![
            Cell::text(&format!("A{:02}", w + 1)),
            Cell::text(DIRECTORATES[d]),
            Cell::text(TEAMS[t]),
            Cell::text(JOBS[j]),
            Cell::text(GRADES[g]),
            Cell::Date(start),
            end.map_or(Cell::Blank, Cell::Date),
            Cell::num(HOURS[a.hours as usize % 4]),
            Cell::num(RATES[a.rate as usize % 4]),
            Cell::text(COVERING[a.covering as usize % 3]),
            Cell::text("Brightwater"),
            Cell::num(a.cases),
            if reg.is_empty() {
                Cell::Blank
            } else {
                Cell::Text(reg)
            },
            Cell::text("Case holder"),
        ]);
    }

    // absence
    let mut absence = Table::new(&[
        "employee_id",
        "start_date",
        "end_date",
        "working_days_lost",
        "fte_days_lost",
        "reason",
    ]);
    for a in &s.absence {
        let i = a.person as usize % posts.len();
        let id = if a.unknown {
            format!("X{:03}", 901 + a.person as usize % 5)
        } else {
            posts[i][0].id.clone()
        };
        let start = a.start.date();
        let end = start + Duration::days(a.days as i64 - 1);
        let (end_cell, wdl) = if a.open {
            (Cell::Blank, (a.days as i64 % 10) + 1)
        } else {
            (Cell::Date(end), weekdays(start, end).max(1))
        };
        // fte_days_lost, when the extract has it: at the fte of the
        // person's first post.
        let fte: f64 = posts[i][0].fte.parse().unwrap();
        absence.rows.push(vec![
            Cell::text(&id),
            Cell::Date(start),
            end_cell,
            Cell::num(wdl),
            Cell::num(format!("{:.1}", wdl as f64 * fte)),
            Cell::text(ABSENCE_REASONS[a.reason as usize % 3]),
        ]);
    }
    if !s.fte_days_lost {
        absence.header.remove(4);
        for r in &mut absence.rows {
            r.remove(4);
        }
    }

    // market: a figure for some job and grade pairs, and for some jobs alone
    let mut market = Table::new(&["job_title", "grade", "market_median", "source"]);
    for (j, job) in JOBS.iter().enumerate().take(njob) {
        for (g, grade) in GRADES.iter().enumerate().take(ngrade) {
            let m = s.market[j * 3 + g];
            if m < 8 {
                market.rows.push(vec![
                    Cell::text(job),
                    Cell::text(grade),
                    Cell::num(format!("{}.00", 31000 + 1000 * m as u32 + 2000 * g as u32)),
                    Cell::text("LGA survey"),
                ]);
            }
        }
        if s.market[j * 3].is_multiple_of(3) {
            market.rows.push(vec![
                Cell::text(JOBS[j]),
                Cell::Blank,
                Cell::num(format!("{}.00", 36000 + 500 * j as u32)),
                Cell::text("Regional"),
            ]);
        }
    }

    // swr.toml: one [[incentive]] rule, and the grades in order.
    let (when, amount, pro_rata, wh) = s.incentive;
    let when = ["start", "probation", "anniversary"][when as usize % 3];
    let amount = [500, 1000, 3000][amount as usize % 3];
    let mut toml = String::new();
    toml.push_str("[[incentive]]\nname = \"Payment\"\n");
    toml.push_str(&format!("amount = {amount}\nwhen = \"{when}\"\n"));
    if when == "probation" {
        toml.push_str("probation_months = 6\n");
    }
    if when == "anniversary" {
        toml.push_str("years = [1, 2]\n");
    }
    toml.push_str(&format!("pro_rata = {pro_rata}\n"));
    match wh % 4 {
        1 => toml.push_str(&format!(
            "where = {{ directorate = [\"{}\"] }}\n",
            DIRECTORATES[0]
        )),
        2 => toml.push_str("where = { grade = [\"Grade 8\", \"Grade 9\"] }\n"),
        3 => toml.push_str(&format!("where = {{ job_title = [\"{}\"] }}\n", JOBS[0])),
        _ => {}
    }
    toml.push_str("\n[grades]\norder = [\"Grade 8\", \"Grade 9\", \"Grade 10\"]\n");
    // swr exceptions: a target for every indicator, and small groups rated
    // from 2 people, so that every status turns up.
    toml.push_str(
        "\n[targets]\n\
         vacancy_rate_pct = { green = 10, red = 20 }\n\
         agency_rate_pct = { green = 5, red = 15 }\n\
         turnover_pct = { green = 10, red = 25 }\n\
         stability_pct = { green = 90, red = 70 }\n\
         caseload_fte = { green = 12, red = 18 }\n\
         absence_rate_pct = { green = 2, red = 5 }\n\
         agency_spend = { green = 500, red = 2000 }\n\
         min_headcount = 2\n",
    );

    let mut tables = BTreeMap::new();
    tables.insert("establishment", est);
    tables.insert("payroll", payroll);
    tables.insert("agency", agency);
    tables.insert("leavers", leavers);
    tables.insert("absence", absence);
    tables.insert("market", market);
    Council {
        tables,
        earlier,
        toml,
    }
}

/// Rows entirely outside the period: leavers who left before it, absence
/// spells and agency placements that ended before it, payroll starters after
/// the as-of date. New people and workers (fresh IDs and registrations), so
/// that they are nobody's earlier post and no conversion's placement.
#[derive(Clone, Debug)]
pub struct Outside {
    leavers: Vec<(u16, u16, u8, u8)>,
    spells: Vec<(u8, u16, u8)>,
    placements: Vec<(u16, u16, u8)>,
    starters: Vec<(u16, u8)>,
}

pub fn outside() -> impl Strategy<Value = Outside> {
    (
        prop::collection::vec((1u16..500, 0u16..3000, any::<u8>(), any::<u8>()), 0..4),
        prop::collection::vec((any::<u8>(), 1u16..400, 1u8..30), 0..4),
        prop::collection::vec((1u16..400, 0u16..400, any::<u8>()), 0..4),
        prop::collection::vec((1u16..200, any::<u8>()), 0..4),
    )
        .prop_map(|(leavers, spells, placements, starters)| Outside {
            leavers,
            spells,
            placements,
            starters,
        })
}

impl Outside {
    pub fn is_empty(&self) -> bool {
        self.leavers.is_empty()
            && self.spells.is_empty()
            && self.placements.is_empty()
            && self.starters.is_empty()
    }

    /// Add the rows to a copy of the council. Group values are taken from
    /// existing rows of the same extract, so no new group appears. Rows are
    /// added to an extract only when it already reaches the period (a date
    /// on or before its end): otherwise its flows are N/A for want of
    /// coverage (SPEC 4 "Coverage") and an older row rightly makes them 0.
    pub fn add_to(&self, c: &Council) -> Council {
        let mut c = c.clone();
        let s = period_start();
        let e = as_of();
        let day = |d: i64| Duration::days(d);
        let reaches = |t: &Table, col: &str| {
            (0..t.rows.len()).any(|i| t.date(i, col).is_some_and(|d| d <= e))
        };
        let (leavers_ok, spells_ok, placements_ok) = (
            reaches(c.t("leavers"), "leave_date"),
            reaches(c.t("absence"), "start_date"),
            reaches(c.t("agency"), "start_date"),
        );
        // leavers who left before the period: a copy of an existing leavers
        // or payroll row with a new ID and registration
        for (k, (left_before, served, pick, reason)) in self.leavers.iter().enumerate() {
            let p = c.t("payroll").clone();
            if p.rows.is_empty() || !leavers_ok {
                continue;
            }
            let src = &p.rows[*pick as usize % p.rows.len()];
            let leave = s - day(*left_before as i64);
            let start = leave - day(*served as i64);
            let get = |n: &str| src[p.col(n).unwrap()].clone();
            let row = vec![
                Cell::Text(format!("L{:03}", 501 + k)),
                get("directorate"),
                get("team"),
                get("job_title"),
                get("grade"),
                get("fte"),
                Cell::Date(start),
                Cell::Date(leave),
                Cell::text(REASONS[*reason as usize % 4]),
                Cell::text("no"),
                Cell::Text(format!("SW{}", 501 + k)),
                get("role"),
                get("asye"),
            ];
            c.t_mut("leavers").rows.push(row);
        }
        // absence spells that ended before the period, of existing people
        let ids: Vec<Cell> = {
            let p = c.t("payroll");
            let col = p.col("employee_id").unwrap();
            p.rows.iter().map(|r| r[col].clone()).collect()
        };
        for (who, ended_before, len) in &self.spells {
            if ids.is_empty() || !spells_ok {
                continue;
            }
            let end = s - day(*ended_before as i64);
            let start = end - day(*len as i64 - 1);
            let t = c.t_mut("absence");
            let mut row = vec![
                ids[*who as usize % ids.len()].clone(),
                Cell::Date(start),
                Cell::Date(end),
                Cell::num(weekdays(start, end).max(1)),
            ];
            if t.col("fte_days_lost").is_some() {
                row.push(Cell::num(format!("{}.0", weekdays(start, end).max(1))));
            }
            row.push(Cell::text(ABSENCE_REASONS[*len as usize % 3]));
            t.rows.push(row);
        }
        // agency placements that ended before the period: new workers
        for (k, (ended_before, len, pick)) in self.placements.iter().enumerate() {
            let a = c.t("agency").clone();
            let p = c.t("payroll").clone();
            if !placements_ok {
                continue;
            }
            let end = s - day(*ended_before as i64);
            let start = end - day(*len as i64);
            // group columns from an agency row, else a payroll row
            let (src, t) = if !a.rows.is_empty() {
                (a.rows[*pick as usize % a.rows.len()].clone(), &a)
            } else if !p.rows.is_empty() {
                (p.rows[*pick as usize % p.rows.len()].clone(), &p)
            } else {
                continue;
            };
            let get = |n: &str| src[t.col(n).unwrap()].clone();
            c.t_mut("agency").rows.push(vec![
                Cell::Text(format!("Z{:02}", 1 + k)),
                get("directorate"),
                get("team"),
                get("job_title"),
                get("grade"),
                Cell::Date(start),
                Cell::Date(end),
                Cell::num("37"),
                Cell::num("40.00"),
                Cell::text("vacancy"),
                Cell::text("Brightwater"),
                Cell::num(10),
                Cell::Text(format!("SW{}", 801 + k)),
                Cell::text("Case holder"),
            ]);
        }
        // payroll starters after the as-of date: copies of payroll rows
        for (k, (after, pick)) in self.starters.iter().enumerate() {
            let p = c.t("payroll").clone();
            if p.rows.is_empty() {
                continue;
            }
            let mut row = p.rows[*pick as usize % p.rows.len()].clone();
            row[p.col("employee_id").unwrap()] = Cell::Text(format!("N{:03}", 601 + k));
            row[p.col("start_date").unwrap()] = Cell::Date(e + day(*after as i64));
            row[p.col("registration").unwrap()] = Cell::Text(format!("SW{}", 601 + k));
            c.t_mut("payroll").rows.push(row);
        }
        c
    }
}

/// Indexes of the rows of a table whose `date` column is set and satisfies `f`.
pub fn rows_where(t: &Table, f: impl Fn(usize) -> bool) -> Vec<usize> {
    (0..t.rows.len()).filter(|&i| f(i)).collect()
}

/// Pick one of `v` by a proptest index (None when empty).
pub fn pick<T: Copy>(v: &[T], i: &Index) -> Option<T> {
    if v.is_empty() {
        None
    } else {
        Some(v[i.index(v.len())])
    }
}
