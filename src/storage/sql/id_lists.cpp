#include "storage/sql/id_lists.hpp"

namespace member::storage::sql {

void sort_unique(std::vector<std::string>& ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
}

std::string placeholders(int first, std::size_t count) {
  std::string text;
  text.reserve(count * 6);
  for (std::size_t i = 0; i < count; ++i) {
    if (i != 0) text += ", ";
    text += '?';
    text += std::to_string(first + static_cast<int>(i));
  }
  return text;
}

}  // namespace member::storage::sql
