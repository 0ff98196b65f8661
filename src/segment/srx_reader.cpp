// Reads SRX 2.0 XML into SrxDocument. pugixml stays inside this file.
//
// Why here and not in formats/: the segmenter's built-in rules are an SRX document embedded in
// this library, and tmkit_segment may not depend on tmkit_formats (formats depends on core only,
// and the aligner links the segmenter). So the SRX reader lives with the segmenter, with pugixml
// linked PRIVATE to tmkit_segment; no pugixml type appears in a public header.
#include <algorithm>
#include <fstream>
#include <iterator>
#include <pugixml.hpp>
#include <sstream>
#include <string>

#include "tmkit/srx.hpp"

namespace tmkit {
namespace {

// "line L, column C" of byte `offset` in `xml` (1-based, columns in bytes).
std::string line_and_column(std::string_view xml, std::ptrdiff_t offset) {
  const auto end = static_cast<std::size_t>(
      std::clamp<std::ptrdiff_t>(offset, 0, static_cast<std::ptrdiff_t>(xml.size())));
  const std::string_view head = xml.substr(0, end);
  const auto line = 1 + std::count(head.begin(), head.end(), '\n');
  const std::size_t line_start = head.rfind('\n');
  const std::size_t column = line_start == std::string_view::npos ? end + 1 : end - line_start;
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

Status srx_error(std::string_view source, const std::string& what) {
  return Status::invalid_input("srx: " + what + " (" + std::string(source) + ")");
}

// SRX writes booleans as "yes"/"no"; anything else keeps the default.
bool yes_no(const pugi::xml_attribute& attribute, bool default_value) {
  if (!attribute) return default_value;
  const std::string_view value = attribute.value();
  if (value == "yes" || value == "true") return true;
  if (value == "no" || value == "false") return false;
  return default_value;
}

// The element's text with CDATA sections, as SRX regexes may be written in either.
std::string element_text(const pugi::xml_node& element) {
  std::string out;
  for (const pugi::xml_node& child : element.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
      out += child.value();
    }
  }
  return out;
}

SrxHeader read_header(const pugi::xml_node& header) {
  SrxHeader out;
  out.segment_subflows = yes_no(header.attribute("segmentsubflows"), true);
  out.cascade = yes_no(header.attribute("cascade"), false);
  for (const pugi::xml_node& handle : header.children("formathandle")) {
    const std::string_view type = handle.attribute("type").value();
    const pugi::xml_attribute include = handle.attribute("include");
    if (type == "start") out.include_start_format = yes_no(include, false);
    if (type == "end") out.include_end_format = yes_no(include, true);
    if (type == "isolated") out.include_isolated_format = yes_no(include, false);
  }
  return out;
}

SrxLanguageRule read_language_rule(const pugi::xml_node& element) {
  SrxLanguageRule out;
  out.name = element.attribute("languagerulename").value();
  for (const pugi::xml_node& rule : element.children("rule")) {
    SrxRule r;
    r.is_break = yes_no(rule.attribute("break"), true);
    r.before_break = element_text(rule.child("beforebreak"));
    r.after_break = element_text(rule.child("afterbreak"));
    out.rules.push_back(std::move(r));
  }
  return out;
}

Status read_maps(const pugi::xml_node& maprules, std::string_view source, SrxDocument& doc) {
  for (const pugi::xml_node& map : maprules.children("languagemap")) {
    SrxLanguageMap m{map.attribute("languagepattern").value(),
                     map.attribute("languagerulename").value()};
    const bool known =
        std::any_of(doc.language_rules.begin(), doc.language_rules.end(),
                    [&](const SrxLanguageRule& r) { return r.name == m.language_rule_name; });
    if (!known) {
      return srx_error(source, "<languagemap languagepattern=\"" + m.language_pattern +
                                   "\"> names the unknown languagerule '" + m.language_rule_name +
                                   "'");
    }
    doc.language_maps.push_back(std::move(m));
  }
  return {};
}

}  // namespace

Result<SrxDocument> parse_srx(std::string_view xml, std::string_view source) {
  pugi::xml_document xml_doc;
  const pugi::xml_parse_result parsed = xml_doc.load_buffer(xml.data(), xml.size());
  if (!parsed) {
    return srx_error(source, std::string("malformed XML: ") + parsed.description() + " at byte " +
                                 std::to_string(parsed.offset) + ", " +
                                 line_and_column(xml, parsed.offset));
  }
  const pugi::xml_node root = xml_doc.document_element();
  if (std::string_view(root.name()) != "srx") {
    return srx_error(source, std::string("root element is <") + root.name() + ">, not <srx>");
  }
  const pugi::xml_node body = root.child("body");
  const pugi::xml_node language_rules = body.child("languagerules");
  if (!body || !language_rules) return srx_error(source, "no <body><languagerules>");

  SrxDocument doc;
  doc.source = std::string(source);
  doc.header = read_header(root.child("header"));
  for (const pugi::xml_node& rule : language_rules.children("languagerule")) {
    doc.language_rules.push_back(read_language_rule(rule));
  }
  TMKIT_RETURN_IF_ERROR(read_maps(body.child("maprules"), source, doc));
  return doc;
}

Result<SrxDocument> read_srx_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::io("srx: cannot open " + path.string());
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) return Status::io("srx: cannot read " + path.string());
  return parse_srx(bytes, path.string());
}

}  // namespace tmkit
