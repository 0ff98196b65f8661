// Pre-translation of XLIFF files from matches found by a stand-in for the TM.
#include "tmkit/formats/pretranslate.hpp"

#include <catch2/catch.hpp>
#include <fstream>

#include "formats_test_util.hpp"
#include "temp_dir.hpp"
#include "test_paths.hpp"
#include "tmkit/formats/text_file.hpp"

namespace {

using tmkit::PretranslateMatch;
using tmkit::TranslationUnit;

std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::filesystem::path data_file(const char* name) {
  return tmkit::testing::test_data_dir() / "formats" / name;
}

// A TM of `units` scored by the rule tests need: 100 for the same source, 80 for a source that
// shares its first 20 bytes, nothing otherwise.
tmkit::MatchFinder finder(std::vector<TranslationUnit> units) {
  return [units = std::move(units)](
             std::string_view source, const tmkit::LangTag&,
             const tmkit::LangTag&) -> tmkit::Result<std::vector<PretranslateMatch>> {
    std::vector<PretranslateMatch> out;
    for (const TranslationUnit& unit : units) {
      if (unit.source == source) {
        out.insert(out.begin(), {100.0, unit});
      } else if (source.size() > 20 && unit.source.compare(0, 20, source.substr(0, 20)) == 0) {
        out.push_back({80.0, unit});
      }
    }
    return out;
  };
}

std::vector<TranslationUnit> units_of(const char* file) {
  auto units = tmkit::read_units(data_file(file), {});
  REQUIRE(units.ok());
  return std::move(units).value();
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("XLIFF 1.2 pre-translation fills exact targets and adds alt-trans for fuzzy ones",
          "[pretranslate]") {
  const std::string input = read_bytes(data_file("pretranslate12.xlf"));
  tmkit::PretranslateReport report;
  const auto out = tmkit::pretranslate_xliff(input, "pretranslate12.xlf",
                                             finder(units_of("xliff12_codes.xlf")), {}, &report);
  INFO(out.status().message());
  REQUIRE(out.ok());
  // Unit 1: exact, the target after the source on a line of its own, codes restored.
  CHECK(contains(*out,
                 "open</source>\n        <target state=\"translated\" "
                 "state-qualifier=\"exact-match\"><bpt id=\"7\">&lt;i&gt;</bpt>Kursiv<ept "
                 "id=\"7\">&lt;/i&gt;</ept> und <it id=\"8\" pos=\"open\">&lt;u&gt;</it>offen"
                 "</target>\n      </trans-unit>"));
  // Unit 3: an 80% candidate.
  CHECK(contains(*out,
                 "open too</source>\n        <alt-trans match-quality=\"80\" "
                 "origin=\"tmkit\">\n          <source>"));
  // Unit 4 keeps its own target; unit 2 (no match) its empty one.
  CHECK(contains(*out, "<target>Schon da</target>"));
  CHECK(contains(*out, "closed</source>\n        <target/>"));
  CHECK(report.segments == 3);
  CHECK(report.exact == 1);
  CHECK(report.fuzzy == 2);  // units 2 and 3 share their first 20 bytes with unit 1's source
  CHECK(report.untouched == 1);
  tmkit::testing::TempDir dir;
  const auto path = dir / "out12.xlf";
  std::ofstream(path, std::ios::binary) << *out;
  tmkit::testing::check_schema_valid("--schema", "xliff12/xliff-core-1.2-strict.xsd", path);
}

TEST_CASE("XLIFF 2 pre-translation sets the target and state and adds mtc:matches",
          "[pretranslate]") {
  const std::string input = read_bytes(data_file("pretranslate20.xlf"));
  tmkit::PretranslateReport report;
  const auto out = tmkit::pretranslate_xliff(input, "pretranslate20.xlf",
                                             finder(units_of("xliff20_codes.xlf")), {}, &report);
  INFO(out.status().message());
  REQUIRE(out.ok());
  CHECK(contains(*out, "<segment state=\"translated\">"));
  CHECK(contains(*out,
                 "<target><sc id=\"1\"/>Gras<ec startRef=\"1\"/> texte<ph id=\"2\"/> "
                 "<sc id=\"3\"/>zone<ec startRef=\"3\"/> <sc id=\"m1\"/>ici<ec "
                 "startRef=\"m1\"/><cp hex=\"0001\"/>.</target>"));
  CHECK(contains(*out,
                 "<unit id=\"u1\"><mtc:matches "
                 "xmlns:mtc=\"urn:oasis:names:tc:xliff:matches:2.0\"><mtc:match "
                 "ref=\"#tmkit-s1\" matchQuality=\"80\" origin=\"tmkit\" type=\"tm\">"));
  CHECK(contains(*out, "<segment id=\"tmkit-s1\" state=\"initial\">"));
  CHECK(report.exact == 1);
  CHECK(report.fuzzy == 1);
  tmkit::testing::TempDir dir;
  const auto path = dir / "out20.xlf";
  std::ofstream(path, std::ios::binary) << *out;
  tmkit::testing::check_schema_valid("--schema", "xliff20/xliff20-with-modules.xsd", path);
  // The result reads back: the filled segment is a unit now.
  const auto back = tmkit::read_units(path, {});
  REQUIRE(back.ok());
  CHECK(back->size() == 1);
}

TEST_CASE("Pre-translating the real XLIFF samples keeps them readable and valid",
          "[pretranslate]") {
  tmkit::testing::TempDir dir;
  const auto root = tmkit::testing::shared_dir() / "data" / "formats";
  std::size_t files = 0;
  std::size_t filled = 0;
  for (const char* folder : {"xliff1", "xliff2"}) {
    for (const auto& entry : std::filesystem::directory_iterator(root / folder)) {
      const auto path = entry.path();
      INFO(path.string());
      const std::string input = read_bytes(path);
      const auto units = tmkit::read_units(path, {});
      REQUIRE(units.ok());
      const auto find =
          [&](std::string_view source, const tmkit::LangTag&,
              const tmkit::LangTag&) -> tmkit::Result<std::vector<PretranslateMatch>> {
        // Every source gets an exact match: its own text as the target, with one code for each
        // of its placeholders (as a TM unit of that text would have), which the target must
        // write back as the file's own codes.
        TranslationUnit unit;
        unit.source = std::string(source);
        unit.target = std::string(source);
        for (std::size_t i = 0; i + 2 < source.size(); ++i) {
          const auto byte = [&](std::size_t at) { return static_cast<unsigned char>(source[at]); };
          if ((byte(i) & 0xF0) != 0xE0) continue;
          const unsigned cp =
              ((byte(i) & 0x0Fu) << 12) | ((byte(i + 1) & 0x3Fu) << 6) | (byte(i + 2) & 0x3Fu);
          if (cp < tmkit::kFirstCodePoint || cp > tmkit::kLastCodePoint) continue;
          unit.source_codes.push_back({tmkit::InlineCode::Kind::kPlaceholder,
                                       "c" + std::to_string(unit.source_codes.size()), "", ""});
        }
        unit.target_codes = unit.source_codes;
        return std::vector<PretranslateMatch>{{100.0, unit}};
      };
      tmkit::PretranslateReport report;
      const auto out =
          tmkit::pretranslate_xliff(input, path.filename().string(), find, {}, &report);
      if (!out.ok()) {
        // Only a file without a target language cannot be pre-translated.
        CHECK((contains(out.status().message(), "Lang") ||
               contains(out.status().message(), "language")));
        continue;
      }
      ++files;
      filled += report.exact;
      const auto written = dir / path.filename();
      std::ofstream(written, std::ios::binary) << *out;
      auto again = tmkit::read_units(written, {});
      INFO(again.status().message());
      REQUIRE(again.ok());
      // Every filled segment is a unit now; untouched ones are as before.
      CHECK(again->size() >= units->size());
      // Files that were schema-valid stay so.
      const bool v2 = std::string_view(folder) == "xliff2";
      const char* schema =
          v2 ? "xliff20/xliff20-with-modules.xsd" : "xliff12/xliff-core-1.2-transitional.xsd";
      // xmllint leaves a log beside the file it checks: check a copy, never the shared file.
      const auto original = dir / ("original-" + path.filename().string());
      std::ofstream(original, std::ios::binary) << input;
      if (tmkit::testing::xmllint("--schema", schema, original) == 0) {
        tmkit::testing::check_schema_valid("--schema", schema, written);
      }
    }
  }
  CHECK(files > 20);
  CHECK(filled > 100);
}

namespace {

// A TM unit for "Click <b>Save</b> now{x}." read from a TMX: its codes have the TMX's ids and
// native data, not the file's.
TranslationUnit tm_unit_with_codes(bool keep_placeholder) {
  using Kind = tmkit::InlineCode::Kind;
  using tmkit::testing::code;
  TranslationUnit unit;
  unit.src_lang = tmkit::testing::tag("en");
  unit.tgt_lang = tmkit::testing::tag("fr");
  unit.source = "Click " + code(0) + "Save" + code(1) + " now" + code(2) + ".";
  unit.source_codes = {{Kind::kOpen, "1", "&lt;b&gt;", "bpt"},
                       {Kind::kClose, "1", "&lt;/b&gt;", "ept"},
                       {Kind::kPlaceholder, "7", "{x}", "ph"}};
  unit.target = std::string("Cliquez maintenant sur ") + code(0) + "Enregistrer" + code(1) +
                (keep_placeholder ? code(2) : "") + ".";
  unit.target_codes = unit.source_codes;
  return unit;
}

const char* const kFileWithCodes =
    "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"en\" "
    "trgLang=\"fr\"><file id=\"f1\"><unit id=\"u1\"><originalData><data id=\"d1\">[b]</data>"
    "<data id=\"d2\">[/b]</data><data id=\"d3\">{x}</data></originalData><segment><source>Click "
    "<pc id=\"p1\" dataRefStart=\"d1\" dataRefEnd=\"d2\">Save</pc> now<ph id=\"x9\" "
    "dataRef=\"d3\" canDelete=\"no\"/>.</source></segment></unit></file></xliff>";

}  // namespace

TEST_CASE("An exact match is written with the file's own inline codes, not the TM's",
          "[pretranslate]") {
  SECTION("the TM target's codes become the file's <pc> and <ph>") {
    tmkit::PretranslateReport report;
    const auto out = tmkit::pretranslate_xliff(kFileWithCodes, "codes.xlf",
                                               finder({tm_unit_with_codes(true)}), {}, &report);
    INFO(out.status().message());
    REQUIRE(out.ok());
    CHECK(report.exact == 1);
    CHECK(contains(*out,
                   "<target>Cliquez maintenant sur <pc id=\"p1\" dataRefStart=\"d1\" "
                   "dataRefEnd=\"d2\">Enregistrer</pc><ph id=\"x9\" dataRef=\"d3\" "
                   "canDelete=\"no\"/>.</target>"));
    tmkit::testing::TempDir dir;
    std::ofstream(dir / "out.xlf", std::ios::binary) << *out;
    tmkit::testing::check_schema_valid("--schema", "xliff20/xliff20-with-modules.xsd",
                                       dir / "out.xlf");
    REQUIRE(tmkit::read_units(dir / "out.xlf", {}).ok());
  }
  SECTION("a match that would drop a code the file marks canDelete=\"no\" is only a candidate") {
    tmkit::PretranslateReport report;
    const auto out = tmkit::pretranslate_xliff(kFileWithCodes, "codes.xlf",
                                               finder({tm_unit_with_codes(false)}), {}, &report);
    REQUIRE(out.ok());
    CHECK(report.exact == 0);
    CHECK(report.fuzzy == 1);
    CHECK_FALSE(contains(*out, "state=\"translated\""));  // no segment filled
    CHECK(contains(*out, "matchQuality=\"100\""));
  }
}

TEST_CASE("Segments of a <seg-source> are pre-translated one by one", "[pretranslate]") {
  using tmkit::testing::code;
  const std::string input = read_bytes(data_file("pretranslate12_segsource.xlf"));
  std::vector<TranslationUnit> tm(3);
  for (auto& unit : tm) {
    unit.src_lang = tmkit::testing::tag("en");
    unit.tgt_lang = tmkit::testing::tag("fr");
  }
  tm[0].source = "Open the file.";
  tm[0].target = "Ouvrez le fichier.";
  tm[1].source = "Save it " + code(0) + "now" + code(1) + ".";
  tm[1].source_codes = {{tmkit::InlineCode::Kind::kOpen, "b", "&lt;b&gt;", "bpt"},
                        {tmkit::InlineCode::Kind::kClose, "b", "&lt;/b&gt;", "ept"}};
  tm[1].target = "Enregistrez-le " + code(0) + "maintenant" + code(1) + ".";
  tm[1].target_codes = tm[1].source_codes;
  tm[2].source = "Close the window of the browser.";  // the first 20 bytes: a fuzzy match
  tm[2].target = "Fermez la fenêtre du navigateur.";
  tmkit::PretranslateReport report;
  const auto out = tmkit::pretranslate_xliff(input, "segs.xlf", finder(tm),
                                             tmkit::PretranslateOptions{}, &report);
  INFO(out.status().message());
  REQUIRE(out.ok());
  CHECK(report.exact == 2);
  CHECK(report.fuzzy == 1);
  // The file's own <g id="1"> in the target, the third segment left empty, its candidate
  // marked with its mid; not every segment is exact, so no state.
  CHECK(contains(*out,
                 "<target><mrk mtype=\"seg\" mid=\"s1\">Ouvrez le fichier.</mrk> <mrk "
                 "mtype=\"seg\" mid=\"s2\">Enregistrez-le <g id=\"1\">maintenant</g>.</mrk> "
                 "<mrk mtype=\"seg\" mid=\"s3\"/></target>"));
  CHECK(contains(*out, "<alt-trans mid=\"s3\" match-quality=\"80\""));
  tmkit::testing::TempDir dir;
  std::ofstream(dir / "segs.xlf", std::ios::binary) << *out;
  tmkit::testing::check_schema_valid("--schema", "xliff12/xliff-core-1.2-strict.xsd",
                                     dir / "segs.xlf");
  const auto back = tmkit::read_units(dir / "segs.xlf", {});
  INFO(back.status().message());
  REQUIRE(back.ok());
  REQUIRE(back->size() == 2);  // one unit per filled segment
  CHECK((*back)[0].target == "Ouvrez le fichier.");
  CHECK((*back)[1].target == "Enregistrez-le " + code(0) + "maintenant" + code(1) + ".");
}
