// XLIFF 1.2 and 2.0: writing bilingual files for CAT tools, reading them back.
#pragma once

#include <filesystem>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "tmkit/formats/read_options.hpp"
#include "tmkit/status.hpp"
#include "tmkit/translation_unit.hpp"

namespace tmkit {

enum class XliffVersion { k12, k20 };

struct XliffWriteOptions {
  XliffVersion version = XliffVersion::k12;
  std::string original = "tmkit";  // the <file original=...> (both versions; 2.0's id is "f1")
  LangTag src_lang;                // empty: the first unit's languages
  LangTag tgt_lang;
  // Units whose provenance confidence is at least this are marked approved/translated; the rest
  // need review. Units without a confidence count as approved.
  double approve_confidence = 0.8;
};

// Writes one XLIFF document holding one <file> with one trans-unit id="N" (1.2) / unit id="uN"
// (2.0) per translation unit, N counting from 1, valid against the OASIS schemas (1.2 strict;
// 2.0 core with modules). Approved units: 1.2 approved="yes" and target state="translated";
// 2.0 segment state="translated". The rest: 1.2 state="needs-review-translation" without
// approved; 2.0 state="initial". Provenance, props and a non-zero `created` are written as
// notes from="tmkit" (1.2) / category="tmkit" (2.0) reading "type: value" with the TMX prop types
// (x-tmkit-document, ..., plus x-tmkit-created as a TMX date), so parse_xliff restores them;
// the unit's own notes are plain notes. Inline codes are written back: 1.2 as <bpt id>/<ept id>
// for a pair, <it pos="open|close"> for a lone half, <ph id> otherwise, with native data as
// content; 2.0 as <sc id/>/<ec startRef/>, <sc|ec isolated="yes"/>, <ph id/>, <cp hex/>, with
// native data in <originalData> (dataRef). Ids are chosen for a unit's source and target
// together: a code has one id on both sides, two codes never share one; the code's own id when
// usable and not taken, else made up ("cN"). Source and target get xml:space="preserve" when they
// start or end with white space.
// Errors, all found before anything is written: units of more than one language pair, no
// language pair at all (no units and none in `options`), 2.0 without units (the schema needs
// one), or text XML 1.0 cannot hold are kInvalidInput naming the unit (1-based). kIo when the
// stream fails.
Status write_xliff(std::ostream& out, const std::vector<TranslationUnit>& units,
                   const XliffWriteOptions& options = {});

// Writes an XLIFF document one unit at a time, as write_xliff would write the same units, so
// that an export never holds them all. The language pair is options.src_lang/tgt_lang, both
// required (write_xliff's "first unit" default would need the units first). The header goes out
// with the first unit, or at finish(). Each add() refuses, with kInvalidInput naming the unit by
// its 1-based count and writing nothing for it, a unit of another language pair or one whose
// text XML 1.0 cannot hold; the writer still takes the next units. finish() writes the end of
// the document; for XLIFF 2.0 without a unit it is kInvalidInput and nothing has been written
// (the schema needs one). kIo when the stream fails. `out` must outlive the writer; one thread
// at a time.
class XliffStreamWriter {
 public:
  XliffStreamWriter(std::ostream& out, XliffWriteOptions options);
  Status add(const TranslationUnit& unit);
  // Call once, after the last add().
  Status finish();
  std::size_t units() const { return count_; }

 private:
  Status start();

  std::ostream& out_;
  XliffWriteOptions options_;
  bool started_ = false;
  std::string buffer_;
  std::size_t count_ = 0;
};

// Reads an XLIFF 1.2 (also 1.0/1.1) or 2.x document; the version comes from the root element's
// version attribute or namespace. Encodings and errors as parse_tmx.
// - Languages: 1.2 <file source-language/target-language> (each <file> may differ), 2.0
//   <xliff srcLang/trgLang>; options fill in a missing one. A <file> (2.0: the document) with
//   no language or with one that does not match non-empty options (same primary language) is
//   skipped and reported.
// - 1.2: each <trans-unit> (inside any depth of <group>) with a <target> gives a unit; with a
//   <seg-source> whose <mrk mtype="seg"> segments have matching target <mrk mid>, one unit per
//   segment. <alt-trans> is never taken as the target; <bin-unit>s are ignored.
// - 2.0: each <segment> of each <unit> (inside any depth of <group>) with a <target> gives a
//   unit; <ignorable> is ignored. Unit notes apply to all its segments.
// - translate="no" on a unit or an enclosing group skips it. Source-only units, units without
//   text and skipped files are counted in `report`.
// - Text: NFC-normalised, inline codes kept as the unit's InlineCodes with placeholders in the
//   text (see InlineCode). 1.2: <g> and <mrk> enclose (an opening and a closing code), <x>/<ph>
//   are placeholders, <bx>/<bpt> open and <ex>/<ept> close (paired by rid, else id), <it> by its
//   pos; content (with <sub>s) is the native data. 2.0: <pc>/<mrk> enclose, <ph> and <cp> are
//   placeholders, <sc>/<sm> open, <ec>/<em> close (startRef); native data comes from the unit's
//   <originalData> through dataRef/dataRefStart/dataRefEnd.
// - Notes from tmkit (see write_xliff) restore provenance, props and created; others are notes.
// - XLIFF 2 documents are first checked against the core rules listed in xliff2_check.hpp
//   (ids, code pairing, references, languages, values): a broken rule is kInvalidInput
//   "name: line L: why". Only when options ask for a language is a file with no usable unit an
//   error; otherwise (an untranslated or source-only file) it gives no unit and the report
//   says why.
// Like parse_tmx, a file whose units were all skipped is kInvalidInput giving the first reason.
Result<std::vector<TranslationUnit>> parse_xliff(std::string_view bytes, std::string_view name,
                                                 const ReadOptions& options = {},
                                                 ReadReport* report = nullptr);

// Reads an XLIFF file as parse_xliff does. Fails with kIo if it cannot be read.
Result<std::vector<TranslationUnit>> read_xliff(const std::filesystem::path& path,
                                                const ReadOptions& options = {},
                                                ReadReport* report = nullptr);

}  // namespace tmkit
