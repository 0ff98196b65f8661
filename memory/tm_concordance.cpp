// concordance(): units whose source or target holds a phrase, found through the token index.
#include <algorithm>

#include "posting_blocks.hpp"
#include "record_codec.hpp"
#include "tm_deferred.hpp"
#include "tm_index.hpp"
#include "tm_store.hpp"
#include "tmkit/memory/translation_memory.hpp"
#include "tokenize.hpp"

namespace tmkit {
namespace {

using detail::Cursor;
using detail::KeyValue;
using detail::TmStore;
using detail::Token;
using detail::Txn;

// Keys with more postings than this are not intersected: verifying is cheaper than reading.
constexpr std::size_t kMaxIntersectPostings = 200000;

std::vector<std::string> folded_texts(const std::vector<Token>& tokens) {
  std::vector<std::string> out;
  out.reserve(tokens.size());
  for (const Token& token : tokens) out.push_back(detail::fold_token(token));
  return out;
}

std::vector<Token> word_tokens(std::string_view text) {
  std::vector<Token> tokens = detail::tokenize_tokens(text);
  std::erase_if(tokens, [](const Token& t) { return t.kind == detail::TokenKind::kCode; });
  return tokens;
}

// Where `phrase` (folded token texts) first occurs in `text`, as a byte span.
std::optional<Span> find_phrase(std::string_view text, const std::vector<std::string>& phrase) {
  const std::vector<Token> tokens = word_tokens(text);
  if (tokens.size() < phrase.size()) return std::nullopt;
  for (std::size_t i = 0; i + phrase.size() <= tokens.size(); ++i) {
    bool equal = true;
    for (std::size_t k = 0; k < phrase.size() && equal; ++k) {
      equal = tokens[i + k].text == phrase[k] || detail::fold_token(tokens[i + k]) == phrase[k];
    }
    if (equal) {
      const Token& last = tokens[i + phrase.size() - 1];
      return Span{tokens[i].begin, last.begin + last.text.size()};
    }
  }
  return std::nullopt;
}

// The ids of units holding `key` among texts of at least `min_length` tokens, sorted.
Result<std::vector<std::uint64_t>> posting_ids(const Txn& txn, detail::Dbi grams, std::uint32_t key,
                                               std::size_t min_length) {
  std::vector<std::uint64_t> ids;
  const auto least = static_cast<std::uint16_t>(std::min(min_length, detail::kMaxPostingLength));
  TMKIT_ASSIGN_OR_RETURN(
      detail::PostingBlocks blocks,
      detail::PostingBlocks::open(txn, grams, key, detail::pack_posting({least, 0, 0})));
  while (true) {
    TMKIT_ASSIGN_OR_RETURN(const std::optional<std::string_view> block, blocks.next());
    if (!block) break;
    for (std::size_t at = 0; at + 8 <= block->size(); at += 8) {
      const detail::Posting p = detail::decode_posting(block->data() + at);
      if (p.length >= min_length) ids.push_back(p.id);
    }
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

// Candidate ids, newest first: the postings of the rarest key, intersected with the next.
Result<std::vector<std::uint64_t>> candidates(const Txn& txn, detail::Dbi grams,
                                              const std::vector<std::uint32_t>& keys,
                                              std::size_t length) {
  std::vector<std::pair<std::size_t, std::uint32_t>> by_df;
  for (const auto& [key, count] : detail::key_counts(keys)) {
    TMKIT_ASSIGN_OR_RETURN(const std::uint64_t df, detail::posting_count(txn, grams, key));
    if (df == 0) return std::vector<std::uint64_t>();  // a token no unit has
    by_df.emplace_back(static_cast<std::size_t>(df), key);
  }
  std::sort(by_df.begin(), by_df.end());
  TMKIT_ASSIGN_OR_RETURN(std::vector<std::uint64_t> ids,
                         posting_ids(txn, grams, by_df[0].second, length));
  if (by_df.size() > 1 && by_df[1].first <= kMaxIntersectPostings) {
    TMKIT_ASSIGN_OR_RETURN(const std::vector<std::uint64_t> other,
                           posting_ids(txn, grams, by_df[1].second, length));
    std::vector<std::uint64_t> both;
    std::set_intersection(ids.begin(), ids.end(), other.begin(), other.end(),
                          std::back_inserter(both));
    ids = std::move(both);
  }
  std::reverse(ids.begin(), ids.end());
  return ids;
}

// The ids of the units an import has not indexed yet (>= `from`), newest first.
Result<std::vector<std::uint64_t>> unindexed_ids(const TmStore& store, const Txn& txn,
                                                 std::uint64_t from) {
  std::vector<std::uint64_t> ids;
  TMKIT_ASSIGN_OR_RETURN(Cursor cursor, Cursor::open(txn, store.units));
  TMKIT_ASSIGN_OR_RETURN(std::optional<KeyValue> entry,
                         cursor.move(MDB_SET_RANGE, detail::unit_key(from)));
  while (entry) {
    TMKIT_ASSIGN_OR_RETURN(const std::uint64_t id, detail::parse_unit_key(entry->key));
    ids.push_back(id);
    TMKIT_ASSIGN_OR_RETURN(entry, cursor.move(MDB_NEXT));
  }
  std::reverse(ids.begin(), ids.end());
  return ids;
}

// Every unit that may hold the phrase, newest first: those not indexed yet, then the
// candidates of the index.
Result<std::vector<std::uint64_t>> phrase_candidates(const TmStore& store, const Txn& txn,
                                                     detail::Dbi grams,
                                                     const std::vector<Token>& tokens) {
  TMKIT_ASSIGN_OR_RETURN(const std::optional<std::uint64_t> unindexed_from,
                         detail::read_unindexed_from(store, txn));
  TMKIT_ASSIGN_OR_RETURN(std::vector<std::uint64_t> indexed,
                         candidates(txn, grams, detail::token_keys(tokens).folded, tokens.size()));
  if (!unindexed_from) return indexed;
  std::erase_if(indexed, [&](std::uint64_t id) { return id >= *unindexed_from; });
  TMKIT_ASSIGN_OR_RETURN(std::vector<std::uint64_t> ids,
                         unindexed_ids(store, txn, *unindexed_from));
  ids.insert(ids.end(), indexed.begin(), indexed.end());
  return ids;
}

}  // namespace

Result<std::vector<ConcordanceHit>> TranslationMemory::concordance(
    std::string_view text, const ConcordanceOptions& options, std::size_t* total) const {
  TMKIT_ASSIGN_OR_RETURN(const std::string normalized, detail::normalize_for_match(text));
  const std::vector<Token> tokens = word_tokens(normalized);
  if (tokens.empty()) return Status::invalid_input("tm: concordance: the text has no words");
  const std::vector<std::string> phrase = folded_texts(tokens);
  const TmStore& store = impl_->store;
  const bool source = options.side == Side::kSource;
  const detail::Dbi grams = source ? store.src_grams : store.tgt_grams;
  TMKIT_ASSIGN_OR_RETURN(const detail::ReadTxn txn, store.env.begin_read());
  TMKIT_ASSIGN_OR_RETURN(const std::vector<std::uint64_t> ids,
                         phrase_candidates(store, txn, grams, tokens));
  std::vector<ConcordanceHit> hits;
  std::size_t seen = 0;
  for (std::uint64_t id : ids) {
    if (total == nullptr && hits.size() >= options.limit) break;
    TMKIT_ASSIGN_OR_RETURN(const auto record, txn.get(store.units, detail::unit_key(id)));
    if (!record)
      return Status::storage("tm: concordance: unit " + std::to_string(id) + " is missing");
    TMKIT_ASSIGN_OR_RETURN(TranslationUnit unit, detail::decode_unit(*record));
    if (!detail::matches_languages(unit, options.src_lang, options.tgt_lang)) continue;
    const std::optional<Span> span = find_phrase(source ? unit.source : unit.target, phrase);
    if (!span) continue;
    if (seen++ < options.offset || hits.size() >= options.limit) continue;
    hits.push_back(ConcordanceHit{id, std::move(unit), *span});
  }
  if (total != nullptr) *total = seen;
  return hits;
}

}  // namespace tmkit
