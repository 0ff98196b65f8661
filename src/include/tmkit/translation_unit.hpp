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

// One inline code of a segment: a TMX <bpt>/<ept>/<it>/<ph>/<ut>/<hi>, an XLIFF 1.2
// <g>/<x>/<bx>/<ex>/<ph>/<bpt>/<ept>/<it>/<mrk>, an XLIFF 2
// <pc>/<ph>/<sc>/<ec>/<mrk>/<sm>/<em>/<cp>. In the unit's text a code stands as one Private Use
// Area character, U+E000 + its index in the side's code list (the convention of docs/matching.md),
// so matching sees one code token and never the code's markup. Elements that enclose text (<g>,
// <hi>, <pc>, <mrk>) become an opening and a closing code with the same id around their text.
struct InlineCode {
  enum class Kind : std::uint8_t { kOpen, kClose, kPlaceholder };
  Kind kind = Kind::kPlaceholder;
  // Pairs an opening code with its closing code in the same text (TMX i, XLIFF 1.2 rid or id,
  // XLIFF 2 id/startRef); readers make one up for enclosing elements without an id. May be empty.
  std::string id;
  // The original data as XML content, already escaped: the content of a TMX or XLIFF 1.2 code
  // (with its <sub>s), or the XLIFF 2 <originalData> entry it points to. May be empty.
  std::string native;
  std::string element;  // the element it was read from ("bpt", "g", "pc"...), for information
  friend bool operator==(const InlineCode&, const InlineCode&) = default;
};

// The first and last code points of the placeholders of InlineCode (U+E000 + index).
inline constexpr std::uint32_t kFirstCodePoint = 0xE000;
inline constexpr std::uint32_t kLastCodePoint = 0xF8FF;

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
  // The inline codes whose placeholders the source and the target hold (see InlineCode); empty
  // for plain text, where a Private Use Area character is only a character.
  std::vector<InlineCode> source_codes;
  std::vector<InlineCode> target_codes;
  friend bool operator==(const TranslationUnit&, const TranslationUnit&) = default;
};

}  // namespace tmkit
