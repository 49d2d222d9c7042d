// Conformance of the stores of bindings, identities, addresses, tags and
// identity checks (B1-B3, A8-A10): part of check_storage_conformance.
#pragma once

#include "member/storage.hpp"

namespace member::test {

/// Round trips, insert-if-absent, ordering, paging and the one-default
/// index of those stores.
void bindings_stores_conform(storage::Storage& s);

}  // namespace member::test
