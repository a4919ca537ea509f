# folio init: a new book that builds as it is (strict: no warning), valid
# EPUB; the title is kept whatever it holds; a non-empty folder, a bad
# language tag and build options are refused without writing anything.
# Sourced by tests/run.sh: uses ROOT, FOLIO, TMP, pass and fail.

if [ ! -x "$FOLIO" ]; then
	fail "init: $FOLIO exists" "not built? run: make folio"
	return 0
fi
cd "$TMP" || return 0

ti_title='Le "pain": #1 & <co>'
if "$FOLIO" init fresh/book --title "$ti_title" --language fr >ti.out 2>ti.err &&
	[ -f fresh/book/book.yaml ] && [ -f fresh/book/index.md ]; then
	pass "init: a new book in a missing folder (exit 0)"
	"$FOLIO" build fresh/book -o fresh/out --strict >ti.build.out 2>ti.build.err
	ti_rc=$?
	if [ "$ti_rc" = 0 ] && [ ! -s ti.build.err ]; then
		pass "init: the new book builds with --strict and no diagnostic"
	else
		fail "init: the new book builds with --strict and no diagnostic" "exit $ti_rc
$(head -n 20 ti.build.err)"
	fi
	if grep -qF '<title>Welcome — Le &quot;pain&quot;: #1 &amp; &lt;co&gt;</title>' fresh/out/site/index.html ||
		grep -qF '<title>Le &quot;pain&quot;: #1 &amp; &lt;co&gt;</title>' fresh/out/site/index.html; then
		pass "init: the title with quotes, a colon, # and markup comes through as written"
	else
		fail "init: the title with quotes, a colon, # and markup comes through as written" \
			"$(grep -o '<title>[^<]*</title>' fresh/out/site/index.html)"
	fi
	if grep -qF 'href="second-chapter.html#questions"' fresh/out/site/first-chapter.html &&
		grep -qF 'class="stretch"' fresh/out/site/first-chapter.html &&
		grep -qF '<details' fresh/out/site/second-chapter.html; then
		pass "init: the example chapters show a checked cross-link, a stretch and an FAQ"
	else
		fail "init: the example chapters show a checked cross-link, a stretch and an FAQ" "$(ls fresh/out/site)"
	fi
	ti_epub=$(ls fresh/out/*.epub 2>/dev/null | head -n 1)
	if [ ! -f /usr/share/java/epubcheck.jar ]; then
		fail "init: epubcheck finds no error in the new book's EPUB" "epubcheck is not installed (make test-deps)"
	elif ti_chk=$(java -jar /usr/share/java/epubcheck.jar "$ti_epub" 2>&1) &&
		grep -q 'No errors or warnings detected' <<<"$ti_chk"; then
		pass "init: epubcheck finds no error in the new book's EPUB"
	else
		fail "init: epubcheck finds no error in the new book's EPUB" "$(tail -n 20 <<<"$ti_chk")"
	fi
else
	fail "init: a new book in a missing folder (exit 0)" "$(cat ti.out ti.err)"
fi

# a folder with something in it is left alone
mkdir -p full
echo "my notes" >full/notes.txt
"$FOLIO" init full >ti.full.out 2>ti.full.err
ti_rc=$?
if [ "$ti_rc" = 1 ] && grep -qF "full: error:" ti.full.err && [ "$(ls full)" = notes.txt ] &&
	[ "$(cat full/notes.txt)" = "my notes" ]; then
	pass "init: a folder that is not empty is refused (exit 1) and left as it was"
else
	fail "init: a folder that is not empty is refused (exit 1) and left as it was" "exit $ti_rc; $(cat ti.full.err); ls: $(ls full)"
fi

# a file, or a FIFO, given as the folder: the message says what it is (issue 13)
printf 'notes\n' >afile
mkfifo afifo
ti_bad=""
for ti_f in "afile:a regular file" "afifo:a FIFO"; do
	"$FOLIO" init "${ti_f%%:*}" >ti.f.out 2>ti.f.err
	ti_rc=$?
	grep -qF "${ti_f%%:*}: error: this is ${ti_f#*:}, not a folder" ti.f.err && [ "$ti_rc" = 1 ] || ti_bad="$ti_bad
${ti_f%%:*}: exit $ti_rc; $(cat ti.f.err)"
done
if [ -z "$ti_bad" ] && [ "$(cat afile)" = notes ]; then
	pass "init: a file or a FIFO given as the folder is refused, saying what it is"
else
	fail "init: a file or a FIFO given as the folder is refused, saying what it is" "${ti_bad#?}"
fi
rm -f afile afifo

# usage errors write nothing
ti_bad=""
for ti_args in "lang --language e_n" "opts -o x" "strict --strict" "title --title"; do
	ti_dir=${ti_args%% *}
	# shellcheck disable=SC2086 # the arguments are words
	"$FOLIO" init "u-$ti_dir" ${ti_args#* } >/dev/null 2>&1
	ti_rc=$?
	[ "$ti_rc" = 2 ] && [ ! -e "u-$ti_dir" ] || ti_bad="$ti_bad
init u-$ti_dir ${ti_args#* }: exit $ti_rc$([ -e "u-$ti_dir" ] && echo ', and the folder was created')"
done
if [ -z "$ti_bad" ]; then
	pass "init: a bad language tag or an option init does not take is a usage error (exit 2), nothing written"
else
	fail "init: a bad language tag or an option init does not take is a usage error (exit 2), nothing written" "${ti_bad#?}"
fi
