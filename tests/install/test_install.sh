#!/usr/bin/env bash
# Build libsnmpx in a scratch directory configured for the default prefix
# (/usr/local), install it with `cmake --install --prefix P` under a
# scratch prefix P, then build consumers against the installed copy:
# examples/get.c and a small program of our own (an OID parsed, BER-encoded,
# decoded and formatted back; snmpx_strerror of a code), with pkg-config
# (PKG_CONFIG_PATH=P/lib/pkgconfig; shared, run with LD_LIBRARY_PATH, and
# static) and with CMake's find_package(snmpx) (CMAKE_PREFIX_PATH=P).  Each
# binary must run, so compiling, linking and loading are proven.  Also:
# snmpx.pc names P (not the configure-time prefix), a DESTDIR install names
# the final prefix, LICENSE is installed, and the shared library exports
# only the public API.
set -euo pipefail
src=${SNMPX_SRC:?}
tmp=$(mktemp -d /tmp/snmpx-install.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# No CMAKE_INSTALL_PREFIX here: the prefix is given at install time only.
cmake -S "$src" -B "$tmp/build" -DBUILD_TESTING=OFF -DSNMPX_BUILD_TOOLS=OFF \
  -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$tmp/build" -j2 >/dev/null
prefix=$tmp/prefix
cmake --install "$tmp/build" --prefix "$prefix" >/dev/null

libdir=$(ls -d "$prefix"/lib*/ | head -n 1)
libdir=${libdir%/}
export PKG_CONFIG_PATH=$libdir/pkgconfig
test -f "$libdir/libsnmpx.a"
test -f "$libdir/libsnmpx.so"
test -f "$prefix/include/snmpx/snmpx.h"
grep -qx "prefix=$prefix" "$libdir/pkgconfig/snmpx.pc" ||
  fail "snmpx.pc does not name the install prefix $prefix: $(head -n 3 \
    "$libdir/pkgconfig/snmpx.pc" | tr '\n' ' ')"
[ "$(pkg-config --variable=includedir snmpx)" = "$prefix/include" ] ||
  fail "pkg-config includedir: $(pkg-config --variable=includedir snmpx)"
echo "ok   snmpx.pc names the --prefix given to cmake --install"

# The licence travels with the library.
grep -q '^MIT License$' "$prefix/share/doc/snmpx/LICENSE" ||
  fail "LICENSE not installed in $prefix/share/doc/snmpx"
grep -q 'Copyright (c) 2026 the snmpx authors' "$src/LICENSE" ||
  fail "LICENSE lacks its copyright line"
grep -q '(LICENSE)' "$src/README.md" || fail "README.md does not mention LICENSE"
echo "ok   LICENSE (MIT) installed and named in README.md"

# A staged install (DESTDIR) names the final prefix, not the staging dir.
DESTDIR=$tmp/stage cmake --install "$tmp/build" --prefix /opt/snmpx >/dev/null
stagedpc=$(ls "$tmp"/stage/opt/snmpx/lib*/pkgconfig/snmpx.pc)
grep -qx "prefix=/opt/snmpx" "$stagedpc" ||
  fail "DESTDIR install: $(head -n 1 "$stagedpc")"
echo "ok   DESTDIR install names the final prefix"

# A consumer of our own: round-trips an OID through BER and the text form,
# and names an error code.  Prints one known line.
cat >"$tmp/consumer.c" <<'C'
#include <stdio.h>
#include <string.h>

#include <snmpx/snmpx.h>

int main(void)
{
  snmpx_oid in, back;
  char text[64];
  uint8_t buf[64];

  if (snmpx_oid_parse(&in, "1.3.6.1.2.1.1.5.0") != 0)
    return 1;
  snmpx_ber_writer w;
  snmpx_ber_writer_init(&w, buf, sizeof(buf));
  snmpx_ber_write_oid(&w, snmpx_oid_view(&in));
  if (w.err != 0)
    return 2;
  snmpx_ber_reader r;
  snmpx_ber_reader_init(&r, snmpx_ber_writer_data(&w), w.used);
  uint8_t tag;
  snmpx_ber_view body;
  if (snmpx_ber_read_tlv(&r, &tag, &body) != 0 || tag != 0x06)
    return 3;
  int n = snmpx_ber_decode_oid(body, back.arcs, SNMPX_OID_MAX_LEN);
  if (n < 0)
    return 4;
  back.len = (size_t)n;
  if (snmpx_oid_format(snmpx_oid_view(&back), text, sizeof(text)) < 0)
    return 5;
  printf("%s %s\n", text, snmpx_strerror(SNMPX_ENOMEM));
  return 0;
}
C
cat >"$tmp/consumer.want" <<'W'
.1.3.6.1.2.1.1.5.0 out of memory
W

cc -std=c11 -Wall -Werror "$src/examples/get.c" \
  $(pkg-config --cflags --libs snmpx) -o "$tmp/get-shared"
cc -std=c11 -Wall -Werror "$tmp/consumer.c" \
  $(pkg-config --cflags --libs snmpx) -o "$tmp/consumer-shared"
cc -std=c11 -Wall -Werror "$src/examples/get.c" \
  $(pkg-config --cflags snmpx) "$libdir/libsnmpx.a" \
  $(pkg-config --libs-only-l --static snmpx | sed 's/-lsnmpx//') \
  -o "$tmp/get-static"

mkdir -p "$tmp/cmake-consumer"
cp "$tmp/consumer.c" "$tmp/cmake-consumer/"
cat > "$tmp/cmake-consumer/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.20)
project(consumer C)
find_package(snmpx REQUIRED)
add_executable(get "$src/examples/get.c")
target_link_libraries(get PRIVATE snmpx::snmpx)
add_executable(consumer consumer.c)
target_link_libraries(consumer PRIVATE snmpx::snmpx)
CMAKE
cmake -S "$tmp/cmake-consumer" -B "$tmp/cmake-consumer/build" \
  -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$tmp/cmake-consumer/build" >/dev/null

# The pkg-config binaries have no rpath: the installed library is found
# through LD_LIBRARY_PATH, as a user of a private prefix would.
for exe in "$tmp/get-shared" "$tmp/get-static" \
           "$tmp/cmake-consumer/build/get"; do
  set +e
  out=$(LD_LIBRARY_PATH=$libdir "$exe" 2>&1)
  rc=$?
  set -e
  if [ $rc -ne 1 ] || [[ "$out" != usage:* ]]; then
    fail "$exe: rc=$rc: $out"
  fi
  echo "ok   ${exe#"$tmp"/} links and runs"
done
for exe in "$tmp/consumer-shared" "$tmp/cmake-consumer/build/consumer"; do
  LD_LIBRARY_PATH=$libdir "$exe" >"$tmp/consumer.got" 2>&1 ||
    fail "$exe: exit $?: $(cat "$tmp/consumer.got")"
  cmp -s "$tmp/consumer.want" "$tmp/consumer.got" ||
    fail "$exe printed: $(cat "$tmp/consumer.got")"
  echo "ok   ${exe#"$tmp"/} round-trips an OID through the installed library"
done
# The library the pkg-config consumer loaded is the installed one.
loaded=$(LD_LIBRARY_PATH=$libdir ldd "$tmp/consumer-shared")
[[ "$loaded" == *"=> $libdir/libsnmpx.so"* ]] ||
  fail "consumer-shared does not load $libdir/libsnmpx.so: $loaded"

# The shared library exports only the public API.
bad=$(nm -D --defined-only "$libdir/libsnmpx.so" | awk '$2 ~ /[TDBR]/ {print $3}' \
  | grep -v -E '^snmpx_[a-z]' || true)
bad="$bad$(nm -D --defined-only "$libdir/libsnmpx.so" | awk '{print $3}' | grep snmpx__ || true)"
if [ -n "$bad" ]; then
  echo "FAIL: symbols outside the public API are exported:"; echo "$bad"
  exit 1
fi
echo "ok   only snmpx_* symbols exported"
