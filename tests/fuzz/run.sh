#!/usr/bin/env bash
# tests/fuzz/run.sh [SECONDS] [TARGET...] - build folio's libFuzzer targets
# into tests/fuzz/bin/ and run each for SECONDS (default 60) on its seed
# corpus (tests/fuzz/corpus/TARGET, copied: the committed seeds stay as they
# are).  Prints the executions per target; exits 1 on a crash (the input is
# kept in tests/fuzz/bin/crash-*), 2 when a target cannot be built.
# Needs clang with libFuzzer (Debian: clang).  CC, FUZZ_FLAGS and JOBS
# (parallel targets, default 2) may be set; FUZZ_RUNS=N stops each target
# after N executions (or SECONDS, whichever comes first).  FUZZ_FORKS=K runs
# K libFuzzer jobs per target on one shared corpus (-jobs=K -workers=K, each
# job stopping after FUZZ_RUNS/K executions; use JOBS=1 with it); the
# executions printed are the sum over the jobs.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
secs=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-frontmatter blocks template slug links imagesize include rawhtml}
cc=${CC_FUZZ:-clang}
flags=${FUZZ_FLAGS:--g -O2 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined}
jobs=${JOBS:-2}
bin=$here/bin
mkdir -p "$bin"
gen=$root/generator
libs=$(make -s -C "$root" print-libs)

# folio's sources (all but cmd/main.c), compiled once with the fuzzing flags
objs=()
mkdir -p "$bin/obj"
for src in "$gen"/*/*.c; do
	case $src in */cmd/main.c) continue ;; esac
	o=$bin/obj/$(basename "$(dirname "$src")")_$(basename "$src" .c).o
	# shellcheck disable=SC2086
	$cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $flags -pthread \
		$(pkg-config --cflags libcmark-gfm yaml-0.1 libzip libmicrohttpd gumbo 2>/dev/null) \
		-I"$gen" -c -o "$o" "$src" || { echo "cannot compile $src" >&2; exit 2; }
	objs+=("$o")
done

build() { # target
	case $1 in
	frontmatter | slug | template | imagesize | blocks | links | include | rawhtml) ;;
	*) echo "unknown target $1" >&2; return 1 ;;
	esac
	# shellcheck disable=SC2086
	$cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $flags -I"$gen" -I"$here" \
		-o "$bin/fuzz_$1" "$here/fuzz_$1.c" "${objs[@]}" $libs
}

rc=0
for t in $targets; do
	echo "building fuzz_$t"
	build "$t" || { echo "fuzz_$t: build failed" >&2; exit 2; }
done

run() { # target
	local t=$1 work="$bin/work-$1" log="$bin/fuzz_$1.log"
	rm -rf "$work"
	mkdir -p "$work"
	[ -d "$here/corpus/$t" ] && cp "$here/corpus/$t"/* "$work/" 2>/dev/null
	local forks=${FUZZ_FORKS:-1} runs=${FUZZ_RUNS:-} jobdir="$bin/jobs-$1"
	rm -rf "$jobdir"
	mkdir -p "$jobdir"
	[ -n "$runs" ] && [ "$forks" -gt 1 ] && runs=$(((runs + forks - 1) / forks))
	(cd "$jobdir" && ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
		"$bin/fuzz_$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len="${FUZZ_MAX_LEN:-2048}" \
		${runs:+-runs=$runs} ${FUZZ_FORKS:+-jobs=$forks -workers=$forks} \
		-print_final_stats=1 -artifact_prefix="$bin/" "$work" >"$log" 2>&1)
	local st=$?
	local execs
	if [ "$forks" -gt 1 ]; then
		# one log per job (fuzz-0.log ...): the total, and any job's failure
		execs=$(cat "$jobdir"/fuzz-*.log | sed -n 's/^stat::number_of_executed_units: *//p' |
			awk '{ s += $1 } END { print s + 0 }')
		cat "$jobdir"/fuzz-*.log >>"$log"
		grep -q 'ERROR: libFuzzer\|ERROR: AddressSanitizer\|runtime error\|deadly signal' "$jobdir"/fuzz-*.log && st=1
	else
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	fi
	if [ $st -eq 0 ]; then
		echo "fuzz_$t: ${execs:-?} executions in ${secs} s, no crash"
	else
		echo "fuzz_$t: CRASH (exit $st) after ${execs:-?} executions; see $log" >&2
		grep -m1 -A12 'ERROR\|runtime error\|deadly signal\|timeout' "$log" >&2
		return 1
	fi
}

pids=()
names=()
for t in $targets; do
	run "$t" &
	pids+=($!)
	names+=("$t")
	if [ ${#pids[@]} -ge "$jobs" ]; then
		wait "${pids[0]}" || rc=1
		pids=("${pids[@]:1}")
		names=("${names[@]:1}")
	fi
done
for p in "${pids[@]}"; do
	wait "$p" || rc=1
done
exit $rc
