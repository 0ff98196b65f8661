// Reading a decisions file (docs/review.md, "The decisions file").
#include <cstdio>

#include "tmkit/review/json.hpp"
#include "tmkit/review/review.hpp"

namespace tmkit::review {
namespace {

constexpr std::string_view kFormat = "tmkit-review-decisions";
constexpr double kVersion = 1;

// Errors found after parsing name the value they are about, as the parser's own errors do.
class Reader {
 public:
  explicit Reader(const std::string& file_name) : file_name_(file_name) {}

  Status error(const JsonValue& at, const std::string& why, const std::string& bead = "") const {
    std::string message = file_name_ + ": " + why + " (" + at.where();
    if (!bead.empty()) message += ", bead " + bead;
    return Status::invalid_input(message + ")");
  }

  Result<const JsonValue*> member(const JsonValue& object, std::string_view key,
                                  JsonValue::Type type, const std::string& bead = "") const {
    const JsonValue* value = object.find(key);
    if (value == nullptr) return error(object, "missing \"" + std::string(key) + "\"", bead);
    if (value->type != type) {
      return error(
          *value,
          "\"" + std::string(key) + "\" must be a" +
              (type == JsonValue::Type::kArray || type == JsonValue::Type::kObject ? "n " : " ") +
              json_type_name(type) + ", not " + json_type_name(value->type),
          bead);
    }
    return value;
  }

  Result<std::string> string(const JsonValue& object, std::string_view key,
                             const std::string& bead = "") const {
    TMKIT_ASSIGN_OR_RETURN(const JsonValue* value,
                           member(object, key, JsonValue::Type::kString, bead));
    return value->string;
  }

  // An optional string member: "" when absent.
  Result<std::string> optional_string(const JsonValue& object, std::string_view key,
                                      const std::string& bead = "") const {
    if (object.find(key) == nullptr) return std::string();
    return string(object, key, bead);
  }

  // A [first, count] pair of non-negative integers.
  Status range(const JsonValue& object, std::string_view key, std::size_t& first,
               std::size_t& count, const std::string& bead) const {
    TMKIT_ASSIGN_OR_RETURN(const JsonValue* value,
                           member(object, key, JsonValue::Type::kArray, bead));
    if (value->items.size() != 2) {
      return error(*value, "\"" + std::string(key) + "\" must be [first, count]", bead);
    }
    TMKIT_ASSIGN_OR_RETURN(first, index(value->items[0], key, bead));
    TMKIT_ASSIGN_OR_RETURN(count, index(value->items[1], key, bead));
    return {};
  }

 private:
  Result<std::size_t> index(const JsonValue& value, std::string_view key,
                            const std::string& bead) const {
    // 2^40 sentences is far beyond any text; the bound keeps the cast exact.
    if (value.type != JsonValue::Type::kNumber || value.number < 0 || value.number > 1e12 ||
        value.number != static_cast<double>(static_cast<std::size_t>(value.number))) {
      return error(value, "\"" + std::string(key) + "\" needs whole numbers of 0 or more", bead);
    }
    return static_cast<std::size_t>(value.number);
  }

  const std::string& file_name_;
};

Result<Decision> decision_of(const Reader& reader, const JsonValue& value, const std::string& name,
                             const std::string& bead) {
  if (name == "accept") return Decision::kAccept;
  if (name == "reject") return Decision::kReject;
  if (name == "pending") return Decision::kPending;
  return reader.error(value, "unknown decision \"" + name + "\" (accept, reject or pending)", bead);
}

Status read_texts(const Reader& reader, const JsonValue& item, DecidedPair& pair) {
  TMKIT_ASSIGN_OR_RETURN(pair.source, reader.string(item, "source", pair.id));
  TMKIT_ASSIGN_OR_RETURN(pair.target, reader.string(item, "target", pair.id));
  TMKIT_ASSIGN_OR_RETURN(pair.time, reader.string(item, "time", pair.id));
  auto seconds = parse_iso8601_utc(pair.time);
  if (!seconds.ok()) return reader.error(*item.find("time"), seconds.status().message(), pair.id);
  pair.time_seconds = *seconds;
  if (pair.decision == Decision::kAccept && (pair.source.empty() != (pair.src_count == 0) ||
                                             pair.target.empty() != (pair.tgt_count == 0))) {
    return reader.error(item, "the texts do not match the ranges", pair.id);
  }
  return {};
}

Status read_optional_fields(const Reader& reader, const JsonValue& item, DecidedPair& pair) {
  TMKIT_ASSIGN_OR_RETURN(pair.origin, reader.optional_string(item, "origin", pair.id));
  TMKIT_ASSIGN_OR_RETURN(pair.speaker, reader.optional_string(item, "speaker", pair.id));
  if (const JsonValue* confidence = item.find("confidence"); confidence != nullptr) {
    if (confidence->type != JsonValue::Type::kNumber || confidence->number < 0 ||
        confidence->number > 1) {
      return reader.error(*confidence, "\"confidence\" must be a number from 0 to 1", pair.id);
    }
    pair.confidence = confidence->number;
  }
  return {};
}

Result<DecidedPair> read_pair(const Reader& reader, const JsonValue& item) {
  if (item.type != JsonValue::Type::kObject) return reader.error(item, "a pair must be an object");
  DecidedPair pair;
  pair.line = item.line;
  TMKIT_ASSIGN_OR_RETURN(pair.id, reader.string(item, "id"));
  TMKIT_RETURN_IF_ERROR(reader.range(item, "src", pair.src_first, pair.src_count, pair.id));
  TMKIT_RETURN_IF_ERROR(reader.range(item, "tgt", pair.tgt_first, pair.tgt_count, pair.id));
  const std::string expected =
      bead_id(pair.src_first, pair.src_count, pair.tgt_first, pair.tgt_count);
  if (pair.id != expected) {
    return reader.error(item, "the id does not match the ranges (expected " + expected + ")",
                        pair.id);
  }
  if (pair.src_count == 0 && pair.tgt_count == 0) {
    return reader.error(item, "a pair with no sentence on either side", pair.id);
  }
  TMKIT_ASSIGN_OR_RETURN(const std::string decision, reader.string(item, "decision", pair.id));
  TMKIT_ASSIGN_OR_RETURN(pair.decision,
                         decision_of(reader, *item.find("decision"), decision, pair.id));
  if (pair.decision != Decision::kPending) TMKIT_RETURN_IF_ERROR(read_texts(reader, item, pair));
  TMKIT_RETURN_IF_ERROR(read_optional_fields(reader, item, pair));
  return pair;
}

// The pairs must tile both texts from sentence 0 in order, as the page keeps them: anything
// else is a hand-edited or corrupt file whose pairs could overlap.
Status check_tiling(const Reader& reader, const JsonValue& items,
                    const std::vector<DecidedPair>& pairs) {
  std::size_t src_next = 0;
  std::size_t tgt_next = 0;
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const DecidedPair& pair = pairs[i];
    if (pair.src_first != src_next || pair.tgt_first != tgt_next) {
      return reader.error(items.items[i],
                          "the pair does not start where the previous one ended (source " +
                              std::to_string(src_next) + ", target " + std::to_string(tgt_next) +
                              ")",
                          pair.id);
    }
    src_next += pair.src_count;
    tgt_next += pair.tgt_count;
  }
  return {};
}

Status read_header(const Reader& reader, const JsonValue& root, ReviewDecisions& decisions) {
  TMKIT_ASSIGN_OR_RETURN(const std::string format, reader.string(root, "format"));
  if (format != kFormat) {
    return reader.error(*root.find("format"),
                        "not a tmkit review decisions file (format \"" + format + "\")");
  }
  TMKIT_ASSIGN_OR_RETURN(const JsonValue* version,
                         reader.member(root, "version", JsonValue::Type::kNumber));
  if (version->number != kVersion) {
    return reader.error(*version, "unsupported version (this tmkit reads version 1)");
  }
  TMKIT_ASSIGN_OR_RETURN(decisions.fingerprint, reader.string(root, "fingerprint"));
  TMKIT_ASSIGN_OR_RETURN(decisions.src_document, reader.string(root, "src_document"));
  TMKIT_ASSIGN_OR_RETURN(decisions.tgt_document, reader.string(root, "tgt_document"));
  TMKIT_ASSIGN_OR_RETURN(decisions.reviewer, reader.optional_string(root, "reviewer"));
  TMKIT_ASSIGN_OR_RETURN(decisions.saved, reader.optional_string(root, "saved"));
  for (const auto& [key, tag] :
       {std::pair{"src_lang", &decisions.src_lang}, std::pair{"tgt_lang", &decisions.tgt_lang}}) {
    TMKIT_ASSIGN_OR_RETURN(const std::string text, reader.string(root, key));
    auto parsed = LangTag::parse(text);
    if (!parsed.ok()) return reader.error(*root.find(key), parsed.status().message());
    *tag = *parsed;
  }
  return {};
}

}  // namespace

Result<std::int64_t> parse_iso8601_utc(std::string_view text) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, consumed = 0;
  const std::string copy(text);
  if (std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &year, &month, &day, &hour, &minute,
                  &second, &consumed) != 6 ||
      consumed != 19) {
    return Status::invalid_input("time \"" + copy + "\" is not YYYY-MM-DDTHH:MM:SSZ");
  }
  std::size_t rest = 19;
  if (rest < copy.size() && copy[rest] == '.') {
    ++rest;
    const std::size_t digits_start = rest;
    while (rest < copy.size() && copy[rest] >= '0' && copy[rest] <= '9') ++rest;
    if (rest == digits_start) return Status::invalid_input("time \"" + copy + "\": no fraction");
  }
  if (rest + 1 != copy.size() || copy[rest] != 'Z') {
    return Status::invalid_input("time \"" + copy + "\" must end in Z (UTC)");
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return Status::invalid_input("time \"" + copy + "\" is out of range");
  }
  // Days from the civil date (Howard Hinnant's algorithm), so no time zone or locale is used.
  const int y = year - (month <= 2 ? 1 : 0);
  const int era = y / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const std::int64_t days = std::int64_t{era} * 146097 + doe - 719468;
  return days * 86400 + hour * 3600 + minute * 60 + second;
}

Result<ReviewDecisions> parse_decisions(std::string_view text, const std::string& file_name) {
  auto root = parse_json(text);
  if (!root.ok()) return root.status().with_context(file_name);
  const Reader reader(file_name);
  if (root->type != JsonValue::Type::kObject) {
    return reader.error(*root, "the decisions file must hold a JSON object");
  }
  ReviewDecisions decisions;
  TMKIT_RETURN_IF_ERROR(read_header(reader, *root, decisions));
  TMKIT_ASSIGN_OR_RETURN(const JsonValue* items,
                         reader.member(*root, "pairs", JsonValue::Type::kArray));
  for (const JsonValue& item : items->items) {
    TMKIT_ASSIGN_OR_RETURN(DecidedPair pair, read_pair(reader, item));
    decisions.pairs.push_back(std::move(pair));
  }
  TMKIT_RETURN_IF_ERROR(check_tiling(reader, *items, decisions.pairs));
  return decisions;
}

}  // namespace tmkit::review
