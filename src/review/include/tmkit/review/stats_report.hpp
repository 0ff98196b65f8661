// What `tmkit stats --json` and `tmkit stats --report stats.html` show: the TM's contents by
// language pair and source document, a confidence histogram, duplicates and conflicts.
#pragma once

#include <array>
#include <cstddef>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "tmkit/memory/translation_memory.hpp"
#include "tmkit/status.hpp"

namespace tmkit::review {

struct TmReport {
  std::string tm_path;  // as given, for the title
  TmStats stats;
  // Units per provenance document ("" for units without one), most units first.
  std::vector<std::pair<std::string, std::size_t>> documents;
  // Units by aligner confidence: bin k holds [k/10, (k+1)/10), bin 9 also 1.0.
  std::array<std::size_t, 10> confidence_bins{};
  std::size_t without_confidence = 0;   // imported units, merged/split review pairs
  std::size_t reviewed = 0;             // units stored by `tmkit apply-review`
  std::size_t duplicated_units = 0;     // units added more than once (use count above 1)
  std::size_t duplicate_adds = 0;       // the extra adds: the sum of (use count - 1)
  std::size_t conflict_count = 0;       // sources stored with several targets
  std::vector<VariantGroup> conflicts;  // the first max_conflicts of them, newest first
};

// Reads the whole TM once (plus its conflicts index): linear in its size. kStorage on
// LMDB errors.
Result<TmReport> collect_tm_report(const TranslationMemory& tm, const std::string& tm_path,
                                   std::size_t max_conflicts = 50);

// One JSON object: {"tm","schema_version","units","file_bytes","used_bytes","pairs":[...],
// "documents":[...],"confidence_histogram":[10 counts],"without_confidence","reviewed",
// "duplicated_units","duplicate_adds","conflicts","conflict_examples":[...]}.
Status write_stats_json(std::ostream& out, const TmReport& report);

// One self-contained HTML page (inline CSS and SVG, no script, nothing fetched).
Status write_stats_html(std::ostream& out, const TmReport& report);

}  // namespace tmkit::review
