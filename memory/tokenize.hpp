// Text keys and tokens for matching: the normalisation behind dedupe and exact matches, and
// the tokeniser behind fuzzy scores.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "tmkit/status.hpp"

namespace tmkit::detail {

// NFC, every run of Unicode white space collapsed to one U+0020, trimmed. Case is kept: a
// TM must tell "US" from "us". Fails with kInvalidInput when `text` is not valid UTF-8.
Result<std::string> normalize_for_match(std::string_view text);

// Splits UTF-8 `text` into tokens, as views into `text`:
// - a run of letters, combining marks and digits is one token (a word in space-delimited
//   scripts; "don't" is three tokens, a simplification of ICU's word rules);
// - every Han ideograph and every kana is a token of its own, so Chinese and Japanese match
//   per character without a word segmenter;
// - every other character that is not white space (punctuation, symbols) is a token;
// - white space separates tokens and is dropped.
// Known gap: scripts written without spaces other than CJK (Thai, Khmer...) give one token per
// run. Bytes that are not valid UTF-8 become single-byte tokens.
std::vector<std::string_view> tokenize(std::string_view text);

// Levenshtein distance between two token sequences (insert, delete, substitute all cost 1).
std::size_t token_edit_distance(const std::vector<std::string_view>& a,
                                const std::vector<std::string_view>& b);

// 100 * (1 - distance / max(len_a, len_b)); 100 when both are empty.
double score_from_distance(std::size_t distance, std::size_t len_a, std::size_t len_b);

// The best score two sequences of these lengths can reach: their distance is at least the
// difference of the lengths. Lets a lookup skip candidates without computing a distance.
double best_possible_score(std::size_t len_a, std::size_t len_b);

}  // namespace tmkit::detail
