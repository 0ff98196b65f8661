// Ids, fingerprints and apply_review(): turning a review's decisions into TM units.
#include <cstdio>
#include <map>
#include <set>
#include <tuple>

#include "tmkit/review/review.hpp"

namespace tmkit::review {
namespace {

constexpr std::string_view kTool = "tmkit apply-review";
constexpr std::string_view kFingerprintProp = "x-review";
constexpr std::string_view kBeadProp = "x-review-bead";

std::string position(std::size_t first, std::size_t count) {
  if (count <= 1) return std::to_string(first);
  return std::to_string(first) + "-" + std::to_string(first + count - 1);
}

std::string property(const TranslationUnit& unit, std::string_view type) {
  for (const Property& prop : unit.props) {
    if (prop.type == type) return prop.value;
  }
  return "";
}

// Identical texts and languages: such a unit is stored already, whoever stored it.
using PairKey = std::tuple<std::string, std::string, std::string, std::string>;

PairKey key_of(const TranslationUnit& unit) {
  return {unit.src_lang.str(), unit.tgt_lang.str(), unit.source, unit.target};
}

// What the TM holds before the apply: the unit of every pair (the TM keeps one unit per
// languages and texts), and the units this review stored, by bead id.
struct Stored {
  std::map<PairKey, std::uint64_t> pairs;
  std::map<std::string, std::uint64_t> review_units;
  std::set<std::uint64_t> review_unit_ids;
};

Result<Stored> scan_stored(const TranslationMemory& tm, const ReviewDecisions& decisions) {
  Stored stored;
  TMKIT_RETURN_IF_ERROR(
      tm.for_each_unit(decisions.src_lang, decisions.tgt_lang,
                       [&](std::uint64_t id, const TranslationUnit& unit) -> Status {
                         stored.pairs[key_of(unit)] = id;
                         if (property(unit, kFingerprintProp) == decisions.fingerprint) {
                           stored.review_units[property(unit, kBeadProp)] = id;
                           stored.review_unit_ids.insert(id);
                         }
                         return {};
                       }));
  return stored;
}

bool has_pair(const DecidedPair& pair) { return pair.src_count > 0 && pair.tgt_count > 0; }

// The units this review stored earlier whose pair is not accepted now.
std::set<std::uint64_t> no_longer_accepted(const Stored& stored, const ReviewDecisions& decisions) {
  std::set<std::string> accepted_ids;
  for (const DecidedPair& pair : decisions.pairs) {
    if (pair.decision == Decision::kAccept && has_pair(pair)) accepted_ids.insert(pair.id);
  }
  std::set<std::uint64_t> doomed;
  for (const auto& [id, unit_id] : stored.review_units) {
    if (accepted_ids.count(id) == 0) doomed.insert(unit_id);
  }
  return doomed;
}

// Counts every pair in `report` by its fate and returns the accepted pairs not stored yet.
// A unit in `doomed` is being removed, so it does not count as stored.
std::vector<TranslationUnit> sort_pairs(const ReviewDecisions& decisions, const Stored& stored,
                                        const std::set<std::uint64_t>& doomed,
                                        ApplyReport& report) {
  const auto present = [&](const TranslationUnit& unit) -> std::optional<std::uint64_t> {
    const auto found = stored.pairs.find(key_of(unit));
    if (found == stored.pairs.end() || doomed.count(found->second) > 0) return std::nullopt;
    return found->second;
  };
  std::vector<TranslationUnit> to_add;
  for (const DecidedPair& pair : decisions.pairs) {
    TranslationUnit unit = unit_for(decisions, pair);
    if (pair.decision == Decision::kReject) {
      ++report.rejected;
      const auto id = present(unit);
      if (id && stored.review_unit_ids.count(*id) == 0) {
        report.rejected_elsewhere.push_back(pair.id + ": " + pair.source + " => " + pair.target);
      }
    } else if (pair.decision == Decision::kPending) {
      ++report.pending;
    } else if (!has_pair(pair)) {
      ++report.unpaired;
    } else {
      ++report.accepted;
      if (present(unit)) {
        ++report.already_stored;
      } else {
        to_add.push_back(std::move(unit));
      }
    }
  }
  return to_add;
}

}  // namespace

std::string bead_id(std::size_t src_first, std::size_t src_count, std::size_t tgt_first,
                    std::size_t tgt_count) {
  return "s" + std::to_string(src_first) + "+" + std::to_string(src_count) + ":t" +
         std::to_string(tgt_first) + "+" + std::to_string(tgt_count);
}

std::string review_fingerprint(const ReviewDocument& doc) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;  // FNV-1a 64
  const auto feed = [&hash](std::string_view text) {
    for (const char c : text) {
      hash ^= static_cast<unsigned char>(c);
      hash *= 0x100000001b3ULL;
    }
    hash ^= 0xFF;  // a byte UTF-8 never holds ends each field, so fields cannot run together
    hash *= 0x100000001b3ULL;
  };
  feed(doc.src_lang.str());
  feed(doc.tgt_lang.str());
  for (const ReviewSentence& sentence : doc.src) feed(sentence.text);
  feed("");
  for (const ReviewSentence& sentence : doc.tgt) feed(sentence.text);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

std::string sentence_joiner(const LangTag& lang) {
  const std::string language = lang.language();
  return language == "zh" || language == "ja" ? "" : " ";
}

TranslationUnit unit_for(const ReviewDecisions& decisions, const DecidedPair& pair) {
  TranslationUnit unit;
  unit.src_lang = decisions.src_lang;
  unit.tgt_lang = decisions.tgt_lang;
  unit.source = pair.source;
  unit.target = pair.target;
  unit.created = pair.time_seconds;
  unit.provenance.document = decisions.src_document;
  unit.provenance.src_position = position(pair.src_first, pair.src_count);
  unit.provenance.tgt_position = position(pair.tgt_first, pair.tgt_count);
  unit.provenance.confidence = pair.confidence;
  unit.provenance.bead = std::to_string(pair.src_count) + "-" + std::to_string(pair.tgt_count);
  unit.provenance.speaker = pair.speaker;
  unit.provenance.tool = std::string(kTool);
  unit.props = {{std::string(kFingerprintProp), decisions.fingerprint},
                {std::string(kBeadProp), pair.id},
                {"x-review-decision", "accept"},
                {"x-review-time", pair.time},
                {"x-review-origin", pair.origin.empty() ? "aligned" : pair.origin}};
  if (!decisions.reviewer.empty()) unit.props.push_back({"x-reviewer", decisions.reviewer});
  return unit;
}

Result<ApplyReport> apply_review(TranslationMemory& tm, const ReviewDecisions& decisions) {
  TMKIT_ASSIGN_OR_RETURN(const Stored stored, scan_stored(tm, decisions));
  ApplyReport report;
  // Units this review stored for pairs no longer accepted go first, so that an accepted pair
  // with the same texts (a sentence pair that occurs twice) is then stored under its own id.
  const std::set<std::uint64_t> doomed = no_longer_accepted(stored, decisions);
  if (!doomed.empty()) {
    TMKIT_ASSIGN_OR_RETURN(
        report.removed, tm.remove_units(std::vector<std::uint64_t>(doomed.begin(), doomed.end())));
  }
  const std::vector<TranslationUnit> to_add = sort_pairs(decisions, stored, doomed, report);
  if (to_add.empty()) return report;
  TMKIT_ASSIGN_OR_RETURN(const AddReport added, tm.add(to_add));
  report.added = added.added;
  report.already_stored += added.duplicates;
  return report;
}

}  // namespace tmkit::review
