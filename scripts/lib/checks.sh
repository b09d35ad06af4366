# Shared by the shell test scripts: named checks, counted, with a closing
# "NAME: N passed, N failed" line (the plain form CI reads).
passed=0
failed=0

check() {  # check NAME COMMAND...
    local name="$1"; shift
    if "$@"; then echo "ok $name"; passed=$((passed + 1)); else echo "FAIL $name"; failed=$((failed + 1)); fi
}

status_of() {  # status_of COMMAND...: prints the command's exit status, hiding its output
    local s=0
    "$@" >/dev/null 2>&1 || s=$?
    echo "$s"
}

finish_checks() {  # finish_checks LABEL: prints the summary; fails when any check failed
    echo "$1: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}
