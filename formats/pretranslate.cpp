#include "tmkit/formats/pretranslate.hpp"

#include <algorithm>
#include <array>
#include <charconv>

#include "decode.hpp"
#include "xliff2_check.hpp"
#include "xml_util.hpp"

namespace tmkit {
namespace {

using detail::CodeSyntax;

// One replacement of text[offset, offset + length).
struct Edit {
  std::size_t offset = 0;
  std::size_t length = 0;
  std::string text;
};

bool named(const pugi::xml_node& node, std::string_view name) {
  return std::string_view(node.name()) == name;
}

// The offset just past the start tag that begins at `offset` (quoted values may hold '>').
std::size_t start_tag_end(std::string_view text, std::size_t offset) {
  char quote = 0;
  for (std::size_t i = offset; i < text.size(); ++i) {
    const char c = text[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return i + 1;
    }
  }
  return text.size();
}

// The offset of the '<' that starts `node` (pugixml's offset_debug points at the name).
std::size_t offset_of(std::string_view text, const pugi::xml_node& node) {
  std::size_t offset = static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, node.offset_debug()));
  while (offset > 0 && offset < text.size() && text[offset] != '<') --offset;
  return offset;
}

// The offset just past the element `node` (an unprefixed <source> or <target>).
std::size_t element_end(std::string_view text, const pugi::xml_node& node) {
  const std::size_t after_start = start_tag_end(text, offset_of(text, node));
  if (after_start >= 2 && text[after_start - 2] == '/') return after_start;
  const std::string close = std::string("</") + node.name();
  const std::size_t at = text.find(close, after_start);
  if (at == std::string_view::npos) return text.size();
  return start_tag_end(text, at);
}

// The white space that precedes `node` on its line, to indent what is inserted beside it.
std::string indent_of(std::string_view text, const pugi::xml_node& node) {
  const std::size_t offset = offset_of(text, node);
  const std::size_t line = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  const std::size_t begin = line == std::string_view::npos ? 0 : line + 1;
  const std::string_view before = text.substr(begin, offset - begin);
  if (before.find_first_not_of(" \t") != std::string_view::npos) return {};
  return std::string(before);
}

std::string format_score(double score) {
  std::array<char, 32> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), score,
                                    std::chars_format::fixed, 1);
  std::string out(buffer.data(), result.ptr);
  if (out.ends_with(".0")) out.resize(out.size() - 2);
  return out;
}

bool needs_preserve(std::string_view text) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  return !text.empty() && (space(text.front()) || space(text.back()));
}

std::string text_element(std::string_view name, std::string_view attributes, std::string_view text,
                         const std::vector<InlineCode>& codes, CodeSyntax syntax) {
  std::string out = "<" + std::string(name) + std::string(attributes);
  if (needs_preserve(text)) out += " xml:space=\"preserve\"";
  out += '>';
  detail::append_inline(out, text, codes, syntax);
  out += "</" + std::string(name) + ">";
  return out;
}

// The markup of each inline code of a <source>, in the order read_inline gives its codes: the
// element itself for a placeholder or a lone half, the start tag and the end tag of an
// enclosing element (<g>, <mrk>, <pc>). `complete` is false when the source holds an element
// read_inline reads through (its markup would be lost).
struct CodeMarkup {
  std::vector<std::string> markup;
  std::vector<bool> encloses;       // an enclosing element's start or end tag
  std::vector<bool> not_deletable;  // canDelete="no"
  bool complete = true;
};

struct Printed : pugi::xml_writer {
  std::string out;
  void write(const void* data, std::size_t size) override {
    out.append(static_cast<const char*>(data), size);
  }
};

class MarkupCollector {
 public:
  MarkupCollector(std::string_view text, CodeSyntax syntax) : text_(text), syntax_(syntax) {}

  CodeMarkup collect(const pugi::xml_node& source) {
    visit(source);
    return std::move(out_);
  }

 private:
  bool enclosing(std::string_view name) const {
    return syntax_ == CodeSyntax::kXliff12 ? (name == "g" || name == "mrk")
                                           : (name == "pc" || name == "mrk");
  }

  bool standalone(std::string_view name) const {
    static constexpr std::array<std::string_view, 8> k12 = {"x",  "ph",  "bx", "bpt",
                                                            "ex", "ept", "it", "it"};
    static constexpr std::array<std::string_view, 6> k20 = {"ph", "sc", "sm", "ec", "em", "cp"};
    if (syntax_ == CodeSyntax::kXliff12) {
      return std::find(k12.begin(), k12.end(), name) != k12.end();
    }
    return std::find(k20.begin(), k20.end(), name) != k20.end();
  }

  void add(std::string markup, bool encloses, const pugi::xml_node& node) {
    out_.markup.push_back(std::move(markup));
    out_.encloses.push_back(encloses);
    out_.not_deletable.push_back(std::string_view(node.attribute("canDelete").value()) == "no");
  }

  void visit(const pugi::xml_node& parent) {
    for (const pugi::xml_node& child : parent.children()) {
      if (child.type() != pugi::node_element) continue;
      const std::string_view name = child.name();
      const std::size_t begin = offset_of(text_, child);
      if (standalone(name)) {
        // Printed by pugixml rather than cut from the text: a code may hold a <sub> with
        // codes of the same name inside, which a search for its end tag would stop at.
        Printed printed;
        child.print(printed, "", pugi::format_raw, pugi::encoding_utf8);
        add(std::move(printed.out), false, child);
      } else if (enclosing(name)) {
        std::string start(text_.substr(begin, start_tag_end(text_, begin) - begin));
        if (start.ends_with("/>")) start.erase(start.size() - 2, 1);  // <g id="1"/> -> <g id="1">
        add(std::move(start), true, child);
        visit(child);
        add("</" + std::string(name) + ">", true, child);
      } else {
        out_.complete = false;
        visit(child);
      }
    }
  }

  std::string_view text_;
  CodeSyntax syntax_;
  CodeMarkup out_;
};

// Which of the TM source's codes the TM target's code `code` is: the same kind and id, else the
// same kind and native data; each source code once.
std::optional<std::size_t> source_code_for(const InlineCode& code,
                                           const std::vector<InlineCode>& tm_source,
                                           const std::vector<bool>& used) {
  for (int pass = 0; pass < 2; ++pass) {
    for (std::size_t k = 0; k < tm_source.size(); ++k) {
      const InlineCode& candidate = tm_source[k];
      if (used[k] || candidate.kind != code.kind) continue;
      const bool same = pass == 0
                            ? !code.id.empty() && candidate.id == code.id
                            : candidate.native == code.native && candidate.element == code.element;
      if (same) return k;
    }
  }
  return std::nullopt;
}

// The content of a target for an exact match: the TM's target text with each of its codes
// replaced by the markup of the file's own code at the same place in the source (the TM source
// and the file's source are the same text, so their codes correspond in order). nullopt when a
// code does not map, a code the file marks canDelete="no" would be lost, or enclosing elements
// would not nest: the match is then offered as a candidate instead.
std::optional<std::string> target_with_file_codes(const TranslationUnit& match,
                                                  const detail::InlineText& file_source,
                                                  const CodeMarkup& markup) {
  if (!markup.complete || markup.markup.size() != file_source.codes.size() ||
      match.source_codes.size() != file_source.codes.size()) {
    return std::nullopt;
  }
  std::vector<bool> used(match.source_codes.size(), false);
  std::vector<std::size_t> open;  // enclosing start tags not closed yet (file code indexes)
  std::string out;
  const std::string_view text = match.target;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t length = 0;
    const auto index = detail::code_index_at(text, i, match.target_codes.size(), length);
    if (!index) {
      detail::append_escaped(out, text.substr(i, length));
      i += length;
      continue;
    }
    const auto k = source_code_for(match.target_codes[*index], match.source_codes, used);
    if (!k) return std::nullopt;
    used[*k] = true;
    if (markup.encloses[*k]) {
      const bool closing = markup.markup[*k].starts_with("</");
      if (!closing) open.push_back(*k);
      if (closing &&
          (open.empty() || file_source.codes[open.back()].id != file_source.codes[*k].id)) {
        return std::nullopt;
      }
      if (closing) open.pop_back();
    }
    out += markup.markup[*k];
    i += length;
  }
  for (std::size_t k = 0; k < used.size(); ++k) {
    if (markup.not_deletable[k] && !used[k]) return std::nullopt;
  }
  if (!open.empty()) return std::nullopt;
  return out;
}

// A <target> holding `content` (markup already). Its xml:space is the <source>'s own when it has
// one (XLIFF 2 requires the same value on both); otherwise, in XLIFF 1.2 only, "preserve" when
// the text starts or ends with white space.
std::string target_element(std::string_view attributes, const std::string& content,
                           const std::string& plain_text, const pugi::xml_node& source,
                           CodeSyntax syntax) {
  std::string out = "<target" + std::string(attributes);
  const pugi::xml_attribute space = source.attribute("xml:space");
  if (space) {
    detail::append_attribute(out, "xml:space", space.value());
  } else if (syntax == CodeSyntax::kXliff12 && needs_preserve(plain_text)) {
    out += " xml:space=\"preserve\"";
  }
  return out + ">" + content + "</target>";
}

bool translatable(const pugi::xml_node& node, bool inherited) {
  const std::string_view translate = node.attribute("translate").value();
  return translate.empty() ? inherited : translate != "no";
}

class Pretranslator {
 public:
  Pretranslator(const detail::XmlDocument& xml, std::string_view name, const MatchFinder& find,
                const PretranslateOptions& options, PretranslateReport& report)
      : xml_(xml), text_(xml.text), name_(name), find_(find), options_(options), report_(report) {}

  Status run12(const pugi::xml_node& root) {
    for (const pugi::xml_node& file : root.children("file")) {
      const Result<LangTag> src = LangTag::parse(file.attribute("source-language").value());
      const Result<LangTag> tgt = LangTag::parse(file.attribute("target-language").value());
      if (!src.ok() || !tgt.ok()) {
        return Status::invalid_input(std::string(name_) + ": " + xml_.line_of(file) +
                                     ": <file> needs source-language and target-language");
      }
      TMKIT_RETURN_IF_ERROR(walk12(file.child("body"), translatable(file, true), *src, *tgt));
    }
    return {};
  }

  Status run20(const pugi::xml_node& root) {
    const Result<LangTag> src = LangTag::parse(root.attribute("srcLang").value());
    const Result<LangTag> tgt = LangTag::parse(root.attribute("trgLang").value());
    if (!src.ok() || !tgt.ok()) {
      return Status::invalid_input(std::string(name_) + ": " + xml_.line_of(root) +
                                   ": <xliff> needs srcLang and trgLang to pre-translate");
    }
    for (const pugi::xml_node& file : root.children("file")) {
      TMKIT_RETURN_IF_ERROR(walk20(file, translatable(file, true), *src, *tgt));
    }
    return {};
  }

  std::string result() {
    std::sort(edits_.begin(), edits_.end(),
              [](const Edit& a, const Edit& b) { return a.offset > b.offset; });
    std::string out = xml_.text;
    for (const Edit& edit : edits_) out.replace(edit.offset, edit.length, edit.text);
    return out;
  }

 private:
  // The target content of an exact match with the file's own codes (see
  // target_with_file_codes); nullopt when the best match is not exact or its codes do not map,
  // in which case it is offered as a candidate.
  std::optional<std::string> exact_content(const std::vector<PretranslateMatch>& found,
                                           const detail::InlineText& text,
                                           const pugi::xml_node& source, CodeSyntax syntax) const {
    if (found.front().score < 100.0) return std::nullopt;
    const CodeMarkup markup = MarkupCollector(text_, syntax).collect(source);
    return target_with_file_codes(found.front().unit, text, markup);
  }

  // The matches worth writing for `source`: the exact one alone, else the fuzzy ones.
  Result<std::vector<PretranslateMatch>> matches(const detail::InlineText& source,
                                                 const LangTag& src, const LangTag& tgt) {
    TMKIT_ASSIGN_OR_RETURN(std::vector<PretranslateMatch> found, find_(source.text, src, tgt));
    std::erase_if(found, [&](const PretranslateMatch& m) { return m.score < options_.min_score; });
    if (found.size() > options_.max_candidates) found.resize(options_.max_candidates);
    return found;
  }

  Status walk12(const pugi::xml_node& parent, bool translate, const LangTag& src,
                const LangTag& tgt) {
    for (const pugi::xml_node& child : parent.children()) {
      if (named(child, "group")) {
        TMKIT_RETURN_IF_ERROR(walk12(child, translatable(child, translate), src, tgt));
      } else if (named(child, "trans-unit")) {
        TMKIT_RETURN_IF_ERROR(trans_unit(child, translatable(child, translate), src, tgt));
      }
    }
    return {};
  }

  Status trans_unit(const pugi::xml_node& tu, bool translate, const LangTag& src,
                    const LangTag& tgt) {
    const pugi::xml_node source = tu.child("source");
    const pugi::xml_node target = tu.child("target");
    const bool empty_target =
        !target || detail::is_blank(detail::read_inline(target, CodeSyntax::kXliff12).text, 0);
    if (!translate || !source || !empty_target) {
      ++report_.untouched;
      return {};
    }
    if (tu.child("seg-source")) return segmented_unit(tu, src, tgt);
    ++report_.segments;
    const detail::InlineText text = detail::read_inline(source, CodeSyntax::kXliff12);
    if (detail::is_blank(text.text, text.codes.size())) return {};
    TMKIT_ASSIGN_OR_RETURN(const std::vector<PretranslateMatch> found, matches(text, src, tgt));
    if (found.empty()) return {};
    const std::string indent = indent_of(text_, source);
    const std::string newline = indent.empty() ? "" : "\n" + indent;
    const std::optional<std::string> content =
        exact_content(found, text, source, CodeSyntax::kXliff12);
    if (content) {
      ++report_.exact;
      const std::string element =
          target_element(" state=\"translated\" state-qualifier=\"exact-match\"", *content,
                         found.front().unit.target, source, CodeSyntax::kXliff12);
      if (target) {
        const std::size_t begin = offset_of(text_, target);
        edits_.push_back({begin, element_end(text_, target) - begin, element});
      } else {
        edits_.push_back({element_end(text_, source), 0, newline + element});
      }
      return {};
    }
    ++report_.fuzzy;
    edits_.push_back(
        {element_end(text_, target ? target : source), 0, alt_trans(found, "", newline)});
    return {};
  }

  // A trans-unit whose <seg-source> splits it into <mrk mtype="seg" mid> segments: each
  // segment is looked up on its own. The new <target> has the <seg-source>'s content with each
  // segment's <mrk> holding its exact match (with the file's codes), or empty; fuzzy matches go
  // to <alt-trans mid> for their segment. It is state="translated" only when every segment was
  // an exact match.
  Status segmented_unit(const pugi::xml_node& tu, const LangTag& src, const LangTag& tgt) {
    const pugi::xml_node seg_source = tu.child("seg-source");
    std::string content;
    std::string candidates;
    std::size_t segments = 0;
    std::size_t exact = 0;
    const std::string indent = indent_of(text_, tu.child("source"));
    const std::string newline = indent.empty() ? "" : "\n" + indent;
    for (const pugi::xml_node& child : seg_source.children()) {
      const bool segment =
          named(child, "mrk") && std::string_view(child.attribute("mtype").value()) == "seg";
      if (!segment) {
        Printed printed;
        child.print(printed, "", pugi::format_raw, pugi::encoding_utf8);
        content += printed.out;
        continue;
      }
      ++segments;
      ++report_.segments;
      std::string open = "<mrk mtype=\"seg\"";
      detail::append_attribute(open, "mid", child.attribute("mid").value());
      const detail::InlineText text = detail::read_inline(child, CodeSyntax::kXliff12);
      std::vector<PretranslateMatch> found;
      if (!detail::is_blank(text.text, text.codes.size())) {
        TMKIT_ASSIGN_OR_RETURN(found, matches(text, src, tgt));
      }
      const std::optional<std::string> filled =
          found.empty() ? std::nullopt : exact_content(found, text, child, CodeSyntax::kXliff12);
      if (filled) {
        ++exact;
        ++report_.exact;
        content += open + ">" + *filled + "</mrk>";
        continue;
      }
      content += open + "/>";
      if (found.empty()) continue;
      ++report_.fuzzy;
      candidates += alt_trans(found, child.attribute("mid").value(), newline);
    }
    if (exact == 0 && candidates.empty()) return {};
    // The candidates follow the target (the schema's order); with no target in the file, both
    // go in one edit after the <seg-source>, so that their order cannot depend on the sort.
    const pugi::xml_node target = tu.child("target");
    if (exact > 0) {
      const std::string state =
          exact == segments ? " state=\"translated\" state-qualifier=\"exact-match\"" : "";
      std::string element = "<target" + state;
      const pugi::xml_attribute space = seg_source.attribute("xml:space");
      if (space) detail::append_attribute(element, "xml:space", space.value());
      element += ">" + content + "</target>";
      if (target) {
        const std::size_t begin = offset_of(text_, target);
        edits_.push_back({begin, element_end(text_, target) - begin, element + candidates});
      } else {
        edits_.push_back({element_end(text_, seg_source), 0, newline + element + candidates});
      }
      return {};
    }
    edits_.push_back({element_end(text_, target ? target : seg_source), 0, candidates});
    return {};
  }

  // <alt-trans> elements for `found` (mid: the segment they are for, or empty).
  std::string alt_trans(const std::vector<PretranslateMatch>& found, std::string_view mid,
                        const std::string& newline) const {
    std::string candidates;
    for (const PretranslateMatch& match : found) {
      candidates += newline + "<alt-trans";
      if (!mid.empty()) detail::append_attribute(candidates, "mid", mid);
      detail::append_attribute(candidates, "match-quality", format_score(match.score));
      detail::append_attribute(candidates, "origin", options_.origin);
      candidates += ">" + newline + "  " +
                    text_element("source", "", match.unit.source, match.unit.source_codes,
                                 CodeSyntax::kXliff12) +
                    newline + "  " +
                    text_element("target", "", match.unit.target, match.unit.target_codes,
                                 CodeSyntax::kXliff12) +
                    newline + "</alt-trans>";
    }
    return candidates;
  }

  Status walk20(const pugi::xml_node& parent, bool translate, const LangTag& src,
                const LangTag& tgt) {
    for (const pugi::xml_node& child : parent.children()) {
      if (named(child, "group")) {
        TMKIT_RETURN_IF_ERROR(walk20(child, translatable(child, translate), src, tgt));
      } else if (named(child, "unit")) {
        TMKIT_RETURN_IF_ERROR(unit20(child, translatable(child, translate), src, tgt));
      }
    }
    return {};
  }

  // A segment id not used by any element of `unit`.
  static std::string free_id(const pugi::xml_node& unit, std::size_t& counter) {
    for (;;) {
      const std::string id = "tmkit-s" + std::to_string(++counter);
      const bool taken = unit.find_node([&](const pugi::xml_node& n) {
        return std::string_view(n.attribute("id").value()) == id;
      });
      if (!taken) return id;
    }
  }

  // The start tag of `segment` again, with state="translated" and/or an id added.
  static std::string segment_tag(const pugi::xml_node& segment, bool translated,
                                 const std::string& new_id) {
    std::string out = "<segment";
    if (!new_id.empty()) detail::append_attribute(out, "id", new_id);
    for (const pugi::xml_attribute& a : segment.attributes()) {
      const std::string_view an = a.name();
      if (translated && (an == "state" || an == "subState")) continue;
      detail::append_attribute(out, an, a.value());
    }
    if (translated) out += " state=\"translated\"";
    out += '>';
    return out;
  }

  Status unit20(const pugi::xml_node& unit, bool translate, const LangTag& src,
                const LangTag& tgt) {
    detail::OriginalData data;
    for (const pugi::xml_node& entry : unit.child("originalData").children("data")) {
      std::string escaped;
      detail::append_escaped(escaped, entry.text().get());
      data.emplace_back(entry.attribute("id").value(), std::move(escaped));
    }
    const bool has_matches = static_cast<bool>(unit.child("mtc:matches"));
    std::string candidates;
    std::size_t counter = 0;
    for (const pugi::xml_node& segment : unit.children("segment")) {
      const pugi::xml_node source = segment.child("source");
      const pugi::xml_node target = segment.child("target");
      const bool empty_target =
          !target || detail::is_blank(detail::read_inline(target, CodeSyntax::kXliff20).text, 0);
      if (!translate || !source || !empty_target) {
        ++report_.untouched;
        continue;
      }
      ++report_.segments;
      const detail::InlineText text = detail::read_inline(source, CodeSyntax::kXliff20, &data);
      if (detail::is_blank(text.text, text.codes.size())) continue;
      TMKIT_ASSIGN_OR_RETURN(const std::vector<PretranslateMatch> found, matches(text, src, tgt));
      if (found.empty()) continue;
      const std::size_t tag_begin = offset_of(text_, segment);
      const std::size_t tag_end = start_tag_end(text_, tag_begin);
      const std::optional<std::string> content =
          exact_content(found, text, source, CodeSyntax::kXliff20);
      if (content) {
        ++report_.exact;
        const std::string element =
            target_element("", *content, found.front().unit.target, source, CodeSyntax::kXliff20);
        if (target) {
          const std::size_t begin = offset_of(text_, target);
          edits_.push_back({begin, element_end(text_, target) - begin, element});
        } else {
          const std::string indent = indent_of(text_, source);
          edits_.push_back(
              {element_end(text_, source), 0, (indent.empty() ? "" : "\n" + indent) + element});
        }
        edits_.push_back({tag_begin, tag_end - tag_begin, segment_tag(segment, true, "")});
        continue;
      }
      if (has_matches) continue;  // one <mtc:matches> per unit: the file's own is kept
      ++report_.fuzzy;
      std::string id = segment.attribute("id").value();
      if (id.empty()) {
        id = free_id(unit, counter);
        edits_.push_back({tag_begin, tag_end - tag_begin, segment_tag(segment, false, id)});
      }
      for (const PretranslateMatch& match : found) {
        candidates += "<mtc:match";
        detail::append_attribute(candidates, "ref", "#" + id);
        detail::append_attribute(candidates, "matchQuality", format_score(match.score));
        detail::append_attribute(candidates, "origin", options_.origin);
        candidates += " type=\"tm\">" +
                      text_element("source", "", match.unit.source, match.unit.source_codes,
                                   CodeSyntax::kXliff20) +
                      text_element("target", "", match.unit.target, match.unit.target_codes,
                                   CodeSyntax::kXliff20) +
                      "</mtc:match>";
      }
    }
    if (!candidates.empty()) {
      edits_.push_back({start_tag_end(text_, offset_of(text_, unit)), 0,
                        "<mtc:matches xmlns:mtc=\"urn:oasis:names:tc:xliff:matches:2.0\">" +
                            candidates + "</mtc:matches>"});
    }
    return {};
  }

  const detail::XmlDocument& xml_;
  std::string_view text_;
  std::string_view name_;
  const MatchFinder& find_;
  const PretranslateOptions& options_;
  PretranslateReport& report_;
  std::vector<Edit> edits_;
};

}  // namespace

Result<std::string> pretranslate_xliff(std::string_view bytes, std::string_view name,
                                       const MatchFinder& find, const PretranslateOptions& options,
                                       PretranslateReport* report) {
  detail::XmlDocument xml;
  TMKIT_RETURN_IF_ERROR(detail::parse_xml(bytes, name, xml));
  const pugi::xml_node root = xml.doc.document_element();
  if (!named(root, "xliff")) return detail::wrong_root(name, "an XLIFF", root);
  PretranslateReport local;
  Pretranslator pretranslator(xml, name, find, options, report != nullptr ? *report : local);
  // The version attribute, else the namespace (as parse_xliff decides).
  std::string_view version = root.attribute("version").value();
  const std::string_view ns = root.attribute("xmlns").value();
  if (version.empty() && ns.starts_with("urn:oasis:names:tc:xliff:document:")) {
    version = ns.substr(34);
  }
  if (version.starts_with("2")) {
    TMKIT_RETURN_IF_ERROR(detail::check_xliff20(xml, name));
    TMKIT_RETURN_IF_ERROR(pretranslator.run20(root));
  } else if (version.starts_with("1")) {
    TMKIT_RETURN_IF_ERROR(pretranslator.run12(root));
  } else {
    return Status::unsupported(std::string(name) + ": unknown XLIFF version '" +
                               std::string(version) + "'");
  }
  std::string out = pretranslator.result();
  detail::declare_utf8(out);
  return out;
}

}  // namespace tmkit
