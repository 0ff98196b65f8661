// The fuzzy match score.
#pragma once

#include <string_view>

namespace tmkit {

// 100 * (1 - d / n), where d is the edit distance between the token sequences of `a` and `b`
// and n the length of the longer sequence. A token is a word in space-delimited scripts, a
// single character in Chinese and Japanese; punctuation marks are tokens too. Two texts that
// are equal score 100. `a` and `b` are UTF-8.
double fuzzy_score(std::string_view a, std::string_view b);

}  // namespace tmkit
