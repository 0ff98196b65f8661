// The candidate index against the definition: indexed lookup must return what a scan of every
// unit returns; the index must follow add, remove, reindex; variants, use counts, conflicts.
#include <lmdb.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "lmdb_env.hpp"
#include "record_codec.hpp"
#include "temp_dir.hpp"
#include "tm_deferred.hpp"
#include "tm_test_util.hpp"
#include "tmkit/memory/translation_memory.hpp"

namespace tmkit {
namespace {

using testing::add_ok;
using testing::en_de;
using testing::lookup_ok;
using testing::make_unit;
using testing::open_tm;
using testing::TempDir;

// A small deterministic generator (std:: distributions differ between library versions).
class Lcg {
 public:
  explicit Lcg(std::uint64_t seed) : state_(seed) {}
  std::size_t below(std::size_t n) {
    state_ = state_ * 6364136223846793005u + 1442695040888963407u;
    return static_cast<std::size_t>((state_ >> 33) % n);
  }

 private:
  std::uint64_t state_;
};

const std::vector<std::string> kWords = {
    "the",   "a",    "of",    "and",  "to",    "in",     "is",    "was",   "he",     "she",
    "it",    "said", "unto",  "land", "water", "city",   "house", "king",  "people", "day",
    "night", "went", "came",  "gave", "took",  "before", "after", "great", "small",  "seven",
    "light", "dark", "bread", "wine", "gold",  "silver", "field", "tree",  "river",  "stone",
    ",",     ".",    ";",     "!",    "?",     "3",      "12",    "40"};
const std::vector<std::string> kHan = {"的", "一", "是", "在", "人", "有", "我", "他", "这",
                                       "中", "大", "来", "上", "国", "个", "到", "说", "们",
                                       "为", "子", "和", "你", "地", "出", "道", "也", "时",
                                       "年", "神", "王", "城", "水", "光", "，", "。", "7"};

std::string sentence(Lcg& rng, const std::vector<std::string>& vocab, bool spaced,
                     std::size_t min_len, std::size_t max_len) {
  const std::size_t n = min_len + rng.below(max_len - min_len + 1);
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    if (spaced && i > 0) out += ' ';
    out += vocab[rng.below(vocab.size())];
  }
  return out;
}

// A variant of `s`: some tokens substituted, deleted or inserted.
std::string variant(Lcg& rng, const std::string& s, const std::vector<std::string>& vocab,
                    bool spaced) {
  std::vector<std::string> tokens;
  if (spaced) {
    std::size_t start = 0;
    for (std::size_t pos = 0; pos <= s.size(); ++pos) {
      if (pos == s.size() || s[pos] == ' ') {
        tokens.push_back(s.substr(start, pos - start));
        start = pos + 1;
      }
    }
  } else {
    for (std::size_t pos = 0; pos < s.size();) {
      const std::size_t len = (static_cast<unsigned char>(s[pos]) < 0x80) ? 1 : 3;
      tokens.push_back(s.substr(pos, len));
      pos += len;
    }
  }
  const std::size_t edits = 1 + rng.below(std::max<std::size_t>(1, tokens.size() / 2));
  for (std::size_t e = 0; e < edits && !tokens.empty(); ++e) {
    const std::size_t at = rng.below(tokens.size());
    switch (rng.below(3)) {
      case 0:
        tokens[at] = vocab[rng.below(vocab.size())];
        break;
      case 1:
        tokens.erase(tokens.begin() + static_cast<std::ptrdiff_t>(at));
        break;
      default:
        tokens.insert(tokens.begin() + static_cast<std::ptrdiff_t>(at),
                      vocab[rng.below(vocab.size())]);
    }
  }
  std::string out;
  for (const std::string& t : tokens) {
    if (spaced && !out.empty()) out += ' ';
    out += t;
  }
  return out.empty() ? vocab[0] : out;
}

std::vector<double> scores(const std::vector<Match>& matches) {
  std::vector<double> out;
  for (const Match& m : matches) out.push_back(m.score);
  return out;
}

TEST_CASE("indexed lookup returns the scores of an exhaustive scan on a generated TM", "[tm]") {
  TempDir dir;
  TranslationMemory tm = open_tm(dir.path());
  Lcg rng(20240611);
  std::vector<std::string> en_sources, zh_sources;
  std::vector<TranslationUnit> units;
  for (int i = 0; i < 1500; ++i) {
    en_sources.push_back(sentence(rng, kWords, true, 3, 24));
    units.push_back(make_unit("en", "zh", en_sources.back(), "t" + std::to_string(i)));
    zh_sources.push_back(sentence(rng, kHan, false, 4, 30));
    units.push_back(make_unit("zh", "en", zh_sources.back(), "t" + std::to_string(i)));
  }
  // Near neighbours, so that top hits compete.
  for (int i = 0; i < 1500; ++i) {
    units.push_back(
        make_unit("en", "zh", variant(rng, en_sources[rng.below(1500)], kWords, true), "v"));
    units.push_back(
        make_unit("zh", "en", variant(rng, zh_sources[rng.below(1500)], kHan, false), "v"));
  }
  add_ok(tm, units);
  const double min_score = GENERATE(50.0, 1.0);  // 1: every stage down to 10, then 1
  std::size_t compared = 0;
  for (int q = 0; q < 90; ++q) {
    const bool zh = q % 2 == 1;
    const auto& vocab = zh ? kHan : kWords;
    const auto& sources = zh ? zh_sources : en_sources;
    std::string query;
    switch (q % 6 / 2) {
      case 0:
        query = sources[rng.below(sources.size())];
        break;  // exact
      case 1:
        query = variant(rng, sources[rng.below(sources.size())], vocab, !zh);
        break;  // fuzzy
      default:
        query = sentence(rng, vocab, !zh, 3, 20);  // unrelated
    }
    LookupOptions options;
    options.min_score = min_score;
    options.max_results = 5;
    const std::vector<Match> indexed = lookup_ok(tm, query, options);
    options.exhaustive = true;
    const std::vector<Match> scanned = lookup_ok(tm, query, options);
    CAPTURE(query, min_score);
    CHECK(scores(indexed) == scores(scanned));
    if (!indexed.empty() && !scanned.empty()) {
      CHECK(indexed[0].id == scanned[0].id);  // ties break by newest id in both
      ++compared;
    }
  }
  CHECK(compared > 30);
}

TEST_CASE("units added in later batches are found through the index, also after reopening",
          "[tm]") {
  TempDir dir;
  {
    TranslationMemory tm = open_tm(dir.path());
    add_ok(tm, {en_de("the cat sat on the mat", "die Katze")});
    add_ok(tm, {en_de("the dog sat on the mat", "der Hund")});
  }
  TranslationMemory tm = open_tm(dir.path());
  add_ok(tm, {en_de("a bird sat on the mat", "ein Vogel")});
  LookupOptions options;
  options.min_score = 50;
  const std::vector<Match> matches = lookup_ok(tm, "the cow sat on the mat", options);
  // [the cow sat on the mat]: 1 of 6 differs for the cat and dog (83.33), 2 for the bird.
  REQUIRE(matches.size() == 3);
  CHECK(matches[0].id == 2);
  CHECK(matches[0].score == Approx(500.0 / 6));
  CHECK(matches[1].id == 1);
  CHECK(matches[2].id == 3);
  CHECK(matches[2].score == Approx(400.0 / 6));
}

TEST_CASE("lookup puts the query's numbers into a numbers-only match's target", "[tm]") {
  TempDir dir;
  TranslationMemory tm = open_tm(dir.path());
  add_ok(tm, {make_unit("zh", "en", "第3章有12节。", "Chapter 3 has 12 verses.")});
  const std::vector<Match> matches = lookup_ok(tm, "第4章有12节。", {});
  REQUIRE(matches.size() == 1);
  CHECK(matches[0].score == 99.0);
  CHECK(matches[0].explanation.rule == MatchExplanation::Rule::kNumbersOnly);
  CHECK(matches[0].adapted_target == "Chapter 4 has 12 verses.");
  // When the target spells the number out, nothing is substituted and the edit-distance
  // score stands: [第 4 章 有 12 节 。] against [第 3 章 ...]: d=1 of 7.
  add_ok(tm, {make_unit("zh", "en", "第5章有12节。", "Chapter five has 12 verses.")});
  const std::vector<Match> second = lookup_ok(tm, "第6章有12节。", {});
  REQUIRE(second.size() == 2);
  CHECK(second[0].score == 99.0);  // unit 1 can take the 6
  CHECK(second[0].adapted_target == "Chapter 6 has 12 verses.");
  CHECK(second[1].score == Approx(600.0 / 7));
  CHECK(second[1].adapted_target.empty());
}

TEST_CASE("a source with a second target is kept as a variant; duplicates raise the use count",
          "[tm]") {
  TempDir dir;
  TranslationMemory tm = open_tm(dir.path());
  TranslationUnit first = en_de("Open the file.", "Öffnen Sie die Datei.");
  first.created = 100;
  TranslationUnit second = en_de("Open  the file.", "Datei öffnen.");
  second.created = 200;
  const AddReport report = add_ok(tm, {first, second, first, first});
  CHECK(report.added == 2);
  CHECK(report.variants == 1);
  CHECK(report.duplicates == 2);
  const std::vector<Match> matches = lookup_ok(tm, "Open the file.", {});
  REQUIRE(matches.size() == 2);
  CHECK(matches[0].id == 2);  // newest first among equal scores
  CHECK(matches[0].use_count == 1);
  CHECK(matches[1].use_count == 3);
  const Result<std::vector<VariantGroup>> groups = tm.conflicts();
  REQUIRE(groups.ok());
  REQUIRE(groups->size() == 1);
  REQUIRE((*groups)[0].variants.size() == 2);
  CHECK((*groups)[0].variants[0].unit.target == "Datei öffnen.");
  CHECK((*groups)[0].variants[1].use_count == 3);
  CHECK(tm.stats()->sources_with_variants == 1);
}

TEST_CASE("conflict policies decide between a stored and an incoming target", "[tm]") {
  TempDir dir;
  TranslationMemory tm = open_tm(dir.path());
  TranslationUnit old_unit = en_de("Save", "Speichern");
  old_unit.created = 100;
  add_ok(tm, {old_unit});
  TranslationUnit newer = en_de("Save", "Sichern");
  newer.created = 200;
  TranslationUnit older = en_de("Save", "Ablegen");
  older.created = 50;
  AddOptions options;
  SECTION("prefer-existing skips the incoming unit") {
    options.on_conflict = ConflictPolicy::kPreferExisting;
    const Result<AddReport> report = tm.add({newer}, options);
    REQUIRE(report.ok());
    CHECK(report->skipped == 1);
    CHECK(testing::unit_count(tm) == 1);
  }
  SECTION("prefer-newer replaces an older variant and keeps a newer one") {
    options.on_conflict = ConflictPolicy::kPreferNewer;
    const Result<AddReport> report = tm.add({newer, older}, options);
    REQUIRE(report.ok());
    CHECK(report->replaced == 1);
    CHECK(report->skipped == 1);
    const auto units = testing::all_units(tm);
    REQUIRE(units.size() == 1);
    CHECK(units[0].second.target == "Sichern");
    // The replaced unit is gone from the index too.
    const std::vector<Match> matches = lookup_ok(tm, "Save", {});
    REQUIRE(matches.size() == 1);
    CHECK(matches[0].unit.target == "Sichern");
  }
  SECTION("keep-both stores both") {
    CHECK(tm.add({newer}, options)->variants == 1);
    CHECK(testing::unit_count(tm) == 2);
  }
}

TEST_CASE("remove deletes units by document or date with their index entries", "[tm]") {
  TempDir dir;
  TranslationMemory tm = open_tm(dir.path());
  TranslationUnit a = en_de("the red house", "das rote Haus");
  a.provenance.document = "a.txt";
  a.created = 10;
  TranslationUnit b = en_de("the red car", "das rote Auto");
  b.provenance.document = "b.txt";
  b.created = 20;
  add_ok(tm, {a, b});
  CHECK(tm.remove({}).status().code() == StatusCode::kInvalidInput);
  RemoveFilter by_document;
  by_document.document = "a.txt";
  CHECK(tm.remove(by_document).value() == 1);
  LookupOptions options;
  options.min_score = 50;
  const std::vector<Match> matches = lookup_ok(tm, "the red house", options);
  REQUIRE(matches.size() == 1);
  CHECK(matches[0].unit.target == "das rote Auto");
  CHECK(tm.concordance("house", {})->empty());
  // The removed unit may be added again, under a new id.
  add_ok(tm, {a});
  CHECK(lookup_ok(tm, "the red house", {})[0].id == 3);
  RemoveFilter by_date;
  by_date.created_before = 15;
  CHECK(tm.remove(by_date).value() == 1);
  CHECK(testing::unit_count(tm) == 1);
}

TEST_CASE("concordance finds words and CJK substrings, newest first, paged", "[tm]") {
  TempDir dir;
  TranslationMemory tm = open_tm(dir.path());
  add_ok(tm,
         {make_unit("zh", "en", "浙江正在推进数字化改革。", "Zhejiang is pushing digital reform."),
          make_unit("zh", "en", "数字化让生活更方便。", "Digital tools make life easier."),
          make_unit("zh", "en", "改革开放以来。", "Since reform and opening up."),
          make_unit("zh", "en", "数字很大。", "The digits are large.")});
  std::size_t total = 0;
  const auto hits = tm.concordance("数字化", {}, &total);
  REQUIRE(hits.ok());
  CHECK(total == 2);
  REQUIRE(hits->size() == 2);
  CHECK((*hits)[0].id == 2);
  CHECK((*hits)[0].hit == Span{0, 9});  // three characters of three bytes
  CHECK((*hits)[1].id == 1);
  CHECK((*hits)[1].hit == Span{18, 27});
  ConcordanceOptions target;
  target.side = Side::kTarget;
  const auto reform = tm.concordance("REFORM", target, &total);
  REQUIRE(reform.ok());
  CHECK(total == 2);
  REQUIRE(reform->size() == 2);
  CHECK((*reform)[0].id == 3);
  CHECK((*reform)[0].hit == Span{6, 12});
  const auto phrase = tm.concordance("digital reform", target);
  REQUIRE(phrase->size() == 1);
  CHECK((*phrase)[0].hit == Span{20, 34});
  CHECK(tm.concordance("digit", target)->empty());  // whole words only
  target.limit = 1;
  target.offset = 1;
  const auto page = tm.concordance("reform", target, &total);
  REQUIRE(page->size() == 1);
  CHECK((*page)[0].id == 1);
  CHECK(tm.concordance("  ", {}).status().code() == StatusCode::kInvalidInput);
}

TEST_CASE("a schema 1 TM is refused with a pointer to reindex, which upgrades it", "[tm]") {
  TempDir dir;
  {
    // A TM as tmkit wrote it before the index: meta, units and dedupe only.
    detail::EnvOptions options;
    options.create_dbs = true;
    options.dbs = {{"meta", 0}, {"units", 0}, {"dedupe", MDB_DUPSORT | MDB_DUPFIXED}};
    Result<detail::Env> env = detail::Env::open(dir.path(), options);
    REQUIRE(env.ok());
    REQUIRE(env->write([&](detail::WriteTxn& txn) {
                 TMKIT_RETURN_IF_ERROR(
                     txn.put(env->dbi(0), "schema_version", std::string("\0\0\0\1", 4)));
                 TMKIT_RETURN_IF_ERROR(
                     txn.put(env->dbi(1), detail::unit_key(1),
                             detail::encode_unit(en_de("old cat", "alte Katze"))));
                 return txn.put(env->dbi(1), detail::unit_key(2),
                                detail::encode_unit(en_de("old dog", "alter Hund")));
               })
                .ok());
  }
  const Result<TranslationMemory> refused = TranslationMemory::open(dir.path());
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == StatusCode::kUnsupported);
  CHECK_THAT(refused.status().message(), Catch::Contains("tmkit reindex"));
  {
    TmOptions options;
    options.allow_old_schema = true;
    TranslationMemory tm = open_tm(dir.path(), options);
    REQUIRE(tm.reindex(1).ok());  // one unit per transaction
  }
  TranslationMemory tm = open_tm(dir.path());
  CHECK(tm.stats()->schema_version == TranslationMemory::kSchemaVersion);
  LookupOptions options;
  options.min_score = 50;
  CHECK(scores(lookup_ok(tm, "old cow", options)) == std::vector<double>{50.0, 50.0});
  // Dedupe works again after the reindex.
  CHECK(add_ok(tm, {en_de("old cat", "alte Katze")}).duplicates == 1);
}

// What a user told to run `tmkit reindex` does: opens the old TM anyway and rebuilds its index.
void reindex_old_tm(const std::filesystem::path& dir) {
  TmOptions options;
  options.allow_old_schema = true;
  TranslationMemory tm = open_tm(dir, options);
  REQUIRE(tm.reindex().ok());
}

TEST_CASE("a TM indexed by the older tokeniser asks for reindex, which rebuilds its index",
          "[tm]") {
  TempDir dir;
  {
    TranslationMemory tm = open_tm(dir.path());
    add_ok(tm, {en_de("See e.g. the U.S. report.", "Siehe z. B. den US-Bericht.")});
  }
  // A TM of index version 1 has no "index_version" in meta (tokens before ICU word breaks,
  // which split "e.g" and "U.S" into letters and dots).
  const auto set_index_version = [&](std::optional<std::string> version) {
    detail::EnvOptions options;
    options.dbs = {{"meta", 0}};
    Result<detail::Env> env = detail::Env::open(dir.path(), options);
    REQUIRE(env.ok());
    REQUIRE(env->write([&](detail::WriteTxn& txn) -> Status {
                 if (version) return txn.put(env->dbi(0), "index_version", *version);
                 return txn.del(env->dbi(0), "index_version").status();
               })
                .ok());
  };
  set_index_version(std::nullopt);
  for (bool read_only : {false, true}) {
    TmOptions options;
    options.read_only = read_only;
    const Result<TranslationMemory> refused = TranslationMemory::open(dir.path(), options);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.status().code() == StatusCode::kUnsupported);
    CHECK_THAT(refused.status().message(), Catch::Contains("older tokeniser") &&
                                               Catch::Contains("tmkit reindex --tm PATH") &&
                                               Catch::Contains(dir.path().string()));
  }
  reindex_old_tm(dir.path());
  {
    TranslationMemory tm = open_tm(dir.path());
    REQUIRE(tm.check()->clean());
    CHECK(scores(lookup_ok(tm, "See e.g. the U.S. report.", {})) == std::vector<double>{100.0});
  }
  set_index_version(std::string("\0\0\0\x09", 4));
  const Result<TranslationMemory> newer = TranslationMemory::open(dir.path());
  REQUIRE_FALSE(newer.ok());
  CHECK_THAT(newer.status().message(), Catch::Contains("index version 9 is newer"));
}

TEST_CASE(
    "a TM of index version 2 (one duplicate per posting) asks for reindex, which "
    "replaces its posting databases by blocks",
    "[tm]") {
  TempDir dir;
  {
    TranslationMemory tm = open_tm(dir.path());
    add_ok(tm, {en_de("The old cat sleeps.", "Die alte Katze schläft."),
                en_de("The old dog sleeps.", "Der alte Hund schläft.")});
  }
  // What index version 2 left: src_grams and tgt_grams (DUPSORT|DUPFIXED), no blocks.
  {
    detail::EnvOptions options;
    options.dbs = {{"meta", 0},
                   {"src_blocks", 0},
                   {"tgt_blocks", 0},
                   {"src_grams", MDB_DUPSORT | MDB_DUPFIXED},
                   {"tgt_grams", MDB_DUPSORT | MDB_DUPFIXED}};
    options.create_dbs = true;
    Result<detail::Env> env = detail::Env::open(dir.path(), options);
    REQUIRE(env.ok());
    REQUIRE(env->write([&](detail::WriteTxn& txn) -> Status {
                 TMKIT_RETURN_IF_ERROR(
                     txn.put(env->dbi(0), "index_version", std::string("\0\0\0\x02", 4)));
                 TMKIT_RETURN_IF_ERROR(txn.clear(env->dbi(1)));
                 TMKIT_RETURN_IF_ERROR(txn.clear(env->dbi(2)));
                 const std::string posting("\0\x04\0\0\0\0\x01\x01", 8);
                 TMKIT_RETURN_IF_ERROR(txn.put(env->dbi(3), "\x01\x02\x03\x04", posting));
                 return txn.put(env->dbi(4), "\x01\x02\x03\x04", posting);
               })
                .ok());
  }
  const Result<TranslationMemory> refused = TranslationMemory::open(dir.path());
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.status().message(), Catch::Contains("in an older layout") &&
                                             Catch::Contains("index version 2") &&
                                             Catch::Contains("tmkit reindex --tm PATH"));
  reindex_old_tm(dir.path());
  TranslationMemory tm = open_tm(dir.path());
  REQUIRE(tm.check()->clean());
  LookupOptions options;
  options.min_score = 50;
  CHECK(scores(lookup_ok(tm, "The old cat sleeps.", options)) == std::vector<double>{100.0, 80.0});
  // Four of five tokens shared (the full stop is one). The old databases are gone.
  for (const char* legacy : {"src_grams", "tgt_grams"}) {
    detail::EnvOptions options_of_legacy;
    options_of_legacy.read_only = true;
    options_of_legacy.dbs = {{legacy, 0}};
    CHECK_FALSE(detail::Env::open(dir.path(), options_of_legacy).ok());
  }
}

TEST_CASE("compact rewrites the data file and keeps every unit", "[tm]") {
  TempDir dir;
  {
    TranslationMemory tm = open_tm(dir.path());
    std::vector<TranslationUnit> units;
    for (int i = 0; i < 500; ++i) units.push_back(en_de("unit number " + std::to_string(i)));
    add_ok(tm, units);
    RemoveFilter all;
    all.created_before = 1;
    REQUIRE(tm.remove(all).value() == 500);
    add_ok(tm, {en_de("kept")});
  }
  REQUIRE(TranslationMemory::compact(dir.path()).ok());
  TranslationMemory tm = open_tm(dir.path());
  CHECK(testing::unit_count(tm) == 1);
  CHECK(lookup_ok(tm, "kept", {}).size() == 1);
  CHECK_FALSE(std::filesystem::exists(dir / "compact.tmp"));
}

// The deferred index (memory/tm_deferred.hpp): what an import uses.

// 400 English and 400 Chinese units with near neighbours, as in the first test.
std::vector<TranslationUnit> generated_units(Lcg& rng, std::vector<std::string>& sources) {
  std::vector<TranslationUnit> units;
  for (int i = 0; i < 400; ++i) {
    const bool zh = i % 2 == 1;
    const std::string source =
        sources.empty() || rng.below(3) > 0
            ? sentence(rng, zh ? kHan : kWords, !zh, 3, 20)
            : variant(rng, sources[rng.below(sources.size())], zh ? kHan : kWords, !zh);
    sources.push_back(source);
    units.push_back(make_unit(zh ? "zh" : "en", zh ? "en" : "zh", source, "t"));
  }
  return units;
}

// Every lookup returns the scores and best id of a scan of every unit (exhaustive), the
// definition: for exact and fuzzy queries over the given sources.
void expect_lookups_as_scanned(const TranslationMemory& tm, Lcg& rng,
                               const std::vector<std::string>& sources) {
  std::size_t found = 0;
  for (int q = 0; q < 40; ++q) {
    const std::string& base = sources[rng.below(sources.size())];
    const bool zh = static_cast<unsigned char>(base[0]) >= 0x80;
    const std::string query = q % 2 == 0 ? base : variant(rng, base, zh ? kHan : kWords, !zh);
    for (bool stop_at_exact : {false, true}) {
      LookupOptions options;
      options.min_score = 50;
      options.max_results = 5;
      options.stop_at_exact = stop_at_exact;
      const std::vector<Match> indexed = lookup_ok(tm, query, options);
      options.exhaustive = true;
      const std::vector<Match> scanned = lookup_ok(tm, query, options);
      CAPTURE(query, stop_at_exact);
      REQUIRE(scores(indexed) == scores(scanned));
      if (!indexed.empty()) CHECK(indexed[0].id == scanned[0].id);
      found += indexed.empty() ? 0 : 1;
    }
  }
  CHECK(found >= 40);  // the exact queries at least
}

// How many units hold the character `han` in their source, by concordance and by a scan.
std::pair<std::size_t, std::size_t> concordance_count(const TranslationMemory& tm,
                                                      const std::string& han) {
  std::size_t total = 0;
  ConcordanceOptions options;
  options.limit = 1;
  REQUIRE(tm.concordance(han, options, &total).ok());
  std::size_t scanned = 0;
  for (const auto& [id, unit] : testing::all_units(tm)) {
    if (unit.source.find(han) != std::string::npos) ++scanned;
  }
  return {total, scanned};
}

CheckReport check_clean(const TranslationMemory& tm) {
  Result<CheckReport> report = tm.check();
  REQUIRE(report.ok());
  INFO((report->problems.empty() ? std::string() : report->problems.front()));
  REQUIRE(report->clean());
  return *report;
}

// Merges the deferred index; then every unit has all its postings, once, and lookups answer as
// a scan of the units does.
CheckReport merge_and_check(TranslationMemory& tm, Lcg& rng,
                            const std::vector<std::string>& sources) {
  const Status merged = tm.finish_index();
  INFO(merged.message());
  REQUIRE(merged.ok());
  const CheckReport report = check_clean(tm);
  CHECK(report.unindexed_units == 0);
  expect_lookups_as_scanned(tm, rng, sources);
  return report;
}

TEST_CASE("a deferred index answers lookups and concordance before its merge and after", "[tm]") {
  TempDir dir;
  TranslationMemory tm = open_tm(dir.path());
  Lcg rng(7);
  std::vector<std::string> sources;
  add_ok(tm, generated_units(rng, sources));  // indexed in place
  REQUIRE(tm.defer_index().ok());
  std::size_t deferred = 0;
  for (int batch = 0; batch < 3; ++batch)
    deferred += add_ok(tm, generated_units(rng, sources)).added;
  CHECK(std::filesystem::exists(dir / "index-runs"));
  CHECK(check_clean(tm).unindexed_units == deferred);
  expect_lookups_as_scanned(tm, rng, sources);
  const auto before = concordance_count(tm, "王");
  CHECK(before.first == before.second);
  CHECK(before.first > 50);

  REQUIRE(tm.finish_index().ok());
  CHECK(check_clean(tm).unindexed_units == 0);
  CHECK_FALSE(std::filesystem::exists(dir / "index-runs"));
  expect_lookups_as_scanned(tm, rng, sources);
  CHECK(concordance_count(tm, "王") == before);
  CHECK(tm.finish_index().ok());  // nothing deferred: nothing to do
}

TEST_CASE("an index left unmerged by an ended process is merged by the next deferral", "[tm]") {
  TempDir dir;
  Lcg rng(11);
  std::vector<std::string> sources;
  std::size_t added = 0;
  {
    TranslationMemory tm = open_tm(dir.path());
    REQUIRE(tm.defer_index().ok());
    added += add_ok(tm, generated_units(rng, sources)).added;
    added += add_ok(tm, generated_units(rng, sources)).added;
  }  // closed without finish_index(), as a killed import
  TranslationMemory tm = open_tm(dir.path());
  CHECK(check_clean(tm).unindexed_units == added);
  expect_lookups_as_scanned(tm, rng, sources);
  // The next import stores its own units first, and merges both at its end.
  REQUIRE(tm.defer_index().ok());
  added += add_ok(tm, generated_units(rng, sources)).added;
  CHECK(check_clean(tm).unindexed_units == added);
  expect_lookups_as_scanned(tm, rng, sources);
  REQUIRE(tm.finish_index().ok());
  const CheckReport report = check_clean(tm);  // every unit has all its postings, once
  CHECK(report.unindexed_units == 0);
  CHECK_FALSE(std::filesystem::exists(dir / "index-runs"));
  expect_lookups_as_scanned(tm, rng, sources);
}

TEST_CASE("a merge writes a key with more postings than a transaction holds over several", "[tm]") {
  TempDir dir;
  TmOptions options;
  options.merge_postings_per_transaction = 7;  // most keys of 1,200 units span transactions
  TranslationMemory tm = open_tm(dir.path(), options);
  Lcg rng(17);
  std::vector<std::string> sources;
  add_ok(tm, generated_units(rng, sources));  // indexed in place: keys exist before the merge
  REQUIRE(tm.defer_index().ok());
  for (int batch = 0; batch < 3; ++batch) add_ok(tm, generated_units(rng, sources));
  merge_and_check(tm, rng, sources);
}

TEST_CASE("a deferred index in many small runs, each written while the next fills, merges whole",
          "[tm]") {
  TempDir dir;
  TmOptions options;
  options.index_run_postings = 300;
  TranslationMemory tm = open_tm(dir.path(), options);
  Lcg rng(19);
  std::vector<std::string> sources;
  REQUIRE(tm.defer_index().ok());
  std::size_t added = 0;
  for (int batch = 0; batch < 3; ++batch) {
    // Ten units (about 200 postings) per transaction: a run every two transactions or so.
    const std::vector<TranslationUnit> units = generated_units(rng, sources);
    for (std::size_t at = 0; at < units.size(); at += 10) {
      added += add_ok(tm, {units.begin() + static_cast<std::ptrdiff_t>(at),
                           units.begin() + static_cast<std::ptrdiff_t>(at + 10)})
                   .added;
    }
  }
  std::size_t files = 0;
  for (const auto& file : std::filesystem::directory_iterator(dir / "index-runs")) {
    files += file.path().filename().string().starts_with("run") ? 1 : 0;
  }
  CHECK(files > 2 * 40);  // two files (sources, targets) per run
  CHECK(merge_and_check(tm, rng, sources).units == added);
}

TEST_CASE("a run that cannot be written fails the import, whose units the next merge indexes",
          "[tm]") {
  TempDir dir;
  TmOptions options;
  options.index_run_postings = 300;
  Lcg rng(23);
  std::vector<std::string> sources;
  {
    TranslationMemory tm = open_tm(dir.path(), options);
    REQUIRE(tm.defer_index().ok());
    std::filesystem::remove_all(dir / "index-runs");  // every run's files fail to open
    // A run is written on a thread of its own: its failure is reported by the next run or by
    // the merge.
    Status failed = tm.add(generated_units(rng, sources)).status();
    if (failed.ok()) failed = tm.add(generated_units(rng, sources)).status();
    if (failed.ok()) failed = tm.finish_index();
    INFO(failed.message());
    CHECK(failed.code() == StatusCode::kStorage);
    CHECK(failed.message().find("cannot create index run") != std::string::npos);
  }
  // The committed units wait for their postings, which the next deferral rebuilds.
  TranslationMemory tm = open_tm(dir.path(), options);
  const std::size_t stored = check_clean(tm).units;
  CHECK(stored > 0);
  REQUIRE(tm.defer_index().ok());
  REQUIRE(tm.finish_index().ok());
  const CheckReport report = check_clean(tm);
  CHECK(report.units == stored);
  CHECK(report.unindexed_units == 0);
}

TEST_CASE("key_counts counts each distinct key, in first-occurrence or key order", "[tm]") {
  std::mt19937 rng(5);
  // Few tokens (the table on the stack) and many (on the heap), with many repeats, and keys
  // that share their low bits.
  for (const std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{25}, std::size_t{64},
                              std::size_t{65}, std::size_t{3000}}) {
    std::vector<std::uint32_t> keys;
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint32_t pick = rng() % (n / 3 + 1);
      keys.push_back(pick % 2 == 0 ? pick << 16 : pick * 2654435761u);
    }
    std::map<std::uint32_t, std::uint32_t> expected;
    std::vector<std::uint32_t> first_seen;
    for (const std::uint32_t key : keys) {
      if (expected[key]++ == 0) first_seen.push_back(key);
    }
    const detail::KeyCounts in_order = detail::key_counts_in_order(keys);
    REQUIRE(in_order.size() == first_seen.size());
    for (std::size_t i = 0; i < in_order.size(); ++i) {
      CHECK(in_order[i].first == first_seen[i]);
      CHECK(in_order[i].second == expected[first_seen[i]]);
    }
    const detail::KeyCounts sorted = detail::key_counts(keys);
    CHECK(sorted == detail::KeyCounts(expected.begin(), expected.end()));
  }
}

TEST_CASE("a run that failed is reported though the runs after it are written", "[tm]") {
  TempDir dir;
  detail::DeferredIndex deferred;
  deferred.run_postings = 1;  // every take() starts a run
  const auto postings = [](std::uint64_t id) {
    const Result<detail::UnitIndex> index = detail::index_unit(en_de("a red house", "ein Haus"));
    REQUIRE(index.ok());
    detail::PostingBuffer buffer;
    buffer.add(id, *index);
    return buffer;
  };
  deferred.dir = dir / "missing";  // the first run's files fail to open
  REQUIRE(deferred.take(postings(1)).ok());
  deferred.dir = dir.path();  // the next run's would be written
  const Status failed = deferred.take(postings(2));
  INFO(failed.message());
  CHECK(failed.message().find("cannot create index run " + (dir / "missing").string()) !=
        std::string::npos);
}

TEST_CASE("a merge that stopped part-way resumes after the last key it wrote", "[tm]") {
  // Also with keys split over transactions (a transaction of 5 postings).
  TmOptions tm_options;
  tm_options.merge_postings_per_transaction = GENERATE(std::size_t{1} << 21, std::size_t{5});
  TempDir dir;
  Lcg rng(13);
  std::vector<std::string> sources;
  std::size_t complete_entries = 0;
  std::size_t added = 0;
  {
    TranslationMemory tm = open_tm(dir.path(), tm_options);
    REQUIRE(tm.defer_index().ok());
    added = add_ok(tm, generated_units(rng, sources)).added;
    REQUIRE(tm.finish_index().ok());
    complete_entries = check_clean(tm).index_entries;
  }
  {
    // As a merge killed after the source keys up to 0x80000000: meta says so, and the
    // postings of those keys are there (here: all of them, which the resumed merge writes
    // again, and LMDB keeps once).
    detail::EnvOptions options;
    options.dbs = {{"meta", 0}};
    Result<detail::Env> env = detail::Env::open(dir.path(), options);
    REQUIRE(env.ok());
    REQUIRE(env->write([&](detail::WriteTxn& txn) -> Status {
                 TMKIT_RETURN_IF_ERROR(txn.put(env->dbi(0), "unindexed_from", detail::unit_key(1)));
                 return txn.put(env->dbi(0), "index_merged_through", detail::unit_key(0x80000000u));
               })
                .ok());
  }
  TranslationMemory tm = open_tm(dir.path(), tm_options);
  CHECK(check_clean(tm).unindexed_units == added);
  const Status resumed = tm.defer_index();
  INFO(resumed.message());
  REQUIRE(resumed.ok());
  // This import's own units need their postings of every key, those up to the last merged
  // key included; the ended import's only those after it.
  const std::size_t more = add_ok(tm, generated_units(rng, sources)).added;
  REQUIRE(tm.finish_index().ok());
  const CheckReport report = check_clean(tm);  // every unit has all its postings, once
  CHECK(report.unindexed_units == 0);
  CHECK(report.units == added + more);
  CHECK(report.index_entries > complete_entries);
  expect_lookups_as_scanned(tm, rng, sources);
}

TEST_CASE("units replaced later in a deferred import leave no postings behind", "[tm]") {
  TempDir dir;
  TranslationMemory tm = open_tm(dir.path());
  REQUIRE(tm.defer_index().ok());
  TranslationUnit old_unit = en_de("the red house by the river", "das rote Haus");
  old_unit.created = 100;
  add_ok(tm, {old_unit, en_de("a green tree")});
  TranslationUnit new_unit = en_de("the red house by the river", "das rote Haus am Fluss");
  new_unit.created = 200;
  AddOptions newer;
  newer.on_conflict = ConflictPolicy::kPreferNewer;
  REQUIRE(tm.add({new_unit}, newer)->replaced == 1);
  REQUIRE(tm.finish_index().ok());
  check_clean(tm);  // no posting of the replaced unit
  const std::vector<Match> matches = lookup_ok(tm, "the red house by the river", {});
  REQUIRE(matches.size() == 1);
  CHECK(matches[0].unit.target == "das rote Haus am Fluss");
}

}  // namespace
}  // namespace tmkit
