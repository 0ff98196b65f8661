// Inline codes read into the unit model, written back, and kept through a translation memory.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "formats_test_util.hpp"
#include "temp_dir.hpp"
#include "test_paths.hpp"
#include "tm_units.hpp"
#include "tmkit/formats/text_file.hpp"
#include "tmkit/formats/tmx.hpp"
#include "tmkit/formats/xliff.hpp"
#include "tmkit/memory/translation_memory.hpp"

namespace {

using tmkit::InlineCode;
using tmkit::TranslationUnit;
using Kind = tmkit::InlineCode::Kind;

using tmkit::testing::code;

std::filesystem::path data_file(const char* name) {
  return tmkit::testing::test_data_dir() / "formats" / name;
}

// Codes compared without the element they came from, which writers do not keep.
struct Shape {
  Kind kind;
  std::string id;
  std::string native;
  friend bool operator==(const Shape&, const Shape&) = default;
};

std::vector<Shape> shapes(const std::vector<InlineCode>& codes) {
  std::vector<Shape> out;
  for (const InlineCode& c : codes) out.push_back({c.kind, c.id, c.native});
  return out;
}

// Kinds and natives only: the TMX writer numbers its pairs, so ids change.
std::vector<std::pair<Kind, std::string>> kinds(const std::vector<InlineCode>& codes) {
  std::vector<std::pair<Kind, std::string>> out;
  for (const InlineCode& c : codes) out.emplace_back(c.kind, c.native);
  return out;
}

std::string write_tmx(const std::vector<TranslationUnit>& units) {
  tmkit::TmxWriteOptions options;
  options.creation_date = 1700000000;
  std::ostringstream out;
  REQUIRE(tmkit::write_tmx(out, units, options).ok());
  return out.str();
}

std::string write_xliff(const std::vector<TranslationUnit>& units, tmkit::XliffVersion version) {
  tmkit::XliffWriteOptions options;
  options.version = version;
  std::ostringstream out;
  REQUIRE(tmkit::write_xliff(out, units, options).ok());
  return out.str();
}

std::vector<TranslationUnit> read(const std::filesystem::path& path) {
  auto result = tmkit::read_units(path, {});
  INFO(result.status().message());
  REQUIRE(result.ok());
  return std::move(result).value();
}

}  // namespace

TEST_CASE("TMX reader keeps bpt/ept/ph and hi as codes with placeholders", "[codes]") {
  tmkit::ReadReport report;
  const auto units = tmkit::read_tmx(data_file("tmx_inline.tmx"), {}, &report);
  REQUIRE(units.ok());
  REQUIRE(units->size() == 1);
  const TranslationUnit& unit = (*units)[0];
  CHECK(unit.source == "The " + code(0) + "big" + code(1) + " " + code(2) + "cat" + code(3) +
                           " sleeps" + code(4) + ".");
  CHECK(unit.target == "Le " + code(0) + "gros" + code(1) + " " + code(2) + "chat" + code(3) +
                           " dort" + code(4) + ".");
  const std::vector<InlineCode> expected = {{Kind::kOpen, "1", "&lt;b&gt;", "bpt"},
                                            {Kind::kClose, "1", "&lt;/b&gt;", "ept"},
                                            {Kind::kOpen, "hi1", "", "hi"},
                                            {Kind::kClose, "hi1", "", "hi"},
                                            {Kind::kPlaceholder, "", "&lt;br/&gt;", "ph"}};
  CHECK(unit.source_codes == expected);
  CHECK(unit.target_codes == expected);
  CHECK(report.skipped == 1);  // the <tu> holding only a <ph> has no text to match
}

TEST_CASE("TMX writer restores codes as bpt/ept/ph and the result is DTD-valid", "[codes]") {
  const auto units = read(data_file("tmx_inline.tmx"));
  const std::string tmx = write_tmx(units);
  CHECK(tmx.find("<seg>The <bpt i=\"1\">&lt;b&gt;</bpt>big<ept i=\"1\">&lt;/b&gt;</ept> "
                 "<bpt i=\"2\"></bpt>cat<ept i=\"2\"></ept> sleeps<ph>&lt;br/&gt;</ph>.</seg>") !=
        std::string::npos);
  tmkit::testing::TempDir dir;
  const auto path = dir / "codes.tmx";
  std::ofstream(path, std::ios::binary) << tmx;
  tmkit::testing::check_schema_valid("--dtdvalid", "tmx/tmx14.dtd", path);
  const auto back = read(path);
  REQUIRE(back.size() == 1);
  CHECK(back[0].source == units[0].source);
  CHECK(back[0].target == units[0].target);
  CHECK(kinds(back[0].source_codes) == kinds(units[0].source_codes));
}

TEST_CASE("TMX writer writes an unpaired opening code as it and a stray PUA as itself", "[codes]") {
  TranslationUnit unit;
  unit.src_lang = tmkit::testing::tag("en");
  unit.tgt_lang = tmkit::testing::tag("fr");
  unit.source = code(0) + "open " + code(5);  // code 5 does not exist: a plain character
  unit.target = code(0) + "ouvert";
  unit.source_codes = {{Kind::kOpen, "9", "&lt;u&gt;", "it"}};
  unit.target_codes = unit.source_codes;
  const std::string tmx = write_tmx({unit});
  CHECK(tmx.find("<seg><it pos=\"begin\">&lt;u&gt;</it>open " + code(5) + "</seg>") !=
        std::string::npos);
}

// A TMX <it x="1"> and a <bpt i="1"> of the same segment are different codes that happen to
// share the number 1 (x and i are separate attributes). The writers paired the <it> with the
// <ept> instead, giving the <it> and the <ept> one id in XLIFF 1.2 and leaving the <bpt> alone.
TEST_CASE("An <it> never pairs with a <bpt>/<ept> of the same number in any export", "[codes]") {
  const std::string tmx =
      "<?xml version=\"1.0\"?><tmx version=\"1.4\"><header creationtool=\"t\" "
      "creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" "
      "srclang=\"en\" datatype=\"plaintext\"/><body>"
      "<tu><tuv xml:lang=\"en\"><seg><it pos=\"begin\" x=\"1\">&lt;i&gt;</it>A <bpt "
      "i=\"1\">&lt;b&gt;</bpt>bold<ept i=\"1\">&lt;/b&gt;</ept> end</seg></tuv>"
      "<tuv xml:lang=\"fr\"><seg>Fin</seg></tuv></tu>"
      "<tu><tuv xml:lang=\"en\"><seg><bpt i=\"1\">&lt;b&gt;</bpt>bold <it pos=\"end\" "
      "x=\"1\">&lt;/i&gt;</it>more<ept i=\"1\">&lt;/b&gt;</ept></seg></tuv>"
      "<tuv xml:lang=\"fr\"><seg>Plus</seg></tuv></tu></body></tmx>";
  const auto parsed = tmkit::parse_tmx(tmx, "it.tmx");
  REQUIRE(parsed.ok());
  const std::vector<TranslationUnit>& units = *parsed;
  REQUIRE(units.size() == 2);
  tmkit::testing::TempDir dir;

  SECTION("XLIFF 1.2: the <it> stays an <it>, the pair keeps an id of its own") {
    const std::string xliff = write_xliff(units, tmkit::XliffVersion::k12);
    CHECK(xliff.find("<source><it id=\"1\" pos=\"open\">&lt;i&gt;</it>A <bpt id=\"c2\">"
                     "&lt;b&gt;</bpt>bold<ept id=\"c2\">&lt;/b&gt;</ept> end</source>") !=
          std::string::npos);
    CHECK(xliff.find("<source><bpt id=\"1\">&lt;b&gt;</bpt>bold <it id=\"c2\" pos=\"close\">"
                     "&lt;/i&gt;</it>more<ept id=\"1\">&lt;/b&gt;</ept></source>") !=
          std::string::npos);
    const auto path = dir / "it.xlf";
    std::ofstream(path, std::ios::binary) << xliff;
    tmkit::testing::check_schema_valid("--schema", "xliff12/xliff-core-1.2-strict.xsd", path);
    const auto back = read(path);
    REQUIRE(back.size() == 2);
    for (std::size_t i = 0; i < 2; ++i) {
      CHECK(back[i].source == units[i].source);
      CHECK(kinds(back[i].source_codes) == kinds(units[i].source_codes));
    }
    // The closing code is read back as the <bpt>'s partner, not the <it>'s.
    const std::vector<InlineCode>& first = back[0].source_codes;
    REQUIRE(first.size() == 3);
    CHECK(first[2].id == first[1].id);
    CHECK(first[0].id != first[1].id);
    const std::vector<InlineCode>& second = back[1].source_codes;
    REQUIRE(second.size() == 3);
    CHECK(second[2].id == second[0].id);
    CHECK(second[1].id != second[0].id);
  }
  SECTION("TMX: the <it> stays an <it>, the pair is <bpt i=1>/<ept i=1>") {
    const std::string out = write_tmx(units);
    CHECK(out.find("<seg><it pos=\"begin\">&lt;i&gt;</it>A <bpt i=\"1\">&lt;b&gt;</bpt>bold"
                   "<ept i=\"1\">&lt;/b&gt;</ept> end</seg>") != std::string::npos);
    CHECK(out.find("<seg><bpt i=\"1\">&lt;b&gt;</bpt>bold <it pos=\"end\">&lt;/i&gt;</it>more"
                   "<ept i=\"1\">&lt;/b&gt;</ept></seg>") != std::string::npos);
  }
  SECTION("XLIFF 2.0: the <it> is an isolated <sc>/<ec>, the pair <sc>/<ec startRef>") {
    const std::string xliff = write_xliff(units, tmkit::XliffVersion::k20);
    CHECK(xliff.find("<source><sc id=\"1\" isolated=\"yes\" dataRef=\"d1\"/>A <sc id=\"c2\" "
                     "dataRef=\"d2\"/>bold<ec startRef=\"c2\" dataRef=\"d3\"/> end</source>") !=
          std::string::npos);
    const auto path = dir / "it20.xlf";
    std::ofstream(path, std::ios::binary) << xliff;
    tmkit::testing::check_schema_valid("--schema", "xliff20/xliff20-with-modules.xsd", path);
    const auto back = read(path);
    REQUIRE(back.size() == 2);
    CHECK(kinds(back[0].source_codes) == kinds(units[0].source_codes));
  }
}

// XLIFF matches a target's codes to its source's by id, so within one trans-unit (unit) an id
// must name one code on both sides. Ids were chosen for the source and the target separately:
// a target with the <it> after the pair gave the pair id 1 there, the <it>'s id in the source.
TEST_CASE("A code has one id in its unit's source and target, and two codes never share one",
          "[codes]") {
  const std::string tmx =
      "<?xml version=\"1.0\"?><tmx version=\"1.4\"><header creationtool=\"t\" "
      "creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" "
      "srclang=\"en\" datatype=\"plaintext\"/><body><tu>"
      "<tuv xml:lang=\"en\"><seg><it pos=\"begin\" x=\"1\">&lt;i&gt;</it>A <bpt "
      "i=\"1\">&lt;b&gt;</bpt>bold<ept i=\"1\">&lt;/b&gt;</ept> end<ph>&lt;br/&gt;</ph></seg>"
      "</tuv><tuv xml:lang=\"fr\"><seg><ph>&lt;br/&gt;</ph><bpt i=\"1\">&lt;b&gt;</bpt>gras"
      "<ept i=\"1\">&lt;/b&gt;</ept> <it pos=\"begin\" x=\"1\">&lt;i&gt;</it>fin</seg></tuv>"
      "</tu></body></tmx>";
  const auto units = tmkit::parse_tmx(tmx, "order.tmx");
  REQUIRE(units.ok());
  REQUIRE(units->size() == 1);
  tmkit::testing::TempDir dir;
  SECTION("XLIFF 1.2") {
    const std::string xliff = write_xliff(*units, tmkit::XliffVersion::k12);
    CHECK(xliff.find("<source><it id=\"1\" pos=\"open\">&lt;i&gt;</it>A <bpt id=\"c2\">&lt;b&gt;"
                     "</bpt>bold<ept id=\"c2\">&lt;/b&gt;</ept> end<ph id=\"c4\">&lt;br/&gt;</ph>"
                     "</source>") != std::string::npos);
    CHECK(xliff.find("<target state=\"translated\"><ph id=\"c4\">&lt;br/&gt;</ph><bpt "
                     "id=\"c2\">&lt;b&gt;</bpt>gras<ept id=\"c2\">&lt;/b&gt;</ept> <it id=\"1\" "
                     "pos=\"open\">&lt;i&gt;</it>fin</target>") != std::string::npos);
    const auto path = dir / "order.xlf";
    std::ofstream(path, std::ios::binary) << xliff;
    tmkit::testing::check_schema_valid("--schema", "xliff12/xliff-core-1.2-strict.xsd", path);
    const auto back = read(path);
    REQUIRE(back.size() == 1);
    CHECK(kinds(back[0].source_codes) == kinds((*units)[0].source_codes));
    CHECK(kinds(back[0].target_codes) == kinds((*units)[0].target_codes));
  }
  SECTION("XLIFF 2.0") {
    const std::string xliff = write_xliff(*units, tmkit::XliffVersion::k20);
    CHECK(xliff.find("<source><sc id=\"1\" isolated=\"yes\" dataRef=\"d1\"/>A <sc id=\"c2\" "
                     "dataRef=\"d2\"/>bold<ec startRef=\"c2\" dataRef=\"d3\"/> end<ph id=\"c4\" "
                     "dataRef=\"d4\"/></source>") != std::string::npos);
    CHECK(xliff.find("<target><ph id=\"c4\" dataRef=\"d5\"/><sc id=\"c2\" dataRef=\"d6\"/>gras"
                     "<ec startRef=\"c2\" dataRef=\"d7\"/> <sc id=\"1\" isolated=\"yes\" "
                     "dataRef=\"d8\"/>fin</target>") != std::string::npos);
    const auto path = dir / "order20.xlf";
    std::ofstream(path, std::ios::binary) << xliff;
    tmkit::testing::check_schema_valid("--schema", "xliff20/xliff20-with-modules.xsd", path);
    const auto back = read(path);
    REQUIRE(back.size() == 1);
    CHECK(kinds(back[0].target_codes) == kinds((*units)[0].target_codes));
  }
}

TEST_CASE("XLIFF 1.2 reader keeps g/x/bx/ex/ph/bpt/ept/it/mrk as codes", "[codes]") {
  const auto units = read(data_file("xliff12_codes.xlf"));
  REQUIRE(units.size() == 2);
  CHECK(units[0].source == "Click " + code(0) + "Save" + code(1) + code(2) + " or " + code(3) +
                               "Cancel" + code(4) + " " + code(5) + code(6) + "now" + code(7) +
                               ".");
  CHECK(units[0].target == "Klicken Sie " + code(0) + "Speichern" + code(1) + code(2) + " oder " +
                               code(3) + "Abbrechen" + code(4) + " " + code(5) + code(6) + "jetzt" +
                               code(7) + ".");
  const std::vector<InlineCode> first = {
      {Kind::kOpen, "1", "", "g"},        {Kind::kClose, "1", "", "g"},
      {Kind::kPlaceholder, "2", "", "x"}, {Kind::kOpen, "3", "", "bx"},
      {Kind::kClose, "3", "", "ex"},      {Kind::kPlaceholder, "5", "&lt;br/&gt;", "ph"},
      {Kind::kOpen, "mrk1", "", "mrk"},   {Kind::kClose, "mrk1", "", "mrk"}};
  CHECK(units[0].source_codes == first);
  CHECK(units[0].target_codes == first);
  CHECK(units[1].source == code(0) + "Italic" + code(1) + " and " + code(2) + "open");
  const std::vector<InlineCode> second = {{Kind::kOpen, "7", "&lt;i&gt;", "bpt"},
                                          {Kind::kClose, "7", "&lt;/i&gt;", "ept"},
                                          {Kind::kOpen, "8", "&lt;u&gt;", "it"}};
  CHECK(units[1].source_codes == second);
}

TEST_CASE("XLIFF 2 reader keeps pc/ph/sc/ec/mrk/cp as codes with their originalData", "[codes]") {
  const auto units = read(data_file("xliff20_codes.xlf"));
  REQUIRE(units.size() == 1);
  CHECK(units[0].source == code(0) + "Bold" + code(1) + " text" + code(2) + " " + code(3) + "span" +
                               code(4) + " " + code(5) + "here" + code(6) + code(7) + ".");
  const std::vector<InlineCode> expected = {{Kind::kOpen, "1", "&lt;b&gt;", "pc"},
                                            {Kind::kClose, "1", "&lt;/b&gt;", "pc"},
                                            {Kind::kPlaceholder, "2", "&lt;br/&gt;", "ph"},
                                            {Kind::kOpen, "3", "", "sc"},
                                            {Kind::kClose, "3", "", "ec"},
                                            {Kind::kOpen, "m1", "", "mrk"},
                                            {Kind::kClose, "m1", "", "mrk"},
                                            {Kind::kPlaceholder, "0001", "", "cp"}};
  CHECK(units[0].source_codes == expected);
  CHECK(units[0].target_codes == expected);
}

TEST_CASE("Codes survive every writer and reader pair and the output validates", "[codes]") {
  tmkit::testing::TempDir dir;
  for (const char* input : {"tmx_inline.tmx", "xliff12_codes.xlf", "xliff20_codes.xlf"}) {
    const auto units = read(data_file(input));
    INFO(input);
    SECTION("XLIFF 1.2") {
      const auto path = dir / "out12.xlf";
      std::ofstream(path, std::ios::binary) << write_xliff(units, tmkit::XliffVersion::k12);
      tmkit::testing::check_schema_valid("--schema", "xliff12/xliff-core-1.2-strict.xsd", path);
      const auto back = read(path);
      REQUIRE(back.size() == units.size());
      for (std::size_t i = 0; i < units.size(); ++i) {
        CHECK(back[i].source == units[i].source);
        CHECK(back[i].target == units[i].target);
        CHECK(kinds(back[i].source_codes) == kinds(units[i].source_codes));
        CHECK(kinds(back[i].target_codes) == kinds(units[i].target_codes));
      }
    }
    SECTION("XLIFF 2.0") {
      const auto path = dir / "out20.xlf";
      std::ofstream(path, std::ios::binary) << write_xliff(units, tmkit::XliffVersion::k20);
      tmkit::testing::check_schema_valid("--schema", "xliff20/xliff20-with-modules.xsd", path);
      const auto back = read(path);
      REQUIRE(back.size() == units.size());
      for (std::size_t i = 0; i < units.size(); ++i) {
        CHECK(back[i].source == units[i].source);
        CHECK(back[i].target == units[i].target);
        CHECK(kinds(back[i].source_codes) == kinds(units[i].source_codes));
      }
    }
    SECTION("TMX") {
      const auto path = dir / "out.tmx";
      std::ofstream(path, std::ios::binary) << write_tmx(units);
      tmkit::testing::check_schema_valid("--dtdvalid", "tmx/tmx14.dtd", path);
      const auto back = read(path);
      REQUIRE(back.size() == units.size());
      for (std::size_t i = 0; i < units.size(); ++i) {
        CHECK(back[i].source == units[i].source);
        CHECK(kinds(back[i].target_codes) == kinds(units[i].target_codes));
      }
    }
  }
}

TEST_CASE("XLIFF 2 writer keeps code ids and puts natives into originalData", "[codes]") {
  const auto units = read(data_file("xliff20_codes.xlf"));
  const std::string xliff = write_xliff(units, tmkit::XliffVersion::k20);
  CHECK(xliff.find("<data id=\"d1\">&lt;b&gt;</data>") != std::string::npos);
  CHECK(xliff.find("<source><sc id=\"1\" dataRef=\"d1\"/>Bold<ec startRef=\"1\" dataRef=\"d2\"/> "
                   "text<ph id=\"2\" dataRef=\"d3\"/> <sc id=\"3\"/>span<ec startRef=\"3\"/> "
                   "<sc id=\"m1\"/>here<ec startRef=\"m1\"/><cp hex=\"0001\"/>.</source>") !=
        std::string::npos);
  tmkit::testing::TempDir dir;
  const auto path = dir / "ids.xlf";
  std::ofstream(path, std::ios::binary) << xliff;
  CHECK(shapes(read(path)[0].source_codes)[0] == Shape{Kind::kOpen, "1", "&lt;b&gt;"});
}

// A code's native data is kept as escaped XML. <originalData><data> takes text only (and <cp>),
// so native data holding markup (a TMX <sub>, a CDATA section) was dropped from XLIFF 2 exports:
// it must go there as the text it stands for, escaped.
TEST_CASE("XLIFF 2 writer keeps native data holding markup as escaped text", "[codes]") {
  const std::string tmx =
      "<?xml version=\"1.0\"?><tmx version=\"1.4\"><header creationtool=\"t\" "
      "creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" "
      "srclang=\"en\" datatype=\"plaintext\"/><body><tu>"
      "<tuv xml:lang=\"en\"><seg>A<ph>&lt;b&gt;</ph>B<ph x=\"2\">&amp;nbsp;</ph>C<ph "
      "x=\"3\">&lt;a href=\"<sub>x &amp; y</sub>\"&gt;</ph>D<ph "
      "x=\"4\"><![CDATA[<br/>]]></ph>E</seg></tuv>"
      "<tuv xml:lang=\"fr\"><seg>F</seg></tuv></tu></body></tmx>";
  const auto parsed = tmkit::parse_tmx(tmx, "native.tmx");
  REQUIRE(parsed.ok());
  REQUIRE(parsed->size() == 1);
  const std::string xliff = write_xliff(*parsed, tmkit::XliffVersion::k20);
  CHECK(xliff.find("<data id=\"d1\">&lt;b&gt;</data>") != std::string::npos);
  CHECK(xliff.find("<data id=\"d2\">&amp;nbsp;</data>") != std::string::npos);
  CHECK(xliff.find("<data id=\"d3\">&lt;a href=\"x &amp; y\"&gt;</data>") != std::string::npos);
  CHECK(xliff.find("<data id=\"d4\">&lt;br/&gt;</data>") != std::string::npos);
  CHECK(xliff.find("<source>A<ph id=\"c1\" dataRef=\"d1\"/>B<ph id=\"2\" dataRef=\"d2\"/>C"
                   "<ph id=\"3\" dataRef=\"d3\"/>D<ph id=\"4\" dataRef=\"d4\"/>E</source>") !=
        std::string::npos);
  tmkit::testing::TempDir dir;
  const auto path = dir / "native20.xlf";
  std::ofstream(path, std::ios::binary) << xliff;
  tmkit::testing::check_schema_valid("--schema", "xliff20/xliff20-with-modules.xsd", path);
  const auto back = read(path);
  REQUIRE(back.size() == 1);
  CHECK(back[0].source == (*parsed)[0].source);
  const std::vector<std::pair<Kind, std::string>> expected = {
      {Kind::kPlaceholder, "&lt;b&gt;"},
      {Kind::kPlaceholder, "&amp;nbsp;"},
      {Kind::kPlaceholder, "&lt;a href=\"x &amp; y\"&gt;"},  // the <sub> boundary is not kept
      {Kind::kPlaceholder, "&lt;br/&gt;"}};
  CHECK(kinds(back[0].source_codes) == expected);
}

TEST_CASE("Codes survive a translation memory and do not count as words in lookup", "[codes]") {
  tmkit::testing::TempDir dir;
  const auto units = read(data_file("xliff12_codes.xlf"));
  auto tm = tmkit::TranslationMemory::open(dir / "tm");
  REQUIRE(tm.ok());
  REQUIRE(tm->add(units).ok());
  const auto all = tmkit::testing::all_units(*tm);
  REQUIRE(all.ok());
  const std::vector<TranslationUnit>& stored = *all;
  REQUIRE(stored.size() == 2);
  CHECK(stored[0] == units[0]);  // every field, codes included
  CHECK(stored[1] == units[1]);
  tmkit::LookupOptions options;
  options.min_score = 0;
  // Same words as unit 2 ("Italic and open"), its 3 codes missing: 99 (form only) - 3 x 1.
  const auto matches = tm->lookup("Italic and open", options);
  REQUIRE(matches.ok());
  REQUIRE(!matches->empty());
  CHECK((*matches)[0].score == Approx(96.0));
  CHECK((*matches)[0].unit.target_codes == units[1].target_codes);
}
