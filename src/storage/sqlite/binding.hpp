// Small helpers to move member's value types in and out of SQLite statements.
#pragma once

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Statement.h>

#include <string>

#include "member/storage.hpp"

namespace member::storage::sqlite {

/// Binds a string, or NULL when it is empty.
inline void bind_text_or_null(SQLite::Statement& s, int index, const std::string& value) {
  if (value.empty()) {
    s.bind(index);
  } else {
    s.bind(index, value);
  }
}

/// Binds a blob, or NULL when it is empty.
inline void bind_blob_or_null(SQLite::Statement& s, int index, const Bytes& value) {
  if (value.empty()) {
    s.bind(index);
  } else {
    s.bind(index, value.data(), static_cast<int>(value.size()));
  }
}

inline Bytes column_blob(const SQLite::Column& c) {
  if (c.isNull()) return {};
  const auto* p = static_cast<const std::uint8_t*>(c.getBlob());
  return Bytes(p, p + c.getBytes());
}

inline std::string column_text(const SQLite::Column& c) {
  return c.isNull() ? std::string() : c.getString();
}

}  // namespace member::storage::sqlite
