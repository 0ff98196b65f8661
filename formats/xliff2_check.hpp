// Checks of an XLIFF 2 document against the core rules of the specification that its XSD does
// not express (ids, references between codes, languages, enumerated values), so that a broken
// file is rejected with its line instead of being half read.
#pragma once

#include <string_view>

#include "tmkit/status.hpp"
#include "xml_util.hpp"

namespace tmkit::detail {

// OK, or kInvalidInput "name: line L: why" for the first broken rule found in document order.
// Covers: xliff/srcLang/trgLang, file and group and unit ids (present, NMTOKEN, unique), a
// <file> with no unit or group, <skeleton> href xor content, <notes> without <note> and note
// ids, a unit without a segment, segment/ignorable ids and their single <source>, a <target>
// without trgLang or whose xml:lang differs, xml:lang values, <originalData> without data and
// data ids, dataRef/dataRefStart/dataRefEnd targets, <sc>/<ec> and <sm>/<em> pairing and their
// isolated attributes, copyOf targets, <cp hex>, state/subState, type/subType, canCopy/
// canDelete/canReorder values and their agreement between <sc> and <ec>, target order values.
// Module elements and attributes (other namespaces) are not checked.
Status check_xliff20(const XmlDocument& xml, std::string_view name);

}  // namespace tmkit::detail
