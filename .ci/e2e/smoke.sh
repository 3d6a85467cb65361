#!/usr/bin/env bash
# Smoke test: the workbench opens, survives resizes (with the size message below 80x24), shows help,
# quits with q and F10 with status 0 and the terminal restored; once in Chinese, once in English.
source "$(dirname "$0")/lib.sh"

run() {
  local lang=$1 home=$2 small=$3 help=$4
  start_app 100 30 --store "$E2E_TMP/store-$lang" --lang "$lang"
  wait_for "$home"
  [[ -d "$E2E_TMP/store-$lang" ]] || fail "store directory was not created"

  resize 60 20
  wait_for "$small"
  wait_for "80x24"
  expect_absent "$home"

  resize 100 30
  wait_for "$home"
  expect_absent "$small"

  resize 80 24
  wait_for "$home"
  wait_for "F10"

  keys F1
  wait_for "$help"
  keys Escape
  wait_gone "$help"

  keys q
  expect_exit 0
}

run zh "工单队列" "终端窗口太小" "帮助: 工单队列"
run en "Work queue" "Terminal too small" "Help: Work queue"

# F10 quits without a letter key (for an input method that swallows q).
start_app 100 30 --store "$E2E_TMP/store-f10"
wait_for "工单队列"
keys F10
expect_exit 0
echo "smoke: ok"
