// Writing JSON and HTML text: private to src/review.
#pragma once

#include <string>
#include <string_view>

namespace tmkit::review::detail {

// `text` as a JSON string literal, quotes included, that is also safe inside an HTML <script>
// element: '<', '>' and '&' are escaped, so no text (not even "</script>" or "<!--") can end
// or change the element, and U+2028/U+2029 too, which older JavaScript parsers take for line
// ends.
std::string json_string(std::string_view text);

// `text` with <, >, & and " as character references, for HTML text and attribute values.
std::string html_escape(std::string_view text);

}  // namespace tmkit::review::detail
