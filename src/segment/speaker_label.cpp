#include "speaker_label.hpp"

#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <string_view>

#include "tmkit/text.hpp"
#include "utf8_scan.hpp"

namespace tmkit::detail {
namespace {

constexpr std::string_view kFullWidthColon = "：";

// Words that stay lower case inside a title-cased name ("Department of the Interior").
bool is_linking_word(std::string_view word) {
  static constexpr std::array<std::string_view, 22> kLinkingWords = {
      "of",  "the", "and", "for", "from", "with", "at",  "on", "in", "to", "de",
      "del", "der", "die", "das", "des",  "von",  "van", "du", "la", "le", "et"};
  return std::find(kLinkingWords.begin(), kLinkingWords.end(), word) != kLinkingWords.end();
}

// Words that mark a Chinese line ending in '：' as the start of a list or a quotation rather
// than a name: "如下" (as follows), "表示" (said).
bool has_sentence_word(std::string_view body) {
  static constexpr std::array<std::string_view, 12> kSentenceWords = {
      "如下", "以下", "下列", "包括", "例如", "比如", "表示", "指出", "认为", "强调", "，", "。"};
  return std::any_of(kSentenceWords.begin(), kSentenceWords.end(),
                     [&](std::string_view w) { return body.find(w) != std::string_view::npos; });
}

bool is_sentence_final(char32_t c) {
  return c == '!' || c == '?' || c == ';' || c == U'。' || c == U'！' || c == U'？' || c == U'；' ||
         c == U'…';
}

// A full stop is allowed in a label only where it ends an abbreviation or an initial
// ("Dr. Li:", "J. Smith:"); anywhere else it ends a sentence.
bool is_allowed_full_stop_word(std::string_view word, const LanguageRules& rules) {
  if (word.empty() || word.back() != '.') return true;
  if (find_abbreviation(rules, word) != nullptr) return true;
  return word.size() == 2 && u_isupper(static_cast<UChar32>(word.front()));
}

// The first word of a label must start with a capital or a CJK character; later words may also
// start with a digit ("Channel 4").
bool is_capitalised(std::string_view word, bool first_word) {
  const CodePoint first = decode_at(word, 0);
  const auto c = static_cast<UChar32>(first.value);
  return u_isupper(c) || u_istitle(c) || is_cjk(first.value) || (!first_word && u_isdigit(c));
}

bool is_latin_label(std::string_view body, const LanguageRules& rules) {
  std::size_t words = 0;
  std::size_t pos = 0;
  while ((pos = skip_spaces(body, pos, body.size())) < body.size()) {
    std::size_t end = body.find(' ', pos);
    if (end == std::string_view::npos) end = body.size();
    const std::string_view word = body.substr(pos, end - pos);
    const bool first_word = words == 0;
    const bool capital_ok =
        is_capitalised(word, first_word) || (!first_word && is_linking_word(word));
    if (!capital_ok || !is_allowed_full_stop_word(word, rules)) return false;
    if (++words > kMaxLabelWords) return false;
    pos = end;
  }
  return words > 0;
}

bool is_cjk_label(std::string_view body) {
  return count_code_points(body) <= kMaxLabelCjkChars && !has_sentence_word(body);
}

bool has_sentence_final_punctuation(std::string_view body) {
  for (std::size_t i = 0; i < body.size();) {
    const CodePoint cp = decode_at(body, i);
    if (is_sentence_final(cp.value)) return true;
    i += cp.length;
  }
  return false;
}

}  // namespace

std::optional<std::string_view> find_speaker_label(std::string_view line,
                                                   const LanguageRules& rules) {
  line = line.substr(0, skip_spaces_backward(line, 0, line.size()));
  line.remove_prefix(skip_spaces(line, 0, line.size()));
  std::string_view body;
  if (line.ends_with(':')) {
    body = line.substr(0, line.size() - 1);
  } else if (line.ends_with(kFullWidthColon)) {
    body = line.substr(0, line.size() - kFullWidthColon.size());
  } else {
    return std::nullopt;
  }
  body = body.substr(0, skip_spaces_backward(body, 0, body.size()));
  if (body.empty() || has_sentence_final_punctuation(body)) return std::nullopt;
  const bool cjk = is_cjk(decode_at(body, 0).value);
  if (cjk ? is_cjk_label(body) : is_latin_label(body, rules)) return body;
  return std::nullopt;
}

}  // namespace tmkit::detail
