// The first step of the search: sentence pairs that share words rare on both sides are likely
// translations; the heaviest chain of them that is increasing on both sides pins the path down,
// so the dynamic programme only has to search narrow bands between them.
#pragma once

#include <cstddef>
#include <vector>

#include "dp_search.hpp"

namespace tmkit::detail {

struct WeightedPoint {
  std::size_t src = 0, tgt = 0;
  double weight = 0.0;
};

// The subset of `points` with the largest total weight whose src and tgt both strictly
// increase (a weighted longest increasing subsequence, O(k log k)).
std::vector<BandPoint> heaviest_chain(std::vector<WeightedPoint> points);

// Drops chain points that stray from the line through their neighbours by more than
// `tolerance` + 1/8 of the stretch between the neighbours: a false anchor that is still in
// order would bend the band away from the true path. Positions are compared in target
// sentences, interpolated by source characters (prefix sums).
std::vector<BandPoint> drop_outliers(const std::vector<BandPoint>& chain,
                                     const std::vector<std::size_t>& src_prefix,
                                     std::size_t tolerance);

}  // namespace tmkit::detail
