// Pre-translation of XLIFF 1.2 and 2.x files: empty targets are filled from translation-memory
// matches, and fuzzy matches are added as candidates, the rest of the file left as it was.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "tmkit/lang.hpp"
#include "tmkit/status.hpp"
#include "tmkit/translation_unit.hpp"

namespace tmkit {

// One match offered for a segment: the stored unit and its score (100 = exact).
struct PretranslateMatch {
  double score = 0;
  TranslationUnit unit;
};

// Finds the matches for a segment's source (text with inline-code placeholders, see
// InlineCode) in the given languages, best first.
using MatchFinder = std::function<Result<std::vector<PretranslateMatch>>(
    std::string_view source, const LangTag& src_lang, const LangTag& tgt_lang)>;

struct PretranslateOptions {
  double min_score = 75;           // fuzzy matches below this are not offered
  std::size_t max_candidates = 3;  // fuzzy candidates written per segment
  std::string origin = "tmkit";    // the origin written with each candidate
};

struct PretranslateReport {
  std::size_t segments = 0;   // segments with an empty or missing target that were looked up
  std::size_t exact = 0;      // filled with a 100% match
  std::size_t fuzzy = 0;      // given fuzzy candidates only
  std::size_t untouched = 0;  // translated already, translate="no", or segmented (1.2)
};

// Pre-translates the XLIFF document in `bytes` (decoded and parsed as parse_xliff does; `name`
// in messages) and returns the new document as UTF-8 (line ends LF, the XML declaration's
// encoding set to UTF-8 if it named another). Only these edits are made, the rest is copied:
// - a segment whose target is missing or empty and whose best match scores 100 gets the match's
//   target (inline codes written back as codes). 1.2: <target state="translated"
//   state-qualifier="exact-match">; 2.x: <target> and the <segment> state="translated".
// - other segments with matches of at least options.min_score get up to
//   options.max_candidates candidates: 1.2 <alt-trans match-quality="87.5" origin="..."> after
//   the source/target; 2.x <mtc:matches> with <mtc:match ref="#segment-id" matchQuality
//   origin type="tm"> first in the <unit> (a segment without an id gets one).
// 1.2 trans-units with <seg-source>, translate="no" units and segments with a target are left
// alone. Fails as parse_xliff on a broken file, and with `find`'s error.
Result<std::string> pretranslate_xliff(std::string_view bytes, std::string_view name,
                                       const MatchFinder& find,
                                       const PretranslateOptions& options = {},
                                       PretranslateReport* report = nullptr);

}  // namespace tmkit
