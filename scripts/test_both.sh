#!/usr/bin/env bash
# `make test`: the suite on SQLite, then on PostgreSQL, each labelled, then one
# line that sums up both. Each half's own pytest closing lines stay as printed.
set -uo pipefail
MAKE=${MAKE:-make}
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
status=0
summary=()
for half in sqlite postgres; do
    case $half in sqlite) label=SQLite ;; postgres) label=PostgreSQL ;; esac
    echo
    echo "==================== make test: the $label half ===================="
    "$MAKE" --no-print-directory "test-$half" 2>&1 | tee "$logs/$half.log"
    code=${PIPESTATUS[0]}
    [ "$code" -ne 0 ] && status=$code
    line=$(grep -E '^(=+ )?[0-9]+ (passed|failed|error)|^SKIPPED: ' "$logs/$half.log" | tail -1 \
        | sed -E 's/^=+ //; s/ =+$//')
    summary+=("$label: ${line:-no pytest summary (exit $code)}")
done
echo
echo "make test summary | ${summary[0]} | ${summary[1]}"
exit $status
