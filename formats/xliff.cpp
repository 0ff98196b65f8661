#include "tmkit/formats/xliff.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "decode.hpp"
#include "xliff2_check.hpp"
#include "xml_util.hpp"

namespace tmkit {
namespace {

using detail::append_attribute;
using detail::append_escaped;

constexpr std::string_view kXliff12Namespace = "urn:oasis:names:tc:xliff:document:1.2";
constexpr std::string_view kXliff20Namespace = "urn:oasis:names:tc:xliff:document:2.0";
constexpr std::string_view kNoteSender = "tmkit";  // 1.2 note@from, 2.0 note@category
constexpr std::string_view kCreatedType = "x-tmkit-created";
constexpr std::string_view kClosing12 = "    </body>\n  </file>\n</xliff>\n";
constexpr std::string_view kClosing20 = "  </file>\n</xliff>\n";

struct LangPair {
  LangTag src;
  LangTag tgt;
};

// ---- writing ----

// What tmkit stores in notes, as "type: value" lines (see write_xliff).
std::vector<std::string> tmkit_notes(const TranslationUnit& unit) {
  std::vector<std::string> notes;
  for (const Property& prop : detail::provenance_props(unit.provenance)) {
    notes.push_back(prop.type + ": " + prop.value);
  }
  for (const Property& prop : unit.props) notes.push_back(prop.type + ": " + prop.value);
  if (unit.created != 0) {
    notes.push_back(std::string(kCreatedType) + ": " + detail::format_tmx_date(unit.created));
  }
  return notes;
}

bool needs_preserve(std::string_view text) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  return !text.empty() && (space(text.front()) || space(text.back()));
}

// <source> or <target>; `attributes` is pre-rendered (e.g. ` state="initial"`). xml:space is
// "preserve" when the text needs it or `preserve` says so.
void append_text_element(std::string& out, std::string_view indent, std::string_view name,
                         std::string_view attributes, std::string_view text,
                         const std::vector<InlineCode>& codes, const std::vector<std::string>& ids,
                         detail::CodeSyntax syntax, detail::OriginalData* data = nullptr,
                         bool preserve = false) {
  out += indent;
  out += '<';
  out += name;
  out += attributes;
  if (preserve || needs_preserve(text)) out += " xml:space=\"preserve\"";
  out += '>';
  detail::append_inline(out, text, codes, syntax, data, &ids);
  out += "</";
  out += name;
  out += ">\n";
}

void append_note(std::string& out, std::string_view indent, std::string_view sender_attribute,
                 std::string_view sender, std::string_view text) {
  out += indent;
  out += "<note";
  if (!sender.empty()) append_attribute(out, sender_attribute, sender);
  out += '>';
  append_escaped(out, text);
  out += "</note>\n";
}

bool is_approved(const TranslationUnit& unit, const XliffWriteOptions& options) {
  const std::optional<double>& confidence = unit.provenance.confidence;
  return !confidence || *confidence >= options.approve_confidence;
}

void append_trans_unit12(std::string& out, const TranslationUnit& unit, std::size_t id,
                         const XliffWriteOptions& options) {
  const bool approved = is_approved(unit, options);
  const detail::UnitCodeIds ids = detail::xliff_code_ids(unit);
  out += "      <trans-unit id=\"" + std::to_string(id) + "\"";
  out += approved ? " approved=\"yes\">\n" : ">\n";
  append_text_element(out, "        ", "source", "", unit.source, unit.source_codes, ids.source,
                      detail::CodeSyntax::kXliff12);
  append_text_element(out, "        ", "target",
                      approved ? " state=\"translated\"" : " state=\"needs-review-translation\"",
                      unit.target, unit.target_codes, ids.target, detail::CodeSyntax::kXliff12);
  for (const std::string& note : tmkit_notes(unit)) {
    append_note(out, "        ", "from", kNoteSender, note);
  }
  for (const std::string& note : unit.notes) append_note(out, "        ", "from", "", note);
  out += "      </trans-unit>\n";
}

void append_unit20(std::string& out, const TranslationUnit& unit, std::size_t id,
                   const XliffWriteOptions& options) {
  out += "    <unit id=\"u" + std::to_string(id) + "\">\n";
  const std::vector<std::string> own_notes = tmkit_notes(unit);
  if (!own_notes.empty() || !unit.notes.empty()) {
    out += "      <notes>\n";
    for (const std::string& note : own_notes) {
      append_note(out, "        ", "category", kNoteSender, note);
    }
    for (const std::string& note : unit.notes) append_note(out, "        ", "category", "", note);
    out += "      </notes>\n";
  }
  // The segment is rendered first: its codes fill the <originalData> that precedes it.
  detail::OriginalData data;
  std::string segment = is_approved(unit, options) ? "      <segment state=\"translated\">\n"
                                                   : "      <segment state=\"initial\">\n";
  // XLIFF 2 wants a target's xml:space to be its source's, so one needing it gives both.
  const bool preserve = needs_preserve(unit.source) || needs_preserve(unit.target);
  const detail::UnitCodeIds ids = detail::xliff_code_ids(unit);
  append_text_element(segment, "        ", "source", "", unit.source, unit.source_codes, ids.source,
                      detail::CodeSyntax::kXliff20, &data, preserve);
  append_text_element(segment, "        ", "target", "", unit.target, unit.target_codes, ids.target,
                      detail::CodeSyntax::kXliff20, &data, preserve);
  if (!data.empty()) {
    out += "      <originalData>\n";
    for (const auto& [data_id, content] : data) {
      out += "        <data";
      append_attribute(out, "id", data_id);
      out += '>';
      out += content;  // already escaped XML text (read from a file)
      out += "</data>\n";
    }
    out += "      </originalData>\n";
  }
  out += segment;
  out += "      </segment>\n    </unit>\n";
}

std::string preamble12(const XliffWriteOptions& options, const LangPair& pair) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff version=\"1.2\" xmlns=\"";
  out += kXliff12Namespace;
  out += "\">\n  <file";
  append_attribute(out, "original", options.original);
  append_attribute(out, "source-language", pair.src.str());
  append_attribute(out, "target-language", pair.tgt.str());
  out += " datatype=\"plaintext\">\n    <body>\n";
  return out;
}

std::string preamble20(const XliffWriteOptions& options, const LangPair& pair) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff version=\"2.0\" xmlns=\"";
  out += kXliff20Namespace;
  out += '"';
  append_attribute(out, "srcLang", pair.src.str());
  append_attribute(out, "trgLang", pair.tgt.str());
  out += ">\n  <file id=\"f1\"";
  append_attribute(out, "original", options.original);
  out += ">\n";
  return out;
}

// The file's language pair: from the options, else from the first unit; every unit must match.
Result<LangPair> writing_pair(const std::vector<TranslationUnit>& units,
                              const XliffWriteOptions& options) {
  LangPair pair{options.src_lang, options.tgt_lang};
  if (pair.src.empty() && !units.empty()) pair.src = units.front().src_lang;
  if (pair.tgt.empty() && !units.empty()) pair.tgt = units.front().tgt_lang;
  if (pair.src.empty() || pair.tgt.empty()) {
    return Status::invalid_input("xliff: no language pair (no units and none in the options)");
  }
  for (std::size_t i = 0; i < units.size(); ++i) {
    if (units[i].src_lang != pair.src || units[i].tgt_lang != pair.tgt) {
      return Status::invalid_input("xliff: unit " + std::to_string(i + 1) + " is " +
                                   units[i].src_lang.str() + "->" + units[i].tgt_lang.str() +
                                   " but the file is " + pair.src.str() + "->" + pair.tgt.str());
    }
  }
  return pair;
}

Status check_for_xliff(const std::vector<TranslationUnit>& units,
                       const XliffWriteOptions& options) {
  if (options.version == XliffVersion::k20 && units.empty()) {
    return Status::invalid_input("xliff: XLIFF 2.0 needs at least one unit in a <file>");
  }
  TMKIT_RETURN_IF_ERROR(detail::check_xml_text(options.original, "xliff: original"));
  return detail::check_units_for_xml(units, "xliff");
}

// ---- reading ----

struct XliffContext {
  std::string_view name;
  const detail::XmlDocument& xml;
  const ReadOptions& options;
  ReadReport& report;

  std::string where(const pugi::xml_node& node) const {
    return std::string(name) + ": " + xml.line_of(node) + ": ";
  }
};

bool is_named(const pugi::xml_node& node, std::string_view name) {
  return std::string_view(node.name()) == name;
}

bool translatable(const pugi::xml_node& node, bool inherited) {
  const std::string_view translate = node.attribute("translate").value();
  return translate.empty() ? inherited : translate != "no";
}

// Stores a tmkit note ("type: value") into `unit`; other notes are kept as notes.
void read_note(TranslationUnit& unit, const pugi::xml_node& note,
               std::string_view sender_attribute) {
  const std::string text = note.text().get();
  const std::size_t colon = text.find(": ");
  if (note.attribute(sender_attribute.data()).value() != kNoteSender ||
      colon == std::string::npos) {
    unit.notes.push_back(text);
    return;
  }
  const std::string type = text.substr(0, colon);
  const std::string value = text.substr(colon + 2);
  if (type == kCreatedType) {
    unit.created = detail::parse_tmx_date(value).value_or(0);
  } else if (!detail::read_provenance_prop(unit.provenance, type, value)) {
    unit.props.push_back({type, value});
  }
}

// Adds a unit made of `shell` and the two texts, or records why it is left out.
Status add_unit(const TranslationUnit& shell, detail::InlineText source, detail::InlineText target,
                const std::string& where, const XliffContext& ctx,
                std::vector<TranslationUnit>& out) {
  if (detail::is_blank(source.text, source.codes.size()) ||
      detail::is_blank(target.text, target.codes.size())) {
    ctx.report.skip(where + "empty source or target");
    return {};
  }
  TranslationUnit unit = shell;
  unit.source = std::move(source.text);
  unit.target = std::move(target.text);
  unit.source_codes = std::move(source.codes);
  unit.target_codes = std::move(target.codes);
  TMKIT_RETURN_IF_ERROR(detail::normalize_unit(unit).with_context(where));
  out.push_back(std::move(unit));
  return {};
}

detail::InlineText element_text(const pugi::xml_node& node) {
  return detail::read_inline(node, detail::CodeSyntax::kXliff12);
}

// An XLIFF 2 <unit>'s <originalData>: data whose content holds <cp> cannot go into another
// format's code and is left out.
detail::OriginalData original_data(const pugi::xml_node& unit) {
  detail::OriginalData data;
  for (const pugi::xml_node& entry : unit.child("originalData").children("data")) {
    if (entry.find_child([](const pugi::xml_node& n) { return n.type() == pugi::node_element; })) {
      continue;
    }
    std::string escaped;
    detail::append_escaped(escaped, entry.text().get());
    data.emplace_back(entry.attribute("id").value(), std::move(escaped));
  }
  return data;
}

// The <mrk mtype="seg"> descendants of `node`, in document order.
void collect_segments(const pugi::xml_node& node, std::vector<pugi::xml_node>& out) {
  for (const pugi::xml_node& child : node.children()) {
    if (is_named(child, "mrk") && std::string_view(child.attribute("mtype").value()) == "seg") {
      out.push_back(child);
    } else {
      collect_segments(child, out);
    }
  }
}

// A trans-unit with <seg-source>: pairs source and target segments by mid.
Status read_segmented12(const pugi::xml_node& tu, const std::vector<pugi::xml_node>& sources,
                        const TranslationUnit& shell, const XliffContext& ctx,
                        std::vector<TranslationUnit>& out) {
  std::vector<pugi::xml_node> targets;
  collect_segments(tu.child("target"), targets);
  for (const pugi::xml_node& source : sources) {
    const std::string_view mid = source.attribute("mid").value();
    const auto target = std::find_if(targets.begin(), targets.end(), [&](const pugi::xml_node& t) {
      return mid == t.attribute("mid").value();
    });
    const std::string where = ctx.where(source) + "segment " + std::string(mid) + ": ";
    if (target == targets.end()) {
      ctx.report.skip(where + "no target segment");
      continue;
    }
    TMKIT_RETURN_IF_ERROR(
        add_unit(shell, element_text(source), element_text(*target), where, ctx, out));
  }
  return {};
}

Status read_trans_unit(const pugi::xml_node& tu, bool inherited_translate, const LangPair& pair,
                       const XliffContext& ctx, std::vector<TranslationUnit>& out) {
  const std::string where =
      ctx.where(tu) + "<trans-unit id=\"" + tu.attribute("id").value() + "\"> ";
  if (!translatable(tu, inherited_translate)) {
    ctx.report.skip(where + "has translate=\"no\"");
    return {};
  }
  if (!tu.child("target")) {
    ctx.report.skip(where + "has no <target>");
    return {};
  }
  TranslationUnit shell;
  shell.src_lang = pair.src;
  shell.tgt_lang = pair.tgt;
  for (const pugi::xml_node& note : tu.children("note")) read_note(shell, note, "from");
  std::vector<pugi::xml_node> sources;
  collect_segments(tu.child("seg-source"), sources);
  if (!sources.empty()) return read_segmented12(tu, sources, shell, ctx, out);
  return add_unit(shell, element_text(tu.child("source")), element_text(tu.child("target")), where,
                  ctx, out);
}

using UnitReader = Status (*)(const pugi::xml_node&, bool, const LangPair&, const XliffContext&,
                              std::vector<TranslationUnit>&);

// Visits the units below `parent` through nested <group>s, which both XLIFF versions allow and
// which pass translate="no" down to their units.
Status walk_groups(const pugi::xml_node& parent, bool translate, const LangPair& pair,
                   const XliffContext& ctx, std::vector<TranslationUnit>& out,
                   const char* unit_name, UnitReader read_unit) {
  for (const pugi::xml_node& child : parent.children()) {
    if (is_named(child, "group")) {
      TMKIT_RETURN_IF_ERROR(
          walk_groups(child, translatable(child, translate), pair, ctx, out, unit_name, read_unit));
    } else if (is_named(child, unit_name)) {
      TMKIT_RETURN_IF_ERROR(read_unit(child, translate, pair, ctx, out));
    }
  }
  return {};
}

// One side of the pair from the file's attribute, else the option. nullopt, with `why` set,
// when there is none or it is not the language the options ask for.
std::optional<LangTag> reading_lang(std::string_view attribute, const LangTag& wanted,
                                    std::string& why, ReadReport& report) {
  if (attribute.empty()) {
    if (wanted.empty()) why = "no language given in the file or the options";
    return wanted.empty() ? std::nullopt : std::optional<LangTag>(wanted);
  }
  Result<LangTag> lang = LangTag::parse(attribute);
  if (!lang.ok()) {
    why = lang.status().message();
    return std::nullopt;
  }
  report.normalised_lang(attribute, *lang);
  if (!wanted.empty() && !wanted.same_language(*lang)) {
    why = "'" + lang->str() + "' is not the requested '" + wanted.str() + "'";
    return std::nullopt;
  }
  return std::move(lang).value();
}

// The pair a <file> (1.2) or <xliff> (2.0) declares. nullopt when it has none or one the
// options do not ask for: the element is skipped and the reason reported, so that one odd
// <file> does not cost the others.
std::optional<LangPair> reading_pair(const pugi::xml_node& node, const char* src_attribute,
                                     const char* tgt_attribute, const XliffContext& ctx) {
  std::string why;
  const std::optional<LangTag> src =
      reading_lang(node.attribute(src_attribute).value(), ctx.options.src_lang, why, ctx.report);
  if (!src) {
    ctx.report.skip(ctx.where(node) + "<" + node.name() + "> skipped: " + src_attribute + ": " +
                    why);
    return std::nullopt;
  }
  const std::optional<LangTag> tgt =
      reading_lang(node.attribute(tgt_attribute).value(), ctx.options.tgt_lang, why, ctx.report);
  if (!tgt) {
    ctx.report.skip(ctx.where(node) + "<" + node.name() + "> skipped: " + tgt_attribute + ": " +
                    why);
    return std::nullopt;
  }
  return LangPair{*src, *tgt};
}

// An open <bpt> of XLIFF 1.2: an <ept> closes it by rid (the spec's link), or by id when
// either side has no rid (tools that give both codes the same id).
struct OpenCode {
  std::string id;
  std::string rid;
  pugi::xml_node node;
};

bool closes(const pugi::xml_node& ept, const OpenCode& open) {
  const pugi::xml_attribute rid = ept.attribute("rid");
  const std::string_view key = rid ? rid.value() : ept.attribute("id").value();
  if (!open.rid.empty() && key == open.rid) return true;
  return (!rid || open.rid.empty()) && key == open.id;
}

// Pairs the <bpt>s and <ept>s of `node` (a <source>, <target> or <seg-source>) in document
// order, at any depth (<g>, <mrk>). An <ept> closing nothing, or a <bpt> never closed, is an
// error naming the line and the id: the reader would otherwise keep a half-open code.
Status pair_codes12(const pugi::xml_node& node, const XliffContext& ctx,
                    std::vector<OpenCode>& open) {
  for (const pugi::xml_node& child : node.children()) {
    if (is_named(child, "bpt")) {
      open.push_back({child.attribute("id").value(), child.attribute("rid").value(), child});
    } else if (is_named(child, "ept")) {
      const auto it = std::find_if(open.begin(), open.end(),
                                   [&](const OpenCode& code) { return closes(child, code); });
      if (it == open.end()) {
        const pugi::xml_attribute rid = child.attribute("rid");
        return Status::invalid_input(ctx.where(child) + "<ept " + (rid ? "rid" : "id") + "=\"" +
                                     (rid ? rid.value() : child.attribute("id").value()) +
                                     "\"> matches no <bpt> before it");
      }
      open.erase(it);
    } else if (!is_named(child, "sub")) {
      TMKIT_RETURN_IF_ERROR(pair_codes12(child, ctx, open));
    }
  }
  return {};
}

Status check_codes12(const pugi::xml_node& element, const XliffContext& ctx) {
  if (!element) return {};
  std::vector<OpenCode> open;
  TMKIT_RETURN_IF_ERROR(pair_codes12(element, ctx, open));
  if (open.empty()) return {};
  return Status::invalid_input(ctx.where(open.front().node) + "<bpt id=\"" + open.front().id +
                               "\"> has no <ept>");
}

// The structure of every <trans-unit> under `parent` (a <body> or <group>): ids unique within
// the <file> (the spec requires it; a TM keyed on them would merge two units) and paired codes.
Status check_trans_units12(const pugi::xml_node& parent, const XliffContext& ctx,
                           std::set<std::string>& ids) {
  for (const pugi::xml_node& child : parent.children()) {
    if (is_named(child, "group")) {
      TMKIT_RETURN_IF_ERROR(check_trans_units12(child, ctx, ids));
      continue;
    }
    if (!is_named(child, "trans-unit")) continue;
    const pugi::xml_attribute id = child.attribute("id");
    if (id) {
      if (!ids.insert(id.value()).second) {
        return Status::invalid_input(ctx.where(child) + "<trans-unit> id '" + id.value() +
                                     "' is not unique in its <file>");
      }
    }
    for (const char* side : {"source", "seg-source", "target"}) {
      TMKIT_RETURN_IF_ERROR(check_codes12(child.child(side), ctx));
    }
  }
  return {};
}

Status read_xliff12(const pugi::xml_node& root, const XliffContext& ctx,
                    std::vector<TranslationUnit>& out) {
  for (const pugi::xml_node& file : root.children("file")) {
    std::set<std::string> ids;
    TMKIT_RETURN_IF_ERROR(check_trans_units12(file.child("body"), ctx, ids));
    const std::optional<LangPair> pair =
        reading_pair(file, "source-language", "target-language", ctx);
    if (!pair) continue;
    TMKIT_RETURN_IF_ERROR(walk_groups(file.child("body"), translatable(file, true), *pair, ctx, out,
                                      "trans-unit", read_trans_unit));
  }
  return {};
}

Status read_unit20(const pugi::xml_node& unit, bool inherited_translate, const LangPair& pair,
                   const XliffContext& ctx, std::vector<TranslationUnit>& out) {
  const std::string where = ctx.where(unit) + "<unit id=\"" + unit.attribute("id").value() + "\"> ";
  if (!translatable(unit, inherited_translate)) {
    ctx.report.skip(where + "has translate=\"no\"");
    return {};
  }
  TranslationUnit shell;
  shell.src_lang = pair.src;
  shell.tgt_lang = pair.tgt;
  for (const pugi::xml_node& note : unit.child("notes").children("note")) {
    read_note(shell, note, "category");
  }
  const detail::OriginalData data = original_data(unit);
  for (const pugi::xml_node& segment : unit.children("segment")) {
    const std::string segment_where = ctx.where(segment) + "<segment> ";
    if (!segment.child("target")) {
      ctx.report.skip(segment_where + "has no <target>");
      continue;
    }
    TMKIT_RETURN_IF_ERROR(add_unit(
        shell, detail::read_inline(segment.child("source"), detail::CodeSyntax::kXliff20, &data),
        detail::read_inline(segment.child("target"), detail::CodeSyntax::kXliff20, &data),
        segment_where, ctx, out));
  }
  return {};
}

Status read_xliff20(const pugi::xml_node& root, const XliffContext& ctx,
                    std::vector<TranslationUnit>& out) {
  const std::optional<LangPair> pair = reading_pair(root, "srcLang", "trgLang", ctx);
  if (!pair) return {};
  for (const pugi::xml_node& file : root.children("file")) {
    TMKIT_RETURN_IF_ERROR(
        walk_groups(file, translatable(file, true), *pair, ctx, out, "unit", read_unit20));
  }
  return {};
}

// 1 or 2 from the root's version attribute, else its namespace; 0 when neither says.
int major_version(const pugi::xml_node& root) {
  const std::string_view version = root.attribute("version").value();
  if (!version.empty()) return version.front() - '0';
  const std::string_view ns = root.attribute("xmlns").value();
  if (ns.starts_with("urn:oasis:names:tc:xliff:document:")) return ns[34] - '0';
  return 0;
}

Status read_document(const pugi::xml_node& root, const XliffContext& ctx,
                     std::vector<TranslationUnit>& out) {
  switch (major_version(root)) {
    case 1:
      return read_xliff12(root, ctx, out);
    case 2:
      TMKIT_RETURN_IF_ERROR(detail::check_xliff20(ctx.xml, ctx.name));
      return read_xliff20(root, ctx, out);
    default:
      return Status::unsupported(std::string(ctx.name) + ": unknown XLIFF version '" +
                                 root.attribute("version").value() + "'");
  }
}

}  // namespace

Status write_xliff(std::ostream& out, const std::vector<TranslationUnit>& units,
                   const XliffWriteOptions& options) {
  TMKIT_RETURN_IF_ERROR(check_for_xliff(units, options));
  TMKIT_ASSIGN_OR_RETURN(const LangPair pair, writing_pair(units, options));
  const bool v12 = options.version == XliffVersion::k12;
  out << (v12 ? preamble12(options, pair) : preamble20(options, pair));
  std::string buffer;
  for (std::size_t i = 0; i < units.size(); ++i) {
    buffer.clear();
    if (v12) {
      append_trans_unit12(buffer, units[i], i + 1, options);
    } else {
      append_unit20(buffer, units[i], i + 1, options);
    }
    out << buffer;
  }
  return detail::finish_document(out, v12 ? kClosing12 : kClosing20, "xliff");
}

XliffStreamWriter::XliffStreamWriter(std::ostream& out, XliffWriteOptions options)
    : out_(out), options_(std::move(options)) {}

Status XliffStreamWriter::start() {
  if (options_.src_lang.empty() || options_.tgt_lang.empty()) {
    return Status::invalid_input("xliff: no language pair (no units and none in the options)");
  }
  TMKIT_RETURN_IF_ERROR(detail::check_xml_text(options_.original, "xliff: original"));
  const LangPair pair{options_.src_lang, options_.tgt_lang};
  out_ << (options_.version == XliffVersion::k12 ? preamble12(options_, pair)
                                                 : preamble20(options_, pair));
  started_ = true;
  return {};
}

Status XliffStreamWriter::add(const TranslationUnit& unit) {
  // The message is built only for a unit that fails: this runs for every unit exported.
  const auto where = [&] { return "xliff: unit " + std::to_string(count_ + 1); };
  if (unit.src_lang != options_.src_lang || unit.tgt_lang != options_.tgt_lang) {
    return Status::invalid_input(where() + " is " + unit.src_lang.str() + "->" +
                                 unit.tgt_lang.str() + " but the file is " +
                                 options_.src_lang.str() + "->" + options_.tgt_lang.str());
  }
  if (!detail::xml_clean(unit)) return detail::check_unit_for_xml(unit, where());
  if (!started_) TMKIT_RETURN_IF_ERROR(start());
  buffer_.clear();
  if (options_.version == XliffVersion::k12) {
    append_trans_unit12(buffer_, unit, count_ + 1, options_);
  } else {
    append_unit20(buffer_, unit, count_ + 1, options_);
  }
  out_ << buffer_;
  ++count_;
  if (!out_) return Status::io("xliff: writing failed");
  return {};
}

Status XliffStreamWriter::finish() {
  const bool v12 = options_.version == XliffVersion::k12;
  if (!started_) {
    if (!v12) return Status::invalid_input("xliff: XLIFF 2.0 needs at least one unit in a <file>");
    TMKIT_RETURN_IF_ERROR(start());
  }
  return detail::finish_document(out_, v12 ? kClosing12 : kClosing20, "xliff");
}

Result<std::vector<TranslationUnit>> parse_xliff(std::string_view bytes, std::string_view name,
                                                 const ReadOptions& options, ReadReport* report) {
  detail::XmlDocument xml;
  TMKIT_RETURN_IF_ERROR(detail::parse_xml(bytes, name, xml));
  const pugi::xml_node root = xml.doc.document_element();
  if (!is_named(root, "xliff")) {
    return detail::wrong_root(name, "an XLIFF", root);
  }
  ReadReport local_report;
  ReadReport& used_report = report != nullptr ? *report : local_report;
  const std::size_t first_message = used_report.messages.size();
  const std::size_t skipped_before = used_report.skipped;
  const XliffContext ctx{name, xml, options, used_report};
  std::vector<TranslationUnit> units;
  TMKIT_RETURN_IF_ERROR(read_document(root, ctx, units));
  // A file with nothing to take (untranslated, source only) is fine; one that has nothing for
  // the languages the options ask for is an error, so that a wrong --src-lang is noticed.
  const bool asked = !options.src_lang.empty() || !options.tgt_lang.empty();
  if (units.empty() && asked && used_report.skipped > skipped_before) {
    const std::string first = first_message < used_report.messages.size()
                                  ? used_report.messages[first_message]
                                  : std::string(name) + ": (reason not kept)";
    return Status::invalid_input(std::string(name) + ": no usable unit; first skipped: " + first);
  }
  used_report.units += units.size();
  return units;
}

Result<std::vector<TranslationUnit>> read_xliff(const std::filesystem::path& path,
                                                const ReadOptions& options, ReadReport* report) {
  TMKIT_ASSIGN_OR_RETURN(const std::string bytes, detail::read_bytes(path));
  return parse_xliff(bytes, path.string(), options, report);
}

}  // namespace tmkit
