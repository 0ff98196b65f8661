#!/usr/bin/env bash
# Installs what is missing, builds tmkit, and runs the main job on the bundled example:
# align a Chinese press briefing with its English version, store the pairs in a translation
# memory, export TMX 1.4b and XLIFF 1.2/2.0, and check the exports against the schemas.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

tmkit_install_packages "${TMKIT_PACKAGES[@]}"
tmkit_build

tmkit="$TMKIT_BUILD/src/cli/tmkit"
example="$TMKIT_ROOT/examples/briefing"
out="${TMKIT_DEMO_OUT:-$TMKIT_ROOT/out/demo}"
rm -rf "$out" && mkdir -p "$out"

echo "== aligning $example/briefing.zh.txt with briefing.en.txt"
"$tmkit" align "$example/briefing.zh.txt" "$example/briefing.en.txt" \
  --src-lang zh-CN --tgt-lang en-US --format tsv -o "$out/briefing.aligned.tsv" \
  --tm "$out/briefing.tm" --report "$out/review.html"
echo "   sentences: $("$tmkit" segment --lang zh-CN "$example/briefing.zh.txt" | wc -l) Chinese," \
  "$("$tmkit" segment --lang en-US "$example/briefing.en.txt" | wc -l) English"

echo "== exporting"
"$tmkit" export --tm "$out/briefing.tm" --format tmx -o "$out/briefing.tmx"
"$tmkit" export --tm "$out/briefing.tm" --format xliff12 -o "$out/briefing.xlf"
"$tmkit" export --tm "$out/briefing.tm" --format xliff2 -o "$out/briefing.xliff2.xlf"
"$tmkit" stats --tm "$out/briefing.tm"

schemas="$TMKIT_ROOT/../shared/schemas"
if [ -d "$schemas" ]; then
  echo "== validating the exports against $schemas"
  export XML_CATALOG_FILES="$schemas/catalog.xml"
  # --nowarning: the DOCTYPE names "tmx14.dtd" beside the file, which --dtdvalid replaces.
  xmllint --nonet --noout --nowarning --dtdvalid "$schemas/tmx/tmx14.dtd" "$out/briefing.tmx"
  echo "$out/briefing.tmx validates"
  xmllint --nonet --noout --schema "$schemas/xliff12/xliff-core-1.2-strict.xsd" "$out/briefing.xlf"
  xmllint --nonet --noout --schema "$schemas/xliff20/xliff20-with-modules.xsd" \
    "$out/briefing.xliff2.xlf"
else
  echo "== (no shared/schemas beside the clone: skipping schema validation)"
fi

echo "== a lookup in the new memory"
"$tmkit" lookup --tm "$out/briefing.tm" --min-score 60 "浙江正在全面推进数字化改革。"

echo "== done; files written to $out:"
ls -1 "$out"
echo "Open $out/review.html in a browser to review the pairs bead by bead; save the decisions and"
echo "store exactly the accepted pairs with: tmkit apply-review --tm TM decisions.json (docs/review.md)."
