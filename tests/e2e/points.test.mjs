// Advocacy points in a real browser: a manager moves an advocate's referral to won on its console
// page, and the advocate's page shows 1,300 points (100 submitted + 200 qualified + 1,000 won) and
// the level Advocate, as does the advocate's portal on a phone; a manager's adjustment (after one
// the server refuses, shown on its field) appears in the console's ledger and in the portal's
// recent points. The leaderboard: an advocate below the top 10 reads "You are #13"; an advocate who
// turns off "Show my name on the leaderboard" is "An advocate" to the others, and the console's
// leaderboard marks them; sales reps have no leaderboard and viewers no adjustment form. The
// program's points settings save a changed value and show the server's 422 on a bad level; a group
// board named there ("vip") is offered to its member in the portal, ranked among its members only, and
// not to anyone else. Every
// page visited is checked with axe-core; screenshots portal-points.png and console-leaderboard.png.
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
let ada; // wins a referral
let ben; // one referral, after eleven others: thirteenth on every board

before(async () => {
  bluebird = await startBluebird();
  browser = await launchBrowser();
  const enrol = (email, first_name, last_name, tags = []) =>
    bluebird.api("POST", `/api/v1/programs/${bluebird.programId}/advocates`, { email, first_name, last_name, tags });
  ada = await enrol("ada.points@advocate.example", "Ada", "Lovelace");
  await refer(ada, "rita.referee@buyer.example", "Rita");
  for (let i = 1; i <= 11; i++) {
    const filler = await enrol(`filler${i}@advocate.example`, `Filler${i}`, "Person");
    await refer(filler, `lead${i}@buyer.example`, `Lead${i}`);
  }
  ben = await enrol("ben.points@advocate.example", "Ben", "Babbage", ["vip"]);
  await refer(ben, "bo.referee@buyer.example", "Bo");
});

after(async () => {
  await browser?.close();
  bluebird?.stop();
});

async function refer(advocate, email, firstName) {
  return bluebird.api("POST", "/api/v1/referrals", {
    advocate_id: advocate.id, referee: { email, first_name: firstName, last_name: "Buyer" },
  });
}

const portal = (advocate, size = "phone") => portalAs(browser, bluebird, advocate, size);
const consoleAs = (who) => consoleAsIn(browser, bluebird.base, who);

const figure = (scope, name) => scope.locator(`[data-figure="${name}"]`);

describe("advocacy points", () => {
  test("a referral a manager moves to won earns 1,300 points and the level Advocate on the advocate's page", async () => {
    const { context, page } = await consoleAs(staff.manager);
    const [referral] = (await bluebird.api("GET", `/api/v1/referrals?advocate_id=${ada.id}`)).data;
    await page.goto(`/console/referrals/${referral.id}`);
    await page.getByRole("heading", { name: "Rita Buyer", level: 1 }).waitFor();
    await page.getByLabel("Move to").selectOption("won");
    await page.getByLabel("Deal value (USD)").fill("5,000");
    await page.getByRole("button", { name: "Move", exact: true }).click();
    await page.getByText("Moved to won.").waitFor();

    await page.goto(`/console/advocates/${ada.id}`);
    await page.getByRole("heading", { name: "Ada Lovelace", level: 1 }).waitFor();
    const points = page.getByRole("region", { name: "Points", exact: true });
    await figure(points, "lifetime").getByText("1,300", { exact: true }).waitFor();
    assert.equal(await figure(points, "redeemable").innerText(), "1,300");
    assert.equal(await figure(points, "level").innerText(), "Advocate");
    await points.getByText("3,700 points to Evangelist").waitFor();
    assert.equal(await points.getByRole("progressbar", { name: "3,700 points to Evangelist" }).getAttribute("value"), "750");
    const badges = points.getByRole("list", { name: "This advocate's badges" });
    await badges.getByRole("listitem").filter({ hasText: "First customer" }).getByText(/^Earned /).waitFor();
    await badges.getByRole("listitem").filter({ hasText: "Five referrals" }).getByText("1 of 5", { exact: true }).waitFor();
    const ledger = points.getByRole("table", { name: "Ledger" });
    const rows = ledger.locator("tbody tr");
    await rows.nth(2).waitFor();
    assert.equal(await rows.count(), 3);
    assert.deepEqual(
      (await rows.locator("td:nth-child(2)").allInnerTexts()).map((t) => t.trim()).sort(),
      ["+1,000", "+100", "+200"],
    );
    await ledger.getByRole("row").filter({ hasText: "Referral won" }).getByText("Your referral became a customer").waitFor();
    await checkAccessibility(page, "the advocate page's points");
    await context.close();
  });

  test("the advocate's portal shows the points, the level, the badges and the latest points in words", async () => {
    const { context, page } = await portal(ada);
    const card = page.getByRole("region", { name: "Your points" });
    await figure(card, "lifetime").getByText("1,300", { exact: true }).waitFor();
    assert.equal(await figure(card, "level").innerText(), "Advocate");
    assert.equal(await figure(card, "redeemable").innerText(), "1,300");
    await card.getByText("3,700 points to Evangelist").waitFor();
    const badges = card.getByRole("list", { name: "Your badges" });
    await badges.getByRole("listitem").filter({ hasText: "First referral" }).getByText(/^Earned /).waitFor();
    await badges.getByRole("listitem").filter({ hasText: "Five referrals" }).getByText("1 of 5", { exact: true }).waitFor();
    await badges.getByRole("listitem").filter({ hasText: "10,000 points" }).getByText("1,300 of 10,000 points").waitFor();
    const recent = card.getByRole("group", { name: "Recent points" });
    await recent.getByText("Your referral became a customer").waitFor();
    await recent.getByText("You referred someone").waitFor();
    const board = card.getByRole("group", { name: "Leaderboard" });
    const mine = board.getByRole("row").filter({ hasText: "(you)" });
    await mine.waitFor();
    assert.match(await mine.innerText(), /#1\s+Ada L\. \(you\)\s+1,300/);
    assert.equal(await board.getByRole("button", { name: "This month" }).getAttribute("aria-pressed"), "true");
    assert.equal(await board.getByRole("checkbox", { name: "Show my name on the leaderboard" }).isChecked(), true);
    await checkAccessibility(page, "the portal's points");
    await assertNoSidewaysScroll(page, "the portal with points");
    await card.screenshot({ path: path.join(screenshotDir, "portal-points.png") });
    await context.close();
  });

  test("a manager's adjustment (after a refused one) appears in the ledger and in the portal", async () => {
    const { context, page } = await consoleAs(staff.manager);
    await page.goto(`/console/advocates/${ada.id}`);
    const points = page.getByRole("region", { name: "Points", exact: true });
    const adjust = points.getByRole("form", { name: "Adjust the points" });
    await adjust.getByRole("textbox", { name: "Points", exact: true }).fill("0");
    await adjust.getByRole("textbox", { name: "Note", exact: true }).fill("Spoke at our customer day");
    await adjust.getByRole("button", { name: "Adjust the points" }).click();
    await adjust.locator("#points-adjust-points-error").getByText("not 0", { exact: false }).waitFor();
    assert.equal(await adjust.getByRole("textbox", { name: "Note", exact: true }).inputValue(), "Spoke at our customer day");
    await checkAccessibility(page, "a refused points adjustment");

    await adjust.getByRole("textbox", { name: "Points", exact: true }).fill("250");
    await adjust.getByRole("button", { name: "Adjust the points" }).click();
    await adjust.getByText("Recorded: +250 points (both).").waitFor();
    await figure(points, "lifetime").getByText("1,550", { exact: true }).waitFor();
    const row = points.getByRole("table", { name: "Ledger" }).getByRole("row").filter({ hasText: "Spoke at our customer day" });
    await row.getByText("+250", { exact: true }).waitFor();
    await row.getByText("Adjustment", { exact: true }).waitFor();
    await row.getByText("by You").waitFor();
    await checkAccessibility(page, "the ledger with an adjustment");
    await context.close();

    const advocate = await portal(ada);
    const card = advocate.page.getByRole("region", { name: "Your points" });
    await figure(card, "lifetime").getByText("1,550", { exact: true }).waitFor();
    await card.getByRole("group", { name: "Recent points" }).getByText("Added by the team: Spoke at our customer day").waitFor();
    await advocate.context.close();
  });

  test("an advocate below the top 10 reads their rank; one who is not named is “An advocate” to the others", async () => {
    const ben13 = await portal(ben);
    const board = ben13.page.getByRole("group", { name: "Leaderboard" });
    await board.getByRole("row").nth(10).waitFor(); // the heading row and ten
    assert.equal(await board.getByRole("row").count(), 11);
    await board.getByText("You are #13 with 100 points.").waitFor();
    await board.getByRole("row").filter({ hasText: "Ada L." }).getByText("1,550").waitFor();
    await board.getByRole("button", { name: "All time" }).click();
    assert.equal(await board.getByRole("button", { name: "All time" }).getAttribute("aria-pressed"), "true");
    await board.getByText("You are #13 with 100 points.").waitFor();

    // Ada chooses not to be named.
    const adas = await portal(ada, "desktop");
    const hers = adas.page.getByRole("group", { name: "Leaderboard" });
    await hers.getByRole("checkbox", { name: "Show my name on the leaderboard" }).uncheck();
    await hers.getByText("Saved: other advocates see “An advocate” in your place.").waitFor();
    await hers.getByRole("row").filter({ hasText: "Ada L. (you)" }).waitFor(); // she still sees herself
    await checkAccessibility(adas.page, "the portal's leaderboard, not named");
    await adas.page.reload();
    await adas.page.getByRole("group", { name: "Leaderboard" }).getByRole("row").nth(1).waitFor();
    assert.equal(await adas.page.getByRole("checkbox", { name: "Show my name on the leaderboard" }).isChecked(), false);
    await adas.context.close();

    await ben13.page.reload();
    const again = ben13.page.getByRole("group", { name: "Leaderboard" });
    const first = again.getByRole("row").nth(1);
    await first.getByText("An advocate", { exact: true }).waitFor();
    assert.match(await first.innerText(), /#1\s+An advocate\s+1,550/);
    assert.equal(await again.getByText(/Ada/).count(), 0, "Ada is not named to Ben");
    await again.getByText("You are #13 with 100 points.").waitFor();
    await checkAccessibility(ben13.page, "the portal's leaderboard");
    await assertNoSidewaysScroll(ben13.page, "the portal's leaderboard");
    await ben13.context.close();
  });

  test("the console's leaderboard ranks the program's advocates and marks those not named", async () => {
    const { context, page } = await consoleAs(staff.manager);
    await nav(page, "Leaderboard").click();
    await page.getByRole("heading", { name: "Leaderboard", level: 1 }).waitFor();
    const table = page.getByRole("table", { name: "Advocates ranked by points" });
    const top = table.getByRole("row").nth(1);
    await top.getByRole("link", { name: "Ada Lovelace" }).waitFor();
    assert.equal(await page.getByLabel("Program", { exact: true }).inputValue(), bluebird.programId);
    assert.equal(await page.getByLabel("Period", { exact: true }).inputValue(), "month");
    await page.getByRole("heading", { name: /^Acme customers: this month \(\w+ \d{4}\)$/, level: 2 }).waitFor();
    await top.getByText("(not shown to advocates by name)").waitFor();
    await top.getByText("1,550", { exact: true }).waitFor();
    assert.equal(await table.getByRole("row").count(), 11, "the top 10");
    await checkAccessibility(page, "the console's leaderboard");
    await screenshot(page, "console-leaderboard");

    await page.getByLabel("Show", { exact: true }).selectOption("25");
    await table.getByRole("row").filter({ hasText: "Ben Babbage" }).getByText("#13").waitFor();
    await page.getByLabel("Period", { exact: true }).selectOption("all_time");
    await page.waitForURL(/period=all_time/);
    assert.equal(await page.getByLabel("Month (UTC)").count(), 0, "a month only for the monthly board");
    await page.getByRole("textbox", { name: "Tag" }).fill("vip");
    await page.getByRole("textbox", { name: "Tag" }).press("Enter");
    await page.waitForURL(/tag=vip/);
    await page.getByRole("heading", { name: "Acme customers: all time, tag “vip”", level: 2 }).waitFor();
    assert.equal(await table.getByRole("row").count(), 2);
    assert.match(await table.getByRole("row").nth(1).innerText(), /#1\s+Ben Babbage\s+100/);
    await checkAccessibility(page, "the console's leaderboard filtered by a tag");
    await context.close();
  });

  test("sales reps have no leaderboard; viewers see the points without the adjustment form", async () => {
    const rep = await consoleAs(staff.sales_rep);
    assert.equal(await nav(rep.page, "Leaderboard").count(), 0);
    await rep.context.close();

    const viewer = await consoleAs(staff.viewer);
    await nav(viewer.page, "Leaderboard").waitFor();
    await viewer.page.goto(`/console/advocates/${ada.id}`);
    const points = viewer.page.getByRole("region", { name: "Points", exact: true });
    await figure(points, "lifetime").getByText("1,550", { exact: true }).waitFor();
    assert.equal(await points.getByRole("form", { name: "Adjust the points" }).count(), 0);
    await viewer.context.close();
  });

  test("the program's points settings save a changed value and show the server's refusal of a bad level", async () => {
    const { context, page } = await consoleAs(staff.manager);
    await page.goto(`/console/programs/${bluebird.programId}`);
    const section = page.getByRole("region", { name: "Points", exact: true });
    const won = section.getByRole("textbox", { name: "A referral won (a new customer)" });
    assert.equal(await won.inputValue(), "1000");
    assert.equal(await section.getByRole("textbox", { name: "Level 2 name" }).inputValue(), "Advocate");
    await checkAccessibility(page, "the points settings");
    await won.fill("1500");
    await section.getByRole("button", { name: "Add a level" }).click();
    await section.getByRole("textbox", { name: "Level 5 name" }).fill("Legend");
    await section.getByRole("textbox", { name: "Level 5 from (points)" }).fill("50,000");
    await section.getByRole("button", { name: "Update the points settings" }).click();
    await section.getByText("Saved: the points settings count from now.").waitFor();
    const saved = await bluebird.api("GET", `/api/v1/programs/${bluebird.programId}/points-settings`);
    assert.equal(saved.referral_won, 1500);
    assert.deepEqual(saved.levels.at(-1), { name: "Legend", min_points: 50000 });
    await page.reload();
    await section.getByRole("textbox", { name: "Level 5 name" }).waitFor();
    assert.equal(await section.getByRole("textbox", { name: "A referral won (a new customer)" }).inputValue(), "1500");

    // A second level from 0 points: only the server judges the order, and names the field.
    await section.getByRole("textbox", { name: "Level 2 from (points)" }).fill("0");
    await section.getByRole("button", { name: "Update the points settings" }).click();
    await section.locator("#points-level-1-min-error").getByText("must be more than the level before it", { exact: false }).waitFor();
    assert.equal(await section.getByRole("textbox", { name: "Level 2 from (points)" }).getAttribute("aria-invalid"), "true");
    await section.getByRole("alert").waitFor();
    await checkAccessibility(page, "the points settings refused");
    const unchanged = await bluebird.api("GET", `/api/v1/programs/${bluebird.programId}/points-settings`);
    assert.equal(unchanged.levels[1].min_points, 1000);
    await context.close();
  });

  test("a group leaderboard named in the settings is shown to its members only, ranked among them", async () => {
    const { context, page } = await consoleAs(staff.manager);
    await page.goto(`/console/programs/${bluebird.programId}`);
    const section = page.getByRole("region", { name: "Points", exact: true });
    const groups = section.getByRole("textbox", { name: "Group leaderboards (tags, separated by commas)" });
    await groups.fill("VIP, vip");
    await section.getByRole("button", { name: "Update the points settings" }).click();
    await section.locator("#points-board_groups-error").getByText("is listed twice", { exact: false }).waitFor();
    assert.equal(await groups.getAttribute("aria-invalid"), "true");
    await checkAccessibility(page, "the points settings with a group refused");
    await groups.fill("VIP");
    await section.getByRole("button", { name: "Update the points settings" }).click();
    await section.getByText("Saved: the points settings count from now.").waitFor();
    assert.deepEqual((await bluebird.api("GET", `/api/v1/programs/${bluebird.programId}/points-settings`)).board_groups, ["vip"]);
    await context.close();

    const bens = await portal(ben);
    const board = bens.page.getByRole("group", { name: "Leaderboard" });
    await board.getByText("You are #13 with 100 points.").waitFor();
    const who = board.getByRole("group", { name: "Who is ranked" });
    assert.equal(await who.getByRole("button", { name: "Everyone" }).getAttribute("aria-pressed"), "true");
    await who.getByRole("button", { name: "vip" }).click();
    await board.getByRole("table", { name: /Leaderboard of vip/ }).waitFor();
    assert.equal(await board.getByRole("row").count(), 2, "Ben alone is tagged vip");
    assert.match(await board.getByRole("row").nth(1).innerText(), /#1\s+Ben B\. \(you\)\s+100/);
    await checkAccessibility(bens.page, "the portal's group leaderboard");
    await assertNoSidewaysScroll(bens.page, "the portal's group leaderboard");
    await bens.context.close();

    const adas = await portal(ada);
    const hers = adas.page.getByRole("group", { name: "Leaderboard" });
    await hers.getByRole("row").nth(1).waitFor();
    assert.equal(await hers.getByRole("group", { name: "Who is ranked" }).count(), 0, "Ada is in no group with a board");
    await adas.context.close();
  });
});
