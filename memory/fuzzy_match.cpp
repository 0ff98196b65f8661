#include "tmkit/memory/fuzzy_match.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

#include "match_text.hpp"
#include "tokenize.hpp"

namespace tmkit {
namespace {

using detail::Token;
using detail::TokenKind;

std::string normalized_or_copy(std::string_view text) {
  Result<std::string> normalized = detail::normalize_for_match(text);
  return normalized.ok() ? std::move(normalized).value() : std::string(text);
}

// How many codes one side has that the other lacks (multiset symmetric difference of two
// sorted lists).
std::size_t code_difference(const std::vector<std::uint32_t>& a,
                            const std::vector<std::uint32_t>& b) {
  std::size_t common = 0;
  for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      ++common;
      ++i;
      ++j;
    }
  }
  return a.size() + b.size() - 2 * common;
}

// The numbers that differ, when the two sequences fold alike (same length and kinds).
std::vector<std::pair<std::string, std::string>> number_changes(const std::vector<Token>& query,
                                                                const std::vector<Token>& cand) {
  std::vector<std::pair<std::string, std::string>> changes;
  for (std::size_t i = 0; i < query.size() && i < cand.size(); ++i) {
    if (query[i].kind == TokenKind::kNumber && query[i].text != cand[i].text) {
      changes.emplace_back(std::string(cand[i].text), std::string(query[i].text));
    }
  }
  return changes;
}

// Exact comparisons on the token texts (the index compares hashes; results are rescored here).
bool fold_alike(const std::vector<Token>& a, const std::vector<Token>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const bool a_number = a[i].kind == TokenKind::kNumber;
    if (a_number != (b[i].kind == TokenKind::kNumber)) return false;
    if (!a_number && a[i].text != b[i].text && detail::fold_token(a[i]) != detail::fold_token(b[i]))
      return false;
  }
  return true;
}

std::vector<std::string_view> texts(const std::vector<Token>& tokens) {
  std::vector<std::string_view> out;
  out.reserve(tokens.size());
  for (const Token& token : tokens) out.push_back(token.text);
  return out;
}

}  // namespace

namespace detail {

MatchText::MatchText(std::string_view text) : normalized(normalized_or_copy(text)) {
  tokens = tokenize_tokens(normalized);
  for (const Token& token : tokens) {
    if (token.kind == TokenKind::kCode) codes.push_back(hash32(token.text));
  }
  std::sort(codes.begin(), codes.end());
  std::erase_if(tokens, [](const Token& token) { return token.kind == TokenKind::kCode; });
}

MatchExplanation explain_prepared(const MatchText& query, const MatchText& candidate,
                                  const ScoreOptions& options) {
  const std::vector<Token>& q_tokens = query.tokens;
  const std::vector<Token>& c_tokens = candidate.tokens;
  MatchExplanation out;
  out.query_tokens = q_tokens.size();
  out.candidate_tokens = c_tokens.size();
  if (query.normalized == candidate.normalized) return out;  // kExact, 100
  out.code_difference = code_difference(query.codes, candidate.codes);
  if (fold_alike(q_tokens, c_tokens)) {
    out.number_changes = number_changes(q_tokens, c_tokens);
    out.rule = out.number_changes.empty() ? MatchExplanation::Rule::kFormOnly
                                          : MatchExplanation::Rule::kNumbersOnly;
    out.base = options.near_exact;
  } else {
    out.rule = MatchExplanation::Rule::kEditDistance;
    out.distance = token_edit_distance(texts(q_tokens), texts(c_tokens));
    out.base = std::min(options.near_exact,
                        score_from_distance(out.distance, out.query_tokens, out.candidate_tokens));
  }
  out.score =
      std::max(0.0, out.base - static_cast<double>(out.code_difference) * options.code_penalty);
  return out;
}

}  // namespace detail

MatchExplanation explain_match(std::string_view query, std::string_view candidate,
                               const ScoreOptions& options) {
  const detail::MatchText q(query);
  const detail::MatchText c(candidate);
  return detail::explain_prepared(q, c, options);
}

double fuzzy_score(std::string_view a, std::string_view b) { return explain_match(a, b).score; }

std::string substitute_numbers(std::string_view target,
                               const std::vector<std::pair<std::string, std::string>>& changes) {
  std::map<std::string, std::string, std::less<>> mapping;
  std::map<std::string, std::size_t, std::less<>> needed;
  for (const auto& [from, to] : changes) {
    const auto [it, inserted] = mapping.emplace(from, to);
    if (!inserted && it->second != to) return {};  // one number becoming two: ambiguous
    ++needed[from];
  }
  std::string out;
  std::size_t copied = 0;
  std::map<std::string, std::size_t, std::less<>> found;
  for (const Token& token : detail::tokenize_tokens(target)) {
    if (token.kind != TokenKind::kNumber) continue;
    const auto it = mapping.find(token.text);
    if (it == mapping.end()) continue;
    ++found[it->first];
    out.append(target.substr(copied, token.begin - copied));
    out += it->second;
    copied = token.begin + token.text.size();
  }
  if (found != needed) return {};
  out.append(target.substr(copied));
  return out;
}

std::string describe(const MatchExplanation& e) {
  char line[256];
  const char* codes_note = e.code_difference == 0 ? "" : ", minus inline-code penalty";
  switch (e.rule) {
    case MatchExplanation::Rule::kExact:
      return "exact: equal after NFC and white space normalisation = 100";
    case MatchExplanation::Rule::kFormOnly:
      std::snprintf(line, sizeof line,
                    "same %zu tokens, differing only in case, width or white space = %.1f%s",
                    e.query_tokens, e.base, codes_note);
      break;
    case MatchExplanation::Rule::kNumbersOnly:
      std::snprintf(line, sizeof line, "same %zu tokens but %zu number(s) differ = %.1f%s",
                    e.query_tokens, e.number_changes.size(), e.base, codes_note);
      break;
    case MatchExplanation::Rule::kEditDistance:
      std::snprintf(
          line, sizeof line,
          "edit distance %zu over max(%zu, %zu) tokens: 100 * (1 - %zu/%zu) = %.2f%s%s", e.distance,
          e.query_tokens, e.candidate_tokens, e.distance,
          std::max(e.query_tokens, e.candidate_tokens),
          detail::score_from_distance(e.distance, e.query_tokens, e.candidate_tokens),
          e.base < detail::score_from_distance(e.distance, e.query_tokens, e.candidate_tokens)
              ? ", capped"
              : "",
          codes_note);
      break;
  }
  std::string out = line;
  if (e.code_difference != 0) {
    std::snprintf(line, sizeof line, " (%zu code(s) missing or extra) = %.1f", e.code_difference,
                  e.score);
    out += line;
  }
  return out;
}

}  // namespace tmkit
