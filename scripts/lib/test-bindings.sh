#!/usr/bin/env bash
# Runs the Python and Go tests of the C ABI bindings (called by scripts/test).
#
#   scripts/lib/test-bindings.sh <sanitized build dir> <plain build dir>
#
# Python runs against the sanitized libmember_c of the first build, with the
# AddressSanitizer runtime preloaded (it must come first in the process) and
# libstdc++ preloaded too (its __cxa_throw is intercepted at start-up, before
# ctypes loads the library). Leak checking is off there: the interpreter's own
# allocations at exit are not ours. Go's race detector has its own runtime
# that cannot share a process with AddressSanitizer, so `go test -race` runs
# against a non-sanitized Release build of libmember_c in the second build dir.
set -euo pipefail
cd "$(dirname "$0")/../.."
sanitized=$1
plain=$2
status=0

echo "test-bindings: Python (pytest) against $sanitized/capi/libmember_c.so"
MEMBER_C_LIBRARY=$PWD/$sanitized/capi/libmember_c.so \
  LD_PRELOAD="$(gcc -print-file-name=libasan.so) $(gcc -print-file-name=libstdc++.so)" \
  ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
  /usr/bin/python3 -m pytest -q -p no:cacheprovider bindings/python/tests || status=$?

echo "test-bindings: Go (go test -race) against $plain/capi/libmember_c.so"
cmake -S . -B "$plain" -DCMAKE_BUILD_TYPE=Release -DMEMBER_BUILD_TESTS=OFF \
  -DMEMBER_BUILD_EXAMPLES=OFF -DMEMBER_BUILD_BENCH=OFF >/dev/null
cmake --build "$plain" -j2 --target member_c
libdir=$PWD/$plain/capi
(
  cd bindings/go
  # No network: modules from the standard library only, caches in the build dir.
  export GOFLAGS=-mod=mod GOPROXY=off GOTOOLCHAIN=local
  export GOCACHE=$libdir/../go-cache GOPATH=$libdir/../go-path
  export CGO_LDFLAGS="-L$libdir" LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  unset LD_PRELOAD ASAN_OPTIONS
  go test -race -count=1 ./...
  # examples/go-server: a Go service over the bindings, driven over real HTTP.
  cd ../../examples/go-server && go test -race -count=1 ./...
) || status=$?
exit "$status"
