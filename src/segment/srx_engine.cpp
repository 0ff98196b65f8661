#include "srx_engine.hpp"

#include <unicode/parseerr.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <limits>
#include <utility>

#include "java_regex.hpp"
#include "utf8_scan.hpp"

namespace tmkit::detail {
namespace {

using PatternPtr = std::unique_ptr<icu::RegexPattern>;

// How far back (UTF-16 units) a windowed check looks for the start of a match.
constexpr int32_t kCheckWindow = 64;

// Where a regex came from, for messages: "rule 3 of languagerule 'English', <beforebreak>".
struct RegexSite {
  std::string_view source;    // the SRX document
  std::string_view rule_set;  // languagerule name
  std::size_t rule = 0;       // 1-based
  std::string_view part;      // "beforebreak" / "afterbreak"

  std::string describe() const {
    return "<" + std::string(part) + "> of rule " + std::to_string(rule) + " in languagerule '" +
           std::string(rule_set) + "'";
  }
};

// A rule in use, its regexes translated to ICU syntax.
struct PreparedRule {
  bool is_break = true;
  std::string before;
  std::string after;
  RegexSite site;
};

struct CompileError {
  UErrorCode code = U_ZERO_ERROR;
  UParseError where{};
};

Result<PatternPtr> compile(const std::string& pattern, CompileError* error = nullptr) {
  UErrorCode status = U_ZERO_ERROR;
  UParseError parse_error{};
  PatternPtr compiled(
      icu::RegexPattern::compile(icu::UnicodeString::fromUTF8(pattern), 0, parse_error, status));
  if (U_FAILURE(status) || !compiled) {
    if (error != nullptr) *error = {status, parse_error};
    return Status::invalid_input(u_errorName(status));
  }
  return compiled;
}

// "U_REGEX_MISSING_CLOSE_PAREN at character 5 of "\b(Mr\."": ICU counts lines from 1 and
// characters (code points) from 0 within the line; we print the character 1-based.
std::string describe_error(const CompileError& error, const std::string& pattern) {
  std::string out = std::string(u_errorName(error.code));
  if (error.where.offset >= 0) {
    out += " at character " + std::to_string(error.where.offset + 1);
    if (error.where.line > 1) out += " of line " + std::to_string(error.where.line);
  }
  return out + " of \"" + pattern + "\"";
}

// Translates one regex of a rule and checks that ICU compiles it on its own, so an error can
// name the rule and the position in the rule's own text (not in a combined pattern).
Result<std::string> prepare_regex(const std::string& java, const RegexSite& site,
                                  std::vector<std::string>& warnings) {
  RegexTranslation translated = translate_java_regex(java);
  for (const std::string& change : translated.changes) {
    warnings.push_back("srx: " + site.describe() + ": Java construct rewritten for ICU: " + change +
                       " (" + std::string(site.source) + ")");
  }
  if (translated.pattern.empty()) return translated.pattern;
  CompileError error;
  if (compile(translated.pattern, &error).ok()) return std::move(translated.pattern);
  std::string message =
      "srx: bad regex in " + site.describe() + ": " + describe_error(error, translated.pattern);
  if (translated.pattern != java) message += " (rewritten from the Java regex \"" + java + "\")";
  return Status::invalid_input(message + " (" + std::string(site.source) + ")");
}

// True when the full language code matches the map's pattern. Codes are tried as written by
// LangTag ("en-US") and with '_' ("en_US"), as SRX files use both.
Result<bool> map_matches(const SrxLanguageMap& map, const LangTag& lang, std::string_view source) {
  CompileError error;
  const std::string pattern = translate_java_regex(map.language_pattern).pattern;
  auto compiled = compile(pattern, &error);
  if (!compiled.ok()) {
    return Status::invalid_input("srx: bad languagepattern in <languagemap> for '" +
                                 map.language_rule_name + "': " + describe_error(error, pattern) +
                                 " (" + std::string(source) + ")");
  }
  std::string underscored = lang.str();
  std::replace(underscored.begin(), underscored.end(), '-', '_');
  for (const std::string& code : {lang.str(), underscored}) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::UnicodeString text = icu::UnicodeString::fromUTF8(code);
    std::unique_ptr<icu::RegexMatcher> matcher((*compiled)->matcher(text, status));
    if (U_SUCCESS(status) && matcher->matches(status) && U_SUCCESS(status)) return true;
  }
  return false;
}

// The language rules that apply to `lang`, in order.
Result<std::vector<const SrxLanguageRule*>> select_rule_sets(const SrxDocument& doc,
                                                             const LangTag& lang) {
  std::vector<const SrxLanguageRule*> out;
  for (const SrxLanguageMap& map : doc.language_maps) {
    TMKIT_ASSIGN_OR_RETURN(const bool matches, map_matches(map, lang, doc.source));
    if (!matches) continue;
    const auto found =
        std::find_if(doc.language_rules.begin(), doc.language_rules.end(),
                     [&](const SrxLanguageRule& r) { return r.name == map.language_rule_name; });
    if (found == doc.language_rules.end()) continue;  // parse_srx rejects such maps
    if (std::find(out.begin(), out.end(), &*found) == out.end()) out.push_back(&*found);
    if (!doc.header.cascade) break;
  }
  return out;
}

Result<std::vector<PreparedRule>> prepare_rules(const SrxDocument& doc,
                                                const std::vector<const SrxLanguageRule*>& sets,
                                                const SrxCompileOptions& options,
                                                std::vector<std::string>& warnings) {
  std::vector<PreparedRule> out;
  for (const SrxLanguageRule* set : sets) {
    for (std::size_t i = 0; i < set->rules.size(); ++i) {
      const SrxRule& rule = set->rules[i];
      RegexSite site{doc.source, set->name, i + 1, "beforebreak"};
      auto before = prepare_regex(rule.before_break, site, warnings);
      RegexSite after_site = site;
      after_site.part = "afterbreak";
      auto after = before.ok() ? prepare_regex(rule.after_break, after_site, warnings)
                               : Result<std::string>(before.status());
      if (!after.ok()) {
        if (!options.skip_invalid_rules) return after.status();
        warnings.push_back(after.status().message() + "; rule left out");
        continue;
      }
      out.push_back({rule.is_break, std::move(before).value(), std::move(after).value(), site});
    }
  }
  return out;
}

// "(?:before)(?=after)": a find() match ends where the rule would break.
std::string scan_form(const PreparedRule& rule) {
  std::string out = "(?:" + rule.before + ")";
  if (!rule.after.empty()) out += "(?=" + rule.after + ")";
  return out;
}

// "(?=after)(?<=before)": matches with lookingAt() at a position where the rule applies. The
// look-ahead comes first because it usually fails on the first character, which makes a failed
// check cheap; the look-behind then has its unbounded repetitions bounded.
std::string check_form(const PreparedRule& rule) {
  std::string out;
  if (!rule.after.empty()) out += "(?=" + rule.after + ")";
  if (!rule.before.empty()) {
    out += "(?<=" + bound_quantifiers(rule.before, kLookBehindRepeatLimit) + ")";
  }
  return out;
}

// "(?<=before)(?:after)": a find() match starts where the rule would break.
std::string reverse_scan_form(const PreparedRule& rule) {
  return "(?<=" + bound_quantifiers(rule.before, kLookBehindRepeatLimit) + ")(?:" + rule.after +
         ")";
}

// True when `pattern` starts with something most characters match (white space, any letter,
// any character, a negated class). find() tries such a pattern at nearly every position, so a
// rule whose beforebreak starts this way is scanned by its afterbreak instead (ICU skips ahead
// to the characters that can start a match, even behind a leading look-behind).
bool starts_broad(std::string_view pattern) {
  while (pattern.starts_with("(?:") || pattern.starts_with("\\b") || pattern.starts_with("^")) {
    pattern.remove_prefix(pattern.starts_with("(?:") ? 3 : pattern.starts_with("^") ? 1 : 2);
  }
  if (pattern.starts_with("(") && !pattern.starts_with("(?")) pattern.remove_prefix(1);
  for (std::string_view broad : {"\\s", "\\S", "\\w", "\\W", "\\p{L}", "\\p{Ll}", "\\P{", ".", "[^",
                                 "[\\p{L}", "[\\s", "[\\w", "\\p{Han}", "[\\p{Han}"}) {
    if (pattern.starts_with(broad)) return true;
  }
  return false;
}

// How a break rule finds its candidates: forward (the match ends at the break) or by its
// afterbreak (the match starts at the break).
bool scans_by_afterbreak(const PreparedRule& rule) {
  return !rule.after.empty() && starts_broad(rule.before) && !starts_broad(rule.after) &&
         compile(reverse_scan_form(rule)).ok();
}

// The character a match of `pattern` must start with, when the pattern opens with a literal
// (optionally after ^): "《" for "《[^》]{0,80}". Empty when there is none.
std::string leading_literal(std::string_view pattern) {
  if (pattern.starts_with("^")) pattern.remove_prefix(1);
  if (pattern.empty()) return {};
  const auto lead = static_cast<unsigned char>(pattern[0]);
  if (lead < 0x80 &&
      std::string_view("\\[](){}.^$|?*+").find(pattern[0]) != std::string_view::npos) {
    return {};
  }
  const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  if (pattern.size() < length) return {};
  const std::string_view next = pattern.substr(length);
  if (next.starts_with("?") || next.starts_with("*") || next.starts_with("{")) return {};
  return std::string(pattern.substr(0, length));
}

std::string join_alternatives(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& part : parts) {
    if (!out.empty()) out += '|';
    out += "(?:" + part + ")";
  }
  return out;
}

}  // namespace

Result<SrxEngine> SrxEngine::create(const SrxDocument& doc, const LangTag& lang,
                                    const SrxCompileOptions& options,
                                    std::vector<std::string>& warnings) {
  TMKIT_ASSIGN_OR_RETURN(const auto sets, select_rule_sets(doc, lang));
  if (sets.empty()) {
    warnings.push_back("srx: no <languagemap> matches '" + lang.str() +
                       "': only paragraph breaks apply (" + doc.source + ")");
  }
  TMKIT_ASSIGN_OR_RETURN(const auto rules, prepare_rules(doc, sets, options, warnings));
  SrxEngine engine;
  for (const SrxLanguageRule* set : sets) engine.rule_names_.push_back(set->name);
  engine.rule_count_ = rules.size();

  // Step 1: the scans, in up to two unions (forward, by afterbreak). Back-references would be
  // renumbered in a union, so such rules scan alone.
  std::vector<std::string> forward;
  std::vector<std::string> backward;
  for (const PreparedRule& rule : rules) {
    if (!rule.is_break) continue;
    if (has_back_reference(rule.before) || has_back_reference(rule.after)) {
      TMKIT_ASSIGN_OR_RETURN(auto scan, compile(scan_form(rule)));
      engine.scans_.push_back({std::move(scan), /*starts_at_break=*/false});
    } else if (scans_by_afterbreak(rule)) {
      backward.push_back(reverse_scan_form(rule));
    } else {
      forward.push_back(scan_form(rule));
    }
  }
  for (const auto* parts : {&forward, &backward}) {
    if (parts->empty()) continue;
    TMKIT_ASSIGN_OR_RETURN(auto scan, compile(join_alternatives(*parts)));
    engine.scans_.push_back({std::move(scan), /*starts_at_break=*/parts == &backward});
  }

  // Step 2: one check per rule, in document order.
  for (const PreparedRule& rule : rules) {
    const std::string check = check_form(rule);
    if (has_back_reference(check) || !compile(check).ok()) {
      // No look-behind possible: this rule is checked by a find() in a window instead.
      TMKIT_ASSIGN_OR_RETURN(auto pattern, compile(scan_form(rule)));
      engine.checks_.push_back({std::move(pattern), rule.is_break, /*windowed=*/true, {}});
      continue;
    }
    TMKIT_ASSIGN_OR_RETURN(auto pattern, compile(check));
    engine.checks_.push_back(
        {std::move(pattern), rule.is_break, /*windowed=*/false, leading_literal(rule.before)});
  }
  return engine;
}

Result<SrxBreaker> SrxBreaker::create(const SrxEngine& engine) {
  SrxBreaker breaker;
  UErrorCode status = U_ZERO_ERROR;
  for (const auto& scan : engine.scans_) {
    breaker.scans_.push_back(
        {std::unique_ptr<icu::RegexMatcher>(scan.pattern->matcher(status)), scan.starts_at_break});
  }
  for (const auto& check : engine.checks_) {
    breaker.checks_.push_back({std::unique_ptr<icu::RegexMatcher>(check.pattern->matcher(status)),
                               check.is_break, check.windowed, check.required_literal, true});
  }
  // The scan found a break rule at every candidate, so once only break rules are left the answer
  // is "break" whichever of them matches: those trailing checks are never run.
  breaker.decisive_checks_ = breaker.checks_.size();
  while (breaker.decisive_checks_ > 0 && breaker.checks_[breaker.decisive_checks_ - 1].is_break) {
    --breaker.decisive_checks_;
  }
  if (U_FAILURE(status)) {
    return Status::internal(std::string("segmenter: ICU RegexPattern::matcher: ") +
                            u_errorName(status));
  }
  return breaker;
}

Status SrxBreaker::find_breaks(std::string_view text, std::vector<std::size_t>& breaks) {
  breaks.clear();
  candidates_.clear();
  if (text.empty() || scans_.empty()) return {};
  if (text.size() >= static_cast<std::size_t>(std::numeric_limits<int32_t>::max())) {
    return Status::invalid_input("segmenter: paragraph longer than 2 GiB");
  }
  UErrorCode status = U_ZERO_ERROR;
  const auto capacity = static_cast<int32_t>(text.size() + 1);
  int32_t length = 0;
  u_strFromUTF8(buffer_.getBuffer(capacity), capacity, &length, text.data(),
                static_cast<int32_t>(text.size()), &status);
  buffer_.releaseBuffer(U_SUCCESS(status) ? length : 0);
  for (auto& scan : scans_) {
    scan.matcher->reset(buffer_);
    while (scan.matcher->find(status)) {
      const auto at = static_cast<int32_t>(scan.starts_at_break ? scan.matcher->start64(status)
                                                                : scan.matcher->end64(status));
      if (at > 0 && at < length) candidates_.push_back(at);
    }
  }
  if (scans_.size() > 1) {
    std::sort(candidates_.begin(), candidates_.end());
    candidates_.erase(std::unique(candidates_.begin(), candidates_.end()), candidates_.end());
  }
  for (auto& check : checks_) {
    check.matcher->reset(buffer_);
    check.active = check.required_literal.empty() || text.find(check.required_literal) != text.npos;
  }
  std::erase_if(candidates_, [&](int32_t at) { return !is_break_at(at, status); });
  if (U_FAILURE(status)) {
    return Status::internal(std::string("segmenter: ICU regex: ") + u_errorName(status));
  }
  to_byte_offsets(text, candidates_, breaks);
  return {};
}

// SRX's rule: the first rule (in order) that applies at `position` decides. The scan found a
// break rule there, so if no rule applies (a rule bounded for its look-behind that no longer
// matches, or only break rules left) the position breaks.
bool SrxBreaker::is_break_at(int32_t position, UErrorCode& status) {
  for (std::size_t i = 0; i < decisive_checks_; ++i) {
    CheckMatcher& check = checks_[i];
    if (!check.active) continue;
    const bool applies = check.windowed ? window_matches(*check.matcher, position, status)
                                        : check.matcher->lookingAt(position, status);
    if (applies) return check.is_break;
  }
  return true;
}

// True when, for some start in the kCheckWindow units before `position`, the leftmost match of
// "(?:before)(?=after)" from there ends exactly at `position`.
bool SrxBreaker::window_matches(icu::RegexMatcher& matcher, int32_t position, UErrorCode& status) {
  int64_t from = std::max(0, position - kCheckWindow);
  while (from <= position && matcher.find(from, status)) {
    const int64_t start = matcher.start64(status);
    if (start > position) return false;
    if (matcher.end64(status) == position) return true;
    from = start + 1;
  }
  return false;
}

// Turns increasing UTF-16 offsets into UTF-8 byte offsets of `text` in one forward walk.
void SrxBreaker::to_byte_offsets(std::string_view text, std::vector<int32_t>& positions,
                                 std::vector<std::size_t>& breaks) const {
  std::size_t byte = 0;
  int32_t unit = 0;
  for (const int32_t position : positions) {
    while (unit < position && byte < text.size()) {
      const CodePoint cp = decode_at(text, byte);
      byte += cp.length;
      unit += cp.value >= 0x10000 ? 2 : 1;
    }
    breaks.push_back(byte);
  }
}

}  // namespace tmkit::detail
