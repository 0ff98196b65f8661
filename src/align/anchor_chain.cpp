#include "anchor_chain.hpp"

#include <algorithm>
#include <cmath>

namespace tmkit::detail {
namespace {

// Prefix maximum over target positions (a Fenwick tree of (weight, point index)).
class PrefixMax {
 public:
  explicit PrefixMax(std::size_t size) : tree_(size + 1, {0.0, kNone}) {}
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

  // Best over positions [0, end).
  std::pair<double, std::size_t> query(std::size_t end) const {
    std::pair<double, std::size_t> best{0.0, kNone};
    for (std::size_t k = end; k > 0; k -= k & (~k + 1)) best = std::max(best, tree_[k]);
    return best;
  }
  void update(std::size_t position, std::pair<double, std::size_t> value) {
    for (std::size_t k = position + 1; k < tree_.size(); k += k & (~k + 1)) {
      tree_[k] = std::max(tree_[k], value);
    }
  }

 private:
  std::vector<std::pair<double, std::size_t>> tree_;
};

}  // namespace

std::vector<BandPoint> heaviest_chain(std::vector<WeightedPoint> points) {
  if (points.empty()) return {};
  std::sort(points.begin(), points.end(), [](const WeightedPoint& a, const WeightedPoint& b) {
    return a.src != b.src ? a.src < b.src : a.tgt > b.tgt;
  });
  std::size_t max_tgt = 0;
  for (const WeightedPoint& p : points) max_tgt = std::max(max_tgt, p.tgt);
  PrefixMax best(max_tgt + 1);
  std::vector<double> total(points.size());
  std::vector<std::size_t> previous(points.size());
  // Points of one source row come in decreasing tgt order, so none can extend another.
  for (std::size_t k = 0; k < points.size(); ++k) {
    const auto [before, from] = best.query(points[k].tgt);
    total[k] = before + points[k].weight;
    previous[k] = from;
    best.update(points[k].tgt, {total[k], k});
  }
  std::size_t k =
      static_cast<std::size_t>(std::max_element(total.begin(), total.end()) - total.begin());
  std::vector<BandPoint> chain;
  for (; k != PrefixMax::kNone; k = previous[k]) chain.push_back({points[k].src, points[k].tgt});
  std::reverse(chain.begin(), chain.end());
  return chain;
}

std::vector<BandPoint> drop_outliers(const std::vector<BandPoint>& chain,
                                     const std::vector<std::size_t>& src_prefix,
                                     std::size_t tolerance) {
  std::vector<BandPoint> kept;
  for (std::size_t k = 0; k < chain.size(); ++k) {
    const BandPoint before = k > 0 ? chain[k - 1] : BandPoint{0, 0};
    const BandPoint after =
        k + 1 < chain.size() ? chain[k + 1] : BandPoint{src_prefix.size() - 1, chain[k].tgt};
    const BandPoint p = chain[k];
    if (k + 1 == chain.size() || after.src == before.src) {
      kept.push_back(p);
      continue;
    }
    const double chars = static_cast<double>(src_prefix[after.src] - src_prefix[before.src]);
    const double share =
        chars > 0 ? static_cast<double>(src_prefix[p.src] - src_prefix[before.src]) / chars : 0.5;
    const double expected =
        static_cast<double>(before.tgt) + share * static_cast<double>(after.tgt - before.tgt);
    const double allowed =
        static_cast<double>(tolerance) +
        static_cast<double>(std::max(after.src - before.src, after.tgt - before.tgt)) / 8.0;
    if (std::abs(static_cast<double>(p.tgt) - expected) <= allowed) kept.push_back(p);
  }
  return kept;
}

}  // namespace tmkit::detail
