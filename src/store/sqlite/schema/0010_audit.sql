-- Bluebird schema, version 10: the audit trail. One row per staff action that changed something,
-- written in the same transaction as the change; never updated or deleted.
-- `changes` is JSON: [["field", before, after], ...]. No secret is ever written here.

CREATE TABLE audit_events (
  id           TEXT PRIMARY KEY,
  at           BIGINT NOT NULL,
  actor        TEXT NOT NULL,
  address_hash TEXT NOT NULL,
  kind         TEXT NOT NULL,
  object_id    TEXT NOT NULL,
  changes      TEXT NOT NULL,
  note         TEXT NOT NULL
);
CREATE INDEX audit_events_object ON audit_events (object_id, id);
CREATE INDEX audit_events_actor ON audit_events (actor, id);
CREATE INDEX audit_events_kind ON audit_events (kind, id);
