-- The business's customers per program month (domain/program_month.h), entered by staff beside its
-- pipeline and revenue: at the month's start, won and lost during it, from every source. The
-- customers report compares the referred ones with the rest.
ALTER TABLE program_months ADD COLUMN total_customers_at_start INTEGER;
ALTER TABLE program_months ADD COLUMN total_new_customers INTEGER;
ALTER TABLE program_months ADD COLUMN total_churned_customers INTEGER;
-- A program's wins without reading its other referrals (the customers report; the forecast's open ones).
CREATE INDEX referrals_program_stage ON referrals (program_id, stage, review_status);
