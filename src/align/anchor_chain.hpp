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

// The chain of `points` (sentence pairs believed to translate each other) with the largest
// total weight whose src and tgt both strictly increase, where a step between two points costs
// the amount by which their offsets from the length diagonal differ beyond what the distance
// between them explains (a few sentences plus 2 * sqrt(distance)). A pair that is really a
// repeated passage elsewhere in the text (the Bible's Kings and Chronicles) is off the diagonal
// by hundreds of sentences and cannot join the chain, even in a cluster of such pairs.
std::vector<BandPoint> consistent_chain(std::vector<WeightedPoint> points,
                                        const std::vector<std::size_t>& src_prefix,
                                        const std::vector<std::size_t>& tgt_prefix);

}  // namespace tmkit::detail
