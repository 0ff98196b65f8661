// Sentence alignment: which source sentences translate which target sentences.
//
// Glossary: a *bead* pairs a run of consecutive source sentences with a run of consecutive
// target sentences (1-1, 1-2, 2-1, 2-2, 1-0, 0-1, ...). An *alignment* is the sequence of beads
// that covers both texts in order.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "tmkit/lang.hpp"
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
  // Largest number of sentences on one side of a bead (beads up to max x max are considered).
  std::size_t max_bead_side = 3;
  // Target characters per source character; 0 means "use the built-in value for the pair"
  // (e.g. about 3.0 English letters per Chinese character), 1.0 for unknown pairs.
  double length_ratio = 0.0;
  // Variance of the target length per source character in the Gale-Church model; 0 means the
  // built-in value for the pair (6.8, Gale and Church's, for unknown pairs). Larger trusts
  // length less.
  double length_variance = 0.0;
  // Scales the anchor bonus (shared numbers, Latin names, '?'); 0 turns anchors off.
  double anchor_weight = 1.0;
  // Documents whose DP table would exceed this many cells are searched in a band around the
  // length diagonal instead (see band_radius). Memory is about 9 bytes per cell, so the default
  // bounds the full table near 20 MB.
  std::size_t max_full_cells = std::size_t{1} << 21;
  // Initial half-width, in target sentences, of that band. The band doubles while the best path
  // runs along its edge, up to 8 * max_full_cells cells. Time and memory grow linearly with it.
  std::size_t band_radius = 100;
};

// Aligns segmented texts by dynamic programming over beads, scoring each bead by a
// Gale-Church length cost plus cross-language anchors (numbers, Latin tokens, '?').
// Paragraph breaks and speaker turns are respected where both sides have them.
// Thread safety: align() is const and may run on several threads.
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
