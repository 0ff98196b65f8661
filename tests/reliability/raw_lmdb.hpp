// Writes to a TM with the bare LMDB API, behind tmkit's back: damage for the checker's tests,
// a newer schema version for the bad-input tests.
#pragma once

#include <lmdb.h>

#include <catch2/catch.hpp>
#include <filesystem>

namespace tmkit::testing {

// Opens the TM with the bare C API and runs `damage` in one write transaction.
template <typename Damage>
inline void damage_tm(const std::filesystem::path& dir, Damage damage) {
  MDB_env* env = nullptr;
  REQUIRE(mdb_env_create(&env) == 0);
  REQUIRE(mdb_env_set_maxdbs(env, 16) == 0);
  REQUIRE(mdb_env_open(env, dir.c_str(), 0, 0664) == 0);
  MDB_txn* txn = nullptr;
  REQUIRE(mdb_txn_begin(env, nullptr, 0, &txn) == 0);
  auto dbi = [&](const char* name) {
    MDB_dbi handle = 0;
    REQUIRE(mdb_dbi_open(txn, name, 0, &handle) == 0);
    return handle;
  };
  damage(txn, dbi);
  REQUIRE(mdb_txn_commit(txn) == 0);
  mdb_env_close(env);
}

}  // namespace tmkit::testing
