// dedupe and sources as two trees each (tm_store.hpp): new units go to the recent trees, a fold
// moves them into the main ones, and every reader sees the union. Also the schema 2 TMs, which
// have no recent trees.
#include <catch2/catch.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "lmdb_env.hpp"
#include "temp_dir.hpp"
#include "tm_store.hpp"
#include "tm_test_util.hpp"
#include "tmkit/memory/translation_memory.hpp"

namespace tmkit {
namespace {

using testing::add_ok;
using testing::en_de;
using testing::open_tm;
using testing::TempDir;

// 300 units: 100 sources with two targets each, and 100 with one.
std::vector<TranslationUnit> sample_units() {
  std::vector<TranslationUnit> units;
  for (int i = 0; i < 100; ++i) {
    units.push_back(
        en_de("Source with variants " + std::to_string(i), "erste " + std::to_string(i)));
    units.push_back(
        en_de("Source with variants " + std::to_string(i), "zweite " + std::to_string(i)));
    units.push_back(en_de("Plain source " + std::to_string(i), "einfach " + std::to_string(i)));
  }
  return units;
}

struct TreeCounts {
  std::uint64_t dedupe = 0;
  std::uint64_t dedupe_recent = 0;
  std::uint64_t sources = 0;
  std::uint64_t sources_recent = 0;
};

TreeCounts tree_counts(const detail::TmStore& store) {
  Result<detail::ReadTxn> txn = store.env.begin_read();
  REQUIRE(txn.ok());
  TreeCounts counts;
  counts.dedupe = txn->entries(store.dedupe).value();
  counts.dedupe_recent = txn->entries(store.dedupe_recent).value();
  counts.sources = txn->entries(store.sources).value();
  counts.sources_recent = txn->entries(store.sources_recent).value();
  return counts;
}

detail::TmStore open_store(const std::filesystem::path& dir, const TmOptions& options = {}) {
  Result<detail::TmStore> store = detail::open_store(dir, options);
  INFO(store.status().message());
  REQUIRE(store.ok());
  return std::move(store).value();
}

// What add(), check(), stats() and conflicts() say of the TM in `dir`, which must hold
// sample_units() and nothing else.
void expect_sample_tm(const std::filesystem::path& dir) {
  TranslationMemory tm = open_tm(dir);
  const Result<CheckReport> report = tm.check();
  REQUIRE(report.ok());
  INFO((report->problems.empty() ? "" : report->problems.front()));
  CHECK(report->clean());
  const Result<TmStats> stats = tm.stats();
  REQUIRE(stats.ok());
  CHECK(stats->units == 300);
  CHECK(stats->sources_with_variants == 100);
  const Result<std::vector<VariantGroup>> conflicts = tm.conflicts({}, {});
  REQUIRE(conflicts.ok());
  CHECK(conflicts->size() == 100);
  // Every unit again is a duplicate; a third target of a stored source is a variant.
  const AddReport again = add_ok(tm, sample_units());
  CHECK(again.duplicates == 300);
  CHECK(again.added == 0);
  const AddReport third = add_ok(tm, {en_de("Source with variants 7", "dritte")});
  CHECK(third.variants == 1);
}

TEST_CASE("add() puts new units' hash entries in the recent trees", "[hash_index]") {
  TempDir dir;
  {
    TranslationMemory tm = open_tm(dir.path());
    add_ok(tm, sample_units());
  }
  const TreeCounts counts = tree_counts(open_store(dir.path()));
  CHECK(counts.dedupe == 0);
  CHECK(counts.dedupe_recent == 300);
  CHECK(counts.sources == 0);
  CHECK(counts.sources_recent == 300);
  expect_sample_tm(dir.path());
}

TEST_CASE("fold_recent moves every recent entry into the main trees, in many transactions",
          "[hash_index]") {
  TempDir dir;
  {
    TranslationMemory tm = open_tm(dir.path());
    add_ok(tm, sample_units());
  }
  {
    detail::TmStore store = open_store(dir.path());
    // Below the threshold nothing moves.
    REQUIRE(detail::fold_recent(store, 301, 20000).ok());
    CHECK(tree_counts(store).dedupe_recent == 300);
    // A budget of 2 pages: a few entries per transaction.
    REQUIRE(detail::fold_recent(store, 300, 2).ok());
    const TreeCounts counts = tree_counts(store);
    CHECK(counts.dedupe == 300);
    CHECK(counts.dedupe_recent == 0);
    CHECK(counts.sources == 300);
    CHECK(counts.sources_recent == 0);
  }
  expect_sample_tm(dir.path());
}

TEST_CASE("a TM with entries in both trees answers as one index", "[hash_index]") {
  TempDir dir;
  std::vector<TranslationUnit> units = sample_units();
  {
    TranslationMemory tm = open_tm(dir.path());
    add_ok(tm, {units.begin(), units.begin() + 150});
  }
  {
    detail::TmStore store = open_store(dir.path());
    REQUIRE(detail::fold_recent(store, 1, 20000).ok());
  }
  {
    TranslationMemory tm = open_tm(dir.path());
    add_ok(tm, {units.begin() + 150, units.end()});
  }
  const TreeCounts counts = tree_counts(open_store(dir.path()));
  CHECK(counts.dedupe == 150);
  CHECK(counts.dedupe_recent == 150);
  expect_sample_tm(dir.path());
}

TEST_CASE("remove() and prefer-newer take units out of either tree", "[hash_index]") {
  TempDir dir;
  {
    TranslationMemory tm = open_tm(dir.path());
    add_ok(tm, sample_units());
  }
  {
    detail::TmStore store = open_store(dir.path());
    REQUIRE(detail::fold_recent(store, 1, 20000).ok());
  }
  TranslationMemory tm = open_tm(dir.path());
  AddOptions prefer_newer;
  prefer_newer.on_conflict = ConflictPolicy::kPreferNewer;
  TranslationUnit newer = en_de("Plain source 3", "neuer");
  newer.created = 4000000000;  // after every unit of sample_units()
  const Result<AddReport> replaced = tm.add({newer}, prefer_newer);
  REQUIRE(replaced.ok());
  CHECK(replaced->replaced == 1);  // the folded unit, from the main trees
  TranslationUnit newest = newer;
  newest.target = "am neuesten";
  newest.created += 3600;
  const Result<AddReport> again = tm.add({newest}, prefer_newer);
  REQUIRE(again.ok());
  CHECK(again->replaced == 1);  // the unit just added, from the recent trees
  const Result<CheckReport> report = tm.check();
  REQUIRE(report.ok());
  CHECK(report->clean());
  CHECK(report->units == 300);
}

// An 8-byte key like the stored hashes: "h" and the number in 7 digits.
std::string hash_of(int n) {
  std::string digits = std::to_string(n);
  return "h" + std::string(7 - digits.size(), '0') + digits;
}

TEST_CASE("hashes_present finds hashes in either tree, looked up in any order", "[hash_index]") {
  TempDir dir;
  { open_tm(dir.path()); }
  detail::TmStore store = open_store(dir.path());
  // Multiples of 3 in the main tree, of 5 in the recent one (15, 30... in both), over enough
  // leaves that lookups move from leaf to leaf.
  REQUIRE(store.env
              .write([&](detail::WriteTxn& txn) -> Status {
                for (int n = 3; n < 6000; n += 3) {
                  TMKIT_RETURN_IF_ERROR(txn.put(store.dedupe, hash_of(n), "unit-a"));
                }
                for (int n = 5; n < 6000; n += 5) {
                  TMKIT_RETURN_IF_ERROR(txn.put(store.dedupe_recent, hash_of(n), "unit-b"));
                }
                return {};
              })
              .ok());
  std::vector<std::string> hashes;
  for (int n = 6100; n >= 0; n -= 7) hashes.push_back(hash_of(n));  // descending, past both ends
  hashes.push_back(hash_of(30));
  hashes.push_back(hash_of(30));  // asked twice
  std::vector<std::string_view> views(hashes.begin(), hashes.end());
  const Result<detail::ReadTxn> txn = store.env.begin_read();
  REQUIRE(txn.ok());
  int releases = 0;
  const Result<std::vector<bool>> present =
      detail::hashes_present(*txn, detail::dedupe_index(store), views, 7, [&] {
        ++releases;
        return Status();
      });
  REQUIRE(present.ok());
  REQUIRE(present->size() == hashes.size());
  std::size_t found = 0;
  for (std::size_t i = 0; i < hashes.size(); ++i) {
    const int n = std::stoi(hashes[i].substr(1));
    INFO(hashes[i]);
    CHECK((*present)[i] == (n > 0 && n < 6000 && (n % 3 == 0 || n % 5 == 0)));
    found += (*present)[i] ? 1 : 0;
  }
  CHECK(found > 300);
  CHECK(releases > 0);
  // A failing release fails the lookup.
  const auto failed = detail::hashes_present(*txn, detail::dedupe_index(store), views, 7,
                                             [] { return Status::storage("madvise failed"); });
  CHECK(failed.status().message() == "madvise failed");
}

TEST_CASE("check reports an entry stored in both trees", "[hash_index]") {
  TempDir dir;
  {
    TranslationMemory tm = open_tm(dir.path());
    add_ok(tm, {en_de("one", "eins"), en_de("two", "zwei")});
  }
  {
    detail::TmStore store = open_store(dir.path());
    REQUIRE(store.env
                .write([&](detail::WriteTxn& txn) -> Status {
                  TMKIT_ASSIGN_OR_RETURN(detail::Cursor cursor,
                                         detail::Cursor::open(txn, store.dedupe_recent));
                  TMKIT_ASSIGN_OR_RETURN(const auto first, cursor.move(MDB_FIRST));
                  const std::string key(first->key), value(first->value);
                  return txn.put(store.dedupe, key, value);
                })
                .ok());
  }
  TranslationMemory tm = open_tm(dir.path());
  const Result<CheckReport> report = tm.check();
  REQUIRE(report.ok());
  CHECK_FALSE(report->clean());
  bool found = false;
  for (const std::string& problem : report->problems) {
    found = found || problem.find("is in both dedupe and dedupe_recent") != std::string::npos;
  }
  CHECK(found);
}

// Makes the TM in `dir` one of schema 2: folded, without the recent trees, version 2 (with
// LMDB's own calls: the store cannot drop its databases).
void make_schema_2(const std::filesystem::path& dir) {
  {
    detail::TmStore store = open_store(dir);
    REQUIRE(detail::fold_recent(store, 1, 20000).ok());
  }
  MDB_env* raw_env = nullptr;
  REQUIRE(mdb_env_create(&raw_env) == 0);
  const std::unique_ptr<MDB_env, decltype(&mdb_env_close)> env(raw_env, &mdb_env_close);
  REQUIRE(mdb_env_set_maxdbs(raw_env, 16) == 0);
  REQUIRE(mdb_env_open(raw_env, dir.c_str(), 0, 0664) == 0);
  MDB_txn* txn = nullptr;
  REQUIRE(mdb_txn_begin(raw_env, nullptr, 0, &txn) == 0);
  for (const char* name : {"dedupe_recent", "sources_recent"}) {
    MDB_dbi dbi = 0;
    REQUIRE(mdb_dbi_open(txn, name, 0, &dbi) == 0);
    REQUIRE(mdb_drop(txn, dbi, 1) == 0);
  }
  MDB_dbi meta = 0;
  REQUIRE(mdb_dbi_open(txn, "meta", 0, &meta) == 0);
  std::string key = "schema_version", version("\0\0\0\2", 4);
  MDB_val k{key.size(), key.data()}, v{version.size(), version.data()};
  REQUIRE(mdb_put(txn, meta, &k, &v, 0) == 0);
  REQUIRE(mdb_txn_commit(txn) == 0);
}

TEST_CASE("a schema 2 TM is read as it is, and becomes schema 3 when opened to write",
          "[hash_index]") {
  TempDir dir;
  {
    TranslationMemory tm = open_tm(dir.path());
    add_ok(tm, sample_units());
  }
  make_schema_2(dir.path());
  {
    TmOptions read_only;
    read_only.read_only = true;
    TranslationMemory tm = open_tm(dir.path(), read_only);
    const Result<TmStats> stats = tm.stats();
    REQUIRE(stats.ok());
    CHECK(stats->schema_version == 2);
    CHECK(stats->sources_with_variants == 100);
    const Result<CheckReport> report = tm.check();
    REQUIRE(report.ok());
    CHECK(report->clean());
    const Result<std::vector<VariantGroup>> conflicts = tm.conflicts({}, {});
    REQUIRE(conflicts.ok());
    CHECK(conflicts->size() == 100);
  }
  expect_sample_tm(dir.path());  // opens it to write
  TranslationMemory tm = open_tm(dir.path());
  CHECK(tm.stats()->schema_version == TranslationMemory::kSchemaVersion);
}

}  // namespace
}  // namespace tmkit
