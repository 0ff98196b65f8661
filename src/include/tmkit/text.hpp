// Plain text types shared by the segmenter, the aligner and the formats.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "tmkit/status.hpp"

namespace tmkit {

// A half-open range [begin, end) of UTF-8 byte offsets into some input text.
struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;

  std::size_t size() const { return end - begin; }
  friend bool operator==(const Span&, const Span&) = default;
};

// One sentence (or speaker label) cut out of a text.
struct Segment {
  std::string text;               // UTF-8, trimmed of surrounding white space
  Span bytes;                     // where `text` came from in the input (before trimming/joining)
  std::size_t paragraph = 0;      // 0-based index of the paragraph (blank-line separated block)
  bool is_speaker_label = false;  // a line such as "Zhu Guoxian:" or "朱国贤：" on its own
  std::string speaker;            // the speaker whose turn this segment belongs to ("" if none)
};

// Checks that `text` is valid UTF-8 (no overlong forms, surrogates or code points above
// U+10FFFF). On failure the message gives the byte offset of the first bad sequence.
Status validate_utf8(std::string_view text);

// Whether text[i] starts a three-byte UTF-8 sequence that is valid whatever its continuation
// bytes hold (lead E1-EC or EE-EF: no overlong form, no surrogate), as most CJK characters
// are. Inline: the validators and the tokeniser ask it for every such character.
inline bool plain_three_bytes(std::string_view text, std::size_t i) {
  if (text.size() < 3 || i > text.size() - 3) return false;
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const unsigned char lead = byte(0);
  return lead >= 0xE1 && lead <= 0xEF && lead != 0xED && (byte(1) & 0xC0u) == 0x80u &&
         (byte(2) & 0xC0u) == 0x80u;
}

// Number of Unicode code points in valid UTF-8 `text`.
std::size_t count_code_points(std::string_view text);

// Returns `text` in Unicode Normalization Form C. `text` must be valid UTF-8.
Result<std::string> normalize_nfc(std::string_view text);
// normalize_nfc() of `text` in place: a text that is NFC already (most) is not copied.
Status normalize_nfc_in_place(std::string& text);

// Whether `text` is certainly NFC, told without ICU's conversion to UTF-16: it is when every
// character from U+0300 on is normalization-inert (NFC leaves it alone and nothing composes
// with it), as ASCII and CJK ideographs are. false: it may be NFC or not, or is not valid UTF-8
// (so true also says that it is valid UTF-8).
bool surely_nfc(std::string_view text);

// Loads the ICU normalizers that tmkit uses (NFC, and NFKC case folding for matching). ICU
// loads them once, thread-safely, on first use; a caller about to normalise in several threads
// calls this first so that the loading happens before the threads start, where thread
// sanitizers can see it (ICU's own once-only initialisation is not instrumented for them).
void load_icu_normalizers();

}  // namespace tmkit
