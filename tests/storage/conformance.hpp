// The storage conformance suite (P4): what every member::storage::Storage
// backend must do. Each backend's test file opens fresh storages and runs
// every check here; a host plugging in its own backend can do the same.
#pragma once

#include <functional>
#include <memory>

#include "member/storage.hpp"

namespace member::test {

using StorageFactory = std::function<std::shared_ptr<storage::Storage>()>;

/// Runs the whole suite; each check gets a fresh storage from `open`.
void check_storage_conformance(const StorageFactory& open);

}  // namespace member::test
