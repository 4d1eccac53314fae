-- A churn's judgement as it was made (domain/referral.h, ReferralEvent::reverses): within the
-- program's reversal window then (the customer and their rewards taken back) or not. Entries
-- written before read it from the note Bluebird wrote with them.
ALTER TABLE referral_events ADD COLUMN reverses BIGINT NOT NULL DEFAULT 0;
UPDATE referral_events SET reverses = 1
 WHERE kind = 'customer_churned' AND note LIKE '%(within the program''s %';
