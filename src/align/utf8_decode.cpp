#include "utf8_decode.hpp"

#include <cstdint>

namespace tmkit::detail {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

// Length of the sequence that starts with `lead`, or 0 for a continuation or invalid byte.
std::size_t sequence_length(std::uint8_t lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 0;
}

}  // namespace

std::u32string decode_utf8(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<std::uint8_t>(text[i]);
    const std::size_t len = sequence_length(lead);
    if (len == 0 || i + len > text.size()) {
      out.push_back(kReplacement);
      ++i;
      continue;
    }
    // The lead byte keeps 7, 5, 4 or 3 payload bits; each continuation byte 6.
    char32_t cp = len == 1 ? lead : (lead & (0x7Fu >> len));
    for (std::size_t k = 1; k < len; ++k) {
      cp = (cp << 6) | (static_cast<std::uint8_t>(text[i + k]) & 0x3Fu);
    }
    out.push_back(cp);
    i += len;
  }
  return out;
}

}  // namespace tmkit::detail
