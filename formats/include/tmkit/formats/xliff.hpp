// XLIFF 1.2 and 2.0: writing bilingual files for CAT tools, reading them back.
#pragma once

#include <filesystem>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "tmkit/formats/read_options.hpp"
#include "tmkit/status.hpp"
#include "tmkit/translation_unit.hpp"

namespace tmkit {

enum class XliffVersion { k12, k20 };

struct XliffWriteOptions {
  XliffVersion version = XliffVersion::k12;
  std::string original = "tmkit";  // the <file original=...> (1.2) / <file id> name
  LangTag src_lang;                // empty: the first unit's languages
  LangTag tgt_lang;
  // Units whose provenance confidence is at least this are marked approved/translated; the rest
  // need review. Units without a confidence count as approved.
  double approve_confidence = 0.8;
};

// Writes one XLIFF document holding one trans-unit (1.2) / unit (2.0) per translation unit,
// valid against the OASIS schemas. All units must share one language pair (kInvalidInput
// otherwise). Fails with kIo when the stream fails.
Status write_xliff(std::ostream& out, const std::vector<TranslationUnit>& units,
                   const XliffWriteOptions& options = {});

// Reads an XLIFF 1.2 or 2.0 document; the version is taken from the root element.
Result<std::vector<TranslationUnit>> parse_xliff(std::string_view bytes, std::string_view name,
                                                 const ReadOptions& options = {});

Result<std::vector<TranslationUnit>> read_xliff(const std::filesystem::path& path,
                                                const ReadOptions& options = {});

}  // namespace tmkit
