// The align pipeline between the library parts: texts -> segments -> beads -> units.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tmkit/aligner.hpp"
#include "tmkit/lang.hpp"
#include "tmkit/review/review.hpp"
#include "tmkit/segmenter.hpp"
#include "tmkit/text.hpp"
#include "tmkit/translation_unit.hpp"

namespace tmkit::cli {

struct AlignedDocument {
  std::vector<Segment> src;
  std::vector<Segment> tgt;
  std::vector<Bead> beads;
};

// One segment per line of `text`, as given (the --presplit input of the dev sets): line k is
// segment k, so bead indices are line numbers. A final line break does not start a segment.
std::vector<Segment> presplit_lines(std::string_view text);

// The segments of a bead side joined into one text: without a separator for languages written
// without spaces (Chinese, Japanese), with one space otherwise.
std::string join_segments(const std::vector<Segment>& segments, std::size_t first,
                          std::size_t count, const LangTag& lang);

struct UnitInfo {
  LangTag src_lang;
  LangTag tgt_lang;
  std::string document;  // recorded in each unit's provenance
  std::int64_t created = 0;
  double min_confidence = 0.0;  // beads below it are not turned into units
};

// A unit for every bead that has sentences on both sides and a confidence of at least
// info.min_confidence, in bead order, with provenance (positions, confidence, bead type,
// speaker). 1-0 and 0-1 beads have nothing to pair and give no unit.
std::vector<TranslationUnit> beads_to_units(const AlignedDocument& doc, const UnitInfo& info);

// The aligned texts as the review page shows them (sentences with paragraphs and speakers,
// beads with their confidence). `src_document`/`tgt_document` are the file names shown.
review::ReviewDocument review_document_of(const AlignedDocument& doc, const UnitInfo& info,
                                          const std::string& tgt_document);

}  // namespace tmkit::cli
