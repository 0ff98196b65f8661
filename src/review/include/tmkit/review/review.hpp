// Review of an alignment before it enters a translation memory (docs/review.md).
//
// `tmkit align --report review.html` writes a self-contained HTML page (write_review_report)
// in which a translator accepts, rejects, merges and splits beads; the page saves the
// decisions as a small JSON file. `tmkit apply-review` reads that file (parse_decisions) and
// makes the TM hold exactly the accepted pairs of that review (apply_review), so a review can
// be done in several sittings and applied after each.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "tmkit/lang.hpp"
#include "tmkit/memory/translation_memory.hpp"
#include "tmkit/status.hpp"
#include "tmkit/translation_unit.hpp"

namespace tmkit::review {

// One sentence as the report shows it.
struct ReviewSentence {
  std::string text;  // UTF-8
  std::size_t paragraph = 0;
  std::string speaker;            // the speaker whose turn it is in, "" if none
  bool is_speaker_label = false;  // a line such as "Zhu Guoxian:" on its own
};

// One bead of the aligner, by sentence index ranges (half-open [first, first + count)).
struct ReviewBead {
  std::size_t src_first = 0;
  std::size_t src_count = 0;
  std::size_t tgt_first = 0;
  std::size_t tgt_count = 0;
  double confidence = 0.0;
};

// Everything the report needs, and everything the decisions file will carry.
struct ReviewDocument {
  std::string src_document;  // file names, e.g. "briefing.zh.txt"
  std::string tgt_document;
  LangTag src_lang;
  LangTag tgt_lang;
  std::vector<ReviewSentence> src;
  std::vector<ReviewBead> beads;
  std::vector<ReviewSentence> tgt;
};

// The stable id of a bead (or of a merged or split pair): "s12+2:t14+1" is source sentences
// 12-13 with target sentence 14. It depends only on the ranges, so the same alignment gives
// the same ids in every sitting and apply-review can recognise what it stored before.
std::string bead_id(std::size_t src_first, std::size_t src_count, std::size_t tgt_first,
                    std::size_t tgt_count);

// 16 hex digits identifying the texts under review: a 64-bit FNV-1a hash of the languages and
// of every sentence of both sides. The page keys its saved state on it, refuses to resume from
// the decisions of other texts, and apply-review tags the units it stores with it.
std::string review_fingerprint(const ReviewDocument& doc);

// The separator that joins the sentences of one side of a bead: "" for languages written
// without spaces (Chinese, Japanese), " " otherwise (as `tmkit align` joins them).
std::string sentence_joiner(const LangTag& lang);

// Writes the review page: one HTML file with its CSS, script and data inline (the data as JSON
// in a <script type="application/json"> with '<', '>', '&', U+2028 and U+2029 escaped, so no
// text can end the element), no external resource of any kind. kInvalidInput if a bead's
// ranges leave the sentence lists; kIo if `out` fails.
Status write_review_report(std::ostream& out, const ReviewDocument& doc);

enum class Decision { kPending, kAccept, kReject };

// One pair of the review as the page saved it: an aligner bead, or a merge or split of beads.
struct DecidedPair {
  std::string id;  // bead_id() of the ranges
  Decision decision = Decision::kPending;
  std::size_t src_first = 0;
  std::size_t src_count = 0;
  std::size_t tgt_first = 0;
  std::size_t tgt_count = 0;
  std::string source;  // the joined sentences; set for accepted and rejected pairs
  std::string target;
  std::optional<double> confidence;  // the aligner's (the lowest of merged beads), if any
  std::string origin;                // "aligned", "merged" or "split"
  std::string speaker;
  std::string time;               // when decided, ISO 8601 UTC as the page wrote it
  std::int64_t time_seconds = 0;  // the same, seconds since the epoch
  std::size_t line = 0;           // line of the pair in the decisions file, for messages
};

// A decisions file: the whole layout of the review in document order, decided or not.
struct ReviewDecisions {
  std::string fingerprint;
  std::string src_document;
  std::string tgt_document;
  LangTag src_lang;
  LangTag tgt_lang;
  std::string reviewer;  // may be empty
  std::string saved;     // when the page saved the file
  std::vector<DecidedPair> pairs;
};

// Reads a decisions file (format "tmkit-review-decisions", version 1; docs/review.md). Strict:
// kInvalidInput "FILE: why (line L, byte B[, bead ID])" for malformed JSON, a missing or
// mistyped member, an unknown decision, an id that does not match its ranges, ranges that do
// not tile both texts in order, a decided pair without its texts, an accepted pair with an
// empty side, or a time that is not ISO 8601 UTC. `file_name` is used only in messages.
Result<ReviewDecisions> parse_decisions(std::string_view text, const std::string& file_name);

// "2026-11-28T21:05:03.120Z" (fraction optional, 'Z' required) as seconds since the epoch.
Result<std::int64_t> parse_iso8601_utc(std::string_view text);

// The unit apply_review stores for an accepted pair: its texts and languages, provenance
// (document, positions, confidence, bead type after edits, speaker, tool "tmkit apply-review"),
// created = the decision time, and the props x-review (fingerprint), x-review-bead (id),
// x-review-decision ("accept"), x-review-time, x-review-origin and x-reviewer (if named).
TranslationUnit unit_for(const ReviewDecisions& decisions, const DecidedPair& pair);

struct ApplyReport {
  std::size_t accepted = 0;        // accepted pairs with text on both sides
  std::size_t added = 0;           // of those, stored now
  std::size_t already_stored = 0;  // of those, in the TM already (an earlier apply or import)
  std::size_t rejected = 0;        // rejected pairs in the file
  std::size_t pending = 0;         // pairs not decided yet
  std::size_t unpaired = 0;        // accepted 1-0/0-1 beads: nothing to store
  std::size_t removed = 0;         // units of this review no longer accepted, deleted
  // Rejected pairs present in the TM that this review did not store (e.g. by `align --tm`):
  // left in place and listed here as "id: source => target", for the user to decide.
  std::vector<std::string> rejected_elsewhere;
};

// Makes `tm` hold exactly the accepted pairs of `decisions` among the units tagged with its
// fingerprint: adds accepted pairs not stored yet (an identical unit from elsewhere counts as
// stored, so no duplicate and no use-count bump), and deletes the units an earlier apply of the
// same review stored whose pair is no longer accepted (rejected, undone, merged or split since).
// Deleting (first) and adding are two transactions: a failure in between leaves the deletions,
// and running it again completes the work. kStorage on LMDB errors, kInvalidInput from add().
Result<ApplyReport> apply_review(TranslationMemory& tm, const ReviewDecisions& decisions);

}  // namespace tmkit::review
