// Sentence alignment: which source sentences translate which target sentences.
//
// Glossary: a *bead* pairs a run of consecutive source sentences with a run of consecutive
// target sentences (1-1, 1-2, 2-1, 2-2, 1-0, 0-1, ...). An *alignment* is the sequence of beads
// that covers both texts in order.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tmkit/lang.hpp"
#include "tmkit/lexicon.hpp"
#include "tmkit/status.hpp"
#include "tmkit/text.hpp"

namespace tmkit {

struct Bead {
  std::size_t src_first = 0;  // index of the first source segment
  std::size_t src_count = 0;  // number of source segments (0 for a 0-1 bead)
  std::size_t tgt_first = 0;
  std::size_t tgt_count = 0;
  double confidence = 0.0;  // in [0,1]: how sure the aligner is that this bead is right

  // "1-2", "0-1", ...
  std::string type() const { return std::to_string(src_count) + "-" + std::to_string(tgt_count); }
  friend bool operator==(const Bead&, const Bead&) = default;
};

struct AlignerOptions {
  // Largest number of sentences on one side of a bead: 1-k and k-1 beads up to this k are
  // considered, and 2-2, 2-3, 3-2, 3-3.
  std::size_t max_bead_side = 6;
  // Target characters per source character; 0 means "use the built-in value for the pair"
  // (e.g. about 3.0 English letters per Chinese character), 1.0 for unknown pairs.
  double length_ratio = 0.0;
  // Variance of the target length per source character in the Gale-Church model; 0 means the
  // built-in value for the pair (6.8, Gale and Church's, for unknown pairs). Larger trusts
  // length less.
  double length_variance = 0.0;
  // Share of beads whose lengths the length model should not judge (see length_model.hpp):
  // caps the length cost of a bead at -log(length_outlier) nats (6.9 for the default); 0 means
  // none. OCR'd text with captions run into sentences needs it (textberg-de-fr strict F1
  // 0.881 -> 0.887); Bible zh-en is the same with and without.
  double length_outlier = 0.001;
  // Scales the anchor bonus (shared numbers, Latin names, '?'); 0 turns anchors off.
  double anchor_weight = 1.0;
  // Scales the lexical score (lexicon.hpp and lexical.hpp); 0 turns it off (length only).
  double lexical_weight = 0.35;
  // Cost (nats) of each sentence in a merged side of a bead (2-1, 1-3...) of which the other
  // side translates no word: merges must be earned, not just allowed by the bead prior.
  double idle_merge_cost = 1.5;
  // Scales the sentence-ending term (after the first pass, a bead whose two sides end alike,
  // colon with colon, full stop with full stop, gains the log ratio of how often such endings
  // went together in the first pass's sure beads to chance); 0 turns it off.
  double ending_weight = 1.0;
  // Prior probability of a 1-0 or 0-1 bead (a sentence without translation); 1-1 is 0.65.
  double unmatched_prior = 0.02;
  // A lexicon for the pair (either direction). Without one, the built-in lexicon for the pair
  // is used if there is one and use_builtin_lexicon is set; words that are the same on both
  // sides (names, numbers, cognates) always count.
  std::optional<Lexicon> lexicon;
  bool use_builtin_lexicon = true;
  // After a first alignment, learn from its confident beads how reliably each word is
  // translated and which words translate which (a lexicon learned from the input), then align
  // again around the first path.
  bool learn_from_input = true;
  // Documents whose DP table would exceed this many cells are searched in bands instead: first
  // through pairs of sentences that share rare words (see band_radius), then around the first
  // path. Memory is about 9 bytes per cell, so the default bounds the full table near 10 MB.
  std::size_t max_full_cells = std::size_t{1} << 20;
  // Initial half-width, in target sentences, of those bands. A band doubles while the best path
  // runs along its edge, up to 8 * max_full_cells cells. Time and memory grow linearly with it.
  std::size_t band_radius = 8;
};

// Aligns segmented texts by dynamic programming over beads, scoring each bead by a
// Gale-Church length cost, a lexical score (how much of each side the other translates, by a
// lexicon and by shared words), cross-language anchors (numbers, Latin tokens, '?') and a prior
// on the bead type.
// Paragraph breaks and speaker turns are respected where both sides have them.
// Thread safety: align() is const and may run on several threads. A long document (one not
// solved over its whole table) is aligned with up to two threads of align()'s own, which it
// joins before it returns.
class Aligner {
 public:
  // Fails with kInvalidInput on nonsensical options (max_bead_side of 0, negative ratio).
  static Result<Aligner> create(const LangTag& src_lang, const LangTag& tgt_lang,
                                const AlignerOptions& options = {});

  Aligner(Aligner&&) noexcept;
  Aligner& operator=(Aligner&&) noexcept;
  ~Aligner();

  // The beads covering src and tgt in order: every segment is in exactly one bead.
  std::vector<Bead> align(const std::vector<Segment>& src, const std::vector<Segment>& tgt) const;

 private:
  struct Impl;
  explicit Aligner(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tmkit
