# The Mustache engine (generator/site/template*.c) against the spec vectors in
# tests/mustache-spec/, one result per spec file, plus folio's own checks.
# Sourced by the test runner: uses $ROOT, pass and fail; honours CC and
# CFLAGS_EXTRA (e.g. -fsanitize=address,undefined).
mt_tmp=$(mktemp -d "${TMPDIR:-/tmp}/folio-mustache.XXXXXX")
mt_bin="$mt_tmp/mustache_test"
# shellcheck disable=SC2086 # CFLAGS_EXTRA is a list of flags
if ${CC:-cc} -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -Werror -g $CFLAGS_EXTRA \
	-I"$ROOT/generator" -o "$mt_bin" "$ROOT/tests/mustache_test.c" "$ROOT/generator/libfolio.a" \
	$(make -s -C "$ROOT" print-libs) 2>"$mt_tmp/cc.err"; then
	"$mt_bin" "$ROOT/tests/mustache-spec" >"$mt_tmp/out" 2>&1
	mt_rc=$?
	mt_files=0
	# shellcheck disable=SC2094 # the loop and grep only read the file
	while IFS= read -r mt_line; do
		case $mt_line in
		"file "*": "*" passed, "*" failed")
			mt_files=$((mt_files + 1))
			mt_name=${mt_line#file }
			mt_name=${mt_name%%: *}
			mt_label="mustache spec: $mt_name"
			[ "$mt_name" = folio ] && mt_label="mustache: folio's own checks"
			case $mt_line in
			*" 0 failed") pass "$mt_label" ;;
			*) fail "$mt_label" "$(grep -F "FAIL $mt_name: " "$mt_tmp/out")" ;;
			esac
			;;
		esac
	done <"$mt_tmp/out"
	# a crash, a missing spec folder or an unexplained exit status still fails
	mt_ok=1
	[ "$mt_files" -ge 2 ] || mt_ok=0
	tail -n 1 "$mt_tmp/out" | grep -q '^[0-9]* passed, [0-9]* failed$' || mt_ok=0
	[ "$mt_rc" -eq 0 ] || grep -q '^FAIL ' "$mt_tmp/out" || mt_ok=0
	[ "$mt_ok" = 1 ] || fail "mustache: runner finished" "exit $mt_rc; $(tail -n 5 "$mt_tmp/out")"
else
	fail "mustache: compile tests/mustache_test.c" "$(cat "$mt_tmp/cc.err")"
fi
rm -rf "$mt_tmp"
unset mt_bin mt_tmp mt_rc mt_ok mt_files mt_line mt_name mt_label
