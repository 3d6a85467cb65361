/// The tables, roles, triggers and policies of GridDesk in a PostgreSQL database (docs/store-format.md,
/// "PostgreSQL"). Installed by `griddesk init` when missing, by a role that may create them (the database's
/// owner); every statement can run again.
enum Schema {
  /// Bumped when the installed objects change; `griddesk.info` records the installed one.
  static let version = 1

  static let install = """
    CREATE SCHEMA IF NOT EXISTS griddesk;
    DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'griddesk_staff') THEN
        CREATE ROLE griddesk_staff NOLOGIN;
      END IF;
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'griddesk_admin') THEN
        CREATE ROLE griddesk_admin NOLOGIN IN ROLE griddesk_staff;
      END IF;
    END $$;
    CREATE TABLE IF NOT EXISTS griddesk.info (version integer NOT NULL);
    INSERT INTO griddesk.info (version) SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM griddesk.info);
    CREATE TABLE IF NOT EXISTS griddesk.halls (
      name text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_]{0,39}$'),
      demo boolean NOT NULL DEFAULT false,
      format_version integer NOT NULL DEFAULT 2,
      created timestamptz NOT NULL DEFAULT now(),
      head_seq bigint NOT NULL DEFAULT 0,
      head_hash bytea NOT NULL DEFAULT decode(repeat('00', 32), 'hex')
    );
    CREATE TABLE IF NOT EXISTS griddesk.events (
      hall text NOT NULL REFERENCES griddesk.halls (name),
      seq bigint NOT NULL CHECK (seq > 0),
      at_ms bigint NOT NULL,
      uid bigint NOT NULL,
      login text NOT NULL,
      tty text NOT NULL,
      ssh_client text NOT NULL,
      type text NOT NULL,
      payload bytea NOT NULL,
      batch_end boolean NOT NULL,
      prev_hash bytea NOT NULL,
      hash bytea NOT NULL,
      PRIMARY KEY (hall, seq)
    );
    CREATE TABLE IF NOT EXISTS griddesk.snapshots (
      hall text NOT NULL REFERENCES griddesk.halls (name),
      seq bigint NOT NULL,
      hash bytea NOT NULL,
      bytes bytea NOT NULL,
      written timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (hall, seq)
    );
    CREATE TABLE IF NOT EXISTS griddesk.backups (
      hall text NOT NULL REFERENCES griddesk.halls (name),
      time timestamptz NOT NULL,
      head text NOT NULL,
      destination text NOT NULL,
      by_login text NOT NULL DEFAULT session_user
    );

    -- Whether the session's login may work in a hall: a member of its role griddesk_hall_NAME.
    CREATE OR REPLACE FUNCTION griddesk.may_use(h text) RETURNS boolean
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
        SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'griddesk_hall_' || h)
          AND pg_has_role(session_user, 'griddesk_hall_' || h, 'MEMBER')
      $$;

    -- Takes the hall's head row lock for the rest of the transaction and returns the head: a conditional
    -- append compares it with the head its decision was made on.
    CREATE OR REPLACE FUNCTION griddesk.lock_head(h text, OUT seq bigint, OUT hash bytea)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
      BEGIN
        IF NOT griddesk.may_use(h) THEN
          RAISE EXCEPTION 'no rights over hall %', h USING ERRCODE = '42501';
        END IF;
        SELECT head_seq, head_hash INTO seq, hash FROM griddesk.halls WHERE name = h FOR UPDATE;
        IF NOT FOUND THEN RAISE EXCEPTION 'no hall %', h USING ERRCODE = 'P0002'; END IF;
      END $$;

    -- Every appended event must continue its hall's chain (gapless seq, the head's hash as its previous
    -- hash) and carry the session's login (a demo hall, or an admin copying a hall, may carry others).
    CREATE OR REPLACE FUNCTION griddesk.event_insert() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
      DECLARE s bigint; hh bytea; d boolean;
      BEGIN
        SELECT head_seq, head_hash, demo INTO s, hh, d FROM griddesk.halls WHERE name = NEW.hall FOR UPDATE;
        IF NOT FOUND THEN RAISE EXCEPTION 'no hall %', NEW.hall USING ERRCODE = 'P0002'; END IF;
        IF NEW.seq <> s + 1 OR NEW.prev_hash <> hh THEN
          RAISE EXCEPTION 'event % of hall % does not follow its head %', NEW.seq, NEW.hall, s
            USING ERRCODE = '40001';
        END IF;
        IF NOT d AND NEW.login <> session_user AND NOT pg_has_role(session_user, 'griddesk_admin', 'MEMBER') THEN
          RAISE EXCEPTION 'an event must carry the login %', session_user USING ERRCODE = '42501';
        END IF;
        UPDATE griddesk.halls SET head_seq = NEW.seq, head_hash = NEW.hash WHERE name = NEW.hall;
        RETURN NEW;
      END $$;

    CREATE OR REPLACE FUNCTION griddesk.event_immutable() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'griddesk.events is append-only: events are never updated or deleted'
          USING ERRCODE = '42501';
      END $$;

    -- Every open screen of the hall hears of new events on the channel griddesk_HALL.
    CREATE OR REPLACE FUNCTION griddesk.event_notify() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('griddesk_' || hall, max(seq)::text) FROM new_rows GROUP BY hall;
        RETURN NULL;
      END $$;

    DROP TRIGGER IF EXISTS events_append ON griddesk.events;
    CREATE TRIGGER events_append BEFORE INSERT ON griddesk.events
      FOR EACH ROW EXECUTE FUNCTION griddesk.event_insert();
    DROP TRIGGER IF EXISTS events_immutable ON griddesk.events;
    CREATE TRIGGER events_immutable BEFORE UPDATE OR DELETE ON griddesk.events
      FOR EACH ROW EXECUTE FUNCTION griddesk.event_immutable();
    DROP TRIGGER IF EXISTS events_no_truncate ON griddesk.events;
    CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON griddesk.events
      FOR EACH STATEMENT EXECUTE FUNCTION griddesk.event_immutable();
    DROP TRIGGER IF EXISTS events_notify ON griddesk.events;
    CREATE TRIGGER events_notify AFTER INSERT ON griddesk.events
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION griddesk.event_notify();

    -- Staff read and append; never update or delete events.
    REVOKE ALL ON ALL TABLES IN SCHEMA griddesk FROM PUBLIC;
    GRANT USAGE ON SCHEMA griddesk TO griddesk_staff;
    GRANT SELECT ON griddesk.info, griddesk.halls TO griddesk_staff;
    GRANT SELECT, INSERT ON griddesk.events, griddesk.backups TO griddesk_staff;
    GRANT SELECT, INSERT, DELETE ON griddesk.snapshots TO griddesk_staff;
    REVOKE ALL ON FUNCTION griddesk.may_use(text), griddesk.lock_head(text) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION griddesk.may_use(text), griddesk.lock_head(text) TO griddesk_staff;

    -- Row-level security: each login sees and writes only the halls it is a member of.
    ALTER TABLE griddesk.halls ENABLE ROW LEVEL SECURITY;
    ALTER TABLE griddesk.events ENABLE ROW LEVEL SECURITY;
    ALTER TABLE griddesk.snapshots ENABLE ROW LEVEL SECURITY;
    ALTER TABLE griddesk.backups ENABLE ROW LEVEL SECURITY;
    DROP POLICY IF EXISTS hall_member ON griddesk.halls;
    CREATE POLICY hall_member ON griddesk.halls USING (griddesk.may_use(name));
    DROP POLICY IF EXISTS hall_member ON griddesk.events;
    CREATE POLICY hall_member ON griddesk.events USING (griddesk.may_use(hall)) WITH CHECK (griddesk.may_use(hall));
    DROP POLICY IF EXISTS hall_member ON griddesk.snapshots;
    CREATE POLICY hall_member ON griddesk.snapshots USING (griddesk.may_use(hall))
      WITH CHECK (griddesk.may_use(hall));
    DROP POLICY IF EXISTS hall_member ON griddesk.backups;
    CREATE POLICY hall_member ON griddesk.backups USING (griddesk.may_use(hall)) WITH CHECK (griddesk.may_use(hall));
    """

  /// Creates a hall and its role, and makes the session's login a member (run by the database owner).
  static func createHall(_ name: String, demo: Bool) -> String {
    """
    DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'griddesk_hall_\(name)') THEN
        CREATE ROLE griddesk_hall_\(name) NOLOGIN IN ROLE griddesk_staff;
      END IF;
    END $$;
    INSERT INTO griddesk.halls (name, demo) VALUES ('\(name)', \(demo)) ON CONFLICT (name) DO NOTHING;
    GRANT griddesk_hall_\(name) TO SESSION_USER;
    """
  }

  /// Whether `name` can name a hall (it becomes part of a role and a channel name).
  static func validHallName(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first, ("a"..."z").contains(first), name.utf8.count <= 40 else {
      return false
    }
    return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
  }
}
