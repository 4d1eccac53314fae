// Signed webhooks against a real `bluebird serve` and a real receiver (node:http on 127.0.0.1),
// every signature checked with the official Standard Webhooks library (npm `standardwebhooks`,
// written by nobody on this project), so that what passes here passes for receivers in the wild:
// an endpoint gets the events it subscribed to, with their data, each verifying with its secret
// (and a tampered body, a changed webhook-id or another secret failing); nothing it did not
// subscribe to; after a secret rotation, deliveries verify with the new secret and the old one; a
// delivery answered 500 is retried with the same webhook-id and logged with its attempts; 410
// disables the endpoint; and without webhooks.allow_private_targets, an http://127.0.0.1 endpoint
// is refused (422 naming url). No browser. The retry waits for the server's real clock (about 5 s).
import assert from "node:assert/strict";
import http from "node:http";
import { after, before, describe, test } from "node:test";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { eventually, startBluebird } from "./harness.mjs";

// A webhook receiver on 127.0.0.1 (a free port): records every request (path, headers, the raw
// body as a string, arrival time, the status answered) and answers each path with the statuses
// scripted for it, in order, then 200.
async function startReceiver() {
  const requests = [];
  const scripts = new Map();
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => {
      const status = scripts.get(request.url)?.shift() ?? 200;
      requests.push({
        method: request.method,
        path: request.url,
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        at: Date.now(),
        status,
      });
      response.writeHead(status, { "Content-Type": "text/plain" }).end(status < 300 ? "ok" : "not now");
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    url: (path) => base + path,
    script: (path, statuses) => scripts.set(path, [...statuses]),
    // The requests that arrived at `path`, each with its payload parsed.
    at: (path) => requests.filter((r) => r.path === path).map((r) => ({ ...r, payload: JSON.parse(r.body) })),
    stop: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

// The headers a Standard Webhooks verifier reads.
function signed(request) {
  const { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": signature } = request.headers;
  return { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": signature };
}

function assertRejected(secret, body, headers, what) {
  assert.throws(() => new Webhook(secret).verify(body, headers), WebhookVerificationError, what);
}

// The error the harness's api() throws for a refused request, as {status, body}.
function refusal(error) {
  const match = /^\S+ \S+: (\d{3}) (.*)$/s.exec(error.message);
  assert.ok(match, `not an API refusal: ${error.message}`);
  return { status: Number(match[1]), body: JSON.parse(match[2]) };
}

describe("signed webhooks (webhooks.allow_private_targets)", () => {
  let bluebird;
  let receiver;
  let advocate;
  let referees = 0;

  before(async () => {
    receiver = await startReceiver();
    // A short timeout and poll so that deliveries follow within moments.
    bluebird = await startBluebird([
      "--set", "webhooks.allow_private_targets=true", "--set", "webhooks.timeout_ms=2000", "--set", "outbox.poll_ms=50",
    ]);
    advocate = await bluebird.api("POST", `/api/v1/programs/${bluebird.programId}/advocates`, {
      email: "wanda.webb@advocate.example", first_name: "Wanda", last_name: "Webb",
    });
  });

  after(() => {
    bluebird?.stop();
    receiver?.stop();
  });

  // A referral from the advocate, for a new referee each time (a non-ASCII name, so that the
  // signature is checked over UTF-8 bytes, not just ASCII).
  async function refer() {
    referees += 1;
    return bluebird.api("POST", "/api/v1/referrals", {
      advocate_id: advocate.id,
      referee: { email: `lead${referees}@buyer.example`, first_name: "Zoë", last_name: "Ångström" },
    });
  }

  async function createEndpoint(path, events) {
    return bluebird.api("POST", "/api/v1/webhook-endpoints", { url: receiver.url(path), events, description: path });
  }

  // The one request at `path` whose payload is `type` about `dataId` (fails if none arrives, or two
  // different messages do).
  async function delivery(path, type, dataId) {
    const matching = await eventually(() => {
      const found = receiver.at(path).filter((r) => r.payload.type === type && r.payload.data.id === dataId);
      return found.length > 0 && found;
    }, `${type} for ${dataId} reaches ${path}`);
    assert.equal(new Set(matching.map((r) => r.headers["webhook-id"])).size, 1, `${type} for ${dataId} is one message`);
    return matching[0];
  }

  // The subscribed endpoint for tests (a) and (c).
  const subscriberPath = "/hooks/subscriber";
  let subscriber;
  let referral;
  let reward; // the won referral's, pending approval

  test("(a) an endpoint gets the events it subscribed to, each signed with its secret", async () => {
    subscriber = await createEndpoint(subscriberPath, ["referral.created", "referral.stage_changed", "reward.created"]);
    assert.match(subscriber.secret, /^whsec_[A-Za-z0-9+/]+=*$/, "the secret is shown once, in the creation answer");
    assert.equal(subscriber.enabled, true);
    assert.deepEqual(subscriber.events, ["referral.created", "referral.stage_changed", "reward.created"]);
    const shown = await bluebird.api("GET", `/api/v1/webhook-endpoints/${subscriber.id}`);
    assert.equal(shown.secret, undefined, "and never again");

    referral = await refer();
    const moved = await bluebird.api("POST", `/api/v1/referrals/${referral.id}/stage`, {
      stage: "won", deal_value_minor: 1850050,
    });
    assert.equal(moved.rewards.length, 1, "the program's rule on won made a reward");
    reward = moved.rewards[0];

    const created = await delivery(subscriberPath, "referral.created", referral.id);
    const stageChanged = await delivery(subscriberPath, "referral.stage_changed", referral.id);
    const rewardCreated = await delivery(subscriberPath, "reward.created", reward.id);
    const wh = new Webhook(subscriber.secret);
    for (const request of [created, stageChanged, rewardCreated]) {
      assert.equal(request.method, "POST");
      assert.match(request.headers["content-type"], /^application\/json/);
      assert.match(request.headers["webhook-id"], /^msg_/);
      const skew = Math.abs(Number(request.headers["webhook-timestamp"]) - request.at / 1000);
      assert.ok(skew < 60, `webhook-timestamp is now, in seconds (${skew} s off)`);
      assert.match(request.headers["webhook-signature"], /^v1,[A-Za-z0-9+/]+=*$/, "one signature before any rotation");
      // The library checks the signature over id.timestamp.body and the timestamp's tolerance, and
      // answers the parsed payload.
      assert.deepEqual(wh.verify(request.body, signed(request)), request.payload);
      assert.ok(!Number.isNaN(Date.parse(request.payload.timestamp)), "payload timestamp is a date");
    }
    assert.equal(new Set([created, stageChanged, rewardCreated].map((r) => r.headers["webhook-id"])).size, 3,
      "each event is its own message");

    // The data is the object as the API shows it.
    assert.equal(created.payload.data.stage, "submitted");
    assert.equal(created.payload.data.advocate_id, advocate.id);
    assert.equal(created.payload.data.referee.first_name, "Zoë");
    assert.equal(stageChanged.payload.data.stage, "won");
    assert.equal(stageChanged.payload.data.deal_value_minor, 1850050);
    assert.deepEqual(stageChanged.payload.data, moved.referral);
    assert.equal(rewardCreated.payload.data.referral_id, referral.id);
    assert.deepEqual(rewardCreated.payload.data, reward);

    // What a verifier must refuse: a changed body, a changed webhook-id (a replayed signature),
    // another endpoint's secret.
    const body = stageChanged.body;
    assert.ok(body.includes('"stage":"won"'));
    const tampered = body.replace('"stage":"won"', '"stage":"lost"');
    assertRejected(subscriber.secret, tampered, signed(stageChanged), "tampered body");
    assertRejected(subscriber.secret, body, { ...signed(stageChanged), "webhook-id": created.headers["webhook-id"] },
      "another message's id");
    const other = await createEndpoint("/hooks/other", ["campaign.completed"]);
    assertRejected(other.secret, body, signed(stageChanged), "another endpoint's secret");
    await bluebird.api("PATCH", `/api/v1/webhook-endpoints/${other.id}`, { enabled: false });

    // The delivery log says the same.
    const log = await eventually(async () => {
      const page = await bluebird.api("GET", `/api/v1/webhook-endpoints/${subscriber.id}/deliveries?state=delivered`);
      return page.data.length >= 3 && page.data;
    }, "three deliveries logged as delivered");
    for (const request of [created, stageChanged, rewardCreated]) {
      const item = log.find((d) => d.message_id === request.headers["webhook-id"]);
      assert.ok(item, `${request.payload.type} is in the delivery log`);
      assert.equal(item.event_type, request.payload.type);
      assert.equal(item.attempts, 1);
      assert.equal(item.last_status, 200);
      assert.deepEqual(item.payload, request.payload);
    }
  });

  test("(b) after rotate-secret, deliveries verify with the new secret and the previous one", async () => {
    const path = "/hooks/rotated";
    const endpoint = await createEndpoint(path, ["referral.created"]);
    const oldSecret = endpoint.secret;
    const earlier = await delivery(path, "referral.created", (await refer()).id);
    assert.equal(earlier.headers["webhook-signature"].split(" ").length, 1);

    const rotated = await bluebird.api("POST", `/api/v1/webhook-endpoints/${endpoint.id}/rotate-secret`);
    assert.match(rotated.secret, /^whsec_/);
    assert.notEqual(rotated.secret, oldSecret);
    const overlapHours = (Date.parse(rotated.previous_secret_valid_until) - Date.now()) / 3600e3;
    assert.ok(overlapHours > 23.9 && overlapHours <= 24, `the old secret is valid 24 h more (${overlapHours} h)`);
    const shown = await bluebird.api("GET", `/api/v1/webhook-endpoints/${endpoint.id}`);
    assert.equal(shown.secret, undefined);
    assert.equal(shown.previous_secret_valid_until, rotated.previous_secret_valid_until);

    const later = await delivery(path, "referral.created", (await refer()).id);
    const signatures = later.headers["webhook-signature"].split(" ");
    assert.equal(signatures.length, 2, "two signatures, space-separated");
    for (const signature of signatures) assert.match(signature, /^v1,[A-Za-z0-9+/]+=*$/);
    assert.deepEqual(new Webhook(rotated.secret).verify(later.body, signed(later)), later.payload,
      "the new secret verifies");
    assert.deepEqual(new Webhook(oldSecret).verify(later.body, signed(later)), later.payload,
      "the old one too, for now");
    const stranger = await createEndpoint("/hooks/stranger", ["campaign.completed"]);
    assertRejected(stranger.secret, later.body, signed(later), "a third secret does not");
    assertRejected(rotated.secret, earlier.body, signed(earlier),
      "the delivery before the rotation had only the old one");
    await bluebird.api("PATCH", `/api/v1/webhook-endpoints/${stranger.id}`, { enabled: false });
    await bluebird.api("PATCH", `/api/v1/webhook-endpoints/${endpoint.id}`, { enabled: false });
  });

  test("(c) an event type the endpoint did not subscribe to is not sent", async () => {
    assert.ok(subscriber, "needs (a)'s endpoint");
    // A witness subscribed to what the subscriber is not: once it has the events, they were sent.
    const witnessPath = "/hooks/witness";
    const witness = await createEndpoint(witnessPath, ["advocate.enrolled", "reward.approved"]);
    await bluebird.api("POST", `/api/v1/rewards/${reward.id}/approve`);
    const newcomer = await bluebird.api("POST", `/api/v1/programs/${bluebird.programId}/advocates`, {
      email: "nate.new@advocate.example", first_name: "Nate",
    });
    await delivery(witnessPath, "reward.approved", reward.id);
    await delivery(witnessPath, "advocate.enrolled", newcomer.id);
    // Outbox items are written in the event's transaction, so the subscriber's log is complete:
    // nothing was queued for it, and (everything of its own being delivered) nothing arrived.
    const log = await eventually(async () => {
      const page = await bluebird.api("GET", `/api/v1/webhook-endpoints/${subscriber.id}/deliveries`);
      return page.data.every((d) => d.state === "delivered") && page.data;
    }, "the subscriber has nothing pending");
    const subscribed = new Set(["referral.created", "referral.stage_changed", "reward.created"]);
    assert.deepEqual(log.filter((d) => !subscribed.has(d.event_type)), [], "nothing else was queued");
    const sent = receiver.at(subscriberPath).map((r) => r.payload.type);
    assert.deepEqual(sent.filter((type) => !subscribed.has(type)), [], "nothing else was sent");
    assert.deepEqual(receiver.at(witnessPath).map((r) => r.payload.type).sort(),
      ["advocate.enrolled", "reward.approved"], "the witness got exactly its own");
    await bluebird.api("PATCH", `/api/v1/webhook-endpoints/${witness.id}`, { enabled: false });
  });

  test("(d) a delivery answered 500 is retried with the same webhook-id, and the log shows both attempts", async () => {
    const path = "/hooks/flaky";
    receiver.script(path, [500]);
    const endpoint = await createEndpoint(path, ["referral.created"]);
    const submitted = await refer();
    const first = await delivery(path, "referral.created", submitted.id);
    assert.equal(first.status, 500);

    // Logged as pending, one attempt, the receiver's answer; the endpoint is failing since then.
    const pending = await eventually(async () => {
      const page = await bluebird.api("GET", `/api/v1/webhook-endpoints/${endpoint.id}/deliveries?state=pending`);
      return page.data.find((d) => d.message_id === first.headers["webhook-id"] && d.attempts === 1 &&
        d.last_status === 500);
    }, "the failed attempt is logged");
    assert.match(pending.last_error, /500/);
    assert.ok(pending.next_attempt_at, "with the next attempt's time");
    const failing = await bluebird.api("GET", `/api/v1/webhook-endpoints/${endpoint.id}`);
    assert.ok(failing.failing_since, "the endpoint is marked failing");
    assert.equal(failing.enabled, true, "one failure disables nothing");

    // The first retry is due about 5 s later (Standard Webhooks' schedule, 10% jitter).
    const retried = await eventually(() => {
      const all = receiver.at(path).filter((r) => r.payload.data.id === submitted.id);
      return all.length >= 2 && all;
    }, "the delivery is retried", 15000);
    const second = retried[1];
    assert.equal(second.status, 200);
    assert.equal(second.headers["webhook-id"], first.headers["webhook-id"], "the same message id, for deduplication");
    assert.equal(second.body, first.body, "the same payload");
    const gap = (second.at - first.at) / 1000;
    assert.ok(gap >= 4, `retried after the backoff, not at once (${gap} s)`);
    assert.deepEqual(new Webhook(endpoint.secret).verify(second.body, signed(second)), second.payload);

    const detail = await eventually(async () => {
      const item = await bluebird.api("GET", `/api/v1/webhook-endpoints/${endpoint.id}/deliveries/${pending.id}`);
      return item.state === "delivered" && item;
    }, "the delivery is logged as delivered");
    assert.equal(detail.attempts.length, 2);
    assert.deepEqual(detail.attempts.map((a) => [a.number, a.status]), [[1, 500], [2, 200]]);
    assert.match(detail.attempts[0].error, /500/);
    assert.equal(detail.attempts[1].error, null);
    const recovered = await bluebird.api("GET", `/api/v1/webhook-endpoints/${endpoint.id}`);
    assert.equal(recovered.failing_since, null, "a success clears failing_since");
    assert.equal(receiver.at(path).filter((r) => r.payload.data.id === submitted.id).length, 2,
      "and nothing more was sent");
    await bluebird.api("PATCH", `/api/v1/webhook-endpoints/${endpoint.id}`, { enabled: false });
  });

  test("(e) a receiver answering 410 Gone disables its endpoint", async () => {
    const path = "/hooks/gone";
    receiver.script(path, [410, 410, 410]);
    const endpoint = await createEndpoint(path, ["referral.created"]);
    const submitted = await refer();
    const first = await delivery(path, "referral.created", submitted.id);
    assert.equal(first.status, 410);
    const disabled = await eventually(async () => {
      const shown = await bluebird.api("GET", `/api/v1/webhook-endpoints/${endpoint.id}`);
      return !shown.enabled && shown;
    }, "the endpoint is disabled");
    assert.match(disabled.disabled_reason, /410/);
    const dead = await bluebird.api("GET", `/api/v1/webhook-endpoints/${endpoint.id}/deliveries?state=dead`);
    assert.deepEqual(dead.data.map((d) => [d.message_id, d.last_status]), [[first.headers["webhook-id"], 410]],
      "the delivery is dead, not retried");
    // A later event is not queued for a disabled endpoint.
    await refer();
    const all = await bluebird.api("GET", `/api/v1/webhook-endpoints/${endpoint.id}/deliveries`);
    assert.equal(all.data.length, 1);
    assert.equal(receiver.at(path).length, 1);
  });
});

describe("without webhooks.allow_private_targets", () => {
  let bluebird;

  before(async () => {
    bluebird = await startBluebird();
  });

  after(() => bluebird?.stop());

  // Invalid fields get 422 /problems/validation with `errors` naming them (docs/api.md, "Errors").
  test("(f) an http://127.0.0.1 endpoint is refused, naming url", async () => {
    const error = await bluebird
      .api("POST", "/api/v1/webhook-endpoints", { url: "http://127.0.0.1:9/hooks", events: ["referral.created"] })
      .then(() => assert.fail("the endpoint was created"), (e) => e);
    const { status, body } = refusal(error);
    assert.equal(status, 422, JSON.stringify(body));
    assert.equal(body.type, "/problems/validation");
    assert.deepEqual(body.errors.map((e) => e.field), ["url"], JSON.stringify(body));
    assert.deepEqual((await bluebird.api("GET", "/api/v1/webhook-endpoints")).data, [], "nothing was created");
  });
});
