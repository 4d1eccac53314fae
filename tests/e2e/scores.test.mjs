// Lead scores in a real browser: a program's referrals — senior people at business addresses who
// attended demos, others who did not — some won, some lost. A manager opens "Lead scores" from the
// console's navigation: the calibration's AUC and its decile table (the top decile's referrals all
// won), the companies by score (buyer.example first, its two people added up) and the open
// referrals by propensity, each linking to its referral; the default model's rules in words. The
// manager publishes rules that are not JSON (told so), then rules the server refuses (each field it
// names listed), then good ones: "Published version 1.", and the version chooser offers 1 as the
// latest and 0 as the default. A viewer reads everything without the publish form; sales reps have
// no Lead scores page. Every page visited is checked with axe-core; screenshot console-scores.png.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  assertNoSidewaysScroll,
  checkAccessibility,
  consoleAs,
  launchBrowser,
  nav,
  screenshot,
  staff,
  startBluebird,
} from "./harness.mjs";

let bluebird;
let browser;

before(async () => {
  bluebird = await startBluebird();
  browser = await launchBrowser();
  const ada = await bluebird.api("POST", `/api/v1/programs/${bluebird.programId}/advocates`, {
    email: "ada.scores@advocate.example", first_name: "Ada", last_name: "Lovelace",
  });
  const refer = (email, first_name, title) =>
    bluebird.api("POST", "/api/v1/referrals", {
      advocate_id: ada.id, referee: { email, first_name, last_name: "Buyer", title, company: "Buyer Inc" },
    });
  const events = [];
  const people = [];
  for (let i = 0; i < 12; i++) {
    const strong = i % 3 === 0;
    const email = strong ? `lead${i}@buyer${i === 0 || i === 3 ? "" : i}.example` : `lead${i}@gmail.com`;
    if (strong) events.push({ email, type: "demo_attended", key: `demo-${i}`, occurred_at: new Date().toISOString() });
    people.push({ email, strong, i });
  }
  await bluebird.api("POST", `/api/v1/programs/${bluebird.programId}/engagement-events`, { events });
  for (const p of people) {
    const referral = await refer(p.email, `Lead${p.i}`, p.strong ? "Head of Finance" : "Analyst");
    if (p.i < 9) {
      const stage = p.strong ? "won" : "lost";
      await bluebird.api("POST", `/api/v1/referrals/${referral.id}/stage`,
        stage === "won" ? { stage, deal_value_minor: 100000 } : { stage });
    }
  }
});

after(async () => {
  await browser?.close();
  bluebird?.stop();
});

async function openScores(page) {
  await nav(page, "Lead scores").click();
  await page.getByRole("heading", { name: "Lead scores", level: 1 }).waitFor();
  await page.locator('[data-figure="auc"]').waitFor();
}

describe("lead scores", () => {
  test("a manager reads the calibration, the companies and the ranking, and publishes a version", async () => {
    const { context, page } = await consoleAs(browser, bluebird.base, staff.manager);
    await openScores(page);
    assert.equal(await page.locator('[data-figure="auc"]').innerText(), "1.00", "the strong ones won, the others lost");
    assert.equal(await page.locator('[data-figure="count"]').first().innerText(), "9");
    const top = page.locator('table.score-deciles tr[data-decile="1"]');
    assert.equal(await top.locator('[data-figure="won"]').innerText(), await top.locator('[data-figure="count"]').innerText());
    const buyer = page.locator('table.score-accounts tr[data-account="buyer.example"]');
    await buyer.waitFor();
    assert.equal(await page.locator("table.score-accounts tbody tr").first().getAttribute("data-account"), "buyer.example");
    assert.equal(await buyer.locator("td").nth(2).innerText(), "2", "two people at buyer.example");
    const ranking = page.getByRole("region", { name: "Open referrals by propensity" });
    assert.equal(await ranking.getByRole("row").count(), 4, "a header and the three open referrals");
    await ranking.getByRole("link", { name: "Lead9 Buyer" }).waitFor();
    await page.getByText("the default model (nobody has published one)").waitFor();
    await checkAccessibility(page, "the Lead scores page");
    await assertNoSidewaysScroll(page, "the Lead scores page");
    await screenshot(page, "console-scores");

    const model = page.getByRole("region", { name: "The model" });
    const rules = model.getByLabel("Rules (JSON)");
    const good = await rules.inputValue();
    await rules.fill("{ not json");
    await model.getByRole("button", { name: "Publish as a new version" }).click();
    await model.getByRole("alert").getByText(/The rules are not JSON/).waitFor();
    const bad = JSON.parse(good);
    bad.groups[0].fit_rules[0].attribute = "referee.salary";
    bad.decay.step_bp = 0;
    await rules.fill(JSON.stringify(bad));
    await model.getByRole("button", { name: "Publish as a new version" }).click();
    await model.getByRole("alert").getByText("groups[0].fit_rules[0].attribute").waitFor();
    await model.getByRole("alert").getByText("decay.step_bp").waitFor();
    await checkAccessibility(page, "the model refused");
    const tuned = JSON.parse(good);
    tuned.name = "Tuned";
    await rules.fill(JSON.stringify(tuned));
    await model.getByRole("button", { name: "Publish as a new version" }).click();
    await page.getByText("Published version 1.").waitFor();
    await page.getByRole("combobox", { name: "Model version" }).locator("option", { hasText: "1: the latest" }).waitFor({ state: "attached" });
    await model.getByText(/version 1, published/).waitFor();
    const published = await bluebird.api("GET", `/api/v1/programs/${bluebird.programId}/score-model`);
    assert.equal(published.name, "Tuned");
    await context.close();
  });

  test("a viewer reads without the publish form; sales reps have no Lead scores page", async () => {
    const viewer = await consoleAs(browser, bluebird.base, staff.viewer);
    await openScores(viewer.page);
    await viewer.page.locator("table.score-accounts").waitFor();
    assert.equal(await viewer.page.getByRole("button", { name: "Publish as a new version" }).count(), 0);
    await checkAccessibility(viewer.page, "the Lead scores page for a viewer");
    await viewer.context.close();

    const rep = await consoleAs(browser, bluebird.base, staff.sales_rep);
    assert.equal(await nav(rep.page, "Lead scores").count(), 0, "not for sales reps");
    await rep.page.goto("/console/scores");
    await rep.page.getByText("Lead scores are for admins, managers and viewers.").waitFor();
    await rep.context.close();
  });
});
