"""Child of bench_capi: calls per second from Python (typed fast paths).

    capi_python.py earn <database> <count>     points earns (System.earn)
    capi_python.py verify <database> <count>   token verifications (System.verify_token)

Prints "rate <calls per second>": of wall time for earns, of this process's
CPU time for verifications (pure computation; see bench/capi.cpp).
"""

import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "bindings", "python"))
import member  # noqa: E402

KEY = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
PASSWORD = "bench-Passw0rd-kq7Zr"


def earn(database, count):
    service = member.Actor.service("bench")
    with member.System(database=database, master_key=KEY, durability="normal") as s:
        user = s.accounts.register(username="bench_py", password=PASSWORD)["user_id"]
        for i in range(50):
            s.earn(service, user, 1, "warm-%d" % i)
        start = time.perf_counter()
        for i in range(count):
            s.earn(service, user, 1, "py-%d" % i)
        return count / (time.perf_counter() - start)


def verify(database, count):
    # Setup only: the sign-in's hash is not what this measures.
    hashing = {"memory_kib": 64, "iterations": 1, "parallelism": 1}
    with member.System(database=database, master_key=KEY, durability="normal",
                       password_hashing=hashing) as s:
        user = s.accounts.register(username="bench_py", password=PASSWORD)["user_id"]
        token = s.sessions.sign_in(identifier="bench_py",
                                   password=PASSWORD)["tokens"]["access_token"]
        for _ in range(1000):
            s.verify_token(token)
        start = time.process_time()
        for _ in range(count):
            if s.verify_token(token).subject != user:
                raise RuntimeError("verify_token returned another subject")
        return count / (time.process_time() - start)


def main():
    mode, database, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rate = {"earn": earn, "verify": verify}[mode](database, count)
    print("rate %.1f" % rate)


if __name__ == "__main__":
    main()
