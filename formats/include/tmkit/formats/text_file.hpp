// Plain-text inputs: text files and tab-separated sentence pairs.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "tmkit/formats/read_options.hpp"
#include "tmkit/status.hpp"
#include "tmkit/translation_unit.hpp"

namespace tmkit {

// Reads a whole text file as UTF-8: a UTF-8 BOM is dropped, UTF-16 with a BOM is converted,
// anything else must be valid UTF-8 (kInvalidInput naming the file and byte offset
// otherwise). "-" reads standard input. kIo when the file cannot be read.
Result<std::string> read_text_file(const std::filesystem::path& path);

// Reads "source<TAB>target" lines; both languages must be set in `options` (kInvalidInput
// otherwise). A trailing CR is stripped, empty lines are skipped, texts are NFC-normalised and
// otherwise kept as they are. A line without exactly one tab, or with an empty side, is
// kInvalidInput "name: line N: why". Each unit's provenance.document is the file name and its
// src_position/tgt_position the 0-based line index.
Result<std::vector<TranslationUnit>> read_tsv(const std::filesystem::path& path,
                                              const ReadOptions& options);

// As read_tsv, on UTF-8 `text` already in memory; `name` appears in error messages.
Result<std::vector<TranslationUnit>> parse_tsv(std::string_view text, std::string_view name,
                                               const ReadOptions& options);

// The local name of the root element of an XML file ("tmx", "xliff"), read from its first
// 4 KB (UTF-16 decoded); "" for a file that is not XML or cannot be read. Lets a caller choose
// between stream_tmx and read_units before reading the file.
std::string xml_root_name(const std::filesystem::path& path);

// Applies options.max_segment_bytes to `units`, which a reader returned from the file `name`;
// units[0] is the file's unit number `first` (1-based), for the messages. A unit whose source or
// target is longer is kInvalidInput "name: unit N: source of B bytes is longer than
// --max-segment-bytes (L)"; with options.skip_bad_units it is removed instead, and counted in
// `report` (when not null) with that message.
Status enforce_unit_limits(std::vector<TranslationUnit>& units, std::size_t first,
                           std::string_view name, const ReadOptions& options, ReadReport* report);

// Reads a TMX, XLIFF or TSV file. Content decides first: a document whose first non-blank
// character (after a BOM) is '<' goes to parse_tmx for a <tmx> root and parse_xliff for an
// <xliff> root, and any other root is kUnsupported. Otherwise a .tsv or .txt extension means
// TSV, and anything else is kUnsupported. `report` as in parse_tmx (TSV skips nothing).
// A regular file larger than options.max_dom_bytes is kInvalidInput before anything is read,
// and the units pass enforce_unit_limits.
Result<std::vector<TranslationUnit>> read_units(const std::filesystem::path& path,
                                                const ReadOptions& options,
                                                ReadReport* report = nullptr);

}  // namespace tmkit
