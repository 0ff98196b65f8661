// Sentence segmentation: SRX 2.0 rules (built-in or from a file) run with ICU regexes, inside
// tmkit's transcript structure (paragraphs, speaker labels, line breaks).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tmkit/lang.hpp"
#include "tmkit/srx.hpp"
#include "tmkit/status.hpp"
#include "tmkit/text.hpp"

namespace tmkit {

// What finds the sentence ends inside a paragraph.
enum class SegmenterEngine {
  kSrx,  // SRX rules: SegmenterOptions::srx, or the built-in data/srx/tmkit-default.srx
  kIcu,  // ICU's sentence iterator plus tmkit's older fixed corrections (kept for comparison)
};

struct SegmenterOptions {
  // A single line break inside a paragraph: true joins the two lines (prose wrapped at a fixed
  // width), false ends the segment there (one sentence per line already). When joined, the
  // rules see the line break as a space, so an SRX rule that breaks at "\n" fires only when
  // this is false.
  bool join_single_line_breaks = true;
  SegmenterEngine engine = SegmenterEngine::kSrx;
  // The SRX rules for kSrx; null means the built-in rules. Shared, so one parsed file can serve
  // many segmenters; create() compiles the rules for its language and keeps no reference.
  std::shared_ptr<const SrxDocument> srx;
  // A rule whose regex ICU rejects (after translation from Java) makes create() fail, unless
  // this is true: then the rule is left out and a warning says so.
  bool skip_invalid_srx_rules = false;
};

// Splits UTF-8 text into sentences for one language.
//
// Blank lines are paragraph breaks; a line holding only a speaker or outlet label ("Zhu
// Guoxian:", "Hong Kong Economic Herald:", "朱国贤：", "主持人：") is a segment of its own with
// is_speaker_label set, and the segments after it carry that speaker until the next label.
// Segments never cross a paragraph break. Inside a paragraph, the SRX rules mapped to the
// language decide (each paragraph is one SRX text unit: ^ and $ match at its ends). Thread
// safety: split() is const and may be called from several threads at once.
class Segmenter {
 public:
  // Compiles the SRX rules mapped to `lang` (the language code is matched against each
  // <languagemap> pattern as "zh-CN" and as "zh_CN"). With the built-in rules a language without
  // rules of its own gets the language-neutral Default rules; with kIcu, ICU's root rules.
  // Fails with kInvalidInput when a rule's regex does not compile (the message names the SRX
  // source, the languagerule, the rule number and the position), kInternal if ICU fails.
  static Result<Segmenter> create(const LangTag& lang, const SegmenterOptions& options = {});

  Segmenter(Segmenter&&) noexcept;
  Segmenter& operator=(Segmenter&&) noexcept;
  ~Segmenter();

  // Splits valid UTF-8 `text` (any line ends: LF, CRLF, CR). Empty segments are dropped.
  // Fails with kInvalidInput if `text` is not valid UTF-8 (message gives the byte offset).
  Result<std::vector<Segment>> split(std::string_view text) const;

  // What create() noticed but did not fail on: Java regex constructs rewritten for ICU, rules
  // left out, no <languagemap> matching the language. One line each, "srx: ... (source)".
  const std::vector<std::string>& warnings() const;

 private:
  struct Impl;
  explicit Segmenter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tmkit
