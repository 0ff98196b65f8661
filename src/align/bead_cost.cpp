#include "bead_cost.hpp"

#include <unicode/uchar.h>

#include <algorithm>
#include <cmath>
#include <utility>

#include "utf8_decode.hpp"

namespace tmkit::detail {

std::vector<std::size_t> length_prefix_sums(const std::vector<Segment>& segments) {
  std::vector<std::size_t> prefix(segments.size() + 1, 0);
  for (std::size_t i = 0; i < segments.size(); ++i) {
    prefix[i + 1] = prefix[i] + count_code_points(segments[i].text);
  }
  return prefix;
}

LengthTerm::LengthTerm(std::vector<std::size_t> src_prefix, std::vector<std::size_t> tgt_prefix,
                       LengthParams params)
    : src_prefix_(std::move(src_prefix)), tgt_prefix_(std::move(tgt_prefix)), model_(params) {}

double LengthTerm::cost(const BeadRange& bead) const {
  if (bead.src_count() == 0 || bead.tgt_count() == 0) return 0.0;
  return model_.cost(src_prefix_[bead.src_end] - src_prefix_[bead.src_begin],
                     tgt_prefix_[bead.tgt_end] - tgt_prefix_[bead.tgt_begin]);
}

double LengthTerm::floor(std::size_t, std::size_t) const { return 0.0; }

PriorTerm::PriorTerm(std::vector<std::vector<double>> priors) : neg_log_(std::move(priors)) {
  for (auto& row : neg_log_) {
    for (double& p : row) p = p > 0.0 ? -std::log(p) : kForbidden;
  }
}

double PriorTerm::cost(const BeadRange& bead) const {
  const std::size_t a = bead.src_count(), b = bead.tgt_count();
  if (a >= neg_log_.size() || b >= neg_log_[a].size()) return kForbidden;
  return neg_log_[a][b];
}

double PriorTerm::floor(std::size_t src_count, std::size_t tgt_count) const {
  return cost({0, src_count, 0, tgt_count});
}

namespace {

// True when `text` has a letter or ideograph in any script.
bool has_letter(std::string_view text) {
  const std::u32string code_points = decode_utf8(text);
  return std::any_of(code_points.begin(), code_points.end(),
                     [](char32_t c) { return u_isalpha(static_cast<UChar32>(c)) != 0; });
}

// Appends the anchors of segments [begin, end) to `out`.
void gather(const std::vector<std::vector<AnchorId>>& per_segment, std::size_t begin,
            std::size_t end, std::vector<AnchorId>& out) {
  for (std::size_t i = begin; i < end; ++i) {
    out.insert(out.end(), per_segment[i].begin(), per_segment[i].end());
  }
}

struct AnchorCounts {
  std::size_t matched = 0;  // anchors on both sides (multiset intersection)
  std::size_t src_numbers = 0, tgt_numbers = 0, unmatched_numbers = 0;
};

// Walks two sorted anchor lists like a merge, counting what the bead's sides share.
AnchorCounts count_shared(const std::vector<AnchorId>& src, const std::vector<AnchorId>& tgt) {
  AnchorCounts counts;
  std::size_t i = 0, j = 0;
  auto is_number = [](AnchorId id) { return anchor_kind(id) == AnchorKind::kNumber; };
  while (i < src.size() || j < tgt.size()) {
    const bool take_src = j == tgt.size() || (i < src.size() && src[i] < tgt[j]);
    const bool take_tgt = i == src.size() || (j < tgt.size() && tgt[j] < src[i]);
    const AnchorId id = take_tgt ? tgt[j] : src[i];
    if (!take_src && !take_tgt) ++counts.matched;
    if (is_number(id)) {
      counts.src_numbers += take_tgt ? 0 : 1;
      counts.tgt_numbers += take_src ? 0 : 1;
      counts.unmatched_numbers += (take_src || take_tgt) ? 1 : 0;
    }
    i += take_tgt ? 0 : 1;
    j += take_src ? 0 : 1;
  }
  return counts;
}

}  // namespace

AnchorTerm::AnchorTerm(const std::vector<Segment>& src, const std::vector<Segment>& tgt,
                       AnchorWeights weights)
    : weights_(weights) {
  for (const Segment& s : src) src_.push_back(extract_anchors(s.text));
  for (const Segment& s : tgt) tgt_.push_back(extract_anchors(s.text));
  auto count_nonempty = [](const std::vector<std::vector<AnchorId>>& per_segment) {
    std::vector<std::size_t> prefix(per_segment.size() + 1, 0);
    for (std::size_t i = 0; i < per_segment.size(); ++i) {
      prefix[i + 1] = prefix[i] + (per_segment[i].empty() ? 0 : 1);
    }
    return prefix;
  };
  src_with_ = count_nonempty(src_);
  tgt_with_ = count_nonempty(tgt_);
}

double AnchorTerm::cost(const BeadRange& bead) const {
  // Most beads have no anchor on one side: answer without allocating.
  if (src_with_[bead.src_end] == src_with_[bead.src_begin] ||
      tgt_with_[bead.tgt_end] == tgt_with_[bead.tgt_begin]) {
    return 0.0;
  }
  std::vector<AnchorId> src, tgt;
  gather(src_, bead.src_begin, bead.src_end, src);
  gather(tgt_, bead.tgt_begin, bead.tgt_end, tgt);
  std::sort(src.begin(), src.end());
  std::sort(tgt.begin(), tgt.end());
  const AnchorCounts counts = count_shared(src, tgt);
  double cost =
      -weights_.match_bonus * static_cast<double>(std::min(counts.matched, weights_.max_matches));
  if (counts.src_numbers > 0 && counts.tgt_numbers > 0) {
    cost += weights_.number_mismatch * static_cast<double>(counts.unmatched_numbers);
  }
  return cost;
}

double AnchorTerm::floor(std::size_t src_count, std::size_t tgt_count) const {
  if (src_count == 0 || tgt_count == 0) return 0.0;
  return -weights_.match_bonus * static_cast<double>(weights_.max_matches);
}

StructureTerm::StructureTerm(const std::vector<Segment>& src, const std::vector<Segment>& tgt,
                             StructureWeights weights)
    : src_(describe(src)), tgt_(describe(tgt)), weights_(weights) {}

StructureTerm::Side StructureTerm::describe(const std::vector<Segment>& segments) {
  Side side;
  side.labels_before.push_back(0);
  side.letterless_before.push_back(0);
  for (const Segment& s : segments) {
    side.letterless_before.push_back(side.letterless_before.back() + (has_letter(s.text) ? 0 : 1));
    side.paragraph.push_back(s.paragraph);
    side.label.push_back(s.is_speaker_label);
    side.labels_before.push_back(side.labels_before.back() + (s.is_speaker_label ? 1 : 0));
  }
  return side;
}

// Letterless segments may stand alone or pair with letterless ones, never join text.
bool StructureTerm::pairs_letterless_with_text(const BeadRange& bead) const {
  const std::size_t src_letterless =
      src_.letterless_before[bead.src_end] - src_.letterless_before[bead.src_begin];
  const std::size_t tgt_letterless =
      tgt_.letterless_before[bead.tgt_end] - tgt_.letterless_before[bead.tgt_begin];
  const bool all = src_letterless == bead.src_count() && tgt_letterless == bead.tgt_count();
  return (src_letterless > 0 || tgt_letterless > 0) && !all;
}

bool StructureTerm::spans_paragraphs(const Side& side, std::size_t begin, std::size_t end) {
  return end > begin && side.paragraph[begin] != side.paragraph[end - 1];
}

// Segment 0 does not count as a start, so input without paragraphs (all 0) leaves this inert.
bool StructureTerm::starts_paragraph(const Side& side, std::size_t begin) {
  return begin > 0 && begin < side.paragraph.size() &&
         side.paragraph[begin] != side.paragraph[begin - 1];
}

double StructureTerm::label_cost(const BeadRange& bead) const {
  const bool any_label = src_.labels_before[bead.src_end] > src_.labels_before[bead.src_begin] ||
                         tgt_.labels_before[bead.tgt_end] > tgt_.labels_before[bead.tgt_begin];
  if (!any_label || bead.src_count() == 0 || bead.tgt_count() == 0) return 0.0;
  // A label merged with anything else would put a speaker's name inside a translation unit.
  if (bead.src_count() > 1 || bead.tgt_count() > 1) return kForbidden;
  const bool both = src_.label[bead.src_begin] && tgt_.label[bead.tgt_begin];
  return both ? -weights_.label_match_bonus : weights_.label_mismatch;
}

double StructureTerm::cost(const BeadRange& bead) const {
  if (spans_paragraphs(src_, bead.src_begin, bead.src_end) ||
      spans_paragraphs(tgt_, bead.tgt_begin, bead.tgt_end)) {
    return kForbidden;
  }
  double cost = label_cost(bead);
  if (bead.src_count() > 0 && bead.tgt_count() > 0 &&
      starts_paragraph(src_, bead.src_begin) != starts_paragraph(tgt_, bead.tgt_begin)) {
    cost += weights_.paragraph_agreement;
  }
  if (bead.src_count() > 0 && bead.tgt_count() > 0 && pairs_letterless_with_text(bead)) {
    cost += weights_.letterless_pair;
  }
  return cost;
}

double StructureTerm::floor(std::size_t src_count, std::size_t tgt_count) const {
  return src_count == 1 && tgt_count == 1 ? -weights_.label_match_bonus : 0.0;
}

double BeadCostModel::floor(std::size_t src_count, std::size_t tgt_count) const {
  double total = 0.0;
  for (const auto& term : terms_) total += term->floor(src_count, tgt_count);
  return total;
}

bool BeadCostModel::unmatched_by_counts() const {
  return std::all_of(terms_.begin(), terms_.end(),
                     [](const auto& term) { return term->unmatched_by_counts(); });
}

double BeadCostModel::cost(const BeadRange& bead) const {
  double total = 0.0;
  for (const auto& term : terms_) {
    total += term->cost(bead);
    if (total == kForbidden) break;
  }
  return total;
}

}  // namespace tmkit::detail
