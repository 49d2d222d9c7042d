// Two shapes every store repeats: run a statement that changes at most one
// row and say whether it did; read every row of a query.
#pragma once

#include <string_view>
#include <vector>

#include "storage/sql/connection.hpp"

namespace member::storage::sql {

/// Prepares `sql`, binds `values` to ?1, ?2, ..., runs it and returns
/// whether it changed exactly one row.
template <class... Values>
bool change_one(Connection& db, std::string_view sql, const Values&... values) {
  Statement& s = db.prepare(sql);
  s.bind_all(values...);
  s.step();
  return s.changes() == 1;
}

/// Steps through `s` and returns read(s) of every row.
template <class Read>
auto collect(Statement& s, Read&& read) {
  std::vector<decltype(read(s))> rows;
  while (s.step()) rows.push_back(read(s));
  return rows;
}

}  // namespace member::storage::sql
