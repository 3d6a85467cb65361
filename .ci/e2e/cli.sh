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

# apply: one answer per line; a bad line does not stop the lines after it.
answers=$(printf '%s\n' \
  '{"command":"register-staff","login":"wangli","name":"王丽","roles":["clerk"],"team":"城东"}' \
  'this is not json' \
  '{"command":"register-staff","login":"wangli","name":"重复","roles":["clerk"],"team":"城东"}' \
  '{"command":"register-equipment","assetNo":"M-1","kind":"meter","name":"表计校验仪","calibratedOn":"2026-10-01","dueOn":"2027-10-01","errorPercent":0.3}' \
  '{"command":"register-staff","login":"x","name":"X","roles":["clerk"],"team":"","as":"wangli"}' |
  gd apply --store "$S")
[[ $(wc -l <<<"$answers") -eq 5 ]] || fail "apply: expected 5 answers, got: $answers"
sed -n 1p <<<"$answers" | grep -q '"ok":true' || fail "apply line 1: $answers"
sed -n 2p <<<"$answers" | grep -q '"code":"command.json"' || fail "apply line 2: $answers"
sed -n 3p <<<"$answers" | grep -q '"code":"staff.exists"' || fail "apply line 3: $answers"
sed -n 4p <<<"$answers" | grep -q '"ok":true' || fail "apply line 4: $answers"
sed -n 5p <<<"$answers" | grep -q '"code":"demo.only"' || fail "apply line 5 (override on a real store): $answers"

# verify, and --since an earlier head.
head1=$(gd verify --store "$S" | sed -n 's/^Head: //p' | head -1)
[[ -n "$head1" ]] || head1=$(gd verify --store "$S" | grep -oE '[0-9]+:[0-9a-f]{64}' | head -1)
[[ -n "$head1" ]] || fail "verify printed no head"
echo '{"command":"register-staff","login":"liqiang","name":"李强","roles":["field"],"team":"外勤"}' | gd apply --store "$S" >/dev/null
check "verify --since" gd verify --store "$S" --since "$head1" >/dev/null
gd verify --store "$S" --since "1:$(printf '0%.0s' {1..64})" >/dev/null 2>&1 && fail "verify --since a wrong head must fail"

# backup and verify the copy; read-only refuses changes.
check "backup" gd backup --store "$S" "$E2E_TMP/copy" >/dev/null
check "verify backup" gd verify --store "$E2E_TMP/copy" >/dev/null
ro=$(echo '{"command":"register-staff","login":"ro","name":"RO","roles":["clerk"],"team":""}' | gd apply --store "$S" --read-only)
grep -q '"ok":false' <<<"$ro" || fail "--read-only accepted a change: $ro"

# calendar load: a bad file is refused clearly.
echo 'year = "nope"' >"$E2E_TMP/bad.toml"
gd calendar load --store "$S" "$E2E_TMP/bad.toml" >/dev/null 2>&1 && fail "a bad calendar file was accepted"

# A demo hall; queue as table, csv and json agree on the count; the same order as the screen.
check "demo" gd demo --store "$D" --orders 40 --now 2026-11-29T14:05:00+08:00 >/dev/null
gd demo --store "$S" >/dev/null 2>&1 && fail "demo must refuse a real store"
n_json=$(gd queue --store "$D" --format json | grep -c '"number"')
n_csv=$(($(gd queue --store "$D" --format csv | wc -l) - 1))
n_table=$(($(gd queue --store "$D" | wc -l) - 1))
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

echo "cli: ok"
