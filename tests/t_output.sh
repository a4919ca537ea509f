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
	! grep -q "still serving" "$to_dir/err.txt" || problems="$problems
says 'still serving', but it never serves"
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

# ---- the output transaction (issue 13) ---------------------------------------
# The site and the EPUB are one commit: the EPUB lives in OUT/site/ and
# OUT/<slug>.epub is a link to it; a lock on OUT serialises builds; folio
# replaces only what it wrote.

# to_titled DIR TITLE N: a good book titled TITLE with N chapters
to_titled() {
	local i
	rm -rf "$1" && mkdir -p "$1/images"
	printf 'title: %s\n' "$2" >"$1/book.yaml"
	lib_png "$1/images/dot.png"
	for ((i = 1; i <= $3; i++)); do
		printf -- '---\ntitle: Chapter %d\n---\n\n## Part\n\n![a dot](images/dot.png) Text of %s.\n' "$i" "$2" >"$1/c$i.md"
	done
}

# to_pair OUT: is OUT one build's consistent pair?  Prints the site's
# title, or problems: every OUT/*.epub that resolves holds the site's
# title, the link named after the site's EPUB resolves, site/<slug>.epub
# is the site's, no other EPUB is there; with "final": no dangling link
# and no temporary folder either.
to_pair() {
	python3 - "$1" "${2:-}" <<'PY'
import glob, os, re, sys, zipfile
out, final = sys.argv[1], sys.argv[2] == "final"
p = []
def epub_title(f):
    try:
        z = zipfile.ZipFile(f)
        opf = [n for n in z.namelist() if n.endswith(".opf")][0]
        return re.search(r"<dc:title[^>]*>([^<]*)<", z.read(opf).decode()).group(1)
    except Exception as x:
        return "unreadable EPUB %s: %s" % (f, x)
try:
    html = open(out + "/site/index.html", encoding="utf-8").read()
    site = re.search(r"<title>([^<]*)</title>", html).group(1)
    name = re.search(r'href="([^"/]*\.epub)"', html).group(1)
except Exception as x:
    print("PROBLEM no readable site: %s" % x)
    sys.exit()
if epub_title(out + "/site/" + name) != site:
    p.append("site/%s holds '%s', the site is '%s'" % (name, epub_title(out + "/site/" + name), site))
if not os.path.exists(out + "/" + name):
    p.append("OUT/%s (the site's EPUB) does not resolve" % name)
for f in sorted(glob.glob(out + "/*.epub")):
    if not os.path.exists(f):
        if final:
            p.append("a dangling link " + f)
        continue
    t = epub_title(f)
    if t != site:
        p.append("%s holds '%s' beside the site of '%s'" % (os.path.basename(f), t, site))
if final and glob.glob(out + "/.folio-tmp-*"):
    p.append("a temporary folder is left: %s" % glob.glob(out + "/.folio-tmp-*"))
print("\n".join("PROBLEM " + x for x in p) if p else "PAIR " + site)
PY
}

to_titled "$to_dir/ka" "Book Alpha" 40
to_titled "$to_dir/kb" "Book Beta" 3
rm -rf "$to_dir/k"

# SIGKILL at random moments of builds of two books into one OUT
to_name="output: SIGKILL at any moment never leaves one book's site with the other's EPUB"
to_p=""
if timeout 60 "$FOLIO" build "$to_dir/ka" -o "$to_dir/k/out" >/dev/null 2>"$to_dir/err.txt"; then
	to_t0=$(date +%s%N)
	timeout 60 "$FOLIO" build "$to_dir/kb" -o "$to_dir/k/out" >/dev/null 2>&1
	to_us=$((($(date +%s%N) - to_t0) / 1000 + 1000))
	for ((to_i = 0; to_i < 20; to_i++)); do
		to_src=$to_dir/ka
		[ $((to_i % 2)) = 1 ] && to_src=$to_dir/kb
		timeout 60 "$FOLIO" build "$to_src" -o "$to_dir/k/out" >/dev/null 2>&1 &
		to_pid=$!
		sleep "$(awk -v r="$RANDOM" -v us="$to_us" 'BEGIN { printf "%.4f", r / 32768 * us * 1.3 / 1e6 }')"
		kill -KILL "$to_pid" 2>/dev/null
		wait "$to_pid" 2>/dev/null
		to_r=$(to_pair "$to_dir/k/out")
		case $to_r in PAIR*) ;; *) to_p="$to_p
round $to_i: $to_r" ;; esac
	done
	timeout 60 "$FOLIO" build "$to_dir/kb" -o "$to_dir/k/out" >/dev/null 2>"$to_dir/err.txt" || to_p="$to_p
the build after the kills failed: $(head -n 3 "$to_dir/err.txt")"
	to_r=$(to_pair "$to_dir/k/out" final)
	[ "$to_r" = "PAIR Book Beta" ] || to_p="$to_p
after a clean build: $to_r"
else
	to_p="the first build failed: $(head -n 3 "$to_dir/err.txt")"
fi
if [ -z "$to_p" ]; then pass "$to_name"; else fail "$to_name" "${to_p#$'\n'}"; fi

# two builds of different books into one OUT at once: one waits
to_name="output: two concurrent builds of different books into one OUT both succeed, one consistent pair"
to_p=""
for ((to_i = 0; to_i < 20; to_i++)); do
	timeout 60 "$FOLIO" build "$to_dir/ka" -o "$to_dir/k/out" >/dev/null 2>"$to_dir/c1.err" &
	to_pid=$!
	timeout 60 "$FOLIO" build "$to_dir/kb" -o "$to_dir/k/out" >/dev/null 2>"$to_dir/c2.err"
	to_rc2=$?
	wait "$to_pid"
	to_rc1=$?
	[ "$to_rc1" = 0 ] && [ "$to_rc2" = 0 ] || to_p="$to_p
round $to_i: exit $to_rc1 and $to_rc2: $(cat "$to_dir/c1.err" "$to_dir/c2.err" | grep -v waiting | head -n 3)"
	to_r=$(to_pair "$to_dir/k/out" final)
	case $to_r in PAIR*) ;; *) to_p="$to_p
round $to_i: $to_r" ;; esac
done
if [ -z "$to_p" ]; then pass "$to_name"; else fail "$to_name" "${to_p#$'\n'}"; fi

# ten first builds into a missing OUT at once
to_name="output: 10 concurrent first builds into a missing OUT all succeed"
to_p=""
rm -rf "$to_dir/first"
to_pids=()
for ((to_i = 0; to_i < 10; to_i++)); do
	to_src=$to_dir/ka
	[ $((to_i % 2)) = 1 ] && to_src=$to_dir/kb
	timeout 120 "$FOLIO" build "$to_src" -o "$to_dir/first/deep/out" >/dev/null 2>"$to_dir/first-$to_i.err" &
	to_pids+=($!)
done
for ((to_i = 0; to_i < 10; to_i++)); do
	wait "${to_pids[$to_i]}" || to_p="$to_p
build $to_i failed: $(grep -v waiting "$to_dir/first-$to_i.err" | head -n 3)"
done
to_r=$(to_pair "$to_dir/first/deep/out" final)
case $to_r in PAIR*) ;; *) to_p="$to_p
$to_r" ;; esac
if [ -z "$to_p" ]; then pass "$to_name"; else fail "$to_name" "${to_p#$'\n'}"; fi

# a new title: the EPUB link of the old one goes
to_name="output: a changed title removes the old EPUB link"
rm -rf "$to_dir/t"
to_titled "$to_dir/t/book" "Old Title" 1
if timeout 60 "$FOLIO" build "$to_dir/t/book" -o "$to_dir/t/out" >/dev/null 2>&1 && [ -e "$to_dir/t/out/old-title.epub" ] &&
	printf 'title: New Title\n' >"$to_dir/t/book/book.yaml" &&
	timeout 60 "$FOLIO" build "$to_dir/t/book" -o "$to_dir/t/out" >/dev/null 2>"$to_dir/err.txt"; then
	to_left=$(cd "$to_dir/t/out" && ls -A)
	if [ "$to_left" = $'.folio-lock\n.folio-spare\n.folio-state\nnew-title.epub\nsite' ] && [ "$(to_pair "$to_dir/t/out" final)" = "PAIR New Title" ] &&
		[ ! -e "$to_dir/t/out/site/old-title.epub" ]; then
		pass "$to_name"
	else
		fail "$to_name" "OUT holds: $to_left
$(to_pair "$to_dir/t/out" final)"
	fi
else
	fail "$to_name" "a build failed: $(head -n 3 "$to_dir/err.txt")"
fi

# to_kept NAME CASE PATH KEYWORD: build CASE/book into CASE/out, which holds
# something folio did not write at PATH: exit 1, an error naming
# CASE/out/PATH, CASE/out byte-for-byte as it was
to_kept() {
	local name=$1 c=$2 path=$3 kw=$4 before rc
	before=$(lib_snap "$c/out")
	timeout 60 "$FOLIO" build "$c/book" -o "$c/out" >/dev/null 2>"$c/err.txt"
	rc=$?
	lib_check_failed "$name" "$c" "$rc" "$c/err.txt" "$c/out/$path: error:" "$kw" "$before" "$path is not folio's"
}

rm -rf "$to_dir/u" && to_titled "$to_dir/u/book" "User Site" 1
mkdir -p "$to_dir/u/out/site" && printf '<p>my own page</p>\n' >"$to_dir/u/out/site/index.html" &&
	printf 'notes\n' >"$to_dir/u/out/site/notes.txt"
to_kept "output: an OUT/site folio did not write is refused and kept" "$to_dir/u" site "did not write"

rm -rf "$to_dir/s" && to_titled "$to_dir/s/book" "Linked Site" 1 && mkdir -p "$to_dir/s/out" "$to_dir/s/elsewhere"
printf 'keep\n' >"$to_dir/s/elsewhere/index.html"
ln -s ../elsewhere "$to_dir/s/out/site"
to_kept "output: an OUT/site symbolic link is refused, nothing replaced" "$to_dir/s" site "symbolic link"
if [ "$(cat "$to_dir/s/elsewhere/index.html")" = keep ] && [ "$(ls -A "$to_dir/s/elsewhere")" = index.html ]; then
	pass "output: the folder an OUT/site link points to is untouched"
else
	fail "output: the folder an OUT/site link points to is untouched" "$(ls -A "$to_dir/s/elsewhere")"
fi

rm -rf "$to_dir/e" && to_titled "$to_dir/e/book" "Epub Name" 1
mkdir -p "$to_dir/e/out" && printf 'my own epub\n' >"$to_dir/e/out/epub-name.epub"
to_kept "output: an OUT/<slug>.epub folio did not write is never overwritten" "$to_dir/e" epub-name.epub "did not write"
# ... also after a good build: a user's file put in place of the link
rm -rf "$to_dir/e/out"
if timeout 60 "$FOLIO" build "$to_dir/e/book" -o "$to_dir/e/out" >/dev/null 2>&1; then
	rm -f "$to_dir/e/out/epub-name.epub" && printf 'mine now\n' >"$to_dir/e/out/epub-name.epub"
	to_kept "output: a user's file in place of folio's EPUB link is never overwritten" "$to_dir/e" epub-name.epub "did not write"
else
	fail "output: a user's file in place of folio's EPUB link is never overwritten" "the good build failed"
fi

# an OUT written by an older folio (EPUB copied beside site/, no state)
to_name="output: an OUT of an older folio (no state, EPUB file beside the site) is taken over"
rm -rf "$to_dir/o" && to_titled "$to_dir/o/book" "Older Out" 1
if timeout 60 "$FOLIO" build "$to_dir/o/book" -o "$to_dir/o/out" >/dev/null 2>&1; then
	rm -f "$to_dir/o/out/.folio-state" "$to_dir/o/out/.folio-lock" "$to_dir/o/out/older-out.epub"
	cp "$to_dir/o/out/site/older-out.epub" "$to_dir/o/out/older-out.epub"
	printf 'title: Newer Out\n' >"$to_dir/o/book/book.yaml"
	if timeout 60 "$FOLIO" build "$to_dir/o/book" -o "$to_dir/o/out" >/dev/null 2>"$to_dir/err.txt" &&
		[ "$(to_pair "$to_dir/o/out" final)" = "PAIR Newer Out" ] && [ ! -e "$to_dir/o/out/older-out.epub" ]; then
		pass "$to_name"
	else
		fail "$to_name" "$(head -n 3 "$to_dir/err.txt"); OUT: $(ls -A "$to_dir/o/out"); $(to_pair "$to_dir/o/out" final)"
	fi
else
	fail "$to_name" "the first build failed"
fi

# a failed build into a missing OUT leaves nothing
to_name="output: a failed first build leaves no OUT behind"
rm -rf "$to_dir/f" && to_titled "$to_dir/f/book" "Failing" 1
printf -- '---\ntitle: Bad\n---\n\n[x](missing.md)\n' >"$to_dir/f/book/bad.md"
timeout 60 "$FOLIO" build "$to_dir/f/book" -o "$to_dir/f/out" >/dev/null 2>"$to_dir/err.txt"
to_rc=$?
if [ "$to_rc" = 1 ] && [ ! -e "$to_dir/f/out" ]; then
	pass "$to_name"
else
	fail "$to_name" "exit $to_rc; left: $(ls -A "$to_dir/f/out" 2>&1)"
fi

# -o "": a usage error, not a build
to_name="output: an empty -o is a usage error (exit 2)"
rm -rf "$to_dir/empty" && to_titled "$to_dir/empty/book" "Empty Out" 1
(cd "$to_dir/empty" && timeout 20 "$FOLIO" build book -o "" >/dev/null 2>"$to_dir/err.txt")
to_rc=$?
if [ "$to_rc" = 2 ] && grep -q "empty" "$to_dir/err.txt" && [ "$(ls -A "$to_dir/empty")" = book ]; then
	pass "$to_name"
else
	fail "$to_name" "exit $to_rc, want 2; $(head -n 2 "$to_dir/err.txt"); left: $(ls -A "$to_dir/empty")"
fi

# the spare (write/out.c): OUT/.folio-spare/site/ is the site the last
# commit replaced, files and all; a rebuild makes its new site out of it
# (a file holding the new bytes stays) and removes what it does not
# write; a spare the state does not name, or holding more than site/, is
# not folio's (the trees are compared EPUB included: one date for every
# build)
export SOURCE_DATE_EPOCH=1700000000
to_name="output: a rebuild from the spare gives a fresh build's tree (a folder gone from the book is gone from the site)"
rm -rf "$to_dir/sp"
to_book "$to_dir/sp/book"
mkdir -p "$to_dir/sp/book/sub/deep"
printf -- '---\ntitle: Deep\n---\n\nDown here.\n' >"$to_dir/sp/book/sub/deep/d.md"
to_p=""
for to_i in 1 2; do
	timeout 60 "$FOLIO" build "$to_dir/sp/book" -o "$to_dir/sp/out" >/dev/null 2>"$to_dir/err.txt" || to_p="$to_p
build $to_i failed: $(head -n 3 "$to_dir/err.txt")"
done
[ -d "$to_dir/sp/out/.folio-spare/site/sub/deep" ] && [ "$(ls -A "$to_dir/sp/out/.folio-spare")" = site ] &&
	[ -z "$(diff -r "$to_dir/sp/out/.folio-spare/site" "$to_dir/sp/out/site" 2>&1)" ] ||
	to_p="$to_p
after two builds OUT/.folio-spare is not the replaced site: $(diff -r "$to_dir/sp/out/.folio-spare/site" "$to_dir/sp/out/site" 2>&1 | head -n 5)"
rm -r "$to_dir/sp/book/sub"
timeout 60 "$FOLIO" build "$to_dir/sp/book" -o "$to_dir/sp/out" >/dev/null 2>"$to_dir/err.txt" || to_p="$to_p
build 3 failed: $(head -n 3 "$to_dir/err.txt")"
timeout 60 "$FOLIO" build "$to_dir/sp/book" -o "$to_dir/sp/fresh" >/dev/null 2>"$to_dir/err.txt" || to_p="$to_p
the fresh build failed: $(head -n 3 "$to_dir/err.txt")"
to_r=$(diff -r "$to_dir/sp/out/site" "$to_dir/sp/fresh/site" 2>&1 | head -n 5)
[ -z "$to_r" ] || to_p="$to_p
$to_r"
[ ! -e "$to_dir/sp/out/site/sub" ] || to_p="$to_p
site/sub is still there"
if [ -z "$to_p" ]; then pass "$to_name"; else fail "$to_name" "${to_p#$'\n'}"; fi

to_name="output: a .folio-spare holding a file is left alone, and the build is right"
mkdir -p "$to_dir/sp/out/.folio-spare/x"
printf 'mine\n' >"$to_dir/sp/out/.folio-spare/x/keep.txt"
timeout 60 "$FOLIO" build "$to_dir/sp/book" -o "$to_dir/sp/out" >/dev/null 2>"$to_dir/err.txt"
to_rc=$?
to_r=$(diff -r "$to_dir/sp/out/site" "$to_dir/sp/fresh/site" 2>&1 | head -n 5)
if [ "$to_rc" = 0 ] && [ "$(cat "$to_dir/sp/out/.folio-spare/x/keep.txt" 2>&1)" = mine ] && [ -z "$to_r" ]; then
	pass "$to_name"
else
	fail "$to_name" "exit $to_rc; keep.txt: $(cat "$to_dir/sp/out/.folio-spare/x/keep.txt" 2>&1); $to_r"
fi

# a rebuild where the spare has a file where the new site has a folder,
# and the other way round (a theme's assets k and q trade kinds)
to_name="output: a rebuild where files and folders trade places gives a fresh build's tree"
rm -rf "$to_dir/tp"
to_book "$to_dir/tp/book"
mkdir -p "$to_dir/tp/book/themes"
cp -r "$ROOT/themes/default" "$to_dir/tp/book/themes/default"
to_a=$to_dir/tp/book/themes/default/assets
printf 'k file\n' >"$to_a/k"
mkdir -p "$to_a/q/deep" && printf 'q\n' >"$to_a/q/deep/x.css"
to_p=""
for to_i in 1 2 3; do
	if [ "$to_i" = 3 ]; then
		rm "$to_a/k" && mkdir "$to_a/k" && printf 'k/y\n' >"$to_a/k/y.css"
		rm -r "$to_a/q" && printf 'q file\n' >"$to_a/q"
		printf -- '---\ntitle: Beta\n---\n\nText changed.\n' >"$to_dir/tp/book/beta.md"
	fi
	timeout 60 "$FOLIO" build "$to_dir/tp/book" -o "$to_dir/tp/out" >/dev/null 2>"$to_dir/err.txt" || to_p="$to_p
build $to_i failed: $(head -n 3 "$to_dir/err.txt")"
done
timeout 60 "$FOLIO" build "$to_dir/tp/book" -o "$to_dir/tp/fresh" >/dev/null 2>"$to_dir/err.txt" || to_p="$to_p
the fresh build failed: $(head -n 3 "$to_dir/err.txt")"
to_r=$(diff -r "$to_dir/tp/out/site" "$to_dir/tp/fresh/site" 2>&1 | head -n 5)
[ -z "$to_r" ] || to_p="$to_p
$to_r"
if [ -z "$to_p" ]; then pass "$to_name"; else fail "$to_name" "${to_p#$'\n'}"; fi

to_name="output: a .folio-spare whose site the state does not name is left alone, files and all"
rm -rf "$to_dir/sp/out/.folio-spare"
mkdir -p "$to_dir/sp/out/.folio-spare/site/sub"
printf 'mine\n' >"$to_dir/sp/out/.folio-spare/site/sub/deep.html"
timeout 60 "$FOLIO" build "$to_dir/sp/book" -o "$to_dir/sp/out" >/dev/null 2>"$to_dir/err.txt"
to_rc=$?
to_r=$(diff -r "$to_dir/sp/out/site" "$to_dir/sp/fresh/site" 2>&1 | head -n 5)
if [ "$to_rc" = 0 ] && [ "$(cat "$to_dir/sp/out/.folio-spare/site/sub/deep.html" 2>&1)" = mine ] && [ -z "$to_r" ]; then
	pass "$to_name"
else
	fail "$to_name" "exit $to_rc; deep.html: $(cat "$to_dir/sp/out/.folio-spare/site/sub/deep.html" 2>&1); $to_r"
fi

unset SOURCE_DATE_EPOCH

to_name="output: a failed build leaves OUT as it was, its spare included"
rm -rf "$to_dir/sf"
to_book "$to_dir/sf/book"
mkdir -p "$to_dir/sf/book/sub"
printf -- '---\ntitle: Sub\n---\n\nIn a folder.\n' >"$to_dir/sf/book/sub/s.md"
mkdir -p "$to_dir/sf/book/themes"
cp -r "$ROOT/themes/default" "$to_dir/sf/book/themes/default"
timeout 60 "$FOLIO" build "$to_dir/sf/book" -o "$to_dir/sf/out" >/dev/null 2>&1 &&
	timeout 60 "$FOLIO" build "$to_dir/sf/book" -o "$to_dir/sf/out" >/dev/null 2>&1
to_before=$(lib_snap "$to_dir/sf/out")
# (broken where only the site's writer sees it: after the output is begun)
sed -i 's/{{>toc_tree}}/{{>toc_treee}}/' "$to_dir/sf/book/themes/default/templates/layout.mustache"
mkdir -p "$to_dir/sf/book/other"
printf -- '---\ntitle: Other\n---\n\nText.\n' >"$to_dir/sf/book/other/o.md"
timeout 60 "$FOLIO" build "$to_dir/sf/book" -o "$to_dir/sf/out" >/dev/null 2>"$to_dir/err.txt"
to_rc=$?
to_after=$(lib_snap "$to_dir/sf/out")
if [ "$to_rc" = 1 ] && [ -d "$to_dir/sf/out/.folio-spare/site/sub" ] && [ "$to_before" = "$to_after" ]; then
	pass "$to_name"
else
	fail "$to_name" "exit $to_rc (want 1); $(diff <(echo "$to_before") <(echo "$to_after") | head -n 8)"
fi

# ext4 gives a freed inode number to the next folder made: after
# `rm -rf out/site; mkdir out/site` a user's new folder can carry the
# number .folio-state names.  The state names each site with its birth
# time too, so such a folder is not taken for folio's.  Simulated: the
# state is made to name the user's folder's number with folio's old
# folder's birth time, as a reused number would.
to_name="output: a user's folder at OUT/site with a number the state names (a reused inode) is not replaced"
rm -rf "$to_dir/ir"
to_book "$to_dir/ir/book"
to_p=""
timeout 60 "$FOLIO" build "$to_dir/ir/book" -o "$to_dir/ir/out" >/dev/null 2>"$to_dir/err.txt" || to_p="the first build failed: $(head -n 3 "$to_dir/err.txt")"
to_old=$(stat -c %i "$to_dir/ir/out/site")
if [ "$(stat -c %W "$to_dir/ir/out/site")" = 0 ] || ! grep -Eq "^site [0-9]+ $to_old [0-9]+ [0-9]+\$" "$to_dir/ir/out/.folio-state"; then
	pass "$to_name (skipped: this file system keeps no birth times: $(grep '^site' "$to_dir/ir/out/.folio-state" | head -n 1))"
else
	rm -rf "$to_dir/ir/out/site"
	mkdir "$to_dir/ir/out/site"
	printf 'mine\n' >"$to_dir/ir/out/site/notes.txt"
	to_new=$(stat -c %i "$to_dir/ir/out/site")
	sed -i "s/^site \([0-9]*\) $to_old /site \1 $to_new /" "$to_dir/ir/out/.folio-state"
	grep -q "^site [0-9]* $to_new " "$to_dir/ir/out/.folio-state" || to_p="$to_p
could not rewrite the state: $(cat "$to_dir/ir/out/.folio-state")"
	timeout 60 "$FOLIO" build "$to_dir/ir/book" -o "$to_dir/ir/out" >/dev/null 2>"$to_dir/err.txt"
	to_rc=$?
	[ "$to_rc" = 1 ] || to_p="$to_p
exit $to_rc, want 1"
	grep -q "site: error: not replaced: a folder that folio did not write" "$to_dir/err.txt" || to_p="$to_p
no 'not replaced' error: $(head -n 3 "$to_dir/err.txt")"
	[ "$(cat "$to_dir/ir/out/site/notes.txt" 2>&1)" = mine ] && [ "$(ls -A "$to_dir/ir/out/site")" = notes.txt ] || to_p="$to_p
the user's folder changed: $(ls -A "$to_dir/ir/out/site" 2>&1 | head -n 3)"
	# a state of folio before 0.3 (no birth times) still names its site
	rm -rf "$to_dir/ir/out"
	timeout 60 "$FOLIO" build "$to_dir/ir/book" -o "$to_dir/ir/out" >/dev/null 2>&1
	sed -i 's/^\(site [0-9]* [0-9]*\) .*/\1/' "$to_dir/ir/out/.folio-state"
	timeout 60 "$FOLIO" build "$to_dir/ir/book" -o "$to_dir/ir/out" >/dev/null 2>"$to_dir/err.txt" || to_p="$to_p
a state without birth times is not taken: $(head -n 3 "$to_dir/err.txt")"
	if [ -z "$to_p" ]; then pass "$to_name"; else fail "$to_name" "${to_p#$'\n'}"; fi
fi

unset to_before to_after to_old to_new
unset to_dir to_name to_p to_t0 to_us to_i to_src to_pid to_r to_rc to_rc1 to_rc2 to_pids to_left
unset -f to_book to_refused to_titled to_pair to_kept
