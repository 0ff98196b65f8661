// Every file of ../shared/data/formats: valid files import, invalid ones are rejected naming the
// file and the line, and whatever imports survives a write and a second read.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "formats_test_util.hpp"
#include "test_paths.hpp"
#include "tmkit/formats/text_file.hpp"
#include "tmkit/formats/tmx.hpp"
#include "tmkit/formats/xliff.hpp"

namespace {

using tmkit::TranslationUnit;
using tmkit::testing::code;

// The intentionally broken inputs the folder's README lists.
bool invalid_sample(const std::filesystem::path& path) {
  const std::string name = path.filename().string();
  return name.find("-invalid-") != std::string::npos || name == "omegat-invalid.tmx";
}

std::vector<std::filesystem::path> samples() {
  std::vector<std::filesystem::path> out;
  const auto root = tmkit::testing::shared_dir() / "data" / "formats";
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (entry.is_regular_file() && entry.path().extension() != ".md") out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The inline codes' kinds and natives: what a round trip through another syntax keeps.
std::vector<std::pair<tmkit::InlineCode::Kind, std::string>> kinds(
    const std::vector<tmkit::InlineCode>& codes) {
  std::vector<std::pair<tmkit::InlineCode::Kind, std::string>> out;
  for (const auto& c : codes) out.emplace_back(c.kind, c.native);
  return out;
}

}  // namespace

TEST_CASE("Every valid sample file imports and every rejected invalid one names file and line",
          "[samples]") {
  std::size_t valid = 0;
  std::size_t invalid = 0;
  std::size_t rejected = 0;
  std::vector<std::string> imported;
  for (const auto& path : samples()) {
    INFO(path.string());
    const auto result = tmkit::read_units(path, {});
    if (!invalid_sample(path)) {
      ++valid;
      INFO(result.status().message());
      CHECK(result.ok());
      continue;
    }
    ++invalid;
    if (result.ok()) {
      imported.push_back(path.filename().string());
      continue;
    }
    ++rejected;
    const std::string message = result.status().message();
    CHECK(message.find(path.filename().string() + ": line ") != std::string::npos);
  }
  CHECK(valid == 106);
  CHECK(invalid == 163);
  // omegat-invalid.tmx and the OASIS suite's invalid files, each for a rule of xliff2_check.cpp
  // or xliff2_rules.cpp.
  CHECK(rejected == 163);
  CHECK(imported.empty());
}

TEST_CASE("Every imported sample survives TMX and XLIFF writing with its text and codes",
          "[samples]") {
  for (const auto& path : samples()) {
    if (invalid_sample(path)) continue;
    auto read = tmkit::read_units(path, {});
    if (!read.ok() || read->empty()) continue;
    INFO(path.string());
    const std::vector<TranslationUnit>& units = *read;
    tmkit::TmxWriteOptions tmx_options;
    tmx_options.creation_date = 1700000000;
    std::ostringstream tmx;
    REQUIRE(tmkit::write_tmx(tmx, units, tmx_options).ok());
    // A multilingual TMX reads back as the same pairs, in the same order, for the first pair's
    // source language (TMX units carry their own srclang when it differs).
    const auto back = tmkit::parse_tmx(tmx.str(), "round-trip.tmx");
    INFO(back.status().message());
    REQUIRE(back.ok());
    REQUIRE(back->size() == units.size());
    for (std::size_t i = 0; i < units.size(); ++i) {
      CHECK((*back)[i].source == units[i].source);
      CHECK((*back)[i].target == units[i].target);
      CHECK((*back)[i].src_lang == units[i].src_lang);
      CHECK((*back)[i].tgt_lang == units[i].tgt_lang);
      CHECK((*back)[i].notes == units[i].notes);
      CHECK((*back)[i].props == units[i].props);
      CHECK(kinds((*back)[i].source_codes) == kinds(units[i].source_codes));
      CHECK(kinds((*back)[i].target_codes) == kinds(units[i].target_codes));
    }
  }
}

TEST_CASE("Real samples with hand-counted units", "[samples]") {
  const auto root = tmkit::testing::shared_dir() / "data" / "formats";
  SECTION("locize sc/ec paired by rid: 1 unit, the two codes one pair") {
    const auto units = tmkit::read_units(
        root / "xliff2" / "locize-inline-elements_example_generic-span-start-end.xliff", {});
    REQUIRE(units.ok());
    REQUIRE(units->size() == 1);
    CHECK((*units)[0].source ==
          "This is \n          " + code(0) + "bold\n          " + code(1) + " text\n        ");
    REQUIRE((*units)[0].source_codes.size() == 2);
    CHECK((*units)[0].source_codes[0].id == "b1");
    CHECK((*units)[0].source_codes[1].id == "b1");
  }
  SECTION("source-only XLIFF 2 (no trgLang): imports with no unit and says why") {
    tmkit::ReadReport report;
    const auto units = tmkit::read_units(
        root / "xliff2-tc-suite" / "xliff21-ts" / "core-valid-sourceOnly.xlf", {}, &report);
    REQUIRE(units.ok());
    CHECK(units->empty());
    REQUIRE(report.messages.size() == 1);
    CHECK(report.messages[0].find("trgLang") != std::string::npos);
  }
  SECTION("OASIS invalid: an <ec> before its <sc> is rejected at its line") {
    const auto units = tmkit::read_units(
        root / "xliff2-tc-suite" / "xliff21-ts" / "core-invalid-bad_EcBeforeSc.xlf", {});
    REQUIRE_FALSE(units.ok());
    CHECK(units.status().message().find("core-invalid-bad_EcBeforeSc.xlf: line ") !=
          std::string::npos);
  }
}

TEST_CASE("Readers report the language tags they normalise, once each", "[samples]") {
  const std::string tmx =
      "<tmx version=\"1.4\"><header srclang=\"zh_CN\"/><body>"
      "<tu><tuv xml:lang=\"zh_CN\"><seg>你好</seg></tuv><tuv "
      "xml:lang=\"EN\"><seg>Hello</seg></tuv></tu>"
      "<tu><tuv xml:lang=\"zh_CN\"><seg>再见</seg></tuv><tuv "
      "xml:lang=\"zh-Hant-TW\"><seg>再見</seg></tuv></tu>"
      "</body></tmx>";
  tmkit::ReadReport report;
  const auto units = tmkit::parse_tmx(tmx, "tags.tmx", {}, &report);
  REQUIRE(units.ok());
  REQUIRE(units->size() == 2);
  CHECK((*units)[0].src_lang.str() == "zh-CN");
  CHECK((*units)[1].tgt_lang.str() == "zh-Hant-TW");  // script and region kept
  const std::vector<std::pair<std::string, std::string>> expected = {{"zh_CN", "zh-CN"},
                                                                     {"EN", "en"}};
  CHECK(report.normalised_langs == expected);
}

TEST_CASE("Streaming a TMX in small pieces gives what reading it whole gives", "[samples]") {
  std::vector<std::filesystem::path> files;
  for (const auto& path : samples()) {
    if (path.extension() == ".tmx") files.push_back(path);
  }
  files.push_back(tmkit::testing::test_data_dir() / "formats" / "tmx_malformed.tmx");
  files.push_back(tmkit::testing::test_data_dir() / "formats" / "tmx_inline.tmx");
  for (const auto& path : files) {
    INFO(path.string());
    tmkit::ReadReport whole_report;
    const auto whole = tmkit::read_tmx(path, {}, &whole_report);
    for (const auto& [piece, threads] : std::vector<std::pair<std::size_t, std::size_t>>{
             {64, 1}, {1000, 1}, {std::size_t{1} << 20, 1}, {64, 3}, {1000, 2}}) {
      INFO(piece << "-byte pieces, " << threads << " threads");
      std::vector<TranslationUnit> streamed;
      std::size_t calls = 0;
      tmkit::ReadReport report;
      const tmkit::Status status = tmkit::stream_tmx(
          path, {},
          [&](std::vector<TranslationUnit>&& units) {
            ++calls;
            for (auto& unit : units) streamed.push_back(std::move(unit));
            return tmkit::Status();
          },
          &report, piece, threads);
      if (!whole.ok()) {
        REQUIRE_FALSE(status.ok());
        CHECK(status.message() == whole.status().message());
        continue;
      }
      INFO(status.message());
      REQUIRE(status.ok());
      CHECK(streamed == *whole);
      CHECK(report.units == whole_report.units);
      CHECK(report.skipped == whole_report.skipped);
      CHECK(report.messages == whole_report.messages);
      CHECK(report.normalised_langs == whole_report.normalised_langs);
    }
  }
}

TEST_CASE("A character reference beyond U+10FFFF is an error naming the file and line",
          "[samples]") {
  // The two inputs of fuzz/pending (fuzz_tmx and fuzz_xliff), minimised by hand there.
  const auto tmx = tmkit::parse_tmx(
      "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"en\"/><body><tu><tuv "
      "xml:lang=\"en\"><seg>a</seg></tuv><tuv xml:lang=\"de\"><seg>&#x110000;</seg></tuv></tu>"
      "</body></tmx>",
      "ref.tmx");
  REQUIRE_FALSE(tmx.ok());
  CHECK(tmx.status().code() == tmkit::StatusCode::kInvalidInput);
  CHECK(tmx.status().message().find("ref.tmx: line 2: <tu>") != std::string::npos);
  const auto xliff = tmkit::parse_xliff(
      "<?xml version=\"1.0\"?>\n<xliff version=\"1.2\"><file source-language=\"en\" "
      "target-language=\"de\" datatype=\"plaintext\" original=\"x\"><body><trans-unit "
      "id=\"1\"><source>a</source><target>&#x110000;</target></trans-unit></body></file></xliff>",
      "ref.xlf");
  REQUIRE_FALSE(xliff.ok());
  CHECK(xliff.status().code() == tmkit::StatusCode::kInvalidInput);
  CHECK(xliff.status().message().find("ref.xlf: line 2: ") != std::string::npos);
}
