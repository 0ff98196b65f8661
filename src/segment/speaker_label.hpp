// Recognises lines that only name a speaker or an outlet: "Zhu Guoxian:", "朱国贤：".
#pragma once

#include <optional>
#include <string_view>

#include "language_rules.hpp"

namespace tmkit::detail {

// If `line` (trimmed of surrounding white space) is a speaker or outlet label, returns the label
// without its colon and the spaces before it; otherwise nullopt. A label ends with ':' or '：',
// has no sentence-final punctuation, and is short: Latin-script labels have at most
// kMaxLabelWords words, each capitalised except small linking words ("of", "the"); labels that
// start with a CJK character have at most kMaxLabelCjkChars characters and read as a name, not
// as the start of a list ("具体如下："). `rules` says which full stops are abbreviations.
std::optional<std::string_view> find_speaker_label(std::string_view line,
                                                   const LanguageRules& rules);

inline constexpr std::size_t kMaxLabelWords = 6;
inline constexpr std::size_t kMaxLabelCjkChars = 12;

}  // namespace tmkit::detail
