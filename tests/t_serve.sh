# folio serve: the live preview.  A tiny book written into $TMP is served on
# a free port (-p 0: the server prints the one it got) and checked with curl:
# content types, the live-reload script in served pages only, 404 with the
# site's 404 page, path traversal refused, POST refused, a rebuild after an
# edit, a broken link reported as FILE:LINE:COL: error: (status endpoint,
# overlay in the page, terminal) while the last good site stays served, the
# error cleared after the fix, and a clean exit 0 on SIGINT.  Then the
# watcher and the limits (issues 11, 13): an edit rebuilt within 1 s, new
# folders watched, one rebuild per write-then-rename save, held event
# streams (own limit, 503, pages still served, slots freed), Host checks,
# a FIFO in the site, OUT inside the book, a theme given by path, the
# polling fallback, and loopback spelt 127.1.
# Sourced by tests/run.sh: uses FOLIO, TMP, pass and fail.

ts_pid=""
# Never leave a server behind, whatever happens to this plugin.
ts_stop() {
	if [ -n "$ts_pid" ]; then
		kill -KILL "$ts_pid" 2>/dev/null
		wait "$ts_pid" 2>/dev/null
		ts_pid=""
	fi
}
trap ts_stop EXIT
trap 'ts_stop; exit 143' TERM INT

if [ ! -x "$FOLIO" ]; then
	fail "serve: $FOLIO exists" "not built? run: make folio"
	return 0
fi
if ! command -v curl >/dev/null 2>&1; then
	fail "serve: curl is installed" "apt-get install curl"
	return 0
fi

ts_book=$TMP/book
ts_out=$TMP/out
ts_log=$TMP/serve.err
mkdir -p "$ts_book"
printf 'title: Serve test\n' >"$ts_book/book.yaml"
ts_one() { # ts_one TEXT TARGET: write one.md (the link is at line 8, column 5)
	printf -- '---\ntitle: One\norder: 1\n---\n\n%s\n\nSee [two](%s).\n' "$1" "$2" >"$ts_book/one.md"
}
ts_one "First text, version ALPHA." "two.md#second-part"
printf -- '---\ntitle: Two\norder: 2\n---\n\n## Second part\n\nThe end.\n' >"$ts_book/two.md"

: >"$TMP/serve.out"
"$FOLIO" serve "$ts_book" -o "$ts_out" -p 0 >>"$TMP/serve.out" 2>"$ts_log" &
ts_pid=$!

# ts_until SECONDS COMMAND...: run COMMAND every 0.1 s until it succeeds
ts_until() {
	local n=$(($1 * 10))
	shift
	while [ "$n" -gt 0 ]; do
		"$@" && return 0
		sleep 0.1
		n=$((n - 1))
	done
	return 1
}
ts_port=""
ts_ready() {
	ts_port=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9][0-9]*\)/.*|\1|p' "$TMP/serve.out")
	[ -n "$ts_port" ] && curl -s -o /dev/null "http://127.0.0.1:$ts_port/"
}
if ! ts_until 15 ts_ready; then
	fail "serve: starts and answers on the port it prints" "stdout: $(cat "$TMP/serve.out")
stderr: $(cat "$ts_log")"
	ts_stop
	trap - EXIT TERM INT
	unset -f ts_stop ts_one ts_until ts_ready
	unset ts_pid ts_book ts_out ts_log ts_port
	return 0
fi
pass "serve: starts and answers on the port it prints"
ts_url=http://127.0.0.1:$ts_port

# ts_get PATH [CURL OPTIONS...]: body in $TMP/body, headers in $TMP/head, status in ts_code
ts_get() {
	local p=$1
	shift
	ts_code=$(curl -s --path-as-is -D "$TMP/head" -o "$TMP/body" -w '%{http_code}' "$@" "$ts_url$p")
}
ts_header() { # ts_header NAME: the header's value (last response)
	tr -d '\r' <"$TMP/head" | awk -v n="$1" 'tolower(substr($0, 1, length(n) + 1)) == tolower(n) ":" { sub(/^[^:]*: */, ""); print; exit }'
}
ts_status() { curl -s "$ts_url/__folio/status"; }
ts_build() { ts_status | sed -n 's/.*"build":\([0-9]*\).*/\1/p'; }

# Only on the loopback interface (the default --host).
ts_hexport=$(printf '%04X' "$ts_port")
if grep -q "^ *[0-9]*: 0100007F:$ts_hexport 00000000:0000 0A" /proc/net/tcp &&
	! grep -q "^ *[0-9]*: 00000000:$ts_hexport .* 0A" /proc/net/tcp &&
	! grep -qi ":$ts_hexport 0\{32\}:0000 0A" /proc/net/tcp6 2>/dev/null; then
	pass "serve: listens on 127.0.0.1 only"
else
	fail "serve: listens on 127.0.0.1 only" "$(grep -i ":$ts_hexport " /proc/net/tcp /proc/net/tcp6 2>/dev/null)"
fi

# DNS rebinding: a request naming another host is refused; local names pass.
ts_hosts_bad=""
for ts_h in "evil.example" "evil.example:$ts_port" "127.0.0.1.evil.example" "localhost.evil.example" "[::2]:$ts_port" "localhost:"; do
	ts_get / -H "Host: $ts_h"
	[ "$ts_code" = 403 ] || ts_hosts_bad="$ts_hosts_bad
Host: $ts_h -> $ts_code, want 403"
done
for ts_h in "localhost:$ts_port" "127.0.0.1:$ts_port" "LOCALHOST" "[::1]:$ts_port" "book.localhost:$ts_port"; do
	ts_get / -H "Host: $ts_h"
	[ "$ts_code" = 200 ] || ts_hosts_bad="$ts_hosts_bad
Host: $ts_h -> $ts_code, want 200"
done
if [ -z "$ts_hosts_bad" ]; then
	pass "serve: answers only requests for a local host name (DNS rebinding)"
else
	fail "serve: answers only requests for a local host name (DNS rebinding)" "${ts_hosts_bad#?}"
fi

ts_get /
if [ "$ts_code" = 200 ] && ts_header Content-Type | grep -q '^text/html' &&
	grep -q '/__folio/events' "$TMP/body" && grep -q '<title>Serve test' "$TMP/body" &&
	[ "$(ts_header Cache-Control)" = no-store ]; then
	pass "serve: / is the home page as text/html, no-store, with the live-reload script"
else
	fail "serve: / is the home page as text/html, no-store, with the live-reload script" \
		"status $ts_code; $(cat "$TMP/head")"
fi
if ! grep -rq '__folio' "$ts_out/site"; then
	pass "serve: the live-reload script is not written into the site"
else
	fail "serve: the live-reload script is not written into the site" "$(grep -rl '__folio' "$ts_out/site")"
fi

ts_ok=1
ts_why=""
for ts_f in one.html:text/html two.html:text/html 404.html:text/html; do
	ts_get "/${ts_f%%:*}"
	case "$ts_code $(ts_header Content-Type)" in
	"200 ${ts_f#*:}"*) ;;
	*) ts_ok=0 ts_why="$ts_why/${ts_f%%:*}: $ts_code $(ts_header Content-Type)
" ;;
	esac
done
ts_css=$(cd "$ts_out/site" && find . -name '*.css' | head -n 1)
ts_get "/${ts_css#./}"
case "$ts_code $(ts_header Content-Type)" in
"200 text/css"*) ;;
*) ts_ok=0 ts_why="$ts_why$ts_css: $ts_code $(ts_header Content-Type)" ;;
esac
if [ -n "$ts_css" ] && [ "$ts_ok" = 1 ] && cmp -s "$TMP/body" "$ts_out/site/${ts_css#./}"; then
	pass "serve: pages are text/html, the stylesheet is text/css and served byte for byte"
else
	fail "serve: pages are text/html, the stylesheet is text/css and served byte for byte" "css: '$ts_css'
$ts_why"
fi

ts_ok=1
ts_why=""
for ts_p in '/../../etc/passwd' '/%2e%2e/%2e%2e/etc/passwd' '/..%2f..%2fetc/passwd' '/%2E%2E%5C%2E%2E%5Cetc%5Cpasswd' \
	'/one.html%00.css' '/./../etc/passwd'; do
	ts_get "$ts_p"
	case $ts_code in
	400 | 404) grep -q 'root:' "$TMP/body" && ts_ok=0 ts_why="$ts_why$ts_p: $ts_code with /etc/passwd in the body
" ;;
	*) ts_ok=0 ts_why="$ts_why$ts_p: status $ts_code
" ;;
	esac
done
if [ "$ts_ok" = 1 ]; then
	pass "serve: ../, %2e%2e, %2f, backslash and NUL paths give 400/404, never the file"
else
	fail "serve: ../, %2e%2e, %2f, backslash and NUL paths give 400/404, never the file" "$ts_why"
fi

ts_get /no/such/page.html
ts_end=$(grep -b -o '</body>' "$ts_out/site/404.html" | tail -n 1 | cut -d: -f1)
# the 404 page answers in any folder: serve puts <base href="/"> first in its head
sed '/^<base href="\/">$/d' "$TMP/body" >"$TMP/body.nobase"
if [ "$ts_code" = 404 ] && [ -n "$ts_end" ] && [ "$ts_end" -gt 0 ] &&
	cmp -s -n "$ts_end" "$TMP/body.nobase" "$ts_out/site/404.html" && grep -q '/__folio/events' "$TMP/body" &&
	[ "$(grep -A1 -m1 '<head>' "$TMP/body" | tail -n 1)" = '<base href="/">' ]; then
	pass "serve: a missing page (in a folder too) is a 404 with the site's 404.html, its links from the root"
else
	fail "serve: a missing page (in a folder too) is a 404 with the site's 404.html, its links from the root" "status $ts_code; $(head -c 400 "$TMP/body")"
fi

ts_get / -X POST -d 'x=1'
ts_post=$ts_code
ts_allow=$(ts_header Allow)
ts_get / -I
if [ "$ts_post" = 405 ] && [ "$ts_allow" = "GET, HEAD" ] && [ "$ts_code" = 200 ] && ! grep -q '<' "$TMP/body"; then
	pass "serve: POST is 405 (Allow: GET, HEAD), HEAD is 200 without a body"
else
	fail "serve: POST is 405 (Allow: GET, HEAD), HEAD is 200 without a body" "POST $ts_post (Allow: $ts_allow), HEAD $ts_code"
fi

# The event stream opens with the current build.
ts_b0=$(ts_build)
curl -s -N --max-time 1 "$ts_url/__folio/events" >"$TMP/events" 2>/dev/null
if [ -n "$ts_b0" ] && grep -q '^event: build$' "$TMP/events" && grep -q "^data: {\"build\":$ts_b0,\"ok\":true" "$TMP/events"; then
	pass "serve: /__folio/events streams the current build"
else
	fail "serve: /__folio/events streams the current build" "status: $(ts_status)
events: $(cat "$TMP/events")"
fi

# An edit is rebuilt and served.
sleep 0.1
ts_one "First text, version BRAVO." "two.md#second-part"
ts_edited() { curl -s "$ts_url/one.html" | grep -q 'version BRAVO'; }
if ts_until 6 ts_edited && [ "$(ts_build)" -gt "$ts_b0" ] && ts_status | grep -q '"ok":true'; then
	pass "serve: an edited chapter is rebuilt and served, with a new build number"
else
	fail "serve: an edited chapter is rebuilt and served, with a new build number" "status: $(ts_status)
$(cat "$ts_log")"
fi

# A broken link: the error everywhere, the last good site still served.
ts_b1=$(ts_build)
ts_one "First text, version CHARLIE." "two.md#no-such-part"
ts_prefix="$ts_book/one.md:8:5: error:"
ts_failed() { ts_status | grep -q '"ok":false'; }
if ts_until 6 ts_failed && ts_status | grep -qF "\"$ts_prefix" && [ "$(ts_build)" -gt "$ts_b1" ]; then
	pass "serve: a broken link is reported by /__folio/status as FILE:LINE:COL: error:"
else
	fail "serve: a broken link is reported by /__folio/status as FILE:LINE:COL: error:" "expected $ts_prefix
status: $(ts_status)"
fi
ts_get /one.html
if grep -q 'version BRAVO' "$TMP/body" && grep -q '<div id="folio-errors"' "$TMP/body" &&
	grep -qF "$ts_prefix" "$TMP/body" && grep -q 'no-such-part&#39;\|no-such-part' "$TMP/body" &&
	! grep -q 'CHARLIE' "$TMP/body"; then
	pass "serve: after a failed build the last good page is served with the errors over it"
else
	fail "serve: after a failed build the last good page is served with the errors over it" "$(grep -A3 'folio-errors' "$TMP/body" | head -n 8)"
fi
if grep -qF "$ts_prefix" "$ts_log"; then
	pass "serve: the error is printed on the terminal GCC-style"
else
	fail "serve: the error is printed on the terminal GCC-style" "$(cat "$ts_log")"
fi

# Fixed: the error clears.
ts_one "First text, version DELTA." "two.md#second-part"
ts_fixed() { ts_status | grep -q '"ok":true,"diagnostics":\[\]' && curl -s "$ts_url/one.html" | grep -q 'version DELTA'; }
if ts_until 6 ts_fixed && ! curl -s "$ts_url/one.html" | grep -q '<div id="folio-errors"'; then
	pass "serve: fixing the link clears the error and serves the new text"
else
	fail "serve: fixing the link clears the error and serves the new text" "status: $(ts_status)"
fi

# A file name with a newline (issue 13): /__folio/status stays valid JSON,
# each diagnostic one line with the newline written as '?'.
ts_nl="$ts_book/bad"$'\n'"name.md"
printf -- '---\ntitle: Odd\norder: 9\n---\n\nSee [gone](gone.md).\n' >"$ts_nl"
ts_nl_failed() { ts_status | grep -q '"ok":false'; }
ts_nl_json=""
if ts_until 6 ts_nl_failed; then
	ts_nl_json=$(ts_status | python3 -c '
import json, sys
d = json.load(sys.stdin)
bad = [x for x in d["diagnostics"] if "\n" in x]
hit = [x for x in d["diagnostics"] if "bad?name.md:6:5: error:" in x]
print("ok" if hit and not bad else "diagnostics: %r" % d["diagnostics"])' 2>&1)
fi
if [ "$ts_nl_json" = ok ]; then
	pass "serve: a file name with a newline keeps /__folio/status valid JSON, one line a diagnostic"
else
	fail "serve: a file name with a newline keeps /__folio/status valid JSON, one line a diagnostic" "${ts_nl_json:-no failed build}
status: $(ts_status | head -c 600)"
fi
rm -f "$ts_nl"
ts_until 6 ts_fixed || true
unset ts_nl ts_nl_json
unset -f ts_nl_failed

# ts_now_ms: milliseconds on a monotonic-enough clock (for bounds, not benchmarks)
ts_now_ms() { echo $(($(date +%s%N) / 1000000)); }
# ts_wait_build N MS: wait until the status reports a build above N, at most MS ms
ts_wait_build() {
	local t_end=$(($(ts_now_ms) + $2)) b
	while [ "$(ts_now_ms)" -lt "$t_end" ]; do
		b=$(ts_build)
		[ -n "$b" ] && [ "$b" -gt "$1" ] && return 0
		sleep 0.01
	done
	return 1
}
# ts_settle: wait until no build has been reported for 0.5 s (at most 5 s)
ts_settle() {
	local b n=0 last
	last=$(ts_build)
	while [ "$n" -lt 10 ]; do
		sleep 0.5
		b=$(ts_build)
		[ "$b" = "$last" ] && return 0
		last=$b
		n=$((n + 1))
	done
	return 1
}

# inotify: an edit starts a rebuild at once, not after a polling period.
ts_settle
ts_b2=$(ts_build)
ts_t0=$(ts_now_ms)
ts_one "First text, version ECHO." "two.md#second-part"
if ts_wait_build "$ts_b2" 1000; then
	ts_lat=$(($(ts_now_ms) - ts_t0))
	pass "serve: an edit is rebuilt within 1 s (seen after $ts_lat ms)"
else
	fail "serve: an edit is rebuilt within 1 s" "status: $(ts_status)
$(tail -n 5 "$ts_log")"
fi

# A folder created after the start is watched: a chapter written into it
# later is built.
ts_settle
ts_b3=$(ts_build)
mkdir "$ts_book/part2"
ts_wait_build "$ts_b3" 2000
ts_settle
ts_b3=$(ts_build)
printf -- '---\ntitle: Three\norder: 3\n---\n\nIn a new folder, FOXTROT.\n' >"$ts_book/part2/three.md"
ts_in_site() { grep -rqs FOXTROT "$ts_out/site"; }
if ts_wait_build "$ts_b3" 2000 && ts_until 2 ts_in_site; then
	pass "serve: a chapter in a folder made after the start is rebuilt"
else
	fail "serve: a chapter in a folder made after the start is rebuilt" "status: $(ts_status)
$(tail -n 5 "$ts_log")"
fi

# An included listing (not a chapter) is watched: editing it rebuilds the
# chapter that includes it.
ts_settle
ts_b3=$(ts_build)
mkdir -p "$ts_book/listings"
printf 'let golf = 1;\n' >"$ts_book/listings/code.rs"
printf -- '---\ntitle: Four\norder: 4\n---\n\n```rust\n{{#include listings/code.rs}}\n```\n' >"$ts_book/four.md"
ts_wait_build "$ts_b3" 2000
ts_settle
ts_b3=$(ts_build)
printf 'let hotel = 2;\n' >"$ts_book/listings/code.rs"
ts_included() { grep -qs 'let hotel = 2;' "$ts_out/site/four.html"; }
if ts_wait_build "$ts_b3" 2000 && ts_until 2 ts_included; then
	pass "serve: editing an included listing rebuilds the chapter that includes it"
else
	fail "serve: editing an included listing rebuilds the chapter that includes it" "status: $(ts_status)
$(tail -n 5 "$ts_log")"
fi

# An editor's save: write a temporary file, rename it over the chapter (in
# one process, as editors do).  Exactly one rebuild.
ts_settle
ts_b4=$(ts_build)
perl -e 'open(my $f, ">", "$ARGV[0].tmp") or die; print $f "---\ntitle: One\norder: 1\n---\n\nGOLF.\n\nSee [two](two.md#second-part).\n"; close($f) or die; rename("$ARGV[0].tmp", $ARGV[0]) or die' "$ts_book/one.md"
ts_wait_build "$ts_b4" 2000
sleep 1
ts_b5=$(ts_build)
if [ "$ts_b5" = $((ts_b4 + 1)) ] && curl -s "$ts_url/one.html" | grep -q GOLF; then
	pass "serve: a write-then-rename save is exactly one rebuild"
else
	fail "serve: a write-then-rename save is exactly one rebuild" "builds before $ts_b4, after $ts_b5
$(tail -n 8 "$ts_log")"
fi

# Held event streams: a limit of their own, 503 beyond it, pages still served.
ts_streams=""
for ts_i in $(seq 1 40); do
	curl -s -N --max-time 60 -o /dev/null "$ts_url/__folio/events" 2>/dev/null &
	ts_streams="$ts_streams $!"
done
ts_full() { ts_get /__folio/events --max-time 2 && [ "$ts_code" = 503 ]; }
if ts_until 10 ts_full && [ -n "$(ts_header Retry-After)" ]; then
	pass "serve: an event stream beyond the limit gets 503 with Retry-After"
else
	fail "serve: an event stream beyond the limit gets 503 with Retry-After" "status $ts_code; $(cat "$TMP/head")"
fi
ts_code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$ts_url/one.html")
ts_code2=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$ts_url/__folio/status")
if [ "$ts_code" = 200 ] && [ "$ts_code2" = 200 ]; then
	pass "serve: pages are served while the event streams are full"
else
	fail "serve: pages are served while the event streams are full" "page $ts_code, status $ts_code2"
fi
kill $ts_streams 2>/dev/null
wait $ts_streams 2>/dev/null
ts_free() { [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$ts_url/__folio/events")" = 200 ]; }
ts_t0=$(ts_now_ms)
if ts_until 8 ts_free; then
	pass "serve: closed event streams give their slots back (after $(($(ts_now_ms) - ts_t0)) ms)"
else
	fail "serve: closed event streams give their slots back" "still 503 after 8 s"
fi

# Host: missing (HTTP/1.1) or given twice is a bad request; HTTP/1.0
# without Host is local.
ts_raw() { # ts_raw REQUEST: the status line's code
	timeout 5 bash -c 'exec 3<>/dev/tcp/127.0.0.1/$1 && printf "$2" >&3 && head -n 1 <&3' _ "$ts_port" "$1" | cut -d' ' -f2
}
ts_none=$(curl -s -o /dev/null -w '%{http_code}' -H 'Host:' "$ts_url/")
ts_dup=$(ts_raw 'GET / HTTP/1.1\r\nHost: localhost\r\nHost: localhost\r\nConnection: close\r\n\r\n')
ts_http10=$(ts_raw 'GET / HTTP/1.0\r\n\r\n')
if [ "$ts_none" = 400 ] && [ "$ts_dup" = 400 ] && [ "$ts_http10" = 200 ]; then
	pass "serve: HTTP/1.1 without Host or with two is 400; HTTP/1.0 without Host is served"
else
	fail "serve: HTTP/1.1 without Host or with two is 400; HTTP/1.0 without Host is served" \
		"no Host: $ts_none, two: $ts_dup, HTTP/1.0: $ts_http10"
fi

# A FIFO in the served tree is not a file: 404 at once, and the server goes on.
ts_fifo_ok=0
if mkfifo "$ts_out/site/pipe.html" "$ts_out/site/pipe.css" 2>/dev/null; then
	ts_c1=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$ts_url/pipe.html")
	ts_c2=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$ts_url/pipe.css")
	ts_c3=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$ts_url/one.html")
	[ "$ts_c1" = 404 ] && [ "$ts_c2" = 404 ] && [ "$ts_c3" = 200 ] && ts_fifo_ok=1
	rm -f "$ts_out/site/pipe.html" "$ts_out/site/pipe.css"
fi
if [ "$ts_fifo_ok" = 1 ]; then
	pass "serve: a FIFO in the site is a 404 without hanging, and the server goes on"
else
	fail "serve: a FIFO in the site is a 404 without hanging, and the server goes on" \
		"pipe.html: ${ts_c1:-?}, pipe.css: ${ts_c2:-?}, then one.html: ${ts_c3:-?}"
fi

# Ctrl-C: exit 0 within 2 s, even with a live-reload stream open.
curl -s -N "$ts_url/__folio/events" >/dev/null 2>&1 &
ts_curl=$!
sleep 0.3
ts_t0=$(date +%s%N)
kill -INT "$ts_pid"
(sleep 2 && kill -KILL "$ts_pid" 2>/dev/null) &
ts_dog=$!
wait "$ts_pid"
ts_rc=$?
ts_ms=$((($(date +%s%N) - ts_t0) / 1000000))
kill "$ts_dog" 2>/dev/null
wait "$ts_dog" 2>/dev/null
ts_pid=""
kill "$ts_curl" 2>/dev/null
wait "$ts_curl" 2>/dev/null
if [ "$ts_rc" = 0 ] && [ "$ts_ms" -lt 2000 ]; then
	pass "serve: SIGINT stops the server with status 0 within 2 s"
else
	fail "serve: SIGINT stops the server with status 0 within 2 s" "exit $ts_rc after $ts_ms ms
$(tail -n 5 "$ts_log")"
fi

# Usage errors.
"$FOLIO" serve "$ts_book" -p 70000 >/dev/null 2>&1
ts_a=$?
"$FOLIO" build "$ts_book" -o "$TMP/x" -p 8000 >/dev/null 2>&1
ts_b=$?
if [ "$ts_a" = 2 ] && [ "$ts_b" = 2 ]; then
	pass "serve: a bad port, or -p outside serve, is a usage error (exit 2)"
else
	fail "serve: a bad port, or -p outside serve, is a usage error (exit 2)" "serve -p 70000: $ts_a; build -p: $ts_b"
fi

# More servers, each on its own book: ts_start BOOK OUT [ARGS...] starts one
# (stdout in $TMP/serve2.out, stderr in $TMP/serve2.err) and sets ts_url.
ts_start() {
	local book=$1 out=$2
	shift 2
	: >"$TMP/serve2.out"
	"$FOLIO" serve "$book" -o "$out" -p 0 "$@" >"$TMP/serve2.out" 2>"$TMP/serve2.err" &
	ts_pid=$!
	ts_ready2() {
		ts_port=$(sed -n 's|.*http://[^ ]*:\([0-9][0-9]*\)/.*|\1|p' "$TMP/serve2.out")
		[ -n "$ts_port" ] && curl -s -o /dev/null "http://127.0.0.1:$ts_port/__folio/status"
	}
	ts_url=""
	ts_until 15 ts_ready2 || return 1
	ts_url=http://127.0.0.1:$ts_port
}
ts_book2() { # ts_book2 DIR [BOOK.YAML LINES]: a two-chapter book
	mkdir -p "$1"
	printf 'title: Second\n%s' "${2:-}" >"$1/book.yaml"
	printf -- '---\ntitle: A\norder: 1\n---\n\nAlpha.\n' >"$1/a.md"
	printf -- '---\ntitle: B\norder: 2\n---\n\nBeta.\n' >"$1/b.md"
}

# OUT inside SOURCE under a visible name: folio's own writes are not changes.
ts_book2 "$TMP/inner/book"
if ts_start "$TMP/inner/book" "$TMP/inner/book/_build"; then
	sleep 3
	ts_n=$(grep -c '^folio: build [0-9]* ok' "$TMP/serve2.err")
	ts_b=$(ts_build)
	printf -- '---\ntitle: A\norder: 1\n---\n\nAlpha HOTEL.\n' >"$TMP/inner/book/a.md"
	ts_edit_seen=0
	ts_wait_build 1 2000 && ts_edit_seen=1
	sleep 1
	if [ "$ts_n" = 1 ] && [ "$ts_b" = 1 ] && [ "$ts_edit_seen" = 1 ] && [ "$(ts_build)" = 2 ]; then
		pass "serve: with OUT inside the book (-o book/_build) it builds once, then once per edit"
	else
		fail "serve: with OUT inside the book (-o book/_build) it builds once, then once per edit" \
			"builds in 3 s without edits: $ts_n (status $ts_b), after one edit: $(ts_build)
$(tail -n 6 "$TMP/serve2.err")"
	fi
else
	fail "serve: with OUT inside the book (-o book/_build) it builds once, then once per edit" "$(cat "$TMP/serve2.err")"
fi
ts_stop

# A theme given by path, outside the book, is watched; so is the new one
# after book.yaml names another.
mkdir -p "$TMP/themed/custom"
cp -r "$ROOT/themes/default" "$TMP/themed/custom/t"
cp -r "$ROOT/themes/default" "$TMP/themed/custom/u"
ts_book2 "$TMP/themed/book" 'theme: ../custom/t
'
if ts_start "$TMP/themed/book" "$TMP/themed/out"; then
	ts_settle
	ts_b=$(ts_build)
	ts_css=$(cd "$TMP/themed/custom/t" && find . -name '*.css' ! -name epub.css | head -n 1)
	printf '\n/* INDIA */\n' >>"$TMP/themed/custom/t/$ts_css"
	ts_theme_t=0
	ts_wait_build "$ts_b" 2000 && grep -rqs INDIA "$TMP/themed/out/site" && ts_theme_t=1
	ts_settle
	printf 'title: Second\ntheme: ../custom/u\n' >"$TMP/themed/book/book.yaml"
	ts_b=$(ts_build)
	ts_wait_build "$ts_b" 2000
	ts_settle
	ts_b=$(ts_build)
	printf '\n/* JULIETT */\n' >>"$TMP/themed/custom/u/$ts_css"
	ts_theme_u=0
	ts_wait_build "$ts_b" 2000 && grep -rqs JULIETT "$TMP/themed/out/site" && ts_theme_u=1
	if [ -n "$ts_css" ] && [ "$ts_theme_t" = 1 ] && [ "$ts_theme_u" = 1 ]; then
		pass "serve: a theme given by path (theme: ../custom/t) is watched, and the next one named"
	else
		fail "serve: a theme given by path (theme: ../custom/t) is watched, and the next one named" \
			"css '$ts_css'; first theme edit seen: $ts_theme_t, second theme's: $ts_theme_u
$(tail -n 6 "$TMP/serve2.err")"
	fi
else
	fail "serve: a theme given by path (theme: ../custom/t) is watched, and the next one named" "$(cat "$TMP/serve2.err")"
fi
ts_stop

# Polling, the fallback when inotify fails, still rebuilds after an edit.
ts_book2 "$TMP/polled/book"
if FOLIO_WATCH=poll ts_start "$TMP/polled/book" "$TMP/polled/out"; then
	ts_b=$(ts_build)
	sleep 0.1
	printf -- '---\ntitle: A\norder: 1\n---\n\nAlpha KILO.\n' >"$TMP/polled/book/a.md"
	if ts_wait_build "$ts_b" 3000 && grep -q 'polling' "$TMP/serve2.err"; then
		pass "serve: the polling fallback (FOLIO_WATCH=poll) rebuilds after an edit"
	else
		fail "serve: the polling fallback (FOLIO_WATCH=poll) rebuilds after an edit" "$(tail -n 6 "$TMP/serve2.err")"
	fi
else
	fail "serve: the polling fallback (FOLIO_WATCH=poll) rebuilds after an edit" "$(cat "$TMP/serve2.err")"
fi
ts_stop

# Loopback is decided from the bound address, whatever its spelling
# (127.1 and 0x7f000001 are both 127.0.0.1 to getaddrinfo).
for ts_host in 127.1 0x7f000001; do
	getent ahosts "$ts_host" 2>/dev/null | grep -q '^127\.0\.0\.1 ' || {
		fail "serve: --host $ts_host is loopback" "getent ahosts $ts_host does not give 127.0.0.1 here"
		continue
	}
	ts_book2 "$TMP/lo/book"
	if ts_start "$TMP/lo/book" "$TMP/lo/out" --host "$ts_host"; then
		ts_get / -H "Host: evil.example"
		ts_evil=$ts_code
		ts_get / -H "Host: 127.0.0.1:$ts_port"
		ts_local=$ts_code
		if [ "$ts_evil" = 403 ] && [ "$ts_local" = 200 ] && ! grep -q 'other machines' "$TMP/serve2.err"; then
			pass "serve: --host $ts_host is loopback: Host evil.example is 403, 127.0.0.1 is 200"
		else
			fail "serve: --host $ts_host is loopback: Host evil.example is 403, 127.0.0.1 is 200" \
				"evil.example: $ts_evil, 127.0.0.1: $ts_local
$(cat "$TMP/serve2.out" "$TMP/serve2.err")"
		fi
	else
		fail "serve: --host $ts_host is loopback: Host evil.example is 403, 127.0.0.1 is 200" "$(cat "$TMP/serve2.err")"
	fi
	ts_stop
done

ts_stop
trap - EXIT TERM INT
unset -f ts_stop ts_one ts_until ts_ready ts_get ts_header ts_status ts_build ts_edited ts_failed ts_fixed \
	ts_ms ts_wait_build ts_settle ts_in_site ts_full ts_free ts_raw ts_start ts_ready2 ts_book2
unset ts_pid ts_book ts_out ts_log ts_port ts_url ts_code ts_hexport ts_ok ts_why ts_f ts_p ts_css ts_end ts_post \
	ts_allow ts_b0 ts_b1 ts_prefix ts_curl ts_t0 ts_dog ts_rc ts_ms ts_a ts_b ts_b2 ts_b3 ts_b4 ts_b5 ts_lat \
	ts_streams ts_i ts_code2 ts_none ts_dup ts_http10 ts_fifo_ok ts_c1 ts_c2 ts_c3 ts_n ts_edit_seen \
	ts_theme_t ts_theme_u ts_host ts_evil ts_local
