// Gale-Church length model: how plausible is it that `src_len` source characters translate
// into `tgt_len` target characters?
#pragma once

#include <cstddef>
#include <string_view>

namespace tmkit::detail {

// The parameters of the length model for one language pair, in Unicode code points.
struct LengthParams {
  double ratio = 1.0;     // expected target characters per source character
  double variance = 6.8;  // variance of the target length per source character (Gale-Church)
};

// Built-in parameters for a pair of primary language subtags ("zh", "en"), calibrated on the
// align-dev sets; Gale-Church's defaults (ratio 1.0, variance 6.8) for pairs we do not know.
LengthParams builtin_length_params(std::string_view src_language, std::string_view tgt_language);

// -log P(delta), the Gale-Church cost of a bead whose sides have the given lengths:
// delta = (tgt - ratio*src) / sqrt(variance * mean), where mean = (src + tgt/ratio) / 2 is the
// bead's length in source units (symmetric in the two sides, unlike the 1993 paper's src-only
// mean). Returns 0 when both sides are empty.
double length_cost(std::size_t src_len, std::size_t tgt_len, const LengthParams& params);

}  // namespace tmkit::detail
