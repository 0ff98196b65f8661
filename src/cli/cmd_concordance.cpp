#include <iostream>
#include <memory>

#include "cli_util.hpp"
#include "commands.hpp"
#include "tmkit/memory/translation_memory.hpp"

namespace tmkit::cli {
namespace {

struct ConcordanceCommandOptions {
  std::string tm;
  std::string side = "src";
  std::string src_lang;
  std::string tgt_lang;
  std::size_t limit = 20;
  std::size_t offset = 0;
  std::string text;
};

// `text` with the hit between [[ and ]].
std::string highlight(const std::string& text, Span hit) {
  return text.substr(0, hit.begin) + "[[" + text.substr(hit.begin, hit.size()) + "]]" +
         text.substr(hit.end);
}

Status run_concordance(const ConcordanceCommandOptions& options) {
  ConcordanceOptions search;
  search.side = options.side == "tgt" ? Side::kTarget : Side::kSource;
  search.limit = options.limit;
  search.offset = options.offset;
  TMKIT_ASSIGN_OR_RETURN(search.src_lang, parse_lang_option(options.src_lang, "--src-lang"));
  TMKIT_ASSIGN_OR_RETURN(search.tgt_lang, parse_lang_option(options.tgt_lang, "--tgt-lang"));
  TMKIT_ASSIGN_OR_RETURN(const TranslationMemory tm, open_tm_read_only(options.tm));
  std::size_t total = 0;
  TMKIT_ASSIGN_OR_RETURN(const std::vector<ConcordanceHit> hits,
                         tm.concordance(options.text, search, &total));
  for (const ConcordanceHit& hit : hits) {
    const bool source = search.side == Side::kSource;
    const std::string& searched = source ? hit.unit.source : hit.unit.target;
    const std::string& other = source ? hit.unit.target : hit.unit.source;
    std::cout << "#" << hit.id << "  " << highlight(searched, hit.hit) << "  <=>  " << other
              << "  [" << hit.unit.src_lang.str() << " -> " << hit.unit.tgt_lang.str() << "]\n";
  }
  if (hits.empty()) {
    std::cerr << total << " units contain it\n";
  } else {
    std::cerr << "units " << options.offset + 1 << "-" << options.offset + hits.size() << " of "
              << total << ", newest first\n";
  }
  return {};
}

}  // namespace

void setup_concordance(CLI::App& app, Status& outcome) {
  auto options = std::make_shared<ConcordanceCommandOptions>();
  CLI::App* cmd = app.add_subcommand("concordance", "Find the units that contain a word or phrase");
  add_tm_option(*cmd, options->tm)->required();
  add_lang_options(*cmd, options->src_lang, options->tgt_lang, false);
  cmd->add_option("--side", options->side, "Search the source or the target side")
      ->check(CLI::IsMember({"src", "tgt"}))
      ->capture_default_str();
  cmd->add_option("--limit", options->limit, "Most units shown")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  cmd->add_option("--offset", options->offset, "Units skipped first (for the next page)")
      ->capture_default_str();
  cmd->add_option("text", options->text, "The word, phrase or CJK characters to find")->required();
  cmd->callback([options, &outcome] { outcome = run_concordance(*options); });
}

}  // namespace tmkit::cli
