// RAII wrapper around ICU's sentence BreakIterator running over UTF-8 text, so boundaries come
// out as byte offsets and no UTF-16 copy is made.
#pragma once

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

#include "tmkit/lang.hpp"
#include "tmkit/status.hpp"

namespace tmkit::detail {

// Owns one ICU sentence iterator and the UText it reads through. Move-only. An ICU iterator
// keeps a current position, so one instance must not be used by two threads at once: keep a
// prototype and clone() it for each call that runs it.
class IcuSentenceIterator {
 public:
  // Uses ICU's rules for `lang`; a language ICU does not know gets the root rules (ICU's own
  // fallback), so only an ICU failure (kInternal) is an error.
  static Result<IcuSentenceIterator> create(const LangTag& lang);

  // A fresh iterator with the same rules. Safe to call from several threads on one instance.
  Result<IcuSentenceIterator> clone() const;

  // Replaces `boundaries` by ICU's sentence boundaries in UTF-8 `text`: byte offsets in
  // increasing order, without 0, ending with text.size() (empty for empty text). Fails with
  // kInvalidInput if `text` is longer than ICU's 32-bit offsets allow.
  Status find_boundaries(std::string_view text, std::vector<std::size_t>& boundaries);

 private:
  explicit IcuSentenceIterator(std::unique_ptr<icu::BreakIterator> iterator);

  std::unique_ptr<icu::BreakIterator> iterator_;
  icu::LocalUTextPointer text_;  // opened on first use and reopened on each text, not reallocated
};

}  // namespace tmkit::detail
