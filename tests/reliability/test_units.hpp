// Distinct, realistic units for the reliability tests, written as TSV for `tmkit import`.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace tmkit::testing {

// A pronounceable word for `n`, different for every n below 85^3, so that no two units are
// duplicates (numbers would all fold to one index key).
inline std::string unit_word(std::size_t n) {
  std::string out;
  for (int i = 0; i < 3; ++i) {
    out += "bcdfghjklmnprstvz"[n % 17];
    out += "aeiou"[(n / 17) % 5];
    n /= 85;
  }
  return out;
}

inline std::string source_of(std::size_t i) {
  return "The " + unit_word(i) + " report reached the harbour office before noon.";
}

inline std::string target_of(std::size_t i) {
  return "Der Bericht " + unit_word(i) + " erreichte das Hafenamt vor Mittag.";
}

// Writes units [first, first + count) to `path` as TSV; line k has source_of(first + k).
inline void write_units_tsv(const std::filesystem::path& path, std::size_t first,
                            std::size_t count) {
  std::ofstream out(path);
  for (std::size_t i = first; i < first + count; ++i) {
    out << source_of(i) << "\t" << target_of(i) << "\n";
  }
}

inline std::vector<std::string> import_args(const std::filesystem::path& tm,
                                            const std::filesystem::path& tsv, std::size_t batch) {
  return {"import",     "--tm",  tm.string(), "--src-lang",          "en-GB",
          "--tgt-lang", "de-DE", "--batch",   std::to_string(batch), tsv.string()};
}

}  // namespace tmkit::testing
