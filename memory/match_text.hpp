// A text prepared once for many match explanations: lookup() scores one query against many
// candidates, and normalising and tokenising the query for each was half the cost of
// rescoring. Private to memory/; the score itself is defined in docs/matching.md.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tmkit/memory/fuzzy_match.hpp"
#include "tokenize.hpp"

namespace tmkit::detail {

// A text normalised (normalize_for_match, or as given when that fails) and tokenised. The
// tokens are views into `normalized`, so the object can be neither copied nor moved.
struct MatchText {
  explicit MatchText(std::string_view text);
  MatchText(const MatchText&) = delete;
  MatchText& operator=(const MatchText&) = delete;

  std::string normalized;
  std::vector<Token> tokens;         // without inline codes
  std::vector<std::uint32_t> codes;  // hash32 of each inline code, sorted
};

// explain_match(query, candidate, options) for prepared texts.
MatchExplanation explain_prepared(const MatchText& query, const MatchText& candidate,
                                  const ScoreOptions& options);

}  // namespace tmkit::detail
