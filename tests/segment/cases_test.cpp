// The hand-written cases of tests/data/segment/*.cases, run through the built-in SRX rules.
#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "case_file.hpp"
#include "test_paths.hpp"
#include "tmkit/segmenter.hpp"

namespace {

std::vector<std::string> texts_of(const tmkit::Segmenter& segmenter, const std::string& input) {
  auto segments = segmenter.split(input);
  REQUIRE(segments.ok());
  std::vector<std::string> out;
  for (const auto& s : *segments) out.push_back(s.text);
  return out;
}

const std::vector<tmkit::testing::SegmentCase>& all_cases() {
  static const auto cases =
      tmkit::testing::read_case_dir(tmkit::testing::test_data_dir() / "segment");
  return cases;
}

}  // namespace

TEST_CASE("built-in rules segment every hand-written case as expected", "[segment]") {
  REQUIRE(all_cases().size() > 150);
  std::map<std::string, tmkit::Segmenter> segmenters;
  for (const auto& c : all_cases()) {
    if (!segmenters.contains(c.lang)) {
      auto created = tmkit::Segmenter::create(*tmkit::LangTag::parse(c.lang));
      REQUIRE(created.ok());
      CHECK(created->warnings().empty());
      segmenters.emplace(c.lang, std::move(created).value());
    }
    CAPTURE(c.lang, c.line, c.category, c.input);
    const auto actual = texts_of(segmenters.at(c.lang), c.input);
    if (c.known_failure.empty()) {
      CHECK(actual == c.expected);
    } else {
      // A documented miss: if it starts passing, remove its "! " line.
      CAPTURE(c.known_failure);
      CHECK(actual != c.expected);
    }
  }
}

TEST_CASE("the case files cover zh, en and eight more languages in every category", "[segment]") {
  std::map<std::string, std::set<std::string>> categories;
  for (const auto& c : all_cases()) {
    categories[c.lang].insert(c.category);
    CHECK_FALSE(c.expected.empty());
  }
  for (const char* lang : {"zh", "en", "ja", "de", "fr", "es", "it", "ru", "pt", "nl"}) {
    CAPTURE(lang);
    REQUIRE(categories.contains(lang));
    CHECK(categories[lang].size() >= 5);
  }
  for (const char* category : {"abbreviations", "initials", "numbers", "ellipses", "quotations",
                               "lists", "urls-email", "parentheses", "questions"}) {
    CAPTURE(category);
    CHECK(categories["en"].contains(category));
  }
  for (const char* category : {"cjk-punctuation", "titles", "lists", "quotations", "ellipses"}) {
    CAPTURE(category);
    CHECK(categories["zh"].contains(category));
  }
}
