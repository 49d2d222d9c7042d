// Paging for every list operation.
#pragma once

#include <cstdint>

namespace member {

/// A window of a list: at most `limit` items (1..1000) after skipping `offset`.
struct Page {
  std::uint32_t limit = 50;
  std::uint32_t offset = 0;
};

}  // namespace member
