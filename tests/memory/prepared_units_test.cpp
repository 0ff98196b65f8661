// PreparedUnits (TranslationMemory::prepare, then add): the units are prepared apart from the
// TM, split and joined, and added with the same outcome as add() of the units themselves,
// including a bad unit named by its index and the duplicates and variants that need the unit
// again (decoded from its record).
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "temp_dir.hpp"
#include "tm_test_util.hpp"
#include "tmkit/memory/translation_memory.hpp"

namespace tmkit {
namespace {

using testing::all_units;
using testing::en_de;
using testing::open_tm;
using testing::TempDir;

std::vector<TranslationUnit> numbered(int first, int count) {
  std::vector<TranslationUnit> units;
  for (int i = first; i < first + count; ++i) {
    units.push_back(en_de("Source number " + std::to_string(i), "Ziel " + std::to_string(i)));
  }
  return units;
}

std::vector<std::string> sources(const TranslationMemory& tm) {
  std::vector<std::string> out;
  for (const auto& [id, unit] : all_units(tm)) out.push_back(unit.source);
  return out;
}

TEST_CASE("prepared units split and joined are added in order", "[prepared]") {
  TempDir dir;
  TranslationMemory tm = open_tm(dir.path());
  PreparedUnits units = TranslationMemory::prepare(numbered(0, 3));
  units.append(TranslationMemory::prepare(numbered(3, 4)));
  REQUIRE(units.size() == 7);
  PreparedUnits front = units.take_front(5);
  CHECK(front.size() == 5);
  CHECK(units.size() == 2);
  // The rest first: ids follow the order of the adds.
  REQUIRE(tm.add(units).ok());
  const Result<AddReport> report = tm.add(front);
  REQUIRE(report.ok());
  CHECK(report->added == 5);
  CHECK(sources(tm) == std::vector<std::string>{"Source number 5", "Source number 6",
                                                "Source number 0", "Source number 1",
                                                "Source number 2", "Source number 3",
                                                "Source number 4"});
  // Taking more than there is takes all; appending to an emptied object works.
  PreparedUnits all = front.take_front(100);
  CHECK(all.size() == 5);
  CHECK(front.empty());
  front.append(std::move(all));
  CHECK(front.size() == 5);
  CHECK(all.empty());
  CHECK(tm.add(front)->duplicates == 5);
}

TEST_CASE("a prepared unit that cannot be stored fails add() by its index, adding nothing",
          "[prepared]") {
  TempDir dir;
  TranslationMemory tm = open_tm(dir.path());
  std::vector<TranslationUnit> units = numbered(0, 5);
  units[3].source = " \t ";
  PreparedUnits prepared = TranslationMemory::prepare(units);
  const Result<AddReport> whole = tm.add(prepared);
  CHECK(whole.status().code() == StatusCode::kInvalidInput);
  CHECK(whole.status().message() == "tm: add: unit 3: empty source text");
  // The same message as add() of the units themselves.
  CHECK(tm.add(units).status().message() == whole.status().message());
  CHECK(sources(tm).empty());
  // Split off, the good ones go in and the bad one is unit 0 of the rest.
  PreparedUnits good = prepared.take_front(3);
  CHECK(tm.add(good)->added == 3);
  CHECK(tm.add(prepared).status().message() == "tm: add: unit 0: empty source text");
  CHECK(sources(tm).size() == 3);
}

TEST_CASE("prepared duplicates and variants are found and decided as add() does", "[prepared]") {
  TempDir dir;
  TranslationMemory tm = open_tm(dir.path());
  TranslationUnit stored = en_de("Save", "Speichern");
  stored.created = 100;
  REQUIRE(tm.add(TranslationMemory::prepare({stored})).ok());
  TranslationUnit newer = en_de("Save", "Sichern");
  newer.created = 200;
  newer.notes = {"from the newer file"};
  TranslationUnit again = en_de("Save", "Speichern");
  again.created = 300;
  AddOptions prefer_newer;
  prefer_newer.on_conflict = ConflictPolicy::kPreferNewer;
  // `again` is a duplicate of the stored unit; `newer` replaces it (its date is read back from
  // the prepared record); a second `newer` in the same batch is a duplicate of the first.
  const Result<AddReport> report =
      tm.add(TranslationMemory::prepare({again, newer, newer}), prefer_newer);
  REQUIRE(report.ok());
  CHECK(report->duplicates == 2);
  CHECK(report->replaced == 1);
  CHECK(report->added == 1);
  const auto units = all_units(tm);
  REQUIRE(units.size() == 1);
  CHECK(units[0].second == newer);
  const Result<CheckReport> check = tm.check();
  REQUIRE(check.ok());
  CHECK(check->clean());
}

}  // namespace
}  // namespace tmkit
