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
// Runs check_xliff20_rules after the core checks.
Status check_xliff20(const XmlDocument& xml, std::string_view name);

// OK, or kInvalidInput "name: line L: why" for the first broken rule of xliff2_rules.cpp: where
// extension and module elements and attributes may appear (elements only in <file>, <group>,
// <unit>; extension attributes only where the schema takes them; fs/slr not on a paired <ec>),
// the attributes of <segment>, <ignorable>, <source>, <target>; unique ids of extension
// elements per file/group/unit; targets only with trgLang, with their source's xml:space, with
// unique (explicit or positional) order; copyOf naming a copyable code; subFlows naming units of
// the file; subType values; comment annotations pointing at a note of their unit; fragment
// identifiers (syntax, prefixes, order); canDelete="no" codes kept in the targets; canReorder
// sequences (firstNo then no, not deletable or copyable, kept whole in the target); and module
// rules: mda (metaGroup, meta type, appliesTo, ids), mtc (match ids, type, subType, ref), gls
// (an entry's translation or definition, unique ids), res (href xor content, languages), ctr
// (ref and property), slr (values, sizeInfo xor sizeInfoRef, sizeInfoRef target), val (one rule
// kind, values, existsInSource), fs (subFs needs fs, fs an HTML element name).
Status check_xliff20_rules(const XmlDocument& xml, std::string_view name);

}  // namespace tmkit::detail
