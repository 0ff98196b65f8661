// A translation unit: one source/target sentence pair with where it came from.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tmkit/lang.hpp"

namespace tmkit {

// A name/value pair kept with a unit, written as a TMX <prop type="name">value</prop>.
struct Property {
  std::string type;
  std::string value;
  friend bool operator==(const Property&, const Property&) = default;
};

// Where a unit came from. Every field is optional ("" / nullopt when unknown).
struct Provenance {
  std::string document;              // source document name, e.g. "briefing.zh.txt"
  std::string src_position;          // 0-based source sentence indices, e.g. "12" or "12-13"
  std::string tgt_position;          // 0-based target sentence indices
  std::optional<double> confidence;  // aligner confidence in [0,1]
  std::string bead;                  // bead type, e.g. "1-2"
  std::string speaker;               // speaker turn, e.g. "Zhu Guoxian"
  std::string tool;                  // what created the unit, e.g. "tmkit align", "OmegaT"
  friend bool operator==(const Provenance&, const Provenance&) = default;
};

// One sentence pair. Texts are UTF-8, NFC. Times are seconds since the Unix epoch, UTC.
struct TranslationUnit {
  LangTag src_lang;
  LangTag tgt_lang;
  std::string source;
  std::string target;
  std::int64_t created = 0;
  Provenance provenance;
  std::vector<Property> props;  // other properties read from or written to interchange files
  std::vector<std::string> notes;
  friend bool operator==(const TranslationUnit&, const TranslationUnit&) = default;
};

}  // namespace tmkit
