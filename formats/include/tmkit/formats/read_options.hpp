// Options shared by the readers of interchange files, and what a reader reports back.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tmkit/lang.hpp"

namespace tmkit {

struct ReadOptions {
  // The pair to read. Empty src_lang: the file's declared source language. Empty tgt_lang: the
  // file's target language, or for a multilingual TMX every language other than the source.
  LangTag src_lang;
  LangTag tgt_lang;
};

// What a reader left out, for callers that want to tell the user ("12 units skipped"). Readers
// skip entries that cannot become a translation unit (no source or target in the wanted
// languages, an empty text, translate="no") instead of failing the whole file.
struct ReadReport {
  std::size_t units = 0;    // translation units returned
  std::size_t skipped = 0;  // entries (<tu>, <trans-unit>, <segment>) that gave no unit
  // One line per skipped entry, "name: line L: why"; at most kMaxMessages of them.
  std::vector<std::string> messages;
  static constexpr std::size_t kMaxMessages = 100;

  // Language tags written otherwise than in their normalised BCP 47 form, once each:
  // {"zh_CN", "zh-CN"}, {"EN-us", "en-US"}.
  std::vector<std::pair<std::string, std::string>> normalised_langs;

  // Records that `written` was read as `tag` if the two differ and it is not recorded yet.
  void normalised_lang(std::string_view written, const LangTag& tag) {
    if (written == tag.str()) return;
    for (const auto& [from, to] : normalised_langs) {
      if (from == written) return;
    }
    normalised_langs.emplace_back(std::string(written), tag.str());
  }

  // Counts one skipped entry and keeps its message while there is room.
  void skip(std::string message) {
    ++skipped;
    if (messages.size() < kMaxMessages) messages.push_back(std::move(message));
  }
};

}  // namespace tmkit
