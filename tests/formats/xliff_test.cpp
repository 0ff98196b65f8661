#include "tmkit/formats/xliff.hpp"

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
using tmkit::XliffVersion;
using tmkit::XliffWriteOptions;
using tmkit::testing::code;
using tmkit::testing::tag;

std::string write_to_string(const std::vector<TranslationUnit>& units, XliffVersion version) {
  XliffWriteOptions options;
  options.version = version;
  options.original = "briefing & more.txt";
  std::ostringstream out;
  const tmkit::Status status = tmkit::write_xliff(out, units, options);
  INFO(status.message());
  REQUIRE(status.ok());
  return out.str();
}

std::vector<TranslationUnit> read_data(const char* file, const ReadOptions& options = {},
                                       tmkit::ReadReport* report = nullptr) {
  auto result =
      tmkit::read_xliff(tmkit::testing::test_data_dir() / "formats" / file, options, report);
  INFO(result.status().message());
  REQUIRE(result.ok());
  return std::move(result).value();
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("XLIFF written and read back keeps every field", "[xliff]") {
  const std::vector<TranslationUnit> units = tmkit::testing::sample_units();
  const auto version = GENERATE(XliffVersion::k12, XliffVersion::k20);
  const std::string xliff = write_to_string(units, version);
  auto read = tmkit::parse_xliff(xliff, "round-trip.xlf");
  INFO(read.status().message());
  REQUIRE(read.ok());
  REQUIRE(read->size() == 2);
  CHECK((*read)[0] == units[0]);
  CHECK((*read)[1] == units[1]);
}

TEST_CASE("XLIFF 1.2 writer marks approval by confidence and preserves spaces", "[xliff]") {
  const std::string xliff = write_to_string(tmkit::testing::sample_units(), XliffVersion::k12);
  CHECK(contains(xliff, "<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">"));
  CHECK(contains(xliff,
                 "<file original=\"briefing &amp; more.txt\" source-language=\"zh-CN\" "
                 "target-language=\"en\" datatype=\"plaintext\">"));
  CHECK(contains(xliff, "<trans-unit id=\"1\" approved=\"yes\">"));
  CHECK(contains(xliff, "<target state=\"translated\" xml:space=\"preserve\">  Leading"));
  CHECK(contains(xliff, "<trans-unit id=\"2\">"));
  CHECK(contains(xliff, "<target state=\"needs-review-translation\">Second"));
  CHECK(contains(xliff, "<note from=\"tmkit\">x-tmkit-confidence: 0.875</note>"));
}

TEST_CASE("XLIFF 2.0 writer marks approval by segment state", "[xliff]") {
  const std::string xliff = write_to_string(tmkit::testing::sample_units(), XliffVersion::k20);
  CHECK(contains(xliff,
                 "<xliff version=\"2.0\" xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" "
                 "srcLang=\"zh-CN\" trgLang=\"en\">"));
  CHECK(contains(xliff, "<file id=\"f1\""));
  CHECK(contains(xliff, "<unit id=\"u1\">"));
  CHECK(contains(xliff, "<segment state=\"translated\">"));
  CHECK(contains(xliff, "<segment state=\"initial\">"));
  CHECK(contains(xliff, "<note category=\"tmkit\">x-tmkit-document: briefing.zh.txt</note>"));
}

TEST_CASE("XLIFF writer output is valid against the OASIS schemas", "[xliff]") {
  tmkit::testing::TempDir dir;
  const auto units = tmkit::testing::sample_units();
  SECTION("XLIFF 1.2 strict") {
    const auto path = dir / "out12.xlf";
    std::ofstream(path, std::ios::binary) << write_to_string(units, XliffVersion::k12);
    tmkit::testing::check_schema_valid("--schema", "xliff12/xliff-core-1.2-strict.xsd", path);
  }
  SECTION("XLIFF 2.0 with modules") {
    const auto path = dir / "out20.xlf";
    std::ofstream(path, std::ios::binary) << write_to_string(units, XliffVersion::k20);
    tmkit::testing::check_schema_valid("--schema", "xliff20/xliff20-with-modules.xsd", path);
  }
  SECTION("XLIFF 1.2 of a unit without provenance or notes") {
    TranslationUnit bare = units[0];
    bare.provenance = {};
    bare.props.clear();
    bare.notes.clear();
    bare.created = 0;
    const auto path = dir / "bare12.xlf";
    std::ofstream(path, std::ios::binary) << write_to_string({bare}, XliffVersion::k12);
    tmkit::testing::check_schema_valid("--schema", "xliff12/xliff-core-1.2-strict.xsd", path);
    const auto path20 = dir / "bare20.xlf";
    std::ofstream(path20, std::ios::binary) << write_to_string({bare}, XliffVersion::k20);
    tmkit::testing::check_schema_valid("--schema", "xliff20/xliff20-with-modules.xsd", path20);
  }
}

TEST_CASE("XLIFF writer refuses mixed language pairs or control characters or an empty 2.0 file",
          "[xliff]") {
  std::vector<TranslationUnit> units = tmkit::testing::sample_units();
  std::ostringstream out;
  SECTION("mixed pairs") {
    units[1].tgt_lang = tag("fr");
    const tmkit::Status status = tmkit::write_xliff(out, units);
    CHECK(status.code() == StatusCode::kInvalidInput);
    CHECK(contains(status.message(), "unit 2"));
  }
  SECTION("control character") {
    units[0].source += '\x1F';
    const tmkit::Status status = tmkit::write_xliff(out, units);
    CHECK(status.code() == StatusCode::kInvalidInput);
    CHECK(contains(status.message(), "unit 1 source"));
  }
  SECTION("no units in 2.0") {
    XliffWriteOptions options;
    options.version = XliffVersion::k20;
    options.src_lang = tag("en");
    options.tgt_lang = tag("fr");
    CHECK(tmkit::write_xliff(out, {}, options).code() == StatusCode::kInvalidInput);
  }
  CHECK(out.str().empty());
}

TEST_CASE("XliffStreamWriter writes what write_xliff writes, a unit at a time", "[xliff]") {
  const std::vector<TranslationUnit> units = tmkit::testing::sample_units();
  for (const auto version : {tmkit::XliffVersion::k12, tmkit::XliffVersion::k20}) {
    tmkit::XliffWriteOptions options;
    options.version = version;
    options.src_lang = units[0].src_lang;
    options.tgt_lang = units[0].tgt_lang;
    std::ostringstream whole;
    REQUIRE(tmkit::write_xliff(whole, units, options).ok());
    std::ostringstream streamed;
    tmkit::XliffStreamWriter writer(streamed, options);
    REQUIRE(writer.add(units[0]).ok());
    // Refused, nothing written, and the next unit still taken.
    const std::string before = streamed.str();
    TranslationUnit other_pair = units[1];
    other_pair.tgt_lang = tmkit::testing::tag("fr");
    const tmkit::Status pair = writer.add(other_pair);
    CHECK(pair.code() == StatusCode::kInvalidInput);
    CHECK(pair.message().find("unit 2 is zh-CN->fr but the file is zh-CN->en") !=
          std::string::npos);
    TranslationUnit bell = units[1];
    bell.source += "\x07";
    const tmkit::Status control = writer.add(bell);
    CHECK(control.code() == StatusCode::kInvalidInput);
    CHECK(control.message().find("unit 2 source") != std::string::npos);
    CHECK(streamed.str() == before);
    REQUIRE(writer.add(units[1]).ok());
    REQUIRE(writer.finish().ok());
    CHECK(writer.units() == 2);
    CHECK(streamed.str() == whole.str());
  }
  SECTION("without units: XLIFF 1.2 is an empty <body>, XLIFF 2.0 an error and no output") {
    tmkit::XliffWriteOptions options;
    options.src_lang = units[0].src_lang;
    options.tgt_lang = units[0].tgt_lang;
    std::ostringstream empty12;
    tmkit::XliffStreamWriter writer12(empty12, options);
    REQUIRE(writer12.finish().ok());
    CHECK(empty12.str().find("<body>\n    </body>") != std::string::npos);
    options.version = tmkit::XliffVersion::k20;
    std::ostringstream empty20;
    tmkit::XliffStreamWriter writer20(empty20, options);
    CHECK(writer20.finish().code() == StatusCode::kInvalidInput);
    CHECK(empty20.str().empty());
  }
}

TEST_CASE("XLIFF 1.2 reader splits seg-source segments and pairs them by mid", "[xliff]") {
  const auto units = read_data("xliff12_segsource.xlf");
  REQUIRE(units.size() == 3);
  CHECK(units[0].src_lang == tag("zh-CN"));
  CHECK(units[0].tgt_lang == tag("en"));
  CHECK(units[0].source == "我们欢迎。");
  CHECK(units[0].target == "We welcome it.");
  CHECK(units[1].source == "我们" + code(0) + "反对" + code(1) + "。");  // <g> kept as codes
  CHECK(units[1].target == "We " + code(0) + "oppose" + code(1) + " it.");
  CHECK(units[2].source == "谢谢。");
  CHECK(units[2].target == "Thank you.");
  CHECK(units[2].provenance.speaker == "Zhu Guoxian");
  CHECK(units[2].notes == std::vector<std::string>{"polite form"});
}

TEST_CASE("XLIFF 1.2 reader ignores alt-trans and translate=no and walks nested groups",
          "[xliff]") {
  tmkit::ReadReport report;
  const auto units = read_data("xliff12_alttrans.xlf", {}, &report);
  REQUIRE(units.size() == 2);
  CHECK(units[0].source == "Open " + code(0) + "file");
  CHECK(units[0].target == "Ouvrir " + code(0) + "le fichier");
  CHECK(units[1].source == "Close");
  CHECK(units[1].target == "Fermer");
  // Unit 2 (group translate="no"), unit 3 (only an alt-trans), unit 4 (translate="no").
  CHECK(report.skipped == 3);
  CHECK(report.units == 2);
}

TEST_CASE("XLIFF 2.0 reader gives one unit per segment with a target", "[xliff]") {
  tmkit::ReadReport report;
  const auto units = read_data("xliff20_two_segments.xlf", {}, &report);
  REQUIRE(units.size() == 2);
  CHECK(units[0].src_lang == tag("en"));
  CHECK(units[0].tgt_lang == tag("zh-CN"));
  CHECK(units[0].source == "Good afternoon.");
  CHECK(units[0].target == "下午好。");
  CHECK(units[1].source ==
        "Let's begin with " + code(0) + "today's" + code(1) + " news" + code(2) + ".");
  CHECK(units[1].target == "我们先看" + code(0) + "今天的" + code(1) + "新闻" + code(2) + "。");
  CHECK(units[1].provenance.document == "press.en.txt");
  CHECK(units[1].notes == std::vector<std::string>{"two sentences in one unit"});
  CHECK(report.skipped == 1);
}

TEST_CASE("XLIFF reader skips files for another language pair", "[xliff]") {
  ReadOptions options;
  options.tgt_lang = tag("de");
  const auto result = tmkit::read_xliff(
      tmkit::testing::test_data_dir() / "formats" / "xliff20_two_segments.xlf", options);
  CHECK(result.status().code() == StatusCode::kInvalidInput);
  CHECK(contains(result.status().message(), "trgLang: 'zh-CN' is not the requested 'de'"));
}

TEST_CASE("XLIFF reader fails on malformed XML or a wrong root or an unknown version", "[xliff]") {
  const auto malformed =
      tmkit::parse_xliff("<xliff version=\"1.2\">\n<file>\n</xliff>", "broken.xlf");
  CHECK(malformed.status().code() == StatusCode::kInvalidInput);
  CHECK(contains(malformed.status().message(), "broken.xlf: line 3, column "));
  CHECK(tmkit::parse_xliff("<tmx version=\"1.4\"/>", "a.xlf").status().code() ==
        StatusCode::kInvalidInput);
  CHECK(tmkit::parse_xliff("<xliff version=\"9.0\"/>", "a.xlf").status().code() ==
        StatusCode::kUnsupported);
}

TEST_CASE("XLIFF reader imports real files with the unit counts checked by hand", "[xliff]") {
  const auto data = tmkit::testing::shared_dir() / "data" / "formats";
  SECTION("Okapi alt-trans manual: 7 trans-units, targets only in ids 2 and 3") {
    const auto units = tmkit::read_xliff(data / "xliff1" / "okapi-Manual-12-AltTrans.xlf");
    REQUIRE(units.ok());
    REQUIRE(units->size() == 2);
    CHECK((*units)[0].target == "Texte numéro 2.");
    CHECK((*units)[1].target == "Texte numéro 3");
  }
  SECTION("Okapi seg-source: one trans-unit with two mrk segments") {
    const auto units = tmkit::read_xliff(data / "xliff1" / "okapi-segsource.xlf");
    REQUIRE(units.ok());
    REQUIRE(units->size() == 2);
    CHECK((*units)[1].source == " This is sentence 2.");
  }
  SECTION("Okapi XLIFF 2 test01: unit tu1 has two translated segments, the rest none") {
    const auto units = tmkit::read_xliff(data / "xliff2" / "okapi-xliff2-test01.xlf");
    REQUIRE(units.ok());
    REQUIRE(units->size() == 2);
    CHECK((*units)[0].target == "Exemple de segment.");
    CHECK((*units)[1].target == "Contenu du segment.");
  }
}
