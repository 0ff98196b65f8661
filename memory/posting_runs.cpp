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
  return Status::storage("tm: cannot " + std::string(what) + " index run " + path.string() + ": " +
                         std::strerror(error));
}

// Writes every byte or fails (fwrite sets errno on Linux, e.g. ENOSPC).
bool write_all(std::FILE* file, const void* data, std::size_t bytes) {
  return std::fwrite(data, 1, bytes, file) == bytes;
}

}  // namespace

struct RunWriter::Impl {
  std::filesystem::path path;
  File file;
};

RunWriter::RunWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RunWriter::RunWriter(RunWriter&&) noexcept = default;
RunWriter& RunWriter::operator=(RunWriter&&) noexcept = default;
RunWriter::~RunWriter() = default;

Result<RunWriter> RunWriter::create(const std::filesystem::path& path) {
  File file(std::fopen(path.c_str(), "wb"));
  if (!file) return file_error("create", path, errno);
  return RunWriter(std::make_unique<Impl>(Impl{path, std::move(file)}));
}

Status RunWriter::add(std::uint32_t key, const std::vector<std::uint64_t>& postings) {
  const std::uint32_t header[2] = {key, static_cast<std::uint32_t>(postings.size())};
  if (!write_all(impl_->file.get(), header, sizeof header) ||
      !write_all(impl_->file.get(), postings.data(), postings.size() * sizeof(std::uint64_t))) {
    return file_error("write", impl_->path, errno);
  }
  return {};
}

Status RunWriter::close() {
  // fclose flushes the last buffer: its failure is a failed write too.
  if (std::fclose(impl_->file.release()) != 0) return file_error("write", impl_->path, errno);
  return {};
}

Status write_run(const std::filesystem::path& path, const std::vector<PostingEntry>& entries) {
  TMKIT_ASSIGN_OR_RETURN(RunWriter writer, RunWriter::create(path));
  std::vector<std::uint64_t> group;
  for (std::size_t i = 0; i < entries.size();) {
    const std::uint32_t key = entries[i].first;
    group.clear();
    for (; i < entries.size() && entries[i].first == key; ++i) group.push_back(entries[i].second);
    TMKIT_RETURN_IF_ERROR(writer.add(key, group));
  }
  return writer.close();
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
    return Status::storage("tm: index run " + path.string() + " ends inside a group (truncated)");
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

namespace {

Status merge_into(const std::vector<std::filesystem::path>& inputs,
                  const std::filesystem::path& output, std::size_t buffer_bytes) {
  TMKIT_ASSIGN_OR_RETURN(RunMerger merger, RunMerger::open(inputs, buffer_bytes));
  TMKIT_ASSIGN_OR_RETURN(RunWriter writer, RunWriter::create(output));
  std::uint32_t key = 0;
  std::vector<std::uint64_t> postings;
  while (true) {
    TMKIT_ASSIGN_OR_RETURN(const bool more, merger.next(key, postings));
    if (!more) break;
    TMKIT_RETURN_IF_ERROR(writer.add(key, postings));
  }
  return writer.close();
}

}  // namespace

Result<std::vector<std::filesystem::path>> reduce_runs(std::vector<std::filesystem::path> runs,
                                                       std::size_t fan_in,
                                                       const std::filesystem::path& prefix,
                                                       std::size_t buffer_bytes) {
  fan_in = std::max<std::size_t>(fan_in, 2);
  std::size_t made = 0;
  while (runs.size() > fan_in) {
    std::vector<std::filesystem::path> merged;
    for (std::size_t begin = 0; begin < runs.size(); begin += fan_in) {
      const std::vector<std::filesystem::path> group(
          runs.begin() + static_cast<std::ptrdiff_t>(begin),
          runs.begin() + static_cast<std::ptrdiff_t>(std::min(begin + fan_in, runs.size())));
      std::filesystem::path output = prefix;
      output += std::to_string(made++);
      TMKIT_RETURN_IF_ERROR(merge_into(group, output, buffer_bytes));
      std::error_code error;
      for (const std::filesystem::path& input : group) std::filesystem::remove(input, error);
      merged.push_back(std::move(output));
    }
    runs = std::move(merged);
  }
  return runs;
}

}  // namespace tmkit::detail
