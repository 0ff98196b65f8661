#include <iostream>
#include <memory>
#include <set>

#include "cli_util.hpp"
#include "commands.hpp"
#include "tmkit/formats/tmx.hpp"
#include "tmkit/formats/xliff.hpp"
#include "tmkit/memory/translation_memory.hpp"

namespace tmkit::cli {
namespace {

struct ExportOptions {
  std::string tm;
  std::string format = "tmx";
  std::string src_lang;
  std::string tgt_lang;
  std::string output;
};

Result<std::vector<TranslationUnit>> collect_units(const TranslationMemory& tm, const LangTag& src,
                                                   const LangTag& tgt) {
  std::vector<TranslationUnit> units;
  TMKIT_RETURN_IF_ERROR(tm.for_each_unit(src, tgt, [&](std::uint64_t, const TranslationUnit& u) {
    units.push_back(u);
    return Status();
  }));
  return units;
}

// XLIFF holds one language pair; a TM with several needs --src-lang/--tgt-lang.
Status check_single_pair(const std::vector<TranslationUnit>& units) {
  std::set<std::pair<std::string, std::string>> pairs;
  for (const auto& unit : units) pairs.emplace(unit.src_lang.str(), unit.tgt_lang.str());
  if (pairs.size() <= 1) return {};
  return Status::invalid_input("the TM holds " + std::to_string(pairs.size()) +
                               " language pairs; XLIFF takes one: give --src-lang and --tgt-lang");
}

Status write_units(std::ostream& out, const ExportOptions& options,
                   const std::vector<TranslationUnit>& units, const ReadOptions& langs) {
  if (options.format == "tmx") {
    TmxWriteOptions tmx;
    tmx.src_lang = langs.src_lang;
    return write_tmx(out, units, tmx);
  }
  XliffWriteOptions xliff;
  xliff.version = options.format == "xliff2" ? XliffVersion::k20 : XliffVersion::k12;
  xliff.src_lang = units.empty() ? langs.src_lang : units.front().src_lang;
  xliff.tgt_lang = units.empty() ? langs.tgt_lang : units.front().tgt_lang;
  xliff.original = std::filesystem::path(options.tm).filename().string();
  return write_xliff(out, units, xliff);
}

Status run_export(const ExportOptions& options) {
  ReadOptions langs;
  TMKIT_ASSIGN_OR_RETURN(langs.src_lang, parse_lang_option(options.src_lang, "--src-lang"));
  TMKIT_ASSIGN_OR_RETURN(langs.tgt_lang, parse_lang_option(options.tgt_lang, "--tgt-lang"));
  TMKIT_ASSIGN_OR_RETURN(const TranslationMemory tm, open_tm_read_only(options.tm));
  TMKIT_ASSIGN_OR_RETURN(const auto units, collect_units(tm, langs.src_lang, langs.tgt_lang));
  if (options.format != "tmx") TMKIT_RETURN_IF_ERROR(check_single_pair(units));
  TMKIT_RETURN_IF_ERROR(write_output(
      options.output, [&](std::ostream& out) { return write_units(out, options, units, langs); }));
  std::cerr << "exported " << units.size() << " units to " << options.output << "\n";
  return {};
}

}  // namespace

void setup_export(CLI::App& app, Status& outcome) {
  auto options = std::make_shared<ExportOptions>();
  CLI::App* cmd = app.add_subcommand("export", "Export a TM as TMX 1.4b or XLIFF 1.2/2.0");
  add_tm_option(*cmd, options->tm)->required();
  cmd->add_option("--format", options->format, "Output format")
      ->check(CLI::IsMember({"tmx", "xliff12", "xliff2"}))
      ->capture_default_str();
  add_lang_options(*cmd, options->src_lang, options->tgt_lang, false);
  cmd->add_option("-o,--output", options->output, "Output file, - for stdout")->required();
  cmd->callback([options, &outcome] { outcome = run_export(*options); });
}

}  // namespace tmkit::cli
