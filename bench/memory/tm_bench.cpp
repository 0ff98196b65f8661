// tmkit_tm_bench: builds a translation memory of N units from real Chinese-English pairs
// (the gold-aligned Bible dev set in shared/) plus deterministic variants of them, runs a
// query set through TranslationMemory::lookup, and checks every answer against an exhaustive
// search in the same process. Prints build time, sizes, latency percentiles and recall@1.
//
//   tmkit_tm_bench --shared ../shared --units 1000000 --queries 1000 --tm /tmp/tm-1m
//
// Units: each gold bead with text on both sides is a base pair; unit i uses base pair
// i % B, as is for i < B, else with 1-3 edits on each side (a word or character substituted
// from the corpus vocabulary, one deleted, or a number put in or changed, the same number on
// both sides). Even units are zh -> en, odd ones en -> zh, so both languages are sources.
// Document 006 is held out of the TM: its sentences are the "unseen" queries.
// Queries, per language a third each: "exact" (a stored source), "fuzzy" (a base pair's
// source with 1-4 fresh edits) and "unseen". The exhaustive search scores every unit of the
// query's source language with the definition of docs/matching.md (tokens, folding, banded
// edit distance, 99 rules) on pre-tokenised texts held in memory, two threads.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "tmkit/memory/translation_memory.hpp"
#include "tokenize.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

class Lcg {
 public:
  explicit Lcg(std::uint64_t seed) : state_(seed * 2862933555777941757u + 3037000493u) {}
  std::size_t below(std::size_t n) {
    state_ = state_ * 6364136223846793005u + 1442695040888963407u;
    return static_cast<std::size_t>((state_ >> 33) % n);
  }

 private:
  std::uint64_t state_;
};

struct Pair {
  std::string zh;
  std::string en;
};

std::vector<std::string> read_lines(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<std::size_t> parse_indices(const std::string& list) {
  std::vector<std::size_t> out;
  std::string digits;
  for (char c : list + ",") {
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (!digits.empty()) {
      out.push_back(std::stoul(digits));
      digits.clear();
    }
  }
  return out;
}

// The beads of one document with sentences on both sides: zh joined without spaces, en with.
std::vector<Pair> read_document(const std::filesystem::path& dir, const std::string& doc) {
  const auto src = read_lines(dir / (doc + ".src"));
  const auto tgt = read_lines(dir / (doc + ".tgt"));
  std::vector<Pair> pairs;
  for (const std::string& bead : read_lines(dir / (doc + ".gold.align"))) {
    const std::size_t colon = bead.find("]:[");
    if (colon == std::string::npos) continue;
    const auto s = parse_indices(bead.substr(0, colon + 1));
    const auto t = parse_indices(bead.substr(colon + 2));
    if (s.empty() || t.empty()) continue;
    Pair pair;
    for (std::size_t i : s) pair.zh += src.at(i);
    for (std::size_t i : t) pair.en += (pair.en.empty() ? "" : " ") + tgt.at(i);
    pairs.push_back(std::move(pair));
  }
  return pairs;
}

// Tokens of a text as the bench edits them: words for English, UTF-8 characters for Chinese.
std::vector<std::string> split(const std::string& text, bool zh) {
  std::vector<std::string> out;
  if (!zh) {
    std::istringstream in(text);
    for (std::string word; in >> word;) out.push_back(word);
    return out;
  }
  for (std::size_t pos = 0; pos < text.size();) {
    const unsigned char lead = static_cast<unsigned char>(text[pos]);
    const std::size_t len = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    out.push_back(text.substr(pos, len));
    pos += len;
  }
  return out;
}

std::string join(const std::vector<std::string>& tokens, bool zh) {
  std::string out;
  for (const std::string& t : tokens) {
    if (!zh && !out.empty()) out += ' ';
    out += t;
  }
  return out;
}

struct Vocab {
  std::vector<std::string> en_words;
  std::vector<std::string> zh_chars;
};

// Applies `edits` random edits to both sides of `pair`; a number edit puts the same number
// on both sides.
Pair edit_pair(const Pair& pair, const Vocab& vocab, Lcg& rng, std::size_t edits) {
  std::vector<std::string> zh = split(pair.zh, true);
  std::vector<std::string> en = split(pair.en, false);
  for (std::size_t e = 0; e < edits; ++e) {
    const std::size_t kind = rng.below(4);
    if (kind == 3) {
      const std::string number = std::to_string(1 + rng.below(500));
      zh.insert(zh.begin() + static_cast<std::ptrdiff_t>(rng.below(zh.size() + 1)), number);
      en.insert(en.begin() + static_cast<std::ptrdiff_t>(rng.below(en.size() + 1)), number);
      continue;
    }
    for (int side = 0; side < 2; ++side) {
      std::vector<std::string>& tokens = side == 0 ? zh : en;
      const std::vector<std::string>& words = side == 0 ? vocab.zh_chars : vocab.en_words;
      if (tokens.size() < 2) continue;
      const std::size_t at = rng.below(tokens.size());
      if (kind == 2) {
        tokens.erase(tokens.begin() + static_cast<std::ptrdiff_t>(at));
      } else {
        tokens[at] = words[rng.below(words.size())];
      }
    }
  }
  return Pair{join(zh, true), join(en, false)};
}

Vocab build_vocab(const std::vector<Pair>& pairs) {
  std::unordered_map<std::string, int> en, zh;
  for (const Pair& p : pairs) {
    for (const auto& w : split(p.en, false)) ++en[w];
    for (const auto& c : split(p.zh, true)) ++zh[c];
  }
  Vocab vocab;
  for (const auto& [w, n] : en) vocab.en_words.push_back(w);
  for (const auto& [c, n] : zh) vocab.zh_chars.push_back(c);
  std::sort(vocab.en_words.begin(), vocab.en_words.end());
  std::sort(vocab.zh_chars.begin(), vocab.zh_chars.end());
  return vocab;
}

tmkit::TranslationUnit make_unit(std::size_t i, const std::vector<Pair>& base, const Vocab& vocab) {
  const Pair& pair = base[i % base.size()];
  Pair text = pair;
  if (i >= base.size()) {
    Lcg rng(i);
    text = edit_pair(pair, vocab, rng, 1 + rng.below(3));
  }
  tmkit::TranslationUnit unit;
  const bool zh_source = i % 2 == 0;
  unit.src_lang = tmkit::LangTag::parse(zh_source ? "zh-CN" : "en").value();
  unit.tgt_lang = tmkit::LangTag::parse(zh_source ? "en" : "zh-CN").value();
  unit.source = zh_source ? text.zh : text.en;
  unit.target = zh_source ? text.en : text.zh;
  unit.created = static_cast<std::int64_t>(i);
  unit.provenance.document = "bench-" + std::to_string(i % base.size() % 97);
  return unit;
}

// ---- exhaustive search over pre-tokenised sources ------------------------------------------

struct Tokenised {
  std::vector<std::uint32_t> raw;     // all units' raw keys, concatenated
  std::vector<std::uint32_t> folded;  // all units' folded keys, concatenated
  std::vector<std::size_t> offset;    // unit k's keys start at offset[k]
  std::vector<std::string> text;      // normalised source
};

void add_tokenised(Tokenised& t, const std::string& source) {
  const std::string text = tmkit::detail::normalize_for_match(source).value();
  const auto keys = tmkit::detail::token_keys(tmkit::detail::tokenize_tokens(text));
  t.offset.push_back(t.raw.size());
  t.raw.insert(t.raw.end(), keys.raw.begin(), keys.raw.end());
  t.folded.insert(t.folded.end(), keys.folded.begin(), keys.folded.end());
  t.text.push_back(text);
}

std::size_t length_of(const Tokenised& t, std::size_t k) {
  return (k + 1 < t.offset.size() ? t.offset[k + 1] : t.raw.size()) - t.offset[k];
}

// The best score over units [begin, end) of `t` for the query.
double best_in(const Tokenised& t, std::size_t begin, std::size_t end, const std::string& text,
               const tmkit::detail::TokenKeys& q, double min_score) {
  namespace d = tmkit::detail;
  const std::size_t n = q.raw.size();
  std::unordered_map<std::uint32_t, int> bag;
  for (std::uint32_t k : q.folded) ++bag[k];
  std::unordered_map<std::uint32_t, int> used;
  double best = -1;
  for (std::size_t k = begin; k < end; ++k) {
    const std::size_t m = length_of(t, k);
    const double floor = std::max(min_score, best);
    if (d::best_possible_score(n, m) < floor || (best >= 0 && d::best_possible_score(n, m) <= best))
      continue;
    const std::uint32_t* folded = t.folded.data() + t.offset[k];
    used.clear();
    std::size_t common = 0;
    for (std::size_t i = 0; i < m; ++i) {
      const auto it = bag.find(folded[i]);
      if (it != bag.end() && used[folded[i]]++ < it->second) ++common;
    }
    const double bound = 100.0 * static_cast<double>(common) / static_cast<double>(std::max(n, m));
    if (bound < floor || (best >= 0 && bound <= best)) continue;
    double score = 0;
    if (m == n && std::equal(folded, folded + m, q.folded.begin())) {
      score = t.text[k] == text ? 100.0 : 99.0;
    } else {
      const std::size_t bound_d = d::max_distance_for(floor, n, m);
      const std::size_t dist =
          d::banded_edit_distance(q.raw.data(), n, t.raw.data() + t.offset[k], m, bound_d);
      if (dist > bound_d) continue;
      score = std::min(99.0, d::score_from_distance(dist, n, m));
    }
    best = std::max(best, score);
  }
  return best;
}

double exhaustive_best(const Tokenised& t, const std::string& query, double min_score) {
  const std::string text = tmkit::detail::normalize_for_match(query).value();
  const auto q = tmkit::detail::token_keys(tmkit::detail::tokenize_tokens(text));
  const std::size_t half = t.offset.size() / 2;
  double a = -1, b = -1;
  std::thread other([&] { b = best_in(t, half, t.offset.size(), text, q, min_score); });
  a = best_in(t, 0, half, text, q, min_score);
  other.join();
  return std::max(a, b);
}

// ---- report --------------------------------------------------------------------------------

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t at = std::min(
      v.size() - 1, static_cast<std::size_t>(std::ceil(p * static_cast<double>(v.size())) - 1));
  return v[at];
}

constexpr double kNotMeasured = -2.0;

// The exact queries again with LookupOptions::stop_at_exact (tmkit lookup --stop-at-exact).
const std::string kStopAtExact = "exact*";

struct QueryResult {
  std::string query;
  std::string lang, kind;
  double ms;
  double top;   // indexed top-1 score, -1 for none
  double best;  // exhaustive best, -1 for none
};

void print_group(const std::vector<QueryResult>& results, const std::string& lang,
                 const std::string& kind) {
  std::vector<double> ms;
  std::size_t eligible = 0, hit = 0;
  bool measured = false;
  for (const QueryResult& r : results) {
    if (r.lang != lang || (!kind.empty() && r.kind != kind)) continue;
    ms.push_back(r.ms);
    measured = measured || r.best != kNotMeasured;
    if (r.best >= 50.0) {
      ++eligible;
      if (std::abs(r.top - r.best) < 1e-9) ++hit;
    }
  }
  if (ms.empty()) return;
  double total = 0;
  for (double x : ms) total += x;
  std::printf(
      "  %-3s %-7s n=%4zu  p50 %7.3f ms  p95 %7.3f ms  p99 %7.3f ms  max %7.2f ms  %6.0f q/s  ",
      lang.c_str(), kind.empty() ? "all" : kind.c_str(), ms.size(), percentile(ms, 0.5),
      percentile(ms, 0.95), percentile(ms, 0.99), percentile(ms, 1.0),
      1000.0 * static_cast<double>(ms.size()) / total);
  if (!measured) {
    std::printf("recall@1 not measured (--exhaustive 0)\n");
    return;
  }
  std::printf("recall@1 %zu/%zu = %.4f\n", hit, eligible,
              eligible == 0 ? 1.0 : static_cast<double>(hit) / static_cast<double>(eligible));
}

// Latency and recall@1 of another matcher's results (index, ms, top source per line), its
// top hit scored with tmkit's definition and compared with the exhaustive best.
void report_external(const std::string& path, const std::vector<QueryResult>& results) {
  std::ifstream in(path);
  std::vector<QueryResult> external;
  for (std::string line; std::getline(in, line);) {
    const std::size_t a = line.find('\t');
    const std::size_t b = line.find('\t', a + 1);
    if (a == std::string::npos || b == std::string::npos) continue;
    const std::size_t index = std::stoul(line.substr(0, a));
    if (index >= results.size()) continue;
    QueryResult r = results[index];
    r.ms = std::stod(line.substr(a + 1, b - a - 1));
    const std::string top = line.substr(b + 1);
    r.top = top.empty() ? -1 : tmkit::fuzzy_score(r.query, top);
    if (r.top < 50) r.top = -1;
    external.push_back(r);
  }
  std::printf("external matcher (%s), %zu queries, its top hit scored by tmkit's definition:\n",
              path.c_str(), external.size());
  for (const char* lang : {"en", "zh"}) print_group(external, lang, "");
  std::vector<QueryResult> same;
  for (const QueryResult& r : external) {
    for (const QueryResult& t : results) {
      if (t.query == r.query && t.lang == r.lang) {
        same.push_back(t);
        break;
      }
    }
  }
  std::printf("tmkit on the same queries:\n");
  for (const char* lang : {"en", "zh"}) print_group(same, lang, "");
}

// Tokenises (and hashes, as indexing does) the sources and targets of the first `count`
// units five times; prints the best round's throughput.
int time_tokenizer(std::size_t count, const std::vector<Pair>& base, const Vocab& vocab) {
  std::vector<std::string> texts;
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const tmkit::TranslationUnit unit = make_unit(i, base, vocab);
    for (const std::string* text : {&unit.source, &unit.target}) {
      texts.push_back(*text);
      bytes += text->size();
    }
  }
  double best_ms = 0;
  std::size_t tokens = 0;
  std::uint64_t checksum = 0;
  for (int round = 0; round < 5; ++round) {
    tokens = 0;
    checksum = 0;
    const auto t0 = Clock::now();
    for (const std::string& text : texts) {
      const auto keys = tmkit::detail::token_keys(tmkit::detail::tokenize_tokens(text));
      tokens += keys.raw.size();
      for (std::uint32_t key : keys.folded) checksum += key;
    }
    const double ms = ms_since(t0);
    if (round == 0 || ms < best_ms) best_ms = ms;
  }
  std::printf(
      "tokenise + keys: %zu texts, %.1f MB, %zu tokens (checksum %llu), best of 5: %.1f ms = "
      "%.1f MB/s, %.2f M tokens/s\n",
      texts.size(), static_cast<double>(bytes) / 1e6, tokens,
      static_cast<unsigned long long>(checksum), best_ms,
      static_cast<double>(bytes) / 1e3 / best_ms, static_cast<double>(tokens) / 1e3 / best_ms);
  return 0;
}

struct Args {
  std::filesystem::path shared = "../shared";
  std::size_t units = 100000;
  std::size_t queries = 1000;
  std::filesystem::path tm = "/tmp/tmkit-bench-tm";
  bool reuse = false;
  std::size_t batch = 50000;  // units per transaction, as `tmkit import --batch`
  std::string write_queries;
  bool exhaustive = true;
  std::string write_units;
  std::string external;
  std::size_t tokenize = 0;  // > 0: only time the tokeniser over this many units' texts
  bool check = false;        // run TranslationMemory::check() after the import
};

Args parse_args(int argc, char** argv) {
  Args args;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--shared")
      args.shared = value;
    else if (flag == "--units")
      args.units = std::stoul(value);
    else if (flag == "--queries")
      args.queries = std::stoul(value);
    else if (flag == "--tm")
      args.tm = value;
    else if (flag == "--reuse")
      args.reuse = value == "1";
    else if (flag == "--batch")
      args.batch = std::stoul(value);
    else if (flag == "--write-queries")
      args.write_queries = value;
    else if (flag == "--exhaustive")
      args.exhaustive = value != "0";
    else if (flag == "--write-units")
      args.write_units = value;
    else if (flag == "--external")
      args.external = value;
    else if (flag == "--tokenize")
      args.tokenize = std::stoul(value);
    else if (flag == "--check")
      args.check = value == "1";
  }
  return args;
}

}  // namespace

int main(int argc, char** argv) {
  const Args args = parse_args(argc, argv);
  const std::filesystem::path dir = args.shared / "data/align-dev/bible-zh-en";
  std::vector<Pair> base, held_out;
  for (const char* doc : {"001", "002", "003", "004", "005"}) {
    for (Pair& p : read_document(dir, doc)) base.push_back(std::move(p));
  }
  held_out = read_document(dir, "006");
  if (base.empty()) {
    std::cerr << "no gold pairs under " << dir << "\n";
    return 1;
  }
  const Vocab vocab = build_vocab(base);
  std::printf(
      "corpus: %zu base pairs (001-005), %zu held-out pairs (006); vocab %zu en words, %zu zh "
      "chars\n",
      base.size(), held_out.size(), vocab.en_words.size(), vocab.zh_chars.size());

  if (args.tokenize > 0) return time_tokenizer(args.tokenize, base, vocab);

  // Build.
  if (!args.reuse) std::filesystem::remove_all(args.tm);
  auto opened = tmkit::TranslationMemory::open(args.tm);
  if (!opened.ok()) {
    std::cerr << opened.status().message() << "\n";
    return 1;
  }
  tmkit::TranslationMemory tm = std::move(opened).value();
  Tokenised zh_units, en_units;
  std::vector<std::size_t> zh_ids, en_ids;  // unit index i of each tokenised entry
  std::ofstream units_file;
  if (!args.write_units.empty()) units_file.open(args.write_units);
  double import_ms = 0;
  std::size_t added = 0, duplicates = 0;
  for (std::size_t start = 0; start < args.units; start += args.batch) {
    std::vector<tmkit::TranslationUnit> units;
    for (std::size_t i = start; i < std::min(args.units, start + args.batch); ++i) {
      units.push_back(make_unit(i, base, vocab));
    }
    if (!args.reuse) {
      const auto t0 = Clock::now();
      const auto report = tm.add(units);
      // As tmkit import does between batches.
      const tmkit::Status released = tm.release_resident_pages();
      import_ms += ms_since(t0);
      if (!report.ok() || !released.ok()) {
        std::cerr << (report.ok() ? released : report.status()).message() << "\n";
        return 1;
      }
      added += report->added;
      duplicates += report->duplicates;
    }
    for (std::size_t k = 0; k < units.size(); ++k) {
      const bool zh = (start + k) % 2 == 0;
      if (units_file) {
        units_file << (zh ? "zh" : "en") << "\t" << units[k].source << "\t" << units[k].target
                   << "\n";
      }
      add_tokenised(zh ? zh_units : en_units, units[k].source);
      (zh ? zh_ids : en_ids).push_back(start + k);
    }
  }
  const auto stats = tm.stats().value();
  std::uint64_t unit_bytes = 0;
  for (const auto& [name, bytes] : stats.database_bytes) {
    if (name == "units") unit_bytes = bytes;
  }
  std::printf("TM %s: %zu units stored (%zu added now, %zu duplicates)\n", args.tm.c_str(),
              stats.units, added, duplicates);
  if (!args.reuse) {
    std::printf("import (add + index) in batches of %zu: %.1f s, %.0f units/s\n", args.batch,
                import_ms / 1000, static_cast<double>(args.units) / (import_ms / 1000));
  }
  if (args.check) {
    const auto t0 = Clock::now();
    const auto report = tm.check();
    if (!report.ok()) {
      std::cerr << report.status().message() << "\n";
      return 1;
    }
    std::printf("check: %zu units, %zu index entries, %zu problems%s (%.1f s)\n", report->units,
                report->index_entries, report->problem_count,
                report->problems.empty() ? "" : (": " + report->problems.front()).c_str(),
                ms_since(t0) / 1000);
    if (!report->clean()) return 1;
  }
  const std::uint64_t index_bytes = stats.used_bytes - unit_bytes;
  std::printf(
      "data.mdb %.1f MiB, in use %.1f MiB: unit records %.1f MiB, index (postings, signatures, "
      "dedupe, variants) %.1f MiB = %.2fx the unit data\n",
      static_cast<double>(stats.file_bytes) / 1048576.0,
      static_cast<double>(stats.used_bytes) / 1048576.0,
      static_cast<double>(unit_bytes) / 1048576.0, static_cast<double>(index_bytes) / 1048576.0,
      static_cast<double>(index_bytes) / static_cast<double>(unit_bytes));

  // Queries.
  std::vector<QueryResult> results;  // indexed by query number, as --write-queries numbers them
  std::vector<QueryResult> stop_results;  // the exact queries again, with stop_at_exact
  std::ofstream query_file;
  if (!args.write_queries.empty()) query_file.open(args.write_queries);
  Lcg rng(424242);
  for (std::size_t q = 0; q < args.queries; ++q) {
    const bool zh = q % 2 == 0;
    const std::size_t kind = q / 2 % 3;
    std::string query;
    if (kind == 0) {
      const std::size_t k = rng.below(zh ? zh_ids.size() : en_ids.size());
      query = make_unit((zh ? zh_ids : en_ids)[k], base, vocab).source;
    } else if (kind == 1) {
      Lcg edits(1000000007u + q);
      const Pair p = edit_pair(base[rng.below(base.size())], vocab, edits, 1 + edits.below(4));
      query = zh ? p.zh : p.en;
    } else {
      const Pair& p = held_out[rng.below(held_out.size())];
      query = zh ? p.zh : p.en;
    }
    if (query_file) query_file << q << "\t" << (zh ? "zh" : "en") << "\t" << query << "\n";
    tmkit::LookupOptions options;
    options.min_score = 50;
    options.max_results = 5;
    options.src_lang = tmkit::LangTag::parse(zh ? "zh" : "en").value();
    // (milliseconds, top score or -1), or nullopt after printing the error.
    const auto timed_lookup = [&]() -> std::optional<std::pair<double, double>> {
      const auto t0 = Clock::now();
      const auto matches = tm.lookup(query, options);
      const double ms = ms_since(t0);
      if (!matches.ok()) {
        std::cerr << matches.status().message() << "\n";
        return std::nullopt;
      }
      return std::make_pair(ms, matches->empty() ? -1.0 : matches->front().score);
    };
    const auto found = timed_lookup();
    if (!found) return 1;
    const auto [ms, top] = *found;
    const double best =
        args.exhaustive ? exhaustive_best(zh ? zh_units : en_units, query, 50.0) : kNotMeasured;
    results.push_back({query, zh ? "zh" : "en",
                       kind == 0   ? "exact"
                       : kind == 1 ? "fuzzy"
                                   : "unseen",
                       ms, top, best});
    if (kind == 0) {
      options.stop_at_exact = true;
      const auto exact = timed_lookup();
      if (!exact) return 1;
      stop_results.push_back(
          {query, zh ? "zh" : "en", kStopAtExact, exact->first, exact->second, best});
    }
    if (std::abs(top - best) > 1e-9 && best >= 50) {
      std::printf("  MISS %s query %zu: index %.2f, exhaustive %.2f: %s\n", zh ? "zh" : "en", q,
                  top, best, query.c_str());
    }
  }
  std::printf(
      "lookup, min-score 50, top 5, one thread (recall@1 over queries whose exhaustive best >= "
      "50):\n");
  for (const char* lang : {"en", "zh"}) {
    print_group(results, lang, "exact");
    print_group(stop_results, lang, kStopAtExact);
    for (const char* kind : {"fuzzy", "unseen", ""}) print_group(results, lang, kind);
  }
  if (!args.external.empty()) report_external(args.external, results);
  return 0;
}
