#!/usr/bin/env bash
# The store under faults, through the real binary: four inits at once make one store; modes do not
# depend on the umask; a damaged store as its readers and writers meet it (export, queue and report say
# so on standard error, with what to do, print nothing and exit non-zero; a writer refuses; the
# workbench names the damaged file and offset); repair says what it kept and moved, and verify passes.
source "$(dirname "$0")/lib.sh"

D="$E2E_TMP/demo"
gd() { "$BIN" "$@"; }

# Four inits of one store at once: exactly one creates it, the others are told it exists.
for round in 1 2 3; do
  R="$E2E_TMP/race-$round"
  for i in 1 2 3 4; do gd init --store "$R" --lang en >"$E2E_TMP/init-$i" 2>&1 & done
  wait
  created=$(cat "$E2E_TMP"/init-? | grep -c "^Created store" || true)
  [[ $created -eq 1 ]] || fail "four inits at once: $created said created: $(cat "$E2E_TMP"/init-?)"
  for i in 1 2 3 4; do
    grep -q -e "^Created store" -e "already holds a store; nothing changed" "$E2E_TMP/init-$i" ||
      fail "an init at once with others said: $(cat "$E2E_TMP/init-$i")"
  done
  gd verify --store "$R" --lang en >/dev/null || fail "the store four inits made does not verify"
done

# Modes: whatever the umask, files 0660 and directories 2770 (nothing for others).
for mask in 077 022; do
  M="$E2E_TMP/umask-$mask"
  (umask "$mask" && gd init --store "$M" --lang en >/dev/null) || fail "init under umask $mask"
  wrong=$(find "$M" \( -type f ! -perm 0660 \) -o \( -type d ! -perm 2770 \))
  [[ -z "$wrong" ]] || fail "modes under umask $mask: $(ls -ld $wrong)"
done

# flip FILE OFFSET: changes one bit of one byte in place.
flip() {
  local byte
  byte=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
  # shellcheck disable=SC2059
  printf "$(printf '\\%03o' $((byte ^ 0x20)))" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

gd demo --store "$D" --orders 40 --now 2026-11-29T14:05:00+08:00 --lang en >/dev/null
all=$(gd queue --store "$D" --format csv --lang en | wc -l)
segment=$(ls "$D"/log/*.seg | head -1)
flip "$segment" 60000 # in the middle of the records (about 250 KB of them)

# Readers: nothing on standard output, the damage and what to do on standard error, a non-zero status.
refuses() { # refuses DESCRIPTION COMMAND...
  local what=$1
  shift
  local status=0
  "$@" >"$E2E_TMP/out" 2>"$E2E_TMP/err" || status=$?
  ((status != 0)) || fail "$what: exit status 0 on a damaged store"
  [[ ! -s "$E2E_TMP/out" ]] || fail "$what printed a result cut short: $(head -3 "$E2E_TMP/out")"
  grep -q "damaged" "$E2E_TMP/err" || fail "$what: no damage message: $(cat "$E2E_TMP/err")"
  grep -qF "$(basename "$segment")" "$E2E_TMP/err" || fail "$what: the segment is not named: $(cat "$E2E_TMP/err")"
  grep -q "griddesk repair" "$E2E_TMP/err" || fail "$what: does not say what to do: $(cat "$E2E_TMP/err")"
}
refuses "queue" gd queue --store "$D" --lang en
refuses "queue --format json" gd queue --store "$D" --format json --lang en
refuses "export orders" gd export --store "$D" --lang en
refuses "export events" gd export --store "$D" --what events --lang en
refuses "export customers" gd export --store "$D" --what customers --format csv --lang en
refuses "report overdue" gd report overdue --store "$D" --lang en
refuses "report kpi" gd report kpi --store "$D" --lang en
zh=$(gd queue --store "$D" --lang zh 2>&1 >/dev/null || true)
grep -q "已损坏" <<<"$zh" || fail "the Chinese message does not say damaged: $zh"

# A writer refuses too, and verify names the damage.
status=0
answer=$(echo '{"command":"register-staff","login":"zhao","name":"赵","roles":["clerk"],"team":"城东"}' |
  gd apply --store "$D" --lang en 2>/dev/null) || status=$?
((status == 1)) || fail "apply on a damaged store: exit status $status, not 1"
grep -q '"ok":false' <<<"$answer" || fail "a change was accepted on a damaged store: $answer"
gd verify --store "$D" --lang en >/dev/null 2>&1 && fail "verify passed a damaged store"

# The workbench names the file, the offset and what to do.
start_app 160 30 --store "$D" --lang en
wait_for "damaged in log/$(basename "$segment") at byte"
wait_for "damaged, read-only"
keys q
expect_exit 0

# repair: what it kept and what it moved; then verify passes and the readers work again.
gd repair --store "$D" --lang en >"$E2E_TMP/repair" 2>&1 || fail "repair failed: $(cat "$E2E_TMP/repair")"
grep -q "^Kept records 1–" "$E2E_TMP/repair" || fail "repair does not say what it kept: $(cat "$E2E_TMP/repair")"
grep -q "^Moved .* bytes from $(basename "$segment") at byte" "$E2E_TMP/repair" ||
  fail "repair does not say what it moved: $(cat "$E2E_TMP/repair")"
gd verify --store "$D" --lang en >/dev/null || fail "verify fails after repair"
now=$(gd queue --store "$D" --format csv --lang en | wc -l) || fail "queue fails after repair"
((now > 0 && now <= all)) || fail "queue after repair: $now lines (before: $all)"
echo "store-faults: ok"
