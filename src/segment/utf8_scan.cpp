#include "utf8_scan.hpp"

#include <cstdint>

namespace tmkit::detail {
namespace {

std::uint8_t byte_at(std::string_view text, std::size_t i) {
  return static_cast<std::uint8_t>(text[i]);
}

bool is_continuation(std::uint8_t byte) { return (byte & 0xC0u) == 0x80u; }

}  // namespace

CodePoint decode_at(std::string_view text, std::size_t i) {
  const std::uint8_t lead = byte_at(text, i);
  if (lead < 0x80) return {lead, 1};
  std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
  char32_t value = lead & (0x7Fu >> length);
  for (std::size_t k = 1; k < length; ++k) value = (value << 6) | (byte_at(text, i + k) & 0x3Fu);
  return {value, length};
}

CodePoint decode_before(std::string_view text, std::size_t i) {
  std::size_t start = i - 1;
  while (start > 0 && is_continuation(byte_at(text, start))) --start;
  return decode_at(text, start);
}

bool is_space(char32_t c) {
  if (c == ' ' || (c >= 0x09 && c <= 0x0D)) return true;
  return c == 0xA0 || c == 0x3000 || (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F ||
         c == 0xFEFF;
}

bool is_cjk(char32_t c) {
  return (c >= 0x2E80 && c <= 0x9FFF)        // radicals, CJK punctuation, kana, Han
         || (c >= 0xF900 && c <= 0xFAFF)     // compatibility ideographs
         || (c >= 0xFE30 && c <= 0xFE4F)     // CJK compatibility forms
         || (c >= 0xFF00 && c <= 0xFFEF)     // full-width and half-width forms
         || (c >= 0x20000 && c <= 0x3FFFF);  // Han extensions B and later
}

std::size_t skip_spaces(std::string_view text, std::size_t begin, std::size_t end) {
  while (begin < end) {
    if (byte_at(text, begin) == ' ') {  // the common case, without decoding
      ++begin;
      continue;
    }
    const CodePoint cp = decode_at(text, begin);
    if (!is_space(cp.value)) break;
    begin += cp.length;
  }
  return begin;
}

std::size_t skip_spaces_backward(std::string_view text, std::size_t begin, std::size_t end) {
  while (end > begin) {
    const CodePoint cp = decode_before(text, end);
    if (!is_space(cp.value)) break;
    end -= cp.length;
  }
  return end;
}

std::size_t find_line_break(std::string_view text, std::size_t from) {
  for (std::size_t i = from; i < text.size(); ++i) {
    if (text[i] == '\n' || text[i] == '\r') return i;
  }
  return text.size();
}

bool is_blank(std::string_view text, std::size_t begin, std::size_t end) {
  return skip_spaces(text, begin, end) == end;
}

}  // namespace tmkit::detail
