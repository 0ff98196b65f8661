// All-or-nothing import per file, --keep-going, and the limits (--max-segment-bytes,
// --max-dom-bytes), through the real `tmkit import` into a TM that already holds units, and
// into an empty one (which a TMX is written to as it is read, and removed from if bad).
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "checked_units.hpp"
#include "child_process.hpp"
#include "temp_dir.hpp"
#include "test_paths.hpp"
#include "test_units.hpp"
#include "tmkit/memory/translation_memory.hpp"

namespace {

namespace fs = std::filesystem;
using tmkit::testing::read_file;
using tmkit::testing::source_of;
using tmkit::testing::TempDir;
using tmkit::testing::write_units_tmx;

std::vector<std::string> sources_of(const fs::path& tm_dir) {
  std::vector<std::string> sources;
  for (const auto& unit : tmkit::testing::checked_units(tm_dir)) sources.push_back(unit.source);
  return sources;
}

struct Run {
  int exit = -1;
  std::string output;  // stderr (and stdout, empty for import)
};

Run import(const TempDir& dir, const fs::path& tm, std::vector<std::string> args) {
  args.insert(args.begin(), {"import", "--tm", tm.string()});
  const auto exit =
      tmkit::testing::wait_child(tmkit::testing::start_tmkit(args, dir / "stderr.txt"));
  return {exit.signalled ? -1 : exit.code, read_file(dir / "stderr.txt")};
}

// A TM holding units 0..49, imported from TSV.
fs::path seeded_tm(const TempDir& dir) {
  const fs::path tm = dir / "tm";
  tmkit::testing::write_units_tsv(dir / "seed.tsv", 0, 50);
  REQUIRE(
      import(dir, tm, {"--src-lang", "en-GB", "--tgt-lang", "de-DE", (dir / "seed.tsv").string()})
          .exit == 0);
  return tm;
}

// Imports a TMX of 3,000 units whose unit 2,900 is beyond --max-segment-bytes, in batches of
// 100, and checks that it fails naming that unit.
void import_with_oversized_unit_fails(const TempDir& dir, const fs::path& tm) {
  write_units_tmx(dir / "big.tmx", 1000, 3000, 2900, 300);
  const Run run =
      import(dir, tm, {"--batch", "100", "--max-segment-bytes", "200", (dir / "big.tmx").string()});
  CHECK(run.exit == 1);
  CHECK(run.output == "tmkit import: error: " + (dir / "big.tmx").string() +
                          ": unit 2900: target of 300 bytes is longer than --max-segment-bytes "
                          "(200)\n");
}

std::size_t count_lines(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace

TEST_CASE("a file with a bad unit near its end writes nothing, though it spans many batches",
          "[reliability]") {
  TempDir dir;
  const fs::path tm = seeded_tm(dir);
  const auto before = sources_of(tm);

  SECTION("TSV (read whole): the last of 25,001 lines has no tab, batches of 1,000") {
    tmkit::testing::write_units_tsv(dir / "big.tsv", 1000, 25000);
    {
      std::ofstream append(dir / "big.tsv", std::ios::app);
      append << "a line without a tab\n";
    }
    const Run run = import(dir, tm,
                           {"--src-lang", "en-GB", "--tgt-lang", "de-DE", "--batch", "1000",
                            (dir / "big.tsv").string()});
    CHECK(run.exit == 1);
    CHECK(run.output == "tmkit import: error: " + (dir / "big.tsv").string() +
                            ": line 25001: expected exactly one tab between source and target\n");
  }
  SECTION("TMX (streamed): unit 2,900 of 3,000 is beyond --max-segment-bytes, batches of 100") {
    import_with_oversized_unit_fails(dir, tm);
  }
  CHECK(sources_of(tm) == before);
}

TEST_CASE("a bad TMX imported into an empty TM leaves it empty, though it stored many batches",
          "[reliability]") {
  TempDir dir;
  const fs::path tm = dir / "tm";
  // Units repeated within the file raise the use count of units it stored itself.
  const auto write_with_repeats = [&](const fs::path& path, const std::string& ending) {
    write_units_tmx(path, 1000, 3000);
    std::string text = read_file(path);
    const std::string repeat = "<tu><tuv xml:lang=\"en-GB\"><seg>" + source_of(1000) +
                               "</seg></tuv><tuv xml:lang=\"de-DE\"><seg>" +
                               tmkit::testing::target_of(1000) + "</seg></tuv></tu>\n";
    text.replace(text.find("</body>"), std::string::npos, repeat + ending);
    std::ofstream(path) << text;
  };
  SECTION("a unit beyond --max-segment-bytes near the end, batches of 100") {
    import_with_oversized_unit_fails(dir, tm);
  }
  SECTION("XML cut off after 3,001 units, one of them a repeat, batches of 100") {
    write_with_repeats(dir / "cut.tmx", "<tu><tuv xml:lang=\"en-GB\"><seg>cut");
    const Run run = import(dir, tm, {"--batch", "100", (dir / "cut.tmx").string()});
    CHECK(run.exit == 1);
    CHECK(run.output.find((dir / "cut.tmx").string()) != std::string::npos);
    CHECK(count_lines(run.output) == 1);
  }
  SECTION("under --keep-going, the bad file is skipped and the next one imported") {
    write_with_repeats(dir / "cut.tmx", "<tu>");
    write_units_tmx(dir / "good.tmx", 5000, 3);
    const Run run = import(dir, tm,
                           {"--keep-going", "--batch", "100", (dir / "cut.tmx").string(),
                            (dir / "good.tmx").string()});
    CHECK(run.exit == 1);
    CHECK(run.output.find("skipped: " + (dir / "cut.tmx").string()) != std::string::npos);
    CHECK(sources_of(tm) ==
          std::vector<std::string>{source_of(5000), source_of(5001), source_of(5002)});
    return;
  }
  // Empty, consistent (checked_units requires a clean check), and usable.
  CHECK(sources_of(tm).empty());
  write_units_tmx(dir / "good.tmx", 1000, 5);
  REQUIRE(import(dir, tm, {(dir / "good.tmx").string()}).exit == 0);
  CHECK(sources_of(tm).size() == 5);
  const auto opened = tmkit::TranslationMemory::open(tm);
  REQUIRE(opened.ok());
  tmkit::LookupOptions options;
  const auto matches = opened->lookup(source_of(1002), options);
  REQUIRE(matches.ok());
  REQUIRE(!matches->empty());
  CHECK(matches->front().score == 100);
  CHECK(matches->front().unit.source == source_of(1002));
}

TEST_CASE("import --keep-going imports the good files and units and names each one it skips",
          "[reliability]") {
  TempDir dir;
  const fs::path tm = seeded_tm(dir);
  tmkit::testing::write_units_tsv(dir / "good.tsv", 100, 20);
  {
    std::ofstream bad(dir / "bad.tmx");
    bad << "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"en-GB\"/><body>\n<tu>";
  }
  write_units_tmx(dir / "mixed.tmx", 200, 10, 3, 300);
  const Run run = import(
      dir, tm,
      {"--keep-going", "--max-segment-bytes", "200", "--src-lang", "en-GB", "--tgt-lang", "de-DE",
       (dir / "good.tsv").string(), (dir / "bad.tmx").string(), (dir / "mixed.tmx").string()});
  INFO(run.output);
  CHECK(run.exit == 1);
  CHECK(run.output.find("tmkit import: skipped: " + (dir / "bad.tmx").string() + ": line ") !=
        std::string::npos);
  CHECK(run.output.find((dir / "mixed.tmx").string() +
                        ": unit 3: target of 300 bytes is longer than --max-segment-bytes (200) "
                        "(skipped)\n") != std::string::npos);
  CHECK(run.output.find("tmkit import: error: 1 of 3 files skipped (--keep-going), the others "
                        "are imported\n") != std::string::npos);
  std::vector<std::string> expected;
  for (std::size_t i = 0; i < 50; ++i) expected.push_back(source_of(i));
  for (std::size_t i = 100; i < 120; ++i) expected.push_back(source_of(i));
  for (std::size_t i = 200; i < 210; ++i) {
    if (i != 202) expected.push_back(source_of(i));
  }
  CHECK(sources_of(tm) == expected);

  SECTION("only units skipped: exit 0") {
    write_units_tmx(dir / "mixed2.tmx", 300, 5, 5, 300);
    const Run again = import(
        dir, tm, {"--keep-going", "--max-segment-bytes", "200", (dir / "mixed2.tmx").string()});
    INFO(again.output);
    CHECK(again.exit == 0);
    CHECK(count_lines(again.output) == 3);  // the skipped unit, the count, the summary
    CHECK(sources_of(tm).size() == expected.size() + 4);
  }
}

TEST_CASE("limits: a large TMX streams whatever its name, --max-segment-bytes 0 lifts the limit",
          "[reliability]") {
  TempDir dir;
  const fs::path tm = seeded_tm(dir);
  // Not named .tmx, larger than --max-dom-bytes: streamed, not refused.
  write_units_tmx(dir / "units.xml", 1000, 200);
  const Run streamed = import(dir, tm, {"--max-dom-bytes", "4096", (dir / "units.xml").string()});
  INFO(streamed.output);
  CHECK(streamed.exit == 0);
  CHECK(sources_of(tm).size() == 250);
  // A TSV larger than the limit is read whole, so it is refused, naming the option.
  tmkit::testing::write_units_tsv(dir / "units.tsv", 2000, 200);
  const Run refused = import(dir, tm,
                             {"--max-dom-bytes", "4096", "--src-lang", "en-GB", "--tgt-lang",
                              "de-DE", (dir / "units.tsv").string()});
  CHECK(refused.exit == 1);
  CHECK(refused.output.find("raise it with --max-dom-bytes") != std::string::npos);
  // A 2 MB segment is refused by default and accepted without a limit.
  write_units_tmx(dir / "long.tmx", 3000, 2, 2, std::size_t{2} << 20);
  CHECK(import(dir, tm, {(dir / "long.tmx").string()}).exit == 1);
  CHECK(sources_of(tm).size() == 250);
  CHECK(import(dir, tm, {"--max-segment-bytes", "0", (dir / "long.tmx").string()}).exit == 0);
  CHECK(sources_of(tm).size() == 252);
}
