#include "java_regex.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <utility>

namespace tmkit::detail {
namespace {

// Java property names ICU lacks or reads differently, and the ICU set that means what Java
// means. Java's POSIX classes match ASCII only (without UNICODE_CHARACTER_CLASS).
struct PropertyRewrite {
  std::string_view java;
  std::string_view icu;  // a complete set, "[...]"; its negation is "[^...]"
};

constexpr std::array kPropertyRewrites = {
    PropertyRewrite{"Punct", R"([!-/:-@\[-`{-~])"},
    PropertyRewrite{"Alpha", "[a-zA-Z]"},
    PropertyRewrite{"Upper", "[A-Z]"},
    PropertyRewrite{"Lower", "[a-z]"},
    PropertyRewrite{"Digit", "[0-9]"},
    PropertyRewrite{"Alnum", "[a-zA-Z0-9]"},
    PropertyRewrite{"Graph", "[!-~]"},
    PropertyRewrite{"Print", "[ -~]"},
    PropertyRewrite{"Blank", R"([ \t])"},
    PropertyRewrite{"Cntrl", R"([\x{0}-\x{1F}\x{7F}])"},
    PropertyRewrite{"XDigit", "[0-9a-fA-F]"},
    PropertyRewrite{"Space", R"([ \t\n\x{B}\f\r])"},
    PropertyRewrite{"ASCII", R"([\x{0}-\x{7F}])"},
    PropertyRewrite{"javaLowerCase", R"([\p{Lowercase}])"},
    PropertyRewrite{"javaUpperCase", R"([\p{Uppercase}])"},
    PropertyRewrite{"javaWhitespace", R"([\p{Whitespace}])"},
    PropertyRewrite{"javaMirrored", R"([\p{Bidi_Mirrored}])"},
    PropertyRewrite{"javaLetter", R"([\p{L}])"},
    PropertyRewrite{"javaDigit", R"([\p{Nd}])"},
    PropertyRewrite{"javaLetterOrDigit", R"([\p{L}\p{Nd}])"},
    PropertyRewrite{"javaAlphabetic", R"([\p{Alphabetic}])"},
};

const PropertyRewrite* find_property_rewrite(std::string_view name) {
  const auto* found = std::find_if(kPropertyRewrites.begin(), kPropertyRewrites.end(),
                                   [&](const PropertyRewrite& r) { return r.java == name; });
  return found == kPropertyRewrites.end() ? nullptr : found;
}

std::string negated(std::string_view set) { return "[^" + std::string(set.substr(1)); }

// A quantifier in braces at the start of `text`: "{3}", "{2,}", "{2,5}".
struct Braces {
  std::size_t length = 0;  // bytes of "{...}"
  int min = 0;
  std::optional<int> max;  // nullopt for "{n,}"
};

std::optional<int> read_number(std::string_view text, std::size_t& i) {
  const std::size_t start = i;
  int value = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) != 0) {
    value = std::min(value * 10 + (text[i] - '0'), 1'000'000);
    ++i;
  }
  return i == start ? std::nullopt : std::optional<int>(value);
}

std::optional<Braces> read_braces(std::string_view text) {
  std::size_t i = 1;
  Braces out;
  const auto min = read_number(text, i);
  if (!min) return std::nullopt;
  out.min = *min;
  out.max = *min;
  if (i < text.size() && text[i] == ',') {
    ++i;
    out.max = read_number(text, i);
  }
  if (i >= text.size() || text[i] != '}') return std::nullopt;
  out.length = i + 1;
  return out;
}

// One left-to-right pass over a pattern that copies it to `out_`, rewriting Java properties
// (translate mode) and unbounded quantifiers (inside look-behinds, or everywhere when
// `bound_everywhere`). The only syntax it needs to know is where escapes, \Q...\E, character
// classes, groups and quantifiers begin and end; the rest is copied byte by byte (UTF-8
// continuation bytes never look like ASCII syntax).
class Rewriter {
 public:
  Rewriter(std::string_view in, bool translate, bool bound_everywhere, int limit)
      : in_(in), translate_(translate), bound_everywhere_(bound_everywhere), limit_(limit) {}

  RegexTranslation run() && {
    while (i_ < in_.size()) step();
    return {std::move(out_), std::move(changes_)};
  }

 private:
  bool bounding() const { return bound_everywhere_ || look_behind_depth_ > 0; }
  bool at(std::string_view s) const { return in_.substr(i_).starts_with(s); }

  void step() {
    const char c = in_[i_];
    if (c == '\\') return escape();
    if (c == '[') return character_class();
    if (c == '(') return open_group();
    if (c == ')') return close_group();
    if (c == '*' || c == '+' || c == '?') return quantifier();
    if (c == '{' && read_braces(in_.substr(i_))) return quantifier();
    out_.push_back(c);
    ++i_;
  }

  void escape() {
    if (at("\\Q")) {
      const std::size_t end = in_.find("\\E", i_ + 2);
      const std::size_t stop = end == std::string_view::npos ? in_.size() : end + 2;
      out_.append(in_.substr(i_, stop - i_));
      i_ = stop;
      return;
    }
    if (at("\\p{") || at("\\P{")) {
      const std::size_t close = in_.find('}', i_);
      if (close != std::string_view::npos) return property(close);
    }
    out_.append(in_.substr(i_, std::min<std::size_t>(2, in_.size() - i_)));
    i_ += 2;
  }

  void property(std::size_t close) {
    const std::string_view name = in_.substr(i_ + 3, close - i_ - 3);
    const PropertyRewrite* rewrite = translate_ ? find_property_rewrite(name) : nullptr;
    const std::string_view original = in_.substr(i_, close + 1 - i_);
    i_ = close + 1;
    if (rewrite == nullptr) {
      out_.append(original);
      return;
    }
    const bool negative = original[1] == 'P';
    const std::string set = negative ? negated(rewrite->icu) : std::string(rewrite->icu);
    // Inside a class a nested set is a union in ICU, as \p{..} was there.
    out_.append(set);
    changes_.push_back(std::string(original) + " (Java) -> " + set);
  }

  void character_class() {
    int depth = 0;
    while (i_ < in_.size()) {
      const char c = in_[i_];
      if (c == '\\') {
        escape();
        continue;
      }
      out_.push_back(c);
      ++i_;
      if (c == '[') {
        ++depth;
        // A ']' right after '[' or '[^' is a literal in Java and ICU.
        if (at("^")) out_.push_back(in_[i_++]);
        if (at("]")) out_.push_back(in_[i_++]);
      } else if (c == ']' && --depth == 0) {
        return;
      }
    }
  }

  void open_group() {
    const bool look_behind = at("(?<=") || at("(?<!");
    groups_.push_back(look_behind);
    if (look_behind) {
      ++look_behind_depth_;
      out_.append(in_.substr(i_, 4));
      i_ += 4;
      return;
    }
    out_.push_back('(');
    ++i_;
  }

  void close_group() {
    if (!groups_.empty()) {
      if (groups_.back()) --look_behind_depth_;
      groups_.pop_back();
    }
    out_.push_back(')');
    ++i_;
  }

  void quantifier() {
    const char c = in_[i_];
    std::string written(1, c);
    bool bounded = false;
    if (c == '*' || c == '+') {
      ++i_;
      if (bounding()) {
        written = (c == '*' ? "{0," : "{1,") + std::to_string(limit_) + "}";
        bounded = true;
      }
    } else if (c == '?') {
      ++i_;
    } else {
      const Braces braces = *read_braces(in_.substr(i_));
      written = std::string(in_.substr(i_, braces.length));
      if (!braces.max && bounding()) {
        written =
            "{" + std::to_string(braces.min) + "," + std::to_string(braces.min + limit_) + "}";
        bounded = true;
      }
      i_ += braces.length;
    }
    if (translate_ && bounded) {
      changes_.push_back("unbounded repetition inside a look-behind -> " + written);
    }
    out_.append(written);
    if (i_ < in_.size() && (in_[i_] == '?' || in_[i_] == '+')) out_.push_back(in_[i_++]);
  }

  std::string_view in_;
  bool translate_;
  bool bound_everywhere_;
  int limit_;
  std::size_t i_ = 0;
  std::string out_;
  std::vector<std::string> changes_;
  std::vector<bool> groups_;  // for each open group: is it a look-behind?
  int look_behind_depth_ = 0;
};

}  // namespace

RegexTranslation translate_java_regex(std::string_view java) {
  return Rewriter(java, /*translate=*/true, /*bound_everywhere=*/false, kLookBehindRepeatLimit)
      .run();
}

std::string bound_quantifiers(std::string_view pattern, int limit) {
  return Rewriter(pattern, /*translate=*/false, /*bound_everywhere=*/true, limit).run().pattern;
}

bool has_back_reference(std::string_view pattern) {
  for (std::size_t i = 0; i + 1 < pattern.size(); ++i) {
    if (pattern[i] != '\\') continue;
    const char next = pattern[i + 1];
    if ((next >= '1' && next <= '9') || next == 'k') return true;
    ++i;  // skip the escaped character ("\\1" is a backslash and a digit)
  }
  return false;
}

}  // namespace tmkit::detail
