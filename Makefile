# folio - Markdown chapters to a static website and an EPUB 3.
# `make` installs missing build packages (Debian, as root), builds
# generator/folio and then the guide in content/ into out/.

CC      = cc
CFLAGS  = -std=c11 -O2 -g -Wall -Wextra
LDFLAGS =
PREFIX  = /usr/local
SOURCE  = content
OUT     = out

PKGS      = libcmark-gfm yaml-0.1 libzip libmicrohttpd
# Recursive (=) so pkg-config runs when a recipe needs it, after `deps`.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcmark-gfm-extensions
ALL_CFLAGS = -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(PKG_CFLAGS) $(CFLAGS) -pthread
ALL_LIBS   = $(PKG_LIBS) -pthread

SRCS = $(filter-out generator/main.c,$(wildcard generator/*.c))
OBJS = $(SRCS:.c=.o)
HDRS = $(wildcard generator/*.h)
BIN  = generator/folio

.PHONY: all deps folio guide test test-deps check asan bench fuzz install uninstall clean help

all: deps folio guide

help:
	@echo "make            install missing packages, build generator/folio and the guide into $(OUT)/"
	@echo "make folio      build generator/folio only"
	@echo "make guide      build $(SOURCE)/ into $(OUT)/ with generator/folio"
	@echo "make test       install test tools, run the whole test suite (ends 'N passed, N failed')"
	@echo "make asan       run the test suite with AddressSanitizer + UBSan"
	@echo "make bench      print build-time and memory figures against the reference corpus"
	@echo "make install    install folio and the default theme under PREFIX ($(PREFIX))"
	@echo "make clean      remove build products"
	@echo "Variables: CC CFLAGS LDFLAGS PREFIX SOURCE OUT"

deps:
	@sh generator/deps.sh build

folio: $(BIN)

$(BIN): generator/main.o $(OBJS)
	$(CC) $(LDFLAGS) -o $@ generator/main.o $(OBJS) $(ALL_LIBS)

generator/%.o: generator/%.c $(HDRS)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

guide: $(BIN)
	./$(BIN) build $(SOURCE) -o $(OUT)

test-deps: deps
	@sh generator/deps.sh test

test: test-deps folio
	@sh tests/run.sh

check: test

asan:
	$(MAKE) clean
	$(MAKE) folio CC=clang CFLAGS="-std=c11 -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined -Wall -Wextra" LDFLAGS="-fsanitize=address,undefined"
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 sh tests/run.sh
	$(MAKE) clean

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
	rm -f generator/*.o $(BIN) tests/bin/*
