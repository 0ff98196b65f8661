#include "anchor_chain.hpp"

#include <catch2/catch.hpp>
#include <vector>

namespace {

using namespace tmkit::detail;

// Prefix sums for n segments of equal length: the length diagonal is then j = i * m / n.
std::vector<std::size_t> even_prefix(std::size_t n) {
  std::vector<std::size_t> prefix(n + 1);
  for (std::size_t i = 0; i <= n; ++i) prefix[i] = 10 * i;
  return prefix;
}

std::vector<std::pair<std::size_t, std::size_t>> as_pairs(const std::vector<BandPoint>& chain) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  for (const BandPoint& p : chain) out.emplace_back(p.src, p.tgt);
  return out;
}

}  // namespace

TEST_CASE("the anchor chain keeps the pairs that follow the diagonal", "[align]") {
  const auto prefix = even_prefix(1000);
  const std::vector<WeightedPoint> points = {
      {100, 102, 1.0}, {200, 199, 1.0}, {300, 305, 1.0}, {400, 398, 1.0}, {500, 501, 1.0}};
  CHECK(as_pairs(consistent_chain(points, prefix, prefix)) ==
        std::vector<std::pair<std::size_t, std::size_t>>{
            {100, 102}, {200, 199}, {300, 305}, {400, 398}, {500, 501}});
}

TEST_CASE("a cluster of pairs from a repeated passage does not join the chain", "[align]") {
  const auto prefix = even_prefix(1000);
  // Three pairs at 310-330 match a passage 200 sentences further on (in order among
  // themselves, and in order with the true chain): the chain must skip them all.
  const std::vector<WeightedPoint> points = {
      {100, 100, 1.0},       {200, 201, 1.0}, {310, 110 + 400, 1.5}, {320, 120 + 400, 1.5},
      {330, 130 + 400, 1.5}, {600, 602, 1.0}, {700, 699, 1.0},       {800, 801, 1.0}};
  CHECK(as_pairs(consistent_chain(points, prefix, prefix)) ==
        std::vector<std::pair<std::size_t, std::size_t>>{
            {100, 100}, {200, 201}, {600, 602}, {700, 699}, {800, 801}});
}

TEST_CASE("pairs out of order on either side cannot both be in the chain", "[align]") {
  const auto prefix = even_prefix(100);
  const std::vector<WeightedPoint> points = {{10, 10, 1.0}, {20, 30, 1.0}, {30, 25, 1.0}};
  const auto chain = as_pairs(consistent_chain(points, prefix, prefix));
  REQUIRE(chain.size() == 2);
  CHECK(chain[0] == std::pair<std::size_t, std::size_t>{10, 10});
}
