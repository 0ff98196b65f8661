// What the fuzz targets assert beyond "no crash": a violated invariant aborts, which libFuzzer
// and the replay tests report like a crash, with the message on stderr.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "tmkit/text.hpp"
#include "tmkit/translation_unit.hpp"

namespace tmkit::fuzz {

inline void require(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "fuzz invariant violated: %s\n", what);
  std::abort();
}

// Units a reader returned: languages set, texts valid UTF-8, as the readers promise.
inline void require_valid_units(const std::vector<TranslationUnit>& units) {
  for (const TranslationUnit& unit : units) {
    require(!unit.src_lang.empty() && !unit.tgt_lang.empty(), "a unit without languages");
    require(validate_utf8(unit.source).ok(), "a source that is not valid UTF-8");
    require(validate_utf8(unit.target).ok(), "a target that is not valid UTF-8");
  }
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace tmkit::fuzz
