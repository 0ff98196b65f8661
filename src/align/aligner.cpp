#include "tmkit/aligner.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <iterator>
#include <optional>
#include <system_error>
#include <thread>
#include <utility>

#include "anchor_chain.hpp"
#include "bead_cost.hpp"
#include "dp_search.hpp"
#include "length_model.hpp"
#include "lexical.hpp"
#include "lexicon_data.hpp"
#include "punctuation.hpp"

namespace tmkit {
namespace {

using detail::BeadCostModel;
using detail::LexicalModel;
using detail::PathStep;
using detail::SearchBand;

// At most this many threads compute bead costs: each holds a cost model of its own (about
// 20 MB on a 30,000-sentence target side), and two already halve the search time.
constexpr std::size_t kThreads = 2;
// Segments per part when tokenizing in threads: enough parts to share the work out evenly.
constexpr std::size_t kTokenizePart = 2048;
// Bound of the sentence-ending term either way (nats): punctuation is a hint, and a few
// beads of a rare pair of endings must not decide a path.
constexpr double kMaxEndingCost = 3.0;

// P(bead type), indexed [src count][tgt count]; only ratios matter. 1-1 dominates; merges of
// two are common in every genre (Gale and Church: 1-2/2-1 .089), bigger merges rarer with each
// sentence, so the prior of a k-sentence side falls faster than linearly in log space (an
// aligner whose lexical score can only rise with bead size would otherwise over-merge).
std::vector<std::vector<double>> default_priors(std::size_t max_side, double unmatched) {
  std::vector<std::vector<double>> p(max_side + 1, std::vector<double>(max_side + 1, 0.0));
  p[1][0] = p[0][1] = unmatched;
  p[1][1] = 0.65;
  constexpr double kOneToK[] = {0, 0, 0.09, 0.02, 0.006, 0.002, 0.0008, 0.0003, 0.0001};
  for (std::size_t k = 2; k <= max_side; ++k) p[1][k] = p[k][1] = kOneToK[k];
  if (max_side >= 2) p[2][2] = 0.02;
  if (max_side >= 3) {
    p[2][3] = p[3][2] = 0.006;
    p[3][3] = 0.003;
  }
  return p;
}

// Maps a path step to a confidence in [0,1] by a logistic model fitted on the dev sets
// (bench/align/calibration.py reports how well it holds):
//   z = -1 + 0.5 * min(margin, 10) + 2 * coverage - 2 * max(0, 0.3 - coverage) * min(scored, 10)
//       - max(0, cost)
// where margin >= 0 is how much worse (in nats) the best rival last bead into the same cell
// is, cost the bead's own cost (negative for a bead whose words and lengths agree), coverage the
// share of the bead's `scored` words (those with a possible translation in the other text) that the
// other side translates (0.5 when there are none). The last term doubts a pair whose many
// translatable words are mostly not translated: the margin only says the rivals were worse, not
// that the pair is good (two menus of a web page sharing "Print"). A 1-0 or 0-1 bead means "no
// translation found": its confidence is that of the margin alone, scaled down to at most 0.2, so
// that it is never stored as a pair.
double confidence(const PathStep& step, const LexicalModel& lexical) {
  const bool unmatched = step.bead.src_count() == 0 || step.bead.tgt_count() == 0;
  if (unmatched) return 0.2 / (1.0 + std::exp(-(step.margin - step.cost + 2.0)));
  const LexicalModel::Coverage c = lexical.bead_coverage(step.bead);
  const double coverage =
      c.scored == 0 ? 0.5 : static_cast<double>(c.covered) / static_cast<double>(c.scored);
  const double poorly_covered =
      std::max(0.0, 0.3 - coverage) * std::min(static_cast<double>(c.scored), 10.0);
  const double z = -1.0 + 0.5 * std::min(step.margin, 10.0) + 2.0 * coverage -
                   2.0 * poorly_covered - std::max(0.0, step.cost);
  return 1.0 / (1.0 + std::exp(-z));
}

// Beads the second pass learns from: clearly better than any rival (by margin and cost).
bool reliable(const PathStep& step) { return step.margin - step.cost + 2.0 >= std::log(4.0); }

Bead to_bead(const PathStep& step, const LexicalModel& lexical) {
  const detail::BeadRange& r = step.bead;
  return {r.src_begin, r.src_count(), r.tgt_begin, r.tgt_count(), confidence(step, lexical)};
}

}  // namespace

struct Aligner::Impl {
  AlignerOptions options;
  std::string src_language, tgt_language;
  detail::LengthParams length;
  std::vector<std::vector<double>> priors;
  std::vector<detail::BeadShape> shapes;
  // The first pass over long documents only has to find the neighbourhood of the path.
  std::vector<detail::BeadShape> coarse_shapes;
  std::optional<Lexicon> lexicon;  // the user's or the built-in one, if any

  // Tokenizes on `threads` threads.
  LexicalModel lexical_model(const std::vector<Segment>& src, const std::vector<Segment>& tgt,
                             std::size_t threads) const;
  // `endings` is the sentence-ending table learned from a first pass, if any.
  BeadCostModel full_model(const std::vector<Segment>& src, const std::vector<Segment>& tgt,
                           const LexicalModel& lexical, const detail::EndingTable* endings) const;
  // `count` equal full models, one per search thread.
  std::vector<BeadCostModel> full_models(const std::vector<Segment>& src,
                                         const std::vector<Segment>& tgt,
                                         const LexicalModel& lexical, std::size_t count,
                                         const detail::EndingTable* endings = nullptr) const;
  template <typename MakeBand>
  std::vector<PathStep> widening_search(const MakeBand& make_band,
                                        const std::vector<BeadCostModel>& models,
                                        const std::vector<detail::BeadShape>& shapes) const;
  std::vector<PathStep> first_pass(const std::vector<Segment>& src, const std::vector<Segment>& tgt,
                                   const LexicalModel& lexical,
                                   const std::vector<BeadCostModel>& models) const;
};

LexicalModel Aligner::Impl::lexical_model(const std::vector<Segment>& src,
                                          const std::vector<Segment>& tgt,
                                          std::size_t threads) const {
  const detail::LexiconData* data = lexicon ? &lexicon->data() : nullptr;
  // The lexicon's source side is x; with no lexicon, the aligner's source is.
  const bool x_is_source = data == nullptr || data->source_language == src_language;
  // Both sides are tokenized in parts, on as many threads as the search uses.
  const std::size_t parts = (src.size() + kTokenizePart - 1) / kTokenizePart +
                            (tgt.size() + kTokenizePart - 1) / kTokenizePart;
  std::vector<detail::SideTokens> tokens(parts);
  const std::size_t src_parts = (src.size() + kTokenizePart - 1) / kTokenizePart;
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t p = next.fetch_add(1); p < parts; p = next.fetch_add(1)) {
      const bool source = p < src_parts;
      const std::vector<Segment>& side = source ? src : tgt;
      const std::size_t begin = (source ? p : p - src_parts) * kTokenizePart;
      tokens[p] = detail::tokenize_part(side, begin, std::min(side.size(), begin + kTokenizePart),
                                        source ? src_language : tgt_language, data,
                                        source ? tgt_language : src_language);
    }
  };
  std::optional<std::thread> helper;
  try {
    if (threads > 1) helper.emplace(work);
  } catch (const std::system_error&) {
    // no thread: the calling thread does all parts
  }
  work();
  if (helper) helper->join();
  std::vector<detail::SideTokens> src_list(std::make_move_iterator(tokens.begin()),
                                           std::make_move_iterator(tokens.begin() + src_parts));
  std::vector<detail::SideTokens> tgt_list(std::make_move_iterator(tokens.begin() + src_parts),
                                           std::make_move_iterator(tokens.end()));
  detail::SideTokens src_tokens = detail::join_parts(std::move(src_list));
  detail::SideTokens tgt_tokens = detail::join_parts(std::move(tgt_list));
  detail::LinkTable links = x_is_source ? detail::link_by_lexicon(src_tokens, tgt_tokens, data)
                                        : detail::link_by_lexicon(tgt_tokens, src_tokens, data);
  return LexicalModel(std::move(src_tokens), std::move(tgt_tokens), std::move(links), x_is_source);
}

// Every term the aligner knows, on the real segments. A new signal is one more add().
BeadCostModel Aligner::Impl::full_model(const std::vector<Segment>& src,
                                        const std::vector<Segment>& tgt,
                                        const LexicalModel& lexical,
                                        const detail::EndingTable* endings) const {
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
  if (options.lexical_weight > 0.0) {
    model.add(std::make_unique<detail::LexicalTerm>(
        lexical, detail::LexicalWeights{options.lexical_weight, options.idle_merge_cost}));
  }
  if (endings != nullptr) model.add(std::make_unique<detail::EndingTerm>(src, tgt, *endings));
  return model;
}

std::vector<BeadCostModel> Aligner::Impl::full_models(const std::vector<Segment>& src,
                                                      const std::vector<Segment>& tgt,
                                                      const LexicalModel& lexical,
                                                      std::size_t count,
                                                      const detail::EndingTable* endings) const {
  // Built at the same time, one thread each (the anchors and letters of every segment).
  std::vector<BeadCostModel> models(count);
  std::vector<std::thread> helpers;
  for (std::size_t k = 1; k < count; ++k) {
    try {
      helpers.emplace_back([&, k] { models[k] = full_model(src, tgt, lexical, endings); });
    } catch (const std::system_error&) {
      models[k] = full_model(src, tgt, lexical, endings);  // no thread: build it here
    }
  }
  if (count > 0) models[0] = full_model(src, tgt, lexical, endings);
  for (std::thread& helper : helpers) helper.join();
  return models;
}

// Searches make_band(radius), then, while the best path runs along an edge of the band (where
// a better path may have been cut off), widens the band around those places only and searches
// again, up to a cap on the cells. The repeats reuse the bead costs of the first search.
template <typename MakeBand>
std::vector<PathStep> Aligner::Impl::widening_search(
    const MakeBand& make_band, const std::vector<BeadCostModel>& models,
    const std::vector<detail::BeadShape>& shapes_to_try) const {
  constexpr std::size_t edge_margin = 2;
  SearchBand band = make_band(options.band_radius);
  std::vector<const BeadCostModel*> pointers;
  for (const BeadCostModel& model : models) pointers.push_back(&model);
  detail::BandSearch search(shapes_to_try, std::move(pointers), true);
  for (std::size_t extra = 2 * options.band_radius;; extra *= 2) {
    std::vector<PathStep> path = search.best_path(band);
    const std::vector<std::size_t> rows = detail::rows_at_edge(path, band, edge_margin);
    if (rows.empty() || extra > band.hi.back() || band.cells() > 8 * options.max_full_cells) {
      return path;
    }
    detail::widen_rows(band, rows, extra);
  }
}

// Small documents: the whole table. Long ones: a band through the heaviest chain of sentence
// pairs that share rare words (or around the length diagonal when there are none).
std::vector<PathStep> Aligner::Impl::first_pass(const std::vector<Segment>& src,
                                                const std::vector<Segment>& tgt,
                                                const LexicalModel& lexical,
                                                const std::vector<BeadCostModel>& models) const {
  const std::size_t n = src.size(), m = tgt.size();
  if ((n + 1) * (m + 1) <= options.max_full_cells) {
    return detail::best_path(SearchBand::full(n, m), shapes, models.front());
  }
  const auto src_prefix = detail::length_prefix_sums(src);
  const auto tgt_prefix = detail::length_prefix_sums(tgt);
  // Each x sentence (the lexicon's source side) looks for its partner near the length
  // diagonal, within a window wide enough for the drift seen on long texts.
  const bool x_is_source = lexical.x_is_source();
  const auto& x_prefix = x_is_source ? src_prefix : tgt_prefix;
  const auto& y_prefix = x_is_source ? tgt_prefix : src_prefix;
  std::vector<std::size_t> expected_y(x_prefix.size() - 1);
  for (std::size_t s = 0; s < expected_y.size(); ++s) {
    expected_y[s] = detail::diagonal_column(x_prefix, y_prefix, s);
  }
  const std::size_t window = 100 + (y_prefix.size() - 1) / 20;
  std::vector<detail::WeightedPoint> candidates;
  for (const auto& c : lexical.rare_word_candidates(expected_y, window, 8)) {
    candidates.push_back({c.src, c.tgt, c.score});
  }
  const std::vector<detail::BandPoint> chain =
      detail::consistent_chain(std::move(candidates), src_prefix, tgt_prefix);
  return widening_search(
      [&](std::size_t radius) {
        return detail::band_through_points(chain, src_prefix, tgt_prefix, 4 * radius);
      },
      models, coarse_shapes);
}

Result<Aligner> Aligner::create(const LangTag& src_lang, const LangTag& tgt_lang,
                                const AlignerOptions& options) {
  if (options.max_bead_side == 0 || options.max_bead_side > 8) {
    return Status::invalid_input("aligner: max_bead_side must be 1..8");
  }
  // The negated comparisons also reject NaN.
  if (!(options.length_ratio >= 0.0) || !(options.length_variance >= 0.0) ||
      !(options.length_outlier >= 0.0 && options.length_outlier < 1.0) ||
      !(options.anchor_weight >= 0.0) || !(options.lexical_weight >= 0.0) ||
      !(options.idle_merge_cost >= 0.0) || !(options.ending_weight >= 0.0) ||
      !(options.unmatched_prior > 0.0 && options.unmatched_prior < 0.5)) {
    return Status::invalid_input(
        "aligner: length_ratio, length_variance, anchor_weight, lexical_weight, idle_merge_cost "
        "must be >= 0 and unmatched_prior in (0, 0.5)");
  }
  if (options.band_radius < 2 || options.max_full_cells < 4) {
    return Status::invalid_input("aligner: band_radius must be >= 2 and max_full_cells >= 4");
  }
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->src_language = src_lang.language();
  impl->tgt_language = tgt_lang.language();
  impl->length = detail::builtin_length_params(src_lang.language(), tgt_lang.language());
  if (options.length_ratio > 0.0) impl->length.ratio = options.length_ratio;
  if (options.length_variance > 0.0) impl->length.variance = options.length_variance;
  impl->length.outlier = options.length_outlier;
  impl->priors = default_priors(options.max_bead_side, options.unmatched_prior);
  impl->shapes = detail::bead_shapes(options.max_bead_side);
  impl->coarse_shapes = detail::bead_shapes(std::min<std::size_t>(options.max_bead_side, 2));
  if (options.lexicon) {
    const Lexicon& lex = *options.lexicon;
    const bool fits = (lex.source_language() == impl->src_language &&
                       lex.target_language() == impl->tgt_language) ||
                      (lex.source_language() == impl->tgt_language &&
                       lex.target_language() == impl->src_language);
    if (!fits) {
      return Status::invalid_input("aligner: the lexicon is for " + lex.source_language() + "-" +
                                   lex.target_language() + ", not " + impl->src_language + "-" +
                                   impl->tgt_language);
    }
    impl->lexicon = options.lexicon;
  } else if (options.use_builtin_lexicon) {
    impl->lexicon = Lexicon::builtin(src_lang, tgt_lang);
  }
  return Aligner(std::move(impl));
}

Aligner::Aligner(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Aligner::Aligner(Aligner&&) noexcept = default;
Aligner& Aligner::operator=(Aligner&&) noexcept = default;
Aligner::~Aligner() = default;

std::vector<Bead> Aligner::align(const std::vector<Segment>& src,
                                 const std::vector<Segment>& tgt) const {
  const Impl& impl = *impl_;
  const std::size_t n = src.size(), m = tgt.size();
  const bool whole_table = (n + 1) * (m + 1) <= impl.options.max_full_cells;
  // Long documents are tokenized and searched in several threads (each search thread with a
  // cost model of its own).
  const std::size_t threads =
      whole_table ? 1 : std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, kThreads);
  LexicalModel lexical = impl.lexical_model(src, tgt, threads);
  // Every pass after the first searches a band around the path before it, widened wherever
  // the path runs along its edge; on small documents too, where the first pass searched the
  // whole table (textberg-de-fr: the same beads in 0.78 s of CPU instead of 1.31 s).
  auto refine = [&](const std::vector<PathStep>& before, const std::vector<BeadCostModel>& models) {
    return impl.widening_search(
        [&](std::size_t radius) { return detail::band_around_path(before, n, m, radius); }, models,
        impl.shapes);
  };
  std::vector<PathStep> path;
  {
    const std::vector<BeadCostModel> models = impl.full_models(src, tgt, lexical, threads);
    path = impl.first_pass(src, tgt, lexical, models);
    if (!whole_table && !impl.options.learn_from_input) path = refine(path, models);
  }
  if (impl.options.learn_from_input && impl.options.lexical_weight > 0.0) {
    std::vector<detail::BeadRange> confident;
    for (const PathStep& step : path) {
      if (step.bead.src_count() > 0 && step.bead.tgt_count() > 0 && reliable(step)) {
        confident.push_back(step.bead);
      }
    }
    detail::LinkTable links = lexical.links();
    detail::add_links(links, lexical.cooccurring_pairs(confident, 2, 0.4, 3));
    lexical.set_links(std::move(links));
    lexical.learn_cover_rates(confident);
    std::optional<detail::EndingTable> endings;
    if (impl.options.ending_weight > 0.0) {
      endings = detail::EndingTable::learn(src, tgt, confident, impl.options.ending_weight,
                                           kMaxEndingCost);
    }
    path =
        refine(path, impl.full_models(src, tgt, lexical, threads, endings ? &*endings : nullptr));
  }
  std::vector<Bead> beads;
  for (const PathStep& step : path) beads.push_back(to_bead(step, lexical));
  return beads;
}

}  // namespace tmkit
