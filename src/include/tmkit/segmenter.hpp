// Sentence segmentation: ICU's sentence break iterator plus rules for what it misses.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "tmkit/lang.hpp"
#include "tmkit/status.hpp"
#include "tmkit/text.hpp"

namespace tmkit {

struct SegmenterOptions {
  // A single line break inside a paragraph: true joins the two lines (prose wrapped at a fixed
  // width), false ends the segment there (one sentence per line already).
  bool join_single_line_breaks = true;
};

// Splits UTF-8 text into sentences for one language.
//
// Blank lines are paragraph breaks; a line holding only a speaker or outlet label ("Zhu
// Guoxian:", "Hong Kong Economic Herald:", "朱国贤：", "主持人：") is a segment of its own with
// is_speaker_label set, and the segments after it carry that speaker until the next label.
// Segments never cross a paragraph break. Thread safety: split() is const and may be called
// from several threads at once.
class Segmenter {
 public:
  // A language ICU has no rules for gets ICU's root rules. Fails (kInternal) only if ICU fails.
  static Result<Segmenter> create(const LangTag& lang, const SegmenterOptions& options = {});

  Segmenter(Segmenter&&) noexcept;
  Segmenter& operator=(Segmenter&&) noexcept;
  ~Segmenter();

  // Splits valid UTF-8 `text` (any line ends: LF, CRLF, CR). Empty segments are dropped.
  // Fails with kInvalidInput if `text` is not valid UTF-8 (message gives the byte offset).
  Result<std::vector<Segment>> split(std::string_view text) const;

 private:
  struct Impl;
  explicit Segmenter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tmkit
