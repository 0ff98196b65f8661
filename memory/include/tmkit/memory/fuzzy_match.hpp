// The match score of tmkit's translation memory, defined in docs/matching.md.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tmkit {

// The documented defaults of the score's adjustments.
struct ScoreOptions {
  // The score of a candidate whose tokens equal the query's after case folding, full-/half-width
  // folding and white space normalisation, or that differs from the query only in numbers.
  // Also the cap of every fuzzy score, so that 100 always means exact.
  double near_exact = 99.0;
  // Points taken off for each inline code missing from or extra in the candidate.
  double code_penalty = 1.0;
};

// How a score was reached (what `tmkit lookup --explain` prints).
struct MatchExplanation {
  enum class Rule {
    kExact,        // equal after NFC and white space normalisation: 100
    kFormOnly,     // differs only in case, white space or full-/half-width forms: near_exact
    kNumbersOnly,  // differs only in numbers (perhaps in form too): near_exact
    kEditDistance  // 100 * (1 - distance / longer), capped at near_exact
  };
  Rule rule = Rule::kExact;
  std::size_t query_tokens = 0;      // tokens of the query, inline codes not counted
  std::size_t candidate_tokens = 0;  // tokens of the candidate, inline codes not counted
  std::size_t distance = 0;          // token edit distance (kEditDistance only)
  double base = 100.0;               // the score before the code penalty
  std::size_t code_difference = 0;   // inline codes missing or extra
  double score = 100.0;              // base - code_difference * code_penalty, at least 0
  // For kNumbersOnly: (candidate number, query number) pairs that differ, in text order.
  std::vector<std::pair<std::string, std::string>> number_changes;
};

// Scores UTF-8 `candidate` against UTF-8 `query` (NFC text; white space is normalised here).
// Symmetric in its two texts except for the direction of number_changes. Texts that are not
// valid UTF-8 are compared byte-wise where invalid (a bad byte is a token of its own). Pure;
// safe to call from any thread. O(tokens(a) * tokens(b)) time.
MatchExplanation explain_match(std::string_view query, std::string_view candidate,
                               const ScoreOptions& options = {});

// explain_match(a, b).score: 100 * (1 - d / n), d the token edit distance, n the longer token
// count, with the adjustments of docs/matching.md (99 for form-only or numbers-only
// differences, fuzzy scores capped at 99, a penalty per missing or extra inline code).
double fuzzy_score(std::string_view a, std::string_view b);

// `target` with the numbers of `changes` substituted, or an empty string when that cannot be
// done safely: each candidate number must occur in `target` as many times as it changes (as a
// whole number token) and map to one query number. Used for kNumbersOnly matches.
std::string substitute_numbers(std::string_view target,
                               const std::vector<std::pair<std::string, std::string>>& changes);

// A one-line account of `explanation`, e.g. "edit distance 1 over max(4, 4) tokens = 75.0".
std::string describe(const MatchExplanation& explanation);

}  // namespace tmkit
