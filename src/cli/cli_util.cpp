#include "cli_util.hpp"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <system_error>

namespace tmkit::cli {

Result<LangTag> parse_lang_option(const std::string& value, const std::string& option_name) {
  if (value.empty()) return LangTag();
  auto tag = LangTag::parse(value);
  if (!tag.ok()) return tag.status().with_context(option_name);
  return tag;
}

Status write_output(const std::string& path, const std::function<Status(std::ostream&)>& write) {
  if (path == "-") {
    TMKIT_RETURN_IF_ERROR(write(std::cout));
    std::cout.flush();
    return std::cout ? Status() : Status::io("cannot write to standard output");
  }
  const std::filesystem::path final_path(path);
  std::filesystem::path temp_path = final_path;
  temp_path += ".tmkit-partial";
  {
    std::ofstream out(temp_path, std::ios::binary | std::ios::trunc);
    if (!out) return Status::io(path + ": cannot open for writing");
    Status status = write(out);
    out.close();
    if (status.ok() && !out) status = Status::io(path + ": write failed");
    if (!status.ok()) {
      std::error_code ignored;  // the write error is the one worth reporting
      std::filesystem::remove(temp_path, ignored);
      return status;
    }
  }
  std::error_code error;
  std::filesystem::rename(temp_path, final_path, error);
  if (error) return Status::io(path + ": cannot rename into place: " + error.message());
  return {};
}

Result<std::string> read_file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::io(path + ": cannot open for reading");
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Status::io(path + ": read failed");
  return bytes;
}

std::int64_t current_time() {
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch != nullptr && *epoch != '\0') {
    return std::strtoll(epoch, nullptr, 10);
  }
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return std::chrono::duration_cast<std::chrono::seconds>(now).count();
}

Result<TranslationMemory> open_tm_read_only(const std::string& path) {
  TmOptions options;
  options.read_only = true;
  return TranslationMemory::open(path, options);
}

// A directory that holds files but no data.mdb is somebody's folder, not a TM: creating a TM
// inside it would mix the two. LMDB's lock.mdb alone is a TM whose creation was killed before
// data.mdb existed (LMDB creates the lock file first): it holds nothing, and the TM is created.
namespace {

Status check_tm_directory(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code error;
  if (!fs::is_directory(path, error) || fs::exists(fs::path(path) / "data.mdb", error)) return {};
  for (const fs::directory_entry& entry : fs::directory_iterator(path, error)) {
    if (entry.path().filename() != "lock.mdb") {
      return Status::storage("tm: " + path +
                             " is not empty and holds no translation memory (no data.mdb)");
    }
  }
  return {};
}

}  // namespace

Result<TranslationMemory> open_tm_for_writing(const std::string& path) {
  TMKIT_RETURN_IF_ERROR(check_tm_directory(path));
  Result<TranslationMemory> tm = TranslationMemory::open(path);
  // Some of the TM's messages (a newer schema version) do not say which directory.
  if (!tm.ok() && tm.status().message().find(path) == std::string::npos) {
    return tm.status().with_context("--tm " + path);
  }
  return tm;
}

CLI::Option* add_tm_option(CLI::App& cmd, std::string& tm_path) {
  return cmd.add_option("--tm", tm_path, "Translation memory directory (LMDB)");
}

void add_lang_options(CLI::App& cmd, std::string& src_lang, std::string& tgt_lang, bool required) {
  auto* src = cmd.add_option("--src-lang", src_lang, "Source language (BCP 47, e.g. zh-CN)");
  auto* tgt = cmd.add_option("--tgt-lang", tgt_lang, "Target language (BCP 47, e.g. en-US)");
  if (required) {
    src->required();
    tgt->required();
  }
}

}  // namespace tmkit::cli
