// Reads the hand-written segmentation cases in tests/data/segment/*.cases (format in the README
// there), for cases_test.cpp and the segment_case_table tool.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace tmkit::testing {

struct SegmentCase {
  std::string lang;                   // from the file name: "en" for en.cases
  std::string category;               // the last [category] line before the case
  std::size_t line = 0;               // 1-based line of the case's first "> " line
  std::string input;                  // the "> " lines joined with "\n"
  std::vector<std::string> expected;  // the "= " lines
  std::string known_failure;          // the text of a "! " line: why tmkit gets it wrong
};

inline std::vector<SegmentCase> read_case_file(const std::filesystem::path& path) {
  std::vector<SegmentCase> out;
  std::ifstream in(path);
  std::string category = "uncategorised";
  SegmentCase current;
  const auto flush = [&] {
    if (!current.input.empty() || !current.expected.empty()) out.push_back(current);
    current = SegmentCase{};
  };
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) {
      flush();
    } else if (line.front() == '[' && line.back() == ']') {
      flush();
      category = line.substr(1, line.size() - 2);
    } else if (line.starts_with("> ") || line == ">") {
      if (current.input.empty() && current.line == 0) current.line = number;
      if (current.line != number) current.input += '\n';
      current.input += line.size() > 2 ? line.substr(2) : "";
      current.lang = path.stem().string();
      current.category = category;
    } else if (line.starts_with("= ")) {
      current.expected.push_back(line.substr(2));
    } else if (line.starts_with("! ")) {
      current.known_failure = line.substr(2);
    }
  }
  flush();
  return out;
}

// Every *.cases file in `dir`, in file-name order.
inline std::vector<SegmentCase> read_case_dir(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".cases") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<SegmentCase> out;
  for (const auto& file : files) {
    auto cases = read_case_file(file);
    out.insert(out.end(), cases.begin(), cases.end());
  }
  return out;
}

}  // namespace tmkit::testing
