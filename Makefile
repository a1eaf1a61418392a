# handbook — build, site, tests, benchmarks.
#
#   make          the binary, build/bin/handbook (installs missing Debian
#                 packages first, see scripts/setup-deps)
#   make site     the sample handbook in content/ -> build/site/
#   make test     every test; the last line is "N passed, N failed"
#   make asan     the tests again under ASan+UBSan
#   make valgrind the unit and dump tests under valgrind
#   make tsan     unit and parallel-build tests under ThreadSanitizer
#   make bench    benchmarks against Hugo (needs ../shared/tools/gen-corpus)
#   make fuzz     libFuzzer targets (clang), FUZZ_SECONDS each (default 60)
#   make format   clang-format the files you changed (or FILES=...)
#   make install  binary, man pages, completions under PREFIX (default
#                 /usr/local), staged under DESTDIR; never installs
#                 packages (make uninstall removes the same files)
#   make deb      a Debian package in build/deb/, checked with lintian
#                 and tested (installs dpkg-dev, debhelper, lintian)

BUILD   ?= build
CC      ?= cc
OPT     ?= -O2
SAN     ?=
V       ?= 0
WERROR  ?= -Werror
# yes: install missing Debian packages first; check: only say what is
# missing (make install, uninstall); no: trust the caller (debian/rules,
# whose Build-Depends already hold).
SETUP_DEPS ?= $(if $(filter install uninstall,$(MAKECMDGOALS)),check,yes)

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  ?= $(PREFIX)/share/zsh/site-functions
DESTDIR ?=
INSTALL ?= install

# Library flags come from pkg-config once the set-up step has run.
PKGS := libcmark-gfm libgit2 libpcre2-8 yaml-0.1 libmicrohttpd libcurl libutf8proc

WARN := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wvla -Wformat=2 $(WERROR)
# src/version.c reports libcurl's version when the binary links it.
CFLAGS_ALL = -std=c11 $(OPT) -g $(WARN) $(SAN) -D_POSIX_C_SOURCE=200809L \
	-D_DEFAULT_SOURCE -Isrc -I$(BUILD)/gen \
	$(if $(filter libcurl,$(PKGS)),-DHB_HAVE_CURL) \
	$(shell pkg-config --cflags $(PKGS)) $(CPPFLAGS) $(CFLAGS)
LDLIBS_ALL = $(shell pkg-config --libs $(PKGS)) -lcmark-gfm-extensions \
	-lpthread $(LDLIBS)

SRC  := $(wildcard src/*.c)
OBJ  := $(SRC:src/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/embedded.o
LIBOBJ := $(filter-out $(BUILD)/obj/main.o,$(OBJ))
BIN  := $(BUILD)/bin/handbook
DEPS_STAMP := $(BUILD)/.deps-build

EMBED_FILES := $(sort $(wildcard templates/* theme/* topics/*.yml) \
	$(shell find skeleton -type f 2>/dev/null))

UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
# Fuzz targets, also built as replay programs over their seed corpus.
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
REPLAY_BIN := $(FUZZ_SRC:tests/fuzz/fuzz_%.c=$(BUILD)/fuzz/replay_%)

.PHONY: all site test unit asan tsan valgrind bench fuzz format clean deps \
	deps-test regen help install uninstall deb
all: $(BIN)

help:
	@sed -n '2,12p' Makefile | sed 's/^# \{0,1\}//'

$(DEPS_STAMP): scripts/setup-deps
ifneq ($(SETUP_DEPS),no)
	@SETUP_DEPS=$(SETUP_DEPS) scripts/setup-deps build
endif
	@mkdir -p $(@D) && touch $@

deps: $(DEPS_STAMP)

deps-test: $(DEPS_STAMP)
	@scripts/setup-deps test

# version.c's HB_HAVE_CURL comes from PKGS above.
$(BUILD)/obj/version.o: Makefile

$(BUILD)/obj/%.o: src/%.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@[ "$(V)" = 1 ] || echo "  CC $<"
	$(if $(filter 1,$(V)),,@)$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

# templates/, theme/ and topics/ are compiled into the binary as defaults.
$(BUILD)/tools/embed: tools/embed.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@$(CC) -std=c11 -O1 $(WARN) $< -o $@

$(BUILD)/gen/embedded.c: $(BUILD)/tools/embed $(EMBED_FILES)
	@mkdir -p $(@D)
	@$(BUILD)/tools/embed $(EMBED_FILES) > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/embedded.o: $(BUILD)/gen/embedded.c
	@mkdir -p $(@D)
	@$(CC) $(CFLAGS_ALL) -c $< -o $@

$(BIN): $(OBJ)
	@mkdir -p $(@D)
	@[ "$(V)" = 1 ] || echo "  LD $@"
	$(if $(filter 1,$(V)),,@)$(CC) $(SAN) $(LDFLAGS) $(OBJ) $(LDLIBS_ALL) -o $@

$(BUILD)/tests/%: tests/unit/%.c tests/harness.h $(LIBOBJ)
	@mkdir -p $(@D)
	@$(CC) $(CFLAGS_ALL) -Itests $< $(LIBOBJ) $(LDLIBS_ALL) -o $@

$(BUILD)/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(LIBOBJ)
	@mkdir -p $(@D)
	@$(CC) $(CFLAGS_ALL) $< tests/fuzz/replay.c $(LIBOBJ) $(LDLIBS_ALL) -o $@

unit: $(UNIT_BIN)

site: $(BIN)
	@$(BIN) build . -o $(BUILD)/site
	@echo "open file://$(abspath $(BUILD)/site)/index.html"

test: $(BIN) $(UNIT_BIN) $(REPLAY_BIN) deps-test
	@BUILD=$(BUILD) tests/run $(SUITES)

# CI runs this too (.ci/run): the C tests and the browser tests.
asan:
	@$(MAKE) --no-print-directory BUILD=build/asan OPT=-O1 \
		SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
		SUITES="unit fuzz golden sites errors e2e" test

# Parallel loading and writing under ThreadSanitizer: the unit tests
# (parse threads among them) and the -j 1 / -j 4 corpus builds; time
# bounds are not checked (HB_UNTIMED: TSan is 5-15x slower).
tsan:
	@$(MAKE) --no-print-directory BUILD=build/tsan OPT=-O1 \
		SAN="-fsanitize=thread -fno-omit-frame-pointer" all unit
	@BUILD=build/tsan TSAN_OPTIONS="halt_on_error=1 exitcode=66" \
		HB_UNTIMED=1 tests/run unit sh

valgrind: $(BIN) $(UNIT_BIN) deps-test
	@BUILD=$(BUILD) VALGRIND=1 tests/run unit golden errors

bench: $(BIN)
	@scripts/setup-deps bench
	@BUILD=$(BUILD) bench/run

fuzz:
	@tests/fuzz/build

regen: $(BIN)
	@BUILD=$(BUILD) REGEN=1 HB_REGEN=make-regen tests/run golden sites errors compat

# The binary embeds its templates, theme and skeleton: these five files
# are the whole installation.
install: $(BIN)
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(BASHCOMPDIR) \
		$(DESTDIR)$(ZSHCOMPDIR)
	$(INSTALL) -m 755 $(BIN) $(DESTDIR)$(BINDIR)/handbook
	$(INSTALL) -m 644 man/handbook.1 $(DESTDIR)$(MANDIR)/man1/handbook.1
	$(INSTALL) -m 644 man/handbook-content.5 \
		$(DESTDIR)$(MANDIR)/man5/handbook-content.5
	$(INSTALL) -m 644 completions/handbook.bash \
		$(DESTDIR)$(BASHCOMPDIR)/handbook
	$(INSTALL) -m 644 completions/_handbook $(DESTDIR)$(ZSHCOMPDIR)/_handbook

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/handbook \
		$(DESTDIR)$(MANDIR)/man1/handbook.1 \
		$(DESTDIR)$(MANDIR)/man5/handbook-content.5 \
		$(DESTDIR)$(BASHCOMPDIR)/handbook \
		$(DESTDIR)$(ZSHCOMPDIR)/_handbook

# A .deb from a copy of this tree, in $(BUILD)/deb/ (scripts/build-deb);
# tests/install/deb (suite 'deb' of make test) then tests it.
deb:
	@scripts/setup-deps deb
	@scripts/build-deb $(BUILD)/deb

# Only what you changed (vs HEAD), or FILES=...: see .clang-format.
FORMAT_FILES = $(or $(FILES),$(shell git diff --name-only HEAD -- \
	'src/*.[ch]' 'tests/unit/*.c' 'tests/fuzz/*.c' tests/harness.h; \
	git ls-files --others --exclude-standard -- 'src/*.[ch]' \
	'tests/unit/*.c' 'tests/fuzz/*.c'))
format:
	@command -v clang-format >/dev/null || scripts/setup-deps fuzz
	@$(if $(strip $(FORMAT_FILES)),clang-format -i $(FORMAT_FILES),echo "nothing to format")

clean:
	rm -rf $(BUILD)

-include $(OBJ:.o=.d)
