#!/usr/bin/env bash
# The seed corpus of each fuzz target, from the fixtures and the demo data:
# fuzz/corpus/<target>/ (not committed; the fuzzers add to it as they run).
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/csv_loader corpus/workbook_loader corpus/values
find ../fixtures ../examples/demo -name '*.csv' -size -200k | while IFS= read -r f; do
  cp "$f" "corpus/csv_loader/$(echo "${f#../}" | tr / _)"
done
n=0
while IFS= read -r f; do
  case "$f" in
    *.xlsx | *.xlsm) k='\x00' ;;
    *.xls) k='\x01' ;;
    *.xlsb) k='\x02' ;;
    *.ods) k='\x03' ;;
  esac
  n=$((n + 1))
  { printf "$k"; cat "$f"; } > "corpus/workbook_loader/seed-$n"
done < <(find ../fixtures ../examples/demo -size -300k \( -name '*.xlsx' -o -name '*.xlsm' -o -name '*.xls' -o -name '*.xlsb' -o -name '*.ods' \))
i=0
for v in '30/07/2016' '2016-07-30' '30 Jul 2016' '30-Jul-16' '07/30/2016' '42581' \
  '30/07/2016 00:00:00' '29/02/2100' '£39,500.00' '(12.00)' '-£12' '1,234.5' '0.8' \
  '2016/17' 'FY2016/17' '2016Q3' '2016-07' '2015-10-01..2016-09-30' '<2' '2-5' '10+' \
  'directorate=Adults' 'fte>=0.5' 'asye=yes'; do
  i=$((i + 1))
  printf '%s' "$v" > "corpus/values/seed-$i"
done
echo "seeded: $(ls corpus/csv_loader | wc -l) CSV, $(ls corpus/workbook_loader | wc -l) workbooks, $i values"
