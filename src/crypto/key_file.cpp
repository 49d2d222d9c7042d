#include "crypto/key_file.hpp"

#include <botan/hex.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "crypto/random.hpp"
#include "member/error.hpp"

namespace member::crypto {
namespace {

[[noreturn]] void fail(const std::string& what) {
  throw Error(Errc::key_error, what);
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

SecretKey read_key(const std::string& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) fail("cannot read the key file " + path);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) fail("cannot stat the key file " + path);
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    fail("the key file " + path + " is accessible by group or others; chmod 600 it");
  }
  char buffer[128];
  const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
  if (n < 0) fail("cannot read the key file " + path);
  std::string text(buffer, static_cast<std::size_t>(n));
  Botan::secure_scrub_memory(buffer, sizeof buffer);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.pop_back();
  }
  SecretKey key = SecretKey::from_hex(text, "the key file " + path);
  Botan::secure_scrub_memory(text.data(), text.size());
  return key;
}

}  // namespace

LoadedKey load_or_create_key_file(const std::string& path) {
  // Write a complete key to a private temporary file, then link() it into
  // place: link never replaces an existing file, so when two processes race
  // to create the key both end up with the one that won, never a partial one.
  if (::access(path.c_str(), F_OK) == 0) return {read_key(path), false};
  const std::string temporary = path + ".tmp." + random_string("0123456789abcdef", 16);
  SecretKey key = SecretKey::generate();
  {
    Fd fd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (fd.get() < 0) fail("cannot create the key file " + path);
    std::string text = Botan::hex_encode(key.bytes().data(), key.bytes().size(), false) + "\n";
    const bool written =
        ::write(fd.get(), text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
        ::fsync(fd.get()) == 0;
    Botan::secure_scrub_memory(text.data(), text.size());
    if (!written) {
      ::unlink(temporary.c_str());
      fail("cannot write the key file " + path);
    }
  }
  const int linked = ::link(temporary.c_str(), path.c_str());
  const int link_errno = errno;
  ::unlink(temporary.c_str());
  if (linked != 0) {
    if (link_errno == EEXIST) return {read_key(path), false};
    fail("cannot create the key file " + path);
  }
  return {key, true};
}

}  // namespace member::crypto
