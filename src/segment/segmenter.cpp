#include "tmkit/segmenter.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>

#include "break_rules.hpp"
#include "icu_sentence_iterator.hpp"
#include "language_rules.hpp"
#include "speaker_label.hpp"
#include "srx_engine.hpp"
#include "utf8_scan.hpp"

namespace tmkit {
namespace {

using detail::BreakRefiner;
using detail::IcuSentenceIterator;
using detail::LanguageRules;
using detail::RunText;

// Finds the sentence boundaries of one run (a paragraph's lines, or one line): replaces
// `boundaries` with increasing byte offsets into run.text, ending with run.text.size().
class BoundaryFinder {
 public:
  virtual ~BoundaryFinder() = default;
  virtual Status find(const RunText& run, std::vector<std::size_t>& boundaries) = 0;
};

// The SRX engine: each run is one SRX text unit.
class SrxBoundaries final : public BoundaryFinder {
 public:
  explicit SrxBoundaries(detail::SrxBreaker breaker) : breaker_(std::move(breaker)) {}
  Status find(const RunText& run, std::vector<std::size_t>& boundaries) override {
    TMKIT_RETURN_IF_ERROR(breaker_.find_breaks(run.text, boundaries));
    boundaries.push_back(run.text.size());
    return {};
  }

 private:
  detail::SrxBreaker breaker_;
};

// ICU's sentence iterator corrected by BreakRefiner (SegmenterEngine::kIcu).
class IcuBoundaries final : public BoundaryFinder {
 public:
  IcuBoundaries(IcuSentenceIterator iterator, const LanguageRules& rules)
      : iterator_(std::move(iterator)), refiner_(rules) {}
  Status find(const RunText& run, std::vector<std::size_t>& boundaries) override {
    TMKIT_RETURN_IF_ERROR(iterator_.find_boundaries(run.text, boundaries));
    refiner_.refine(run, boundaries);
    return {};
  }

 private:
  IcuSentenceIterator iterator_;
  BreakRefiner refiner_;
};

// Quotation marks and the ellipsis, which sit between CJK characters without spaces.
bool is_cjk_companion(char32_t c) { return (c >= 0x2018 && c <= 0x201F) || c == 0x2026; }

// Whether two lines joined into one sentence need a space between them: not when the join is
// between CJK characters (or a CJK character and a quotation mark), since CJK text has none.
bool needs_joining_space(char32_t before, char32_t after) {
  const bool cjk_before = detail::is_cjk(before);
  const bool cjk_after = detail::is_cjk(after);
  const bool both_cjk_like =
      (cjk_before || is_cjk_companion(before)) && (cjk_after || is_cjk_companion(after));
  return !(both_cjk_like && (cjk_before || cjk_after));
}

// One split() call: walks the lines of the input, groups them into runs (a paragraph's lines
// between labels, or single lines), and cuts each run into segments. Owns all per-call state,
// so split() stays const and thread-safe.
class SplitPass {
 public:
  SplitPass(std::string_view text, const SegmenterOptions& options, const LanguageRules& rules,
            BoundaryFinder& boundaries);

  Result<std::vector<Segment>> run() &&;

 private:
  Status handle_line(Span line);
  Status flush_run();
  Status split_run(Span run);
  void emit(Span piece, bool is_label);
  std::string joined_text(Span piece) const;

  std::string_view text_;  // the caller's input; Segment::bytes index into it
  // The rules read this: the input with CR and LF turned into spaces when lines are joined (so a
  // line break does not force a sentence break), with the same byte offsets as the input.
  std::string joined_;
  std::string_view rules_text_;
  const SegmenterOptions& options_;
  const LanguageRules& rules_;  // for speaker labels: which full stops are abbreviations
  BoundaryFinder& boundaries_;
  std::vector<std::size_t> breaks_;  // reused for every run
  std::vector<Segment> segments_;
  std::string speaker_;
  std::size_t paragraph_ = 0;
  bool paragraph_has_text_ = false;
  Span run_;  // lines collected but not yet split; empty when none
};

SplitPass::SplitPass(std::string_view text, const SegmenterOptions& options,
                     const LanguageRules& rules, BoundaryFinder& boundaries)
    : text_(text), rules_text_(text), options_(options), rules_(rules), boundaries_(boundaries) {
  if (options_.join_single_line_breaks) {
    joined_.assign(text);
    std::replace_if(
        joined_.begin(), joined_.end(), [](char c) { return c == '\r' || c == '\n'; }, ' ');
    rules_text_ = joined_;
  }
}

Result<std::vector<Segment>> SplitPass::run() && {
  std::size_t begin = 0;
  while (begin < text_.size()) {
    const std::size_t end = detail::find_line_break(text_, begin);
    TMKIT_RETURN_IF_ERROR(handle_line({begin, end}));
    const bool crlf = text_.substr(end).starts_with("\r\n");
    begin = std::min(text_.size(), end + (crlf ? 2 : 1));
  }
  TMKIT_RETURN_IF_ERROR(flush_run());
  return std::move(segments_);
}

Status SplitPass::handle_line(Span line) {
  if (detail::is_blank(text_, line.begin, line.end)) {  // a paragraph break
    TMKIT_RETURN_IF_ERROR(flush_run());
    if (paragraph_has_text_) ++paragraph_;
    paragraph_has_text_ = false;
    return {};
  }
  paragraph_has_text_ = true;
  const std::string_view content = text_.substr(line.begin, line.size());
  if (const auto label = detail::find_speaker_label(content, rules_)) {
    TMKIT_RETURN_IF_ERROR(flush_run());
    speaker_.assign(*label);
    emit(line, /*is_label=*/true);
    return {};
  }
  if (!options_.join_single_line_breaks) return split_run(line);
  if (run_.size() == 0) run_.begin = line.begin;
  run_.end = line.end;
  return {};
}

Status SplitPass::flush_run() {
  const Span run = std::exchange(run_, Span{});
  return run.size() == 0 ? Status() : split_run(run);
}

Status SplitPass::split_run(Span run) {
  const RunText view{rules_text_.substr(run.begin, run.size()),
                     text_.substr(run.begin, run.size())};
  TMKIT_RETURN_IF_ERROR(boundaries_.find(view, breaks_));
  std::size_t start = run.begin;
  for (const std::size_t boundary : breaks_) {
    emit({start, run.begin + boundary}, /*is_label=*/false);
    start = run.begin + boundary;
  }
  return {};
}

// Adds the trimmed `piece` as a segment, unless it is only white space.
void SplitPass::emit(Span piece, bool is_label) {
  piece.begin = detail::skip_spaces(text_, piece.begin, piece.end);
  piece.end = detail::skip_spaces_backward(text_, piece.begin, piece.end);
  if (piece.size() == 0) return;
  Segment segment;
  segment.text = joined_text(piece);
  segment.bytes = piece;
  segment.paragraph = paragraph_;
  segment.is_speaker_label = is_label;
  segment.speaker = speaker_;
  segments_.push_back(std::move(segment));
}

// The text of a trimmed `piece`, each line break in it (with the spaces around it) replaced by
// one space, or by nothing between CJK characters.
std::string SplitPass::joined_text(Span piece) const {
  const std::string_view source = text_.substr(0, piece.end);
  std::string out;
  out.reserve(piece.size());
  std::size_t chunk = piece.begin;
  for (std::size_t line_break = detail::find_line_break(source, chunk); line_break != source.size();
       line_break = detail::find_line_break(source, chunk)) {
    const std::size_t before = detail::skip_spaces_backward(source, chunk, line_break);
    const std::size_t after = detail::skip_spaces(source, line_break, piece.end);
    out.append(source.substr(chunk, before - chunk));
    if (needs_joining_space(detail::decode_before(source, before).value,
                            detail::decode_at(source, after).value)) {
      out.push_back(' ');
    }
    chunk = after;
  }
  out.append(source.substr(chunk));
  return out;
}

}  // namespace

struct Segmenter::Impl {
  SegmenterOptions options;
  const LanguageRules* rules;
  std::optional<detail::SrxEngine> srx;          // kSrx
  std::optional<IcuSentenceIterator> prototype;  // kIcu: cloned per split(), it holds a position
  std::vector<std::string> warnings;
};

Segmenter::Segmenter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Segmenter::Segmenter(Segmenter&&) noexcept = default;
Segmenter& Segmenter::operator=(Segmenter&&) noexcept = default;
Segmenter::~Segmenter() = default;

Result<Segmenter> Segmenter::create(const LangTag& lang, const SegmenterOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->options.srx.reset();  // compiled below; the document is not needed afterwards
  impl->rules = &detail::rules_for_language(lang.language());
  if (options.engine == SegmenterEngine::kIcu) {
    TMKIT_ASSIGN_OR_RETURN(IcuSentenceIterator iterator, IcuSentenceIterator::create(lang));
    impl->prototype.emplace(std::move(iterator));
    return Segmenter(std::move(impl));
  }
  std::shared_ptr<const SrxDocument> document = options.srx;
  if (!document) {
    TMKIT_ASSIGN_OR_RETURN(SrxDocument builtin, builtin_srx());
    document = std::make_shared<const SrxDocument>(std::move(builtin));
  }
  detail::SrxCompileOptions compile_options;
  compile_options.skip_invalid_rules = options.skip_invalid_srx_rules;
  TMKIT_ASSIGN_OR_RETURN(
      detail::SrxEngine engine,
      detail::SrxEngine::create(*document, lang, compile_options, impl->warnings));
  impl->srx.emplace(std::move(engine));
  return Segmenter(std::move(impl));
}

Result<std::vector<Segment>> Segmenter::split(std::string_view text) const {
  TMKIT_RETURN_IF_ERROR(validate_utf8(text).with_context("segmenter"));
  if (impl_->srx) {
    TMKIT_ASSIGN_OR_RETURN(detail::SrxBreaker breaker, detail::SrxBreaker::create(*impl_->srx));
    SrxBoundaries boundaries(std::move(breaker));
    return SplitPass(text, impl_->options, *impl_->rules, boundaries).run();
  }
  TMKIT_ASSIGN_OR_RETURN(IcuSentenceIterator iterator, impl_->prototype->clone());
  IcuBoundaries boundaries(std::move(iterator), *impl_->rules);
  return SplitPass(text, impl_->options, *impl_->rules, boundaries).run();
}

const std::vector<std::string>& Segmenter::warnings() const { return impl_->warnings; }

}  // namespace tmkit
