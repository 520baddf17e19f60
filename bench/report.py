"""Turns the measurements run.sh collected into bench/results.md.

    python3 report.py RUN_DIR RESULTS.md

RUN_DIR holds measurements.tsv (one line per timed command) and machine.txt
(key<TAB>value lines). Only the standard library is used, so the report is
written even when the Python baselines could not be installed.
"""

import csv
import os
import sys

SWR_COMMANDS = ["vacancies", "costs", "leavers", "turnover", "cohorts"]


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


def ok(m):
    return m["status"] == "0"


def leavers_by_reason(path):
    """reason -> leavers from a CSV with reason and leavers columns (swr's or a
    baseline's); the Total row and any All other row are left out."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            rows = list(csv.DictReader(f))
    except OSError:
        return None
    if not rows or "leavers" not in rows[0]:
        return None
    key = next((k for k in rows[0] if k not in ("leavers", "leavers_fte", "share_pct", "exit_interviews", "exit_interview_pct")), None)
    out = {}
    for r in rows:
        if key is None or r[key] in ("Total",):
            continue
        try:
            out[r[key]] = int(float(r["leavers"]))
        except ValueError:
            return None
    return out


def note_for(m, swr_leavers):
    if m["status"] == "skipped":
        return m["note"]
    if m["status"] == "124":
        return "timed out"
    if not ok(m):
        err = m["note"] or "no message"
        return f"failed (exit {m['status']}): {err}"
    note = m["note"]
    if m["tool"] in ("duckdb", "pandas") and swr_leavers is not None and ok(swr_leavers):
        mine = leavers_by_reason(swr_leavers["out"])
        theirs = leavers_by_reason(m["out"])
        if mine is None or theirs is None:
            agree = "could not compare with swr leavers"
        elif mine == theirs:
            agree = "same counts as swr leavers"
        else:
            agree = "COUNTS DIFFER from swr leavers"
        note = f"{note}; {agree}" if note else agree
    return note


def fmt_s(m):
    if m["wall_s"] in ("", None):
        return ""
    s = float(m["wall_s"])
    return f"{s:.3f}" if s < 10 else f"{s:.1f}"


def fmt_mb(m):
    return f"{float(m['peak_mb']):.0f}" if m["peak_mb"] not in ("", None) else ""


def main():
    run_dir, out_path = sys.argv[1], sys.argv[2]
    ms = read_measurements(run_dir)
    info = read_machine(run_dir)

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
    for k in ["commit", "cpu", "cores", "memory", "os", "rustc", "swr", "python", "duckdb", "pandas", "openpyxl", "data"]:
        if k in info:
            w(f"| {k} | {info[k]} |")
    w("")
    w("Every figure is one process run end to end as a user runs it, start-up included: wall clock")
    w("time from the shell, peak resident memory from `/usr/bin/time -v`. For the Python tools that")
    w("includes starting the interpreter and importing the library. Every command, of every tool,")
    w("is run three times and the fastest run kept, unless its first run took over 20 s (see the")
    w("notes); this machine's timings vary by 10-30% from run to run. The data comes from")
    w("`cargo run --release --example generate`, written to a scratch folder outside the repository.")
    w("The DuckDB and pandas rows run the `swr leavers` query themselves (bench/queries.py):")
    w("count and FTE of leavers by reason, leave date in the 12 months to the as-of date.")
    w("`ratio to swr` is that row's wall time divided by `swr leavers` on the same data, so")
    w("above 1 means swr is faster. calamine_read only reads the leavers sheet (`--cells`: with")
    w("the streaming cell reader), as the baseline for swr's XLSX loading.")
    w("")
    w("| dataset | rows | tool | command | wall s | peak MB | ratio to swr | notes |")
    w("|---|---:|---|---|---:|---:|---:|---|")
    for ds in datasets:
        group = [m for m in ms if m["dataset"] == ds]
        swr_leavers = next((m for m in group if m["tool"] == "swr" and m["command"].startswith("swr leavers")), None)
        base = float(swr_leavers["wall_s"]) if swr_leavers and ok(swr_leavers) and float(swr_leavers["wall_s"]) > 0 else None
        for m in group:
            ratio = ""
            if ok(m) and base and (m["tool"] != "swr" or m is swr_leavers):
                ratio = f"{float(m['wall_s']) / base:.2f}"
            note = note_for(m, swr_leavers).replace("|", "\\|")
            w(f"| {ds} | {int(m['rows']):,} | {m['tool']} | `{m['command']}` | {fmt_s(m) if ok(m) else ''} | "
              f"{fmt_mb(m) if ok(m) else ''} | {ratio} | {note} |")
    w("")
    w("Input sizes (the leavers file; the other three extracts are about half, half and a tenth as many rows):")
    w("")
    w("| dataset | leavers file | MB |")
    w("|---|---|---:|")
    seen = set()
    for m in ms:
        if m["dataset"] not in seen and m.get("input_file"):
            seen.add(m["dataset"])
            w(f"| {m['dataset']} | {os.path.basename(m['input_file'])} | {float(m['input_mb']):.1f} |")
    w("")
    w("## Targets (issue 5)")
    w("")
    w("| target | measured | met |")
    w("|---|---|---|")
    for row in targets(ms, datasets):
        w("| " + " | ".join(row) + " |")
    w("")
    w("Raw measurements, outputs and error logs of this run stay in the scratch folder:")
    w(f"`{run_dir}`.")
    with open(out_path, "w") as f:
        f.write("\n".join(lines) + "\n")


def targets(ms, datasets):
    def find(ds, tool, prefix):
        return next((m for m in ms if m["dataset"] == ds and m["tool"] == tool and m["command"].startswith(prefix)), None)

    rows = []
    # A council-sized workbook: every report under 0.2 s.
    small = [ds for ds in datasets if ds.startswith("xlsx-") and int(ds.split("-")[1]) <= 10000]
    if small:
        ds = small[0]
        runs = [find(ds, "swr", f"swr {c}") for c in SWR_COMMANDS]
        if all(r and ok(r) for r in runs):
            worst = max(runs, key=lambda r: float(r["wall_s"]))
            rows.append([f"council-sized XLSX ({ds}): every report < 0.2 s",
                         f"slowest `{worst['command'].split(' --')[0]}` {float(worst['wall_s']):.3f} s",
                         "yes" if float(worst["wall_s"]) < 0.2 else "no"])
        else:
            rows.append([f"council-sized XLSX ({ds}): every report < 0.2 s", "some swr commands failed", "no"])
    else:
        rows.append(["council-sized XLSX: every report < 0.2 s", "not run (XLSX_SIZES without a small size)", ""])

    # The largest CSV: swr leavers no slower than DuckDB, memory < 2x the file.
    csvs = [ds for ds in datasets if ds.startswith("csv-")]
    if csvs:
        ds = max(csvs, key=lambda d: int(d.split("-")[1]))
        s, d = find(ds, "swr", "swr leavers"), find(ds, "duckdb", "")
        label = f"{ds}: swr leavers / DuckDB <= 1.0"
        if ds != "csv-10000000":
            label += " (the target is at 10,000,000 rows)"
        if s and d and ok(s) and ok(d):
            r = float(s["wall_s"]) / float(d["wall_s"])
            rows.append([label, f"{float(s['wall_s']):.3f} s / {float(d['wall_s']):.3f} s = {r:.2f}", "yes" if r <= 1.0 else "no"])
            mb = float(s["input_mb"])
            mem_label = f"{ds}: swr leavers peak memory < 2 x leavers file ({2 * mb:.0f} MB)"
            if ds != "csv-10000000":
                mem_label += " (the target is at 10,000,000 rows)"
            rows.append([mem_label,
                         f"{float(s['peak_mb']):.0f} MB", "yes" if float(s["peak_mb"]) < 2 * mb else "no"])
        else:
            rows.append([label, "swr leavers or DuckDB failed", "no"])
    # The full sheet: 5x faster than pandas+openpyxl, within 1.3x of calamine.
    big = [ds for ds in datasets if ds.startswith("xlsx-") and int(ds.split("-")[1]) > 10000]
    if big:
        ds = max(big, key=lambda d: int(d.split("-")[1]))
        s = find(ds, "swr", "swr leavers")
        p = find(ds, "pandas", "")
        cals = [m for m in ms if m["dataset"] == ds and m["tool"] == "calamine" and ok(m)]
        if s and ok(s):
            sw = float(s["wall_s"])
            if p and ok(p):
                r = float(p["wall_s"]) / sw
                rows.append([f"{ds}: pandas read_excel (openpyxl) / swr leavers >= 5",
                             f"{float(p['wall_s']):.2f} s / {sw:.2f} s = {r:.1f}", "yes" if r >= 5 else "no"])
            else:
                rows.append([f"{ds}: pandas read_excel (openpyxl) / swr leavers >= 5", "pandas failed or not run", ""])
            if cals:
                c = min(cals, key=lambda m: float(m["wall_s"]))
                r = sw / float(c["wall_s"])
                rows.append([f"{ds}: swr leavers / calamine alone <= 1.3 (fastest calamine reader)",
                             f"{sw:.3f} s / {float(c['wall_s']):.3f} s = {r:.2f}", "yes" if r <= 1.3 else "no"])
        else:
            rows.append([f"{ds}: swr leavers against pandas and calamine", "swr leavers failed", "no"])
    return rows


if __name__ == "__main__":
    main()
