#include "support/fixtures.hpp"

#include <unistd.h>
#include <atomic>

namespace member::test {

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  path_ = std::filesystem::current_path() /
          ("tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::remove_all(path_);
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace member::test
