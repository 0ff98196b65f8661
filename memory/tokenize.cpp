#include "tokenize.hpp"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <unordered_map>

#include "tmkit/text.hpp"

namespace tmkit::detail {
namespace {

struct CodePoint {
  char32_t value;
  std::size_t length;  // bytes
};

constexpr char32_t kReplacement = 0xFFFD;

// decode_at for a lead byte of 0x80 or more, out of line.
CodePoint decode_sequence(std::string_view text, std::size_t pos) {
  const auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(text[k]); };
  const std::uint8_t lead = byte(pos);
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

// Decodes the code point at text[pos]. Input is expected to be valid UTF-8; a bad byte is
// reported as U+FFFD of length 1 so callers always make progress. ASCII and most CJK, most
// characters of most texts, are decoded inline.
inline CodePoint decode_at(std::string_view text, std::size_t pos) {
  const auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(text[pos + k]); };
  const std::uint8_t lead = byte(0);
  if (lead < 0x80) return {lead, 1};
  // Three bytes valid whatever they hold, as most CJK characters are: decoded here too.
  if (plain_three_bytes(text, pos)) {
    return {
        static_cast<char32_t>((lead & 0x0Fu) << 12 | (byte(1) & 0x3Fu) << 6 | (byte(2) & 0x3Fu)),
        3};
  }
  return decode_sequence(text, pos);
}

UChar32 as_icu(char32_t c) { return static_cast<UChar32>(c); }

bool is_space(char32_t c) {
  if (c < 0x80) return c == ' ' || (c >= 0x09 && c <= 0x0D);
  // White_Space above ASCII lies in U+0085-U+3000 (U+0085, U+00A0, U+1680, U+2000-U+200A,
  // U+2028/2029, U+202F, U+205F, U+3000): skip ICU for the rest, CJK text above all.
  if (c < 0x85 || (c > 0xA0 && c < 0x1680) || c > 0x3000) return false;
  return u_isUWhiteSpace(as_icu(c)) != 0;
}

// The bytes of the UTF-8 sequence that `lead` starts (valid UTF-8).
std::size_t sequence_length(char lead) {
  const auto byte = static_cast<std::uint8_t>(lead);
  return byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4;
}

// The bytes of the white space at text[pos] (valid UTF-8), 0 when there is none there. Told by
// the lead byte for all but a few characters: White_Space above ASCII is U+0085 and U+00A0
// (lead C2), U+1680 (E1), U+2000-U+205F (E2) and U+3000 (E3).
std::size_t space_length(std::string_view text, std::size_t pos) {
  const auto lead = static_cast<std::uint8_t>(text[pos]);
  if (lead < 0x80) return is_space(lead) ? 1 : 0;
  if (lead != 0xC2 && (lead < 0xE1 || lead > 0xE3)) return 0;
  const CodePoint cp = decode_at(text, pos);
  return is_space(cp.value) ? cp.length : 0;
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

std::uint32_t word_break(char32_t c) {
  return static_cast<std::uint32_t>(u_getIntPropertyValue(as_icu(c), UCHAR_WORD_BREAK));
}

bool is_mark(char32_t c) {
  const auto type = u_charType(as_icu(c));
  return type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK || type == U_ENCLOSING_MARK;
}

// UAX #29's MidNum, MidNumLet and Single_Quote: what may stand between two digits of a number.
bool is_mid_number(char32_t c) {
  if (c < 0x80) return c == '.' || c == ',' || c == ';' || c == '\'';
  const std::uint32_t wb = word_break(c);
  return wb == U_WB_MIDNUM || wb == U_WB_MIDNUMLET || wb == U_WB_SINGLE_QUOTE;
}

// Digits with separators between them: "42", "3.14", "12,000", "１２".
bool is_number(std::string_view word) {
  if (word.empty()) return false;
  bool last_digit = false;
  for (std::size_t pos = 0; pos < word.size();) {
    const CodePoint cp = decode_at(word, pos);
    last_digit = is_digit(cp.value);
    if (!last_digit && !(pos > 0 && is_mid_number(cp.value))) return false;
    pos += cp.length;
  }
  return last_digit;
}

// A word or number when it holds a letter, digit or mark, else punctuation or a symbol.
TokenKind content_kind(std::string_view text) {
  if (is_number(text)) return TokenKind::kNumber;
  for (std::size_t pos = 0; pos < text.size();) {
    const CodePoint cp = decode_at(text, pos);
    if (u_isalnum(as_icu(cp.value)) || is_mark(cp.value)) return TokenKind::kWord;
    pos += cp.length;
  }
  return TokenKind::kPunct;
}

// ---- the fast path ---------------------------------------------------------------------------
// The word-break classes of UAX #29 whose rules need neither a dictionary nor more than one
// character of context, plus tmkit's own: a text with only these is split here exactly as
// ICU's iterator splits it (tests/memory/tokenize_test.cpp compares both). Anything else
// (combining marks and format characters, which attach to what precedes them; katakana,
// Hebrew letters, regional indicators, ZWJ emoji sequences; Thai and other scripts ICU splits
// with a dictionary) sends the whole text to ICU.
enum class Fast : std::uint8_t {
  kLetter,        // ALetter (Latin, Greek, Cyrillic, Arabic, Hangul...)
  kNumeric,       // Numeric
  kMidLetter,     // MidLetter: joins two letters ("l·l")
  kMidNum,        // MidNum: joins two digits ("1,000")
  kMidNumLet,     // MidNumLet and Single_Quote: join two letters or two digits ("don't", "3.14")
  kExtendNumLet,  // ExtendNumLet ("_"): joins letters, digits and itself
  kSpace,         // white space: a boundary, dropped
  kCjk,           // a Han ideograph or hiragana: a token of its own
  kCode,          // a Private Use Area character: an inline-code token
  kOther,         // anything else that stands alone: punctuation, symbols, emoji
  kIcu,           // needs ICU
};

constexpr std::array<Fast, 128> ascii_classes() {
  std::array<Fast, 128> table{};
  for (std::size_t c = 0; c < 128; ++c) table[c] = Fast::kOther;
  for (std::size_t c = 'a'; c <= 'z'; ++c) table[c] = table[c - 'a' + 'A'] = Fast::kLetter;
  for (std::size_t c = '0'; c <= '9'; ++c) table[c] = Fast::kNumeric;
  for (std::size_t c : {' ', '\t', '\n', '\v', '\f', '\r'}) table[c] = Fast::kSpace;
  for (std::size_t c : {',', ';'}) table[c] = Fast::kMidNum;
  for (std::size_t c : {'.', '\''}) table[c] = Fast::kMidNumLet;
  table[':'] = Fast::kOther;  // MidLetter in UAX #29, but not in ICU's root rules (CLDR)
  table['_'] = Fast::kExtendNumLet;
  table['@'] = Fast::kLetter;  // ICU's root rules add '@' to ALetter, keeping "a@b" together
  return table;
}
constexpr std::array<Fast, 128> kAsciiClasses = ascii_classes();

// Hangul (syllables, jamo, compatibility jamo): ICU keeps a Hangul run apart from letters and
// digits around it (its CJK break engine), which the UAX #29 classes do not say.
bool is_hangul(char32_t c) {
  return (c >= 0xAC00 && c <= 0xD7FF) || (c >= 0x1100 && c <= 0x11FF) ||
         (c >= 0x3130 && c <= 0x318F) || (c >= 0xA960 && c <= 0xA97F);
}

Fast classify_other(char32_t c) {
  if ((c >= 0x3400 && c <= 0x4DBF) || (c >= 0x3041 && c <= 0x3096)) return Fast::kCjk;
  const auto line_break = u_getIntPropertyValue(as_icu(c), UCHAR_LINE_BREAK);
  if (line_break == U_LB_COMPLEX_CONTEXT || is_cjk_character(c) ||
      u_hasBinaryProperty(as_icu(c), UCHAR_ALPHABETIC)) {
    return Fast::kIcu;  // dictionary scripts, other ideographs and kana
  }
  return Fast::kOther;
}

Fast classify_fast(char32_t c) {
  if (c < 0x80) return kAsciiClasses[c];
  if (c >= 0x4E00 && c <= 0x9FFF) return Fast::kCjk;
  if (is_code(c)) return Fast::kCode;
  if (is_space(c)) return Fast::kSpace;
  if (is_hangul(c)) return Fast::kIcu;
  switch (word_break(c)) {
    case U_WB_ALETTER:
      return is_cjk_character(c) ? Fast::kIcu : Fast::kLetter;
    case U_WB_NUMERIC:
      return Fast::kNumeric;
    case U_WB_MIDLETTER:
      return c == 0xFE55 || c == 0xFF1A ? Fast::kOther : Fast::kMidLetter;  // colons, as ':'
    case U_WB_MIDNUM:
      return Fast::kMidNum;
    case U_WB_MIDNUMLET:
    case U_WB_SINGLE_QUOTE:
      return Fast::kMidNumLet;
    case U_WB_EXTENDNUMLET:
      return Fast::kExtendNumLet;
    case U_WB_OTHER:
    case U_WB_DOUBLE_QUOTE:  // special only after Hebrew letters, which go to ICU
      return classify_other(c);
    default:
      return Fast::kIcu;
  }
}

bool wordish(Fast f) {
  return f == Fast::kLetter || f == Fast::kNumeric || f == Fast::kExtendNumLet;
}
bool alnum_class(Fast f) { return f == Fast::kLetter || f == Fast::kNumeric; }
bool mid_class(Fast f) {
  return f == Fast::kMidLetter || f == Fast::kMidNum || f == Fast::kMidNumLet;
}

// UAX #29 WB5, WB8-WB10 (letters and digits), WB13a/b (ExtendNumLet).
bool joins(Fast a, Fast b) {
  if (b == Fast::kExtendNumLet) return wordish(a);
  if (a == Fast::kExtendNumLet) return alnum_class(b);
  return alnum_class(a) && alnum_class(b);
}

// WB6/WB7 (letter, mid, letter) and WB11/WB12 (digit, mid, digit).
bool joins_across(Fast a, Fast mid, Fast b) {
  if (a == Fast::kLetter && b == Fast::kLetter) {
    return mid == Fast::kMidLetter || mid == Fast::kMidNumLet;
  }
  if (a == Fast::kNumeric && b == Fast::kNumeric) {
    return mid == Fast::kMidNum || mid == Fast::kMidNumLet;
  }
  return false;
}

// The kind of an all-ASCII word token, as content_kind would find it without decoding again:
// the joining rules only put separators between two digits, so digits and separators ending
// in a digit make a number.
TokenKind ascii_word_kind(std::string_view word) {
  bool alnum = false;
  bool number = true;
  for (char c : word) {
    const bool digit = c >= '0' && c <= '9';
    const bool letter = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    alnum = alnum || digit || letter;
    number = number && (digit || c == '.' || c == ',' || c == ';' || c == '\'');
  }
  const char last = word.back();
  if (number && word.front() >= '0' && word.front() <= '9' && last >= '0' && last <= '9') {
    return TokenKind::kNumber;
  }
  return alnum ? TokenKind::kWord : TokenKind::kPunct;
}

// Reads one word from text[pos] (a code point of class `first`), joining what the rules join.
// Returns the end of the word, or npos when a character needs ICU.
std::size_t word_end(std::string_view text, std::size_t pos, Fast first, bool& ascii) {
  Fast last = first;
  std::size_t end = pos;
  end += decode_at(text, pos).length;
  while (end < text.size()) {
    // ASCII letters and digits after a letter or digit always join (WB5, WB8-WB10): most of
    // a word is read a byte at a time, without decoding or the rules below.
    while (alnum_class(last) && static_cast<unsigned char>(text[end]) < 0x80) {
      const Fast f = kAsciiClasses[static_cast<unsigned char>(text[end])];
      if (!alnum_class(f)) break;
      last = f;
      if (++end == text.size()) return end;
    }
    const CodePoint next = decode_at(text, end);
    const Fast f = classify_fast(next.value);
    if (f == Fast::kIcu) return std::string_view::npos;
    if (joins(last, f)) {
      ascii = ascii && next.value < 0x80;
      last = f;
      end += next.length;
      continue;
    }
    if (!mid_class(f) || end + next.length >= text.size()) break;
    const CodePoint after = decode_at(text, end + next.length);
    const Fast g = classify_fast(after.value);
    if (g == Fast::kIcu) return std::string_view::npos;
    if (!joins_across(last, f, g)) break;
    ascii = ascii && next.value < 0x80 && after.value < 0x80;
    last = g;
    end += next.length + after.length;
  }
  return end;
}

// The fast path: false (and `tokens` unspecified) when some character needs ICU.
bool split_fast(std::string_view text, std::vector<Token>& tokens) {
  for (std::size_t pos = 0; pos < text.size();) {
    const CodePoint cp = decode_at(text, pos);
    const Fast fast = classify_fast(cp.value);
    if (fast == Fast::kIcu) return false;
    if (fast == Fast::kSpace) {
      pos += cp.length;
      continue;
    }
    if (!wordish(fast)) {
      const TokenKind kind = fast == Fast::kCjk    ? TokenKind::kCharacter
                             : fast == Fast::kCode ? TokenKind::kCode
                                                   : content_kind(text.substr(pos, cp.length));
      tokens.push_back({text.substr(pos, cp.length), kind, pos});
      pos += cp.length;
      continue;
    }
    bool ascii = cp.value < 0x80;
    const std::size_t end = word_end(text, pos, fast, ascii);
    if (end == std::string_view::npos) return false;
    const std::string_view word = text.substr(pos, end - pos);
    tokens.push_back({word, ascii ? ascii_word_kind(word) : content_kind(word), pos});
    pos = end;
  }
  return true;
}

// ---- the ICU path ----------------------------------------------------------------------------

bool attaches(char32_t c) {
  const std::uint32_t wb = word_break(c);
  return wb == U_WB_EXTEND || wb == U_WB_FORMAT || wb == U_WB_ZWJ;
}

// Turns one segment of ICU's word iterator, [begin, end), into tokens: CJK characters (with
// the marks after them) and codes apart, white space dropped, the rest one token per run.
void split_segment(std::string_view text, std::size_t begin, std::size_t end,
                   std::vector<Token>& tokens) {
  std::size_t run = std::string_view::npos;
  const auto flush = [&](std::size_t run_end) {
    if (run == std::string_view::npos) return;
    const std::string_view piece = text.substr(run, run_end - run);
    tokens.push_back({piece, content_kind(piece), run});
    run = std::string_view::npos;
  };
  for (std::size_t pos = begin; pos < end;) {
    const CodePoint cp = decode_at(text, pos);
    if (is_space(cp.value)) {
      flush(pos);
      pos += cp.length;
    } else if (is_code(cp.value)) {
      flush(pos);
      tokens.push_back({text.substr(pos, cp.length), TokenKind::kCode, pos});
      pos += cp.length;
    } else if (is_cjk_character(cp.value)) {
      flush(pos);
      std::size_t stop = pos + cp.length;
      while (stop < end) {
        const CodePoint next = decode_at(text, stop);
        if (!attaches(next.value)) break;
        stop += next.length;
      }
      tokens.push_back({text.substr(pos, stop - pos), TokenKind::kCharacter, pos});
      pos = stop;
    } else {
      if (run == std::string_view::npos) run = pos;
      pos += cp.length;
    }
  }
  flush(end);
}

}  // namespace

Result<std::string> normalize_for_match(std::string_view text) {
  std::string out;
  TMKIT_RETURN_IF_ERROR(normalize_for_match(text, out));
  return out;
}

Status normalize_for_match(std::string_view text, std::string& out) {
  std::string converted;
  // surely_nfc vouches for the UTF-8 too: most texts are read once here, not twice.
  if (!surely_nfc(text)) {
    TMKIT_RETURN_IF_ERROR(validate_utf8(text));
    TMKIT_ASSIGN_OR_RETURN(converted, normalize_nfc(text));
  }
  const std::string_view nfc = converted.empty() ? text : std::string_view(converted);
  // Each run of white space becomes one space; leading and trailing runs go. The text between
  // is copied a run at a time.
  out.clear();
  out.reserve(nfc.size());
  std::size_t pos = 0;
  while (pos < nfc.size()) {
    const std::size_t word = pos;
    while (pos < nfc.size() && space_length(nfc, pos) == 0) pos += sequence_length(nfc[pos]);
    if (pos > word) {
      if (!out.empty()) out.push_back(' ');
      out.append(nfc, word, pos - word);
    }
    for (std::size_t space = 0; pos < nfc.size() && (space = space_length(nfc, pos)) > 0;) {
      pos += space;
    }
  }
  return {};
}

struct Tokenizer::Icu {
  std::unique_ptr<icu::BreakIterator> words;
  icu::LocalUTextPointer text;
};

Tokenizer::Tokenizer() = default;
Tokenizer::~Tokenizer() = default;
Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;

bool Tokenizer::fast_path_applies(std::string_view text) {
  std::vector<Token> ignored;
  return split_fast(text, ignored);
}

std::vector<Token> Tokenizer::tokens(std::string_view text) {
  std::vector<Token> out;
  tokens(text, out);
  return out;
}

void Tokenizer::tokens(std::string_view text, std::vector<Token>& out) {
  out.clear();
  out.reserve(text.size() / 3 + 1);  // a token a CJK character; fewer in other texts
  if (!split_fast(text, out)) out = tokens_by_icu(text);
}

std::vector<Token> Tokenizer::tokens_by_icu(std::string_view text) {
  std::vector<Token> out;
  UErrorCode error = U_ZERO_ERROR;
  if (!icu_) {
    auto icu = std::make_unique<Icu>();
    // The root locale: the TM's texts come in every language, and the rules differ by
    // locale only in details (e.g. ':' inside Swedish words).
    icu->words.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), error));
    if (U_FAILURE(error) || !icu->words) return out;  // no ICU data: a broken installation
    icu_ = std::move(icu);
  }
  icu_->text.adoptInstead(utext_openUTF8(icu_->text.orphan(), text.data(),
                                         static_cast<std::int64_t>(text.size()), &error));
  icu_->words->setText(icu_->text.getAlias(), error);
  if (U_FAILURE(error)) return out;
  std::int32_t begin = icu_->words->first();
  for (std::int32_t end = icu_->words->next(); end != icu::BreakIterator::DONE;
       begin = end, end = icu_->words->next()) {
    split_segment(text, static_cast<std::size_t>(begin), static_cast<std::size_t>(end), out);
  }
  return out;
}

std::vector<Token> tokenize_tokens(std::string_view text) { return Tokenizer().tokens(text); }

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
  const CodePoint first = decode_at(text, 0);
  const bool single = first.length == text.size();
  if (single && first.value >= 0x4E00 && first.value <= 0x9FFF) {
    return std::string(text);  // NFKC and case fold: unchanged
  }
  // Fullwidth ASCII (Chinese and Japanese commas, colons, brackets...): NFKC gives the ASCII
  // character, which case folding lowers. ICU would take a thousand instructions for it.
  if (single && first.value >= 0xFF01 && first.value <= 0xFF5E) {
    char c = static_cast<char>(first.value - 0xFEE0);
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return std::string(1, c);
  }
  UErrorCode error = U_ZERO_ERROR;
  const icu::Normalizer2* folder = icu::Normalizer2::getNFKCCasefoldInstance(error);
  if (U_FAILURE(error)) return std::string(text);
  // A character the folding leaves alone, alone (。 、 「 」: most CJK punctuation).
  if (single && folder->isInert(as_icu(first.value))) return std::string(text);
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

namespace {

// hash32(fold_token(token)), or kNumberKey for a number, without building the folded string
// for the common cases (ASCII, the common CJK block), since indexing and lookups call this for
// every token.
std::uint32_t folded_key(const Token& token, std::uint32_t raw) {
  if (token.kind == TokenKind::kNumber) return kNumberKey;
  std::uint32_t hash = 0x811c9dc5u;
  for (char c : token.text) {
    if ((c & 0x80) != 0) {
      if (token.kind == TokenKind::kCharacter) {
        const char32_t cp = decode_at(token.text, 0).value;
        if (cp >= 0x4E00 && cp <= 0x9FFF && token.text.size() == 3) return raw;  // unchanged
      }
      return hash32(fold_token(token));
    }
    const char lower = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    hash ^= static_cast<std::uint8_t>(lower);
    hash *= 0x01000193u;
  }
  return hash;
}

}  // namespace

TokenKeys token_keys(const std::vector<Token>& tokens) {
  TokenKeys keys;
  token_keys(tokens, keys);
  return keys;
}

void token_keys(const std::vector<Token>& tokens, TokenKeys& keys) {
  keys.raw.clear();
  keys.folded.clear();
  keys.codes.clear();
  keys.raw.reserve(tokens.size());
  keys.folded.reserve(tokens.size());
  for (const Token& token : tokens) {
    if (token.kind == TokenKind::kCode) {
      keys.codes.push_back(hash32(token.text));
      continue;
    }
    const std::uint32_t raw = hash32(token.text);
    keys.raw.push_back(raw);
    keys.folded.push_back(folded_key(token, raw));
  }
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
  // Myers' bit-parallel algorithm over token ids: a's tokens numbered by text, b's mapped to
  // those numbers (or to one id a never uses: b's tokens only ever compare with a's). Exact,
  // unlike hashes, and O(|b| * ceil(|a| / 64)) word operations instead of |a| * |b| string
  // comparisons.
  if (a.empty() || b.empty()) return std::max(a.size(), b.size());
  std::unordered_map<std::string_view, std::uint32_t> ids;
  ids.reserve(2 * a.size());
  std::vector<std::uint32_t> ka;
  ka.reserve(a.size());
  for (std::string_view token : a) {
    ka.push_back(ids.emplace(token, static_cast<std::uint32_t>(ids.size())).first->second);
  }
  constexpr std::uint32_t kAbsent = 0xFFFFFFFFu;
  std::vector<std::uint32_t> kb;
  kb.reserve(b.size());
  for (std::string_view token : b) {
    const auto found = ids.find(token);
    kb.push_back(found == ids.end() ? kAbsent : found->second);
  }
  const TokenPattern pattern(ka);
  const std::size_t longest = std::max(a.size(), b.size());
  return pattern.distance(kb.data(), kb.size(), longest);
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
