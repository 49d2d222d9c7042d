// Statements over many ids at once ("... WHERE id IN (?2, ?3, ...)"): the ids
// go in chunks of at most kIdChunk, each chunk padded (with its last id) to a
// power of two, so a handful of statement texts serve every count and stay
// in the connection's statement cache.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include "storage/sql/connection.hpp"

namespace member::storage::sql {

inline constexpr std::size_t kIdChunk = 128;

/// Sorts `ids` and drops duplicates: chunks then lock rows in ascending order.
void sort_unique(std::vector<std::string>& ids);

/// "?first, ?first+1, ..." with `count` placeholders.
std::string placeholders(int first, std::size_t count);

/// For each chunk of `ids`: prepares make_sql(placeholders) (the id list
/// starts at parameter `first`), binds the ids, and calls use(statement),
/// which binds the other parameters and steps through the rows.
template <class MakeSql, class Use>
void for_each_id_chunk(Connection& db, const std::vector<std::string>& ids, int first,
                       MakeSql&& make_sql, Use&& use) {
  for (std::size_t begin = 0; begin < ids.size(); begin += kIdChunk) {
    const std::size_t count = std::min(kIdChunk, ids.size() - begin);
    std::size_t padded = 1;
    while (padded < count) padded *= 2;
    Statement& s = db.prepare(make_sql(placeholders(first, padded)));
    for (std::size_t i = 0; i < padded; ++i) {
      s.bind(first + static_cast<int>(i), ids[begin + std::min(i, count - 1)]);
    }
    use(s);
  }
}

}  // namespace member::storage::sql
