#include "anchor_chain.hpp"

#include <algorithm>
#include <cmath>

namespace tmkit::detail {
namespace {

// How many earlier points a point may follow directly: enough to jump over a cluster of false
// pairs, few enough to keep the chain linear in the number of points.
constexpr std::size_t kLookBack = 64;
// Cost per sentence of unexplained change in the offset from the diagonal.
constexpr double kDriftCost = 0.5;

double drift_allowance(std::size_t distance) {
  return 3.0 + 2.0 * std::sqrt(static_cast<double>(distance));
}

}  // namespace

std::vector<BandPoint> consistent_chain(std::vector<WeightedPoint> points,
                                        const std::vector<std::size_t>& src_prefix,
                                        const std::vector<std::size_t>& tgt_prefix) {
  std::sort(points.begin(), points.end(), [](const WeightedPoint& a, const WeightedPoint& b) {
    return a.src != b.src ? a.src < b.src : a.tgt < b.tgt;
  });
  const std::size_t k_count = points.size();
  std::vector<double> offset(k_count), total(k_count);
  std::vector<std::size_t> previous(k_count, k_count);
  for (std::size_t k = 0; k < k_count; ++k) {
    offset[k] = static_cast<double>(points[k].tgt) -
                static_cast<double>(diagonal_column(src_prefix, tgt_prefix, points[k].src));
  }
  auto step_cost = [&](double from_offset, std::size_t from_src, std::size_t k) {
    const double drift = std::abs(offset[k] - from_offset);
    return kDriftCost * std::max(0.0, drift - drift_allowance(points[k].src - from_src));
  };
  for (std::size_t k = 0; k < k_count; ++k) {
    // From the start of both texts (offset 0), or from an earlier point.
    total[k] = points[k].weight - step_cost(0.0, 0, k);
    for (std::size_t p = k > kLookBack ? k - kLookBack : 0; p < k; ++p) {
      if (points[p].src >= points[k].src || points[p].tgt >= points[k].tgt) continue;
      const double via = total[p] + points[k].weight - step_cost(offset[p], points[p].src, k);
      if (via > total[k]) {
        total[k] = via;
        previous[k] = p;
      }
    }
  }
  std::vector<BandPoint> chain;
  if (k_count == 0) return chain;
  std::size_t k =
      static_cast<std::size_t>(std::max_element(total.begin(), total.end()) - total.begin());
  for (; k != k_count; k = previous[k]) chain.push_back({points[k].src, points[k].tgt});
  std::reverse(chain.begin(), chain.end());
  return chain;
}

}  // namespace tmkit::detail
