#include <algorithm>
#include <chrono>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string_view>

#include "cli_util.hpp"
#include "commands.hpp"
#include "progress.hpp"
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
  double min_confidence = -1.0;  // negative: no confidence filter
  std::vector<std::string> documents;
  std::string since;
  std::string until;
  bool multilingual = false;
};

// Which units an export takes; each empty or unset field lets every unit through.
struct UnitFilter {
  LangTag src_lang;
  LangTag tgt_lang;
  std::optional<double> min_confidence;
  std::set<std::string> documents;
  std::optional<std::int64_t> since;  // seconds since the epoch, inclusive
  std::optional<std::int64_t> until;  // inclusive
};

// A bare language ("fr") asks for every variant of it; a tag with a script or region ("fr-CA")
// for that one only, so that a TM holding fr-CA and fr-FR can export either.
bool lang_matches(const LangTag& tag, const LangTag& wanted) {
  if (wanted.empty()) return true;
  if (wanted.str() == wanted.language()) return tag.same_language(wanted);
  return tag == wanted;
}

// Units without a confidence (imported from other tools, human translations) are not aligner
// guesses, so a confidence filter keeps them; a date filter drops units of unknown date.
bool keep(const TranslationUnit& unit, const UnitFilter& filter) {
  if (!lang_matches(unit.src_lang, filter.src_lang)) return false;
  if (!lang_matches(unit.tgt_lang, filter.tgt_lang)) return false;
  const auto& confidence = unit.provenance.confidence;
  if (filter.min_confidence && confidence && *confidence < *filter.min_confidence) return false;
  if (!filter.documents.empty() && filter.documents.count(unit.provenance.document) == 0) {
    return false;
  }
  if ((filter.since || filter.until) && unit.created == 0) return false;
  if (filter.since && unit.created < *filter.since) return false;
  return !filter.until || unit.created <= *filter.until;
}

int digits(std::string_view text, std::size_t at, std::size_t count) {
  int value = 0;
  for (std::size_t i = at; i < at + count; ++i) value = value * 10 + (text[i] - '0');
  return value;
}

// Parses YYYY-MM-DD (UTC) or a TMX date YYYYMMDDThhmmssZ into seconds since the epoch. A bare
// day given as an end (`end_of_day`) means its last second, so --until 2024-05-31 keeps May 31.
Result<std::int64_t> parse_date_option(const std::string& text, const std::string& option,
                                       bool end_of_day) {
  const auto all_digits = [&](std::size_t at, std::size_t count) {
    return std::all_of(text.begin() + static_cast<std::ptrdiff_t>(at),
                       text.begin() + static_cast<std::ptrdiff_t>(at + count),
                       [](char c) { return c >= '0' && c <= '9'; });
  };
  const bool day = text.size() == 10 && text[4] == '-' && text[7] == '-' && all_digits(0, 4) &&
                   all_digits(5, 2) && all_digits(8, 2);
  const bool tmx = text.size() == 16 && text[8] == 'T' && text[15] == 'Z' && all_digits(0, 8) &&
                   all_digits(9, 6);
  if (!day && !tmx) {
    return Status::invalid_input(option + ": '" + text +
                                 "' is not a date (YYYY-MM-DD or YYYYMMDDThhmmssZ)");
  }
  const std::size_t m = day ? 5 : 4;
  const std::size_t d = day ? 8 : 6;
  const std::chrono::year_month_day ymd{
      std::chrono::year(digits(text, 0, 4)),
      std::chrono::month(static_cast<unsigned>(digits(text, m, 2))),
      std::chrono::day(static_cast<unsigned>(digits(text, d, 2)))};
  if (!ymd.ok()) return Status::invalid_input(option + ": '" + text + "' is not a calendar date");
  std::int64_t seconds =
      std::chrono::sys_seconds(std::chrono::sys_days(ymd)).time_since_epoch().count();
  if (tmx) {
    const int hh = digits(text, 9, 2), mm = digits(text, 11, 2), ss = digits(text, 13, 2);
    if (hh > 23 || mm > 59 || ss > 59) {
      return Status::invalid_input(option + ": '" + text + "' is not a time of day");
    }
    return seconds + hh * 3600 + mm * 60 + ss;
  }
  return end_of_day ? seconds + 86399 : seconds;
}

Result<UnitFilter> make_filter(const ExportOptions& options) {
  UnitFilter filter;
  TMKIT_ASSIGN_OR_RETURN(filter.src_lang, parse_lang_option(options.src_lang, "--src-lang"));
  TMKIT_ASSIGN_OR_RETURN(filter.tgt_lang, parse_lang_option(options.tgt_lang, "--tgt-lang"));
  if (options.min_confidence >= 0) filter.min_confidence = options.min_confidence;
  filter.documents.insert(options.documents.begin(), options.documents.end());
  if (!options.since.empty()) {
    TMKIT_ASSIGN_OR_RETURN(filter.since, parse_date_option(options.since, "--since", false));
  }
  if (!options.until.empty()) {
    TMKIT_ASSIGN_OR_RETURN(filter.until, parse_date_option(options.until, "--until", true));
  }
  return filter;
}

// Units holding characters XML 1.0 cannot carry (control characters a lenient reader took from
// "&#7;") would make the whole export fail: they are left out, each named on stderr.
bool writable(const TranslationUnit& unit, std::size_t& dropped) {
  const Status status = check_xml_writable(unit);
  if (status.ok()) return true;
  ++dropped;
  const std::string& document = unit.provenance.document;
  std::cerr << "tmkit export: left out a unit" << (document.empty() ? "" : " of " + document)
            << ": " << status.message() << "\n";
  return false;
}

void report_dropped(std::size_t dropped) {
  if (dropped > 0) std::cerr << "tmkit export: " << dropped << " units left out\n";
}

// Writes `unit`, or leaves it out (named on stderr) when XML 1.0 cannot hold it. The writer
// checks every unit it is given and refuses such a one with kInvalidInput, writing nothing;
// only then is the unit checked again, for the message naming field and character, so the
// common case checks each unit once. A TM's units always have their languages, the writer's
// other kInvalidInput, which still fails the export.
template <typename Writer>
Status add_or_leave_out(Writer& writer, const TranslationUnit& unit, std::size_t& dropped) {
  const Status added = writer.add(unit);
  if (added.code() != StatusCode::kInvalidInput || writable(unit, dropped)) return added;
  return {};
}

// Reads the TM once and gives `writer` every unit that `filter` keeps (and `also`, when set,
// accepts), leaving out and naming those XML cannot hold; `exported` gets the writer's count.
template <typename Writer>
Status write_kept_units(const TranslationMemory& tm, const UnitFilter& filter, Verbosity verbosity,
                        const std::function<bool(const TranslationUnit&)>& also, Writer& writer,
                        std::size_t& exported) {
  std::size_t dropped = 0;
  Progress progress("exporting", 0, verbosity);
  const Status read = tm.for_each_unit(filter.src_lang, filter.tgt_lang,
                                       [&](std::uint64_t, const TranslationUnit& unit) {
                                         progress.advance();
                                         if (!keep(unit, filter) || (also && !also(unit)))
                                           return Status();
                                         return add_or_leave_out(writer, unit, dropped);
                                       });
  progress.finish();
  if (!read.ok()) return read;
  report_dropped(dropped);
  exported = writer.units();
  return writer.finish();
}

// A plain TMX export is written in one pass while the TM is read (XLIFF first finds the pair,
// a multilingual TMX first groups by source: more passes). The progress line counts the units
// read, with no total: counting the pair's units first would read the TM twice.
Result<std::size_t> stream_tmx_export(const TranslationMemory& tm, const ExportOptions& options,
                                      const UnitFilter& filter, Verbosity verbosity) {
  std::size_t exported = 0;
  const auto write = [&](std::ostream& out) -> Status {
    TmxWriteOptions tmx;
    tmx.src_lang = filter.src_lang;
    TmxStreamWriter writer(out, tmx);
    return write_kept_units(tm, filter, verbosity, {}, writer, exported);
  };
  TMKIT_RETURN_IF_ERROR(write_output(options.output, write));
  return exported;
}

// Calls `visit` for each unit of the TM that `filter` keeps and XML 1.0 can hold (the others
// are left out silently: the pass that writes names them), counting the units read.
Status scan_kept(const TranslationMemory& tm, const UnitFilter& filter, Progress& progress,
                 const std::function<Status(const TranslationUnit&)>& visit) {
  return tm.for_each_unit(filter.src_lang, filter.tgt_lang,
                          [&](std::uint64_t, const TranslationUnit& unit) -> Status {
                            progress.advance();
                            if (!keep(unit, filter) || !check_xml_writable(unit).ok()) return {};
                            return visit(unit);
                          });
}

struct LangPair {
  LangTag src;
  LangTag tgt;
};

// XLIFF holds one language pair, written in its header, so unless the options name it, a first
// pass over the TM finds the pairs of the units the export takes (a set, whatever the TM's size).
// When a bare language
// ("es") found several variants ("es", "es-AR") and some units have exactly the tags asked for,
// those are the pair meant (`exact`); otherwise several pairs need --src-lang/--tgt-lang.
Result<LangPair> xliff_pair(const TranslationMemory& tm, const UnitFilter& filter,
                            Verbosity verbosity, bool& exact) {
  // Tags with a script or region select themselves only (lang_matches): the pair is known, and
  // the first pass is saved.
  const auto specific = [](const LangTag& tag) {
    return !tag.empty() && tag.str() != tag.language();
  };
  exact = false;
  if (specific(filter.src_lang) && specific(filter.tgt_lang)) {
    return LangPair{filter.src_lang, filter.tgt_lang};
  }
  std::map<std::pair<std::string, std::string>, LangPair> pairs;
  Progress progress("finding the language pair", 0, verbosity);
  TMKIT_RETURN_IF_ERROR(scan_kept(tm, filter, progress, [&](const TranslationUnit& unit) {
    pairs.try_emplace({unit.src_lang.str(), unit.tgt_lang.str()},
                      LangPair{unit.src_lang, unit.tgt_lang});
    return Status();
  }));
  progress.finish();
  exact = !filter.src_lang.empty() && !filter.tgt_lang.empty() &&
          pairs.count({filter.src_lang.str(), filter.tgt_lang.str()}) != 0;
  if (exact || pairs.empty()) return LangPair{filter.src_lang, filter.tgt_lang};
  if (pairs.size() > 1) {
    return Status::invalid_input(
        "the TM holds " + std::to_string(pairs.size()) +
        " language pairs; XLIFF takes one: give --src-lang and --tgt-lang");
  }
  return pairs.begin()->second;
}

// XLIFF is written while the TM is read a second time, one unit at a time, so memory holds
// one unit and the set of pairs, never every unit.
Result<std::size_t> stream_xliff_export(const TranslationMemory& tm, const ExportOptions& options,
                                        const UnitFilter& filter, Verbosity verbosity) {
  bool exact = false;
  TMKIT_ASSIGN_OR_RETURN(const LangPair pair, xliff_pair(tm, filter, verbosity, exact));
  std::size_t exported = 0;
  const auto write = [&](std::ostream& out) -> Status {
    XliffWriteOptions xliff;
    xliff.version = options.format == "xliff2" ? XliffVersion::k20 : XliffVersion::k12;
    xliff.src_lang = pair.src;
    xliff.tgt_lang = pair.tgt;
    xliff.original = std::filesystem::path(options.tm).filename().string();
    XliffStreamWriter writer(out, xliff);
    const auto in_pair = [&](const TranslationUnit& unit) {
      return !exact || (unit.src_lang == pair.src && unit.tgt_lang == pair.tgt);
    };
    return write_kept_units(tm, filter, verbosity, in_pair, writer, exported);
  };
  TMKIT_RETURN_IF_ERROR(write_output(options.output, write));
  return exported;
}

// A multilingual TMX groups the units that share a source, wherever they are in the TM, so
// TmxMultilingualWriter reads the TM three times: hashes of every source (8 bytes a unit), the
// units whose source is shared (held until written), then the writing pass. Units of a source
// of their own, usually nearly all, are written as they are read.
Result<std::size_t> multilingual_export(const TranslationMemory& tm, const ExportOptions& options,
                                        const UnitFilter& filter, Verbosity verbosity) {
  TmxWriteOptions tmx;
  tmx.src_lang = filter.src_lang;
  tmx.multilingual = true;
  std::size_t exported = 0;
  const auto write = [&](std::ostream& out) -> Status {
    TmxMultilingualWriter writer(out, tmx);
    std::size_t dropped = 0;
    Progress planning("grouping by source", 0, verbosity);
    TMKIT_RETURN_IF_ERROR(tm.for_each_unit(
        filter.src_lang, filter.tgt_lang, [&](std::uint64_t, const TranslationUnit& unit) {
          planning.advance();
          if (!keep(unit, filter)) return Status();
          const Status planned = writer.plan(unit);
          if (planned.code() != StatusCode::kInvalidInput || writable(unit, dropped)) {
            return planned;
          }
          return Status();
        }));
    planning.finish();
    report_dropped(dropped);
    TMKIT_RETURN_IF_ERROR(writer.next_pass());
    Progress collecting("collecting shared sources", 0, verbosity);
    TMKIT_RETURN_IF_ERROR(scan_kept(
        tm, filter, collecting, [&](const TranslationUnit& unit) { return writer.collect(unit); }));
    collecting.finish();
    TMKIT_RETURN_IF_ERROR(writer.next_pass());
    Progress exporting("exporting", 0, verbosity);
    TMKIT_RETURN_IF_ERROR(scan_kept(tm, filter, exporting,
                                    [&](const TranslationUnit& unit) { return writer.add(unit); }));
    exporting.finish();
    exported = writer.units();
    return writer.finish();
  };
  TMKIT_RETURN_IF_ERROR(write_output(options.output, write));
  return exported;
}

Status run_export(const ExportOptions& options, Verbosity verbosity) {
  if (options.multilingual && options.format != "tmx") {
    return Status::invalid_input("--multilingual needs --format tmx (XLIFF holds one pair)");
  }
  TMKIT_ASSIGN_OR_RETURN(const UnitFilter filter, make_filter(options));
  TMKIT_ASSIGN_OR_RETURN(const TranslationMemory tm, open_tm_read_only(options.tm));
  std::size_t exported = 0;
  if (options.format != "tmx") {
    TMKIT_ASSIGN_OR_RETURN(exported, stream_xliff_export(tm, options, filter, verbosity));
  } else if (options.multilingual) {
    TMKIT_ASSIGN_OR_RETURN(exported, multilingual_export(tm, options, filter, verbosity));
  } else {
    TMKIT_ASSIGN_OR_RETURN(exported, stream_tmx_export(tm, options, filter, verbosity));
  }
  if (verbosity != Verbosity::kQuiet) {
    std::cerr << "exported " << exported << " units to " << options.output << "\n";
  }
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
  cmd->add_option("--min-confidence", options->min_confidence,
                  "Leave out aligned units whose confidence is below this (0-1); units "
                  "without a confidence are kept")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--document", options->documents,
                  "Only units from this source document (as `tmkit stats` names it); repeatable");
  cmd->add_option("--since", options->since,
                  "Only units created on or after this date (YYYY-MM-DD or YYYYMMDDThhmmssZ, UTC)");
  cmd->add_option("--until", options->until, "Only units created on or before this date");
  cmd->add_flag("--multilingual", options->multilingual,
                "TMX: one <tu> per source, with a <tuv> for each of its translations");
  cmd->callback([options, cmd, &outcome] { outcome = run_export(*options, verbosity_of(*cmd)); });
}

}  // namespace tmkit::cli
