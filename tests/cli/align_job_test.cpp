#include "align_job.hpp"

#include <catch2/catch.hpp>

using tmkit::Bead;
using tmkit::LangTag;
using tmkit::Segment;
using tmkit::cli::AlignedDocument;

namespace {

Segment segment(std::string text, std::string speaker = "") {
  Segment s;
  s.text = std::move(text);
  s.speaker = std::move(speaker);
  return s;
}

}  // namespace

TEST_CASE("presplit input keeps every line as one segment, numbered by line", "[cli]") {
  const auto segments = tmkit::cli::presplit_lines("first\r\n\nthird\nfourth\n");
  REQUIRE(segments.size() == 4);
  CHECK(segments[0].text == "first");
  CHECK(segments[1].text.empty());
  CHECK(segments[2].text == "third");
  CHECK(segments[3].text == "fourth");
  CHECK(segments[2].bytes == tmkit::Span{8, 13});
  CHECK(tmkit::cli::presplit_lines("no final newline").size() == 1);
  CHECK(tmkit::cli::presplit_lines("").empty());
}

TEST_CASE("bead sides are joined with a space except in Chinese and Japanese", "[cli]") {
  const std::vector<Segment> en = {segment("One."), segment("Two."), segment("Three.")};
  const std::vector<Segment> zh = {segment("一。"), segment("二。")};
  CHECK(tmkit::cli::join_segments(en, 1, 2, *LangTag::parse("en")) == "Two. Three.");
  CHECK(tmkit::cli::join_segments(zh, 0, 2, *LangTag::parse("zh-CN")) == "一。二。");
}

TEST_CASE("only beads with both sides and enough confidence become units", "[cli]") {
  AlignedDocument doc;
  doc.src = {segment("朱国贤：", "朱国贤"), segment("谢谢。", "朱国贤"), segment("广告")};
  doc.tgt = {segment("Zhu Guoxian:", "Zhu Guoxian"), segment("Thank"), segment("you.")};
  doc.beads = {Bead{0, 1, 0, 1, 0.95}, Bead{1, 1, 1, 2, 0.7}, Bead{2, 1, 3, 0, 0.1}};
  tmkit::cli::UnitInfo info{*LangTag::parse("zh-CN"), *LangTag::parse("en-US"), "a.zh.txt",
                            1631750400, 0.5};
  const auto units = tmkit::cli::beads_to_units(doc, info);
  REQUIRE(units.size() == 2);
  CHECK(units[1].source == "谢谢。");
  CHECK(units[1].target == "Thank you.");
  CHECK(units[1].provenance.src_position == "1");
  CHECK(units[1].provenance.tgt_position == "1-2");
  CHECK(units[1].provenance.bead == "1-2");
  CHECK(units[1].provenance.speaker == "朱国贤");
  CHECK(units[1].provenance.document == "a.zh.txt");
  CHECK(units[1].created == 1631750400);
  CHECK(units[1].src_lang.str() == "zh-CN");

  info.min_confidence = 0.8;
  const auto confident = tmkit::cli::beads_to_units(doc, info);
  REQUIRE(confident.size() == 1);
  CHECK(confident[0].target == "Zhu Guoxian:");
}
