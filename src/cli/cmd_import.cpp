#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <filesystem>
#include <future>
#include <iostream>
#include <iterator>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include "cli_util.hpp"
#include "commands.hpp"
#include "progress.hpp"
#include "tmkit/formats/text_file.hpp"
#include "tmkit/formats/tmx.hpp"
#include "tmkit/memory/translation_memory.hpp"
#include "tmkit/text.hpp"

namespace tmkit::cli {
namespace {

struct ImportOptions {
  std::string tm;
  std::string src_lang;
  std::string tgt_lang;
  std::vector<std::string> files;
  std::string on_conflict = "keep-both";
  // The most units per transaction (fewer in a large TM: units_per_transaction). A batch's
  // prepared units are in memory, and about as many more prepared ahead (parse_while_writing);
  // larger batches commit less often (1,000,000 units: 20.5 s and 247 MB in batches of
  // 20,000, 20.8-22.6 s and 218 MB in batches of 14,000, 19.8-24.7 s and 201 MB in batches of
  // 10,000). A killed import loses only the batch in progress.
  std::size_t batch = 14000;
  bool keep_going = false;
  std::size_t max_segment_bytes = ReadOptions().max_segment_bytes;
  std::size_t max_dom_bytes = ReadOptions().max_dom_bytes;
  Verbosity verbosity = Verbosity::kNormal;
};

bool has_tmx_extension(const std::string& file) {
  std::string extension = std::filesystem::path(file).extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension == ".tmx";
}

// A .tmx file is streamed, and so is a TMX of another name too large to parse whole (any other
// file that large is refused by read_units, naming --max-dom-bytes).
bool should_stream(const std::string& file, const ReadOptions& read) {
  std::error_code error;
  if (has_tmx_extension(file)) return true;
  if (read.max_dom_bytes == 0 || !std::filesystem::is_regular_file(file, error)) return false;
  const std::uintmax_t size = std::filesystem::file_size(file, error);
  return !error && size > read.max_dom_bytes && xml_root_name(file) == "tmx";
}

bool is_not_tmx(const Status& status) {
  return status.message().find("not a TMX") != std::string::npos;
}

// Destroys what it is given on a thread of its own, so that the thread giving it goes on: a
// committed batch's prepared units are tens of thousands of small blocks, whose freeing was a
// tenth of the writing thread's time.
template <typename T>
class LetGo {
 public:
  LetGo() : thread_([this] { destroy_until_closed(); }) {}
  LetGo(const LetGo&) = delete;
  LetGo& operator=(const LetGo&) = delete;
  ~LetGo() {
    {
      const std::lock_guard lock(mutex_);
      closing_ = true;
    }
    changed_.notify_one();
    thread_.join();
  }

  void add(T&& item) {
    {
      const std::lock_guard lock(mutex_);
      items_.push_back(std::move(item));
    }
    changed_.notify_one();
  }

 private:
  void destroy_until_closed() {
    std::unique_lock lock(mutex_);
    for (;;) {
      changed_.wait(lock, [&] { return closing_ || !items_.empty(); });
      if (items_.empty()) return;
      std::deque<T> items = std::exchange(items_, {});
      lock.unlock();
      items.clear();
      lock.lock();
    }
  }

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<T> items_;
  bool closing_ = false;
  std::thread thread_;  // last: it starts once the members it uses exist
};

// Writes one file's units to the TM in transactions of `batch` units, after the whole file has
// been read and checked (or, into an empty TM, as it is read, removing them again if the file
// turns out bad: import_in_one_pass): bad input never leaves anything written. An import killed or
// failing on storage (a full disk) here keeps every batch before the one in progress; the
// message says how many units that is, and running the import again completes the file (the
// units already stored count as duplicates). Under --keep-going a batch the TM refuses is
// retried unit by unit, so that only the refused units are left out.
class BatchWriter {
 public:
  BatchWriter(TranslationMemory& tm, const std::string& file, const AddOptions& add,
              std::size_t batch, bool keep_going, Verbosity verbosity)
      : tm_(tm),
        file_(file),
        add_(add),
        batch_(batch),
        keep_going_(keep_going),
        verbosity_(verbosity) {}

  // The units are written before the whole file is read: a unit the TM refuses fails the file,
  // whose stored units the caller removes (remove_stored), so its message does not say that
  // the earlier batches are committed.
  void write_while_reading() { unchecked_ = true; }

  // Shows a progress bar (on a terminal) for the `total` units about to be written, 0 if not
  // known.
  void start_progress(std::size_t total) {
    progress_ = std::make_unique<Progress>("importing " + file_, total, verbosity_);
  }

  // Queues `units` and commits every full batch.
  Status take(PreparedUnits&& units) {
    while (!units.empty()) {
      if (pending_.empty()) {
        // Fewer units per transaction as the TM grows, so that LMDB's copies of the pages a
        // transaction changes (kept on the heap) stay bounded.
        TMKIT_ASSIGN_OR_RETURN(batch_now_, tm_.units_per_transaction(batch_));
        pending_.reserve(batch_now_);
      }
      pending_.append(units.take_front(batch_now_ - pending_.size()));
      if (pending_.size() >= batch_now_) TMKIT_RETURN_IF_ERROR(write_pending());
    }
    return {};
  }
  // Commits what is left.
  Status finish() {
    const Status status = pending_.empty() ? Status() : write_pending();
    if (progress_) progress_->finish();
    return status;
  }

  // Removes the units this writer stored.
  Status remove_stored() {
    TMKIT_RETURN_IF_ERROR(tm_.remove_added(total_.stored_ids));
    total_ = {};
    committed_ = 0;
    return {};
  }

  std::size_t committed() const { return committed_; }
  // The most units per transaction (--batch).
  std::size_t batch() const { return batch_; }
  std::size_t refused() const { return refused_; }
  const AddReport& total() const { return total_; }

 private:
  Status write_pending() {
    PreparedUnits chunk = std::exchange(pending_, {});
    const std::size_t size = chunk.size();
    TMKIT_RETURN_IF_ERROR(add(chunk));
    // The pages this batch read stay in the page cache; unmapped, they leave the import's
    // resident set, which otherwise grows with the TM (a 9 GB TM: 8 GB resident).
    TMKIT_RETURN_IF_ERROR(tm_.release_resident_pages());
    spent_.add(std::move(chunk));
    committed_ += size;
    if (progress_) progress_->advance(size);
    // For logs, where no bar is drawn: a line every kProgressEvery units under --verbose.
    if (verbosity_ == Verbosity::kVerbose && committed_ >= next_progress_) {
      std::cerr << file_ << ": " << committed_ << " units imported so far\n";
      next_progress_ = (committed_ / kProgressEvery + 1) * kProgressEvery;
    }
    return {};
  }

  // Under --keep-going, `chunk` is taken apart when the TM refuses it.
  Status add(PreparedUnits& chunk) {
    const std::size_t size = chunk.size();
    auto report = tm_.add(chunk, add_);
    if (report.ok()) {
      total_ += *report;
      return {};
    }
    if (keep_going_ && report.status().code() == StatusCode::kInvalidInput) {
      return add_one_by_one(chunk);
    }
    const std::string units = file_ + ": units " + std::to_string(committed_ + 1) + "-" +
                              std::to_string(committed_ + size);
    if (unchecked_ && report.status().code() == StatusCode::kInvalidInput) {
      return report.status().with_context(units);
    }
    return report.status().with_context(units + " (units 1-" + std::to_string(committed_) +
                                        " are committed)");
  }

  Status add_one_by_one(PreparedUnits& chunk) {
    for (std::size_t i = 0; !chunk.empty(); ++i) {
      auto report = tm_.add(chunk.take_front(1), add_);
      if (report.ok()) {
        total_ += *report;
      } else if (report.status().code() == StatusCode::kInvalidInput) {
        ++refused_;
        std::cerr << file_ << ": unit " << committed_ + i + 1
                  << " skipped: " << report.status().message() << "\n";
      } else {
        return report.status().with_context(file_ + ": unit " + std::to_string(committed_ + i + 1));
      }
    }
    return {};
  }

  static constexpr std::size_t kProgressEvery = 100000;
  TranslationMemory& tm_;
  const std::string& file_;
  const AddOptions add_;
  const std::size_t batch_;
  const bool keep_going_;
  const Verbosity verbosity_;
  bool unchecked_ = false;
  std::unique_ptr<Progress> progress_;
  PreparedUnits pending_;
  LetGo<PreparedUnits> spent_;  // committed batches
  std::size_t batch_now_ = 0;   // units of the transaction pending_ fills
  std::size_t committed_ = 0;
  std::size_t refused_ = 0;
  std::size_t next_progress_ = kProgressEvery;
  AddReport total_;
};

// Bytes of TMX parsed at a time: about 3,500 units of a typical TM, of which a few pieces are
// in memory at once (PieceQueue).
constexpr std::size_t kPieceBytes = std::size_t{1} << 20;
// Pieces parsed at once by the checking pass.
constexpr std::size_t kCheckingThreads = 2;

// Streams a TMX through `sink` with the unit limits applied, numbering units across pieces;
// `threads` parse pieces at once.
Status stream_checked(const std::string& file, const ReadOptions& read, ReadReport& report,
                      std::size_t threads, const TmxUnitSink& sink) {
  std::size_t seen = 0;
  return stream_tmx(
      file, read,
      [&](std::vector<TranslationUnit>&& units) -> Status {
        const std::size_t first = seen + 1;
        seen += units.size();
        TMKIT_RETURN_IF_ERROR(enforce_unit_limits(units, first, file, read, &report));
        return sink(std::move(units));
      },
      &report, kPieceBytes, threads);
}

// The pieces a parsing thread hands to the writing one, in order: they wait while they hold
// `capacity` units or more (one piece always may), so memory holds a batch or so, not the
// file. Either side may stop early; the other then stops too.
class PieceQueue {
 public:
  using Piece = std::future<PreparedUnits>;

  explicit PieceQueue(std::size_t capacity) : capacity_(capacity) {}

  // Parser: waits for room for a piece of `units` units; false when the writer stopped.
  bool push(Piece&& piece, std::size_t units) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return stopped_ || pieces_.empty() || queued_ < capacity_; });
    if (stopped_) return false;
    pieces_.emplace_back(std::move(piece), units);
    queued_ += units;
    changed_.notify_all();
    return true;
  }
  // Parser: no more pieces; `status` is how the parse ended.
  void close(Status status) {
    const std::lock_guard lock(mutex_);
    closed_ = true;
    status_ = std::move(status);
    changed_.notify_all();
  }
  // Writer: the next piece, or nullopt once the parser closed and every piece was taken.
  std::optional<Piece> pop() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return closed_ || !pieces_.empty(); });
    if (pieces_.empty()) return std::nullopt;
    Piece piece = std::move(pieces_.front().first);
    queued_ -= pieces_.front().second;
    pieces_.pop_front();
    changed_.notify_all();
    return piece;
  }
  // Writer: gives up; the parser's next push returns false.
  void stop() {
    const std::lock_guard lock(mutex_);
    stopped_ = true;
    changed_.notify_all();
  }
  Status parse_status() {
    const std::lock_guard lock(mutex_);
    return status_;
  }

 private:
  const std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::pair<Piece, std::size_t>> pieces_;  // with their units
  std::size_t queued_ = 0;                            // units in pieces_
  bool closed_ = false;
  bool stopped_ = false;
  Status status_;
};

// Threads that prepare pieces. They live as long as the import: a thread per piece would
// leave each piece's memory in a malloc arena of its own (1,000,000 units: RSS 380-410 MB
// against 208 MB).
constexpr std::size_t kPreparingThreads = 2;

// Threads that prepare pieces for the TM (TranslationMemory::prepare), each piece's result
// promised when it is handed over, so that the writer takes them in order.
class Preparers {
 public:
  Preparers() {
    load_icu_normalizers();
    for (std::size_t i = 0; i < kPreparingThreads; ++i) threads_.emplace_back([this] { work(); });
  }
  Preparers(const Preparers&) = delete;
  Preparers& operator=(const Preparers&) = delete;
  ~Preparers() {
    {
      const std::lock_guard lock(mutex_);
      closing_ = true;
    }
    changed_.notify_all();
    for (std::thread& thread : threads_) thread.join();
  }

  std::future<PreparedUnits> prepare(std::vector<TranslationUnit>&& units) {
    Job job{std::move(units), {}};
    std::future<PreparedUnits> prepared = job.done.get_future();
    {
      const std::lock_guard lock(mutex_);
      jobs_.push_back(std::move(job));
    }
    changed_.notify_one();
    return prepared;
  }

 private:
  struct Job {
    std::vector<TranslationUnit> units;
    std::promise<PreparedUnits> done;
  };

  void work() {
    for (;;) {
      Job job;
      {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return closing_ || !jobs_.empty(); });
        if (jobs_.empty()) return;
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      job.done.set_value(TranslationMemory::prepare(std::move(job.units)));
    }
  }

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Job> jobs_;
  bool closing_ = false;
  std::vector<std::thread> threads_;
};

// The write pass of a checked TMX, in three stages that run at once: a thread parses, two
// prepare the pieces for the TM (normalise, tokenise, encode: most of the work), and this one
// writes, which the TM does in one thread only. Up to a batch of units (--batch) are parsed and
// prepared ahead, so that the next transaction's units are ready when one commits.
Status parse_while_writing(BatchWriter& writer, const std::string& file, const ReadOptions& read,
                           ReadReport& report) {
  Preparers preparers;
  PieceQueue queue(writer.batch());
  std::thread parser([&] {
    queue.close(stream_checked(file, read, report, 1, [&](std::vector<TranslationUnit>&& units) {
      const std::size_t count = units.size();
      return queue.push(preparers.prepare(std::move(units)), count)
                 ? Status()
                 : Status::internal("import: writing stopped");
    }));
  });
  Status written;
  while (std::optional<std::future<PreparedUnits>> piece = queue.pop()) {
    written = writer.take(piece->get());
    if (!written.ok()) {
      queue.stop();
      break;
    }
  }
  parser.join();
  if (!written.ok()) return written;
  return queue.parse_status();
}

// Units per piece of a file read whole, prepared by the preparing threads.
constexpr std::size_t kUnitsPerPiece = 4096;

// Writes the units of a file read whole (XLIFF, TSV, a TMX in another encoding), prepared in
// pieces by the preparing threads while this thread writes.
Status write_whole(BatchWriter& writer, std::vector<TranslationUnit>&& units) {
  Preparers preparers;
  std::deque<std::future<PreparedUnits>> pieces;
  for (std::size_t at = 0; at < units.size(); at += kUnitsPerPiece) {
    const auto begin = units.begin() + static_cast<std::ptrdiff_t>(at);
    const auto end =
        units.begin() + static_cast<std::ptrdiff_t>(std::min(at + kUnitsPerPiece, units.size()));
    pieces.push_back(preparers.prepare(std::vector<TranslationUnit>(std::make_move_iterator(begin),
                                                                    std::make_move_iterator(end))));
  }
  for (std::future<PreparedUnits>& piece : pieces) TMKIT_RETURN_IF_ERROR(writer.take(piece.get()));
  return {};
}

bool is_input_error(const Status& status) {
  return status.code() == StatusCode::kInvalidInput || status.code() == StatusCode::kUnsupported ||
         status.code() == StatusCode::kIo;
}

// A TMX imported into an empty TM is read once: its units are written as they are parsed, and
// if the file turns out bad they are removed again, which leaves the TM empty, as it was (a
// million units: 2 s less than reading the file twice). Only its own units are removed, so
// another process writing meanwhile loses nothing, unless the import replaces that process's
// units (--on-conflict prefer-newer): then the file is checked first.
Status import_in_one_pass(BatchWriter& writer, const std::string& file, const ReadOptions& read,
                          ReadReport& report, bool* streamed) {
  writer.write_while_reading();
  writer.start_progress(0);
  const Status written = parse_while_writing(writer, file, read, report);
  *streamed = written.ok() || !is_not_tmx(written);
  if (written.ok() || !is_input_error(written)) return written;
  const Status removed = writer.remove_stored();
  if (!removed.ok()) {
    return removed.with_context(written.message() + "; removing the " + file +
                                " units stored before that failed");
  }
  return *streamed ? written : Status();
}

// A TMX is read twice: a first pass checks the whole file and keeps nothing, so that memory
// holds one piece and not the file, and a second pass writes the units batch by batch. One
// transaction for a whole file would hold every dirty page of it (and LMDB caps that), so the
// check comes first instead (but see import_in_one_pass). Returns false in `*streamed` for a
// file that is not a TMX.
Status import_streamed(BatchWriter& writer, const std::string& file, const ReadOptions& read,
                       ReadReport& report, bool* streamed) {
  // Nothing else runs meanwhile: both cores parse.
  const Status checked = stream_checked(file, read, report, kCheckingThreads,
                                        [](std::vector<TranslationUnit>&&) { return Status(); });
  *streamed = checked.ok() || !is_not_tmx(checked);
  if (!checked.ok()) return *streamed ? checked : Status();
  writer.start_progress(report.units);
  report = {};
  return parse_while_writing(writer, file, read, report);
}

// Whether a TMX can be imported in one pass (import_in_one_pass).
Result<bool> one_pass_possible(const TranslationMemory& tm, const AddOptions& add) {
  if (add.on_conflict == ConflictPolicy::kPreferNewer) return false;
  return tm.empty();
}

void print_summary(const std::string& file, const ReadReport& read_report,
                   const BatchWriter& writer, bool keep_going) {
  for (const auto& [written, tag] : read_report.normalised_langs) {
    std::cerr << file << ": language '" << written << "' read as '" << tag << "'\n";
  }
  if (keep_going) {
    // Each skipped unit is named, not only the first (ReadReport keeps the first 100).
    for (const std::string& message : read_report.messages) {
      std::cerr << message << " (skipped)\n";
    }
  }
  if (read_report.skipped > 0) {
    std::cerr << file << ": " << read_report.skipped << " entries gave no unit"
              << (keep_going || read_report.messages.empty()
                      ? ""
                      : "; first: " + read_report.messages.front())
              << "\n";
  }
  const AddReport& total = writer.total();
  std::cerr << file << ": " << writer.committed() << " units read, " << total.added << " added ("
            << total.variants << " new variants), " << total.duplicates << " already there, "
            << total.replaced << " replaced, " << total.skipped << " skipped by --on-conflict"
            << (writer.refused() > 0 ? ", " + std::to_string(writer.refused()) + " refused" : "")
            << "\n";
}

Status import_file(TranslationMemory& tm, const std::string& file, const ReadOptions& read,
                   const AddOptions& add, const ImportOptions& options) {
  ReadReport read_report;
  BatchWriter writer(tm, file, add, options.batch, options.keep_going, options.verbosity);
  bool streamed = false;
  if (should_stream(file, read)) {
    TMKIT_ASSIGN_OR_RETURN(const bool one_pass, one_pass_possible(tm, add));
    TMKIT_RETURN_IF_ERROR(one_pass ? import_in_one_pass(writer, file, read, read_report, &streamed)
                                   : import_streamed(writer, file, read, read_report, &streamed));
  }
  if (!streamed) {
    read_report = {};
    TMKIT_ASSIGN_OR_RETURN(std::vector<TranslationUnit> units,
                           read_units(file, read, &read_report));
    writer.start_progress(units.size());
    TMKIT_RETURN_IF_ERROR(write_whole(writer, std::move(units)));
  }
  TMKIT_RETURN_IF_ERROR(writer.finish());
  if (options.verbosity != Verbosity::kQuiet || options.keep_going) {
    print_summary(file, read_report, writer, options.keep_going);
  }
  return {};
}

ConflictPolicy conflict_policy(const std::string& name) {
  if (name == "prefer-newer") return ConflictPolicy::kPreferNewer;
  if (name == "prefer-existing") return ConflictPolicy::kPreferExisting;
  return ConflictPolicy::kKeepBoth;
}

Status import_files(TranslationMemory& tm, const ReadOptions& read, const ImportOptions& options) {
  const AddOptions add{conflict_policy(options.on_conflict)};
  std::size_t failed = 0;
  for (const std::string& file : options.files) {
    const Status status = import_file(tm, file, read, add, options);
    if (status.ok()) continue;
    // A storage error (full disk) would fail every file after it too: stop there.
    if (!options.keep_going || !is_input_error(status)) return status;
    std::cerr << "tmkit import: skipped: " << status.message() << "\n";
    ++failed;
  }
  if (failed > 0) {
    return Status::invalid_input(std::to_string(failed) + " of " +
                                 std::to_string(options.files.size()) +
                                 " files skipped (--keep-going), the others are imported");
  }
  return {};
}

Status run_import(const ImportOptions& options) {
  ReadOptions read;
  TMKIT_ASSIGN_OR_RETURN(read.src_lang, parse_lang_option(options.src_lang, "--src-lang"));
  TMKIT_ASSIGN_OR_RETURN(read.tgt_lang, parse_lang_option(options.tgt_lang, "--tgt-lang"));
  read.max_segment_bytes = options.max_segment_bytes;
  read.max_dom_bytes = options.max_dom_bytes;
  read.skip_bad_units = options.keep_going;
  TMKIT_ASSIGN_OR_RETURN(TranslationMemory tm, open_tm_for_writing(options.tm));
  // The units of every file are indexed once, at the end (a merge of sorted runs), instead of
  // every batch updating the index in place.
  TMKIT_RETURN_IF_ERROR(tm.defer_index());
  const Status imported = import_files(tm, read, options);
  // After a storage failure (a full disk) the merge would fail too; the committed units are
  // found by lookups meanwhile, and the next import merges their index.
  if (!imported.ok() && !is_input_error(imported)) return imported;
  if (options.verbosity == Verbosity::kVerbose) std::cerr << options.tm << ": indexing\n";
  const Status indexed = tm.finish_index().with_context("indexing the imported units");
  if (imported.ok()) return indexed;
  if (!indexed.ok()) std::cerr << "tmkit import: " << indexed.message() << "\n";
  return imported;
}

}  // namespace

void setup_import(CLI::App& app, Status& outcome) {
  auto options = std::make_shared<ImportOptions>();
  CLI::App* cmd = app.add_subcommand("import", "Import TMX, XLIFF 1.2/2.0 or TSV files into a TM");
  add_tm_option(*cmd, options->tm)->required();
  add_lang_options(*cmd, options->src_lang, options->tgt_lang, false);
  cmd->add_option("--on-conflict", options->on_conflict,
                  "A stored source with a new target: keep both, or keep the newer/existing one")
      ->check(CLI::IsMember({"keep-both", "prefer-newer", "prefer-existing"}))
      ->capture_default_str();
  cmd->add_option("--batch", options->batch,
                  "Most units per transaction (fewer in a large TM); a killed import loses "
                  "only the current batch")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000000}))
      ->capture_default_str();
  cmd->add_flag("--keep-going", options->keep_going,
                "Skip (and name) bad files and units and import the rest; exit 1 if a file "
                "was skipped. Without it, a file with any bad unit writes nothing");
  cmd->add_option("--max-segment-bytes", options->max_segment_bytes,
                  "Longest source or target of a unit, in bytes (0: no limit)")
      ->capture_default_str();
  cmd->add_option("--max-dom-bytes", options->max_dom_bytes,
                  "Largest XLIFF/TSV file read whole, in bytes; a larger TMX is streamed "
                  "(0: no limit)")
      ->capture_default_str();
  cmd->add_option("files", options->files, "Files to import (TSV needs --src-lang/--tgt-lang)")
      ->required();
  cmd->callback([options, cmd, &outcome] {
    options->verbosity = verbosity_of(*cmd);
    outcome = run_import(*options);
  });
}

}  // namespace tmkit::cli
