// Options shared by the readers of interchange files, and what a reader reports back.
#pragma once

#include <algorithm>
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

  // Limits that keep a hostile or broken file from taking a laptop down.
  // Longest source or target text of a unit, in UTF-8 bytes; 0 = no limit. Real sentences stay
  // far below it: a longer "segment" is a whole document in one unit or a broken file, and every
  // stored byte of it is indexed for fuzzy matching. A unit beyond it is an error naming the
  // file and the unit (or a skipped unit when skip_bad_units is set).
  std::size_t max_segment_bytes = std::size_t{1} << 20;
  // Largest file read_units parses as a whole (a DOM costs several times the file's size in
  // memory); 0 = no limit. A larger file is an error saying which option raises the limit;
  // tmkit import streams a larger TMX (stream_tmx) instead of parsing it whole.
  std::size_t max_dom_bytes = std::size_t{128} << 20;
  // A unit that breaks a limit above is left out and reported in ReadReport (skip) instead of
  // failing the file.
  bool skip_bad_units = false;
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

  // Adds what `later` reported of the part of the same file that follows this report's.
  void append(ReadReport&& later) {
    units += later.units;
    skipped += later.skipped;
    for (std::string& message : later.messages) {
      if (messages.size() == kMaxMessages) break;
      messages.push_back(std::move(message));
    }
    for (auto& [written, tag] : later.normalised_langs) {
      const bool known = std::any_of(normalised_langs.begin(), normalised_langs.end(),
                                     [&](const auto& entry) { return entry.first == written; });
      if (!known) normalised_langs.emplace_back(std::move(written), std::move(tag));
    }
  }
};

}  // namespace tmkit
