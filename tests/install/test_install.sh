#!/usr/bin/env bash
# Build libsnmpx in a scratch directory, install it under a scratch prefix,
# then build examples/get.c against the installed copy twice: with
# pkg-config (shared and static) and with find_package(snmpx).  Each binary
# runs and answers a usage error, so linking and loading are proven.
set -euo pipefail
src=${SNMPX_SRC:?}
tmp=$(mktemp -d /tmp/snmpx-install.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

cmake -S "$src" -B "$tmp/build" -DBUILD_TESTING=OFF -DSNMPX_BUILD_TOOLS=OFF \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$tmp/prefix" >/dev/null
cmake --build "$tmp/build" -j2 >/dev/null
cmake --install "$tmp/build" >/dev/null

libdir=$(ls -d "$tmp"/prefix/lib*/ | head -n 1)
export PKG_CONFIG_PATH=$libdir/pkgconfig
test -f "$libdir/libsnmpx.a"
test -f "$libdir/libsnmpx.so"
test -f "$tmp/prefix/include/snmpx/snmpx.h"

cc -std=c11 -Wall -Werror "$src/examples/get.c" \
  $(pkg-config --cflags --libs snmpx) -Wl,-rpath,"$libdir" -o "$tmp/get-shared"
cc -std=c11 -Wall -Werror "$src/examples/get.c" \
  $(pkg-config --cflags snmpx) "$libdir/libsnmpx.a" \
  $(pkg-config --libs-only-l --static snmpx | sed 's/-lsnmpx//') \
  -o "$tmp/get-static"

mkdir -p "$tmp/consumer"
cat > "$tmp/consumer/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.20)
project(consumer C)
find_package(snmpx REQUIRED)
add_executable(get "$src/examples/get.c")
target_link_libraries(get PRIVATE snmpx::snmpx)
CMAKE
cmake -S "$tmp/consumer" -B "$tmp/consumer/build" \
  -DCMAKE_PREFIX_PATH="$tmp/prefix" >/dev/null
cmake --build "$tmp/consumer/build" >/dev/null

for exe in "$tmp/get-shared" "$tmp/get-static" "$tmp/consumer/build/get"; do
  set +e
  out=$("$exe" 2>&1)
  rc=$?
  set -e
  if [ $rc -ne 1 ] || [[ "$out" != usage:* ]]; then
    echo "FAIL: $exe: rc=$rc: $out"
    exit 1
  fi
  echo "ok   $(basename "$exe") links and runs"
done
# The shared library exports only the public API.
bad=$(nm -D --defined-only "$libdir/libsnmpx.so" | awk '$2 ~ /[TDBR]/ {print $3}' \
  | grep -v -E '^snmpx_[a-z]' || true)
bad="$bad$(nm -D --defined-only "$libdir/libsnmpx.so" | awk '{print $3}' | grep snmpx__ || true)"
if [ -n "$bad" ]; then
  echo "FAIL: symbols outside the public API are exported:"; echo "$bad"
  exit 1
fi
echo "ok   only snmpx_* symbols exported"
