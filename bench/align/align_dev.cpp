// tmkit_align_dev SRC_LANG TGT_LANG DATASET_DIR OUT_DIR [OPTION=VALUE...]
//
// Options, for tuning: ratio=, variance=, outlier= (length_outlier), anchors= (anchor_weight),
// radius= (band_radius), cells= (max_full_cells), side= (max_bead_side), lexical=
// (lexical_weight), idle= (idle_merge_cost), unmatched= (unmatched_prior), ending=
// (ending_weight), learn= (0/1: learn_from_input), builtin= (0/1: use_builtin_lexicon).
//
// Aligns each DATASET_DIR/NNN.src with NNN.tgt (one sentence per line, each line one Segment
// in paragraph 0) and writes OUT_DIR/NNN.align in vecalign format ("[0, 1]:[2]:0.873"), then
// prints the wall time per document and in total (including creating the aligner, which loads
// the built-in lexicon), the CPU time (user + system, all threads) and the peak resident memory. A
// development tool, not part of tmkit.
#include <sys/resource.h>

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

// Applies "name=value" overrides to `options`; false on an unknown name.
bool apply_override(const std::string& arg, tmkit::AlignerOptions& options) {
  const auto eq = arg.find('=');
  if (eq == std::string::npos) return false;
  const std::string name = arg.substr(0, eq);
  const double value = std::stod(arg.substr(eq + 1));
  if (name == "ratio")
    options.length_ratio = value;
  else if (name == "variance")
    options.length_variance = value;
  else if (name == "ending")
    options.ending_weight = value;
  else if (name == "outlier")
    options.length_outlier = value;
  else if (name == "anchors")
    options.anchor_weight = value;
  else if (name == "radius")
    options.band_radius = static_cast<std::size_t>(value);
  else if (name == "cells")
    options.max_full_cells = static_cast<std::size_t>(value);
  else if (name == "side")
    options.max_bead_side = static_cast<std::size_t>(value);
  else if (name == "lexical")
    options.lexical_weight = value;
  else if (name == "learn")
    options.learn_from_input = value != 0.0;
  else if (name == "idle")
    options.idle_merge_cost = value;
  else if (name == "unmatched")
    options.unmatched_prior = value;
  else if (name == "builtin")
    options.use_builtin_lexicon = value != 0.0;
  else
    return false;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  tmkit::AlignerOptions options;
  bool usage_ok = argc >= 5;
  for (int k = 5; usage_ok && k < argc; ++k) usage_ok = apply_override(argv[k], options);
  if (!usage_ok) {
    std::cerr << "usage: tmkit_align_dev SRC_LANG TGT_LANG DATASET_DIR OUT_DIR [OPTION=VALUE...]\n";
    return 2;
  }
  auto src_lang = tmkit::LangTag::parse(argv[1]);
  auto tgt_lang = tmkit::LangTag::parse(argv[2]);
  if (!src_lang.ok() || !tgt_lang.ok()) {
    std::cerr << "tmkit_align_dev: error: bad language tag\n";
    return 1;
  }
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  auto aligner = tmkit::Aligner::create(*src_lang, *tgt_lang, options);
  if (!aligner.ok()) {
    std::cerr << "tmkit_align_dev: error: " << aligner.status().message() << '\n';
    return 1;
  }
  const std::chrono::duration<double> setup = Clock::now() - start;
  std::cout << "aligner created (built-in lexicon loaded) in " << setup.count() << " s\n";
  const fs::path out_dir = argv[4];
  fs::create_directories(out_dir);
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
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  // CPU time beside wall time: on a machine shared with builds, wall time says more about the
  // neighbours than about the aligner.
  const double cpu = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                     static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  std::cout << "total wall time: " << total.count() << " s, cpu time: " << cpu
            << " s, peak memory: " << usage.ru_maxrss / 1024 << " MB\n";
  return 0;
}
