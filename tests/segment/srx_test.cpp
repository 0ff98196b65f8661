// The SRX reader, the Java-to-ICU regex translation, the rule engine's semantics, errors for bad
// rule files, and the two real SRX files in ../shared/data/srx.
#include "tmkit/srx.hpp"

#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "java_regex.hpp"
#include "test_paths.hpp"
#include "tmkit/segmenter.hpp"

namespace {

using Texts = std::vector<std::string>;

// A one-language SRX document around `rules` (the <rule> elements).
std::string srx_with_rules(const std::string& rules, const std::string& header = "cascade=\"no\"") {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<srx xmlns=\"http://www.lisa.org/srx20\" version=\"2.0\">\n"
         "<header segmentsubflows=\"yes\" " +
         header +
         "/>\n"
         "<body><languagerules>\n"
         "<languagerule languagerulename=\"Test\">\n" +
         rules +
         "</languagerule>\n"
         "</languagerules><maprules>\n"
         "<languagemap languagepattern=\".*\" languagerulename=\"Test\"/>\n"
         "</maprules></body></srx>\n";
}

std::string rule(bool is_break, const std::string& before, const std::string& after) {
  return std::string("<rule break=\"") + (is_break ? "yes" : "no") + "\"><beforebreak>" + before +
         "</beforebreak><afterbreak>" + after + "</afterbreak></rule>\n";
}

tmkit::Result<tmkit::Segmenter> segmenter_for(const tmkit::SrxDocument& doc,
                                              const std::string& lang, bool join_lines = true) {
  tmkit::SegmenterOptions options;
  options.srx = std::make_shared<const tmkit::SrxDocument>(doc);
  options.join_single_line_breaks = join_lines;
  return tmkit::Segmenter::create(*tmkit::LangTag::parse(lang), options);
}

// The texts of the segments `segmenter` cuts `text` into.
Texts split_texts(const tmkit::Segmenter& segmenter, const std::string& text) {
  auto segments = segmenter.split(text);
  REQUIRE(segments.ok());
  Texts out;
  for (const auto& s : *segments) out.push_back(s.text);
  return out;
}

Texts split_with(const tmkit::SrxDocument& doc, const std::string& lang, const std::string& text,
                 bool join_lines = true) {
  auto segmenter = segmenter_for(doc, lang, join_lines);
  REQUIRE(segmenter.ok());
  return split_texts(*segmenter, text);
}

tmkit::SrxDocument parse_ok(const std::string& xml) {
  auto doc = tmkit::parse_srx(xml, "test.srx");
  REQUIRE(doc.ok());
  return std::move(doc).value();
}

tmkit::SrxDocument shared_srx(const std::string& name) {
  auto doc = tmkit::read_srx_file(tmkit::testing::shared_dir() / "data/srx" / name);
  REQUIRE(doc.ok());
  return std::move(doc).value();
}

}  // namespace

TEST_CASE("srx reader keeps header flags, rules in order and language maps", "[segment]") {
  const std::string xml =
      "<srx xmlns=\"http://www.lisa.org/srx20\" version=\"2.0\">"
      "<header segmentsubflows=\"no\" cascade=\"yes\">"
      "<formathandle type=\"start\" include=\"yes\"/><formathandle type=\"end\" include=\"no\"/>"
      "<formathandle type=\"isolated\" include=\"yes\"/></header><body><languagerules>"
      "<languagerule languagerulename=\"A\">"
      "<rule break=\"no\"><beforebreak>\\bMr\\.</beforebreak><afterbreak>\\s</afterbreak></rule>"
      "<rule><beforebreak><![CDATA[a<b]]></beforebreak></rule>"
      "</languagerule><languagerule languagerulename=\"B\"/></languagerules><maprules>"
      "<languagemap languagepattern=\"en.*\" languagerulename=\"A\"/>"
      "<languagemap languagepattern=\".*\" languagerulename=\"B\"/></maprules></body></srx>";
  const tmkit::SrxDocument doc = parse_ok(xml);
  CHECK(doc.source == "test.srx");
  CHECK_FALSE(doc.header.segment_subflows);
  CHECK(doc.header.cascade);
  CHECK(doc.header.include_start_format);
  CHECK_FALSE(doc.header.include_end_format);
  CHECK(doc.header.include_isolated_format);
  REQUIRE(doc.language_rules.size() == 2);
  REQUIRE(doc.language_rules[0].rules.size() == 2);
  CHECK_FALSE(doc.language_rules[0].rules[0].is_break);
  CHECK(doc.language_rules[0].rules[0].before_break == "\\bMr\\.");
  CHECK(doc.language_rules[0].rules[0].after_break == "\\s");
  CHECK(doc.language_rules[0].rules[1].is_break);  // break="yes" is the default
  CHECK(doc.language_rules[0].rules[1].before_break == "a<b");
  CHECK(doc.language_rules[0].rules[1].after_break.empty());
  REQUIRE(doc.language_maps.size() == 2);
  CHECK(doc.language_maps[0].language_pattern == "en.*");
  CHECK(doc.language_maps[1].language_rule_name == "B");
}

TEST_CASE("srx reader reports malformed XML with the file and the byte offset", "[segment]") {
  // The <rule> is never closed: "</languagerule>" starts at byte 131 (counted by hand) and
  // pugixml reports the mismatch at the tag name, two bytes further.
  const std::string xml =
      "<srx version=\"2.0\"><header cascade=\"no\"/><body><languagerules>"
      "<languagerule languagerulename=\"A\"><rule><beforebreak>x</beforebreak>"
      "</languagerule></languagerules></body></srx>";
  const auto doc = tmkit::parse_srx(xml, "broken.srx");
  REQUIRE_FALSE(doc.ok());
  CHECK(doc.status().code() == tmkit::StatusCode::kInvalidInput);
  const std::string message = doc.status().message();
  CHECK_THAT(message, Catch::StartsWith("srx: malformed XML: "));
  CHECK_THAT(message, Catch::Contains("at byte 133, line 1, column 134"));
  CHECK_THAT(message, Catch::EndsWith("(broken.srx)"));
}

TEST_CASE("srx reader rejects a document that is not SRX", "[segment]") {
  CHECK_THAT(tmkit::parse_srx("<tmx/>", "a.srx").status().message(),
             Catch::Contains("root element is <tmx>, not <srx>"));
  CHECK_THAT(tmkit::parse_srx("<srx><body/></srx>", "a.srx").status().message(),
             Catch::Contains("no <body><languagerules>"));
  const std::string unknown_rule =
      "<srx><body><languagerules/><maprules>"
      "<languagemap languagepattern=\".*\" languagerulename=\"Nope\"/></maprules></body></srx>";
  CHECK_THAT(tmkit::parse_srx(unknown_rule, "a.srx").status().message(),
             Catch::Contains("names the unknown languagerule 'Nope'"));
  const auto missing = tmkit::read_srx_file("/nonexistent/rules.srx");
  CHECK(missing.status().code() == tmkit::StatusCode::kIo);
  CHECK_THAT(missing.status().message(), Catch::Contains("/nonexistent/rules.srx"));
}

TEST_CASE("a bad regex names the file, the languagerule, the rule and the position", "[segment]") {
  // Rule 2's beforebreak has an unclosed group; ICU notices at its end, after character 5.
  const std::string xml = srx_with_rules(rule(false, "\\bMr\\.", "\\s") + rule(true, "\\b(Mr", "") +
                                         rule(true, "\\.", "\\s"));
  const auto segmenter = segmenter_for(parse_ok(xml), "en");
  REQUIRE_FALSE(segmenter.ok());
  CHECK(segmenter.status().code() == tmkit::StatusCode::kInvalidInput);
  CHECK(segmenter.status().message() ==
        "srx: bad regex in <beforebreak> of rule 2 in languagerule 'Test': "
        "U_REGEX_MISMATCHED_PAREN at character 6 of \"\\b(Mr\" (test.srx)");

  SECTION("an afterbreak error names afterbreak") {
    const auto other = segmenter_for(parse_ok(srx_with_rules(rule(true, "\\.", "[a-"))), "en");
    REQUIRE_FALSE(other.ok());
    CHECK_THAT(other.status().message(),
               Catch::StartsWith("srx: bad regex in <afterbreak> of rule 1 in languagerule "
                                 "'Test': U_REGEX_"));
  }
  SECTION("skip_invalid_srx_rules leaves the rule out with a warning") {
    tmkit::SegmenterOptions options;
    options.srx = std::make_shared<const tmkit::SrxDocument>(parse_ok(xml));
    options.skip_invalid_srx_rules = true;
    const auto skipping = tmkit::Segmenter::create(*tmkit::LangTag::parse("en"), options);
    REQUIRE(skipping.ok());
    REQUIRE(skipping->warnings().size() == 1);
    CHECK_THAT(skipping->warnings()[0], Catch::Contains("rule 2 in languagerule 'Test'"));
    CHECK_THAT(skipping->warnings()[0], Catch::EndsWith("; rule left out"));
    CHECK(split_texts(*skipping, "Mr. Li came. He left.") == Texts{"Mr. Li came.", "He left."});
  }
}

TEST_CASE("srx rules: the first rule that matches at a position decides", "[segment]") {
  const std::string no_break_mr = rule(false, "\\bMr\\.", "\\s");
  const std::string break_stop = rule(true, "\\.", "\\s");
  SECTION("an exception before the break rule keeps the sentence together") {
    const auto doc = parse_ok(srx_with_rules(no_break_mr + break_stop));
    CHECK(split_with(doc, "en", "Mr. Li came. He left.") == Texts{"Mr. Li came.", "He left."});
  }
  SECTION("the same exception after the break rule comes too late") {
    const auto doc = parse_ok(srx_with_rules(break_stop + no_break_mr));
    CHECK(split_with(doc, "en", "Mr. Li came. He left.") == Texts{"Mr.", "Li came.", "He left."});
  }
  SECTION("without a break rule nothing breaks inside a paragraph") {
    const auto doc = parse_ok(srx_with_rules(no_break_mr));
    CHECK(split_with(doc, "en", "One. Two.\n\nThree.") == Texts{"One. Two.", "Three."});
  }
  SECTION("afterbreak is matched after the position, beforebreak before it") {
    const auto doc = parse_ok(srx_with_rules(rule(true, "[.?!]", "\\s+\\p{Lu}")));
    CHECK(split_with(doc, "en", "one. two? Three! Four.") == Texts{"one. two?", "Three!", "Four."});
  }
  SECTION("a rule with empty beforebreak breaks before what afterbreak matches") {
    const auto doc = parse_ok(srx_with_rules(rule(true, "", "#")));
    CHECK(split_with(doc, "en", "a #b #c") == Texts{"a", "#b", "#c"});
  }
  SECTION("^ is the start of the paragraph, not of the whole text") {
    const auto doc =
        parse_ok(srx_with_rules(rule(false, "^\\d\\.", "\\s") + rule(true, "\\.", "\\s")));
    CHECK(split_with(doc, "en", "1. Intro. Text.\n\n2. More. Text.") ==
          Texts{"1. Intro.", "Text.", "2. More.", "Text."});
  }
  SECTION("a back-reference works, though a look-behind cannot hold one") {
    const auto doc =
        parse_ok(srx_with_rules(rule(false, "(\\w)\\1\\.", "\\s") + rule(true, "\\.", "\\s")));
    CHECK(split_with(doc, "en", "See xx. Then yy. No.") == Texts{"See xx. Then yy. No."});
    CHECK(split_with(doc, "en", "See xy. Then.") == Texts{"See xy.", "Then."});
  }
}

TEST_CASE("srx maprules: cascade applies every matching map, otherwise the first", "[segment]") {
  const std::string rules = "<languagerule languagerulename=\"En\">" +
                            rule(false, "\\bMr\\.", "\\s") +
                            "</languagerule><languagerule languagerulename=\"All\">" +
                            rule(true, "\\.", "\\s") + "</languagerule>";
  const auto document = [&](const char* cascade) {
    return parse_ok(std::string("<srx version=\"2.0\"><header cascade=\"") + cascade +
                    "\"/><body><languagerules>" + rules +
                    "</languagerules><maprules>"
                    "<languagemap languagepattern=\"en.*\" languagerulename=\"En\"/>"
                    "<languagemap languagepattern=\".*\" languagerulename=\"All\"/>"
                    "</maprules></body></srx>");
  };
  const std::string text = "Mr. Li came. He left.";
  CHECK(split_with(document("yes"), "en-GB", text) == Texts{"Mr. Li came.", "He left."});
  // cascade="no": English gets only "En", which never breaks; others only "All".
  CHECK(split_with(document("no"), "en-GB", text) == Texts{text});
  CHECK(split_with(document("no"), "fr", text) == Texts{"Mr.", "Li came.", "He left."});

  SECTION("no map matching the language is a warning, and nothing breaks") {
    const auto doc = parse_ok(
        "<srx><body><languagerules><languagerule languagerulename=\"X\">" +
        rule(true, "\\.", "\\s") +
        "</languagerule></languagerules><maprules>"
        "<languagemap languagepattern=\"xx\" languagerulename=\"X\"/></maprules></body></srx>");
    const auto segmenter = segmenter_for(doc, "en");
    REQUIRE(segmenter.ok());
    REQUIRE(segmenter->warnings().size() == 1);
    CHECK_THAT(segmenter->warnings()[0], Catch::Contains("no <languagemap> matches 'en'"));
  }
  SECTION("language codes match with '-' and with '_'") {
    const auto doc = parse_ok(
        "<srx><body><languagerules><languagerule languagerulename=\"X\">" +
        rule(true, "\\.", "\\s") +
        "</languagerule></languagerules><maprules>"
        "<languagemap languagepattern=\"pt_BR\" languagerulename=\"X\"/></maprules></body></srx>");
    CHECK(split_with(doc, "pt-BR", "Um. Dois.") == Texts{"Um.", "Dois."});
  }
}

TEST_CASE("srx segments keep byte spans through multi-byte and astral characters", "[segment]") {
  const auto doc = parse_ok(srx_with_rules(rule(true, "[.。]", "")));
  const std::string text = "\xF0\x9F\x98\x80 a. \xF0\xA0\x80\x80好。b";  // 😀 a. 𠀀好。b
  auto segmenter = segmenter_for(doc, "zh");
  REQUIRE(segmenter.ok());
  const auto segments = segmenter->split(text);
  REQUIRE(segments.ok());
  REQUIRE(segments->size() == 3);
  CHECK((*segments)[0].bytes == tmkit::Span{0, 7});    // "😀 a." : 4 + 1 + 2 bytes
  CHECK((*segments)[1].bytes == tmkit::Span{8, 18});   // "𠀀好。" : 4 + 3 + 3 bytes
  CHECK((*segments)[2].bytes == tmkit::Span{18, 19});  // "b"
  CHECK((*segments)[1].text == "\xF0\xA0\x80\x80好。");
}

TEST_CASE("Java regex constructs ICU reads differently are rewritten", "[segment]") {
  using tmkit::detail::translate_java_regex;
  SECTION("patterns without Java-only constructs are unchanged") {
    for (const char* pattern : {"\\bMr\\.", "[\\p{Lu}\\p{Pe}]+", "(?i)jan|feb", "\\Q...\\E\\s",
                                "(?<!\\d{1,3})x", "a{2,}"}) {
      const auto t = translate_java_regex(pattern);
      CHECK(t.pattern == pattern);
      CHECK(t.changes.empty());
    }
  }
  SECTION("Java's ASCII POSIX classes become explicit sets") {
    const auto t = translate_java_regex("\\p{Lu}[\\p{Punct}\\p{Lu}]\\P{Alpha}");
    CHECK(t.pattern == "\\p{Lu}[[!-/:-@\\[-`{-~]\\p{Lu}][^a-zA-Z]");
    CHECK(t.changes.size() == 2);
    CHECK(translate_java_regex("\\p{javaLowerCase}").pattern == "[\\p{Lowercase}]");
  }
  SECTION("unbounded repetitions inside a look-behind get a bound") {
    const auto t = translate_java_regex("(?<!\\d[\\h]*)\\bр\\.[\\h\\v]*");
    CHECK(t.pattern == "(?<!\\d[\\h]{0,32})\\bр\\.[\\h\\v]*");
    REQUIRE(t.changes.size() == 1);
    CHECK(translate_java_regex("x(?<=[XVI]+)").pattern == "x(?<=[XVI]{1,32})");
    CHECK(translate_java_regex("(?<=a{2,})").pattern == "(?<=a{2,34})");
  }
  SECTION("bound_quantifiers bounds every unbounded repetition, keeping lazy and possessive") {
    using tmkit::detail::bound_quantifiers;
    CHECK(bound_quantifiers("\\w+[.?]*x+?y*+[*+]\\*", 5) ==
          "\\w{1,5}[.?]{0,5}x{1,5}?y{0,5}+[*+]\\*");
    CHECK(bound_quantifiers("a{3}b{1,}\\Q+*\\E", 4) == "a{3}b{1,5}\\Q+*\\E");
  }
}

TEST_CASE("built-in rules load without warnings and cover the main languages", "[segment]") {
  CHECK(tmkit::builtin_srx_text().starts_with("<?xml"));
  const auto doc = tmkit::builtin_srx();
  REQUIRE(doc.ok());
  CHECK(doc->header.cascade);
  for (const char* lang : {"zh", "zh-Hant-TW", "ja", "en", "en-GB", "de", "fr", "es", "it", "ru",
                           "pt", "pt-BR", "nl", "ko", "und"}) {
    CAPTURE(lang);
    const auto segmenter = tmkit::Segmenter::create(*tmkit::LangTag::parse(lang));
    REQUIRE(segmenter.ok());
    CHECK(segmenter->warnings().empty());
  }
}

TEST_CASE("the ICU engine stays available behind SegmenterOptions::engine", "[segment]") {
  tmkit::SegmenterOptions options;
  options.engine = tmkit::SegmenterEngine::kIcu;
  const auto segmenter = tmkit::Segmenter::create(*tmkit::LangTag::parse("en"), options);
  REQUIRE(segmenter.ok());
  CHECK(split_texts(*segmenter, "Mr. Li came. He left.") == Texts{"Mr. Li came.", "He left."});
}

TEST_CASE("the Okapi SRX file loads and its rules fire", "[segment][shared]") {
  const tmkit::SrxDocument doc = shared_srx("okapi-defaultSegmentation.srx");
  CHECK_FALSE(doc.header.cascade);
  REQUIRE(doc.language_rules.size() == 3);
  for (const char* lang : {"en", "de", "zh", "th", "km"}) {
    CAPTURE(lang);
    const auto segmenter = segmenter_for(doc, lang);
    REQUIRE(segmenter.ok());
    CHECK(segmenter->warnings().empty());
  }
  // Default's no-break rule for titles ("Mr.") and its break rule after ".?!:" before a
  // non-lower-case letter; tmkit's own rules do not break after a colon.
  CHECK(split_with(doc, "en", "Mr. Holmes is here. Note: This is it.") ==
        Texts{"Mr. Holmes is here.", "Note:", "This is it."});
  // Default's CJK rule breaks after 。 with no space.
  CHECK(split_with(doc, "en", "第一句。第二句。") == Texts{"第一句。", "第二句。"});
  // Default's line-break rule fires when line breaks are kept.
  CHECK(split_with(doc, "en", "one line\nanother line", /*join_lines=*/false) ==
        Texts{"one line", "another line"});
}

TEST_CASE("the LanguageTool SRX file loads for every mapped language and its rules fire",
          "[segment][shared]") {
  const tmkit::SrxDocument doc = shared_srx("languagetool-segment.srx");
  CHECK(doc.header.cascade);
  CHECK(doc.language_rules.size() > 25);
  std::vector<std::string> warnings;
  for (const char* lang : {"el", "pl", "en", "ro", "nl", "sk", "is", "ru",     "sl",    "ca", "es",
                           "de", "da", "eo", "fr", "uk", "be", "gl", "ja",     "br",    "pt", "it",
                           "ta", "fa", "sr", "ga", "ar", "sv", "zh", "en_one", "en_two"}) {
    CAPTURE(lang);
    const auto segmenter = segmenter_for(doc, lang);
    REQUIRE(segmenter.ok());
    warnings.insert(warnings.end(), segmenter->warnings().begin(), segmenter->warnings().end());
  }
  // ICU rejects four LanguageTool regexes as written: look-behinds with '*' or '+' (Polish rule
  // 173's afterbreak, Ukrainian rules 12, 15 and 32). They are bounded, with a warning each.
  for (const char* site : {"<afterbreak> of rule 173 in languagerule 'Polish'",
                           "<beforebreak> of rule 12 in languagerule 'Ukrainian'",
                           "<beforebreak> of rule 15 in languagerule 'Ukrainian'",
                           "<beforebreak> of rule 32 in languagerule 'Ukrainian'"}) {
    CAPTURE(site);
    CHECK(std::any_of(warnings.begin(), warnings.end(), [&](const std::string& w) {
      return w.find(site) != std::string::npos &&
             w.find("unbounded repetition inside a look-behind") != std::string::npos;
    }));
  }
  // English: "Jan. " is a no-break rule; "OK. " before a lower-case word is a break rule
  // (tmkit's own rules never break before a lower-case letter).
  CHECK(split_with(doc, "en", "We met on Jan. 5 at noon. It was OK. then we left.") ==
        Texts{"We met on Jan. 5 at noon.", "It was OK.", "then we left."});
  // ByLineBreak ("en_one"): every line break is a break, when line breaks are kept.
  CHECK(split_with(doc, "en_one", "first line\nsecond line", /*join_lines=*/false) ==
        Texts{"first line", "second line"});
  // No Chinese rules: zh falls through to Default, which does not break after 。.
  CHECK(split_with(doc, "zh", "第一句。第二句。") == Texts{"第一句。第二句。"});
}
