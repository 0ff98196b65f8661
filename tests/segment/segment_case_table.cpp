// Prints how many of the hand-written cases in tests/data/segment pass, per language and per
// category, and lists the failures:
//   segment_case_table [--engine srx|icu] [--srx FILE] [CASE_DIR]
// Not a test (cases_test.cpp is); a report for people comparing rule sets and engines.
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "case_file.hpp"
#include "tmkit/segmenter.hpp"

namespace {

struct Tally {
  int passed = 0;
  int total = 0;
};

std::string cell(const Tally& t) {
  return t.total == 0 ? "-" : std::to_string(t.passed) + "/" + std::to_string(t.total);
}

std::vector<std::string> run_case(const tmkit::Segmenter& segmenter, const std::string& input) {
  std::vector<std::string> out;
  auto segments = segmenter.split(input);
  if (!segments.ok()) return {"<error: " + segments.status().message() + ">"};
  for (const auto& s : *segments) out.push_back(s.text);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  tmkit::SegmenterOptions options;
  std::string dir = TMKIT_TEST_DATA_DIR "/segment";
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--engine" && i + 1 < argc) {
      options.engine = std::string(argv[++i]) == "icu" ? tmkit::SegmenterEngine::kIcu
                                                       : tmkit::SegmenterEngine::kSrx;
    } else if (arg == "--srx" && i + 1 < argc) {
      auto doc = tmkit::read_srx_file(argv[++i]);
      if (!doc.ok()) {
        std::cerr << doc.status().message() << '\n';
        return 1;
      }
      options.srx = std::make_shared<const tmkit::SrxDocument>(std::move(doc).value());
    } else {
      dir = arg;
    }
  }
  const auto cases = tmkit::testing::read_case_dir(dir);
  std::map<std::string, std::map<std::string, Tally>> table;  // lang -> category -> tally
  std::set<std::string> categories;
  std::map<std::string, Tally> by_lang;
  Tally all;
  std::vector<std::string> failures;
  for (const auto& c : cases) {
    const auto segmenter = tmkit::Segmenter::create(*tmkit::LangTag::parse(c.lang), options);
    if (!segmenter.ok()) {
      std::cerr << segmenter.status().message() << '\n';
      return 1;
    }
    const bool pass = run_case(*segmenter, c.input) == c.expected;
    for (Tally* t : {&table[c.lang][c.category], &by_lang[c.lang], &all}) {
      t->passed += pass ? 1 : 0;
      ++t->total;
    }
    categories.insert(c.category);
    if (!pass)
      failures.push_back(c.lang + ".cases:" + std::to_string(c.line) + " [" + c.category + "] " +
                         c.input);
  }
  std::cout << "| lang |";
  for (const auto& category : categories) std::cout << ' ' << category << " |";
  std::cout << " all |\n|---|";
  for (std::size_t i = 0; i <= categories.size(); ++i) std::cout << "---|";
  std::cout << '\n';
  for (const auto& [lang, row] : table) {
    std::cout << "| " << lang << " |";
    for (const auto& category : categories) {
      const auto found = row.find(category);
      std::cout << ' ' << (found == row.end() ? "-" : cell(found->second)) << " |";
    }
    std::cout << ' ' << cell(by_lang[lang]) << " |\n";
  }
  std::cout << "\nall languages: " << cell(all) << " cases pass\n";
  for (const auto& f : failures) std::cout << "FAIL " << f << '\n';
  return 0;
}
