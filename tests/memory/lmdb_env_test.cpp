#include "lmdb_env.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <type_traits>

#include "temp_dir.hpp"

namespace tmkit::detail {
namespace {

// The type rules of STYLE.md section 3, checked at compile time.
template <typename T>
concept CanPut = requires(T& txn, Dbi dbi) {
  txn.put(dbi, "k", "v");
};
static_assert(CanPut<WriteTxn>);
static_assert(!CanPut<ReadTxn>, "a write through a read transaction must not compile");
template <typename T>
concept CanCommitLvalue = requires(T& txn) {
  txn.commit();
};
static_assert(!CanCommitLvalue<WriteTxn>, "commit() consumes the transaction");
static_assert(!std::is_copy_constructible_v<Env> && std::is_move_constructible_v<Env>);
static_assert(!std::is_copy_constructible_v<ReadTxn> && !std::is_copy_constructible_v<WriteTxn>);
static_assert(!std::is_copy_constructible_v<Cursor>);

EnvOptions one_db(std::size_t map_size = std::size_t{1} << 20) {
  EnvOptions options;
  options.map_size = map_size;
  options.create_dbs = true;
  options.dbs = {{"data", 0}};
  return options;
}

std::size_t entries(const Env& env) {
  Result<ReadTxn> txn = env.begin_read();
  REQUIRE(txn.ok());
  Result<Cursor> cursor = Cursor::open(*txn, env.dbi(0));
  REQUIRE(cursor.ok());
  std::size_t n = 0;
  for (auto e = cursor->move(MDB_FIRST); e.ok() && e->has_value(); e = cursor->move(MDB_NEXT)) ++n;
  return n;
}

TEST_CASE("a write whose body fails is aborted and leaves nothing", "[tm]") {
  testing::TempDir dir;
  Result<Env> env = Env::open(dir.path(), one_db());
  REQUIRE(env.ok());
  const Status status = env->write([&](WriteTxn& txn) {
    TMKIT_RETURN_IF_ERROR(txn.put(env->dbi(0), "a", "1"));
    return Status::invalid_input("injected failure");
  });
  CHECK(status.message() == "injected failure");
  CHECK(entries(*env) == 0);
  REQUIRE(env->write([&](WriteTxn& txn) { return txn.put(env->dbi(0), "a", "1"); }).ok());
  CHECK(entries(*env) == 1);
}

TEST_CASE("the map does not grow under an open read transaction", "[tm]") {
  testing::TempDir dir;
  Result<Env> env = Env::open(dir.path(), one_db(std::size_t{64} << 10));
  REQUIRE(env.ok());
  const std::string big(4096, 'x');
  const auto fill = [&](WriteTxn& txn) {
    for (int i = 0; i < 200; ++i)
      TMKIT_RETURN_IF_ERROR(txn.put(env->dbi(0), std::to_string(i), big));
    return Status();
  };
  {
    Result<ReadTxn> reader = env->begin_read();
    REQUIRE(reader.ok());
    const Status status = env->write(fill);
    CHECK(status.code() == StatusCode::kStorage);
    CHECK_THAT(status.message(), Catch::Contains("read transaction"));
  }
  // With the reader gone the same write grows the map and succeeds.
  const Status status = env->write(fill);
  INFO(status.message());
  CHECK(status.ok());
  CHECK(entries(*env) == 200);
}

TEST_CASE("LMDB errors name the operation and LMDB's message", "[tm]") {
  testing::TempDir dir;
  EnvOptions options = one_db();
  options.create_dbs = false;  // "data" does not exist in a new environment
  const Result<Env> env = Env::open(dir.path(), options);
  CHECK(env.status().code() == StatusCode::kStorage);
  CHECK(env.status().message() == "database 'data' does not exist");
  CHECK(lmdb_error("mdb_put", MDB_MAP_FULL).message() ==
        std::string("lmdb: mdb_put: ") + mdb_strerror(MDB_MAP_FULL));
}

}  // namespace
}  // namespace tmkit::detail
