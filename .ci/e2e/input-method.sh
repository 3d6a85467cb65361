#!/usr/bin/env bash
# What a Chinese input method sends: full-width ？ ： 、 as command keys, and a committed phrase as several
# characters at once; the hardware cursor must sit at the caret so the candidate window appears there.
source "$(dirname "$0")/lib.sh"

start_app 100 30 --store "$E2E_TMP/store"
wait_for "工单队列"

text "？"
wait_for "帮助: 工单队列"
keys Escape
wait_gone "帮助: 工单队列"

text "、"
text "客户档案"
wait_for "筛选: 客户档案"
# " 筛选: " is 7 columns, 客户档案 8 more: the caret is at column 15 of the second-to-last row.
deadline=$((SECONDS + TIMEOUT))
until [[ "$(T display -p -t "$SESSION" '#{cursor_x},#{cursor_y},#{cursor_flag}')" == "15,28,1" ]]; do
  ((SECONDS < deadline)) || fail "cursor not at the filter caret: $(T display -p -t "$SESSION" '#{cursor_x},#{cursor_y},#{cursor_flag}')"
  sleep 0.05
done
keys BSpace
wait_for "筛选: 客户档 "
keys Escape
wait_for "筛选: (无)"

text "："
text "qu"
keys Tab
wait_for "queue  quit"
text "it"
keys Enter
expect_exit 0
echo "input-method: ok"
