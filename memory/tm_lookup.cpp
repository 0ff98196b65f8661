// lookup(): a full scan of the units, scored with the token edit distance of fuzzy_match.hpp.
// Linear in the size of the TM; an n-gram index can later narrow the candidates.
#include <algorithm>
#include <optional>

#include "record_codec.hpp"
#include "tm_store.hpp"
#include "tmkit/memory/translation_memory.hpp"
#include "tokenize.hpp"

namespace tmkit {
namespace {

// 100 is kept for exact matches (equal after normalize_for_match). Texts that differ only in
// white space between tokens ("a,b" / "a, b") tokenise alike and would otherwise score 100.
constexpr double kBestFuzzyScore = 99.0;

struct Query {
  std::string text;  // normalised
  std::vector<std::string_view> tokens;
  double min_score;
};

// The score of `source` against the query, or nullopt when it cannot reach min_score.
Result<std::optional<double>> score_source(const Query& query, std::string_view source) {
  TMKIT_ASSIGN_OR_RETURN(const std::string text, detail::normalize_for_match(source));
  if (text == query.text) return std::optional<double>(100.0);
  const std::vector<std::string_view> tokens = detail::tokenize(text);
  // Cheap length filter: the distance is at least the difference in token counts.
  if (detail::best_possible_score(query.tokens.size(), tokens.size()) < query.min_score) {
    return std::optional<double>();
  }
  const std::size_t distance = detail::token_edit_distance(query.tokens, tokens);
  const double score = std::min(
      kBestFuzzyScore, detail::score_from_distance(distance, query.tokens.size(), tokens.size()));
  if (score < query.min_score) return std::optional<double>();
  return std::optional<double>(score);
}

// Best first; among equal scores the newer (higher) id first.
bool better(const Match& a, const Match& b) {
  return a.score != b.score ? a.score > b.score : a.id > b.id;
}

// Keeps the best `limit` matches seen so far, in order.
void offer(std::vector<Match>& best, std::size_t limit, Match match) {
  if (best.size() == limit && !better(match, best.back())) return;
  best.insert(std::upper_bound(best.begin(), best.end(), match, better), std::move(match));
  if (best.size() > limit) best.pop_back();
}

}  // namespace

Result<std::vector<Match>> TranslationMemory::lookup(std::string_view text,
                                                     const LookupOptions& options) const {
  if (!(options.min_score >= 0.0 && options.min_score <= 100.0)) {
    return Status::invalid_input("tm: lookup: min_score must be within 0-100");
  }
  std::vector<Match> best;
  if (options.max_results == 0) return best;
  Query query{{}, {}, options.min_score};
  TMKIT_ASSIGN_OR_RETURN(query.text, detail::normalize_for_match(text));
  query.tokens = detail::tokenize(query.text);
  TMKIT_ASSIGN_OR_RETURN(const detail::ReadTxn txn, impl_->store.env.begin_read());
  TMKIT_RETURN_IF_ERROR(detail::scan_units(
      impl_->store, txn, [&](std::uint64_t id, std::string_view record) -> Status {
        TMKIT_ASSIGN_OR_RETURN(TranslationUnit unit, detail::decode_unit(record));
        if (!detail::matches_languages(unit, options.src_lang, options.tgt_lang)) return {};
        TMKIT_ASSIGN_OR_RETURN(const std::optional<double> score, score_source(query, unit.source));
        if (score) offer(best, options.max_results, Match{id, *score, std::move(unit)});
        return {};
      }));
  return best;
}

}  // namespace tmkit
