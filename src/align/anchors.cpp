#include "anchors.hpp"

#include <algorithm>
#include <string>

#include "utf8_decode.hpp"

namespace tmkit::detail {
namespace {

constexpr int kKindShift = 56;
constexpr std::uint64_t kValueMask = (std::uint64_t{1} << kKindShift) - 1;

AnchorId make_anchor(AnchorKind kind, std::uint64_t value) {
  return (std::uint64_t{static_cast<std::uint8_t>(kind)} << kKindShift) | (value & kValueMask);
}

// ASCII and full-width digits (Chinese text often has ０-９).
int digit_value(char32_t c) {
  if (c >= U'0' && c <= U'9') return static_cast<int>(c - U'0');
  if (c >= U'０' && c <= U'９') return static_cast<int>(c - U'０');
  return -1;
}

int chinese_digit(char32_t c) {
  static constexpr std::u32string_view kDigits = U"〇一二三四五六七八九";
  if (c == U'零') return 0;
  if (c == U'两') return 2;
  const std::size_t pos = kDigits.find(c);
  return pos == std::u32string_view::npos ? -1 : static_cast<int>(pos);
}

std::uint64_t chinese_unit(char32_t c) {
  switch (c) {
    case U'十':
      return 10;
    case U'百':
      return 100;
    case U'千':
      return 1000;
    case U'万':
      return 10000;
    case U'亿':
      return 100000000;
    default:
      return 0;
  }
}

bool is_chinese_numeral(char32_t c) { return chinese_digit(c) >= 0 || chinese_unit(c) != 0; }

// Letters of the Latin script: ASCII and Latin-1 Supplement to Latin Extended-B, without the
// two mathematical signs that sit in that block.
bool is_latin_letter(char32_t c) {
  if ((c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z')) return true;
  return c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7;
}

bool is_latin_upper(char32_t c) {
  return (c >= U'A' && c <= U'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7);
}

std::uint64_t fnv1a(std::u32string_view text) {
  std::uint64_t hash = 14695981039346656037ull;
  for (char32_t c : text) {
    hash ^= static_cast<std::uint64_t>(c);
    hash *= 1099511628211ull;
  }
  return hash;
}

bool is_group_separator(char32_t c) {
  return c == U',' || c == U'.' || c == U' ' || c == 0xA0 || c == 0x202F;
}

// True when text[k] is a thousands separator followed by exactly three digits.
bool thousands_group_at(std::u32string_view text, std::size_t k) {
  if (k + 3 >= text.size() || !is_group_separator(text[k])) return false;
  for (std::size_t d = 1; d <= 3; ++d) {
    if (digit_value(text[k + d]) < 0) return false;
  }
  return k + 4 == text.size() || digit_value(text[k + 4]) < 0;
}

// Reads an Arabic number at text[i] with thousands separators ("1,000", "1.000", "1 000" all
// give 1000: the languages disagree on the separator, the value is what crosses over).
// Appends its anchor and returns the index after it.
std::size_t scan_arabic(std::u32string_view text, std::size_t i, std::vector<AnchorId>& out) {
  std::uint64_t value = 0;
  while (i < text.size()) {
    if (digit_value(text[i]) >= 0) {
      value = value * 10 + static_cast<std::uint64_t>(digit_value(text[i]));
    } else if (!thousands_group_at(text, i)) {
      break;
    }
    ++i;
  }
  out.push_back(number_anchor(value & kValueMask));
  return i;
}

// Reads a run of Chinese numerals at text[i] ("百分之五" reads as 5: the percentage sign
// becomes "%" or "percent", the number stays). Lone 一 (mostly "a", "one") and a lone
// 百/千/万/亿 (百姓 "people", 万物 "all things") are words, not numbers, and give no anchor.
std::size_t scan_chinese(std::u32string_view text, std::size_t i, std::vector<AnchorId>& out) {
  static constexpr std::u32string_view kPercent = U"百分之";
  if (text.substr(i, kPercent.size()) == kPercent && i + kPercent.size() < text.size() &&
      is_chinese_numeral(text[i + kPercent.size()])) {
    i += kPercent.size();
  }
  std::size_t end = i;
  while (end < text.size() && is_chinese_numeral(text[end])) ++end;
  const std::u32string_view run = text.substr(i, end - i);
  const bool word = run.size() == 1 && (run[0] == U'一' || chinese_unit(run[0]) >= 100);
  if (!word) {
    if (auto value = parse_chinese_numeral(run)) out.push_back(number_anchor(*value & kValueMask));
  }
  return end;
}

// Reads a Latin-script token at text[i]. It is an anchor when it looks like a name or an
// acronym: two or more characters with a capital letter, but a capitalised first word of the
// segment counts only in all capitals (sentence case says nothing about names).
std::size_t scan_latin(std::u32string_view text, std::size_t i, bool at_start,
                       std::vector<AnchorId>& out) {
  std::size_t end = i;
  while (end < text.size() && (is_latin_letter(text[end]) || digit_value(text[end]) >= 0)) ++end;
  const std::u32string_view token = text.substr(i, end - i);
  const auto uppers = std::count_if(token.begin(), token.end(), is_latin_upper);
  const bool all_caps = static_cast<std::size_t>(uppers) == token.size();
  if (token.size() >= 2 && uppers > 0 && (!at_start || all_caps || uppers > 1)) {
    out.push_back(make_anchor(AnchorKind::kToken, fnv1a(token)));
  }
  return end;
}

}  // namespace

AnchorKind anchor_kind(AnchorId id) { return static_cast<AnchorKind>(id >> kKindShift); }

AnchorId number_anchor(std::uint64_t value) { return make_anchor(AnchorKind::kNumber, value); }

std::optional<std::uint64_t> parse_chinese_numeral(std::u32string_view run) {
  if (run.empty() || !std::all_of(run.begin(), run.end(), is_chinese_numeral)) return {};
  if (std::none_of(run.begin(), run.end(), chinese_unit)) {
    std::uint64_t value = 0;  // "二〇二一": a year or code read digit by digit
    for (char32_t c : run) value = value * 10 + static_cast<std::uint64_t>(chinese_digit(c));
    return value;
  }
  // total holds completed 万/亿 groups, section the part below 万, digit the pending digit.
  std::uint64_t total = 0, section = 0, digit = 0;
  for (char32_t c : run) {
    const std::uint64_t unit = chinese_unit(c);
    if (unit == 0) {
      digit = static_cast<std::uint64_t>(chinese_digit(c));
    } else if (unit == 100000000) {  // 亿 scales everything before it: "一万亿" = 10^12
      total = (total + section + digit) * unit;
      section = digit = 0;
    } else if (unit == 10000) {  // 万 scales only the part since the last 亿
      total += (section + digit) * unit;
      section = digit = 0;
    } else {
      section += (digit == 0 ? 1 : digit) * unit;  // "十二": a bare 十 means one ten
      digit = 0;
    }
  }
  return total + section + digit;
}

std::vector<AnchorId> extract_anchors(std::string_view utf8) {
  const std::u32string text = decode_utf8(utf8);
  std::vector<AnchorId> out;
  std::size_t i = 0;
  bool first_word = true;
  while (i < text.size()) {
    const char32_t c = text[i];
    if (c == U'?' || c == U'？') {
      out.push_back(make_anchor(AnchorKind::kQuestion, 0));
      ++i;
    } else if (digit_value(c) >= 0) {
      i = scan_arabic(text, i, out);
    } else if (is_chinese_numeral(c)) {
      i = scan_chinese(text, i, out);
    } else if (is_latin_letter(c)) {
      i = scan_latin(text, i, first_word, out);
      first_word = false;
    } else {
      ++i;
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace tmkit::detail
