#!/usr/bin/env bash
# The command line without the workbench, as scripts and SSH pipes use it: init, demo, apply (good and
# bad lines, demo-only overrides), queue in three formats, export, verify with --since, backup,
# read-only, calendar load, and a second process's order seen by the first.
source "$(dirname "$0")/lib.sh"

S="$E2E_TMP/store"
D="$E2E_TMP/demo"
gd() { "$BIN" "$@" --lang en; }
check() { # check DESCRIPTION COMMAND...: fails with the output when the command fails
  local what=$1
  shift
  local out
  out=$("$@" 2>&1) || { echo "$out" >&2; fail "$what"; }
  printf '%s\n' "$out"
}

check "init" gd init --store "$S" | grep -q "Created store" || fail "init did not say so"
gd init --store "$S" >/dev/null 2>&1 && fail "a second init must refuse"

# apply: one answer per line; a bad line does not stop the lines after it; exit 1 when any line was
# refused, with a summary on standard error; each refusal names its line (and the field in plain words).
status=0
answers=$(printf '%s\n' \
  '{"command":"register-staff","login":"wangli","name":"王丽","roles":["clerk"],"team":"城东"}' \
  'this is not json' \
  '{"command":"register-staff","login":"wangli","name":"重复","roles":["clerk"],"team":"城东"}' \
  '{"command":"register-equipment","assetNo":"M-1","kind":"meter","name":"表计校验仪","calibratedOn":"2026-10-01","dueOn":"2027-10-01","errorPercent":0.3}' \
  '{"command":"register-staff","login":"x","name":"X","roles":["clerk"],"team":"","as":"wangli"}' |
  gd apply --store "$S" 2>"$E2E_TMP/apply.err") || status=$?
[[ $status -eq 1 ]] || fail "apply with refused lines must exit 1, got $status"
[[ $(wc -l <<<"$answers") -eq 5 ]] || fail "apply: expected 5 answers, got: $answers"
sed -n 1p <<<"$answers" | grep -q '"ok":true' || fail "apply line 1: $answers"
sed -n 2p <<<"$answers" | grep -q '"code":"command.json"' || fail "apply line 2: $answers"
sed -n 3p <<<"$answers" | grep -q '"code":"staff.exists"' || fail "apply line 3: $answers"
sed -n 4p <<<"$answers" | grep -q '"ok":true' || fail "apply line 4: $answers"
sed -n 5p <<<"$answers" | grep -q '"code":"demo.only"' || fail "apply line 5 (override on a real store): $answers"
sed -n 3p <<<"$answers" | grep -q '"line":3' || fail "apply answers must carry their line: $answers"
grep -q 'apply: applied 2, refused 3 (lines 2, 3, 5)' "$E2E_TMP/apply.err" ||
  fail "apply summary on stderr: $(cat "$E2E_TMP/apply.err")"
grep -q '^Line 3: ' "$E2E_TMP/apply.err" || fail "apply refusals on stderr name the line: $(cat "$E2E_TMP/apply.err")"
# The summary follows --lang.
zh=$(printf '%s\n' 'oops' | "$BIN" apply --store "$S" --lang zh 2>&1 >/dev/null) || true
grep -q '已执行 0 行, 拒绝 1 行 (第 1 行)' <<<"$zh" || fail "the apply summary is not in Chinese with --lang zh: $zh"

# A field of the wrong kind is named in plain words, never with the decoder's internals.
status=0
bad=$(echo '{"command":"record-training","login":"wangli","topic":"规范","days":"eight","passed":true,"on":"2026-06-01"}' |
  gd apply --store "$S" 2>/dev/null) || status=$?
[[ $status -eq 1 ]] || fail "a refused line must exit 1, got $status"
grep -q '"field":"days"' <<<"$bad" || fail "the refusal does not name the field: $bad"
grep -q 'must be a whole number, not text' <<<"$bad" || fail "the refusal is not in plain words: $bad"
grep -qiE 'DecodingError|debug ?description|CodingKeys' <<<"$bad" && fail "decoder internals in a refusal: $bad"

# Overrides fail closed: even one naming the invoking account is refused on a real store.
me=$(id -un)
status=0
own=$(echo '{"command":"register-staff","login":"y","name":"Y","roles":["clerk"],"team":"","as":"'"$me"'"}' |
  gd apply --store "$S" 2>/dev/null) || status=$?
[[ $status -eq 1 ]] && grep -q '"code":"demo.only"' <<<"$own" || fail "an own-login override on a real store: $own"

# --stop-on-error stops at the first refusal: the lines after it are not read.
status=0
stopped=$(printf '%s\n' \
  '{"command":"register-staff","login":"zhao","name":"赵","roles":["clerk"],"team":""}' \
  '{"command":"no-such"}' \
  '{"command":"register-staff","login":"qian","name":"钱","roles":["clerk"],"team":""}' |
  gd apply --store "$S" --stop-on-error 2>"$E2E_TMP/stop.err") || status=$?
[[ $status -eq 1 ]] || fail "--stop-on-error with a refusal must exit 1, got $status"
[[ $(wc -l <<<"$stopped") -eq 2 ]] || fail "--stop-on-error answered lines after the refusal: $stopped"
grep -q 'stopped at line 2' "$E2E_TMP/stop.err" || fail "--stop-on-error summary: $(cat "$E2E_TMP/stop.err")"
echo '{"command":"register-staff","login":"qian","name":"钱","roles":["clerk"],"team":""}' |
  gd apply --store "$S" >/dev/null 2>&1 || fail "the line after a --stop-on-error refusal was applied after all"

# A store that cannot be opened: exit 2, nothing on standard output.
echo x >"$E2E_TMP/a-file"
status=0
out=$(echo '{"command":"no-such"}' | gd apply --store "$E2E_TMP/a-file/store" 2>/dev/null) || status=$?
[[ $status -eq 2 && -z "$out" ]] || fail "apply on a store that cannot be opened: status $status, output '$out'"

# verify, and --since an earlier head.
head1=$(gd verify --store "$S" | sed -n 's/^Head: //p' | head -1)
[[ -n "$head1" ]] || head1=$(gd verify --store "$S" | grep -oE '[0-9]+:[0-9a-f]{64}' | head -1)
[[ -n "$head1" ]] || fail "verify printed no head"
echo '{"command":"register-staff","login":"liqiang","name":"李强","roles":["field"],"team":"外勤"}' | gd apply --store "$S" >/dev/null 2>&1
check "verify --since" gd verify --store "$S" --since "$head1" >/dev/null
gd verify --store "$S" --since "1:$(printf '0%.0s' {1..64})" >/dev/null 2>&1 && fail "verify --since a wrong head must fail"

# backup and verify the copy; read-only refuses changes.
check "backup" gd backup --store "$S" "$E2E_TMP/copy" >/dev/null
check "verify backup" gd verify --store "$E2E_TMP/copy" >/dev/null
status=0
ro=$(echo '{"command":"register-staff","login":"ro","name":"RO","roles":["clerk"],"team":""}' |
  gd apply --store "$S" --read-only 2>/dev/null) || status=$?
[[ $status -eq 1 ]] && grep -q '"ok":false' <<<"$ro" || fail "--read-only accepted a change: $ro (status $status)"

# calendar load: a bad file is refused clearly.
echo 'year = "nope"' >"$E2E_TMP/bad.toml"
gd calendar load --store "$S" "$E2E_TMP/bad.toml" >/dev/null 2>&1 && fail "a bad calendar file was accepted"

# A demo hall; queue as table, csv and json agree on the count; the same order as the screen.
check "demo" gd demo --store "$D" --orders 40 --now 2026-11-29T14:05:00+08:00 >/dev/null
gd demo --store "$S" >/dev/null 2>&1 && fail "demo must refuse a real store"
n_json=$(gd queue --store "$D" --format json | grep -c '"number"')
n_csv=$(($(gd queue --store "$D" --format csv | wc -l) - 1))
# (The table's rows, without its header and the footnote on deadlines past the loaded calendars.)
n_table=$(gd queue --store "$D" | tail -n +2 | grep -vc '^? ')
[[ $n_json -gt 0 && $n_json -eq $n_csv && $n_csv -eq $n_table ]] || fail "queue formats disagree: $n_json $n_csv $n_table"
gd queue --store "$D" --stage nowhere >/dev/null 2>&1 && fail "an unknown stage must be refused"

# Exports are masked: no full 18-character identity number, no full mobile number.
gd export --store "$D" --what customers --format csv >"$E2E_TMP/customers.csv"
grep -qE '[0-9]{17}[0-9X]' "$E2E_TMP/customers.csv" && fail "export leaked an identity number"
grep -qE '1[3-9][0-9]{9}' "$E2E_TMP/customers.csv" && fail "export leaked a phone number"
gd export --store "$D" --what events --format jsonl >"$E2E_TMP/events.jsonl"
head -1 "$E2E_TMP/events.jsonl" | grep -q '"data":{' || fail "event export: $(head -1 "$E2E_TMP/events.jsonl")"
grep -q '\*' "$E2E_TMP/customers.csv" || fail "export has no masked fields"

# A one-character relative store path (it once crashed in Foundation's path handling).
(cd "$E2E_TMP" && "$BIN" init --store x --lang en >/dev/null) || fail "init --store x"
(cd "$E2E_TMP" && "$BIN" verify --store x --lang en >/dev/null) || fail "verify --store x"

# Two demo processes on one store at once: every decision is made on the newest state (conditional
# appends), so the result is one gapless, verified log with distinct order numbers.
P="$E2E_TMP/parallel"
gd init --store "$P" --demo >/dev/null
gd demo --store "$P" --orders 15 --seed 1 >"$E2E_TMP/p1.out" 2>&1 &
p1=$!
gd demo --store "$P" --orders 15 --seed 2 >"$E2E_TMP/p2.out" 2>&1 &
p2=$!
wait "$p1" || { cat "$E2E_TMP/p1.out" >&2; fail "first parallel demo"; }
wait "$p2" || { cat "$E2E_TMP/p2.out" >&2; fail "second parallel demo"; }
check "verify after parallel demos" gd verify --store "$P" >/dev/null
numbers=$(gd export --store "$P" --what orders --format csv | tail -n +2 | cut -d, -f1)
[[ $(wc -l <<<"$numbers") -ge 20 ]] || fail "parallel demos recorded too few orders: $(wc -l <<<"$numbers")"
[[ $(sort <<<"$numbers" | uniq -d | wc -l) -eq 0 ]] || fail "an order number was taken twice: $(sort <<<"$numbers" | uniq -d)"

# Backup: never into the store itself or inside it; --read-only copies and verifies without recording.
status=0
gd backup --store "$S" "$S/inside" >/dev/null 2>"$E2E_TMP/inside.err" || status=$?
[[ $status -eq 2 && ! -e "$S/inside" ]] || fail "a backup inside the store was not refused (status $status)"
grep -q "inside the store" "$E2E_TMP/inside.err" || fail "backup inside the store: $(cat "$E2E_TMP/inside.err")"
gd backup --store "$S" "$S" >/dev/null 2>&1 && fail "a backup into the store itself was accepted"
check "backup --read-only" gd backup --store "$S" --read-only "$E2E_TMP/copy-ro" | grep -q "not recorded" ||
  fail "backup --read-only did not say it was not recorded"
check "verify the read-only backup" gd verify --store "$E2E_TMP/copy-ro" >/dev/null

# Command-line mistakes: an empty --store, a negative --orders, and the parser's own errors follow --lang
# (Chinese by default).
status=0
err=$(gd queue --store '' 2>&1 >/dev/null) || status=$?
[[ $status -eq 64 && "$err" == *"--store cannot be empty"* ]] || fail "--store '': status $status: $err"
status=0
err=$(gd demo --store "$E2E_TMP/neg" --orders -1 2>&1 >/dev/null) || status=$?
[[ $status -eq 64 && "$err" == *"got -1"* ]] || fail "--orders -1: status $status: $err"
[[ ! -e "$E2E_TMP/neg" ]] || fail "a refused demo created its store"
err=$("$BIN" backup --store "$S" --lang zh 2>&1 >/dev/null) || true
[[ "$err" == *"错误: 缺少参数 <destination>"* && "$err" == *"用法:"* ]] || fail "parser error in zh: $err"
err=$("$BIN" backup --store "$S" --lang en 2>&1 >/dev/null) || true
[[ "$err" == *"Missing expected argument '<destination>'"* ]] || fail "parser error in en: $err"
err=$(env -u GRIDDESK_LANG -u LC_ALL -u LC_MESSAGES LANG=C.UTF-8 "$BIN" queue --store "$S" --no-such 2>&1 >/dev/null) || true
[[ "$err" == *"未知选项 --no-such"* ]] || fail "parser error by default (zh): $err"
err=$(env -u GRIDDESK_LANG -u LC_ALL -u LC_MESSAGES LANG=en_US.UTF-8 "$BIN" queue --store "$S" --no-such 2>&1 >/dev/null) || true
[[ "$err" == *"Unknown option '--no-such'"* ]] || fail "parser error with LANG=en_US: $err"

# reveal-personal-data names real fields only.
account=$(gd export --store "$D" --what customers --format csv | sed -n 2p | cut -d, -f1)
status=0
reveal=$(echo '{"command":"reveal-personal-data","account":"'"$account"'","fields":["salary"],"reason":"核对身份"}' |
  gd apply --store "$D" 2>/dev/null) || status=$?
[[ $status -eq 1 && "$reveal" == *'"code":"privacy.field"'* ]] || fail "a reveal of an unknown field: $reveal"

# Reading is a rule too: a disabled account (here this one, disabled by a second admin on the demo store)
# reads nothing and is told whom to ask; re-enabled, it reads again.
me=$(id -un)
printf '%s\n' '{"command":"register-staff","login":"admin2","name":"第二管理员","roles":["admin"],"team":""}' \
  '{"command":"set-staff-active","login":"'"$me"'","active":false,"reason":"测试停用","as":"admin2"}' |
  gd apply --store "$D" >/dev/null 2>&1 || fail "could not disable this account on the demo store"
for what in "queue" "export --what orders" "report risks" "standard show"; do
  status=0
  # shellcheck disable=SC2086
  out=$(gd $what --store "$D" 2>"$E2E_TMP/denied.err") || status=$?
  [[ $status -ne 0 && -z "$out" ]] || fail "a disabled account read '$what' (status $status)"
  grep -q "is disabled: ask an admin" "$E2E_TMP/denied.err" || fail "'$what' refusal: $(cat "$E2E_TMP/denied.err")"
done
echo '{"command":"set-staff-active","login":"'"$me"'","active":true,"reason":"恢复","as":"admin2"}' |
  gd apply --store "$D" >/dev/null 2>&1 || fail "could not re-enable this account"
check "queue after re-enabling" gd queue --store "$D" >/dev/null

echo "cli: ok"
