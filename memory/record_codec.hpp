// The binary record a TranslationUnit is stored as in the `units` database.
//
// Layout (all integers little-endian, every string a u32 byte length then the bytes):
//   u8 record version (kRecordVersion)
//   str src_lang, str tgt_lang, str source, str target, i64 created
//   str document, str src_position, str tgt_position,
//   u8 has_confidence, [f64 confidence as its IEEE-754 bits if has_confidence]
//   str bead, str speaker, str tool
//   u32 property count, then per property: str type, str value
//   u32 note count, then per note: str note
// Version 2 (written only for a unit with inline codes, so that other records stay as they were)
// adds, after the notes, for the source and then the target codes:
//   u32 code count, then per code: u8 kind, str id, str native, str element
// The record must end exactly after the last note (version 1) or code (version 2). A record
// version other than these is rejected, so a later layout change must bump it and keep a decoder.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tmkit/status.hpp"
#include "tmkit/translation_unit.hpp"

namespace tmkit::detail {

inline constexpr std::uint8_t kRecordVersion = 1;
inline constexpr std::uint8_t kRecordVersionWithCodes = 2;

// Encodes `unit`. Strings longer than 4 GiB are not representable; add() rejects them first.
std::string encode_unit(const TranslationUnit& unit);

// Decodes a record written by encode_unit. Fails with kStorage, never reading outside `record`,
// when it is truncated, has trailing bytes, an unknown version or an invalid language tag.
Result<TranslationUnit> decode_unit(std::string_view record);

// The language tags a scan decoded last: a TM holds few distinct tags, and parsing one
// (LangTag::parse validates and normalises it) costs more than the rest of a record.
struct TagCache {
  static constexpr std::size_t kSize = 8;
  std::vector<std::pair<std::string, LangTag>> tags;  // stored bytes -> parsed tag
};
// The same, taking the tags from `cache` when their bytes were seen (nullptr: no cache).
Result<TranslationUnit> decode_unit(std::string_view record, TagCache* cache);

// 8-byte big-endian key for unit `id`, so that LMDB's byte order is id order.
std::string unit_key(std::uint64_t id);
// The id of an 8-byte big-endian key; fails with kStorage on any other length.
Result<std::uint64_t> parse_unit_key(std::string_view key);

}  // namespace tmkit::detail
