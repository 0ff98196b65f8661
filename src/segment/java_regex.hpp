// Rewrites regexes written for java.util.regex (the dialect of real SRX files, from Okapi and
// LanguageTool) into patterns icu::RegexPattern compiles with the same meaning, and bounds
// unbounded quantifiers so a pattern can serve as an ICU look-behind.
//
// ICU reads nearly all of Java's syntax. What it does not read, or reads differently:
//   - Java's POSIX classes \p{Punct}, \p{Alpha}, \p{Upper}, ... are ASCII-only in Java but
//     Unicode (and for Punct, without symbols such as '$') in ICU: written out as ASCII sets.
//   - \p{javaLowerCase} and the other java* classes do not exist in ICU: mapped to the Unicode
//     properties Java defines them by.
//   - A look-behind may contain '*', '+' and '{n,}' in Java (Java guesses a bound); ICU rejects
//     them (U_REGEX_LOOK_BEHIND_LIMIT): bounded to kLookBehindRepeatLimit repetitions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tmkit::detail {

// The most repetitions an unbounded quantifier keeps where ICU needs a bound (inside a
// look-behind). Longer repetitions no longer match there; each check of a look-behind costs
// time linear in its longest possible match, so this is a speed/faithfulness trade-off.
inline constexpr int kLookBehindRepeatLimit = 32;

struct RegexTranslation {
  std::string pattern;               // for icu::RegexPattern, UTF-8
  std::vector<std::string> changes;  // one note per construct rewritten ("\p{Punct} -> ...")
};

// Translates a Java regex into ICU syntax (see the file comment). Patterns that need no change
// come back unchanged with no notes. Never fails: a pattern that is wrong in both dialects is
// left for ICU to reject with a position.
RegexTranslation translate_java_regex(std::string_view java);

// Rewrites '*', '+' and '{n,}' (outside character classes, escapes and \Q...\E) into bounded
// repetitions of at most `limit` ({0,limit}, {1,limit}, {n,n+limit}), keeping lazy '?' and
// possessive '+' suffixes. Used to turn a beforebreak pattern into a look-behind.
std::string bound_quantifiers(std::string_view pattern, int limit);

// True when `pattern` uses a back-reference (\1..\9, \k<name>): such a pattern cannot be joined
// with others into one alternation, as joining renumbers the groups.
bool has_back_reference(std::string_view pattern);

}  // namespace tmkit::detail
