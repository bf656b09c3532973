# Flame graph toolkit: build, test, benchmark, install.
#   make build    Native AOT publish of every tool into ./bin
#   make test     build, check the code layout, then run every test (what CI runs)
#   make fuzz     the fuzz properties on random seeds for FUZZ_SECONDS (default 1800)
#   make bench    throughput, peak memory and startup of each tool
#   make demo     profile a bundled C program with bin/flamegraph into ./flamegraph.svg
#   make install  copy the tools to $(PREFIX)/bin (default ~/.local/bin)
#   make install-compat  also the Perl scripts' names, as links to the tools
#   make deps     install what a fresh Debian machine lacks (when root)

SHELL   := /bin/bash
PREFIX  ?= $(HOME)/.local
RID     ?= linux-x64
DOTNET  ?= dotnet
BIN     := bin
TOOLS   := $(sort $(notdir $(patsubst %/,%,$(dir $(wildcard tools/*/*.csproj)))))
# Every tool references lib/FlameGraph.Cli, which references lib/FlameGraph.Core (and no tool
# references another): a tool is rebuilt when its own folder or the libraries change.
SHARED_BUILD_INPUTS := Directory.Build.props Directory.Packages.props tools/Directory.Build.props \
                       $(shell find lib -path '*/obj' -prune -o -path '*/bin' -prune -o -type f -print)

export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1

.PHONY: all build install install-compat test format-check fuzz bench demo deps clean

all: build

build: $(addprefix $(BIN)/,$(TOOLS))

sources_of = $(shell find $(addprefix tools/,$(1)) -path '*/obj' -prune -o -path '*/bin' -prune -o -type f -print)

# One rule per tool: republish when its sources or the libraries change. Each tool is published
# into its own folder under obj/ and only the executable is copied to ./bin.
define TOOL_RULE
$(BIN)/$(1): $$(call sources_of,$(1)) $$(SHARED_BUILD_INPUTS)
	@echo "publish $(1)"
	@$$(DOTNET) publish tools/$(1) -c Release -r $$(RID) -o obj/publish/$(1) -v quiet --nologo -clp:ErrorsOnly
	@install -D -m 755 obj/publish/$(1)/$(1) $$@
endef
$(foreach t,$(TOOLS),$(eval $(call TOOL_RULE,$(t))))

install: build
	install -d $(PREFIX)/bin
	install -m 755 $(addprefix $(BIN)/,$(TOOLS)) $(PREFIX)/bin/

TEST_EXE := tests/bin/Release/net10.0/FlameGraph.Tests

# The suite is an xunit v3 executable; TEST_ARGS passes filters (e.g. TEST_ARGS='-class "*Svg*"').
# Scripts that call the Perl tools by name run ours unchanged.
PERL_NAMES := stackcollapse-perf.pl:fg-collapse-perf stackcollapse.pl:fg-collapse-dtrace \
              flamegraph.pl:fg-svg difffolded.pl:fg-diff
install-compat: install
	@for pair in $(PERL_NAMES); do ln -sfn "$${pair#*:}" "$(PREFIX)/bin/$${pair%%:*}"; echo "$(PREFIX)/bin/$${pair%%:*} -> $${pair#*:}"; done

# The layout .editorconfig asks for (the analyzers and code style are checked by every build).
format-check:
	@$(DOTNET) format whitespace Tools.sln --verify-no-changes -v q \
	  || { echo "format-check: run 'dotnet format whitespace Tools.sln' to fix the layout" >&2; exit 1; }

test: deps build format-check
	@$(DOTNET) build tests/Tests.csproj -c Release -v quiet --nologo -clp:ErrorsOnly
	@rm -rf tests/TestResults && mkdir -p tests/TestResults
	@$(TEST_EXE) -noColor -noLogo -result-trx tests/TestResults/results.trx $(TEST_ARGS); status=$$?; \
	  bash .ci/summary tests/TestResults/results.trx; exit $$status

# The fuzz properties run in `make test` on fixed seeds; here on random ones, for FUZZ_SECONDS in
# all. A failure prints its seed: FG_FUZZ_SEED=<seed> $(TEST_EXE) -method "*<Property>*" replays it.
FUZZ_SECONDS ?= 1800
fuzz: build
	@$(DOTNET) build tests/Tests.csproj -c Release -v quiet --nologo -clp:ErrorsOnly
	@FG_FUZZ_SECONDS=$(FUZZ_SECONDS) $(TEST_EXE) -noColor -noLogo -namespace FlameGraph.Tests.Fuzz

bench: build
	@bash bench/run.sh

# Three hot functions with known shares (50/30/20 by loop counts), built with frame pointers so
# perf's fp unwinder (quick to record and to script) sees every caller.
DEMO_CFLAGS := -O1 -g -fno-omit-frame-pointer -pthread
demo: build
	@mkdir -p demo/out
	gcc $(DEMO_CFLAGS) -o demo/out/workload demo/workload.c
	$(BIN)/flamegraph --call-graph fp --deterministic -o flamegraph.svg \
	  --title "demo: hot_fifty 50%, hot_thirty 30%, hot_twenty 20%" -- demo/out/workload 3

deps:
	@bash .ci/deps

clean:
	rm -rf $(BIN) tests/TestResults
	find . -name obj -type d -prune -exec rm -rf {} +
