# tests/lib.sh - helpers shared by the test plugins that build tiny books,
# break them and check what folio says (t_errors, t_blocks, t_hostile).
# Sourced by a plugin: uses ROOT, FOLIO, pass and fail from tests/run.sh.
#
# The error-case pattern: CASE/book is a good book; it is built into
# CASE/out, broken by a shell command, rebuilt into the same CASE/out, and
# must then exit 1 with a diagnostic at the exact position and leave
# CASE/out byte-for-byte as it was.

# lib_snap DIR: the file set and every file's sha256.  Stale .folio-tmp-*
# folders of killed builds are not part of the published output (and
# lib_check_failed reports them on their own).
lib_snap() {
	(cd "$1" 2>/dev/null && find . -path './.folio-tmp-*' -prune -o -print | LC_ALL=C sort &&
		find . -path './.folio-tmp-*' -prune -o -type f -exec sha256sum {} + | LC_ALL=C sort)
}

# lib_png FILE: a valid 1x1 PNG (parent folders created)
lib_png() {
	mkdir -p "$(dirname "$1")"
	python3 "$ROOT/tests/tiny_png.py" >"$1"
}

# lib_line FILE PREFIX: the first line of FILE that starts with PREFIX
lib_line() {
	awk -v p="$2" 'index($0, p) == 1 { print; exit }' "$1"
}

# lib_build_good NAME CASE: build CASE/book into CASE/out; returns 0 if it
# worked, else reports NAME as failed (nothing was tested) and returns 1.
lib_build_good() {
	local name=$1 case=$2 rc
	"$FOLIO" build "$case/book" -o "$case/out" >"$case/good.out" 2>"$case/good.err"
	rc=$?
	if [ "$rc" != 0 ] || [ ! -f "$case/out/site/index.html" ]; then
		fail "$name" "the good version of the book does not build (exit $rc), so nothing was tested:
\$ folio build $case/book -o $case/out
$(head -n 20 "$case/good.err")"
		return 1
	fi
	return 0
}

# lib_check_failed NAME CASE RC ERRFILE PREFIX KEYWORD BEFORE WHAT [ALSO...]
#   The assertions after a build that must fail: exit status exactly 1; a
#   line of ERRFILE starting with PREFIX (e.g. `c/book/a.md:5:17: error:`)
#   that contains KEYWORD (case-insensitive; empty: any); each ALSO string
#   somewhere in ERRFILE; CASE/out unchanged against the snapshot BEFORE;
#   no temporary folder left in CASE/out.  WHAT describes the breakage.
lib_check_failed() {
	local name=$1 case=$2 rc=$3 err=$4 prefix=$5 kw=$6 before=$7 what=$8 problems="" line s after
	shift 8
	[ "$rc" = 1 ] || problems="$problems
exit status $rc, want exactly 1"
	line=$(lib_line "$err" "$prefix")
	if [ -z "$line" ]; then
		problems="$problems
no diagnostic starting with '$prefix'"
	elif [ -n "$kw" ] && ! grep -qiF -- "$kw" <<<"$line"; then
		problems="$problems
the diagnostic lacks the keyword '$kw': $line"
	fi
	for s in "$@"; do
		grep -qF -- "$s" "$err" || problems="$problems
stderr does not mention '$s'"
	done
	after=$(lib_snap "$case/out")
	if [ "$before" != "$after" ]; then
		problems="$problems
the failed build changed $case/out:
$(diff <(echo "$before") <(echo "$after") | head -n 20)"
	fi
	if compgen -G "$case/out/.folio-tmp-*" >/dev/null; then
		problems="$problems
a temporary folder was left in $case/out"
	fi
	if [ -z "$problems" ]; then
		pass "$name"
	else
		fail "$name" "\$ folio build $case/book -o $case/out   (after: $what)${problems}
stderr:
$(head -n 20 "$err")"
	fi
}

# lib_error_case NAME CASE PREFIX KEYWORD BREAK [ALSO...]
#   Build the good CASE/book into CASE/out, run the shell command BREAK,
#   rebuild into CASE/out and check it with lib_check_failed.
lib_error_case() {
	local name=$1 case=$2 prefix=$3 kw=$4 brk=$5 rc before
	shift 5
	lib_build_good "$name" "$case" || return
	before=$(lib_snap "$case/out")
	eval "$brk"
	"$FOLIO" build "$case/book" -o "$case/out" >"$case/bad.out" 2>"$case/bad.err"
	rc=$?
	lib_check_failed "$name" "$case" "$rc" "$case/bad.err" "$prefix" "$kw" "$before" "$brk" "$@"
}
