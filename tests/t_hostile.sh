# Hostile and broken input (issue 5): folio never crashes, never writes
# outside its output folder, never publishes a half-built site, and says
# exactly what is wrong and where.
#
# Each case writes a tiny book into $TMP/hostile/CASE/book, builds a good
# version into CASE/out, breaks the book, rebuilds into the same CASE/out
# and asserts: exit status exactly 1, a diagnostic line starting with
# `CASE/book/FILE:LINE:COL: error:` (or `FILE: error:` where a line means
# nothing) that contains a keyword, and CASE/out byte-for-byte unchanged
# (sha256 of every file plus the file list).  Cases that must build (bad
# UTF-8, symbolic links, cycles, deep nesting, a 50 MB chapter) assert exit
# 0 and well-formed output.  Also: SIGINT/SIGKILL in the middle of a build,
# a read-only and a full output disk (tmpfs in a private mount namespace),
# and hostile strings escaped in the site, its JSON-LD and the EPUB.
# Sourced by tests/run.sh: uses ROOT, FOLIO, TMP, VNU_JAR, pass and fail.
# FOLIO_BIG_MB (default 50) sets the size of the big chapter.

if [ ! -x "$FOLIO" ]; then
	fail "hostile: $FOLIO exists" "not built? run: make folio"
	return 0
fi

th_dir=$TMP/hostile
mkdir -p "$th_dir"
cd "$th_dir" || return 0
. "$ROOT/tests/lib.sh"

# th_book CASE: a fresh CASE/book/ with book.yaml and one good chapter
th_book() {
	rm -rf "$1"
	mkdir -p "$1/book"
	printf 'title: Hostile book\n' >"$1/book/book.yaml"
	printf -- '---\ntitle: Alpha\n---\n\nSome text.\n' >"$1/book/a.md"
}

# th_case NAME CASE PREFIX KEYWORD BREAK [ALSO...]: see lib_error_case
th_case() {
	local name="hostile: $1"
	shift
	lib_error_case "$name" "$@"
}

# th_ok NAME CASE [ALSO...]: CASE/book must build (exit 0) into CASE/out;
# each ALSO string must appear in stderr.  Returns non-zero after a fail.
th_ok() {
	local name=$1 case=$2 rc problems="" s
	shift 2
	rm -rf "$case/out"
	"$FOLIO" build "$case/book" -o "$case/out" >"$case/ok.out" 2>"$case/ok.err"
	rc=$?
	[ "$rc" = 0 ] || problems="exit status $rc, want 0"
	[ -f "$case/out/site/index.html" ] || problems="$problems
no $case/out/site/index.html"
	for s in "$@"; do
		grep -qF -- "$s" "$case/ok.err" || problems="$problems
stderr lacks '$s'"
	done
	if [ -n "$problems" ]; then
		fail "$name" "${problems#$'\n'}
stderr:
$(head -n 15 "$case/ok.err")"
		return 1
	fi
	return 0
}

# th_wellformed DIR: every XHTML/OPF/NCX in DIR's EPUB parses as XML and
# every site page parses as HTML; prints problems (nothing when all is well)
th_wellformed() {
	python3 "$ROOT/tests/hostile_wellformed.py" "$1"
}

# ---- front matter ---------------------------------------------------------

th_book fm-yaml
th_case "front matter: invalid YAML is an error at its line and column" fm-yaml \
	"fm-yaml/book/a.md:2:9: error:" "invalid" \
	"printf -- '---\ntitle: a: b\n---\n\nText.\n' >fm-yaml/book/a.md"

th_book fm-list
th_case "front matter: a list instead of a mapping is an error" fm-list \
	"fm-list/book/a.md:2:1: error:" "mapping" \
	"printf -- '---\n- one\n- two\n---\n\nText.\n' >fm-list/book/a.md"

th_book fm-scalar
th_case "front matter: a lone scalar instead of a mapping is an error" fm-scalar \
	"fm-scalar/book/a.md:2:1: error:" "mapping" \
	"printf -- '---\njust some words\n---\n\nText.\n' >fm-scalar/book/a.md"

th_book fm-open
th_case "front matter: no closing --- is an error at line 1" fm-open \
	"fm-open/book/a.md:1:1: error:" "not closed" \
	"printf -- '---\ntitle: Alpha\n\nText that never ends the block.\n' >fm-open/book/a.md"

th_book fm-order
th_case "front matter: 'order: abc' is a type error at the value" fm-order \
	"fm-order/book/a.md:3:8: error:" "must be a number" \
	"printf -- '---\ntitle: Alpha\norder: abc\n---\n\nText.\n' >fm-order/book/a.md"

th_book fm-draft
th_case "front matter: 'draft: maybe' is a type error at the value" fm-draft \
	"fm-draft/book/a.md:4:8: error:" "true or false" \
	"printf -- '---\ntitle: Alpha\norder: 3\ndraft: maybe\n---\n\nText.\n' >fm-draft/book/a.md"

th_book fm-title-list
th_case "front matter: a list where text is expected is a type error" fm-title-list \
	"fm-title-list/book/a.md:2:8: error:" "must be text" \
	"printf -- '---\ntitle: [a, b]\n---\n\nText.\n' >fm-title-list/book/a.md"
if grep -q "has no title" fm-title-list/bad.err; then
	fail "hostile: front matter: a wrongly typed title is one error, not two" "$(cat fm-title-list/bad.err)"
else
	pass "hostile: front matter: a wrongly typed title is one error, not two"
fi

th_book fm-huge
th_case "front matter: 200,000 keys stop at the limit with a clear error" fm-huge \
	"fm-huge/book/a.md:1002:1: error:" "too many keys" \
	"python3 -c \"
import sys
sys.stdout.write('---\ntitle: Alpha\n' + ''.join('k%d: v\n' % i for i in range(200000)) + '---\nText.\n')\" >fm-huge/book/a.md"

th_book fm-laughs
th_case "front matter: YAML aliases (billion laughs) are refused, no blow-up" fm-laughs \
	"fm-laughs/book/a.md:4:8: error:" "alias" \
	"python3 '$ROOT/tests/hostile_inputs.py' laughs >fm-laughs/book/a.md"

th_book fm-laughs-block
th_case "steps block: YAML aliases are refused inside a block too" fm-laughs-block \
	"fm-laughs-block/book/a.md:8:9: error:" "alias" \
	"printf -- '---\ntitle: Alpha\n---\n\n\`\`\`steps\nname: &n Stretch\nsteps:\n  - a: [*n, *n]\n\`\`\`\n' >fm-laughs-block/book/a.md"

th_book block-deep
# shellcheck disable=SC2016 # expanded by the inner shell / python, not here
python3 -c 'print("---\ntitle: Alpha\n---\n\n```steps\nname: x\nsteps: " + "[" * 1000 + "]" * 1000 + "\n```")' >block-deep/bad.md
th_case "steps block: 1,000 nested YAML lists stop at the depth limit" block-deep \
	"block-deep/book/a.md:7:71: error:" "nested too deep" \
	"cp block-deep/bad.md block-deep/book/a.md"

th_book book-yaml-bad
th_case "book.yaml: invalid YAML is an error at its line and column" book-yaml-bad \
	"book-yaml-bad/book/book.yaml:2:9: error:" "invalid YAML" \
	"printf 'title: Hostile book\nauthor: \"unclosed\n' >book-yaml-bad/book/book.yaml"

# ---- files ------------------------------------------------------------------

th_book nul
th_case "files: a NUL byte is an error at its line and column" nul \
	"nul/book/a.md:5:4: error:" "NUL" \
	"printf -- '---\ntitle: Alpha\n---\n\nabc\0def\n' >nul/book/a.md"

th_book empty-source
th_case "files: an empty SOURCE folder: no book.yaml" empty-source \
	"empty-source/book/book.yaml: error:" "no book.yaml" \
	"rm -f empty-source/book/*"

th_book no-yaml
th_case "files: a missing book.yaml is an error naming it" no-yaml \
	"no-yaml/book/book.yaml: error:" "no book.yaml" \
	"rm -f no-yaml/book/book.yaml"

th_book empty-yaml
th_case "files: an empty book.yaml is an error (no title)" empty-yaml \
	"empty-yaml/book/book.yaml:1:1: error:" "title" \
	": >empty-yaml/book/book.yaml"

th_book no-chapters
th_case "files: a SOURCE without chapters is an error" no-chapters \
	"no-chapters/book: error:" "no chapters" \
	"rm -f no-chapters/book/a.md"

# Invalid UTF-8: replaced with U+FFFD and a warning; the outputs stay valid.
th_book utf8
printf -- '---\ntitle: "Bad \xff title"\nsummary: "Sum \xc3\x28 mary"\n---\n\n## Head \xed\xa0\x80 ing\n\nText \xf8\x88\x80\x80\x80 and \xc0\xaf and \xe2\x82 end.\n' >utf8/book/a.md
printf 'title: "Book \xfe title"\n' >utf8/book/book.yaml
if th_ok "hostile: files: invalid UTF-8 is replaced with U+FFFD, with a warning" utf8 \
	"utf8/book/a.md:2:13: warning: invalid UTF-8" "utf8/book/book.yaml:1:14: warning: invalid UTF-8"; then
	th_p=$(th_wellformed utf8/out)
	if [ -n "$th_p" ]; then
		fail "hostile: files: invalid UTF-8 is replaced with U+FFFD, with a warning" "$th_p"
	elif ! grep -q $'Bad \xef\xbf\xbd title' utf8/out/site/a.html; then
		fail "hostile: files: invalid UTF-8 is replaced with U+FFFD, with a warning" "no U+FFFD in the page's title"
	elif ! python3 -c '
import glob, sys
for p in glob.glob(sys.argv[1] + "/site/*.html"):
    open(p, encoding="utf-8", errors="strict").read()' utf8/out 2>/dev/null; then
		fail "hostile: files: invalid UTF-8 is replaced with U+FFFD, with a warning" "a page is not valid UTF-8"
	else
		pass "hostile: files: invalid UTF-8 is replaced with U+FFFD, with a warning"
	fi
fi

# A symbolic link pointing outside SOURCE: never followed, never copied.
th_book symlink
mkdir -p symlink/secret
printf -- '---\ntitle: Secret\n---\n\nTOP-SECRET-CHAPTER\n' >symlink/secret/s.md
printf 'TOP-SECRET-FILE\n' >symlink/secret/key.txt
ln -s "$th_dir/symlink/secret/s.md" symlink/book/evil.md
ln -s "$th_dir/symlink/secret" symlink/book/evil-dir
if th_ok "hostile: files: a chapter symlinked from outside SOURCE is not followed (warning)" symlink \
	"symlink/book/evil.md: warning: symbolic link points outside the book folder"; then
	if grep -rq "TOP-SECRET" symlink/out; then
		fail "hostile: files: a chapter symlinked from outside SOURCE is not followed (warning)" \
			"content from outside SOURCE was published: $(grep -rl TOP-SECRET symlink/out | head -n 3)"
	else
		pass "hostile: files: a chapter symlinked from outside SOURCE is not followed (warning)"
	fi
fi
ln -s "$th_dir/symlink/secret/key.txt" symlink/book/key.txt
th_case "files: a link to a file symlinked from outside SOURCE is refused" symlink \
	"symlink/book/a.md:5:1: error:" "outside the book folder" \
	"printf -- '---\ntitle: Alpha\n---\n\n[the key](key.txt) and ![x](evil-dir/key.txt)\n' >symlink/book/a.md" \
	"symlink/book/a.md:5:24: error: image 'evil-dir/key.txt' is a symbolic link"
if grep -rq "TOP-SECRET" symlink/out; then
	fail "hostile: files: nothing from outside SOURCE is published" "$(grep -rl TOP-SECRET symlink/out | head -n 3)"
else
	pass "hostile: files: nothing from outside SOURCE is published"
fi

# An unreadable chapter.  As root permissions do not apply, so folio runs
# as nobody (setpriv) on a book nobody can read except for that file.
th_name="hostile: files: an unreadable chapter is an error naming it"
if command -v setpriv >/dev/null && [ "$(id -u)" = 0 ]; then
	th_u=$(mktemp -d /tmp/folio-unreadable.XXXXXX)
	chmod 755 "$th_u"
	(cd "$th_u" && th_book c && printf -- '---\ntitle: Beta\n---\n\nMore.\n' >c/book/b.md)
	chmod -R a+rwX "$th_u"
	th_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	if (cd "$th_u" && th_nobody "$FOLIO" build c/book -o c/out >/dev/null 2>&1); then
		th_before=$(lib_snap "$th_u/c/out")
		chmod 000 "$th_u/c/book/b.md"
		(cd "$th_u" && th_nobody "$FOLIO" build c/book -o c/out >c/bad.out 2>c/bad.err)
		th_rc=$?
		(cd "$th_u" && lib_check_failed "$th_name" c "$th_rc" c/bad.err "c/book/b.md: error:" "permission denied" "$th_before" "chmod 000 c/book/b.md")
	else
		fail "$th_name" "the good book does not build as nobody"
	fi
	rm -rf "$th_u"
	unset -f th_nobody
else
	fail "$th_name" "needs root and setpriv to run folio as another user (root ignores permissions)"
fi

# ---- structure --------------------------------------------------------------

th_book dup-slug
mkdir -p dup-slug/book/x dup-slug/book/y
printf '# Intro\n\nOne.\n' >dup-slug/book/x/intro.md
th_case "structure: two chapters written to one page: both named" dup-slug \
	"dup-slug/book/x/b.md:3:7: error:" "dup-slug/book/x/intro.md" \
	"printf -- '---\ntitle: B\nslug: intro\n---\n\nTwo.\n' >dup-slug/book/x/b.md" \
	"dup-slug/book/x/intro.md:1:1: note: 'x/intro.html' first written for this file"

th_book slug-climb
th_case "structure: 'slug: ../../etc/passwd' is refused" slug-climb \
	"slug-climb/book/a.md:3:7: error:" "invalid slug" \
	"printf -- '---\ntitle: Alpha\nslug: ../../etc/passwd\n---\n\nText.\n' >slug-climb/book/a.md"

th_book slug-abs
th_case "structure: an absolute 'slug: /etc/passwd' is refused" slug-abs \
	"slug-abs/book/a.md:3:7: error:" "invalid slug" \
	"printf -- '---\ntitle: Alpha\nslug: /tmp/folio-pwned\n---\n\nText.\n' >slug-abs/book/a.md"

th_book img-climb
th_case "structure: an image path climbing out of the book is refused" img-climb \
	"img-climb/book/a.md:5:7: error:" "outside the book folder" \
	"printf -- '---\ntitle: Alpha\n---\n\nLook: ![passwd](../../../../../../etc/passwd)\n' >img-climb/book/a.md"

th_book img-abs
th_case "structure: an absolute image path is refused" img-abs \
	"img-abs/book/a.md:5:1: error:" "absolute path" \
	"printf -- '---\ntitle: Alpha\n---\n\n![passwd](/etc/passwd)\n' >img-abs/book/a.md"

th_book link-climb
th_case "structure: a link climbing out of the book is refused" link-climb \
	"link-climb/book/a.md:5:1: error:" "outside the book folder" \
	"printf -- '---\ntitle: Alpha\n---\n\n[x](sub/../../../a.md)\n' >link-climb/book/a.md"

th_book block-img-climb
th_case "structure: a steps block's image climbing out is refused" block-img-climb \
	"block-img-climb/book/a.md:7:8: error:" "outside the book folder" \
	"printf -- '---\ntitle: Alpha\n---\n\n\`\`\`steps\nname: Stretch\nimage: ../../etc/passwd\nalt: a file\nsteps:\n  - Stand.\n\`\`\`\n' >block-img-climb/book/a.md"

th_book cover-climb
th_case "structure: a cover outside the book is refused" cover-climb \
	"cover-climb/book/book.yaml:2:8: error:" "inside the book folder" \
	"printf 'title: Hostile book\ncover: ../../../../etc/passwd.png\n' >cover-climb/book/book.yaml"

if [ -e /tmp/folio-pwned ] || [ -e /tmp/folio-pwned.html ] || compgen -G "$th_dir/*/etc" >/dev/null; then
	fail "hostile: structure: nothing is written outside OUT" "$(ls -d /tmp/folio-pwned* "$th_dir"/*/etc 2>/dev/null)"
else
	pass "hostile: structure: nothing is written outside OUT"
fi

# Chapters linking to themselves and to each other in a cycle: fine.
th_book cycle
printf -- '---\ntitle: Alpha\n---\n\n## Top\n\n[me](a.md) [here](#top) [b](b.md#bottom) [a again](a.md#top)\n' >cycle/book/a.md
printf -- '---\ntitle: Beta\n---\n\n## Bottom\n\n[a](a.md#top) [me](b.md#bottom)\n' >cycle/book/b.md
if th_ok "hostile: structure: chapters linking to themselves and in a cycle build" cycle; then
	if grep -q 'href="b.html#bottom"' cycle/out/site/a.html && grep -q 'href="a.html#top"' cycle/out/site/b.html; then
		pass "hostile: structure: chapters linking to themselves and in a cycle build"
	else
		fail "hostile: structure: chapters linking to themselves and in a cycle build" "the cross-links are missing"
	fi
fi

# 10,000 levels of nested lists and block quotes: no stack overflow.
th_book deep
python3 "$ROOT/tests/hostile_inputs.py" deep >deep/book/a.md
if th_ok "hostile: structure: 10,000-level nested lists and quotes build" deep; then
	th_p=$(th_wellformed deep/out)
	th_n=$(grep -o '<li>' deep/out/site/a.html | wc -l)
	if [ -n "$th_p" ]; then
		fail "hostile: structure: 10,000-level nested lists and quotes build" "$th_p"
	elif [ "$th_n" -lt 20000 ]; then
		fail "hostile: structure: 10,000-level nested lists and quotes build" "only $th_n <li> in the page"
	else
		pass "hostile: structure: 10,000-level nested lists and quotes build"
	fi
fi

# 10,000 headings with the same text: ids stay unique, time stays linear.
th_book same-heads
python3 -c 'print("---\ntitle: Same\n---\n\n" + "## Notes\n\ntext\n\n" * 10000 + "## Notes 1\n")' >same-heads/book/a.md
th_t0=$(date +%s%N)
if th_ok "hostile: structure: 10,000 equal headings get unique ids (GitHub's -1, -2)" same-heads; then
	th_ms=$((($(date +%s%N) - th_t0) / 1000000))
	th_ids=$(grep -o '<h2 id="[^"]*"' same-heads/out/site/a.html | sort | uniq -d | head -n 3)
	if [ -n "$th_ids" ]; then
		fail "hostile: structure: 10,000 equal headings get unique ids (GitHub's -1, -2)" "repeated ids: $th_ids"
	elif ! grep -q '<h2 id="notes-9999"' same-heads/out/site/a.html || ! grep -q '<h2 id="notes-1-1"' same-heads/out/site/a.html; then
		fail "hostile: structure: 10,000 equal headings get unique ids (GitHub's -1, -2)" "no notes-9999 / notes-1-1"
	else
		pass "hostile: structure: 10,000 equal headings get unique ids (GitHub's -1, -2)"
		echo "      (10,000 equal headings: built in $th_ms ms)"
	fi
fi

# ---- a 50 MB chapter ----------------------------------------------------------

th_big_mb=${FOLIO_BIG_MB:-50}
mkdir -p big/book
printf 'title: Big book\n' >big/book/book.yaml
python3 "$ROOT/tests/hostile_inputs.py" big "$th_big_mb" >big/book/big.md
th_t0=$(date +%s%N)
if th_ok "hostile: files: a ${th_big_mb} MB chapter builds" big; then
	th_ms=$((($(date +%s%N) - th_t0) / 1000000))
	pass "hostile: files: a ${th_big_mb} MB chapter builds"
	echo "      (${th_big_mb} MB chapter: built in $th_ms ms; speed is for make bench)"
fi

# ---- interrupted builds -----------------------------------------------------

# th_interrupt NAME SIG WHEN: a good small site in kill-SIG/out, then the big
# book built into it and killed with SIG (WHEN: a delay in seconds, or
# "writing" = as soon as the temporary site folder appears); OUT must still
# hold the small site; a rebuild must work and remove the stale folder.
th_interrupt() {
	local name="hostile: output: $1" sig=$2 when=$3 c=kill-$2-$3 before pid i problems=""
	th_book "$c"
	lib_build_good "$name" "$c" || return
	before=$(lib_snap "$c/out")
	cp big/book/big.md "$c/book/big.md"
	# a background job of a script ignores SIGINT: restore the default
	env --default-signal=INT "$FOLIO" build "$c/book" -o "$c/out" -j 2 >/dev/null 2>"$c/killed.err" &
	pid=$!
	if [ "$when" = writing ]; then
		for ((i = 0; i < 1200; i++)); do
			compgen -G "$c/out/.folio-tmp-*/site/*" >/dev/null && break
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.05
		done
	else
		sleep "$when"
	fi
	if ! kill -s "$sig" "$pid" 2>/dev/null; then
		wait "$pid" 2>/dev/null
		fail "$name" "the build ended before it could be interrupted: nothing was tested (FOLIO_BIG_MB=$th_big_mb is too small?)"
		return
	fi
	wait "$pid" 2>/dev/null
	[ "$(lib_snap "$c/out")" = "$before" ] || problems="$problems
$c/out changed: $(diff <(echo "$before") <(lib_snap "$c/out") | head -n 5)"
	rm -f "$c/book/big.md"
	"$FOLIO" build "$c/book" -o "$c/out" >/dev/null 2>"$c/rebuild.err" || problems="$problems
the rebuild failed: $(head -n 5 "$c/rebuild.err")"
	if compgen -G "$c/out/.folio-tmp-*" >/dev/null; then
		problems="$problems
the rebuild left a stale temporary folder: $(ls -a "$c/out")"
	fi
	[ -f "$c/out/site/a.html" ] || problems="$problems
no site after the rebuild"
	if [ -n "$problems" ]; then
		fail "$name" "${problems#?}"
	else
		pass "$name"
	fi
}
th_interrupt "SIGINT after 0.3 s leaves the previous site in place" INT 0.3
th_interrupt "SIGKILL after 0.3 s leaves the previous site in place" KILL 0.3
th_interrupt "SIGKILL while writing the site leaves the previous site in place" KILL writing
th_interrupt "SIGINT while writing the site leaves the previous site in place" INT writing

# No previous OUT: a killed build leaves no site or EPUB behind.
th_name="hostile: output: a killed first build leaves no half-written site or EPUB"
mkdir -p kill-first
"$FOLIO" build big/book -o kill-first/out >/dev/null 2>&1 &
th_pid=$!
for ((th_i = 0; th_i < 1200; th_i++)); do
	compgen -G "kill-first/out/.folio-tmp-*/site/*" >/dev/null && break
	kill -0 "$th_pid" 2>/dev/null || break
	sleep 0.05
done
if ! kill -KILL "$th_pid" 2>/dev/null; then
	wait "$th_pid" 2>/dev/null
	fail "$th_name" "the build ended before it could be killed: nothing was tested (FOLIO_BIG_MB=$th_big_mb is too small?)"
elif wait "$th_pid" 2>/dev/null; [ -e kill-first/out/site ] || compgen -G "kill-first/out/*.epub" >/dev/null; then
	fail "$th_name" "found: $(ls kill-first/out)"
else
	pass "$th_name"
fi

# ---- read-only and full output disks -----------------------------------------

# th_ns SCRIPT: run a bash script in a private mount namespace (mounts
# vanish with it); the script sees FOLIO and the case folder as $1.
th_ns() {
	unshare -m --propagation private bash -c "$1" th-ns "$2"
}

th_name_ro="hostile: output: a read-only output disk is a clear error, OUT unchanged"
th_name_full="hostile: output: a full output disk is a clear error, OUT unchanged"
if ! command -v unshare >/dev/null || ! unshare -m --propagation private true 2>/dev/null; then
	fail "$th_name_ro" "cannot make a private mount namespace (unshare -m): needs root / CAP_SYS_ADMIN"
	fail "$th_name_full" "cannot make a private mount namespace (unshare -m): needs root / CAP_SYS_ADMIN"
else
	# read-only: a tmpfs holding a good OUT, remounted read-only, then rebuilt
	th_book ro
	printf -- '---\ntitle: Beta\n---\n\nNew chapter.\n' >ro/b.md
	# shellcheck disable=SC2016 # expanded by the inner shell / python, not here
	th_ns '
		c=$1
		mkdir -p "$c/mnt" && mount -t tmpfs -o size=16m tmpfs "$c/mnt" || { echo "MOUNT-FAILED" >"$c/ns.status"; exit 0; }
		"$FOLIO" build "$c/book" -o "$c/mnt/out" >/dev/null 2>"$c/good.err" || { echo "GOOD-FAILED" >"$c/ns.status"; exit 0; }
		(cd "$c/mnt/out" && find . -print | LC_ALL=C sort && find . -type f -exec sha256sum {} + | LC_ALL=C sort) >"$c/before"
		mount -o remount,ro "$c/mnt" || { echo "REMOUNT-FAILED" >"$c/ns.status"; exit 0; }
		cp "$c/b.md" "$c/book/b.md"
		"$FOLIO" build "$c/book" -o "$c/mnt/out" >/dev/null 2>"$c/bad.err"
		echo "rc=$?" >"$c/ns.status"
		(cd "$c/mnt/out" && find . -print | LC_ALL=C sort && find . -type f -exec sha256sum {} + | LC_ALL=C sort) >"$c/after"
	' "$th_dir/ro"
	th_st=$(cat ro/ns.status 2>/dev/null)
	case $th_st in
	rc=*)
		th_p=""
		[ "$th_st" = rc=1 ] || th_p="exit status ${th_st#rc=}, want 1"
		th_l=$(grep -m1 ': error: .*Read-only file system' ro/bad.err)
		case $th_l in
		"$th_dir/ro/mnt/out"*": error: "*) ;;
		*) th_p="$th_p
no 'OUT...: error: ...Read-only file system' line" ;;
		esac
		cmp -s ro/before ro/after || th_p="$th_p
OUT changed"
		if [ -n "$th_p" ]; then fail "$th_name_ro" "${th_p#$'\n'}
$(head -n 5 ro/bad.err)"; else pass "$th_name_ro"; fi
		;;
	*) fail "$th_name_ro" "could not set up the read-only disk: ${th_st:-no status} $(head -n 3 ro/good.err 2>/dev/null)" ;;
	esac

	# full: a tmpfs just big enough for the old site, and a new build with a
	# 2 MB file that cannot fit beside it
	th_book full
	python3 -c 'import os, sys; sys.stdout.buffer.write(os.urandom(2 * 1024 * 1024))' >full/data.bin
	# shellcheck disable=SC2016 # expanded by the inner shell / python, not here
	th_ns '
		c=$1
		mkdir -p "$c/probe" "$c/mnt"
		"$FOLIO" build "$c/book" -o "$c/probe/out" >/dev/null 2>&1 || { echo "GOOD-FAILED" >"$c/ns.status"; exit 0; }
		kb=$(( $(du -sk "$c/probe/out" | cut -f1) * 2 + 256 ))
		mount -t tmpfs -o size=${kb}k tmpfs "$c/mnt" || { echo "MOUNT-FAILED" >"$c/ns.status"; exit 0; }
		"$FOLIO" build "$c/book" -o "$c/mnt/out" >/dev/null 2>"$c/good.err" || { echo "GOOD-FAILED" >"$c/ns.status"; exit 0; }
		(cd "$c/mnt/out" && find . -print | LC_ALL=C sort && find . -type f -exec sha256sum {} + | LC_ALL=C sort) >"$c/before"
		cp "$c/data.bin" "$c/book/data.bin"
		printf -- "---\ntitle: Alpha\n---\n\n[data](data.bin)\n" >"$c/book/a.md"
		"$FOLIO" build "$c/book" -o "$c/mnt/out" >/dev/null 2>"$c/bad.err"
		echo "rc=$?" >"$c/ns.status"
		(cd "$c/mnt/out" && find . -print | LC_ALL=C sort && find . -type f -exec sha256sum {} + | LC_ALL=C sort) >"$c/after"
		ls -a "$c/mnt/out" >"$c/left"
	' "$th_dir/full"
	th_st=$(cat full/ns.status 2>/dev/null)
	case $th_st in
	rc=*)
		th_p=""
		[ "$th_st" = rc=1 ] || th_p="exit status ${th_st#rc=}, want 1"
		th_l=$(grep -m1 ': error: .*No space left on device' full/bad.err)
		case $th_l in
		"$th_dir/full/mnt/out"*": error: "*) ;;
		*) th_p="$th_p
no 'OUT/...: error: ...No space left on device' line" ;;
		esac
		cmp -s full/before full/after || th_p="$th_p
OUT changed"
		grep -q '^\.folio-tmp-' full/left && th_p="$th_p
a temporary folder was left in OUT"
		if [ -n "$th_p" ]; then fail "$th_name_full" "${th_p#$'\n'}
$(head -n 5 full/bad.err)"; else pass "$th_name_full"; fi
		;;
	*) fail "$th_name_full" "could not set up the full disk: ${th_st:-no status} $(head -n 3 full/good.err 2>/dev/null)" ;;
	esac
fi

# ---- escaping -------------------------------------------------------------------

# The hostile string in every field a writer controls; it must come out as
# text in the pages, their attributes, the JSON-LD and the EPUB.
mkdir -p esc/book
lib_png esc/book/images/p.png
python3 "$ROOT/tests/hostile_escape.py" write esc/book
th_name="hostile: escaping: hostile strings are text in the HTML, attributes and JSON-LD"
th_name2="hostile: escaping: hostile strings are text in the EPUB's XHTML, OPF and NCX"
if th_ok "$th_name" esc; then
	python3 "$ROOT/tests/hostile_escape.py" check esc/out >esc/check.txt 2>&1
	if grep -q '^SITE-OK$' esc/check.txt; then pass "$th_name"; else fail "$th_name" "$(grep -v '^EPUB' esc/check.txt | head -n 20)"; fi
	if grep -q '^EPUB-OK$' esc/check.txt; then pass "$th_name2"; else fail "$th_name2" "$(grep -v '^SITE' esc/check.txt | head -n 20)"; fi
	th_name3="hostile: escaping: the Nu checker finds no error in the hostile site"
	th_vnu=${VNU_JAR:-$ROOT/tests/node/node_modules/vnu-jar/build/dist/vnu.jar}
	if [ -f "$th_vnu" ] && command -v java >/dev/null; then
		if java -jar "$th_vnu" --errors-only --skip-non-html esc/out/site >esc/vnu.txt 2>&1; then
			pass "$th_name3"
		else
			fail "$th_name3" "$(head -n 15 esc/vnu.txt)"
		fi
	else
		fail "$th_name3" "no Nu checker at $th_vnu (run make test-deps)"
	fi
else
	fail "$th_name2" "the hostile book did not build"
fi

# ---- files that are not regular files; over-long names (issue 13) ----------

# th_special NAME CASE FILE KEYWORD BREAK: like th_case, but the broken
# build must end within 5 s (a FIFO must not block it)
th_special() {
	local name="hostile: $1" c=$2 file=$3 kw=$4 brk=$5 before rc t0
	lib_build_good "$name" "$c" || return
	before=$(lib_snap "$c/out")
	eval "$brk"
	t0=$(date +%s)
	timeout 5 "$FOLIO" build "$c/book" -o "$c/out" >"$c/bad.out" 2>"$c/bad.err"
	rc=$?
	[ "$rc" = 124 ] && echo "timed out after 5 s ($(($(date +%s) - t0)) s)" >>"$c/bad.err"
	lib_check_failed "$name" "$c" "$rc" "$c/bad.err" "$c/book/$file: error:" "$kw" "$before" "$brk"
}
th_book fifo-yaml
th_special "files: a FIFO book.yaml fails within 5 s: not a regular file" fifo-yaml book.yaml "not a regular file (a FIFO)" \
	"rm fifo-yaml/book/book.yaml && mkfifo fifo-yaml/book/book.yaml"
th_book fifo-ui
th_special "files: a FIFO ui.yaml fails within 5 s: not a regular file" fifo-ui ui.yaml "not a regular file (a FIFO)" \
	"mkfifo fifo-ui/book/ui.yaml"
th_book zero-yaml
th_special "files: book.yaml linked to /dev/zero fails at once: not a regular file" zero-yaml book.yaml "not a regular file (a device)" \
	"ln -sf /dev/zero zero-yaml/book/book.yaml"

# 255-byte asset names: plain ASCII, and non-ASCII (tripled by escaping)
th_name="hostile: files: 255-byte asset file names (ASCII and non-ASCII) build"
th_book longname
th_l=$(printf 'a%.0s' $(seq 251)).png
th_n=$(python3 -c 'print("\u00e9" * 125 + "x.png", end="")')
lib_png "longname/book/$th_l"
lib_png "longname/book/$th_n"
printf -- '---\ntitle: Alpha\n---\n\n![one](%s) ![two](<%s>) [data](<%s>)\n' "$th_l" "$th_n" "$th_n" >longname/book/a.md
if th_ok "$th_name" longname; then
	th_p=$(th_wellformed longname/out)
	th_st=$(find longname/out/site/media -type f | wc -l)
	if [ -n "$th_p" ]; then
		fail "$th_name" "$th_p"
	elif [ "$th_st" != 2 ]; then
		fail "$th_name" "want 2 files in site/media, found: $(ls longname/out/site/media)"
	elif ! cmp -s "longname/book/$th_n" "$(find longname/out/site/media -type f -name '*~*' | head -n 1)"; then
		fail "$th_name" "no shortened copy of the non-ASCII asset: $(ls longname/out/site/media)"
	else
		pass "$th_name"
	fi
fi

cd "$ROOT" || true
unset th_dir th_p th_name th_name2 th_name3 th_name_ro th_name_full th_st th_l th_t0 th_ms th_ids th_n \
	th_big_mb th_pid th_i th_u th_before th_rc th_vnu
unset -f th_special
