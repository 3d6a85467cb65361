#!/usr/bin/env bash
# Rules that cannot be walked around, through `griddesk apply` (the same checks as the workbench):
# qualification on every act (guide ch. 1.1), who may act on a stage, the appointment as one fact, a
# complaint's contact instead of a survey. A demo store, so that lines may act as others at a fixed time.
source "$(dirname "$0")/lib.sh"

D="$E2E_TMP/walk"
gd() { "$BIN" "$@" --lang en; }
"$BIN" init --store "$D" --demo --lang en >/dev/null || fail "init --demo"

at='"at":"2026-11-23T09:00:00+08:00"'
customer='{"name":"张三明","kind":"individual","idKind":"resident","idNumber":"11010519491231002X","phone":"13812345678","address":"城东区解放路1号","useCategory":"residential","voltage":"220V","capacityKVA":8,"meters":[]}'
n=GD261123-0001
# Each line, then the answer it must get (a code, or ok). Refused lines make apply exit non-zero: the
# answers are what is checked.
lines=(
  '{"command":"register-staff","login":"wangli","name":"王丽","roles":["clerk"],"team":"城东",'"$at"'}' ok
  '{"command":"record-training","login":"wangli","topic":"规范","days":8,"passed":true,"on":"2026-06-01",'"$at"'}' ok
  '{"command":"register-staff","login":"newclerk","name":"新柜员","roles":["clerk"],"team":"城东",'"$at"'}' ok
  '{"command":"register-staff","login":"sixdays","name":"钱六","roles":["field"],"team":"外勤",'"$at"'}' ok
  '{"command":"record-training","login":"sixdays","topic":"规范","days":6,"passed":true,"on":"2026-06-01",'"$at"'}' ok
  '{"command":"record-certificate","login":"sixdays","kind":"electrician","number":"D-6","validUntil":"2027-06-30",'"$at"'}' ok
  '{"command":"register-equipment","assetNo":"M-1","kind":"meter","name":"表计校验仪","calibratedOn":"2026-10-01","dueOn":"2027-10-01","errorPercent":0.3,'"$at"'}' ok
  # An untrained clerk receives nothing.
  '{"command":"receive-order","newCustomer":'"$customer"',"type":"new-low-resident","channel":"counter","needs":"新装，16mm²","appointment":"2026-11-25T10:00:00+08:00","as":"newclerk",'"$at"'}' act.not-qualified
  # An appointment outside the service hours is refused with what to enter.
  '{"command":"receive-order","newCustomer":'"$customer"',"type":"new-low-resident","channel":"counter","needs":"新装","appointment":"2026-11-25T20:00:00+08:00","as":"wangli",'"$at"'}' order.appointment-hours
  '{"command":"receive-order","newCustomer":'"$customer"',"type":"new-low-resident","channel":"counter","needs":"新装，16mm²","appointment":"2026-11-25T10:00:00+08:00","as":"wangli",'"$at"'}' ok
  # Another clerk does not tick wangli's intake.
  '{"command":"mark-checklist-item","number":"'$n'","item":"verify-identity","as":"newclerk",'"$at"'}' order.not-yours
  # The appointment item is ticked only by confirming the appointment.
  '{"command":"mark-checklist-item","number":"'$n'","item":"confirm-appointment","as":"wangli",'"$at"'}' checklist.appointment
  '{"command":"mark-checklist-item","number":"'$n'","item":"verify-identity","as":"wangli",'"$at"'}' ok
  '{"command":"mark-checklist-item","number":"'$n'","item":"verify-use-category","as":"wangli",'"$at"'}' ok
  '{"command":"mark-checklist-item","number":"'$n'","item":"record-needs","as":"wangli",'"$at"'}' ok
  '{"command":"advance-stage","number":"'$n'","as":"wangli",'"$at"'}' checklist.incomplete
  '{"command":"confirm-appointment","number":"'$n'","appointment":"2026-11-25T10:00:00+08:00","as":"wangli",'"$at"'}' ok
  '{"command":"advance-stage","number":"'$n'","as":"wangli",'"$at"'}' ok
  # Six days of training do not record a survey, even on an unassigned stage.
  '{"command":"record-survey","number":"'$n'","started":"2026-11-23T08:00:00+08:00","ended":"2026-11-23T08:30:00+08:00","findings":"具备条件","hazards":"","instruments":["M-1"],"as":"sixdays",'"$at"'}' act.not-qualified
)
input=""
expected=()
for ((i = 0; i < ${#lines[@]}; i += 2)); do
  input+="${lines[i]}"$'\n'
  expected+=("${lines[i + 1]}")
done
answers=$(printf '%s' "$input" | gd apply --store "$D" 2>/dev/null) || true
[[ $(wc -l <<<"$answers") -eq ${#expected[@]} ]] || fail "apply: expected ${#expected[@]} answers, got: $answers"
for i in "${!expected[@]}"; do
  answer=$(sed -n "$((i + 1))p" <<<"$answers")
  if [[ ${expected[i]} == ok ]]; then
    grep -q '"ok":true' <<<"$answer" || fail "line $((i + 1)) should be accepted: $answer"
  else
    grep -q "\"code\":\"${expected[i]}\"" <<<"$answer" || fail "line $((i + 1)) should be ${expected[i]}: $answer"
  fi
done
# The refusals name what is missing, in words: the training, the certificate's name, never an id.
sed -n 8p <<<"$answers" | grep -q 'trained 0 d' || fail "the clerk's refusal names no training: $(sed -n 8p <<<"$answers")"
sed -n 19p <<<"$answers" | grep -q 'trained 6 d, needs ≥ 7 d' || fail "the survey refusal: $(sed -n 19p <<<"$answers")"
sed -n 11p <<<"$answers" | grep -q '王丽' || fail "the not-yours refusal names no holder: $(sed -n 11p <<<"$answers")"
# Free text is kept as typed in the log.
gd export --store "$D" --what events --format jsonl >"$E2E_TMP/events.jsonl"
grep -q '"needs":"新装，16mm²"' "$E2E_TMP/events.jsonl" || fail "the needs were not kept as typed"
"$BIN" verify --store "$D" --lang en >/dev/null || fail "verify"
echo "walkaround: ok"
