#include "tokenize.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
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

bool is_space(char32_t c) {
  if (c < 0x80) return c == ' ' || (c >= 0x09 && c <= 0x0D);
  return u_isUWhiteSpace(as_icu(c)) != 0;
}

// Han ideographs and kana: one token each. U+30FC (the prolonged sound mark) has script
// Common but only ever appears inside kana words.
bool is_cjk_character(char32_t c) {
  if (c < 0x2E80) return false;
  if (c >= 0x4E00 && c <= 0x9FFF) return true;  // the common block, without ICU calls
  if (u_hasBinaryProperty(as_icu(c), UCHAR_IDEOGRAPHIC)) return true;
  UErrorCode error = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(as_icu(c), &error);
  return script == USCRIPT_HAN || script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA ||
         c == 0x30FC;
}

bool is_code(char32_t c) { return c >= 0xE000 && c <= 0xF8FF; }

bool is_digit(char32_t c) {
  if (c < 0x80) return c >= '0' && c <= '9';
  return u_charType(as_icu(c)) == U_DECIMAL_DIGIT_NUMBER;
}

bool is_word_character(char32_t c) {
  if (c < 0x80) return (c >= '0' && c <= '9') || ((c | 0x20u) >= 'a' && (c | 0x20u) <= 'z');
  if (u_isalnum(as_icu(c))) return true;
  const auto type = u_charType(as_icu(c));
  return type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK || type == U_ENCLOSING_MARK;
}

// UAX #29's MidLetter and MidNum characters that tmkit keeps inside a word.
bool is_mid_letter(char32_t c) { return c == '\'' || c == 0x2019 || c == 0x00B7; }
bool is_mid_number(char32_t c) { return c == '.' || c == ',' || c == '\'' || c == 0x2019; }

enum class Kind { kSpace, kWord, kCharacter, kCode, kSingle };

Kind classify(char32_t c) {
  if (is_space(c)) return Kind::kSpace;
  if (is_code(c)) return Kind::kCode;
  if (is_cjk_character(c)) return Kind::kCharacter;
  if (is_word_character(c)) return Kind::kWord;
  return Kind::kSingle;
}

// Whether the mid character at `pos` joins the word ending with `previous` to what follows.
bool joins_word(std::string_view text, std::size_t pos, const CodePoint& mid, char32_t previous) {
  if (pos + mid.length >= text.size()) return false;
  const char32_t next = decode_at(text, pos + mid.length).value;
  if (classify(next) != Kind::kWord) return false;
  if (is_digit(previous) && is_digit(next)) return is_mid_number(mid.value);
  return !is_digit(previous) && !is_digit(next) && is_mid_letter(mid.value) &&
         classify(previous) == Kind::kWord;
}

bool is_number(std::string_view word) {
  if (word.empty()) return false;
  for (std::size_t pos = 0; pos < word.size();) {
    const CodePoint cp = decode_at(word, pos);
    if (!is_digit(cp.value) && !(pos > 0 && is_mid_number(cp.value))) return false;
    pos += cp.length;
  }
  return true;
}

TokenKind single_kind(Kind kind) {
  switch (kind) {
    case Kind::kCharacter:
      return TokenKind::kCharacter;
    case Kind::kCode:
      return TokenKind::kCode;
    default:
      return TokenKind::kPunct;
  }
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

std::vector<Token> tokenize_tokens(std::string_view text) {
  std::vector<Token> tokens;
  std::size_t word_begin = std::string_view::npos;
  char32_t previous = 0;
  const auto end_word = [&](std::size_t end) {
    const std::string_view word = text.substr(word_begin, end - word_begin);
    tokens.push_back({word, is_number(word) ? TokenKind::kNumber : TokenKind::kWord, word_begin});
    word_begin = std::string_view::npos;
  };
  for (std::size_t pos = 0; pos < text.size();) {
    const CodePoint cp = decode_at(text, pos);
    const Kind kind = classify(cp.value);
    const bool in_word = word_begin != std::string_view::npos;
    if (in_word && kind == Kind::kSingle && joins_word(text, pos, cp, previous)) {
      previous = cp.value;
      pos += cp.length;
      continue;
    }
    if (kind != Kind::kWord && in_word) end_word(pos);
    if (kind == Kind::kWord && !in_word) word_begin = pos;
    if (kind != Kind::kWord && kind != Kind::kSpace) {
      tokens.push_back({text.substr(pos, cp.length), single_kind(kind), pos});
    }
    previous = cp.value;
    pos += cp.length;
  }
  if (word_begin != std::string_view::npos) end_word(text.size());
  return tokens;
}

std::vector<std::string_view> tokenize(std::string_view text) {
  std::vector<std::string_view> out;
  for (const Token& token : tokenize_tokens(text)) out.push_back(token.text);
  return out;
}

std::string fold_token(const Token& token) {
  const std::string_view text = token.text;
  if (std::all_of(text.begin(), text.end(), [](char c) { return (c & 0x80) == 0; })) {
    std::string out(text);
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
  }
  if (token.kind == TokenKind::kCharacter) {
    const char32_t c = decode_at(text, 0).value;
    if (c >= 0x4E00 && c <= 0x9FFF) return std::string(text);  // NFKC and case fold: unchanged
  }
  UErrorCode error = U_ZERO_ERROR;
  const icu::Normalizer2* folder = icu::Normalizer2::getNFKCCasefoldInstance(error);
  if (U_FAILURE(error)) return std::string(text);
  const icu::UnicodeString folded =
      folder->normalize(icu::UnicodeString::fromUTF8(
                            icu::StringPiece(text.data(), static_cast<int32_t>(text.size()))),
                        error);
  if (U_FAILURE(error)) return std::string(text);
  std::string out;
  folded.toUTF8String(out);
  return out;
}

std::uint32_t hash32(std::string_view bytes) {
  std::uint32_t hash = 0x811c9dc5u;
  for (char c : bytes) {
    hash ^= static_cast<std::uint8_t>(c);
    hash *= 0x01000193u;
  }
  return hash;
}

TokenKeys token_keys(const std::vector<Token>& tokens) {
  TokenKeys keys;
  keys.raw.reserve(tokens.size());
  keys.folded.reserve(tokens.size());
  for (const Token& token : tokens) {
    if (token.kind == TokenKind::kCode) {
      keys.codes.push_back(hash32(token.text));
      continue;
    }
    keys.raw.push_back(hash32(token.text));
    keys.folded.push_back(token.kind == TokenKind::kNumber ? kNumberKey
                                                           : hash32(fold_token(token)));
  }
  return keys;
}

std::uint64_t sequence_hash(const std::vector<std::uint32_t>& keys) {
  std::uint64_t hash = 0xcbf29ce484222325u;
  for (std::uint32_t key : keys) {
    for (int shift = 0; shift < 32; shift += 8) {
      hash ^= (key >> shift) & 0xFFu;
      hash *= 0x100000001b3u;
    }
  }
  return hash;
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

std::size_t banded_edit_distance(const std::uint32_t* a, std::size_t len_a, const std::uint32_t* b,
                                 std::size_t len_b, std::size_t bound) {
  const std::size_t diff = len_a > len_b ? len_a - len_b : len_b - len_a;
  if (diff > bound) return bound + 1;
  if (len_a == 0 || len_b == 0) return std::max(len_a, len_b);
  const std::size_t over = bound + 1;  // stands for "more than bound" in the cells
  // Row i keeps cells j in [i - bound, i + bound]; cells outside the band count as `over`.
  std::vector<std::size_t> previous(len_b + 1, over);
  std::vector<std::size_t> current(len_b + 1, over);
  for (std::size_t j = 0; j <= std::min(len_b, bound); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= len_a; ++i) {
    const std::size_t lo = i > bound ? i - bound : 0;
    const std::size_t hi = std::min(len_b, i + bound);
    std::size_t row_min = over;
    if (lo > 0) current[lo - 1] = over;
    for (std::size_t j = lo; j <= hi; ++j) {
      std::size_t cell = over;
      if (j == 0) {
        cell = i;
      } else {
        cell = std::min(previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1), current[j - 1] + 1);
        if (j < i + bound) cell = std::min(cell, previous[j] + 1);
      }
      current[j] = std::min(cell, over);
      row_min = std::min(row_min, current[j]);
    }
    if (row_min > bound) return over;
    std::swap(previous, current);
  }
  return std::min(previous[len_b], over);
}

TokenPattern::TokenPattern(const std::vector<std::uint32_t>& keys)
    : size_(keys.size()), blocks_((keys.size() + 63) / 64) {
  std::size_t slots = 16;
  while (slots < 4 * size_) slots *= 2;
  slots_mask_ = slots - 1;
  slot_keys_.assign(slots, 0);
  slot_masks_.assign(slots, -1);
  for (std::size_t i = 0; i < size_; ++i) {
    std::size_t slot = (keys[i] * 0x9E3779B1u) & slots_mask_;
    while (slot_masks_[slot] >= 0 && slot_keys_[slot] != keys[i]) slot = (slot + 1) & slots_mask_;
    if (slot_masks_[slot] < 0) {
      slot_keys_[slot] = keys[i];
      slot_masks_[slot] = static_cast<std::int32_t>(masks_.size());
      masks_.resize(masks_.size() + blocks_, 0);
    }
    masks_[static_cast<std::size_t>(slot_masks_[slot]) + i / 64] |= std::uint64_t{1} << (i % 64);
  }
  pv_.resize(blocks_);
  mv_.resize(blocks_);
}

const std::uint64_t* TokenPattern::masks_of(std::uint32_t key) const {
  std::size_t slot = (key * 0x9E3779B1u) & slots_mask_;
  while (slot_masks_[slot] >= 0) {
    if (slot_keys_[slot] == key) return masks_.data() + slot_masks_[slot];
    slot = (slot + 1) & slots_mask_;
  }
  return nullptr;
}

namespace {

// One block of Myers' algorithm for one text column. `hin` is the horizontal delta entering
// the block from above (-1, 0, +1); returns the delta leaving it at `high`.
int advance_block(std::uint64_t& pv, std::uint64_t& mv, std::uint64_t eq, int hin,
                  std::uint64_t high) {
  const std::uint64_t xv = eq | mv;
  if (hin < 0) eq |= 1;
  const std::uint64_t xh = (((eq & pv) + pv) ^ pv) | eq;
  std::uint64_t ph = mv | ~(xh | pv);
  std::uint64_t mh = pv & xh;
  const int hout = (ph & high) ? 1 : (mh & high) ? -1 : 0;
  ph <<= 1;
  mh <<= 1;
  if (hin < 0) {
    mh |= 1;
  } else if (hin > 0) {
    ph |= 1;
  }
  pv = mh | ~(xv | ph);
  mv = ph & xv;
  return hout;
}

}  // namespace

std::size_t TokenPattern::distance(const std::uint32_t* text, std::size_t len,
                                   std::size_t bound) const {
  const std::size_t diff = size_ > len ? size_ - len : len - size_;
  if (diff > bound) return bound + 1;
  if (size_ == 0) return len;
  std::fill(pv_.begin(), pv_.end(), ~std::uint64_t{0});
  std::fill(mv_.begin(), mv_.end(), 0);
  const std::uint64_t last_high = std::uint64_t{1} << ((size_ - 1) % 64);
  std::size_t score = size_;  // D[n][j]
  for (std::size_t j = 0; j < len; ++j) {
    const std::uint64_t* eq = masks_of(text[j]);
    int h = 1;  // row 0 is D[0][j] = j: every step right adds one
    for (std::size_t b = 0; b < blocks_; ++b) {
      const std::uint64_t high = b + 1 == blocks_ ? last_high : std::uint64_t{1} << 63;
      h = advance_block(pv_[b], mv_[b], eq == nullptr ? 0 : eq[b], h, high);
    }
    score = h > 0 ? score + 1 : h < 0 ? score - 1 : score;
    // The score falls by at most one per remaining column.
    if (score > bound + (len - 1 - j)) return bound + 1;
  }
  return std::min(score, bound + 1);
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

std::size_t max_distance_for(double min_score, std::size_t len_a, std::size_t len_b) {
  const std::size_t longest = std::max(len_a, len_b);
  if (min_score <= 0.0) return longest;
  // Start from the closed form, then settle on exactly what score_from_distance computes.
  const double estimate = static_cast<double>(longest) * (100.0 - min_score) / 100.0;
  std::size_t d = estimate <= 0.0 ? 0 : static_cast<std::size_t>(estimate);
  while (d < longest && score_from_distance(d + 1, len_a, len_b) >= min_score) ++d;
  while (d > 0 && score_from_distance(d, len_a, len_b) < min_score) --d;
  return d;
}

}  // namespace tmkit::detail
