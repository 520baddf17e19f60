"""The benchmark's baselines: every swr report, done the way an analyst would
do it with DuckDB or polars (and `leavers` with pandas too).

    python queries.py ENGINE REPORT DATA_DIR OUT.csv AS_OF

    ENGINE  duckdb | polars | pandas-csv | pandas-xlsx (pandas: REPORT leavers only)
    REPORT  vacancies | costs | leavers | turnover | cohorts | retention | movements | pay |
            caseload | absence | census | agency
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
src/extracts.toml), matched ignoring case, spaces and punctuation, the one
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

import calendar
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

# The columns each baseline reads, by swr's names (src/extracts.toml); bind() puts in
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

# swr's header names (src/extracts.toml, one list per column after the column's own
# name), in its order of preference; a list several datasets share is named for its column.
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


# ---------------------------------------------------------------------------
# caseload, absence, census, agency (issue 20)
#
# These four find each column they use by any header swr accepts for it (the
# lists below are copied from swr's tables in src/extracts.toml, in swr's order
# of preference: the best-ranked header of a file names the column), so they
# read both the generator's headers and the council shape's. Files are read
# as UTF-8; only when a read fails on bytes that are not UTF-8 is each file
# checked and a Windows-1252 one read as such (see Extracts). That costs the
# failed read, a read of each file in Python (about 3 ms a MB) and, for
# polars (and for DuckDB when a byte 0x80-0x9F is in the file), decoding it
# in Python (about 6 ms a MB); UTF-8 files cost nothing more.
#
# Definitions (SPEC sections 4 and 5; swr's src/report/<name>.rs and
# src/measures/ where SPEC leaves detail), with D the as-of date, P = [P0, D]:
# - caseload by team: payroll rows with start_date <= D and agency
#   placements active on D. A person's rows in one team holding 1 case or
#   more make them one case holder there (their cases and the fte of those
#   rows summed), and once in the Total over all their holder rows; each
#   placement with 1 case or more is a case holder of its own, its FTE
#   hours / 37. caseload_fte = cases / FTE of the case holders; caseload_fte,
#   mean and median (of cases per holder) to 1 decimal, half up, as swr
#   gives them (the DfE's precision for caseloads).
# - absence by directorate: each spell's Monday-Friday days from its start to
#   its end (or, without an end date, to its working_days_lost-th weekday),
#   cut at the day before its person's leave date when they have left (no
#   payroll row); a day an earlier spell of the same person holds counts
#   once, in the earlier; the spell's working_days_lost (and fte_days_lost)
#   times its share of weekdays inside P, to 6 decimals, half to even (swr's
#   decimals). A spell goes to its person's rows in post on its first day in
#   P (else those of their latest start by then, else of their first), shared
#   by fte; fte_days_lost, where the extract has none, is the share x the fte
#   of those rows. Spells of people in neither extract are `(unknown)`, last.
#   in_post_fte: the stock on D. absence_rate_pct = fte_days_lost /
#   (in_post_fte x working days) x 100: 253 in 365 days, 254 in 366 holding
#   29 February, in proportion to P's days.
# - census: the DfE year ending on the latest 30 September on or before
#   AS_OF; who counts: a Social Work England registration (SW and digits)
#   where an extract has a registration column, else one of the DfE's six
#   roles, else everyone, each extract by its own columns. Stock, starters
#   (rows whose start finds the person in post on none of their rows the day
#   before), leavers, agency (records, not people), vacancy (per post, or per
#   directorate x team x job title x grade where the people in post lack
#   post_id, over everyone in post), cases and absence as above. FTEs and
#   rates to 1 decimal, rates from unrounded figures.
# - agency by directorate: placements and distinct workers active on a day
#   of P, active and agency_fte on D, workers covering a vacancy in P,
#   placements active on D that started over 12 months before it (29
#   February + 12 months is 1 March), and converted: registrations (any case)
#   on a placement and on a payroll or leavers row starting in P on or after
#   the placement's start, in the placement's group.
# A leavers row with the employee_id and start_date of a payroll row is that
# payroll row (swr's Model::shadowed): it adds nothing to a stock or to the
# starters. An agency extract without an hours_per_week column counts 37
# hours for each placement (SPEC 1: agency FTE = hours_per_week / 37, 37 by
# default); swr census, vacancies and costs count 37 once per group instead.
# A period that ends before the first date an extract holds for a flow has
# none of those flows (N/A: SPEC 4, Coverage).

_EMPLOYEE_ID = ["Employee ID", "Employee Number", "Employee No", "Emp No", "Employee Ref", "Staff Number",
                "Staff ID", "Staff No", "Person ID", "Person Number", "Payroll Number", "Payroll No",
                "Assignment Number", "EmpID", "Emp ID", "Emp Number", "Employee Code", "Staff Code",
                "Person Code", "ID"]
_DIRECTORATE = ["Directorate", "Service", "Department", "Dept", "Division", "Service Area", "Directorate Name",
                "Service Name", "Department Name", "Organisation", "Org Unit"]
_TEAM = ["Team", "Team Name", "Unit", "Section", "Sub Service", "Locality Team"]
_JOB_TITLE = ["Job Title", "Post Title", "Position", "Position Title", "Job", "Job Name", "Post Name", "Job Role",
              "Title"]
_GRADE = ["Grade", "Pay Grade", "Band", "Pay Band", "Salary Grade", "Grade Code"]
_POST_ID = ["Post ID", "Post Number", "Post No", "Post Ref", "Post Reference", "Position Number", "Position ID",
            "Position No"]
_FTE = ["FTE", "Contracted FTE", "FTE Contracted", "Full Time Equivalent", "WTE", "Whole Time Equivalent",
        "Budgeted FTE", "Budget FTE", "Establishment FTE", "Post FTE", "Funded FTE", "Actual FTE"]
_START_DATE = ["Continuous Service Date", "Start Date", "Date Started", "Date of Joining", "Date Joined",
               "Hire Date", "Employment Start Date", "Service Start Date", "Date Commenced", "Commencement Date",
               "Date of Hire", "DateofHire", "Original Hire Date", "Latest Hire Date", "Start"]
_REGISTRATION = ["Registration", "SWE Number", "SWE Registration", "SWE Registration Number",
                 "Social Work England Number", "Social Work England Registration", "Registration Number",
                 "Registration No", "Professional Registration", "Professional Registration Number",
                 "HCPC Number", "HCPC Registration", "HCPC Registration Number"]
_ROLE = ["Role", "Role Type", "Case Holder", "DfE Role", "Census Role", "Worker Role"]
_CASES = ["Cases", "Caseload", "Case Count", "Open Cases", "Number of Cases"]

# Each dataset's columns in swr's order (a header that two columns' lists
# held would go to the first), with the headers swr accepts for them.
_COLUMNS = {
    "establishment": [
        ("directorate", _DIRECTORATE), ("job_title", _JOB_TITLE), ("fte", _FTE), ("post_id", _POST_ID),
        ("team", _TEAM), ("grade", _GRADE), ("role", _ROLE),
    ],
    "payroll": [
        ("employee_id", _EMPLOYEE_ID), ("directorate", _DIRECTORATE), ("job_title", _JOB_TITLE), ("fte", _FTE),
        ("start_date", _START_DATE), ("post_id", _POST_ID), ("team", _TEAM), ("grade", _GRADE),
        ("cases", _CASES), ("role", _ROLE), ("registration", _REGISTRATION),
    ],
    "agency": [
        ("worker_id", ["Worker ID", "Agency Worker ID", "Worker Number", "Worker Ref", "Candidate ID",
                       "Placement ID", "Assignment ID", "Booking Ref", "Booking Reference", "ID"]),
        ("directorate", _DIRECTORATE), ("job_title", _JOB_TITLE),
        ("start_date", ["Start Date", "Placement Start", "Placement Start Date", "Assignment Start Date",
                        "Date Started", "Booking Start", "Start"]),
        ("hourly_rate", ["Hourly Rate", "Hourly Charge Rate", "Charge Rate", "Rate per Hour", "Hourly Cost",
                         "Pay Rate", "Rate"]),
        ("end_date", ["End Date", "Placement End", "Placement End Date", "Assignment End Date", "Finish Date",
                      "Date Ended", "Booking End", "End"]),
        ("hours_per_week", ["Hours per Week", "Weekly Hours", "Hours", "Contracted Hours", "Hrs per Week",
                            "Hours pw"]),
        ("team", _TEAM), ("grade", _GRADE),
        ("covering", ["Covering", "Cover Reason", "Reason for Cover", "Cover Type", "Placement Reason",
                      "Reason for Placement"]),
        ("post_id", _POST_ID), ("cases", _CASES), ("role", _ROLE), ("registration", _REGISTRATION),
    ],
    "leavers": [
        ("employee_id", _EMPLOYEE_ID), ("directorate", _DIRECTORATE), ("job_title", _JOB_TITLE),
        ("start_date", _START_DATE),
        ("leave_date", ["Leaving Date", "Termination Date", "Date Left", "Leave Date", "Date of Leaving",
                        "Last Day of Service", "Last Working Day", "End of Employment", "Term Date",
                        "Date of Termination", "DateofTermination", "Termination Effective Date", "End Date"]),
        ("reason", ["Reason for Leaving", "Leaving Reason", "Reason", "Termination Reason",
                    "Reason for Termination", "Leaver Reason", "Term Reason", "TermReason",
                    "Termination Reason Description"]),
        ("fte", _FTE), ("team", _TEAM), ("grade", _GRADE), ("role", _ROLE), ("registration", _REGISTRATION),
    ],
    "absence": [
        ("employee_id", _EMPLOYEE_ID),
        ("start_date", ["Start Date", "Absence Start", "Absence Start Date", "First Day of Absence", "Date From",
                        "From", "Start"]),
        ("working_days_lost", ["Working Days Lost", "Days Lost", "Working Days", "Days Absent",
                               "Duration (Working Days)", "Working Days Absent"]),
        ("end_date", ["End Date", "Absence End", "Absence End Date", "Last Day of Absence", "Date To", "To",
                      "End"]),
        ("fte_days_lost", ["FTE Days Lost", "FTE Days", "Days Lost FTE", "Full Time Equivalent Days Lost"]),
    ],
}

# How each column is read: dates (UK day-first), exact decimals, whole numbers, text.
_TYPES = {"start_date": "date", "leave_date": "date", "end_date": "date", "fte": "dec", "hours_per_week": "dec",
          "working_days_lost": "dec", "fte_days_lost": "dec", "cases": "int"}
_DUCK_TYPES = {"date": "DATE", "dec": FTE_TYPE, "int": "BIGINT", "text": "VARCHAR"}
DFE_ROLES = ["senior manager", "middle manager", "first line manager", "senior practitioner", "case holder",
             "qualified without cases"]
UNKNOWN = "(unknown)"
LONG_TERM = 20  # working days lost: a long-term spell


def _match_key(header: str) -> str:
    """swr's header matching: lower case, letters and digits only."""
    return "".join(c for c in header if c.isalnum()).lower()


class Extracts:
    """The extracts in a folder: which columns each has, and how to read it.

    `check` 0: every file is read as UTF-8 (the engines' own decoding). After
    a read failed on bytes that are not UTF-8, `check` 1: each file is read
    whole in Python once to tell UTF-8 from Windows-1252; a Windows-1252 one
    is handed to polars decoded in Python (polars has no reader for it), and
    DuckDB reads it as latin-1, which is the same but for bytes 0x80-0x9F.
    When DuckDB then finds such a byte, `check` 2: DuckDB gets those files
    decoded in Python too (a temporary UTF-8 file).
    """

    def __init__(self, data: str, check: int = 0):
        import os
        self.data, self.check = data, check
        self.paths = {ds: f"{data}/{ds}.csv" for ds in _COLUMNS if os.path.exists(f"{data}/{ds}.csv")}
        self._cols: dict[str, dict[str, str]] = {}
        self._raw: dict[str, bytes | None] = {}

    def found(self, ds: str) -> bool:
        return ds in self.paths

    def columns(self, ds: str) -> dict[str, str]:
        """Column name -> the file's header for it (the best-ranked one)."""
        if ds not in self._cols:
            with open(self.paths[ds], "rb") as f:
                line = f.readline()
            try:
                head = line.decode("utf-8-sig")
            except UnicodeDecodeError:
                head = line.decode("cp1252")
            headers = next(csv.reader([head.rstrip("\r\n")]))
            index: dict[str, tuple[str, int]] = {}
            for name, aliases in _COLUMNS[ds]:
                for rank, a in enumerate([name] + aliases):
                    index.setdefault(_match_key(a), (name, rank))
            best: dict[str, tuple[int, str]] = {}
            for h in headers:
                hit = index.get(_match_key(h))
                if hit and (hit[0] not in best or hit[1] < best[hit[0]][0]):
                    best[hit[0]] = (hit[1], h)
            self._cols[ds] = {name: h for name, (_, h) in best.items()}
        return self._cols[ds]

    def has(self, ds: str, column: str) -> bool:
        return self.found(ds) and column in self.columns(ds)

    def windows_1252(self, ds: str) -> bytes | None:
        """The file's bytes when it is not UTF-8 (then Windows-1252), else None."""
        if not self.check:
            return None
        if ds not in self._raw:
            with open(self.paths[ds], "rb") as f:
                raw = f.read()
            try:
                raw.decode("utf-8")
                self._raw[ds] = None
            except UnicodeDecodeError:
                self._raw[ds] = raw
        return self._raw[ds]

    def duck(self, ds: str, names: list[str]) -> str:
        """A DuckDB subquery of `names` under their own names, parsed by DuckDB's
        CSV reader (an optional column the file lacks is NULL; an extract not
        found gives no rows)."""
        kinds = {n: _TYPES.get(n, "text") for n in names}
        if not self.found(ds):
            return "(SELECT " + ", ".join(f"NULL::{_DUCK_TYPES[k]} AS {n}" for n, k in kinds.items()) + " LIMIT 0)"
        cols = self.columns(ds)
        path = self.paths[ds]
        raw = self.windows_1252(ds)
        options = ""
        if raw is not None and self.check == 1:
            options += ", encoding = 'latin-1'"
        elif raw is not None:
            import atexit
            import os
            import tempfile
            fd, path = tempfile.mkstemp(suffix=".csv")
            with os.fdopen(fd, "wb") as f:
                f.write(raw.decode("cp1252").encode("utf-8"))
            atexit.register(os.remove, path)

        def sq(s: str) -> str:
            return s.replace("'", "''")

        def q(s: str) -> str:
            return '"' + s.replace('"', '""') + '"'

        types = ", ".join(f"'{sq(cols[n])}': '{_DUCK_TYPES[k]}'" for n, k in kinds.items() if n in cols and k != "text")
        if types:
            options += f", types = {{{types}}}"
        select = ", ".join(f"{q(cols[n])} AS {n}" if n in cols else f"NULL::{_DUCK_TYPES[k]} AS {n}"
                           for n, k in kinds.items())
        return (f"(SELECT {select} FROM read_csv('{sq(path)}', header = true, all_varchar = true, "
                f"dateformat = '%d/%m/%Y'{options}))")

    def scan(self, ds: str, names: list[str]):
        """A polars LazyFrame of `names` under their own names, parsed by polars."""
        import polars as pl
        kinds = {n: _TYPES.get(n, "text") for n in names}
        dtypes = {"date": pl.Date, "dec": pl.Decimal(18, 6), "int": pl.Int64, "text": pl.String}
        if not self.found(ds):
            return pl.LazyFrame(schema={n: dtypes[k] for n, k in kinds.items()})
        cols = self.columns(ds)
        raw = self.windows_1252(ds)
        utf8 = None if raw is None else raw.decode("cp1252").encode("utf-8")
        lf = pl.scan_csv(self.paths[ds] if utf8 is None else utf8, infer_schema=False,
                         schema_overrides={cols[n]: dtypes["dec"] for n, k in kinds.items() if k == "dec" and n in cols})
        out = []
        for n, k in kinds.items():
            if n not in cols:
                out.append(pl.lit(None, dtype=dtypes[k]).alias(n))
            elif k == "date":
                out.append(pl.col(cols[n]).str.to_date("%d/%m/%Y").alias(n))
            elif k == "int":
                out.append(pl.col(cols[n]).cast(pl.Int64).alias(n))
            else:
                out.append(pl.col(cols[n]).alias(n))
        return lf.select(out)


def _not_utf8(e: Exception) -> bool:
    m = str(e).lower()
    return "utf-8" in m or "utf8" in m or "unicode" in m


def _not_latin1(e: Exception) -> bool:
    return "latin-1" in str(e).lower()


def run_a(engine: str, report: str, data: str, d: dt.date, p0: dt.date) -> tuple[list[str], list[list[str]]]:
    """One of caseload, absence, census, agency: (columns, rows) as swr writes them."""
    runs, finish_a = PEERS_A[report]
    run = runs[engine]
    try:
        rows = run(Extracts(data), d, p0)
    except Exception as e:  # a file that is not UTF-8: check each, read it as it is
        if not _not_utf8(e):
            raise
        try:
            rows = run(Extracts(data, check=1), d, p0)
        except Exception as e:  # DuckDB: bytes 0x80-0x9F, where latin-1 is not Windows-1252
            if not _not_latin1(e):
                raise
            rows = run(Extracts(data, check=2), d, p0)
    return finish_a(rows, d, p0)


# DuckDB: day numbers from a Monday (1 January 1900), Monday-Friday days, and
# division of whole numbers rounded half to even (polars' decimals, and so
# swr's, round so).
_DUCK_MACROS = """
    CREATE OR REPLACE MACRO wb(x) AS 5 * (x // 7) + least(x % 7, 5);
    CREATE OR REPLACE MACRO wd(a, b) AS CASE WHEN b < a THEN 0 ELSE wb(b + 1) - wb(a) END;
    CREATE OR REPLACE MACRO he(n, d) AS n // d + CASE WHEN 2 * (n % d) > d OR (2 * (n % d) = d AND (n // d) % 2 = 1)
                                                     THEN 1 ELSE 0 END;
"""
_BASE = "DATE '1900-01-01'"
_MICRO = 1_000_000


def _duck(sql: str) -> list[tuple]:
    import duckdb
    con = duckdb.connect()
    con.execute(_DUCK_MACROS)
    return con.sql(sql).fetchall()


def _who_sql(x: Extracts, ds: str) -> str:
    """census: does a row count (SQL over its registration or role)?"""
    if x.has(ds, "registration"):
        return "coalesce(regexp_full_match(upper(trim(registration)), 'SW[0-9]+'), false)"
    if x.has(ds, "role"):
        return "coalesce(lower(trim(role)) IN (" + ", ".join(f"'{r}'" for r in DFE_ROLES) + "), false)"
    return "true"


def _duck_not_shadowed(row: str) -> str:
    """A leavers row (alias `row`) that no payroll row lists with the same employee_id and start_date."""
    return (f"NOT EXISTS (SELECT 1 FROM pay s WHERE s.employee_id = {row}.employee_id "
            f"AND s.start_date = {row}.start_date)")


def _duck_spells(first: dt.date, last: dt.date, cols: str, lcols: str, order: str) -> str:
    """CTEs of the spells in [first, last] placed on their people's rows:
    `placed` (event, employee_id, long_, w_row and fdl_row in millionths,
    the row's `cols`) and `unknown` (the spells of people in neither extract).
    Needs CTEs pay, lvr and ab; `cols` / `lcols` select the person's columns
    from payroll / leavers rows; `order` orders an event's rows (the first
    takes what rounding leaves)."""
    F, L = (first - dt.date(1900, 1, 1)).days, (last - dt.date(1900, 1, 1)).days
    return f"""
    persons AS (
        SELECT employee_id, bool_or(pay) AS in_pay, max(leave_date) AS left_on FROM (
            SELECT employee_id, true AS pay, NULL::DATE AS leave_date FROM pay
            UNION ALL SELECT employee_id, false, leave_date FROM lvr
        ) GROUP BY employee_id
    ), sp AS (
        SELECT row_number() OVER () AS event, employee_id, working_days_lost AS wdl, fte_days_lost AS fdl,
               start_date - {_BASE} AS xs, end_date - {_BASE} AS xend,
               CAST(ceil(working_days_lost) AS BIGINT) AS n
        FROM ab
    ), sp2 AS (
        SELECT s.*, p.employee_id IS NOT NULL AS known,
               coalesce(xend, CASE WHEN n <= 0 THEN xs ELSE 7 * ((wb(xs) + n - 1) // 5) + (wb(xs) + n - 1) % 5 END) AS xe,
               CASE WHEN NOT p.in_pay THEN p.left_on - {_BASE} - 1 END AS xlast
        FROM sp s LEFT JOIN persons p USING (employee_id)
    ), sp2f AS (
        -- only spells reaching into the period count, or hold days of one that does
        SELECT * FROM sp2 WHERE xe >= {F} AND xs <= {L}
    ), sp3 AS (
        SELECT *, CASE WHEN xlast < xe THEN xlast ELSE xe END AS xe2 FROM sp2f
    ), sp4 AS (
        SELECT *, max(xe2) OVER (PARTITION BY employee_id ORDER BY xs, xe, event
                                 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS covered
        FROM sp3
    ), sp5 AS (
        SELECT *, CASE WHEN covered >= xs THEN covered + 1 ELSE xs END AS xs2, wd(xs, xe) AS whole FROM sp4
    ), spells AS (
        SELECT event, employee_id, known, wdl >= {LONG_TERM} AS long_, greatest(xs, {F}) AS xday,
               CASE WHEN whole = 0 THEN CASE WHEN xs2 > xs THEN 0 ELSE 1 END
                    ELSE wd(greatest(xs2, {F}), least(xe2, {L})) END AS part,
               CASE WHEN whole = 0 THEN 1 ELSE whole END AS of_,
               CAST(wdl * {_MICRO} AS HUGEINT) AS wdl_u, CAST(fdl * {_MICRO} AS HUGEINT) AS fdl_u
        FROM sp5
        WHERE wd(greatest(xs, {F}), least(xe2, {L})) > 0
           OR (whole = 0 AND xs BETWEEN {F} AND {L} AND (xlast IS NULL OR xs <= xlast))
    ), shares AS (
        SELECT event, employee_id, known, long_, xday,
               he(wdl_u * part, of_) AS w_u, he(fdl_u * part, of_) AS f_u
        FROM spells
    ), prow AS (
        SELECT 'payroll' AS src, employee_id, start_date, NULL::DATE AS leave_date, fte, {cols} FROM pay
        UNION ALL
        SELECT 'leavers', employee_id, start_date, leave_date, fte, {lcols} FROM lvr l
        WHERE {_duck_not_shadowed('l')}
    ), pairs AS (
        SELECT s.*, r.* EXCLUDE (employee_id),
               CASE WHEN r.start_date - {_BASE} <= s.xday AND (r.leave_date IS NULL OR r.leave_date - {_BASE} > s.xday)
                    THEN 0 WHEN r.start_date - {_BASE} <= s.xday THEN 1 ELSE 2 END AS fit
        FROM shares s JOIN prow r USING (employee_id)
        WHERE s.known
    ), fits AS (
        SELECT event, min(fit) AS best, max(start_date) FILTER (WHERE fit = 1) AS latest,
               min(start_date) FILTER (WHERE fit = 2) AS earliest
        FROM pairs GROUP BY event
    ), chosen AS (
        SELECT p.*, CAST(p.fte * {_MICRO} AS HUGEINT) AS fte_u
        FROM pairs p JOIN fits f USING (event)
        WHERE p.fit = f.best AND (f.best = 0 OR (f.best = 1 AND p.start_date = f.latest)
                                  OR (f.best = 2 AND p.start_date = f.earliest))
    ), weighted AS (
        SELECT *, CASE WHEN wsum > 0 THEN coalesce(fte_u, 0) ELSE {_MICRO} END AS wt,
                  CASE WHEN wsum > 0 THEN wsum ELSE n * {_MICRO} END AS whole_u
        FROM (SELECT *, count(*) OVER e AS n, sum(coalesce(fte_u, 0)) OVER e AS wsum, count(fte_u) OVER e AS nfte,
                     row_number() OVER (PARTITION BY event ORDER BY {order}) AS k
              FROM chosen WINDOW e AS (PARTITION BY event))
    ), parts AS (
        SELECT *, he(he(w_u * wt * {_MICRO}, whole_u), {_MICRO}) AS pw,
                  he(he(f_u * wt * {_MICRO}, whole_u), {_MICRO}) AS pf
        FROM weighted
    ), placed0 AS (
        SELECT *, CASE WHEN k = 1 THEN pw + w_u - sum(pw) OVER (PARTITION BY event) ELSE pw END AS w_row,
                  CASE WHEN k = 1 THEN pf + f_u - sum(pf) OVER (PARTITION BY event) ELSE pf END AS f_row,
                  CASE WHEN nfte = n THEN wsum END AS fte_total_u
        FROM parts
    ), placed AS (
        SELECT *, coalesce(f_row, he(w_row * fte_total_u, {_MICRO})) AS fdl_row FROM placed0
    ), unknown AS (
        SELECT event, employee_id, long_, w_u AS w_row, f_u AS fdl_row FROM shares WHERE NOT known
    )"""


def _duck_caseload(x: Extracts, d: dt.date, p0: dt.date) -> list[tuple]:
    D = f"DATE '{d}'"
    pay = x.duck("payroll", ["employee_id", "team", "fte", "start_date", "cases"])
    agency = ""
    if x.has("agency", "cases"):
        agy = x.duck("agency", ["team", "start_date", "end_date", "hours_per_week", "cases"])
        agency = f"""
            UNION ALL
            SELECT t, team, cases, 0, coalesce(hours_per_week, {STANDARD_HOURS})
            FROM (SELECT coalesce(team, '{BLANK}') AS team, cases, hours_per_week FROM {agy}
                  WHERE start_date <= {D} AND (end_date IS NULL OR end_date >= {D})),
                 (VALUES (0), (1)) v(t)"""
    return _duck(f"""
        WITH staff AS (
            SELECT grouping(team) AS t, team, employee_id,
                   CAST(sum(cases) FILTER (WHERE cases >= 1) AS BIGINT) AS c,
                   coalesce(sum(fte) FILTER (WHERE cases >= 1), 0) AS f
            FROM (SELECT coalesce(team, '{BLANK}') AS team, employee_id, fte, cases FROM {pay}
                  WHERE start_date <= {D})
            GROUP BY GROUPING SETS ((team, employee_id), (employee_id))
        ), holders AS (
            SELECT t, team, c, f, 0::{FTE_TYPE} AS h FROM staff
            {agency}
        )
        SELECT t, CASE WHEN t = 0 THEN team END, count(*) FILTER (WHERE c >= 1),
               coalesce(sum(c) FILTER (WHERE c >= 1), 0), coalesce(sum(f) FILTER (WHERE c >= 1), 0),
               coalesce(sum(h) FILTER (WHERE c >= 1), 0),
               quantile_cont(c, 0.5) FILTER (WHERE c >= 1), max(c) FILTER (WHERE c >= 1)
        FROM holders GROUP BY 1, 2
    """)


def _duck_absence(x: Extracts, d: dt.date, p0: dt.date) -> list[tuple]:
    D = f"DATE '{d}'"
    people = ["employee_id", "directorate", "fte", "start_date"]
    pay = x.duck("payroll", people)
    lvr = x.duck("leavers", people + ["leave_date"])
    ab = x.duck("absence", ["employee_id", "start_date", "end_date", "working_days_lost", "fte_days_lost"])
    spells = _duck_spells(p0, d, "directorate", "directorate",
                          "src, start_date, employee_id, fte NULLS LAST, directorate NULLS LAST")
    return _duck(f"""
        WITH pay AS MATERIALIZED ({pay}), lvr AS MATERIALIZED ({lvr}), ab AS ({ab}), {spells},
        rows AS (
            SELECT coalesce(directorate, '{BLANK}') AS dir, event, employee_id, long_, w_row, fdl_row FROM placed
            UNION ALL SELECT '{UNKNOWN}', event, employee_id, long_, w_row, fdl_row FROM unknown
        ), spell_sums AS (
            SELECT grouping(dir) AS t, dir, count(DISTINCT event) AS spells, count(DISTINCT employee_id) AS people,
                   sum(w_row) AS w, sum(fdl_row) AS f, count(*) - count(fdl_row) AS f_blank,
                   count(DISTINCT event) FILTER (WHERE long_) AS long_n
            FROM rows GROUP BY GROUPING SETS ((dir), ())
        ), stock AS (
            SELECT grouping(dir) AS t, dir, sum(fte) AS fte, count(*) - count(fte) AS fte_blank FROM (
                SELECT coalesce(directorate, '{BLANK}') AS dir, fte FROM pay WHERE start_date <= {D}
                UNION ALL
                SELECT coalesce(directorate, '{BLANK}'), fte FROM lvr l
                WHERE start_date <= {D} AND leave_date > {D} AND {_duck_not_shadowed('l')}
            ) GROUP BY GROUPING SETS ((dir), ())
        )
        SELECT coalesce(s.t, k.t), CASE WHEN coalesce(s.t, k.t) = 0 THEN coalesce(s.dir, k.dir) END,
               k.fte, k.fte_blank, s.spells, s.people, s.w, s.f, s.f_blank, s.long_n,
               (SELECT min(start_date) FROM ab)
        FROM spell_sums s FULL JOIN stock k ON s.t = k.t AND s.dir IS NOT DISTINCT FROM k.dir
    """)


def _duck_agency(x: Extracts, d: dt.date, p0: dt.date) -> list[tuple]:
    D, P0 = f"DATE '{d}'", f"DATE '{p0}'"
    agy = x.duck("agency", ["worker_id", "directorate", "start_date", "end_date", "hours_per_week", "covering",
                            "registration"])
    cover = "coalesce(lower(trim(covering)) = 'vacancy', false)" if x.has("agency", "covering") else "true"
    a_year = "CAST(start_date + INTERVAL 12 MONTH AS DATE)"
    # 12 months after 29 February is 1 March (swr's Model::months_after).
    long = f"(CASE WHEN day({a_year}) <> day(start_date) THEN {a_year} + 1 ELSE {a_year} END) < {D}"
    convert = x.has("agency", "registration") and x.has("payroll", "registration")
    conversions = "SELECT 1 AS t, NULL AS dir, NULL AS converted WHERE false"
    if convert:
        starts = [f"SELECT lower(trim(registration)) AS k, start_date AS j FROM {x.duck('payroll', ['registration', 'start_date'])}"]
        if x.has("leavers", "registration"):
            starts.append(f"SELECT lower(trim(registration)), start_date FROM {x.duck('leavers', ['registration', 'start_date'])}")
        conversions = f"""
            SELECT grouping(dir) AS t, dir, count(DISTINCT k) AS converted FROM (
                SELECT coalesce(a.directorate, '{BLANK}') AS dir, s.k
                FROM a JOIN ({' UNION ALL '.join(starts)}) s ON lower(trim(a.registration)) = s.k
                WHERE s.j BETWEEN {P0} AND {D} AND s.j >= a.start_date
            ) GROUP BY GROUPING SETS ((dir), ())"""
    rows = _duck(f"""
        WITH a AS MATERIALIZED ({agy}), f AS (
            SELECT coalesce(directorate, '{BLANK}') AS dir, worker_id, start_date,
                   start_date <= {D} AND (end_date IS NULL OR end_date >= {P0}) AS inp,
                   start_date <= {D} AND (end_date IS NULL OR end_date >= {D}) AS act,
                   coalesce(hours_per_week, {STANDARD_HOURS}) AS h, {cover} AS cov
            FROM a
        ), g AS (
            SELECT grouping(dir) AS t, dir, count(*) FILTER (WHERE inp) AS placements,
                   count(DISTINCT worker_id) FILTER (WHERE inp) AS workers, count(*) FILTER (WHERE act) AS active,
                   coalesce(sum(h) FILTER (WHERE act), 0) AS hours,
                   count(DISTINCT worker_id) FILTER (WHERE inp AND cov) AS covering,
                   count(*) FILTER (WHERE act AND {long}) AS long_running
            FROM f WHERE inp OR act GROUP BY GROUPING SETS ((dir), ())
        ), c AS ({conversions})
        SELECT coalesce(g.t, c.t), CASE WHEN coalesce(g.t, c.t) = 0 THEN coalesce(g.dir, c.dir) END,
               g.placements, g.workers, g.active, g.hours, g.covering, g.long_running, c.converted,
               (SELECT min(start_date) FROM a)
        FROM g FULL JOIN c ON g.t = c.t AND g.dir IS NOT DISTINCT FROM c.dir
    """)
    return [(convert,) + tuple(r) for r in rows]


def census_year(as_of: dt.date) -> tuple[dt.date, dt.date]:
    """The DfE year ending on the latest 30 September on or before as_of: (1 October, 30 September)."""
    y = as_of.year if (as_of.month, as_of.day) >= (9, 30) else as_of.year - 1
    return dt.date(y - 1, 10, 1), dt.date(y, 9, 30)


def _census_plan(x: Extracts) -> dict:
    """What the census can work out from the extracts found, and how."""
    def unit(carried) -> list[str]:
        # Per post where the establishment and the people in post carry
        # post_id, else per directorate x team x job title x grade they carry.
        if x.has("establishment", "post_id") and carried("post_id"):
            return ["post_id"]
        return [c for c in ["directorate", "team", "job_title", "grade"]
                if x.has("establishment", c) and carried(c)]
    rules = []
    for ds in ["payroll", "leavers", "agency"]:
        c = "registration" if x.has(ds, "registration") else "role" if x.has(ds, "role") else None
        if c and c not in rules:
            rules.append(c)
    return {
        "units": unit(lambda c: x.has("payroll", c)),
        # ... when some leavers rows are in post on the day
        "units_leavers": unit(lambda c: x.has("payroll", c) and (not x.found("leavers") or x.has("leavers", c))),
        "rule_columns": rules,
        "flows": x.found("leavers"),
        "agency": x.found("agency"),
        "agency_cases": x.has("agency", "cases"),
        "vacancies": x.found("establishment"),
        "cases": x.has("payroll", "cases"),
        "absence": x.found("absence"),
    }


def _duck_census(x: Extracts, as_of: dt.date, _p0: dt.date) -> dict:
    p0, d = census_year(as_of)
    D, P0 = f"DATE '{d}'", f"DATE '{p0}'"
    plan = _census_plan(x)
    unit_cols = ["post_id", "directorate", "team", "job_title", "grade"]
    people = ["employee_id", "fte", "start_date", "registration", "role"] + unit_cols
    pay = x.duck("payroll", people + ["cases"])
    lvr = x.duck("leavers", people + ["leave_date"])
    agy = x.duck("agency", ["start_date", "end_date", "hours_per_week", "covering", "cases", "registration", "role"])
    est = x.duck("establishment", unit_cols + ["fte", "role"])
    ab = x.duck("absence", ["employee_id", "start_date", "end_date", "working_days_lost", "fte_days_lost"])
    who_pay, who_lvr, who_agy = (_who_sql(x, ds) for ds in ["payroll", "leavers", "agency"])
    cover = "coalesce(lower(trim(covering)) = 'vacancy', false)" if x.has("agency", "covering") else "true"
    # Posts of the DfE's roles when the establishment has a role column.
    posts = _who_sql(x, "establishment")
    ucols = ", ".join(unit_cols)

    def vacancy(units: list[str], name: str) -> str:
        u = ", ".join(units)
        key = f"{u}, " if units else ""
        group = f"GROUP BY {u}" if units else ""
        return f"""{name} AS (
            SELECT coalesce(sum(greatest(e - i, 0)) FILTER (WHERE posted), 0) AS {name} FROM (
                SELECT sum(e) AS e, sum(i) AS i, bool_or(posted) AS posted FROM (
                    SELECT {key}fte AS e, 0::{FTE_TYPE} AS i, true AS posted FROM est WHERE {posts}
                    UNION ALL SELECT {key}0, fte, false FROM stock
                ) {group}))"""

    order = ", ".join(["src", "start_date", "employee_id", "fte NULLS LAST"]
                      + [f"{c} NULLS LAST" for c in plan["rule_columns"]])
    spells = _duck_spells(p0, d, f"registration, role, {who_pay} AS counts",
                          f"registration, role, {who_lvr} AS counts", order)
    sql = f"""
        WITH pay AS MATERIALIZED ({pay}), lvr AS MATERIALIZED ({lvr}), agy AS ({agy}), est AS ({est}), ab AS ({ab}),
        stock AS (
            SELECT employee_id, fte, {who_pay} AS counts, {ucols} FROM pay WHERE start_date <= {D}
            UNION ALL
            SELECT employee_id, fte, {who_lvr}, {ucols} FROM lvr l
            WHERE start_date <= {D} AND leave_date > {D} AND {_duck_not_shadowed('l')}
        ), inpost AS (
            SELECT count(DISTINCT employee_id) FILTER (WHERE counts) AS inpost_heads,
                   coalesce(sum(fte) FILTER (WHERE counts), 0) AS inpost_fte,
                   count(*) FILTER (WHERE counts AND fte IS NULL) AS inpost_blank
            FROM stock
        ), rows AS (
            SELECT 'payroll' AS src, employee_id, start_date, NULL::DATE AS leave_date, fte, {who_pay} AS counts FROM pay
            UNION ALL SELECT 'leavers', employee_id, start_date, leave_date, fte, {who_lvr} FROM lvr
        ), starters AS (
            SELECT count(DISTINCT employee_id) AS starters_heads, coalesce(sum(fte), 0) AS starters_fte,
                   count(*) - count(fte) AS starters_blank
            FROM rows r
            WHERE counts AND start_date BETWEEN {P0} AND {D}
              AND NOT (src = 'leavers' AND NOT {_duck_not_shadowed('r')})
              AND NOT EXISTS (SELECT 1 FROM rows e WHERE e.employee_id = r.employee_id AND e.start_date < r.start_date
                              AND (e.leave_date IS NULL OR e.leave_date >= r.start_date))
        ), leavers AS (
            SELECT count(DISTINCT employee_id) AS leavers_heads, coalesce(sum(fte), 0) AS leavers_fte,
                   count(*) - count(fte) AS leavers_blank
            FROM lvr WHERE leave_date BETWEEN {P0} AND {D} AND {who_lvr}
        ), agency AS (
            SELECT count(*) AS agency_heads, coalesce(sum(h), 0) AS agency_hours,
                   coalesce(sum(h) FILTER (WHERE cov), 0) AS cover_hours,
                   coalesce(sum(cases) FILTER (WHERE cases >= 1), 0) AS ag_cases,
                   coalesce(sum(h) FILTER (WHERE cases >= 1), 0) AS agency_case_hours
            FROM (SELECT coalesce(hours_per_week, {STANDARD_HOURS}) AS h, {cover} AS cov, cases FROM agy
                  WHERE start_date <= {D} AND (end_date IS NULL OR end_date >= {D}) AND {who_agy})
        ), holders AS (
            SELECT coalesce(sum(cases) FILTER (WHERE cases >= 1), 0) AS staff_cases,
                   coalesce(sum(fte) FILTER (WHERE cases >= 1), 0) AS staff_case_fte
            FROM pay WHERE start_date <= {D} AND {who_pay}
        ), {vacancy(plan['units'], 'vacancy')}, {vacancy(plan['units_leavers'], 'vacancy_leavers')},
        leavers_in_post AS (
            SELECT count(*) AS leavers_in_post FROM lvr WHERE start_date <= {D} AND leave_date > {D}
        ), {spells},
        absence AS (
            SELECT coalesce(sum(fdl_row), 0) AS fdl_u, count(*) - count(fdl_row) AS fdl_blank FROM placed WHERE counts
        )
        SELECT *, (SELECT min(leave_date) FROM lvr) AS first_leave, (SELECT min(start_date) FROM ab) AS first_spell
        FROM inpost, starters, leavers, agency, holders, vacancy, vacancy_leavers, leavers_in_post, absence
    """
    import duckdb
    con = duckdb.connect()
    con.execute(_DUCK_MACROS)
    rel = con.sql(sql)
    row = rel.fetchall()[0]
    return {**plan, **dict(zip(rel.columns, row))}



# polars (lazy, collected once per report): the same work as the DuckDB
# queries above, in polars expressions; shares of days in polars decimals
# (6 places, half to even, as swr's).

_X1900 = (dt.date(1970, 1, 1) - dt.date(1900, 1, 1)).days  # day numbers from a Monday


def _pl_day(e):
    import polars as pl
    return e.cast(pl.Int64) + _X1900


def _pl_wb(x):
    import polars as pl
    return 5 * (x // 7) + pl.min_horizontal(x % 7, pl.lit(5, dtype=pl.Int64))


def _pl_wd(a, b):
    import polars as pl
    return pl.when(b < a).then(pl.lit(0, dtype=pl.Int64)).otherwise(_pl_wb(b + 1) - _pl_wb(a))


def _pl_who(x: Extracts, ds: str):
    import polars as pl
    if x.has(ds, "registration"):
        r = pl.col("registration").str.strip_chars().str.to_uppercase()
        return r.str.contains(r"^SW[0-9]+$").fill_null(False)
    if x.has(ds, "role"):
        return pl.col("role").str.strip_chars().str.to_lowercase().is_in(DFE_ROLES).fill_null(False)
    return pl.lit(True)


def _pl_not_shadowed(lvr, pay):
    """Leavers rows that no payroll row lists with the same employee_id and start_date."""
    return lvr.join(pay.select("employee_id", "start_date"), on=["employee_id", "start_date"], how="anti",
                    nulls_equal=True)


def _pl_micro(v) -> int:
    return 0 if v is None else int(Decimal(v).scaleb(6))


def _pl_spells(pay, lvr, ab, first: dt.date, last: dt.date, cols: list, order: list[str]):
    """The spells of [first, last] placed on their people's rows (event,
    employee_id, long_, w_row, fdl_row and `cols` of the row), and those of
    people in neither extract (event, employee_id, long_, w_row, fdl_row)."""
    import polars as pl
    F, L = (first - dt.date(1900, 1, 1)).days, (last - dt.date(1900, 1, 1)).days
    d0, d12, d6 = pl.Decimal(38, 0), pl.Decimal(38, 12), pl.Decimal(38, 6)
    persons = (pl.concat([pay.select("employee_id", pay=pl.lit(True), leave_date=pl.lit(None, dtype=pl.Date)),
                          lvr.select("employee_id", pay=pl.lit(False), leave_date="leave_date")])
               .group_by("employee_id").agg(in_pay=pl.col("pay").any(), left_on=pl.col("leave_date").max()))
    xs, xe, xe2, xs2, xlast = (pl.col(c) for c in ["xs", "xe", "xe2", "xs2", "xlast"])
    n = pl.col("n")
    k = _pl_wb(xs) + n - 1
    derived = pl.when(n <= 0).then(xs).otherwise(7 * (k // 5) + k % 5)
    lo, hi = pl.lit(F, dtype=pl.Int64), pl.lit(L, dtype=pl.Int64)
    whole = pl.col("whole")
    new, lift = pl.col("employee_id") != pl.col("employee_id").shift(1), 1 << 32
    spells = (ab.with_row_index("event")
              .select("event", "employee_id", wdl="working_days_lost", fdl="fte_days_lost",
                      xs=_pl_day(pl.col("start_date")), xend=_pl_day(pl.col("end_date")),
                      n=pl.col("working_days_lost").cast(pl.Float64).ceil().cast(pl.Int64))
              .with_columns(xe=pl.coalesce("xend", derived))
              # Only spells reaching into the period count, or hold days of
              # one that does (a spell ending before it holds none of its
              # days), so the others are left out first.
              .filter((xe >= lo) & (xs <= hi))
              .join(persons, on="employee_id", how="left")
              .with_columns(known=pl.col("in_pay").is_not_null(),
                            xlast=pl.when(~pl.col("in_pay")).then(_pl_day(pl.col("left_on")) - 1))
              .with_columns(xe2=pl.when(xlast < xe).then(xlast).otherwise(xe))
              .sort(["employee_id", "xs", "xe", "event"])
              # The last day any earlier spell of the person holds: a running
              # maximum over the sorted spells, each person's values lifted
              # above the earlier people's (a window per person is slower).
              .with_columns(person=new.fill_null(True).cum_sum().cast(pl.Int64))
              .with_columns(held=pl.col("person") * lift
                            + pl.when(new.fill_null(True)).then(0).otherwise(xe2.shift(1) + 1))
              .with_columns(covered=(pl.col("held").cum_max() - pl.col("person") * lift - 1))
              .with_columns(covered=pl.when(pl.col("covered") >= 0).then(pl.col("covered")))
              .with_columns(xs2=pl.when(pl.col("covered") >= xs).then(pl.col("covered") + 1).otherwise(xs),
                            whole=_pl_wd(xs, xe))
              .filter((_pl_wd(pl.max_horizontal(xs, lo), pl.min_horizontal(xe2, hi)) > 0)
                      | ((whole == 0) & xs.is_between(lo, hi) & (xlast.is_null() | (xs <= xlast))))
              .with_columns(
                  part=pl.when(whole == 0).then(pl.when(xs2 > xs).then(0).otherwise(1))
                  .otherwise(_pl_wd(pl.max_horizontal(xs2, lo), pl.min_horizontal(xe2, hi))).cast(d0),
                  of=pl.when(whole == 0).then(1).otherwise(whole).cast(d0))
              .select("event", "employee_id", "known", long_=pl.col("wdl") >= LONG_TERM,
                      xday=pl.max_horizontal(xs, lo),
                      w=pl.col("wdl") * pl.col("part") / pl.col("of"),
                      f=pl.col("fdl") * pl.col("part") / pl.col("of"))
              .cache())  # used twice below: worked out once
    prow = pl.concat([
        pay.select(src=pl.lit("payroll"), employee_id="employee_id", start_date="start_date",
                   leave_date=pl.lit(None, dtype=pl.Date), fte="fte", *cols),
        _pl_not_shadowed(lvr, pay).select(src=pl.lit("leavers"), employee_id="employee_id",
                                          start_date="start_date", leave_date="leave_date", fte="fte", *cols),
    ], how="vertical_relaxed")
    s, day = _pl_day(pl.col("start_date")), pl.col("xday")
    fit = (pl.when((s <= day) & (pl.col("leave_date").is_null() | (_pl_day(pl.col("leave_date")) > day))).then(0)
           .when(s <= day).then(1).otherwise(2))
    pairs = spells.filter(pl.col("known")).join(prow, on="employee_id").with_columns(fit=fit)
    f_ = pl.col("fit")
    best = (pairs.group_by("event")
            .agg(best=f_.min(), latest=pl.col("start_date").filter(f_ == 1).max(),
                 earliest=pl.col("start_date").filter(f_ == 2).min()))
    b = pl.col("best")
    chosen = (pairs.join(best, on="event")
              .filter((f_ == b) & ((b == 0) | ((b == 1) & (pl.col("start_date") == pl.col("latest")))
                                   | ((b == 2) & (pl.col("start_date") == pl.col("earliest")))))
              .drop("best", "latest", "earliest")
              .cache())
    # Each event's rows: their number, fte and whether every one has an fte.
    fte0 = pl.col("fte").fill_null(0)
    chosen = chosen.join(chosen.group_by("event").agg(n=pl.len(), total=fte0.sum(),
                                                      fte_nulls=pl.col("fte").null_count()), on="event")
    total, n = pl.col("total"), pl.col("n")
    fte_total = pl.when(pl.col("fte_nulls") > 0).then(None).otherwise(total)
    # An event on one row: that row takes it whole.
    one = chosen.filter(n == 1).with_columns(w_row=pl.col("w").cast(d6), f_row=pl.col("f").cast(d6),
                                             fte_total=fte_total)
    # On several (a person with two posts on the day): shared by fte (equally
    # when every fte is 0), to 6 places, the first row in a fixed order
    # taking what rounding leaves.
    by_fte = total > 0
    weight = pl.when(by_fte).then(fte0.cast(d12)).otherwise(pl.lit(1).cast(d12))
    whole_w = pl.when(by_fte).then(total.cast(d12)).otherwise(n.cast(d12))
    several = (chosen.filter(n > 1).sort(["event"] + order, nulls_last=True)
               .with_columns(first_row=pl.col("event").is_first_distinct(), fte_total=fte_total,
                             pw=(pl.col("w").cast(d12) * weight / whole_w).cast(d6),
                             pf=(pl.col("f").cast(d12) * weight / whole_w).cast(d6)))
    rest = several.group_by("event").agg(rw=pl.col("w").first().cast(d6) - pl.col("pw").sum(),
                                         rf=pl.col("f").first().cast(d6) - pl.col("pf").sum())
    several = (several.join(rest, on="event")
               .with_columns(w_row=pl.when(pl.col("first_row")).then(pl.col("pw") + pl.col("rw")).otherwise(pl.col("pw")),
                             f_row=pl.when(pl.col("first_row")).then(pl.col("pf") + pl.col("rf")).otherwise(pl.col("pf")))
               .drop("first_row", "pw", "pf", "rw", "rf"))
    placed = (pl.concat([one, several], how="diagonal_relaxed")
              .with_columns(fdl_row=pl.when(pl.col("f_row").is_not_null()).then(pl.col("f_row"))
                            .otherwise((pl.col("w_row").cast(d12) * pl.col("fte_total").cast(d12)).cast(d6))))
    unknown = spells.filter(~pl.col("known")).select("event", "employee_id", "long_", w_row="w", fdl_row="f")
    return placed, unknown


def _pl_spell_aggs():
    import polars as pl
    return [pl.col("event").n_unique().alias("spells"), pl.col("employee_id").n_unique().alias("people"),
            pl.col("w_row").sum().alias("w"), pl.col("fdl_row").sum().alias("f"),
            pl.col("fdl_row").null_count().alias("f_blank"),
            pl.col("event").filter(pl.col("long_")).n_unique().alias("long_n")]


def _pl_grouped(lf, key: str, aggs: list):
    """The groups of `key` (t = 0) and the Total (t = 1) in one frame."""
    import polars as pl
    lf = lf.cache()  # read twice, worked out once
    return pl.concat([lf.group_by(key).agg(aggs).with_columns(t=pl.lit(0)),
                      lf.select(aggs).with_columns(pl.lit(None, dtype=pl.String).alias(key), t=pl.lit(1))],
                     how="diagonal_relaxed")


def _polars_caseload(x: Extracts, d: dt.date, p0: dt.date) -> list[tuple]:
    import polars as pl
    dec = pl.Decimal(18, 6)
    holder = pl.col("cases") >= 1
    person = [pl.col("cases").filter(holder).sum().alias("c"), pl.col("fte").filter(holder).sum().alias("f")]
    pay = (x.scan("payroll", ["employee_id", "team", "fte", "start_date", "cases"])
           .filter(pl.col("start_date") <= d).with_columns(pl.col("team").fill_null(BLANK)))
    parts = [pay.group_by("team", "employee_id").agg(person).select(t=pl.lit(0), team="team", c="c", f="f",
                                                                    h=pl.lit(0, dtype=dec)),
             pay.group_by("employee_id").agg(person).select(t=pl.lit(1), team=pl.lit(None, dtype=pl.String),
                                                            c="c", f="f", h=pl.lit(0, dtype=dec))]
    if x.has("agency", "cases"):
        s, e = pl.col("start_date"), pl.col("end_date")
        a = (x.scan("agency", ["team", "start_date", "end_date", "hours_per_week", "cases"])
             .filter((s <= d) & (e.is_null() | (e >= d)))
             .select(team=pl.col("team").fill_null(BLANK), c="cases", f=pl.lit(0, dtype=dec),
                     h=pl.col("hours_per_week").fill_null(pl.lit(STANDARD_HOURS, dtype=dec))))
        parts += [a.select(pl.lit(0).alias("t"), pl.all()),
                  a.select(pl.lit(1).alias("t"), pl.all()).with_columns(team=pl.lit(None, dtype=pl.String))]
    c = pl.col("c")
    held = c >= 1
    return (pl.concat(parts, how="vertical_relaxed")
            .group_by("t", "team")
            .agg(held.sum().alias("holders"), c.filter(held).sum().alias("cases"),
                 pl.col("f").filter(held).sum().alias("staff_fte"), pl.col("h").filter(held).sum().alias("hours"),
                 c.filter(held).median().alias("median"), c.filter(held).max().alias("max"))
            .collect().rows())


def _polars_absence(x: Extracts, d: dt.date, p0: dt.date) -> list[tuple]:
    import polars as pl
    people = ["employee_id", "directorate", "fte", "start_date"]
    pay = x.scan("payroll", people).cache()
    lvr = x.scan("leavers", people + ["leave_date"]).cache()
    ab = x.scan("absence", ["employee_id", "start_date", "end_date", "working_days_lost", "fte_days_lost"]).cache()
    placed, unknown = _pl_spells(pay, lvr, ab, p0, d, ["directorate"],
                                 ["src", "start_date", "employee_id", "fte", "directorate"])
    rows = pl.concat([placed.select(dir=pl.col("directorate").fill_null(BLANK), event="event",
                                    employee_id="employee_id", long_="long_", w_row="w_row", fdl_row="fdl_row"),
                      unknown.select(pl.lit(UNKNOWN).alias("dir"), pl.all())], how="vertical_relaxed")
    spells = _pl_grouped(rows, "dir", _pl_spell_aggs())
    s, lv = pl.col("start_date"), pl.col("leave_date")
    stock = pl.concat([pay.filter(s <= d).select("directorate", "fte"),
                       _pl_not_shadowed(lvr, pay).filter((s <= d) & (lv > d)).select("directorate", "fte")],
                      how="vertical_relaxed").select(dir=pl.col("directorate").fill_null(BLANK), fte="fte")
    stock = _pl_grouped(stock, "dir", [pl.col("fte").sum().alias("fte"),
                                       pl.col("fte").null_count().alias("fte_blank")])
    first = ab.select(first=pl.col("start_date").min())
    out = (spells.join(stock, on=["t", "dir"], how="full", coalesce=True, nulls_equal=True)
           .join(first, how="cross")
           .select("t", "dir", "fte", "fte_blank", "spells", "people", "w", "f", "f_blank", "long_n", "first")
           .collect().rows())
    return [r[:6] + (_pl_micro(r[6]), None if r[7] is None else _pl_micro(r[7])) + r[8:] for r in out]


def _polars_agency(x: Extracts, d: dt.date, p0: dt.date) -> list[tuple]:
    import polars as pl
    dec = pl.Decimal(18, 6)
    a = x.scan("agency", ["worker_id", "directorate", "start_date", "end_date", "hours_per_week", "covering",
                          "registration"])
    s, e = pl.col("start_date"), pl.col("end_date")
    cover = (pl.col("covering").str.strip_chars().str.to_lowercase() == "vacancy").fill_null(False) \
        if x.has("agency", "covering") else pl.lit(True)
    a_year = s.dt.offset_by("12mo")
    # 12 months after 29 February is 1 March (swr's Model::months_after).
    long_from = pl.when(a_year.dt.day() != s.dt.day()).then(a_year + dt.timedelta(days=1)).otherwise(a_year)
    f = (a.with_columns(dir=pl.col("directorate").fill_null(BLANK),
                        inp=(s <= d) & (e.is_null() | (e >= p0)), act=(s <= d) & (e.is_null() | (e >= d)),
                        h=pl.col("hours_per_week").fill_null(pl.lit(STANDARD_HOURS, dtype=dec)), cov=cover)
         .filter(pl.col("inp") | pl.col("act")))
    inp, act = pl.col("inp"), pl.col("act")
    g = _pl_grouped(f, "dir", [inp.sum().alias("placements"), pl.col("worker_id").filter(inp).n_unique().alias("workers"),
                               act.sum().alias("active"), pl.col("h").filter(act).sum().alias("hours"),
                               pl.col("worker_id").filter(inp & pl.col("cov")).n_unique().alias("covering"),
                               (act & (long_from < d)).sum().alias("long_running")])
    convert = x.has("agency", "registration") and x.has("payroll", "registration")
    if convert:
        key = pl.col("registration").str.strip_chars().str.to_lowercase()
        starts = [x.scan("payroll", ["registration", "start_date"]).select(k=key, j="start_date")]
        if x.has("leavers", "registration"):
            starts.append(x.scan("leavers", ["registration", "start_date"]).select(k=key, j="start_date"))
        starts = pl.concat(starts).filter(pl.col("j").is_between(p0, d) & pl.col("k").is_not_null())
        cv = (a.select(dir=pl.col("directorate").fill_null(BLANK), start_date="start_date", k=key)
              .filter(pl.col("k").is_not_null())
              .join(starts, on="k").filter(pl.col("j") >= pl.col("start_date")))
        g = g.join(_pl_grouped(cv, "dir", [pl.col("k").n_unique().alias("converted")]), on=["t", "dir"],
                   how="full", coalesce=True, nulls_equal=True)
    else:
        g = g.with_columns(converted=pl.lit(None, dtype=pl.UInt32))
    rows = (g.join(a.select(first=s.min()), how="cross")
            .select("t", "dir", "placements", "workers", "active", "hours", "covering", "long_running", "converted",
                    "first")
            .collect().rows())
    return [(convert,) + tuple(r) for r in rows]


def _polars_census(x: Extracts, as_of: dt.date, _p0: dt.date) -> dict:
    import polars as pl
    p0, d = census_year(as_of)
    plan = _census_plan(x)
    dec = pl.Decimal(18, 6)
    unit_cols = ["post_id", "directorate", "team", "job_title", "grade"]
    people = ["employee_id", "fte", "start_date", "registration", "role"] + unit_cols
    pay = x.scan("payroll", people + ["cases"]).cache()
    lvr = x.scan("leavers", people + ["leave_date"]).cache()
    agy = x.scan("agency", ["start_date", "end_date", "hours_per_week", "covering", "cases", "registration", "role"])
    est = x.scan("establishment", unit_cols + ["fte", "role"])
    ab = x.scan("absence", ["employee_id", "start_date", "end_date", "working_days_lost", "fte_days_lost"]).cache()
    who_pay, who_lvr, who_agy = (_pl_who(x, ds) for ds in ["payroll", "leavers", "agency"])
    s, lv, fte, emp = pl.col("start_date"), pl.col("leave_date"), pl.col("fte"), pl.col("employee_id")
    counts = pl.col("counts")
    stock = pl.concat([pay.filter(s <= d).select(*unit_cols, "employee_id", "fte", counts=who_pay),
                       _pl_not_shadowed(lvr, pay).filter((s <= d) & (lv > d))
                       .select(*unit_cols, "employee_id", "fte", counts=who_lvr)], how="vertical_relaxed").cache()
    parts = [stock.select(inpost_heads=emp.filter(counts).n_unique(), inpost_fte=fte.filter(counts).sum(),
                          inpost_blank=(counts & fte.is_null()).sum())]
    rows = pl.concat([pay.select("employee_id", "start_date", "fte", src=pl.lit("payroll"),
                                 leave_date=pl.lit(None, dtype=pl.Date), counts=who_pay),
                      lvr.select("employee_id", "start_date", "fte", src=pl.lit("leavers"), leave_date="leave_date",
                                 counts=who_lvr)], how="vertical_relaxed").cache()
    # A start: no earlier-starting row of the person holds them in post on it.
    held = (rows.select("employee_id", "start_date", until=lv.fill_null(dt.date(9999, 12, 31)))
            .join(rows.filter(s.is_between(p0, d)).select("employee_id", later="start_date").unique(),
                  on="employee_id")
            .filter((s < pl.col("later")) & (pl.col("until") >= pl.col("later")))
            .select("employee_id", start_date="later").unique())
    starters = (rows.filter(counts & s.is_between(p0, d))
                .join(held, on=["employee_id", "start_date"], how="anti", nulls_equal=True)
                .join(pay.select("employee_id", "start_date", shadow=pl.lit(True)).unique(),
                      on=["employee_id", "start_date"], how="left", nulls_equal=True)
                .filter(~((pl.col("src") == "leavers") & pl.col("shadow").fill_null(False))))
    parts.append(starters.select(starters_heads=emp.n_unique(), starters_fte=fte.sum(),
                                 starters_blank=fte.null_count()))
    parts.append(lvr.filter(lv.is_between(p0, d) & who_lvr)
                 .select(leavers_heads=emp.n_unique(), leavers_fte=fte.sum(), leavers_blank=fte.null_count()))
    cover = (pl.col("covering").str.strip_chars().str.to_lowercase() == "vacancy").fill_null(False) \
        if x.has("agency", "covering") else pl.lit(True)
    h, cases = pl.col("h"), pl.col("cases")
    ag = (agy.filter((s <= d) & (pl.col("end_date").is_null() | (pl.col("end_date") >= d)) & who_agy)
          .with_columns(h=pl.col("hours_per_week").fill_null(pl.lit(STANDARD_HOURS, dtype=dec)), cov=cover))
    parts.append(ag.select(agency_heads=pl.len(), agency_hours=h.sum(), cover_hours=h.filter(pl.col("cov")).sum(),
                           ag_cases=cases.filter(cases >= 1).sum(),
                           agency_case_hours=h.filter(cases >= 1).sum()))
    parts.append(pay.filter((s <= d) & who_pay)
                 .select(staff_cases=cases.filter(cases >= 1).sum(), staff_case_fte=fte.filter(cases >= 1).sum()))
    posts = est.filter(_pl_who(x, "establishment"))
    for name, units in [("vacancy", plan["units"]), ("vacancy_leavers", plan["units_leavers"])]:
        both = pl.concat([posts.select(*units, e=fte, i=pl.lit(0, dtype=dec), posted=pl.lit(True)),
                          stock.select(*units, e=pl.lit(0, dtype=dec), i=fte, posted=pl.lit(False))],
                         how="vertical_relaxed")
        sums = [pl.col("e").sum(), pl.col("i").sum(), pl.col("posted").any()]
        u = both.group_by(units).agg(sums) if units else both.select(sums)
        gap = pl.col("e") - pl.col("i")
        parts.append(u.filter(pl.col("posted"))
                     .select(pl.when(gap > 0).then(gap).otherwise(pl.lit(0, dtype=dec)).sum().alias(name)))
    parts.append(lvr.select(leavers_in_post=((s <= d) & (lv > d)).sum(), first_leave=lv.min()))
    order = ["src", "start_date", "employee_id", "fte"] + plan["rule_columns"]
    placed, _ = _pl_spells(pay.with_columns(counts=who_pay), lvr.with_columns(counts=who_lvr), ab, p0, d,
                           ["registration", "role", "counts"], order)
    parts.append(placed.filter(counts).select(fdl=pl.col("fdl_row").sum(), fdl_blank=pl.col("fdl_row").null_count()))
    parts.append(ab.select(first_spell=s.min()))
    row = pl.concat(parts, how="horizontal").collect().rows(named=True)[0]
    row["fdl_u"] = _pl_micro(row.pop("fdl"))
    return {**plan, **{k: (0 if v is None and k not in ("first_leave", "first_spell") else v) for k, v in row.items()}}


# The tables of caseload, absence, census and agency from the engines' sums.


def one_decimal(x):
    """1 decimal, half up, as swr gives caseloads and the census's figures."""
    return None if x is None else Fraction(round_away(Fraction(x), 1))


def working_days(p0: dt.date, d: dt.date) -> Fraction:
    """253 in 365 days, 254 in 366 when the period holds 29 February, in proportion."""
    leap = any(calendar.isleap(y) and p0 <= dt.date(y, 2, 29) <= d for y in range(p0.year, d.year + 1))
    wd, year = (254, 366) if leap else (253, 365)
    return Fraction(wd * ((d - p0).days + 1), year)


def _groups_then_total(rows: list[tuple], last: str | None = None) -> tuple[list[tuple], tuple | None]:
    """Rows of (t, key, ...): the groups (t = 0) by key, any `last` key after them, and the Total (t = 1)."""
    groups = sorted((r for r in rows if r[0] == 0), key=lambda r: (r[1] == last, r[1]))
    total = next((r for r in rows if r[0] == 1), None)
    return groups, total


def covers(first: dt.date | None, d: dt.date) -> bool:
    """SPEC 4, Coverage: an extract gives the flows of a period that ends on or
    after the first date it holds (leave_date, or a spell's or placement's
    start_date); else they are N/A. (A period starting after the data's own
    as-of date is N/A too; AS_OF is taken to be no later than that.)"""
    return first is not None and first <= d


def finish_caseload(rows: list[tuple], d: dt.date, p0: dt.date) -> tuple[list[str], list[list[str]]]:
    cols = ["team", "case_holders", "case_holders_fte", "cases", "caseload_fte", "mean_cases", "median_cases",
            "max_cases"]
    groups, total = _groups_then_total(rows)

    def cells(r):
        _, _, n, cases, staff_fte, hours, median, most = r
        holders_fte = frac(staff_fte) + frac(hours) / STANDARD_HOURS
        return [count(n), fte(holders_fte), count(cases), fte(one_decimal(ratio(cases, holders_fte))),
                fte(one_decimal(ratio(cases, n))), fte(one_decimal(median)), "" if most is None else count(most)]

    out = [[text(r[1])] + cells(r) for r in groups]
    out.append(["Total"] + cells(total or (1, None, 0, 0, 0, 0, None, None)))
    return cols, out


def finish_absence(rows: list[tuple], d: dt.date, p0: dt.date) -> tuple[list[str], list[list[str]]]:
    cols = ["directorate", "in_post_fte", "spells", "people_absent", "working_days_lost", "fte_days_lost",
            "days_lost_per_fte", "absence_rate_pct", "long_term_spells"]
    days = working_days(p0, d)
    flows = covers(rows[0][-1] if rows else None, d)
    groups, total = _groups_then_total(rows, UNKNOWN)

    def cells(r):
        _, _, in_fte, in_blank, spells, people, w, f, f_blank, long_n, _ = r
        in_post = None if in_blank else frac(in_fte)
        lost = None if f_blank else Fraction(int(f or 0), _MICRO)
        both = lost is not None and in_post is not None
        flow = [count(spells or 0), count(people or 0), fte(Fraction(int(w or 0), _MICRO)), fte(lost),
                fte(ratio(lost, in_post) if both else None), pct1(pct(lost, in_post * days) if both else None),
                count(long_n or 0)]
        return [fte(in_post)] + (flow if flows else [""] * len(flow))

    out = [[text(r[1])] + cells(r) for r in groups]
    out.append(["Total"] + cells(total or (1, None, 0, 0, 0, 0, 0, 0, 0, 0, None)))
    return cols, out


def finish_agency(rows: list[tuple], d: dt.date, p0: dt.date) -> tuple[list[str], list[list[str]]]:
    cols = ["directorate", "placements", "workers", "active", "agency_fte", "covering_vacancy", "long_running",
            "converted"]
    convert = rows[0][0] if rows else False
    flows = covers(rows[0][-1] if rows else None, d)
    groups, total = _groups_then_total([r[1:] for r in rows])

    def cells(r):
        _, _, placements, workers, active, hours, covering, long_n, converted, _ = r
        flow = (lambda s: s) if flows else (lambda s: "")
        return [flow(count(placements or 0)), flow(count(workers or 0)), count(active or 0),
                fte(frac(hours) / STANDARD_HOURS), flow(count(covering or 0)), count(long_n or 0),
                flow(count(converted or 0)) if convert else ""]

    out = [[text(r[1])] + cells(r) for r in groups]
    out.append(["Total"] + cells(total or (1, None, 0, 0, 0, 0, 0, 0, 0, None)))
    return cols, out


CENSUS = ["inpost_fte", "inpost_headcount", "starters_fte", "starters_headcount", "leavers_fte", "leavers_headcount",
          "turnover_rate_fte", "turnover_rate_headcount", "agency_fte", "agency_headcount", "agency_rate_fte",
          "agency_rate_headcount", "agency_cover_fte", "agency_cover_rate_fte", "vacancy_fte", "vacancy_rate_fte",
          "vacancy_agency_cover_rate_fte", "case_holders_fte", "cases", "caseload_fte", "working_days_lost_fte",
          "absence_rate_fte"]


def finish_census(r: dict, as_of: dt.date, _p0: dt.date) -> tuple[list[str], list[list[str]]]:
    p0, d = census_year(as_of)
    in_fte = None if r["inpost_blank"] else frac(r["inpost_fte"])
    heads = int(r["inpost_heads"])
    st_fte = st = lv_fte = lv = None
    if r["flows"] and covers(r["first_leave"], d):
        st_fte = None if r["starters_blank"] else frac(r["starters_fte"])
        lv_fte = None if r["leavers_blank"] else frac(r["leavers_fte"])
        st, lv = int(r["starters_heads"]), int(r["leavers_heads"])
    ag_fte = ag = cover = None
    if r["agency"]:
        ag_fte, ag = frac(r["agency_hours"]) / STANDARD_HOURS, int(r["agency_heads"])
        cover = frac(r["cover_hours"]) / STANDARD_HOURS
    vacancy = None
    if r["vacancies"] and in_fte is not None:
        vacancy = frac(r["vacancy_leavers"] if r["leavers_in_post"] else r["vacancy"])
    holders_fte = cases = None
    if r["cases"] and r["agency"] and (r["agency_cases"] or ag == 0):
        holders_fte = frac(r["staff_case_fte"]) + frac(r["agency_case_hours"]) / STANDARD_HOURS
        cases = int(r["staff_cases"]) + (int(r["ag_cases"]) if r["agency_cases"] else 0)
    lost = None
    if r["absence"] and covers(r["first_spell"], d) and not r["fdl_blank"]:
        lost = Fraction(int(r["fdl_u"]), _MICRO)

    def rate(a, b):
        return None if a is None or b is None else one_decimal(pct(a, b))

    def plus(a, b):
        return None if a is None or b is None else a + b

    def f1(v):
        return fte(one_decimal(v))

    def c(v):
        return "" if v is None else count(v)

    cells = [f1(in_fte), c(heads), f1(st_fte), c(st), f1(lv_fte), c(lv), pct1(rate(lv_fte, in_fte)),
             pct1(rate(lv, heads)), f1(ag_fte), c(ag), pct1(rate(ag_fte, plus(ag_fte, in_fte))),
             pct1(rate(ag, plus(ag, heads))), f1(cover), pct1(rate(cover, ag_fte)), f1(vacancy),
             pct1(rate(vacancy, plus(vacancy, in_fte))), pct1(rate(cover, vacancy)), f1(holders_fte), c(cases),
             fte(one_decimal(None if holders_fte is None or cases is None else ratio(cases, holders_fte))),
             f1(lost), pct1(rate(lost, None if in_fte is None else in_fte * working_days(p0, d)))]
    return CENSUS, [cells]


PEERS_A = {
    "caseload": ({"duckdb": _duck_caseload, "polars": _polars_caseload}, finish_caseload),
    "absence": ({"duckdb": _duck_absence, "polars": _polars_absence}, finish_absence),
    "census": ({"duckdb": _duck_census, "polars": _polars_census}, finish_census),
    "agency": ({"duckdb": _duck_agency, "polars": _polars_agency}, finish_agency),
}
REPORTS += list(PEERS_A)


def main() -> int:
    if len(sys.argv) != 6:
        print(__doc__, file=sys.stderr)
        return 2
    engine, report, data, out, as_of = sys.argv[1:]
    if engine not in ENGINES or report not in REPORTS:
        print(f"unknown engine or report: {engine} {report}; engines {ENGINES}, reports {REPORTS}", file=sys.stderr)
        return 2
    p0, d = period(dt.date.fromisoformat(as_of))
    if report in PEERS_A:  # caseload, absence, census, agency: DuckDB and polars
        if engine not in ("duckdb", "polars"):
            print(f"{engine} does only the leavers report", file=sys.stderr)
            return 2
        cols, table = run_a(engine, report, data, d, p0)
        with open(out, "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(cols)
            w.writerows(table)
        return 0
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
