// Corrections to ICU's sentence boundaries: breaks ICU misses in Chinese text, and breaks it
// makes after abbreviations, initials and list numbers or inside a 《book title》.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "language_rules.hpp"

namespace tmkit::detail {

// One stretch of text the segmenter splits (a paragraph or a line), seen two ways.
struct RunText {
  std::string_view text;      // what ICU read: line breaks inside the run turned into spaces
  std::string_view original;  // the same bytes with the line breaks, to find line starts
};

// Holds scratch space, so keep one per split() call (not thread-safe, cheap to make).
class BreakRefiner {
 public:
  explicit BreakRefiner(const LanguageRules& rules) : rules_(rules) {}

  // Takes ICU's boundaries in `run` (increasing byte offsets ending with run.text.size()) and
  // turns them into the segmenter's: adds breaks after Chinese sentence-final punctuation and
  // drops breaks that would cut a sentence.
  void refine(const RunText& run, std::vector<std::size_t>& breaks);

 private:
  void add_cjk_breaks(std::string_view text, std::vector<std::size_t>& breaks) const;
  void find_titles(std::string_view text);
  bool keeps_sentence_together(const RunText& run, std::size_t at) const;
  bool is_inside_title(std::size_t at) const;
  bool follows_non_final_full_stop(const RunText& run, std::size_t at) const;

  struct Title {
    std::size_t begin;  // offset of 《
    std::size_t end;    // offset just after the matching 》
  };

  const LanguageRules& rules_;
  std::vector<Title> titles_;
};

}  // namespace tmkit::detail
