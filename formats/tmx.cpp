#include "tmkit/formats/tmx.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <deque>
#include <fstream>
#include <future>
#include <map>
#include <optional>
#include <system_error>
#include <unordered_set>

#include "decode.hpp"
#include "tmkit/text.hpp"
#include "xml_util.hpp"

#ifndef TMKIT_VERSION
#define TMKIT_VERSION "unknown"
#endif

namespace tmkit {
namespace {

using detail::append_attribute;
using detail::append_escaped;

// ---- writing ----

std::int64_t now_seconds() {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

// The header srclang: the option, the first unit's source language, or "*all*" for a TM with
// no units (the attribute is required, and "*all*" is the DTD's word for "any").
std::string header_srclang(const std::vector<TranslationUnit>& units,
                           const TmxWriteOptions& options) {
  if (!options.src_lang.empty()) return options.src_lang.str();
  if (!units.empty()) return units.front().src_lang.str();
  return "*all*";
}

std::string tmx_preamble(const TmxWriteOptions& options, const std::string& srclang) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n"
      "<tmx version=\"1.4\">\n  <header";
  append_attribute(out, "creationtool", options.creation_tool);
  append_attribute(
      out, "creationtoolversion",
      options.creation_tool_version.empty() ? TMKIT_VERSION : options.creation_tool_version);
  out += " segtype=\"sentence\" o-tmf=\"tmkit\" adminlang=\"en\"";
  append_attribute(out, "srclang", srclang);
  out += " datatype=\"plaintext\"";
  const std::int64_t date = options.creation_date != 0 ? options.creation_date : now_seconds();
  append_attribute(out, "creationdate", detail::format_tmx_date(date));
  out += "/>\n  <body>\n";
  return out;
}

void append_element(std::string& out, std::string_view indent, std::string_view open,
                    std::string_view close, std::string_view text) {
  out += indent;
  out += open;
  append_escaped(out, text);
  out += close;
  out += '\n';
}

void append_prop(std::string& out, std::string_view indent, const Property& prop) {
  out += indent;
  out += "<prop";
  append_attribute(out, "type", prop.type);
  out += '>';
  append_escaped(out, prop.value);
  out += "</prop>\n";
}

void append_seg(std::string& out, const std::string& text, const std::vector<InlineCode>& codes) {
  out += "<seg>";
  detail::append_inline(out, text, codes, detail::CodeSyntax::kTmx);
  out += "</seg></tuv>\n";
}

void append_tuv(std::string& out, const LangTag& lang, const std::string& text,
                const std::vector<InlineCode>& codes) {
  out += "      <tuv";
  append_attribute(out, "xml:lang", lang.str());
  out += ">";
  append_seg(out, text, codes);
}

// A unit's notes and props (provenance first), as the DTD wants them before the <tuv>s of a
// <tu> or the <seg> of a <tuv>.
void append_notes_and_props(std::string& out, std::string_view indent,
                            const TranslationUnit& unit) {
  for (const std::string& note : unit.notes) {
    append_element(out, indent, "<note>", "</note>", note);
  }
  for (const Property& prop : detail::provenance_props(unit.provenance)) {
    append_prop(out, indent, prop);
  }
  for (const Property& prop : unit.props) append_prop(out, indent, prop);
}

// The <tu> attributes: a creationdate only when the date is known (0 means unknown, and
// writing it would claim 1970), a srclang when it differs from the header's.
void append_tu_start(std::string& out, const TranslationUnit& unit, const std::string& srclang) {
  out += "    <tu";
  if (unit.created != 0) {
    append_attribute(out, "creationdate", detail::format_tmx_date(unit.created));
  }
  if (unit.src_lang.str() != srclang) append_attribute(out, "srclang", unit.src_lang.str());
  out += ">\n";
}

// One <tu>. The DTD wants (note|prop)* before the <tuv>s.
void append_tu(std::string& out, const TranslationUnit& unit, const std::string& srclang) {
  append_tu_start(out, unit, srclang);
  append_notes_and_props(out, "      ", unit);
  append_tuv(out, unit.src_lang, unit.source, unit.source_codes);
  append_tuv(out, unit.tgt_lang, unit.target, unit.target_codes);
  out += "    </tu>\n";
}

// What a unit says about itself apart from its texts and languages.
bool same_metadata(const TranslationUnit& a, const TranslationUnit& b) {
  return a.created == b.created && a.provenance == b.provenance && a.props == b.props &&
         a.notes == b.notes;
}

// One multilingual <tu>: the source <tuv> of `group`'s units (which share it), then one target
// <tuv> per unit. Metadata the units share sits on the <tu>; otherwise each target <tuv> holds
// its unit's creationdate, notes and props, which parse_tmx gives back to that unit alone.
void append_group(std::string& out, const std::vector<const TranslationUnit*>& group,
                  const std::string& srclang) {
  const TranslationUnit& first = *group.front();
  const bool shared = std::all_of(group.begin(), group.end(), [&](const TranslationUnit* u) {
    return same_metadata(*u, first);
  });
  if (shared) {
    append_tu_start(out, first, srclang);
    append_notes_and_props(out, "      ", first);
  } else {
    TranslationUnit bare;
    bare.src_lang = first.src_lang;
    append_tu_start(out, bare, srclang);
  }
  append_tuv(out, first.src_lang, first.source, first.source_codes);
  for (const TranslationUnit* unit : group) {
    if (shared) {
      append_tuv(out, unit->tgt_lang, unit->target, unit->target_codes);
      continue;
    }
    out += "      <tuv";
    append_attribute(out, "xml:lang", unit->tgt_lang.str());
    if (unit->created != 0) {
      append_attribute(out, "creationdate", detail::format_tmx_date(unit->created));
    }
    out += ">\n";
    append_notes_and_props(out, "        ", *unit);
    out += "        ";
    append_seg(out, unit->target, unit->target_codes);
  }
  out += "    </tu>\n";
}

// Groups units sharing a source language, text and codes, in the order of their first unit. A
// unit whose target language its group already has starts another group: a <tu> with two
// <tuv>s of one language would read back as one of them only when a target is asked for.
// The source side of a unit as one string (NUL cannot occur in XML text): language, text, then
// each code's kind, id and native data.
std::string source_key(const TranslationUnit& unit) {
  std::string key = unit.src_lang.str() + '\0' + unit.source;
  for (const InlineCode& code : unit.source_codes) {
    key += '\0';
    key += static_cast<char>('0' + static_cast<int>(code.kind));
    key += code.id + '\0' + code.native + '\0' + code.element;
  }
  return key;
}

std::vector<std::vector<const TranslationUnit*>> group_by_source(
    const std::vector<TranslationUnit>& units) {
  std::vector<std::vector<const TranslationUnit*>> groups;
  std::map<std::string, std::vector<std::size_t>> by_source;
  for (const TranslationUnit& unit : units) {
    auto& candidates = by_source[source_key(unit)];
    const auto fits = std::find_if(candidates.begin(), candidates.end(), [&](std::size_t g) {
      return std::none_of(groups[g].begin(), groups[g].end(),
                          [&](const TranslationUnit* u) { return u->tgt_lang == unit.tgt_lang; });
    });
    if (fits != candidates.end()) {
      groups[*fits].push_back(&unit);
    } else {
      candidates.push_back(groups.size());
      groups.push_back({&unit});
    }
  }
  return groups;
}

Status check_for_tmx(const std::vector<TranslationUnit>& units, const TmxWriteOptions& options) {
  for (std::size_t i = 0; i < units.size(); ++i) {
    if (units[i].src_lang.empty() || units[i].tgt_lang.empty()) {
      return Status::invalid_input("tmx: unit " + std::to_string(i + 1) +
                                   " lacks a source or target language");
    }
  }
  TMKIT_RETURN_IF_ERROR(detail::check_xml_text(options.creation_tool, "tmx: creation tool"));
  TMKIT_RETURN_IF_ERROR(
      detail::check_xml_text(options.creation_tool_version, "tmx: creation tool version"));
  return detail::check_units_for_xml(units, "tmx");
}

// ---- reading ----

// The language tags read so far and what each parsed to (nullopt: not a well-formed tag): a
// file holds few, written again on every <tuv>.
class LangCache {
 public:
  const std::optional<LangTag>& parse(std::string_view written) {
    for (const auto& [text, tag] : seen_) {
      if (text == written) return tag;
    }
    Result<LangTag> tag = LangTag::parse(written);
    seen_.emplace_back(std::string(written),
                       tag.ok() ? std::optional<LangTag>(std::move(tag).value()) : std::nullopt);
    return seen_.back().second;
  }

 private:
  // A deque: the references parse() returned stay valid as it grows.
  std::deque<std::pair<std::string, std::optional<LangTag>>> seen_;
};

struct TmxContext {
  std::string_view name;
  const detail::XmlDocument& xml;
  const ReadOptions& options;
  std::string header_srclang;
  ReadReport& report;
  LangCache& langs;
};

struct Tuv {
  LangTag lang;
  pugi::xml_node node;
};

std::string tuv_lang_attribute(const pugi::xml_node& tuv) {
  const pugi::xml_attribute lang = tuv.attribute("xml:lang");
  return lang ? lang.value() : tuv.attribute("lang").value();  // "lang": TMX 1.1
}

// The <tuv>s with a well-formed language tag; others cannot be matched and are left out. A
// <tuv> without <seg> breaks the DTD (seg is required) and is an error, whatever its language.
Result<std::vector<Tuv>> read_tuvs(const pugi::xml_node& tu, const TmxContext& ctx) {
  std::vector<Tuv> tuvs;
  for (const pugi::xml_node& tuv : tu.children("tuv")) {
    const std::string written = tuv_lang_attribute(tuv);
    if (!tuv.child("seg")) {
      return Status::invalid_input(std::string(ctx.name) + ": " + ctx.xml.line_of(tuv) +
                                   ": <tuv xml:lang=\"" + written + "\"> has no <seg>");
    }
    const std::optional<LangTag>& lang = ctx.langs.parse(written);
    if (!lang) continue;
    ctx.report.normalised_lang(written, *lang);
    tuvs.push_back({*lang, tuv});
  }
  return tuvs;
}

std::vector<LangTag> langs_of(const std::vector<Tuv>& tuvs) {
  std::vector<LangTag> langs;
  for (const Tuv& tuv : tuvs) langs.push_back(tuv.lang);
  return langs;
}

// The source language that applies to `tu` as a string: "" or "*all*" mean the first <tuv>.
std::string wanted_srclang(const pugi::xml_node& tu, const TmxContext& ctx) {
  if (!ctx.options.src_lang.empty()) return ctx.options.src_lang.str();
  const pugi::xml_attribute own = tu.attribute("srclang");
  return own ? own.value() : ctx.header_srclang;
}

std::optional<std::size_t> source_index(const std::vector<Tuv>& tuvs, const pugi::xml_node& tu,
                                        const TmxContext& ctx) {
  const std::string wanted = wanted_srclang(tu, ctx);
  if (wanted.empty() || wanted == "*all*") {
    if (tuvs.empty()) return std::nullopt;
    return 0;
  }
  const std::optional<LangTag>& lang = ctx.langs.parse(wanted);
  if (!lang) return std::nullopt;
  return detail::find_lang(langs_of(tuvs), *lang);
}

std::vector<std::size_t> target_indices(const std::vector<Tuv>& tuvs, std::size_t source,
                                        const TmxContext& ctx) {
  std::vector<std::size_t> targets;
  if (ctx.options.tgt_lang.empty()) {
    for (std::size_t i = 0; i < tuvs.size(); ++i) {
      if (i != source) targets.push_back(i);
    }
    return targets;
  }
  std::vector<LangTag> langs = langs_of(tuvs);
  langs[source] = LangTag();  // the source <tuv> cannot also be the target
  if (auto i = detail::find_lang(langs, ctx.options.tgt_lang)) targets.push_back(*i);
  return targets;
}

// Adds the notes and props that `element` (a <tu> or a target <tuv>) holds to `unit`.
void read_notes_and_props(const pugi::xml_node& element, TranslationUnit& unit) {
  for (const pugi::xml_node& child : element.children()) {
    if (std::string_view(child.name()) == "note") {
      unit.notes.push_back(child.text().get());
    } else if (std::string_view(child.name()) == "prop") {
      const std::string_view type = child.attribute("type").value();
      const std::string_view value = child.text().get();
      if (!detail::read_provenance_prop(unit.provenance, type, value)) {
        unit.props.push_back({std::string(type), std::string(value)});
      }
    }
  }
}

// Everything a <tu> holds apart from its <tuv>s: dates, props, notes.
TranslationUnit unit_shell(const pugi::xml_node& tu) {
  TranslationUnit unit;
  unit.created = detail::parse_tmx_date(tu.attribute("creationdate").value()).value_or(0);
  read_notes_and_props(tu, unit);
  return unit;
}

// A target <tuv>'s own creationdate, notes and props belong to its unit (a multilingual TMX
// keeps each translation's metadata there; see write_tmx).
void add_target_metadata(const pugi::xml_node& tuv, TranslationUnit& unit) {
  if (auto date = detail::parse_tmx_date(tuv.attribute("creationdate").value())) {
    unit.created = *date;
  }
  read_notes_and_props(tuv, unit);
}

detail::InlineText seg_text(const pugi::xml_node& tuv) {
  return detail::read_inline(tuv.child("seg"), detail::CodeSyntax::kTmx);
}

// TMX pairs each <bpt> with the one <ept> of the same i that follows it in the <seg>. A <seg>
// where one is missing, comes first or repeats breaks the DTD's rule; the reader refuses it
// rather than guess which codes belong together.
Status check_pairs(const pugi::xml_node& tuv, const TmxContext& ctx) {
  std::vector<std::string> open;
  for (const pugi::xml_node& child : tuv.child("seg").children()) {
    const std::string_view name = child.name();
    const std::string i = child.attribute("i").value();
    const auto fail = [&](const std::string& why) {
      return Status::invalid_input(std::string(ctx.name) + ": " + ctx.xml.line_of(child) + ": " +
                                   why);
    };
    if (name == "bpt") {
      if (std::find(open.begin(), open.end(), i) != open.end()) {
        return fail("<bpt i=\"" + i + "\"> while one with that i is open");
      }
      open.push_back(i);
    } else if (name == "ept") {
      const auto it = std::find(open.begin(), open.end(), i);
      if (it == open.end()) return fail("<ept i=\"" + i + "\"> without a <bpt> before it");
      open.erase(it);
    }
  }
  if (!open.empty()) {
    return Status::invalid_input(std::string(ctx.name) + ": " + ctx.xml.line_of(tuv) +
                                 ": <bpt i=\"" + open.front() + "\"> without its <ept>");
  }
  return {};
}

// Appends the units of one <tu> to `out`, or records why there are none.
Status read_tu(const pugi::xml_node& tu, const TmxContext& ctx, std::vector<TranslationUnit>& out) {
  // Only for messages: built when one is given, not for every <tu>.
  const auto where = [&] { return std::string(ctx.name) + ": " + ctx.xml.line_of(tu) + ": <tu> "; };
  TMKIT_ASSIGN_OR_RETURN(const std::vector<Tuv> tuvs, read_tuvs(tu, ctx));
  for (const Tuv& tuv : tuvs) TMKIT_RETURN_IF_ERROR(check_pairs(tuv.node, ctx));
  const std::optional<std::size_t> source = source_index(tuvs, tu, ctx);
  if (!source) {
    ctx.report.skip(where() + "has no <tuv> for source language '" + wanted_srclang(tu, ctx) + "'");
    return {};
  }
  const std::vector<std::size_t> targets = target_indices(tuvs, *source, ctx);
  if (targets.empty()) ctx.report.skip(where() + "has no target <tuv>");
  const TranslationUnit shell = unit_shell(tu);
  const detail::InlineText source_text = seg_text(tuvs[*source].node);
  for (std::size_t target : targets) {
    TranslationUnit unit = shell;
    add_target_metadata(tuvs[target].node, unit);
    unit.src_lang = tuvs[*source].lang;
    unit.tgt_lang = tuvs[target].lang;
    unit.source = source_text.text;
    unit.source_codes = source_text.codes;
    detail::InlineText target_text = seg_text(tuvs[target].node);
    unit.target = std::move(target_text.text);
    unit.target_codes = std::move(target_text.codes);
    if (detail::is_blank(unit.source, unit.source_codes.size()) ||
        detail::is_blank(unit.target, unit.target_codes.size())) {
      ctx.report.skip(where() + "has an empty <seg> for " + unit.src_lang.str() + "/" +
                      unit.tgt_lang.str());
      continue;
    }
    const Status normalized = detail::normalize_unit(unit);
    if (!normalized.ok()) return normalized.with_context(where());
    out.push_back(std::move(unit));
  }
  return {};
}

// The <tu>s without any <tuv>. The lenient reader skips such a <tu> among good ones (it holds
// nothing to import), but a file whose every <tu> is like this is not a TMX of anything: an
// error naming the first one.
struct EmptyTus {
  std::size_t count = 0;
  std::string first;  // "name: line N"

  void see(const pugi::xml_node& tu, const TmxContext& ctx) {
    if (tu.child("tuv")) return;
    if (count++ == 0) first = std::string(ctx.name) + ": " + ctx.xml.line_of(tu);
  }
  Status check(std::size_t tu_count) const {
    if (tu_count == 0 || count < tu_count) return {};
    return Status::invalid_input(
        first + ": <tu> has no <tuv>" +
        (tu_count > 1 ? " (nor has any of the " + std::to_string(tu_count) + " <tu>s)"
                      : std::string()));
  }
};

// The TMX versions whose DTDs tmkit reads. A missing version attribute is let through (the
// DTD requires it, but the body reads the same); an unknown one may mean anything.
Status check_version(const pugi::xml_node& root, const detail::XmlDocument& xml,
                     std::string_view name) {
  const pugi::xml_attribute version = root.attribute("version");
  if (!version) return {};
  static constexpr std::string_view kKnown[] = {"1.1", "1.2", "1.3", "1.4", "1.4a", "1.4b"};
  if (std::find(std::begin(kKnown), std::end(kKnown), version.value()) != std::end(kKnown)) {
    return {};
  }
  return Status::invalid_input(std::string(name) + ": " + xml.line_of(root) +
                               ": unknown TMX version \"" + version.value() +
                               "\" (tmkit reads 1.1 to 1.4b)");
}

Result<std::vector<TranslationUnit>> read_body(const pugi::xml_node& body, const TmxContext& ctx) {
  std::vector<TranslationUnit> units;
  std::size_t tu_count = 0;
  const std::size_t first_message = ctx.report.messages.size();
  EmptyTus empty;
  for (const pugi::xml_node& tu : body.children("tu")) {
    ++tu_count;
    empty.see(tu, ctx);
    TMKIT_RETURN_IF_ERROR(read_tu(tu, ctx, units));
  }
  TMKIT_RETURN_IF_ERROR(empty.check(tu_count));
  // As in parse_xliff: no unit is an error only when the options ask for languages.
  const bool asked = !ctx.options.src_lang.empty() || !ctx.options.tgt_lang.empty();
  if (units.empty() && tu_count > 0 && asked) {
    const std::string first = first_message < ctx.report.messages.size()
                                  ? ctx.report.messages[first_message]
                                  : "(reason not kept)";
    return Status::invalid_input(std::string(ctx.name) + ": none of the " +
                                 std::to_string(tu_count) + " <tu> gave a unit; first: " + first);
  }
  ctx.report.units += units.size();
  return units;
}

}  // namespace

Status write_tmx(std::ostream& out, const std::vector<TranslationUnit>& units,
                 const TmxWriteOptions& options) {
  TMKIT_RETURN_IF_ERROR(check_for_tmx(units, options));
  const std::string srclang = header_srclang(units, options);
  out << tmx_preamble(options, srclang);
  std::string buffer;
  if (options.multilingual) {
    for (const auto& group : group_by_source(units)) {
      buffer.clear();
      append_group(buffer, group, srclang);
      out << buffer;
    }
    return detail::finish_document(out, "  </body>\n</tmx>\n", "tmx");
  }
  for (const TranslationUnit& unit : units) {
    buffer.clear();
    append_tu(buffer, unit, srclang);
    out << buffer;
  }
  return detail::finish_document(out, "  </body>\n</tmx>\n", "tmx");
}

TmxStreamWriter::TmxStreamWriter(std::ostream& out, TmxWriteOptions options)
    : out_(out), options_(std::move(options)) {}

Status TmxStreamWriter::add(const TranslationUnit& unit) {
  // The message is built only for a unit that fails: this runs for every unit exported.
  const auto where = [&] { return "tmx: unit " + std::to_string(count_ + 1); };
  if (unit.src_lang.empty() || unit.tgt_lang.empty()) {
    return Status::invalid_input(where() + " lacks a source or target language");
  }
  if (!detail::xml_clean(unit)) return detail::check_unit_for_xml(unit, where());
  if (srclang_.empty()) {
    TMKIT_RETURN_IF_ERROR(check_for_tmx({}, options_));
    srclang_ = header_srclang({unit}, options_);
    out_ << tmx_preamble(options_, srclang_);
  }
  buffer_.clear();
  append_tu(buffer_, unit, srclang_);
  out_ << buffer_;
  ++count_;
  if (!out_) return Status::io("tmx: writing failed");
  return {};
}

Status TmxStreamWriter::finish() {
  if (srclang_.empty()) {
    TMKIT_RETURN_IF_ERROR(check_for_tmx({}, options_));
    srclang_ = header_srclang({}, options_);
    out_ << tmx_preamble(options_, srclang_);
  }
  return detail::finish_document(out_, "  </body>\n</tmx>\n", "tmx");
}

namespace {

std::uint64_t source_hash(const TranslationUnit& unit) {
  return std::hash<std::string>{}(source_key(unit));
}

Status out_of_order(std::string_view call) {
  return Status::internal("tmx: TmxMultilingualWriter::" + std::string(call) + " out of order");
}

}  // namespace

struct TmxMultilingualWriter::Groups {
  std::unordered_set<std::uint64_t> shared;                 // hashes that more than one unit has
  std::vector<TranslationUnit> held;                        // the units with such a hash, in order
  std::vector<std::vector<const TranslationUnit*>> groups;  // group_by_source(held)
  std::vector<std::size_t> group_of;                        // held unit -> its group
  std::vector<bool> written;                                // per group
  std::size_t next_held = 0;                                // in the add() pass
};

TmxMultilingualWriter::TmxMultilingualWriter(std::ostream& out, TmxWriteOptions options)
    : out_(out), options_(std::move(options)), groups_(std::make_unique<Groups>()) {}

TmxMultilingualWriter::~TmxMultilingualWriter() = default;

std::size_t TmxMultilingualWriter::held_units() const { return groups_->held.size(); }

Status TmxMultilingualWriter::plan(const TranslationUnit& unit) {
  if (pass_ != Pass::kPlan) return out_of_order("plan");
  if (unit.src_lang.empty() || unit.tgt_lang.empty() || !detail::xml_clean(unit)) {
    const std::string where = "tmx: unit " + std::to_string(hashes_.size() + 1);
    if (unit.src_lang.empty() || unit.tgt_lang.empty()) {
      return Status::invalid_input(where + " lacks a source or target language");
    }
    return detail::check_unit_for_xml(unit, where);
  }
  hashes_.push_back(source_hash(unit));
  return {};
}

// The unit at this position of the pass must have the source planned there: the passes are
// separate scans, and a TM written to between them would otherwise give a wrong grouping.
Status TmxMultilingualWriter::same_as_planned(const TranslationUnit& unit, std::uint64_t& hash) {
  hash = source_hash(unit);
  if (position_ >= hashes_.size() || hashes_[position_] != hash) {
    return Status::invalid_input("tmx: unit " + std::to_string(position_ + 1) +
                                 " differs from the first pass's: the units changed between "
                                 "the passes (was the TM written to during the export?)");
  }
  ++position_;
  return {};
}

Status TmxMultilingualWriter::collect(const TranslationUnit& unit) {
  if (pass_ != Pass::kCollect) return out_of_order("collect");
  std::uint64_t hash = 0;
  TMKIT_RETURN_IF_ERROR(same_as_planned(unit, hash));
  if (groups_->shared.count(hash) != 0) groups_->held.push_back(unit);
  return {};
}

Status TmxMultilingualWriter::next_pass() {
  Groups& g = *groups_;
  if (pass_ == Pass::kPlan) {
    std::vector<std::uint64_t> sorted = hashes_;
    std::sort(sorted.begin(), sorted.end());
    for (std::size_t i = 1; i < sorted.size(); ++i) {
      if (sorted[i] == sorted[i - 1]) g.shared.insert(sorted[i]);
    }
    pass_ = Pass::kCollect;
  } else if (pass_ == Pass::kCollect) {
    if (position_ != hashes_.size()) {
      return Status::invalid_input(
          "tmx: the second pass had fewer units than the first (was "
          "the TM written to during the export?)");
    }
    g.groups = group_by_source(g.held);
    g.group_of.resize(g.held.size());
    for (std::size_t k = 0; k < g.groups.size(); ++k) {
      for (const TranslationUnit* unit : g.groups[k]) {
        g.group_of[static_cast<std::size_t>(unit - g.held.data())] = k;
      }
    }
    g.written.assign(g.groups.size(), false);
    pass_ = Pass::kAdd;
  } else {
    return out_of_order("next_pass");
  }
  position_ = 0;
  return {};
}

Status TmxMultilingualWriter::write_header(const TranslationUnit* first) {
  TMKIT_RETURN_IF_ERROR(check_for_tmx({}, options_));
  srclang_ = first != nullptr ? header_srclang({*first}, options_) : header_srclang({}, options_);
  out_ << tmx_preamble(options_, srclang_);
  return {};
}

Status TmxMultilingualWriter::add(const TranslationUnit& unit) {
  if (pass_ != Pass::kAdd) return out_of_order("add");
  std::uint64_t hash = 0;
  TMKIT_RETURN_IF_ERROR(same_as_planned(unit, hash));
  if (srclang_.empty()) TMKIT_RETURN_IF_ERROR(write_header(&unit));
  Groups& g = *groups_;
  buffer_.clear();
  if (g.shared.count(hash) == 0) {
    append_group(buffer_, {&unit}, srclang_);
    ++written_;
  } else {
    if (g.next_held >= g.held.size()) return out_of_order("add");  // same_as_planned prevents it
    const std::size_t group = g.group_of[g.next_held++];
    if (g.written[group]) return {};  // written at its first unit
    g.written[group] = true;
    append_group(buffer_, g.groups[group], srclang_);
    written_ += g.groups[group].size();
  }
  out_ << buffer_;
  if (!out_) return Status::io("tmx: writing failed");
  return {};
}

Status TmxMultilingualWriter::finish() {
  if (pass_ == Pass::kAdd && position_ != hashes_.size()) {
    return Status::invalid_input(
        "tmx: the last pass had fewer units than the first (was the TM "
        "written to during the export?)");
  }
  const bool empty = hashes_.empty() && pass_ != Pass::kDone;
  if (pass_ != Pass::kAdd && !empty) return out_of_order("finish");
  pass_ = Pass::kDone;
  if (srclang_.empty()) TMKIT_RETURN_IF_ERROR(write_header(nullptr));
  return detail::finish_document(out_, "  </body>\n</tmx>\n", "tmx");
}

Status check_xml_writable(const TranslationUnit& unit) {
  return detail::check_unit_for_xml(unit, "XML 1.0 cannot hold the unit's");
}

Result<std::vector<TranslationUnit>> parse_tmx(std::string_view bytes, std::string_view name,
                                               const ReadOptions& options, ReadReport* report) {
  detail::XmlDocument xml;
  TMKIT_RETURN_IF_ERROR(detail::parse_xml(bytes, name, xml));
  const pugi::xml_node root = xml.doc.document_element();
  if (std::string_view(root.name()) != "tmx") {
    return detail::wrong_root(name, "a TMX", root);
  }
  TMKIT_RETURN_IF_ERROR(check_version(root, xml, name));
  const pugi::xml_node body = root.child("body");
  if (!body) return Status::invalid_input(std::string(name) + ": <tmx> has no <body>");
  ReadReport local_report;
  LangCache langs;
  const TmxContext ctx{name,
                       xml,
                       options,
                       root.child("header").attribute("srclang").value(),
                       report != nullptr ? *report : local_report,
                       langs};
  return read_body(body, ctx);
}

namespace {

std::size_t count_lines(std::string_view text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

// Parses `piece` (whole <tu>s and what lies between them, from line `line` of the file) and
// hands its units to `sink`.
Status stream_piece(std::string_view piece, std::size_t line, std::string_view name,
                    const ReadOptions& options, const std::string& header_srclang,
                    ReadReport& report, std::size_t& tu_count, EmptyTus& empty,
                    const TmxUnitSink& sink) {
  detail::XmlDocument xml;
  xml.first_line = line;
  std::string wrapped = "<body>";
  wrapped += piece;
  wrapped += "</body>";
  TMKIT_RETURN_IF_ERROR(detail::parse_xml(wrapped, name, xml));
  LangCache langs;
  const TmxContext ctx{name, xml, options, header_srclang, report, langs};
  std::vector<TranslationUnit> units;
  for (const pugi::xml_node& tu : xml.doc.document_element().children("tu")) {
    ++tu_count;
    empty.see(tu, ctx);
    TMKIT_RETURN_IF_ERROR(read_tu(tu, ctx, units));
  }
  report.units += units.size();
  if (units.empty()) return {};
  return sink(std::move(units));
}

// What parsing one piece gave, for stream_tmx to take in file order (PiecesInFlight).
struct ParsedPiece {
  Status status;
  std::vector<TranslationUnit> units;
  ReadReport report;
  std::size_t tu_count = 0;
  EmptyTus empty;
};

// The pieces being parsed at once by threads of their own, taken back in file order.
class PiecesInFlight {
 public:
  PiecesInFlight(std::size_t threads, std::string_view name, const ReadOptions& options,
                 const std::string& header_srclang)
      : threads_(threads), name_(name), options_(options), header_srclang_(header_srclang) {}

  // Starts parsing `piece` (which starts at line `line`); once `threads` pieces are in flight,
  // first takes the oldest (take_oldest).
  Status start(std::string piece, std::size_t line, ReadReport& report, std::size_t& tu_count,
               EmptyTus& empty, const TmxUnitSink& sink) {
    if (pending_.size() >= threads_) {
      TMKIT_RETURN_IF_ERROR(take_oldest(report, tu_count, empty, sink));
    }
    pending_.push_back(std::async(std::launch::async, [this, piece = std::move(piece), line] {
      ParsedPiece parsed;
      parsed.status =
          stream_piece(piece, line, name_, options_, header_srclang_, parsed.report,
                       parsed.tu_count, parsed.empty, [&](std::vector<TranslationUnit>&& units) {
                         parsed.units = std::move(units);
                         return Status();
                       });
      return parsed;
    }));
    return {};
  }

  // Takes every piece still in flight.
  Status finish(ReadReport& report, std::size_t& tu_count, EmptyTus& empty,
                const TmxUnitSink& sink) {
    while (!pending_.empty()) TMKIT_RETURN_IF_ERROR(take_oldest(report, tu_count, empty, sink));
    return {};
  }

  // The pieces still running are waited for (std::async's futures wait when destroyed).
  ~PiecesInFlight() = default;

 private:
  // Adds the oldest piece's report to the file's and hands its units to `sink`; its error
  // is the file's (every earlier piece succeeded).
  Status take_oldest(ReadReport& report, std::size_t& tu_count, EmptyTus& empty,
                     const TmxUnitSink& sink) {
    ParsedPiece parsed = pending_.front().get();
    pending_.pop_front();
    report.append(std::move(parsed.report));
    tu_count += parsed.tu_count;
    if (empty.count == 0) empty.first = parsed.empty.first;
    empty.count += parsed.empty.count;
    TMKIT_RETURN_IF_ERROR(parsed.status);
    if (parsed.units.empty()) return {};
    return sink(std::move(parsed.units));
  }

  const std::size_t threads_;
  const std::string_view name_;
  const ReadOptions& options_;
  const std::string& header_srclang_;
  std::deque<std::future<ParsedPiece>> pending_;
};

// Decodes UTF-16 (after its BOM) into UTF-8 a piece at a time: a piece may end inside a code
// unit or between the halves of a surrogate pair, which wait for the next piece.
class Utf16Decoder {
 public:
  Utf16Decoder(bool little_endian, std::string_view name)
      : little_endian_(little_endian), name_(name) {}

  Status decode(std::string_view raw, std::string& out) {
    carry_ += raw;
    std::size_t i = 0;
    for (; i + 1 < carry_.size(); i += 2) {
      const std::uint32_t unit = unit_at(i);
      if (unit >= 0xD800 && unit <= 0xDBFF) {
        if (i + 3 >= carry_.size()) break;  // the low half is in the next piece
        const std::uint32_t low = unit_at(i + 2);
        if (low < 0xDC00 || low > 0xDFFF) return bad(i, kUnpaired);
        detail::append_utf8(out, 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00));
        i += 2;
      } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
        return bad(i, kUnpaired);
      } else {
        detail::append_utf8(out, unit);
      }
    }
    consumed_ += i;
    carry_.erase(0, i);
    return {};
  }

  // At the end of the file nothing may be left over.
  Status finish() const {
    if (carry_.empty()) return {};
    if (carry_.size() % 2 != 0) return bad(carry_.size() - 1, "odd number of bytes in UTF-16");
    return bad(0, kUnpaired);
  }

 private:
  std::uint32_t unit_at(std::size_t i) const {
    const auto byte = [&](std::size_t at) { return static_cast<unsigned char>(carry_[at]); };
    return little_endian_ ? byte(i) | (byte(i + 1) << 8u) : (byte(i) << 8u) | byte(i + 1);
  }

  // The messages of decode.cpp's whole-file decoder, so that both readings say the same.
  static constexpr const char* kUnpaired = "unpaired UTF-16 surrogate";

  Status bad(std::size_t i, const char* what) const {
    return Status::invalid_input(name_ + ": " + what + " at byte " +
                                 std::to_string(2 + consumed_ + i));
  }

  bool little_endian_;
  std::string name_;
  std::string carry_;         // bytes not decoded yet
  std::size_t consumed_ = 0;  // bytes decoded before carry_ (after the BOM)
};

}  // namespace

Status stream_tmx(const std::filesystem::path& path, const ReadOptions& options,
                  const TmxUnitSink& sink, ReadReport* report, std::size_t piece_bytes,
                  std::size_t threads) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    return Status::io(path.string() + ": is a directory");
  }
  std::ifstream in(path, std::ios::binary);
  // errno is the only place the reason survives std::ifstream; read it before anything else.
  if (!in) {
    return Status::io(path.string() + ": cannot open: " + std::generic_category().message(errno));
  }
  const std::string name = path.string();
  std::string pending(std::max<std::size_t>(piece_bytes, 64), '\0');
  in.read(pending.data(), static_cast<std::streamsize>(pending.size()));
  pending.resize(static_cast<std::size_t>(in.gcount()));
  // UTF-16 (with its BOM) is decoded a piece at a time; a declared encoding other than UTF-8
  // (Latin-1) is read whole, as read_tmx does.
  std::optional<Utf16Decoder> utf16;
  if (pending.starts_with("\xFF\xFE") || pending.starts_with("\xFE\xFF")) {
    utf16.emplace(pending[0] == '\xFF', name);
    std::string raw = pending.substr(2);
    pending.clear();
    TMKIT_RETURN_IF_ERROR(utf16->decode(raw, pending));
    detail::declare_utf8(pending);
  }
  const std::size_t decl_end = pending.find("?>");
  const std::string_view decl = std::string_view(pending).substr(0, decl_end);
  const std::size_t encoding = decl.find("encoding");
  const bool other_encoding = decl.starts_with("<?xml") && encoding != std::string_view::npos &&
                              decl.substr(encoding).find("UTF-8") == std::string_view::npos &&
                              decl.substr(encoding).find("utf-8") == std::string_view::npos;
  ReadReport local_report;
  ReadReport& used_report = report != nullptr ? *report : local_report;
  if (other_encoding && !utf16) {
    TMKIT_ASSIGN_OR_RETURN(std::vector<TranslationUnit> units,
                           read_tmx(path, options, &used_report));
    return units.empty() ? Status() : sink(std::move(units));
  }
  if (pending.starts_with("\xEF\xBB\xBF")) {
    pending.erase(0, 3);
    // As decode_text: a second BOM would be U+FEFF before the declaration.
    if (pending.starts_with("\xEF\xBB\xBF")) {
      return Status::invalid_input(name + ": a second byte order mark at byte 3");
    }
  }
  Status decoding;  // the first UTF-16 error, which ends the reading
  const auto read_more = [&]() {
    if (utf16) {
      std::string raw(piece_bytes, '\0');
      in.read(raw.data(), static_cast<std::streamsize>(raw.size()));
      raw.resize(static_cast<std::size_t>(in.gcount()));
      if (raw.empty()) decoding = utf16->finish();
      if (decoding.ok() && !raw.empty()) decoding = utf16->decode(raw, pending);
      return !raw.empty() && decoding.ok();
    }
    const std::size_t old = pending.size();
    pending.resize(old + piece_bytes);
    in.read(pending.data() + old, static_cast<std::streamsize>(piece_bytes));
    pending.resize(old + static_cast<std::size_t>(in.gcount()));
    return in.gcount() > 0;
  };
  // The prolog, up to the end of <body ...>, parsed on its own for the header.
  std::size_t body = std::string::npos;
  while ((body = pending.find("<body")) == std::string::npos && read_more()) {
  }
  TMKIT_RETURN_IF_ERROR(decoding);
  if (body == std::string::npos) return read_tmx(path, options, &used_report).status();
  const std::size_t body_end = pending.find('>', body);
  if (body_end == std::string::npos || pending[body_end - 1] == '/') {
    return read_tmx(path, options, &used_report).status();  // <body/>: nothing to stream
  }
  std::string header_srclang;
  {
    detail::XmlDocument xml;
    TMKIT_RETURN_IF_ERROR(
        detail::parse_xml(pending.substr(0, body_end + 1) + "</body></tmx>", name, xml));
    const pugi::xml_node root = xml.doc.document_element();
    if (std::string_view(root.name()) != "tmx") return detail::wrong_root(name, "a TMX", root);
    TMKIT_RETURN_IF_ERROR(check_version(root, xml, name));
    header_srclang = root.child("header").attribute("srclang").value();
  }
  std::size_t line = 1 + count_lines(std::string_view(pending).substr(0, body_end + 1));
  pending.erase(0, body_end + 1);
  std::size_t tu_count = 0;
  EmptyTus empty;
  const std::size_t first_message = used_report.messages.size();
  if (threads > 1) load_icu_normalizers();
  PiecesInFlight in_flight(threads, name, options, header_srclang);
  for (;;) {
    const bool more = read_more();
    const std::size_t last = pending.rfind("</tu>");
    if (last != std::string::npos) {
      const std::size_t end = last + 5;
      const std::string_view piece = std::string_view(pending).substr(0, end);
      if (threads > 1) {
        TMKIT_RETURN_IF_ERROR(
            in_flight.start(std::string(piece), line, used_report, tu_count, empty, sink));
      } else {
        TMKIT_RETURN_IF_ERROR(stream_piece(piece, line, name, options, header_srclang, used_report,
                                           tu_count, empty, sink));
      }
      line += count_lines(piece);
      pending.erase(0, end);
    }
    if (!more) break;
  }
  TMKIT_RETURN_IF_ERROR(in_flight.finish(used_report, tu_count, empty, sink));
  TMKIT_RETURN_IF_ERROR(decoding);
  // What is left must close the body and the document.
  const std::size_t close = pending.find("</body>");
  if (pending.find("<tu") != std::string::npos || close == std::string::npos ||
      pending.find("</tmx>", close) == std::string::npos) {
    return Status::invalid_input(name + ": line " + std::to_string(line) +
                                 ": the document does not end with </body></tmx> after its <tu>s");
  }
  TMKIT_RETURN_IF_ERROR(empty.check(tu_count));
  const bool asked = !options.src_lang.empty() || !options.tgt_lang.empty();
  if (used_report.units == 0 && tu_count > 0 && asked) {
    const std::string first = first_message < used_report.messages.size()
                                  ? used_report.messages[first_message]
                                  : "(reason not kept)";
    return Status::invalid_input(name + ": none of the " + std::to_string(tu_count) +
                                 " <tu> gave a unit; first: " + first);
  }
  return {};
}

Result<std::vector<TranslationUnit>> read_tmx(const std::filesystem::path& path,
                                              const ReadOptions& options, ReadReport* report) {
  TMKIT_ASSIGN_OR_RETURN(const std::string bytes, detail::read_bytes(path));
  return parse_tmx(bytes, path.string(), options, report);
}

}  // namespace tmkit
