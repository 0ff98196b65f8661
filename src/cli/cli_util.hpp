// Small pieces shared by the subcommands.
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <functional>
#include <ostream>
#include <string>

#include "tmkit/lang.hpp"
#include "tmkit/memory/translation_memory.hpp"
#include "tmkit/status.hpp"

namespace tmkit::cli {

// Parses a --src-lang/--tgt-lang value; an empty string gives an empty tag.
Result<LangTag> parse_lang_option(const std::string& value, const std::string& option_name);

// Writes the output of `write` to `path`: "-" is standard output; a file is written to a
// temporary name beside it and renamed on success, so a failed run never leaves half a file.
Status write_output(const std::string& path, const std::function<Status(std::ostream&)>& write);

// The bytes of the file at `path`, as they are (no decoding). kIo naming the file on failure.
Result<std::string> read_file_bytes(const std::string& path);

// Seconds since the Unix epoch: SOURCE_DATE_EPOCH when set (reproducible builds and tests),
// else the clock.
std::int64_t current_time();

// Opens the TM at `path` for reading only (export, lookup, stats never write).
Result<TranslationMemory> open_tm_read_only(const std::string& path);

// Opens the TM at `path` for writing (import, align --tm, apply-review), creating it if the path
// does not exist or is an empty directory; a non-empty directory without a TM is refused.
Result<TranslationMemory> open_tm_for_writing(const std::string& path);

// Options spelled the same in every subcommand.
CLI::Option* add_tm_option(CLI::App& cmd, std::string& tm_path);
void add_lang_options(CLI::App& cmd, std::string& src_lang, std::string& tgt_lang, bool required);

}  // namespace tmkit::cli
