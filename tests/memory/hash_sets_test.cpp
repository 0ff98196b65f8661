// The in-memory hash sets of add(): HashSet against std::unordered_set, and the growing Bloom
// filter's promises (no false negatives across generations, few false positives, bounded size).
#include "hash_sets.hpp"

#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <unordered_set>

#include "record_codec.hpp"
#include "tm_store.hpp"

using tmkit::detail::GrowingBloomFilter;
using tmkit::detail::hash_value;
using tmkit::detail::HashSet;

TEST_CASE("hash_value reads a hash key big-endian", "[hash_sets]") {
  CHECK(hash_value(tmkit::detail::unit_key(0x0102030405060708u)) == 0x0102030405060708u);
  CHECK(hash_value(std::string(8, '\xff')) == std::numeric_limits<std::uint64_t>::max());
}

TEST_CASE("hash_key is 64-bit FNV-1a, as the hashes stored in TMs are", "[hash_sets]") {
  using tmkit::detail::hash_key;
  using tmkit::detail::unit_key;
  // The published FNV-1a test vectors.
  CHECK(hash_key("") == unit_key(0xcbf29ce484222325u));
  CHECK(hash_key("a") == unit_key(0xaf63dc4c8601ec8cu));
  CHECK(hash_key("foobar") == unit_key(0x85944171f73967e8u));
  // prepare_unit hashes the source key and goes on with the rest of the dedupe key.
  tmkit::TranslationUnit unit;
  unit.src_lang = tmkit::LangTag::parse("en").value();
  unit.tgt_lang = tmkit::LangTag::parse("de").value();
  unit.source = "The  harbour.";
  unit.target = "Der Hafen.";
  const auto prepared = tmkit::detail::prepare_unit(unit);
  REQUIRE(prepared.ok());
  CHECK(prepared->source_hash == hash_key(tmkit::detail::source_key_of(unit).value()));
  CHECK(prepared->dedupe_hash == hash_key(tmkit::detail::dedupe_key_of(unit).value()));
  CHECK(prepared->source_hash == hash_key(std::string("en\0de\0The harbour.", 18)));
}

TEST_CASE("HashSet holds what std::unordered_set holds", "[hash_sets]") {
  std::mt19937_64 random(7);
  HashSet set;
  std::unordered_set<std::uint64_t> model;
  // Small values collide often in the set's slots; the extremes are its special cases.
  const auto draw = [&]() -> std::uint64_t {
    switch (random() % 4) {
      case 0:
        return random() % 64;
      case 1:
        return std::numeric_limits<std::uint64_t>::max() - random() % 2;
      default:
        return random() % 200000;
    }
  };
  for (int i = 0; i < 100000; ++i) {
    const std::uint64_t value = draw();
    if (random() % 2 == 0) {
      REQUIRE(set.insert(value) == model.insert(value).second);
    } else {
      REQUIRE(set.contains(value) == model.contains(value));
    }
  }
  CHECK(set.size() == model.size());
  for (const std::uint64_t value : model) CHECK(set.contains(value));
}

TEST_CASE("a growing Bloom filter never forgets and rarely errs", "[hash_sets]") {
  std::mt19937_64 random(11);
  GrowingBloomFilter filter;
  CHECK_FALSE(filter.may_contain(42));
  // Past the first generation's million, into the third.
  constexpr std::size_t kInserted = 2500000;
  std::vector<std::uint64_t> inserted(kInserted);
  std::unordered_set<std::uint64_t> members;
  for (std::uint64_t& value : inserted) {
    value = random();
    members.insert(value);
    filter.insert(value);
  }
  CHECK(filter.size() == kInserted);
  std::size_t missed = 0;
  for (const std::uint64_t value : inserted) missed += filter.may_contain(value) ? 0 : 1;
  CHECK(missed == 0);
  // FNV-1a hashes of similar keys differ in few bits: sequential values stand in for them.
  std::size_t false_positives = 0;
  std::size_t tried = 0;
  for (std::uint64_t value = 1; tried < 1000000; ++value) {
    if (members.contains(value)) continue;
    ++tried;
    false_positives += filter.may_contain(value) ? 1 : 0;
  }
  // About 1% for each of three generations.
  CHECK(false_positives < tried * 4 / 100);
  // About 10 bits a hash of capacity: 1 + 2 + 4 million here.
  CHECK(filter.bytes() * 8 < 7500000 * 11);
}
