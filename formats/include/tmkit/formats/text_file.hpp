// Plain-text inputs: text files and tab-separated sentence pairs.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "tmkit/formats/read_options.hpp"
#include "tmkit/status.hpp"
#include "tmkit/translation_unit.hpp"

namespace tmkit {

// Reads a whole text file as UTF-8: a UTF-8 BOM is dropped, UTF-16 with a BOM is converted,
// anything else must be valid UTF-8 (kInvalidInput naming the file and byte offset
// otherwise). "-" reads standard input. kIo when the file cannot be read.
Result<std::string> read_text_file(const std::filesystem::path& path);

// Reads "source<TAB>target" lines; both languages must be set in `options`. Empty lines are
// skipped; a line without exactly one tab is kInvalidInput naming the file and line.
Result<std::vector<TranslationUnit>> read_tsv(const std::filesystem::path& path,
                                              const ReadOptions& options);

// Reads a TMX, XLIFF or TSV file, choosing the reader by content (root element) and extension.
Result<std::vector<TranslationUnit>> read_units(const std::filesystem::path& path,
                                                const ReadOptions& options);

}  // namespace tmkit
