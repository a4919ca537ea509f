# folio serve's incremental rebuilds (issue 11): after every edit the served
# tree (OUT/site, the EPUB inside it, the links beside it) must hold exactly
# the bytes a fresh full build of the same book gives.  A book with folders,
# a home page, a 404 page, an image, cross-links and its own copy of the
# theme is served; then a series of edits (text, title, heading, new file,
# deleted file, renamed file, a failed build and its fix, an image, theme
# CSS, a template, a theme file removed, book.yaml's title, which renames
# the EPUB) is applied one at a time, and after each the server's tree is
# compared with `folio build` into a fresh folder (diff -r).  Also checked:
# the rebuilds update OUT/site in place (the folder itself is not replaced)
# and reuse unchanged chapters' parses.
# Sourced by tests/run.sh: uses FOLIO, ROOT, TMP, pass and fail.

. "$ROOT/tests/lib.sh"

ti_pid=""
ti_stop() {
	if [ -n "$ti_pid" ]; then
		kill -KILL "$ti_pid" 2>/dev/null
		wait "$ti_pid" 2>/dev/null
		ti_pid=""
	fi
}
trap ti_stop EXIT
trap 'ti_stop; exit 143' TERM INT

ti_dir=$TMP/incremental
ti_book=$ti_dir/book
ti_out=$ti_dir/out
ti_log=$ti_dir/serve.err
export SOURCE_DATE_EPOCH=1700000000
rm -rf "$ti_dir"
mkdir -p "$ti_book/folder" "$ti_book/themes"
cp -r "$ROOT/themes/default" "$ti_book/themes/default"
printf 'title: Incremental\nlanguage: en\nbase_url: https://example.org/inc/\n' >"$ti_book/book.yaml"
printf -- '---\ntitle: Welcome\n---\n\nStart with [A](a.md).\n' >"$ti_book/index.md"
printf -- '---\ntitle: Not here\n---\n\nThat page is gone.\n' >"$ti_book/404.md"
printf -- '---\ntitle: A\norder: 1\n---\n\nSee [beta](b.md#beta-part) and [the folder](folder/).\n\n## Alpha part\n\nText.\n' >"$ti_book/a.md"
printf -- '---\ntitle: B\norder: 2\n---\n\n## Beta part\n\n![A picture](pic.png)\n\nBack to [A](a.md#alpha-part).\n' >"$ti_book/b.md"
printf -- '---\ntitle: The folder\norder: 3\n---\n\nA folder page.\n' >"$ti_book/folder/index.md"
printf -- '---\ntitle: C\n---\n\n## Gamma\n\nIn the folder.\n' >"$ti_book/folder/c.md"
lib_png "$ti_book/pic.png"

# ti_built N: the status reports a build above N and its EPUB is written
ti_status() { curl -s "$ti_url/__folio/status"; }
ti_build() { ti_status | sed -n 's/.*"build":\([0-9]*\).*/\1/p'; }
ti_wait() {
	local n=0 b
	while [ "$n" -lt 100 ]; do
		b=$(ti_build)
		if [ -n "$b" ] && [ "$b" -gt "$1" ] && grep -q "^folio: build $b: EPUB written\|^folio: build $b failed" "$ti_log"; then
			ti_b=$b
			return 0
		fi
		sleep 0.1
		n=$((n + 1))
	done
	return 1
}
# ti_quiet: no further build starts within 0.4 s (one edit, one build)
ti_quiet() {
	local b
	b=$(ti_build)
	sleep 0.4
	[ "$(ti_build)" = "$b" ] || ti_wait "$b"
}

# ti_start OUTFILE TRIES: folio serve on $ti_book into $ti_out, its stdout
# in OUTFILE; waits (TRIES tenths of a second) for its port and its first
# build.  Returns 1 when it did not start.
ti_start() {
	"$FOLIO" serve "$ti_book" -o "$ti_out" -p 0 -j 2 >"$1" 2>"$ti_log" &
	ti_pid=$!
	ti_port=""
	for _ in $(seq "$2"); do
		ti_port=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9][0-9]*\)/.*|\1|p' "$1")
		[ -n "$ti_port" ] && break
		sleep 0.1
	done
	ti_url=http://127.0.0.1:$ti_port
	ti_b=0
	[ -n "$ti_port" ] && ti_wait 0
}

if ! ti_start "$ti_dir/serve.out" 150; then
	fail "incremental: folio serve starts" "$(cat "$ti_dir/serve.out" "$ti_log")"
	ti_stop
	trap - EXIT TERM INT
	unset SOURCE_DATE_EPOCH
	return 0
fi
ti_site_ino=$(stat -c %i "$ti_out/site")

# ti_same NAME: the served tree is a fresh full build's, byte for byte
ti_same() {
	local full=$ti_dir/full d
	rm -rf "$full"
	if ! "$FOLIO" build "$ti_book" -o "$full" -j 1 >"$ti_dir/full.log" 2>&1; then
		fail "incremental: $1: the served tree is a full build's" "the full build failed: $(cat "$ti_dir/full.log")"
		return
	fi
	d=$(diff -r "$ti_out/site" "$full/site" 2>&1 | head -n 20)
	d=$d$(diff <(ls -A "$ti_out" | grep -v '^\.folio-') <(ls -A "$full" | grep -v '^\.folio-') | head -n 5)
	if [ -z "$d" ] && [ -n "$(ls -A "$ti_out/site")" ]; then
		pass "incremental: $1: the served tree is a full build's, byte for byte"
	else
		fail "incremental: $1: the served tree is a full build's, byte for byte" "$d
$(tail -n 5 "$ti_log")"
	fi
}
# ti_edit NAME COMMAND...: apply one edit, wait for its build, compare
ti_edit() {
	local name=$1 before=$ti_b
	shift
	"$@"
	if ! ti_wait "$before"; then
		fail "incremental: $name: rebuilt" "no build after build $before: $(tail -n 5 "$ti_log")"
		return
	fi
	ti_quiet
	ti_same "$name"
}

ti_same "the first build"
ti_edit "text edited" eval 'printf "\nA new paragraph KILO.\n" >>"$ti_book/a.md"'
if [ "$(stat -c %i "$ti_out/site")" = "$ti_site_ino" ] && grep -q KILO "$ti_out/site/a.html"; then
	pass "incremental: a rebuild updates OUT/site in place (the folder is not replaced)"
else
	fail "incremental: a rebuild updates OUT/site in place (the folder is not replaced)" \
		"site inode $ti_site_ino -> $(stat -c %i "$ti_out/site")"
fi
ti_edit "title changed" sed -i 's/^title: B$/title: Bee/' "$ti_book/b.md"
ti_edit "heading changed" sed -i 's/^## Gamma$/## Gamma ray/' "$ti_book/folder/c.md"
ti_edit "file added" eval 'printf -- "---\ntitle: D\norder: 4\n---\n\nNew [link](a.md#alpha-part).\n" >"$ti_book/d.md"'
ti_edit "file renamed" mv "$ti_book/d.md" "$ti_book/e.md"
ti_edit "file deleted" rm "$ti_book/folder/c.md"

# A failed build changes nothing; its fix is the full build's again.
ti_before=$ti_b
cp -r "$ti_out/site" "$ti_dir/good"
printf -- '---\ntitle: A\norder: 1\n---\n\nSee [nothing](missing.md).\n' >"$ti_book/a.md"
if ti_wait "$ti_before" && ti_status | grep -q '"ok":false' && diff -r "$ti_dir/good" "$ti_out/site" >/dev/null; then
	pass "incremental: a failed rebuild leaves the served tree as it was"
else
	fail "incremental: a failed rebuild leaves the served tree as it was" "$(ti_status | head -c 300)
$(diff -r "$ti_dir/good" "$ti_out/site" | head -n 5)"
fi
rm -rf "$ti_dir/good"
ti_edit "fixed after a failed build" eval 'printf -- "---\ntitle: A\norder: 1\n---\n\n## Alpha part\n\nSee [E](e.md).\n" >"$ti_book/a.md"'

ti_edit "image replaced" eval 'lib_png "$ti_book/pic.tmp"; printf "other bytes" >>"$ti_book/pic.tmp"; mv "$ti_book/pic.tmp" "$ti_book/pic.png"'
ti_edit "image size changed (pages showing it)" python3 -c '
import struct, sys, zlib
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
raw = b"".join(b"\0" + b"\xff\x00\x00" * 3 for _ in range(2))
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 3, 2, 8, 2, 0, 0, 0)) +
    chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))' "$ti_book/pic.png"
ti_edit "a link added (the target's backlinks)" eval 'printf "\nSee [Bee](b.md).\n" >>"$ti_book/e.md"'
ti_edit "order changed (prev/next, contents)" sed -i 's/^order: 4$/order: 0/' "$ti_book/e.md"
ti_edit "summary added" sed -i 's/^title: Bee$/title: Bee\nsummary: About bees./' "$ti_book/b.md"
ti_css=$(cd "$ti_book/themes/default" && find assets -name '*.css' | LC_ALL=C sort | head -n 1)
ti_edit "theme CSS edited" eval 'printf "\n/* LIMA */\n" >>"$ti_book/themes/default/$ti_css"'
ti_edit "template edited" eval 'sed -i "1s/^/{{! a comment }}/" "$ti_book/themes/default/templates/chapter.mustache"'
ti_edit "theme asset added" eval 'printf "/* MIKE */\n" >"$ti_book/themes/default/assets/extra.js"'
ti_edit "theme asset removed" rm "$ti_book/themes/default/assets/extra.js"
ti_edit "book.yaml title changed (the EPUB's name with it)" sed -i 's/^title: Incremental$/title: Incremental two/' "$ti_book/book.yaml"
ti_edit "text edited after the EPUB's rename" eval 'printf "\nNOVEMBER.\n" >>"$ti_book/e.md"'

# Only changed chapters are parsed again: the server says so with --timings
# (not asked for here), so count the pages rewritten instead: the last edit
# touched e.md alone, and the folder page's page kept its inode.
ti_ino=$(stat -c %i "$ti_out/site/index.html")
ti_edit "text edited again" eval 'printf "\nOSCAR.\n" >>"$ti_book/e.md"'
if [ "$(stat -c %i "$ti_out/site/index.html")" = "$ti_ino" ]; then
	pass "incremental: a page whose bytes did not change is not rewritten"
else
	fail "incremental: a page whose bytes did not change is not rewritten" "index.html was replaced"
fi

ti_stop

# A book of 520 chapters and no home chapter: its contents come from the
# shared script (assets/toc-data.js), its search index in two parts, and
# its home, search and 404 pages are left as they are by a rebuild whose
# navigation did not change; each edit must still give a full build's bytes.
ti_book=$ti_dir/big
ti_out=$ti_dir/big-out
ti_log=$ti_dir/big-serve.err
mkdir -p "$ti_book"
printf 'title: Big\nlanguage: en\n' >"$ti_book/book.yaml"
printf -- '---\ntitle: Gone\n---\n\nNothing here.\n' >"$ti_book/404.md"
python3 - "$ti_book" <<'PY'
import sys
for i in range(1, 521):
    nxt = i % 520 + 1
    open(f"{sys.argv[1]}/p{i:03d}.md", "w").write(
        f"---\ntitle: Page {i}\norder: {i}\n---\n\n## Part {i}\n\nWords of page {i}; see [page {nxt}](p{nxt:03d}.md#part-{nxt}).\n")
PY
# (files changed within 2 s of a load are read again at the next one, as
# git treats racily clean files: let them age, so the rebuilds take the
# unchanged chapters from the load cache)
sleep 2.2
if ! ti_start "$ti_dir/big-serve.out" 300; then
	fail "incremental: big book: folio serve starts" "$(cat "$ti_dir/big-serve.out" "$ti_log")"
else
	[ -f "$ti_out/site/assets/toc-data.js" ] && [ -f "$ti_out/site/assets/search-index-2.js" ]
	ti_r=$?
	if [ "$ti_r" = 0 ]; then pass "incremental: big book: its contents script and a 2-part search index are written"
	else fail "incremental: big book: its contents script and a 2-part search index are written" "$(ls "$ti_out/site/assets")"; fi
	ti_inos() { for f in index.html assets/toc-data.js 404.html search.html assets/search-index-2.js; do stat -c %i "$ti_out/site/$f"; done | tr '\n' ' '; }
	ti_ino=$(ti_inos)
	ti_edit "big book: text edited" eval 'printf "\nA new line QUEBEC.\n" >>"$ti_book/p300.md"'
	if [ "$(ti_inos)" = "$ti_ino" ] && grep -q QUEBEC "$ti_out/site/p300.html" && grep -q QUEBEC "$ti_out/site/assets/search-index-1.js"; then
		pass "incremental: big book: a text edit rewrites its page and its part of the index, not the home, search or 404 page, the contents script or the other part"
	else
		fail "incremental: big book: a text edit rewrites its page and its part of the index, not the home, search or 404 page, the contents script or the other part" \
			"inodes of index.html toc-data.js 404.html search.html search-index-2.js: $ti_ino-> $(ti_inos)"
	fi
	ti_edit "big book: a chapter rewritten with the same size and its old modification time" python3 -c '
import os, sys
p = sys.argv[1]
st = os.stat(p)
t = open(p).read()
open(p, "w").write(t.replace("Words of page", "Wordz of page"))
os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))' "$ti_book/p200.md"
	if grep -q "Wordz of page 200" "$ti_out/site/p200.html"; then
		pass "incremental: big book: a same-size edit under the old modification time is seen (its change time differs)"
	else
		fail "incremental: big book: a same-size edit under the old modification time is seen (its change time differs)" "$(grep -o "Word. of page 200" "$ti_out/site/p200.html")"
	fi
	ti_edit "big book: a title changed (home page and contents script)" sed -i 's/^title: Page 7$/title: Page seven/' "$ti_book/p007.md"
	ti_edit "big book: the 404 page's text changed" eval 'printf "\nStill nothing ROMEO.\n" >>"$ti_book/404.md"'
	ti_edit "big book: a chapter added (a third part of the index)" eval 'for i in $(seq 521 1001); do printf -- "---\ntitle: Added $i\norder: $i\n---\n\nAdded.\n" >"$ti_book/q$i.md"; done'
	ti_edit "big book: chapters deleted (back to two parts)" eval 'rm "$ti_book"/q*.md'
	ti_edit "big book: the home page removed by hand, then a text edit" eval 'rm "$ti_out/site/index.html"; printf "\nSIERRA.\n" >>"$ti_book/p001.md"'
fi
ti_stop
trap - EXIT TERM INT
unset SOURCE_DATE_EPOCH
unset -f ti_start ti_inos ti_stop ti_status ti_build ti_wait ti_quiet ti_same ti_edit
unset ti_pid ti_dir ti_book ti_out ti_log ti_port ti_url ti_b ti_site_ino ti_before ti_css ti_ino ti_r
