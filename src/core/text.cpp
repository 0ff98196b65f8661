#include "tmkit/text.hpp"

#include <unicode/errorcode.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <cstdint>
#include <cstring>

namespace tmkit {
namespace {

// Length of the UTF-8 sequence starting at text[i], or 0 if it is not valid there.
std::size_t valid_sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(text[k]); };
  const std::uint8_t lead = byte(i);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  std::uint32_t cp = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    cp = lead & 0x1Fu;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    cp = lead & 0x0Fu;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    cp = lead & 0x07u;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0u) != 0x80u) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3Fu);
  }
  const bool overlong = (length == 3 && cp < 0x800) || (length == 4 && cp < 0x10000);
  const bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
  if (overlong || surrogate || cp > 0x10FFFF) return 0;
  return length;
}

// Whether text[i, i + 8) is ASCII: most of most texts, checked eight bytes at a time.
bool eight_ascii_bytes(std::string_view text, std::size_t i) {
  std::uint64_t eight = 0;
  if (i + sizeof eight > text.size()) return false;
  std::memcpy(&eight, text.data() + i, sizeof eight);
  return (eight & 0x8080808080808080u) == 0;
}

}  // namespace

Status validate_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    // ASCII, most of most texts, eight bytes at a time.
    if (eight_ascii_bytes(text, i)) {
      i += 8;
      continue;
    }
    if (plain_three_bytes(text, i)) {
      i += 3;
      continue;
    }
    const std::size_t length = valid_sequence_length(text, i);
    if (length == 0) {
      return Status::invalid_input("invalid UTF-8 at byte " + std::to_string(i));
    }
    i += length;
  }
  return {};
}

std::size_t count_code_points(std::string_view text) {
  std::size_t count = 0;
  for (char c : text) {
    if ((static_cast<std::uint8_t>(c) & 0xC0u) != 0x80u) ++count;
  }
  return count;
}

bool surely_nfc(std::string_view text) {
  UErrorCode error = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(error);
  if (U_FAILURE(error)) return false;
  for (std::size_t i = 0; i < text.size();) {
    if (eight_ascii_bytes(text, i)) {
      i += 8;
      continue;
    }
    const auto lead = static_cast<std::uint8_t>(text[i]);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    // U+4E00-U+9FFF (lead E4 from 0xB8 on, E5-E9): inert ideographs.
    if (plain_three_bytes(text, i) && lead >= 0xE4 && lead <= 0xE9 &&
        (lead > 0xE4 || static_cast<std::uint8_t>(text[i + 1]) >= 0xB8)) {
      i += 3;
      continue;
    }
    const std::size_t length = valid_sequence_length(text, i);
    if (length == 0) return false;
    std::uint32_t cp = lead & (length == 2 ? 0x1Fu : length == 3 ? 0x0Fu : 0x07u);
    for (std::size_t k = 1; k < length; ++k) {
      cp = (cp << 6) | (static_cast<std::uint8_t>(text[i + k]) & 0x3Fu);
    }
    const bool cjk_ideograph = cp >= 0x4E00 && cp <= 0x9FFF;
    if (cp >= 0x300 && !cjk_ideograph && !nfc->isInert(static_cast<UChar32>(cp))) return false;
    i += length;
  }
  return true;
}

Result<std::string> normalize_nfc(std::string_view text) {
  if (surely_nfc(text)) return std::string(text);
  icu::ErrorCode error;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(error);
  if (error.isFailure()) return Status::internal(std::string("ICU NFC: ") + error.errorName());
  const icu::StringPiece utf8(text.data(), static_cast<int32_t>(text.size()));
  // Checked in UTF-8: most texts are NFC already, and need no conversion to UTF-16.
  if (nfc->isNormalizedUTF8(utf8, error) && error.isSuccess()) return std::string(text);
  error.reset();
  const icu::UnicodeString input = icu::UnicodeString::fromUTF8(utf8);
  const icu::UnicodeString normalised = nfc->normalize(input, error);
  if (error.isFailure()) return Status::internal(std::string("ICU NFC: ") + error.errorName());
  std::string out;
  normalised.toUTF8String(out);
  return out;
}

Status normalize_nfc_in_place(std::string& text) {
  if (surely_nfc(text)) return {};
  TMKIT_ASSIGN_OR_RETURN(text, normalize_nfc(text));
  return {};
}

void load_icu_normalizers() {
  UErrorCode error = U_ZERO_ERROR;
  icu::Normalizer2::getNFCInstance(error);
  error = U_ZERO_ERROR;
  icu::Normalizer2::getNFKCCasefoldInstance(error);
}

}  // namespace tmkit
