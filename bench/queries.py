"""The benchmark's baselines: what `swr leavers` answers, done the way an
analyst would do it with DuckDB or pandas.

The query counts leavers and sums their FTE by reason for leaving, for leave
dates in the 12 months that end on the as-of date (both ends included).

    python queries.py duckdb      leavers.csv  OUT.csv  2025-09-30
    python queries.py pandas-csv  leavers.csv  OUT.csv  2025-09-30
    python queries.py pandas-xlsx leavers.xlsx OUT.csv  2025-09-30

The result (reason, leavers, leavers_fte; most leavers first) goes to OUT.csv
so that run.sh can check it against swr's answer. The headers are the ones the
generator writes (`Leaving Date`, `Reason for Leaving`, `FTE`). Its dates are
dd/mm/yyyy in CSV and real Excel dates in XLSX, whose sheet has a title row
and a blank row above the header.
"""

import csv
import datetime as dt
import sys

REASON, LEAVE, FTE = "Reason for Leaving", "Leaving Date", "FTE"


def period(as_of: dt.date) -> tuple[dt.date, dt.date]:
    """The 12 months ending on as_of: 2025-09-30 gives 2024-10-01..2025-09-30."""
    try:
        year_before = as_of.replace(year=as_of.year - 1)
    except ValueError:  # 29 February
        year_before = as_of.replace(year=as_of.year - 1, day=28)
    return year_before + dt.timedelta(days=1), as_of


def duckdb_query(path: str, start: dt.date, end: dt.date) -> list[tuple]:
    import duckdb

    src = path.replace("'", "''")
    sql = f"""
        SELECT "{REASON}" AS reason, count(*) AS leavers, sum("{FTE}") AS leavers_fte
        FROM read_csv('{src}', dateformat = '%d/%m/%Y')
        WHERE "{LEAVE}" BETWEEN DATE '{start}' AND DATE '{end}'
        GROUP BY 1
        ORDER BY 2 DESC, 1
    """
    return duckdb.sql(sql).fetchall()


def pandas_group(df, start: dt.date, end: dt.date) -> list[tuple]:
    import pandas as pd

    keep = (df[LEAVE] >= pd.Timestamp(start)) & (df[LEAVE] <= pd.Timestamp(end))
    g = df[keep].groupby(REASON).agg(leavers=(FTE, "size"), leavers_fte=(FTE, "sum")).reset_index()
    g = g.sort_values(["leavers", REASON], ascending=[False, True])
    return list(g.itertuples(index=False, name=None))


def pandas_csv(path: str, start: dt.date, end: dt.date) -> list[tuple]:
    import pandas as pd

    df = pd.read_csv(path, usecols=[REASON, LEAVE, FTE])
    df[LEAVE] = pd.to_datetime(df[LEAVE], format="%d/%m/%Y")
    return pandas_group(df, start, end)


def pandas_xlsx(path: str, start: dt.date, end: dt.date) -> list[tuple]:
    import pandas as pd

    df = pd.read_excel(path, sheet_name="Leavers", header=2, usecols=[REASON, LEAVE, FTE], engine="openpyxl")
    df[LEAVE] = pd.to_datetime(df[LEAVE])
    return pandas_group(df, start, end)


def main() -> int:
    if len(sys.argv) != 5:
        print(__doc__, file=sys.stderr)
        return 2
    mode, path, out, as_of = sys.argv[1:]
    start, end = period(dt.date.fromisoformat(as_of))
    run = {"duckdb": duckdb_query, "pandas-csv": pandas_csv, "pandas-xlsx": pandas_xlsx}.get(mode)
    if run is None:
        print(f"unknown mode {mode!r}; expected duckdb, pandas-csv or pandas-xlsx", file=sys.stderr)
        return 2
    rows = run(path, start, end)
    with open(out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["reason", "leavers", "leavers_fte"])
        for reason, n, fte in rows:
            w.writerow([reason, int(n), f"{float(fte):.2f}"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
