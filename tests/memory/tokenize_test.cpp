// The tokeniser against ICU's word break iterator: hand-checked tokens in many scripts, and the
// fast path (no ICU iterator) compared with ICU on fixed and generated texts.
#include "tokenize.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "tmkit/text.hpp"

namespace tmkit::detail {
namespace {

using Texts = std::vector<std::string_view>;

Texts texts_of(const std::vector<Token>& tokens) {
  Texts out;
  for (const Token& token : tokens) out.push_back(token.text);
  return out;
}

std::string describe(const std::vector<Token>& tokens) {
  std::string out;
  for (const Token& token : tokens) {
    out += "[" + std::string(token.text) + "|" + std::to_string(static_cast<int>(token.kind)) +
           "@" + std::to_string(token.begin) + "]";
  }
  return out;
}

struct Expected {
  const char* text;
  Texts tokens;
};

TEST_CASE("tokens follow ICU word breaks, with CJK characters and punctuation apart",
          "[tm][tokenize]") {
  // Each expectation follows UAX #29 as ICU applies it, worked out by hand, then the
  // documented rules (CJK one character each, white space dropped).
  const Expected c = GENERATE(values<Expected>({
      {"Hello, world!", {"Hello", ",", "world", "!"}},
      {"don't stop", {"don't", "stop"}},                      // apostrophe between letters
      {"l'homme d\u2019abord", {"l'homme", "d\u2019abord"}},  // ' and ’ (MidNumLet)
      {"well-known e-mail", {"well", "-", "known", "e", "-", "mail"}},  // hyphens break
      {"pi is 3.14, not 1,000.5",
       {
           "pi",
           "is",
           "3.14",
           ",",
           "not",
           "1,000.5",
       }},
      {"v2 A4 3rd", {"v2", "A4", "3rd"}},                 // letters and digits join
      {"e.g. U.S.A.", {"e.g", ".", "U.S.A", "."}},        // '.' between letters joins
      {"end.Next", {"end.Next"}},                         // so does this
      {"file_name __init__", {"file_name", "__init__"}},  // ExtendNumLet
      {"ratio 3:1 at 10:30", {"ratio", "3", ":", "1", "at", "10", ":", "30"}},  // ':' breaks
      {"Привет, мир! Это 2024 год.", {"Привет", ",", "мир", "!", "Это", "2024", "год", "."}},
      {"Καλημέρα κόσμε;", {"Καλημέρα", "κόσμε", ";"}},  // Greek question mark
      {"مرحبا بالعالم، كيف حالك؟", {"مرحبا", "بالعالم", "،", "كيف", "حالك", "؟"}},
      {"שלום עולם, צה\"ל", {"שלום", "עולם", ",", "צה\"ל"}},            // WB7b/c: Hebrew " inside
      {"สวัสดีครับ ผมชื่อสมชาย", {"สวัสดี", "ครับ", "ผม", "ชื่อ", "สมชาย"}},     // dictionary
      {"한국어 문장입니다.", {"한국어", "문장입니다", "."}},           // Korean by word
      {"약 8,336,817명 v2한", {"약", "8,336,817", "명", "v2", "한"}},  // Hangul runs stay apart
      {"mail a@b.org", {"mail", "a@b.org"}},                           // ICU: '@' is a letter
      {"コーヒーを飲みます。", {"コ", "ー", "ヒ", "ー", "を", "飲", "み", "ま", "す", "。"}},
      {"2024年，朱国贤说：“好。”",
       {"2024", "年", "，", "朱", "国", "贤", "说", "：", "“", "好", "。", "”"}},
      {"iPhone手机", {"iPhone", "手", "机"}},
      {"I \u2764\uFE0F it \U0001F44D\U0001F3FD!",
       {"I", "\u2764\uFE0F", "it", "\U0001F44D\U0001F3FD", "!"}},
      {"family \U0001F468\u200D\U0001F469\u200D\U0001F467 flag \U0001F1EB\U0001F1F7",
       {"family", "\U0001F468\u200D\U0001F469\u200D\U0001F467", "flag", "\U0001F1EB\U0001F1F7"}},
      {"cafe\u0301 nai\u0308ve", {"cafe\u0301", "nai\u0308ve"}},  // combining marks stay inside
      {"co\u00ADoperate", {"co\u00ADoperate"}},                   // a soft hyphen (Format) too
      {"a\uE000b \uE001", {"a", "\uE000", "b", "\uE001"}},        // inline codes
      {"  \t\u3000 ", {}},
      {"", {}},
  }));
  Tokenizer tokenizer;
  CAPTURE(c.text);
  CHECK(texts_of(tokenizer.tokens(c.text)) == c.tokens);
  CHECK(texts_of(tokenizer.tokens_by_icu(c.text)) == c.tokens);
}

TEST_CASE("token kinds: numbers, words, CJK characters, punctuation, codes", "[tm][tokenize]") {
  const std::vector<Token> tokens = tokenize_tokens("Pay 12,000 yuan，3.5% 给 A4 \uE000 ١٢٣");
  REQUIRE(texts_of(tokens) ==
          Texts{"Pay", "12,000", "yuan", "，", "3.5", "%", "给", "A4", "\uE000", "١٢٣"});
  const std::vector<TokenKind> kinds{TokenKind::kWord,      TokenKind::kNumber, TokenKind::kWord,
                                     TokenKind::kPunct,     TokenKind::kNumber, TokenKind::kPunct,
                                     TokenKind::kCharacter, TokenKind::kWord,   TokenKind::kCode,
                                     TokenKind::kNumber};
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    CAPTURE(i);
    CHECK(tokens[i].kind == kinds[i]);
  }
}

TEST_CASE("the fast path is taken for Latin, Cyrillic, Greek, Arabic and Chinese",
          "[tm][tokenize]") {
  Tokenizer tokenizer;
  for (const char* text : {"The cat's 3.14 mats, 1,000 of them.", "Привет, мир!", "Καλημέρα κόσμε",
                           "مرحبا بالعالم", "朱国贤说：“好。”", "これはペンです"}) {
    CAPTURE(text);
    // Katakana (ペ, ン) needs ICU (WB13); the rest does not.
    CHECK(tokenizer.fast_path_applies(text) == (std::string_view(text) != "これはペンです"));
  }
  // Thai (dictionary), Hebrew (WB7a-c), marks (WB4), emoji modifiers, katakana, Hangul.
  for (const char* text :
       {"สวัสดี", "שלום", "cafe\u0301", "\U0001F44D\U0001F3FD", "コーヒー", "한국어 문장"}) {
    CAPTURE(text);
    CHECK_FALSE(tokenizer.fast_path_applies(text));
  }
}

// Characters of every class the fast path handles and of many it hands to ICU.
const std::vector<std::string>& pool() {
  static const std::vector<std::string> characters = [] {
    std::vector<std::string> out;
    for (char c = 0x20; c < 0x7F; ++c) out.emplace_back(1, c);
    for (const char* more :
         {"a",          "e",      "t",      "1",          "0",          " ",          " ",
          "\t",         "\u00A0", "\u3000", "\u2009",     "é",          "ß",          "ø",
          "Ł",          "ș",      "ǅ",      "ª",          "º",          "²",          "½",
          "·",          "\u2019", "\u2018", "\u201C",     "\u201D",     "\u2013",     "\u2014",
          "\u2026",     "\u2027", "\u00AD", "\u200B",     "\u200C",     "\u200D",     "\u2060",
          "\uFEFF",     "\u0301", "\u0308", "\u20DD",     "я",          "Ж",          "ё",
          "α",          "Ω",      "ά",      "\u0387",     "\u037E",     "ب",          "ع",
          "\u064E",     "\u060C", "\u061F", "\u0660",     "\u0663",     "\u066B",     "\u066C",
          "\u06F5",     "א",      "ש",      "\u05B4",     "\u05F3",     "\u05F4",     "ก",
          "ส",          "\u0E31", "\u0E35", "ກ",          "ក",          "က",          "한",
          "국",         "ᄀ",     "\u1161", "中",         "国",         "丽",         "㐀",
          "\U00020000", "々",     "〇",     "あ",         "ゝ",         "\u3099",     "ア",
          "ー",         "ｱ",      "ﾞ",      "，",         "。",         "：",         "；",
          "．",         "！",     "％",     "１",         "９",         "Ａ",         "ｚ",
          "\uFE55",     "\uFF1A", "\uFE52", "\uE000",     "\uE005",     "\uF8FF",     "\U0001F44D",
          "\U0001F3FD", "\u2764", "\uFE0F", "\U0001F1EB", "\U0001F1F7", "\U0001F468", "©",
          "€",          "$",      "\u203F", "\uFE33",     "\u2044",     "\uFFFD",     "\u0085",
          "\u2028",     "\n",     "\r"}) {
      out.emplace_back(more);
    }
    return out;
  }();
  return characters;
}

TEST_CASE("the fast path gives exactly ICU's tokens on generated texts", "[tm][tokenize]") {
  // A fixed LCG, so a failure reproduces. Texts of 1-16 characters, drawn from the whole pool
  // (most of them go to ICU) and from the characters the fast path takes (all of them take
  // it, so every pair and triple of fast-path classes meets ICU many times).
  std::uint64_t state = 20261128;
  const auto next = [&](std::size_t n) {
    state = state * 6364136223846793005u + 1442695040888963407u;
    return static_cast<std::size_t>((state >> 33) % n);
  };
  Tokenizer tokenizer;
  std::vector<std::string> fast_pool;
  for (const std::string& c : pool()) {
    if (tokenizer.fast_path_applies(c)) fast_pool.push_back(c);
  }
  REQUIRE(fast_pool.size() > 100);
  std::size_t fast = 0;
  std::size_t mismatches = 0;
  constexpr std::size_t kTexts = 60000;
  for (std::size_t i = 0; i < 2 * kTexts; ++i) {
    const std::vector<std::string>& from = i < kTexts ? pool() : fast_pool;
    std::string text;
    const std::size_t length = 1 + next(16);
    for (std::size_t k = 0; k < length; ++k) text += from[next(from.size())];
    if (!tokenizer.fast_path_applies(text)) continue;
    ++fast;
    const std::string ours = describe(tokenizer.tokens(text));
    const std::string icu = describe(tokenizer.tokens_by_icu(text));
    if (ours != icu && ++mismatches <= 10) {
      CAPTURE(text, ours, icu);
      CHECK(ours == icu);
    }
  }
  CHECK(mismatches == 0);
  CHECK(fast > kTexts);  // every text of the second half, and some of the first
}

// UTF-8 of code point `c`.
std::string utf8_of(char32_t c) {
  std::string out;
  icu::UnicodeString(static_cast<UChar32>(c)).toUTF8String(out);
  return out;
}

TEST_CASE("fold_token's shortcuts for single characters give ICU's NFKC case folding",
          "[tm][tokenize]") {
  UErrorCode error = U_ZERO_ERROR;
  const icu::Normalizer2* folder = icu::Normalizer2::getNFKCCasefoldInstance(error);
  REQUIRE(U_SUCCESS(error));
  std::size_t changed = 0;
  // Latin-1 to Hangul compatibility, CJK punctuation, kana, ideographs; the compatibility and
  // fullwidth forms.
  for (char32_t c = 0x80; c <= 0xFFEF; ++c) {
    if ((c >= 0xD800 && c <= 0xDFFF) || (c > 0x3400 && c < 0x4E00) || (c > 0xA000 && c < 0xF900)) {
      continue;
    }
    const std::string text = utf8_of(c);
    icu::UnicodeString folded = folder->normalize(icu::UnicodeString::fromUTF8(text), error);
    REQUIRE(U_SUCCESS(error));
    std::string expected;
    folded.toUTF8String(expected);
    INFO("U+" << std::hex << static_cast<std::uint32_t>(c));
    REQUIRE(fold_token(Token{text, TokenKind::kPunct, 0}) == expected);
    changed += expected != text ? 1 : 0;
  }
  // The comparison covered characters the folding changes (fullwidth letters, among others).
  CHECK(changed > 1000);
  CHECK(fold_token(Token{"\xEF\xBC\xA1", TokenKind::kWord, 0}) == "a");   // U+FF21 Ａ
  CHECK(fold_token(Token{"\xEF\xBC\x8C", TokenKind::kPunct, 0}) == ",");  // U+FF0C ，
}

TEST_CASE("normalize_for_match takes every White_Space character for a space, and no other",
          "[tm][tokenize]") {
  std::size_t spaces = 0;
  for (char32_t c = 1; c <= 0x1FFFF; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    const std::string text = "a" + utf8_of(c) + utf8_of(c) + "b";
    const std::string normalized = normalize_for_match(text).value();
    INFO("U+" << std::hex << static_cast<std::uint32_t>(c));
    if (u_isUWhiteSpace(static_cast<UChar32>(c))) {
      ++spaces;
      REQUIRE(normalized == "a b");
    } else {
      REQUIRE(normalized.find(' ') == std::string::npos);
      REQUIRE(normalized.size() > 2);
    }
  }
  CHECK(spaces == 25);  // Unicode 15's White_Space, U+0009-U+000D and U+0020 included
}

TEST_CASE("normalize_for_match skips ICU only for texts ICU's NFC would leave alone",
          "[tm][tokenize]") {
  // Texts whose characters are all normalization-inert skip the UTF-16 round trip; the result
  // must be what normalising first gives, on texts with every kind of character of the pool
  // (combining marks, Hangul jamo, compatibility ideographs, singletons such as U+2126).
  std::uint64_t state = 7;
  const auto next = [&](std::size_t n) {
    state = state * 6364136223846793005u + 1442695040888963407u;
    return static_cast<std::size_t>((state >> 33) % n);
  };
  std::vector<std::string> characters = pool();
  for (const char* more : {"\u2126", "\u212B", "\uF900", "\u2000", "\u1161", "\u11A8", "\u0344",
                           "\u0958", "\u0CD5", "e\u0301", "\u1100"}) {
    characters.emplace_back(more);
  }
  std::size_t mismatches = 0;
  for (std::size_t i = 0; i < 30000; ++i) {
    std::string text;
    const std::size_t length = 1 + next(8);
    for (std::size_t k = 0; k < length; ++k) text += characters[next(characters.size())];
    const Result<std::string> nfc = normalize_nfc(text);
    REQUIRE(nfc.ok());
    const std::string expected = normalize_for_match(*nfc).value();
    const std::string actual = normalize_for_match(text).value();
    if (actual != expected && ++mismatches <= 10) {
      CAPTURE(text);
      CHECK(actual == expected);
    }
  }
  CHECK(mismatches == 0);
  CHECK(normalize_for_match("\u2126 A\u030A").value() == "\u03A9 \u00C5");  // by hand
}

TEST_CASE("the fast path gives ICU's tokens on real sentences", "[tm][tokenize]") {
  Tokenizer tokenizer;
  for (const char* text :
       {"In the beginning God created the heaven and the earth.",
        "And God said, Let there be light: and there was light.",
        "起初，神创造天地。地是空虚混沌，渊面黑暗；神的灵运行在水面上。",
        "Zhu Guoxian: \"Let's begin at 9:30 a.m.; the 2nd item costs $1,299.99 (approx.)\"",
        "L'État a dépensé 3,5 milliards d'euros — c'est-à-dire 12 % de plus.",
        "Москва — столица России; население ≈ 13,1 млн.", "Ο Σωκράτης είπε: «Γνῶθι σαυτόν».",
        "قال الرئيس: \"سنبدأ في ١٠:٣٠\".", "뉴욕의 인구는 약 8,336,817명이다.",
        "2024年3月，浙江省推进“数字化改革”（第2阶段）……", "price_list_v2.xlsx, see §3.1"}) {
    CAPTURE(text);
    CHECK(describe(tokenizer.tokens(text)) == describe(tokenizer.tokens_by_icu(text)));
  }
}

}  // namespace
}  // namespace tmkit::detail
