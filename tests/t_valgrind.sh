# The guide, the second test book and a failing build under valgrind: no
# leak (definite, indirect or possible), no invalid access, no use of
# uninitialised memory.  Sourced by tests/run.sh: uses ROOT, FOLIO, TMP,
# pass and fail.  Skipped with a failure when valgrind is missing (make
# test-deps installs it).

vg_dir=$TMP/valgrind
mkdir -p "$vg_dir"
if ! command -v valgrind >/dev/null; then
	fail "valgrind: installed" "no valgrind: apt-get install valgrind (make test-deps)"
elif [ ! -x "$FOLIO" ]; then
	fail "valgrind: $FOLIO exists" "not built? run: make folio"
elif grep -q __asan_init "$FOLIO" 2>/dev/null; then
	# make asan: an AddressSanitizer binary cannot run under valgrind, so
	# the same builds run under the sanitizers (leaks included) instead;
	# `make test` runs them under valgrind on the plain binary.
	as_run() {
		local name="sanitizers: $1" want=$2 rc
		shift 2
		ASAN_OPTIONS=detect_leaks=1:exitcode=99 UBSAN_OPTIONS=halt_on_error=1:exitcode=99 \
			"$FOLIO" "$@" >/dev/null 2>"$vg_dir/err"
		rc=$?
		if [ "$rc" = "$want" ] && ! grep -q 'Sanitizer' "$vg_dir/err"; then
			pass "$name"
		else
			fail "$name" "exit $rc (want $want; 99 = sanitizer report)
$(head -n 40 "$vg_dir/err")"
		fi
	}
	as_run "a guide build is clean" 0 build "$ROOT/content" -o "$vg_dir/guide"
	as_run "the second test book's build is clean" 0 build "$ROOT/tests/books/second" -o "$vg_dir/second"
	as_run "folio check is clean" 0 check "$ROOT/content"
else
	# vg_run NAME WANT_RC ARGS...: folio ARGS under valgrind (error status 99)
	vg_run() {
		local name="valgrind: $1" want=$2 rc
		shift 2
		valgrind -q --suppressions="$ROOT/tests/valgrind.supp" --leak-check=full --show-leak-kinds=definite,indirect,possible \
			--errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \
			--log-file="$vg_dir/log" "$FOLIO" "$@" >/dev/null 2>"$vg_dir/err"
		rc=$?
		if [ "$rc" = "$want" ] && [ ! -s "$vg_dir/log" ]; then
			pass "$name"
		else
			fail "$name" "exit $rc (want $want; 99 = valgrind found errors)
$(head -n 40 "$vg_dir/log")
$(head -n 5 "$vg_dir/err")"
		fi
	}
	vg_run "a guide build is clean" 0 build "$ROOT/content" -o "$vg_dir/guide"
	if [ -d "$ROOT/tests/books/second" ]; then
		vg_run "the second test book's build is clean" 0 build "$ROOT/tests/books/second" -o "$vg_dir/second"
	fi
	# a build that fails in every stage: front matter, blocks, links, images
	mkdir -p "$vg_dir/bad/sub"
	printf 'title: Broken\nlanguage: "not a tag"\ntittle: x\n' >"$vg_dir/bad/book.yaml"
	# shellcheck disable=SC2016 # Markdown backticks, not command substitution
	printf -- '---\ntitle: [a, b]\norder: abc\n---\n\n[x](missing.md#frag) ![](nope.png) [y](b.md#nope)\n\n```faq\n- q: Q\n```\n\n```imagemap\ntitle: M\ndescription: D\nimage: none.svg\nwidth: 1\nheight: 1\nregions:\n  - label: L\n    shape: rect 0 0 1 1\n    link: gone.md#x\n```\n' >"$vg_dir/bad/a.md"
	# shellcheck disable=SC2016
	printf -- '---\ntitle: B\n---\n\n```steps\nname: &a S\nsteps: [*a]\n```\n\n<div>raw</div>\n' >"$vg_dir/bad/b.md"
	printf -- '---\ntitle: "unclosed\n---\n' >"$vg_dir/bad/sub/c.md"
	vg_run "a failing build is clean (every error path)" 1 build "$vg_dir/bad" -o "$vg_dir/bad-out"
	vg_run "folio check is clean" 0 check "$ROOT/content"
	unset -f vg_run
fi
unset vg_dir
