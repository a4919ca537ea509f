#!/bin/sh
# make bench: the targets of issue 11, measured in one run with the peers.
# Installs the peers from Debian when missing (as root: hugo, pandoc,
# cmark-gfm, time), then runs tests/bench/bench.py, which writes the corpora
# (../shared/bench/gen_corpus.py: 10, 1,000 and 10,000 chapters) into a
# temporary folder, alternates folio with Hugo and the cmark-gfm CLI, times
# the guide's full build and folio serve's edit -> served loop
# (tests/bench/editloop.py), and prints one table: medians, ratios, targets.
# Figures, not pass/fail: a missed target never fails; a peer that cannot be
# installed is skipped with a note.  See the variables in tests/bench/bench.py:
#   BENCH_QUICK=1 (10 and 1,000 chapters, fewer runs)  BENCH_RUNS  BENCH_RUNS_10K
#   BENCH_GUIDE_RUNS  BENCH_EDITS  BENCH_PANDOC_RUNS  BENCH_JOBS  BENCH_NO_INSTALL=1
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${FOLIO_SHARED:-$root/../shared}

if [ ! -f "$shared/bench/gen_corpus.py" ]; then
	echo "bench: $shared/bench/gen_corpus.py not found (set FOLIO_SHARED)" >&2
	exit 1
fi
if ! command -v python3 >/dev/null 2>&1; then
	echo "bench: needs python3" >&2
	exit 1
fi
if [ ! -x "$root/generator/folio" ]; then
	echo "bench: $root/generator/folio not built (make folio)" >&2
	exit 1
fi

# The peers: install what is missing, once; skip (with a note) what cannot be.
missing=""
command -v hugo >/dev/null 2>&1 || missing="$missing hugo"
command -v pandoc >/dev/null 2>&1 || missing="$missing pandoc"
command -v cmark-gfm >/dev/null 2>&1 || missing="$missing cmark-gfm"
[ -x /usr/bin/time ] || missing="$missing time"
if [ -n "$missing" ] && [ -z "${BENCH_NO_INSTALL:-}" ]; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "bench: installing$missing (apt-get)" >&2
		export DEBIAN_FRONTEND=noninteractive
		apt_install() { apt-get install -y --no-install-recommends "$@" >/dev/null 2>&1; }
		# shellcheck disable=SC2086
		if ! apt_install $missing; then
			apt-get update >/dev/null 2>&1 || true
			if ! apt_install $missing; then
				for p in $missing; do
					apt_install "$p" || echo "bench: note: could not install $p; its rows are skipped" >&2
				done
			fi
		fi
	else
		echo "bench: note:$missing missing and not installable here (needs root and apt-get); their rows are skipped" >&2
	fi
fi

tmp=$(mktemp -d)
bench_pid=""
cleanup() {
	# On an interrupted run: stop bench.py (which stops editloop.py, which
	# stops its server), then the server itself if it was left behind.
	if [ -n "$bench_pid" ] && kill -0 "$bench_pid" 2>/dev/null; then
		kill -TERM "$bench_pid" 2>/dev/null || true
		wait "$bench_pid" 2>/dev/null || true
	fi
	if [ -s "$tmp/serve.pid" ]; then
		kill -TERM "$(cat "$tmp/serve.pid")" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'cleanup; trap - EXIT; exit 130' INT TERM

# In the background and waited for, so that the traps run at once.
python3 "$root/tests/bench/bench.py" "$root" "$shared" "$tmp" &
bench_pid=$!
rc=0
wait "$bench_pid" || rc=$?
bench_pid=""
exit "$rc"
