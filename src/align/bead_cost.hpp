// The cost of a bead as a sum of independent terms (-log probabilities, in nats), so that a new
// signal (a lexicon score, say) is one more BeadTerm and nothing else changes.
#pragma once

#include <cstddef>
#include <limits>
#include <memory>
#include <vector>

#include "anchors.hpp"
#include "length_model.hpp"
#include "tmkit/text.hpp"

namespace tmkit::detail {

// A candidate bead: source segments [src_begin, src_end) with target [tgt_begin, tgt_end).
struct BeadRange {
  std::size_t src_begin = 0;
  std::size_t src_end = 0;
  std::size_t tgt_begin = 0;
  std::size_t tgt_end = 0;

  std::size_t src_count() const { return src_end - src_begin; }
  std::size_t tgt_count() const { return tgt_end - tgt_begin; }
};

// Returned by a term for a bead that must never be chosen.
inline constexpr double kForbidden = std::numeric_limits<double>::infinity();

// One additive part of the bead cost. Implementations precompute what they need from the
// segments at construction, so cost() is cheap: the search calls it ~16 times per cell.
class BeadTerm {
 public:
  virtual ~BeadTerm() = default;
  virtual double cost(const BeadRange& bead) const = 0;
  // A lower bound of cost() over all beads with these side counts. The search skips a
  // candidate whose bound already loses, so a loose bound is safe, a too-high one is a bug.
  virtual double floor(std::size_t src_count, std::size_t tgt_count) const = 0;
  // Whether cost() of a bead with an empty side (1-0, 0-1) depends on nothing but its side
  // counts, so that a search may compute it once. False unless a term says so.
  virtual bool unmatched_by_counts() const { return false; }
};

// Prefix sums of segment lengths in code points, shared by the length term and the
// coarse-to-fine search (which sums lengths over blocks of segments).
std::vector<std::size_t> length_prefix_sums(const std::vector<Segment>& segments);

// Gale-Church: length_cost() of the two sides' total lengths. A 1-0 or 0-1 bead costs 0 here:
// a sentence without translation says nothing about length ratios, and pricing it (as the
// 1993 formula does) made insertions almost impossible (textberg strict F1 0.74 -> 0.82).
class LengthTerm final : public BeadTerm {
 public:
  LengthTerm(std::vector<std::size_t> src_prefix, std::vector<std::size_t> tgt_prefix,
             LengthParams params);
  double cost(const BeadRange& bead) const override;
  double floor(std::size_t src_count, std::size_t tgt_count) const override;
  // 0 for an empty side.
  bool unmatched_by_counts() const override { return true; }

 private:
  std::vector<std::size_t> src_prefix_, tgt_prefix_;
  LengthModel model_;
};

// -log P(bead type): priors[src_count][tgt_count], kForbidden where the prior is 0.
class PriorTerm final : public BeadTerm {
 public:
  explicit PriorTerm(std::vector<std::vector<double>> priors);
  double cost(const BeadRange& bead) const override;
  double floor(std::size_t src_count, std::size_t tgt_count) const override;
  // By counts only.
  bool unmatched_by_counts() const override { return true; }

 private:
  std::vector<std::vector<double>> neg_log_;
};

struct AnchorWeights {
  double match_bonus = 1.0;      // nats off per anchor found on both sides of the bead
  std::size_t max_matches = 3;   // bonus cap per bead, so anchors cannot outvote length
  double number_mismatch = 0.5;  // nats per unmatched number when both sides have numbers
};

// Bonus for anchors (anchors.hpp) shared by the two sides of a bead.
class AnchorTerm final : public BeadTerm {
 public:
  AnchorTerm(const std::vector<Segment>& src, const std::vector<Segment>& tgt,
             AnchorWeights weights);
  double cost(const BeadRange& bead) const override;
  double floor(std::size_t src_count, std::size_t tgt_count) const override;
  // 0 for an empty side.
  bool unmatched_by_counts() const override { return true; }

 private:
  std::vector<std::vector<AnchorId>> src_, tgt_;
  // Prefix counts of segments with at least one anchor: most beads have none on one side,
  // and this answers that in O(1).
  std::vector<std::size_t> src_with_, tgt_with_;
  AnchorWeights weights_;
};

struct StructureWeights {
  double label_match_bonus = 2.0;    // a speaker label 1-1 with a label
  double label_mismatch = 6.0;       // a speaker label 1-1 with a sentence
  double paragraph_agreement = 2.0;  // both sides, or neither, start a paragraph here
  double letterless_pair = 4.0;      // a letterless segment ("<  1  2  >", "•")
                                     // in a bead with text
};

// Document structure: beads never span a paragraph break on either side, speaker labels pair
// only with labels (or with nothing), paragraph starts should coincide, and segments without a
// letter in any script (page numbers, pagers, bullets: web-page clutter) pair only with their
// own kind.
class StructureTerm final : public BeadTerm {
 public:
  StructureTerm(const std::vector<Segment>& src, const std::vector<Segment>& tgt,
                StructureWeights weights);
  double cost(const BeadRange& bead) const override;
  double floor(std::size_t src_count, std::size_t tgt_count) const override;
  // 0 for an empty side: one sentence spans no paragraph break, a label may pair with nothing.
  bool unmatched_by_counts() const override { return true; }

 private:
  struct Side {
    std::vector<std::size_t> paragraph;
    std::vector<bool> label;
    std::vector<std::size_t> labels_before;      // prefix count of labels, for O(1) "any label?"
    std::vector<std::size_t> letterless_before;  // prefix count of segments without a letter
  };
  bool pairs_letterless_with_text(const BeadRange& bead) const;
  static Side describe(const std::vector<Segment>& segments);
  static bool spans_paragraphs(const Side& side, std::size_t begin, std::size_t end);
  static bool starts_paragraph(const Side& side, std::size_t begin);
  double label_cost(const BeadRange& bead) const;

  Side src_, tgt_;
  StructureWeights weights_;
};

// The sum of its terms; kForbidden as soon as one term forbids the bead.
class BeadCostModel {
 public:
  void add(std::unique_ptr<BeadTerm> term) { terms_.push_back(std::move(term)); }
  double cost(const BeadRange& bead) const;
  double floor(std::size_t src_count, std::size_t tgt_count) const;
  // True when every term's is (BeadTerm::unmatched_by_counts).
  bool unmatched_by_counts() const;

 private:
  std::vector<std::unique_ptr<BeadTerm>> terms_;
};

}  // namespace tmkit::detail
