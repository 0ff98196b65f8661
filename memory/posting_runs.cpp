#include "posting_runs.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

namespace tmkit::detail {
namespace {

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

Status file_error(const char* what, const std::filesystem::path& path, int error) {
  return Status::io("tm: cannot " + std::string(what) + " index run " + path.string() + ": " +
                    std::strerror(error));
}

// Writes every byte or fails (fwrite sets errno on Linux, e.g. ENOSPC).
bool write_all(std::FILE* file, const void* data, std::size_t bytes) {
  return std::fwrite(data, 1, bytes, file) == bytes;
}

}  // namespace

Status write_run(const std::filesystem::path& path, const std::vector<PostingEntry>& entries) {
  File file(std::fopen(path.c_str(), "wb"));
  if (!file) return file_error("create", path, errno);
  std::vector<std::uint64_t> group;
  for (std::size_t i = 0; i < entries.size();) {
    const std::uint32_t key = entries[i].first;
    group.clear();
    for (; i < entries.size() && entries[i].first == key; ++i) group.push_back(entries[i].second);
    const std::uint32_t header[2] = {key, static_cast<std::uint32_t>(group.size())};
    if (!write_all(file.get(), header, sizeof header) ||
        !write_all(file.get(), group.data(), group.size() * sizeof(std::uint64_t))) {
      return file_error("write", path, errno);
    }
  }
  // fclose flushes the last buffer: its failure is a failed write too.
  if (std::fclose(file.release()) != 0) return file_error("write", path, errno);
  return {};
}

struct RunMerger::Reader {
  std::filesystem::path path;
  File file;
  std::vector<char> buffer;
  std::uint32_t key = 0;
  std::vector<std::uint64_t> postings;

  // Loads the next group; false at the end of the file.
  Result<bool> load() {
    std::uint32_t header[2];
    const std::size_t got = std::fread(header, 1, sizeof header, file.get());
    if (got == 0 && std::feof(file.get())) return false;
    if (got != sizeof header) return truncated();
    key = header[0];
    postings.resize(header[1]);
    const std::size_t bytes = postings.size() * sizeof(std::uint64_t);
    if (std::fread(postings.data(), 1, bytes, file.get()) != bytes) return truncated();
    return true;
  }

  Status truncated() const {
    if (std::ferror(file.get())) return file_error("read", path, errno);
    return Status::io("tm: index run " + path.string() + " ends inside a group (truncated)");
  }
};

RunMerger::RunMerger() = default;
RunMerger::RunMerger(RunMerger&&) noexcept = default;
RunMerger& RunMerger::operator=(RunMerger&&) noexcept = default;
RunMerger::~RunMerger() = default;

namespace {

// std::*_heap build a max-heap: the reader with the smallest key must compare greatest.
template <typename Reader>
bool later_key(const std::unique_ptr<Reader>& a, const std::unique_ptr<Reader>& b) {
  return a->key > b->key;
}

}  // namespace

Result<RunMerger> RunMerger::open(const std::vector<std::filesystem::path>& runs,
                                  std::size_t buffer_bytes) {
  RunMerger merger;
  for (const std::filesystem::path& path : runs) {
    auto reader = std::make_unique<Reader>();
    reader->path = path;
    reader->file.reset(std::fopen(path.c_str(), "rb"));
    if (!reader->file) return file_error("open", path, errno);
    reader->buffer.resize(buffer_bytes);
    std::setvbuf(reader->file.get(), reader->buffer.data(), _IOFBF, reader->buffer.size());
    TMKIT_ASSIGN_OR_RETURN(const bool loaded, reader->load());
    if (loaded) merger.heap_.push_back(std::move(reader));
  }
  std::make_heap(merger.heap_.begin(), merger.heap_.end(), later_key<Reader>);
  return merger;
}

Result<bool> RunMerger::next(std::uint32_t& key, std::vector<std::uint64_t>& postings) {
  if (heap_.empty()) return false;
  key = heap_.front()->key;
  postings.clear();
  std::size_t runs = 0;
  while (!heap_.empty() && heap_.front()->key == key) {
    std::pop_heap(heap_.begin(), heap_.end(), later_key<Reader>);
    Reader& reader = *heap_.back();
    postings.insert(postings.end(), reader.postings.begin(), reader.postings.end());
    ++runs;
    TMKIT_ASSIGN_OR_RETURN(const bool loaded, reader.load());
    if (loaded) {
      std::push_heap(heap_.begin(), heap_.end(), later_key<Reader>);
    } else {
      heap_.pop_back();
    }
  }
  // One sort, not a merge per run: merging k runs in turn costs k passes over a frequent key.
  if (runs > 1) std::sort(postings.begin(), postings.end());
  return true;
}

}  // namespace tmkit::detail
