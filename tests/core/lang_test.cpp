#include "tmkit/lang.hpp"

#include <catch2/catch.hpp>

using tmkit::LangTag;

TEST_CASE("language tags are normalised to BCP 47 case and separators", "[lang]") {
  const auto [input, expected] = GENERATE(table<const char*, const char*>({
      {"zh_CN", "zh-CN"},
      {"ZH-cn", "zh-CN"},
      {"zh-hans-cn", "zh-Hans-CN"},
      {"EN", "en"},
      {"en-us", "en-US"},
      {"es-419", "es-419"},
      {"x-Klingon", "x-klingon"},
      {"de-CH-1901", "de-CH-1901"},
  }));
  const auto tag = LangTag::parse(input);
  REQUIRE(tag.ok());
  CHECK(tag->str() == expected);
}

TEST_CASE("malformed language tags are rejected", "[lang]") {
  const auto* input = GENERATE("", "-", "z", "zh--CN", "zh-CN-", "中文", "zh-toolongsubtag", "e1");
  const auto tag = LangTag::parse(input);
  CHECK_FALSE(tag.ok());
  CHECK(tag.status().code() == tmkit::StatusCode::kInvalidInput);
}

TEST_CASE("same_language compares primary subtags only", "[lang]") {
  const LangTag zh_cn = *LangTag::parse("zh-CN");
  const LangTag zh_tw = *LangTag::parse("zh-TW");
  const LangTag en = *LangTag::parse("en");
  CHECK(zh_cn.same_language(zh_tw));
  CHECK_FALSE(zh_cn == zh_tw);
  CHECK_FALSE(zh_cn.same_language(en));
  CHECK(zh_tw.language() == "zh");
}
