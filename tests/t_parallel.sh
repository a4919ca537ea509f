# The full build on several threads, and rebuilds that reuse the previous
# output (issue 11).  For the guide and tests/books/second:
#   - -j 1 and -j 4 give the same bytes, every file of the site and the
#     EPUB (SOURCE_DATE_EPOCH fixed);
#   - a rebuild into the same OUT gives the same bytes again, and the files
#     that did not change are the previous build's own (hard links: the
#     same inode), so a rebuild pays no new inode for them;
#   - a file that changed gets a new inode, and the previous build's file
#     keeps its bytes: folio never writes into a file a rebuild links.
# Sourced by tests/run.sh: uses ROOT, FOLIO, TMP, pass and fail.

if [ ! -x "$FOLIO" ]; then
	fail "parallel: $FOLIO exists" "not built? run: make folio"
	return 0
fi

pl_dir=$TMP/parallel
mkdir -p "$pl_dir"
export SOURCE_DATE_EPOCH=1700000000

# pl_same NAME A B: OUT folders A and B hold the same site, byte for byte,
# and the same EPUB behind OUT/<book>.epub
pl_same() {
	local name=$1 a=$2 b=$3 d
	if d=$(diff -r "$a/site" "$b/site" 2>&1) && [ -n "$(ls "$a"/*.epub 2>/dev/null)" ] &&
		cmp "$(ls "$a"/*.epub | head -n 1)" "$b/$(basename "$(ls "$a"/*.epub | head -n 1)")" >/dev/null 2>&1; then
		pass "$name"
	else
		fail "$name" "$(printf '%s\n' "$d" | head -n 20)"
	fi
}

# pl_inode FILE: its inode number
pl_inode() { stat -c %i "$1" 2>/dev/null; }

for pl_book in "$ROOT/content" "$ROOT/tests/books/second"; do
	pl_name=$(basename "$pl_book")
	[ "$pl_name" = content ] && pl_name=guide
	pl_o1=$pl_dir/$pl_name-j1 pl_o4=$pl_dir/$pl_name-j4
	if ! "$FOLIO" build "$pl_book" -o "$pl_o1" -j 1 >/dev/null 2>"$pl_dir/err" ||
		! "$FOLIO" build "$pl_book" -o "$pl_o4" -j 4 >/dev/null 2>>"$pl_dir/err"; then
		fail "parallel $pl_name: builds with -j 1 and -j 4" "$(head -n 10 "$pl_dir/err")"
		continue
	fi
	pl_count=$(find "$pl_o1/site" -type f | wc -l)
	pl_same "parallel $pl_name: -j 1 and -j 4 give the same $pl_count files, EPUB included" "$pl_o1" "$pl_o4"
	if [ "$pl_name" = guide ]; then # -j4 and --jobs 4 spelt as make takes them
		if "$FOLIO" build "$pl_book" -o "$pl_dir/j4" -j4 >/dev/null 2>"$pl_dir/err" &&
			"$FOLIO" build "$pl_book" -o "$pl_dir/jobs4" --jobs 4 >/dev/null 2>>"$pl_dir/err"; then
			pl_same "parallel: -j4 and --jobs 4 are -j 4" "$pl_o1" "$pl_dir/j4"
		else
			fail "parallel: -j4 and --jobs 4 are -j 4" "$(head -n 3 "$pl_dir/err")"
		fi
		"$FOLIO" build "$pl_book" -o "$pl_dir/jx" -jx >/dev/null 2>"$pl_dir/err"
		pl_rc=$?
		if [ "$pl_rc" = 2 ] && grep -q "bad number of jobs 'x'" "$pl_dir/err" && [ ! -e "$pl_dir/jx" ]; then
			pass "parallel: -jx is a usage error (exit 2, nothing written)"
		else
			fail "parallel: -jx is a usage error (exit 2, nothing written)" "exit $pl_rc: $(head -n 1 "$pl_dir/err")"
		fi
	fi

	# a rebuild into the same OUT: the same bytes, unchanged files linked
	pl_page=$(cd "$pl_o4/site" && ls ./*.html | grep -v -e index.html -e 404.html -e search.html | head -n 1)
	pl_css=$(cd "$pl_o4/site" && find assets -name '*.css' | head -n 1)
	pl_i_index=$(pl_inode "$pl_o4/site/index.html") pl_i_page=$(pl_inode "$pl_o4/site/$pl_page")
	pl_i_css=$(pl_inode "$pl_o4/site/$pl_css")
	if ! "$FOLIO" build "$pl_book" -o "$pl_o4" -j 4 >/dev/null 2>"$pl_dir/err"; then
		fail "parallel $pl_name: a rebuild into the same OUT" "$(head -n 10 "$pl_dir/err")"
		continue
	fi
	pl_same "parallel $pl_name: a rebuild into the same OUT gives the same bytes" "$pl_o1" "$pl_o4"
	if [ -n "$pl_i_index" ] && [ "$(pl_inode "$pl_o4/site/index.html")" = "$pl_i_index" ] &&
		[ "$(pl_inode "$pl_o4/site/$pl_page")" = "$pl_i_page" ] &&
		[ "$(pl_inode "$pl_o4/site/$pl_css")" = "$pl_i_css" ]; then
		pass "parallel $pl_name: unchanged pages and theme files are the previous build's (same inode)"
	else
		fail "parallel $pl_name: unchanged pages and theme files are the previous build's (same inode)" \
			"index.html $pl_i_index -> $(pl_inode "$pl_o4/site/index.html"), $pl_page $pl_i_page -> $(pl_inode "$pl_o4/site/$pl_page"), $pl_css $pl_i_css -> $(pl_inode "$pl_o4/site/$pl_css")"
	fi
done

# A changed chapter: its page is a new file; the previous build's page,
# held here by a link of our own, keeps its bytes.
pl_src=$pl_dir/src
rm -rf "$pl_src" && cp -R "$ROOT/tests/books/second" "$pl_src"
pl_out=$pl_dir/changed
if "$FOLIO" build "$pl_src" -o "$pl_out" >/dev/null 2>"$pl_dir/err"; then
	pl_md=$(cd "$pl_src" && find . -name '*.md' ! -name index.md | LC_ALL=C sort | head -n 1)
	# the page of that chapter: the one whose text changes below
	printf '\nA sentence added by t_parallel.\n' >>"$pl_src/$pl_md"
	pl_before=$(cd "$pl_out/site" && sha256sum ./*.html | LC_ALL=C sort)
	mkdir -p "$pl_dir/kept"
	for f in "$pl_out"/site/*.html; do ln "$f" "$pl_dir/kept/$(basename "$f")"; done
	if "$FOLIO" build "$pl_src" -o "$pl_out" >/dev/null 2>"$pl_dir/err"; then
		pl_kept=$(cd "$pl_dir/kept" && sha256sum ./*.html | LC_ALL=C sort)
		pl_changed=$(grep -l 'A sentence added by t_parallel' "$pl_out"/site/*.html | head -n 1)
		if [ "$pl_kept" = "$pl_before" ] && [ -n "$pl_changed" ] &&
			! grep -q 'A sentence added by t_parallel' "$pl_dir/kept/$(basename "$pl_changed")" &&
			[ "$(pl_inode "$pl_changed")" != "$(pl_inode "$pl_dir/kept/$(basename "$pl_changed")")" ]; then
			pass "parallel: a changed page is a new file; the previous build's files keep their bytes"
		else
			fail "parallel: a changed page is a new file; the previous build's files keep their bytes" \
				"changed page: ${pl_changed:-none}
$(diff <(echo "$pl_before") <(echo "$pl_kept") | head -n 10)"
		fi
	else
		fail "parallel: the rebuild after an edit" "$(head -n 10 "$pl_dir/err")"
	fi
else
	fail "parallel: the second book builds" "$(head -n 10 "$pl_dir/err")"
fi
unset SOURCE_DATE_EPOCH
