# ovs-dotnet: `make` builds every program into out/bin, `make check` builds and runs every test,
# `make sandbox` starts our daemons in a sandbox directory and opens a shell there.
DOTNET ?= dotnet
CONFIG ?= Release
OUT := out
BIN := $(OUT)/bin
PUBLISH := $(OUT)/publish

.PHONY: all programs build check test format sandbox upstream clean

all: programs

# One Native AOT executable; every upstream program name is a hard link to it (see apps/Ovs.Programs).
programs:
	$(DOTNET) publish apps/Ovs.Programs/Ovs.Programs.csproj -c $(CONFIG) -o $(PUBLISH) -nologo -v quiet
	mkdir -p $(BIN)
	ln -f $(PUBLISH)/ovs-programs $(BIN)/ovs-programs
	for p in $$($(BIN)/ovs-programs --list); do ln -f $(BIN)/ovs-programs $(BIN)/$$p; done
	cp -f schemas/*.ovsschema $(OUT)/ 2>/dev/null || true

build:
	$(DOTNET) build OpenVSwitch.slnx -c $(CONFIG) -nologo -v quiet

format:
	$(DOTNET) format OpenVSwitch.slnx --verify-no-changes --no-restore

check: programs
	bash eng/check.sh

# Only the upstream ratchet (tests/upstream/passing.txt).
upstream: programs
	bash tests/upstream/ratchet.sh

sandbox: programs
	bash eng/sandbox.sh

clean:
	rm -rf $(OUT)
	find . -name bin -o -name obj | grep -v '^./out' | xargs rm -rf
