#include "align_output.hpp"

#include <catch2/catch.hpp>
#include <sstream>

using tmkit::Bead;
using tmkit::LangTag;
using tmkit::Segment;

namespace {

tmkit::cli::AlignedDocument small_document() {
  tmkit::cli::AlignedDocument doc;
  for (const char* text : {"甲。", "乙。", "丙。"})
    doc.src.push_back(Segment{text, {}, 0, false, ""});
  for (const char* text : {"A.", "B\tb.", "C."}) doc.tgt.push_back(Segment{text, {}, 0, false, ""});
  doc.beads = {Bead{0, 2, 0, 1, 0.8766}, Bead{2, 0, 1, 1, 0.1}, Bead{2, 1, 2, 1, 1.0}};
  return doc;
}

}  // namespace

TEST_CASE("vecalign output lists 0-based indices and a 3-decimal confidence", "[cli]") {
  std::ostringstream out;
  REQUIRE(tmkit::cli::write_vecalign(out, small_document()).ok());
  CHECK(out.str() == "[0, 1]:[0]:0.877\n[]:[1]:0.100\n[2]:[2]:1.000\n");
}

TEST_CASE("bead TSV joins sides, replaces tabs and gives confidence and type", "[cli]") {
  std::ostringstream out;
  REQUIRE(tmkit::cli::write_bead_tsv(out, small_document(), *LangTag::parse("zh"),
                                     *LangTag::parse("en"))
              .ok());
  CHECK(out.str() ==
        "甲。乙。\tA.\t0.877\t2-1\n"
        "\tB b.\t0.100\t0-1\n"
        "丙。\tC.\t1.000\t1-1\n");
}

TEST_CASE("JSON strings escape quotes, backslashes and control characters", "[cli]") {
  CHECK(tmkit::cli::json_string("say \"hi\"\\") == "\"say \\\"hi\\\"\\\\\"");
  CHECK(tmkit::cli::json_string("a\tb\nc\x01") == "\"a\\tb\\nc\\u0001\"");
  CHECK(tmkit::cli::json_string("朱国贤") == "\"朱国贤\"");
}
