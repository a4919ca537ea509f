# Fuzz regressions without libFuzzer: each target in tests/fuzz/ is linked
# with tests/fuzz/standalone.c (a main that feeds it files) and replays every
# input of tests/fuzz/regressions/TARGET/ (inputs that once crashed, leaked
# or hung) and of its seed corpus tests/fuzz/corpus/TARGET/.
# Built with AddressSanitizer + UBSan (leaks included) when the compiler has
# them, so a fixed bug that comes back fails here; CC and CFLAGS_EXTRA are
# honoured (FUZZ_REPLAY_SAN=0 builds without sanitizers).
# Sourced by tests/run.sh: uses ROOT, TMP, pass and fail.

fr_dir=$TMP/fuzz-replay
mkdir -p "$fr_dir"
fr_cc=${CC:-cc}
fr_gen=$ROOT/generator
fr_fz=$ROOT/tests/fuzz
fr_san=""
if [ "${FUZZ_REPLAY_SAN:-1}" = 1 ] &&
	echo 'int main(void){return 0;}' | $fr_cc -x c -fsanitize=address,undefined -o "$fr_dir/probe" - 2>/dev/null; then
	fr_san="-fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=undefined,float-cast-overflow -fno-omit-frame-pointer"
fi
fr_libs=$(make -s -C "$ROOT" print-libs)

# folio's sources (all but cmd/main.c), compiled once with the replay flags
fr_objs=()
fr_ok=1
mkdir -p "$fr_dir/obj"
for fr_src in "$fr_gen"/*/*.c; do
	case $fr_src in */cmd/main.c) continue ;; esac
	fr_o=$fr_dir/obj/$(basename "$(dirname "$fr_src")")_$(basename "$fr_src" .c).o
	# shellcheck disable=SC2086 # flag lists
	$fr_cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 $fr_san $CFLAGS_EXTRA -pthread \
		$(pkg-config --cflags libcmark-gfm yaml-0.1 libzip libmicrohttpd gumbo 2>/dev/null) \
		-I"$fr_gen" -c -o "$fr_o" "$fr_src" 2>>"$fr_dir/objs.cc.err" || fr_ok=0
	fr_objs+=("$fr_o")
done

# fr_build TARGET: link the replay driver; 0 if it built
fr_build() {
	local t=$1
	# shellcheck disable=SC2086 # flag lists
	$fr_cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 $fr_san $CFLAGS_EXTRA \
		-I"$fr_gen" -I"$fr_fz" -o "$fr_dir/fuzz_${t}_replay" "$fr_fz/fuzz_$t.c" "$fr_fz/standalone.c" \
		"${fr_objs[@]}" $fr_libs 2>"$fr_dir/$t.cc.err"
}

for fr_t in frontmatter slug template blocks links imagesize include rawhtml; do
	if [ "$fr_ok" != 1 ] || ! fr_build "$fr_t"; then
		fail "fuzz regressions: build the $fr_t replay driver" "$(cat "$fr_dir/objs.cc.err" "$fr_dir/$fr_t.cc.err" 2>/dev/null | head -n 20)"
		continue
	fi
	for fr_kind in regressions corpus; do
		fr_files=()
		for fr_f in "$fr_fz/$fr_kind/$fr_t"/*; do
			[ -f "$fr_f" ] && fr_files+=("$fr_f")
		done
		[ ${#fr_files[@]} -gt 0 ] || continue
		fr_name="fuzz regressions: $fr_t: ${#fr_files[@]} $fr_kind input(s) replay cleanly"
		# every input once; a hang (the old quadratic ids) is a failure too
		ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
			timeout 60 "$fr_dir/fuzz_${fr_t}_replay" "${fr_files[@]}" >"$fr_dir/$fr_t.$fr_kind.out" 2>&1
		fr_rc=$?
		if [ "$fr_rc" = 0 ] && [ "$(grep -c '^ok ' "$fr_dir/$fr_t.$fr_kind.out")" = ${#fr_files[@]} ]; then
			pass "$fr_name"
		else
			fail "$fr_name" "exit $fr_rc$([ "$fr_rc" = 124 ] && echo ' (timed out)')
$(grep -v '^ok ' "$fr_dir/$fr_t.$fr_kind.out" | head -n 25)"
		fi
	done
done
unset fr_dir fr_cc fr_gen fr_fz fr_san fr_libs fr_objs fr_ok fr_src fr_o fr_t fr_kind fr_files fr_f fr_name fr_rc
unset -f fr_build
