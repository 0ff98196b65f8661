#include "icu_sentence_iterator.hpp"

#include <unicode/locid.h>

#include <cstdint>
#include <limits>
#include <string>

namespace tmkit::detail {
namespace {

Status icu_error(const char* operation, UErrorCode code) {
  return Status::internal(std::string("segmenter: ICU ") + operation + ": " + u_errorName(code));
}

// ICU's locale for a BCP 47 tag; the root locale when ICU cannot read the tag.
icu::Locale locale_for(const LangTag& lang) {
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale locale = icu::Locale::forLanguageTag(lang.str(), status);
  if (U_FAILURE(status) || locale.isBogus()) return icu::Locale::getRoot();
  return locale;
}

}  // namespace

IcuSentenceIterator::IcuSentenceIterator(std::unique_ptr<icu::BreakIterator> iterator)
    : iterator_(std::move(iterator)) {}

Result<IcuSentenceIterator> IcuSentenceIterator::create(const LangTag& lang) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> iterator(
      icu::BreakIterator::createSentenceInstance(locale_for(lang), status));
  if (U_FAILURE(status) || !iterator) return icu_error("createSentenceInstance", status);
  return IcuSentenceIterator(std::move(iterator));
}

Result<IcuSentenceIterator> IcuSentenceIterator::clone() const {
  std::unique_ptr<icu::BreakIterator> copy(iterator_->clone());
  if (!copy) return icu_error("BreakIterator::clone", U_MEMORY_ALLOCATION_ERROR);
  return IcuSentenceIterator(std::move(copy));
}

Status IcuSentenceIterator::find_boundaries(std::string_view text,
                                            std::vector<std::size_t>& boundaries) {
  boundaries.clear();
  if (text.empty()) return {};
  if (text.size() > static_cast<std::size_t>(std::numeric_limits<int32_t>::max())) {
    return Status::invalid_input("segmenter: paragraph longer than 2 GiB");
  }
  UErrorCode status = U_ZERO_ERROR;
  // With a non-null first argument utext_openUTF8 reuses that UText instead of allocating.
  UText* opened =
      utext_openUTF8(text_.getAlias(), text.data(), static_cast<int64_t>(text.size()), &status);
  if (!text_.isValid()) text_.adoptInstead(opened);
  iterator_->setText(text_.getAlias(), status);
  if (U_FAILURE(status)) return icu_error("setText", status);
  iterator_->first();
  for (int32_t b = iterator_->next(); b != icu::BreakIterator::DONE; b = iterator_->next()) {
    boundaries.push_back(static_cast<std::size_t>(b));
  }
  return {};
}

}  // namespace tmkit::detail
