#!/usr/bin/env bash
# Aligns every document of both align-dev sets with the tmkit command line
# (`tmkit align --presplit --format vecalign`) and scores them with the shared scorer.
# Usage: bench/align-dev-cli.sh [BUILD_DIR]   (run by hand; prints strict/lax F1 per set)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tmkit="${1:-$root/build}/src/cli/tmkit"
dev="$root/../shared/data/align-dev"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

align_set() {  # set src_lang tgt_lang
  mkdir -p "$out/$1"
  local src
  for src in "$dev/$1"/*.src; do
    local doc
    doc=$(basename "$src" .src)
    "$tmkit" align "$src" "$dev/$1/$doc.tgt" --src-lang "$2" --tgt-lang "$3" --presplit \
      --format vecalign -o "$out/$1/$doc.align" 2>/dev/null
  done
}

for set in "bible-zh-en zh en" "textberg-de-fr de fr"; do
  read -r name src_lang tgt_lang <<<"$set"
  start=$EPOCHREALTIME
  align_set "$name" "$src_lang" "$tgt_lang"
  seconds=$(awk "BEGIN { printf \"%.1f\", $EPOCHREALTIME - $start }")
  units=()
  [ "$name" = bible-zh-en ] && units=(--units-dir bible-zh-en)
  score=$(cd "$dev" && /usr/bin/python3 ../../tools/align-score.py "$name" "$out/$name" \
    "${units[@]}" | tail -n 1)
  echo "$name: $score (align time ${seconds}s)"
done
