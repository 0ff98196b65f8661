#include "word_norm.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>

namespace tmkit::detail {
namespace {

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::string fold_with_icu(std::string_view word) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(word);
  text.foldCase();
  icu::UnicodeString decomposed = U_SUCCESS(status) ? nfd->normalize(text, status) : text;
  if (U_FAILURE(status)) decomposed = text;
  icu::UnicodeString stripped;
  for (int32_t k = 0; k < decomposed.length();) {
    const UChar32 c = decomposed.char32At(k);
    if (u_charType(c) != U_NON_SPACING_MARK) stripped.append(c);
    k += U16_LENGTH(c);
  }
  std::string out;
  stripped.toUTF8String(out);
  return out;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

bool has_vowel(std::string_view s) { return std::any_of(s.begin(), s.end(), is_vowel); }

// Sorted lists, searched with binary_search. Short on purpose: the lexical score weighs words
// by their rarity in the document, so only the words that are frequent *and* untranslatable
// (articles, auxiliaries, most prepositions) need to be here.
constexpr std::array<std::string_view, 62> kEnglish = {
    "a",    "about", "am",   "an",    "and",  "are",  "as",    "at",   "be",    "been", "being",
    "but",  "by",    "can",  "could", "did",  "do",   "does",  "for",  "from",  "had",  "has",
    "have", "he",    "her",  "him",   "his",  "i",    "if",    "in",   "into",  "is",   "it",
    "its",  "me",    "my",   "of",    "on",   "or",   "our",   "s",    "shall", "she",  "so",
    "than", "that",  "the",  "their", "them", "then", "there", "they", "this",  "to",   "unto",
    "was",  "we",    "were", "which", "will", "with", "would"};
constexpr std::array<std::string_view, 33> kGerman = {
    "am",  "an",   "auf",   "aus",   "bei",   "das",   "dem", "den", "der", "des", "die",
    "ein", "eine", "einem", "einen", "einer", "eines", "er",  "es",  "im",  "in",  "ist",
    "mit", "sich", "sie",   "sind",  "so",    "und",   "von", "war", "wir", "zu",  "zum"};
constexpr std::array<std::string_view, 36> kFrench = {
    "a",  "au",   "aux", "avec", "ce",  "ces", "d",   "dans", "de",  "des",  "du",  "elle",
    "en", "est",  "et",  "il",   "ils", "l",   "la",  "le",   "les", "leur", "lui", "n",
    "ne", "nous", "on",  "par",  "qu",  "que", "qui", "s",    "se",  "sur",  "un",  "une"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& sorted, std::string_view word) {
  return std::binary_search(sorted.begin(), sorted.end(), word);
}

}  // namespace

std::string fold_word(std::string_view word) {
  if (!is_ascii(word)) return fold_with_icu(word);
  std::string out(word);
  std::transform(out.begin(), out.end(), out.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  return out;
}

std::string english_stem(std::string_view w) {
  std::string s(w);
  if (s.size() <= 3) return s;
  if (ends_with(s, "'s")) s.resize(s.size() - 2);
  if (ends_with(s, "ies") && s.size() > 4) {
    s.replace(s.size() - 3, 3, "i");
  } else if (ends_with(s, "sses") || ends_with(s, "shes") || ends_with(s, "ches") ||
             ends_with(s, "xes")) {
    s.resize(s.size() - 2);
  } else if (ends_with(s, "s") && !ends_with(s, "ss") && !ends_with(s, "us") &&
             !ends_with(s, "is") && s.size() > 3) {
    s.pop_back();
  }
  if (ends_with(s, "ing") && s.size() > 5 &&
      has_vowel(std::string_view(s).substr(0, s.size() - 3))) {
    s.resize(s.size() - 3);
  } else if (ends_with(s, "ed") && s.size() > 4 &&
             has_vowel(std::string_view(s).substr(0, s.size() - 2))) {
    s.resize(s.size() - 2);
  } else if (ends_with(s, "ly") && s.size() > 5) {
    s.resize(s.size() - 2);
  }
  // "create" and "created" -> "creat"; "loved" -> "lov", "love" -> "lov".
  if (s.size() > 3 && s.back() == 'e') s.pop_back();
  if (s.size() > 3 && s.back() == 'y') s.back() = 'i';
  return s;
}

std::string german_stem(std::string_view w) {
  std::string s(w);
  // Byte lengths: folded German is ASCII but for a rare foreign letter, which only makes a
  // word look longer than it is. "verlassene" -> "verlassen" -> "verlass", as the lexicon's
  // "verlassen".
  if (s.size() > 4 && ends_with(s, "e")) s.pop_back();
  if (s.size() > 5 &&
      (ends_with(s, "en") || ends_with(s, "em") || ends_with(s, "er") || ends_with(s, "es"))) {
    s.resize(s.size() - 2);
  } else if (s.size() > 4 && ends_with(s, "s") && !ends_with(s, "ss")) {
    s.pop_back();
  }
  return s;
}

std::string french_stem(std::string_view w) {
  std::string s(w);
  if (s.size() > 5 && ends_with(s, "aux")) {
    s.replace(s.size() - 3, 3, "al");
    return s;
  }
  if (s.size() > 3 && (ends_with(s, "s") || ends_with(s, "x")) && !ends_with(s, "ss")) {
    s.pop_back();
  }
  // "designees" -> "designee" -> "design": participles and feminines lose both e's.
  for (int k = 0; k < 2 && s.size() > 4 && ends_with(s, "e"); ++k) s.pop_back();
  if (s.size() > 5 && ends_with(s, "er")) s.resize(s.size() - 2);
  return s;
}

bool is_stop_word(std::string_view language, std::string_view folded) {
  if (language == "en") return contains(kEnglish, folded);
  if (language == "de") return contains(kGerman, folded);
  if (language == "fr") return contains(kFrench, folded);
  return false;
}

std::string match_key(std::string_view language, std::string_view word) {
  std::string folded = fold_word(word);
  if (language == "en") return english_stem(folded);
  if (is_stop_word(language, folded)) return folded;
  std::string stem = language == "de"   ? german_stem(folded)
                     : language == "fr" ? french_stem(folded)
                                        : folded;
  // A stem that is a stop word ("gesicht" -> "sich") would be dropped with the stop words.
  return is_stop_word(language, stem) ? folded : stem;
}

}  // namespace tmkit::detail
