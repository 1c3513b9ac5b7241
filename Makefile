# minutes — non-recursive Makefile. Dependencies come only from pkg-config.
# `make` builds build/libminutes.a and build/minutes; `make test` is what CI runs.

PKGS       := libxml-2.0 libpcre2-8 yaml-0.1
BUILD      ?= build
CC         ?= cc
PREFIX     ?= /usr/local
DESTDIR    ?=
WERROR     ?= 1
OPT        ?= -O2 -g
JOBS       ?= 2
V          ?=
Q          := $(if $(V),,@)

WARN := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
        -Wmissing-prototypes -Wformat=2 -Wwrite-strings -Wvla \
        -Wimplicit-fallthrough -Wconversion -Wno-sign-conversion
ifneq ($(strip $(WERROR)),)
WARN += -Werror
endif

LAYERS   := common parser rules extract check diff output
INCLUDES := $(addprefix -I,$(LAYERS)) -I$(BUILD)/gen
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CRIT_LIBS  := $(shell pkg-config --libs criterion 2>/dev/null || echo -lcriterion)

CFLAGS   ?= $(OPT)
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
             $(WARN) $(INCLUDES) $(PKG_CFLAGS) $(CFLAGS) -MMD -MP
LDLIBS    = $(PKG_LIBS) -lpthread -lm

LIB_SRC  := $(sort $(foreach d,$(LAYERS),$(wildcard $(d)/*.c)))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/mn_embedded.o
CLI_SRC  := $(sort $(wildcard cli/*.c))
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_SRC := $(sort $(wildcard tests/test_*.c))
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
TEST_HELPER_SRC := $(wildcard tests/mn_test.c)
TEST_HELPER_OBJ := $(TEST_HELPER_SRC:%.c=$(BUILD)/%.o)
EMBED    := $(sort $(wildcard rules/*.yaml))

LIB := $(BUILD)/libminutes.a
BIN := $(BUILD)/minutes

.PHONY: all test check unit rules-test shell-tests asan-test valgrind-test \
        install uninstall clean deps run lint format format-check bench fuzz \
        fuzz-build replay

all: $(LIB) $(BIN)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(V),:,echo '  CC    $<')
	$(Q)$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/tools/embed: tools/embed.c common/mn_sha256.c common/mn_sha256.h
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) $(OPT) -Icommon \
	  tools/embed.c common/mn_sha256.c -o $@

$(BUILD)/gen/mn_embedded.c: $(BUILD)/tools/embed $(EMBED)
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed $@ $(EMBED)

$(BUILD)/gen/mn_embedded.o: $(BUILD)/gen/mn_embedded.c
	$(CC) $(ALL_CFLAGS) -Wno-overlength-strings -c $< -o $@

$(LIB): $(LIB_OBJ)
	@rm -f $@
	$(Q)ar rcs $@ $^

$(BIN): $(CLI_OBJ) $(LIB)
	@$(if $(V),:,echo '  LINK  $@')
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $(CLI_OBJ) $(LIB) $(LDLIBS) -o $@

$(BUILD)/tests/%: tests/%.c $(TEST_HELPER_OBJ) $(LIB)
	@mkdir -p $(dir $@)
	@$(if $(V),:,echo '  TEST  $@')
	$(Q)$(CC) $(ALL_CFLAGS) $< $(TEST_HELPER_OBJ) $(LDFLAGS) $(LIB) $(CRIT_LIBS) $(LDLIBS) -o $@

# ---- fuzzing --------------------------------------------------------------
# fuzz/fuzz_<h>.c are libFuzzer entry points. `make test` links each with
# fuzz/replay.c (any compiler) and replays fuzz/regressions/<h>/ and the seed
# corpus; `make fuzz FUZZ_SECONDS=N` builds them with clang's libFuzzer and
# runs each for N seconds, keeping its growing corpus in build-fuzz/corpus/.
FUZZ_HARNESS := decode html text rules pipeline literal
FUZZ_SECONDS ?= 60
FUZZ_BUILD   := build-fuzz
FUZZ_CFLAGS  := -g -O1 -fno-omit-frame-pointer \
                -fsanitize=fuzzer-no-link,address,undefined \
                -fno-sanitize-recover=all
FUZZ_COMMON  := fuzz/fuzz_common.c
FUZZ_CCFLAGS  = $(filter-out -MMD -MP,$(ALL_CFLAGS)) -Ifuzz
REPLAY_BIN   := $(FUZZ_HARNESS:%=$(BUILD)/fuzz/replay_%)
fuzz_seeds    = $$(case $(1) in rules) echo rules tests/rules-bad;; \
                  literal) ;; *) echo corpus;; esac)

$(BUILD)/fuzz/replay_%: fuzz/fuzz_%.c fuzz/replay.c $(FUZZ_COMMON) fuzz/fuzz.h $(LIB)
	@mkdir -p $(dir $@)
	@$(if $(V),:,echo '  FUZZ  $@')
	$(Q)$(CC) $(FUZZ_CCFLAGS) $< fuzz/replay.c $(FUZZ_COMMON) $(LDFLAGS) \
	  $(LIB) $(LDLIBS) -o $@

$(BUILD)/fuzz/fuzz_%: fuzz/fuzz_%.c $(FUZZ_COMMON) fuzz/fuzz.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(FUZZ_CCFLAGS) -fsanitize=fuzzer $< $(FUZZ_COMMON) $(LDFLAGS) \
	  $(LIB) $(LDLIBS) -o $@

replay: $(REPLAY_BIN)
	@fail=0; for h in $(FUZZ_HARNESS); do \
	  $(BUILD)/fuzz/replay_$$h fuzz/regressions/$$h $(call fuzz_seeds,$$h) \
	  || fail=1; done; exit $$fail

fuzz-build:
	$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=clang WERROR= \
	  CFLAGS='$(FUZZ_CFLAGS)' LDFLAGS='-fsanitize=address,undefined' \
	  $(FUZZ_HARNESS:%=$(FUZZ_BUILD)/fuzz/fuzz_%)

fuzz: fuzz-build
	@for h in $(FUZZ_HARNESS); do \
	  mkdir -p $(FUZZ_BUILD)/corpus/$$h $(FUZZ_BUILD)/artifacts; \
	  echo "== fuzz $$h for $(FUZZ_SECONDS)s"; \
	  $(FUZZ_BUILD)/fuzz/fuzz_$$h -max_total_time=$(FUZZ_SECONDS) \
	    -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
	    -dict=fuzz/dict/$$h.dict \
	    -artifact_prefix=$(FUZZ_BUILD)/artifacts/$$h- \
	    $(FUZZ_BUILD)/corpus/$$h fuzz/regressions/$$h \
	    $(call fuzz_seeds,$$h) || exit 1; done

# ---- tests ---------------------------------------------------------------
# Unit tests (Criterion), the rules' own examples, then the shell suites
# (golden files, CLI behaviour, acceptance on ../shared when present).
# MN_PREFILTER_VERIFY: whenever a rule prefilter skips a subject, the regex
# runs anyway and a match aborts (rules/mn_matcher.c): the whole suite
# doubles as a soundness check of the prefilters.
test: all $(TEST_BIN) $(REPLAY_BIN)
	@MN_PREFILTER_VERIFY=1; export MN_PREFILTER_VERIFY; \
	fail=0; for t in $(TEST_BIN); do \
	  echo "== $$t"; $$t --jobs=$(JOBS) || fail=1; done; \
	for h in $(FUZZ_HARNESS); do echo "== replay $$h"; \
	  $(BUILD)/fuzz/replay_$$h fuzz/regressions/$$h $(call fuzz_seeds,$$h) \
	  || fail=1; done; \
	echo "== minutes rules test"; $(BIN) rules test || fail=1; \
	for s in $(sort $(wildcard tests/*.sh)); do \
	  echo "== $$s"; MINUTES=$(BIN) BUILD=$(BUILD) sh $$s || fail=1; done; \
	exit $$fail

check: test

ASAN_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
              -fno-sanitize-recover=all
asan-test:
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	$(MAKE) BUILD=build-asan CC=clang CFLAGS='$(ASAN_FLAGS)' \
	  LDFLAGS='-fsanitize=address,undefined' test

VALGRIND := valgrind -q --leak-check=full --errors-for-leak-kinds=definite \
            --error-exitcode=99 --suppressions=tests/valgrind.supp
# Every corpus document (not the upper-case notes such as README.md, which
# are not minutes) through the CLI under memcheck; exit 99 = a memory error
# or a definite leak. Each document is its own run, so a failure names it.
valgrind-test: all
	@fail=0; n=0; for f in $$(find corpus -type f ! -name '[A-Z]*.md' | sort); do \
	  n=$$((n + 1)); \
	  $(VALGRIND) $(BIN) extract "$$f" >/dev/null 2>$(BUILD)/valgrind.log; \
	  if [ $$? -eq 99 ]; then echo "valgrind: $$f"; cat $(BUILD)/valgrind.log; \
	    fail=$$((fail + 1)); fi; done; \
	echo "valgrind-test: $$((n - fail)) passed, $$fail failed"; [ $$fail -eq 0 ]

# ---- the main job ----------------------------------------------------------
# Extract every document of the bundled corpus into output/.
run: 
	@sh tools/ensure-deps.sh
	@$(MAKE) --no-print-directory all
	$(BIN) extract -o build/records --exclude '[A-Z]*.md' corpus && echo "records written to build/records/"

deps:
	sh tools/ensure-deps.sh --install

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib \
	  $(DESTDIR)$(PREFIX)/share/minutes/rules
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/minutes
	install -m 644 $(LIB) $(DESTDIR)$(PREFIX)/lib/libminutes.a
	install -m 644 $(EMBED) $(DESTDIR)$(PREFIX)/share/minutes/rules/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/minutes $(DESTDIR)$(PREFIX)/lib/libminutes.a
	rm -rf $(DESTDIR)$(PREFIX)/share/minutes

clean:
	rm -rf build build-asan build-fuzz compile_commands.json

# ---- hygiene -------------------------------------------------------------
SRC_ALL := $(LIB_SRC) $(CLI_SRC)
# cppcheck and clang-tidy (../shared/style.md section 4); .clang-tidy holds
# the checks. clang-tidy runs once per file: given many files, clang-tidy 14
# carries analyzer state from one file into the next and reports false
# valist.Uninitialized errors in the later ones. It gets the flags of the
# normal build (minus -Werror and the .d output), spelled here rather than
# read from a compile_commands.json, so no `bear` and no rebuild is needed.
# A stamp per file makes `make -j2 lint` parallel and a rerun incremental.
TIDY_SRC   := $(LIB_SRC) $(CLI_SRC) $(wildcard fuzz/*.c)
TIDY_FLAGS  = $(filter-out -Werror -MMD -MP,$(ALL_CFLAGS)) -Ifuzz
TIDY_STAMP := $(TIDY_SRC:%.c=$(BUILD)/lint/%.ok)
TIDY_DEPS  := .clang-tidy $(wildcard $(addsuffix /*.h,$(LAYERS) cli fuzz))

.PHONY: lint-cppcheck lint-tidy
lint: lint-cppcheck lint-tidy

lint-cppcheck:
	cppcheck --std=c11 --enable=warning,style,performance,portability \
	  --inline-suppr --suppress=missingIncludeSystem --error-exitcode=1 \
	  --quiet $(addprefix -I,$(LAYERS)) $(LAYERS) cli fuzz

lint-tidy: $(TIDY_STAMP)

$(BUILD)/lint/%.ok: %.c $(TIDY_DEPS) | $(BUILD)/gen/mn_embedded.c
	@mkdir -p $(dir $@)
	@$(if $(V),:,echo '  TIDY  $<')
	$(Q)clang-tidy --quiet $< -- $(TIDY_FLAGS) >$@.log 2>&1 || \
	  { grep -v ' warnings\{0,1\} generated\.$$' $@.log; exit 1; }
	@rm -f $@.log && touch $@

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

format-check:
	clang-format --dry-run --Werror $$(git ls-files '*.c' '*.h')

# Bench tools are built only by `make bench`, never by all or test.
BENCH_BIN := $(BUILD)/bench/gen $(BUILD)/bench/floor $(BUILD)/bench/ruleload \
             $(BUILD)/bench/emitfloor $(BUILD)/bench/yamlemit
$(BUILD)/bench/gen: bench/gen.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $< $(LDFLAGS) -o $@

$(BUILD)/bench/floor: bench/floor.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $< $(LDFLAGS) $(PKG_LIBS) -o $@

$(BUILD)/bench/emitfloor: bench/emitfloor.c bench/bench_util.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $< $(LDFLAGS) $(PKG_LIBS) -o $@

$(BUILD)/bench/yamlemit: bench/yamlemit.c bench/bench_util.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $< $(LDFLAGS) $(LIB) $(LDLIBS) -o $@

$(BUILD)/bench/ruleload: bench/ruleload.c bench/bench_util.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $< $(LDFLAGS) $(LIB) $(LDLIBS) -o $@

bench: all $(BENCH_BIN)
	MINUTES=$(BIN) BUILD=$(BUILD) sh bench/bench.sh

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
