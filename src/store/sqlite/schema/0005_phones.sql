-- Bluebird schema, version 5: phones in E.164, so a person referred again under the same phone is
-- found. A program's policy names the country of phones written without a country code.

ALTER TABLE programs ADD COLUMN phone_region TEXT NOT NULL DEFAULT '';

-- Only referrals with a phone are indexed; the lookup repeats the WHERE term to use it.
CREATE INDEX referrals_referee_phone ON referrals (program_id, referee_phone, created_at) WHERE referee_phone <> '';
