-- Bluebird schema, version 9: what a program knows of an advocate (the email as typed, names,
-- company) belongs to the enrolment, not to the person shared by every program. `people` keeps
-- only the normalised email the duplicate and self-referral checks match on. Each enrolment gets a
-- copy of what it showed until now, so no name is lost.

ALTER TABLE advocates ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE advocates ADD COLUMN first_name TEXT NOT NULL DEFAULT '';
ALTER TABLE advocates ADD COLUMN last_name TEXT NOT NULL DEFAULT '';
ALTER TABLE advocates ADD COLUMN company TEXT NOT NULL DEFAULT '';

UPDATE advocates
   SET email = p.email, first_name = p.first_name, last_name = p.last_name, company = p.company
  FROM people p
 WHERE p.id = advocates.person_id;

ALTER TABLE people DROP COLUMN email;
ALTER TABLE people DROP COLUMN first_name;
ALTER TABLE people DROP COLUMN last_name;
ALTER TABLE people DROP COLUMN company;
