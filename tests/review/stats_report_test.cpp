#include "tmkit/review/stats_report.hpp"

#include <catch2/catch.hpp>
#include <sstream>
#include <string>

#include "temp_dir.hpp"

using tmkit::TranslationMemory;
using tmkit::TranslationUnit;

namespace {

TranslationUnit unit(const std::string& source, const std::string& target,
                     const std::string& document, std::optional<double> confidence,
                     const char* tgt_lang = "en") {
  TranslationUnit u;
  u.src_lang = *tmkit::LangTag::parse("zh");
  u.tgt_lang = *tmkit::LangTag::parse(tgt_lang);
  u.source = source;
  u.target = target;
  u.provenance.document = document;
  u.provenance.confidence = confidence;
  return u;
}

}  // namespace

TEST_CASE("stats report counts pairs, documents, confidences, duplicates, conflicts", "[review]") {
  tmkit::testing::TempDir dir;
  auto tm = TranslationMemory::open(dir / "tm");
  REQUIRE(tm.ok());
  REQUIRE(tm->add({unit("一", "one", "a.txt", 0.95), unit("二", "two", "a.txt", 0.05),
                   unit("二", "deux", "b.txt", std::nullopt, "fr"),
                   unit("三", "three", "b.txt", 1.0), unit("三", "Three!", "c.txt", 0.55)})
              .ok());
  REQUIRE(tm->add({unit("一", "one", "a.txt", 0.95), unit("一", "one", "a.txt", 0.95)}).ok());
  const auto report = tmkit::review::collect_tm_report(*tm, "my.tm");
  REQUIRE(report.ok());
  CHECK(report->stats.units == 5);
  REQUIRE(report->documents.size() == 3);
  CHECK(report->documents[0] == std::pair<std::string, std::size_t>("a.txt", 2));
  CHECK(report->documents[1] == std::pair<std::string, std::size_t>("b.txt", 2));
  CHECK(report->documents[2] == std::pair<std::string, std::size_t>("c.txt", 1));
  CHECK(report->confidence_bins[0] == 1);  // 0.05
  CHECK(report->confidence_bins[5] == 1);  // 0.55
  CHECK(report->confidence_bins[9] == 2);  // 0.95 and 1.0
  CHECK(report->without_confidence == 1);
  CHECK(report->duplicated_units == 1);  // 一/one, added three times
  CHECK(report->duplicate_adds == 2);
  CHECK(report->conflict_count == 1);  // 三 with two English targets; 二 is zh-en and zh-fr

  std::ostringstream json;
  REQUIRE(tmkit::review::write_stats_json(json, *report).ok());
  CHECK(json.str().find("\"confidence_histogram\":[1,0,0,0,0,1,0,0,0,2]") != std::string::npos);
  CHECK(json.str().find("\"pairs\":[{\"src_lang\":\"zh\",\"tgt_lang\":\"en\",\"units\":4},"
                        "{\"src_lang\":\"zh\",\"tgt_lang\":\"fr\",\"units\":1}]") !=
        std::string::npos);

  std::ostringstream html;
  REQUIRE(tmkit::review::write_stats_html(html, *report).ok());
  CHECK(html.str().find("<svg") != std::string::npos);
  CHECK(html.str().find("<title>0.9: 2 units</title>") != std::string::npos);
  CHECK(html.str().find("<script") == std::string::npos);
  CHECK(html.str().find("http://") == html.str().find("http://www.w3.org/2000/svg"));
}
