#!/bin/sh
# Builds the benchmark, then measures tmkit's TM at 100,000 and 1,000,000 units (build time,
# size, lookup latency, recall@1 against exhaustive search in the same process) and runs
# Translate Toolkit's matcher (Debian's python3-translate) on the 100,000-unit TM and the same
# queries, back to back, for the ratio. Usage: bench/memory/run.sh [BUILD_DIR] [WORK_DIR]
# Takes about 15 minutes on 2 cores; the 1M TM needs about 2.5 GB in WORK_DIR.
set -eu
cd "$(dirname "$0")/../.."
build=${1:-build}
work=${2:-/tmp/tmkit-bench}
mkdir -p "$work"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j2 --target tmkit_tm_bench >/dev/null
bench="$build/bench/memory/tmkit_tm_bench"
shared=${TMKIT_SHARED_DIR:-../shared}

echo "== 100,000 units"
"$bench" --shared "$shared" --units 100000 --queries 1000 --tm "$work/tm-100k" \
  --write-units "$work/units-100k.tsv" --write-queries "$work/queries-100k.tsv"
if /usr/bin/python3 -c 'import translate.search.match' 2>/dev/null; then
  echo "== Translate Toolkit matcher, every 5th query, same TM content"
  /usr/bin/python3 bench/memory/ttk_matcher.py "$work/units-100k.tsv" "$work/queries-100k.tsv" 5 \
    > "$work/ttk-100k.tsv"
  echo "== tmkit again (warm), with the Translate Toolkit results beside it"
  "$bench" --shared "$shared" --units 100000 --queries 1000 --tm "$work/tm-100k" --reuse 1 \
    --external "$work/ttk-100k.tsv"
else
  echo "python3-translate is not installed: apt-get install python3-translate for the ratio"
fi
echo "== 1,000,000 units"
"$bench" --shared "$shared" --units 1000000 --queries 1000 --tm "$work/tm-1m"
echo "== 1,000,000 units again, warm page cache, without the exhaustive pass between queries"
"$bench" --shared "$shared" --units 1000000 --queries 1000 --tm "$work/tm-1m" --reuse 1 --exhaustive 0
