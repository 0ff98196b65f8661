#include <catch2/catch.hpp>
#include <sstream>
#include <string>

#include "tmkit/review/review.hpp"

using tmkit::review::ReviewDocument;

namespace {

ReviewDocument small_document() {
  ReviewDocument doc;
  doc.src_document = "a<b>.zh.txt";
  doc.tgt_document = "a.en.txt";
  doc.src_lang = *tmkit::LangTag::parse("zh-CN");
  doc.tgt_lang = *tmkit::LangTag::parse("en");
  doc.src = {{"朱国贤：", 0, "朱国贤", true},
             {"有80多家企业。</script><b>x</b>", 0, "朱国贤", false}};
  doc.tgt = {{"Zhu Guoxian:", 0, "Zhu Guoxian", true},
             {"More than 80 firms.\u2028", 1, "Zhu Guoxian", false}};
  doc.beads = {{0, 1, 0, 1, 0.9}, {1, 1, 1, 1, 0.456}};
  return doc;
}

std::string report_of(const ReviewDocument& doc) {
  std::ostringstream out;
  REQUIRE(tmkit::review::write_review_report(out, doc).ok());
  return out.str();
}

}  // namespace

TEST_CASE("review report: text cannot break out of the data element", "[review]") {
  const std::string page = report_of(small_document());
  // Exactly the two script elements of the template end, whatever the text holds.
  std::size_t ends = 0;
  for (std::size_t at = page.find("</script>"); at != std::string::npos;
       at = page.find("</script>", at + 1)) {
    ++ends;
  }
  CHECK(ends == 2);
  CHECK(page.find("\\u003c/script\\u003e\\u003cb\\u003ex\\u003c/b\\u003e") != std::string::npos);
  CHECK(page.find("firms.\\u2028") != std::string::npos);
  CHECK(page.find("<title>tmkit review: a&lt;b&gt;.zh.txt") != std::string::npos);
}

TEST_CASE("review report: one file with everything inline and nothing fetched", "[review]") {
  const std::string page = report_of(small_document());
  CHECK(page.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(page.find("<script type=\"application/json\" id=\"tmkit-data\">{") != std::string::npos);
  CHECK(page.find("default-src 'none'") != std::string::npos);
  for (const char* external : {"http://", "https://", "src=\"", "href=\"", "@import", "url("}) {
    INFO(external);
    CHECK(page.find(external) == std::string::npos);
  }
  // The data: languages, joiners (none for Chinese), the beads with three decimals.
  CHECK(page.find("\"src_lang\":\"zh-CN\",\"tgt_lang\":\"en\",\"src_joiner\":\"\","
                  "\"tgt_joiner\":\" \"") != std::string::npos);
  CHECK(page.find("[1,1,1,1,0.456]") != std::string::npos);
  CHECK(page.find("{\"t\":\"朱国贤：\",\"p\":0,\"s\":\"朱国贤\",\"l\":true}") != std::string::npos);
}

TEST_CASE("review report: a bead outside the texts is an error", "[review]") {
  ReviewDocument doc = small_document();
  doc.beads.push_back({2, 1, 2, 0, 0.1});
  std::ostringstream out;
  const auto status = tmkit::review::write_review_report(out, doc);
  REQUIRE_FALSE(status.ok());
  CHECK(status.message() == "review report: bead 2 (s2+1:t2+0) lies outside the texts");
}

TEST_CASE("review ids and fingerprints", "[review]") {
  CHECK(tmkit::review::bead_id(12, 2, 14, 1) == "s12+2:t14+1");
  CHECK(tmkit::review::bead_id(3, 0, 4, 1) == "s3+0:t4+1");
  const ReviewDocument doc = small_document();
  const std::string fingerprint = tmkit::review::review_fingerprint(doc);
  CHECK(fingerprint.size() == 16);
  ReviewDocument other = doc;
  other.tgt[1].text = "More than 81 firms.";
  CHECK(tmkit::review::review_fingerprint(other) != fingerprint);
  ReviewDocument realigned = doc;  // other beads over the same texts: the same review
  realigned.beads = {{0, 2, 0, 2, 0.5}};
  CHECK(tmkit::review::review_fingerprint(realigned) == fingerprint);
}
