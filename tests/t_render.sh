# Golden render files (like cmark's spec tests and lowdown's regress/): each
# tests/render/NAME.md is rendered with `folio render --to=html` and
# `--to=xhtml` from inside tests/render/ and compared byte for byte with
# NAME.html and NAME.xhtml; its diagnostics with NAME.err (a case without
# NAME.err must print none).  A case whose NAME.err holds an error must exit
# 1 and print no body; every other case must exit 0, and its XHTML must be
# well-formed XML.  A new case is NAME.md plus its expected files:
#     FOLIO_RENDER_UPDATE=1 bash tests/run.sh render   # writes them; read the diff!
# Fast tier: no Java, Node or Chromium.  Sourced by tests/run.sh.

tr_dir=$ROOT/tests/render
tr_out=$TMP/render
mkdir -p "$tr_out"
if [ ! -x "$FOLIO" ]; then
	fail "render: $FOLIO exists" "not built? run: make folio"
	return 0
fi

# tr_wellformed FILE: the XHTML fragment parses as XML (inside one root
# that declares the epub: prefix, as the EPUB's documents do)
tr_wellformed() {
	python3 "$ROOT/tests/xhtml_wellformed.py" "$1"
}

tr_n=0
for tr_md in "$tr_dir"/*.md; do
	tr_name=$(basename "$tr_md" .md)
	tr_n=$((tr_n + 1))
	for tr_fmt in html xhtml; do
		(cd "$tr_dir" && "$FOLIO" render --to=$tr_fmt "$tr_name.md") >"$tr_out/$tr_name.$tr_fmt" 2>"$tr_out/$tr_name.$tr_fmt.err"
		echo $? >"$tr_out/$tr_name.$tr_fmt.rc"
	done
	if [ "${FOLIO_RENDER_UPDATE:-0}" = 1 ]; then
		cp "$tr_out/$tr_name.html" "$tr_dir/$tr_name.html"
		cp "$tr_out/$tr_name.xhtml" "$tr_dir/$tr_name.xhtml"
		if [ -s "$tr_out/$tr_name.html.err" ]; then
			cp "$tr_out/$tr_name.html.err" "$tr_dir/$tr_name.err"
		else
			rm -f "$tr_dir/$tr_name.err"
		fi
	fi
	tr_problems=""
	tr_want_rc=0
	[ -f "$tr_dir/$tr_name.err" ] && grep -q ': error: ' "$tr_dir/$tr_name.err" && tr_want_rc=1
	for tr_fmt in html xhtml; do
		tr_rc=$(cat "$tr_out/$tr_name.$tr_fmt.rc")
		[ "$tr_rc" = "$tr_want_rc" ] || tr_problems="$tr_problems
--to=$tr_fmt: exit status $tr_rc, want $tr_want_rc"
		if [ ! -f "$tr_dir/$tr_name.$tr_fmt" ]; then
			tr_problems="$tr_problems
no expected file $tr_name.$tr_fmt (write it with FOLIO_RENDER_UPDATE=1)"
		elif ! cmp -s "$tr_dir/$tr_name.$tr_fmt" "$tr_out/$tr_name.$tr_fmt"; then
			tr_problems="$tr_problems
--to=$tr_fmt differs from $tr_name.$tr_fmt:
$(diff "$tr_dir/$tr_name.$tr_fmt" "$tr_out/$tr_name.$tr_fmt" | head -n 15)"
		fi
		if [ -f "$tr_dir/$tr_name.err" ]; then
			cmp -s "$tr_dir/$tr_name.err" "$tr_out/$tr_name.$tr_fmt.err" || tr_problems="$tr_problems
--to=$tr_fmt: diagnostics differ from $tr_name.err:
$(diff "$tr_dir/$tr_name.err" "$tr_out/$tr_name.$tr_fmt.err" | head -n 10)"
		elif [ -s "$tr_out/$tr_name.$tr_fmt.err" ]; then
			tr_problems="$tr_problems
--to=$tr_fmt printed diagnostics but there is no $tr_name.err:
$(head -n 5 "$tr_out/$tr_name.$tr_fmt.err")"
		fi
	done
	if [ "$tr_want_rc" = 1 ]; then
		[ -s "$tr_out/$tr_name.html" ] && tr_problems="$tr_problems
a failed render printed a body"
	elif ! tr_msg=$(tr_wellformed "$tr_out/$tr_name.xhtml"); then
		tr_problems="$tr_problems
the XHTML is not well-formed: $tr_msg"
	fi
	if [ -z "$tr_problems" ]; then
		pass "render: $tr_name"
	else
		fail "render: $tr_name" "${tr_problems#$'\n'}"
	fi
done
if [ "$tr_n" -ge 60 ]; then
	pass "render: at least 60 golden cases ($tr_n)"
else
	fail "render: at least 60 golden cases ($tr_n)" "add cases to tests/render/"
fi
unset tr_dir tr_out tr_md tr_name tr_fmt tr_rc tr_want_rc tr_problems tr_n tr_msg
unset -f tr_wellformed
