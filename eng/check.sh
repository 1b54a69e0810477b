#!/usr/bin/env bash
# Everything `make check` runs, in order: build, format check, unit/conformance/interop tests, the upstream
# test-suite ratchet. The last line is "N passed, N failed, N skipped" summed over all of them.
set -u
cd "$(dirname "$0")/.."
passed=0 failed=0 skipped=0 status=0
log=$(mktemp -d)

step() { echo "=== $*"; }

step "build"
if ! dotnet build OpenVSwitch.slnx -c Release -nologo -v quiet >"$log/build.txt" 2>&1; then
    cat "$log/build.txt"; echo "build failed"; failed=$((failed + 1)); status=1
else
    step "format"
    if ! dotnet format OpenVSwitch.slnx --verify-no-changes --no-restore >"$log/format.txt" 2>&1; then
        cat "$log/format.txt"; echo "dotnet format found changes"; failed=$((failed + 1)); status=1
    fi

    step "tests"
    OVS_TEST_BINDIR="$PWD/out/bin" dotnet test OpenVSwitch.slnx -c Release --no-build -nologo \
        --logger "console;verbosity=minimal" 2>&1 | tee "$log/test.txt"
    [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
    # VSTest prints one line per test assembly: "Passed!  - Failed:     0, Passed:    23, Skipped:     0, ..."
    while read -r f p s; do
        failed=$((failed + f)); passed=$((passed + p)); skipped=$((skipped + s))
    done < <(sed -n 's/.*Failed: *\([0-9]*\), Passed: *\([0-9]*\), Skipped: *\([0-9]*\),.*/\1 \2 \3/p' "$log/test.txt")
fi

step "upstream test-suite ratchet"
if [ -s tests/upstream/passing.txt ]; then
    bash tests/upstream/ratchet.sh | tee "$log/upstream.txt"
    [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
    read -r p f s < <(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\1 \2 \3/p' "$log/upstream.txt" | tail -n 1)
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${s:-0}))
else
    echo "tests/upstream/passing.txt is empty: nothing to run"
fi

# CI shows only the tail of the output: name what failed just above the summary.
if [ "$failed" -ne 0 ]; then
    echo "=== what failed"
    grep -hE '^\s*Failed [A-Za-z_]' "$log/test.txt" 2>/dev/null | sed 's/^ */  test: /'
    grep -hE '^ *[0-9]+ (FAILED|ERROR|XPASS) ' "$log/upstream.txt" 2>/dev/null | sed 's/^ */  upstream: /'
fi
rm -rf "$log"
[ "$failed" -eq 0 ] || status=1
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
