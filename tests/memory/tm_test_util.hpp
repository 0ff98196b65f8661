// Helpers shared by the translation memory tests.
#pragma once

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tmkit/memory/translation_memory.hpp"

namespace tmkit::testing {

inline LangTag lang(const std::string& tag) { return LangTag::parse(tag).value(); }

inline TranslationUnit make_unit(const std::string& src_lang, const std::string& tgt_lang,
                                 const std::string& source, const std::string& target) {
  TranslationUnit unit;
  unit.src_lang = lang(src_lang);
  unit.tgt_lang = lang(tgt_lang);
  unit.source = source;
  unit.target = target;
  return unit;
}

inline TranslationUnit en_de(const std::string& source, const std::string& target = "x") {
  return make_unit("en", "de", source, target);
}

// Opens a TM, failing the test with the error message if that does not work.
inline TranslationMemory open_tm(const std::filesystem::path& dir, const TmOptions& options = {}) {
  Result<TranslationMemory> tm = TranslationMemory::open(dir, options);
  INFO(tm.status().message());
  REQUIRE(tm.ok());
  return std::move(tm).value();
}

// Looks `text` up, failing the test with the error message if the lookup fails.
inline std::vector<Match> lookup_ok(const TranslationMemory& tm, std::string_view text,
                                    const LookupOptions& options) {
  Result<std::vector<Match>> matches = tm.lookup(text, options);
  INFO(matches.status().message());
  REQUIRE(matches.ok());
  return std::move(matches).value();
}

inline AddReport add_ok(TranslationMemory& tm, const std::vector<TranslationUnit>& units) {
  Result<AddReport> report = tm.add(units);
  INFO(report.status().message());
  REQUIRE(report.ok());
  return *report;
}

// Every unit (id, unit) in id order.
inline std::vector<std::pair<std::uint64_t, TranslationUnit>> all_units(const TranslationMemory& tm,
                                                                        const LangTag& src = {},
                                                                        const LangTag& tgt = {}) {
  std::vector<std::pair<std::uint64_t, TranslationUnit>> units;
  const Status status = tm.for_each_unit(src, tgt, [&](std::uint64_t id, const TranslationUnit& u) {
    units.emplace_back(id, u);
    return Status();
  });
  INFO(status.message());
  REQUIRE(status.ok());
  return units;
}

inline std::size_t unit_count(const TranslationMemory& tm) { return all_units(tm).size(); }

}  // namespace tmkit::testing
