"""Child of bench_capi: points earns per second from Python (typed fast path).

    capi_python.py <database> <earns>     prints "rate <earns per second>"
"""

import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "bindings", "python"))
import member  # noqa: E402

KEY = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"


def main():
    database, earns = sys.argv[1], int(sys.argv[2])
    service = member.Actor.service("bench")
    with member.System(database=database, master_key=KEY, durability="normal") as s:
        user = s.accounts.register(username="bench_py", password="bench-Passw0rd-kq7Zr")["user_id"]
        for i in range(50):
            s.earn(service, user, 1, "warm-%d" % i)
        start = time.perf_counter()
        for i in range(earns):
            s.earn(service, user, 1, "py-%d" % i)
        seconds = time.perf_counter() - start
    print("rate %.1f" % (earns / seconds))


if __name__ == "__main__":
    main()
