#!/bin/sh
# The backtest error of `swr forecast` (README, "swr forecast"): the demo and
# generated councils, by history length and band scheme. Total error_pct,
# and the sum of |error_fte| over the groups as a share of actual_fte.
#   bench/forecast_backtest.sh [SWR] [SEEDS...]
set -eu
SWR=${1:-target/release/swr}
shift 2>/dev/null || true
SEEDS=${*:-1 2 3}
measure() { # data by bands history
    "$SWR" forecast --data "$1" --backtest --by "$2" --bands "$3" --history "$4" --format csv 2>/dev/null |
        python3 -c "
import sys, csv
rows = list(csv.DictReader(sys.stdin))
total = [r for r in rows if r['$2'] == 'Total'][0]
groups = [r for r in rows if r['$2'] != 'Total']
err = sum(abs(float(r['error_fte'])) for r in groups)
act = sum(float(r['actual_fte']) for r in groups)
print('%-28s %-10s %-9s %3s  total %6s%%  groups %5.1f%%' % ('$1'.split('/')[-1] or '$1', '$2', '$3', '$4', total['error_pct'], 100 * err / act))
"
}
councils=examples/demo
for s in $SEEDS; do
    d=${TMPDIR:-/tmp}/swr-forecast-gen-$s
    [ -d "$d" ] || cargo run -q --example generate -- --rows 6000 --seed "$s" --out "$d" >/dev/null
    councils="$councils $d"
done
for d in $councils; do
    for by in directorate team; do
        for h in 6 12 24; do
            for b in 1,2,5,10 all; do
                measure "$d" "$by" "$b" "$h"
            done
        done
    done
done
