// The lexical score: how much of each side of a bead the other side translates, by a bilingual
// lexicon (built-in, user-supplied, or learned from the document) and by words that are the
// same in both languages (names, numbers, acronyms, cognates).
//
// Each content token of a sentence is *covered* by the other side of its bead when one of its
// translations occurs there. A token's coverage is scored as a log-likelihood ratio: covered,
// log(q / c); not covered, log(1 - 0.5); where q is how often the token is covered by its true
// translation (estimated per word from the document after a first alignment, 0.5 before) and
// c the chance that an unrelated passage of that length covers it (from how many sentences of
// the other side contain one of its translations). Rare words thus weigh more than common ones,
// and a bigger bead earns nothing for words that any passage of its size would cover: that is
// what keeps beads from growing just because coverage can only rise with size.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "bead_cost.hpp"
#include "lexicon_data.hpp"
#include "tmkit/text.hpp"

namespace tmkit::detail {

// The content tokens of one side of a document as ids of that side's vocabulary.
struct SideTokens {
  std::vector<std::uint32_t> offsets{0};  // sentence s has ids[offsets[s], offsets[s + 1])
  std::vector<std::uint32_t> ids;
  std::vector<std::string> keys;  // id -> match key

  std::size_t sentences() const { return offsets.size() - 1; }
};

// Splits `segments` into match keys of `language`: words, or for unspaced scripts the longest
// words of `lexicon` (when its source is `language`) and single characters otherwise. With
// such a lexicon, runs of 2-3 characters that are no lexicon word (names) also give the keys
// of their readings in `other_language` (pinyin: 国贤 -> "guoxian").
SideTokens tokenize_side(const std::vector<Segment>& segments, const std::string& language,
                         const LexiconData* lexicon, const std::string& other_language);

// tokenize_side of segments [begin, end) only, with ids of its own: parts tokenized apart (in
// threads) and joined in order by join_parts equal tokenize_side of the whole.
SideTokens tokenize_part(const std::vector<Segment>& segments, std::size_t begin, std::size_t end,
                         const std::string& language, const LexiconData* lexicon,
                         const std::string& other_language);
SideTokens join_parts(std::vector<SideTokens> parts);

// Translation links from the tokens of side x to the vocabulary of side y: x is the lexicon's
// source side (or the aligner's source side when there is no lexicon).
struct LinkTable {
  std::vector<std::vector<std::uint32_t>> links;  // x id -> sorted y ids
};

// Links by the lexicon (if any) and by identical match keys.
LinkTable link_by_lexicon(const SideTokens& x, const SideTokens& y, const LexiconData* lexicon);

// Adds learned links x id -> y id.
void add_links(LinkTable& table, const std::vector<std::pair<std::uint32_t, std::uint32_t>>& pairs);

// Per-token weights of one side, by vocabulary id.
struct TokenWeights {
  std::vector<double> cover_rate;  // q: how often the token is covered in a true bead
  std::vector<double> chance;      // p: chance that a random sentence of the other side covers it
};

// Everything the bead term needs, in the aligner's source/target orientation.
class LexicalModel {
 public:
  // `x_is_source` says whether the link table's x side is the aligner's source.
  LexicalModel(SideTokens src, SideTokens tgt, LinkTable links, bool x_is_source);

  const SideTokens& side(bool source) const { return source ? src_ : tgt_; }
  // The log of the length ratio of the run of `run` <= kMaxRun sentences of one side ending
  // before sentence `end` (their content tokens / the side's mean, clamped to [1/4, 8]).
  static constexpr std::size_t kMaxRun = 8;
  double log_run_ratio(bool source, std::size_t end, std::size_t run) const {
    return (source ? src_log_ratio_ : tgt_log_ratio_)[end * (kMaxRun + 1) + run];
  }
  std::size_t content_tokens(bool source, std::size_t sentence) const;
  double mean_tokens(bool source) const { return source ? src_mean_ : tgt_mean_; }

  // Tokens of src sentence i covered by tgt sentence j, and of tgt sentence j covered by i,
  // as bit masks over the sentences' first 64 scored tokens.
  struct PairMasks {
    std::uint64_t src = 0, tgt = 0;
  };
  PairMasks pair_masks(std::size_t i, std::size_t j) const;
  // The marks pair_masks works with; one per thread (make_scratch() sizes one for this model).
  struct PairScratch {
    std::vector<std::uint32_t> mark_y;  // y id -> stamp of the y sentence holding it
    std::uint32_t stamp = 0;
    std::vector<std::uint32_t> linked_by;    // y id -> 1 + an x sentence linking to it
    std::size_t linked_sentence = SIZE_MAX;  // the x sentence linked_by is complete for
  };
  PairScratch make_scratch() const;
  // pair_masks with the caller's scratch, so that threads can share the model.
  PairMasks pair_masks(std::size_t i, std::size_t j, PairScratch& scratch) const;

  // How many of a bead's scored tokens (both sides) the other side covers.
  struct Coverage {
    std::size_t covered = 0, scored = 0;
  };
  Coverage bead_coverage(const BeadRange& bead) const;

  // The coverage log-likelihood ratio of one sentence given its covered-token mask and the log
  // of the other side's length ratio r (other side's tokens / that side's mean).
  double sentence_llr(bool source, std::size_t sentence, std::uint64_t covered, double log_r) const;

  // Word pairs that keep occurring together in `beads` (believed right) and are not linked yet:
  // x id -> y id, by the Dice coefficient of the beads each occurs in (at least min_beads
  // together, Dice >= min_dice, the best `per_word` per x word).
  std::vector<std::pair<std::uint32_t, std::uint32_t>> cooccurring_pairs(
      const std::vector<BeadRange>& beads, std::size_t min_beads, double min_dice,
      std::size_t per_word) const;
  // Re-estimates q per token type from beads believed right.
  void learn_cover_rates(const std::vector<BeadRange>& beads);
  // Replaces the links (after learning), recomputing chances.
  void set_links(LinkTable links);
  const LinkTable& links() const { return links_; }
  bool x_is_source() const { return x_is_source_; }

  // Candidate anchor points: pairs of sentences sharing words that are rare on both sides
  // within a window: x sentence s is compared with the y sentences within `window` of
  // expected_y[s] (its position on the length diagonal), and a word counts as rare when it
  // occurs in at most max_frequency sentences of that window on each side. Windows make
  // rarity local, so a long text (all of Genesis to Acts) has as many anchors per sentence
  // as a short one.
  struct Candidate {
    std::size_t src, tgt;
    double score;
  };
  std::vector<Candidate> rare_word_candidates(const std::vector<std::size_t>& expected_y,
                                              std::size_t window, std::size_t max_frequency) const;

 private:
  struct Scored {  // a sentence's scored tokens (at most 64, the rarest)
    std::vector<std::uint32_t> offsets{0};
    std::vector<std::uint32_t> ids;
    std::vector<float> gain;       // log q - log p: what covering the token earns
    std::vector<float> miss;       // -log(1 - 0.5): what leaving it uncovered costs
    std::vector<double> miss_sum;  // per sentence
  };
  void compute_weights();
  Scored score_side(const SideTokens& side, const TokenWeights& weights) const;
  // Links seen from the y side: y id -> x ids.
  std::vector<std::vector<std::uint32_t>> reverse_links() const;

  SideTokens src_, tgt_;
  LinkTable links_;
  bool x_is_source_;
  TokenWeights src_weights_, tgt_weights_;
  Scored src_scored_, tgt_scored_;
  double src_mean_ = 1.0, tgt_mean_ = 1.0;
  std::vector<double> src_log_ratio_, tgt_log_ratio_;  // see log_run_ratio
  // Per x id, its links; per y id, the x ids linking to it (for tgt coverage).
  std::vector<std::vector<std::uint32_t>> reverse_;
  // Scratch marks for pair_masks without a scratch of the caller's.
  mutable PairScratch scratch_;
};

struct LexicalWeights {
  double weight = 1.0;  // nats per unit of log-likelihood ratio
  // Nats for each sentence of a merged side (2-1, 1-3, ...) that covers no word of the other
  // side that the rest of its side does not cover already (its coverage is then not counted
  // either): a merge must be earned by what the added sentence contributes, not only allowed
  // by the bead prior.
  double idle_merge = 0.0;
};

// The bead term: -weight * (sum of the sentence LLRs of both sides). Beads are evaluated cell
// by cell by the search; the term caches, for the current end cell, the covered masks of the
// last sentences against runs of the other side, so each shape costs a few additions.
class LexicalTerm final : public BeadTerm {
 public:
  LexicalTerm(const LexicalModel& model, LexicalWeights weights);
  double cost(const BeadRange& bead) const override;
  double floor(std::size_t src_count, std::size_t tgt_count) const override;
  bool unmatched_by_counts() const override { return true; }  // 0

 private:
  static constexpr std::size_t kMaxSide = LexicalModel::kMaxRun;
  struct Entry {
    std::uint64_t mask = 0;  // tokens covered
    double llr = 0.0;
    std::uint64_t cell = 0;  // valid when equal to cell_: resetting is one increment per cell
  };
  // LLR of the sentence `back` positions before the end on one side, against a run of
  // `run` sentences ending at the other side's end.
  double side_llr(bool source, std::size_t back, std::size_t run) const;
  // side_llr, or when the sentence is `idle` (one of several that adds no coverage) at most 0
  // less the idle-merge cost.
  double merged_llr(bool source, std::size_t back, std::size_t run, bool idle) const;
  // Which sentences of a merged side (bit `back`) add coverage of the other side's run.
  std::uint32_t adding_coverage(bool source, std::size_t run) const;
  double log_other_ratio(bool source, std::size_t run) const;

  // The pair masks of the last kRows source rows, for every target position: the search asks
  // for the same pair from up to max_side^2 end cells, and visits rows in order.
  static constexpr std::size_t kRows = 8;
  struct CachedPair {
    LexicalModel::PairMasks masks;
    std::uint64_t generation = 0;
  };
  LexicalModel::PairMasks cached_pair(std::size_t i, std::size_t j) const;

  const LexicalModel& model_;
  mutable LexicalModel::PairScratch scratch_;
  LexicalWeights weights_;
  mutable std::array<std::vector<CachedPair>, kRows> rows_;
  mutable std::array<std::size_t, kRows> row_of_slot_{};
  mutable std::array<std::uint64_t, kRows> slot_generation_{};
  mutable std::uint64_t generations_ = 0;
  double max_sentence_llr_ = 0.0;
  mutable std::size_t end_i_ = SIZE_MAX, end_j_ = SIZE_MAX;
  mutable std::uint64_t cell_ = 0;
  mutable std::size_t own_src_ = 0, own_tgt_ = 0;  // the side sizes of the bead being costed
  mutable std::array<std::array<Entry, kMaxSide + 1>, kMaxSide + 1> src_cache_{}, tgt_cache_{};
};

}  // namespace tmkit::detail
