#!/usr/bin/env python3
"""Mutation fuzzing of the swr binary from outside, over the demo extracts.

Each round copies examples/demo, breaks one extract (bit flips, truncation,
swapped or repeated columns, long cells, odd bytes, a CSV as a workbook,
a workbook cut short...), runs a command on it and checks that swr ends with
0, 1 or 2 within the time limit: never a panic (101), a signal or a hang.

    python3 fuzz/mutate.py --swr target/release/swr --rounds 2000 [--seed N]

Failures are kept under fuzz/mutants/<n>/ with the command line that broke.
"""
import argparse
import io
import os
import random
import shutil
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEMO = os.path.join(HERE, "..", "examples", "demo")

COMMANDS = [
    ["vacancies"],
    ["vacancies", "--by", "team"],
    ["costs"],
    ["costs", "--by", "directorate", "--cap", "32"],
    ["leavers"],
    ["leavers", "--service", "<2", "--top", "3"],
    ["turnover", "--by", "team"],
    ["turnover", "--period", "2024/25", "--compare", "2023/24"],
    ["cohorts"],
    ["cohorts", "--of", "staff"],
    ["check"],
    ["vacancies", "--every", "quarter", "--period", "2024/25"],
    ["vacancies", "--suppress", "5"],
    ["pack", "-o", "pack.xlsx"],
    ["vacancies", "-o", "out.xlsx"],
]


def flip_bits(data, rng):
    b = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        if not b:
            break
        i = rng.randrange(len(b))
        b[i] ^= 1 << rng.randrange(8)
    return bytes(b)


def truncate(data, rng):
    return data[: rng.randrange(len(data) + 1)] if data else data


def odd_bytes(data, rng):
    b = bytearray(data)
    for _ in range(rng.randint(1, 10)):
        i = rng.randrange(len(b) + 1)
        b[i:i] = rng.choice([b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b'"', b"\r", b"\n", b",", b";", b"\t", b"\xa3", b"\x93", b"=SUM(A1)", b"-", b"1e308", b"99999999999999999999999"])
    return bytes(b)


def rows_of(data):
    text = data.decode("utf-8", "replace")
    return [line.split(",") for line in text.splitlines()]


def join_rows(rows):
    return ("\n".join(",".join(r) for r in rows) + "\n").encode("utf-8")


def swap_columns(data, rng):
    rows = rows_of(data)
    width = max((len(r) for r in rows), default=0)
    if width < 2:
        return data
    i, j = rng.sample(range(width), 2)
    for r in rows:
        if len(r) > max(i, j):
            r[i], r[j] = r[j], r[i]
    return join_rows(rows)


def repeat_column(data, rng):
    rows = rows_of(data)
    if not rows or not rows[0]:
        return data
    i = rng.randrange(len(rows[0]))
    for r in rows:
        if len(r) > i:
            r.append(r[i])
    return join_rows(rows)


def long_cell(data, rng):
    rows = rows_of(data)
    if len(rows) < 2:
        return data
    r = rng.choice(rows[1:])
    if r:
        r[rng.randrange(len(r))] = rng.choice(["9", "x", "1/", "£1,"]) * rng.choice([1000, 100000, 2000000])
    return join_rows(rows)


def odd_values(data, rng):
    rows = rows_of(data)
    if len(rows) < 2:
        return data
    values = ["", "0", "-1", "1e21", "NaN", "inf", "31/02/2016", "00/00/0000", "29/02/2100", "01/01/1899",
              "31/12/9999", "2958466", "-0.0", "(£12.00)", "£-0", "1,2,3", "TRUE", "Total", "Grand Total",
              "#N/A", "#REF!", "=1+1", "N/A", "1.0000001", "999999.999999", "1000000", "10000000000000000"]
    for _ in range(rng.randint(1, 30)):
        r = rng.choice(rows[1:])
        if r:
            r[rng.randrange(len(r))] = rng.choice(values)
    return join_rows(rows)


def drop_lines(data, rng):
    lines = data.split(b"\n")
    for _ in range(rng.randint(1, 5)):
        if lines:
            del lines[rng.randrange(len(lines))]
    return b"\n".join(lines)


def shuffle_header(data, rng):
    lines = data.split(b"\n")
    if len(lines) > 3:
        k = rng.randrange(1, len(lines) - 1)
        lines[0], lines[k] = lines[k], lines[0]
    return b"\n".join(lines)


def zip_inside(data, rng):
    """A workbook with one of its parts broken."""
    try:
        src = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return flip_bits(data, rng)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        names = src.namelist()
        victim = rng.choice(names)
        for n in names:
            part = src.read(n)
            if n == victim:
                part = rng.choice([flip_bits, truncate, odd_bytes])(part, rng)
                if rng.random() < 0.2:
                    continue
            dst.writestr(n, part)
    return out.getvalue()


CSV_MUTATORS = [flip_bits, truncate, odd_bytes, swap_columns, repeat_column, long_cell, odd_values, drop_lines, shuffle_header]
BOOK_MUTATORS = [flip_bits, truncate, zip_inside, zip_inside, zip_inside]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--swr", default=os.path.join(HERE, "..", "target", "release", "swr"))
    ap.add_argument("--rounds", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=30)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    swr = os.path.abspath(args.swr)
    files = sorted(f for f in os.listdir(DEMO) if f.endswith((".csv", ".xlsx")))
    statuses = {}
    failures = 0
    for n in range(args.rounds):
        work = tempfile.mkdtemp(prefix="swr-mutant-")
        try:
            for f in files:
                shutil.copy(os.path.join(DEMO, f), work)
            victim = rng.choice(files)
            path = os.path.join(work, victim)
            data = open(path, "rb").read()
            mutators = BOOK_MUTATORS if victim.endswith(".xlsx") else CSV_MUTATORS
            mutator = rng.choice(mutators)
            for _ in range(rng.choice([1, 1, 1, 2, 3])):
                data = mutator(data, rng)
            if victim.endswith(".xlsx") or rng.random() < 0.8:
                open(path, "wb").write(data)
                data_arg = work if not victim.endswith(".xlsx") else path
            else:
                # The broken CSV given a workbook's name.
                os.remove(path)
                path = path[:-4] + ".xlsx"
                open(path, "wb").write(data)
                data_arg = work
            if victim.endswith(".xlsx"):
                for f in files:
                    if f.endswith(".csv"):
                        os.remove(os.path.join(work, f))
            cmd = [swr] + rng.choice(COMMANDS) + ["--data", data_arg]
            try:
                p = subprocess.run(cmd, cwd=work, capture_output=True, timeout=args.timeout)
                status = p.returncode
            except subprocess.TimeoutExpired:
                status = "timeout"
                p = None
            statuses[status] = statuses.get(status, 0) + 1
            if status not in (0, 1, 2):
                failures += 1
                keep = os.path.join(HERE, "mutants", str(n))
                shutil.rmtree(keep, ignore_errors=True)
                shutil.copytree(work, keep)
                with open(os.path.join(keep, "COMMAND"), "w") as fh:
                    fh.write(" ".join(cmd[1:]) + f"\n# {mutator.__name__} on {victim}: status {status}\n")
                    if p is not None:
                        fh.write(p.stderr.decode("utf-8", "replace")[-4000:])
                print(f"round {n}: {mutator.__name__} on {victim}: status {status} (kept in {keep})", flush=True)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    print(f"{args.rounds} rounds: exit statuses {dict(sorted(statuses.items(), key=str))}; {failures} failures")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
