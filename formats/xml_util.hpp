// Private helpers shared by the TMX and XLIFF readers and writers. pugixml appears only here and
// in the .cpp files of formats/, never in a public header.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <pugixml.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tmkit/lang.hpp"
#include "tmkit/status.hpp"
#include "tmkit/translation_unit.hpp"

namespace tmkit::detail {

// A parsed document and the text it was parsed from, so that node offsets become line numbers.
struct XmlDocument {
  std::string text;  // UTF-8 with line ends normalised to LF, as the XML spec asks
  pugi::xml_document doc;

  // "line L" of a node of `doc` ("line ?" when pugixml does not know its offset).
  std::string line_of(const pugi::xml_node& node) const;
};

// Decodes `bytes` (see decode_xml) and parses them into `out`. Malformed XML is kInvalidInput
// "name: line L, column C: <pugixml's description>". External DTDs and entities are never
// fetched (pugixml has no network or file access of its own).
Status parse_xml(std::string_view bytes, std::string_view name, XmlDocument& out);

// Writes `closing` (the end tags), flushes, and turns a failed stream into kIo naming `format`.
Status finish_document(std::ostream& out, std::string_view closing, std::string_view format);

// The kInvalidInput for a document whose root element is not the expected one.
Status wrong_root(std::string_view name, std::string_view expected, const pugi::xml_node& root);

// The text of an element with inline markup: text and CDATA are kept, the elements named in
// `dropped` are left out with everything inside them (native codes such as <bpt>), every other
// element contributes its text (<hi>, <g>, <mrk>, <pc>).
std::string inline_text(const pugi::xml_node& element, std::span<const std::string_view> dropped);

// Checks that `text` can be written to XML 1.0: valid UTF-8 without characters XML forbids
// (C0 controls other than tab, LF and CR; U+FFFE; U+FFFF). The message names `what`.
Status check_xml_text(std::string_view text, std::string_view what);

// Checks every text of every unit with check_xml_text; the message names the unit (1-based).
Status check_units_for_xml(const std::vector<TranslationUnit>& units, std::string_view format);

// Appends `text` escaped for element content (`attribute` false) or a double-quoted attribute
// value. CR, and tab/LF in attributes, become character references so parsers keep them.
void append_escaped(std::string& out, std::string_view text, bool attribute = false);

// Appends ` name="value"` with the value escaped.
void append_attribute(std::string& out, std::string_view name, std::string_view value);

// TMX dates: "YYYYMMDDThhmmssZ" (UTC) to and from seconds since the Unix epoch.
std::string format_tmx_date(std::int64_t seconds);
std::optional<std::int64_t> parse_tmx_date(std::string_view text);

// Provenance as typed properties ("x-tmkit-document", ...), in a fixed order, non-empty only.
std::vector<Property> provenance_props(const Provenance& provenance);
// Stores a property into `provenance` if its type is one of ours; false if it is not (or if the
// confidence value does not parse, so the caller keeps it as a plain property).
bool read_provenance_prop(Provenance& provenance, std::string_view type, std::string_view value);

// The index in `tags` of `wanted`: an exact (normalised) match first, else the first tag with
// the same primary language. nullopt when neither exists.
std::optional<std::size_t> find_lang(const std::vector<LangTag>& tags, const LangTag& wanted);

// True when `text` holds nothing but XML white space: such a segment cannot make a unit (what is
// left of a <seg> holding only codes, for example).
bool is_blank(std::string_view text);

// NFC-normalises every text field of `unit` read from a file.
Status normalize_unit(TranslationUnit& unit);

}  // namespace tmkit::detail
