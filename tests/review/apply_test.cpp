#include <catch2/catch.hpp>
#include <map>
#include <string>

#include "decisions_sample.hpp"
#include "temp_dir.hpp"
#include "tmkit/review/review.hpp"

using tmkit::TranslationMemory;
using tmkit::TranslationUnit;
using tmkit::review::apply_review;
using tmkit::review::parse_decisions;
using tmkit::review::ReviewDecisions;

namespace {

struct StoredUnit {
  TranslationUnit unit;
  std::uint32_t uses = 0;
};

// source -> the unit, for every unit in the TM.
std::map<std::string, StoredUnit> units_of(const TranslationMemory& tm) {
  std::map<std::string, StoredUnit> units;
  const auto status = tm.for_each_unit_with_use_count(
      [&](std::uint64_t, const TranslationUnit& unit, std::uint32_t uses) {
        units[unit.source] = {unit, uses};
        return tmkit::Status();
      });
  REQUIRE(status.ok());
  return units;
}

std::string prop(const TranslationUnit& unit, const std::string& type) {
  for (const auto& p : unit.props) {
    if (p.type == type) return p.value;
  }
  return "<none>";
}

ReviewDecisions sample() {
  auto decisions = parse_decisions(tmkit::testing::kDecisionsSample, "d.json");
  REQUIRE(decisions.ok());
  return *decisions;
}

}  // namespace

TEST_CASE("apply-review stores exactly the accepted pairs with the review in provenance",
          "[review]") {
  tmkit::testing::TempDir dir;
  auto tm = TranslationMemory::open(dir / "tm");
  REQUIRE(tm.ok());
  const auto report = apply_review(*tm, sample());
  REQUIRE(report.ok());
  CHECK(report->accepted == 2);  // the 0-1 bead has nothing to pair
  CHECK(report->added == 2);
  CHECK(report->rejected == 1);
  CHECK(report->pending == 1);
  CHECK(report->unpaired == 1);
  CHECK(report->removed == 0);
  const auto units = units_of(*tm);
  REQUIRE(units.size() == 2);
  const TranslationUnit& hello = units.at("你好。").unit;
  CHECK(hello.target == "Hello.");
  CHECK(hello.src_lang.str() == "zh-CN");
  CHECK(hello.tgt_lang.str() == "en-US");
  CHECK(hello.created == 1795899601);
  CHECK(hello.provenance.document == "a.zh.txt");
  CHECK(hello.provenance.tool == "tmkit apply-review");
  CHECK(hello.provenance.confidence == 0.9);
  CHECK(prop(hello, "x-review-decision") == "accept");
  CHECK(prop(hello, "x-review-time") == "2026-11-28T21:00:01.000Z");
  CHECK(prop(hello, "x-reviewer") == "Li Na");
  CHECK(prop(hello, "x-review-bead") == "s0+1:t0+1");
  CHECK(prop(hello, "x-review") == "0123456789abcdef");
  const TranslationUnit& merged = units.at("一。二。").unit;
  CHECK(merged.target == "One, two.");
  CHECK(merged.provenance.bead == "2-1");
  CHECK(merged.provenance.src_position == "2-3");
  CHECK(merged.provenance.tgt_position == "3");
  CHECK(merged.provenance.speaker == "Zhu");
  CHECK_FALSE(merged.provenance.confidence.has_value());
  CHECK(prop(merged, "x-review-origin") == "merged");
}

TEST_CASE("apply-review applied again adds nothing and counts no extra use", "[review]") {
  tmkit::testing::TempDir dir;
  auto tm = TranslationMemory::open(dir / "tm");
  REQUIRE(tm.ok());
  REQUIRE(apply_review(*tm, sample()).ok());
  const auto again = apply_review(*tm, sample());
  REQUIRE(again.ok());
  CHECK(again->added == 0);
  CHECK(again->already_stored == 2);
  CHECK(again->removed == 0);
  const auto units = units_of(*tm);
  CHECK(units.size() == 2);
  for (const auto& [source, stored] : units) {
    INFO(source);
    CHECK(stored.uses == 1);
  }
}

TEST_CASE("apply-review of a later sitting removes pairs no longer accepted", "[review]") {
  tmkit::testing::TempDir dir;
  auto tm = TranslationMemory::open(dir / "tm");
  REQUIRE(tm.ok());
  REQUIRE(apply_review(*tm, sample()).ok());
  // Second sitting: the first pair rejected after all, the pending one accepted.
  ReviewDecisions later = sample();
  later.pairs[0].decision = tmkit::review::Decision::kReject;
  later.pairs[3].decision = tmkit::review::Decision::kAccept;
  later.pairs[3].source = "四。";
  later.pairs[3].target = "Four.";
  const auto report = apply_review(*tm, later);
  REQUIRE(report.ok());
  CHECK(report->removed == 1);
  CHECK(report->added == 1);
  CHECK(report->rejected_elsewhere.empty());
  const auto units = units_of(*tm);
  CHECK(units.size() == 2);
  CHECK(units.count("一。二。") == 1);
  CHECK(units.count("四。") == 1);
  CHECK(units.count("你好。") == 0);
}

TEST_CASE("apply-review leaves a rejected pair it did not store, and reports it", "[review]") {
  tmkit::testing::TempDir dir;
  auto tm = TranslationMemory::open(dir / "tm");
  REQUIRE(tm.ok());
  TranslationUnit aligned;  // as `tmkit align --tm` would have stored it
  aligned.src_lang = *tmkit::LangTag::parse("zh-CN");
  aligned.tgt_lang = *tmkit::LangTag::parse("en-US");
  aligned.source = "再见。";
  aligned.target = "Bye. See you.";
  aligned.provenance.tool = "tmkit align";
  REQUIRE(tm->add({aligned}).ok());
  const auto report = apply_review(*tm, sample());
  REQUIRE(report.ok());
  REQUIRE(report->rejected_elsewhere.size() == 1);
  CHECK(report->rejected_elsewhere[0] == "s1+1:t1+2: 再见。 => Bye. See you.");
  CHECK(units_of(*tm).count("再见。") == 1);
}
