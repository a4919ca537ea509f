# The output folder never eats the book: a SOURCE that is OUT, lies inside
# OUT/site (or another part of OUT a build replaces) is refused before
# anything is written, with exit status 2 and a message naming both
# folders; the book's files stay byte-for-byte as they were and nothing
# new appears beside them.  `build` and `serve` alike.
# Sourced by tests/run.sh: uses FOLIO, TMP, pass and fail.

if [ ! -x "$FOLIO" ]; then
	fail "output: $FOLIO exists" "not built? run: make folio"
	return 0
fi

to_dir=$TMP/output
mkdir -p "$to_dir"
. "$ROOT/tests/lib.sh"

# to_book DIR: a small good book in DIR (two chapters, an image)
to_book() {
	mkdir -p "$1/images"
	printf 'title: Overlap book\n' >"$1/book.yaml"
	printf -- '---\ntitle: Alpha\n---\n\nSee [beta](beta.md).\n\n![a dot](images/dot.png)\n' >"$1/alpha.md"
	printf -- '---\ntitle: Beta\n---\n\nText.\n' >"$1/beta.md"
	lib_png "$1/images/dot.png"
}

# to_refused NAME WORKDIR BOOK CMD...: run CMD in WORKDIR; it must exit 2,
# say "cannot build", leave every file under WORKDIR as it was (the book
# and anything beside it) and create nothing.
to_refused() {
	local name=$1 wd=$2 book=$3 rc before after problems=""
	shift 3
	before=$(lib_snap "$wd")
	(cd "$wd" && timeout 20 "$@") >"$to_dir/out.txt" 2>"$to_dir/err.txt"
	rc=$?
	after=$(lib_snap "$wd")
	[ "$rc" = 2 ] || problems="exit status $rc, want 2"
	grep -q "cannot build" "$to_dir/err.txt" || problems="$problems
no 'cannot build' message"
	[ -f "$wd/$book/alpha.md" ] && [ -f "$wd/$book/images/dot.png" ] || problems="$problems
the book's files are gone"
	[ "$before" = "$after" ] || problems="$problems
files changed under $wd:
$(diff <(echo "$before") <(echo "$after") | head -n 20)"
	if [ -z "$problems" ]; then
		pass "$name"
	else
		fail "$name" "\$ (cd $wd && $*)
${problems#$'\n'}
stderr: $(head -n 5 "$to_dir/err.txt")"
	fi
}

# SOURCE named site/, OUT its parent: OUT/site is the book
rm -rf "$to_dir/a" && mkdir -p "$to_dir/a" && to_book "$to_dir/a/site"
to_refused "output: 'folio build site -o .' is refused, the book kept" "$to_dir/a" site "$FOLIO" build site -o .

# SOURCE equal to OUT
rm -rf "$to_dir/b" && mkdir -p "$to_dir/b" && to_book "$to_dir/b/book"
to_refused "output: 'folio build book -o book' is refused, the book kept" "$to_dir/b" book "$FOLIO" build book -o book
mkdir -p "$to_dir/b/book/site" && printf 'keep\n' >"$to_dir/b/book/site/notes.md"
to_refused "output: SOURCE = OUT holding a site/ folder is refused, the folder kept" "$to_dir/b" book \
	"$FOLIO" build book -o book

# SOURCE inside OUT/site
rm -rf "$to_dir/c" && mkdir -p "$to_dir/c/out/site" && to_book "$to_dir/c/out/site/book"
to_refused "output: 'folio build out/site/book -o out' is refused, the book kept" "$to_dir/c" out/site/book \
	"$FOLIO" build out/site/book -o out

# the same through other spellings: '.', a trailing slash, an absolute path, a symlink to OUT
to_refused "output: 'folio build . -o ..' from inside OUT/site/book is refused" "$to_dir/c" out/site/book \
	sh -c "cd out/site/book && \"$FOLIO\" build . -o ../.."
to_refused "output: an absolute OUT with a trailing slash is refused too" "$to_dir/a" site \
	"$FOLIO" build site -o "$to_dir/a/"
ln -sfn "$to_dir/c/out" "$to_dir/c/link-to-out"
to_refused "output: an OUT reached through a symbolic link is refused too" "$to_dir/c" out/site/book \
	"$FOLIO" build out/site/book -o link-to-out

# serve refuses the same way, before serving anything
to_refused "output: 'folio serve site -o .' is refused, the book kept" "$to_dir/a" site \
	"$FOLIO" serve site -o . -p 0

# allowed: OUT beside the book, and OUT inside the book under its own name
rm -rf "$to_dir/d" && mkdir -p "$to_dir/d" && to_book "$to_dir/d/book"
if (cd "$to_dir/d" && "$FOLIO" build book -o . >/dev/null 2>"$to_dir/err.txt") && [ -f "$to_dir/d/site/index.html" ] &&
	[ -f "$to_dir/d/book/alpha.md" ]; then
	pass "output: 'folio build book -o .' (the book beside site/) builds"
else
	fail "output: 'folio build book -o .' (the book beside site/) builds" "$(head -n 5 "$to_dir/err.txt")"
fi
if "$FOLIO" build "$to_dir/d/book" -o "$to_dir/d/book/_build" >/dev/null 2>"$to_dir/err.txt" &&
	[ -f "$to_dir/d/book/_build/site/index.html" ] && [ -f "$to_dir/d/book/alpha.md" ]; then
	pass "output: OUT inside the book (book/_build) builds"
else
	fail "output: OUT inside the book (book/_build) builds" "$(head -n 5 "$to_dir/err.txt")"
fi

unset to_dir
unset -f to_book to_refused
