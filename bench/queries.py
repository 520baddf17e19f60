"""The benchmark's baselines: every swr report, done the way an analyst would
do it with DuckDB or polars (and `leavers` with pandas too).

    python queries.py ENGINE REPORT DATA_DIR OUT.csv AS_OF

    ENGINE  duckdb | polars | pandas-csv | pandas-xlsx (pandas: REPORT leavers only)
    REPORT  vacancies | costs | leavers | turnover | cohorts
    AS_OF   the as-of date, 2025-09-30 for the generator's data

Each baseline reads the raw files swr reads (DATA_DIR/<dataset>.csv, or
leavers.xlsx for pandas-xlsx) as examples/generate.rs writes them: its own
headers (`Employee Number`, `Department`, `Post Title`, `Leaving Date`, ...),
UK dd/mm/yyyy dates, money as `£41,005.00` (quoted, with a pound sign and
thousands commas), CRLF line ends, a UTF-8 byte order mark on payroll.csv. It
works out the table swr prints with its default options (as-of date AS_OF;
period the 12 months ending on it, both ends included) and writes it to OUT.csv
with swr's column names and row order, numbers rounded as swr prints them
(money 2 dp, FTE 2 dp with trailing zeros dropped, `*_pct` 1 dp, half away
from zero), N/A as an empty cell, so that run.sh can check it against swr's.

Where the work is done: the engine reads and parses every file (money and
date text included: DuckDB SQL or polars expressions, never Python loops),
filters, joins, de-duplicates people and sums, in exact decimals (DuckDB
DECIMAL, polars Decimal; agency spend per placement in whole pence as
integers, rounded half away from zero as swr does). What comes back to Python
is one row of sums and counts per group of the table (a dozen rows at most),
from which the rates, per-FTE means and the Total row are worked out exactly
(fractions), because DuckDB's decimal division returns a double and polars
rounds decimals half to even: the same arithmetic on both engines, so that a
difference from swr is a difference in the engine's work, not in the last
division. The polars baselines use the lazy API (`pl.scan_csv`) and collect
once per report.

The definitions (SPEC.md sections 2-4), with D the as-of date, P = [P0, D]
the period and O the day before P0:
- stock on day X: payroll rows with start_date <= X, plus leavers rows with
  start_date <= X < leave_date; headcount = distinct employee_id, FTE = sum.
- an agency placement is active on X when start_date <= X and end_date is
  blank or >= X; its FTE is hours_per_week / 37 (blank hours: 37).
- vacancies by directorate: per post (post_id, in both extracts) vacancy =
  max(establishment FTE - FTE in post, 0), under the post's establishment
  directorate; in_post_fte by the stock's own directorate.
- costs by job_title: permanent cost per FTE-year = salary + employer_ni +
  employer_pension + market_supplement (blanks 0), FTE-weighted over payroll
  rows in post; agency cost per FTE-year = rate x 37 x 46, hours-weighted over
  active placements; agency_spend = sum over placements of rate x hours x
  (days active in P) / 7 x 46 / 52, each to the penny.
- leavers by reason, turnover by directorate, cohorts by length-of-service
  band: as in SPEC section 2.
Blank employee IDs (which swr counts as one person each) do not occur in the
generated data and are not handled here.
"""

import csv
import datetime as dt
import math
import sys
from decimal import Decimal
from fractions import Fraction

REPORTS = ["vacancies", "costs", "leavers", "turnover", "cohorts"]
ENGINES = ["duckdb", "polars", "pandas-csv", "pandas-xlsx"]

# The generator's headers (examples/generate.rs).
EST = {"post": "Post ID", "dir": "Service", "job": "Job Title", "fte": "FTE"}
PAY = {
    "emp": "Employee Number", "post": "Post ID", "dir": "Department", "job": "Post Title",
    "fte": "Contracted FTE", "start": "Continuous Service Date",
    "cost": ["Salary", "Employer NI", "Employer Pension", "Market Supplement"],
}
AGY = {
    "dir": "Directorate", "job": "Position", "start": "Start Date", "end": "End Date",
    "hours": "Hours Per Week", "rate": "Hourly Charge Rate", "covering": "Covering",
}
LVR = {
    "emp": "Employee Number", "dir": "Dept", "job": "Job Title", "fte": "FTE",
    "start": "Date Started", "leave": "Leaving Date", "reason": "Reason for Leaving",
    "exit": "Exit Interview",
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
# DuckDB


def duckdb_run(report: str, data: str, d: dt.date, p0: dt.date) -> list[tuple]:
    import duckdb

    def src(name: str, types: dict[str, str]) -> str:
        path = f"{data}/{name}.csv".replace("'", "''")
        t = ", ".join(f"'{k}': '{v}'" for k, v in types.items())
        return f"read_csv('{path}', header = true, dateformat = '%d/%m/%Y', types = {{{t}}})"

    def q(col: str) -> str:
        return '"' + col.replace('"', '""') + '"'

    def money(col: str) -> str:
        # '£41,005.00', '39500', '(12.00)' -> DECIMAL(18,2)
        v = f"replace(replace(trim({q(col)}), '£', ''), ',', '')"
        return (f"CASE WHEN starts_with({v}, '(') THEN -CAST(trim({v}, '()') AS DECIMAL(18,2)) "
                f"ELSE CAST({v} AS DECIMAL(18,2)) END")

    def key(col: str) -> str:
        return f"coalesce({q(col)}, '{BLANK}')"

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
            ), f AS (
                SELECT emp, dir, fte,
                       s <= {D} AND (l IS NULL OR l > {D}) AS at_end,
                       s <= {O} AND (l IS NULL OR l > {O}) AS at_open,
                       s BETWEEN {P0} AND {D} AS starter,
                       coalesce(l BETWEEN {P0} AND {D}, false) AS leaver
                FROM r
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


def polars_run(report: str, data: str, d: dt.date, p0: dt.date) -> list[tuple]:
    import polars as pl

    dec = pl.Decimal(18, 6)

    def scan(name: str, decimals: list[str]) -> "pl.LazyFrame":
        return pl.scan_csv(f"{data}/{name}.csv", infer_schema=False,
                           schema_overrides={c: dec for c in decimals})

    def date(col: str) -> "pl.Expr":
        return pl.col(col).str.to_date("%d/%m/%Y")

    def money(col: str) -> "pl.Expr":
        v = pl.col(col).str.strip_chars().str.replace_all("£", "", literal=True).str.replace_all(",", "", literal=True)
        n = v.str.strip_chars("()").cast(pl.Decimal(18, 2))
        return pl.when(v.str.starts_with("(")).then(-n).otherwise(n)

    def key(col: str) -> "pl.Expr":
        return pl.col(col).fill_null(BLANK)

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
        rows = (pl.concat([pay, lvr])
                .with_columns(at_end=(s <= d) & (l.is_null() | (l > d)),
                              at_open=(s <= o) & (l.is_null() | (l > o)),
                              starter=s.is_between(p0, d),
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
        df = pd.read_csv(f"{data}/leavers.csv", usecols=cols, dtype=str, keep_default_na=False)
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


def main() -> int:
    if len(sys.argv) != 6:
        print(__doc__, file=sys.stderr)
        return 2
    engine, report, data, out, as_of = sys.argv[1:]
    if engine not in ENGINES or report not in REPORTS:
        print(f"unknown engine or report: {engine} {report}; engines {ENGINES}, reports {REPORTS}", file=sys.stderr)
        return 2
    p0, d = period(dt.date.fromisoformat(as_of))
    if engine == "duckdb":
        rows = duckdb_run(report, data, d, p0)
    elif engine == "polars":
        rows = polars_run(report, data, d, p0)
    elif report == "leavers":
        rows = pandas_leavers(engine, data, d, p0)
    else:
        print(f"{engine} does only the leavers report", file=sys.stderr)
        return 2
    cols, table = finish(report, rows)
    with open(out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(cols)
        w.writerows(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
