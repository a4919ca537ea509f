# Unit tests of folio's pieces (tests/unit.c): buffer, escapers, slugs, paths, front matter, image sizes.
unit_bin="$TMP/unit"
if ${CC:-cc} -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -Werror -g $CFLAGS_EXTRA \
	-I"$ROOT/generator" -o "$unit_bin" "$ROOT/tests/unit.c" "$ROOT/generator/libfolio.a" \
	$(make -s -C "$ROOT" print-libs) 2>"$TMP/unit.err"; then
	"$unit_bin" >"$TMP/unit.out" 2>&1
	while IFS= read -r line; do
		case $line in
		"ok   "*) pass "unit: ${line#ok   }" ;;
		"FAIL "*) fail "unit: ${line#FAIL }" "$(grep -A2 -F "$line" "$TMP/unit.out" | tail -n 2)" ;;
		esac
	done <"$TMP/unit.out"
	grep -q ' passed, 0 failed$' "$TMP/unit.out" || grep -q '^FAIL' "$TMP/unit.out" ||
		fail "unit: runner finished" "$(tail -n 5 "$TMP/unit.out")"
else
	fail "unit: compile tests/unit.c" "$(cat "$TMP/unit.err")"
fi
