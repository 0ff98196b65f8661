// Bilingual word lists for the aligner's lexical score.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "tmkit/lang.hpp"
#include "tmkit/status.hpp"

namespace tmkit {

namespace detail {
struct LexiconData;
}

// Source words (or, for Chinese and Japanese, multi-character words) with the target words
// they may translate to. Immutable once built; copies share the data.
//
// Text formats read by parse() and load(), one entry per line, UTF-8:
//   source<TAB>target words        tmkit's TSV; several lines per source word are merged
//   source<TAB>readings<TAB>words   the built-in lexicon's form (readings: pinyin of a
//                                   character, comma-separated, used to match names)
//   target words @ source words     hunalign's dictionary format
// Empty lines and lines starting with '#' are skipped. Words are matched case- and
// accent-insensitively (English ones also by a light stemmer). For languages written with
// spaces, an entry's source side is one word; for zh and ja, a word of up to 8 characters,
// found in running text by longest match.
class Lexicon {
 public:
  // `name` (a file name) is used in error messages, which give its line number.
  static Result<Lexicon> parse(std::string_view text, const LangTag& source, const LangTag& target,
                               std::string_view name);
  static Result<Lexicon> load(const std::string& path, const LangTag& source,
                              const LangTag& target);
  // The lexicon tmkit ships for this pair in either direction, or nullopt: zh-en (derived
  // from CC-CEDICT, CC BY-SA 4.0) and de-fr (from FreeDict, CC BY-SA 3.0). Parsing takes
  // 0.1-0.3 s for zh-en, less for de-fr.
  static std::optional<Lexicon> builtin(const LangTag& source, const LangTag& target);

  const std::string& source_language() const;  // primary subtag, e.g. "zh"
  const std::string& target_language() const;
  std::size_t size() const;  // number of source entries

  const detail::LexiconData& data() const { return *data_; }

 private:
  explicit Lexicon(std::shared_ptr<const detail::LexiconData> data);
  std::shared_ptr<const detail::LexiconData> data_;
};

}  // namespace tmkit
