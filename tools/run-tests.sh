#!/usr/bin/env bash
# Runs the test projects and ends with one line "N passed, N failed".
#   tools/run-tests.sh                 the self-contained tests (no corpus, no oracles needed)
#   tools/run-tests.sh --conformance   also the conformance suite (DOMAINCPU_CORPUS must point at the corpus)
#   tools/run-tests.sh --e2e           also the end-to-end suite (libvirt's daemons with the hook installed, started by
#                                      tools/e2e/daemons.sh, one per libvirt release; DOMAINCPU_E2E_STATE names their
#                                      state folders, separated by :)
set -uo pipefail
cd "$(dirname "$0")/.."
projects=(tests/DomainCpu.Tests)
for arg in "$@"; do
    case "$arg" in
        --conformance) projects+=(tests/DomainCpu.Conformance) ;;
        --e2e) projects+=(tests/DomainCpu.EndToEnd) ;;
        *) echo "run-tests: unknown option $arg" >&2; exit 2 ;;
    esac
done
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
