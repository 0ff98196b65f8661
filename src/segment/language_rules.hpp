// Per-language knowledge the segmenter adds to ICU's sentence rules: abbreviations after which
// a full stop does not end a sentence. A small table in code for now; SRX rule files replace it
// in a later issue.
#pragma once

#include <span>
#include <string_view>

namespace tmkit::detail {

// When an abbreviation's full stop keeps the sentence going.
enum class KeepsSentenceWhen {
  kAlways,           // "Mr. Smith"
  kBeforeDigit,      // "No. 5", but "Say no. Then leave."
  kBeforeLowerCase,  // "etc. and more", but "etc. The next sentence"
};

struct Abbreviation {
  std::string_view text;  // with its full stop(s), case-sensitive: "Dr.", "e.g."
  KeepsSentenceWhen when;
};

struct LanguageRules {
  std::span<const Abbreviation> abbreviations;
  // Words that may follow an ordinal number written "3." ("am 3. Oktober" in German).
  std::span<const std::string_view> words_after_ordinals;
};

// The rules for a primary language subtag ("en", "de"); a short shared list for the others.
const LanguageRules& rules_for_language(std::string_view language);

// The abbreviation entry for `token` (which ends with '.'), or nullptr.
const Abbreviation* find_abbreviation(const LanguageRules& rules, std::string_view token);

}  // namespace tmkit::detail
