#!/usr/bin/env bash
# make tsan: folio and the unit tests built with ThreadSanitizer (clang),
# then the builds that run threads at once: the unit test that parses 64
# texts on 4 threads, the guide, tests/books/second and a 300-chapter
# corpus with -j 4, each built three times into the same OUT (the second
# build links unchanged files, the third keeps the spare's).  Any ThreadSanitizer report fails.
#
# ThreadSanitizer sees races only in code built with it.  cmark-gfm's
# special-character table (cmark-gfm#221, see parse/markdown.c) lives in
# libcmark-gfm: to check it too, point FOLIO_TSAN_CMARK at a folder holding
# libcmark-gfm.so.* and libcmark-gfm-extensions.so.* built with
# -fsanitize=thread, e.g. from Debian's source:
#   apt-get source cmark-gfm   (needs a deb-src line)
#   cmake -S cmark-gfm-0.29.0.gfm.6 -B b -DCMAKE_C_COMPILER=clang \
#         -DCMAKE_C_FLAGS='-fsanitize=thread -O1 -g' -DCMARK_TESTS=OFF && make -C b
#   FOLIO_TSAN_CMARK="b/src:b/extensions" make tsan
# Ends with `N passed, N failed`; exits 1 when anything failed.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/folio-tsan.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
ok() { echo "ok   $1"; passed=$((passed + 1)); }
bad() { echo "FAIL $1"; shift; printf '%s\n' "$@" | head -n 40 | sed 's/^/      /'; failed=$((failed + 1)); }

if ! command -v clang >/dev/null; then
	bad "tsan: clang installed" "apt-get install clang"
	echo "$passed passed, $failed failed"
	exit 1
fi
# an out-of-tree copy: the worktree's objects stay as they are
mkdir -p "$tmp/src"
(cd "$root" && tar cf - Makefile generator themes) | tar xf - -C "$tmp/src"
find "$tmp/src/generator" \( -name '*.o' -o -name '*.a' \) -delete
rm -f "$tmp/src/generator/folio"
flags="-std=c11 -O1 -g -fno-omit-frame-pointer -fsanitize=thread"
if ! make -s -C "$tmp/src" folio CC=clang CFLAGS="$flags" LDFLAGS="-fsanitize=thread" >"$tmp/build.log" 2>&1; then
	bad "tsan: folio builds with -fsanitize=thread" "$(tail -n 20 "$tmp/build.log")"
	echo "$passed passed, $failed failed"
	exit 1
fi
folio=$tmp/src/generator/folio
# shellcheck disable=SC2046
if ! clang $flags -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -I"$tmp/src/generator" -o "$tmp/unit" \
	"$root/tests/unit.c" "$tmp/src/generator/libfolio.a" $(make -s -C "$tmp/src" print-libs) 2>"$tmp/unit.log"; then
	bad "tsan: the unit tests build" "$(tail -n 20 "$tmp/unit.log")"
fi
export TSAN_OPTIONS="halt_on_error=0 exitcode=66"
if [ -n "${FOLIO_TSAN_CMARK:-}" ]; then
	export LD_LIBRARY_PATH="$FOLIO_TSAN_CMARK${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
	echo "tsan: cmark-gfm from $FOLIO_TSAN_CMARK"
fi

# run NAME CMD...: CMD must exit 0 with no ThreadSanitizer report
run() {
	local name=$1
	shift
	"$@" >"$tmp/out" 2>"$tmp/err"
	local rc=$?
	if [ "$rc" = 0 ] && ! grep -q 'ThreadSanitizer' "$tmp/err" "$tmp/out"; then
		ok "$name"
	else
		bad "$name" "exit $rc" "$(grep -A 30 'WARNING: ThreadSanitizer' "$tmp/err" "$tmp/out" | head -n 40)" \
			"$(tail -n 5 "$tmp/err")"
	fi
}

[ -x "$tmp/unit" ] && run "tsan: unit tests (64 parses on 4 threads among them)" "$tmp/unit"
export SOURCE_DATE_EPOCH=1700000000
books=("$root/content" "$root/tests/books/second")
if [ -f "$root/../shared/bench/gen_corpus.py" ] && command -v python3 >/dev/null; then
	python3 "$root/../shared/bench/gen_corpus.py" 300 "$tmp/corpus" >/dev/null &&
		printf 'title: Corpus\n' >"$tmp/corpus/book.yaml" && books+=("$tmp/corpus")
fi
for b in "${books[@]}"; do
	n=$(basename "$b")
	run "tsan: $n, -j 4" "$folio" build "$b" -o "$tmp/out-$n" -j 4
	run "tsan: $n again into the same OUT, -j 4" "$folio" build "$b" -o "$tmp/out-$n" -j 4
	run "tsan: $n a third time, from the spare, -j 4" "$folio" build "$b" -o "$tmp/out-$n" -j 4
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
