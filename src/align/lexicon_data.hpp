// The representation behind tmkit::Lexicon, for the aligner's lexical model.
//
// Loading must take milliseconds, so an entry keeps its target words as raw text (views into
// the lexicon's text) and they are split and normalised only for the words a document uses.
#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace tmkit::detail {

struct LexiconEntry {
  std::vector<std::string_view> target_fields;  // space-separated target words, unnormalised
  std::string_view readings;                    // "zhu" or "le,liao": pinyin of one character
};

struct LexiconData {
  std::string source_language, target_language;  // primary subtags
  std::string owned_text;                        // the text the views point into, unless static
  std::deque<std::string> owned_keys;            // keys that normalisation changed
  // Source match key (word_norm.hpp's match_key) -> entry.
  std::unordered_map<std::string_view, LexiconEntry> entries;
  // Every proper prefix of a key, so that a longest match over unspaced text can stop as soon
  // as what it has read is no prefix.
  std::unordered_set<std::string_view> prefixes;
  std::size_t max_key_bytes = 0;
  // Entries are keyed by single characters or words of an unspaced script (zh, ja): matched by
  // longest match in running text rather than word by word.
  bool unspaced_source = false;

  const LexiconEntry* find(std::string_view key) const {
    const auto it = entries.find(key);
    return it == entries.end() ? nullptr : &it->second;
  }
  bool is_prefix(std::string_view key) const { return prefixes.count(key) > 0; }
};

// The target words of an entry as match keys of `target_language`, stop words dropped, each
// once.
std::vector<std::string> entry_targets(const LexiconEntry& entry, std::string_view target_language);

}  // namespace tmkit::detail
