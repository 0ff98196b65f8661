#include "tmkit/formats/text_file.hpp"

#include <catch2/catch.hpp>
#include <fstream>

#include "formats_test_util.hpp"
#include "temp_dir.hpp"
#include "test_paths.hpp"

namespace {

using tmkit::ReadOptions;
using tmkit::StatusCode;
using tmkit::testing::tag;

std::filesystem::path write_file(const tmkit::testing::TempDir& dir, const std::string& name,
                                 const std::string& bytes) {
  const auto path = dir / name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

ReadOptions zh_en() {
  ReadOptions options;
  options.src_lang = tag("en");
  options.tgt_lang = tag("zh");
  return options;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("read_text_file drops a UTF-8 BOM and converts UTF-16 with a BOM", "[text]") {
  tmkit::testing::TempDir dir;
  // "A中😀" in each encoding, written out byte by byte.
  const std::string utf8 = "A\xE4\xB8\xAD\xF0\x9F\x98\x80";
  SECTION("UTF-8 with BOM") {
    CHECK(tmkit::read_text_file(write_file(dir, "a.txt", "\xEF\xBB\xBF" + utf8)).value() == utf8);
  }
  SECTION("UTF-16LE with BOM") {
    const std::string bytes(
        "\xFF\xFE"
        "A\x00"
        "\x2D\x4E"
        "\x3D\xD8\x00\xDE",
        10);
    CHECK(tmkit::read_text_file(write_file(dir, "a.txt", bytes)).value() == utf8);
  }
  SECTION("UTF-16BE with BOM") {
    const std::string bytes(
        "\xFE\xFF"
        "\x00"
        "A"
        "\x4E\x2D"
        "\xD8\x3D\xDE\x00",
        10);
    CHECK(tmkit::read_text_file(write_file(dir, "a.txt", bytes)).value() == utf8);
  }
}

TEST_CASE("read_text_file reports invalid UTF-8 with the file and byte offset", "[text]") {
  tmkit::testing::TempDir dir;
  SECTION("without BOM") {
    const auto result = tmkit::read_text_file(write_file(dir, "bad.txt", "abc\xFFz"));
    CHECK(result.status().code() == StatusCode::kInvalidInput);
    CHECK(contains(result.status().message(), "bad.txt: invalid UTF-8 at byte 3"));
  }
  SECTION("after a BOM the offset still counts from the file start") {
    const auto result = tmkit::read_text_file(write_file(dir, "bad.txt",
                                                         "\xEF\xBB\xBF"
                                                         "ab\xC0"));
    CHECK(contains(result.status().message(), "at byte 5"));
  }
  SECTION("unpaired UTF-16 surrogate") {
    const std::string bytes(
        "\xFF\xFE"
        "A\x00"
        "\x3D\xD8",
        6);
    const auto result = tmkit::read_text_file(write_file(dir, "bad16.txt", bytes));
    CHECK(contains(result.status().message(), "bad16.txt: unpaired UTF-16 surrogate at byte 4"));
  }
}

TEST_CASE("read_text_file fails with kIo naming a missing file or a directory", "[text]") {
  tmkit::testing::TempDir dir;
  const auto missing = tmkit::read_text_file(dir / "missing.txt");
  CHECK(missing.status().code() == StatusCode::kIo);
  CHECK(contains(missing.status().message(), "missing.txt"));
  const auto directory = tmkit::read_text_file(dir.path());
  CHECK(directory.status().code() == StatusCode::kIo);
  CHECK(contains(directory.status().message(), "is a directory"));
}

TEST_CASE("read_tsv reads pairs and strips CR and skips empty lines and normalises to NFC",
          "[text]") {
  auto units = tmkit::read_tsv(tmkit::testing::test_data_dir() / "formats" / "pairs.tsv", zh_en());
  INFO(units.status().message());
  REQUIRE(units.ok());
  REQUIRE(units->size() == 2);
  CHECK((*units)[0].source == "Hello");
  CHECK((*units)[0].target == "你好");
  CHECK((*units)[0].src_lang == tag("en"));
  CHECK((*units)[0].provenance.document == "pairs.tsv");
  CHECK((*units)[1].source == "Fish & <chips>");
  CHECK((*units)[1].target == "\"鱼\"");
  CHECK((*units)[1].provenance.src_position == "2");

  const auto nfd = tmkit::parse_tsv("Cafe\xCC\x81\tcaf\xC3\xA9\n", "nfd.tsv", zh_en());
  REQUIRE(nfd.ok());
  CHECK((*nfd)[0].source == "Caf\xC3\xA9");
}

TEST_CASE("read_tsv errors give the file and line number", "[text]") {
  const auto dir = tmkit::testing::test_data_dir() / "formats";
  const auto bad = tmkit::read_tsv(dir / "bad_tab.tsv", zh_en());
  CHECK(bad.status().code() == StatusCode::kInvalidInput);
  CHECK(contains(bad.status().message(), "bad_tab.tsv: line 2: expected exactly one tab"));
  CHECK(contains(tmkit::parse_tsv("a\tb\tc\n", "x.tsv", zh_en()).status().message(),
                 "x.tsv: line 1"));
  CHECK(contains(tmkit::parse_tsv("ok\tok\n\ta\n", "x.tsv", zh_en()).status().message(),
                 "x.tsv: line 2: empty"));
  CHECK(tmkit::read_tsv(dir / "pairs.tsv", {}).status().code() == StatusCode::kInvalidInput);
}

TEST_CASE("read_units chooses the reader by root element and then by extension", "[text]") {
  const auto dir = tmkit::testing::test_data_dir() / "formats";
  CHECK(tmkit::read_units(dir / "tmx_utf16le_bom.tmx", {})->size() == 2);
  CHECK(tmkit::read_units(dir / "tmx_utf8_bom.tmx", {})->size() == 1);
  CHECK(tmkit::read_units(dir / "xliff20_two_segments.xlf", {})->size() == 2);
  CHECK(tmkit::read_units(dir / "pairs.tsv", zh_en())->size() == 2);

  tmkit::testing::TempDir temp;
  // An .xml extension does not matter: the root element decides.
  const auto tmx_named_xml =
      write_file(temp, "tm.xml", tmkit::testing::read_file(dir / "tmx_source_second.tmx"));
  CHECK(tmkit::read_units(tmx_named_xml, {})->size() == 2);
  const auto html = write_file(temp, "page.xml", "<!-- c --><html><body/></html>");
  CHECK(tmkit::read_units(html, {}).status().code() == StatusCode::kUnsupported);
  const auto csv = write_file(temp, "pairs.csv", "a,b\n");
  CHECK(tmkit::read_units(csv, zh_en()).status().code() == StatusCode::kUnsupported);
}

TEST_CASE("read_units reads or rejects every shared sample file without crashing", "[text]") {
  const auto root = tmkit::testing::shared_dir() / "data" / "formats";
  std::size_t files = 0;
  std::size_t read = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file() || entry.path().extension() == ".md") continue;
    ++files;
    tmkit::ReadReport report;
    const auto result = tmkit::read_units(entry.path(), {}, &report);
    if (result.ok()) ++read;
    // Rejections are allowed (invalid test files, 2.2 drafts, source-only files) but must
    // say which file they are about.
    if (!result.ok()) CHECK(contains(result.status().message(), entry.path().filename().string()));
  }
  CHECK(files > 100);
  CHECK(read > 0);
}
