#include <iostream>
#include <memory>

#include "cli_util.hpp"
#include "commands.hpp"
#include "tmkit/memory/translation_memory.hpp"

namespace tmkit::cli {
namespace {

Status run_stats(const std::string& tm_path) {
  TMKIT_ASSIGN_OR_RETURN(const TranslationMemory tm, open_tm_read_only(tm_path));
  TMKIT_ASSIGN_OR_RETURN(const TmStats stats, tm.stats());
  std::cout << "translation memory: " << tm_path << "\n"
            << "schema version:     " << stats.schema_version << "\n"
            << "units:              " << stats.units << "\n"
            << "sources with variants: " << stats.sources_with_variants << "\n"
            << "size on disk:       " << stats.file_bytes << " bytes (" << stats.used_bytes
            << " in use; `tmkit compact` drops the rest)\n";
  for (const LanguagePairCount& pair : stats.pairs) {
    std::cout << "  " << pair.src_lang.str() << " -> " << pair.tgt_lang.str() << ": " << pair.units
              << " units\n";
  }
  std::cout << "databases (bytes in use; main tree only for dedupe, sources, *_grams):\n";
  for (const auto& [name, bytes] : stats.database_bytes) {
    std::cout << "  " << name << ": " << bytes << "\n";
  }
  return {};
}

}  // namespace

void setup_stats(CLI::App& app, Status& outcome) {
  auto tm_path = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("stats", "Show what a TM holds");
  add_tm_option(*cmd, *tm_path)->required();
  cmd->callback([tm_path, &outcome] { outcome = run_stats(*tm_path); });
}

}  // namespace tmkit::cli
