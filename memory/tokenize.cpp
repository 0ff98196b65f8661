#include "tokenize.hpp"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <cstdint>

#include "tmkit/text.hpp"

namespace tmkit::detail {
namespace {

struct CodePoint {
  char32_t value;
  std::size_t length;  // bytes
};

constexpr char32_t kReplacement = 0xFFFD;

// Decodes the code point at text[pos]. Input is expected to be valid UTF-8; a bad byte is
// reported as U+FFFD of length 1 so callers always make progress.
CodePoint decode_at(std::string_view text, std::size_t pos) {
  const auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(text[k]); };
  const std::uint8_t lead = byte(pos);
  if (lead < 0x80) return {lead, 1};
  std::size_t length = 0;
  char32_t cp = 0;
  if ((lead & 0xE0u) == 0xC0u) {
    length = 2;
    cp = lead & 0x1Fu;
  } else if ((lead & 0xF0u) == 0xE0u) {
    length = 3;
    cp = lead & 0x0Fu;
  } else if ((lead & 0xF8u) == 0xF0u) {
    length = 4;
    cp = lead & 0x07u;
  } else {
    return {kReplacement, 1};
  }
  if (pos + length > text.size()) return {kReplacement, 1};
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(pos + k) & 0xC0u) != 0x80u) return {kReplacement, 1};
    cp = (cp << 6) | (byte(pos + k) & 0x3Fu);
  }
  return {cp, length};
}

UChar32 as_icu(char32_t c) { return static_cast<UChar32>(c); }

bool is_space(char32_t c) { return u_isUWhiteSpace(as_icu(c)) != 0; }

// Han ideographs and kana: one token each. U+30FC (the prolonged sound mark) has script
// Common but only ever appears inside kana words.
bool is_cjk_character(char32_t c) {
  if (u_hasBinaryProperty(as_icu(c), UCHAR_IDEOGRAPHIC)) return true;
  UErrorCode error = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(as_icu(c), &error);
  return script == USCRIPT_HAN || script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA ||
         c == 0x30FC;
}

bool is_word_character(char32_t c) {
  if (u_isalnum(as_icu(c))) return true;
  const auto type = u_charType(as_icu(c));
  return type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK || type == U_ENCLOSING_MARK;
}

enum class Kind { kSpace, kWord, kSingle };

Kind classify(char32_t c) {
  if (is_space(c)) return Kind::kSpace;
  if (is_cjk_character(c)) return Kind::kSingle;
  if (is_word_character(c)) return Kind::kWord;
  return Kind::kSingle;
}

}  // namespace

Result<std::string> normalize_for_match(std::string_view text) {
  TMKIT_RETURN_IF_ERROR(validate_utf8(text));
  TMKIT_ASSIGN_OR_RETURN(const std::string nfc, normalize_nfc(text));
  std::string out;
  out.reserve(nfc.size());
  bool pending_space = false;
  for (std::size_t pos = 0; pos < nfc.size();) {
    const CodePoint cp = decode_at(nfc, pos);
    if (is_space(cp.value)) {
      pending_space = !out.empty();  // leading white space is dropped
    } else {
      if (pending_space) out.push_back(' ');
      pending_space = false;
      out.append(nfc, pos, cp.length);
    }
    pos += cp.length;
  }
  return out;
}

std::vector<std::string_view> tokenize(std::string_view text) {
  std::vector<std::string_view> tokens;
  std::size_t word_begin = std::string_view::npos;
  for (std::size_t pos = 0; pos < text.size();) {
    const CodePoint cp = decode_at(text, pos);
    const Kind kind = classify(cp.value);
    if (kind != Kind::kWord && word_begin != std::string_view::npos) {
      tokens.push_back(text.substr(word_begin, pos - word_begin));
      word_begin = std::string_view::npos;
    }
    if (kind == Kind::kWord && word_begin == std::string_view::npos) word_begin = pos;
    if (kind == Kind::kSingle) tokens.push_back(text.substr(pos, cp.length));
    pos += cp.length;
  }
  if (word_begin != std::string_view::npos) tokens.push_back(text.substr(word_begin));
  return tokens;
}

std::size_t token_edit_distance(const std::vector<std::string_view>& a,
                                const std::vector<std::string_view>& b) {
  // Two rows of the classic dynamic programme: O(|a|*|b|) time, O(|b|) memory.
  std::vector<std::size_t> previous(b.size() + 1);
  std::vector<std::size_t> current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({substitute, previous[j] + 1, current[j - 1] + 1});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

double score_from_distance(std::size_t distance, std::size_t len_a, std::size_t len_b) {
  const std::size_t longest = std::max(len_a, len_b);
  if (longest == 0) return 100.0;
  return 100.0 * (1.0 - static_cast<double>(distance) / static_cast<double>(longest));
}

double best_possible_score(std::size_t len_a, std::size_t len_b) {
  const std::size_t difference = len_a > len_b ? len_a - len_b : len_b - len_a;
  return score_from_distance(difference, len_a, len_b);
}

}  // namespace tmkit::detail
