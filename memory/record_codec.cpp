#include "record_codec.hpp"

#include <bit>
#include <cstring>
#include <utility>

namespace tmkit::detail {
namespace {

class Writer {
 public:
  void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u32(std::uint32_t v) { fixed(v, 4); }
  void u64(std::uint64_t v) { fixed(v, 8); }
  void str(std::string_view s) {
    u32(static_cast<std::uint32_t>(s.size()));
    out_.append(s);
  }
  std::string take() { return std::move(out_); }

 private:
  void fixed(std::uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) out_.push_back(static_cast<char>((v >> (8 * i)) & 0xFFu));
  }
  std::string out_;
};

// Reads from a record without ever going past its end; every read fails once one has failed,
// so a decoder can read all fields and check once (ICU's UErrorCode habit).
class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}

  std::uint8_t u8() { return static_cast<std::uint8_t>(fixed(1)); }
  std::uint32_t u32() { return static_cast<std::uint32_t>(fixed(4)); }
  std::uint64_t u64() { return fixed(8); }
  std::string str() { return std::string(view()); }
  // A string field as a view into the record.
  std::string_view view() {
    const std::uint32_t size = u32();
    if (!take(size)) return {};
    return data_.substr(pos_ - size, size);
  }
  // A count of items that each take at least `min_item_bytes`; a count that cannot fit in the
  // rest of the record is corrupt, which keeps a bad count from reserving gigabytes.
  std::uint32_t count(std::size_t min_item_bytes) {
    const std::uint32_t n = u32();
    if (ok_ && n > (data_.size() - pos_) / min_item_bytes) fail("item count " + std::to_string(n));
    return ok_ ? n : 0;
  }
  bool ok() const { return ok_; }
  bool at_end() const { return pos_ == data_.size(); }
  void fail(const std::string& why) {
    if (ok_) error_ = why + " at byte " + std::to_string(pos_);
    ok_ = false;
  }
  const std::string& error() const { return error_; }

 private:
  bool take(std::size_t n) {
    if (ok_ && n <= data_.size() - pos_) {
      pos_ += n;
      return true;
    }
    if (ok_) fail("truncated: needs " + std::to_string(n) + " more bytes");
    return false;
  }
  // The record's integers are little-endian: on a little-endian host one copy (an export
  // decodes every record, and the byte loop showed in its profile), elsewhere byte by byte.
  std::uint64_t fixed(int bytes) {
    const auto size = static_cast<std::size_t>(bytes);
    if (!take(size)) return 0;
    const char* at = data_.data() + (pos_ - size);
    std::uint64_t v = 0;
    if constexpr (std::endian::native == std::endian::little) {
      std::memcpy(&v, at, size);
      return v;
    }
    for (std::size_t i = size; i-- > 0;) v = (v << 8) | static_cast<std::uint8_t>(at[i]);
    return v;
  }

  std::string_view data_;
  std::size_t pos_ = 0;
  bool ok_ = true;
  std::string error_;
};

Status corrupt(const std::string& why) {
  return Status::storage("tm: corrupt unit record: " + why);
}

void encode_provenance(const Provenance& p, Writer& w) {
  w.str(p.document);
  w.str(p.src_position);
  w.str(p.tgt_position);
  w.u8(p.confidence ? 1 : 0);
  if (p.confidence) w.u64(std::bit_cast<std::uint64_t>(*p.confidence));
  w.str(p.bead);
  w.str(p.speaker);
  w.str(p.tool);
}

void decode_provenance(Reader& r, Provenance& p) {
  p.document = r.str();
  p.src_position = r.str();
  p.tgt_position = r.str();
  const std::uint8_t has_confidence = r.u8();
  if (has_confidence > 1) r.fail("bad confidence flag");
  if (has_confidence == 1) p.confidence = std::bit_cast<double>(r.u64());
  p.bead = r.str();
  p.speaker = r.str();
  p.tool = r.str();
}

void decode_lists(Reader& r, TranslationUnit& unit) {
  const std::uint32_t props = r.count(8);  // two empty strings at least
  for (std::uint32_t i = 0; i < props && r.ok(); ++i) {
    Property prop;
    prop.type = r.str();
    prop.value = r.str();
    unit.props.push_back(std::move(prop));
  }
  const std::uint32_t notes = r.count(4);
  for (std::uint32_t i = 0; i < notes && r.ok(); ++i) unit.notes.push_back(r.str());
}

void encode_codes(const std::vector<InlineCode>& codes, Writer& w) {
  w.u32(static_cast<std::uint32_t>(codes.size()));
  for (const InlineCode& code : codes) {
    w.u8(static_cast<std::uint8_t>(code.kind));
    w.str(code.id);
    w.str(code.native);
    w.str(code.element);
  }
}

void decode_codes(Reader& r, std::vector<InlineCode>& codes) {
  const std::uint32_t n = r.count(13);  // a kind and three empty strings at least
  for (std::uint32_t i = 0; i < n && r.ok(); ++i) {
    InlineCode code;
    const std::uint8_t kind = r.u8();
    if (kind > static_cast<std::uint8_t>(InlineCode::Kind::kPlaceholder)) r.fail("bad code kind");
    code.kind = static_cast<InlineCode::Kind>(kind);
    code.id = r.str();
    code.native = r.str();
    code.element = r.str();
    codes.push_back(std::move(code));
  }
}

Result<LangTag> decode_lang(std::string_view text, TagCache* cache) {
  if (cache != nullptr) {
    for (const auto& [bytes, tag] : cache->tags) {
      if (bytes == text) return tag;
    }
  }
  Result<LangTag> tag = LangTag::parse(text);
  if (!tag.ok()) {
    return corrupt("language tag '" + std::string(text) + "': " + tag.status().message());
  }
  if (cache != nullptr) {
    if (cache->tags.size() == TagCache::kSize) cache->tags.erase(cache->tags.begin());
    cache->tags.emplace_back(std::string(text), *tag);
  }
  return tag;
}

}  // namespace

std::string encode_unit(const TranslationUnit& unit) {
  Writer w;
  const bool with_codes = !unit.source_codes.empty() || !unit.target_codes.empty();
  w.u8(with_codes ? kRecordVersionWithCodes : kRecordVersion);
  w.str(unit.src_lang.str());
  w.str(unit.tgt_lang.str());
  w.str(unit.source);
  w.str(unit.target);
  w.u64(static_cast<std::uint64_t>(unit.created));
  encode_provenance(unit.provenance, w);
  w.u32(static_cast<std::uint32_t>(unit.props.size()));
  for (const Property& prop : unit.props) {
    w.str(prop.type);
    w.str(prop.value);
  }
  w.u32(static_cast<std::uint32_t>(unit.notes.size()));
  for (const std::string& note : unit.notes) w.str(note);
  if (with_codes) {
    encode_codes(unit.source_codes, w);
    encode_codes(unit.target_codes, w);
  }
  return w.take();
}

Result<TranslationUnit> decode_unit(std::string_view record) {
  return decode_unit(record, nullptr);
}

Result<TranslationUnit> decode_unit(std::string_view record, TagCache* cache) {
  Reader r(record);
  const std::uint8_t version = r.u8();
  if (r.ok() && version != kRecordVersion && version != kRecordVersionWithCodes)
    return corrupt("unknown version " + std::to_string(version));
  TranslationUnit unit;
  const std::string_view src_lang = r.view();
  const std::string_view tgt_lang = r.view();
  unit.source = r.str();
  unit.target = r.str();
  unit.created = static_cast<std::int64_t>(r.u64());
  decode_provenance(r, unit.provenance);
  decode_lists(r, unit);
  if (version == kRecordVersionWithCodes) {
    decode_codes(r, unit.source_codes);
    decode_codes(r, unit.target_codes);
  }
  if (r.ok() && !r.at_end()) r.fail("trailing bytes");
  if (!r.ok()) return corrupt(r.error());
  TMKIT_ASSIGN_OR_RETURN(unit.src_lang, decode_lang(src_lang, cache));
  TMKIT_ASSIGN_OR_RETURN(unit.tgt_lang, decode_lang(tgt_lang, cache));
  return unit;
}

std::string unit_key(std::uint64_t id) {
  std::string key(8, '\0');
  for (int i = 0; i < 8; ++i)
    key[static_cast<std::size_t>(7 - i)] = static_cast<char>((id >> (8 * i)) & 0xFFu);
  return key;
}

Result<std::uint64_t> parse_unit_key(std::string_view key) {
  if (key.size() != 8)
    return Status::storage("tm: unit key of " + std::to_string(key.size()) + " bytes");
  std::uint64_t id = 0;
  for (char c : key) id = (id << 8) | static_cast<std::uint8_t>(c);
  return id;
}

}  // namespace tmkit::detail
