// Decoding UTF-8 into code points, for the aligner's feature extraction.
#pragma once

#include <string>
#include <string_view>

namespace tmkit::detail {

// The code points of `text`. Input is valid UTF-8 (Segment's contract); a stray byte becomes
// U+FFFD rather than an error, because anchors are a heuristic and must never fail.
std::u32string decode_utf8(std::string_view text);

}  // namespace tmkit::detail
