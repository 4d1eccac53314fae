// Challenges in a real browser: a manager adds "Review us" (write a review: 300 points; refer
// someone: 100; twice per advocate) on the console's Challenges page after the server refuses the
// second step's points under that step's field. Ada, who has referred someone (the second step
// counted by itself), sees it in her portal on a phone, claims the review: first without its link
// (refused under the field), then with it, and it waits for the team. The manager approves it in
// the queue; Ada's portal shows the step done once and her points 300 higher, with the challenge
// in her recent points. Her second claim is rejected with a note she reads. The manager records
// Ben's review (approved at once), is refused a change of the steps once they were done (409), and
// retires the challenge, which leaves Ada's portal. Viewers and sales reps read the page without
// forms or buttons. With the program's points off, the portal shows no challenges and the console
// says why. Every page is checked with axe-core; screenshots portal-challenges.png and
// console-challenges.png.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import {
  assertNoSidewaysScroll,
  checkAccessibility,
  consoleAs as consoleAsIn,
  launchBrowser,
  nav,
  portalAs,
  screenshot,
  screenshotDir,
  staff,
  startBluebird,
} from "./harness.mjs";

let bluebird;
let browser;
let ada; // claims the review twice, refers someone
let ben; // the manager records his review
let challenge; // "Review us", once added
let adaLifetime; // Ada's lifetime points before her first claim is approved

before(async () => {
  bluebird = await startBluebird();
  browser = await launchBrowser();
  const enrol = (email, first_name, last_name) =>
    bluebird.api("POST", `/api/v1/programs/${bluebird.programId}/advocates`, { email, first_name, last_name });
  ada = await enrol("ada.challenge@advocate.example", "Ada", "Lovelace");
  ben = await enrol("ben.challenge@advocate.example", "Ben", "Babbage");
});

after(async () => {
  await browser?.close();
  bluebird?.stop();
});

const portal = (advocate, size = "phone") => portalAs(browser, bluebird, advocate, size);
const consoleAs = (who) => consoleAsIn(browser, bluebird.base, who);

const figure = (scope, name) => scope.locator(`[data-figure="${name}"]`);
const lifetime = async (advocate) => (await bluebird.api("GET", `/api/v1/advocates/${advocate.id}/points`)).lifetime;
const reviewUs = async () =>
  (await bluebird.api("GET", `/api/v1/programs/${bluebird.programId}/challenges?include_retired=true`)).data.find(
    (c) => c.name === "Review us",
  );
const completions = async (query) =>
  (await bluebird.api("GET", `/api/v1/challenge-completions?program_id=${bluebird.programId}&${query}`)).data;

async function openChallenges(page) {
  await nav(page, "Challenges").click();
  await page.getByRole("heading", { name: "Challenges", level: 1 }).waitFor();
  await page.getByRole("heading", { name: "Acme customers: challenges", level: 2 }).waitFor();
}

// The portal's challenges card and, in it, the step of "Review us" named `words`.
function portalStep(page, words) {
  const card = page.getByRole("region", { name: "Challenges" });
  const step = card.getByRole("list", { name: "Review us" }).getByRole("listitem").filter({ hasText: words });
  return { card, step };
}

describe("challenges", () => {
  test("a manager adds a challenge, after the server refuses a step's points under that step's field", async () => {
    const { context, page } = await consoleAs(staff.manager);
    await openChallenges(page);
    assert.equal(await page.getByLabel("Program", { exact: true }).inputValue(), bluebird.programId);
    await page.getByText("No challenges yet.").waitFor();
    await page.getByText("Nothing waiting for approval.").waitFor();
    const add = page.getByRole("form", { name: "Add a challenge" });
    await add.getByRole("textbox", { name: "Name", exact: true }).fill("Review us");
    await add.getByRole("textbox", { name: "Description", exact: true }).fill("Tell others what working with us is like.");
    const first = add.getByRole("group", { name: "Step 1", exact: true });
    assert.equal(await first.getByRole("combobox", { name: "What to do" }).inputValue(), "write_review");
    await first.getByRole("textbox", { name: "Points", exact: true }).fill("300");
    await add.getByRole("button", { name: "Add a step" }).click();
    const second = add.getByRole("group", { name: "Step 2", exact: true });
    await second.getByRole("combobox", { name: "What to do" }).selectOption("submit_referral");
    await second.getByRole("textbox", { name: "Points", exact: true }).fill("2000000");
    await add.getByRole("textbox", { name: "Times per advocate", exact: true }).fill("2");
    await checkAccessibility(page, "the challenges page, empty");

    await add.getByRole("button", { name: "Add the challenge" }).click();
    await add.locator("#challenge-add-step-1-points-error").getByText("from 0 to 1000000", { exact: false }).waitFor();
    assert.equal(await second.getByRole("textbox", { name: "Points", exact: true }).getAttribute("aria-invalid"), "true");
    assert.equal(await first.getByRole("textbox", { name: "Points", exact: true }).getAttribute("aria-invalid"), null);
    assert.equal(await add.getByRole("textbox", { name: "Name", exact: true }).inputValue(), "Review us", "what was typed stays");
    await add.getByRole("alert").waitFor();
    assert.equal(await reviewUs(), undefined, "nothing added");
    await checkAccessibility(page, "the add form refused");

    await second.getByRole("textbox", { name: "Points", exact: true }).fill("100");
    await add.getByRole("button", { name: "Add the challenge" }).click();
    await page.getByText("Added: Review us.").waitFor();
    assert.equal(await add.getByRole("textbox", { name: "Name", exact: true }).inputValue(), "", "the form starts again");
    assert.equal(await add.getByRole("group", { name: "Step 2", exact: true }).count(), 0);
    const row = page.getByRole("table", { name: "Challenges" }).getByRole("row").filter({ hasText: "Review us" });
    await row.getByText("Tell others what working with us is like.").waitFor();
    await row.getByText("Write a review: 300 points, 0 taken").waitFor();
    await row.getByText("Refer someone: 100 points, 0 taken").waitFor();
    assert.deepEqual(
      (await row.getByRole("cell").allInnerTexts()).map((t) => t.trim()).slice(3, 6),
      ["Everyone", "2 per advocate; no overall limit", "Open"],
    );
    challenge = await reviewUs();
    assert.deepEqual(
      challenge.steps.map((s) => [s.type, s.points, s.claimed]),
      [["write_review", 300, true], ["submit_referral", 100, false]],
    );
    assert.equal(challenge.per_member_limit, 2);
    assert.equal(challenge.total_limit, null);
    assert.equal(challenge.ends_at, null);
    assert.deepEqual(challenge.tags, []);
    await checkAccessibility(page, "the challenges page with a challenge");
    await context.close();
  });

  test("Ada claims the review on her phone: refused without its link, then it waits for the team", async () => {
    await bluebird.api("POST", "/api/v1/referrals", {
      advocate_id: ada.id, referee: { email: "rita.challenge@buyer.example", first_name: "Rita", last_name: "Buyer" },
    });
    const { context, page } = await portal(ada);
    const { card, step: review } = portalStep(page, "Write a review");
    const refer = portalStep(page, "Refer someone").step;
    await review.getByText("300 points", { exact: true }).waitFor();
    await card.getByText("Tell others what working with us is like.").waitFor();
    await refer.getByText("1 of 2 done", { exact: true }).waitFor(); // counted by itself
    await refer.getByText("Counted by itself when you do it", { exact: false }).waitFor();
    await review.getByText("0 of 2 done", { exact: true }).waitFor();
    adaLifetime = await lifetime(ada);
    await figure(page.getByRole("region", { name: "Your points" }), "lifetime").getByText(adaLifetime.toLocaleString("en-US"), { exact: true }).waitFor();
    await checkAccessibility(page, "the portal's challenges");
    await assertNoSidewaysScroll(page, "the portal with challenges");

    const claim = review.getByRole("form", { name: "Tell the team: Write a review" });
    const link = claim.getByRole("textbox", { name: "Link to your review" });
    await claim.getByRole("button", { name: "Send to the team (Write a review)" }).click();
    await claim.locator('[id$="-url-error"]').getByText("is required", { exact: false }).waitFor();
    assert.equal(await link.getAttribute("aria-invalid"), "true");
    await claim.getByRole("alert").waitFor();
    assert.equal((await completions("status=pending")).length, 0, "nothing claimed");
    await checkAccessibility(page, "a claim refused");
    await assertNoSidewaysScroll(page, "a claim refused");

    await link.fill("https://reviews.example/acme/ada-1");
    await claim.getByRole("button", { name: "Send to the team (Write a review)" }).click();
    await card.getByText("Sent: “Write a review” waits for the team. You get 300 points once they approve it.").waitFor();
    await review.getByText("Waiting for the team", { exact: true }).waitFor();
    assert.equal(await link.inputValue(), "", "the form starts again for the second time it counts");
    const latest = card.getByRole("list", { name: "Your latest steps" }).getByRole("listitem");
    await latest.filter({ hasText: "Review us — Write a review" }).getByText("Waiting for the team", { exact: true }).waitFor();
    await latest.filter({ hasText: "Review us — Refer someone" }).getByText("Approved", { exact: true }).waitFor();
    const [pending] = await completions("status=pending");
    assert.equal(pending.url, "https://reviews.example/acme/ada-1");
    assert.equal(pending.advocate_id, ada.id);
    assert.equal(await lifetime(ada), adaLifetime, "no points before the team approves");
    await checkAccessibility(page, "the portal with a claim waiting");
    await assertNoSidewaysScroll(page, "the portal with a claim waiting");
    await context.close();
  });

  test("the manager approves the claim in the queue, and Ada's portal shows it done with 300 more points", async () => {
    const { context, page } = await consoleAs(staff.manager);
    await openChallenges(page);
    const queue = page.getByRole("region", { name: "Steps done and claimed" });
    assert.equal(await queue.getByLabel("Status", { exact: true }).inputValue(), "pending");
    const table = queue.getByRole("table", { name: "Steps done and claimed" });
    const claim = table.getByRole("row").filter({ hasText: "Ada Lovelace" });
    await claim.getByRole("link", { name: "https://reviews.example/acme/ada-1" }).waitFor();
    await claim.getByText("Write a review", { exact: true }).waitFor();
    assert.equal(await table.getByRole("row").count(), 2, "the heading row and the one claim waiting");
    await page.getByRole("table", { name: "Challenges" }).getByText("Write a review: 300 points, 1 taken").waitFor();
    await checkAccessibility(page, "the queue with a claim");
    await screenshot(page, "console-challenges");

    await claim.getByRole("button", { name: "Approve Ada Lovelace's “Write a review”" }).click();
    await queue.getByText("Approved: Ada Lovelace's “Write a review”; 300 points given.").waitFor();
    await queue.getByText("Nothing waiting for approval.").waitFor();
    await queue.getByLabel("Status", { exact: true }).selectOption("all");
    await page.waitForURL(/status=all/);
    const approved = table.getByRole("row").filter({ hasText: "reviews.example" });
    await approved.getByText("by You").waitFor();
    await approved.getByText("Approved", { exact: true }).waitFor();
    assert.equal(await approved.getByRole("button").count(), 0, "nothing more to decide");
    await table.getByRole("row").filter({ hasText: "Refer someone" }).getByText("Counted by itself").waitFor();
    await checkAccessibility(page, "the queue, any status");
    await context.close();

    assert.equal(await lifetime(ada), adaLifetime + 300);
    const advocate = await portal(ada);
    const points = advocate.page.getByRole("region", { name: "Your points" });
    await figure(points, "lifetime").getByText((adaLifetime + 300).toLocaleString("en-US"), { exact: true }).waitFor();
    await points.getByRole("group", { name: "Recent points" }).getByText("Challenge: Review us — Write a review").waitFor();
    const { card, step: review } = portalStep(advocate.page, "Write a review");
    await review.getByText("1 of 2 done", { exact: true }).waitFor();
    await card.getByRole("list", { name: "Your latest steps" }).getByRole("listitem").filter({ hasText: "Review us — Write a review" })
      .getByText("Approved", { exact: true }).waitFor();
    await checkAccessibility(advocate.page, "the portal with a step approved");
    await advocate.context.close();
  });

  test("Ada's second claim is rejected with a note she reads", async () => {
    const first = await portal(ada);
    const { step: review } = portalStep(first.page, "Write a review");
    await review.getByRole("textbox", { name: "Link to your review" }).fill("https://reviews.example/acme/ada-2");
    await review.getByRole("button", { name: "Send to the team (Write a review)" }).click();
    await review.getByText("Waiting for the team", { exact: true }).waitFor();
    // Done once, waiting once: as often as it counts, so no form.
    await review.getByRole("form").waitFor({ state: "detached" });
    await first.context.close();

    const { context, page } = await consoleAs(staff.manager);
    await openChallenges(page);
    const queue = page.getByRole("region", { name: "Steps done and claimed" });
    const claim = queue.getByRole("row").filter({ hasText: "ada-2" });
    await claim.getByRole("button", { name: "Reject Ada Lovelace's “Write a review”" }).click();
    const reject = claim.getByRole("form", { name: "Reject Ada Lovelace's “Write a review”" });
    await reject.getByRole("button", { name: "Reject", exact: true }).click();
    await reject.locator('[id$="-note-error"]').getByText("is required", { exact: false }).waitFor();
    await checkAccessibility(page, "the reject form");
    await reject.getByRole("textbox", { name: "Why" }).fill("We could not find this review");
    await reject.getByRole("button", { name: "Reject", exact: true }).click();
    await queue.getByText("Rejected: Ada Lovelace's “Write a review”. They read your note in their portal.").waitFor();
    await queue.getByText("Nothing waiting for approval.").waitFor();
    await queue.getByLabel("Status", { exact: true }).selectOption("rejected");
    await queue.getByRole("row").filter({ hasText: "ada-2" }).getByText("“We could not find this review”").waitFor();
    await context.close();

    const again = await portal(ada);
    const { card, step } = portalStep(again.page, "Write a review");
    const rejected = card.getByRole("list", { name: "Your latest steps" }).getByRole("listitem").filter({ hasText: "Not approved" });
    await rejected.getByText("The team said: “We could not find this review”").waitFor();
    await step.getByText("1 of 2 done", { exact: true }).waitFor();
    await step.getByRole("form", { name: "Tell the team: Write a review" }).waitFor(); // a rejected claim does not count
    await figure(again.page.getByRole("region", { name: "Your points" }), "lifetime")
      .getByText((adaLifetime + 300).toLocaleString("en-US"), { exact: true }).waitFor();
    await checkAccessibility(again.page, "the portal with a claim rejected");
    await assertNoSidewaysScroll(again.page, "the portal with a claim rejected");
    await card.screenshot({ path: path.join(screenshotDir, "portal-challenges.png") });
    await again.context.close();
  });

  test("the manager records Ben's review, cannot change the steps once done, and retires the challenge", async () => {
    const { context, page } = await consoleAs(staff.manager);
    await openChallenges(page);
    const record = page.getByRole("form", { name: "Record a step" });
    assert.equal(await record.getByRole("combobox", { name: "Challenge" }).inputValue(), challenge.id);
    assert.equal(await record.getByRole("combobox", { name: "Step" }).inputValue(), "0");
    await record.getByRole("textbox", { name: "Advocate" }).fill("nobody@advocate.example");
    await record.getByRole("textbox", { name: "Link to the review" }).fill("https://reviews.example/acme/ben");
    await record.getByRole("button", { name: "Record the step" }).click();
    await record.locator("#challenge-record-advocate-error").getByText("is not the email of one of this program's advocates").waitFor();
    await checkAccessibility(page, "the record form refused");
    await record.getByRole("textbox", { name: "Advocate" }).fill("ben.challenge@advocate.example");
    await record.getByRole("button", { name: "Record the step" }).click();
    await page.getByText("Recorded: Ben Babbage did “Write a review”; 300 points given.").waitFor();
    assert.equal(await lifetime(ben), 300);
    const [bens] = await completions(`advocate_id=${ben.id}`);
    assert.equal(bens.status, "approved");

    const list = page.getByRole("region", { name: "Acme customers: challenges" });
    const row = list.getByRole("table", { name: "Challenges" }).getByRole("row").filter({ hasText: "Review us" });
    await row.getByText("Write a review: 300 points, 2 taken").waitFor();
    await row.getByRole("button", { name: "Edit Review us" }).click();
    const edit = list.getByRole("form", { name: "Edit Review us" });
    const points = edit.getByRole("group", { name: "Step 1", exact: true }).getByRole("textbox", { name: "Points", exact: true });
    assert.equal(await points.inputValue(), "300");
    await checkAccessibility(page, "the edit form");
    await points.fill("400");
    await edit.getByRole("button", { name: "Save the changes" }).click();
    await edit.getByRole("alert").getByText("Retire it and start a new one", { exact: false }).waitFor();
    assert.equal((await reviewUs()).steps[0].points, 300, "the steps stay as they were");

    await points.fill("300");
    await edit.getByRole("checkbox", { name: "Open to advocates" }).uncheck();
    await edit.getByRole("button", { name: "Save the changes" }).click();
    await list.getByText("Saved: Review us (retired).").waitFor();
    await row.getByText("Retired", { exact: true }).waitFor();
    assert.equal((await reviewUs()).active, false);
    assert.equal(await page.getByRole("form", { name: "Record a step" }).count(), 0, "no open challenge to record");
    await context.close();

    const advocate = await portal(ada);
    const card = advocate.page.getByRole("region", { name: "Challenges" });
    await card.getByText("No challenges open right now.").waitFor();
    await card.getByRole("list", { name: "Your latest steps" }).getByText("The team said: “We could not find this review”").waitFor();
    await checkAccessibility(advocate.page, "the portal with no challenge open");
    await advocate.context.close();
  });

  test("viewers and sales reps read the challenges without forms or buttons", async () => {
    for (const who of [staff.viewer, staff.sales_rep]) {
      const { context, page } = await consoleAs(who);
      await openChallenges(page);
      await page.getByRole("table", { name: "Challenges" }).getByRole("row").filter({ hasText: "Review us" }).waitFor();
      const queue = page.getByRole("region", { name: "Steps done and claimed" });
      await queue.getByLabel("Status", { exact: true }).selectOption("all");
      if (who === staff.viewer) {
        await queue.getByRole("table", { name: "Steps done and claimed" }).getByRole("row").nth(4).waitFor();
      } else {
        await queue.getByText("No steps done yet.").waitFor(); // none of the advocates are theirs
      }
      assert.equal(await page.getByRole("form", { name: "Add a challenge" }).count(), 0);
      assert.equal(await page.getByRole("form", { name: "Record a step" }).count(), 0);
      assert.equal(await page.getByRole("main").getByRole("button", { name: /^(Edit|Approve|Reject)/ }).count(), 0);
      await checkAccessibility(page, `the challenges page for a ${who === staff.viewer ? "viewer" : "sales rep"}`);
      await context.close();
    }
  });

  test("when the program keeps no points, the portal shows no challenges and the console says why", async () => {
    await bluebird.api("PATCH", `/api/v1/programs/${bluebird.programId}/points-settings`, { enabled: false });
    const { context, page } = await consoleAs(staff.manager);
    await openChallenges(page);
    await page.getByText("This program keeps no points: its advocates do not see its challenges", { exact: false }).waitFor();
    await checkAccessibility(page, "the challenges page, points off");
    await context.close();

    const advocate = await portal(ada);
    await advocate.page.getByRole("region", { name: "Your referrals" }).getByRole("listitem").first().waitFor();
    await advocate.page.waitForLoadState("networkidle"); // the points and the challenges were asked for
    assert.equal(await advocate.page.getByRole("region", { name: "Your points" }).count(), 0);
    assert.equal(await advocate.page.getByRole("region", { name: "Challenges" }).count(), 0);
    await advocate.context.close();
  });
});
