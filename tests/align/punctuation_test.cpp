// The sentence-ending term on hand-checked sentences and a hand-counted table.
#include "punctuation.hpp"

#include <catch2/catch.hpp>
#include <cmath>

#include "align_test_util.hpp"

namespace {

using namespace tmkit::detail;
using tmkit::testing::segments;

std::size_t at(Ending e) { return static_cast<std::size_t>(e); }

}  // namespace

TEST_CASE("a sentence's ending is read past closing quotes and brackets", "[align]") {
  CHECK(sentence_ending("Et c' est le bon moment !") == Ending::kFull);
  CHECK(sentence_ending("« Tu n' y arriveras jamais . »") == Ending::kFull);
  CHECK(sentence_ending("Er hat es so gewollt :") == Ending::kColon);
  CHECK(sentence_ending("im Gegenteil ;") == Ending::kColon);
  CHECK(sentence_ending("他说：") == Ending::kColon);
  CHECK(sentence_ending("神看光是好的，") == Ending::kComma);
  CHECK(sentence_ending("要有光。」") == Ending::kFull);
  CHECK(sentence_ending("Nordostwand des Kingspitz ( Engelhörner , BO )") == Ending::kOther);
  CHECK(sentence_ending("") == Ending::kOther);
}

TEST_CASE("the ending table rewards endings that went together in the first pass", "[align]") {
  // Three beads end colon/colon, three full/full: with one added per cell, P(colon, colon) =
  // 4/22 against P(colon) P(colon) = (7/22)^2, a log ratio of log(88/49).
  const auto src = segments({"a :", "b :", "c :", "d .", "e .", "f ."});
  const auto tgt = segments({"A :", "B :", "C :", "D .", "E .", "F ."});
  std::vector<BeadRange> beads;
  for (std::size_t k = 0; k < 6; ++k) beads.push_back({k, k + 1, k, k + 1});
  const EndingTable table = EndingTable::learn(src, tgt, beads, 1.0, 3.0);
  const double same = -std::log(88.0 / 49.0);
  CHECK(table.cost[at(Ending::kColon)][at(Ending::kColon)] == Approx(same));
  CHECK(table.cost[at(Ending::kFull)][at(Ending::kFull)] == Approx(same));
  // P(colon, full) = 1/22 against 49/484: log(22/49) < 0, a cost.
  CHECK(table.cost[at(Ending::kColon)][at(Ending::kFull)] == Approx(-std::log(22.0 / 49.0)));
  // A side without final punctuation says nothing, whatever the counts.
  CHECK(table.cost[at(Ending::kComma)][at(Ending::kOther)] == 0.0);
  CHECK(table.cost[at(Ending::kOther)][at(Ending::kOther)] == 0.0);

  const EndingTerm term(src, tgt, table);
  // A bead is judged by its last sentences: [a, b, c] ends with a colon, as [A] does.
  CHECK(term.cost({0, 3, 0, 1}) == Approx(same));
  CHECK(term.cost({2, 4, 2, 3}) == Approx(-std::log(22.0 / 49.0)));
  CHECK(term.cost({0, 1, 0, 0}) == 0.0);  // a sentence without translation: no evidence
  CHECK(term.floor(1, 1) <= same);
  CHECK(EndingTable{}.cost[0][0] == 0.0);
}
