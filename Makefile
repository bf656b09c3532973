# Flame graph toolkit: build, test, benchmark, install.
#   make build    Native AOT publish of every tool into ./bin
#   make test     build, then run every test (what CI runs)
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
SHARED_BUILD_INPUTS := Directory.Build.props Directory.Packages.props tools/Directory.Build.props \
                       $(shell find lib -path '*/obj' -prune -o -path '*/bin' -prune -o -type f -print)

export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1

.PHONY: all build install install-compat test bench demo deps clean

all: build

build: $(addprefix $(BIN)/,$(TOOLS))

sources_of = $(shell find $(addprefix tools/,$(1)) -path '*/obj' -prune -o -path '*/bin' -prune -o -type f -print)

# One rule per tool: republish when its sources or the shared library change. Each tool is
# published into its own folder under obj/ and only the executable is copied to ./bin (a front
# end's publish output also holds the referenced tools' .pdb and .runtimeconfig.json files).
define TOOL_RULE
$(BIN)/$(1): $$(call sources_of,$(1)) $$(SHARED_BUILD_INPUTS)
	@echo "publish $(1)"
	@$$(DOTNET) publish tools/$(1) -c Release -r $$(RID) -o obj/publish/$(1) -v quiet --nologo -clp:ErrorsOnly
	@install -D -m 755 obj/publish/$(1)/$(1) $$@
endef
$(foreach t,$(TOOLS),$(eval $(call TOOL_RULE,$(t))))

# fg-collapse-perf demangles perf.data symbols with fg-fold-filter's demanglers.
$(BIN)/fg-collapse-perf: $(call sources_of,fg-fold-filter)
# flamegraph runs the other tools' stages in process: their sources are its sources too.
WRAPPER_STAGES := fg-record fg-collapse-perf fg-fold-filter fg-svg
$(BIN)/flamegraph: $(call sources_of,$(WRAPPER_STAGES))
# The front ends run the wrapper's pipeline in process: the wrapper's sources are theirs too.
$(BIN)/cargo-flamegraph $(BIN)/dotnet-flamegraph: $(call sources_of,flamegraph $(WRAPPER_STAGES))

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

test: deps build
	@$(DOTNET) build tests/Tests.csproj -c Release -v quiet --nologo -clp:ErrorsOnly
	@rm -rf tests/TestResults && mkdir -p tests/TestResults
	@$(TEST_EXE) -noColor -noLogo -result-trx tests/TestResults/results.trx $(TEST_ARGS); status=$$?; \
	  bash .ci/summary tests/TestResults/results.trx; exit $$status

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
