"""Turns the measurements run.sh collected into bench/results.md.

    python3 report.py RUN_DIR RESULTS.md

RUN_DIR holds measurements.tsv (one line per timed command: dataset, rows,
report, inputs, input_mb, tool, command, wall_s, peak_mb, status, out, check,
note) and machine.txt (key<TAB>value lines). Only the standard library is
used, so the report is written even when the Python baselines could not be
installed.
"""

import csv
import os
import sys

# Every report run on the synthetic datasets (issue 20); older runs hold the
# first five only, and a report a run does not hold is left out.
REPORTS = ["vacancies", "costs", "leavers", "turnover", "cohorts", "caseload", "absence", "census",
           "retention", "movements", "agency", "pay"]
# Run on the demo council only.
DEMO_ONLY = ["benchmark", "incentives", "pack", "exceptions", "forecast"]
BASELINES = [("duckdb", "DuckDB"), ("polars", "polars")]
MEMORY_TARGET = 1.5  # peak memory under 1.5 x the size of the extracts read
# The synthetic CSV datasets by shape: name prefix, title.
SHAPES = [("csv-", "standard shape (csv-N: the demo council's headers, UTF-8)"),
          ("council-", "council shape (council-N: council headers, Windows-1252, every row its own employee number)")]
EXTRACTS = ["establishment", "payroll", "agency", "leavers", "absence", "market", "payroll_2024"]
# Council-sized commands (issue 20): each under 50 ms, the pack under 0.15 s.
COUNCIL_LIMIT, PACK_LIMIT = 0.05, 0.15


def read_measurements(run_dir):
    with open(os.path.join(run_dir, "measurements.tsv"), newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def read_machine(run_dir):
    info = {}
    with open(os.path.join(run_dir, "machine.txt")) as f:
        for line in f:
            if "\t" in line:
                k, v = line.rstrip("\n").split("\t", 1)
                info[k] = v
    return info


def read_sizes(run_dir):
    """dataset -> {extract: bytes}, from sizes.tsv (dataset, file, bytes)."""
    out = {}
    try:
        with open(os.path.join(run_dir, "sizes.tsv")) as f:
            for line in f:
                ds, name, b = line.rstrip("\n").split("\t")
                out.setdefault(ds, {})[name.rsplit(".", 1)[0]] = int(b)
    except (OSError, ValueError):
        pass
    return out


def ok(m):
    return m is not None and m["status"] == "0"


def size(ds):
    return int(ds.split("-")[1])


def wall(m):
    return float(m["wall_s"])


def fmt_s(m):
    if not ok(m):
        return ""
    s = wall(m)
    return f"{s:.3f}" if s < 10 else f"{s:.1f}"


def fmt_mb(m):
    return f"{float(m['peak_mb']):.0f}" if ok(m) and m["peak_mb"] else ""


def esc(s):
    return s.replace("|", "\\|")


def failure(m):
    if m is None:
        return "not run"
    if m["status"] == "skipped":
        return f"skipped: {m['note']}"
    if m["status"] == "124":
        return "timed out"
    return f"failed (exit {m['status']}): {m['note'] or 'no message'}"


def answer(m):
    """What the check said of a baseline's answer, briefly."""
    if not ok(m):
        return failure(m)
    c = m["check"]
    if c.startswith("same as swr"):
        return "same"
    return c or "not checked"


class Runs:
    def __init__(self, ms):
        self.ms = ms

    def find(self, ds, tool, report, command_prefix=""):
        return next((m for m in self.ms if m["dataset"] == ds and m["tool"] == tool and m["report"] == report
                     and m["command"].startswith(command_prefix)), None)

    def swr(self, ds, report):
        return self.find(ds, "swr", report)

    def reports(self, ds):
        """The reports swr was run for on ds, in REPORTS order."""
        return [r for r in REPORTS if self.swr(ds, r) is not None]


def ratio(base, swr):
    """Baseline time / swr time: above 1, swr is faster."""
    if ok(base) and ok(swr) and wall(swr) > 0:
        return wall(base) / wall(swr)
    return None


def mem_multiple(m):
    if ok(m) and m["peak_mb"] and float(m["input_mb"]) > 0:
        return float(m["peak_mb"]) / float(m["input_mb"])
    return None


def main():
    run_dir, out_path = sys.argv[1], sys.argv[2]
    ms = read_measurements(run_dir)
    info = read_machine(run_dir)
    runs = Runs(ms)

    datasets = []
    for m in ms:
        if m["dataset"] not in datasets:
            datasets.append(m["dataset"])

    lines = []
    w = lines.append
    w("# Benchmark results")
    w("")
    w(f"Produced by `{info.get('command', 'bench/run.sh')}` on {info.get('date', '?')}.")
    w("")
    w("| | |")
    w("|---|---|")
    for k in ["commit", "binaries", "cpu", "cores", "memory", "os", "rustc", "swr", "python", "duckdb", "polars",
              "pandas", "openpyxl", "data"]:
        if k in info:
            w(f"| {k} | {info[k]} |")
    w("")
    w("Every figure is one process run end to end as a user runs it, start-up included: wall clock")
    w("time from the shell, peak resident memory from `/usr/bin/time -v`. For the Python tools that")
    w("includes starting the interpreter and importing the library. Every command, of every tool,")
    w("is run three times and the fastest run kept (REPEAT sets how many), unless its first run took")
    w("over 20 s (see the notes); this machine's timings vary by 10-30% from run to run. The data")
    w("comes from `cargo run --release --example generate`, written to a scratch folder outside the")
    w("repository.")
    w("")
    w("The DuckDB and polars rows do each swr report themselves (bench/queries.py, polars with its")
    w("lazy API): they read the same raw CSV files swr reads, parse the money and date text in the")
    w("engine, and work out the same table with the default options (as of the date in the table")
    w("above, period the 12 months ending on it). Each answer is checked against swr's for the same")
    w("report (bench/compare.py; money and FTE compared to 2 decimals, percentages to 1, counts")
    w("exactly): `same`, or `DIFFERENT from swr:` and the first differing cell. `/ swr` is the")
    w("baseline's wall time divided by swr's for the same report and data, so above 1 means swr is")
    w("faster. `extracts MB` is the size of the files the report reads (vacancies: establishment,")
    w("payroll, agency, leavers; costs, caseload and agency: payroll, agency, leavers; turnover and")
    w("retention: payroll, leavers; leavers and cohorts: leavers; absence: absence, payroll,")
    w("leavers; census: establishment, payroll, agency, leavers, absence; movements: payroll and")
    w("payroll_2024; pay: payroll, market, leavers); `x extracts` is swr's peak memory as a")
    w("multiple of it. swr also looks at the dates of every extract present for its default as-of")
    w("date; the baselines are handed that date. A baseline that does not do a report yet is")
    w("recorded as failed.")
    w("")

    for prefix, title in SHAPES:
        shaped = [ds for ds in datasets if ds.startswith(prefix)]
        if not shaped:
            continue
        w(f"## Every report: swr against DuckDB and polars, {title}")
        w("")
        w("| dataset | report | extracts MB | swr s | swr MB | x extracts | DuckDB s | DuckDB MB | DuckDB / swr "
          "| polars s | polars MB | polars / swr | answers |")
        w("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
        for ds in shaped:
            for report in REPORTS:
                s = runs.swr(ds, report)
                if s is None:
                    continue
                mult = mem_multiple(s)
                cells = [ds, report, f"{float(s['input_mb']):.1f}", fmt_s(s) if ok(s) else esc(failure(s)),
                         fmt_mb(s), f"{mult:.2f}" if mult is not None else ""]
                answers = []
                for tool, name in BASELINES:
                    b = runs.find(ds, tool, report)
                    r = ratio(b, s)
                    cells += [fmt_s(b), fmt_mb(b), f"{r:.2f}" if r is not None else ""]
                    answers.append(f"{name}: {answer(b)}")
                cells.append(esc("; ".join(answers)))
                w("| " + " | ".join(cells) + " |")
        w("")

    w("## Every run")
    w("")
    w("`/ swr` is the row's wall time divided by swr's for the same report on the same data")
    w("(calamine_read: against `swr leavers`). calamine_read only reads the leavers sheet (`--cells`:")
    w("with the streaming cell reader), as the baseline for swr's XLSX loading; pandas does the")
    w("leavers report only.")
    w("")
    w("| dataset | rows | report | tool | command | wall s | peak MB | / swr | notes |")
    w("|---|---:|---|---|---|---:|---:|---:|---|")
    for ds in datasets:
        for m in (m for m in ms if m["dataset"] == ds):
            r = None if m["tool"] == "swr" else ratio(m, runs.swr(ds, m["report"]))
            notes = [m["note"]] if ok(m) and m["note"] else []
            if not ok(m):
                notes.append(failure(m))
            elif m["tool"] == "swr":
                mult = mem_multiple(m)
                if mult is not None:
                    notes.append(f"peak {mult:.2f} x the {m['input_mb']} MB of extracts read")
            elif m["check"]:
                notes.append(m["check"])
            w(f"| {ds} | {int(m['rows']):,} | {m['report']} | {m['tool']} | `{m['command']}` | {fmt_s(m)} | "
              f"{fmt_mb(m)} | {f'{r:.2f}' if r is not None else ''} | {esc('; '.join(notes))} |")
    w("")
    sizes = read_sizes(run_dir)
    if sizes:
        shown = [x for x in EXTRACTS if any(x in got for got in sizes.values())]
        w("Input sizes (MB):")
        w("")
        w("| dataset | " + " | ".join(shown) + " | all |")
        w("|---|" + "---:|" * (len(shown) + 1))
        for ds in datasets:
            if ds in sizes:
                got = sizes[ds]
                cells = [f"{got[x] / 1e6:.1f}" if x in got else "" for x in shown]
                w(f"| {ds} | " + " | ".join(cells) + f" | {sum(got.values()) / 1e6:.1f} |")
        w("")
    w("## Targets")
    w("")
    w("| target | measured | met |")
    w("|---|---|---|")
    for row in targets(runs, datasets):
        w("| " + " | ".join(esc(c) for c in row) + " |")
    w("")
    w("Raw measurements, outputs and error logs of this run stay in the scratch folder:")
    w(f"`{run_dir}`.")
    with open(out_path, "w") as f:
        f.write("\n".join(lines) + "\n")


def targets(runs, datasets):
    rows = []
    # A council-sized workbook: every report under 0.1 s (issue 9).
    small = [ds for ds in datasets if ds.startswith("xlsx-") and size(ds) <= 10000]
    if small:
        ds = small[0]
        rs = [runs.swr(ds, r) for r in runs.reports(ds)]
        if rs and all(ok(r) for r in rs):
            worst = max(rs, key=wall)
            rows.append([f"council-sized XLSX ({ds}): every report < 0.1 s",
                         f"slowest `{worst['command'].split(' --')[0]}` {wall(worst):.3f} s",
                         "yes" if wall(worst) < 0.1 else "no"])
        else:
            rows.append([f"council-sized XLSX ({ds}): every report < 0.1 s", "some swr commands failed", "no"])
    else:
        rows.append(["council-sized XLSX: every report < 0.1 s", "not run (XLSX_SIZES without a small size)", ""])

    # Every command on the demo council (CSV and XLSX): each under 50 ms,
    # the pack, which runs six reports for each of nine dates, under 0.15 s
    # (issue 20).
    for src in ("demo-csv", "demo-xlsx"):
        run_here = [r for r in REPORTS + DEMO_ONLY if runs.swr(src, r) is not None] or REPORTS + DEMO_ONLY
        for reports, limit in ([r for r in run_here if r != "pack"], COUNCIL_LIMIT), (["pack"], PACK_LIMIT):
            what = "every command but pack, each" if len(reports) > 1 else ", ".join(reports)
            label = f"council-sized ({src}): {what} < {limit:g} s"
            rs = [runs.swr(src, r) for r in reports]
            if all(r is None for r in rs):
                rows.append([label, "not run", ""])
            elif all(ok(r) for r in rs):
                worst = max(rs, key=wall)
                rows.append([label, f"slowest `{worst['command'].split(' --')[0]}` {wall(worst):.3f} s",
                             "yes" if wall(worst) < limit else "no"])
            else:
                rows.append([label, "some swr commands failed or were skipped", "no"])

    # 1M and 10M leaver rows, on each shape: every report at or under DuckDB
    # and polars, the same answers, and peak memory under 1.5 x the extracts
    # read.
    big = [ds for ds in datasets if ds.startswith(tuple(p for p, _ in SHAPES)) and size(ds) >= 1_000_000]
    if not big:
        rows.append(["1M and 10M rows: every report at or under DuckDB and polars",
                     "not run (SIZES without 1000000 or 10000000)", ""])
    for ds in big:
        reports = runs.reports(ds)
        worst, missing = None, []
        for report in reports:
            s = runs.swr(ds, report)
            for tool, name in BASELINES:
                r = ratio(runs.find(ds, tool, report), s)
                if r is None:
                    missing.append(f"{report}/{name}")
                elif worst is None or r < worst[0]:
                    worst = (r, report, name)
        label = f"{ds}: every report's time at or under DuckDB's and polars' (baseline / swr >= 1)"
        if worst is None:
            rows.append([label, "no run to compare" + (f"; not measured: {', '.join(missing)}" if missing else ""),
                         "no"])
        else:
            measured = f"lowest: {worst[1]} against {worst[2]}, {worst[0]:.2f}"
            if missing:
                measured += f"; not measured: {', '.join(missing)}"
            rows.append([label, measured, "yes" if worst[0] >= 1.0 and not missing else "no"])

        checks = [(report, name, runs.find(ds, tool, report)) for report in reports for tool, name in BASELINES]
        same = [c for c in checks if ok(c[2]) and c[2]["check"].startswith("same as swr")]
        differ = [f"{r} ({n})" for r, n, m in checks if not (ok(m) and m["check"].startswith("same as swr"))]
        rows.append([f"{ds}: every baseline's answer equals swr's",
                     f"{len(same)} of {len(checks)} the same" + (f"; not: {', '.join(differ)}" if differ else ""),
                     "yes" if not differ else "no"])

        mults = [(mem_multiple(runs.swr(ds, r)), r) for r in reports]
        known = [(x, r) for x, r in mults if x is not None]
        label = f"{ds}: every report's peak memory < {MEMORY_TARGET} x the extracts it reads"
        if known:
            top = max(known)
            over = [f"{r} {x:.3f}" for x, r in known if x >= MEMORY_TARGET]
            rows.append([label, f"highest: {top[1]} {top[0]:.3f} x" + (f" (at or over: {', '.join(over)})" if over else ""),
                         "yes" if not over and len(known) == len(reports) else "no"])
        else:
            rows.append([label, "swr did not run", "no"])
    if big and max(size(ds) for ds in big) < 10_000_000:
        rows.append(["10M rows (csv-10000000, council-10000000): the same three",
                     "not run (the target is also at 10,000,000 rows)", ""])

    # The full sheet: 5x faster than pandas+openpyxl, within 1.3x of calamine.
    full = [ds for ds in datasets if ds.startswith("xlsx-") and size(ds) > 10000]
    if full:
        ds = max(full, key=size)
        s = runs.swr(ds, "leavers")
        p = runs.find(ds, "pandas", "leavers")
        cals = [m for m in runs.ms if m["dataset"] == ds and m["tool"] == "calamine" and ok(m)]
        if ok(s):
            sw = wall(s)
            if ok(p):
                r = wall(p) / sw
                rows.append([f"{ds}: pandas read_excel (openpyxl) / swr leavers >= 5",
                             f"{wall(p):.2f} s / {sw:.2f} s = {r:.1f}", "yes" if r >= 5 else "no"])
            else:
                rows.append([f"{ds}: pandas read_excel (openpyxl) / swr leavers >= 5", "pandas failed or not run", ""])
            if cals:
                c = min(cals, key=wall)
                r = sw / wall(c)
                rows.append([f"{ds}: swr leavers / calamine alone <= 1.3 (fastest calamine reader)",
                             f"{sw:.3f} s / {wall(c):.3f} s = {r:.2f}", "yes" if r <= 1.3 else "no"])
        else:
            rows.append([f"{ds}: swr leavers against pandas and calamine", "swr leavers failed", "no"])
    return rows


if __name__ == "__main__":
    main()
