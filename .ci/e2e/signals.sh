#!/usr/bin/env bash
# The terminal is restored however the workbench ends: Ctrl-C (SIGINT), SIGTERM, SIGHUP (SSH dropped).
source "$(dirname "$0")/lib.sh"

start_app 100 30 --store "$E2E_TMP/store"
wait_for "工单队列"
keys C-c
expect_exit 130

start_app 100 30 --store "$E2E_TMP/store"
wait_for "工单队列"
kill -TERM "$(app_pid)"
expect_exit 143

start_app 100 30 --store "$E2E_TMP/store"
wait_for "工单队列"
kill -HUP "$(app_pid)"
expect_exit 129

# A bad TERM gives a clear message and a non-zero status, not a crash.
out=$(env TERM=no-such-terminal LANG=C.UTF-8 script -qec "$BIN --store $E2E_TMP/store" /dev/null 2>&1 || true)
[[ "$out" == *"TERM=no-such-terminal"* ]] || { echo "FAIL: no TERM message, got: $out" >&2; exit 1; }
echo "signals: ok"
