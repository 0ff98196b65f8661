#include "dp_search.hpp"

#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "bead_cost.hpp"
#include "length_model.hpp"

namespace {

using namespace tmkit::detail;

// Segments of pseudo-random lengths, and a target side that splits and merges some of them, so
// that the best path has beads of several shapes.
std::vector<tmkit::Segment> segments(std::size_t count, std::size_t seed) {
  std::vector<tmkit::Segment> out(count);
  for (std::size_t k = 0; k < count; ++k) {
    out[k].text = std::string(5 + (k * 7919 + seed * 104729) % 60, 'x');
  }
  return out;
}

BeadCostModel length_and_prior(const std::vector<tmkit::Segment>& src,
                               const std::vector<tmkit::Segment>& tgt) {
  BeadCostModel model;
  model.add(std::make_unique<LengthTerm>(length_prefix_sums(src), length_prefix_sums(tgt),
                                         LengthParams{}));
  std::vector<std::vector<double>> priors(3, std::vector<double>(3, 0.0));
  priors[1][0] = priors[0][1] = 0.01;
  priors[1][1] = 0.8;
  priors[1][2] = priors[2][1] = 0.08;
  priors[2][2] = 0.02;
  model.add(std::make_unique<PriorTerm>(priors));
  return model;
}

bool same_path(const std::vector<PathStep>& a, const std::vector<PathStep>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t k = 0; k < a.size(); ++k) {
    const BeadRange &x = a[k].bead, &y = b[k].bead;
    if (x.src_begin != y.src_begin || x.src_end != y.src_end || x.tgt_begin != y.tgt_begin ||
        x.tgt_end != y.tgt_end || a[k].cost != b[k].cost || a[k].margin != b[k].margin) {
      return false;
    }
  }
  return true;
}

}  // namespace

TEST_CASE("a repeated band search gives what a fresh search of the widened band gives", "[align]") {
  const auto src = segments(300, 1);
  auto tgt = segments(300, 1);
  tgt.erase(tgt.begin() + 120, tgt.begin() + 180);  // the path must leave a narrow band
  const BeadCostModel model = length_and_prior(src, tgt);
  const std::vector<BeadShape> shapes = bead_shapes(2);
  SearchBand band = band_through_points({}, length_prefix_sums(src), length_prefix_sums(tgt), 3);
  const BeadCostModel twin = length_and_prior(src, tgt);
  BandSearch search(shapes, {&model}, true);
  BandSearch threaded(shapes, {&model, &twin}, true);  // costs computed in two threads
  for (std::size_t extra = 4; extra <= 64; extra *= 2) {
    const std::vector<PathStep> repeated = search.best_path(band);
    CHECK(same_path(repeated, best_path(band, shapes, model)));
    CHECK(same_path(threaded.best_path(band), repeated));
    const auto rows = rows_at_edge(repeated, band, 2);
    if (rows.empty()) break;
    widen_rows(band, rows, extra);
  }
}

TEST_CASE("a 1-0 or 0-1 bead costs the same wherever it is", "[align]") {
  // The search computes these costs once per shape when the model says they depend on the
  // counts only: labels, paragraph starts, letterless segments and numbers must not matter.
  std::vector<tmkit::Segment> src(4), tgt(4);
  const char* src_text[] = {"Zhu:", "In 2021 there were 21 cases.", "<  1  2  >", "Done."};
  const char* tgt_text[] = {"朱：", "二〇二一年有21例。", "•", "完。"};
  for (std::size_t k = 0; k < 4; ++k) {
    src[k].text = src_text[k];
    tgt[k].text = tgt_text[k];
    src[k].paragraph = tgt[k].paragraph = k / 2;
  }
  src[0].is_speaker_label = tgt[0].is_speaker_label = true;
  BeadCostModel model = length_and_prior(src, tgt);
  model.add(std::make_unique<AnchorTerm>(src, tgt, AnchorWeights{}));
  model.add(std::make_unique<StructureTerm>(src, tgt, StructureWeights{}));
  REQUIRE(model.unmatched_by_counts());
  for (std::size_t k = 0; k < 4; ++k) {
    for (std::size_t other = 0; other <= 4; ++other) {
      CHECK(model.cost({k, k + 1, other, other}) == model.cost({0, 1, 0, 0}));
      CHECK(model.cost({other, other, k, k + 1}) == model.cost({0, 0, 0, 1}));
    }
  }
}
