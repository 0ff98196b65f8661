// The length model on hand-computed cases: Gale-Church's cost, and the outlier share that caps
// it.
#include "length_model.hpp"

#include <catch2/catch.hpp>
#include <cmath>

namespace {

using tmkit::detail::length_cost;
using tmkit::detail::LengthModel;
using tmkit::detail::LengthParams;

}  // namespace

TEST_CASE("a bead of the expected length costs nothing, a longer or shorter one more", "[align]") {
  const LengthParams params{1.0, 4.0, 0.0};
  CHECK(length_cost(100, 100, params) == Approx(0.0).margin(1e-9));
  CHECK(length_cost(0, 0, params) == 0.0);
  // delta = 20 / sqrt(4 * 110) = 0.953: -log P(|N| >= 0.953) = -log 0.3405 = 1.077.
  CHECK(length_cost(100, 120, params) == Approx(1.077).epsilon(1e-3));
  CHECK(length_cost(100, 140, params) > length_cost(100, 120, params));
  CHECK(length_cost(140, 100, params) > length_cost(120, 100, params));
}

TEST_CASE("the outlier share caps the length cost and leaves a good bead as it was", "[align]") {
  const LengthParams pure{1.0, 4.0, 0.0}, robust{1.0, 4.0, 0.001};
  // A sentence with a 300-character caption run into it: hopeless for the normal model.
  CHECK(length_cost(100, 400, pure) > 40.0);  // delta = 300 / sqrt(4 * 250) = 9.5
  CHECK(length_cost(100, 400, robust) == Approx(-std::log(0.001)).epsilon(1e-3));
  CHECK(length_cost(100, 120, robust) == Approx(length_cost(100, 120, pure)).epsilon(1e-2));
  const LengthModel model(robust);
  for (std::size_t tgt : {0, 50, 90, 100, 120, 200, 400, 5000}) {
    CHECK(model.cost(100, tgt) == Approx(length_cost(100, tgt, robust)).margin(1e-3));
  }
  CHECK(LengthModel(pure).cost(100, 120) == Approx(length_cost(100, 120, pure)).margin(1e-3));
}
