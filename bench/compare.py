"""Checks a baseline's answer against swr's, cell by cell.

    python3 compare.py SWR.csv BASELINE.csv

Prints one line: `same as swr (N rows)`, or `DIFFERENT from swr: <the first
differing cell>` (row number, the row's first cell, column, both values), or
`could not compare: <why>`; exits 0, 1 or 2 accordingly. Numbers are compared
after rounding both sides the way swr prints them: money and FTE to 2 decimal
places, `*_pct` to 1, half away from zero; counts exactly. Text cells and N/A
(an empty cell) must be equal as written. When the baseline has fewer columns
than swr (pandas' leavers), only its columns are compared, by name.
Only the standard library is used.
"""

import csv
import sys
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

COUNTS = {"leavers", "exit_interviews", "in_post", "starters", "headcount", "over_cap"}
MONEY = {"permanent_cost_per_fte", "agency_cost_per_fte", "premium_per_fte", "annual_premium", "agency_spend"}
TEXT = {"reason", "directorate", "job_title", "band", "team", "grade"}


def places(column: str):
    """Decimal places swr prints a column to; None for text; 0 for counts."""
    if column in TEXT:
        return None
    if column in COUNTS:
        return 0
    if column.endswith("_pct"):
        return 1
    return 2  # money and FTE


def same(column: str, a: str, b: str) -> bool:
    dp = places(column)
    if dp is None or a == "" or b == "":
        return a == b
    try:
        x, y = Decimal(a), Decimal(b)
    except InvalidOperation:
        return a == b
    if dp == 0:
        return x == y
    q = Decimal(1).scaleb(-dp)
    return x.quantize(q, rounding=ROUND_HALF_UP) == y.quantize(q, rounding=ROUND_HALF_UP)


def read(path: str):
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    if not rows:
        raise ValueError(f"{path} is empty")
    return rows[0], rows[1:]


def compare(swr_path: str, base_path: str) -> tuple[int, str]:
    try:
        sh, srows = read(swr_path)
        bh, brows = read(base_path)
    except (OSError, ValueError, UnicodeDecodeError) as e:
        return 2, f"could not compare: {e}"
    missing = [c for c in bh if c not in sh]
    if missing:
        return 1, f"DIFFERENT from swr: columns {bh} against swr's {sh}"
    if bh != sh and bh != [c for c in sh if c in bh]:
        return 1, f"DIFFERENT from swr: column order {bh} against swr's {sh}"
    idx = [sh.index(c) for c in bh]
    for i in range(max(len(srows), len(brows))):
        if i >= len(srows) or i >= len(brows):
            extra = brows[i] if i < len(brows) else srows[i]
            who = "baseline" if i < len(brows) else "swr"
            return 1, (f"DIFFERENT from swr: {len(srows)} rows in swr, {len(brows)} in the baseline; "
                       f"first extra row ({who}): {','.join(extra)}")
        s, b = srows[i], brows[i]
        for c, j in zip(bh, idx):
            sv = s[j] if j < len(s) else ""
            bv = b[bh.index(c)] if bh.index(c) < len(b) else ""
            if not same(c, sv, bv):
                label = s[0] if s else ""
                return 1, f"DIFFERENT from swr: row {i + 1} ({label}), {c}: swr {sv or 'N/A'}, baseline {bv or 'N/A'}"
    partial = "" if bh == sh else f", columns {', '.join(bh)}"
    return 0, f"same as swr ({len(srows)} rows{partial})"


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    code, msg = compare(sys.argv[1], sys.argv[2])
    print(msg)
    return code


if __name__ == "__main__":
    sys.exit(main())
