#!/usr/bin/env python3
"""A reproducible large data set for the analytics targets (issue 16): the demo database grown to
--clicks clicks over the year before --now (default 10,000,000), --advocates advocates (default
1,000,000) and --referrals referrals (default 200,000), as a large customer program reaches in a
year or two.

  build/release/src/bluebird demo --db big.db
  python3 bench/load/large_dataset.py --db big.db            # about 4 minutes here
  build/release/src/bluebird analytics verify --db big.db    # the summaries it built agree

What it writes, straight into the SQLite file through the store's own schema (the public API would
take hours for ten million clicks; the rows are what the API would write, with the same ids,
codes, stage histories and review statuses):

* advocates spread over the demo's three programs (70%, 20%, 10%), enrolled over the year, each a
  person of their own, with names, companies (5,000 of them) and codes that never collide with the
  demo's (they start with "ZZ");
* clicks in time order, a power law over advocates (a few advocates bring most of them), 30% from
  returning visitors, 3% by bots, channels weighted as real programs see them, user agents and
  referrers from small sets, as the tracked link stores them (the program, advocate, user agent and
  referrer by key into click_names and click_advocates, the visitor id and address hash as two
  64-bit halves each: bench/load/click_columns.py);
* referrals with histories: 35% still submitted, 20% qualified, 15% at opportunity, 15% won
  (a deal value from 1,000 to 200,000 in the program's currency), 15% lost; 5% held for review;
  a reward (10% of the deal, approved) for each clear win;
* points as the default settings give them: 100, 200 and 1,000 for each clear referral's submitted,
  qualified and won, and 100 for --survey-answers answers to the portal's NPS question (default
  500,000, one per advocate at most, at random times of the year);
* then `bluebird analytics rebuild` so that the click summaries cover the clicks written here.

The rewards are made up (10% of the deal, no status history), not what the demo's rules give: the
data set is for the figures, and `bluebird ledger verify` (also run by `bluebird copy`) reports
them as differences.

Deterministic for a given --seed and --now (ids carry random bits from the seeded generator).
Copy the result to PostgreSQL with `bluebird copy --from big.db --to postgres://...` to measure
there. Standard library only.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import subprocess
import sys
import time

from click_columns import hash_halves, ulid_halves

DAY_US = 86_400_000_000
CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CHANNELS = [("email", 30), ("linkedin", 25), ("direct", 15), ("x", 8), ("facebook", 7), ("whatsapp", 6),
            ("qr", 5), ("sms", 4)]
USER_AGENTS = [f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/12{i}.0 Safari/537.36"
               for i in range(12)] + [f"Mozilla/5.0 (iPhone; CPU iPhone OS 17_{i} like Mac OS X) Safari/604.1"
                                      for i in range(8)]
BOT_AGENTS = ["Googlebot/2.1 (+http://www.google.com/bot.html)", "LinkedInBot/1.0", "Slackbot-LinkExpanding 1.0"]
REFERRERS = ["", "https://www.linkedin.com/", "https://mail.google.com/", "https://t.co/", "https://www.facebook.com/",
             "https://outlook.office.com/", "https://web.whatsapp.com/"]
FIRST = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Margaret", "Ken", "Frances", "John", "Radia",
         "Niklaus", "Katherine", "Dennis", "Sophie", "Tim"]
LAST = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Hamilton", "Thompson", "Allen", "Backus",
        "Perlman", "Wirth", "Johnson", "Ritchie", "Wilson", "Berners-Lee"]


class Ids:
    """Prefixed ULIDs as Bluebird writes them: 10 characters of milliseconds, 16 random."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def new(self, prefix: str, at_us: int) -> str:
        ms = at_us // 1000
        head = "".join(CROCKFORD[(ms >> (5 * (9 - i))) & 31] for i in range(10))
        tail = "".join(CROCKFORD[self.rng.getrandbits(5)] for _ in range(16))
        return f"{prefix}{head}{tail}"


def code_of(index: int) -> str:
    digits = []
    for _ in range(5):
        index, d = divmod(index, len(CODE_ALPHABET))
        digits.append(CODE_ALPHABET[d])
    return "ZZ" + "".join(reversed(digits))


def weighted(rng: random.Random, choices: list[tuple[str, int]]) -> str:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def power_law_index(rng: random.Random, n: int) -> int:
    # u^4 puts most of the mass on low indexes: the first 1% of advocates bring about a third.
    return min(n - 1, int(n * rng.random() ** 4))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, help="a database made by `bluebird demo`")
    parser.add_argument("--binary", default="build/release/src/bluebird")
    parser.add_argument("--clicks", type=int, default=10_000_000)
    parser.add_argument("--advocates", type=int, default=1_000_000)
    parser.add_argument("--referrals", type=int, default=200_000)
    parser.add_argument("--survey-answers", type=int, default=500_000)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--now", type=int, default=None, help="the end of the year, microseconds (default: now)")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    ids = Ids(rng)
    now = args.now if args.now is not None else int(time.time() * 1_000_000)
    start = now - 365 * DAY_US
    db = sqlite3.connect(args.db)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA cache_size = -1000000")
    programs = db.execute("SELECT id, currency FROM programs ORDER BY created_at, id").fetchall()
    if len(programs) < 1:
        print("error: no programs; run `bluebird demo --db ...` first", file=sys.stderr)
        return 2
    program_weights = [70, 20, 10][:len(programs)] + [5] * max(0, len(programs) - 3)
    rules = {p: db.execute("SELECT id FROM reward_rules WHERE program_id = ? ORDER BY id LIMIT 1", (p,)).fetchone()
             for p, _ in programs}
    started = time.monotonic()

    # Advocates, each a person of their own.
    advocates = []  # (id, program_id, code)
    people_rows, advocate_rows = [], []
    # The demo's random codes may start with ZZ too: a generated code they took moves past the range.
    taken = {row[0] for row in db.execute("SELECT code FROM advocates")}
    for i in range(args.advocates):
        created = start + rng.randrange(365 * DAY_US)
        program_id = rng.choices([p for p, _ in programs], weights=program_weights)[0]
        person = ids.new("per_", created)
        advocate = ids.new("adv_", created)
        code = code_of(i) if code_of(i) not in taken else code_of(args.advocates + i)
        first, last = FIRST[i % len(FIRST)], LAST[(i // len(FIRST)) % len(LAST)]
        email = f"advocate{i}@company{i % 5000}.example"
        people_rows.append((person, email, created))
        advocate_rows.append((advocate, program_id, person, code, "import", "", "active", created, created, email,
                              first, f"{last} {i}", f"Company {i % 5000}", created))
        advocates.append((advocate, program_id, code))
    db.executemany("INSERT INTO people (id, email_normalized, created_at) VALUES (?,?,?)", people_rows)
    db.executemany("INSERT INTO advocates (id, program_id, person_id, code, source, enrolled_by, status, created_at, "
                   "updated_at, email, first_name, last_name, company, activity_at) VALUES "
                   "(?,?,?,?,?,?,?,?,?,?,?,?,?,?)", advocate_rows)
    db.commit()
    del people_rows, advocate_rows
    print(f"{args.advocates} advocates in {time.monotonic() - started:.0f} s", flush=True)

    # Clicks in time order, a chunk at a time. A click refers to its program, user agent and
    # referrer (click_names) and its advocate with the code (click_advocates) by key: the keys the
    # demo's clicks already have are read, a new value is given the next key when first met (as the
    # server's click writers do), and the new rows go in before the clicks that refer to them.
    names = {(kind, value): key for key, kind, value in db.execute("SELECT id, kind, value FROM click_names")}
    click_advocates = dict(db.execute("SELECT advocate_id, id FROM click_advocates"))
    next_name = (db.execute("SELECT MAX(id) FROM click_names").fetchone()[0] or 0) + 1
    next_advocate = (db.execute("SELECT MAX(id) FROM click_advocates").fetchone()[0] or 0) + 1
    chunk = 200_000
    returning = []
    written = 0
    for first in range(0, args.clicks, chunk):
        count = min(chunk, args.clicks - first)
        # The chunk covers its share of the year, so that the whole is in time order.
        low = start + (365 * DAY_US * first) // args.clicks
        high = start + (365 * DAY_US * (first + count)) // args.clicks
        times = sorted(rng.randrange(low, high) for _ in range(count))
        rows, name_rows, advocate_key_rows = [], [], []

        def name_key(kind: str, value: str) -> int:
            nonlocal next_name
            key = names.get((kind, value))
            if key is None:
                key = names[(kind, value)] = next_name
                next_name += 1
                name_rows.append((key, kind, value))
            return key

        for at in times:
            advocate, program_id, code = advocates[power_law_index(rng, len(advocates))]
            advocate_key = click_advocates.get(advocate)
            if advocate_key is None:
                advocate_key = click_advocates[advocate] = next_advocate
                next_advocate += 1
                advocate_key_rows.append((advocate_key, advocate, program_id, code))
            if returning and rng.random() < 0.3:
                visitor = rng.choice(returning)
            else:
                visitor = ulid_halves(ids.new("", at))
                if len(returning) < 100_000:
                    returning.append(visitor)
                else:
                    returning[rng.randrange(len(returning))] = visitor
            bot = rng.random() < 0.03
            channel = weighted(rng, CHANNELS)
            address = hash_halves("%032x" % rng.getrandbits(128))
            agent = rng.choice(BOT_AGENTS) if bot else rng.choice(USER_AGENTS)
            referrer = rng.choice(REFERRERS)
            rows.append((name_key("program", program_id), advocate_key, at, channel, visitor[0], visitor[1],
                         address[0], address[1], name_key("user_agent", agent), name_key("referrer", referrer),
                         1 if bot else 0))
        db.executemany("INSERT INTO click_names (id, kind, value) VALUES (?,?,?)", name_rows)
        db.executemany("INSERT INTO click_advocates (id, advocate_id, program_id, code) VALUES (?,?,?,?)",
                       advocate_key_rows)
        db.executemany("INSERT INTO clicks (program_ref, advocate_ref, occurred_at, channel, visitor_high, "
                       "visitor_low, address_high, address_low, user_agent_ref, referrer_ref, is_bot) "
                       "VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
        db.commit()
        written += count
        if written % 2_000_000 == 0 or written == args.clicks:
            print(f"{written} clicks in {time.monotonic() - started:.0f} s", flush=True)

    # Referrals with their histories, and a reward for each clear win.
    stages = [("submitted", 35), ("qualified", 20), ("opportunity", 15), ("won", 15), ("lost", 15)]
    path = {"submitted": [], "qualified": ["qualified"], "opportunity": ["qualified", "opportunity"],
            "won": ["qualified", "opportunity", "won"], "lost": ["qualified", "lost"]}
    currency = dict(programs)
    referral_rows, event_rows, reward_rows, points_rows = [], [], [], []
    stage_points = {"submitted": 100, "qualified": 200, "won": 1000}

    def earn(program_id: str, advocate: str, points: int, reason: str, ref: str, key: str, at_us: int) -> None:
        points_rows.append((ids.new("pte_", at_us), program_id, advocate, points, "both", reason, ref, "", "", key,
                            at_us, at_us, "system"))
    for i in range(args.referrals):
        advocate, program_id, code = advocates[power_law_index(rng, len(advocates))]
        created = start + rng.randrange(365 * DAY_US)
        referral = ids.new("ref_", created)
        stage = weighted(rng, stages)
        held = rng.random() < 0.05
        deal = rng.randrange(1_000, 200_001) * 100 if stage == "won" else None
        at = created
        event_rows.append((ids.new("rev_", at), referral, "submitted", None, "submitted", "", "", at, "submitted",
                           None))
        previous = "submitted"
        for step in path[stage]:
            at = min(now - 1, at + rng.randrange(1, 40 * DAY_US))
            event_rows.append((ids.new("rev_", at), referral, "stage_moved", previous, step, "system", "", at, step,
                               deal if step == "won" else None))
            previous = step
            if not held and step in stage_points:
                earn(program_id, advocate, stage_points[step], f"referral_{step}", referral, f"referral:{referral}:{step}",
                     at)
        if not held:
            earn(program_id, advocate, 100, "referral_submitted", referral, f"referral:{referral}:submitted", created)
        company = f"Prospect {i % 20000}"
        referral_rows.append((referral, program_id, advocate, code, code, "landing_form", "", weighted(rng, CHANNELS),
                              f"buyer{i}@prospect{i % 20000}.example", f"buyer{i}@prospect{i % 20000}.example",
                              f"prospect{i % 20000}.example", "Pat", f"Buyer {i}", company, "", "", "", "", "",
                              "", stage, "held" if held else "clear", "velocity" if held else "", deal, "",
                              created, at, currency[program_id] if deal else ""))
        if stage == "won" and not held and rules[program_id]:
            reward_rows.append((ids.new("rwd_", at), program_id, referral, advocate, rules[program_id][0], "advocate",
                                "stage:won", deal // 10, currency[program_id], "cash", "approved", "", "", "", at, at))
    db.executemany("INSERT INTO referrals (id, program_id, advocate_id, code, first_touch_code, source, submitted_by, "
                   "channel, referee_email, referee_email_key, referee_email_domain, referee_first_name, "
                   "referee_last_name, referee_company, referee_title, referee_phone, product, note, visitor_id, "
                   "ip_hash, stage, review_status, review_reasons, deal_value_minor, external_id, created_at, "
                   "updated_at, deal_currency) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                   referral_rows)
    db.executemany("INSERT INTO referral_events (id, referral_id, kind, from_stage, to_stage, actor, note, at, "
                   "reached, deal_value_minor) VALUES (?,?,?,?,?,?,?,?,?,?)", event_rows)
    db.executemany("INSERT INTO rewards (id, program_id, referral_id, advocate_id, rule_id, beneficiary, trigger_key, "
                   "amount_minor, currency, kind, status, reason, payout_reference, reversal_reason, created_at, "
                   "updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", reward_rows)
    for index in rng.sample(range(len(advocates)), min(args.survey_answers, len(advocates))):
        advocate, program_id, _ = advocates[index]
        at = start + rng.randrange(365 * DAY_US)
        answer = ids.new("nps_", at)
        earn(program_id, advocate, 100, "nps_answered", answer, f"nps:{answer}", at)
    db.executemany("INSERT INTO points_entries (id, program_id, advocate_id, delta, balance, reason, ref, reverses, "
                   "note, entry_key, earned_at, recorded_at, actor_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", points_rows)
    # The running totals the boards of now read, as the store keeps them with each entry.
    db.execute("DELETE FROM points_totals")
    for period in ("''", "strftime('%Y-%m', earned_at / 1000000, 'unixepoch')"):
        db.execute(f"INSERT INTO points_totals (program_id, period, advocate_id, points, reached_at) "
                   f"SELECT program_id, {period}, advocate_id, SUM(delta), MAX(earned_at) FROM points_entries "
                   f"WHERE balance <> 'redeemable' GROUP BY program_id, {period}, advocate_id")
    db.commit()
    print(f"{len(points_rows)} points entries", flush=True)
    print(f"{args.referrals} referrals ({len(event_rows)} history entries, {len(reward_rows)} rewards) in "
          f"{time.monotonic() - started:.0f} s", flush=True)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()

    subprocess.run([args.binary, "analytics", "rebuild", "--db", args.db], check=True)
    size = os.path.getsize(args.db)
    print(f"done in {time.monotonic() - started:.0f} s; {size / 1e9:.2f} GB", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
