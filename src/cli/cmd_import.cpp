#include <algorithm>
#include <cctype>
#include <cstddef>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <memory>

#include "cli_util.hpp"
#include "commands.hpp"
#include "tmkit/formats/text_file.hpp"
#include "tmkit/formats/tmx.hpp"
#include "tmkit/memory/translation_memory.hpp"

namespace tmkit::cli {
namespace {

struct ImportOptions {
  std::string tm;
  std::string src_lang;
  std::string tgt_lang;
  std::vector<std::string> files;
  std::string on_conflict = "keep-both";
  std::size_t batch = 10000;  // units per transaction
};

// Adds up the reports of a file's batches.
void accumulate(AddReport& total, const AddReport& batch) {
  total.added += batch.added;
  total.variants += batch.variants;
  total.duplicates += batch.duplicates;
  total.replaced += batch.replaced;
  total.skipped += batch.skipped;
}

bool has_tmx_extension(const std::string& file) {
  std::string extension = std::filesystem::path(file).extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension == ".tmx";
}

// A file is imported in transactions of `batch` units: an import that fails or is killed loses
// only the batch in progress, and every batch before it stays committed (the message says how
// many units that is). Duplicates of units in an earlier batch are found as in one batch. A .tmx
// file is streamed (formats' stream_tmx), so memory holds a few batches and not the file, and
// every 100,000 units a progress line goes to stderr.
Status import_file(TranslationMemory& tm, const std::string& file, const ReadOptions& read,
                   const AddOptions& add, std::size_t batch) {
  ReadReport read_report;
  AddReport total;
  std::size_t committed = 0;
  std::size_t next_progress = 100000;
  std::vector<TranslationUnit> pending;
  const auto flush = [&](bool all) -> Status {
    while (pending.size() >= batch || (all && !pending.empty())) {
      const std::size_t n = std::min(batch, pending.size());
      const std::vector<TranslationUnit> chunk(
          std::make_move_iterator(pending.begin()),
          std::make_move_iterator(pending.begin() + static_cast<std::ptrdiff_t>(n)));
      pending.erase(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(n));
      auto report = tm.add(chunk, add);
      if (!report.ok()) {
        return report.status().with_context(file + ": units " + std::to_string(committed + 1) +
                                            "-" + std::to_string(committed + n) + " (units 1-" +
                                            std::to_string(committed) + " are committed)");
      }
      accumulate(total, *report);
      committed += n;
      if (committed >= next_progress) {
        std::cerr << file << ": " << committed << " units imported so far\n";
        next_progress = (committed / 100000 + 1) * 100000;
      }
    }
    return {};
  };
  bool streamed = false;
  if (has_tmx_extension(file)) {
    const Status status = stream_tmx(
        file, read,
        [&](std::vector<TranslationUnit>&& units) {
          for (TranslationUnit& unit : units) pending.push_back(std::move(unit));
          return flush(false);
        },
        &read_report);
    // A file named .tmx that holds XLIFF or TSV goes to read_units, which looks at the content.
    streamed =
        status.ok() || committed > 0 || status.message().find("not a TMX") == std::string::npos;
    if (!status.ok() && streamed) {
      return committed == 0 ? status
                            : status.with_context(file + " (units 1-" + std::to_string(committed) +
                                                  " are committed)");
    }
    if (!streamed) read_report = {};
  }
  if (!streamed) {
    TMKIT_ASSIGN_OR_RETURN(pending, read_units(file, read, &read_report));
  }
  TMKIT_RETURN_IF_ERROR(flush(true));
  for (const auto& [written, tag] : read_report.normalised_langs) {
    std::cerr << file << ": language '" << written << "' read as '" << tag << "'\n";
  }
  if (read_report.skipped > 0) {
    std::cerr << file << ": " << read_report.skipped << " entries gave no unit"
              << (read_report.messages.empty() ? "" : "; first: " + read_report.messages.front())
              << "\n";
  }
  std::cerr << file << ": " << committed << " units read, " << total.added << " added ("
            << total.variants << " new variants), " << total.duplicates << " already there, "
            << total.replaced << " replaced, " << total.skipped << " skipped by --on-conflict\n";
  return {};
}

ConflictPolicy conflict_policy(const std::string& name) {
  if (name == "prefer-newer") return ConflictPolicy::kPreferNewer;
  if (name == "prefer-existing") return ConflictPolicy::kPreferExisting;
  return ConflictPolicy::kKeepBoth;
}

Status run_import(const ImportOptions& options) {
  ReadOptions read;
  TMKIT_ASSIGN_OR_RETURN(read.src_lang, parse_lang_option(options.src_lang, "--src-lang"));
  TMKIT_ASSIGN_OR_RETURN(read.tgt_lang, parse_lang_option(options.tgt_lang, "--tgt-lang"));
  TMKIT_ASSIGN_OR_RETURN(TranslationMemory tm, TranslationMemory::open(options.tm));
  for (const std::string& file : options.files) {
    TMKIT_RETURN_IF_ERROR(import_file(
        tm, file, read, AddOptions{conflict_policy(options.on_conflict)}, options.batch));
  }
  return {};
}

}  // namespace

void setup_import(CLI::App& app, Status& outcome) {
  auto options = std::make_shared<ImportOptions>();
  CLI::App* cmd = app.add_subcommand("import", "Import TMX, XLIFF 1.2/2.0 or TSV files into a TM");
  add_tm_option(*cmd, options->tm)->required();
  add_lang_options(*cmd, options->src_lang, options->tgt_lang, false);
  cmd->add_option("--on-conflict", options->on_conflict,
                  "A stored source with a new target: keep both, or keep the newer/existing one")
      ->check(CLI::IsMember({"keep-both", "prefer-newer", "prefer-existing"}))
      ->capture_default_str();
  cmd->add_option("--batch", options->batch,
                  "Units per transaction: a failed or killed import loses only the current batch")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000000}))
      ->capture_default_str();
  cmd->add_option("files", options->files, "Files to import (TSV needs --src-lang/--tgt-lang)")
      ->required();
  cmd->callback([options, &outcome] { outcome = run_import(*options); });
}

}  // namespace tmkit::cli
