// BCP 47 language tags, as far as tmkit needs them.
#pragma once

#include <string>
#include <string_view>

#include "tmkit/status.hpp"

namespace tmkit {

// A normalised BCP 47 tag: language lower case, script title case, region upper case, '-' as
// separator ("zh_cn" -> "zh-CN", "ZH-hans-cn" -> "zh-Hans-CN"). Script and region stay apart:
// zh-TW is not zh-CN. Cheap to copy.
class LangTag {
 public:
  LangTag() = default;

  // Parses and normalises `text`. Fails with kInvalidInput on an empty tag or one whose subtags
  // are not 1-8 ASCII letters or digits (the primary subtag: 2-8 letters, or "i"/"x").
  static Result<LangTag> parse(std::string_view text);

  const std::string& str() const { return tag_; }
  // The primary language subtag in lower case: "zh" for "zh-Hant-TW".
  std::string language() const;
  bool empty() const { return tag_.empty(); }

  // True when the primary language subtags are equal ("zh-CN" and "zh" match).
  bool same_language(const LangTag& other) const { return language() == other.language(); }

  friend bool operator==(const LangTag&, const LangTag&) = default;

 private:
  explicit LangTag(std::string tag) : tag_(std::move(tag)) {}
  std::string tag_;
};

}  // namespace tmkit
