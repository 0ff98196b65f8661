#include <catch2/catch.hpp>
#include <string>

#include "decisions_sample.hpp"
#include "tmkit/review/review.hpp"

using tmkit::review::Decision;
using tmkit::review::parse_decisions;
using tmkit::review::parse_iso8601_utc;

TEST_CASE("decisions: a file as the review page saves it", "[review]") {
  const auto decisions = parse_decisions(tmkit::testing::kDecisionsSample, "d.json");
  REQUIRE(decisions.ok());
  CHECK(decisions->fingerprint == "0123456789abcdef");
  CHECK(decisions->src_document == "a.zh.txt");
  CHECK(decisions->tgt_document == "a.en.txt");
  CHECK(decisions->src_lang.str() == "zh-CN");
  CHECK(decisions->tgt_lang.str() == "en-US");
  CHECK(decisions->reviewer == "Li Na");
  REQUIRE(decisions->pairs.size() == 5);
  const auto& first = decisions->pairs[0];
  CHECK(first.id == "s0+1:t0+1");
  CHECK(first.decision == Decision::kAccept);
  CHECK(first.source == "你好。");
  CHECK(first.target == "Hello.");
  CHECK(first.confidence == 0.9);
  CHECK(first.time_seconds == 1795899601);  // calendar.timegm((2026,11,28,21,0,1,...))
  CHECK(first.line == 2);
  CHECK(decisions->pairs[1].decision == Decision::kReject);
  CHECK(decisions->pairs[2].origin == "merged");
  CHECK_FALSE(decisions->pairs[2].confidence.has_value());
  CHECK(decisions->pairs[3].decision == Decision::kPending);
  CHECK(decisions->pairs[3].source.empty());
  CHECK(decisions->pairs[4].src_count == 0);
}

namespace {

// The sample with `from` replaced by `to` (once; the text must occur).
std::string edited(const std::string& from, const std::string& to) {
  std::string text = tmkit::testing::kDecisionsSample;
  const std::size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

std::string error_of(const std::string& text) {
  const auto decisions = parse_decisions(text, "d.json");
  REQUIRE_FALSE(decisions.ok());
  CHECK(decisions.status().code() == tmkit::StatusCode::kInvalidInput);
  return decisions.status().message();
}

}  // namespace

// The byte offsets below were found by searching the sample text (a Python one-off), not by
// running the reader.
TEST_CASE("decisions: malformed files are refused naming file, line and bead", "[review]") {
  CHECK(error_of(edited("\"decision\":\"reject\"", "\"decision\":\"maybe\"")) ==
        "d.json: unknown decision \"maybe\" (accept, reject or pending) (line 3, byte 436, "
        "bead s1+1:t1+2)");
  CHECK(error_of(edited("\"id\":\"s0+1:t0+1\"", "\"id\":\"s0+1:t0+2\"")) ==
        "d.json: the id does not match the ranges (expected s0+1:t0+1) (line 2, byte 234, "
        "bead s0+1:t0+2)");
  CHECK(error_of(edited(",\"source\":\"再见。\"", "")) ==
        "d.json: missing \"source\" (line 3, byte 407, bead s1+1:t1+2)");
  CHECK(error_of(edited("\"tgt\":[1,2]", "\"tgt\":[1,\"2\"]")) ==
        "d.json: \"tgt\" needs whole numbers of 0 or more (line 3, byte 466, bead s1+1:t1+2)");
  CHECK(error_of(edited("\"version\":1", "\"version\":2")) ==
        "d.json: unsupported version (this tmkit reads version 1) (line 1, byte 45)");
  CHECK(error_of(edited("\"pairs\":[", "\"pairs\":{")).rfind("d.json: json: ", 0) == 0);
  CHECK(error_of(edited("\"time\":\"2026-11-28T21:00:02Z\"", "\"time\":\"2026-11-28 21:00\"")) ==
        "d.json: time \"2026-11-28 21:00\" is not YYYY-MM-DDTHH:MM:SSZ (line 3, byte 512, bead "
        "s1+1:t1+2)");
  CHECK(error_of(edited("\"src_lang\":\"zh-CN\"", "\"src_lang\":7")) ==
        "d.json: \"src_lang\" must be a string, not number (line 1, byte 143)");
}

TEST_CASE("decisions: pairs must tile both texts in order", "[review]") {
  // Drop the pending pair s4+1:t4+1: the next pair then starts at source 5 where 4 was due.
  std::string text = tmkit::testing::kDecisionsSample;
  const std::size_t begin = text.find("{\"id\":\"s4+1:t4+1\"");
  const std::size_t end = text.find('\n', begin);
  text.erase(begin, end - begin + 1);
  CHECK(error_of(text) ==
        "d.json: the pair does not start where the previous one ended (source 4, target 4) "
        "(line 5, byte 756, bead s5+0:t5+1)");
}

TEST_CASE("decisions: times are ISO 8601 UTC", "[review]") {
  CHECK(*parse_iso8601_utc("1970-01-01T00:00:00Z") == 0);
  CHECK(*parse_iso8601_utc("2000-02-29T12:34:56.789Z") == 951827696);  // by calendar.timegm
  CHECK(*parse_iso8601_utc("1999-12-31T23:59:59Z") == 946684799);
  CHECK_FALSE(parse_iso8601_utc("2000-02-29T12:34:56+01:00").ok());
  CHECK_FALSE(parse_iso8601_utc("2000-13-01T00:00:00Z").ok());
  CHECK_FALSE(parse_iso8601_utc("2000-01-01T00:00:00.Z").ok());
}
