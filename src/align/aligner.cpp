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

// Halves a prefix-sum array: coarse segment k is fine segments 2k and 2k+1.
std::vector<std::size_t> halve(const std::vector<std::size_t>& prefix) {
  const std::size_t n = prefix.size() - 1;
  std::vector<std::size_t> coarse;
  for (std::size_t i = 0; i < n; i += 2) coarse.push_back(prefix[i]);
  coarse.push_back(prefix[n]);
  return coarse;
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
  SearchBand plan_band(const std::vector<std::size_t>& src_prefix,
                       const std::vector<std::size_t>& tgt_prefix) const;
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

// The cells to search for texts with these length prefix sums: all of them when the table is
// small, else a band around the path of the texts halved (recursively, so a Bible book is
// aligned at 1/4 scale first). The coarse levels use length and prior only: anchors and
// structure are per segment and have no meaning for merged pairs.
SearchBand Aligner::Impl::plan_band(const std::vector<std::size_t>& src_prefix,
                                    const std::vector<std::size_t>& tgt_prefix) const {
  const std::size_t n = src_prefix.size() - 1, m = tgt_prefix.size() - 1;
  if ((n + 1) * (m + 1) <= options.max_full_cells || (n <= 1 && m <= 1)) {
    return SearchBand::full(n, m);
  }
  std::vector<std::size_t> coarse_src = halve(src_prefix), coarse_tgt = halve(tgt_prefix);
  const SearchBand coarse_band = plan_band(coarse_src, coarse_tgt);
  BeadCostModel coarse;
  coarse.add(
      std::make_unique<detail::LengthTerm>(std::move(coarse_src), std::move(coarse_tgt), length));
  coarse.add(std::make_unique<detail::PriorTerm>(priors));
  const std::vector<PathStep> path = detail::best_path(coarse_band, shapes, coarse);
  return detail::band_around(path, 2, options.band_radius, n, m);
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
  const SearchBand band =
      impl_->plan_band(detail::length_prefix_sums(src), detail::length_prefix_sums(tgt));
  std::vector<Bead> beads;
  for (const PathStep& step : detail::best_path(band, impl_->shapes, model)) {
    beads.push_back(to_bead(step));
  }
  return beads;
}

}  // namespace tmkit
