#!/bin/sh
# Runs a command and prints its peak memory split as Linux counts it: RssAnon (the process's
# own heap and stacks) and RssFile (file pages it mapped and touched, e.g. a TM's data.mdb),
# sampled every 50 ms from /proc/PID/status, beside the wall time. GNU time's maximum RSS is the
# sum of both, which for a TM export is mostly the TM's mapped pages.
# Usage: bench/formats/peak_rss.sh LABEL COMMAND [ARGS...]
set -eu
label=$1
shift
start=$(date +%s.%N)
"$@" &
pid=$!
anon=0
file=0
while kill -0 "$pid" 2>/dev/null; do
  if [ -r "/proc/$pid/status" ]; then
    a=$(awk '/^RssAnon:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    f=$(awk '/^RssFile:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    [ -n "$a" ] && [ "$a" -gt "$anon" ] && anon=$a
    [ -n "$f" ] && [ "$f" -gt "$file" ] && file=$f
  fi
  sleep 0.05
done
wait "$pid"
status=$?
end=$(date +%s.%N)
awk -v l="$label" -v s="$start" -v e="$end" -v a="$anon" -v f="$file" -v rc="$status" \
  'BEGIN { printf "%s: %.2f s, peak RssAnon %.0f MB, peak RssFile %.0f MB, exit %d\n", l, e - s, a / 1024, f / 1024, rc }'
