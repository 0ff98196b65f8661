// Private helpers shared by the TMX and XLIFF readers and writers. pugixml appears only here and
// in the .cpp files of formats/, never in a public header.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tmkit/lang.hpp"
#include "tmkit/status.hpp"
#include "tmkit/translation_unit.hpp"

namespace tmkit::detail {

// A parsed document and the text it was parsed from, so that node offsets become line numbers.
struct XmlDocument {
  std::string text;  // UTF-8 with line ends normalised to LF, as the XML spec asks
  pugi::xml_document doc;
  // The line of the file `text` starts on: a streaming reader parses a file piece by piece.
  std::size_t first_line = 1;

  // "line L" of a node of `doc` ("line ?" when pugixml does not know its offset). The readers
  // ask for every unit they read, so the first call indexes the line ends of `text` and each
  // call is a binary search (counting from the start each time made reading quadratic).
  std::string line_of(const pugi::xml_node& node) const;

 private:
  mutable std::vector<std::size_t> line_ends_;  // offsets of the '\n's of `text`, built once
  mutable bool indexed_ = false;
};

// Decodes `bytes` (see decode_xml) and parses them into `out`. Malformed XML is kInvalidInput
// "name: line L, column C: <pugixml's description>". External DTDs and entities are never
// fetched (pugixml has no network or file access of its own).
Status parse_xml(std::string_view bytes, std::string_view name, XmlDocument& out);

// Writes `closing` (the end tags), flushes, and turns a failed stream into kIo naming `format`.
Status finish_document(std::ostream& out, std::string_view closing, std::string_view format);

// The kInvalidInput for a document whose root element is not the expected one.
Status wrong_root(std::string_view name, std::string_view expected, const pugi::xml_node& root);

// The three inline-code syntaxes: TMX 1.4b, XLIFF 1.2 and XLIFF 2.
enum class CodeSyntax { kTmx, kXliff12, kXliff20 };

// An XLIFF 2 unit's <originalData>: data id -> its content as escaped XML.
using OriginalData = std::vector<std::pair<std::string, std::string>>;

// A segment's text with each inline code replaced by its placeholder (see InlineCode).
struct InlineText {
  std::string text;
  std::vector<InlineCode> codes;
};

// Reads the content of `element` (a <seg>, <source>, <target>, <mrk mtype="seg">) in
// `syntax`: text and CDATA are kept, codes become placeholders, enclosing elements (<hi>, <g>,
// <mrk>, <pc>) an opening and a closing code around their text, and unknown elements give their
// text. `data` resolves XLIFF 2 dataRef attributes (may be null). Codes past the 6,400 the
// Private Use Area holds are dropped.
InlineText read_inline(const pugi::xml_node& element, CodeSyntax syntax,
                       const OriginalData* data = nullptr);

// Appends `text` escaped for element content, writing each placeholder of `codes` back as a code
// of `syntax`: TMX <bpt>/<ept> for an opening and closing code that pair up (by id, in text order),
// <it> for one that does not, <ph> for the others; XLIFF 1.2 <bpt>/<ept>, <it pos>, <ph>; XLIFF 2
// <sc>/<ec startRef>, <sc|ec isolated="yes">, <ph>, <cp>. XLIFF 2 codes with native data get a
// dataRef to an entry appended to `data` (ids d1, d2... counted from its size; may be null).
// A Private Use Area character beyond the code list is written as itself.
// XLIFF ids are the codes' own when they are usable tokens, else made up ("cN"), one id per
// code: `ids` (may be null: ids chosen for this text alone) gives them in text order, as
// xliff_code_ids makes them for a unit's source and target together.
void append_inline(std::string& out, std::string_view text, const std::vector<InlineCode>& codes,
                   CodeSyntax syntax, OriginalData* data = nullptr,
                   const std::vector<std::string>* ids = nullptr);

// The XLIFF ids of the codes of a unit's source and of its target, in text order, chosen for
// both texts together: XLIFF matches a target's codes to the source's by id, so a code has one
// id on both sides (it is known by its role, pair, lone opening, lone closing or placeholder,
// its own id and its rank among the codes of that role and id in its text), and two codes of
// the unit never share one.
struct UnitCodeIds {
  std::vector<std::string> source;
  std::vector<std::string> target;
};
UnitCodeIds xliff_code_ids(const TranslationUnit& unit);

// The index of the inline code a placeholder at text[i] stands for (below `code_count`), with
// the byte length of the character at i in `length`; nullopt (length still set) otherwise.
std::optional<std::size_t> code_index_at(std::string_view text, std::size_t i,
                                         std::size_t code_count, std::size_t& length);

// True when `text` holds nothing but white space and placeholders of its `code_count` codes.
bool is_blank(std::string_view text, std::size_t code_count);

// Checks that `text` can be written to XML 1.0: valid UTF-8 without characters XML forbids
// (C0 controls other than tab, LF and CR; U+FFFE; U+FFFF). The message names `what`.
Status check_xml_text(std::string_view text, std::string_view what);

// True when `text` is valid UTF-8 without characters XML 1.0 forbids: check_xml_text's test,
// without building a message (writers check every unit they write).
bool xml_clean(std::string_view text);
// True when every text check_unit_for_xml checks is xml_clean.
bool xml_clean(const TranslationUnit& unit);

// Checks every text of `unit` with check_xml_text; messages start with `where`.
Status check_unit_for_xml(const TranslationUnit& unit, std::string_view where);

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

// NFC-normalises every text field of `unit` read from a file.
Status normalize_unit(TranslationUnit& unit);

}  // namespace tmkit::detail
