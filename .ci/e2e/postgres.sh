#!/usr/bin/env bash
# A hall kept in PostgreSQL, end to end: a throwaway PostgreSQL 15 server (initdb into a temporary
# directory, a private socket directory, no TCP; run as the postgres account when we are root) with peer
# authentication, so the OS account is the database login as at a counter PC. `griddesk demo` creates the
# schema and the hall; the workbench opens on it in tmux; a second process (griddesk apply) receives an
# order, which shows on the open screen without a key pressed (LISTEN/NOTIFY). Then the command line
# agrees: queue, verify, a backup that is a verified directory with the same head, a copy back into a second
# hall with the same head; an unknown hall is refused with the halls this login may open.
source "$(dirname "$0")/lib.sh"

PGBIN=/usr/lib/postgresql/15/bin
[[ -x $PGBIN/initdb ]] || fail "PostgreSQL 15 is not installed (postgresql-15; .ci/run installs it)"
PGROOT="$E2E_TMP/pg"
mkdir -p "$PGROOT/sock"
as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [[ $(id -u) == 0 ]]; then
  chmod 755 "$E2E_TMP"
  chown -R postgres:postgres "$PGROOT"
fi
PORT=$((20000 + RANDOM % 30000))
as_pg "$PGBIN/initdb" -D "$PGROOT/data" -U postgres -E UTF8 --locale=C.UTF-8 --auth-local=peer --auth-host=scram-sha-256 --no-sync >/dev/null ||
  fail "initdb failed"
as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/log" -w -o "-p $PORT -k $PGROOT/sock -c listen_addresses=''" start \
  >/dev/null || fail "the server did not start: $(cat "$PGROOT/log")"
stop_pg() { as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -m immediate -w stop >/dev/null 2>&1 || true; }
trap 'stop_pg; cleanup' EXIT
me=$(id -un)
as_pg psql -X -q -h "$PGROOT/sock" -p "$PORT" -U postgres -d postgres \
  -c "CREATE ROLE \"$me\" LOGIN CREATEROLE" -c "CREATE DATABASE griddesk OWNER \"$me\"" >/dev/null ||
  fail "could not create the login and database"

URL="postgresql://$me@/griddesk?host=$PGROOT/sock&port=$PORT"
# The workbench runs with HOME=$E2E_TMP: so does every command, so all find the hall's key in the same place.
gd() { HOME="$E2E_TMP" "$BIN" "$@" --lang en; }
gd demo --store "$URL" --hall east --orders 3 --now "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >/dev/null ||
  fail "griddesk demo on PostgreSQL failed"

receive() {
  printf '{"command":"receive-order","as":"wangli","newCustomer":{"name":"%s","kind":"individual","idKind":"other","idNumber":"%s","phone":"%s","address":"城东区解放路%s号","useCategory":"residential","voltage":"220V","capacityKVA":8,"meters":[]},"type":"new-low-resident","channel":"counter","needs":"新装"}\n' \
    "$1" "$2" "$3" "${2: -1}"
}
numbers() { gd queue --store "$URL" --hall east --format json | sed -n 's/.*"number" : "\(GD[0-9-]*\)".*/\1/p' | sort; }

start_app 100 30 --store "$URL" --hall east
wait_for "工单队列"
expect_absent "只读"
before=$(numbers)
answers=$(receive 黄晓明 P100004 13812340004 | gd apply --store "$URL" --hall east) || fail "apply failed: $answers"
grep -q '"ok":true' <<<"$answers" || fail "apply refused: $answers"
new=$(comm -13 <(echo "$before") <(numbers))
[[ -n "$new" ]] || fail "the appended order is not in the queue"
TIMEOUT=5 wait_for "$new"
keys q
expect_exit 0

out=$(gd verify --store "$URL" --hall east) || fail "verify failed: $out"
head=$(sed -n 's/^Head: //p' <<<"$out")
[[ -n "$head" ]] || fail "verify printed no head: $out"
gd backup --store "$URL" --hall east "$E2E_TMP/backup" >/dev/null || fail "backup failed"
[[ "$(gd verify --store "$E2E_TMP/backup" | sed -n 's/^Head: //p')" == "$head" ]] || fail "the backup has another head"
gd copy --store "$E2E_TMP/backup" --to "$URL" --hall west >/dev/null || fail "copy into a second hall failed"
[[ "$(gd verify --store "$URL" --hall west | sed -n 's/^Head: //p')" == "$head" ]] || fail "the copy has another head"
err=$(gd queue --store "$URL" --hall nosuch 2>&1) && fail "an unknown hall was opened"
grep -q 'Halls you can open: east, west' <<<"$err" || fail "the unknown hall's message lists no halls: $err"
echo "ok: PostgreSQL hall $head"
