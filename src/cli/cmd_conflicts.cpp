#include <iostream>
#include <memory>

#include "cli_util.hpp"
#include "commands.hpp"
#include "tmkit/memory/translation_memory.hpp"

namespace tmkit::cli {
namespace {

struct ConflictsOptions {
  std::string tm;
  std::string src_lang;
  std::string tgt_lang;
};

void print_variant(const Match& variant) {
  const Provenance& p = variant.unit.provenance;
  std::cout << "  #" << variant.id << "  " << variant.unit.target << "  (used " << variant.use_count
            << "x, created " << variant.unit.created;
  if (!p.document.empty()) std::cout << ", " << p.document;
  if (!p.src_position.empty()) std::cout << ":" << p.src_position;
  if (!p.tool.empty()) std::cout << ", " << p.tool;
  std::cout << ")\n";
}

Status run_conflicts(const ConflictsOptions& options) {
  TMKIT_ASSIGN_OR_RETURN(const LangTag src, parse_lang_option(options.src_lang, "--src-lang"));
  TMKIT_ASSIGN_OR_RETURN(const LangTag tgt, parse_lang_option(options.tgt_lang, "--tgt-lang"));
  TMKIT_ASSIGN_OR_RETURN(const TranslationMemory tm, open_tm_read_only(options.tm));
  TMKIT_ASSIGN_OR_RETURN(const std::vector<VariantGroup> groups, tm.conflicts(src, tgt));
  for (const VariantGroup& group : groups) {
    const TranslationUnit& first = group.variants.front().unit;
    std::cout << first.source << "  [" << first.src_lang.str() << " -> " << first.tgt_lang.str()
              << ", " << group.variants.size() << " targets]\n";
    for (const Match& variant : group.variants) print_variant(variant);
  }
  std::cerr << groups.size() << " sources with more than one target\n";
  return {};
}

}  // namespace

void setup_conflicts(CLI::App& app, Status& outcome) {
  auto options = std::make_shared<ConflictsOptions>();
  CLI::App* cmd = app.add_subcommand("conflicts", "List sources stored with more than one target");
  add_tm_option(*cmd, options->tm)->required();
  add_lang_options(*cmd, options->src_lang, options->tgt_lang, false);
  cmd->callback([options, &outcome] { outcome = run_conflicts(*options); });
}

}  // namespace tmkit::cli
