// Gale-Church length model: how plausible is it that `src_len` source characters translate
// into `tgt_len` target characters?
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace tmkit::detail {

// The parameters of the length model for one language pair, in Unicode code points.
struct LengthParams {
  double ratio = 1.0;     // expected target characters per source character
  double variance = 6.8;  // variance of the target length per source character (Gale-Church)
  // Share of beads whose lengths do not follow the model at all (a caption or footnote run into
  // a sentence by OCR, a translator's addition): the cost is -log((1 - o) P + o), so it never
  // exceeds -log(o). 0 is Gale-Church's pure normal model.
  double outlier = 0.0;
};

// Built-in parameters for a pair of primary language subtags ("zh", "en"), calibrated on the
// align-dev sets; Gale-Church's defaults (ratio 1.0, variance 6.8) for pairs we do not know.
LengthParams builtin_length_params(std::string_view src_language, std::string_view tgt_language);

// -log P(delta), the Gale-Church cost of a bead whose sides have the given lengths:
// delta = (tgt - ratio*src) / sqrt(variance * mean), where mean = (src + tgt/ratio) / 2 is the
// bead's length in source units (symmetric in the two sides, unlike the 1993 paper's src-only
// mean). Returns 0 when both sides are empty.
double length_cost(std::size_t src_len, std::size_t tgt_len, const LengthParams& params);

// length_cost() for one set of parameters, with the outlier share tabulated: the search asks
// for tens of millions of length costs on a long document, and the mixture's exp and log would
// double their price.
class LengthModel {
 public:
  explicit LengthModel(LengthParams params);
  double cost(std::size_t src_len, std::size_t tgt_len) const;

 private:
  LengthParams params_;
  std::vector<double> mixed_;  // by |delta| / sqrt 2, as neg_log_erfc's table; empty if no outlier
};

}  // namespace tmkit::detail
