// Segmentation speed on about 10 MB of text per language, on one thread:
//   tmkit_segment_bench [SHARED_DIR] [MEGABYTES]
// The text is the align-dev Bible (English .tgt, Chinese .src), eight lines to a paragraph
// (single line breaks inside, a blank line between), repeated up to the size. Prints MB/s
// (10^6 bytes of UTF-8 input per second, best of three runs) for the built-in SRX rules, the
// SRX files in shared/data/srx, tmkit's ICU engine, and ICU's bare sentence BreakIterator.
#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/utext.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "tmkit/segmenter.hpp"

namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The lines of every file with `extension` in `dir`, grouped eight to a paragraph and repeated
// until the text holds at least `bytes` bytes.
std::string build_text(const fs::path& dir, const std::string& extension, std::size_t bytes) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == extension) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<std::string> lines;
  for (const auto& file : files) {
    std::istringstream in(read_file(file));
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) lines.push_back(line);
    }
  }
  std::string text;
  if (lines.empty()) return text;
  for (std::size_t i = 0; text.size() < bytes; ++i) {
    text += lines[i % lines.size()];
    text += (i % 8 == 7) ? "\n\n" : "\n";
  }
  return text;
}

// Best of three runs of `work`, in MB/s of `bytes`; `count` gets what the last run returned.
double megabytes_per_second(std::size_t bytes, const std::function<std::size_t()>& work,
                            std::size_t& count) {
  double best = 0;
  for (int run = 0; run < 3; ++run) {
    const auto start = std::chrono::steady_clock::now();
    count = work();
    const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - start;
    best = std::max(best, static_cast<double>(bytes) / 1e6 / seconds.count());
  }
  return best;
}

void report(const char* lang, const char* what, std::size_t bytes,
            const std::function<std::size_t()>& work) {
  std::size_t count = 0;
  const double speed = megabytes_per_second(bytes, work, count);
  std::printf("%-3s %-34s %8.1f MB/s  %9zu segments\n", lang, what, speed, count);
}

std::size_t split_count(const tmkit::Segmenter& segmenter, const std::string& text) {
  const auto segments = segmenter.split(text);
  if (!segments.ok()) {
    std::fprintf(stderr, "%s\n", segments.status().message().c_str());
    return 0;
  }
  return segments->size();
}

void bench_segmenter(const char* lang, const char* what, const std::string& text,
                     const tmkit::SegmenterOptions& options) {
  const auto segmenter = tmkit::Segmenter::create(*tmkit::LangTag::parse(lang), options);
  if (!segmenter.ok()) {
    std::fprintf(stderr, "%s\n", segmenter.status().message().c_str());
    return;
  }
  report(lang, what, text.size(), [&] { return split_count(*segmenter, text); });
}

// ICU's sentence iterator over the whole text as UTF-8, counting boundaries: no paragraphs,
// labels, trimming or rules of ours.
void bench_bare_icu(const char* lang, const std::string& text) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> iterator(
      icu::BreakIterator::createSentenceInstance(icu::Locale(lang), status));
  icu::LocalUTextPointer utext(
      utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status));
  if (U_FAILURE(status)) return;
  report(lang, "ICU BreakIterator (bare)", text.size(), [&] {
    UErrorCode s = U_ZERO_ERROR;
    iterator->setText(utext.getAlias(), s);
    std::size_t n = 0;
    for (int32_t b = iterator->first(); b != icu::BreakIterator::DONE; b = iterator->next()) ++n;
    return n;
  });
}

}  // namespace

int main(int argc, char** argv) {
  const fs::path shared = argc > 1 ? fs::path(argv[1]) : fs::path(TMKIT_BENCH_SHARED_DIR);
  const std::size_t megabytes = argc > 2 ? std::stoul(argv[2]) : 10;
  const fs::path bible = shared / "data/align-dev/bible-zh-en";
  std::vector<std::pair<const char*, std::string>> texts = {
      {"en", build_text(bible, ".tgt", megabytes * 1'000'000)},
      {"zh", build_text(bible, ".src", megabytes * 1'000'000)},
  };
  std::vector<std::pair<std::string, std::shared_ptr<const tmkit::SrxDocument>>> files;
  for (const char* name : {"languagetool-segment.srx", "okapi-defaultSegmentation.srx"}) {
    auto doc = tmkit::read_srx_file(shared / "data/srx" / name);
    if (doc.ok()) {
      files.emplace_back(name, std::make_shared<const tmkit::SrxDocument>(std::move(doc).value()));
    }
  }
  for (const auto& [lang, text] : texts) {
    if (text.empty()) {
      std::fprintf(stderr, "no text for %s under %s\n", lang, bible.c_str());
      return 1;
    }
    std::printf("%s: %.1f MB\n", lang, static_cast<double>(text.size()) / 1e6);
    bench_segmenter(lang, "built-in SRX (default)", text, {});
    for (const auto& [name, doc] : files) {
      tmkit::SegmenterOptions options;
      options.srx = doc;
      bench_segmenter(lang, name.c_str(), text, options);
    }
    tmkit::SegmenterOptions icu;
    icu.engine = tmkit::SegmenterEngine::kIcu;
    bench_segmenter(lang, "tmkit ICU engine (--engine icu)", text, icu);
    bench_bare_icu(lang, text);
  }
  return 0;
}
