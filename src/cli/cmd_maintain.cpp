// The TM maintenance subcommands: reindex, compact, delete.
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <system_error>

#include "cli_util.hpp"
#include "commands.hpp"
#include "progress.hpp"
#include "tmkit/memory/translation_memory.hpp"

namespace tmkit::cli {
namespace {

Status run_reindex(const std::string& path, Verbosity verbosity) {
  TmOptions options;
  options.create_if_missing = false;
  options.allow_old_schema = true;
  TMKIT_ASSIGN_OR_RETURN(TranslationMemory tm, TranslationMemory::open(path, options));
  // reindex() reports nothing until it returns: a spinner with the elapsed time, no ETA.
  TMKIT_RETURN_IF_ERROR(
      run_with_spinner("reindexing " + path, verbosity, [&] { return tm.reindex(); }));
  if (verbosity == Verbosity::kQuiet) return {};
  TMKIT_ASSIGN_OR_RETURN(const TmStats stats, tm.stats());
  std::cerr << path << ": " << stats.units << " units indexed, schema " << stats.schema_version
            << "\n";
  return {};
}

Status run_compact(const std::string& path, Verbosity verbosity) {
  std::error_code error;
  const std::uintmax_t before =
      std::filesystem::file_size(std::filesystem::path(path) / "data.mdb", error);
  TMKIT_RETURN_IF_ERROR(run_with_spinner("compacting " + path, verbosity,
                                         [&] { return TranslationMemory::compact(path); }));
  const std::uintmax_t after =
      std::filesystem::file_size(std::filesystem::path(path) / "data.mdb", error);
  if (!error && verbosity != Verbosity::kQuiet)
    std::cerr << path << ": data.mdb " << before << " -> " << after << " bytes\n";
  return {};
}

struct DeleteOptions {
  std::string tm;
  std::string document;
  std::optional<std::int64_t> before;
  std::optional<std::int64_t> after;
};

Status run_delete(const DeleteOptions& options) {
  RemoveFilter filter;
  if (!options.document.empty()) filter.document = options.document;
  filter.created_before = options.before;
  filter.created_after = options.after;
  TmOptions open_options;
  open_options.create_if_missing = false;
  TMKIT_ASSIGN_OR_RETURN(TranslationMemory tm, TranslationMemory::open(options.tm, open_options));
  TMKIT_ASSIGN_OR_RETURN(const std::size_t removed, tm.remove(filter));
  std::cerr << options.tm << ": " << removed << " units deleted\n";
  return {};
}

}  // namespace

void setup_maintenance(CLI::App& app, Status& outcome) {
  auto reindex_path = std::make_shared<std::string>();
  CLI::App* reindex = app.add_subcommand(
      "reindex", "Rebuild the fuzzy-match index (and upgrade a TM of an older schema)");
  add_tm_option(*reindex, *reindex_path)->required();
  reindex->callback([reindex_path, reindex, &outcome] {
    outcome = run_reindex(*reindex_path, verbosity_of(*reindex));
  });

  auto compact_path = std::make_shared<std::string>();
  CLI::App* compact =
      app.add_subcommand("compact", "Rewrite the TM without free pages (no one may have it open)");
  add_tm_option(*compact, *compact_path)->required();
  compact->callback([compact_path, compact, &outcome] {
    outcome = run_compact(*compact_path, verbosity_of(*compact));
  });

  auto options = std::make_shared<DeleteOptions>();
  CLI::App* del = app.add_subcommand("delete", "Delete units by source document or by date");
  add_tm_option(*del, options->tm)->required();
  del->add_option("--document", options->document, "Units whose provenance document is this");
  del->add_option("--before", options->before, "Units created before this Unix time");
  del->add_option("--after", options->after, "Units created after this Unix time");
  del->callback([options, &outcome] { outcome = run_delete(*options); });
}

}  // namespace tmkit::cli
