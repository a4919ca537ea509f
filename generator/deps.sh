#!/bin/sh
# Install what folio needs on Debian, only when it is missing.
#   deps.sh build   cmark-gfm, libyaml, libzip, libmicrohttpd, gumbo, libdeflate headers, pkg-config, a C compiler
#   deps.sh test    + Java, epubcheck, Chromium, Node.js and the npm validators
# As root it runs apt-get; otherwise it prints the exact command to run.
set -e
what=${1:-build}

build_pkgs="gcc make pkg-config libcmark-gfm-dev libcmark-gfm-extensions-dev libyaml-dev libzip-dev libmicrohttpd-dev libgumbo-dev libdeflate-dev"
test_pkgs="default-jre-headless epubcheck chromium nodejs npm python3 libxml2-utils valgrind clang calibre time curl"

missing=""
pkgs=$build_pkgs
[ "$what" = test ] && pkgs="$build_pkgs $test_pkgs"
for p in $pkgs; do
	case $p in
	# tools that may come from elsewhere than Debian (a newer Node.js, a JDK)
	nodejs) command -v node >/dev/null 2>&1 && continue ;;
	npm) command -v npm >/dev/null 2>&1 && continue ;;
	default-jre-headless) command -v java >/dev/null 2>&1 && continue ;;
	gcc) command -v cc >/dev/null 2>&1 && continue ;;
	esac
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done

if [ -n "$missing" ]; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "deps: installing$missing"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq >/dev/null
		apt-get install -y -qq --no-install-recommends $missing >/dev/null
	else
		echo "deps: missing packages:$missing" >&2
		echo "deps: run: sudo apt-get install$missing" >&2
		exit 1
	fi
fi

if [ "$what" = test ]; then
	dir=$(dirname "$0")/../tests/node
	if [ ! -f "$dir/node_modules/vnu-jar/build/dist/vnu.jar" ] || \
	   [ ! -d "$dir/node_modules/playwright-core" ] || [ ! -d "$dir/node_modules/axe-core" ]; then
		echo "deps: installing the npm validators (vnu-jar, playwright-core, axe-core)"
		(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
	fi
fi
