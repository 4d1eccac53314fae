// Split credit in a real browser. A program "Shared deals" pays its advocate 300.00 on won. Ann, Ben
// and Cy, in that order, each refer someone at Northwind, and each referral is qualified as the CRM
// opportunity OPP-1. A manager opens the program: its split credit is the default, "Not split". In
// the editor, first touch weighted asks for the lead share and by role for the role weights (each
// field only with its split); a 40% lead share is refused on its field and nothing is saved; 60% is
// saved: "Saved", the policy in words, lead_share_bp 6000 through the API. Ben's referral is then
// won through the API: its page's credit names Ann first with 60.00% through her referral, Ben
// 20.00% through this referral and Cy 20.00%, and its rewards say which advocate each entry pays
// (180.00 to Ann, 60.00 each to Ben and Cy). Cy's referral, won afterwards, joined that credit: no
// shares and no rewards. A viewer reads the policy without an editor, and the credit. Every page is
// checked with axe-core; screenshot console-split-credit.png (the credit and the rewards).
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { checkAccessibility, consoleAs, launchBrowser, screenshotDir, staff, startBluebird } from "./harness.mjs";

let bluebird;
let browser;
let program;
const advocates = {}; // by first name
const referrals = {}; // by their advocate's first name

before(async () => {
  bluebird = await startBluebird();
  browser = await launchBrowser();
  program = await bluebird.api("POST", "/api/v1/programs", {
    name: "Shared deals", kind: "customer", landing_url: "https://placeholder.example/",
  });
  await bluebird.api("POST", `/api/v1/programs/${program.id}/reward-rules`, {
    name: "Won deal", trigger: { stage: "won" }, amount: { fixed_minor: 30000 },
  });
  for (const [first, referee] of [["Ann", "Una"], ["Ben", "Vic"], ["Cy", "Wes"]]) {
    advocates[first] = await bluebird.api("POST", `/api/v1/programs/${program.id}/advocates`, {
      email: `${first.toLowerCase()}@advocate.example`, first_name: first, last_name: "Advocate",
    });
    const referral = await bluebird.api("POST", "/api/v1/referrals", {
      advocate_id: advocates[first].id,
      referee: { email: `${referee.toLowerCase()}@northwind.example`, first_name: referee, last_name: "Buyer", company: "Northwind" },
    });
    assert.equal(referral.review_status, "clear", "only clear referrals share a deal");
    await bluebird.api("POST", `/api/v1/referrals/${referral.id}/stage`, { stage: "qualified", external_id: "OPP-1" });
    referrals[first] = referral;
  }
});

after(async () => {
  await browser?.close();
  bluebird?.stop();
});

const card = (page) => page.getByRole("region", { name: "Split credit", exact: true });
const editor = (page) => card(page).getByRole("form", { name: "Change the split credit" });
const splitField = (page) => editor(page).getByLabel("How a won deal's advocate rewards are split");
const leadShare = (page) => editor(page).getByLabel(/advocate's share \(%\)$/);
const roleWeights = (page) => editor(page).getByRole("group", { name: "Role weights" });
const credit = (page) => page.getByRole("region", { name: "Credit", exact: true });
const share = (page, who, name) => credit(page).locator(`tr[data-share="${advocates[who].id}"] [data-figure="${name}"]`);
const rewardsRegion = (page) => page.getByRole("region", { name: "Rewards", exact: true });

async function openProgram(page) {
  await page.goto(`/console/programs/${program.id}`);
  await page.getByRole("heading", { name: "Shared deals", level: 1 }).waitFor();
  await card(page).locator('[data-figure="credit-policy"]').waitFor();
}

async function openReferral(page, who, referee) {
  await page.goto(`/console/referrals/${referrals[who].id}`);
  await page.getByRole("heading", { name: `${referee} Buyer`, level: 1 }).waitFor();
  await credit(page).waitFor();
}

// The rewards table's rows as [advocate, amount], in the table's order.
const rewardRows = (page) =>
  rewardsRegion(page).locator("tbody tr").evaluateAll((trs) =>
    trs.map((tr) => [tr.querySelector('[data-figure="advocate"]')?.textContent, tr.querySelector("td.number")?.textContent]));

// The page from the top of the credit to the bottom of the rewards.
async function screenshotCredit(page, name) {
  const box = await page.evaluate(() => {
    const top = document.getElementById("credit-title").closest("section").getBoundingClientRect();
    const bottom = document.getElementById("rewards-title").closest("section").getBoundingClientRect();
    return { x: 0, y: top.top + window.scrollY - 8, width: document.documentElement.clientWidth, height: bottom.bottom - top.top + 16 };
  });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true, clip: box });
}

describe("split credit", () => {
  test("a manager sets the split in the program's editor: each split's own fields, a refusal on its field, then saved", async () => {
    const { context, page } = await consoleAs(browser, bluebird.base, staff.manager);
    await openProgram(page);
    assert.equal(await card(page).locator('[data-figure="credit-policy"]').innerText(), "Not split: the referral's advocate is paid.");
    await card(page).getByText("The defaults: nobody has changed them yet.").waitFor();
    assert.equal(await leadShare(page).count(), 0, "no lead share without a weighted split");
    assert.equal(await roleWeights(page).count(), 0, "no role weights without the by-role split");

    await splitField(page).selectOption("by_role");
    await roleWeights(page).getByLabel("Economic buyer", { exact: true }).waitFor();
    assert.equal(await roleWeights(page).getByLabel("Economic buyer", { exact: true }).inputValue(), "4");
    assert.equal(await leadShare(page).count(), 0);
    await checkAccessibility(page, "the split credit editor with the role weights");

    await splitField(page).selectOption("first_weighted");
    assert.equal(await roleWeights(page).count(), 0);
    assert.equal(await leadShare(page).inputValue(), "50", "the default lead share, 5000 bp, as a percentage");
    await leadShare(page).fill("40");
    await editor(page).getByRole("button", { name: "Set the split credit" }).click();
    await page.locator("#credit-lead_share-error").getByText("must be between 50% and 100%").waitFor();
    assert.equal(await leadShare(page).getAttribute("aria-invalid"), "true");
    assert.equal((await bluebird.api("GET", `/api/v1/programs/${program.id}/credit-policy`)).updated_at, null, "nothing saved");
    await checkAccessibility(page, "a lead share refused on its field");

    await leadShare(page).fill("60");
    await editor(page).getByRole("button", { name: "Set the split credit" }).click();
    await card(page).getByText("Saved: the split applies to wins counted from now on.").waitFor();
    assert.equal(await card(page).locator('[data-figure="credit-policy"]').innerText(),
      "The first advocate to touch a won deal gets 60.00%; the others divide the remaining 40.00% equally.\n\n" +
        "Referrals to the same business email domain do not share (account window off).");
    assert.equal(await leadShare(page).inputValue(), "60", "the form shows what was saved");
    const saved = await bluebird.api("GET", `/api/v1/programs/${program.id}/credit-policy`);
    assert.equal(saved.split, "first_weighted");
    assert.equal(saved.lead_share_bp, 6000);
    assert.equal(saved.account_window_days, 0);
    assert.equal(saved.account_credit, false);
    assert.ok(saved.updated_at, "set now");
    await checkAccessibility(page, "the split credit saved");

    // Account-level credit needs an account window: refused on its field, then saved with one.
    const accountCredit = editor(page).getByLabel("Account-level credit");
    await accountCredit.check();
    await editor(page).getByRole("button", { name: "Set the split credit" }).click();
    await page.locator("#credit-account_credit-error").getByText("needs an account window of at least 1 day").waitFor();
    assert.equal((await bluebird.api("GET", `/api/v1/programs/${program.id}/credit-policy`)).account_credit, false, "nothing saved");
    await editor(page).getByLabel("Account window (days)").fill("30");
    await editor(page).getByRole("button", { name: "Set the split credit" }).click();
    await card(page).locator('[data-figure="credit-policy"]').getByText(/^Account-level credit: when a referral is won/).waitFor();
    const withAccount = await bluebird.api("GET", `/api/v1/programs/${program.id}/credit-policy`);
    assert.equal(withAccount.account_credit, true);
    assert.equal(withAccount.account_window_days, 30);
    assert.equal(await editor(page).getByLabel("Account-level credit").isChecked(), true, "the form shows what was saved");
    await checkAccessibility(page, "account-level credit saved");
    // The tests below win referrals of one CRM deal under the split alone.
    await bluebird.api("PUT", `/api/v1/programs/${program.id}/credit-policy`, { split: "first_weighted", lead_share_bp: 6000 });
    await context.close();
  });

  test("a won referral shows its credit and which advocate each reward pays; a later win of the deal joins it", async () => {
    await bluebird.api("POST", `/api/v1/referrals/${referrals.Ben.id}/stage`, { stage: "won", deal_value_minor: 100000 });
    const { context, page } = await consoleAs(browser, bluebird.base, staff.manager);
    await openReferral(page, "Ben", "Vic");
    assert.equal(await credit(page).locator('[data-figure="split"]').innerText(),
      "The first advocate to touch a won deal gets the lead share; the others divide the rest equally.");
    await credit(page).getByText(/^Counted for CRM deal OPP-1 on /).waitFor();
    await credit(page).getByRole("link", { name: "Ann Advocate" }).waitFor();
    const expected = { Ann: ["60.00%", "their referral"], Ben: ["20.00%", "this referral"], Cy: ["20.00%", "their referral"] };
    for (const [who, [percent, through]] of Object.entries(expected)) {
      assert.equal(await share(page, who, "share").innerText(), percent, `${who}'s share`);
      assert.equal(await share(page, who, "through").innerText(), through, `how ${who} touched the deal`);
    }
    assert.equal(await credit(page).getByRole("link", { name: "Ann Advocate" }).getAttribute("href"), `/console/advocates/${advocates.Ann.id}`);
    assert.equal(await credit(page).locator(`tr[data-share="${advocates.Ann.id}"]`).getByRole("link", { name: "their referral" }).getAttribute("href"),
      `/console/referrals/${referrals.Ann.id}`);

    await rewardsRegion(page).getByRole("columnheader", { name: "Advocate" }).waitFor();
    await rewardsRegion(page).getByRole("link", { name: "Cy Advocate" }).waitFor();
    const rows = (await rewardRows(page)).map(([who, amount]) => [who, amount.replace(/[^\d.]/g, "")]).sort();
    assert.deepEqual(rows, [["Ann Advocate", "180.00"], ["Ben Advocate", "60.00"], ["Cy Advocate", "60.00"]]);
    const rewards = await bluebird.api("GET", `/api/v1/rewards?referral_id=${referrals.Ben.id}`);
    assert.deepEqual(rewards.data.map((r) => [r.advocate_id, r.amount_minor]).sort(),
      [[advocates.Ann.id, 18000], [advocates.Ben.id, 6000], [advocates.Cy.id, 6000]].sort());
    await checkAccessibility(page, "a won referral's credit and rewards");
    await screenshotCredit(page, "console-split-credit");

    await bluebird.api("POST", `/api/v1/referrals/${referrals.Cy.id}/stage`, { stage: "won", deal_value_minor: 100000 });
    const first = (await bluebird.api("GET", `/api/v1/referrals/${referrals.Ben.id}/credit`)).credit;
    await openReferral(page, "Cy", "Wes");
    assert.equal(await credit(page).locator('[data-figure="joined"]').innerText(),
      `This deal was credited at an earlier win (credit ${first.id}); no advocate reward is paid again.`);
    assert.equal(await credit(page).getByRole("table").count(), 0, "a join has no shares");
    await rewardsRegion(page).getByText("No rewards.").waitFor();
    await checkAccessibility(page, "a win that joined an earlier credit");
    await context.close();
  });

  test("a viewer reads the policy without an editor, and the credit", async () => {
    const { context, page } = await consoleAs(browser, bluebird.base, staff.viewer);
    await openProgram(page);
    await card(page).getByText("The first advocate to touch a won deal gets 60.00%", { exact: false }).waitFor();
    await card(page).getByText("Admins and managers change the split credit.").waitFor();
    assert.equal(await editor(page).count(), 0);
    assert.equal(await page.getByRole("button", { name: "Set the split credit" }).count(), 0);
    await checkAccessibility(page, "the split credit for a viewer");

    await openReferral(page, "Ben", "Vic");
    assert.equal(await share(page, "Ann", "share").innerText(), "60.00%");
    await checkAccessibility(page, "a won referral's credit for a viewer");
    await context.close();
  });
});
