# casetrail: one Makefile, pkg-config for the libraries.
#   make            build the programs into $(O)/bin
#   make check      every test, plain and under ASan+UBSan
#   make check-slow the tests too slow for make check, at full size
#   make demo       a realistic case in a throw-away store
#   make install    into $(PREFIX)

PREFIX  ?= /usr/local
O       ?= build
CC      ?= cc
CFLAGS  ?= -O2 -g
PKGS     = sqlite3 libcrypto
WARN     = -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wno-missing-field-initializers
ALL_CPPFLAGS = -D_GNU_SOURCE -Ilib $(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(CPPFLAGS)
ALL_CFLAGS   = $(WARN) -pthread $(CFLAGS)
LIBS         = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -pthread $(LDLIBS)

PROGS = officer-add officer-list officer-key officer-revoke officer-update \
        case-new case-log case-show case-list store-verify evidence-add \
        evidence-list evidence-cat store-rebuild store-init random-draw \
        review-submit review-decide review-list \
        publish-export publish-withdraw \
        archive-list $(ARCHIVE_PROGS)
# The programs of lib/archive/, the only ones linked with libarchive
# (archive-list reads the seal table alone, and is not one of them).
ARCHIVE_PROGS = archive-seal archive-verify
ARCHIVE_SRC = $(wildcard lib/archive/*.c)
ARCHIVE_LIB = $(O)/libcasetrail-archive.a
ARCHIVE_BINS = $(ARCHIVE_PROGS:%=$(O)/bin/%) $(ARCHIVE_PROGS:%=$(O)/test-bin/%)
$(ARCHIVE_BINS) $(O)/fuzz/fuzz_archive: EXTRA_LIBS = $(ARCHIVE_LIB) $(shell pkg-config --libs libarchive 2>/dev/null)
$(ARCHIVE_BINS) $(O)/fuzz/fuzz_archive: $(ARCHIVE_LIB)
# lib/ in layers, one folder each (ARCHITECTURE.md); tests/layers checks them.
LAYERS  = base crypto objects store domain verify output
LIBSRC = $(foreach l,$(LAYERS),$(wildcard lib/$(l)/*.c))
LIBOBJ = $(LIBSRC:%.c=$(O)/%.o)
# The programs' own library: options, usage, messages, exit statuses.
CLISRC = $(wildcard cmd/lib/*.c)
CLIOBJ = $(CLISRC:%.c=$(O)/%.o)
BINS   = $(PROGS:%=$(O)/bin/%)
TESTBINS = $(PROGS:%=$(O)/test-bin/%)
UNIT   = $(patsubst tests/unit/%.c,$(O)/unit/%,$(wildcard tests/unit/*.c))
# Test tools (tests/tools/*.c), such as the forger of tests/forgery.bats.
TOOLS  = $(patsubst tests/tools/%.c,$(O)/tools/%,$(wildcard tests/tools/*.c))

# Debian packages: build, tests, lint, fuzzing, coverage, benchmarks.
DEB_PKGS = build-essential pkg-config libsqlite3-dev libssl-dev \
           libarchive-dev sqlite3 openssl libarchive-tools tzdata bats \
           bats-assert bats-support mandoc clang libclang-rt-14-dev \
           valgrind cppcheck clang-tidy shellcheck gcovr hyperfine \
           strace zsh fish unzip jq

SAN = -fsanitize=address,undefined -fno-omit-frame-pointer \
      -fno-sanitize-recover=all

.PHONY: all deps check check-slow check-valgrind demo install \
        clean bench fuzz coverage lint
all: $(BINS) $(TESTBINS) $(UNIT) $(TOOLS)

$(O)/lib/%.o: lib/%.c $(wildcard lib/*.h lib/*/*.h)
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(O)/libcasetrail.a: $(LIBOBJ)
	$(AR) rcs $@ $(LIBOBJ)

$(O)/cmd/lib/%.o: cmd/lib/%.c cmd/lib/cli.h lib/casetrail.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(ARCHIVE_LIB): $(ARCHIVE_SRC:%.c=$(O)/%.o)
	$(AR) rcs $@ $^

$(O)/libcli.a: $(CLIOBJ)
	$(AR) rcs $@ $(CLIOBJ)

$(O)/bin/%: cmd/%.c cmd/lib/cli.h $(O)/libcli.a $(O)/libcasetrail.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) -Icmd/lib $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< \
	    $(O)/libcli.a $(EXTRA_LIBS) $(O)/libcasetrail.a $(LIBS)

# The test build: the same programs, in $(O)/test-bin, but for a clock the
# tests can fix (CASETRAIL_NOW).  Only lib/base/env.c is compiled again;
# make install never installs them, and an installed program takes no
# time from its environment (lib/base/env.c says why).
TESTOBJ  = $(filter-out $(O)/lib/base/env.o,$(LIBOBJ)) $(O)/test/env.o
TESTLIB  = $(O)/libcasetrail-test.a

$(O)/test/env.o: lib/base/env.c $(wildcard lib/*.h)
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) -DCASETRAIL_TEST_CLOCK $(ALL_CFLAGS) -c -o $@ $<

$(TESTLIB): $(TESTOBJ)
	$(AR) rcs $@ $(TESTOBJ)

$(O)/test-bin/%: cmd/%.c cmd/lib/cli.h $(O)/libcli.a $(TESTLIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) -Icmd/lib $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< \
	    $(O)/libcli.a $(EXTRA_LIBS) $(TESTLIB) $(LIBS)

$(O)/unit/%: tests/unit/%.c $(TESTLIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< \
	    $(TESTLIB) $(LIBS)

$(O)/tools/%: tests/tools/%.c $(TESTLIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< \
	    $(TESTLIB) $(LIBS)

# Installs what is missing: as root with apt-get, else names the line.
deps:
	@missing=$$(for p in $(DEB_PKGS); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
	    grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	    if [ "$$(id -u)" = 0 ]; then \
	        echo "deps: installing $$missing"; \
	        apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	        apt-get install -y -qq --no-install-recommends $$missing \
	        >/dev/null || exit 1; \
	    else \
	        echo "deps: missing packages; run as root:" >&2; \
	        echo "  apt-get install" $$missing >&2; exit 1; \
	    fi; \
	fi

# The two builds use every core; the tests run as tests/run says.
NPROC := $(shell nproc 2>/dev/null || echo 1)
check: deps
	@$(MAKE) --no-print-directory -j$(NPROC) all O=build
	@$(MAKE) --no-print-directory -j$(NPROC) all O=build-san CC=clang \
	    CFLAGS="-O1 -g $(SAN)" LDFLAGS="$(SAN)"
	@tests/run build build-san

# The tests tagged slow at full size (the 5 GiB evidence file): make check
# runs them smaller.  CI runs this after make check.
check-slow: deps all
	@CASETRAIL_TEST_SLOW=1 tests/run --tags slow $(O)

# Memcheck over every suite: about an hour on two cores, with the tests
# run as in make check (BATS_JOBS at a time) and their setup unchecked.
check-valgrind: deps all
	@VALGRIND=1 tests/run $(O)

demo: deps all
	@PATH="$(CURDIR)/$(O)/bin:$$PATH" sh demo/demo.sh

bench: deps all $(O)/bench/import-unsigned $(O)/bench/signed-insert
	@PATH="$(CURDIR)/$(O)/bin:$(CURDIR)/$(O)/bench:$$PATH" bench/run

$(O)/bench/%: bench/src/%.c $(O)/libcasetrail.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -o $@ $< $(O)/libcasetrail.a $(LIBS)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	    $(DESTDIR)$(PREFIX)/share/man/man5 $(DESTDIR)$(PREFIX)/share/man/man7 \
	    $(DESTDIR)$(PREFIX)/share/casetrail \
	    $(DESTDIR)$(PREFIX)/share/bash-completion/completions \
	    $(DESTDIR)$(PREFIX)/share/zsh/site-functions \
	    $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 755 $(BINS) $(DESTDIR)$(PREFIX)/bin
	install -m 644 man/*.1 $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 644 man/*.5 $(DESTDIR)$(PREFIX)/share/man/man5
	install -m 644 man/*.7 $(DESTDIR)$(PREFIX)/share/man/man7
	install -m 644 data/holidays-cn.tsv $(DESTDIR)$(PREFIX)/share/casetrail
	for p in $(PROGS); do install -m 644 completions/casetrail.bash \
	    $(DESTDIR)$(PREFIX)/share/bash-completion/completions/$$p; done
	install -m 644 completions/_casetrail \
	    $(DESTDIR)$(PREFIX)/share/zsh/site-functions
	for p in $(PROGS); do install -m 644 completions/casetrail.fish \
	    $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/$$p.fish; done

# Line coverage of lib/ by every test, printed as a figure.
coverage: deps
	@$(MAKE) --no-print-directory all O=build-cov \
	    CFLAGS="-O0 -g --coverage" LDFLAGS="--coverage"
	@find build-cov -name '*.gcda' -delete
	@tests/run build-cov >/dev/null || true
	@gcovr -r . --filter 'lib/' --object-directory build-cov/lib \
	    --print-summary -o build-cov/coverage.txt | \
	    sed -n 's/^lines: /coverage of lib\/: lines /p'

SHELL_SCRIPTS = tests/run tests/kill9 tests/layers tests/helper.bash bench/run bench/lib.sh bench/log-import bench/evidence-add \
                bench/log-loop bench/verify bench/append-scale bench/sign-cost bench/import-again bench/evidence-bulk bench/random-draw bench/review bench/publish bench/archive .ci/run \
                tests/options.bash tests/forge.bash
lint: deps
	cppcheck --quiet --enable=warning,performance,portability --std=c11 \
	    --error-exitcode=1 --inline-suppr -D_GNU_SOURCE -I lib \
	    -I cmd/lib lib cmd tests/unit bench/src
	clang-tidy --quiet lib/*/*.c cmd/*.c cmd/lib/*.c bench/src/*.c -- -D_GNU_SOURCE \
	    -Ilib -Icmd/lib -std=c11 \
	    $(shell pkg-config --cflags $(PKGS))
	@out=$$(mandoc -Tlint -Wwarning man/*.[0-9]); \
	    if [ -n "$$out" ]; then echo "$$out"; exit 1; fi
	shellcheck -s bash -e SC1091,SC2154 $(SHELL_SCRIPTS) \
	    completions/casetrail.bash
	shellcheck -s sh demo/demo.sh

# make fuzz: a libFuzzer target per parser (tests/fuzz/fuzz_*.c), built
# with clang into build-fuzz/ over library objects of their own
# (-fsanitize=fuzzer-no-link, ASan, UBSan), each run FUZZ_SECONDS from a
# scratch copy of its seed corpus tests/fuzz/corpus/<target>/.
FUZZ_SECONDS ?= 30
FUZZ_SAN     = -fsanitize=address,undefined -fno-omit-frame-pointer \
               -fno-sanitize-recover=all
FUZZ_TARGETS = $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))

fuzz: deps
	@$(MAKE) --no-print-directory O=build-fuzz CC=clang \
	    CFLAGS="-O1 -g -fsanitize=fuzzer-no-link $(FUZZ_SAN)" \
	    LDFLAGS="-fsanitize=fuzzer $(FUZZ_SAN)" \
	    $(FUZZ_TARGETS:%=build-fuzz/fuzz/%)
	@tests/fuzz/run build-fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

$(O)/fuzz/%: tests/fuzz/%.c $(TESTLIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< \
	    $(EXTRA_LIBS) $(TESTLIB) $(LIBS)

clean:
	rm -rf build build-san build-cov build-fuzz

# The static site of published decisions (lib/output/site*.c): headless
# chromium renders it in tests/site.bats, with a CJK font for its
# screenshot, and xmllint checks its Atom feed.
DEB_PKGS += chromium fonts-wqy-microhei libxml2-utils
SHELL_SCRIPTS += bench/publish-html
