// The units of a TM as a test sees them: opened read-only, check() required clean first.
#pragma once

#include <catch2/catch.hpp>
#include <filesystem>
#include <utility>
#include <vector>

#include "tmkit/memory/translation_memory.hpp"

namespace tmkit::testing {

inline TranslationMemory open_read_only(const std::filesystem::path& tm_dir) {
  TmOptions options;
  options.read_only = true;
  auto tm = TranslationMemory::open(tm_dir, options);
  INFO(tm.status().message());
  REQUIRE(tm.ok());
  return std::move(tm).value();
}

// The check() report of the TM at `tm_dir`, REQUIRE-d clean.
inline CheckReport clean_report(const TranslationMemory& tm) {
  const auto report = tm.check();
  REQUIRE(report.ok());
  INFO((report->problems.empty() ? std::string() : report->problems.front()));
  REQUIRE(report->clean());
  return *report;
}

// Every unit of the TM at `tm_dir`, in id order, after REQUIRE-ing a clean check() report.
inline std::vector<TranslationUnit> checked_units(const std::filesystem::path& tm_dir) {
  const TranslationMemory tm = open_read_only(tm_dir);
  clean_report(tm);
  std::vector<TranslationUnit> units;
  REQUIRE(tm.for_each_unit({}, {}, [&](std::uint64_t, const TranslationUnit& unit) {
              units.push_back(unit);
              return Status();
            }).ok());
  return units;
}

}  // namespace tmkit::testing
