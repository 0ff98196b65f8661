#include "tmkit/memory/translation_memory.hpp"

#include <catch2/catch.hpp>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "lmdb_env.hpp"
#include "temp_dir.hpp"
#include "tm_store.hpp"
#include "tm_test_util.hpp"

namespace tmkit {
namespace {

using testing::add_ok;
using testing::all_units;
using testing::en_de;
using testing::lang;
using testing::lookup_ok;
using testing::make_unit;
using testing::open_tm;
using testing::TempDir;
using testing::unit_count;

TranslationUnit unit_with_every_field() {
  TranslationUnit unit =
      make_unit("zh-CN", "en-GB", "朱国贤：我们开始吧。", "Zhu Guoxian: Let us begin.");
  unit.created = 1700000000;
  unit.provenance = {"briefing.zh.txt", "12-13", "12", 0.875, "2-1", "Zhu Guoxian", "tmkit align"};
  unit.props = {{"x-domain", "diplomacy"}, {"x-empty", ""}};
  unit.notes = {"checked", "第二条"};
  return unit;
}

// Writes `bytes` to dir/data.mdb, creating dir.
void write_data_file(const std::filesystem::path& dir, const std::string& bytes) {
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "data.mdb", std::ios::binary) << bytes;
}

TEST_CASE("a unit with every field set reads back unchanged", "[tm]") {
  TempDir dir;
  TranslationMemory tm = open_tm(dir.path());
  TranslationUnit without_confidence = en_de("Good morning.", "Guten Morgen.");
  add_ok(tm, {unit_with_every_field(), without_confidence});
  const auto units = all_units(tm);
  REQUIRE(units.size() == 2);
  CHECK(units[0].first == 1);
  CHECK(units[0].second == unit_with_every_field());
  CHECK(units[1].first == 2);
  CHECK(units[1].second == without_confidence);
  CHECK_FALSE(units[1].second.provenance.confidence.has_value());
}

TEST_CASE("add skips units already stored and repeats within one batch", "[tm]") {
  TempDir dir;
  TranslationMemory tm = open_tm(dir.path());
  const TranslationUnit a = en_de("A", "a");
  const TranslationUnit b = en_de("B", "b");
  const TranslationUnit c = en_de("C", "c");
  // a, b new; the second a repeats one earlier in the same batch.
  AddReport first = add_ok(tm, {a, b, a});
  CHECK(first.added == 2);
  CHECK(first.duplicates == 1);
  // b is stored already, c is new.
  AddReport second = add_ok(tm, {b, c});
  CHECK(second.added == 1);
  CHECK(second.duplicates == 1);
  const auto units = all_units(tm);
  REQUIRE(units.size() == 3);
  CHECK(units[0].second.source == "A");
  CHECK(units[1].second.source == "B");
  CHECK(units[2].second.source == "C");
}

TEST_CASE("units that differ only in white space or normalisation form are duplicates", "[tm]") {
  TempDir dir;
  TranslationMemory tm = open_tm(dir.path());
  add_ok(tm, {en_de("Hello world", "Hallo Welt"), en_de("café", "Café")});
  SECTION("white space is collapsed and trimmed, in source and target") {
    const AddReport report = add_ok(tm, {en_de("  Hello \t world\n", "Hallo\u3000Welt "),
                                         en_de("Hello\u00a0world", "Hallo Welt")});
    CHECK(report.added == 0);
    CHECK(report.duplicates == 2);
  }
  SECTION("NFD and NFC forms are the same text") {
    const AddReport report = add_ok(tm, {en_de("cafe\u0301", "Cafe\u0301")});
    CHECK(report.added == 0);
    CHECK(report.duplicates == 1);
  }
  SECTION("case, target text and language pair still tell units apart") {
    const AddReport report =
        add_ok(tm, {en_de("hello world", "Hallo Welt"), en_de("Hello world", "Hallo, Welt"),
                    make_unit("en", "fr", "Hello world", "Hallo Welt"),
                    make_unit("en-US", "de", "Hello world", "Hallo Welt")});
    CHECK(report.added == 4);
    CHECK(report.duplicates == 0);
  }
  // The first form stored is the one kept.
  CHECK(all_units(tm).at(0).second.source == "Hello world");
}

TEST_CASE("a batch with an invalid unit stores nothing", "[tm]") {
  TempDir dir;
  TranslationMemory tm = open_tm(dir.path());
  add_ok(tm, {en_de("kept")});
  TranslationUnit bad = en_de("placeholder");
  SECTION("empty source") { bad.source = ""; }
  SECTION("source of white space only") { bad.source = " \t\u3000"; }
  SECTION("missing target language") { bad.tgt_lang = LangTag(); }
  SECTION("invalid UTF-8 in the target") { bad.target = "caf\xc3"; }
  const Result<AddReport> report = tm.add({en_de("one"), en_de("two"), bad});
  REQUIRE_FALSE(report.ok());
  CHECK(report.status().code() == StatusCode::kInvalidInput);
  CHECK_THAT(report.status().message(), Catch::Contains("unit 2"));
  REQUIRE(unit_count(tm) == 1);
  // The TM still works after the failed batch.
  CHECK(add_ok(tm, {en_de("one")}).added == 1);
}

TEST_CASE("a TM opened with a tiny map grows to hold thousands of units", "[tm]") {
  TempDir dir;
  TmOptions options;
  options.initial_map_size = std::size_t{64} << 10;
  std::vector<TranslationUnit> batch;
  for (int i = 0; i < 3000; ++i) {
    batch.push_back(en_de("sentence number " + std::to_string(i) + " of the test batch",
                          "Satz Nummer " + std::to_string(i)));
  }
  {
    TranslationMemory tm = open_tm(dir.path(), options);
    CHECK(add_ok(tm, batch).added == 3000);
    // A second batch after growth: half duplicates, half new.
    std::vector<TranslationUnit> more(batch.begin(), batch.begin() + 500);
    for (int i = 0; i < 500; ++i) more.push_back(en_de("extra " + std::to_string(i)));
    const AddReport report = add_ok(tm, more);
    CHECK(report.added == 500);
    CHECK(report.duplicates == 500);
    const Result<TmStats> stats = tm.stats();
    REQUIRE(stats.ok());
    CHECK(stats->units == 3500);
    CHECK(stats->file_bytes > options.initial_map_size);
  }
  // Reopening with the same tiny size works: LMDB keeps the larger size the file needs.
  TranslationMemory tm = open_tm(dir.path(), options);
  CHECK(unit_count(tm) == 3500);
}

TEST_CASE("a reopened TM keeps its units and continues their ids", "[tm]") {
  TempDir dir;
  {
    TranslationMemory tm = open_tm(dir.path());
    add_ok(tm, {en_de("first")});
  }
  TranslationMemory tm = open_tm(dir.path());
  add_ok(tm, {en_de("first"), en_de("second")});
  const auto units = all_units(tm);
  REQUIRE(units.size() == 2);
  CHECK(units[0] == std::pair<std::uint64_t, TranslationUnit>{1, en_de("first")});
  CHECK(units[1] == std::pair<std::uint64_t, TranslationUnit>{2, en_de("second")});
}

TEST_CASE("a read-only TM can be read but not written", "[tm]") {
  TempDir dir;
  {
    TranslationMemory tm = open_tm(dir.path());
    add_ok(tm, {en_de("stored")});
  }
  TmOptions read_only;
  read_only.read_only = true;
  TranslationMemory tm = open_tm(dir.path(), read_only);
  CHECK(unit_count(tm) == 1);
  const Result<AddReport> report = tm.add({en_de("new")});
  REQUIRE_FALSE(report.ok());
  CHECK(report.status().code() == StatusCode::kStorage);
  CHECK_THAT(report.status().message(), Catch::Contains("read-only"));
  CHECK(unit_count(tm) == 1);
}

TEST_CASE("open refuses paths that hold no TM unless asked to create one", "[tm]") {
  TempDir dir;
  TmOptions no_create;
  no_create.create_if_missing = false;
  TmOptions read_only;
  read_only.read_only = true;
  SECTION("a missing directory") {
    CHECK(TranslationMemory::open(dir / "missing", no_create).status().code() == StatusCode::kIo);
    CHECK(TranslationMemory::open(dir / "missing", read_only).status().code() == StatusCode::kIo);
    CHECK_FALSE(std::filesystem::exists(dir / "missing"));
  }
  SECTION("an empty directory") {
    CHECK(TranslationMemory::open(dir.path(), no_create).status().code() == StatusCode::kStorage);
    CHECK(TranslationMemory::open(dir.path(), read_only).status().code() == StatusCode::kStorage);
  }
  SECTION("a plain file") {
    std::ofstream(dir / "file") << "not a TM";
    CHECK(TranslationMemory::open(dir / "file").status().code() == StatusCode::kStorage);
  }
  SECTION("a missing nested directory is created on request") {
    TranslationMemory tm = open_tm(dir / "a" / "b");
    CHECK(std::filesystem::exists(dir / "a" / "b" / "data.mdb"));
  }
}

TEST_CASE("a TM written by a newer schema version is refused as unsupported", "[tm]") {
  // Version 4 does not exist yet.
  TempDir dir;
  { TranslationMemory tm = open_tm(dir.path()); }
  {
    // Overwrite the version by hand, as a future tmkit would have written it.
    detail::EnvOptions options;
    options.dbs = {{"meta", 0}};
    Result<detail::Env> env = detail::Env::open(dir.path(), options);
    REQUIRE(env.ok());
    const std::string version_4("\0\0\0\4", 4);
    REQUIRE(env->write([&](detail::WriteTxn& txn) {
                 return txn.put(env->dbi(0), "schema_version", version_4);
               })
                .ok());
  }
  const Result<TranslationMemory> tm = TranslationMemory::open(dir.path());
  REQUIRE_FALSE(tm.ok());
  CHECK(tm.status().code() == StatusCode::kUnsupported);
  CHECK_THAT(tm.status().message(), Catch::Contains("schema version 4"));
}

TEST_CASE("an LMDB environment that is not a TM is refused", "[tm]") {
  TempDir dir;
  {
    detail::EnvOptions options;
    options.create_dbs = true;
    options.dbs = {{"something_else", 0}};
    REQUIRE(detail::Env::open(dir.path(), options).ok());
  }
  const Result<TranslationMemory> tm = TranslationMemory::open(dir.path());
  REQUIRE_FALSE(tm.ok());
  CHECK(tm.status().code() == StatusCode::kStorage);
  CHECK_THAT(tm.status().message(), Catch::Contains("'meta' does not exist"));
}

// A run killed while it created a TM leaves an LMDB environment with no schema in it: either
// before the first commit (data.mdb exists, empty) or after the databases were made.
TEST_CASE("a TM whose creation was interrupted is taken for a new TM, read-only refused", "[tm]") {
  TempDir dir;
  detail::EnvOptions options;
  SECTION("killed before the first commit") {}
  SECTION("killed between creating the databases and writing the schema") {
    options.create_dbs = true;
    options.dbs = {{"meta", 0}, {"units", 0}};
  }
  REQUIRE(detail::Env::open(dir.path(), options).ok());
  REQUIRE(std::filesystem::exists(dir.path() / "data.mdb"));

  TmOptions read_only;
  read_only.read_only = true;
  const Result<TranslationMemory> reader = TranslationMemory::open(dir.path(), read_only);
  REQUIRE_FALSE(reader.ok());
  CHECK_THAT(reader.status().message(), Catch::Contains("holds no committed translation memory"));

  {
    TranslationMemory tm = open_tm(dir.path());
    add_ok(tm, {en_de("The crash left nothing behind.", "Nichts blieb.")});
  }
  const TranslationMemory reopened = open_tm(dir.path(), read_only);
  const auto units = all_units(reopened);
  REQUIRE(units.size() == 1);
  CHECK(units[0].second.source == "The crash left nothing behind.");
}

TEST_CASE("an LMDB environment with only some of a TM's databases and data in them is refused",
          "[tm]") {
  // Not an interrupted creation: its meta holds a key, so it is not taken over.
  TempDir dir;
  {
    detail::EnvOptions options;
    options.create_dbs = true;
    options.dbs = {{"meta", 0}};
    Result<detail::Env> env = detail::Env::open(dir.path(), options);
    REQUIRE(env.ok());
    REQUIRE(
        env->write([&](detail::WriteTxn& txn) { return txn.put(env->dbi(0), "someone", "else"); })
            .ok());
  }
  const Result<TranslationMemory> tm = TranslationMemory::open(dir.path());
  REQUIRE_FALSE(tm.ok());
  CHECK_THAT(tm.status().message(), Catch::Contains("no schema version"));
}

TEST_CASE("a directory holding a garbage data.mdb is a storage error, not a crash", "[tm]") {
  TempDir dir;
  std::string garbage;
  SECTION("shorter than a page") { garbage = "this is not an LMDB file"; }
  SECTION("many pages of noise") {
    for (int i = 0; i < 64 * 1024; ++i) garbage.push_back(static_cast<char>((i * 7919) % 251));
  }
  write_data_file(dir.path(), garbage);
  for (const bool read_only : {false, true}) {
    TmOptions options;
    options.read_only = read_only;
    const Result<TranslationMemory> tm = TranslationMemory::open(dir.path(), options);
    REQUIRE_FALSE(tm.ok());
    CHECK(tm.status().code() == StatusCode::kStorage);
    CHECK_THAT(tm.status().message(), Catch::Contains("mdb_env_open"));
  }
}

TEST_CASE("for_each_unit filters by language and stops at a failing visit", "[tm]") {
  TempDir dir;
  TranslationMemory tm = open_tm(dir.path());
  add_ok(tm, {make_unit("en-GB", "de", "one", "eins"), make_unit("en", "fr", "one", "un"),
              make_unit("zh-CN", "en", "一", "one"), make_unit("en-US", "de-AT", "two", "zwei")});
  SECTION("the primary language subtag decides") {
    const auto units = all_units(tm, lang("en"), lang("de-CH"));
    REQUIRE(units.size() == 2);
    CHECK(units[0].first == 1);
    CHECK(units[1].first == 4);
    CHECK(all_units(tm, lang("zh-TW"), {}).size() == 1);
    CHECK(all_units(tm, {}, lang("fr")).size() == 1);
  }
  SECTION("a failed Status from visit ends the walk and is returned") {
    int visited = 0;
    const Status status = tm.for_each_unit({}, {}, [&](std::uint64_t, const TranslationUnit&) {
      return ++visited == 2 ? Status::io("stop here") : Status();
    });
    CHECK(status.code() == StatusCode::kIo);
    CHECK(status.message() == "stop here");
    CHECK(visited == 2);
  }
}

TEST_CASE("a for_each_unit callback may look up and add in the same TM", "[tm]") {
  TempDir dir;
  TranslationMemory tm = open_tm(dir.path());
  add_ok(tm, {en_de("one"), en_de("two")});
  std::size_t found = 0;
  const Status status = tm.for_each_unit({}, {}, [&](std::uint64_t, const TranslationUnit& unit) {
    // A second read transaction on the same thread (the env is opened with MDB_NOTLS).
    TMKIT_ASSIGN_OR_RETURN(const std::vector<Match> matches, tm.lookup(unit.source, {}));
    found += matches.size();
    // A write while the snapshot is open: it goes in, but the walk does not see it.
    TMKIT_ASSIGN_OR_RETURN(const AddReport report, tm.add({en_de(unit.source + " more")}));
    return report.added == 1 ? Status() : Status::internal("not added");
  });
  INFO(status.message());
  REQUIRE(status.ok());
  CHECK(found == 2);
  CHECK(unit_count(tm) == 4);
}

TEST_CASE("stats reports the schema, the unit count and sorted language pairs", "[tm]") {
  TempDir dir;
  TranslationMemory tm = open_tm(dir.path());
  add_ok(tm, {make_unit("zh-CN", "en", "一", "one"), make_unit("en", "fr", "one", "un"),
              make_unit("en", "de", "one", "eins"), make_unit("en", "de", "two", "zwei")});
  const Result<TmStats> stats = tm.stats();
  REQUIRE(stats.ok());
  CHECK(stats->schema_version == TranslationMemory::kSchemaVersion);
  CHECK(stats->units == 4);
  REQUIRE(stats->pairs.size() == 3);
  CHECK(stats->pairs[0].src_lang.str() == "en");
  CHECK(stats->pairs[0].tgt_lang.str() == "de");
  CHECK(stats->pairs[0].units == 2);
  CHECK(stats->pairs[1].tgt_lang.str() == "fr");
  CHECK(stats->pairs[2].src_lang.str() == "zh-CN");
  CHECK(stats->file_bytes == std::filesystem::file_size(dir / "data.mdb"));
  CHECK(stats->file_bytes > 0);
}

// The stored units' sources in id order.
std::vector<std::string> sources_in(const TranslationMemory& tm) {
  std::vector<std::string> sources;
  for (const auto& [id, unit] : all_units(tm)) sources.push_back(unit.source);
  return sources;
}

void require_clean(const TranslationMemory& tm) {
  const auto report = tm.check();
  REQUIRE(report.ok());
  INFO((report->problems.empty() ? std::string() : report->problems.front()));
  REQUIRE(report->clean());
}

TEST_CASE("remove_added removes the units of the ranges add() reported, and only those", "[tm]") {
  TempDir dir;
  TranslationMemory tm = open_tm(dir.path());
  const bool deferred = GENERATE(false, true);
  if (deferred) REQUIRE(tm.defer_index().ok());
  const AddReport first = add_ok(tm, {en_de("The harbour opens at noon."), en_de("Ships wait.")});
  CHECK(first.stored_ids == std::vector<std::pair<std::uint64_t, std::uint64_t>>{{1, 3}});
  // A repeat raises the use count of a unit that remove_added then removes.
  const AddReport second =
      add_ok(tm, {en_de("The harbour closes at dusk."), en_de("Ships wait."), en_de("Fog.")});
  CHECK(second.stored_ids == std::vector<std::pair<std::uint64_t, std::uint64_t>>{{3, 5}});

  SECTION("units stored before stay: removed one by one") {
    REQUIRE(tm.remove_added(second.stored_ids).ok());
    CHECK(sources_in(tm) == std::vector<std::string>{"The harbour opens at noon.", "Ships wait."});
  }
  SECTION("every unit is in the ranges: the TM is emptied") {
    AddReport both = first;
    both += second;
    REQUIRE(tm.remove_added(both.stored_ids).ok());
    CHECK(sources_in(tm).empty());
  }
  REQUIRE(tm.finish_index().ok());
  require_clean(tm);
  // Nothing of the removed units is found, and what is added next is, under new ids.
  LookupOptions options;
  options.min_score = 50;
  for (const Match& match : lookup_ok(tm, "The harbour closes at dusk.", options)) {
    CHECK(match.unit.source == "The harbour opens at noon.");
  }
  const AddReport again = add_ok(tm, {en_de("The harbour closes at dusk.")});
  CHECK(again.stored_ids == std::vector<std::pair<std::uint64_t, std::uint64_t>>{{5, 6}});
  const std::vector<Match> matches = lookup_ok(tm, "The harbour closes at dusk.", options);
  REQUIRE(!matches.empty());
  CHECK(matches.front().id == 5);
  CHECK(matches.front().score == 100);
  require_clean(tm);
}

}  // namespace
}  // namespace tmkit

namespace tmkit {
namespace {

// The process's resident pages of data.mdb, in KiB: the Rss lines of its mappings in
// /proc/self/smaps.
std::size_t resident_kib_of(const std::filesystem::path& file) {
  const std::string wanted = std::filesystem::canonical(file).string();
  std::ifstream smaps("/proc/self/smaps");
  std::size_t kib = 0;
  bool in_file = false;
  for (std::string line; std::getline(smaps, line);) {
    const std::size_t slash = line.find('/');
    if (!line.empty() && std::isxdigit(static_cast<unsigned char>(line[0])) &&
        line.find('-') < line.find(' ')) {
      in_file = slash != std::string::npos && line.substr(slash) == wanted;
    } else if (in_file && line.rfind("Rss:", 0) == 0) {
      kib += std::stoul(line.substr(4));
    }
  }
  return kib;
}

TEST_CASE("release_resident_pages unmaps the TM's pages and changes nothing stored", "[tm]") {
  testing::TempDir dir;
  TranslationMemory tm = testing::open_tm(dir.path());
  std::vector<TranslationUnit> units;
  for (int i = 0; i < 20000; ++i) {
    units.push_back(testing::en_de("Unit number " + std::to_string(i) + " of a long test run.",
                                   "Einheit " + std::to_string(i)));
  }
  testing::add_ok(tm, units);
  const auto read_everything = [&] {
    std::size_t seen = 0;
    REQUIRE(tm.for_each_unit({}, {}, [&](std::uint64_t, const TranslationUnit&) {
                ++seen;
                return Status();
              }).ok());
    return seen;
  };
  CHECK(read_everything() == 20000);
  const std::size_t before = resident_kib_of(dir.path() / "data.mdb");
  CHECK(before >= 1024);  // the units alone are over 1 MiB, all of them just read
  REQUIRE(tm.release_resident_pages().ok());
  CHECK(resident_kib_of(dir.path() / "data.mdb") < before / 4);
  // Mapped again on demand: reads and lookups see the same data.
  CHECK(read_everything() == 20000);
  const std::vector<Match> found =
      testing::lookup_ok(tm, "Unit number 123 of a long test run.", LookupOptions{});
  REQUIRE_FALSE(found.empty());
  CHECK(found[0].score == 100.0);
  CHECK(found[0].unit.target == "Einheit 123");
}

TEST_CASE("release_resident_pages finds the map again after the map grew and moved", "[tm]") {
  testing::TempDir dir;
  TmOptions options;
  options.initial_map_size = std::size_t{64} << 10;  // grows many times below
  TranslationMemory tm = testing::open_tm(dir.path(), options);
  const auto add_range = [&](int from, int to) {
    std::vector<TranslationUnit> units;
    for (int i = from; i < to; ++i) {
      units.push_back(testing::en_de("Unit number " + std::to_string(i) + " of a long test run.",
                                     "Einheit " + std::to_string(i)));
    }
    testing::add_ok(tm, units);
  };
  add_range(0, 1000);
  REQUIRE(tm.release_resident_pages().ok());  // finds the map as it is now
  add_range(1000, 20000);                     // the map doubles several times
  std::size_t seen = 0;
  REQUIRE(tm.for_each_unit({}, {}, [&](std::uint64_t, const TranslationUnit&) {
              ++seen;
              return Status();
            }).ok());
  CHECK(seen == 20000);
  const std::size_t before = resident_kib_of(dir.path() / "data.mdb");
  CHECK(before >= 1024);
  // Released where the map is now, not where it was at the first release.
  REQUIRE(tm.release_resident_pages().ok());
  CHECK(resident_kib_of(dir.path() / "data.mdb") < before / 4);
}

TEST_CASE("units_per_transaction gives fewer units per transaction as the TM grows", "[tm]") {
  testing::TempDir dir;
  TranslationMemory tm = testing::open_tm(dir.path());
  const auto units_for = [&](std::size_t at_most) {
    const Result<std::size_t> units = tm.units_per_transaction(at_most);
    REQUIRE(units.ok());
    return *units;
  };
  CHECK(units_for(1000) == 1000);  // an empty TM: a small batch is not limited
  CHECK(units_for(0) == 1);
  const std::size_t empty = units_for(100000000);
  CHECK(empty < 100000000);  // the pages the units themselves fill count too
  std::vector<TranslationUnit> units;
  for (int i = 0; i < 30000; ++i) {
    units.push_back(testing::en_de("Sentence " + std::to_string(i), "Satz " + std::to_string(i)));
  }
  testing::add_ok(tm, units);
  CHECK(units_for(100000000) < empty);
  CHECK(units_for(1000) == 1000);
}

}  // namespace
}  // namespace tmkit

namespace tmkit::detail {
namespace {

TEST_CASE("write_in_parts halves a batch too big for one transaction until each part fits",
          "[tm]") {
  // A fake writer: ranges of more than 3 units are too big; records what it committed.
  std::vector<std::pair<std::size_t, std::size_t>> committed;
  std::size_t fail_at = SIZE_MAX;  // the begin of a range that fails with a storage error
  const auto write = [&](std::size_t begin, std::size_t end) -> Result<PartWrite> {
    if (begin == fail_at && end - begin <= 3) return Status::storage("disk full");
    if (end - begin > 3) return PartWrite::kTooBig;
    committed.emplace_back(begin, end);
    return PartWrite::kCommitted;
  };
  std::size_t limit = SIZE_MAX;
  SECTION("every unit once, in order, in parts that fit; later batches start at that size") {
    REQUIRE(write_in_parts(10, limit, write).ok());
    // 10 -> 5 + 5 -> (2 + 3) + (2 + 3): after the first split the limit is 5, then 2.
    CHECK(committed ==
          std::vector<std::pair<std::size_t, std::size_t>>{{0, 2}, {2, 5}, {5, 7}, {7, 10}});
    CHECK(limit == 2);
    committed.clear();
    REQUIRE(write_in_parts(5, limit, write).ok());  // no attempt at 5 units first
    CHECK(committed == std::vector<std::pair<std::size_t, std::size_t>>{{0, 2}, {2, 4}, {4, 5}});
  }
  SECTION("a batch that fits is one transaction") {
    REQUIRE(write_in_parts(3, limit, write).ok());
    CHECK(committed == std::vector<std::pair<std::size_t, std::size_t>>{{0, 3}});
    CHECK(limit == SIZE_MAX);
  }
  SECTION("an error names the part and the units committed before it") {
    fail_at = 5;
    const Status status = write_in_parts(10, limit, write);
    CHECK(status.code() == StatusCode::kStorage);
    CHECK(status.message() == "tm: add: units 6-7 (units 1-5 of the batch committed): disk full");
    CHECK(committed == std::vector<std::pair<std::size_t, std::size_t>>{{0, 2}, {2, 5}});
  }
  SECTION("an error of a batch written whole is returned as it is") {
    fail_at = 0;
    const Status status = write_in_parts(3, limit, write);
    CHECK(status.message() == "disk full");
  }
  SECTION("a single unit that does not fit is an error, not a loop") {
    const auto never = [](std::size_t, std::size_t) -> Result<PartWrite> {
      return PartWrite::kTooBig;
    };
    const Status status = write_in_parts(4, limit, never);
    CHECK(status.code() == StatusCode::kStorage);
    CHECK(status.message().find("unit 1 alone needs more pages") != std::string::npos);
  }
}

}  // namespace
}  // namespace tmkit::detail
