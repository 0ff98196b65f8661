// What the TMX and XLIFF readers refuse, and the near misses they must still accept: each
// refusal names the file and the line, each acceptance is a real-world shape (a DTD reference,
// ASCII under a legacy declaration, a skippable <tu> among good ones).
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "temp_dir.hpp"
#include "tmkit/formats/tmx.hpp"
#include "tmkit/formats/xliff.hpp"

namespace {

using tmkit::StatusCode;
using tmkit::TranslationUnit;

const std::string kHeader =
    "<header creationtool=\"t\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"none\" "
    "adminlang=\"en\" srclang=\"en-GB\" datatype=\"plaintext\"/>";
const std::string kGoodTu =
    "<tu><tuv xml:lang=\"en-GB\"><seg>The harbour office.</seg></tuv>"
    "<tuv xml:lang=\"de-DE\"><seg>Das Hafenamt.</seg></tuv></tu>\n";

// A TMX whose declaration says `encoding` (none when empty) around the body `tus`.
std::string tmx(const std::string& tus, const std::string& encoding = "UTF-8",
                const std::string& version = "1.4", const std::string& doctype = "") {
  std::string out = "<?xml version=\"1.0\"";
  if (!encoding.empty()) out += " encoding=\"" + encoding + "\"";
  out += "?>\n" + doctype + "<tmx version=\"" + version + "\">\n" + kHeader + "\n<body>\n" + tus +
         "</body>\n</tmx>\n";
  return out;
}

// Reads `bytes` both ways a TMX is read: whole (parse_tmx) and streamed in small pieces
// (stream_tmx, as `tmkit import` does). Both must agree; returns the whole reading's status.
tmkit::Status read_both(const std::string& bytes, std::size_t* units = nullptr) {
  tmkit::testing::TempDir dir;
  const std::filesystem::path path = dir / "case.tmx";
  std::ofstream(path, std::ios::binary) << bytes;
  const auto whole = tmkit::read_tmx(path);
  // Streamed in 64-byte pieces, `threads` of them parsed at once; counts the units.
  const auto stream_in = [&](std::size_t threads, std::size_t& count) {
    return tmkit::stream_tmx(
        path, {},
        [&](std::vector<TranslationUnit>&& got) {
          count += got.size();
          return tmkit::Status();
        },
        nullptr, 64, threads);
  };
  std::size_t streamed = 0;
  const tmkit::Status stream = stream_in(1, streamed);
  // And with three pieces parsed at once: the same outcome.
  std::size_t in_threads = 0;
  const tmkit::Status threaded = stream_in(3, in_threads);
  INFO("whole: " << whole.status().message() << "\nstreamed: " << stream.message()
                 << "\nin threads: " << threaded.message());
  CHECK(whole.ok() == stream.ok());
  CHECK(threaded.message() == stream.message());
  CHECK(in_threads == streamed);
  if (whole.ok()) CHECK(streamed == whole->size());
  if (!whole.ok() && !stream.ok()) CHECK(whole.status().message() == stream.message());
  if (units != nullptr && whole.ok()) *units = whole->size();
  return whole.status();
}

void check_refused(const tmkit::Status& status, const std::string& expected) {
  INFO(status.message());
  CHECK(status.code() == StatusCode::kInvalidInput);
  CHECK(status.message().find(expected) != std::string::npos);
  CHECK(status.message().find("case.tmx") != std::string::npos);
}

}  // namespace

TEST_CASE("TMX: a <tuv> without <seg> is an error naming its line", "[tmx]") {
  const std::string no_seg = "<tu><tuv xml:lang=\"en-GB\"/><tuv xml:lang=\"de-DE\"/></tu>\n";
  check_refused(read_both(tmx(kGoodTu + no_seg)),
                "case.tmx: line 6: <tuv xml:lang=\"en-GB\"> has no <seg>");
}

TEST_CASE("TMX: a <tu> without <tuv> is skipped among good ones, an error when all are so",
          "[tmx]") {
  std::size_t units = 0;
  REQUIRE(read_both(tmx(kGoodTu + "<tu tuid=\"2\"></tu>\n"), &units).ok());
  CHECK(units == 1);
  check_refused(read_both(tmx("<tu/>\n<tu></tu>\n")),
                "case.tmx: line 5: <tu> has no <tuv> (nor has any of the 2 <tu>s)");
}

TEST_CASE("TMX: versions 1.1 to 1.4b are read, others refused with the line", "[tmx]") {
  for (const char* version : {"1.1", "1.2", "1.3", "1.4", "1.4a", "1.4b"}) {
    INFO(version);
    CHECK(read_both(tmx(kGoodTu, "UTF-8", version)).ok());
  }
  check_refused(read_both(tmx(kGoodTu, "UTF-8", "9.0")),
                "line 2: unknown TMX version \"9.0\" (tmkit reads 1.1 to 1.4b)");
  check_refused(read_both(tmx(kGoodTu, "UTF-8", "")), "unknown TMX version \"\"");
}

TEST_CASE("TMX: encoding declarations are honoured or refused by what the bytes are", "[tmx]") {
  SECTION("UTF-8 spellings and no declaration read as UTF-8") {
    for (const char* encoding : {"UTF-8", "utf-8", "utf8", "UTF8", ""}) {
      INFO(encoding);
      CHECK(read_both(tmx(kGoodTu, encoding)).ok());
    }
  }
  SECTION("ISO-8859-1 declared: real Latin-1 bytes are converted") {
    std::string latin1 = kGoodTu;
    latin1.replace(latin1.find("Hafenamt"), 8, "Caf\xE9");
    std::size_t units = 0;
    CHECK(read_both(tmx(latin1, "ISO-8859-1"), &units).ok());
    CHECK(units == 1);
  }
  SECTION("ISO-8859-1 declared on UTF-8 with non-ASCII characters is refused") {
    std::string utf8 = kGoodTu;
    utf8.replace(utf8.find("Hafenamt"), 8, "Caf\xC3\xA9");
    check_refused(read_both(tmx(utf8, "ISO-8859-1")),
                  "line 1: the declaration encoding=\"ISO-8859-1\" does not match the bytes");
  }
  SECTION("a legacy single-byte declaration is accepted on ASCII bytes only") {
    CHECK(read_both(tmx(kGoodTu, "windows-1252")).ok());
    CHECK(read_both(tmx(kGoodTu, "us-ascii")).ok());
    std::string accented = kGoodTu;
    accented.replace(accented.find("Hafenamt"), 8, "Caf\xC3\xA9");
    check_refused(read_both(tmx(accented, "windows-1252")),
                  "encoding=\"windows-1252\" names an encoding tmkit cannot decode");
  }
  SECTION("UTF-16 declared on 8-bit bytes and unknown names are refused, even for ASCII") {
    check_refused(read_both(tmx(kGoodTu, "UTF-16")),
                  "encoding=\"UTF-16\" does not match the bytes, which are not UTF-16");
    check_refused(read_both(tmx(kGoodTu, "foo")),
                  "line 1: the declaration encoding=\"foo\" names an unknown encoding");
  }
}

TEST_CASE("TMX: a second UTF-8 BOM is an error at byte 3", "[tmx]") {
  check_refused(read_both("\xEF\xBB\xBF\xEF\xBB\xBF" + tmx(kGoodTu)),
                "case.tmx: a second byte order mark at byte 3");
  CHECK(read_both("\xEF\xBB\xBF" + tmx(kGoodTu)).ok());
}

TEST_CASE("TMX: a DOCTYPE declaring entities is refused, a DTD reference is not", "[tmx]") {
  CHECK(read_both(tmx(kGoodTu, "UTF-8", "1.4", "<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n")).ok());
  check_refused(read_both(tmx(kGoodTu, "UTF-8", "1.4", "<!DOCTYPE tmx [\n<!ENTITY a \"b\">\n]>\n")),
                "case.tmx: line 3: entity declarations are not allowed");
  check_refused(read_both(tmx(kGoodTu, "UTF-8", "1.4",
                              "<!DOCTYPE tmx SYSTEM \"tmx14.dtd\" [<!ENTITY % p SYSTEM "
                              "\"file:///etc/passwd\">]>\n")),
                "line 2: entity declarations are not allowed");
  // "<!DOCTYPE" inside a segment (escaped or in CDATA) is text, not a declaration.
  std::string cdata = kGoodTu;
  cdata.replace(cdata.find("Das Hafenamt."), 13, "<![CDATA[<!DOCTYPE x [<!ENTITY a \"b\">]>]]>");
  CHECK(read_both(tmx(cdata)).ok());
}

TEST_CASE("TMX: stream_tmx says why a file cannot be opened", "[tmx]") {
  const tmkit::Status status = tmkit::stream_tmx(
      "/no/such/dir/x.tmx", {}, [](std::vector<TranslationUnit>&&) { return tmkit::Status(); });
  CHECK(status.code() == StatusCode::kIo);
  CHECK(status.message() == "/no/such/dir/x.tmx: cannot open: No such file or directory");
}

namespace {

std::string xliff12(const std::string& units, const std::string& second_file = "") {
  const std::string file_start =
      "<file original=\"a.txt\" source-language=\"en-GB\" target-language=\"de-DE\" "
      "datatype=\"plaintext\"><body>\n";
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff version=\"1.2\" "
      "xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n" +
      file_start + units + "</body></file>\n";
  if (!second_file.empty()) out += file_start + second_file + "</body></file>\n";
  return out + "</xliff>\n";
}

std::string trans_unit(const std::string& id, const std::string& source,
                       const std::string& target) {
  return "<trans-unit id=\"" + id + "\"><source>" + source + "</source><target>" + target +
         "</target></trans-unit>\n";
}

}  // namespace

TEST_CASE("XLIFF 1.2: trans-unit ids are unique within a <file>, not across files", "[xliff]") {
  const std::string one = trans_unit("1", "The harbour office.", "Das Hafenamt.");
  const std::string other = trans_unit("1", "The ferry.", "Die Fähre.");
  CHECK(tmkit::parse_xliff(xliff12(one, other), "a.xlf").ok());
  const auto nested =
      tmkit::parse_xliff(xliff12(one + "<group id=\"g\">" + other + "</group>\n"), "a.xlf");
  CHECK(nested.status().message() ==
        "a.xlf: line 5: <trans-unit> id '1' is not unique in its "
        "<file>");
}

TEST_CASE("XLIFF 1.2: <bpt> and <ept> pair by rid, else by id, and must all pair", "[xliff]") {
  const auto read = [](const std::string& source) {
    return tmkit::parse_xliff(xliff12(trans_unit("1", source, "Start")), "a.xlf").status();
  };
  CHECK(read("<bpt id=\"1\">&lt;b></bpt>Start<ept id=\"1\">&lt;/b></ept>").ok());
  CHECK(
      read("<bpt id=\"1\" rid=\"7\">&lt;b></bpt>Start<ept id=\"2\" rid=\"7\">&lt;/b></ept>").ok());
  CHECK(read("<g id=\"9\"><bpt id=\"1\">&lt;b></bpt></g>Start<ept id=\"1\">&lt;/b></ept>").ok());
  CHECK(read("<bpt id=\"1\">&lt;b></bpt>Start<ept id=\"2\">&lt;/b></ept>").message() ==
        "a.xlf: line 4: <ept id=\"2\"> matches no <bpt> before it");
  CHECK(read("<bpt id=\"1\" rid=\"7\">&lt;b></bpt>Start<ept rid=\"8\">&lt;/b></ept>").message() ==
        "a.xlf: line 4: <ept rid=\"8\"> matches no <bpt> before it");
  CHECK(read("<ept id=\"1\">&lt;/b></ept>Start<bpt id=\"1\">&lt;b></bpt>").message() ==
        "a.xlf: line 4: <ept id=\"1\"> matches no <bpt> before it");
  CHECK(read("<bpt id=\"3\">&lt;b></bpt>Start").message() ==
        "a.xlf: line 4: <bpt id=\"3\"> has no <ept>");
}

TEST_CASE("XLIFF 2: a unit id need not be an NMTOKEN, unless it holds fragment syntax", "[xliff]") {
  const auto read = [](const std::string& unit_id) {
    return tmkit::parse_xliff(
        "<?xml version=\"1.0\"?>\n"
        "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"en\" "
        "trgLang=\"de\">\n<file id=\"f1\">\n<unit id=\"" +
            unit_id +
            "\"><segment><source>The ferry.</source><target>Die Fähre.</target></segment>"
            "</unit>\n</file>\n</xliff>\n",
        "a.xlf");
  };
  // locize writes its keys as unit ids.
  const auto keys = read("to &apos; &quot;esc&lt;ap&gt; &amp; e");
  REQUIRE(keys.ok());
  CHECK(keys->size() == 1);
  CHECK(read("key.nested").ok());
  for (const std::string id : {"/1", "a\\1", "#1"}) {
    INFO(id);
    CHECK(read(id).status().message() ==
          "a.xlf: line 4: <unit> id '" + id +
              "' is not an NMTOKEN ('/', '\\' and '#' are syntax in XLIFF fragment identifiers)");
  }
  // Segment ids stay NMTOKENs.
  CHECK(!tmkit::parse_xliff("<?xml version=\"1.0\"?>\n<xliff "
                            "xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" "
                            "srcLang=\"en\">\n<file id=\"f1\"><unit id=\"u1\"><segment id=\"a "
                            "b\"><source>x</source></segment></unit></file>\n</xliff>\n",
                            "a.xlf")
             .ok());
}

TEST_CASE("TMX: pieces parsed in threads report as one reading: first error, skips in order",
          "[tmx]") {
  tmkit::testing::TempDir dir;
  const std::filesystem::path path = dir / "case.tmx";
  // 60 <tu>s, one a line: 5 with an empty target (skipped), 2 without <seg> (errors).
  std::string tus;
  for (int i = 1; i <= 60; ++i) {
    const std::string text = "Unit " + std::to_string(i);
    const std::string target = i % 12 == 0 ? std::string() : text;
    if (i == 31 || i == 47) {
      tus += "<tu><tuv xml:lang=\"en-GB\"/><tuv xml:lang=\"de-DE\"/></tu>\n";
    } else {
      tus += "<tu><tuv xml:lang=\"en_gb\"><seg>" + text +
             "</seg></tuv><tuv xml:lang=\"de-DE\"><seg>" + target + "</seg></tuv></tu>\n";
    }
  }
  const auto read = [&](const std::string& body, std::size_t threads, tmkit::ReadReport& report) {
    std::ofstream(path, std::ios::binary) << tmx(body);
    std::vector<std::string> sources;
    const tmkit::Status status = tmkit::stream_tmx(
        path, {},
        [&](std::vector<TranslationUnit>&& units) {
          for (const TranslationUnit& unit : units) sources.push_back(unit.source);
          return tmkit::Status();
        },
        &report, 100, threads);
    return std::make_pair(status, sources);
  };
  tmkit::ReadReport one_report;
  const auto one = read(tus, 1, one_report);
  // The first bad <tu> in file order (the 31st, on line 35), whichever thread finished first.
  CHECK(one.first.message() == path.string() + ": line 35: <tuv xml:lang=\"en-GB\"> has no <seg>");
  for (const std::size_t threads : {2, 3, 8}) {
    INFO(threads << " threads");
    tmkit::ReadReport report;
    const auto many = read(tus, threads, report);
    CHECK(many.first.message() == one.first.message());
  }
  // Without the bad <tu>s: the same units in the same order, the same report.
  std::string good;
  for (std::size_t at = 0, next = 0; at < tus.size(); at = next + 1) {
    next = tus.find('\n', at);
    const std::string line = tus.substr(at, next - at + 1);
    if (line.find("<seg>") != std::string::npos) good += line;
  }
  tmkit::ReadReport expected;
  const auto sequential = read(good, 1, expected);
  REQUIRE(sequential.first.ok());
  CHECK(sequential.second.size() == 53);
  CHECK(expected.skipped == 5);
  CHECK(expected.normalised_langs ==
        std::vector<std::pair<std::string, std::string>>{{"en_gb", "en-GB"}});
  for (const std::size_t threads : {2, 3, 8}) {
    INFO(threads << " threads");
    tmkit::ReadReport report;
    const auto many = read(good, threads, report);
    REQUIRE(many.first.ok());
    CHECK(many.second == sequential.second);
    CHECK(report.units == expected.units);
    CHECK(report.skipped == expected.skipped);
    CHECK(report.messages == expected.messages);
    CHECK(report.normalised_langs == expected.normalised_langs);
  }
}
