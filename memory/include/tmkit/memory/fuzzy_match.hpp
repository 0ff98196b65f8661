// The fuzzy match score.
#pragma once

#include <string_view>

namespace tmkit {

// 100 * (1 - d / n), where d is the edit distance between the token sequences of `a` and `b`
// and n the length of the longer sequence. A token is a word in space-delimited scripts, a
// single character in Chinese and Japanese; punctuation marks are tokens too; white space only
// separates tokens. Tokens compare case-sensitively and byte for byte, so pass NFC text. Two
// texts that are equal score 100, as do two with no tokens. `a` and `b` are UTF-8 (a byte
// that is not valid UTF-8 is a token of its own). Pure; safe to call from any thread.
// Costs O(tokens(a) * tokens(b)) time.
double fuzzy_score(std::string_view a, std::string_view b);

}  // namespace tmkit
