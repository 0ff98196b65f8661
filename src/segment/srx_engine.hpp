// The SRX rule engine: the rules of one SRX document that apply to one language, compiled into
// ICU regex patterns once, and a per-call breaker that finds break positions in a text.
//
// How a text is split (see docs/segmentation.md for the why):
//  1. Candidates: a find() scan with the union of the break rules, "(?:before)(?=after)",
//     gives the positions where some break rule matches. A rule whose beforebreak starts with
//     something nearly every character matches (\s, \p{L}) is scanned by its afterbreak
//     instead, "(?<=before)(?:after)", in a second union; a rule with a back-reference cannot
//     join a union and gets a scan of its own.
//  2. Decision: at each candidate, the rules are tried in document order, as SRX says, but only
//     there: each rule as "(?=after)(?<=before)" with lookingAt(). The look-ahead comes first
//     as it usually fails on the first character; a look-behind needs a bounded length, so
//     unbounded quantifiers in beforebreak are bounded (java_regex.hpp) for this step only. The
//     first rule that matches decides; once only break rules are left, the answer is "break".
//     (One pattern per rule is faster than alternations of many rules: ICU copies a pattern's
//     whole state at every alternative.)
// The cost is one scan plus a few look-behind checks per sentence end, instead of trying every
// rule at every position.
#pragma once

#include <unicode/regex.h>
#include <unicode/unistr.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tmkit/lang.hpp"
#include "tmkit/srx.hpp"
#include "tmkit/status.hpp"

namespace tmkit::detail {

struct SrxCompileOptions {
  // A rule whose regex ICU rejects (after translation from Java) fails create() unless this is
  // set; then the rule is left out with a warning.
  bool skip_invalid_rules = false;
};

// Compiled rules for one language. Immutable after create(), so one engine may be shared by
// threads; each thread splits with its own SrxBreaker.
class SrxEngine {
 public:
  // Selects the language rules for `lang` through the document's maprules (every matching map
  // in order when the header says cascade="yes", else the first), and compiles them. Notes
  // about Java constructs rewritten, rules left out, or a language no map matches are appended
  // to `warnings`. Fails with kInvalidInput on a regex ICU rejects: the message names the
  // document, the languagerule, the rule (1-based), beforebreak or afterbreak, ICU's error and
  // the character position in the pattern.
  static Result<SrxEngine> create(const SrxDocument& doc, const LangTag& lang,
                                  const SrxCompileOptions& options,
                                  std::vector<std::string>& warnings);

  // The names of the language rules in use, in order.
  const std::vector<std::string>& language_rule_names() const { return rule_names_; }
  // How many rules are in use.
  std::size_t rule_count() const { return rule_count_; }

 private:
  friend class SrxBreaker;

  struct Check {
    // "(?=after)(?<=before)" tried with lookingAt(); or, when `windowed`, "(?:before)(?=after)"
    // found with find() in a window ending at the position (for rules ICU cannot put in a
    // look-behind, such as back-references).
    std::unique_ptr<icu::RegexPattern> pattern;
    bool is_break = false;
    bool windowed = false;
    // The character beforebreak starts with, if it starts with a literal ("《[^》]{0,80}"): a
    // paragraph without it cannot match the rule, which is then skipped.
    std::string required_literal;
  };

  std::vector<std::string> rule_names_;
  std::size_t rule_count_ = 0;
  struct Scan {
    std::unique_ptr<icu::RegexPattern> pattern;
    bool starts_at_break = false;  // a match starts (not ends) at the candidate position
  };
  // Scans that find candidate positions: a union of the break rules scanned forward, one of those
  // scanned by their afterbreak, and one per rule with a back-reference. Empty when nothing breaks.
  std::vector<Scan> scans_;
  std::vector<Check> checks_;
};

// The per-call state of one split: matchers and buffers. Not thread-safe; cheap to make.
class SrxBreaker {
 public:
  static Result<SrxBreaker> create(const SrxEngine& engine);

  // Replaces `breaks` with the break positions in UTF-8 `text` (one text unit, e.g. a paragraph:
  // ^ and $ in the rules match at its ends): byte offsets, increasing, without 0 and
  // text.size(). `text` must be valid UTF-8 shorter than 2 GiB.
  Status find_breaks(std::string_view text, std::vector<std::size_t>& breaks);

 private:
  SrxBreaker() = default;
  bool is_break_at(int32_t position, UErrorCode& status);
  void to_byte_offsets(std::string_view text, std::vector<int32_t>& positions,
                       std::vector<std::size_t>& breaks) const;

  struct CheckMatcher {
    std::unique_ptr<icu::RegexMatcher> matcher;
    bool is_break = false;
    bool windowed = false;
    std::string required_literal;
    bool active = true;  // false while the paragraph does not hold required_literal
  };
  bool window_matches(icu::RegexMatcher& matcher, int32_t position, UErrorCode& status);

  struct ScanMatcher {
    std::unique_ptr<icu::RegexMatcher> matcher;
    bool starts_at_break = false;
  };

  icu::UnicodeString buffer_;  // the text in UTF-16: ICU's regex runs 2-4x faster on it
  std::vector<ScanMatcher> scans_;
  std::vector<CheckMatcher> checks_;
  std::size_t decisive_checks_ = 0;  // checks_ up to the last no-break rule
  std::vector<int32_t> candidates_;  // UTF-16 offsets into buffer_
};

}  // namespace tmkit::detail
