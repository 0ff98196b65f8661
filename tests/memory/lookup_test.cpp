#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "temp_dir.hpp"
#include "tm_test_util.hpp"
#include "tmkit/memory/translation_memory.hpp"

namespace tmkit {
namespace {

using testing::add_ok;
using testing::en_de;
using testing::lang;
using testing::lookup_ok;
using testing::make_unit;
using testing::open_tm;
using testing::TempDir;

// (id, score) pairs, for compact comparisons.
std::vector<std::pair<std::uint64_t, double>> ids_and_scores(const std::vector<Match>& matches) {
  std::vector<std::pair<std::uint64_t, double>> out;
  for (const Match& m : matches) out.emplace_back(m.id, m.score);
  return out;
}

using Scores = std::vector<std::pair<std::uint64_t, double>>;

TEST_CASE("lookup scores an exact match 100, even in another normalisation form", "[tm]") {
  TempDir dir;
  TranslationMemory tm = open_tm(dir.path());
  add_ok(tm, {en_de("The café is open.", "Das Café ist offen.")});
  for (const char* query : {"The café is open.", "  The cafe\u0301 is\topen. "}) {
    const std::vector<Match> matches = lookup_ok(tm, query, {});
    REQUIRE(matches.size() == 1);
    CHECK(matches[0].score == 100.0);
    CHECK(matches[0].id == 1);
    CHECK(matches[0].unit.target == "Das Café ist offen.");
  }
}

TEST_CASE("lookup scores one substituted word in four at 75", "[tm]") {
  TempDir dir;
  TranslationMemory tm = open_tm(dir.path());
  add_ok(tm, {en_de("the dog sat down", "der Hund setzte sich")});
  // [the cat sat down] vs [the dog sat down]: 1 substitution / 4 tokens.
  CHECK(ids_and_scores(lookup_ok(tm, "the cat sat down", {})) == Scores{{1, 75.0}});
}

TEST_CASE("lookup scores Chinese per character", "[tm]") {
  TempDir dir;
  TranslationMemory tm = open_tm(dir.path());
  add_ok(tm, {make_unit("zh-CN", "en", "我喜欢猫。", "I like cats.")});
  // [我 喜 欢 狗 。] vs [我 喜 欢 猫 。]: 1 substitution / 5 tokens = 80.
  CHECK(ids_and_scores(lookup_ok(tm, "我喜欢狗。", {})) == Scores{{1, 80.0}});
  // [我 喜 欢 狗] vs [我 喜 欢 猫 。]: substitution + deletion / 5 = 60, below the default 70.
  CHECK(lookup_ok(tm, "我喜欢狗", {}).empty());
}

TEST_CASE("a fuzzy match that tokenises like the query scores 99, not 100", "[tm]") {
  TempDir dir;
  TranslationMemory tm = open_tm(dir.path());
  add_ok(tm, {en_de("Hello, world")});
  CHECK(ids_and_scores(lookup_ok(tm, "Hello,world", {})) == Scores{{1, 99.0}});
}

TEST_CASE("lookup keeps min_score and max_results, best first and newest first on ties", "[tm]") {
  TempDir dir;
  TranslationMemory tm = open_tm(dir.path());
  add_ok(tm, {en_de("the cat sat down"),                 // 1: exact, 100
              en_de("the dog sat down"),                 // 2: 1 of 4 differ, 75
              en_de("the dog sat up"),                   // 3: 2 of 4 differ, 50
              en_de("completely different words here"),  // 4: 4 of 4 differ, 0
              en_de("the cow sat down")});               // 5: 75, newer than 2
  LookupOptions options;
  SECTION("the default minimum of 70") {
    CHECK(ids_and_scores(lookup_ok(tm, "the cat sat down", options)) ==
          Scores{{1, 100.0}, {5, 75.0}, {2, 75.0}});
  }
  SECTION("a minimum of 50 is inclusive") {
    options.min_score = 50;
    CHECK(ids_and_scores(lookup_ok(tm, "the cat sat down", options)) ==
          Scores{{1, 100.0}, {5, 75.0}, {2, 75.0}, {3, 50.0}});
  }
  SECTION("max_results keeps the best") {
    options.min_score = 0;
    options.max_results = 2;
    CHECK(ids_and_scores(lookup_ok(tm, "the cat sat down", options)) ==
          Scores{{1, 100.0}, {5, 75.0}});
    options.max_results = 0;
    CHECK(lookup_ok(tm, "the cat sat down", options).empty());
  }
  SECTION("a minimum of 100 returns exact matches only") {
    options.min_score = 100;
    CHECK(ids_and_scores(lookup_ok(tm, "the cat sat down", options)) == Scores{{1, 100.0}});
  }
  SECTION("a minimum outside 0-100 is invalid input") {
    options.min_score = 101;
    CHECK(tm.lookup("the cat", options).status().code() == StatusCode::kInvalidInput);
  }
}

TEST_CASE("stop_at_exact returns only the exact matches when there are some", "[tm]") {
  TempDir dir;
  TranslationMemory tm = open_tm(dir.path());
  add_ok(tm, {en_de("the cat sat down", "die Katze setzte sich"),  // 1: exact, 100
              en_de("the dog sat down"),                           // 2: 75
              en_de("The cat sat down"),                           // 3: case only, 99
              en_de("the cat sat down", "die Katze sass")});       // 4: a second variant, 100
  LookupOptions options;
  options.min_score = 50;
  options.stop_at_exact = true;
  for (const bool exhaustive : {false, true}) {
    options.exhaustive = exhaustive;
    CHECK(ids_and_scores(lookup_ok(tm, "the cat sat down", options)) ==
          Scores{{4, 100.0}, {1, 100.0}});
    // No exact match: the fuzzy search runs as without the option.
    CHECK(ids_and_scores(lookup_ok(tm, "the cat sat up", options)) ==
          Scores{{4, 75.0}, {1, 75.0}, {3, 50.0}, {2, 50.0}});
  }
  options.stop_at_exact = false;
  options.exhaustive = false;
  CHECK(ids_and_scores(lookup_ok(tm, "the cat sat down", options)) ==
        Scores{{4, 100.0}, {1, 100.0}, {3, 99.0}, {2, 75.0}});
}

TEST_CASE("lookup filters by language", "[tm]") {
  TempDir dir;
  TranslationMemory tm = open_tm(dir.path());
  add_ok(tm, {make_unit("en", "de", "Good morning", "Guten Morgen"),
              make_unit("en-GB", "fr", "Good morning", "Bonjour"),
              make_unit("nl", "en", "Good morning", "Good morning")});
  LookupOptions options;
  CHECK(lookup_ok(tm, "Good morning", options).size() == 3);
  options.tgt_lang = lang("fr-CA");
  CHECK(ids_and_scores(lookup_ok(tm, "Good morning", options)) == Scores{{2, 100.0}});
  options.tgt_lang = {};
  options.src_lang = lang("en-US");
  CHECK(ids_and_scores(lookup_ok(tm, "Good morning", options)) == Scores{{2, 100.0}, {1, 100.0}});
  options.src_lang = lang("zh");
  CHECK(lookup_ok(tm, "Good morning", options).empty());
}

TEST_CASE("lookup in an empty TM finds nothing", "[tm]") {
  TempDir dir;
  TranslationMemory tm = open_tm(dir.path());
  CHECK(lookup_ok(tm, "anything", {}).empty());
  CHECK(lookup_ok(tm, "", {}).empty());
}

}  // namespace
}  // namespace tmkit
