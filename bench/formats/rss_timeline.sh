#!/bin/sh
# Runs `tmkit -v import` and samples its memory every 0.2 s: seconds since the start, RssAnon
# and RssFile in MB, the number of index run files, and the import's last progress line. Shows
# in which phase (checking pass, writing, merging) the memory peaks, which peak_rss.sh does not.
# Usage: bench/formats/rss_timeline.sh TMKIT TM_DIR TMX OUT   (OUT.log gets the import's output)
set -eu
tmkit=$1
tm=$2
tmx=$3
out=$4
: >"$out"
"$tmkit" -v import --tm "$tm" "$tmx" >"$out.log" 2>&1 &
pid=$!
start=$(date +%s.%N)
while kill -0 "$pid" 2>/dev/null; do
  now=$(date +%s.%N)
  rss=$(awk '/^RssAnon|^RssFile/ {printf "%s %d ", $1, $2 / 1024}' "/proc/$pid/status" 2>/dev/null || true)
  runs=$(ls "$tm/index-runs" 2>/dev/null | wc -l)
  echo "$(awk -v a="$now" -v b="$start" 'BEGIN {printf "%.1f", a - b}') $rss runs=$runs $(tail -n 1 "$out.log")" >>"$out"
  sleep 0.2
done
wait "$pid"
awk '{ if ($3 > anon) anon = $3; if ($5 > file) file = $5; if ($3 + $5 > sum) sum = $3 + $5 }
     END { printf "peak RssAnon %d MB, peak RssFile %d MB, peak of the two together %d MB\n", anon, file, sum }' "$out"
