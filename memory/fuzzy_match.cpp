#include "tmkit/memory/fuzzy_match.hpp"

#include "tokenize.hpp"

namespace tmkit {

double fuzzy_score(std::string_view a, std::string_view b) {
  if (a == b) return 100.0;
  const std::vector<std::string_view> tokens_a = detail::tokenize(a);
  const std::vector<std::string_view> tokens_b = detail::tokenize(b);
  const std::size_t distance = detail::token_edit_distance(tokens_a, tokens_b);
  return detail::score_from_distance(distance, tokens_a.size(), tokens_b.size());
}

}  // namespace tmkit
