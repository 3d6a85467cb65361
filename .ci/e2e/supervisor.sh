#!/usr/bin/env bash
# The supervisor's day, end to end, in Chinese at 120x40: zhaomin (赵敏, supervisor) opens a demo hall;
# the F6 dashboard shows the stage load; a clerk's second process (`griddesk apply` as wangli) receives
# a new order and the dashboard's 受理 count rises by itself (no key pressed); the oversight screen
# marks the two orders at the site survey (a field stage), reassigns them to liqiang (李强) with a
# reason, and the log holds the stage-assigned events with that reason; a reassignment to zhoupeng
# (周鹏, not qualified) is refused on screen and recorded nowhere; F7 re-rates a risk (Enter, likelihood
# 4) and its level on the register follows, with a risk-updated event in the log; F8 starts an audit
# with a sample and a seed, steps through the sample, shows the log verification and the head
# seq:hash; F10 quits.
source "$(dirname "$0")/lib.sh"

S="$E2E_TMP/hall"
REASON="王丽休假由外勤接手"
SEED=20261130
gd() { "$BIN" "$@"; }

# The line of the pane that holds TEXT (the first one), or nothing.
line_of() { pane | grep -F -- "$1" | head -1 || true; }

# wait_line TEXT PATTERN: polls until the pane line holding TEXT matches the extended regex PATTERN.
wait_line() {
  local text=$1 pattern=$2 deadline=$((SECONDS + TIMEOUT))
  while ((SECONDS < deadline)); do
    line_of "$text" | grep -qE -- "$pattern" && return 0
    sleep 0.05
  done
  fail "timed out after ${TIMEOUT}s waiting for the line with '$text' to match /$pattern/ (now: '$(line_of "$text")')"
}

# selected: the selected row (it starts with ">"). row_no TEXT: the pane line number of the first
# table row (two marker columns, then the cells) holding TEXT.
selected() { pane | grep -E '^>' | head -1 || true; }
row_no() { pane | grep -nE '^[> ][* ]' | grep -F -- "$1" | head -1 | cut -d: -f1; }

# select_row TEXT: moves the selection onto the row holding TEXT: counts the rows between the selection
# and it on the pane, sends that many Up or Down, and waits for the selection to land there.
select_row() {
  local text=$1 attempt sel target n deadline
  for ((attempt = 0; attempt < 5; attempt++)); do
    [[ "$(selected)" == *"$text"* ]] && return 0
    sel=$(pane | grep -nE '^>' | head -1 | cut -d: -f1)
    target=$(row_no "$text")
    [[ -n "$sel" && -n "$target" ]] || fail "no selection or no row with $text on the pane"
    n=$((target - sel))
    if ((n > 0)); then keys $(printf 'Down %.0s' $(seq "$n")); else keys $(printf 'Up %.0s' $(seq "$((-n))")); fi
    deadline=$((SECONDS + TIMEOUT))
    while ((SECONDS < deadline)); do
      [[ "$(selected)" == *"$text"* ]] && return 0
      sleep 0.05
    done
  done
  fail "could not select the row with $text"
}

# The 受理 (intake) figure of the dashboard's stage block: "受理  <open> <warn> <late>".
intake_open() { line_of " 受理 " | awk '{ for (i = 1; i <= NF; i++) if ($i == "受理") { print $(i + 1); exit } }'; }

# --- A demo hall, and the two orders at the site survey (a field stage with a qualification). ---
# The demo's "now" is the clock's, as the workbench's is: the audit's default period (the last 30 days)
# then holds the demo's archived orders, and certificates are valid relative to today. GD_DEMO_NOW
# replays a failed run's hall (within a few days of the clock: older, the demo's certificates lapse).
NOW=${GD_DEMO_NOW:-$(date +%Y-%m-%dT%H:%M:%S%:z)}
gd demo --store "$S" --orders 40 --now "$NOW" >/dev/null || fail "demo --now $NOW failed"
# Which business types' survey stage is a field stage (a complaint's 调查核实 is the supervisor's),
# from the standard in force: the `short` name of each type whose survey stage has role = "field".
gd standard export --store "$S" "$E2E_TMP/standard.toml" >/dev/null || fail "standard export failed"
field_types=$(awk '
  /^\[\[business-types\]\]/ { short = "" }
  /^short = / { match($0, /zh = "[^"]*"/); short = substr($0, RSTART + 6, RLENGTH - 7) }
  /^\[\[business-types\.stages\]\]/ { kind = "" }
  /^kind = / { kind = $3 }
  /^role = / { if (kind == "\"survey\"" && $3 == "\"field\"") print short }' "$E2E_TMP/standard.toml")
[[ -n "$field_types" ]] || fail "no business type with a field survey stage in the standard"
# Open orders at the survey stage of such a type, not suspended (CSV: 工单号,客户,业务类型,环节,处理人,本环节,全流程).
mapfile -t survey < <(gd queue --store "$S" --stage survey --format csv | awk -F, -v types="$field_types" '
  BEGIN { n = split(types, t, "\n"); for (i = 1; i <= n; i++) field[t[i]] = 1 }
  NR > 1 && ($3 in field) && $6 != "挂起" { print $1 }')
((${#survey[@]} >= 2)) ||
  fail "the demo (--now $NOW) has fewer than two orders at a field survey stage: ${survey[*]:-none}"
A=${survey[0]}
B=${survey[1]}

# --- The dashboard, live. ---
start_app 120 40 --store "$S" --as zhaomin
wait_for "工单队列"
wait_for "赵敏"
keys F6
wait_for "近30天受理"
wait_for "考核指标"
wait_for "预警 ("
before=$(intake_open)
[[ "$before" =~ ^[0-9]+$ ]] || fail "no 受理 count on the dashboard (got '$before')"

# The clerk's second process: a walk-in for a new resident connection, appointment tomorrow morning.
appointment=$(date -d '+1 day' +%Y-%m-%dT09:30:00%:z)
answer=$(printf '%s\n' '{"command":"receive-order","as":"wangli","newCustomer":{"name":"张三明","kind":"individual","idKind":"resident","idNumber":"11010519491231002X","phone":"13812345678","address":"城东区解放路1号","useCategory":"residential","voltage":"220V","capacityKVA":8,"meters":[]},"type":"new-low-resident","channel":"counter","needs":"新装一户居民用电","appointment":"'"$appointment"'"}' |
  gd apply --store "$S")
[[ "$answer" == *'"ok":true'* ]] || fail "the clerk's receive-order was refused: $answer"
# No key is pressed: the dashboard must redraw by itself.
wait_line " 受理 " "受理 +$((before + 1)) "

# --- Oversight: mark the two survey orders, reassign them to 李强 with a reason. ---
keys :
text oversight
keys Enter
wait_for "在办工单"
wait_for "全流程截止"
select_row "$A"
keys Space
wait_for "已选 1"
select_row "$B"
keys Space
wait_for "已选 2"
wait_line "$A" '^ \*'
keys C-r
wait_for "改派 2 张工单"
wait_for "$A $B"
text "$REASON"
wait_for "理由: $REASON"
select_row "李强"
wait_line "> 李强" "有资格"
keys Enter
wait_for "已改派给 李强: $A $B"
wait_gone "已选 2"
wait_line "$A" "勘查 +李强"
wait_line "$B" "勘查 +李强"

events=$(gd export --store "$S" --what events --format jsonl)
for n in "$A" "$B"; do
  grep -F '"type":"stage-assigned"' <<<"$events" | grep -F "\"number\":\"$n\"" | grep -F '"assignee":"liqiang"' |
    grep -F "\"reason\":\"$REASON\"" | grep -qF '"actor":"zhaomin"' ||
    fail "no stage-assigned event for $n to liqiang by zhaomin with the reason; last events: $(tail -3 <<<"$events")"
done
queue=$(gd queue --store "$S" --stage survey --format json)
for n in "$A" "$B"; do
  grep -A3 -F "\"assignee\" : \"李强\"" <<<"$queue" | grep -qF "\"number\" : \"$n\"" ||
    fail "the queue does not show $n assigned to 李强: $queue"
done

# --- 周鹏 is not qualified: the reassignment is refused on screen and nothing is recorded. ---
select_row "$A"
keys C-r
wait_for "改派 1 张工单: $A"
text "试派周鹏"
select_row "周鹏"
wait_line "> 周鹏" "培训3天"
keys Enter
wait_for "周鹏 不具备以下工单当前环节的资质, 全部未改派"
wait_for "改派 1 张工单" # the dialog stays open with the reason
wait_for "理由: 试派周鹏"
gd export --store "$S" --what events --format jsonl | grep -F '"stage-assigned"' | grep -qF '"assignee":"zhoupeng"' &&
  fail "a stage-assigned event to zhoupeng was recorded"
keys Escape
wait_for "在办工单"

# --- F7 risk: re-rate the second risk to likelihood 4; the register shows the new level. ---
keys F7
wait_for "风险台账"
select_row "FX0002"
# The register line: "... <likelihood> <impact> <level> <score> <owner> <status>".
impact=$(line_of "> FX0002" | grep -oE ' [1-5] +[1-5] +(低|中|高|极高) [0-9]+ ' | awk '{ print $2 }')
[[ "$impact" =~ ^[1-5]$ ]] || fail "no likelihood and impact on the line of FX0002: $(line_of "> FX0002")"
score=$((4 * impact))
if ((score <= 4)); then level=低; elif ((score <= 9)); then level=中; elif ((score <= 16)); then level=高; else level=极高; fi
keys Enter
wait_for "修改风险 FX0002"
text 4 # a choice finds the option typed
wait_line "可能性 1-5" "< 4 >"
keys F9
wait_for "已修改风险 FX0002"
wait_line "> FX0002" " 4 +$impact $level $score "
gd export --store "$S" --what events --format jsonl | grep -F '"type":"risk-updated"' | grep -F '"id":"FX0002"' |
  grep -F '"likelihood":4' | grep -qF '"actor":"zhaomin"' || fail "no risk-updated event for FX0002 by zhaomin"

# --- F8 audit: a sample of 3 with a seed, checked order by order; the log's verification and head. ---
keys F8
wait_for "稽查 "
wait_for "Ins新建"
keys IC
wait_for "开始稽查"
wait_for "抽样数*"
keys Tab Tab C-u # to the sample size; Ctrl-U clears the field
text 3
keys Tab C-u
text "$SEED"
wait_line "抽样数*" "抽样数\* +3$"
wait_line "种子*" "种子\* +$SEED$"
keys F9
wait_for "已开始稽查 JC"
audit=$(line_of "已开始稽查" | grep -oE 'JC[0-9]+')
wait_line "> $audit" " 0/[123] "
wait_line "> $audit" " $SEED " # the seed shows whole in the list
# At most 3 are drawn: fewer when the period has fewer archived orders.
sample=$(line_of "> $audit" | grep -oE ' 0/[123] ' | tr -d ' ' | cut -d/ -f2)
keys Enter
wait_for "稽查 $audit  期间"
wait_for "种子 $SEED"
wait_for "日志校验: 完好"
line_of "日志校验" | grep -qE '日志头 [0-9]+:[0-9a-f]{64}' || fail "no head seq:hash on the audit: $(line_of "日志校验")"
for ((i = 1; i <= sample; i++)); do
  keys Enter
  wait_for "系统建议"
  keys F9
  wait_for "已检查 $i/$sample"
done
wait_gone "未检查"
head=$(line_of "日志校验" | grep -oE '[0-9]+:[0-9a-f]{64}')
[[ -n "$head" ]] || fail "no head after the checks"
# The head shown is the log's head, as the command line's verification reports it.
cli_head=$(gd verify --store "$S" --lang en | sed -n 's/^Head: //p')
[[ "$head" == "$cli_head" ]] || fail "the audit shows head $head, griddesk verify says '$cli_head'"

keys F10
expect_exit 0
echo "supervisor: ok"
