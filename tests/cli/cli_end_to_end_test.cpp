// The tmkit binary on the bundled example, as a user runs it.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "run_tmkit.hpp"
#include "test_paths.hpp"
#include "tmkit/formats/tmx.hpp"
#include "tmkit/formats/xliff.hpp"

using tmkit::TranslationUnit;
using tmkit::testing::run_tmkit;
using tmkit::testing::TempDir;

namespace {

std::string example(const std::string& name) {
  return (tmkit::testing::source_dir() / "examples" / "briefing" / name).string();
}

// Aligns the example into `tm` and fails the test if tmkit does not succeed.
void align_example_into(const std::string& tm, const TempDir& scratch) {
  const auto result = run_tmkit({"align", example("briefing.zh.txt"), example("briefing.en.txt"),
                                 "--src-lang", "zh-CN", "--tgt-lang", "en-US", "--format", "tsv",
                                 "-o", (scratch / "pairs.tsv").string(), "--tm", tm},
                                scratch);
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
}

std::vector<TranslationUnit> export_tmx(const std::string& tm, const std::string& file,
                                        const TempDir& scratch) {
  const auto result = run_tmkit({"export", "--tm", tm, "--format", "tmx", "-o", file}, scratch);
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  auto units = tmkit::read_tmx(file);
  REQUIRE(units.ok());
  return *units;
}

const TranslationUnit* find_by_source(const std::vector<TranslationUnit>& units,
                                      const std::string& source) {
  for (const auto& unit : units) {
    if (unit.source == source) return &unit;
  }
  return nullptr;
}

int xmllint(const std::string& schema_option, const std::string& schema, const std::string& file) {
  const auto schemas = tmkit::testing::shared_dir() / "schemas";
  const std::string command = "XML_CATALOG_FILES='" + (schemas / "catalog.xml").string() +
                              "' xmllint --nonet --noout " + schema_option + " '" +
                              (schemas / schema).string() + "' '" + file + "' 2>&1";
  return std::system(command.c_str());
}

}  // namespace

TEST_CASE("aligning the example briefing stores its sentence pairs with provenance", "[cli]") {
  TempDir scratch;
  const std::string tm = (scratch / "briefing.tm").string();
  align_example_into(tm, scratch);
  const auto units = export_tmx(tm, (scratch / "out.tmx").string(), scratch);

  const auto* question = find_by_source(units, "大家都知道，浙江正在全面推进数字化改革。");
  REQUIRE(question != nullptr);
  CHECK(question->target == "We all know that Zhejiang is fully advancing digitalization reform.");
  CHECK(question->provenance.speaker == "香港经济导报记者");
  CHECK(question->provenance.document == "briefing.zh.txt");

  const auto* label = find_by_source(units, "朱国贤：");
  REQUIRE(label != nullptr);
  CHECK(label->target == "Zhu Guoxian:");

  // One Chinese sentence that the English splits in two: a 1-2 bead.
  const auto* split =
      find_by_source(units, "再过几天大会就要召开了，今年将有哪些重要企业和人士参会？");
  REQUIRE(split != nullptr);
  CHECK(split->target ==
        "The conference will be convened in a few days. What important companies and people "
        "will participate in this year's conference?");
  CHECK(split->provenance.bead == "1-2");
  REQUIRE(split->provenance.confidence.has_value());
  CHECK(*split->provenance.confidence > 0.3);
}

TEST_CASE("web clutter of the example page is not stored as translation pairs", "[cli]") {
  TempDir scratch;
  const std::string tm = (scratch / "briefing.tm").string();
  align_example_into(tm, scratch);
  // English page furniture after the transcript: the Chinese text has nothing for it.
  const auto clutter = {
      "<  1  2",           "Twitter", "No comments.", "Add your comments", "User Name Required",
      "Bookmark and Share"};
  for (const auto& unit : export_tmx(tm, (scratch / "out.tmx").string(), scratch)) {
    for (const char* text : clutter) {
      INFO(unit.source << " => " << unit.target);
      CHECK(unit.target.find(text) == std::string::npos);
    }
  }
}

TEST_CASE("aligning the same texts twice stores each pair once", "[cli]") {
  TempDir scratch;
  const std::string tm = (scratch / "briefing.tm").string();
  align_example_into(tm, scratch);
  const auto first = export_tmx(tm, (scratch / "1.tmx").string(), scratch);
  align_example_into(tm, scratch);
  const auto second = export_tmx(tm, (scratch / "2.tmx").string(), scratch);
  CHECK(second.size() == first.size());
}

TEST_CASE("exported TMX and XLIFF of the example validate against the schemas", "[cli]") {
  TempDir scratch;
  const std::string tm = (scratch / "briefing.tm").string();
  align_example_into(tm, scratch);
  for (const auto& [format, file] :
       {std::pair{"tmx", "a.tmx"}, {"xliff12", "a.xlf"}, {"xliff2", "a2.xlf"}}) {
    const auto result = run_tmkit(
        {"export", "--tm", tm, "--format", format, "-o", (scratch / file).string()}, scratch);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
  }
  CHECK(xmllint("--dtdvalid", "tmx/tmx14.dtd", (scratch / "a.tmx").string()) == 0);
  CHECK(xmllint("--schema", "xliff12/xliff-core-1.2-strict.xsd", (scratch / "a.xlf").string()) ==
        0);
  CHECK(xmllint("--schema", "xliff20/xliff20-with-modules.xsd", (scratch / "a2.xlf").string()) ==
        0);
  auto xliff_units = tmkit::read_xliff(scratch / "a.xlf");
  REQUIRE(xliff_units.ok());
  CHECK(find_by_source(*xliff_units, "朱国贤：") != nullptr);
}

TEST_CASE("export, import into an empty TM and export again gives the same units", "[cli]") {
  TempDir scratch;
  const std::string tm = (scratch / "briefing.tm").string();
  align_example_into(tm, scratch);
  const auto first = export_tmx(tm, (scratch / "first.tmx").string(), scratch);
  const std::string copy = (scratch / "copy.tm").string();
  const auto imported =
      run_tmkit({"import", "--tm", copy, (scratch / "first.tmx").string()}, scratch);
  INFO(imported.err);
  REQUIRE(imported.exit_code == 0);
  const auto second = export_tmx(copy, (scratch / "second.tmx").string(), scratch);
  CHECK(second == first);
  // Byte for byte, but for the header's creation date: the time of each export, which may fall
  // in different seconds.
  const auto without_header_date = [](std::string tmx) {
    const std::size_t header = tmx.find("<header ");
    const std::size_t date = tmx.find(" creationdate=\"", header);
    REQUIRE(date < tmx.find('>', header));
    return tmx.erase(date, tmx.find('"', date + 15) + 1 - date);
  };
  CHECK(without_header_date(tmkit::testing::read_file(scratch / "second.tmx")) ==
        without_header_date(tmkit::testing::read_file(scratch / "first.tmx")));
}

TEST_CASE("lookup finds the exact sentence at 100% and a variant below it", "[cli]") {
  TempDir scratch;
  const std::string tm = (scratch / "briefing.tm").string();
  align_example_into(tm, scratch);
  const auto exact =
      run_tmkit({"lookup", "--tm", tm, "大家都知道，浙江正在全面推进数字化改革。"}, scratch);
  REQUIRE(exact.exit_code == 0);
  CHECK(exact.out.find("100.0%") != std::string::npos);
  CHECK(exact.out.find("We all know that Zhejiang") != std::string::npos);
  // 19 characters against 20: one deleted character (全), 95%.
  const auto fuzzy =
      run_tmkit({"lookup", "--tm", tm, "大家都知道，浙江正在面推进数字化改革。"}, scratch);
  REQUIRE(fuzzy.exit_code == 0);
  CHECK(fuzzy.out.find(" 95.0%") != std::string::npos);
}

TEST_CASE("presplit alignment writes the vecalign format", "[cli]") {
  TempDir scratch;
  std::ofstream(scratch / "a.zh") << "第一句。\n第二句话比较长一些。\n";
  std::ofstream(scratch / "a.en") << "The first sentence.\nThe second sentence is a bit longer.\n";
  const auto result =
      run_tmkit({"align", (scratch / "a.zh").string(), (scratch / "a.en").string(), "--src-lang",
                 "zh", "--tgt-lang", "en", "--presplit", "--format", "vecalign"},
                scratch);
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  CHECK_THAT(result.out,
             Catch::Matches("\\[0\\]:\\[0\\]:[01]\\.\\d{3}\n\\[1\\]:\\[1\\]:[01]\\.\\d{3}\n"));
}

TEST_CASE("usage errors exit with 2", "[cli]") {
  TempDir scratch;
  CHECK(run_tmkit({}, scratch).exit_code == 2);
  CHECK(run_tmkit({"align"}, scratch).exit_code == 2);
  CHECK(run_tmkit({"export", "--tm", "x", "--format", "bogus", "-o", "y"}, scratch).exit_code == 2);
  CHECK(run_tmkit({"frobnicate"}, scratch).exit_code == 2);
  const auto help = run_tmkit({"align", "--help"}, scratch);
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("--src-lang") != std::string::npos);
}

TEST_CASE("a missing input file exits with 1 and names the file", "[cli]") {
  TempDir scratch;
  const auto result =
      run_tmkit({"align", (scratch / "nope.txt").string(), example("briefing.en.txt"), "--src-lang",
                 "zh", "--tgt-lang", "en"},
                scratch);
  CHECK(result.exit_code == 1);
  CHECK(result.err.find("nope.txt") != std::string::npos);
  CHECK(result.err.find("tmkit align: error:") == 0);
}

TEST_CASE("a bad TSV import names the line and leaves the TM as it was", "[cli]") {
  TempDir scratch;
  const std::string tm = (scratch / "t.tm").string();
  std::ofstream(scratch / "good.tsv") << "你好。\tHello.\n再见。\tGoodbye.\n";
  std::ofstream(scratch / "bad.tsv") << "谢谢。\tThanks.\nno tab on this line\n";
  const std::vector<std::string> langs = {"--src-lang", "zh", "--tgt-lang", "en"};
  auto args = std::vector<std::string>{"import", "--tm", tm, (scratch / "good.tsv").string()};
  args.insert(args.end(), langs.begin(), langs.end());
  REQUIRE(run_tmkit(args, scratch).exit_code == 0);
  args[3] = (scratch / "bad.tsv").string();
  const auto bad = run_tmkit(args, scratch);
  CHECK(bad.exit_code == 1);
  CHECK(bad.err.find("bad.tsv") != std::string::npos);
  CHECK(bad.err.find("line 2") != std::string::npos);
  const auto stats = run_tmkit({"stats", "--tm", tm}, scratch);
  REQUIRE(stats.exit_code == 0);
  CHECK(stats.out.find("units:              2\n") != std::string::npos);
}
