// The block layout of postings (memory/posting_blocks.hpp), against a plain sorted set of the
// postings each key should hold.
#include "posting_blocks.hpp"

#include <catch2/catch.hpp>
#include <cstdint>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "lmdb_env.hpp"
#include "temp_dir.hpp"
#include "tm_index.hpp"

namespace tmkit {
namespace {

using detail::Dbi;
using detail::Env;
using detail::WriteTxn;
using testing::TempDir;

using Model = std::map<std::uint32_t, std::set<std::uint64_t>>;

Env open_env(const TempDir& dir);

// A database of blocks in a fresh environment, and what it should hold.
struct Blocks {
  TempDir dir;
  Env env = open_env(dir);
  Dbi dbi = env.dbi(0);
  Model model;
};

Env open_env(const TempDir& dir) {
  detail::EnvOptions options;
  options.dbs = {{"blocks", 0}};
  options.create_dbs = true;
  options.map_size = std::size_t{256} << 20;
  Result<Env> env = Env::open(dir.path(), options);
  REQUIRE(env.ok());
  return std::move(env).value();
}

std::uint64_t posting(std::uint16_t length, std::uint64_t id) {
  return std::uint64_t{length} << 48 | id << 8 | 1u;
}

// Every posting of `key` in order, read block by block from the start.
std::vector<std::uint64_t> read_all(const detail::Txn& txn, Dbi dbi, std::uint32_t key,
                                    std::uint64_t from = 0) {
  std::vector<std::uint64_t> out;
  Result<detail::PostingBlocks> blocks = detail::PostingBlocks::open(txn, dbi, key, from);
  REQUIRE(blocks.ok());
  while (true) {
    Result<std::optional<std::string_view>> block = blocks->next();
    REQUIRE(block.ok());
    if (!*block) break;
    REQUIRE((*block)->size() % 8 == 0);
    REQUIRE((*block)->size() / 8 <= detail::kBlockPostings);
    for (std::size_t at = 0; at < (*block)->size(); at += 8) {
      out.push_back(detail::read_packed_posting((*block)->data() + at));
    }
  }
  return out;
}

// The database holds exactly `model`: counts, postings in order, and blocks within bounds.
void check_matches(const Env& env, Dbi dbi, const Model& model) {
  Result<detail::ReadTxn> txn = env.begin_read();
  REQUIRE(txn.ok());
  for (const auto& [key, postings] : model) {
    INFO("key " << key);
    CHECK(detail::posting_count(*txn, dbi, key).value() == postings.size());
    const std::vector<std::uint64_t> expected(postings.begin(), postings.end());
    CHECK(read_all(*txn, dbi, key) == expected);
    // Reading from a posting gives every posting from it on, and perhaps some before.
    if (!expected.empty()) {
      const std::uint64_t middle = expected[expected.size() / 2];
      std::vector<std::uint64_t> tail = read_all(*txn, dbi, key, middle);
      std::erase_if(tail, [&](std::uint64_t p) { return p < middle; });
      CHECK(tail == std::vector<std::uint64_t>(
                        expected.begin() + static_cast<std::ptrdiff_t>(expected.size() / 2),
                        expected.end()));
      CHECK(detail::has_posting(*txn, dbi, key, middle).value());
      CHECK_FALSE(detail::has_posting(*txn, dbi, key, middle + 1).value());
    }
  }
}

// Removes one posting: false when it is not there.
Result<bool> erase_one(WriteTxn& txn, Dbi dbi, std::uint32_t key, std::uint64_t p) {
  TMKIT_ASSIGN_OR_RETURN(const std::uint64_t removed,
                         detail::erase_postings(txn, dbi, key, std::span(&p, 1)));
  return removed == 1;
}

Status insert(Env& env, Dbi dbi, std::uint32_t key, const std::vector<std::uint64_t>& postings,
              bool append = false) {
  return env.write(
      [&](WriteTxn& txn) { return detail::insert_postings(txn, dbi, key, postings, append); });
}

TEST_CASE_METHOD(Blocks,
                 "posting blocks: a key's postings read back in order, whatever order they came in",
                 "[tm][blocks]") {
  std::vector<std::uint64_t> first;  // 1,000 postings: two blocks, appended whole
  for (std::uint64_t id = 1; id <= 1000; ++id) first.push_back(posting(5, id));
  REQUIRE(insert(env, dbi, 7, first, true).ok());
  model[7].insert(first.begin(), first.end());
  check_matches(env, dbi, model);

  SECTION("postings inserted before, between and after the stored ones split full blocks") {
    std::vector<std::uint64_t> more = {posting(2, 5000), posting(5, 1001), posting(6, 3)};
    for (std::uint64_t id = 2000; id < 2600; ++id) more.push_back(posting(5, id));
    std::sort(more.begin(), more.end());
    REQUIRE(insert(env, dbi, 7, more).ok());
    model[7].insert(more.begin(), more.end());
    check_matches(env, dbi, model);
  }
  SECTION("postings after the last fill its block, then new full ones (a key continued)") {
    std::vector<std::uint64_t> more;
    for (std::uint64_t id = 1001; id <= 1800; ++id) more.push_back(posting(5, id));
    REQUIRE(insert(env, dbi, 7, more).ok());
    model[7].insert(more.begin(), more.end());
    check_matches(env, dbi, model);
    Result<detail::ReadTxn> txn = env.begin_read();
    CHECK(txn->entries(dbi).value() ==
          5);  // the count, and 1,800 postings in 510 + 510 + 510 + 270
  }
  SECTION("postings stored already are not stored twice") {
    REQUIRE(insert(env, dbi, 7, {posting(5, 10), posting(5, 500), posting(5, 2000)}).ok());
    model[7].insert(posting(5, 2000));
    check_matches(env, dbi, model);
  }
  SECTION("removing postings, down to none, leaves the key without count or blocks") {
    REQUIRE(env.write([&](WriteTxn& txn) -> Status {
                 TMKIT_ASSIGN_OR_RETURN(const bool missing, erase_one(txn, dbi, 7, posting(9, 1)));
                 CHECK_FALSE(missing);
                 for (std::uint64_t p : first) {
                   TMKIT_ASSIGN_OR_RETURN(const bool erased, erase_one(txn, dbi, 7, p));
                   REQUIRE(erased);
                   if (p == posting(5, 600)) break;
                 }
                 return Status();
               })
                .ok());
    std::erase_if(model[7], [](std::uint64_t p) { return p <= posting(5, 600); });
    check_matches(env, dbi, model);
    REQUIRE(env.write([&](WriteTxn& txn) -> Status {
                 for (std::uint64_t p : std::set<std::uint64_t>(model[7]))
                   TMKIT_RETURN_IF_ERROR(erase_one(txn, dbi, 7, p).status());
                 return Status();
               })
                .ok());
    model[7].clear();
    check_matches(env, dbi, model);
    Result<detail::ReadTxn> txn = env.begin_read();
    CHECK(txn->entries(dbi).value() == 0);
  }
}

TEST_CASE_METHOD(Blocks,
                 "posting blocks: random inserts and removals across keys agree with a sorted set",
                 "[tm][blocks]") {
  std::mt19937 random(20261129);
  std::uint64_t next_id = 1;
  for (int round = 0; round < 60; ++round) {
    const std::uint32_t key = random() % 5;
    std::set<std::uint64_t> batch;
    const int size = static_cast<int>(random() % 700);
    for (int i = 0; i < size; ++i) {
      batch.insert(posting(static_cast<std::uint16_t>(1 + random() % 30), next_id++));
    }
    // Some postings again (an ended merge written once more).
    if (!model[key].empty()) batch.insert(*model[key].begin());
    const std::vector<std::uint64_t> sorted(batch.begin(), batch.end());
    const std::optional<std::uint32_t> last_key = [&] {
      Result<detail::ReadTxn> txn = env.begin_read();
      return detail::last_posting_key(*txn, dbi).value();
    }();
    const bool append = model[key].empty() && (!last_key || key > *last_key);
    REQUIRE(insert(env, dbi, key, sorted, append).ok());
    model[key].insert(sorted.begin(), sorted.end());
    // Remove a few, from anywhere: one by one, or all at once with one that is not there.
    std::vector<std::uint64_t> doomed;
    for (std::uint64_t p : model[key]) {
      if (random() % 10 == 0) doomed.push_back(p);
    }
    const bool at_once = round % 2 == 0;
    REQUIRE(env.write([&](WriteTxn& txn) -> Status {
                 if (!at_once) {
                   for (std::uint64_t p : doomed)
                     TMKIT_RETURN_IF_ERROR(erase_one(txn, dbi, key, p).status());
                   return Status();
                 }
                 std::vector<std::uint64_t> with_absent = doomed;
                 with_absent.push_back(posting(65535, next_id));  // never added
                 TMKIT_ASSIGN_OR_RETURN(const std::uint64_t removed,
                                        detail::erase_postings(txn, dbi, key, with_absent));
                 CHECK(removed == doomed.size());
                 return Status();
               })
                .ok());
    for (std::uint64_t p : doomed) model[key].erase(p);
    check_matches(env, dbi, model);
  }
}

}  // namespace
}  // namespace tmkit
