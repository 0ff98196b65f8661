// Small UTF-8 scanning helpers for the segmenter. All take text that validate_utf8 accepted,
// so they do not re-check sequences; offsets are byte offsets into that text.
#pragma once

#include <cstddef>
#include <string_view>

namespace tmkit::detail {

// A decoded code point and the number of bytes it took.
struct CodePoint {
  char32_t value = 0;
  std::size_t length = 0;
};

// The code point starting at byte `i` (i < text.size()).
CodePoint decode_at(std::string_view text, std::size_t i);
// The code point ending just before byte `i` (i > 0).
CodePoint decode_before(std::string_view text, std::size_t i);

// White space as the segmenter trims it: ASCII blanks and line ends, NBSP, the ideographic
// space U+3000 (indents Chinese paragraphs), the U+2000 block spaces and a stray BOM.
bool is_space(char32_t c);
// Han, kana, CJK punctuation and full-width forms: scripts written without spaces between
// words. Hangul is left out on purpose: Korean puts spaces between words.
bool is_cjk(char32_t c);

// Offset of the first non-space byte at or after `begin` (or `end`).
std::size_t skip_spaces(std::string_view text, std::size_t begin, std::size_t end);
// Offset just after the last non-space byte before `end` (or `begin`).
std::size_t skip_spaces_backward(std::string_view text, std::size_t begin, std::size_t end);
// Offset of the first '\r' or '\n' at or after `from`, or text.size(). A plain byte loop:
// string_view::find_first_of calls memchr once per byte of `text`, several times slower.
std::size_t find_line_break(std::string_view text, std::size_t from);

// True when [begin, end) holds only white space.
bool is_blank(std::string_view text, std::size_t begin, std::size_t end);

}  // namespace tmkit::detail
