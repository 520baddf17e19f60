"""The benchmark's baselines: every swr report, done the way an analyst would
do it with DuckDB or polars (and `leavers` with pandas too).

    python queries.py ENGINE REPORT DATA_DIR OUT.csv AS_OF

    ENGINE  duckdb | polars | pandas-csv | pandas-xlsx (pandas: REPORT leavers only)
    REPORT  vacancies | costs | leavers | turnover | cohorts | retention | movements | pay
    AS_OF   the as-of date, 2025-09-30 for the generator's data

Each baseline reads the raw files swr reads (DATA_DIR/<dataset>.csv, or
leavers.xlsx for pandas-xlsx; movements also DATA_DIR/payroll_2024.csv, the
earlier snapshot of `swr movements --from`, and pay DATA_DIR/market.csv when
there is one) in either shape examples/generate.rs writes: UK dd/mm/yyyy
dates, money as `£41,005.00` (quoted, with a pound sign and thousands commas),
CRLF line ends, and either the demo council's headers in UTF-8 (a byte order
mark on payroll.csv) or a council's (`Staff Number`, `Service Area`,
`Termination Date`, ...) in Windows-1252. Each column is found as swr finds
it: under any of the headers swr accepts for it (ALIASES, copied from
src/extracts.rs), matched ignoring case, spaces and punctuation, the one
earlier in swr's list winning. A file is read as UTF-8 unless its first bytes
are not UTF-8, then as Windows-1252 (DuckDB: read_csv's Latin-1, the same but
for bytes 0x80-0x9F, or a UTF-8 copy when it refuses those; polars, which
reads UTF-8 only: the bytes decoded in Python, which costs a pass over the
file and a copy of it in memory); a file whose first bytes are ASCII and
that an engine then finds is not UTF-8 is read again (recover()). swr.toml is
not read: no profile, [columns], [grades] or date_order.

It works out the table swr prints with its default options (as-of date AS_OF;
period the 12 months ending on it, both ends included) and writes it to OUT.csv
with swr's column names and row order, numbers rounded as swr prints them
(money 2 dp, FTE 2 dp with trailing zeros dropped, `*_pct` 1 dp, half away
from zero), N/A as an empty cell, so that run.sh can check it against swr's.

Where the work is done: the engine reads and parses every file (money and
date text included: DuckDB SQL or polars expressions, never Python loops),
filters, joins, de-duplicates people and sums, in exact decimals (DuckDB
DECIMAL, polars Decimal; agency spend per placement, and pay's supplement and
cost x fte per row, in whole pence as integers, rounded half away from zero as
swr does). What comes back to Python is one row of sums and counts per group
of the table (a dozen rows at most; for medians the two middle values), from
which the rates, per-FTE means, medians and the Total row are worked out exactly
(fractions), because DuckDB's decimal division returns a double and polars
rounds decimals half to even: the same arithmetic on both engines, so that a
difference from swr is a difference in the engine's work, not in the last
division. The polars baselines use the lazy API (`pl.scan_csv`) and collect
once per report (once more after recover()).

The definitions (SPEC.md sections 2-5), with D the as-of date, P = [P0, D]
the period and O the day before P0:
- stock on day X: payroll rows with start_date <= X, plus leavers rows with
  start_date <= X < leave_date; headcount = distinct employee_id, FTE = sum.
- an agency placement is active on X when start_date <= X and end_date is
  blank or >= X; its FTE is hours_per_week / 37 (blank hours: 37).
- vacancies by directorate: per post (post_id, in both extracts) vacancy =
  max(establishment FTE - FTE in post, 0), under the post's establishment
  directorate; in_post_fte by the stock's own directorate.
- costs by job_title: permanent cost per FTE-year = salary + employer_ni +
  employer_pension + market_supplement + car_allowance + other_allowances
  (those the extract has; blanks 0), FTE-weighted over payroll rows in post;
  agency cost per FTE-year = rate x 37 x 46, hours-weighted over active
  placements; agency_spend = sum over placements of rate x hours x (days
  active in P) / 7 x 46 / 52, each to the penny.
- leavers by reason, turnover by directorate, cohorts by length-of-service
  band: as in SPEC section 2. A start in P of someone already in post the day
  before (a second post) is no new start.
- retention by cohort (the UK financial year of a person's first start in
  payroll or leavers, on or before D): starters; still in post on D; for N of
  6, 12, 24 months, eligible (the day N months after the start on or before D;
  a day the month lacks is the 1st of the next) and retained (in post that
  day). A cohort before the financial year of the leavers extract's first
  leave date is N/A, and so is the Total then (as swr: who left before it is
  in no extract).
- movements by directorate: people matched by employee_id between
  payroll_2024.csv and payroll.csv, each compared through their main row (the
  largest fte, then the lowest directorate, team, job_title, grade) and the fte
  of all their rows, and counted in each directorate of their earlier rows
  (their later ones for joiners); transfers: no (directorate, team) in common;
  promotions: grade up in natural order (the numbers in grades of one scale,
  `Grade 9` < `Grade 10`). Text compared ignoring case.
- pay by job_title, grade: the stock on D (a leavers row that a payroll row
  of the same person and start lists is that payroll row); pay figures over
  its payroll rows; market_median the median of the salaried rows' market
  figures (job_title and grade, else job_title, else grade, ignoring case),
  N/A when one has none.
Not handled, as the generated data has none of it: blank employee IDs (which
swr counts as one person each), extracts without a column these read, and
what swr does only at a back-dated AS_OF: flows over a period before the
leavers extract's first leave date (N/A in swr, SPEC 4 "Coverage"), and
vacancies per unit of directorate x team x job_title x grade when leavers in
post have no post_id.
"""

import codecs
import csv
import datetime as dt
import math
import os
import sys
import tempfile
from decimal import Decimal
from fractions import Fraction

REPORTS = ["vacancies", "costs", "leavers", "turnover", "cohorts", "retention", "movements", "pay"]
ENGINES = ["duckdb", "polars", "pandas-csv", "pandas-xlsx"]

# The columns each baseline reads, by swr's names (src/extracts.rs); bind() puts in
# the header each file gives the column, found among the headers swr accepts for
# it (ALIASES below): None when the file has no such column, and a list keeps the
# columns the file has.
EST = {"post": "post_id", "dir": "directorate", "job": "job_title", "fte": "fte"}
PAY = {
    "emp": "employee_id", "post": "post_id", "dir": "directorate", "job": "job_title",
    "fte": "fte", "start": "start_date", "team": "team", "grade": "grade",
    "salary": "salary", "supplement": "market_supplement",
    # The permanent cost of an FTE-year (SPEC 2, costs): the ones the file has.
    "cost": ["salary", "employer_ni", "employer_pension", "market_supplement", "car_allowance",
             "other_allowances"],
}
AGY = {
    "dir": "directorate", "job": "job_title", "start": "start_date", "end": "end_date",
    "hours": "hours_per_week", "rate": "hourly_rate", "covering": "covering",
}
LVR = {
    "emp": "employee_id", "dir": "directorate", "job": "job_title", "fte": "fte",
    "start": "start_date", "leave": "leave_date", "reason": "reason",
    "exit": "exit_interview", "grade": "grade",
}
MKT = {"median": "market_median", "job": "job_title", "grade": "grade"}
# movements' earlier payroll snapshot, DATA_DIR/payroll_2024.csv: its own headers.
PAY_FROM = {k: v for k, v in PAY.items() if k != "cost"}

# name (DATA_DIR/<name>.csv) -> its table of columns and swr's dataset.
TABLES = {
    "establishment": (EST, "establishment"), "payroll": (PAY, "payroll"), "agency": (AGY, "agency"),
    "leavers": (LVR, "leavers"), "market": (MKT, "market"), "payroll_2024": (PAY_FROM, "payroll"),
}
# The extracts each report reads (those swr reads for it when present: an
# absent one of these is left out when swr's report does without it).
READS = {
    "vacancies": ["establishment", "payroll", "agency", "leavers"],
    "costs": ["payroll", "agency", "leavers"],
    "leavers": ["leavers"],
    "turnover": ["payroll", "leavers"],
    "cohorts": ["leavers"],
    "retention": ["payroll", "leavers"],
    "movements": ["payroll", "payroll_2024"],
    "pay": ["payroll", "leavers", "market"],
}

# swr's header names (src/extracts.rs, one list per column after the column's own
# name), in its order of preference; shared lists as named there.
_DIRECTORATE = [
    "Directorate", "Service", "Department", "Dept", "Division", "Service Area", "Directorate Name",
    "Service Name", "Department Name", "Organisation", "Org Unit",
]
_TEAM = ["Team", "Team Name", "Unit", "Section", "Sub Service", "Locality Team"]
_JOB_TITLE = [
    "Job Title", "Post Title", "Position", "Position Title", "Job", "Job Name", "Post Name",
    "Job Role", "Title",
]
_GRADE = ["Grade", "Pay Grade", "Band", "Pay Band", "Salary Grade", "Grade Code"]
_POST_ID = [
    "Post ID", "Post Number", "Post No", "Post Ref", "Post Reference", "Position Number",
    "Position ID", "Position No",
]
_FTE = [
    "FTE", "Contracted FTE", "FTE Contracted", "Full Time Equivalent", "WTE",
    "Whole Time Equivalent", "Budgeted FTE", "Budget FTE", "Establishment FTE", "Post FTE",
    "Funded FTE", "Actual FTE",
]
_START_DATE = [
    "Continuous Service Date", "Start Date", "Date Started", "Date of Joining", "Date Joined",
    "Hire Date", "Employment Start Date", "Service Start Date", "Date Commenced",
    "Commencement Date", "Date of Hire", "DateofHire", "Original Hire Date", "Latest Hire Date",
    "Start",
]
_EMPLOYEE_ID = [
    "Employee ID", "Employee Number", "Employee No", "Emp No", "Employee Ref", "Staff Number",
    "Staff ID", "Staff No", "Person ID", "Person Number", "Payroll Number", "Payroll No",
    "Assignment Number", "EmpID", "Emp ID", "Emp Number", "Employee Code", "Staff Code",
    "Person Code", "ID",
]
_REGISTRATION = [
    "Registration", "SWE Number", "SWE Registration", "SWE Registration Number",
    "Social Work England Number", "Social Work England Registration", "Registration Number",
    "Registration No", "Professional Registration", "Professional Registration Number",
    "HCPC Number", "HCPC Registration", "HCPC Registration Number",
]
_ROLE = ["Role", "Role Type", "Case Holder", "DfE Role", "Census Role", "Worker Role"]
_ASYE = [
    "ASYE", "Newly Qualified", "NQSW", "On ASYE", "ASYE Status",
    "Assessed and Supported Year in Employment",
]
_CASES = ["Cases", "Caseload", "Case Count", "Open Cases", "Number of Cases"]
ALIASES = {
    "establishment": {
        "directorate": _DIRECTORATE,
        "job_title": _JOB_TITLE,
        "fte": _FTE,
        "post_id": _POST_ID,
        "team": _TEAM,
        "grade": _GRADE,
        "cost_centre": ["Cost Centre", "Cost Center", "Cost Code", "CC"],
        "role": _ROLE,
    },
    "payroll": {
        "employee_id": _EMPLOYEE_ID,
        "directorate": _DIRECTORATE,
        "job_title": _JOB_TITLE,
        "fte": _FTE,
        "start_date": _START_DATE,
        "post_id": _POST_ID,
        "team": _TEAM,
        "grade": _GRADE,
        "contract": ["Contract", "Contract Type", "Employment Type", "Employment Status"],
        "salary": [
            "Salary", "Annual Salary", "FTE Salary", "Basic Salary", "Full Time Salary",
            "Salary FTE", "Basic Pay",
        ],
        "employer_ni": [
            "Employer NI", "Employers NI", "Ers NI", "ER NI", "Employer National Insurance",
            "NI Employer",
        ],
        "employer_pension": [
            "Employer Pension", "Employers Pension", "Ers Pension", "ER Pension",
            "Employer Superannuation", "Ers Superannuation", "Pension Employer",
        ],
        "market_supplement": [
            "Market Supplement", "Market Premia", "Market Premium", "Market Rate Supplement",
        ],
        "car_allowance": [
            "Car Allowance", "Car User Allowance", "Essential Car User Allowance", "Lease Car",
        ],
        "other_allowances": ["Other Allowances", "Allowances", "Other Allowance", "Other Payments"],
        "cases": _CASES,
        "role": _ROLE,
        "registration": _REGISTRATION,
        "asye": _ASYE,
    },
    "agency": {
        "worker_id": [
            "Worker ID", "Agency Worker ID", "Worker Number", "Worker Ref", "Candidate ID",
            "Placement ID", "Assignment ID", "Booking Ref", "Booking Reference", "ID",
        ],
        "directorate": _DIRECTORATE,
        "job_title": _JOB_TITLE,
        "start_date": [
            "Start Date", "Placement Start", "Placement Start Date", "Assignment Start Date",
            "Date Started", "Booking Start", "Start",
        ],
        "hourly_rate": [
            "Hourly Rate", "Hourly Charge Rate", "Charge Rate", "Rate per Hour", "Hourly Cost",
            "Pay Rate", "Rate",
        ],
        "end_date": [
            "End Date", "Placement End", "Placement End Date", "Assignment End Date", "Finish Date",
            "Date Ended", "Booking End", "End",
        ],
        "hours_per_week": [
            "Hours per Week", "Weekly Hours", "Hours", "Contracted Hours", "Hrs per Week", "Hours pw",
        ],
        "team": _TEAM,
        "grade": _GRADE,
        "agency": ["Agency", "Agency Name", "Supplier", "Supplier Name"],
        "covering": [
            "Covering", "Cover Reason", "Reason for Cover", "Cover Type", "Placement Reason",
            "Reason for Placement",
        ],
        "post_id": _POST_ID,
        "cases": _CASES,
        "role": _ROLE,
        "registration": _REGISTRATION,
    },
    "leavers": {
        "employee_id": _EMPLOYEE_ID,
        "directorate": _DIRECTORATE,
        "job_title": _JOB_TITLE,
        "start_date": _START_DATE,
        "leave_date": [
            "Leaving Date", "Termination Date", "Date Left", "Leave Date", "Date of Leaving",
            "Last Day of Service", "Last Working Day", "End of Employment", "Term Date",
            "Date of Termination", "DateofTermination", "Termination Effective Date", "End Date",
        ],
        "reason": [
            "Reason for Leaving", "Leaving Reason", "Reason", "Termination Reason",
            "Reason for Termination", "Leaver Reason", "Term Reason", "TermReason",
            "Termination Reason Description",
        ],
        "fte": _FTE,
        "team": _TEAM,
        "grade": _GRADE,
        "destination": ["Destination", "New Employer", "Leaving Destination", "Destination on Leaving"],
        "exit_interview": [
            "Exit Interview", "Exit Interview Completed", "Exit Interview Held",
            "Exit Interview Form", "Exit Interview Returned",
        ],
        "role": _ROLE,
        "registration": _REGISTRATION,
        "asye": _ASYE,
    },
    "absence": {
        "employee_id": _EMPLOYEE_ID,
        "start_date": [
            "Start Date", "Absence Start", "Absence Start Date", "First Day of Absence", "Date From",
            "From", "Start",
        ],
        "working_days_lost": [
            "Working Days Lost", "Days Lost", "Working Days", "Days Absent",
            "Duration (Working Days)", "Working Days Absent",
        ],
        "end_date": [
            "End Date", "Absence End", "Absence End Date", "Last Day of Absence", "Date To", "To",
            "End",
        ],
        "fte_days_lost": ["FTE Days Lost", "FTE Days", "Days Lost FTE", "Full Time Equivalent Days Lost"],
        "reason": ["Reason", "Absence Reason", "Sickness Reason", "Reason for Absence", "Cause"],
    },
    "market": {
        "market_median": [
            "Market Median", "Market Median Salary", "Median Salary", "Market Rate", "Median",
            "Benchmark Salary", "Benchmark",
        ],
        "job_title": _JOB_TITLE,
        "grade": _GRADE,
        "source": ["Source", "Survey", "Benchmark Source", "Comparator", "Data Source"],
    },
}

STANDARD_HOURS = 37
WEEKS = 46
YES = ("yes", "y", "true", "1", "completed")
BANDS = ["<1", "1-2", "2-5", "5-10", "10+"]
BLANK = "(blank)"
# FTE and hours are read as exact decimals of this many places (swr keeps 6).
FTE_TYPE = "DECIMAL(18,6)"


def period(as_of: dt.date) -> tuple[dt.date, dt.date]:
    """The 12 months ending on as_of: 2025-09-30 gives 2024-10-01..2025-09-30."""
    try:
        year_before = as_of.replace(year=as_of.year - 1)
    except ValueError:  # 29 February
        year_before = as_of.replace(year=as_of.year - 1, day=28)
    return year_before + dt.timedelta(days=1), as_of


# ---------------------------------------------------------------------------
# The extracts as swr reads them: each column found under any header swr
# accepts for it, the file read as UTF-8 or else as Windows-1252.

def match_key(header: str) -> str:
    """A header as swr matches it (extracts::match_key): letters and digits, lower case."""
    return "".join(c for c in header if c.isalnum()).lower()


def canonical(dataset: str, name: str):
    """swr's column that `name` means in `dataset`: a column's own name, or a
    header swr reads as it; None when it is neither."""
    if name in ALIASES[dataset]:
        return name
    k = match_key(name)
    return next((c for c, names in ALIASES[dataset].items()
                 if any(match_key(n) == k for n in [c, *names])), None)


def resolve(dataset: str, headers: list[str]) -> dict[str, str]:
    """swr's column -> the header that gives it, as swr picks it (input/loader.rs):
    a header belongs to the first column that lists it, and of two headers for one
    column the one earlier in its list wins."""
    index: dict[str, tuple[str, int]] = {}
    for c, names in ALIASES[dataset].items():
        for rank, n in enumerate([c, *names]):
            index.setdefault(match_key(n), (c, rank))
    best: dict[str, tuple[str, int]] = {}
    for h in headers:
        hit = index.get(match_key(h))
        if hit and (hit[0] not in best or hit[1] < best[hit[0]][1]):
            best[hit[0]] = (h, hit[1])
    return {c: h for c, (h, _) in best.items()}


BOM = b"\xef\xbb\xbf"
SNIFF = 1 << 16  # bytes read to tell the encoding before an engine reads the file


def _c1(e: UnicodeDecodeError):
    # The five bytes Windows-1252 leaves undefined read as the C1 controls of
    # the same number, as swr's decoder (encoding_rs, WHATWG) reads them.
    return e.object[e.start:e.end].decode("latin-1"), e.end


codecs.register_error("swr-c1", _c1)


def whole_file_is_utf8(path: str) -> bool:
    tail = b""
    with open(path, "rb") as f:
        while chunk := f.read(1 << 24):
            chunk = tail + chunk
            cut = chunk.rfind(b"\n") + 1 or len(chunk)  # never inside a UTF-8 sequence
            part, tail = chunk[:cut], chunk[cut:]
            if not part.isascii():
                try:
                    part.decode("utf-8")
                except UnicodeDecodeError:
                    return False
    try:
        tail.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class Extract:
    """One CSV extract as the engines read it. encoding: 'utf-8'; 'cp1252'
    (Windows-1252: a byte that is not UTF-8 in its first SNIFF bytes); or
    'ascii', nothing but ASCII there, read as UTF-8 until an engine finds a
    byte that is not (then recover() reads the whole file in Python to tell)."""

    def __init__(self, path: str, dataset: str, headers: list[str] | None = None):
        self.path, self.dataset = path, dataset
        self.utf8_copy = None  # a UTF-8 copy, for DuckDB when latin-1 will not do
        self.utf8_bytes = None  # the file as UTF-8, for polars
        with open(path, "rb") as f:
            head = f.read(SNIFF)
        whole = len(head) < SNIFF
        body = head.removeprefix(BOM)
        part = body if whole else body[:body.rfind(b"\n") + 1]  # whole lines: no character cut
        try:
            part.decode("utf-8")
            self.encoding = "utf-8" if head.startswith(BOM) or not part.isascii() else "ascii"
        except UnicodeDecodeError:
            self.encoding = "cp1252"
        if headers is None:
            line = body.split(b"\n", 1)[0].decode(self.python_encoding(), "swr-c1")
            headers = next(csv.reader([line]), [])
        self.headers = headers
        self.columns = resolve(dataset, [h.strip() for h in headers])
        # The header as the engines name the column (they do not trim it).
        self.columns = {c: next(x for x in headers if x.strip() == h) for c, h in self.columns.items()}

    def python_encoding(self) -> str:
        return "cp1252" if self.encoding == "cp1252" else "utf-8"

    def duckdb_source(self) -> tuple[str, str | None]:
        """The path DuckDB reads and its encoding option. DuckDB reads UTF-8 and
        Latin-1 itself, and Latin-1 is Windows-1252 but for bytes 0x80-0x9F (the
        euro sign, curly quotes, dashes), which it refuses: then a UTF-8 copy."""
        if self.encoding != "cp1252":
            return self.path, None
        return (self.utf8_copy, None) if self.utf8_copy else (self.path, "latin-1")

    def polars_source(self):
        """What polars reads: the path, or for Windows-1252 the file decoded to
        UTF-8 in Python (polars reads UTF-8 only; its utf8-lossy would turn £
        and é into U+FFFD). That costs a pass over the file in Python and a
        copy of it in memory."""
        if self.encoding != "cp1252":
            return self.path
        if self.utf8_bytes is None:
            with open(self.path, "rb") as f:
                self.utf8_bytes = to_utf8(f.read())
        return self.utf8_bytes


def to_utf8(raw: bytes) -> bytes:
    """Windows-1252 bytes as UTF-8 (in Python: about 4 ns a byte here, and the
    text held twice on the way)."""
    return raw.decode("cp1252", "swr-c1").encode("utf-8")


# name -> the Extract of DATA_DIR/<name>.csv, for the report being run (bind()).
EXTRACTS: dict[str, Extract] = {}
DATA_DIR = ["."]


def bind(report: str, data: str, engine: str) -> None:
    """Reads the header of each extract the report reads and puts the header
    that gives each column into its table (EST, PAY, ...): None when the file
    has no such column; a list keeps the columns the file has."""
    DATA_DIR[0] = data
    # A report not in READS: every extract there is a table for.
    for name in READS.get(report, list(TABLES)):
        table, dataset = TABLES[name]
        path = f"{data}/{name}.{'xlsx' if engine == 'pandas-xlsx' else 'csv'}"
        if not os.path.exists(path):
            continue  # swr does without it, or says it is missing (so does the engine)
        if engine == "pandas-xlsx":
            import openpyxl  # the generator's sheet: its header on row 3
            wb = openpyxl.load_workbook(path, read_only=True)
            row = next(wb["Leavers"].iter_rows(min_row=3, max_row=3, values_only=True))
            wb.close()
            x = Extract(path, dataset, ["" if v is None else str(v) for v in row])
        else:
            x = Extract(path, dataset)
        EXTRACTS[name] = x
        for k, v in table.items():
            if isinstance(v, list):
                table[k] = [x.columns[c] for c in (canonical(dataset, n) for n in v) if c in x.columns]
            else:
                c = canonical(dataset, v)
                table[k] = x.columns.get(c) if c else v


def need(name: str, table: dict, *keys: str) -> None:
    """The columns a baseline cannot do without (swr would say which is missing)."""
    missing = [k for k in keys if table[k] is None]
    if missing:
        raise SystemExit(f"{name}.csv has no column for {', '.join(missing)}; "
                         f"its headers: {', '.join(EXTRACTS[name].headers)}")


def recover(e: Exception, tmp: str) -> bool:
    """After an engine failed on a file's bytes: what it takes to read them.
    True when something changed and the report is worth running again."""
    msg = str(e)
    changed = False
    if "utf-8" in msg.lower() or "utf8" in msg.lower():
        for x in EXTRACTS.values():
            if x.encoding == "ascii":
                x.encoding = "utf-8" if whole_file_is_utf8(x.path) else "cp1252"
                changed |= x.encoding == "cp1252"
    if "not latin-1 encoded" in msg:
        for name, x in EXTRACTS.items():
            if x.encoding == "cp1252" and not x.utf8_copy:
                x.utf8_copy = f"{tmp}/{name}.csv"
                with open(x.path, "rb") as f, open(x.utf8_copy, "wb") as out:
                    out.write(to_utf8(f.read()))
                changed = True
    return changed


# ---------------------------------------------------------------------------
# DuckDB


def sql_str(s: str) -> str:
    return s.replace("'", "''")


def duck_src(name: str, types: dict) -> str:
    """read_csv of the extract `name`, with DuckDB types for some of its columns
    (those the file lacks, None, left out)."""
    # An extract not bound (not read by the report, or missing): its path, for
    # DuckDB to say so if the query reads it after all.
    x = EXTRACTS.get(name)
    path, encoding = x.duckdb_source() if x else (f"{DATA_DIR[0]}/{name}.csv", None)
    t = ", ".join(f"'{sql_str(k)}': '{v}'" for k, v in types.items() if k is not None)
    return (f"read_csv('{sql_str(path)}', header = true, dateformat = '%d/%m/%Y'"
            + (f", types = {{{t}}}" if t else "") + (f", encoding = '{encoding}'" if encoding else "") + ")")


def duck_q(col: str) -> str:
    return '"' + col.replace('"', '""') + '"'


def duck_money(col: str) -> str:
    # '£41,005.00', '39500', '(12.00)' -> DECIMAL(18,2)
    v = f"replace(replace(trim({duck_q(col)}), '£', ''), ',', '')"
    return (f"CASE WHEN starts_with({v}, '(') THEN -CAST(trim({v}, '()') AS DECIMAL(18,2)) "
            f"ELSE CAST({v} AS DECIMAL(18,2)) END")


def duck_key(col: str) -> str:
    return f"coalesce({duck_q(col)}, '{BLANK}')"




def duckdb_run(report: str, data: str, d: dt.date, p0: dt.date) -> list[tuple]:
    import duckdb

    src, q, money, key = duck_src, duck_q, duck_money, duck_key

    D, P0, O = f"DATE '{d}'", f"DATE '{p0}'", f"DATE '{p0 - dt.timedelta(days=1)}'"
    est = src("establishment", {EST["fte"]: FTE_TYPE, EST["post"]: "VARCHAR"})
    pay = src("payroll", {PAY["fte"]: FTE_TYPE, PAY["start"]: "DATE", PAY["post"]: "VARCHAR",
                          **{c: "VARCHAR" for c in PAY["cost"]}})
    agy = src("agency", {AGY["hours"]: FTE_TYPE, AGY["start"]: "DATE", AGY["end"]: "DATE",
                         AGY["rate"]: "VARCHAR", AGY["covering"]: "VARCHAR"})
    lvr = src("leavers", {LVR["fte"]: FTE_TYPE, LVR["start"]: "DATE", LVR["leave"]: "DATE",
                          LVR["reason"]: "VARCHAR", LVR["exit"]: "VARCHAR"})
    hours = f"coalesce({q(AGY['hours'])}, {STANDARD_HOURS})"
    active = f"{q(AGY['start'])} <= {D} AND ({q(AGY['end'])} IS NULL OR {q(AGY['end'])} >= {D})"
    lvr_in_post = f"{q(LVR['start'])} <= {D} AND {q(LVR['leave'])} > {D}"

    if report == "leavers":
        yes = ", ".join(f"'{w}'" for w in YES)
        sql = f"""
            SELECT coalesce(nullif(trim({q(LVR['reason'])}), ''), 'Not recorded') AS reason,
                   count(*) AS leavers,
                   coalesce(sum({q(LVR['fte'])}), 0) AS leavers_fte,
                   count(*) FILTER (WHERE lower(trim({q(LVR['exit'])})) IN ({yes})) AS exits
            FROM {lvr}
            WHERE {q(LVR['leave'])} BETWEEN {P0} AND {D}
            GROUP BY 1
            ORDER BY leavers DESC, reason
        """
    elif report == "cohorts":
        s, e = q(LVR["start"]), q(LVR["leave"])
        sql = f"""
            WITH y AS (
                SELECT year({e}) - year({s})
                       - CASE WHEN month({e}) * 100 + day({e}) < month({s}) * 100 + day({s}) THEN 1 ELSE 0 END
                       AS years,
                       {q(LVR['fte'])} AS fte
                FROM {lvr}
                WHERE {e} BETWEEN {P0} AND {D}
            )
            SELECT CASE WHEN years < 1 THEN '<1' WHEN years < 2 THEN '1-2' WHEN years < 5 THEN '2-5'
                        WHEN years < 10 THEN '5-10' ELSE '10+' END AS band,
                   count(*), coalesce(sum(fte), 0)
            FROM y GROUP BY 1
        """
    elif report == "turnover":
        sql = f"""
            WITH r AS (
                SELECT {q(PAY['emp'])} AS emp, {key(PAY['dir'])} AS dir, {q(PAY['fte'])} AS fte,
                       {q(PAY['start'])} AS s, NULL::DATE AS l
                FROM {pay}
                UNION ALL
                SELECT {q(LVR['emp'])}, {key(LVR['dir'])}, {q(LVR['fte'])}, {q(LVR['start'])}, {q(LVR['leave'])}
                FROM {lvr}
            ), second AS (
                -- A start in P of someone in post the day before (an earlier
                -- row not left before it): a second post, no new start.
                SELECT DISTINCT c.emp, c.s
                FROM (SELECT emp, s FROM r WHERE s BETWEEN {P0} AND {D}) c
                JOIN r ON r.emp = c.emp AND r.s < c.s AND (r.l IS NULL OR r.l >= c.s)
            ), f AS (
                SELECT emp, dir, fte,
                       s <= {D} AND (l IS NULL OR l > {D}) AS at_end,
                       s <= {O} AND (l IS NULL OR l > {O}) AS at_open,
                       s BETWEEN {P0} AND {D} AND second.emp IS NULL AS starter,
                       coalesce(l BETWEEN {P0} AND {D}, false) AS leaver
                FROM r LEFT JOIN second USING (emp, s)
            ), people AS (
                SELECT dir, emp, bool_or(at_end) AS e, bool_or(at_open) AS o, bool_or(starter) AS st,
                       sum(fte) FILTER (WHERE at_end) AS e_fte,
                       count(*) FILTER (WHERE leaver) AS lv,
                       sum(fte) FILTER (WHERE leaver) AS lv_fte
                FROM f
                WHERE at_end OR at_open OR starter OR leaver
                GROUP BY GROUPING SETS ((dir, emp), (emp))
            )
            SELECT dir, count(*) FILTER (WHERE e), coalesce(sum(e_fte), 0), count(*) FILTER (WHERE st),
                   sum(lv), coalesce(sum(lv_fte), 0), count(*) FILTER (WHERE o), count(*) FILTER (WHERE e AND o)
            FROM people
            GROUP BY dir
            ORDER BY dir NULLS LAST
        """
    elif report == "vacancies":
        sql = f"""
            WITH pay AS (
                SELECT {key(PAY['post'])} AS post, {key(PAY['dir'])} AS dir, {q(PAY['fte'])} AS fte
                FROM {pay} WHERE {q(PAY['start'])} <= {D}
            ), posts AS (
                SELECT {key(EST['post'])} AS post, first({key(EST['dir'])}) AS dir, sum({q(EST['fte'])}) AS est
                FROM {est} GROUP BY 1
            ), filled AS (
                SELECT post, sum(fte) AS in_post FROM pay GROUP BY post
            ), vac AS (
                SELECT dir, sum(est) AS est, sum(greatest(est - coalesce(in_post, 0), 0)) AS vac
                FROM posts LEFT JOIN filled USING (post) GROUP BY dir
            ), stock AS (
                SELECT dir, sum(fte) AS in_post FROM (
                    SELECT dir, fte FROM pay
                    UNION ALL
                    SELECT {key(LVR['dir'])}, {q(LVR['fte'])} FROM {lvr} WHERE {lvr_in_post}
                ) GROUP BY dir
            ), agency AS (
                SELECT {key(AGY['dir'])} AS dir, sum({hours}) AS h,
                       sum({hours}) FILTER (WHERE lower(trim({q(AGY['covering'])})) = 'vacancy') AS cover
                FROM {agy} WHERE {active} GROUP BY 1
            )
            SELECT dir, coalesce(vac.est, 0), coalesce(stock.in_post, 0), coalesce(vac.vac, 0),
                   coalesce(agency.h, 0), coalesce(agency.cover, 0)
            FROM vac FULL JOIN stock USING (dir) FULL JOIN agency USING (dir)
            ORDER BY dir
        """
    elif report == "costs":
        cost = " + ".join(f"coalesce({money(c)}, 0)" for c in PAY["cost"])
        s, e = q(AGY["start"]), q(AGY["end"])
        # Days active in P; spend in units of 10^-6 pounds, then to whole pence,
        # half away from zero: rate x hours x days x 46 / 364.
        days = f"greatest(datediff('day', greatest({s}, {P0}), least(coalesce({e}, {D}), {D})) + 1, 0)"
        micro = f"CAST(rate * h * {days} * {WEEKS} * 1000000 AS HUGEINT)"
        div = 7 * 52 * 10000  # 10^-6 pounds per penny x 364
        pence = f"sign({micro}) * ((2 * abs({micro}) + {div}) // {2 * div})"
        sql = f"""
            WITH pay AS (
                SELECT {key(PAY['job'])} AS job, {q(PAY['fte'])} AS fte, {cost} AS cost
                FROM {pay} WHERE {q(PAY['start'])} <= {D}
            ), perm AS (
                SELECT job, sum(fte) AS pay_fte, sum(cost * fte) AS cost_fte FROM pay GROUP BY job
            ), stock AS (
                SELECT job, sum(fte) AS fte FROM (
                    SELECT job, fte FROM pay
                    UNION ALL
                    SELECT {key(LVR['job'])}, {q(LVR['fte'])} FROM {lvr} WHERE {lvr_in_post}
                ) GROUP BY job
            ), ag AS (
                SELECT {key(AGY['job'])} AS job, {s}, {e}, {hours} AS h, {money(AGY['rate'])} AS rate
                FROM {agy}
            ), active AS (
                SELECT job, sum(h) AS h, sum(rate * h) AS rh FROM ag WHERE {active} GROUP BY job
            ), spend AS (
                SELECT job, sum({pence}) AS pence FROM ag GROUP BY job
            )
            SELECT job, coalesce(stock.fte, 0), coalesce(perm.pay_fte, 0), coalesce(perm.cost_fte, 0),
                   coalesce(active.h, 0), coalesce(active.rh, 0), coalesce(spend.pence, 0)
            FROM stock FULL JOIN perm USING (job) FULL JOIN active USING (job) FULL JOIN spend USING (job)
            ORDER BY job
        """
    else:
        raise ValueError(report)
    return duckdb.sql(sql).fetchall()


# ---------------------------------------------------------------------------
# polars (lazy)


def pl_scan(name: str, decimals: list) -> "pl.LazyFrame":
    """The extract `name`, every column text but `decimals` (exact decimals;
    those the file lacks, None, left out)."""
    import polars as pl

    x = EXTRACTS.get(name)  # not bound: the path, for polars to say if it is missing
    return pl.scan_csv(x.polars_source() if x else f"{DATA_DIR[0]}/{name}.csv", infer_schema=False,
                       schema_overrides={c: pl.Decimal(18, 6) for c in decimals if c is not None})


def pl_date(col: str) -> "pl.Expr":
    import polars as pl

    return pl.col(col).str.to_date("%d/%m/%Y")


def pl_money(col: str) -> "pl.Expr":
    import polars as pl

    v = pl.col(col).str.strip_chars().str.replace_all("£", "", literal=True).str.replace_all(",", "", literal=True)
    n = v.str.strip_chars("()").cast(pl.Decimal(18, 2))
    return pl.when(v.str.starts_with("(")).then(-n).otherwise(n)


def pl_key(col: str) -> "pl.Expr":
    import polars as pl

    return pl.col(col).fill_null(BLANK)




def polars_run(report: str, data: str, d: dt.date, p0: dt.date) -> list[tuple]:
    import polars as pl

    dec = pl.Decimal(18, 6)

    scan, date, money, key = pl_scan, pl_date, pl_money, pl_key

    o = p0 - dt.timedelta(days=1)
    zero = pl.lit(0, dtype=dec)
    hours = pl.col(AGY["hours"]).fill_null(pl.lit(STANDARD_HOURS, dtype=dec))

    def lvr_in_post() -> "pl.LazyFrame":
        return (scan("leavers", [LVR["fte"]])
                .with_columns(s=date(LVR["start"]), l=date(LVR["leave"]))
                .filter((pl.col("s") <= d) & (pl.col("l") > d)))

    if report == "leavers":
        reason = pl.col(LVR["reason"]).str.strip_chars()
        out = (scan("leavers", [LVR["fte"]])
               .filter(date(LVR["leave"]).is_between(p0, d))
               .group_by(pl.when(reason.is_null() | (reason == "")).then(pl.lit("Not recorded"))
                         .otherwise(reason).alias("reason"))
               .agg(pl.len().alias("leavers"), pl.col(LVR["fte"]).sum().fill_null(0).alias("fte"),
                    pl.col(LVR["exit"]).str.strip_chars().str.to_lowercase().is_in(YES).sum().alias("exits"))
               .sort(["leavers", "reason"], descending=[True, False]))
    elif report == "cohorts":
        s, e = date(LVR["start"]), date(LVR["leave"])
        years = (e.dt.year() - s.dt.year()).cast(pl.Int32) - (
            (e.dt.month().cast(pl.Int32) * 100 + e.dt.day()) < (s.dt.month().cast(pl.Int32) * 100 + s.dt.day())
        ).cast(pl.Int32)
        band = (pl.when(years < 1).then(pl.lit("<1")).when(years < 2).then(pl.lit("1-2"))
                .when(years < 5).then(pl.lit("2-5")).when(years < 10).then(pl.lit("5-10")).otherwise(pl.lit("10+")))
        out = (scan("leavers", [LVR["fte"]])
               .filter(e.is_between(p0, d))
               .group_by(band.alias("band"))
               .agg(pl.len(), pl.col(LVR["fte"]).sum()))
    elif report == "turnover":
        pay = scan("payroll", [PAY["fte"]]).select(
            emp=pl.col(PAY["emp"]), dir=key(PAY["dir"]), fte=pl.col(PAY["fte"]),
            s=date(PAY["start"]), l=pl.lit(None, dtype=pl.Date))
        lvr = scan("leavers", [LVR["fte"]]).select(
            emp=pl.col(LVR["emp"]), dir=key(LVR["dir"]), fte=pl.col(LVR["fte"]),
            s=date(LVR["start"]), l=date(LVR["leave"]))
        s, l = pl.col("s"), pl.col("l")
        r = pl.concat([pay, lvr])
        # A start in P of someone in post the day before (an earlier row not
        # left before it): a second post, no new start.
        second = (r.filter(s.is_between(p0, d)).select("emp", "s").unique()
                  .join(r.select("emp", s0="s", l0="l"), on="emp")
                  .filter((pl.col("s0") < s) & (pl.col("l0").is_null() | (pl.col("l0") >= s)))
                  .select("emp", "s").unique().with_columns(second=pl.lit(True)))
        rows = (r.join(second, on=["emp", "s"], how="left")
                .with_columns(at_end=(s <= d) & (l.is_null() | (l > d)),
                              at_open=(s <= o) & (l.is_null() | (l > o)),
                              starter=s.is_between(p0, d) & pl.col("second").is_null(),
                              leaver=l.is_between(p0, d).fill_null(False))
                .filter(pl.col("at_end") | pl.col("at_open") | pl.col("starter") | pl.col("leaver")))
        person = [
            pl.col("at_end").any().alias("e"), pl.col("at_open").any().alias("o"),
            pl.col("starter").any().alias("st"),
            pl.col("fte").filter(pl.col("at_end")).sum().alias("e_fte"),
            pl.col("leaver").sum().alias("lv"),
            pl.col("fte").filter(pl.col("leaver")).sum().alias("lv_fte"),
        ]
        group = [
            pl.col("e").sum().alias("in_post"), pl.col("e_fte").sum().alias("in_post_fte"),
            pl.col("st").sum().alias("starters"), pl.col("lv").sum().alias("leavers"),
            pl.col("lv_fte").sum().alias("leavers_fte"), pl.col("o").sum().alias("opening"),
            (pl.col("e") & pl.col("o")).sum().alias("stayed"),
        ]
        by_dir = rows.group_by(["dir", "emp"]).agg(person).group_by("dir").agg(group).sort("dir")
        total = (rows.group_by("emp").agg(person).select(group)
                 .select(pl.lit(None, dtype=pl.String).alias("dir"), pl.all()))
        out = pl.concat([by_dir, total])
    elif report == "vacancies":
        pay = (scan("payroll", [PAY["fte"]])
               .filter(date(PAY["start"]) <= d)
               .select(post=key(PAY["post"]), dir=key(PAY["dir"]), fte=pl.col(PAY["fte"])))
        posts = (scan("establishment", [EST["fte"]])
                 .group_by(key(EST["post"]).alias("post"))
                 .agg(pl.col(EST["dir"]).fill_null(BLANK).first().alias("dir"), pl.col(EST["fte"]).sum().alias("est")))
        filled = pay.group_by("post").agg(pl.col("fte").sum().alias("in_post"))
        vac = (posts.join(filled, on="post", how="left")
               .with_columns(v=pl.max_horizontal(pl.col("est") - pl.col("in_post").fill_null(zero), zero))
               .group_by("dir").agg(pl.col("est").sum(), pl.col("v").sum().alias("vac")))
        stock = (pl.concat([pay.select("dir", "fte"),
                            lvr_in_post().select(dir=key(LVR["dir"]), fte=pl.col(LVR["fte"]))])
                 .group_by("dir").agg(pl.col("fte").sum().alias("in_post")))
        s, e = date(AGY["start"]), date(AGY["end"])
        covering = pl.col(AGY["covering"]).str.strip_chars().str.to_lowercase() == "vacancy"
        agency = (scan("agency", [AGY["hours"]])
                  .filter((s <= d) & (e.is_null() | (e >= d)))
                  .group_by(key(AGY["dir"]).alias("dir"))
                  .agg(hours.sum().alias("h"), hours.filter(covering).sum().alias("cover")))
        out = (vac.join(stock, on="dir", how="full", coalesce=True)
               .join(agency, on="dir", how="full", coalesce=True)
               .select("dir", pl.col("est").fill_null(zero), pl.col("in_post").fill_null(zero),
                       pl.col("vac").fill_null(zero), pl.col("h").fill_null(zero), pl.col("cover").fill_null(zero))
               .sort("dir"))
    elif report == "costs":
        cost = pl.sum_horizontal([money(c).fill_null(0) for c in PAY["cost"]]).cast(pl.Decimal(18, 2))
        pay = (scan("payroll", [PAY["fte"]])
               .filter(date(PAY["start"]) <= d)
               .select(job=key(PAY["job"]), fte=pl.col(PAY["fte"]), cost=cost))
        perm = pay.group_by("job").agg(pl.col("fte").sum().alias("pay_fte"),
                                       (pl.col("cost").cast(dec) * pl.col("fte")).sum().alias("cost_fte"))
        stock = (pl.concat([pay.select("job", "fte"),
                            lvr_in_post().select(job=key(LVR["job"]), fte=pl.col(LVR["fte"]))])
                 .group_by("job").agg(pl.col("fte").sum().alias("fte")))
        ag = (scan("agency", [AGY["hours"]])
              .select(job=key(AGY["job"]), s=date(AGY["start"]), e=date(AGY["end"]), h=hours,
                      rate=money(AGY["rate"])))
        s, e = pl.col("s"), pl.col("e")
        active = (ag.filter((s <= d) & (e.is_null() | (e >= d)))
                  .group_by("job").agg(pl.col("h").sum(), (pl.col("rate").cast(dec) * pl.col("h")).sum().alias("rh")))
        # Days active in P; spend in 10^-6 pounds as integers, then whole
        # pence half away from zero: rate x hours x days x 46 / 364.
        first = pl.max_horizontal(s, pl.lit(p0))
        last = pl.min_horizontal(e.fill_null(pl.lit(d)), pl.lit(d))
        days = pl.max_horizontal((last - first).dt.total_days() + 1, pl.lit(0))
        micro = ((pl.col("rate") * 100).cast(pl.Int64) * (pl.col("h") * 10000).cast(pl.Int64)
                 * days * WEEKS)
        div = 7 * 52 * 10000
        pence = micro.sign() * ((2 * micro.abs() + div) // (2 * div))
        spend = ag.group_by("job").agg(pence.sum().alias("pence"))
        out = (stock.join(perm, on="job", how="full", coalesce=True)
               .join(active, on="job", how="full", coalesce=True)
               .join(spend, on="job", how="full", coalesce=True)
               .select("job", pl.col("fte").fill_null(zero), pl.col("pay_fte").fill_null(zero),
                       pl.col("cost_fte").fill_null(0), pl.col("h").fill_null(zero), pl.col("rh").fill_null(0),
                       pl.col("pence").fill_null(0))
               .sort("job"))
    else:
        raise ValueError(report)
    return out.collect().rows()


# ---------------------------------------------------------------------------
# pandas: the leavers report only (CSV and XLSX)


def pandas_leavers(mode: str, data: str, d: dt.date, p0: dt.date) -> list[tuple]:
    import pandas as pd

    cols = [LVR["leave"], LVR["fte"], LVR["reason"], LVR["exit"]]
    if mode == "pandas-csv":
        df = pd.read_csv(f"{data}/leavers.csv", usecols=cols, dtype=str, keep_default_na=False,
                         encoding=EXTRACTS["leavers"].python_encoding(), encoding_errors="swr-c1")
        df[LVR["leave"]] = pd.to_datetime(df[LVR["leave"]], format="%d/%m/%Y")
        fte = pd.to_numeric(df[LVR["fte"]].replace("", "0"))
    else:
        df = pd.read_excel(f"{data}/leavers.xlsx", sheet_name="Leavers", header=2, usecols=cols,
                           engine="openpyxl", dtype={LVR["reason"]: str, LVR["exit"]: str})
        df[LVR["leave"]] = pd.to_datetime(df[LVR["leave"]])
        fte = pd.to_numeric(df[LVR["fte"]]).fillna(0)
    # FTE in exact integer units of 10^-6 (no float sums).
    df["_fte"] = (fte * 1_000_000).round().astype("int64")
    keep = (df[LVR["leave"]] >= pd.Timestamp(p0)) & (df[LVR["leave"]] <= pd.Timestamp(d))
    df = df[keep]
    reason = df[LVR["reason"]].fillna("").str.strip()
    df = df.assign(reason=reason.where(reason != "", "Not recorded"),
                   _exit=df[LVR["exit"]].fillna("").str.strip().str.lower().isin(YES))
    g = (df.groupby("reason").agg(leavers=("_fte", "size"), fte=("_fte", "sum"), exits=("_exit", "sum"))
         .reset_index().sort_values(["leavers", "reason"], ascending=[False, True]))
    return [(r, int(n), Decimal(int(f)).scaleb(-6), int(x)) for r, n, f, x in g.itertuples(index=False, name=None)]


# ---------------------------------------------------------------------------
# The tables, from the engines' sums and counts: exact rates, swr's rounding.


def frac(x) -> Fraction:
    return Fraction(0) if x is None else Fraction(x)


def pct(part, whole):
    return None if whole == 0 else Fraction(part) * 100 / Fraction(whole)


def ratio(a, b):
    return None if b == 0 else Fraction(a) / Fraction(b)


def round_away(x: Fraction, dp: int) -> Decimal:
    q = abs(x) * 10**dp
    n = math.floor(q + Fraction(1, 2))
    return (Decimal(-n if x < 0 else n)).scaleb(-dp)


def money(x) -> str:
    return "" if x is None else f"{round_away(Fraction(x), 2):.2f}"


def pct1(x) -> str:
    return "" if x is None else f"{round_away(Fraction(x), 1):.1f}"


def fte(x) -> str:
    if x is None:
        return ""
    r = round_away(Fraction(x), 2)
    return "0" if r == 0 else format(r.normalize(), "f")


def count(x) -> str:
    return str(int(x))


def text(s: str) -> str:
    """swr writes a text cell that a spreadsheet would run as a formula with a leading '."""
    return "'" + s if s[:1] in ("=", "+", "-", "@", "\t", "\r", "\n") else s


def finish(report: str, rows: list[tuple]) -> tuple[list[str], list[list[str]]]:
    if report == "leavers":
        cols = ["reason", "leavers", "leavers_fte", "share_pct", "exit_interviews", "exit_interview_pct"]
        total = sum(int(r[1]) for r in rows)
        out, t_fte, t_exit = [], Fraction(0), 0
        for reason, n, f, x in rows:
            out.append([text(reason), count(n), fte(frac(f)), pct1(pct(n, total)), count(x), pct1(pct(x, n))])
            t_fte += frac(f)
            t_exit += int(x)
        out.append(["Total", count(total), fte(t_fte), pct1(pct(total, total)), count(t_exit), pct1(pct(t_exit, total))])
        return cols, out

    if report == "cohorts":
        cols = ["band", "headcount", "fte", "share_pct"]
        got = {band: (int(n), frac(f)) for band, n, f in rows}
        total = sum(n for n, _ in got.values())
        out = []
        for band in BANDS:
            n, f = got.get(band, (0, Fraction(0)))
            out.append([band, count(n), fte(f), pct1(pct(n, total))])
        out.append(["Total", count(total), fte(sum((f for _, f in got.values()), Fraction(0))), pct1(pct(total, total))])
        return cols, out

    if report == "turnover":
        cols = ["directorate", "in_post", "in_post_fte", "starters", "leavers", "leavers_fte",
                "turnover_pct", "turnover_fte_pct", "stability_pct"]
        out, total = [], None
        for dir_, in_post, in_fte, starters, leavers, lv_fte, opening, stayed in rows:
            cells = [count(in_post), fte(frac(in_fte)), count(starters), count(leavers), fte(frac(lv_fte)),
                     pct1(pct(leavers, in_post)), pct1(pct(frac(lv_fte), frac(in_fte))), pct1(pct(stayed, opening))]
            if dir_ is None:
                total = ["Total"] + cells
            elif in_post or opening or leavers or starters:
                out.append([text(dir_)] + cells)
        out.append(total)
        return cols, out

    if report == "vacancies":
        cols = ["directorate", "establishment_fte", "in_post_fte", "vacancy_fte", "vacancy_rate_pct",
                "agency_fte", "agency_cover_fte", "agency_rate_pct"]
        out = []
        t = [Fraction(0)] * 5

        def cells(est, inp, vac, h, cover):
            ag = h / STANDARD_HOURS
            return [fte(est), fte(inp), fte(vac), pct1(pct(vac, vac + inp)),
                    fte(ag), fte(cover / STANDARD_HOURS), pct1(pct(ag, ag + inp))]

        for dir_, *vals in rows:
            vals = [frac(v) for v in vals]
            out.append([text(dir_)] + cells(*vals))
            t = [a + b for a, b in zip(t, vals)]
        out.append(["Total"] + cells(*t))
        return cols, out

    if report == "costs":
        cols = ["job_title", "permanent_fte", "permanent_cost_per_fte", "agency_fte", "agency_cost_per_fte",
                "premium_per_fte", "premium_pct", "annual_premium", "agency_spend"]
        out = []
        t = [Fraction(0)] * 6
        annual_sum = Decimal(0)

        def figures(perm_fte, pay_fte, cost_fte, h, rh, pence):
            perm = ratio(cost_fte, pay_fte)
            agency_fte = h / STANDARD_HOURS
            agency = None if h == 0 else rh / h * STANDARD_HOURS * WEEKS
            premium = None if perm is None or agency is None else agency - perm
            premium_pct = None if premium is None else pct(premium, perm)
            annual = None if premium is None else round_away(premium * agency_fte, 2)
            return [fte(perm_fte), money(perm), fte(agency_fte), money(agency), money(premium),
                    pct1(premium_pct), money(annual), money(pence / 100)], annual

        for job, *vals in rows:
            vals = [frac(v) for v in vals]
            cells, annual = figures(*vals)
            out.append([text(job)] + cells)
            if annual is not None:
                annual_sum += annual
            t = [a + b for a, b in zip(t, vals)]
        cells, _ = figures(*t)
        cells[6] = money(annual_sum) if rows else ""
        out.append(["Total"] + cells)
        return cols, out

    raise ValueError(report)


# ---------------------------------------------------------------------------
# retention, movements and pay: a function per engine and one that makes the
# table, each dispatched from PEERS.

AT = [6, 12, 24]  # swr retention's default --at (months)


def months_after_sql(day: str, n: int) -> str:
    """`day` + n calendar months; where that month has no such day (31 August + 6
    months), the 1st of the month after, as swr (Model::months_after)."""
    m = f"CAST({day} + INTERVAL {n} MONTH AS DATE)"
    return f"CASE WHEN day({m}) <> day({day}) THEN {m} + 1 ELSE {m} END"


def duckdb_retention(data: str, d: dt.date, p0: dt.date) -> list[tuple]:
    """One row per cohort (UK financial year of the first start): starters,
    still in post on D, and for each N the eligible and the retained; and the
    leavers extract's first leave date (which cohorts can be told)."""
    import duckdb

    need("payroll", PAY, "emp", "start")
    need("leavers", LVR, "emp", "start", "leave")
    q, D = duck_q, f"DATE '{d}'"
    pay = duck_src("payroll", {PAY["emp"]: "VARCHAR", PAY["start"]: "DATE"})
    lvr = duck_src("leavers", {LVR["emp"]: "VARCHAR", LVR["start"]: "DATE", LVR["leave"]: "DATE"})

    def in_post(day: str) -> str:
        return f"s <= {day} AND (l IS NULL OR l > {day})"

    sql = f"""
        WITH r AS (
            SELECT {q(PAY['emp'])} AS emp, {q(PAY['start'])} AS s, NULL::DATE AS l FROM {pay}
            UNION ALL
            SELECT {q(LVR['emp'])}, {q(LVR['start'])}, {q(LVR['leave'])} FROM {lvr}
        ), starts AS (
            SELECT emp, min(s) AS f FROM r GROUP BY emp HAVING min(s) <= {D}
        ), days AS (
            SELECT emp, f, {", ".join(f"{months_after_sql('f', n)} AS a{n}" for n in AT)} FROM starts
        ), person AS (
            SELECT emp, any_value(f) AS f, {", ".join(f"any_value(a{n}) AS a{n}" for n in AT)},
                   bool_or({in_post(D)}) AS now,
                   {", ".join(f"bool_or({in_post(f'a{n}')}) AS i{n}" for n in AT)}
            FROM days JOIN r USING (emp)
            GROUP BY emp
        )
        SELECT year(f) - CASE WHEN month(f) < 4 THEN 1 ELSE 0 END AS cohort,
               count(*), count(*) FILTER (WHERE now),
               {", ".join(f"count(*) FILTER (WHERE a{n} <= {D}), count(*) FILTER (WHERE a{n} <= {D} AND i{n})"
                          for n in AT)},
               (SELECT min(l) FROM r)
        FROM person
        GROUP BY 1
        ORDER BY 1
    """
    return duckdb.sql(sql).fetchall()


def polars_retention(data: str, d: dt.date, p0: dt.date) -> list[tuple]:
    import polars as pl

    need("payroll", PAY, "emp", "start")
    need("leavers", LVR, "emp", "start", "leave")
    r = pl.concat([
        pl_scan("payroll", []).select(emp=pl.col(PAY["emp"]), s=pl_date(PAY["start"]),
                                      l=pl.lit(None, dtype=pl.Date)),
        pl_scan("leavers", []).select(emp=pl.col(LVR["emp"]), s=pl_date(LVR["start"]), l=pl_date(LVR["leave"])),
    ])
    f, s, l = pl.col("f"), pl.col("s"), pl.col("l")

    def after(n: int) -> "pl.Expr":
        m = f.dt.offset_by(f"{n}mo")  # the month's last day where it has no such day
        return pl.when(m.dt.day() != f.dt.day()).then(m.dt.offset_by("1d")).otherwise(m)

    def in_post(day: "pl.Expr") -> "pl.Expr":
        return (s <= day) & (l.is_null() | (l > day))

    days = r.group_by("emp").agg(f=s.min()).filter(f <= d).with_columns(**{f"a{n}": after(n) for n in AT})
    person = (days.join(r, on="emp")
              .group_by("emp")
              .agg(f.first(), *[pl.col(f"a{n}").first() for n in AT],
                   now=in_post(pl.lit(d)).any(), **{f"i{n}": in_post(pl.col(f"a{n}")).any() for n in AT}))
    counts = [pl.len().alias("starters"), pl.col("now").sum()]
    for n in AT:
        eligible = pl.col(f"a{n}") <= d
        counts += [eligible.sum().alias(f"e{n}"), (eligible & pl.col(f"i{n}")).sum().alias(f"r{n}")]
    cohort = f.dt.year().cast(pl.Int32) - (f.dt.month() < 4).cast(pl.Int32)
    held = pl_scan("leavers", []).select(held=pl_date(LVR["leave"]).min())
    out = person.group_by(cohort.alias("cohort")).agg(counts).sort("cohort").join(held, how="cross")
    return out.collect().rows()


def financial_year(day: dt.date) -> int:
    return day.year - (day.month < 4)


def finish_retention(rows: list[tuple], d: dt.date) -> tuple[list[str], list[list[str]]]:
    cols = ["cohort", "starters", "still_in_post", "still_in_post_pct"]
    for n in AT:
        cols += [f"eligible_{n}m", f"retained_{n}m", f"retained_{n}m_pct"]
    # swr: a cohort that began before the leavers extract's first leave date
    # cannot be told (those of it who left before are in no extract), nor can any
    # when the as-of date is before that date or there are no leave dates.
    held = rows[0][-1] if rows else None
    covered = not rows or (held is not None and d >= held)

    def cells(c: list[int]) -> list[str]:
        out = [count(c[0]), count(c[1]), pct1(pct(c[1], c[0]))]
        for i in range(len(AT)):
            e, r = c[2 + 2 * i], c[3 + 2 * i]
            out += [count(e), count(r), pct1(pct(r, e))]
        return out

    na = [""] * (len(cols) - 1)
    out, total, told = [], [0] * (2 + 2 * len(AT)), covered
    for cohort, *c, _ in sorted(rows):
        c = [int(x) for x in c]
        total = [a + b for a, b in zip(total, c)]
        ok = covered and cohort >= financial_year(held)
        told &= ok
        out.append([f"{cohort}/{(cohort + 1) % 100:02d}"] + (cells(c) if ok else na))
    out.append(["Total"] + (cells(total) if told else na))
    return cols, out


MOVES = ["in_from", "in_to", "joined", "left", "stayed", "grade_changes", "promotions", "transfers",
         "job_changes", "fte_changes"]


def movements_columns() -> dict[str, bool]:
    """Which of team, grade and fte both snapshots have (swr compares those only)."""
    need("payroll", PAY, "emp", "dir", "job")
    need("payroll_2024", PAY_FROM, "emp", "dir", "job")
    return {k: PAY[k] is not None and PAY_FROM[k] is not None for k in ("team", "grade", "fte")}


def duckdb_movements(data: str, d: dt.date, p0: dt.date) -> list[tuple]:
    """(is Total, directorate, the MOVES counts): each person once in the Total
    and in each directorate of their earlier rows (of their later ones for
    joiners); compared through their main row (largest fte, then the lowest
    directorate, team, job_title, grade), with the fte of all their rows."""
    import duckdb

    both, q = movements_columns(), duck_q

    def snapshot(name: str, t: dict) -> str:
        types = {t["emp"]: "VARCHAR", t["dir"]: "VARCHAR", t["job"]: "VARCHAR"}
        cols = [f"{q(t['emp'])} AS emp", f"{q(t['dir'])} AS dir", f"{q(t['job'])} AS job"]
        for k in ("team", "grade"):
            if both[k]:
                types[t[k]] = "VARCHAR"
            cols.append(f"{q(t[k])} AS {k}" if both[k] else f"NULL::VARCHAR AS {k}")
        if both["fte"]:
            types[t["fte"]] = FTE_TYPE
        cols.append(f"{q(t['fte'])} AS fte" if both["fte"] else f"NULL::{FTE_TYPE} AS fte")
        return f"SELECT {', '.join(cols)} FROM {duck_src(name, types)}"

    order = ", ".join((["fte DESC NULLS LAST"] if both["fte"] else [])
                      + [f"{c} ASC NULLS LAST" for c in ("dir", "team", "job", "grade")
                         if c in ("dir", "job") or both[c]])

    def people(src: str) -> str:
        return f"""SELECT emp, first(job ORDER BY {order}) AS job, first(grade ORDER BY {order}) AS grade,
                          CASE WHEN bool_or(fte IS NULL) THEN NULL ELSE sum(fte) END AS fte
                   FROM {src} GROUP BY emp"""

    def scale(g: str) -> str:  # Grade 10 -> 'grade #' (swr's natural order of grades)
        return (f"CASE WHEN regexp_matches({g}, '[0-9]') "
                f"THEN regexp_replace(lower(trim({g})), '[0-9]+', '#', 'g') END")

    def rank(g: str) -> str:  # Grade 10 -> [10]
        return f"CAST(regexp_extract_all({g}, '[0-9]+') AS HUGEINT[])"

    sums = ", ".join(f"count(*) FILTER (WHERE {c})" for c in
                     ("f", "t", "joined", "lft", "stayed", "grade", "promotion", "transfer", "job", "fte"))
    sql = f"""
        WITH old AS ({snapshot("payroll_2024", PAY_FROM)}),
        new AS ({snapshot("payroll", PAY)}),
        po AS ({people("old")}),
        pn AS ({people("new")}),
        places AS (
            SELECT DISTINCT o.emp
            FROM (SELECT DISTINCT emp, lower(dir) AS d, lower(team) AS tm FROM old) o
            JOIN (SELECT DISTINCT emp, lower(dir) AS d, lower(team) AS tm FROM new) n
              ON o.emp = n.emp AND o.d IS NOT DISTINCT FROM n.d AND o.tm IS NOT DISTINCT FROM n.tm
        ), p AS (
            SELECT coalesce(po.emp, pn.emp) AS emp, po.emp IS NOT NULL AS f, pn.emp IS NOT NULL AS t,
                   po.job AS job_f, pn.job AS job_t, po.grade AS grade_f, pn.grade AS grade_t,
                   po.fte AS fte_f, pn.fte AS fte_t
            FROM po FULL JOIN pn ON po.emp = pn.emp
        ), flags AS (
            SELECT p.emp, f, t, f AND t AS stayed, f AND NOT t AS lft, t AND NOT f AS joined,
                   f AND t AND coalesce(lower(job_f) <> lower(job_t), false) AS job,
                   f AND t AND coalesce(fte_f <> fte_t, false) AS fte,
                   f AND t AND places.emp IS NULL AS transfer,
                   f AND t AND coalesce(lower(grade_f) <> lower(grade_t), false) AS grade,
                   f AND t AND coalesce(lower(grade_f) <> lower(grade_t)
                                        AND {scale('grade_f')} = {scale('grade_t')}
                                        AND {rank('grade_t')} > {rank('grade_f')}, false) AS promotion
            FROM p LEFT JOIN places ON p.emp = places.emp
        ), groups AS (
            SELECT DISTINCT emp, {duck_key('dir')} AS dir FROM old
            UNION
            SELECT DISTINCT emp, {duck_key('dir')} FROM new WHERE emp NOT IN (SELECT emp FROM old)
        )
        SELECT false, dir, {sums} FROM flags JOIN groups USING (emp) GROUP BY dir
        UNION ALL
        SELECT true, NULL, {sums} FROM flags
    """
    return duckdb.sql(sql).fetchall()


def polars_movements(data: str, d: dt.date, p0: dt.date) -> list[tuple]:
    import polars as pl

    both = movements_columns()
    none = pl.lit(None, dtype=pl.String)

    def snapshot(name: str, t: dict) -> "pl.LazyFrame":
        return pl_scan(name, [t["fte"]] if both["fte"] else []).select(
            emp=pl.col(t["emp"]), dir=pl.col(t["dir"]), job=pl.col(t["job"]),
            team=pl.col(t["team"]) if both["team"] else none,
            grade=pl.col(t["grade"]) if both["grade"] else none,
            fte=pl.col(t["fte"]) if both["fte"] else pl.lit(None, dtype=pl.Decimal(18, 6)))

    old, new = snapshot("payroll_2024", PAY_FROM), snapshot("payroll", PAY)
    order = ((["fte"] if both["fte"] else [])
             + [c for c in ("dir", "team", "job", "grade") if c in ("dir", "job") or both[c]])
    descending = [c == "fte" for c in order]

    def people(lf: "pl.LazyFrame", side: str) -> "pl.LazyFrame":
        def main(c: str) -> "pl.Expr":
            return pl.col(c).sort_by(order, descending=descending, nulls_last=True).first().alias(f"{c}_{side}")

        fte = pl.when(pl.col("fte").is_null().any()).then(None).otherwise(pl.col("fte").sum())
        return lf.group_by("emp").agg(main("job"), main("grade"), fte.alias(f"fte_{side}"),
                                      (pl.len() > 0).alias(side))

    def places(lf: "pl.LazyFrame") -> "pl.LazyFrame":
        return lf.select("emp", d=pl.col("dir").str.to_lowercase(), tm=pl.col("team").str.to_lowercase()).unique()

    kept = (places(old).join(places(new), on=["emp", "d", "tm"], nulls_equal=True)
            .select("emp").unique().with_columns(kept=pl.lit(True)))

    def scale(g: "pl.Expr") -> "pl.Expr":  # Grade 10 -> 'grade #'
        return pl.when(g.str.contains("[0-9]")).then(
            g.str.strip_chars().str.to_lowercase().str.replace_all("[0-9]+", "#"))

    def rank(g: "pl.Expr") -> "pl.Expr":  # Grade 10 -> '000...010': numbers as text that sorts
        return (g.str.extract_all("[0-9]+")
                .list.eval(pl.element().str.strip_chars_start("0").str.pad_start(20, "0")).list.join(","))

    f, t = pl.col("f"), pl.col("t")
    stayed = f & t

    def differ(c: str) -> "pl.Expr":
        return (pl.col(f"{c}_f").str.to_lowercase() != pl.col(f"{c}_t").str.to_lowercase()).fill_null(False)

    gf, gt = pl.col("grade_f"), pl.col("grade_t")
    flags = (people(old, "f").join(people(new, "t"), on="emp", how="full", coalesce=True)
             .with_columns(f.fill_null(False), t.fill_null(False))
             .join(kept, on="emp", how="left")
             .select("emp", "f", "t", joined=~f & t, lft=f & ~t, stayed=stayed,
                     grade=stayed & differ("grade"),
                     promotion=(stayed & differ("grade")
                                & ((scale(gf) == scale(gt)) & (rank(gt) > rank(gf))).fill_null(False)),
                     transfer=stayed & pl.col("kept").is_null(),
                     job=stayed & differ("job"),
                     fte=stayed & (pl.col("fte_f") != pl.col("fte_t")).fill_null(False)))
    groups = pl.concat([
        old.select("emp", "dir"),
        new.join(old.select("emp"), on="emp", how="anti").select("emp", "dir"),
    ]).with_columns(pl.col("dir").fill_null(BLANK)).unique()
    sums = [pl.col(c).sum()
            for c in ("f", "t", "joined", "lft", "stayed", "grade", "promotion", "transfer", "job", "fte")]
    by_dir = flags.join(groups, on="emp").group_by("dir").agg(sums).select(pl.lit(False).alias("total"), pl.all())
    total = flags.select(sums).select(pl.lit(True).alias("total"), none.alias("dir"), pl.all())
    return pl.concat([by_dir, total]).collect().rows()


def finish_movements(rows: list[tuple], d: dt.date) -> tuple[list[str], list[list[str]]]:
    both = movements_columns()
    out, total = [], None
    for is_total, dir_, *c in sorted(rows, key=lambda r: (r[0], r[1] or "")):
        cells = [count(x) for x in c]
        if not both["grade"]:
            cells[5] = cells[6] = ""
        if not both["fte"]:
            cells[9] = ""
        if is_total:
            total = ["Total"] + cells
        else:
            out.append([text(dir_)] + cells)
    return ["directorate"] + MOVES, out + [total]


PAY_COLUMNS = ["headcount", "fte", "salary_median", "salary_mean", "salary_min", "salary_max", "market_median",
               "gap_to_market", "gap_pct", "with_supplement", "supplement_median", "supplement_total", "paybill"]


def pay_columns() -> tuple[list[str], dict[str, bool]]:
    """swr pay's --by (job_title, and grade when payroll has it) and what it has."""
    need("payroll", PAY, "emp", "job", "fte", "start")
    has = {
        "grade": PAY["grade"] is not None,
        "leavers": "leavers" in EXTRACTS,
        "market": "market" in EXTRACTS,
        "salary": PAY["salary"] is not None,
        "supplement": PAY["supplement"] is not None,
    }
    if has["leavers"]:
        need("leavers", LVR, "emp", "job", "fte", "start", "leave", *(["grade"] if has["grade"] else []))
    if has["market"]:
        need("market", MKT, "median")
    return ["job_title", "grade"] if has["grade"] else ["job_title"], has


def duckdb_pay(data: str, d: dt.date, p0: dt.date) -> list[tuple]:
    """(is Total, job_title[, grade], headcount, fte, blank ftes, the two middle
    salaries, sum of salary x fte and of fte over the salaried, min and max
    salary, the two middle market medians, salaried rows without one, people
    with a supplement, the two middle supplements, supplement x fte and cost x
    fte each to the penny, summed): over the stock on D (payroll rows with a
    start on or before D, and leavers rows with start <= D < leave that no
    payroll row of the same person and start shadows); pay from its payroll rows."""
    import duckdb

    by, has = pay_columns()
    q, money, D = duck_q, duck_money, f"DATE '{d}'"
    nul = "NULL::DECIMAL(18,2)"
    grade = (lambda t: q(t["grade"])) if has["grade"] else (lambda t: "NULL::VARCHAR")
    cost = " + ".join(f"coalesce({money(c)}, 0)" for c in PAY["cost"]) or "0"
    pay = duck_src("payroll", {PAY["emp"]: "VARCHAR", PAY["job"]: "VARCHAR", PAY["grade"]: "VARCHAR",
                               PAY["fte"]: FTE_TYPE, PAY["start"]: "DATE", **{c: "VARCHAR" for c in PAY["cost"]}})
    parts = [f"""
        pay AS (
            SELECT {q(PAY['emp'])} AS emp, {q(PAY['job'])} AS job, {grade(PAY)} AS grade, {q(PAY['fte'])} AS fte,
                   {q(PAY['start'])} AS s, {money(PAY['salary']) if has['salary'] else nul} AS salary,
                   {money(PAY['supplement']) if has['supplement'] else nul} AS supp, {cost} AS cost
            FROM {pay}
        )"""]
    stock = f"SELECT emp, job, grade, fte, true AS payroll, salary, supp, cost FROM pay WHERE s <= {D}"
    if has["leavers"]:
        lvr = duck_src("leavers", {LVR["emp"]: "VARCHAR", LVR["job"]: "VARCHAR", LVR["grade"]: "VARCHAR",
                                   LVR["fte"]: FTE_TYPE, LVR["start"]: "DATE", LVR["leave"]: "DATE"})
        stock += f"""
            UNION ALL
            SELECT emp, job, grade, fte, false, NULL, NULL, NULL FROM (
                SELECT {q(LVR['emp'])} AS emp, {q(LVR['job'])} AS job, {grade(LVR)} AS grade,
                       {q(LVR['fte'])} AS fte, {q(LVR['start'])} AS s
                FROM {lvr} WHERE {q(LVR['start'])} <= {D} AND {q(LVR['leave'])} > {D}
            ) l
            WHERE NOT EXISTS (SELECT 1 FROM pay WHERE pay.emp = l.emp AND pay.s = l.s)"""
    parts.append(f"stock AS ({stock})")
    market = "NULL::DECIMAL(18,2)"
    if has["market"]:
        # A market figure for job_title and grade, else job_title alone, else
        # grade alone (ignoring case; a blank key covers every value).
        mk = duck_src("market", {MKT["median"]: "VARCHAR", MKT["job"]: "VARCHAR", MKT["grade"]: "VARCHAR"})
        kj = f"lower(nullif(trim({q(MKT['job'])}), ''))" if MKT["job"] else "NULL"
        kg = f"lower(nullif(trim({q(MKT['grade'])}), ''))" if MKT["grade"] and has["grade"] else "NULL"
        parts.append(f"mk AS (SELECT {kj} AS kj, {kg} AS kg, {money(MKT['median'])} AS m FROM {mk})")
        parts.append("""rows AS (
            SELECT stock.*, coalesce(m0.m, m1.m, m2.m) AS market
            FROM stock
            LEFT JOIN (SELECT * FROM mk WHERE kj IS NOT NULL AND kg IS NOT NULL) m0
                   ON lower(stock.job) = m0.kj AND lower(stock.grade) = m0.kg
            LEFT JOIN (SELECT * FROM mk WHERE kj IS NOT NULL AND kg IS NULL) m1 ON lower(stock.job) = m1.kj
            LEFT JOIN (SELECT * FROM mk WHERE kj IS NULL AND kg IS NOT NULL) m2 ON lower(stock.grade) = m2.kg
        )""")
    else:
        parts.append(f"rows AS (SELECT *, {market} AS market FROM stock)")

    def middle(v: str, where: str) -> str:  # the two middle values (one when the count is odd)
        return (f"quantile_disc({v}, 0.5) FILTER (WHERE {where}), "
                f"-quantile_disc(-{v}, 0.5) FILTER (WHERE {where})")

    paid, supp = "payroll AND salary IS NOT NULL", "payroll AND supp > 0"
    keys = "job, grade" if has["grade"] else "job"
    sql = f"""
        WITH {", ".join(parts)}
        SELECT grouping({keys}) > 0, {", ".join(f"coalesce({k}, '{BLANK}')" for k in keys.split(", "))},
               count(DISTINCT emp), sum(fte), count(*) FILTER (WHERE fte IS NULL),
               {middle("salary", paid)}, sum(salary * fte) FILTER (WHERE {paid}), sum(fte) FILTER (WHERE {paid}),
               min(salary) FILTER (WHERE {paid}), max(salary) FILTER (WHERE {paid}),
               {middle("market", paid + " AND market IS NOT NULL")},
               count(*) FILTER (WHERE {paid} AND market IS NULL),
               count(DISTINCT emp) FILTER (WHERE {supp}), {middle("supp", supp)},
               sum(round(coalesce(supp, 0) * fte, 2)) FILTER (WHERE payroll),
               sum(round(cost * fte, 2)) FILTER (WHERE payroll)
        FROM rows
        GROUP BY GROUPING SETS (({keys}), ())
    """
    return duckdb.sql(sql).fetchall()


def polars_pay(data: str, d: dt.date, p0: dt.date) -> list[tuple]:
    import polars as pl

    by, has = pay_columns()
    money2 = pl.Decimal(18, 2)
    none = pl.lit(None, dtype=pl.String)

    def pence(col: str) -> "pl.Expr":
        return (pl_money(col).fill_null(0) * 100).cast(pl.Int64)

    # The permanent cost of an FTE-year in pence (blanks 0).
    cost = pl.sum_horizontal([pence(c) for c in PAY["cost"]]) if PAY["cost"] else pl.lit(0, dtype=pl.Int64)
    pay = pl_scan("payroll", [PAY["fte"]]).select(
        emp=pl.col(PAY["emp"]), job=pl.col(PAY["job"]), grade=pl.col(PAY["grade"]) if has["grade"] else none,
        fte=pl.col(PAY["fte"]), s=pl_date(PAY["start"]),
        salary=pl_money(PAY["salary"]) if has["salary"] else pl.lit(None, dtype=money2),
        supp=pl_money(PAY["supplement"]) if has["supplement"] else pl.lit(None, dtype=money2),
        cost=cost)
    parts = [pay.filter(pl.col("s") <= d).drop("s").with_columns(payroll=pl.lit(True))]
    if has["leavers"]:
        s, l = pl_date(LVR["start"]), pl_date(LVR["leave"])
        parts.append(
            pl_scan("leavers", [LVR["fte"]])
            .filter((s <= d) & (l > d))
            .select(emp=pl.col(LVR["emp"]), job=pl.col(LVR["job"]),
                    grade=pl.col(LVR["grade"]) if has["grade"] else none, fte=pl.col(LVR["fte"]), s=s)
            .join(pay.select("emp", "s"), on=["emp", "s"], how="anti")
            .drop("s").with_columns(payroll=pl.lit(False)))
    rows = pl.concat(parts, how="diagonal")
    if has["market"]:
        def key(c):
            if c is None:
                return none
            v = pl.col(c).str.strip_chars().str.to_lowercase()
            return pl.when(v != "").then(v)

        mk = pl_scan("market", []).select(kj=key(MKT["job"]), kg=key(MKT["grade"] if has["grade"] else None),
                                          m=pl_money(MKT["median"]))
        kj, kg = pl.col("kj"), pl.col("kg")
        rows = (rows.with_columns(kj=pl.col("job").str.to_lowercase(), kg=pl.col("grade").str.to_lowercase())
                .join(mk.filter(kj.is_not_null() & kg.is_not_null()).select("kj", "kg", m0="m"),
                      on=["kj", "kg"], how="left")
                .join(mk.filter(kj.is_not_null() & kg.is_null()).select("kj", m1="m"), on="kj", how="left")
                .join(mk.filter(kj.is_null() & kg.is_not_null()).select("kg", m2="m"), on="kg", how="left")
                .with_columns(market=pl.coalesce("m0", "m1", "m2")))
    else:
        rows = rows.with_columns(market=pl.lit(None, dtype=money2))
    payroll, salary, fte = pl.col("payroll"), pl.col("salary"), pl.col("fte")
    paid = payroll & salary.is_not_null()
    supp = payroll & (pl.col("supp") > 0).fill_null(False)
    micro = (fte * 1_000_000).cast(pl.Int64)  # fte in millionths

    def to_pence(x: "pl.Expr") -> "pl.Expr":  # 10^-8 pounds -> pence, half away from zero
        return x.sign() * ((2 * x.abs() + 10**6) // (2 * 10**6))

    def middle(v: "pl.Expr", where: "pl.Expr") -> list:
        v = v.filter(where)
        n = v.count().cast(pl.Int64)
        return [v.sort().get((n - 1) // 2, null_on_oob=True), v.sort().get(n // 2, null_on_oob=True)]

    aggs = [
        pl.col("emp").n_unique(), fte.sum(), fte.null_count(),
        *middle(salary, paid), (salary * fte).filter(paid).sum(), fte.filter(paid).sum(),
        salary.filter(paid).min(), salary.filter(paid).max(),
        *middle(pl.col("market"), paid & pl.col("market").is_not_null()),
        (paid & pl.col("market").is_null()).sum(),
        pl.col("emp").filter(supp).n_unique(), *middle(pl.col("supp"), supp),
        to_pence((pl.col("supp").fill_null(0) * 100).cast(pl.Int64) * micro).filter(payroll).sum(),
        to_pence(pl.col("cost") * micro).filter(payroll).sum(),
    ]
    aggs = [a.alias(f"_{i}") for i, a in enumerate(aggs)]
    keys = [pl.col("job").fill_null(BLANK)] + ([pl.col("grade").fill_null(BLANK)] if has["grade"] else [])
    grouped = rows.group_by(keys).agg(aggs).select(pl.lit(False).alias("total"), pl.all())
    total = rows.select(aggs).select(pl.lit(True).alias("total"),
                                     *[none.alias(k) for k in ("job", "grade")[:len(keys)]], pl.all())
    out = pl.concat([grouped, total]).collect().rows()
    # The two sums in pence, as pounds.
    return [(*r[:-2], Fraction(r[-2] or 0, 100), Fraction(r[-1] or 0, 100)) for r in out]


def finish_pay(rows: list[tuple], d: dt.date) -> tuple[list[str], list[list[str]]]:
    by, has = pay_columns()
    k = len(by)
    out, total = [], None
    for r in sorted(rows, key=lambda r: (r[0], *[x or "" for x in r[1:1 + k]])):
        (headcount, fte_sum, fte_blank, s_lo, s_hi, salary_fte, salaried_fte, s_min, s_max,
         m_lo, m_hi, unmatched, with_supp, sup_lo, sup_hi, sup_total, paybill) = r[1 + k:]
        median = None if s_lo is None else (frac(s_lo) + frac(s_hi)) / 2
        market = None if not has["market"] or unmatched or m_lo is None else (frac(m_lo) + frac(m_hi)) / 2
        gap = None if median is None or market is None else median - market
        supplement = has["supplement"]
        cells = [
            count(headcount), "" if fte_blank else fte(frac(fte_sum)), money(median),
            money(None if not salaried_fte else frac(salary_fte) / frac(salaried_fte)),
            money(s_min), money(s_max), money(market), money(gap),
            pct1(None if gap is None else pct(gap, market)),
            count(with_supp) if supplement else "",
            money(None if sup_lo is None else (frac(sup_lo) + frac(sup_hi)) / 2) if supplement else "",
            money(frac(sup_total)) if supplement else "",
            money(frac(paybill)) if has["salary"] else "",
        ]
        if r[0]:
            total = ["Total"] + [""] * (k - 1) + cells
        else:
            out.append([text(x) for x in r[1:1 + k]] + cells)
    return by + PAY_COLUMNS, out + [total]


# report -> its baseline on each engine, and the function that makes its table
# from what the engine gives back.
PEERS = {
    "retention": {"duckdb": duckdb_retention, "polars": polars_retention, "finish": finish_retention},
    "movements": {"duckdb": duckdb_movements, "polars": polars_movements, "finish": finish_movements},
    "pay": {"duckdb": duckdb_pay, "polars": polars_pay, "finish": finish_pay},
}


def main() -> int:
    if len(sys.argv) != 6:
        print(__doc__, file=sys.stderr)
        return 2
    engine, report, data, out, as_of = sys.argv[1:]
    if engine not in ENGINES or report not in REPORTS:
        print(f"unknown engine or report: {engine} {report}; engines {ENGINES}, reports {REPORTS}", file=sys.stderr)
        return 2
    p0, d = period(dt.date.fromisoformat(as_of))
    if engine.startswith("pandas") and report != "leavers":
        print(f"{engine} does only the leavers report", file=sys.stderr)
        return 2
    bind(report, data, engine)
    with tempfile.TemporaryDirectory(prefix="swr-peer-") as tmp:
        for attempt in range(3):
            try:
                if report in PEERS:
                    rows = PEERS[report][engine](data, d, p0)
                elif engine == "duckdb":
                    rows = duckdb_run(report, data, d, p0)
                elif engine == "polars":
                    rows = polars_run(report, data, d, p0)
                else:
                    rows = pandas_leavers(engine, data, d, p0)
                break
            except Exception as e:
                # A file taken for UTF-8 from its first bytes that is not, or a
                # Windows-1252 one that DuckDB's Latin-1 refuses: once more,
                # reading it as recover() found it must be read.
                if attempt == 2 or not recover(e, tmp):
                    raise
    cols, table = PEERS[report]["finish"](rows, d) if report in PEERS else finish(report, rows)
    with open(out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(cols)
        w.writerows(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
