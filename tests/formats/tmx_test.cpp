#include "tmkit/formats/tmx.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "formats_test_util.hpp"
#include "temp_dir.hpp"
#include "test_paths.hpp"

namespace {

using tmkit::ReadOptions;
using tmkit::StatusCode;
using tmkit::TranslationUnit;
using tmkit::testing::code;
using tmkit::testing::tag;

std::string write_to_string(const std::vector<TranslationUnit>& units,
                            tmkit::TmxWriteOptions options = {}) {
  options.creation_date = 1700000000;  // 2023-11-14T22:13:20Z
  std::ostringstream out;
  REQUIRE(tmkit::write_tmx(out, units, options).ok());
  return out.str();
}

std::vector<TranslationUnit> read_data(const char* file, const ReadOptions& options = {},
                                       tmkit::ReadReport* report = nullptr) {
  auto result =
      tmkit::read_tmx(tmkit::testing::test_data_dir() / "formats" / file, options, report);
  INFO(result.status().message());
  REQUIRE(result.ok());
  return std::move(result).value();
}

}  // namespace

TEST_CASE("TMX written and read back keeps every field", "[tmx]") {
  const std::vector<TranslationUnit> units = tmkit::testing::sample_units();
  const std::string tmx = write_to_string(units);
  auto read = tmkit::parse_tmx(tmx, "round-trip.tmx");
  INFO(read.status().message());
  REQUIRE(read.ok());
  REQUIRE(read->size() == 2);
  CHECK((*read)[0] == units[0]);
  CHECK((*read)[1] == units[1]);
}

TEST_CASE("TMX writer emits the 1.4b header and dates and escaped text", "[tmx]") {
  const std::string tmx = write_to_string(tmkit::testing::sample_units());
  CHECK(
      tmx.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n<tmx version=\"1.4\">"));
  CHECK(tmx.find("segtype=\"sentence\" o-tmf=\"tmkit\" adminlang=\"en\" srclang=\"zh-CN\" "
                 "datatype=\"plaintext\" creationdate=\"20231114T221320Z\"") != std::string::npos);
  CHECK(tmx.find("<tu creationdate=\"20240301T120000Z\">") != std::string::npos);
  // A unit of unknown date (created == 0) gets no creationdate rather than a claim of 1970.
  CHECK(tmx.find("<tu>") != std::string::npos);
  CHECK(tmx.find("19700101") == std::string::npos);
  CHECK(tmx.find("<prop type=\"x-tmkit-confidence\">0.875</prop>") != std::string::npos);
  CHECK(tmx.find("<prop type=\"x-tmkit-confidence\">0.500</prop>") != std::string::npos);
  CHECK(tmx.find("<seg>外交部 &amp; &lt;发言人&gt; \"引号\" 'apos'</seg>") != std::string::npos);
  CHECK(tmx.find("]]&gt; end") != std::string::npos);
  CHECK(tmx.find("and CR") != std::string::npos);
  CHECK(tmx.find("break&#13;\n") != std::string::npos);
}

TEST_CASE("TMX writer output is valid against the TMX 1.4b DTD", "[tmx]") {
  tmkit::testing::TempDir dir;
  const auto path = dir / "out.tmx";
  std::ofstream(path, std::ios::binary) << write_to_string(tmkit::testing::sample_units());
  tmkit::testing::check_schema_valid("--dtdvalid", "tmx/tmx14.dtd", path);
}

TEST_CASE("TMX writer of no units is still a valid document", "[tmx]") {
  tmkit::testing::TempDir dir;
  const auto path = dir / "empty.tmx";
  std::ofstream(path, std::ios::binary) << write_to_string({});
  tmkit::testing::check_schema_valid("--dtdvalid", "tmx/tmx14.dtd", path);
  auto read = tmkit::read_tmx(path);
  REQUIRE(read.ok());
  CHECK(read->empty());
}

TEST_CASE("TMX writer rejects control characters and names the unit", "[tmx]") {
  std::vector<TranslationUnit> units = tmkit::testing::sample_units();
  units[1].target = "bad\x01text";
  std::ostringstream out;
  const tmkit::Status status = tmkit::write_tmx(out, units);
  CHECK(status.code() == StatusCode::kInvalidInput);
  CHECK(status.message().find("unit 2 target") != std::string::npos);
  CHECK(status.message().find("U+0001") != std::string::npos);
  CHECK(out.str().empty());
}

TEST_CASE("check_xml_writable names the field and character XML 1.0 cannot hold", "[tmx]") {
  std::vector<TranslationUnit> units = tmkit::testing::sample_units();
  CHECK(tmkit::check_xml_writable(units[0]).ok());
  CHECK(tmkit::check_xml_writable(units[1]).ok());  // tab, LF and CR are allowed
  units[0].notes.push_back("ring\x07");
  const tmkit::Status status = tmkit::check_xml_writable(units[0]);
  CHECK(status.code() == StatusCode::kInvalidInput);
  CHECK(status.message().find("note") != std::string::npos);
  CHECK(status.message().find("U+0007") != std::string::npos);
}

// The writers test 8 bytes at a time and take a short cut for common 3-byte sequences, so each
// case sits at several offsets (inside a block, across a block boundary, in the tail).
TEST_CASE("check_xml_writable accepts and refuses the same characters at every offset", "[tmx]") {
  struct Case {
    const char* what;
    std::string bytes;
    bool allowed;
  };
  const std::vector<Case> cases = {
      {"tab, LF, CR", "\t\n\r", true},
      {"DEL (allowed in XML 1.0)", "\x7F", true},
      {"U+4E2D (E4 B8 AD)", "\xE4\xB8\xAD", true},
      {"U+E000, the first code placeholder (EE 80 80)", "\xEE\x80\x80", true},
      {"U+FFFD (EF BF BD)", "\xEF\xBF\xBD", true},
      {"U+10000 (F0 90 80 80)", "\xF0\x90\x80\x80", true},
      {"U+D7FF (ED 9F BF)", "\xED\x9F\xBF", true},
      {"BEL", "\x07", false},
      {"NUL", std::string(1, '\0'), false},
      {"U+001F", "\x1F", false},
      {"U+FFFE (EF BF BE)", "\xEF\xBF\xBE", false},
      {"U+FFFF (EF BF BF)", "\xEF\xBF\xBF", false},
      {"a surrogate (ED A0 80)", "\xED\xA0\x80", false},
      {"an overlong '/' (C0 AF)", "\xC0\xAF", false},
      {"an overlong 3-byte form (E0 80 AF)", "\xE0\x80\xAF", false},
      {"beyond U+10FFFF (F4 90 80 80)", "\xF4\x90\x80\x80", false},
      {"a stray continuation byte", "\x80", false},
      {"a 3-byte sequence cut short (E4 B8 then ASCII)", "\xE4\xB8z", false},
      {"a 3-byte lead at the end", "\xE4", false},
  };
  for (const Case& c : cases) {
    for (const std::size_t offset : {0, 3, 6, 7, 8, 13, 16}) {
      TranslationUnit unit = tmkit::testing::sample_units()[0];
      unit.target = std::string(offset, 'a') + c.bytes + "0123456789abcdef";
      INFO(c.what << " after " << offset << " bytes");
      CHECK(tmkit::check_xml_writable(unit).ok() == c.allowed);
      unit.target = std::string(offset, 'a') + c.bytes;  // in the tail
      CHECK(tmkit::check_xml_writable(unit).ok() == c.allowed);
    }
  }
}

TEST_CASE("TMX writer escapes markup characters wherever they fall in a text", "[tmx]") {
  TranslationUnit unit = tmkit::testing::sample_units()[1];
  unit.source = "abcdefg&hijklmno<pqrstuv>wxyz\r12345678]]>";
  unit.target = "&<>";
  const std::string tmx = write_to_string({unit});
  CHECK(tmx.find("<seg>abcdefg&amp;hijklmno&lt;pqrstuv&gt;wxyz&#13;12345678]]&gt;</seg>") !=
        std::string::npos);
  CHECK(tmx.find("<seg>&amp;&lt;&gt;</seg>") != std::string::npos);
}

TEST_CASE("TMX writer marks a unit whose source language differs from the header", "[tmx]") {
  std::vector<TranslationUnit> units = tmkit::testing::sample_units();
  std::swap(units[1].src_lang, units[1].tgt_lang);
  std::swap(units[1].source, units[1].target);
  const std::string tmx = write_to_string(units);
  CHECK(tmx.find("<tu srclang=\"en\">") != std::string::npos);
  auto read = tmkit::parse_tmx(tmx, "mixed.tmx");
  REQUIRE(read.ok());
  REQUIRE(read->size() == 2);
  CHECK((*read)[1] == units[1]);
}

TEST_CASE("TMX reader reads UTF-8 with a BOM and keeps props and notes", "[tmx]") {
  const auto units = read_data("tmx_utf8_bom.tmx");
  REQUIRE(units.size() == 1);
  const TranslationUnit& unit = units[0];
  CHECK(unit.src_lang == tag("zh-CN"));
  CHECK(unit.tgt_lang == tag("en-US"));
  CHECK(unit.source == "外交部发言人朱国贤主持例行记者会。");
  CHECK(unit.target ==
        "Foreign Ministry spokesperson Zhu Guoxian hosted the regular press conference.");
  CHECK(unit.created == 1709294400);
  CHECK(unit.provenance.document == "briefing.zh.txt");
  CHECK(unit.provenance.confidence == 0.875);
  CHECK(unit.props == std::vector<tmkit::Property>{{"x-client", "Acme & Co"}});
  CHECK(unit.notes == std::vector<std::string>{"checked by hand"});
}

TEST_CASE("TMX reader reads UTF-16LE with a BOM", "[tmx]") {
  const auto units = read_data("tmx_utf16le_bom.tmx");
  REQUIRE(units.size() == 2);
  CHECK(units[0].source == "Thank you.");
  CHECK(units[0].target == "谢谢。");
  CHECK(units[1].source == "Next question, please.");
  CHECK(units[1].target == "请提下一个问题。");
}

TEST_CASE("TMX reader takes the source from srclang and not from the tuv order", "[tmx]") {
  tmkit::ReadReport report;
  const auto units = read_data("tmx_source_second.tmx", {}, &report);
  REQUIRE(units.size() == 2);
  CHECK(units[0].src_lang == tag("zh"));
  CHECK(units[0].source == "中国和美国");
  CHECK(units[0].target == "China and the United States");
  // The second <tu> says srclang="en" itself.
  CHECK(units[1].src_lang == tag("en"));
  CHECK(units[1].source == "Hello");
  CHECK(units[1].target == "你好");
  CHECK(report.units == 2);
  CHECK(report.skipped == 1);
  REQUIRE(report.messages.size() == 1);
  CHECK(report.messages[0].find("line 14") != std::string::npos);
}

TEST_CASE("TMX reader: options.src_lang overrides srclang", "[tmx]") {
  ReadOptions options;
  options.src_lang = tag("en");
  const auto units = read_data("tmx_source_second.tmx", options);
  REQUIRE(units.size() == 3);
  CHECK(units[0].source == "China and the United States");
  CHECK(units[1].source == "Hello");
  CHECK(units[2].target == "Kein Chinesisch hier");
}

TEST_CASE("TMX reader gives one unit per target language of a multilingual tu", "[tmx]") {
  SECTION("srclang *all* takes the first tuv as source, every other one as target") {
    const auto units = read_data("tmx_multilingual.tmx");
    REQUIRE(units.size() == 2);
    CHECK(units[0].src_lang == tag("en-GB"));
    CHECK(units[0].tgt_lang == tag("zh-Hans"));
    CHECK(units[0].target == "早上好");
    CHECK(units[1].tgt_lang == tag("de"));
    CHECK(units[1].target == "Guten Morgen");
  }
  SECTION("options pick a pair by primary language") {
    ReadOptions options;
    options.src_lang = tag("zh");
    options.tgt_lang = tag("de");
    const auto units = read_data("tmx_multilingual.tmx", options);
    REQUIRE(units.size() == 1);
    CHECK(units[0].source == "早上好");
    CHECK(units[0].target == "Guten Morgen");
  }
}

TEST_CASE("TMX reader accepts the old lang attribute and declared ISO-8859-1", "[tmx]") {
  const auto units = read_data("tmx_old_lang.tmx");
  REQUIRE(units.size() == 1);
  CHECK(units[0].src_lang == tag("en-US"));
  CHECK(units[0].tgt_lang == tag("fr-FR"));
  CHECK(units[0].target == "Café crème");
}

TEST_CASE("TMX reader keeps hi text and codes as placeholders and skips code-only segments",
          "[tmx]") {
  tmkit::ReadReport report;
  const auto units = read_data("tmx_inline.tmx", {}, &report);
  REQUIRE(units.size() == 1);
  CHECK(units[0].source == "The " + code(0) + "big" + code(1) + " " + code(2) + "cat" + code(3) +
                               " sleeps" + code(4) + ".");
  CHECK(units[0].target == "Le " + code(0) + "gros" + code(1) + " " + code(2) + "chat" + code(3) +
                               " dort" + code(4) + ".");
  CHECK(report.skipped == 1);
}

TEST_CASE("TMX reader reports malformed XML with file and line and column", "[tmx]") {
  const auto result =
      tmkit::read_tmx(tmkit::testing::test_data_dir() / "formats" / "tmx_malformed.tmx");
  REQUIRE_FALSE(result.ok());
  CHECK(result.status().code() == StatusCode::kInvalidInput);
  const std::string message = result.status().message();
  CHECK(message.find("tmx_malformed.tmx: line 6, column ") != std::string::npos);
  CHECK(message.find("mismatch") != std::string::npos);
}

TEST_CASE("TMX reader turns CR LF and lone CR into LF, in text and in line numbers", "[tmx]") {
  const std::string head =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<tmx version=\"1.4\">\r\n"
      "<header srclang=\"en\"/>\r\n<body>\r\n";
  const std::string tu =
      "<tu><tuv xml:lang=\"en\"><seg>one\r\ntwo\rthree</seg></tuv>"
      "<tuv xml:lang=\"de\"><seg>eins\r\n</seg></tuv></tu>\r\n";
  const auto units = tmkit::parse_tmx(head + tu + "</body>\r</tmx>\r\n", "crlf.tmx");
  REQUIRE(units.ok());
  REQUIRE(units->size() == 1);
  CHECK(units->front().source == "one\ntwo\nthree");
  // A mismatched tag on line 10 (the segments hold three line ends, and a lone CR ends line 9).
  const auto bad =
      tmkit::parse_tmx(head + tu + "\r<tu><tuv xml:lang=\"en\"></tu>\r\n</body></tmx>", "crlf.tmx");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message().find("crlf.tmx: line 10, column 26: ") != std::string::npos);
}

TEST_CASE("TMX reader fails on a missing body or wrong root or no usable tu or an unreadable file",
          "[tmx]") {
  const auto dir = tmkit::testing::test_data_dir() / "formats";
  CHECK(tmkit::read_tmx(dir / "tmx_no_body.tmx").status().code() == StatusCode::kInvalidInput);
  CHECK(tmkit::read_tmx(dir / "xliff20_two_segments.xlf").status().code() ==
        StatusCode::kInvalidInput);
  ReadOptions options;
  options.src_lang = tag("ja");
  const auto none = tmkit::read_tmx(dir / "tmx_source_second.tmx", options);
  CHECK(none.status().code() == StatusCode::kInvalidInput);
  CHECK(none.status().message().find("'ja'") != std::string::npos);
  const auto missing = tmkit::read_tmx(dir / "no_such_file.tmx");
  CHECK(missing.status().code() == StatusCode::kIo);
  CHECK(missing.status().message().find("no_such_file.tmx") != std::string::npos);
  CHECK(tmkit::parse_tmx("", "empty.tmx").status().code() == StatusCode::kInvalidInput);
}

TEST_CASE("TMX reader imports real files with the unit counts checked by hand", "[tmx]") {
  const auto dir = tmkit::testing::shared_dir() / "data" / "formats" / "tmx";
  SECTION("LISA ImportTest1A: UTF-16LE BOM, 2 tu en-us/fr-ca, tabs kept") {
    const auto units = tmkit::read_tmx(dir / "lisa-compkit-ImportTest1A.tmx");
    REQUIRE(units.ok());
    REQUIRE(units->size() == 2);
    CHECK((*units)[0].source == "First segment with [\t\t   ]");
  }
  SECTION("LISA ImportTest1C: 3 tu in 5 languages give 12 units, 3 for Japanese") {
    CHECK(tmkit::read_tmx(dir / "lisa-compkit-ImportTest1C.tmx")->size() == 12);
    ReadOptions options;
    options.tgt_lang = tag("ja");
    const auto ja = tmkit::read_tmx(dir / "lisa-compkit-ImportTest1C.tmx", options);
    REQUIRE(ja->size() == 3);
    CHECK((*ja)[1].target == "Second entry in Japanese");
  }
  SECTION("LISA ImportTest2A: UTF-16, 7 tu with inline codes, source tuv second in the last") {
    const auto units = tmkit::read_tmx(dir / "lisa-compkit-ImportTest2A.tmx");
    REQUIRE(units.ok());
    REQUIRE(units->size() == 7);
    CHECK((*units)[3].source == "First " + code(0) + "sentence.");  // <it pos="begin">
    CHECK((*units)[6].source == "Some text with " + code(0) + "a part highlighted" + code(1) + ".");
    CHECK((*units)[6].target ==
          "Du texte avec " + code(0) + "une portion délimitée" + code(1) + ".");
  }
  SECTION("OmegaT multiple tuv: 11 pairs from EN-US, 2 for fr (exact tag first)") {
    CHECK(tmkit::read_tmx(dir / "omegat-test-multiple-tuv14.tmx")->size() == 11);
    ReadOptions options;
    options.tgt_lang = tag("fr");
    const auto fr = tmkit::read_tmx(dir / "omegat-test-multiple-tuv14.tmx", options);
    REQUIRE(fr->size() == 2);
    CHECK((*fr)[0].target == "fr Bonjour tout le monde\xC2\xA0!");  // no-break space
  }
  SECTION("OmegaT invalid file (codes only) is rejected without a crash") {
    CHECK_FALSE(tmkit::read_tmx(dir / "omegat-invalid.tmx").ok());
  }
}

namespace {

// One English source translated into three languages, plus an unrelated unit.
std::vector<TranslationUnit> multilingual_units() {
  std::vector<TranslationUnit> units;
  for (const char* lang : {"de-DE", "fr-FR", "ja"}) {
    TranslationUnit unit;
    unit.src_lang = tag("en-US");
    unit.tgt_lang = tag(lang);
    unit.source = "Save " + code(0) + "all" + code(1) + " files";
    unit.source_codes = {{tmkit::InlineCode::Kind::kOpen, "1", "&lt;b&gt;", "bpt"},
                         {tmkit::InlineCode::Kind::kClose, "1", "&lt;/b&gt;", "ept"}};
    unit.target = std::string("[") + lang + "] " + code(0) + "x" + code(1);
    unit.target_codes = unit.source_codes;
    unit.created = 1709294400;
    unit.notes = {"from the style guide"};
    units.push_back(unit);
  }
  TranslationUnit other = units[0];
  other.source = "Open";
  other.source_codes.clear();
  other.target = "Öffnen";
  other.target_codes.clear();
  units.insert(units.begin() + 1, other);
  return units;
}

// `tmx`, written from multilingual_units(), is DTD-valid and reads back pair by pair in the
// order of the <tuv>s: de, fr, ja for the first source, then the other unit.
void check_multilingual_read_back(const std::string& tmx,
                                  const std::vector<TranslationUnit>& units) {
  const auto read = tmkit::parse_tmx(tmx, "multi.tmx");
  REQUIRE(read.ok());
  REQUIRE(read->size() == 4);
  CHECK((*read)[0] == units[0]);
  CHECK((*read)[1] == units[2]);
  CHECK((*read)[2] == units[3]);
  CHECK((*read)[3] == units[1]);
  tmkit::testing::TempDir dir;
  std::ofstream(dir / "multi.tmx", std::ios::binary) << tmx;
  tmkit::testing::check_schema_valid("--dtdvalid", "tmx/tmx14.dtd", dir / "multi.tmx");
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

}  // namespace

TEST_CASE("A multilingual TMX holds one <tu> per source and reads back as the same units",
          "[tmx]") {
  tmkit::TmxWriteOptions options;
  options.multilingual = true;
  std::vector<TranslationUnit> units = multilingual_units();
  SECTION("metadata the units share sits on the <tu>") {
    const std::string tmx = write_to_string(units, options);
    CHECK(count(tmx, "<tu ") + count(tmx, "<tu>") == 2);
    CHECK(count(tmx, "<tuv ") == 6);  // en + de, fr, ja; en + de
    CHECK(count(tmx, "<note>from the style guide</note>") == 2);
    check_multilingual_read_back(tmx, units);
  }
  SECTION("each translation's own metadata sits on its <tuv> and stays with it") {
    units[2].created = 1710000000;
    units[2].provenance.document = "guide.fr.txt";
    units[2].provenance.confidence = 0.75;
    units[3].notes = {"checked by the Tokyo office"};
    units[3].props = {{"x-client", "ACME"}};
    const std::string tmx = write_to_string(units, options);
    CHECK(count(tmx, "<tuv ") == 6);
    CHECK(tmx.find("<prop type=\"x-tmkit-document\">guide.fr.txt</prop>") != std::string::npos);
    check_multilingual_read_back(tmx, units);
  }
  SECTION("a second translation into a language the <tu> has starts another <tu>") {
    TranslationUnit again = units[0];
    again.target = "[de-DE] zweite Fassung";
    again.target_codes.clear();
    units.push_back(again);
    const std::string tmx = write_to_string(units, options);
    CHECK(count(tmx, "<tu ") + count(tmx, "<tu>") == 3);
    const auto read = tmkit::parse_tmx(tmx, "multi.tmx");
    REQUIRE(read.ok());
    REQUIRE(read->size() == 5);
    CHECK((*read)[4] == again);
  }
}

TEST_CASE("TmxStreamWriter writes what write_tmx writes, a unit at a time", "[tmx]") {
  tmkit::TmxWriteOptions options;
  options.creation_date = 1700000000;
  for (const auto& units : {tmkit::testing::sample_units(), std::vector<TranslationUnit>{}}) {
    std::ostringstream streamed;
    tmkit::TmxStreamWriter writer(streamed, options);
    for (const TranslationUnit& unit : units) REQUIRE(writer.add(unit).ok());
    REQUIRE(writer.finish().ok());
    CHECK(writer.units() == units.size());
    CHECK(streamed.str() == write_to_string(units));
  }
  SECTION("a unit XML cannot hold is refused, named by its count, and not written") {
    std::vector<TranslationUnit> units = tmkit::testing::sample_units();
    units[1].target = "bad\x01text";
    std::ostringstream streamed;
    tmkit::TmxStreamWriter writer(streamed, options);
    REQUIRE(writer.add(units[0]).ok());
    const std::string before = streamed.str();
    const tmkit::Status status = writer.add(units[1]);
    CHECK(status.code() == StatusCode::kInvalidInput);
    CHECK(status.message().find("unit 2 target") != std::string::npos);
    CHECK(streamed.str() == before);
  }
}

namespace {

// Runs the three passes of a TmxMultilingualWriter over `units` into a string.
std::string write_multilingual_streamed(const std::vector<TranslationUnit>& units,
                                        std::size_t* held = nullptr) {
  tmkit::TmxWriteOptions options;
  options.creation_date = 1700000000;
  options.multilingual = true;
  std::ostringstream out;
  tmkit::TmxMultilingualWriter writer(out, options);
  for (const TranslationUnit& unit : units) REQUIRE(writer.plan(unit).ok());
  REQUIRE(writer.next_pass().ok());
  for (const TranslationUnit& unit : units) REQUIRE(writer.collect(unit).ok());
  REQUIRE(writer.next_pass().ok());
  CHECK(out.str().empty());  // nothing is written before the last pass
  for (const TranslationUnit& unit : units) REQUIRE(writer.add(unit).ok());
  REQUIRE(writer.finish().ok());
  CHECK(writer.units() == units.size());
  if (held != nullptr) *held = writer.held_units();
  return out.str();
}

}  // namespace

TEST_CASE("TmxMultilingualWriter writes what write_tmx writes, holding only shared sources",
          "[tmx]") {
  tmkit::TmxWriteOptions options;
  options.multilingual = true;
  std::vector<TranslationUnit> units = multilingual_units();
  // A second German translation (another <tu>), and lone units between and after the others.
  TranslationUnit again = units[0];
  again.target = "[de-DE] zweite Fassung";
  again.target_codes.clear();
  units.push_back(again);
  units.insert(units.begin() + 3, tmkit::testing::sample_units()[0]);
  units.push_back(tmkit::testing::sample_units()[1]);
  units[2].provenance.document = "guide.fr.txt";  // metadata of its own: on its <tuv>
  std::size_t held = 0;
  const std::string streamed = write_multilingual_streamed(units, &held);
  CHECK(streamed == write_to_string(units, options));
  CHECK(held == 4);  // "Save all files" in de, fr, ja and de again; the 3 others are alone
  CHECK(write_multilingual_streamed({}) == write_to_string({}, options));

  SECTION("a pass that differs from the first is refused") {
    std::ostringstream out;
    tmkit::TmxMultilingualWriter writer(out, options);
    for (const TranslationUnit& unit : units) REQUIRE(writer.plan(unit).ok());
    REQUIRE(writer.next_pass().ok());
    const tmkit::Status status = writer.collect(units[1]);  // units[0] was first
    CHECK(status.code() == StatusCode::kInvalidInput);
    CHECK(status.message().find("unit 1") != std::string::npos);
    CHECK(writer.add(units[0]).code() == StatusCode::kInternal);  // still the collect pass
  }
  SECTION("a unit XML cannot hold is refused when planned, named by its count") {
    std::ostringstream out;
    tmkit::TmxMultilingualWriter writer(out, options);
    REQUIRE(writer.plan(units[0]).ok());
    units[1].notes.push_back("bell\x07");
    const tmkit::Status status = writer.plan(units[1]);
    CHECK(status.code() == StatusCode::kInvalidInput);
    CHECK(status.message().find("unit 2 note") != std::string::npos);
  }
}

TEST_CASE("A UTF-16 TMX streams piece by piece, and broken UTF-16 names its byte", "[tmx]") {
  const auto utf16 =
      tmkit::testing::shared_dir() / "data" / "formats" / "tmx" / "lisa-compkit-ImportTest2A.tmx";
  const auto whole = tmkit::read_tmx(utf16);
  REQUIRE(whole.ok());
  std::vector<TranslationUnit> streamed;
  std::size_t calls = 0;
  const auto collect = [&](std::vector<TranslationUnit>&& units) {
    ++calls;
    for (auto& unit : units) streamed.push_back(std::move(unit));
    return tmkit::Status();
  };
  REQUIRE(tmkit::stream_tmx(utf16, {}, collect, nullptr, 256).ok());
  CHECK(streamed == *whole);
  CHECK(calls > 1);  // more than one piece: the file was not read whole
  SECTION("a lone high surrogate") {
    tmkit::testing::TempDir dir;
    std::string bytes = "\xFF\xFE";
    for (char c : std::string("<tmx version=\"1.4\"><header srclang=\"en\"/><body><tu>")) {
      bytes += c;
      bytes += '\0';
    }
    bytes +=
        std::string("\x00\xD8", 2);  // U+D800 little-endian, then '<' instead of a low surrogate
    bytes += std::string("<\0", 2);
    std::ofstream(dir / "bad16.tmx", std::ios::binary) << bytes;
    const tmkit::Status status = tmkit::stream_tmx(dir / "bad16.tmx", {}, collect);
    CHECK(status.code() == StatusCode::kInvalidInput);
    CHECK(status.message().find("unpaired UTF-16 surrogate") != std::string::npos);
    CHECK(status.message().find("at byte 104") != std::string::npos);
  }
}
