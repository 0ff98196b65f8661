#include "tmkit/text.hpp"

#include <catch2/catch.hpp>
#include <string>

TEST_CASE("valid UTF-8 passes validation", "[text]") {
  CHECK(tmkit::validate_utf8("").ok());
  CHECK(tmkit::validate_utf8("plain ASCII").ok());
  CHECK(tmkit::validate_utf8("朱国贤：谢谢。").ok());
  CHECK(tmkit::validate_utf8("\xF0\x9F\x98\x80 emoji").ok());
  CHECK(tmkit::validate_utf8("A longer ASCII text, then 朱国贤：谢谢。 and ASCII again.").ok());
}

TEST_CASE("invalid UTF-8 is rejected with the byte offset", "[text]") {
  const auto [input, offset] = GENERATE(table<std::string, std::string>({
      {"ab\xC0\xAF", "byte 2"},           // overlong '/'
      {"\xE0\x80\xAF", "byte 0"},         // overlong 3-byte form
      {"x\xED\xA0\x80", "byte 1"},        // UTF-16 surrogate D800
      {"abc\xF4\x90\x80\x80", "byte 3"},  // above U+10FFFF
      {"abcd\xE4\xB8", "byte 4"},         // truncated sequence
      {"\xE4\x41\x80", "byte 0"},         // a CJK lead byte without its continuation
      {"\xE5\x80\xC0", "byte 0"},         // ... or with a bad third byte
      {"ab\xEF\xBC", "byte 2"},           // truncated fullwidth form
      {"\x80", "byte 0"},                 // lone continuation byte
      // After and between runs of eight ASCII bytes, which are checked eight at a time.
      {"12345678\x80", "byte 8"},
      {"1234567\x80 and more ASCII", "byte 7"},
      {"abcdefgh\xC3\xA9ijklmnop\xE4\xB8", "byte 18"},
      {"abcdefghijklmnop\xED\xA0\x80"
       "abcdefgh",
       "byte 16"},
  }));
  const tmkit::Status status = tmkit::validate_utf8(input);
  REQUIRE_FALSE(status.ok());
  CHECK(status.message().find(offset) != std::string::npos);
  // surely_nfc says no too, so that a yes also vouches for the UTF-8 (normalize_for_match).
  CHECK_FALSE(tmkit::surely_nfc(input));
}

TEST_CASE("code points are counted, not bytes", "[text]") {
  CHECK(tmkit::count_code_points("abc") == 3);
  CHECK(tmkit::count_code_points("朱国贤") == 3);
  CHECK(tmkit::count_code_points("a\xF0\x9F\x98\x80") == 2);
}

TEST_CASE("NFC normalisation composes decomposed accents", "[text]") {
  const auto nfc = tmkit::normalize_nfc("Cafe\xCC\x81");  // e + combining acute
  REQUIRE(nfc.ok());
  CHECK(*nfc == "Caf\xC3\xA9");
  CHECK(*tmkit::normalize_nfc("already composed: \xC3\xA9") == "already composed: \xC3\xA9");
  // Hangul jamo compose to a syllable; a singleton (U+212B ANGSTROM SIGN) becomes U+00C5.
  CHECK(*tmkit::normalize_nfc("\xE1\x84\x80\xE1\x85\xA1 \xE2\x84\xAB") == "\xEA\xB0\x80 \xC3\x85");
  CHECK(*tmkit::normalize_nfc("朱国贤：谢谢。") == "朱国贤：谢谢。");
  // A Hangul syllable and a following trailing jamo compose (neither is inert).
  CHECK(*tmkit::normalize_nfc("\xEA\xB0\x80\xE1\x86\xA8") == "\xEA\xB0\x81");
}

TEST_CASE("surely_nfc says yes only for texts NFC leaves alone", "[text]") {
  // Yes: ASCII (also past the eight-byte steps), precomposed letters, CJK, punctuation.
  CHECK(tmkit::surely_nfc(""));
  CHECK(tmkit::surely_nfc("The harbour office opened before noon, as planned."));
  CHECK(tmkit::surely_nfc("Caf\xC3\xA9 \xC3\x85ngstr\xC3\xB6m"));
  CHECK(tmkit::surely_nfc("朱国贤：谢谢。"));
  // No: whatever NFC may change, so that ICU decides.
  for (const char* text : {"Cafe\xCC\x81", "\xE1\x84\x80\xE1\x85\xA1", "x \xE2\x84\xAB",
                           "\xEA\xB0\x80\xE1\x86\xA8", "12345678e\xCC\x81"}) {
    INFO(text);
    CHECK_FALSE(tmkit::surely_nfc(text));
    CHECK(*tmkit::normalize_nfc(text) != text);
  }
  std::string text = "Cafe\xCC\x81";
  REQUIRE(tmkit::normalize_nfc_in_place(text).ok());
  CHECK(text == "Caf\xC3\xA9");
}
