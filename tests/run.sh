#!/usr/bin/env bash
# folio's test runner.  Usage:
#   bash tests/run.sh [PATTERN...]     (`sh tests/run.sh` works too: it re-runs itself with bash)
# Runs every tests/t_*.sh plugin in sorted order, or only those whose name
# contains one of the PATTERNs (`bash tests/run.sh site` runs t_*site*.sh).
# Each plugin runs in its own bash process, so a plugin that exits, dies or
# hangs is reported as a failure and the run goes on.
# Prints `ok   NAME` / `FAIL NAME` (+ indented details) per check, and ends
# with exactly `N passed, N failed`; exits 1 if anything failed.
#
# A plugin gets (exported): ROOT, FOLIO, TMP (a fresh empty folder of its
# own, removed at the end), VNU_JAR, and the functions `pass NAME` and
# `fail NAME DETAILS...`.  Environment overrides: FOLIO (binary under test),
# FOLIO_TEST_TIMEOUT (seconds per plugin, default 900), KEEP_TMP=1 (keep the
# temporary folder and print where it is).

# Not bash (e.g. `sh tests/run.sh` with dash)?  Re-run with bash.  Only
# POSIX syntax above this line.
if [ -z "${BASH_VERSION:-}" ]; then
	exec bash "$0" "$@"
fi

set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FOLIO=${FOLIO:-$ROOT/generator/folio}
VNU_JAR=${VNU_JAR:-$ROOT/tests/node/node_modules/vnu-jar/build/dist/vnu.jar}
RUN_TMP=$(mktemp -d "${TMPDIR:-/tmp}/folio-tests.XXXXXX") || {
	echo "run.sh: cannot create a temporary folder" >&2
	exit 1
}
RESULTS=$RUN_TMP/.results
: >"$RESULTS"

cleanup() {
	if [ "${KEEP_TMP:-0}" = 1 ]; then
		echo "(temporary files kept in $RUN_TMP)"
	else
		rm -rf "$RUN_TMP"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# pass NAME
pass() {
	printf 'ok   %s\n' "$1"
	printf 'ok\t%s\n' "$1" >>"$RESULTS"
}

# fail NAME DETAILS...: details (any number of lines) are printed indented
fail() {
	local name=$1
	shift
	printf 'FAIL %s\n' "$name"
	if [ $# -gt 0 ] && [ -n "$*" ]; then
		printf '%s\n' "$*" | sed 's/^/      /'
	fi
	printf 'FAIL\t%s\n' "$name" >>"$RESULTS"
}

# The plugins' Python checkers import each other (check_site.py): no
# __pycache__ may be written into the repository's tests/ folder.
PYTHONDONTWRITEBYTECODE=1
export ROOT FOLIO VNU_JAR RESULTS PYTHONDONTWRITEBYTECODE
export -f pass fail

# The plugins to run
plugins=()
mapfile -t all_plugins < <(printf '%s\n' "$ROOT"/tests/t_*.sh | LC_ALL=C sort)
for f in "${all_plugins[@]}"; do
	[ -f "$f" ] || continue
	name=$(basename "$f" .sh)
	if [ $# -gt 0 ]; then
		match=0
		for pat in "$@"; do
			case $name in *"$pat"*) match=1 ;; esac
		done
		[ "$match" = 1 ] || continue
	fi
	plugins+=("$f")
done

if [ ${#plugins[@]} -eq 0 ]; then
	fail "run.sh: select test plugins" "no tests/t_*.sh matches: $*"
fi

for plugin in "${plugins[@]}"; do
	name=$(basename "$plugin")
	TMP=$RUN_TMP/${name%.sh}
	mkdir -p "$TMP"
	before=$(wc -l <"$RESULTS")
	started=$SECONDS
	# The plugin is sourced in a child bash, from the repository root; it
	# must reach its last line (a marker proves it): an `exit`, a crash of
	# the shell or a timeout inside it is a failure.
	(
		# shellcheck disable=SC2016 # $1 and $2 expand in the child bash
		cd "$ROOT" &&
			TMP=$TMP timeout -k 10 "${FOLIO_TEST_TIMEOUT:-900}" \
				bash -c 'readonly folio_test_marker=$2; . "$1" </dev/null; echo "$1" >"$folio_test_marker"' \
					folio-test "$plugin" "$RUN_TMP/.finished-$name"
	)
	rc=$?
	after=$(wc -l <"$RESULTS")
	if [ ! -f "$RUN_TMP/.finished-$name" ] || [ "$rc" -ne 0 ]; then
		if [ "$rc" -ge 124 ] && [ $((SECONDS - started)) -ge "${FOLIO_TEST_TIMEOUT:-900}" ]; then
			why="timed out after ${FOLIO_TEST_TIMEOUT:-900} s"
		elif [ "$rc" -gt 128 ]; then
			why="was killed by signal $((rc - 128))"
		elif [ "$rc" = 0 ]; then
			why="stopped before its end (exit 0 from inside the plugin?)"
		else
			why="exited with status $rc before its end"
		fi
		fail "$name: plugin ran to completion" "tests/$name $why"
	elif [ "$after" -eq "$before" ]; then
		fail "$name: plugin ran to completion" "tests/$name reported no results"
	fi
done

npass=$(grep -c '^ok	' "$RESULTS")
nfail=$(grep -c '^FAIL	' "$RESULTS")
echo "$npass passed, $nfail failed"
[ "$nfail" -eq 0 ]
