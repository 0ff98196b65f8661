// tmkit_formats_bench: the TMX reader and writer alone, without a TM: streams FILE through
// stream_tmx (units counted, then dropped: the memory an import's parsing needs) in one thread
// and then in two (tmkit import's checking pass), then reads it
// whole and writes it back with write_tmx to OUT. Prints units, seconds, TUs/s and the peak RSS
// after each step (getrusage; the streaming figure comes first, before anything is held whole).
// OUT "-" stops after streaming (for files larger than memory).
//
//   tmkit_formats_bench FILE.tmx OUT.tmx
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

#include "tmkit/formats/tmx.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

void report(const char* what, std::size_t units, double seconds) {
  std::printf("%s: %zu units in %.1f s = %.0f TUs/s, peak RSS so far %.0f MB\n", what, units,
              seconds, static_cast<double>(units) / seconds, peak_rss_mb());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: tmkit_formats_bench FILE.tmx OUT.tmx\n");
    return 2;
  }
  // One thread, then two pieces at once (as tmkit import's checking pass).
  for (const std::size_t threads : {1, 2}) {
    auto start = Clock::now();
    std::size_t streamed = 0;
    const tmkit::Status status = tmkit::stream_tmx(
        argv[1], {},
        [&](std::vector<tmkit::TranslationUnit>&& units) {
          streamed += units.size();
          return tmkit::Status();
        },
        nullptr, std::size_t{1} << 20, threads);
    if (!status.ok()) {
      std::fprintf(stderr, "%s\n", status.message().c_str());
      return 1;
    }
    report(
        threads == 1 ? "tmkit stream_tmx (parse only)" : "tmkit stream_tmx (parse only, 2 threads)",
        streamed, seconds_since(start));
  }
  if (std::string(argv[2]) == "-") return 0;
  auto units = tmkit::read_tmx(argv[1]);
  if (!units.ok()) {
    std::fprintf(stderr, "%s\n", units.status().message().c_str());
    return 1;
  }
  auto start = Clock::now();
  std::ofstream out(argv[2], std::ios::binary);
  tmkit::TmxWriteOptions options;
  options.creation_date = 1700000000;
  const tmkit::Status written = tmkit::write_tmx(out, *units, options);
  if (!written.ok()) {
    std::fprintf(stderr, "%s\n", written.message().c_str());
    return 1;
  }
  report("tmkit write_tmx (units in memory)", units->size(), seconds_since(start));
  return 0;
}
