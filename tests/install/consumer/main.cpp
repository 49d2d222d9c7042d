// A host application built against an installed member: registers a user on
// a fresh database and signs in. Exits non-zero on any surprise.
#include <member/member.hpp>

#include <iostream>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  member::Options options;
  options.database = argv[1];
  options.master_key = std::string(64, 'a');
  options.password_hashing = {.memory_kib = 64, .iterations = 1, .parallelism = 1};
  member::System sys(options);
  const auto id = sys.accounts().register_user(
      member::Actor::anonymous(),
      {.email = "consumer@example.com", .password = "a long passphrase"});
  const auto signed_in = sys.accounts().sign_in(
      member::Actor::anonymous(),
      {.identifier = "consumer@example.com", .password = "a long passphrase"});
  if (signed_in.user_id != id) return 1;
  std::cout << "member " << member::version() << ": signed in " << id << "\n";
  return 0;
}
