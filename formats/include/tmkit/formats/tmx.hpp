// TMX 1.4b: reading and writing translation memory exchange files.
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

struct TmxWriteOptions {
  std::string creation_tool = "tmkit";
  std::string creation_tool_version;  // empty: tmkit's version
  LangTag src_lang;                   // header srclang; empty: the first unit's source language
};

// Writes a TMX 1.4b document (UTF-8, segtype="sentence") that validates against the TMX 1.4b
// DTD. Provenance is written as <prop type="x-tmkit-..."> elements. Fails with kIo when the
// stream fails.
Status write_tmx(std::ostream& out, const std::vector<TranslationUnit>& units,
                 const TmxWriteOptions& options = {});

// Reads the TMX document in `bytes`; `name` appears in error messages. Source language from
// options or the header srclang, never from the position of a <tuv>.
Result<std::vector<TranslationUnit>> parse_tmx(std::string_view bytes, std::string_view name,
                                               const ReadOptions& options = {});

// Reads a TMX file. Fails with kIo if it cannot be read, kInvalidInput naming the file and line.
Result<std::vector<TranslationUnit>> read_tmx(const std::filesystem::path& path,
                                              const ReadOptions& options = {});

}  // namespace tmkit
