// Helpers shared by the aligner's tests.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "tmkit/text.hpp"

namespace tmkit::testing {

// One Segment per text, all in paragraph 0.
inline std::vector<Segment> segments(const std::vector<std::string>& texts) {
  std::vector<Segment> out;
  for (const std::string& text : texts) {
    Segment s;
    s.text = text;
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace tmkit::testing
