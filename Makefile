# folio - Markdown chapters to a static website and an EPUB 3.
# `make` installs missing build packages (Debian, as root), builds
# generator/folio and then the guide in content/ into out/.

CC      = cc
CFLAGS  = -std=c11 -O2 -g -Wall -Wextra
LDFLAGS =
PREFIX  = /usr/local
SOURCE  = content
OUT     = out

PKGS      = libcmark-gfm yaml-0.1 libzip libmicrohttpd gumbo libdeflate
# Recursive (=) so pkg-config runs when a recipe needs it, after `deps`.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# libmicrohttpd is not linked but opened by folio serve (serve/http.c:
# its TLS libraries cost every build's start-up): its headers only.
PKG_LIBS   = $(shell pkg-config --libs $(filter-out libmicrohttpd,$(PKGS)) 2>/dev/null) -lcmark-gfm-extensions -ldl
ALL_CFLAGS = -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(PKG_CFLAGS) $(CFLAGS) -pthread
ALL_LIBS   = $(PKG_LIBS) -pthread

# The pipeline is the folder list: base/ model/ load/ parse/ link/ render/
# site/ epub/ write/ serve/ cmd/.  Everything but cmd/main.c goes into
# libfolio.a, which the tests link too.
SRCS = $(filter-out generator/cmd/main.c,$(wildcard generator/*/*.c))
OBJS = $(SRCS:.c=.o)
HDRS = $(wildcard generator/*/*.h)
LIB  = generator/libfolio.a
BIN  = generator/folio

.PHONY: all deps folio print-libs guide test test-fast test-deps check asan tsan bench fuzz fuzz-smoke valgrind install uninstall clean help

all: deps folio guide

help:
	@echo "make            install missing packages, build generator/folio and the guide into $(OUT)/"
	@echo "make folio      build generator/folio only"
	@echo "make guide      build $(SOURCE)/ into $(OUT)/ with generator/folio"
	@echo "make test       install test tools, run the whole test suite (ends 'N passed, N failed')"
	@echo "make test-fast  unit tests, Mustache spec, golden render files, fuzz regressions (seconds)"
	@echo "make asan       run the test suite with AddressSanitizer + UBSan"
	@echo "make tsan       parallel builds under ThreadSanitizer (FOLIO_TSAN_CMARK: see tests/tsan.sh)"
	@echo "make fuzz       run each libFuzzer target FUZZ_SECONDS (default 60; needs clang)"
	@echo "make fuzz-smoke CI's short fuzz run: 20 s per target"
	@echo "make valgrind   build the guide and tests/books/second under valgrind"
	@echo "make serve      live preview of $(SOURCE) at http://127.0.0.1:8000/"
	@echo "make bench      print build-time and memory figures against the reference corpus"
	@echo "make install    install folio and the default theme under PREFIX ($(PREFIX))"
	@echo "make clean      remove build products"
	@echo "Variables: CC CFLAGS LDFLAGS PREFIX SOURCE OUT"

deps:
	@sh generator/deps.sh build

folio: $(BIN)

$(LIB): $(OBJS)
	rm -f $@
	ar rcs $@ $(OBJS)

$(BIN): generator/cmd/main.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ generator/cmd/main.o $(LIB) $(ALL_LIBS)

generator/%.o: generator/%.c $(HDRS)
	$(CC) $(ALL_CFLAGS) -Igenerator -c -o $@ $<

# Link flags for programs built on libfolio.a (the test plugins use them).
print-libs:
	@echo $(ALL_LIBS)

guide: $(BIN)
	./$(BIN) build $(SOURCE) -o $(OUT)

test-deps: deps
	@sh generator/deps.sh test

test: test-deps folio
	@sh tests/run.sh

# The edit-compile-test loop: C unit tests, the Mustache spec, golden render
# files and the fuzz regressions; seconds, no Java, Node or Chromium.
test-fast: folio
	@sh tests/run.sh unit mustache render fuzz

check: test

asan:
	$(MAKE) clean
	$(MAKE) folio CC=clang CFLAGS="-std=c11 -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined -Wall -Wextra" LDFLAGS="-fsanitize=address,undefined"
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 CC=clang \
		CFLAGS_EXTRA="-fsanitize=address,undefined -fno-sanitize-recover=undefined" sh tests/run.sh
	$(MAKE) clean

# The threaded builds under ThreadSanitizer, in a copy of the tree (tests/tsan.sh).
tsan:
	@bash tests/tsan.sh

FUZZ_SECONDS = 60
VALGRIND = valgrind -q --suppressions=tests/valgrind.supp --leak-check=full --show-leak-kinds=definite,indirect,possible \
	--errors-for-leak-kinds=definite,indirect,possible --error-exitcode=1

fuzz:
	bash tests/fuzz/run.sh $(FUZZ_SECONDS)

fuzz-smoke:
	bash tests/fuzz/run.sh 20

valgrind: folio
	@d=$$(mktemp -d) && \
	$(VALGRIND) ./$(BIN) build $(SOURCE) -o $$d/guide && \
	$(VALGRIND) ./$(BIN) build tests/books/second -o $$d/second && \
	$(VALGRIND) ./$(BIN) check $(SOURCE); rc=$$?; rm -rf $$d; exit $$rc

serve: folio
	./$(BIN) serve $(SOURCE) -o $(OUT)

bench: folio
	@sh tests/bench.sh

install: $(BIN)
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/folio
	cp $(BIN) $(DESTDIR)$(PREFIX)/bin/folio
	cp -R themes $(DESTDIR)$(PREFIX)/share/folio/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/folio
	rm -rf $(DESTDIR)$(PREFIX)/share/folio

clean:
	rm -f generator/*/*.o $(LIB) $(BIN) tests/bin/*
