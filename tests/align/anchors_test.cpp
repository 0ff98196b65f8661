#include "anchors.hpp"

#include <algorithm>
#include <catch2/catch.hpp>

namespace {

using tmkit::detail::AnchorId;
using tmkit::detail::AnchorKind;
using tmkit::detail::extract_anchors;
using tmkit::detail::number_anchor;
using tmkit::detail::parse_chinese_numeral;

bool has(const std::vector<AnchorId>& anchors, AnchorId id) {
  return std::find(anchors.begin(), anchors.end(), id) != anchors.end();
}

std::size_t count_kind(const std::vector<AnchorId>& anchors, AnchorKind kind) {
  return static_cast<std::size_t>(std::count_if(anchors.begin(), anchors.end(), [&](AnchorId id) {
    return tmkit::detail::anchor_kind(id) == kind;
  }));
}

}  // namespace

TEST_CASE("Chinese numerals are read as the numbers they write", "[align]") {
  CHECK(parse_chinese_numeral(U"二十一") == 21u);
  CHECK(parse_chinese_numeral(U"十二") == 12u);  // a bare 十 is one ten
  CHECK(parse_chinese_numeral(U"三千") == 3000u);
  CHECK(parse_chinese_numeral(U"二〇二一") == 2021u);  // digit by digit: a year
  CHECK(parse_chinese_numeral(U"一百零五") == 105u);
  CHECK(parse_chinese_numeral(U"一万二千") == 12000u);
  CHECK(parse_chinese_numeral(U"一亿三千万") == 130000000u);
  CHECK_FALSE(parse_chinese_numeral(U"").has_value());
  CHECK_FALSE(parse_chinese_numeral(U"二十个").has_value());
}

TEST_CASE("numbers in Chinese and Arabic digits give the same anchor", "[align]") {
  CHECK(has(extract_anchors("今年有八十多人参加。"), number_anchor(80)));
  CHECK(has(extract_anchors("增长了百分之五。"), number_anchor(5)));
  CHECK(has(extract_anchors("二〇二一年"), number_anchor(2021)));
  CHECK(has(extract_anchors("Rund 1,000 Menschen"), number_anchor(1000)));
  CHECK(has(extract_anchors("environ 1 000 personnes"), number_anchor(1000)));
  CHECK(has(extract_anchors("２１个国家"), number_anchor(21)));  // full-width digits
}

TEST_CASE("common words that contain numeral characters are not numbers", "[align]") {
  CHECK(count_kind(extract_anchors("他是一个好人。"), AnchorKind::kNumber) == 0);
  CHECK(count_kind(extract_anchors("百姓都来了。"), AnchorKind::kNumber) == 0);
  CHECK(count_kind(extract_anchors("万物都是他造的。"), AnchorKind::kNumber) == 0);
}

TEST_CASE("Latin names and acronyms are anchors, sentence-initial words are not", "[align]") {
  const auto zh = extract_anchors("WIC大会由GSMA主办，Piola也来了。");
  const auto en = extract_anchors("The WIC was hosted by GSMA, and Piola came too.");
  CHECK(count_kind(zh, AnchorKind::kToken) == 3);
  // "The" starts the sentence and says nothing; "WIC", "GSMA", "Piola" match the zh side.
  CHECK(count_kind(en, AnchorKind::kToken) == 3);
  for (AnchorId id : zh) CHECK(has(en, id));
  CHECK(extract_anchors("the weather is fine").empty());
}

TEST_CASE("ASCII and full-width question marks are the same anchor", "[align]") {
  const auto zh = extract_anchors("你好吗？");
  const auto en = extract_anchors("How are you?");
  REQUIRE(zh.size() == 1);
  CHECK(zh == en);
}
