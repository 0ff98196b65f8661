// The units of a TM as a test sees them: opened read-only, check() required clean first.
#pragma once

#include <catch2/catch.hpp>
#include <filesystem>
#include <vector>

#include "tmkit/memory/translation_memory.hpp"

namespace tmkit::testing {

// Every unit of the TM at `tm_dir`, in id order, after REQUIRE-ing a clean check() report.
inline std::vector<TranslationUnit> checked_units(const std::filesystem::path& tm_dir) {
  TmOptions options;
  options.read_only = true;
  auto tm = TranslationMemory::open(tm_dir, options);
  REQUIRE(tm.ok());
  const auto report = tm->check();
  REQUIRE(report.ok());
  INFO((report->problems.empty() ? std::string() : report->problems.front()));
  REQUIRE(report->clean());
  std::vector<TranslationUnit> units;
  REQUIRE(tm->for_each_unit({}, {}, [&](std::uint64_t, const TranslationUnit& unit) {
              units.push_back(unit);
              return Status();
            }).ok());
  return units;
}

}  // namespace tmkit::testing
