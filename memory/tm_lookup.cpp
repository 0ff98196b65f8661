// lookup(): candidates from the token index, filtered by length and shared-token counts,
// verified by a banded edit distance over the stored signatures, and rescored exactly by
// explain_match(). The algorithm and its guarantees are described in docs/matching.md.
#include <algorithm>
#include <cmath>
#include <optional>

#include "match_text.hpp"
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
using detail::LookupScratch;
using detail::ReadTxn;
using detail::TmStore;

// Thresholds tried in turn, above the caller's minimum: a query with a good match stops after
// reading only its rarest tokens.
constexpr double kStageScores[] = {99, 90, 80, 70, 60, 50, 40, 30, 20, 10};
// Besides the tokens a stage must read, tokens this rare are read too: they tighten the
// bounds of the candidates for almost nothing.
constexpr std::size_t kCheapPostings = 4096;
// Reading a posting costs about as much as 1/32 of verifying a candidate (a signature read
// and an edit distance): more tokens are read while that prunes enough candidates to pay.
constexpr std::size_t kPostingsPerVerify = 32;

struct QueryKey {
  std::uint32_t key;
  std::uint32_t count;     // occurrences in the query
  std::size_t df = 0;      // units whose source holds the key
  std::size_t suffix = 0;  // occurrences of this key and of every key after it (rarer first)
  bool read = false;
  std::uint32_t lo = 1, hi = 0;  // the length band read so far (empty when lo > hi)
};

struct Query {
  std::string text;  // normalised
  detail::TokenKeys keys;
  std::uint64_t folded_hash = 0;
  std::size_t n = 0;
  std::vector<QueryKey> grams;  // keys with df > 0, rarest first
  std::string src_language, tgt_language;
  // The text prepared once for explain_prepared (rescoring many candidates).
  std::optional<detail::MatchText> prepared;
};

bool better(const Match& a, const Match& b) {
  return a.score != b.score ? a.score > b.score : a.id > b.id;
}

void offer(std::vector<Match>& best, std::size_t limit, Match match) {
  if (best.size() == limit && !better(match, best.back())) return;
  best.insert(std::upper_bound(best.begin(), best.end(), match, better), std::move(match));
  if (best.size() > limit) best.pop_back();
}

// The smallest score a new match must reach to enter `best`.
double needed_score(const std::vector<Match>& best, std::size_t limit, double min_score) {
  return best.size() == limit ? std::max(min_score, best.back().score) : min_score;
}

// The token counts m that can score at least `t` against n tokens.
std::pair<std::uint32_t, std::uint32_t> length_band(double t, std::size_t n) {
  std::size_t lo = static_cast<std::size_t>(std::floor(t * static_cast<double>(n) / 100.0));
  while (lo > 0 && detail::best_possible_score(n, lo - 1) >= t) --lo;
  while (detail::best_possible_score(n, lo) < t) ++lo;
  std::size_t hi = static_cast<std::size_t>(std::ceil(100.0 * static_cast<double>(n) / t));
  hi = std::min(hi, detail::kMaxPostingLength);
  while (hi > lo && detail::best_possible_score(n, hi) < t) --hi;
  while (hi < detail::kMaxPostingLength && detail::best_possible_score(n, hi + 1) >= t) ++hi;
  return {static_cast<std::uint32_t>(lo), static_cast<std::uint32_t>(hi)};
}

// The fewest tokens a unit must share with an n-token query to score at least `t`.
std::size_t needed_common(double t, std::size_t n) {
  std::size_t c = static_cast<std::size_t>(std::floor(t * static_cast<double>(n) / 100.0));
  while (c > 0 && 100.0 * static_cast<double>(c - 1) / static_cast<double>(n) >= t) --c;
  while (100.0 * static_cast<double>(c) / static_cast<double>(n) < t) ++c;
  return c;
}

// For one stage (threshold t, length band [lo, hi], an n-token query): the fewest shared
// token occurrences with which a candidate of each length can still reach t, so that the
// passes over every candidate compare integers instead of computing scores.
class SharedNeeded {
 public:
  SharedNeeded(double t, std::size_t n, std::uint32_t lo, std::uint32_t hi) : lo_(lo) {
    for (std::uint32_t m = lo; m <= hi && lo <= hi; ++m) {
      // 100 * shared / max(n, m) >= t with shared <= min(n, m); kNever when out of reach.
      const std::size_t most = std::min<std::size_t>(n, m);
      std::size_t s = needed_common(t, std::max<std::size_t>(n, m));
      needed_.push_back(s <= most ? static_cast<std::uint32_t>(s) : kNever);
    }
  }
  // Whether a candidate of `length` tokens that may share `shared` occurrences passes.
  bool passes(std::uint32_t length, std::size_t shared) const {
    if (length < lo_ || length - lo_ >= needed_.size()) return false;
    return shared >= needed_[length - lo_];
  }

 private:
  static constexpr std::uint32_t kNever = 0xFFFFFFFFu;
  std::uint32_t lo_;
  std::vector<std::uint32_t> needed_;
};

// One block of a key's postings, and the length band being read.
struct PostingRange {
  const char* begin;
  const char* end;
  std::uint32_t lo, hi;
  std::uint32_t query_count;  // occurrences of the key in the query
  std::uint64_t id_limit;     // postings of this id and above are skipped
};

// Adds the range's shared occurrences to the units already candidates. A free function over
// raw arrays, so that the loop, which runs over millions of postings, stays in registers.
// False once a posting is longer than range.hi (the rest of the key's postings are too).
bool count_candidates(const PostingRange& range, const std::uint64_t* is_candidate,
                      std::uint16_t* hits) {
  const std::uint64_t ids = range.id_limit;
  for (const char* at = range.begin; at != range.end; at += 8) {
    const detail::Posting p = detail::decode_posting(at);
    if (p.length < range.lo) continue;
    if (p.length > range.hi) return false;
    if (p.id >= ids) continue;  // newer than this snapshot's last id, or not indexed yet
    if ((is_candidate[p.id >> 6] >> (p.id & 63) & 1u) == 0) continue;
    hits[p.id] = static_cast<std::uint16_t>(hits[p.id] +
                                            std::min<std::uint32_t>(range.query_count, p.count));
  }
  return true;
}

// The same, making every unit of the range a candidate.
bool add_and_count(const PostingRange& range, detail::LookupScratch& scratch) {
  const std::uint64_t ids = range.id_limit;
  for (const char* at = range.begin; at != range.end; at += 8) {
    const detail::Posting p = detail::decode_posting(at);
    if (p.length < range.lo) continue;
    if (p.length > range.hi) return false;
    if (p.id >= ids) continue;
    const std::uint64_t bit = std::uint64_t{1} << (p.id & 63);
    if ((scratch.is_candidate[p.id >> 6] & bit) == 0) {
      scratch.is_candidate[p.id >> 6] |= bit;
      scratch.candidates.push_back({p.id, p.length, false});
    }
    scratch.hits[p.id] = static_cast<std::uint16_t>(
        scratch.hits[p.id] + std::min<std::uint32_t>(range.query_count, p.count));
  }
  return true;
}

class IndexedLookup {
 public:
  // Postings of ids >= `unindexed_from` are ignored: their units are scanned instead.
  IndexedLookup(const TmStore& store, const ReadTxn& txn, LookupScratch& scratch, Query& query,
                const LookupOptions& options, std::uint64_t unindexed_from)
      : store_(store),
        txn_(txn),
        scratch_(scratch),
        query_(query),
        options_(options),
        pattern_(query.keys.raw),
        id_limit_(unindexed_from) {}

  ~IndexedLookup() {
    for (const detail::LookupCandidate& c : scratch_.candidates) {
      scratch_.is_candidate[c.id >> 6] = 0;  // whole words: every bit set is a candidate's
      scratch_.hits[c.id] = 0;
    }
    scratch_.candidates.clear();
  }

  Result<std::vector<Match>> run() {
    TMKIT_RETURN_IF_ERROR(prepare());
    std::vector<Match> best;
    for (double t : stages()) {
      TMKIT_RETURN_IF_ERROR(run_stage(t, best));
      if (best.size() == options_.max_results && best.back().score >= t) break;
    }
    // Whatever still waits (only scores that cannot enter `best`, unless a stage ended early).
    TMKIT_RETURN_IF_ERROR(settle(best, options_.min_score));
    return best;
  }

 private:
  std::vector<double> stages() const {
    std::vector<double> out;
    for (double t : kStageScores) {
      if (t > options_.min_score) out.push_back(t);
    }
    out.push_back(options_.min_score);
    return out;
  }

  Status prepare() {
    TMKIT_ASSIGN_OR_RETURN(const std::uint64_t last, detail::last_unit_id(store_, txn_));
    const std::size_t size = static_cast<std::size_t>(last) + 1;
    if (scratch_.hits.size() < size) {
      scratch_.hits.resize(size);
      scratch_.is_candidate.resize(size / 64 + 1);
    }
    id_limit_ = std::min<std::uint64_t>(id_limit_, size);
    for (const auto& [key, count] : detail::key_counts(query_.keys.folded)) {
      TMKIT_ASSIGN_OR_RETURN(const std::uint64_t df,
                             detail::posting_count(txn_, store_.src_grams, key));
      if (df == 0) continue;  // no unit has it: these occurrences can never be shared
      query_.grams.push_back(QueryKey{key, count, static_cast<std::size_t>(df)});
    }
    std::stable_sort(query_.grams.begin(), query_.grams.end(),
                     [](const QueryKey& a, const QueryKey& b) { return a.df < b.df; });
    std::size_t suffix = 0;
    for (auto g = query_.grams.rbegin(); g != query_.grams.rend(); ++g) {
      suffix += g->count;
      g->suffix = suffix;
    }
    min_common_ = needed_common(options_.min_score, query_.n);
    return {};
  }

  std::size_t unread_occurrences() const {
    std::size_t sum = 0;
    for (const QueryKey& g : query_.grams) {
      if (!g.read) sum += g.count;
    }
    return sum;
  }

  Status run_stage(double t, std::vector<Match>& best) {
    const auto [lo, hi] = length_band(t, query_.n);
    const std::size_t common = needed_common(t, query_.n);
    // Prefix filter: a unit sharing `common` occurrences shares one of the keys read, once
    // fewer than `common` occurrences remain unread.
    for (QueryKey& g : query_.grams) {
      const bool required = unread_occurrences() >= common;
      if (g.read || required || g.df <= kCheapPostings) {
        TMKIT_RETURN_IF_ERROR(read_band(g, lo, hi));
      }
    }
    if (unread_occurrences() >= common) return {};  // nothing can reach t (too few tokens)
    TMKIT_RETURN_IF_ERROR(tighten(t, lo, hi));
    return verify_candidates(t, lo, hi, best);
  }

  // Reads further tokens, rarest first, while their postings cost less than the candidates
  // they may prune: every unread token adds its count to every candidate's bound.
  Status tighten(double t, std::uint32_t lo, std::uint32_t hi) {
    for (int round = 0; round < 4; ++round) {
      std::size_t budget = count_passing(t, lo, hi) * kPostingsPerVerify;
      bool read_any = false;
      for (QueryKey& g : query_.grams) {
        if (g.read) continue;
        if (g.df > budget) break;
        budget -= g.df;
        TMKIT_RETURN_IF_ERROR(read_band(g, lo, hi));
        read_any = true;
      }
      if (!read_any) break;
    }
    return {};
  }

  std::size_t count_passing(double t, std::uint32_t lo, std::uint32_t hi) const {
    const SharedNeeded needed(t, query_.n, lo, hi);
    const std::size_t unread = unread_occurrences();
    std::size_t passing = 0;
    for (const detail::LookupCandidate& c : scratch_.candidates) {
      if (!c.verified && needed.passes(c.length, scratch_.hits[c.id] + unread)) ++passing;
    }
    return passing;
  }

  // Reads key `g`'s postings over [lo, hi] that were not read before.
  Status read_band(QueryKey& g, std::uint32_t lo, std::uint32_t hi) {
    if (!g.read) {
      TMKIT_RETURN_IF_ERROR(read_postings(g, lo, hi));
      g.read = true;
      g.lo = lo;
      g.hi = hi;
      return {};
    }
    if (lo < g.lo) TMKIT_RETURN_IF_ERROR(read_postings(g, lo, g.lo - 1));
    if (hi > g.hi) TMKIT_RETURN_IF_ERROR(read_postings(g, g.hi + 1, hi));
    g.lo = std::min(g.lo, lo);
    g.hi = std::max(g.hi, hi);
    return {};
  }

  Status read_postings(const QueryKey& g, std::uint32_t lo, std::uint32_t hi) {
    if (lo > hi) return {};
    TMKIT_ASSIGN_OR_RETURN(
        detail::PostingBlocks blocks,
        detail::PostingBlocks::open(txn_, store_.src_grams, g.key,
                                    detail::pack_posting({static_cast<std::uint16_t>(lo), 0, 0})));
    while (true) {
      TMKIT_ASSIGN_OR_RETURN(const std::optional<std::string_view> block, blocks.next());
      if (!block || !take_page(*block, g, lo, hi)) return {};
    }
  }

  // Counts one block of postings; false once a posting is longer than `hi` (the rest are too).
  // A unit that holds none of the keys before `g` shares at most g.suffix occurrences with the
  // query: once that is below what min_score needs, `g` only updates units already touched.
  bool take_page(std::string_view page, const QueryKey& g, std::uint32_t lo, std::uint32_t hi) {
    const PostingRange range{page.data(), page.data() + page.size() / 8 * 8, lo, hi, g.count,
                             id_limit_};
    if (g.suffix >= min_common_) return add_and_count(range, scratch_);
    return count_candidates(range, scratch_.is_candidate.data(), scratch_.hits.data());
  }

  // The best score a candidate could reach, from what is known without reading it.
  double upper_bound(const detail::LookupCandidate& c, std::size_t unread) const {
    const std::size_t m = c.length;
    const std::size_t shared = std::min({scratch_.hits[c.id] + unread, query_.n, m});
    return 100.0 * static_cast<double>(shared) / static_cast<double>(std::max(query_.n, m));
  }

  Status verify_candidates(double t, std::uint32_t lo, std::uint32_t hi, std::vector<Match>& best) {
    const SharedNeeded needed(t, query_.n, lo, hi);
    const std::size_t unread = unread_occurrences();
    std::vector<std::pair<double, std::size_t>> candidates;  // (bound, index)
    for (std::size_t i = 0; i < scratch_.candidates.size(); ++i) {
      const detail::LookupCandidate& c = scratch_.candidates[i];
      if (!c.verified && needed.passes(c.length, scratch_.hits[c.id] + unread)) {
        candidates.emplace_back(upper_bound(c, unread), i);
      }
    }
    // Best bound first; among equal bounds the newest unit, as results are ranked.
    const auto& table = scratch_.candidates;
    std::sort(candidates.begin(), candidates.end(), [&](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : table[a.second].id > table[b.second].id;
    });
    for (const auto& [bound, index] : candidates) {
      if (bound < needed_score(best, options_.max_results, options_.min_score)) break;
      // The k-th best so far counting the unrescored scores would stop the search here; it
      // may, once those scores are exact (they can only fall).
      if (bound < kth_upper(best)) {
        TMKIT_RETURN_IF_ERROR(settle(best, bound));
        if (bound < needed_score(best, options_.max_results, options_.min_score)) break;
      }
      scratch_.candidates[index].verified = true;
      TMKIT_RETURN_IF_ERROR(verify(scratch_.candidates[index].id, best));
    }
    // The stage ends the search once k results reach t: what scores less may wait for the
    // next stage, or never be read.
    return settle(best, t);
  }

  // The k-th best of the exact scores in `best` and the signature scores still pending; the
  // minimum score when there are fewer than k.
  double kth_upper(const std::vector<Match>& best) const {
    const std::size_t k = options_.max_results;
    if (best.size() + pending_.size() < k) return options_.min_score;
    std::vector<double> scores;
    scores.reserve(best.size() + pending_.size());
    for (const Match& m : best) scores.push_back(m.score);
    for (const auto& [score, id] : pending_) scores.push_back(score);
    std::nth_element(scores.begin(), scores.begin() + static_cast<std::ptrdiff_t>(k - 1),
                     scores.end(), std::greater<>());
    return std::max(options_.min_score, scores[k - 1]);
  }

  // Rescores the pending candidates whose signature score reaches `floor`, best first, until
  // the rest cannot enter `best` (a signature score is never below the exact one); those
  // below `floor` stay pending.
  Status settle(std::vector<Match>& best, double floor) {
    std::sort(pending_.begin(), pending_.end(), std::greater<>());
    std::size_t done = 0;
    for (; done < pending_.size() && pending_[done].first >= floor; ++done) {
      const auto [score, id] = pending_[done];
      if (score < needed_score(best, options_.max_results, options_.min_score)) continue;
      TMKIT_RETURN_IF_ERROR(rescore(id, best));
    }
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(done));
    return {};
  }

  // Scores unit `id` from its signature: an upper bound of its exact score (equal unless the
  // texts hold inline codes or two tokens share a hash), kept in pending_ when it can enter
  // `best`. Reading and rescoring the unit (explain_match) waits for settle(), so that only
  // the candidates that make the top k pay for it.
  Status verify(std::uint64_t id, std::vector<Match>& best) {
    const std::string key = detail::unit_key(id);
    TMKIT_ASSIGN_OR_RETURN(const auto bytes, txn_.get(store_.sig, key));
    if (!bytes) return Status::storage("tm: unit " + std::to_string(id) + " has no signature");
    TMKIT_RETURN_IF_ERROR(detail::decode_signature(*bytes, signature_));
    if ((!query_.src_language.empty() && signature_.src_language != query_.src_language) ||
        (!query_.tgt_language.empty() && signature_.tgt_language != query_.tgt_language)) {
      return {};
    }
    const double needed = needed_score(best, options_.max_results, options_.min_score);
    const std::size_t m = signature_.raw.size();
    double score = 100.0;  // the same folded tokens: 100 or near_exact, for rescoring to say
    if (signature_.folded_hash != query_.folded_hash || m != query_.n) {
      const std::size_t bound = detail::max_distance_for(needed, query_.n, m);
      const std::size_t d = pattern_.distance(signature_.raw.data(), m, bound);
      if (d > bound) return {};
      score = std::min(options_.score.near_exact, detail::score_from_distance(d, query_.n, m));
    }
    pending_.emplace_back(score, id);
    return {};
  }

  Status rescore(std::uint64_t id, std::vector<Match>& best) {
    const std::string key = detail::unit_key(id);
    TMKIT_ASSIGN_OR_RETURN(const auto record, txn_.get(store_.units, key));
    if (!record) return Status::storage("tm: unit " + std::to_string(id) + " is missing");
    TMKIT_ASSIGN_OR_RETURN(TranslationUnit unit, detail::decode_unit(*record));
    Match match;
    match.explanation =
        detail::explain_prepared(*query_.prepared, detail::MatchText(unit.source), options_.score);
    match.score = match.explanation.score;
    if (match.score < needed_score(best, options_.max_results, options_.min_score)) return {};
    match.id = id;
    match.unit = std::move(unit);
    TMKIT_ASSIGN_OR_RETURN(match.use_count, detail::use_count(store_, txn_, id));
    offer(best, options_.max_results, std::move(match));
    return {};
  }

  const TmStore& store_;
  const ReadTxn& txn_;
  LookupScratch& scratch_;
  Query& query_;
  const LookupOptions& options_;
  detail::Signature signature_;
  detail::TokenPattern pattern_;
  std::uint64_t id_limit_;      // ids below are indexed and in this snapshot
  std::size_t min_common_ = 0;  // occurrences a unit must share to reach options_.min_score
  // Verified candidates not yet rescored: (signature score, id).
  std::vector<std::pair<double, std::uint64_t>> pending_;
};

// Scores every unit with an id >= `from` and offers it to `best`.
Status exhaustive(const TmStore& store, const ReadTxn& txn, const Query& query,
                  const LookupOptions& options, std::uint64_t from, std::vector<Match>& best) {
  const auto score = [&](std::uint64_t id, TranslationUnit&& unit) -> Status {
    if (!detail::matches_languages(unit, options.src_lang, options.tgt_lang)) return {};
    Match match;
    match.explanation =
        detail::explain_prepared(*query.prepared, detail::MatchText(unit.source), options.score);
    match.score = match.explanation.score;
    if (match.score < options.min_score) return {};
    match.id = id;
    match.unit = std::move(unit);
    TMKIT_ASSIGN_OR_RETURN(match.use_count, detail::use_count(store, txn, id));
    offer(best, options.max_results, std::move(match));
    return {};
  };
  return detail::scan_unit_range(store, txn, from, UINT64_MAX, score);
}

// The indexed search over the indexed units, and a scan of those an import has not indexed
// yet (tm_deferred.hpp).
Result<std::vector<Match>> indexed_lookup(const TmStore& store, const ReadTxn& txn,
                                          LookupScratch& scratch, Query& query,
                                          const LookupOptions& options,
                                          std::optional<std::uint64_t> unindexed_from) {
  IndexedLookup lookup(store, txn, scratch, query, options, unindexed_from.value_or(UINT64_MAX));
  TMKIT_ASSIGN_OR_RETURN(std::vector<Match> best, lookup.run());
  query.grams.clear();  // a second search reads the keys afresh
  if (unindexed_from) {
    TMKIT_RETURN_IF_ERROR(exhaustive(store, txn, query, options, *unindexed_from, best));
  }
  return best;
}

// Puts the query's numbers into the targets of numbers-only matches; a match whose numbers
// cannot be placed falls back to its edit-distance score.
void adapt_numbers(const Query& query, const LookupOptions& options, std::vector<Match>& best) {
  bool changed = false;
  for (Match& match : best) {
    if (match.explanation.rule != MatchExplanation::Rule::kNumbersOnly) continue;
    match.adapted_target = substitute_numbers(match.unit.target, match.explanation.number_changes);
    if (!match.adapted_target.empty()) continue;
    MatchExplanation fallback = explain_match(query.text, match.unit.source, options.score);
    const std::vector<std::string_view> a = detail::tokenize(query.text);
    const std::vector<std::string_view> b = detail::tokenize(match.unit.source);
    fallback.rule = MatchExplanation::Rule::kEditDistance;
    fallback.distance = detail::token_edit_distance(a, b);
    fallback.base = std::min(options.score.near_exact,
                             detail::score_from_distance(fallback.distance, fallback.query_tokens,
                                                         fallback.candidate_tokens));
    fallback.score = std::max(0.0, fallback.base - static_cast<double>(fallback.code_difference) *
                                                       options.score.code_penalty);
    fallback.number_changes.clear();
    match.explanation = fallback;
    match.score = fallback.score;
    changed = true;
  }
  if (changed) {
    std::stable_sort(best.begin(), best.end(), better);
    std::erase_if(best, [&](const Match& m) { return m.score < options.min_score; });
  }
}

Status check_options(const LookupOptions& options) {
  if (!(options.min_score >= 0.0 && options.min_score <= 100.0)) {
    return Status::invalid_input("tm: lookup: min_score must be within 0-100");
  }
  if (!(options.score.near_exact >= 0.0 && options.score.near_exact <= 100.0) ||
      !(options.score.code_penalty >= 0.0)) {
    return Status::invalid_input("tm: lookup: near_exact must be within 0-100, code_penalty >= 0");
  }
  return {};
}

}  // namespace

Result<std::vector<Match>> TranslationMemory::lookup(std::string_view text,
                                                     const LookupOptions& options) const {
  TMKIT_RETURN_IF_ERROR(check_options(options));
  std::vector<Match> best;
  if (options.max_results == 0) return best;
  Query query;
  TMKIT_ASSIGN_OR_RETURN(query.text, detail::normalize_for_match(text));
  query.prepared.emplace(query.text);
  query.keys = detail::token_keys(detail::tokenize_tokens(query.text));
  query.n = query.keys.raw.size();
  query.folded_hash = detail::sequence_hash(query.keys.folded);
  if (!options.src_lang.empty()) query.src_language = options.src_lang.language();
  if (!options.tgt_lang.empty()) query.tgt_language = options.tgt_lang.language();
  TMKIT_ASSIGN_OR_RETURN(const ReadTxn txn, impl_->store.env.begin_read());
  if (options.exhaustive || options.min_score <= 0.0 || query.n == 0 ||
      query.n > detail::kMaxPostingLength) {
    TMKIT_RETURN_IF_ERROR(exhaustive(impl_->store, txn, query, options, 0, best));
    if (options.stop_at_exact && !best.empty() && best.front().score >= 100.0) {
      std::erase_if(best, [](const Match& m) { return m.score < 100.0; });
    }
  } else {
    if (!impl_->scratch) impl_->scratch = std::make_unique<LookupScratch>();
    TMKIT_ASSIGN_OR_RETURN(const std::optional<std::uint64_t> unindexed_from,
                           detail::read_unindexed_from(impl_->store, txn));
    if (options.stop_at_exact) {
      LookupOptions exact_only = options;
      exact_only.min_score = 100.0;
      TMKIT_ASSIGN_OR_RETURN(best, indexed_lookup(impl_->store, txn, *impl_->scratch, query,
                                                  exact_only, unindexed_from));
    }
    if (best.empty()) {
      TMKIT_ASSIGN_OR_RETURN(
          best, indexed_lookup(impl_->store, txn, *impl_->scratch, query, options, unindexed_from));
    }
  }
  adapt_numbers(query, options, best);
  return best;
}

}  // namespace tmkit
