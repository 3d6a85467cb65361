#!/usr/bin/env bash
# Helpers for end-to-end tests: drive the real griddesk binary in a private tmux server.
#   source "$(dirname "$0")/lib.sh"
#   start_app 100 30 --store "$E2E_TMP/store"   # runs .build/debug/griddesk in a 100x30 pane
#   wait_for "工单队列"                           # polls the pane until the text shows, or fails
#   keys q; wait_exit; expect_status 0
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIN=${GRIDDESK_BIN:-$ROOT/.build/debug/griddesk}
E2E_TMP=$(mktemp -d)
SOCKET=gd-$$
RUNS=0
SESSION=e2e
TIMEOUT=${E2E_TIMEOUT:-15}

T() { tmux -L "$SOCKET" -f /dev/null "$@"; }

cleanup() {
  T kill-server 2>/dev/null || true
  # Remove this test's socket files too, so repeated runs leave nothing behind in /tmp.
  rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/gd-$$" "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/gd-$$-"*
  rm -rf "$E2E_TMP"
}
trap cleanup EXIT

# Fails the test with a message and the current pane.
fail() {
  echo "FAIL: $*" >&2
  echo "----- pane -----" >&2
  T capture-pane -p -t "$SESSION" >&2 2>/dev/null || echo "(no pane)" >&2
  echo "----------------" >&2
  exit 1
}

# start_app WIDTH HEIGHT ARGS...: runs the binary in a fresh pane; after it exits, the shell prints
# the exit status and whether the terminal modes were restored (echo and icanon back on).
start_app() {
  local width=$1 height=$2
  shift 2
  local args
  args=$(printf '%q ' "$@")
  [[ -x "$BIN" ]] || fail "no binary at $BIN (run swift build first)"
  # Each app gets its own private server, so one run's teardown cannot race the next one's start.
  T kill-server 2>/dev/null || true
  RUNS=$((RUNS + 1))
  SOCKET=gd-$$-$RUNS
  T new-session -d -s "$SESSION" -x "$width" -y "$height" \
    "env -i PATH=\"$PATH\" HOME=\"$E2E_TMP\" TERM=tmux-256color LANG=C.UTF-8 bash --norc --noprofile -c '\"$BIN\" $args; status=\$?; modes=\$(stty -a | tr \" ;\" \"\n\n\" | grep -xE -- \"-?(echo|icanon)\" | tr \"\n\" \" \"); echo \"GD-EXIT \$status MODES \$modes\"; exec sleep 600'"
  T set -s escape-time 0
  T set -g remain-on-exit on
}

pane() { T capture-pane -p -t "$SESSION"; }

# wait_for TEXT: polls the pane (every 50 ms) until TEXT appears, or fails after $TIMEOUT seconds.
wait_for() {
  local text=$1 deadline=$((SECONDS + TIMEOUT))
  while ((SECONDS < deadline)); do
    pane | grep -qF -- "$text" && return 0
    sleep 0.05
  done
  fail "timed out after ${TIMEOUT}s waiting for: $text"
}

# wait_gone TEXT: polls until TEXT is no longer on the pane.
wait_gone() {
  local text=$1 deadline=$((SECONDS + TIMEOUT))
  while ((SECONDS < deadline)); do
    pane | grep -qF -- "$text" || return 0
    sleep 0.05
  done
  fail "timed out after ${TIMEOUT}s waiting for this to go away: $text"
}

# expect_absent TEXT: fails if TEXT is on the pane now.
expect_absent() {
  if pane | grep -qF -- "$1"; then fail "unexpected on screen: $1"; fi
}

keys() { T send-keys -t "$SESSION" "$@"; }
text() { T send-keys -t "$SESSION" -l "$1"; }
resize() { T resize-window -t "$SESSION" -x "$1" -y "$2"; }

# expect_exit STATUS: waits for the app to end, then checks its status and the restored terminal modes.
expect_exit() {
  local want=$1
  wait_for "GD-EXIT"
  local line
  line=$(pane | grep -F "GD-EXIT" | tail -1)
  [[ "$line" == *"GD-EXIT $want "* ]] || fail "expected exit status $want, got: $line"
  [[ " $line " == *" echo "* && " $line " == *" icanon "* ]] || fail "terminal modes not restored: $line"
  [[ "$(T display -p -t "$SESSION" '#{alternate_on}')" == 0 ]] || fail "still on the alternate screen"
}

# app_pid: the pid of the griddesk process in the pane (the child of the pane's shell).
app_pid() {
  local shell_pid pid deadline=$((SECONDS + TIMEOUT))
  shell_pid=$(T display -p -t "$SESSION" '#{pane_pid}')
  while ((SECONDS < deadline)); do
    pid=$(pgrep -P "$shell_pid" -f griddesk | head -1 || true)
    [[ -n "$pid" ]] && { echo "$pid"; return 0; }
    sleep 0.05
  done
  fail "no griddesk process under pane shell $shell_pid"
}

# wait_change BEFORE: polls until the pane differs from BEFORE (a key was drawn), or fails.
wait_change() {
  local before=$1 deadline=$((SECONDS + TIMEOUT))
  while ((SECONDS < deadline)); do
    [[ "$(pane)" != "$before" ]] && return 0
    sleep 0.05
  done
  fail "timed out after ${TIMEOUT}s waiting for the screen to change"
}

# select_line TEXT: presses Down until the selected line (marked "> ") shows TEXT; fails when the
# selection stops moving first. For lists, pickers and checklists that start above TEXT.
select_line() {
  local text=$1 before tries=0
  while ! pane | grep -qF -- "> $text"; do
    ((tries++ < 40)) || fail "could not move the selection to: $text"
    before=$(pane)
    keys Down
    local deadline=$((SECONDS + 2))
    while [[ "$(pane)" == "$before" ]] && ((SECONDS < deadline)); do sleep 0.05; done
    [[ "$(pane)" == "$before" ]] && fail "could not move the selection to: $text"
  done
  return 0
}

# pane_line_of TEXT: the line number (1-based) of the first pane line holding TEXT, or empty.
pane_line_of() { pane | grep -nF -- "$1" | head -1 | cut -d: -f1; }
