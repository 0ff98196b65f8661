// Text keys and tokens for matching: the normalisation behind dedupe and exact matches, the
// tokeniser and token keys behind fuzzy scores and the candidate index, and the edit distances.
// The score these feed is defined in docs/matching.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tmkit/status.hpp"

namespace tmkit::detail {

// NFC, every run of Unicode white space collapsed to one U+0020, trimmed. Case is kept: a
// TM must tell "US" from "us". Fails with kInvalidInput when `text` is not valid UTF-8.
Result<std::string> normalize_for_match(std::string_view text);
// The same into `out`, whose memory is reused (a thread preparing many units); `text` must not
// be a view into `out`.
Status normalize_for_match(std::string_view text, std::string& out);

enum class TokenKind : std::uint8_t {
  kWord,       // letters/digits (a word in space-delimited scripts, e.g. "don't", "A4")
  kNumber,     // digits with inner separators: "42", "3.14", "12,000", "１２"
  kCharacter,  // one Han ideograph or kana
  kPunct,      // one punctuation mark or symbol
  kCode,       // one inline-code placeholder (a Private Use Area character, U+E000-U+F8FF)
};

struct Token {
  std::string_view text;  // a view into the tokenised text
  TokenKind kind;
  std::size_t begin;  // byte offset of `text` in the tokenised text
};

// Splits UTF-8 `text` into tokens by ICU's word boundaries (UAX #29 with ICU's dictionaries,
// so Thai, Lao, Khmer and Myanmar are split into words), then:
// - every Han ideograph and kana (with any combining marks after it) is a token of its own, so
//   Chinese and Japanese match per character (Korean Hangul is written with spaces: by word);
// - every Private Use Area character is an inline-code token (see docs/matching.md);
// - white space is dropped; every other segment (a word, a number such as "3.14" or "12,000",
//   a punctuation mark, a symbol or emoji sequence) is one token.
// Texts made only of characters whose word-break rules need no dictionary and no look-behind
// (Latin, Greek, Cyrillic, Arabic, Han, hiragana, digits, common punctuation... see
// tokenize.cpp) take a fast path that applies the same rules without ICU's iterator;
// tests/memory/tokenize_test.cpp checks that both give the same tokens. Bytes that are not
// valid UTF-8 become single-byte punctuation tokens.
//
// Owns an ICU word BreakIterator, created the first time a text needs it. One Tokenizer per
// thread (or per object used by one thread); not copyable.
class Tokenizer {
 public:
  Tokenizer();
  ~Tokenizer();
  Tokenizer(Tokenizer&&) noexcept;
  Tokenizer& operator=(Tokenizer&&) noexcept;
  Tokenizer(const Tokenizer&) = delete;
  Tokenizer& operator=(const Tokenizer&) = delete;

  // The tokens of `text`; views into `text`.
  std::vector<Token> tokens(std::string_view text);
  // The same into `out` (cleared first), whose memory is reused.
  void tokens(std::string_view text, std::vector<Token>& out);
  // The same by ICU's iterator whatever the text (what the fast path must agree with).
  std::vector<Token> tokens_by_icu(std::string_view text);
  // Whether tokens(text) takes the fast path.
  bool fast_path_applies(std::string_view text);

 private:
  struct Icu;
  std::unique_ptr<Icu> icu_;
};

// Tokenizer().tokens(text): creates ICU's iterator only when the text needs it.
std::vector<Token> tokenize_tokens(std::string_view text);

// The texts of tokenize_tokens(text), codes included.
std::vector<std::string_view> tokenize(std::string_view text);

// The folded form of one token: NFKC case folding (so case and full-/half-width forms fold
// together: "Ａｐｐｌｅ" -> "apple"). Numbers are not replaced here.
std::string fold_token(const Token& token);

// 32-bit FNV-1a of `bytes`; stable across platforms, as hashes stored on disk must be.
std::uint32_t hash32(std::string_view bytes);

// The keys of a text's tokens that the score and the index work on. Code tokens are left out
// of `raw` and `folded` and counted in `codes`.
struct TokenKeys {
  std::vector<std::uint32_t> raw;     // hash32 of each token's bytes
  std::vector<std::uint32_t> folded;  // hash32 of fold_token, or kNumberKey for a number
  std::vector<std::uint32_t> codes;   // hash32 of each code token, in order
};
inline constexpr std::uint32_t kNumberKey = 0x23u;  // '#': every number folds to this one key
TokenKeys token_keys(const std::vector<Token>& tokens);
// The same into `out` (cleared first), whose memory is reused.
void token_keys(const std::vector<Token>& tokens, TokenKeys& out);

// A 64-bit hash of a key sequence, for comparing two sequences in O(1).
std::uint64_t sequence_hash(const std::vector<std::uint32_t>& keys);

// Levenshtein distance between two token sequences (insert, delete, substitute all cost 1).
std::size_t token_edit_distance(const std::vector<std::string_view>& a,
                                const std::vector<std::string_view>& b);

// The Levenshtein distance of `a` and `b` when it is at most `bound`, otherwise bound + 1.
// Only the diagonal band |i - j| <= bound is computed: O(bound * min(|a|, |b|)) time.
std::size_t banded_edit_distance(const std::uint32_t* a, std::size_t len_a, const std::uint32_t* b,
                                 std::size_t len_b, std::size_t bound);

// A query's token keys prepared for many distance computations: Myers' bit-parallel edit
// distance in blocks of 64 tokens (Hyyro's global variant), O(|text| * ceil(|query| / 64))
// word operations per text.
class TokenPattern {
 public:
  explicit TokenPattern(const std::vector<std::uint32_t>& keys);
  // The distance of `text` to the pattern when it is at most `bound`, otherwise bound + 1.
  std::size_t distance(const std::uint32_t* text, std::size_t len, std::size_t bound) const;

 private:
  // The masks (one per block) of the pattern positions holding `key`; null when none do.
  const std::uint64_t* masks_of(std::uint32_t key) const;
  std::size_t size_ = 0;
  std::size_t blocks_ = 0;
  // Open addressing: slot -> key and the offset of its masks in masks_.
  std::vector<std::uint32_t> slot_keys_;
  std::vector<std::int32_t> slot_masks_;  // -1 = empty slot
  std::vector<std::uint64_t> masks_;
  std::size_t slots_mask_ = 0;
  mutable std::vector<std::uint64_t> pv_, mv_;
};

// 100 * (1 - distance / max(len_a, len_b)); 100 when both are empty.
double score_from_distance(std::size_t distance, std::size_t len_a, std::size_t len_b);

// The best score two sequences of these lengths can reach: their distance is at least the
// difference of the lengths. Lets a lookup skip candidates without computing a distance.
double best_possible_score(std::size_t len_a, std::size_t len_b);

// The largest distance that still scores at least `min_score` for sequences of these lengths.
std::size_t max_distance_for(double min_score, std::size_t len_a, std::size_t len_b);

}  // namespace tmkit::detail
