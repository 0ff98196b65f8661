// The units of a translation memory, for the formats tests that pass units through one.
#pragma once

#include <vector>

#include "tmkit/memory/translation_memory.hpp"

namespace tmkit::testing {

// Every unit of `tm` in id order, copied out of the read transaction.
inline Result<std::vector<TranslationUnit>> all_units(const TranslationMemory& tm) {
  std::vector<TranslationUnit> units;
  TMKIT_RETURN_IF_ERROR(tm.for_each_unit({}, {}, [&](std::uint64_t, const TranslationUnit& u) {
    units.push_back(u);
    return Status();
  }));
  return units;
}

}  // namespace tmkit::testing
