#include "tmkit/aligner.hpp"

#include <cmath>
#include <utility>

#include "bead_cost.hpp"
#include "dp_search.hpp"
#include "length_model.hpp"

namespace tmkit {
namespace {

using detail::BeadCostModel;
using detail::PathStep;
using detail::SearchBand;

// P(bead type), indexed [src count][tgt count]. Gale and Church (1993) give 1-1 .89,
// 1-0/0-1 .0099, 2-1/1-2 .089, 2-2 .011; we split each pair evenly and add 1-3/3-1 and the
// longer a-1 beads with the mass of the rare cases. The values need not sum to 1: only their
// ratios matter to the search.
std::vector<std::vector<double>> default_priors(std::size_t max_side) {
  std::vector<std::vector<double>> p(max_side + 1, std::vector<double>(max_side + 1, 0.0));
  p[1][0] = p[0][1] = 0.005;
  p[1][1] = 0.89;
  for (std::size_t k = 2; k <= max_side; ++k) {
    const double one_to_k = k == 2 ? 0.0445 : k == 3 ? 0.005 : 0.001;
    p[1][k] = p[k][1] = one_to_k;
  }
  if (max_side >= 2) p[2][2] = 0.011;
  return p;
}

// Maps a path step to a confidence in [0,1]:
//   z = margin - cost + 2,  confidence = 1 / (1 + exp(-z))
// where margin >= 0 is how much worse the best rival last bead into the same cell is, and cost
// the bead's own cost (length misfit + bead-type prior - anchor bonus). An ambiguous bead
// (margin 0) of typical cost 2 nats gets 0.5; a clear 1-1 beat by 5 nats gets ~0.99. 1-0 and
// 0-1 beads mean "no translation found", so they are scaled down to at most 0.2.
double confidence(const PathStep& step) {
  const double z = step.margin - step.cost + 2.0;
  const double sure = 1.0 / (1.0 + std::exp(-z));
  const bool unmatched = step.bead.src_count() == 0 || step.bead.tgt_count() == 0;
  return unmatched ? 0.2 * sure : sure;
}

Bead to_bead(const PathStep& step) {
  const detail::BeadRange& r = step.bead;
  return {r.src_begin, r.src_count(), r.tgt_begin, r.tgt_count(), confidence(step)};
}

}  // namespace

struct Aligner::Impl {
  AlignerOptions options;
  detail::LengthParams length;
  std::vector<std::vector<double>> priors;
  std::vector<detail::BeadShape> shapes;

  BeadCostModel full_model(const std::vector<Segment>& src, const std::vector<Segment>& tgt) const;
  std::vector<PathStep> search(const std::vector<Segment>& src, const std::vector<Segment>& tgt,
                               const BeadCostModel& model) const;
};

// Every term the aligner knows, on the real segments. A new signal is one more add().
BeadCostModel Aligner::Impl::full_model(const std::vector<Segment>& src,
                                        const std::vector<Segment>& tgt) const {
  BeadCostModel model;
  model.add(std::make_unique<detail::LengthTerm>(detail::length_prefix_sums(src),
                                                 detail::length_prefix_sums(tgt), length));
  model.add(std::make_unique<detail::PriorTerm>(priors));
  if (options.anchor_weight > 0.0) {
    detail::AnchorWeights weights;
    weights.match_bonus *= options.anchor_weight;
    weights.number_mismatch *= options.anchor_weight;
    model.add(std::make_unique<detail::AnchorTerm>(src, tgt, weights));
  }
  model.add(std::make_unique<detail::StructureTerm>(src, tgt, detail::StructureWeights{}));
  return model;
}

// The best path: over the whole table when it is small, else in a band around the length
// diagonal that doubles while the path runs along its edge (the widening hunalign and Moore's
// aligner also use), so typical documents cost O(n * radius) and hard ones degrade gracefully.
std::vector<PathStep> Aligner::Impl::search(const std::vector<Segment>& src,
                                            const std::vector<Segment>& tgt,
                                            const BeadCostModel& model) const {
  const std::size_t n = src.size(), m = tgt.size();
  if ((n + 1) * (m + 1) <= options.max_full_cells) {
    return detail::best_path(SearchBand::full(n, m), shapes, model);
  }
  const auto src_prefix = detail::length_prefix_sums(src);
  const auto tgt_prefix = detail::length_prefix_sums(tgt);
  // The path may come this close to an edge before the band counts as too narrow.
  const std::size_t edge_margin = 4 * options.max_bead_side;
  for (std::size_t radius = options.band_radius;; radius *= 2) {
    const SearchBand band = detail::length_diagonal_band(src_prefix, tgt_prefix, radius);
    std::vector<PathStep> path = detail::best_path(band, shapes, model);
    // Past the cell cap a wider band would cost more memory than the answer is worth.
    if (radius >= m || band.cells() > 8 * options.max_full_cells ||
        !detail::touches_edge(path, band, edge_margin)) {
      return path;
    }
  }
}

Result<Aligner> Aligner::create(const LangTag& src_lang, const LangTag& tgt_lang,
                                const AlignerOptions& options) {
  if (options.max_bead_side == 0 || options.max_bead_side > 8) {
    return Status::invalid_input("aligner: max_bead_side must be 1..8");
  }
  // The negated comparisons also reject NaN.
  if (!(options.length_ratio >= 0.0) || !(options.length_variance >= 0.0) ||
      !(options.anchor_weight >= 0.0)) {
    return Status::invalid_input(
        "aligner: length_ratio, length_variance, anchor_weight must be >= 0");
  }
  if (options.band_radius < 2 || options.max_full_cells < 4) {
    return Status::invalid_input("aligner: band_radius must be >= 2 and max_full_cells >= 4");
  }
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->length = detail::builtin_length_params(src_lang.language(), tgt_lang.language());
  if (options.length_ratio > 0.0) impl->length.ratio = options.length_ratio;
  if (options.length_variance > 0.0) impl->length.variance = options.length_variance;
  impl->priors = default_priors(options.max_bead_side);
  impl->shapes = detail::bead_shapes(options.max_bead_side);
  return Aligner(std::move(impl));
}

Aligner::Aligner(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Aligner::Aligner(Aligner&&) noexcept = default;
Aligner& Aligner::operator=(Aligner&&) noexcept = default;
Aligner::~Aligner() = default;

std::vector<Bead> Aligner::align(const std::vector<Segment>& src,
                                 const std::vector<Segment>& tgt) const {
  const BeadCostModel model = impl_->full_model(src, tgt);
  std::vector<Bead> beads;
  for (const PathStep& step : impl_->search(src, tgt, model)) {
    beads.push_back(to_bead(step));
  }
  return beads;
}

}  // namespace tmkit
