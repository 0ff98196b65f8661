// Sentence-final punctuation as evidence: a bead whose sides end alike (a colon with a colon,
// a full stop with a full stop) is more likely right than one that ends a clause on one side
// and a sentence on the other. How strongly the classes go together depends on the languages
// and on the text (Chinese ends with a comma where English ends with a semicolon), so the
// table is learned from the beads of a first alignment, not fixed.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "bead_cost.hpp"
#include "tmkit/text.hpp"

namespace tmkit::detail {

// How a sentence ends, closing quotes and brackets aside.
enum class Ending : std::uint8_t {
  kFull = 0,  // . ! ? … and their full-width forms
  kColon,     // : ; and full-width
  kComma,     // , and the Chinese enumeration comma
  kOther,     // a letter, digit, bracket or nothing
};
inline constexpr std::size_t kEndings = 4;

Ending sentence_ending(std::string_view text);

// Cost (nats) of a bead whose source side ends with class a and target side with class b:
// -weight * log(P(a, b) / (P(a) P(b))), from counts smoothed by one per cell, clamped to
// +-max_cost; 0 where either side is kOther. All zero (no evidence) until learned.
struct EndingTable {
  std::array<std::array<double, kEndings>, kEndings> cost{};

  // From the endings of beads believed right; `weight` scales the log ratio.
  static EndingTable learn(const std::vector<Segment>& src, const std::vector<Segment>& tgt,
                           const std::vector<BeadRange>& beads, double weight, double max_cost);
};

// The bead term: the table's cost of the endings of the bead's last sentences; 0 for 1-0/0-1.
class EndingTerm final : public BeadTerm {
 public:
  EndingTerm(const std::vector<Segment>& src, const std::vector<Segment>& tgt, EndingTable table);
  double cost(const BeadRange& bead) const override;
  double floor(std::size_t src_count, std::size_t tgt_count) const override;
  bool unmatched_by_counts() const override { return true; }  // 0

 private:
  std::vector<Ending> src_, tgt_;
  EndingTable table_;
  double floor_ = 0.0;
};

}  // namespace tmkit::detail
