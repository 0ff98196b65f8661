#include "tmkit/lang.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace tmkit {
namespace {

bool is_ascii_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool is_ascii_alpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  });
  return s;
}

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](char c) {
    return static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  });
  return s;
}

std::vector<std::string> split_subtags(std::string_view text) {
  std::vector<std::string> parts;
  std::string current;
  for (char c : text) {
    if (c == '-' || c == '_') {
      parts.push_back(current);
      current.clear();
    } else {
      current.push_back(c);
    }
  }
  parts.push_back(current);
  return parts;
}

bool all_alpha(const std::string& s) { return std::all_of(s.begin(), s.end(), is_ascii_alpha); }

// BCP 47 case conventions: script subtags (4 letters) title case, regions (2 letters or 3
// digits) upper case, everything else lower case. Subtags after a singleton ("x", "u") keep
// the lower-case rule.
std::string normalise_subtag(const std::string& subtag, bool after_singleton) {
  if (after_singleton) return lower(subtag);
  if (subtag.size() == 4 && all_alpha(subtag)) {
    std::string s = lower(subtag);
    s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    return s;
  }
  if (subtag.size() == 2 && all_alpha(subtag)) return upper(subtag);
  return lower(subtag);
}

}  // namespace

Result<LangTag> LangTag::parse(std::string_view text) {
  const std::string quoted = "'" + std::string(text) + "'";
  if (text.empty()) return Status::invalid_input("language tag: empty");
  std::vector<std::string> parts = split_subtags(text);
  const std::string& primary = parts.front();
  const bool primary_ok = (primary.size() >= 2 && primary.size() <= 8 && all_alpha(primary)) ||
                          lower(primary) == "i" || lower(primary) == "x";
  if (!primary_ok) return Status::invalid_input("language tag " + quoted + ": bad primary subtag");
  std::string tag = lower(primary);
  bool after_singleton = primary.size() == 1;
  for (std::size_t i = 1; i < parts.size(); ++i) {
    const std::string& p = parts[i];
    if (p.empty() || p.size() > 8 || !std::all_of(p.begin(), p.end(), is_ascii_alnum)) {
      return Status::invalid_input("language tag " + quoted + ": bad subtag '" + p + "'");
    }
    tag += "-" + normalise_subtag(p, after_singleton);
    if (p.size() == 1) after_singleton = true;
  }
  return LangTag(std::move(tag));
}

std::string LangTag::language() const { return tag_.substr(0, tag_.find('-')); }

}  // namespace tmkit
