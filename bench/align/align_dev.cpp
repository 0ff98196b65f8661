// tmkit_align_dev SRC_LANG TGT_LANG DATASET_DIR OUT_DIR
//
// Aligns each DATASET_DIR/NNN.src with NNN.tgt (one sentence per line, each line one Segment
// in paragraph 0) and writes OUT_DIR/NNN.align in vecalign format ("[0, 1]:[2]:0.873"), then
// prints the wall time per document and in total. A development tool, not part of tmkit.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "tmkit/aligner.hpp"

namespace fs = std::filesystem;

namespace {

std::vector<tmkit::Segment> read_lines(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<tmkit::Segment> segments;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    tmkit::Segment segment;
    segment.text = line;
    segments.push_back(std::move(segment));
  }
  return segments;
}

std::string index_list(std::size_t first, std::size_t count) {
  std::string out = "[";
  for (std::size_t k = 0; k < count; ++k) {
    if (k > 0) out += ", ";
    out += std::to_string(first + k);
  }
  return out + "]";
}

void write_alignment(const fs::path& path, const std::vector<tmkit::Bead>& beads) {
  std::ofstream out(path);
  for (const tmkit::Bead& b : beads) {
    out << index_list(b.src_first, b.src_count) << ':' << index_list(b.tgt_first, b.tgt_count)
        << ':' << b.confidence << '\n';
  }
}

std::vector<fs::path> documents(const fs::path& dir) {
  std::vector<fs::path> stems;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".src")
      stems.push_back(entry.path().parent_path() / entry.path().stem());
  }
  std::sort(stems.begin(), stems.end());
  return stems;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: tmkit_align_dev SRC_LANG TGT_LANG DATASET_DIR OUT_DIR\n";
    return 2;
  }
  auto src_lang = tmkit::LangTag::parse(argv[1]);
  auto tgt_lang = tmkit::LangTag::parse(argv[2]);
  if (!src_lang.ok() || !tgt_lang.ok()) {
    std::cerr << "tmkit_align_dev: error: bad language tag\n";
    return 1;
  }
  auto aligner = tmkit::Aligner::create(*src_lang, *tgt_lang);
  if (!aligner.ok()) {
    std::cerr << "tmkit_align_dev: error: " << aligner.status().message() << '\n';
    return 1;
  }
  const fs::path out_dir = argv[4];
  fs::create_directories(out_dir);
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  for (const fs::path& stem : documents(argv[3])) {
    const auto doc_start = Clock::now();
    const auto src = read_lines(stem.string() + ".src");
    const auto tgt = read_lines(stem.string() + ".tgt");
    const auto beads = aligner->align(src, tgt);
    write_alignment(out_dir / (stem.filename().string() + ".align"), beads);
    const std::chrono::duration<double> took = Clock::now() - doc_start;
    std::cout << stem.filename().string() << ": " << src.size() << " x " << tgt.size() << ", "
              << beads.size() << " beads, " << took.count() << " s\n";
  }
  const std::chrono::duration<double> total = Clock::now() - start;
  std::cout << "total wall time: " << total.count() << " s\n";
  return 0;
}
