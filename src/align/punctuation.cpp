#include "punctuation.hpp"

#include <algorithm>
#include <cmath>

#include "utf8_decode.hpp"

namespace tmkit::detail {
namespace {

// Closing quotes and brackets after the final punctuation ("... moment ! »", "。」").
bool is_closing(char32_t c) {
  switch (c) {
    case U' ':
    case U'\t':
    case U'"':
    case U'\'':
    case U')':
    case U']':
    case U'}':
    case U'\u00BB':
    case U'\u00AB':
    case U'\u2019':
    case U'\u201D':
    case U'\u201C':
    case U'\u300D':
    case U'\u300F':
    case U'\uFF09':
    case U'\u3011':
    case U'\u300B':
    case U'>':
      return true;
    default:
      return false;
  }
}

Ending classify(char32_t c) {
  switch (c) {
    case U'.':
    case U'!':
    case U'?':
    case U'\u2026':
    case U'\u3002':
    case U'\uFF01':
    case U'\uFF1F':
    case U'\uFF0E':
      return Ending::kFull;
    case U':':
    case U';':
    case U'\uFF1A':
    case U'\uFF1B':
      return Ending::kColon;
    case U',':
    case U'\uFF0C':
    case U'\u3001':
      return Ending::kComma;
    default:
      return Ending::kOther;
  }
}

std::vector<Ending> endings(const std::vector<Segment>& segments) {
  std::vector<Ending> out;
  out.reserve(segments.size());
  for (const Segment& s : segments) out.push_back(sentence_ending(s.text));
  return out;
}

std::size_t index(Ending e) { return static_cast<std::size_t>(e); }

using Counts = std::array<std::array<double, kEndings>, kEndings>;

// -weight * log(P(a, b) / (P(a) P(b))) per cell, clamped to +-max_cost.
Counts log_ratio_costs(const Counts& count, double weight, double max_cost) {
  std::array<double, kEndings> row_sum{}, column_sum{};
  double total = 0.0;
  for (std::size_t a = 0; a < kEndings; ++a) {
    for (std::size_t b = 0; b < kEndings; ++b) {
      row_sum[a] += count[a][b];
      column_sum[b] += count[a][b];
      total += count[a][b];
    }
  }
  Counts cost{};
  for (std::size_t a = 0; a < kEndings; ++a) {
    for (std::size_t b = 0; b < kEndings; ++b) {
      const double ratio = count[a][b] * total / (row_sum[a] * column_sum[b]);
      cost[a][b] = std::clamp(-weight * std::log(ratio), -max_cost, max_cost);
    }
  }
  return cost;
}

}  // namespace

Ending sentence_ending(std::string_view text) {
  // Only the tail matters: a few closing marks and the punctuation before them.
  constexpr std::size_t kTail = 32;
  std::size_t start = text.size() > kTail ? text.size() - kTail : 0;
  while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
  const std::u32string tail = decode_utf8(text.substr(start));
  auto it = tail.rbegin();
  while (it != tail.rend() && is_closing(*it)) ++it;
  return it == tail.rend() ? Ending::kOther : classify(*it);
}

EndingTable EndingTable::learn(const std::vector<Segment>& src, const std::vector<Segment>& tgt,
                               const std::vector<BeadRange>& beads, double weight,
                               double max_cost) {
  Counts count{};
  // One more per cell: with few beads, every ratio stays near 1 and the table near zero.
  for (auto& row : count) row.fill(1.0);
  for (const BeadRange& bead : beads) {
    if (bead.src_count() == 0 || bead.tgt_count() == 0) continue;
    const Ending a = sentence_ending(src[bead.src_end - 1].text);
    const Ending b = sentence_ending(tgt[bead.tgt_end - 1].text);
    count[index(a)][index(b)] += 1.0;
  }
  EndingTable table;
  table.cost = log_ratio_costs(count, weight, max_cost);
  // A line without final punctuation (a heading, a caption, page furniture) says nothing: two
  // such lines would pair for being unpunctuated, not for being translations (the example
  // page's "打印本页　关闭窗口" and "... Print E-mail Bookmark and Share" got a bonus and
  // confidence 0.73).
  for (std::size_t k = 0; k < kEndings; ++k) {
    table.cost[k][index(Ending::kOther)] = 0.0;
    table.cost[index(Ending::kOther)][k] = 0.0;
  }
  return table;
}

EndingTerm::EndingTerm(const std::vector<Segment>& src, const std::vector<Segment>& tgt,
                       EndingTable table)
    : src_(endings(src)), tgt_(endings(tgt)), table_(table) {
  for (const auto& row : table_.cost) {
    floor_ = std::min(floor_, *std::min_element(row.begin(), row.end()));
  }
}

double EndingTerm::cost(const BeadRange& bead) const {
  if (bead.src_count() == 0 || bead.tgt_count() == 0) return 0.0;
  return table_.cost[index(src_[bead.src_end - 1])][index(tgt_[bead.tgt_end - 1])];
}

double EndingTerm::floor(std::size_t src_count, std::size_t tgt_count) const {
  return src_count == 0 || tgt_count == 0 ? 0.0 : floor_;
}

}  // namespace tmkit::detail
