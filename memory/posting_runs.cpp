#include "posting_runs.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

namespace tmkit::detail {
namespace {

constexpr std::size_t kWriteBufferBytes = std::size_t{1} << 20;

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
  // A run is tens of megabytes: written 1 MiB at a time instead of stdio's 4 KiB (42,000
  // write calls per 1,000,000 units imported).
  if (std::setvbuf(file.get(), nullptr, _IOFBF, kWriteBufferBytes) != 0) {
    return file_error("buffer", path, errno);
  }
  return RunWriter(std::make_unique<Impl>(Impl{path, std::move(file)}));
}

Status RunWriter::add(std::uint32_t key, const std::vector<std::uint64_t>& postings) {
  TMKIT_RETURN_IF_ERROR(begin_group(key, postings.size()));
  return append(postings);
}

Status RunWriter::begin_group(std::uint32_t key, std::uint64_t count) {
  if (count > UINT32_MAX) {
    return Status::storage("tm: index run " + impl_->path.string() +
                           ": more than 2^32 postings of one key");
  }
  const std::uint32_t header[2] = {key, static_cast<std::uint32_t>(count)};
  if (!write_all(impl_->file.get(), header, sizeof header))
    return file_error("write", impl_->path, errno);
  return {};
}

Status RunWriter::append(const std::vector<std::uint64_t>& postings) {
  if (!write_all(impl_->file.get(), postings.data(), postings.size() * sizeof(std::uint64_t))) {
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
  std::size_t index = 0;  // in the runs given to open(): the order of their ids
  File file;
  std::vector<char> buffer;
  std::uint32_t key = 0;
  std::uint32_t left = 0;            // postings of the group not read into `block` yet
  std::vector<std::uint64_t> block;  // the next postings of the group, from `at`
  std::size_t at = 0;

  // Reads the next group's header; false at the end of the file.
  Result<bool> load() {
    std::uint32_t header[2];
    const std::size_t got = std::fread(header, 1, sizeof header, file.get());
    if (got == 0 && std::feof(file.get())) return false;
    if (got != sizeof header) return truncated();
    key = header[0];
    left = header[1];
    block.clear();
    at = 0;
    return true;
  }

  // Whether the group has a posting at `at`, reading the next block if needed.
  Result<bool> has_posting() {
    if (at < block.size()) return true;
    if (left == 0) return false;
    block.resize(std::min<std::size_t>(left, kBlockPostings));
    const std::size_t bytes = block.size() * sizeof(std::uint64_t);
    if (std::fread(block.data(), 1, bytes, file.get()) != bytes) return truncated();
    left -= static_cast<std::uint32_t>(block.size());
    at = 0;
    return true;
  }

  std::uint64_t posting() const { return block[at]; }

  Status truncated() const {
    if (std::ferror(file.get())) return file_error("read", path, errno);
    return Status::storage("tm: index run " + path.string() + " ends inside a group (truncated)");
  }

  static constexpr std::size_t kBlockPostings = 512;
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

// The same for the readers of one key, on their next posting.
template <typename Reader>
bool later_posting(const std::unique_ptr<Reader>& a, const std::unique_ptr<Reader>& b) {
  return a->posting() > b->posting();
}

}  // namespace

Result<RunMerger> RunMerger::open(const std::vector<std::filesystem::path>& runs,
                                  std::size_t buffer_bytes) {
  RunMerger merger;
  for (const std::filesystem::path& path : runs) {
    auto reader = std::make_unique<Reader>();
    reader->path = path;
    reader->index = merger.heap_.size();
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

Result<bool> RunMerger::next(std::uint32_t& key, std::vector<std::uint64_t>& postings,
                             std::size_t max) {
  postings.clear();
  if (active_.empty()) {
    if (heap_.empty()) return false;
    // Every reader at the smallest key joins the merge of that key.
    key_ = heap_.front()->key;
    key_postings_ = 0;
    while (!heap_.empty() && heap_.front()->key == key_) {
      std::pop_heap(heap_.begin(), heap_.end(), later_key<Reader>);
      std::unique_ptr<Reader> reader = std::move(heap_.back());
      heap_.pop_back();
      key_postings_ += reader->left;
      TMKIT_ASSIGN_OR_RETURN(const bool has, reader->has_posting());
      if (has) {
        active_.push_back(std::move(reader));
      } else {
        TMKIT_RETURN_IF_ERROR(requeue(std::move(reader)));
      }
    }
    if (key_postings_ <= std::min<std::uint64_t>(max, kGatheredPostings)) {
      key = key_;
      return gather_key(postings);
    }
    std::make_heap(active_.begin(), active_.end(), later_posting<Reader>);
  }
  key = key_;
  max = std::max<std::size_t>(max, 1);
  while (!active_.empty() && postings.size() < max) {
    std::pop_heap(active_.begin(), active_.end(), later_posting<Reader>);
    Reader& reader = *active_.back();
    // Postings sort by text length, then id, and a run holds a range of ids: the reader with the
    // smallest posting usually has many before any other reader's next one. They are taken in
    // one go, up to that next one, instead of one heap operation each.
    const bool alone = active_.size() == 1;
    const std::uint64_t bound = alone ? UINT64_MAX : active_.front()->posting();
    bool has = true;
    while (has && postings.size() < max && reader.posting() <= bound) {
      const auto begin = reader.block.begin() + static_cast<std::ptrdiff_t>(reader.at);
      const auto upto = std::upper_bound(begin, reader.block.end(), bound);
      const std::size_t n = std::min(static_cast<std::size_t>(upto - begin), max - postings.size());
      postings.insert(postings.end(), begin, begin + static_cast<std::ptrdiff_t>(n));
      reader.at += n;
      TMKIT_ASSIGN_OR_RETURN(has, reader.has_posting());
    }
    if (has) {
      std::push_heap(active_.begin(), active_.end(), later_posting<Reader>);
    } else {
      std::unique_ptr<Reader> done = std::move(active_.back());
      active_.pop_back();
      TMKIT_RETURN_IF_ERROR(requeue(std::move(done)));
    }
  }
  return true;
}

Result<bool> RunMerger::gather_key(std::vector<std::uint64_t>& postings) {
  // Postings sort by length, then id, and each run holds a range of ids: taken run by run in
  // the order of their ids, they are in order once sorted stably by length alone, which one
  // counting pass does.
  std::sort(active_.begin(), active_.end(),
            [](const std::unique_ptr<Reader>& a, const std::unique_ptr<Reader>& b) {
              return a->index < b->index;
            });
  gathered_.clear();
  std::uint64_t shortest = UINT64_MAX;
  std::uint64_t longest = 0;
  for (std::unique_ptr<Reader>& reader : active_) {
    for (bool has = true; has;) {
      for (std::size_t i = reader->at; i < reader->block.size(); ++i) {
        const std::uint64_t posting = reader->block[i];
        shortest = std::min(shortest, posting >> 48);
        longest = std::max(longest, posting >> 48);
        gathered_.push_back(posting);
      }
      reader->at = reader->block.size();
      TMKIT_ASSIGN_OR_RETURN(has, reader->has_posting());
    }
    TMKIT_RETURN_IF_ERROR(requeue(std::move(reader)));
  }
  active_.clear();
  postings.clear();
  if (gathered_.empty()) return true;  // groups of no posting (a run file says so)
  starts_.assign(static_cast<std::size_t>(longest - shortest) + 2, 0);
  for (const std::uint64_t posting : gathered_) ++starts_[(posting >> 48) - shortest + 1];
  for (std::size_t i = 1; i < starts_.size(); ++i) starts_[i] += starts_[i - 1];
  postings.resize(gathered_.size());
  for (const std::uint64_t posting : gathered_)
    postings[starts_[(posting >> 48) - shortest]++] = posting;
  // Runs given out of id order would need the comparison sort: linear to check.
  if (!std::is_sorted(postings.begin(), postings.end()))
    std::sort(postings.begin(), postings.end());
  return true;
}

Status RunMerger::requeue(std::unique_ptr<Reader> reader) {
  TMKIT_ASSIGN_OR_RETURN(const bool loaded, reader->load());
  if (!loaded) return {};
  heap_.push_back(std::move(reader));
  std::push_heap(heap_.begin(), heap_.end(), later_key<Reader>);
  return {};
}

namespace {

// Postings per piece when runs are merged into one.
constexpr std::size_t kMergePiece = std::size_t{1} << 16;

Status merge_into(const std::vector<std::filesystem::path>& inputs,
                  const std::filesystem::path& output, std::size_t buffer_bytes) {
  TMKIT_ASSIGN_OR_RETURN(RunMerger merger, RunMerger::open(inputs, buffer_bytes));
  TMKIT_ASSIGN_OR_RETURN(RunWriter writer, RunWriter::create(output));
  std::uint32_t key = 0;
  std::vector<std::uint64_t> postings;
  bool continued = false;  // the last piece's key has more
  while (true) {
    TMKIT_ASSIGN_OR_RETURN(const bool more, merger.next(key, postings, kMergePiece));
    if (!more) break;
    if (!continued) TMKIT_RETURN_IF_ERROR(writer.begin_group(key, merger.key_postings()));
    TMKIT_RETURN_IF_ERROR(writer.append(postings));
    continued = merger.key_continues();
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
