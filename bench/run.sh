#!/usr/bin/env bash
# Benchmark swr against what an analyst would otherwise use (DuckDB, pandas)
# and against calamine reading the sheet alone, on synthetic extracts.
#
#   bench/run.sh                                           # the full run
#   SIZES="10000 1000000" XLSX_SIZES="10000" bench/run.sh  # a quick one
#
# It builds swr and the examples in release mode, writes extracts with
# examples/generate.rs into a scratch folder (never the repository), times
# every report command (`swr <cmd> --data DIR --format csv`) and the baselines
# with /usr/bin/time -v, and writes bench/results.md: wall time, peak memory
# and the ratio to `swr leavers`, with the machine and commit it ran on.
# A command that fails is recorded as failed with its message; the run goes on.
#
# Environment (all optional):
#   SIZES       leaver rows of the CSV datasets   (default "10000 1000000 10000000")
#   XLSX_SIZES  leaver rows of the XLSX datasets  (default "10000 1048575": council-sized
#               (establishment 5,000 rows, payroll about 4,300, agency 1,000),
#               and a full sheet: 1,048,573 data rows under the title, blank and header rows)
#   SCRATCH     data, Python venv and logs        (default /tmp/swr-bench)
#   SEED        generator seed                    (default 42)
#   AS_OF       as-of date of the baseline query  (default 2025-09-30, the generator's)
#   SWR_ARGS    extra flags for every swr command (default none)
#   REPEAT      runs of each command, fastest kept (default 3, or 1 for a command
#               whose first run takes over 20 s); the same for every tool
#   TIMEOUT     seconds before a command is stopped (default 3600)
#   RESULTS     where the report goes             (default bench/results.md)
#
# Needs: cargo, python3 with venv and pip (PyPI), and GNU time (installed with
# apt-get if missing). Generated data is kept in $SCRATCH/data and reused while
# the generator, seed and size are unchanged.

set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT" || exit 1

SIZES=${SIZES-10000 1000000 10000000}
XLSX_SIZES=${XLSX_SIZES-10000 1048575}
SCRATCH=${SCRATCH:-/tmp/swr-bench}
SEED=${SEED:-42}
AS_OF=${AS_OF:-2025-09-30}
SWR_ARGS=${SWR_ARGS:-}
TIMEOUT=${TIMEOUT:-3600}
RESULTS=${RESULTS:-$ROOT/bench/results.md}
XLSX_MAX_DATA_ROWS=1048573

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
printf 'dataset\trows\tinput_file\tinput_mb\ttool\tcommand\twall_s\tpeak_mb\tstatus\tout\tnote\n' > "$TSV"
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
log "building the examples (release)"
cargo build --release --example generate --example calamine_read >"$RUN/build-examples.log" 2>&1 \
  || die "the examples did not build; see $RUN/build-examples.log"
GEN="$TARGET_DIR/release/examples/generate"
CALAMINE="$TARGET_DIR/release/examples/calamine_read"
SWR="$TARGET_DIR/release/swr"
log "building swr (release)"
if cargo build --release --bin swr >"$RUN/build-swr.log" 2>&1 && [ -x "$SWR" ]; then
  SWR_OK=1
else
  SWR_OK=0
  log "swr did not build; its runs are recorded as skipped (see $RUN/build-swr.log)"
fi

# --- Python baselines -----------------------------------------------------
VENV="$SCRATCH/venv"
PY="$VENV/bin/python"
PY_OK=1
if ! { [ -x "$PY" ] && "$PY" -c 'import duckdb, pandas, openpyxl' 2>/dev/null; }; then
  log "setting up the Python venv with duckdb, pandas and openpyxl"
  { python3 -m venv "$VENV" && "$VENV/bin/pip" install --quiet --upgrade pip \
      && "$VENV/bin/pip" install --quiet duckdb pandas openpyxl; } >"$RUN/venv.log" 2>&1 \
    || { PY_OK=0; log "the venv could not be set up; Python baselines skipped (see $RUN/venv.log)"; }
fi

# --- machine --------------------------------------------------------------
pyver() { [ "$PY_OK" = 1 ] && "$PY" -c "import $1; print($1.__version__)" 2>/dev/null || echo "not installed"; }
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain -- src Cargo.toml Cargo.lock examples 2>/dev/null)" ]; then
  commit="$commit (with uncommitted changes)"
fi
{
  printf 'command\t%s\n' "SIZES=\"$SIZES\" XLSX_SIZES=\"$XLSX_SIZES\" bench/run.sh"
  printf 'date\t%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
  printf 'data\t%s\n' "examples/generate.rs --seed $SEED; baseline query as of $AS_OF"
  printf 'commit\t%s\n' "$commit"
  printf 'cpu\t%s\n' "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  printf 'cores\t%s\n' "$(nproc)"
  printf 'memory\t%s\n' "$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  printf 'os\t%s\n' "$(uname -sr)"
  printf 'rustc\t%s\n' "$(rustc --version 2>/dev/null)"
  printf 'swr\t%s\n' "$([ "$SWR_OK" = 1 ] && "$SWR" --version 2>/dev/null | head -1 || echo 'not built')"
  printf 'python\t%s\n' "$([ "$PY_OK" = 1 ] && "$PY" --version 2>&1 || echo 'not installed')"
  printf 'duckdb\t%s\n' "$(pyver duckdb)"
  printf 'pandas\t%s\n' "$(pyver pandas)"
  printf 'openpyxl\t%s\n' "$(pyver openpyxl)"
} > "$RUN/machine.txt"

# --- measuring ------------------------------------------------------------
# seconds from GNU time's "h:mm:ss" or "m:ss.ss"
to_seconds() { awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.3f", s }' <<<"$1"; }
clean() { tr '\t\n\r' '   ' | cut -c1-200; }

# record DATASET ROWS INPUT TOOL DISPLAY WALL PEAK STATUS OUT NOTE
record() {
  local mb
  mb=$(awk -v b="$(stat -c %s "$3" 2>/dev/null || echo 0)" 'BEGIN { printf "%.1f", b / 1e6 }')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
    "$1" "$2" "$3" "$mb" "$4" "$5" "$6" "$7" "$8" "$9" "$(printf '%s' "${10}" | clean)" >> "$TSV"
}

# measure DATASET ROWS INPUT TOOL DISPLAY -- COMMAND...
# Runs COMMAND (stdout to a file in $RUN/out) REPEAT times under GNU time and
# records the fastest run, or the first failure. ANSWER names the file holding
# the command's answer when it is not standard output.
measure() {
  local ds=$1 rows=$2 input=$3 tool=$4 display=$5
  shift 6
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
  if [ "$status" = 0 ]; then
    local note=""
    [ "$reps" -gt 1 ] && note="fastest of $reps runs"
    log "$ds  $display  ${best_wall}s  ${best_peak}MB"
    record "$ds" "$rows" "$input" "$tool" "$display" "$best_wall" "$best_peak" 0 "${ANSWER:-$out}" "$note"
  else
    local msg
    if [ "$status" = 124 ]; then
      msg="stopped after ${TIMEOUT}s"
    else
      msg=$(grep -v '^[[:space:]]*$' "$err" | tail -n 3 | tr '\n' ' ' | sed 's/ *$//')
    fi
    log "$ds  $display  FAILED (exit $status): $msg"
    record "$ds" "$rows" "$input" "$tool" "$display" "" "" "$status" "${ANSWER:-$out}" "$msg"
  fi
}

skip() { # skip DATASET ROWS INPUT TOOL DISPLAY WHY
  log "$1  $5  skipped: $6"
  record "$1" "$2" "$3" "$4" "$5" "" "" skipped "" "$6"
}

# gen KIND ROWS: generates (or reuses) $SCRATCH/data/KIND-ROWS
gen() {
  local kind=$1 rows=$2 dir="$SCRATCH/data/$1-$2" stamp flag=""
  [ "$kind" = xlsx ] && flag=--xlsx
  stamp="$kind $rows seed=$SEED generator=$(sha1sum examples/generate.rs | cut -c1-12)"
  if [ -f "$dir/.stamp" ] && [ "$(cat "$dir/.stamp")" = "$stamp" ]; then
    log "reusing $dir"
  else
    log "generating $dir"
    rm -rf "$dir"
    "$GEN" --rows "$rows" --out "$dir" --seed "$SEED" $flag 2>"$RUN/generate-$kind-$rows.log" \
      || die "the generator failed; see $RUN/generate-$kind-$rows.log"
    printf '%s' "$stamp" > "$dir/.stamp"
  fi
}

run_swr() { # run_swr DATASET ROWS INPUT DIR
  local cmd
  for cmd in vacancies costs leavers turnover cohorts; do
    local display="swr $cmd --data $1 --format csv${SWR_ARGS:+ $SWR_ARGS}"
    if [ "$SWR_OK" = 1 ]; then
      # shellcheck disable=SC2086 # SWR_ARGS is split into flags on purpose
      measure "$1" "$2" "$3" swr "$display" -- "$SWR" "$cmd" --data "$4" --format csv $SWR_ARGS
    else
      skip "$1" "$2" "$3" swr "$display" "swr did not build"
    fi
  done
}

run_python() { # run_python DATASET ROWS INPUT TOOL MODE
  local display="python bench/queries.py $5 $(basename "$3")"
  if [ "$PY_OK" = 1 ]; then
    ANSWER="$RUN/out/$1-$5.csv" \
      measure "$1" "$2" "$3" "$4" "$display" -- "$PY" bench/queries.py "$5" "$3" "$RUN/out/$1-$5.csv" "$AS_OF"
  else
    skip "$1" "$2" "$3" "$4" "$display" "Python venv unavailable"
  fi
}

for n in $SIZES; do
  gen csv "$n"
  ds="csv-$n"; dir="$SCRATCH/data/$ds"
  run_swr "$ds" "$n" "$dir/leavers.csv" "$dir"
  run_python "$ds" "$n" "$dir/leavers.csv" duckdb duckdb
  run_python "$ds" "$n" "$dir/leavers.csv" pandas pandas-csv
done

for n in $XLSX_SIZES; do
  gen xlsx "$n"
  ds="xlsx-$n"; dir="$SCRATCH/data/$ds"
  rows=$((n < XLSX_MAX_DATA_ROWS ? n : XLSX_MAX_DATA_ROWS))
  run_swr "$ds" "$rows" "$dir/leavers.xlsx" "$dir"
  run_python "$ds" "$rows" "$dir/leavers.xlsx" pandas pandas-xlsx
  measure "$ds" "$rows" "$dir/leavers.xlsx" calamine "calamine_read leavers.xlsx Leavers" -- \
    "$CALAMINE" "$dir/leavers.xlsx" Leavers
  measure "$ds" "$rows" "$dir/leavers.xlsx" calamine "calamine_read leavers.xlsx Leavers --cells" -- \
    "$CALAMINE" "$dir/leavers.xlsx" Leavers --cells
  skip "$ds" "$rows" "$dir/leavers.xlsx" duckdb "duckdb read_xlsx" \
    "not run: DuckDB reads XLSX through its excel extension, which it downloads from its own server (not reachable here)"
done

python3 bench/report.py "$RUN" "$RESULTS" || die "could not write $RESULTS"
log "wrote $RESULTS"
cat "$RESULTS"
