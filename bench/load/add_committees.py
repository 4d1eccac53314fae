#!/usr/bin/env python3
# Adds a buying committee (two members, roles and DISC factors) to every third referral of a large
# data set (bench/load/large_dataset.py), written as the committee store writes them, for measuring
# the outcomes report (docs/performance.md, "Outcomes by attribute"). Usage: add_committees.py DB
# (the database must have been opened by a bluebird with migration 0043, which creates the table).
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
roles = [["economic_buyer"], ["technical_buyer", "coach"], ["user_buyer"], []]
discs = ["D", "I", "S", "C"]
rows = []
for n, (rid, pid, email, created) in enumerate(db.execute(
        "SELECT id, program_id, referee_email, created_at FROM referrals ORDER BY id")):
    if n % 3:
        continue
    members = [
        {"email": email, "email_key": email.lower(), "first_name": "R", "last_name": "", "title": "",
         "roles": roles[n % 4], "primary": True, "response_mode": "",
         "attributes": {"disc_primary": ["s", discs[n % 4]], "seniority": ["s", "director"]}, "referee": True},
        {"email": "x%d@c.example" % n, "email_key": "x%d@c.example" % n, "first_name": "X", "last_name": "",
         "title": "", "roles": roles[(n + 1) % 4], "primary": False, "response_mode": "", "attributes": {},
         "referee": False}]
    rows.append(("bcm_big%08d" % n, pid, rid, 1, json.dumps(members), created + 1, "system"))
db.executemany("INSERT OR IGNORE INTO buying_committees (id, program_id, referral_id, version, members, recorded_at, "
               "recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
db.commit()
print(len(rows), "committees")
