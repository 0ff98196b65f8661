#include "break_rules.hpp"

#include <unicode/uchar.h>

#include <algorithm>

#include "utf8_scan.hpp"

namespace tmkit::detail {
namespace {

constexpr std::string_view kTitleOpen = "《";
constexpr std::string_view kTitleClose = "》";

// Punctuation that closes a quotation or bracket and stays with the sentence before it. ASCII
// quotes are left out: '"' opens as often as it closes.
bool is_closer(char32_t c) {
  switch (c) {
    case U'」':
    case U'』':
    case U'”':
    case U'’':
    case U'）':
    case U'》':
    case U'〉':
    case U'】':
    case U'〕':
    case U'〗':
    case ')':
    case ']':
      return true;
    default:
      return false;
  }
}

// Full-width punctuation that ends a Chinese or Japanese sentence. '；' is included because
// Chinese uses it between clauses that translators render as separate sentences.
bool is_cjk_terminator(char32_t c) {
  return c == U'。' || c == U'｡' || c == U'！' || c == U'？' || c == U'；';
}

bool is_any_terminator(char32_t c) {
  return is_cjk_terminator(c) || c == '.' || c == '!' || c == '?' || c == U'…';
}

// Offset just after a sentence end starting at `i`, or `i` if none starts there: a CJK
// terminator, "……" (one '…' is often a pause), or ASCII '?'/'!' written after a CJK character.
std::size_t terminator_end(std::string_view text, std::size_t i) {
  const CodePoint cp = decode_at(text, i);
  if (is_cjk_terminator(cp.value)) return i + cp.length;
  if (cp.value == U'…') {
    std::size_t end = i + cp.length;
    while (end < text.size() && decode_at(text, end).value == U'…') end += cp.length;
    return end - i >= 2 * cp.length ? end : i;
  }
  const bool ascii_end = cp.value == '?' || cp.value == '!';
  if (ascii_end && i > 0 && is_cjk(decode_before(text, i).value)) return i + 1;
  return i;
}

// Skips further terminators ("？！"), closing quotes and brackets, then white space.
std::size_t sentence_tail_end(std::string_view text, std::size_t i) {
  while (i < text.size()) {
    const CodePoint cp = decode_at(text, i);
    if (!is_any_terminator(cp.value) && !is_closer(cp.value)) break;
    i += cp.length;
  }
  return skip_spaces(text, i, text.size());
}

// The word before the full stop that ends just before `stop_end`, with the full stop(s), without
// opening brackets or quotes: "(Dr." -> "Dr.".
std::string_view word_before(std::string_view text, std::size_t stop_end) {
  std::size_t begin = stop_end;
  while (begin > 0) {
    const CodePoint cp = decode_before(text, begin);
    if (is_space(cp.value)) break;
    begin -= cp.length;
  }
  std::string_view word = text.substr(begin, stop_end - begin);
  while (!word.empty() && (word.front() == '(' || word.front() == '[' || word.front() == '"' ||
                           word.front() == '\'')) {
    word.remove_prefix(1);
  }
  for (std::string_view quote : {"“", "‘", "«"}) {
    if (word.starts_with(quote)) word.remove_prefix(quote.size());
  }
  return word;
}

// "J." or "J.R.R." or "U.S.": capital letters each followed by a full stop.
bool is_initials(std::string_view word) {
  if (word.empty() || word.size() % 2 != 0) return false;
  for (std::size_t k = 0; k < word.size(); k += 2) {
    if (word[k] < 'A' || word[k] > 'Z' || word[k + 1] != '.') return false;
  }
  return true;
}

// "1." to "999.": a list number or an ordinal.
bool is_small_number(std::string_view word) {
  if (word.size() < 2 || word.size() > 4) return false;
  return std::all_of(word.begin(), word.end() - 1, [](char c) { return c >= '0' && c <= '9'; });
}

bool starts_line(std::string_view original, std::size_t at) {
  while (at > 0 && (original[at - 1] == ' ' || original[at - 1] == '\t')) --at;
  return at == 0 || original[at - 1] == '\n' || original[at - 1] == '\r';
}

// The letters starting at `at`: "Oktober" in "Oktober, 2021".
std::string_view next_word(std::string_view text, std::size_t at) {
  std::size_t end = at;
  while (end < text.size()) {
    const CodePoint cp = decode_at(text, end);
    if (!u_isalpha(static_cast<UChar32>(cp.value))) break;
    end += cp.length;
  }
  return text.substr(at, end - at);
}

}  // namespace

void BreakRefiner::refine(const RunText& run, std::vector<std::size_t>& breaks) {
  const std::size_t original_count = breaks.size();
  add_cjk_breaks(run.text, breaks);
  if (breaks.size() != original_count) {
    std::sort(breaks.begin(), breaks.end());
    breaks.erase(std::unique(breaks.begin(), breaks.end()), breaks.end());
  }
  find_titles(run.text);
  std::erase_if(breaks, [&](std::size_t at) { return keeps_sentence_together(run, at); });
}

void BreakRefiner::add_cjk_breaks(std::string_view text, std::vector<std::size_t>& breaks) const {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80 && byte != '?' && byte != '!') {  // fast path: no CJK punctuation here
      ++i;
      continue;
    }
    const std::size_t end = terminator_end(text, i);
    if (end == i) {
      i += decode_at(text, i).length;
      continue;
    }
    i = sentence_tail_end(text, end);
    if (i < text.size()) breaks.push_back(i);
  }
}

void BreakRefiner::find_titles(std::string_view text) {
  titles_.clear();
  std::size_t depth = 0;
  std::size_t outer_begin = 0;
  for (std::size_t i = text.find("\xE3\x80"); i != std::string_view::npos;
       i = text.find("\xE3\x80", i + 1)) {  // 《 and 》 are E3 80 8A and E3 80 8B
    const std::string_view here = text.substr(i);
    if (here.starts_with(kTitleOpen)) {
      if (depth++ == 0) outer_begin = i;
    } else if (here.starts_with(kTitleClose) && depth > 0 && --depth == 0) {
      titles_.push_back({outer_begin, i + kTitleClose.size()});
    }
  }
}

// True when a break at `at` would cut a sentence: before closing punctuation or a terminator,
// before the Japanese quotative particle と after a closing quote ("「行こう！」と言った"),
// inside a book title, or after a full stop that does not end a sentence.
bool BreakRefiner::keeps_sentence_together(const RunText& run, std::size_t at) const {
  if (at >= run.text.size()) return false;
  const char32_t next = decode_at(run.text, at).value;
  if (is_closer(next) || is_any_terminator(next)) return true;
  if (next == U'と' && is_closer(decode_before(run.text, at).value)) return true;
  return is_inside_title(at) || follows_non_final_full_stop(run, at);
}

bool BreakRefiner::is_inside_title(std::size_t at) const {
  // A break right after 》 is inside too: ICU puts one there when the title ends in "。》".
  return std::any_of(titles_.begin(), titles_.end(),
                     [&](const Title& t) { return t.begin < at && at <= t.end; });
}

// True when the text before `at` ends with a full stop that does not end a sentence: after an
// abbreviation, initials, a list number at the start of a line, or an ordinal before a month.
bool BreakRefiner::follows_non_final_full_stop(const RunText& run, std::size_t at) const {
  const std::size_t stop_end = skip_spaces_backward(run.text, 0, at);
  if (stop_end == 0 || run.text[stop_end - 1] != '.') return false;
  const std::string_view word = word_before(run.text, stop_end);
  const auto next = static_cast<UChar32>(decode_at(run.text, at).value);
  if (const Abbreviation* abbreviation = find_abbreviation(rules_, word)) {
    switch (abbreviation->when) {
      case KeepsSentenceWhen::kAlways:
        return true;
      case KeepsSentenceWhen::kBeforeDigit:
        return u_isdigit(next) != 0;
      case KeepsSentenceWhen::kBeforeLowerCase:
        return u_islower(next) != 0;
    }
  }
  if (is_initials(word)) return true;
  if (!is_small_number(word)) return false;
  const std::size_t word_begin = stop_end - word.size();
  const auto& after_ordinals = rules_.words_after_ordinals;
  return starts_line(run.original, word_begin) ||
         std::find(after_ordinals.begin(), after_ordinals.end(), next_word(run.text, at)) !=
             after_ordinals.end();
}

}  // namespace tmkit::detail
