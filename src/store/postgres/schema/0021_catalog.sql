-- The rewards catalogue (domain/catalog.h): items advocates buy with redeemable points, and their
-- redemptions. A redemption's points are the points entry keyed "redemption:<id>" (and given back
-- by "redemption_refund:<id>"), written in the same transaction.
CREATE TABLE catalog_items (
  id               TEXT COLLATE "C" PRIMARY KEY,
  program_id       TEXT COLLATE "C" NOT NULL REFERENCES programs (id),
  name             TEXT COLLATE "C" NOT NULL,
  description      TEXT COLLATE "C" NOT NULL,
  cost_points      BIGINT NOT NULL CHECK (cost_points BETWEEN 1 AND 1000000000),
  stock            BIGINT CHECK (stock >= 0),
  per_member_limit BIGINT CHECK (per_member_limit >= 1),
  approval         TEXT COLLATE "C" NOT NULL CHECK (approval IN ('auto', 'manual')),
  when_out         TEXT COLLATE "C" NOT NULL CHECK (when_out IN ('backorder', 'refuse')),
  active           BIGINT NOT NULL,
  created_at       BIGINT NOT NULL,
  updated_at       BIGINT NOT NULL
);
CREATE INDEX catalog_items_program ON catalog_items (program_id, id);
CREATE TABLE redemptions (
  id          TEXT COLLATE "C" PRIMARY KEY,
  program_id  TEXT COLLATE "C" NOT NULL REFERENCES programs (id),
  advocate_id TEXT COLLATE "C" NOT NULL REFERENCES advocates (id),
  item_id     TEXT COLLATE "C" NOT NULL REFERENCES catalog_items (id),
  item_name   TEXT COLLATE "C" NOT NULL,
  cost_points BIGINT NOT NULL,
  status      TEXT COLLATE "C" NOT NULL CHECK (status IN ('requested', 'approved', 'backordered', 'fulfilled', 'rejected',
                                              'cancelled')),
  from_stock  BIGINT NOT NULL,
  reference   TEXT COLLATE "C" NOT NULL,
  note        TEXT COLLATE "C" NOT NULL,
  created_at  BIGINT NOT NULL,
  updated_at  BIGINT NOT NULL,
  decided_by  TEXT COLLATE "C" NOT NULL
);
-- A program's queue by status; one advocate's; how many of an item each person took.
CREATE INDEX redemptions_program ON redemptions (program_id, status, id);
CREATE INDEX redemptions_advocate ON redemptions (advocate_id, id);
CREATE INDEX redemptions_item ON redemptions (item_id, advocate_id);
