#!/bin/sh
# TMX import and export rates of tmkit beside Translate Toolkit's on the same file, in the same
# run (the machine is shared: compare the ratios, and note the load printed by uptime).
# Usage: bench/formats/run.sh [BUILD_DIR] [WORK_DIR] [UNITS]   (UNITS defaults to 1,000,000)
# REUSE_TM=1 keeps WORK_DIR/tm from an earlier run instead of importing again (the import of
# 1,000,000 units takes minutes; the exports then read the same TM).
# tmkit import is the whole `tmkit import` into a new TM, fuzzy index included; the exports are
# `tmkit export` of that TM as TMX, XLIFF 1.2, XLIFF 2.0 and multilingual TMX. Peak RSS from
# GNU time counts the TM's mapped pages, so the parser's own bound is the stream_tmx line of
# tmkit_formats_bench (reader and writer alone, no TM), and peak_rss.sh splits an export's. Needs python3-translate for the Translate Toolkit lines.
set -eu
cd "$(dirname "$0")/../.."
build=${1:-build}
work=${2:-/tmp/tmkit-bench-formats}
units=${3:-1000000}
shared=${TMKIT_SHARED_DIR:-../shared}
mkdir -p "$work"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j2 --target tmkit tmkit_formats_bench >/dev/null
tmkit="$build/src/cli/tmkit"
tmx="$work/bench-$units.tmx"
[ -f "$tmx" ] || /usr/bin/python3 bench/formats/make_tmx.py "$shared" "$units" "$tmx"
echo "== $(ls -lL "$tmx" | awk '{print $5}') bytes, $units units; $(uptime)"

rate() {  # rate LABEL LOG: units per second from GNU time's log
  awk -v units="$units" -v label="$1" '
    /Elapsed \(wall clock\)/ { n = split($NF, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i] }
    /Maximum resident set size/ { rss = $NF / 1024 }
    END { printf "%s: %d units in %.1f s = %.0f TUs/s, peak RSS %.0f MB\n", label, units, s, units / s, rss }' "$2"
}

"$build/bench/formats/tmkit_formats_bench" "$tmx" "$work/written.tmx"
if [ "${REUSE_TM:-0}" = 1 ] && [ -f "$work/tm/data.mdb" ]; then
  echo "tmkit import: skipped (REUSE_TM=1 and $work/tm exists)"
else
  rm -rf "$work/tm"
  /usr/bin/time -v "$tmkit" -q import --tm "$work/tm" "$tmx" 2>"$work/import.log" >/dev/null
  rate "tmkit import" "$work/import.log"
fi
# Each export twice: GNU time (wall time, maximum RSS: the process's memory plus the TM's
# mapped pages it touched), then peak_rss.sh, which tells the two apart.
export_run() {  # export_run LABEL OUTPUT ARGS...
  label=$1
  out=$2
  shift 2
  /usr/bin/time -v "$tmkit" -q export --tm "$work/tm" "$@" -o "$out" 2>"$work/export.log" >/dev/null
  rate "$label" "$work/export.log"
  sh bench/formats/peak_rss.sh "$label" "$tmkit" -q export --tm "$work/tm" "$@" -o "$out"
}
export_run "tmkit export --format tmx" "$work/export.tmx" --format tmx
export_run "tmkit export --format xliff12" "$work/export.xlf" --format xliff12
export_run "tmkit export --format xliff2" "$work/export2.xlf" --format xliff2
export_run "tmkit export --multilingual" "$work/export-multi.tmx" --format tmx --multilingual
if /usr/bin/python3 -c 'import translate.storage.tmx' 2>/dev/null; then
  /usr/bin/python3 bench/formats/ttk_tmx.py "$tmx" "$work/ttk-out.tmx"
else
  echo "python3-translate is not installed: apt-get install python3-translate for the ratio"
fi
echo "== done; $(uptime)"
