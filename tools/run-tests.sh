#!/usr/bin/env bash
# Runs the test projects and ends with one line "N passed, N failed".
#   tools/run-tests.sh                 the self-contained tests (no corpus, no oracles needed)
#   tools/run-tests.sh --conformance   also the conformance suite (DOMAINCPU_CORPUS must point at the corpus)
set -uo pipefail
cd "$(dirname "$0")/.."
projects=(tests/DomainCpu.Tests)
[ "${1:-}" = "--conformance" ] && projects+=(tests/DomainCpu.Conformance)
passed=0; failed=0; status=0
for p in "${projects[@]}"; do
    log=$(mktemp)
    dotnet test "$p" -c Release --nologo 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    line=$(grep -E '(Passed|Failed)!? +- +Failed: +[0-9]+, Passed: +[0-9]+' "$log" | tail -1)
    if [ -z "$line" ]; then
        echo "run-tests: no test summary from $p (exit $rc)" >&2
        failed=$((failed + 1)); status=1
    else
        f=$(sed -E 's/.*Failed: +([0-9]+).*/\1/' <<<"$line")
        ps=$(sed -E 's/.*Passed: +([0-9]+).*/\1/' <<<"$line")
        passed=$((passed + ps)); failed=$((failed + f))
        [ "$rc" = 0 ] || status=1
    fi
    rm -f "$log"
done
echo "$passed passed, $failed failed"
exit $status
