#!/usr/bin/env bash
# Two processes on one store: the workbench shows the queue, filtered and with a row selected; a second
# process (griddesk apply) receives an order and makes it a priority. Without a key pressed, the new order
# shows on the open screen within a few seconds, at the top; the kept filter still hides what it hid, and
# the selection stays on its order although the rows moved. Then, with the filter still being typed, another
# order arrives: it shows, and the typed text and the caret stay, so typing simply goes on.
source "$(dirname "$0")/lib.sh"

S="$E2E_TMP/s"
gd() { "$BIN" "$@" --lang en; }
gd demo --store "$S" --orders 0 --now "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >/dev/null || fail "griddesk demo failed"

# receive NAME ID PHONE: a receive-order line for a new customer, as the clerk wangli.
receive() {
  printf '{"command":"receive-order","as":"wangli","newCustomer":{"name":"%s","kind":"individual","idKind":"other","idNumber":"%s","phone":"%s","address":"城东区解放路%s号","useCategory":"residential","voltage":"220V","capacityKVA":8,"meters":[]},"type":"new-low-resident","channel":"counter","needs":"新装"}\n' \
    "$1" "$2" "$3" "${2: -1}"
}
# append LINE...: a second process applies the lines; each must be accepted.
append() {
  local answers
  answers=$(printf '%s\n' "$@" | gd apply --store "$S") || fail "apply failed: $answers"
  [[ "$(grep -c '"ok":true' <<<"$answers")" == $# ]] || fail "apply refused a line: $answers"
}
numbers() { gd queue --store "$S" --format json | sed -n 's/.*"number" : "\(GD[0-9-]*\)".*/\1/p' | sort; }
# selected: the order number on the selected queue row.
selected() { pane | grep -oE '^> GD[0-9]{6}-[0-9]{4}' | cut -c3-; }

append "$(receive 刘德明 P100001 13812340001)" "$(receive 陈志明 P100002 13812340002)" \
  "$(receive 王芳 P100003 13812340003)"
[[ "$(numbers | wc -l)" == 3 ]] || fail "fixture: expected 3 orders, got: $(numbers)"

start_app 100 30 --store "$S"
wait_for "工单队列"
wait_for "[全部 3]"

# A kept filter ("明": two of the three) and the second row selected.
keys /
text "明"
keys Enter
wait_for "筛选: 明"
wait_for "2 条"
expect_absent "王*"
first=$(selected)
keys Down
deadline=$((SECONDS + TIMEOUT))
while [[ "$(selected)" == "$first" ]]; do
  ((SECONDS < deadline)) || fail "the selection did not move down"
  sleep 0.05
done
chosen=$(selected)
[[ -n "$chosen" ]] || fail "no selected row"
chosen_row=$(pane_line_of "> $chosen")

# ---- A second process receives an order and makes it a priority; no key is pressed here.
before=$(numbers)
append "$(receive 黄晓明 P100004 13812340004)"
new=$(comm -13 <(echo "$before") <(numbers))
[[ -n "$new" ]] || fail "the appended order is not in the queue"
append "{\"command\":\"set-priority\",\"as\":\"zhaomin\",\"number\":\"$new\",\"priority\":true}"
TIMEOUT=5 wait_for "$new"
TIMEOUT=5 wait_for "[全部 4]"
TIMEOUT=5 wait_for "3 条"
# The new order goes to the top once it is a priority (the second append may show a moment later).
top() { pane | grep -oE '^[> ] GD[0-9]{6}-[0-9]{4}' | head -1 | cut -c3-; }
deadline=$((SECONDS + 5))
until [[ "$(top)" == "$new" ]]; do
  ((SECONDS < deadline)) || fail "the priority order $new is not at the top (top: $(top))"
  sleep 0.05
done
# The filter still hides 王芳; the selection followed its order down a row.
wait_for "筛选: 明"
expect_absent "王*"
[[ "$(selected)" == "$chosen" ]] || fail "the selection moved from $chosen to $(selected)"
(($(pane_line_of "> $chosen") == chosen_row + 1)) || fail "the selected order $chosen did not move down a row"

# ---- The filter being typed: another order arrives while the field is open.
keys Escape
wait_for "筛选: (无)"
wait_for "4 条"
keys /
text "李"
wait_for "没有符合条件的工单"
cursor() { T display -p -t "$SESSION" '#{cursor_x},#{cursor_y},#{cursor_flag}'; }
caret=$(cursor)
[[ "$caret" == *",1" ]] || fail "the cursor is not shown in the filter field: $caret"
before=$(numbers)
append "$(receive 李晓明 P100005 13812340005)"
late=$(comm -13 <(echo "$before") <(numbers))
TIMEOUT=5 wait_for "$late"
wait_for "1 条"
wait_for "筛选: 李"
[[ "$(cursor)" == "$caret" ]] || fail "the caret moved from $caret to $(cursor) when the order arrived"
# Typing goes on in the same field.
text "晓"
wait_for "筛选: 李晓"
wait_for "1 条"
keys Enter
wait_for "> $late"
keys Enter
wait_for "工单 $late"
wait_for "李*明"

keys F10
expect_exit 0
echo "live: ok"
