// TranslationMemory::check() and `tmkit check` on clean TMs and on TMs damaged on purpose
// through the LMDB C API (what a bug, a bad tool or a disk could leave behind).
#include <lmdb.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <vector>

#include "../cli/run_tmkit.hpp"
#include "raw_lmdb.hpp"
#include "temp_dir.hpp"
#include "tmkit/memory/translation_memory.hpp"

namespace {

using tmkit::CheckReport;
using tmkit::TranslationMemory;
using tmkit::TranslationUnit;
using tmkit::testing::damage_tm;
using tmkit::testing::run_tmkit;
using tmkit::testing::TempDir;

TranslationUnit unit(const std::string& source, const std::string& target) {
  TranslationUnit u;
  u.src_lang = *tmkit::LangTag::parse("en-US");
  u.tgt_lang = *tmkit::LangTag::parse("de-DE");
  u.source = source;
  u.target = target;
  return u;
}

// A TM with three units, one of them a variant of another's source.
void build_tm(const std::filesystem::path& dir) {
  auto tm = TranslationMemory::open(dir);
  REQUIRE(tm.ok());
  REQUIRE(tm->add({unit("The cat sleeps.", "Die Katze schläft."),
                   unit("The dog barks loudly.", "Der Hund bellt laut."),
                   unit("The cat sleeps.", "Die Katze ruht.")})
              .ok());
}

CheckReport check(const std::filesystem::path& dir) {
  tmkit::TmOptions options;
  options.read_only = true;
  auto tm = TranslationMemory::open(dir, options);
  REQUIRE(tm.ok());
  auto report = tm->check();
  REQUIRE(report.ok());
  return *report;
}

// Deletes the first entry (key and value) of database `dbi`.
void delete_first(MDB_txn* txn, MDB_dbi dbi) {
  MDB_cursor* cursor = nullptr;
  REQUIRE(mdb_cursor_open(txn, dbi, &cursor) == 0);
  MDB_val key{}, value{};
  REQUIRE(mdb_cursor_get(cursor, &key, &value, MDB_FIRST) == 0);
  REQUIRE(mdb_cursor_del(cursor, 0) == 0);
  mdb_cursor_close(cursor);
}

MDB_val bytes(std::string& s) { return MDB_val{s.size(), s.data()}; }

// A posting of length 3, id 99, count 1, and a token key no text has.
const std::string kPosting99("\x00\x03\x00\x00\x00\x00\x63\x01", 8);
const std::string kKey("\x01\x02\x03\x04", 4);

// Puts a block of `postings` under `key` + `lower` and, unless nullopt, `count` as the key's
// count of postings (posting_blocks.hpp).
void put_block(MDB_txn* txn, MDB_dbi dbi, std::string key, std::optional<std::uint64_t> count,
               const std::string& lower, const std::vector<std::string>& postings) {
  if (count) {
    std::string value(8, '\0');
    for (int i = 0; i < 8; ++i)
      value[static_cast<std::size_t>(7 - i)] = static_cast<char>(*count >> (8 * i));
    MDB_val k = bytes(key), v = bytes(value);
    REQUIRE(mdb_put(txn, dbi, &k, &v, 0) == 0);
  }
  std::string block_key = key + lower, block;
  for (const std::string& p : postings) block += p;
  MDB_val k = bytes(block_key), v = bytes(block);
  REQUIRE(mdb_put(txn, dbi, &k, &v, 0) == 0);
}

// Gives unit `to` a copy of every posting of unit `from` (ids below 256), in the same blocks,
// and raises the counts to match.
void copy_postings(MDB_txn* txn, MDB_dbi dbi, char from, char to) {
  MDB_cursor* cursor = nullptr;
  REQUIRE(mdb_cursor_open(txn, dbi, &cursor) == 0);
  std::vector<std::pair<std::string, std::string>> changed;
  std::size_t count_at = 0;  // in `changed`, the count of the key being read
  MDB_val k{}, v{};
  for (int rc = mdb_cursor_get(cursor, &k, &v, MDB_FIRST); rc == 0;
       rc = mdb_cursor_get(cursor, &k, &v, MDB_NEXT)) {
    const std::string key(static_cast<const char*>(k.mv_data), k.mv_size);
    std::string value(static_cast<const char*>(v.mv_data), v.mv_size);
    if (key.size() == 4) {
      count_at = changed.size();
      changed.emplace_back(key, value);  // raised below for each copy
      continue;
    }
    std::vector<std::string> postings;
    bool copied = false;
    for (std::size_t at = 0; at < value.size(); at += 8) {
      std::string p = value.substr(at, 8);
      postings.push_back(p);
      if (p[6] == from && p.substr(2, 4) == std::string(4, '\0')) {
        p[6] = to;
        postings.push_back(p);
        copied = true;
      }
    }
    if (!copied) continue;
    std::sort(postings.begin(), postings.end());
    std::string block;
    for (const std::string& p : postings) block += p;
    changed.emplace_back(key, block);
    ++changed[count_at].second[7];
  }
  mdb_cursor_close(cursor);
  for (auto& [key, value] : changed) {
    MDB_val kk = bytes(key), vv = bytes(value);
    REQUIRE(mdb_put(txn, dbi, &kk, &vv, 0) == 0);
  }
}

std::string id_key(std::uint64_t id) {
  std::string key(8, '\0');
  for (int i = 0; i < 8; ++i)
    key[static_cast<std::size_t>(7 - i)] = static_cast<char>(id >> (8 * i));
  return key;
}

bool has_problem(const CheckReport& report, const std::string& text) {
  for (const std::string& p : report.problems) {
    if (p.find(text) != std::string::npos) return true;
  }
  return false;
}

// The texts of `expected` that no problem of `report` contains (Catch prints them).
std::vector<std::string> missing_problems(const CheckReport& report,
                                          const std::vector<std::string>& expected) {
  std::vector<std::string> missing;
  for (const std::string& text : expected) {
    if (!has_problem(report, text)) missing.push_back(text);
  }
  return missing;
}

}  // namespace

TEST_CASE("check passes a TM that add() built, variants included", "[check]") {
  TempDir dir;
  build_tm(dir / "tm");
  const CheckReport report = check(dir / "tm");
  CHECK(report.clean());
  CHECK(report.units == 3);
  CHECK(report.schema_version == TranslationMemory::kSchemaVersion);
  CHECK(report.index_entries > 9);
}

TEST_CASE("check passes an empty TM", "[check]") {
  TempDir dir;
  REQUIRE(TranslationMemory::open(dir / "tm").ok());
  const CheckReport report = check(dir / "tm");
  CHECK(report.clean());
  CHECK(report.units == 0);
}

TEST_CASE("check finds each kind of damage", "[check]") {
  TempDir dir;
  build_tm(dir / "tm");
  SECTION("a unit without its dedupe entry") {
    // add() puts a new unit's entries in dedupe_recent (until a fold moves them to dedupe).
    damage_tm(dir / "tm", [](MDB_txn* txn, auto dbi) { delete_first(txn, dbi("dedupe_recent")); });
    const CheckReport report = check(dir / "tm");
    CHECK(report.problem_count == 2);  // the missing entry, and the count
    CHECK(has_problem(report, ": no dedupe entry (key "));
    CHECK(has_problem(report, "dedupe: 2 entries, expected 3"));
  }
  SECTION("index entries of a deleted unit") {
    damage_tm(dir / "tm", [](MDB_txn* txn, auto dbi) { delete_first(txn, dbi("units")); });
    const CheckReport report = check(dir / "tm");
    CHECK(report.units == 2);
    CHECK(missing_problems(report, {"dedupe: entry ", "points to no unit",
                                    "sig: entry 0000000000000001 belongs to no unit",
                                    "points to missing unit 1"}) == std::vector<std::string>());
  }
  SECTION("a posting of a unit that does not exist") {
    damage_tm(dir / "tm", [](MDB_txn* txn, auto dbi) {
      put_block(txn, dbi("src_blocks"), kKey, 1, {kPosting99}, {kPosting99});
    });
    const CheckReport report = check(dir / "tm");
    CHECK(report.problem_count == 1);  // its block and count agree
    CHECK(has_problem(report, "src_blocks: posting of key 01020304 points to missing unit 99"));
  }
  SECTION("a posting block out of order, too large or without its count") {
    const std::string p99 = kPosting99;
    std::string p98 = p99;
    p98[6] = '\x62';  // id 98
    damage_tm(dir / "tm", [&](MDB_txn* txn, auto dbi) {
      put_block(txn, dbi("tgt_blocks"), kKey, 2, p98, {p99, p98});
      put_block(txn, dbi("tgt_blocks"), "\x01\x02\x03\x06", 1, p99, {p98});  // below its key
      put_block(txn, dbi("src_blocks"), "\x01\x02\x03\x05", std::nullopt, p99, {p99});
      put_block(txn, dbi("src_blocks"), kKey, 511, p98, std::vector<std::string>(511, p99));
    });
    const CheckReport report = check(dir / "tm");
    CHECK(missing_problems(report,
                           {"tgt_blocks: block of key 01020304 is out of order",
                            "tgt_blocks: block of key 01020306 is out of order",
                            "src_blocks: block of key 01020305 has no count",
                            "src_blocks: block of key 01020304 holds 4088 bytes",
                            "src_blocks: key 01020304 counts 511 postings, its blocks hold 0"}) ==
          std::vector<std::string>());
  }
  SECTION("a count that disagrees with the blocks") {
    damage_tm(dir / "tm", [](MDB_txn* txn, auto dbi) {
      // Raise the count of the first key by one.
      MDB_cursor* cursor = nullptr;
      REQUIRE(mdb_cursor_open(txn, dbi("src_blocks"), &cursor) == 0);
      MDB_val k{}, v{};
      REQUIRE(mdb_cursor_get(cursor, &k, &v, MDB_FIRST) == 0);
      REQUIRE(k.mv_size == 4);
      std::string key(static_cast<const char*>(k.mv_data), 4);
      std::string count(static_cast<const char*>(v.mv_data), 8);
      ++count[7];
      mdb_cursor_close(cursor);
      MDB_val kk = bytes(key), vv = bytes(count);
      REQUIRE(mdb_put(txn, dbi("src_blocks"), &kk, &vv, 0) == 0);
    });
    const CheckReport report = check(dir / "tm");
    CHECK(report.problem_count == 1);
    CHECK(has_problem(report, "postings, its blocks hold "));
  }
  SECTION("a unit without its sig entry") {
    damage_tm(dir / "tm", [](MDB_txn* txn, auto dbi) {
      std::string key = id_key(2);
      MDB_val k = bytes(key);
      REQUIRE(mdb_del(txn, dbi("sig"), &k, nullptr) == 0);
    });
    CHECK(has_problem(check(dir / "tm"), "unit 2: no sig entry"));
  }
  SECTION("a record that does not decode") {
    damage_tm(dir / "tm", [](MDB_txn* txn, auto dbi) {
      std::string key = id_key(3), garbage = "\x01garbage";
      MDB_val k = bytes(key), v = bytes(garbage);
      REQUIRE(mdb_put(txn, dbi("units"), &k, &v, 0) == 0);
    });
    const CheckReport report = check(dir / "tm");
    CHECK(has_problem(report, "unit 3: "));
    CHECK_FALSE(report.clean());
  }
  SECTION("a usage entry of no unit") {
    damage_tm(dir / "tm", [](MDB_txn* txn, auto dbi) {
      std::string key = id_key(42), count("\x00\x00\x00\x02", 4);
      MDB_val k = bytes(key), v = bytes(count);
      REQUIRE(mdb_put(txn, dbi("usage"), &k, &v, 0) == 0);
    });
    CHECK(has_problem(check(dir / "tm"), "usage: entry 000000000000002a belongs to no unit"));
  }
  SECTION("a duplicate unit stored twice with all its entries") {
    damage_tm(dir / "tm", [](MDB_txn* txn, auto dbi) {
      // Copy unit 2 to id 4 in every database that names it, as a broken dedupe would.
      std::string from = id_key(2), to = id_key(4);
      MDB_val f = bytes(from), t = bytes(to), value{};
      for (const char* name : {"units", "sig"}) {
        REQUIRE(mdb_get(txn, dbi(name), &f, &value) == 0);
        std::string copy(static_cast<const char*>(value.mv_data), value.mv_size);
        MDB_val v = bytes(copy);
        REQUIRE(mdb_put(txn, dbi(name), &t, &v, 0) == 0);
      }
      for (const char* name : {"dedupe_recent", "sources_recent"}) {
        MDB_cursor* cursor = nullptr;
        REQUIRE(mdb_cursor_open(txn, dbi(name), &cursor) == 0);
        std::vector<std::pair<std::string, std::string>> copies;
        MDB_val k{}, v{};
        for (int rc = mdb_cursor_get(cursor, &k, &v, MDB_FIRST); rc == 0;
             rc = mdb_cursor_get(cursor, &k, &v, MDB_NEXT)) {
          std::string key(static_cast<const char*>(k.mv_data), k.mv_size);
          if (std::string(static_cast<const char*>(v.mv_data), v.mv_size) == from)
            copies.emplace_back(key, to);
        }
        mdb_cursor_close(cursor);
        for (auto& [key, val] : copies) {
          MDB_val kk = bytes(key), vv = bytes(val);
          REQUIRE(mdb_put(txn, dbi(name), &kk, &vv, 0) == 0);
        }
      }
      for (const char* name : {"src_blocks", "tgt_blocks"}) copy_postings(txn, dbi(name), 2, 4);
    });
    const CheckReport report = check(dir / "tm");
    CHECK(report.units == 4);
    CHECK(has_problem(report, "unit 4: a duplicate of unit 2"));
    CHECK(has_problem(report, "meta: next_id is not above the last unit id 4"));
  }
}

TEST_CASE("tmkit check exits 0 on a clean TM and 1 naming the problem otherwise", "[check]") {
  TempDir dir;
  build_tm(dir / "tm");
  const auto clean = run_tmkit({"check", "--tm", (dir / "tm").string()}, dir);
  CHECK(clean.exit_code == 0);
  // 9 entries in dedupe, sources and sig; 13 postings per side (4 + 5 + 4 tokens, the final
  // full stop counted); no usage entry.
  CHECK(clean.out == (dir / "tm").string() + ": ok (schema 3, 3 units, 35 index entries)\n");
  damage_tm(dir / "tm", [](MDB_txn* txn, auto dbi) { delete_first(txn, dbi("dedupe_recent")); });
  const auto damaged = run_tmkit({"check", "--tm", (dir / "tm").string()}, dir);
  CHECK(damaged.exit_code == 1);
  CHECK(damaged.err.find("tmkit check: error: " + (dir / "tm").string() +
                         ": 2 problem(s), the first: unit ") != std::string::npos);
  CHECK(damaged.err.find("dedupe: 2 entries, expected 3") != std::string::npos);
}

TEST_CASE("tmkit check refuses what is not a current TM", "[check]") {
  TempDir dir;
  SECTION("a directory without a TM") {
    std::filesystem::create_directory(dir / "empty");
    const auto result = run_tmkit({"check", "--tm", (dir / "empty").string()}, dir);
    CHECK(result.exit_code == 1);
    CHECK(result.err ==
          "tmkit check: error: tm: no translation memory in " + (dir / "empty").string() + "\n");
  }
  SECTION("a TM of a newer schema") {
    build_tm(dir / "tm");
    damage_tm(dir / "tm", [](MDB_txn* txn, auto dbi) {
      std::string key = "schema_version", version("\x00\x00\x00\x04", 4);
      MDB_val k = bytes(key), v = bytes(version);
      REQUIRE(mdb_put(txn, dbi("meta"), &k, &v, 0) == 0);
    });
    const auto result = run_tmkit({"check", "--tm", (dir / "tm").string()}, dir);
    CHECK(result.exit_code == 1);
    CHECK(result.err.find("schema version 4 is newer than this tmkit's (3)") != std::string::npos);
  }
}
