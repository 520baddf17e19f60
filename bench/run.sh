#!/usr/bin/env bash
# Benchmark swr against what an analyst would otherwise use (DuckDB, polars,
# pandas) and against calamine reading the sheet alone, on synthetic extracts.
#
#   bench/run.sh                                           # the full run
#   SIZES="10000 1000000" XLSX_SIZES="10000" bench/run.sh  # a quick one
#   BUILD=0 REPEAT=1 SIZES=10000 XLSX_SIZES= bench/run.sh  # no cargo build
#   SHAPES=council SIZES=1000000 XLSX_SIZES= bench/run.sh  # one shape
#
# It builds swr and the examples in release mode, writes extracts with
# examples/generate.rs into a scratch folder (never the repository), times
# every report command (`swr <report> --data DIR --format csv`; movements with
# `--from DIR/payroll_2024.csv`) and, on the CSV datasets, the same report done
# by DuckDB and by polars (bench/queries.py ENGINE REPORT DIR OUT AS_OF), with
# /usr/bin/time -v. The CSV datasets come in two shapes (examples/generate.rs
# --shape): `csv-N`, the standard one (the demo council's headers, UTF-8), and
# `council-N`, written as councils write them (their own headers,
# Windows-1252, every row its own employee number). A baseline that does not
# do a report yet fails, and is recorded as failed. Each baseline's answer is
# checked against swr's for the same report (bench/compare.py: numbers rounded
# as swr prints them); a difference is recorded as "DIFFERENT from swr: <first
# differing cell>". pandas does the leavers report (standard CSV and XLSX),
# and calamine_read reads the leavers sheet alone (XLSX). The demo council
# gets every report and benchmark, incentives, pack, exceptions and forecast
# (council-sized timings). bench/results.md then gets wall time,
# peak memory, the ratio of each baseline to swr, the size of the extracts each
# report reads and swr's peak memory as a multiple of it, with the machine and
# commit it ran on. A command that fails is recorded as failed with its
# message; the run goes on.
#
# Environment (all optional):
#   SIZES       leaver rows of the CSV datasets   (default "10000 1000000 10000000")
#   SHAPES      shapes of the CSV datasets        (default "standard council": csv-N and council-N)
#   XLSX_SIZES  leaver rows of the XLSX datasets  (default "10000 1048575": council-sized
#               (establishment 5,000 rows, payroll about 4,300, agency 1,000),
#               and a full sheet: 1,048,573 data rows under the title, blank and header rows)
#   SCRATCH     data, Python venv and logs        (default /tmp/swr-bench)
#   SEED        generator seed                    (default 42)
#   AS_OF       as-of date of the baseline queries (default 2025-09-30, the generator's;
#               swr finds the same date itself: the latest date in the extracts)
#   SWR_ARGS    extra flags for every swr command (default none)
#   REPEAT      runs of each command, fastest kept (default 3, or 1 for a command
#               whose first run takes over 20 s); the same for every tool
#   TIMEOUT     seconds before a command is stopped (default 3600)
#   RESULTS     where the report goes             (default bench/results.md)
#   BUILD       1 (default): cargo build --release the binaries first; 0: use the
#               ones already in the target folder (a run while someone else edits
#               src/), skipping the runs of any that is missing
#
# Needs: cargo, python3 with venv and pip (PyPI), and GNU time (installed with
# apt-get if missing). Generated data is kept in $SCRATCH/data and reused while
# the generator, seed, shape and size are unchanged.

set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT" || exit 1

SIZES=${SIZES-10000 1000000 10000000}
SHAPES=${SHAPES-standard council}
XLSX_SIZES=${XLSX_SIZES-10000 1048575}
SCRATCH=${SCRATCH:-/tmp/swr-bench}
SEED=${SEED:-42}
AS_OF=${AS_OF:-2025-09-30}
SWR_ARGS=${SWR_ARGS:-}
TIMEOUT=${TIMEOUT:-3600}
RESULTS=${RESULTS:-$ROOT/bench/results.md}
BUILD=${BUILD:-1}
XLSX_MAX_DATA_ROWS=1048573
# Every report, on the synthetic datasets and the demo council.
REPORTS="vacancies costs leavers turnover cohorts caseload absence census retention movements agency pay"
# Run on the demo council only, beside every report above (the
# council-sized timings).
DEMO_ONLY="benchmark incentives pack exceptions forecast"
for shape in $SHAPES; do
  case "$shape" in
    standard|council) ;;
    *) die "SHAPES: unknown shape '$shape' (standard or council)" ;;
  esac
done

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

mkdir -p "$SCRATCH" || die "cannot create $SCRATCH"
SCRATCH=$(cd "$SCRATCH" && pwd)
case "$SCRATCH/" in
  "$ROOT"/*) die "SCRATCH ($SCRATCH) is inside the repository; pick a folder outside it" ;;
esac
RUN="$SCRATCH/run-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RUN/out" "$SCRATCH/data" || die "cannot create $RUN"
TSV="$RUN/measurements.tsv"
printf 'dataset\trows\treport\tinputs\tinput_mb\ttool\tcommand\twall_s\tpeak_mb\tstatus\tout\tcheck\tnote\n' > "$TSV"
log "scratch folder: $RUN"

# --- GNU time -------------------------------------------------------------
if ! /usr/bin/time -v true >/dev/null 2>&1; then
  log "installing GNU time (Debian package 'time')"
  { apt-get update -qq && apt-get install -y -qq time; } >"$RUN/apt.log" 2>&1 \
    || die "could not install GNU time; see $RUN/apt.log"
fi

# --- build ----------------------------------------------------------------
TARGET_DIR=$(cargo metadata --format-version 1 --no-deps 2>/dev/null \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])') \
  || die "cargo metadata failed"
GEN="$TARGET_DIR/release/examples/generate"
CALAMINE="$TARGET_DIR/release/examples/calamine_read"
SWR="$TARGET_DIR/release/swr"
if [ "$BUILD" = 0 ]; then
  # Copied into the run folder, so that a build during the run changes nothing.
  log "BUILD=0: using copies of the binaries already in $TARGET_DIR/release"
  mkdir -p "$RUN/bin"
  built="prebuilt (BUILD=0): swr of $(date -u -r "$SWR" '+%Y-%m-%d %H:%M UTC' 2>/dev/null || echo 'nowhere')"
  for b in GEN SWR CALAMINE; do
    if [ -x "${!b}" ] && cp "${!b}" "$RUN/bin/"; then
      printf -v "$b" '%s' "$RUN/bin/$(basename "${!b}")"
    fi
  done
  [ -x "$GEN" ] || die "BUILD=0 but $GEN is missing"
  SWR_OK=0; [ -x "$SWR" ] && SWR_OK=1
  CALAMINE_OK=0; [ -x "$CALAMINE" ] && CALAMINE_OK=1
else
  log "building the examples (release)"
  cargo build --release --example generate --example calamine_read >"$RUN/build-examples.log" 2>&1 \
    || die "the examples did not build; see $RUN/build-examples.log"
  CALAMINE_OK=1
  log "building swr (release)"
  if cargo build --release --bin swr >"$RUN/build-swr.log" 2>&1 && [ -x "$SWR" ]; then
    SWR_OK=1
  else
    SWR_OK=0
    log "swr did not build; its runs are recorded as skipped (see $RUN/build-swr.log)"
  fi
  built="cargo build --release in this run"
fi

# --- Python baselines -----------------------------------------------------
VENV="$SCRATCH/venv"
PY="$VENV/bin/python"
PY_OK=1
if ! { [ -x "$PY" ] && "$PY" -c 'import duckdb, polars, pandas, openpyxl' 2>/dev/null; }; then
  log "setting up the Python venv with duckdb, polars, pandas and openpyxl"
  { { [ -x "$PY" ] || python3 -m venv "$VENV"; } && "$VENV/bin/pip" install --quiet --upgrade pip \
      && "$VENV/bin/pip" install --quiet duckdb polars pandas openpyxl; } >"$RUN/venv.log" 2>&1 \
    || { PY_OK=0; log "the venv could not be set up; Python baselines skipped (see $RUN/venv.log)"; }
fi

# --- machine --------------------------------------------------------------
pyver() { [ "$PY_OK" = 1 ] && "$PY" -c "import $1; print($1.__version__)" 2>/dev/null || echo "not installed"; }
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain -- src Cargo.toml Cargo.lock examples 2>/dev/null)" ]; then
  commit="$commit (with uncommitted changes)"
fi
settings=""
for v in REPEAT BUILD SWR_ARGS; do
  [ -n "${!v:-}" ] && settings="$settings$v=\"${!v}\" "
done
{
  printf 'command\t%s\n' "${settings}SIZES=\"$SIZES\" SHAPES=\"$SHAPES\" XLSX_SIZES=\"$XLSX_SIZES\" bench/run.sh"
  printf 'date\t%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
  printf 'data\t%s\n' "examples/generate.rs --seed $SEED (csv-N: --shape standard, council-N: --shape council); baselines as of $AS_OF"
  printf 'commit\t%s\n' "$commit"
  printf 'binaries\t%s\n' "$built"
  printf 'cpu\t%s\n' "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  printf 'cores\t%s\n' "$(nproc)"
  printf 'memory\t%s\n' "$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  printf 'os\t%s\n' "$(uname -sr)"
  printf 'rustc\t%s\n' "$(rustc --version 2>/dev/null)"
  printf 'swr\t%s\n' "$([ "$SWR_OK" = 1 ] && "$SWR" --version 2>/dev/null | head -1 || echo 'not built')"
  printf 'python\t%s\n' "$([ "$PY_OK" = 1 ] && "$PY" --version 2>&1 || echo 'not installed')"
  printf 'duckdb\t%s\n' "$(pyver duckdb)"
  printf 'polars\t%s\n' "$(pyver polars)"
  printf 'pandas\t%s\n' "$(pyver pandas)"
  printf 'openpyxl\t%s\n' "$(pyver openpyxl)"
} > "$RUN/machine.txt"

# --- measuring ------------------------------------------------------------
# seconds from GNU time's "h:mm:ss" or "m:ss.ss"
to_seconds() { awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.3f", s }' <<<"$1"; }
clean() { tr '\t\n\r' '   ' | cut -c1-300; }

# The extracts each report reads (the target's "size of the extracts read").
extracts() { # extracts REPORT
  case "$1" in
    vacancies) echo "establishment payroll agency leavers" ;;
    costs) echo "payroll agency leavers" ;;
    turnover) echo "payroll leavers" ;;
    caseload) echo "payroll agency leavers" ;;
    absence) echo "absence payroll leavers" ;;
    census|benchmark) echo "establishment payroll agency leavers absence" ;;
    retention|incentives) echo "payroll leavers" ;;
    movements) echo "payroll payroll_2024" ;;
    agency) echo "agency payroll leavers" ;;
    pay) echo "payroll market leavers" ;;
    pack|exceptions) echo "establishment payroll agency leavers absence" ;;
    forecast) echo "establishment payroll agency leavers" ;;
    *) echo "leavers" ;;
  esac
}
# inputs DIR EXT REPORT: the paths of those extracts
inputs() {
  local x out=""
  for x in $(extracts "$3"); do out="$out $1/$x.$2"; done
  echo "${out# }"
}

# record DATASET ROWS REPORT INPUTS TOOL DISPLAY WALL PEAK STATUS OUT CHECK NOTE
# INPUTS: space-separated paths, listed by name and summed in MB.
record() {
  local mb names="" f bytes=0 b
  for f in $4; do
    b=$(stat -c %s "$f" 2>/dev/null || echo 0)
    bytes=$((bytes + b))
    names="$names+$(basename "$f")"
  done
  mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
    "$1" "$2" "$3" "${names#+}" "$mb" "$5" "$6" "$7" "$8" "$9" "${10}" \
    "$(printf '%s' "${11}" | clean)" "$(printf '%s' "${12}" | clean)" >> "$TSV"
}

# Outputs of the swr runs that succeeded, by "dataset/report": what the
# baselines are checked against.
declare -A SWR_ANSWER=()

# measure DATASET ROWS REPORT INPUTS TOOL DISPLAY -- COMMAND...
# Runs COMMAND (stdout to a file in $RUN/out) REPEAT times under GNU time and
# records the fastest run, or the first failure. ANSWER names the file holding
# the command's answer when it is not standard output; CHECK=1 compares that
# answer with swr's for the same dataset and report (bench/compare.py).
measure() {
  local ds=$1 rows=$2 report=$3 files=$4 tool=$5 display=$6
  shift 7
  local reps=${REPEAT:-3} slow=20
  local tag out err tf
  tag=$(printf '%s-%s' "$ds" "$display" | tr -c 'A-Za-z0-9._-' '_' | cut -c1-120)
  out="$RUN/out/$tag.out"; err="$RUN/out/$tag.err"; tf="$RUN/out/$tag.time"
  local best_wall="" best_peak="" status=0 i wall peak t0 t1
  for ((i = 1; i <= reps; i++)); do
    t0=${EPOCHREALTIME:-}
    /usr/bin/time -v -o "$tf" timeout "$TIMEOUT" "$@" >"$out" 2>"$err"
    status=$?
    t1=${EPOCHREALTIME:-}
    [ "$status" = 0 ] || break
    if [ -n "$t0" ]; then
      # bash's clock, to the microsecond (GNU time's own is to 0.01 s)
      wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
    else
      wall=$(to_seconds "$(grep 'Elapsed (wall clock)' "$tf" | awk '{print $NF}')")
    fi
    peak=$(awk '/Maximum resident set size/ { printf "%.1f", $NF / 1024 }' "$tf")
    if [ -z "$best_wall" ] || awk -v a="$wall" -v b="$best_wall" 'BEGIN { exit !(a < b) }'; then
      best_wall=$wall; best_peak=$peak
    fi
    # One run of a slow command is enough to know it is slow.
    if [ -z "${REPEAT:-}" ] && [ "$i" = 1 ] && awk -v a="$wall" -v s="$slow" 'BEGIN { exit !(a > s) }'; then
      reps=1
    fi
  done
  local answer=${ANSWER:-$out}
  if [ "$status" = 0 ]; then
    local note="" check=""
    [ "$reps" -gt 1 ] && note="fastest of $reps runs"
    if [ "$tool" = swr ]; then
      SWR_ANSWER["$ds/$report"]=$answer
    elif [ "${CHECK:-0}" = 1 ]; then
      if [ -n "${SWR_ANSWER[$ds/$report]:-}" ]; then
        check=$(python3 bench/compare.py "${SWR_ANSWER[$ds/$report]}" "$answer" 2>&1 | tail -n 1)
      else
        check="not checked: no answer from swr $report"
      fi
    fi
    log "$ds  $display  ${best_wall}s  ${best_peak}MB${check:+  $check}"
    record "$ds" "$rows" "$report" "$files" "$tool" "$display" "$best_wall" "$best_peak" 0 "$answer" "$check" "$note"
  else
    local msg
    if [ "$status" = 124 ]; then
      msg="stopped after ${TIMEOUT}s"
    else
      msg=$(grep -v '^[[:space:]]*$' "$err" | tail -n 3 | tr '\n' ' ' | sed 's/ *$//')
    fi
    log "$ds  $display  FAILED (exit $status): $msg"
    record "$ds" "$rows" "$report" "$files" "$tool" "$display" "" "" "$status" "$answer" "" "$msg"
  fi
}

skip() { # skip DATASET ROWS REPORT INPUTS TOOL DISPLAY WHY
  log "$1  $6  skipped: $7"
  record "$1" "$2" "$3" "$4" "$5" "$6" "" "" skipped "" "" "$7"
}

# Every extract the generator writes.
EXTRACTS="establishment payroll agency leavers absence market payroll_2024"

# dataset_name SHAPE KIND ROWS: csv-N and xlsx-N (standard), council-N
dataset_name() {
  if [ "$1" = council ]; then echo "council-$3"; else echo "$2-$3"; fi
}

# gen SHAPE KIND ROWS: generates (or reuses) $SCRATCH/data/<dataset_name>
gen() {
  local shape=$1 kind=$2 rows=$3 ds dir stamp flag=""
  ds=$(dataset_name "$shape" "$kind" "$rows")
  dir="$SCRATCH/data/$ds"
  [ "$kind" = xlsx ] && flag=--xlsx
  stamp="$kind $rows shape=$shape seed=$SEED generator=$(sha1sum examples/generate.rs | cut -c1-12)"
  if [ -f "$dir/.stamp" ] && [ "$(cat "$dir/.stamp")" = "$stamp" ]; then
    log "reusing $dir"
  else
    log "generating $dir"
    rm -rf "$dir"
    local t0=$SECONDS
    # shellcheck disable=SC2086 # $flag is one flag or none
    "$GEN" --rows "$rows" --out "$dir" --seed "$SEED" --shape "$shape" $flag 2>"$RUN/generate-$ds.log" \
      || die "the generator failed; see $RUN/generate-$ds.log"
    printf '%s' "$stamp" > "$dir/.stamp"
    log "generated $dir in $((SECONDS - t0)) s"
  fi
  local f
  for f in $EXTRACTS; do
    [ -f "$dir/$f.$kind" ] && printf '%s\t%s\t%s\n' "$ds" "$f.$kind" "$(stat -c %s "$dir/$f.$kind")" >> "$RUN/sizes.tsv"
  done
}

run_swr() { # run_swr DATASET ROWS DIR EXT REPORT
  local display="swr $5 --data $1" from=()
  # movements compares payroll with the snapshot a year earlier.
  if [ "$5" = movements ]; then
    from=(--from "$3/payroll_2024.$4")
    display="$display --from $1/payroll_2024.$4"
  fi
  display="$display --format csv${SWR_ARGS:+ $SWR_ARGS}"
  if [ "$SWR_OK" = 1 ]; then
    # shellcheck disable=SC2086 # SWR_ARGS is split into flags on purpose
    measure "$1" "$2" "$5" "$(inputs "$3" "$4" "$5")" swr "$display" -- "$SWR" "$5" --data "$3" "${from[@]}" --format csv $SWR_ARGS
  else
    skip "$1" "$2" "$5" "$(inputs "$3" "$4" "$5")" swr "$display" "swr not built"
  fi
}

run_python() { # run_python DATASET ROWS DIR EXT REPORT TOOL ENGINE
  local ds=$1 rows=$2 dir=$3 ext=$4 report=$5 tool=$6 engine=$7
  local display="python bench/queries.py $engine $report"
  local files
  files=$(inputs "$dir" "$ext" "$report")
  if [ "$PY_OK" = 1 ]; then
    ANSWER="$RUN/out/$ds-$engine-$report.csv" CHECK=1 \
      measure "$ds" "$rows" "$report" "$files" "$tool" "$display" -- \
      "$PY" bench/queries.py "$engine" "$report" "$dir" "$RUN/out/$ds-$engine-$report.csv" "$AS_OF"
  else
    skip "$ds" "$rows" "$report" "$files" "$tool" "$display" "Python venv unavailable"
  fi
}

for n in $SIZES; do
  for shape in $SHAPES; do
    gen "$shape" csv "$n"
    ds=$(dataset_name "$shape" csv "$n"); dir="$SCRATCH/data/$ds"
    for report in $REPORTS; do
      run_swr "$ds" "$n" "$dir" csv "$report"
      run_python "$ds" "$n" "$dir" csv "$report" duckdb duckdb
      run_python "$ds" "$n" "$dir" csv "$report" polars polars
    done
    [ "$shape" = standard ] && run_python "$ds" "$n" "$dir" csv leavers pandas pandas-csv
  done
done

for n in $XLSX_SIZES; do
  gen standard xlsx "$n"
  ds="xlsx-$n"; dir="$SCRATCH/data/$ds"
  rows=$((n < XLSX_MAX_DATA_ROWS ? n : XLSX_MAX_DATA_ROWS))
  for report in $REPORTS; do
    run_swr "$ds" "$rows" "$dir" xlsx "$report"
  done
  run_python "$ds" "$rows" "$dir" xlsx leavers pandas pandas-xlsx
  for cells in "" " --cells"; do
    if [ "$CALAMINE_OK" = 1 ]; then
      # shellcheck disable=SC2086 # $cells is one flag or none
      measure "$ds" "$rows" leavers "$dir/leavers.xlsx" calamine "calamine_read leavers.xlsx Leavers$cells" -- \
        "$CALAMINE" "$dir/leavers.xlsx" Leavers $cells
    else
      skip "$ds" "$rows" leavers "$dir/leavers.xlsx" calamine "calamine_read leavers.xlsx Leavers$cells" \
        "calamine_read not built (BUILD=0 and no binary in $TARGET_DIR/release/examples)"
    fi
  done
  skip "$ds" "$rows" leavers "$dir/leavers.xlsx" duckdb "duckdb read_xlsx" \
    "not run: DuckDB reads XLSX through its excel extension, which it downloads from its own server (not reachable here)"
done

# Every command on the demo council (council-sized: 296 posts, 265 staff, 65
# placements, 85 leavers, 592 absence spells), as CSV files and as
# council.xlsx: the council-sized timings (issue 20: under 50 ms each, pack
# under 0.15 s). benchmark, incentives, pack, exceptions and forecast run
# here only (they need the demo's swr.toml, or a council to compare).
DEMO="$ROOT/examples/demo"
DEMO_ROWS=$(($(wc -l < "$DEMO/payroll.csv") - 1))
for report in $REPORTS $DEMO_ONLY; do
  args=("$report")
  [ "$report" = benchmark ] && args+=(--la "Cheshire East")
  # The pack is markdown (or a workbook), never CSV.
  fmt=csv
  [ "$report" = pack ] && fmt=markdown
  for src in csv xlsx; do
    if [ "$src" = csv ]; then
      data="$DEMO"; files=$(inputs "$DEMO" csv "$report"); shown="examples/demo"
      from="$DEMO/payroll_2024.csv"; from_shown="examples/demo/payroll_2024.csv"
    else
      data="$DEMO/council.xlsx"; files="$DEMO/council.xlsx"; shown="examples/demo/council.xlsx"
      from="$DEMO/council.xlsx#Payroll 2024"; from_shown="'examples/demo/council.xlsx#Payroll 2024'"
    fi
    extra=()
    extra_shown=""
    if [ "$report" = movements ]; then
      extra=(--from "$from")
      extra_shown=" --from $from_shown"
    fi
    display="swr ${args[*]}$extra_shown --data $shown --format $fmt"
    if [ "$SWR_OK" = 1 ]; then
      measure "demo-$src" "$DEMO_ROWS" "$report" "$files" swr "$display" -- \
        "$SWR" "${args[@]}" "${extra[@]}" --data "$data" --format "$fmt"
    else
      skip "demo-$src" "$DEMO_ROWS" "$report" "$files" swr "$display" "swr not built"
    fi
  done
done

python3 bench/report.py "$RUN" "$RESULTS" || die "could not write $RESULTS"
log "wrote $RESULTS"
cat "$RESULTS"
