// Where tests find their data.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace tmkit::testing {

// tests/data in the source tree.
inline std::filesystem::path test_data_dir() { return TMKIT_TEST_DATA_DIR; }
// The project's read-only shared/ folder (beside the clone).
inline std::filesystem::path shared_dir() { return TMKIT_SHARED_DIR; }
// The source tree's root.
inline std::filesystem::path source_dir() { return TMKIT_SOURCE_DIR; }

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace tmkit::testing
