#!/bin/sh
# make bench: build the reference corpus (../shared/bench/gen_corpus.py) with
# folio and, when installed, with Hugo (the peer set-up in ../shared/bench),
# and print wall time and peak memory.  Figures, not pass/fail: compare
# ratios measured in one run (the machine is noisy).
#   BENCH_SIZES="10 1000 10000" (default)   BENCH_JOBS=N (folio -j)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${FOLIO_SHARED:-$root/../shared}
folio=$root/generator/folio
sizes=${BENCH_SIZES:-"10 1000 10000"}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

if [ ! -f "$shared/bench/gen_corpus.py" ]; then
	echo "bench: $shared/bench/gen_corpus.py not found (set FOLIO_SHARED)" >&2
	exit 1
fi
command -v /usr/bin/time >/dev/null 2>&1 || { echo "bench: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }

# run CMD...: prints "seconds peak-MB"
measure() {
	/usr/bin/time -f '%e %M' -o "$tmp/time" "$@" >"$tmp/out" 2>"$tmp/err" || {
		echo "bench: failed: $*" >&2
		tail -n 20 "$tmp/err" >&2
		exit 1
	}
	awk '{ printf "%.2f s %6.0f MB", $1, $2 / 1024 }' "$tmp/time"
}

printf '%-10s %-26s %-26s %s\n' chapters "folio (site + EPUB)" "Hugo (site only)" "output"
for n in $sizes; do
	book=$tmp/book-$n
	python3 "$shared/bench/gen_corpus.py" "$n" "$book" >/dev/null
	printf 'title: Benchmark book %s\nlanguage: en\n' "$n" >"$book/book.yaml"
	f=$(measure "$folio" build "$book" -o "$tmp/out-$n" ${BENCH_JOBS:+-j "$BENCH_JOBS"})
	size=$(du -sk "$tmp/out-$n/site" | awk '{ printf "%.1f MB site", $1 / 1024 }')
	epub=$(ls -l "$tmp/out-$n"/*.epub | awk '{ printf "%.1f MB EPUB", $5 / 1048576 }')
	h="(hugo not installed)"
	if command -v hugo >/dev/null 2>&1 && [ -d "$shared/bench/hugo-site" ]; then
		hs=$tmp/hugo-$n
		mkdir -p "$hs"
		cp -r "$shared/bench/hugo-site/." "$hs"
		chmod -R u+w "$hs"
		python3 "$shared/bench/gen_corpus.py" "$n" "$hs/content/chapters" --hugo >/dev/null
		h=$(measure hugo --quiet -s "$hs" -d "$hs/public")
	fi
	printf '%-10s %-26s %-26s %s, %s\n' "$n" "$f" "$h" "$size" "$epub"
	rm -rf "$book" "$tmp/out-$n" "$tmp/hugo-$n"
done
echo "(2 cores; reference in ../shared/bench/README.md: Hugo 0.55 s / 161 MB at 1,000 and 6.7 s / 1.1 GB at 10,000 chapters)"
