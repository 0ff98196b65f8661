#!/bin/sh
# TMX import and export rates of tmkit beside Translate Toolkit's on the same file, in the same
# run (the machine is shared: compare the ratios, and note the load printed by uptime).
# Usage: bench/formats/run.sh [BUILD_DIR] [WORK_DIR] [UNITS]   (UNITS defaults to 1,000,000)
# tmkit import is the whole `tmkit import` into a new TM, fuzzy index included; tmkit export is
# `tmkit export --format tmx` of that TM. Peak RSS from GNU time; it counts the TM's mapped
# pages, so the parser's own bound is the stream_tmx line of tmkit_formats_bench (reader and
# writer alone, no TM). Needs python3-translate for the Translate Toolkit lines.
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
echo "== $(ls -l "$tmx" | awk '{print $5}') bytes, $units units; $(uptime)"

rate() {  # rate LABEL LOG: units per second from GNU time's log
  awk -v units="$units" -v label="$1" '
    /Elapsed \(wall clock\)/ { n = split($NF, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i] }
    /Maximum resident set size/ { rss = $NF / 1024 }
    END { printf "%s: %d units in %.1f s = %.0f TUs/s, peak RSS %.0f MB\n", label, units, s, units / s, rss }' "$2"
}

"$build/bench/formats/tmkit_formats_bench" "$tmx" "$work/written.tmx"
rm -rf "$work/tm"
/usr/bin/time -v "$tmkit" -q import --tm "$work/tm" "$tmx" 2>"$work/import.log" >/dev/null
rate "tmkit import" "$work/import.log"
/usr/bin/time -v "$tmkit" -q export --tm "$work/tm" --format tmx -o "$work/export.tmx" \
  2>"$work/export.log" >/dev/null
rate "tmkit export" "$work/export.log"
if /usr/bin/python3 -c 'import translate.storage.tmx' 2>/dev/null; then
  /usr/bin/python3 bench/formats/ttk_tmx.py "$tmx" "$work/ttk-out.tmx"
else
  echo "python3-translate is not installed: apt-get install python3-translate for the ratio"
fi
echo "== done; $(uptime)"
