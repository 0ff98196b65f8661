// Word normalisation for the lexical score: both sides of a comparison, and the lexicon's
// entries, go through the same functions so that "Created", "creates" and the gloss "to create"
// meet as one key.
#pragma once

#include <string>
#include <string_view>

namespace tmkit::detail {

// Lower case with accents and other combining marks removed ("Éxpédition" -> "expedition").
// ASCII words take a fast path; others go through ICU (NFD, then marks dropped).
std::string fold_word(std::string_view word);

// A light English stemmer (plural and verb endings, -ly): conservative, because a wrong merge
// costs more than a missed one. Expects a folded word. "created" -> "creat", "creates" ->
// "creat", "waters" -> "water", "cities" -> "citi".
std::string english_stem(std::string_view folded);

// Light stemmers for German and French: inflectional endings only (German -e, -en, -em, -er,
// -es, -s; French plural -s/-x, -aux, feminine -e, infinitive -er), so that "schönen" and "schöne"
// or "déçus" and "déçue" meet, and the lexicon's base forms ("verlassen", "déçu") meet the
// inflected words of a text. Conservative like english_stem: short words are left alone.
// Expect a folded word. "schlupfen" -> "schlupf", "grandes" -> "grand", "chevaux" -> "cheval".
std::string german_stem(std::string_view folded);
std::string french_stem(std::string_view folded);

// Words too common to say anything about a translation, for `language` ("en", "de", "fr",
// ...; any other language has none). Expects a folded word.
bool is_stop_word(std::string_view language, std::string_view folded);

// The key under which a word of `language` is matched: folded, and stemmed for English, German
// and French (a stop word stays folded, so that is_stop_word still knows it).
std::string match_key(std::string_view language, std::string_view word);

}  // namespace tmkit::detail
