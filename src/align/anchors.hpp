// Cheap cross-language anchors: tokens that survive translation unchanged, so a bead whose two
// sides share them is more likely right. Numbers (Arabic digits, Chinese numerals), Latin-script
// names and acronyms (WIC, GSMA, Piola), and question marks.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace tmkit::detail {

// An anchor is a 64-bit id: its kind in the top byte, a number's value or a token's hash below.
using AnchorId = std::uint64_t;

enum class AnchorKind : std::uint8_t { kNumber = 1, kToken = 2, kQuestion = 3 };

AnchorKind anchor_kind(AnchorId id);
AnchorId number_anchor(std::uint64_t value);

// The anchors of one UTF-8 segment, sorted (a multiset: "5 ... 5" gives two ids).
std::vector<AnchorId> extract_anchors(std::string_view text);

// The value of a run of Chinese numeral characters: "二十一" -> 21, "三千" -> 3000,
// "二〇二一" -> 2021 (digit by digit when there is no unit character), "一万二千" -> 12000.
// nullopt when `run` holds anything else or is empty.
std::optional<std::uint64_t> parse_chinese_numeral(std::u32string_view run);

}  // namespace tmkit::detail
