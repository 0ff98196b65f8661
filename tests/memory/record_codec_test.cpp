#include "record_codec.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace tmkit {
namespace {

TranslationUnit full_unit() {
  TranslationUnit unit;
  unit.src_lang = LangTag::parse("zh-Hans-CN").value();
  unit.tgt_lang = LangTag::parse("en").value();
  unit.source = "朱国贤：我们开始吧。";
  unit.target = std::string("with a \0 byte", 13);
  unit.created = -42;  // before the epoch: the sign must survive
  unit.provenance = {"doc.txt", "3-4", "3", 0.1, "2-1", "Speaker", "tmkit align"};
  unit.props = {{"type", "value"}, {"", ""}};
  unit.notes = {"one", "", "三"};
  return unit;
}

TEST_CASE("a unit record round-trips every field", "[tm]") {
  TranslationUnit unit = full_unit();
  SECTION("with a confidence") {}
  SECTION("without a confidence, props or notes") {
    unit.provenance.confidence.reset();
    unit.props.clear();
    unit.notes.clear();
  }
  const Result<TranslationUnit> decoded = detail::decode_unit(detail::encode_unit(unit));
  INFO(decoded.status().message());
  REQUIRE(decoded.ok());
  CHECK(*decoded == unit);
}

TEST_CASE("decoding through a tag cache gives the tags of each record, past its size", "[tm]") {
  // More distinct tags than the cache holds, revisited, so that hits, misses and evictions
  // all happen: every record must still decode to its own tags.
  const std::vector<std::string> tags = {"en",    "de-DE", "fr", "fr-CA", "zh-Hans-CN", "ja",
                                         "pt-BR", "es",    "it", "nl",    "sv",         "ko"};
  REQUIRE(tags.size() > detail::TagCache::kSize);
  detail::TagCache cache;
  for (int round = 0; round < 3; ++round) {
    for (std::size_t i = 0; i < tags.size(); ++i) {
      TranslationUnit unit = full_unit();
      unit.src_lang = LangTag::parse(tags[i]).value();
      unit.tgt_lang =
          LangTag::parse(tags[(i * 5 + static_cast<std::size_t>(round)) % tags.size()]).value();
      const Result<TranslationUnit> decoded =
          detail::decode_unit(detail::encode_unit(unit), &cache);
      REQUIRE(decoded.ok());
      CHECK(decoded->src_lang.str() == unit.src_lang.str());
      CHECK(decoded->tgt_lang.str() == unit.tgt_lang.str());
      CHECK(*decoded == unit);
    }
  }
  CHECK(cache.tags.size() == detail::TagCache::kSize);
}

TEST_CASE("every truncation of a unit record is reported as corrupt", "[tm]") {
  const std::string record = detail::encode_unit(full_unit());
  for (std::size_t size = 0; size < record.size(); ++size) {
    const Result<TranslationUnit> decoded = detail::decode_unit(record.substr(0, size));
    CAPTURE(size);
    REQUIRE_FALSE(decoded.ok());
    CHECK(decoded.status().code() == StatusCode::kStorage);
  }
}

TEST_CASE("corrupt unit records fail with kStorage instead of reading past the end", "[tm]") {
  std::string record = detail::encode_unit(full_unit());
  SECTION("trailing bytes") { record += "x"; }
  SECTION("an unknown record version") { record[0] = 9; }
  SECTION("a string length far beyond the record") {
    record[1] = '\xff';
    record[4] = '\x7f';
  }
  SECTION("an invalid language tag") {
    record = detail::encode_unit(TranslationUnit{});  // empty tags cannot be parsed back
  }
  const Result<TranslationUnit> decoded = detail::decode_unit(record);
  REQUIRE_FALSE(decoded.ok());
  CHECK(decoded.status().code() == StatusCode::kStorage);
  CHECK_THAT(decoded.status().message(), Catch::Contains("corrupt unit record"));
}

TEST_CASE("unit keys are big-endian so byte order is id order", "[tm]") {
  CHECK(detail::unit_key(1) == std::string("\0\0\0\0\0\0\0\1", 8));
  CHECK(detail::unit_key(0x0102030405060708u) == "\x01\x02\x03\x04\x05\x06\x07\x08");
  CHECK(detail::unit_key(255) < detail::unit_key(256));
  CHECK(detail::parse_unit_key(detail::unit_key(123456789)).value() == 123456789);
  CHECK(detail::parse_unit_key("short").status().code() == StatusCode::kStorage);
}

}  // namespace
}  // namespace tmkit
