// TMX 1.4b: reading and writing translation memory exchange files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "tmkit/formats/read_options.hpp"
#include "tmkit/status.hpp"
#include "tmkit/translation_unit.hpp"

namespace tmkit {

struct TmxWriteOptions {
  std::string creation_tool = "tmkit";
  std::string creation_tool_version;  // empty: tmkit's version
  LangTag src_lang;                   // header srclang; empty: the first unit's source language
  // The header's creationdate in seconds since the Unix epoch; 0: the current time. Set it to get
  // byte-identical output from identical input.
  std::int64_t creation_date = 0;
  // Multilingual output: units sharing a source language, text and codes become one <tu> with
  // the source <tuv> and one target <tuv> each (see write_tmx).
  bool multilingual = false;
};

// Writes a TMX 1.4b document (UTF-8, segtype="sentence") that validates against the TMX 1.4b
// DTD. Each unit becomes a <tu creationdate=...> (no creationdate when `created` is 0, unknown)
// holding its notes, its provenance as
// <prop type="x-tmkit-document|src-position|tgt-position|confidence|bead|speaker|tool"> (only
// the fields that are set; confidence with 3 decimals), its own props, then a source and a
// target <tuv xml:lang>. A unit whose source language differs from the header's gets a
// srclang attribute. Inline codes are written back: an opening and a closing code of the same id
// as <bpt i="N">/<ept i="N"> (N numbering the pairs of the segment), one without its partner as
// <it pos="begin|end">, a placeholder as <ph>, each holding its native data. Every unit is checked
// before anything is written: a text with characters XML 1.0 forbids (most C0 controls) or a unit
// without languages is kInvalidInput naming the unit (1-based), and `out` is left untouched. Fails
// with kIo when the stream fails.
// With options.multilingual, units with the same source language, text and codes share one <tu>
// (in the order of their first unit): the source <tuv>, then a target <tuv> per unit (a second
// unit of a target language the <tu> already has starts another <tu>). Creation date, notes and
// props all the units share go on the <tu>; when they differ, each target <tuv> carries its
// unit's own (creationdate attribute, <note>s, <prop>s), which parse_tmx reads back.
Status write_tmx(std::ostream& out, const std::vector<TranslationUnit>& units,
                 const TmxWriteOptions& options = {});

// Writes a TMX document one unit at a time, as write_tmx (not multilingual) would write the same
// units, so that an export never holds them all. The header goes out with the first unit (its
// srclang, when options.src_lang is empty, is that unit's source language) or at finish().
// Each add() checks its unit as write_tmx does (kInvalidInput naming it by its 1-based count,
// nothing written for it, and the writer still takes the next units); kIo when the stream fails.
// `out` must outlive the writer; one thread at a time.
class TmxStreamWriter {
 public:
  TmxStreamWriter(std::ostream& out, TmxWriteOptions options);
  Status add(const TranslationUnit& unit);
  // Writes the end of the document; call it once, after the last add().
  Status finish();
  std::size_t units() const { return count_; }

 private:
  std::ostream& out_;
  TmxWriteOptions options_;
  std::string srclang_;  // empty until the header is written
  std::string buffer_;
  std::size_t count_ = 0;
};

// Writes a multilingual TMX, the same bytes write_tmx with options.multilingual writes for the
// same units, without holding them all: it holds only the units whose source another unit
// shares, and 8 bytes per unit (a hash of its source) besides. It needs the units three times,
// the same units in the same order each time (e.g. three scans of a TM):
//   1. plan() each unit: its source (language, text, codes) is hashed;
//   2. collect() each unit: a unit whose source hash occurs more than once is kept (a copy);
//   3. add() each unit: a unit with a source of its own is written at once, a source shared by
//      several units becomes its <tu>s (grouped as write_tmx does) at the first of them.
// with next_pass() between the passes, then finish(). plan() refuses, with kInvalidInput naming the
// unit by its 1-based count, a unit write_tmx would refuse (no languages, text XML 1.0 cannot
// hold); such a unit must be left out of every pass. A pass whose units differ from the first
// pass's (another count, another source at some position: the TM changed between the scans) is
// kInvalidInput saying so, and nothing more is written. Calls out of this order are kInternal. kIo
// when the stream fails. `out` must outlive the writer; one thread at a time.
class TmxMultilingualWriter {
 public:
  TmxMultilingualWriter(std::ostream& out, TmxWriteOptions options);
  ~TmxMultilingualWriter();
  TmxMultilingualWriter(const TmxMultilingualWriter&) = delete;
  TmxMultilingualWriter& operator=(const TmxMultilingualWriter&) = delete;

  Status plan(const TranslationUnit& unit);
  Status collect(const TranslationUnit& unit);
  Status add(const TranslationUnit& unit);
  // Ends a pass (plan or collect) and starts the next; call it between the passes.
  Status next_pass();
  // Writes the end of the document; call it once, after the last add().
  Status finish();
  // Units written so far, and units held (those whose source is shared) after collect().
  std::size_t units() const { return written_; }
  std::size_t held_units() const;

 private:
  struct Groups;
  enum class Pass { kPlan, kCollect, kAdd, kDone };
  Status same_as_planned(const TranslationUnit& unit, std::uint64_t& hash);
  Status write_header(const TranslationUnit* first);

  std::ostream& out_;
  TmxWriteOptions options_;
  Pass pass_ = Pass::kPlan;
  std::vector<std::uint64_t> hashes_;  // the source hash of each unit, in order
  std::size_t position_ = 0;           // the unit's position in the current pass
  std::unique_ptr<Groups> groups_;     // the shared sources and their units
  std::string srclang_;                // empty until the header is written
  std::string buffer_;
  std::size_t written_ = 0;
};

// OK when XML 1.0 can hold every text of `unit` (source, target, notes, props, provenance);
// otherwise kInvalidInput naming the field and the character (a C0 control
// other than tab, LF and CR, U+FFFE, U+FFFF: lenient readers take them from character
// references such as &#7;). write_tmx and write_xliff refuse a list holding such a unit;
// `tmkit export` leaves it out and says so.
Status check_xml_writable(const TranslationUnit& unit);

// Reads the TMX document in `bytes` (UTF-8 with or without BOM, UTF-16 with BOM, or Latin-1
// declared as such); `name` appears in error messages. DTDs are never fetched.
//
// Languages (<tuv xml:lang>, or the TMX 1.1 `lang` attribute) match case-insensitively: an exact
// tag first, else the same primary language ("en" finds "en-US").
// - Source <tuv>: options.src_lang; else the <tu>'s srclang; else the header's srclang. When the
//   one that applies is "*all*", the first <tuv> of each <tu> is the source.
// - Targets: options.tgt_lang; if empty, every other <tuv>, so a <tu> in three languages gives
//   two units. Units carry the tags found in the file, not the ones asked for.
// - Text: the content of <seg>, NFC-normalised. Inline codes become InlineCodes of the unit
//   (source_codes/target_codes) with a placeholder character in the text: <bpt>/<ept> an
//   opening/closing code paired by i, <it> one by its pos, <ph>/<ut> a placeholder, each with
//   its content (and <sub>s) as `native`; <hi> an opening and a closing code around its text.
// - <tu> props of type x-tmkit-* become the Provenance, other props and the notes are kept in
//   props/notes; the tu's creationdate becomes `created` (0 if absent or malformed). The
//   target <tuv>'s own creationdate, notes and props also belong to its unit (after the
//   <tu>'s); those of the source <tuv> and the <header> are not kept.
// A <tu> without the source language, without a target, or with an empty text is skipped and
// counted in `report` (if given). Errors: malformed XML is kInvalidInput "name: line L, column C:
// why"; a root other than <tmx> or a missing <body> is kInvalidInput; a <seg> whose <bpt>/<ept>
// do not pair up (an <ept> first, a <bpt> never closed) is kInvalidInput naming its line; when
// options ask for a language, a file whose <tu>s were all skipped is kInvalidInput giving the
// first reason (without such options it gives no unit, the report says why).
Result<std::vector<TranslationUnit>> parse_tmx(std::string_view bytes, std::string_view name,
                                               const ReadOptions& options = {},
                                               ReadReport* report = nullptr);

// Receives the units of one piece of a streamed file; an error stops the reading.
using TmxUnitSink = std::function<Status(std::vector<TranslationUnit>&& units)>;

// Reads a TMX file as parse_tmx does, but a piece of about `piece_bytes` at a time: the units of
// each run of whole <tu>s go to `sink` as they are read, so memory holds one piece and not the
// file. UTF-8 and UTF-16 (with a BOM; decoded piece by piece) stream; another declared
// encoding (Latin-1) is read whole (the units still go to `sink`). Invalid UTF-16 (an unpaired
// surrogate, an odd byte at the end) is kInvalidInput naming the byte, as read_tmx says it. Errors
// name the file's line as parse_tmx does; in addition, a file whose last <tu> is not followed by
// </body></tmx> is kInvalidInput. What reached `sink` before an error stays with the caller. Not
// handled: a "</tu>" inside a comment or CDATA section.
// With `threads` > 1, that many pieces are parsed at once, each in a thread of its own; `sink`
// still receives the pieces in order, on the calling thread, and the outcome (units, report,
// the first error in file order) is the same as with one thread.
Status stream_tmx(const std::filesystem::path& path, const ReadOptions& options,
                  const TmxUnitSink& sink, ReadReport* report = nullptr,
                  std::size_t piece_bytes = std::size_t{4} << 20, std::size_t threads = 1);

// Reads a TMX file as parse_tmx does. Fails with kIo if it cannot be read.
Result<std::vector<TranslationUnit>> read_tmx(const std::filesystem::path& path,
                                              const ReadOptions& options = {},
                                              ReadReport* report = nullptr);

}  // namespace tmkit
