// The rewards catalogue in a real browser: a manager adds an item (500 points, one in stock, once
// per advocate) after the server refuses a cost of 0 on its field; Ada (600 points) redeems it on
// her phone after a confirmation, her points to redeem drop to 100, her request waits for
// approval, and she cannot redeem it again (the limit, in words); Ben finds it out of stock but
// may still ask: his request is backordered and his points taken, and cancelling gives them back.
// He asks again; the manager cannot approve it while out of stock, restocks, approves and fulfils
// it with a reference Ben reads in his portal, approves Ada's and then rejects it (her points come
// back), and retires the item. Viewers read the catalogue without forms or buttons; sales reps
// have none. Then an item that pays a reward, decided through its redemption (described above its
// tests). Every page is checked with axe-core; screenshots portal-catalog.png and
// console-catalog.png.
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
let ada;
let ben;
let item; // the hoodie, once added

before(async () => {
  bluebird = await startBluebird();
  browser = await launchBrowser();
  const enrol = (email, first_name, last_name) =>
    bluebird.api("POST", `/api/v1/programs/${bluebird.programId}/advocates`, { email, first_name, last_name });
  ada = await enrol("ada.catalog@advocate.example", "Ada", "Lovelace");
  ben = await enrol("ben.catalog@advocate.example", "Ben", "Babbage");
  for (const advocate of [ada, ben]) {
    await bluebird.api("POST", `/api/v1/advocates/${advocate.id}/points/adjustments`, { points: 600, note: "Welcome gift" });
  }
});

after(async () => {
  await browser?.close();
  bluebird?.stop();
});

const portal = (advocate, size = "phone") => portalAs(browser, bluebird, advocate, size);
const consoleAs = (who) => consoleAsIn(browser, bluebird.base, who);

async function openCatalogue(page) {
  await nav(page, "Catalogue").click();
  await page.getByRole("heading", { name: "Catalogue", level: 1 }).waitFor();
  await page.getByRole("heading", { name: "Acme customers: items", level: 2 }).waitFor();
}

const figure = (scope, name) => scope.locator(`[data-figure="${name}"]`);
const redeemable = async (advocate) => (await bluebird.api("GET", `/api/v1/advocates/${advocate.id}/points`)).redeemable;
const hoodie = async () =>
  (await bluebird.api("GET", `/api/v1/programs/${bluebird.programId}/catalog-items?include_retired=true`)).data.find(
    (i) => i.name === "Team hoodie",
  );

describe("the rewards catalogue", () => {
  test("a manager adds an item, after the server refuses a cost of 0 under its field", async () => {
    const { context, page } = await consoleAs(staff.manager);
    await openCatalogue(page);
    assert.equal(await page.getByLabel("Program", { exact: true }).inputValue(), bluebird.programId);
    await page.getByText("No items yet.").waitFor();
    await page.getByText("No redemptions yet.").waitFor();
    const add = page.getByRole("form", { name: "Add an item" });
    await add.getByRole("textbox", { name: "Name", exact: true }).fill("Team hoodie");
    await add.getByRole("textbox", { name: "Description", exact: true }).fill("Our navy hoodie, sent to your address.");
    await add.getByRole("textbox", { name: "Cost (points)", exact: true }).fill("0");
    await add.getByRole("textbox", { name: "Left to redeem", exact: true }).fill("1");
    await add.getByRole("textbox", { name: "Limit per advocate", exact: true }).fill("1");
    assert.equal(await add.getByRole("combobox", { name: "Approval" }).inputValue(), "manual");
    assert.equal(await add.getByRole("combobox", { name: "When it is out of stock" }).inputValue(), "backorder");
    await checkAccessibility(page, "the catalogue page, empty");

    await add.getByRole("button", { name: "Add the item" }).click();
    await add.locator("#catalog-add-cost_points-error").getByText("from 1 to", { exact: false }).waitFor();
    assert.equal(await add.getByRole("textbox", { name: "Cost (points)", exact: true }).getAttribute("aria-invalid"), "true");
    assert.equal(await add.getByRole("textbox", { name: "Name", exact: true }).inputValue(), "Team hoodie", "what was typed stays");
    await add.getByRole("alert").waitFor();
    assert.equal(await hoodie(), undefined, "nothing added");
    await checkAccessibility(page, "the add form refused");

    await add.getByRole("textbox", { name: "Cost (points)", exact: true }).fill("500");
    await add.getByRole("button", { name: "Add the item" }).click();
    await page.getByText("Added: Team hoodie.").waitFor();
    assert.equal(await add.getByRole("textbox", { name: "Name", exact: true }).inputValue(), "", "the form starts again");
    const row = page.getByRole("table", { name: "Catalogue items" }).getByRole("row").filter({ hasText: "Team hoodie" });
    await row.getByText("Our navy hoodie, sent to your address.").waitFor();
    assert.deepEqual(
      (await row.getByRole("cell").allInnerTexts()).map((t) => t.trim()).slice(1, 8),
      ["500", "1", "1 each", "By staff", "Backorder", "0", "Offered"],
    );
    item = await hoodie();
    assert.equal(item.cost_points, 500);
    assert.equal(item.stock, 1);
    assert.equal(item.per_member_limit, 1);
    assert.equal(item.approval, "manual");
    assert.equal(item.when_out, "backorder");
    assert.equal(item.active, true);
    await checkAccessibility(page, "the catalogue with an item");
    await context.close();
  });

  test("Ada redeems it on her phone after a confirmation, and cannot redeem it again", async () => {
    const { context, page } = await portal(ada);
    const points = page.getByRole("region", { name: "Your points" });
    await figure(points, "redeemable").getByText("600", { exact: true }).waitFor();
    const card = page.getByRole("region", { name: "Rewards to choose" });
    assert.equal(await figure(card, "catalog-redeemable").innerText(), "600 points");
    const hoodieRow = card.getByRole("list", { name: "Rewards you can choose" }).getByRole("listitem").filter({ hasText: "Team hoodie" });
    await hoodieRow.getByText("500 points", { exact: true }).waitFor();
    await hoodieRow.getByText("Our navy hoodie, sent to your address.").waitFor();
    const redeem = hoodieRow.getByRole("button", { name: /^Redeem for 500 points/ });
    assert.equal(await redeem.isEnabled(), true);
    await card.getByText("Nothing redeemed yet.").waitFor();
    await checkAccessibility(page, "the portal's rewards to choose");
    await assertNoSidewaysScroll(page, "the portal with rewards to choose");

    await redeem.click();
    const dialog = page.getByRole("dialog", { name: "Redeem Team hoodie?" });
    await dialog.getByText("500 points will be taken from your 600 points to redeem, now.").waitFor();
    await checkAccessibility(page, "the confirmation before redeeming");
    await dialog.getByRole("button", { name: "Not now" }).click();
    await dialog.waitFor({ state: "hidden" });
    assert.equal(await redeemable(ada), 600, "nothing taken without the confirmation");

    await redeem.click();
    await dialog.getByRole("button", { name: "Yes, redeem it" }).click();
    await card.getByText(/^Requested: Team hoodie waits for the team's approval\. 500 points were taken/).waitFor();
    await figure(points, "redeemable").getByText("100", { exact: true }).waitFor();
    await figure(card, "catalog-redeemable").getByText("100 points", { exact: true }).waitFor();
    assert.equal(await redeemable(ada), 100);
    const request = card.getByRole("list", { name: "Your requests" }).getByRole("listitem").filter({ hasText: "Team hoodie" });
    await request.getByText("Waiting for approval", { exact: true }).waitFor();
    await request.getByRole("button", { name: "Cancel the request for Team hoodie" }).waitFor();

    // Once per advocate: the limit comes before the points she lacks.
    await hoodieRow.getByText("You have redeemed this the most times allowed").waitFor();
    assert.equal(await redeem.isDisabled(), true);
    assert.equal((await hoodie()).stock, 0, "her request took the one in stock");
    await points.getByRole("group", { name: "Recent points" }).getByText(/^Redeemed/).waitFor();
    await checkAccessibility(page, "the portal after redeeming");
    await assertNoSidewaysScroll(page, "the portal after redeeming");
    await card.screenshot({ path: path.join(screenshotDir, "portal-catalog.png") });
    await context.close();
  });

  test("Ben finds it out of stock, asks anyway (backordered, points taken), cancels (points back) and asks again", async () => {
    const { context, page } = await portal(ben);
    const points = page.getByRole("region", { name: "Your points" });
    const card = page.getByRole("region", { name: "Rewards to choose" });
    const hoodieRow = card.getByRole("list", { name: "Rewards you can choose" }).getByRole("listitem").filter({ hasText: "Team hoodie" });
    await hoodieRow.getByText("Out of stock: it will be sent when it is back").waitFor();
    const redeem = hoodieRow.getByRole("button", { name: /^Redeem for 500 points/ });
    assert.equal(await redeem.isEnabled(), true, "the item takes backorders");
    await checkAccessibility(page, "the portal with an item out of stock");

    await redeem.click();
    const dialog = page.getByRole("dialog", { name: "Redeem Team hoodie?" });
    await dialog.getByText(/^It is out of stock: it will be sent when it is back\./).waitFor();
    await dialog.getByRole("button", { name: "Yes, redeem it" }).click();
    await card.getByText(/^Requested: Team hoodie is out of stock and will be sent when it is back\. 500 points were taken/).waitFor();
    await figure(points, "redeemable").getByText("100", { exact: true }).waitFor();
    assert.equal(await redeemable(ben), 100, "the points are taken at once");
    const requests = card.getByRole("list", { name: "Your requests" });
    const backordered = requests.getByRole("listitem").filter({ hasText: "Out of stock — it will be sent when it is back" });
    await backordered.waitFor();
    await checkAccessibility(page, "the portal with a backordered request");

    await backordered.getByRole("button", { name: "Cancel the request for Team hoodie" }).click();
    const cancel = page.getByRole("dialog", { name: "Cancel your request for Team hoodie?" });
    await cancel.getByText("500 points will be given back to you.").waitFor();
    await cancel.getByRole("button", { name: "Cancel the request" }).click();
    await card.getByText("Cancelled: Team hoodie. 500 points given back.").waitFor();
    await figure(points, "redeemable").getByText("600", { exact: true }).waitFor();
    assert.equal(await redeemable(ben), 600);
    const cancelled = requests.getByRole("listitem").filter({ hasText: "Cancelled (points given back)" });
    await cancelled.waitFor();
    assert.equal(await cancelled.getByRole("button").count(), 0, "nothing more to cancel");
    // A cancelled request does not count toward the limit.
    await hoodieRow.getByRole("button", { name: /^Redeem for 500 points/, disabled: false }).waitFor();

    await redeem.click();
    await dialog.getByRole("button", { name: "Yes, redeem it" }).click();
    await card.getByText(/^Requested: Team hoodie is out of stock/).waitFor();
    await requests.getByRole("listitem").filter({ hasText: "Out of stock — it will be sent when it is back" }).waitFor();
    await figure(points, "redeemable").getByText("100", { exact: true }).waitFor();
    await context.close();
  });

  test("the manager restocks, approves and fulfils Ben's request, approves and rejects Ada's, and retires the item", async () => {
    const { context, page } = await consoleAs(staff.manager);
    await openCatalogue(page);
    const items = page.getByRole("region", { name: "Acme customers: items" });
    const itemRow = items.getByRole("table", { name: "Catalogue items" }).getByRole("row").filter({ hasText: "Team hoodie" });
    await itemRow.getByText("0 (out of stock)", { exact: true }).waitFor();
    const section = page.getByRole("region", { name: "Redemptions" });
    const table = section.getByRole("table", { name: "Redemptions" });
    await table.getByRole("row").nth(3).waitFor();
    assert.equal(await table.getByRole("row").count(), 4, "the heading row and three redemptions");
    const bens = table.getByRole("row").filter({ hasText: "Ben Babbage" }).filter({ hasText: "Backordered" });
    const adas = table.getByRole("row").filter({ hasText: "Ada Lovelace" });
    await adas.getByText("Requested", { exact: true }).waitFor();
    await table.getByRole("row").filter({ hasText: "Cancelled" }).getByText("by the advocate", { exact: true }).waitFor();
    await checkAccessibility(page, "the redemptions");

    // No stock: the server refuses, and says so in the row.
    await bens.getByRole("button", { name: "Approve Ben Babbage's Team hoodie" }).click();
    await bens.getByRole("alert").getByText(/^Not approved: .*still out of stock/).waitFor();
    await checkAccessibility(page, "an approval refused");

    // Restock: one more on hand.
    await itemRow.getByRole("button", { name: "Edit Team hoodie" }).click();
    const edit = items.getByRole("form", { name: "Edit Team hoodie" });
    assert.equal(await edit.getByRole("textbox", { name: "Left to redeem", exact: true }).inputValue(), "0");
    assert.equal(await edit.getByRole("checkbox", { name: "Offered to advocates" }).isChecked(), true);
    await checkAccessibility(page, "the edit form");
    await edit.getByRole("textbox", { name: "Left to redeem", exact: true }).fill("1");
    await edit.getByRole("button", { name: "Save the changes" }).click();
    await items.getByText("Saved: Team hoodie.").waitFor();
    assert.equal(await edit.count(), 0, "the form closes");
    await itemRow.getByRole("cell").nth(2).getByText("1", { exact: true }).waitFor();

    await bens.getByRole("button", { name: "Approve Ben Babbage's Team hoodie" }).click();
    await section.getByText("Approved: Ben Babbage's Team hoodie.").waitFor();
    await itemRow.getByText("0 (out of stock)", { exact: true }).waitFor(); // the approval took it
    const approved = table.getByRole("row").filter({ hasText: "Ben Babbage" }).filter({ hasText: "Approved" });
    await approved.getByText("by You").waitFor();
    await approved.getByRole("button", { name: "Fulfil Ben Babbage's Team hoodie" }).click();
    const fulfil = approved.getByRole("form", { name: "Fulfil Ben Babbage's Team hoodie" });
    await fulfil.getByRole("textbox", { name: "Reference" }).fill("HOODIE-0042");
    await checkAccessibility(page, "the fulfil form");
    await fulfil.getByRole("button", { name: "Mark fulfilled" }).click();
    await section.getByText("Fulfilled: Ben Babbage's Team hoodie.").waitFor();
    const fulfilled = table.getByRole("row").filter({ hasText: "Fulfilled" });
    await fulfilled.getByText("Reference: HOODIE-0042").waitFor();
    assert.equal(await fulfilled.getByRole("button").count(), 0, "nothing more to do");

    // Ada's took the stock when she asked: approved without a restock.
    await adas.getByRole("button", { name: "Approve Ada Lovelace's Team hoodie" }).click();
    await section.getByText("Approved: Ada Lovelace's Team hoodie.").waitFor();
    await adas.getByText("Approved", { exact: true }).waitFor();
    await screenshot(page, "console-catalog");

    await adas.getByRole("button", { name: "Reject Ada Lovelace's Team hoodie" }).click();
    const reject = adas.getByRole("form", { name: "Reject Ada Lovelace's Team hoodie" });
    await reject.getByRole("button", { name: "Reject and give the points back" }).click();
    await reject.locator(`[id$="-note-error"]`).getByText("is required", { exact: false }).waitFor();
    await reject.getByRole("textbox", { name: "Why" }).fill("That size is no longer made");
    await reject.getByRole("button", { name: "Reject and give the points back" }).click();
    await section.getByText("Rejected: Ada Lovelace's Team hoodie; 500 points given back.").waitFor();
    await adas.getByText("Rejected", { exact: true }).waitFor();
    await adas.getByText("That size is no longer made").waitFor();
    assert.equal(await redeemable(ada), 600, "her points are back");
    await itemRow.getByRole("cell").nth(2).getByText("1", { exact: true }).waitFor(); // and the hoodie she took

    // The status filter.
    await section.getByLabel("Status", { exact: true }).selectOption("fulfilled");
    await page.waitForURL(/status=fulfilled/);
    await table.getByRole("row").filter({ hasText: "HOODIE-0042" }).waitFor();
    // The filtered list has replaced the whole one once the rejected request is gone.
    await table.getByRole("row").filter({ hasText: "That size is no longer made" }).waitFor({ state: "detached" });
    assert.equal(await table.getByRole("row").count(), 2);
    await checkAccessibility(page, "the redemptions filtered");

    // Retire it.
    await itemRow.getByRole("button", { name: "Edit Team hoodie" }).click();
    await edit.getByRole("checkbox", { name: "Offered to advocates" }).uncheck();
    await edit.getByRole("button", { name: "Save the changes" }).click();
    await items.getByText("Saved: Team hoodie (retired).").waitFor();
    await itemRow.getByText("Retired", { exact: true }).waitFor();
    assert.equal((await hoodie()).active, false);
    await context.close();

    // Ben reads where his request stands, with the reference.
    const bens2 = await portal(ben);
    const requests = bens2.page.getByRole("region", { name: "Rewards to choose" }).getByRole("list", { name: "Your requests" });
    const sent = requests.getByRole("listitem").filter({ hasText: "Sent" });
    await sent.getByText("Reference: HOODIE-0042").waitFor();
    await checkAccessibility(bens2.page, "the portal with a request sent");
    await bens2.context.close();
  });

  test("viewers read the catalogue without forms or buttons; sales reps have none", async () => {
    const viewer = await consoleAs(staff.viewer);
    await openCatalogue(viewer.page);
    await viewer.page.getByRole("table", { name: "Catalogue items" }).getByRole("row").filter({ hasText: "Team hoodie" }).waitFor();
    await viewer.page.getByRole("table", { name: "Redemptions" }).getByRole("row").nth(1).waitFor();
    assert.equal(await viewer.page.getByRole("form", { name: "Add an item" }).count(), 0);
    assert.equal(await viewer.page.getByRole("button", { name: /^(Edit|Approve|Fulfil|Reject)/ }).count(), 0);
    await checkAccessibility(viewer.page, "the catalogue for a viewer");
    await viewer.context.close();

    const rep = await consoleAs(staff.sales_rep);
    assert.equal(await nav(rep.page, "Catalogue").count(), 0);
    await rep.context.close();
  });
});

// An item that pays a reward: the manager adds a coffee gift card that pays $25.00 for 2,500 points
// (after the server refuses an amount of 0 under its field); Cleo reads "You get a $25.00 gift
// card" in her portal and redeems it; the ledger shows its entry as a catalogue redemption with
// nothing to decide there, and links to the catalogue, where the manager approves it and fulfils it
// with a payout reference (required: refused without one, and refused by the server when too
// long); the ledger shows it paid under that reference, and Cleo's rewards list "2,500 points
// redeemed for Coffee gift card", paid. Removing the reward from the item sends `reward: null`;
// the redemption keeps what it paid.
describe("catalogue items that pay a reward", () => {
  let cleo;
  const giftCard = async () =>
    (await bluebird.api("GET", `/api/v1/programs/${bluebird.programId}/catalog-items`)).data.find(
      (i) => i.name === "Coffee gift card",
    );
  const ledger = async () => (await bluebird.api("GET", "/api/v1/rewards?entry=redemption")).data;
  const reason = "2,500 points redeemed for Coffee gift card";

  before(async () => {
    cleo = await bluebird.api("POST", `/api/v1/programs/${bluebird.programId}/advocates`, {
      email: "cleo.catalog@advocate.example", first_name: "Cleo", last_name: "Clark",
    });
    await bluebird.api("POST", `/api/v1/advocates/${cleo.id}/points/adjustments`, { points: 3000, note: "Welcome gift" });
  });

  test("the manager adds an item paying a $25.00 gift card, after the server refuses an amount of 0", async () => {
    const { context, page } = await consoleAs(staff.manager);
    await openCatalogue(page);
    const add = page.getByRole("form", { name: "Add an item" });
    await add.getByRole("textbox", { name: "Name", exact: true }).fill("Coffee gift card");
    await add.getByRole("textbox", { name: "Description", exact: true }).fill("For our partner café, emailed to you.");
    await add.getByRole("textbox", { name: "Cost (points)", exact: true }).fill("2,500");
    const pays = add.getByRole("combobox", { name: "Pays a reward" });
    assert.equal(await pays.inputValue(), "", "none by default");
    const amount = add.getByRole("textbox", { name: "Reward amount (USD)" });
    assert.equal(await amount.count(), 0, "no amount without a reward");
    await pays.selectOption("gift_card");
    await amount.fill("0");
    await checkAccessibility(page, "the add form with a reward");

    await add.getByRole("button", { name: "Add the item" }).click();
    await add.locator("#catalog-add-reward_amount-error").getByText("from 1 to", { exact: false }).waitFor();
    assert.equal(await amount.getAttribute("aria-invalid"), "true");
    await add.getByRole("alert").waitFor();
    assert.equal(await giftCard(), undefined, "nothing added");
    await checkAccessibility(page, "the add form with its reward refused");

    await amount.fill("25");
    await add.getByRole("button", { name: "Add the item" }).click();
    await page.getByText("Added: Coffee gift card.").waitFor();
    const row = page.getByRole("table", { name: "Catalogue items" }).getByRole("row").filter({ hasText: "Coffee gift card" });
    await row.getByText("Pays $25.00 gift card", { exact: true }).waitFor();
    assert.deepEqual((await giftCard()).reward, { kind: "gift_card", amount_minor: 2500, currency: "USD" });

    // The edit form shows the reward as it was typed, in major units.
    await row.getByRole("button", { name: "Edit Coffee gift card" }).click();
    const edit = page.getByRole("form", { name: "Edit Coffee gift card" });
    assert.equal(await edit.getByRole("combobox", { name: "Pays a reward" }).inputValue(), "gift_card");
    assert.equal(await edit.getByRole("textbox", { name: "Reward amount (USD)" }).inputValue(), "25.00");
    await edit.getByRole("button", { name: "Save the changes" }).click();
    await edit.getByText("Nothing to save: no field was changed.").waitFor();
    await checkAccessibility(page, "the edit form with a reward");
    await context.close();
  });

  test("Cleo reads what the item pays in her portal and redeems it", async () => {
    const { context, page } = await portal(cleo);
    const card = page.getByRole("region", { name: "Rewards to choose" });
    const itemRow = card.getByRole("list", { name: "Rewards you can choose" }).getByRole("listitem").filter({ hasText: "Coffee gift card" });
    await itemRow.getByText("You get a $25.00 gift card", { exact: true }).waitFor();
    await checkAccessibility(page, "the portal with an item that pays a reward");
    await assertNoSidewaysScroll(page, "the portal with an item that pays a reward");

    await itemRow.getByRole("button", { name: /^Redeem for 2,500 points/ }).click();
    await page.getByRole("dialog", { name: "Redeem Coffee gift card?" }).getByRole("button", { name: "Yes, redeem it" }).click();
    await card.getByText(/^Requested: Coffee gift card waits for the team's approval\. 2,500 points were taken/).waitFor();
    const request = card.getByRole("list", { name: "Your requests" }).getByRole("listitem").filter({ hasText: "Coffee gift card" });
    await request.getByText("Waiting for approval", { exact: true }).waitFor();
    await request.getByText("You get a $25.00 gift card", { exact: true }).waitFor();
    await checkAccessibility(page, "the portal with a request that pays a reward");

    const [entry] = await ledger();
    assert.equal(entry.status, "pending");
    assert.equal(entry.advocate_id, cleo.id);
    assert.equal(entry.referral_id, null);
    assert.equal(entry.reason, reason);
    const [redemption] = (await bluebird.api("GET", `/api/v1/redemptions?program_id=${bluebird.programId}&status=requested`)).data;
    assert.equal(redemption.reward_id, entry.id);
    assert.equal(entry.redemption_id, redemption.id);
    await context.close();
  });

  test("the manager decides it through the redemption: approved, refused without a payout reference, then fulfilled", async () => {
    const { context, page } = await consoleAs(staff.manager);
    await nav(page, "Rewards").click();
    await page.getByRole("heading", { name: "Rewards", level: 1 }).waitFor();
    await page.getByLabel("Entry", { exact: true }).selectOption("redemption");
    await page.waitForURL(/entry=redemption/);
    const rewards = page.getByRole("table", { name: "Rewards" });
    const entry = rewards.getByRole("row").filter({ hasText: reason });
    await entry.getByText("Catalogue redemption", { exact: true }).waitFor();
    await entry.getByText("pending", { exact: true }).waitFor();
    assert.equal(await rewards.getByRole("row").count(), 2, "the heading row and the redemption's entry only");
    assert.equal(await entry.getByRole("checkbox").count(), 0, "not selectable for approval");
    assert.equal(await page.getByRole("button", { name: /^Approve selected/ }).count(), 0);
    await checkAccessibility(page, "the ledger with a redemption's entry pending");

    // Its decision is the redemption's: the link leads to the catalogue.
    await entry.getByRole("link", { name: "Decided through its redemption" }).click();
    await page.waitForURL(/\/console\/catalogue\?program_id=/);
    await page.getByRole("heading", { name: "Acme customers: items", level: 2 }).waitFor();
    const section = page.getByRole("region", { name: "Redemptions" });
    const cleos = section.getByRole("table", { name: "Redemptions" }).getByRole("row").filter({ hasText: "Cleo Clark" });
    await cleos.getByText("Pays $25.00 gift card", { exact: true }).waitFor();
    await cleos.getByRole("button", { name: "Approve Cleo Clark's Coffee gift card" }).click();
    await section.getByText("Approved: Cleo Clark's Coffee gift card.").waitFor();
    assert.equal((await ledger())[0].status, "approved", "the entry follows the redemption");

    await cleos.getByRole("button", { name: "Fulfil Cleo Clark's Coffee gift card" }).click();
    const fulfil = cleos.getByRole("form", { name: "Fulfil Cleo Clark's Coffee gift card" });
    const reference = fulfil.getByRole("textbox", { name: "Payout reference" });
    assert.equal(await reference.getAttribute("required"), "", "required for a redemption that pays a reward");
    await fulfil.getByRole("button", { name: "Mark fulfilled" }).click();
    await fulfil.locator(`[id$="-reference-error"]`).getByText("is required", { exact: false }).waitFor();
    await checkAccessibility(page, "the fulfil form without its payout reference");
    // The server judges its length, and says so under the field.
    await reference.fill("G".repeat(201));
    await fulfil.getByRole("button", { name: "Mark fulfilled" }).click();
    await fulfil.locator(`[id$="-reference-error"]`).getByText("at most 200 characters", { exact: false }).waitFor();
    await fulfil.getByRole("alert").waitFor();
    assert.equal(await reference.getAttribute("aria-invalid"), "true");
    assert.equal((await ledger())[0].status, "approved", "nothing paid");

    await reference.fill("GC-2026-0042");
    await fulfil.getByRole("button", { name: "Mark fulfilled" }).click();
    await section.getByText("Fulfilled: Cleo Clark's Coffee gift card; its reward is paid under GC-2026-0042.").waitFor();
    await cleos.getByText("Payout reference: GC-2026-0042", { exact: true }).waitFor();
    assert.equal(await cleos.getByRole("button").count(), 0, "nothing more to do");

    // The ledger: paid under the reference, still with nothing to decide there.
    await nav(page, "Rewards").click();
    await page.getByRole("heading", { name: "Rewards", level: 1 }).waitFor();
    await page.getByLabel("Entry", { exact: true }).selectOption("redemption");
    await page.waitForURL(/entry=redemption/);
    await entry.getByText("fulfilled", { exact: true }).waitFor();
    await entry.getByText("Catalogue redemption", { exact: true }).waitFor();
    await entry.getByText("GC-2026-0042", { exact: true }).waitFor();
    await entry.getByRole("link", { name: "Decided through its redemption" }).waitFor();
    assert.equal(await entry.getByRole("button").count(), 0, "no approve, pay or reverse here");
    assert.equal(await entry.getByRole("textbox").count(), 0);
    const [paid] = await ledger();
    assert.equal(paid.status, "fulfilled");
    assert.equal(paid.payout_reference, "GC-2026-0042");
    await checkAccessibility(page, "the ledger with a redemption's entry paid");
    await context.close();
  });

  test("Cleo's rewards list what her points paid; removing the item's reward leaves her redemption as it was", async () => {
    const { context, page } = await portal(cleo);
    const row = page.getByRole("region", { name: "Your rewards" }).getByRole("row").filter({ hasText: "points redeemed for" });
    await row.getByText(reason, { exact: true }).waitFor();
    await row.getByText("$25.00", { exact: true }).waitFor();
    await row.getByText("Paid", { exact: true }).waitFor();
    const request = page.getByRole("list", { name: "Your requests" }).getByRole("listitem").filter({ hasText: "Coffee gift card" });
    await request.getByText("Sent", { exact: true }).waitFor();
    await request.getByText("Reference: GC-2026-0042").waitFor();
    await checkAccessibility(page, "the portal with a reward its points paid");
    await context.close();

    const manager = await consoleAs(staff.manager);
    await openCatalogue(manager.page);
    const itemRow = manager.page.getByRole("table", { name: "Catalogue items" }).getByRole("row").filter({ hasText: "Coffee gift card" });
    await itemRow.getByRole("button", { name: "Edit Coffee gift card" }).click();
    const edit = manager.page.getByRole("form", { name: "Edit Coffee gift card" });
    await edit.getByRole("combobox", { name: "Pays a reward" }).selectOption("");
    assert.equal(await edit.getByRole("textbox", { name: "Reward amount (USD)" }).count(), 0);
    await edit.getByRole("button", { name: "Save the changes" }).click();
    await manager.page.getByText("Saved: Coffee gift card.").waitFor();
    await itemRow.getByText("Pays $25.00 gift card").waitFor({ state: "detached" });
    assert.equal((await giftCard()).reward, null);
    const redemptions = manager.page.getByRole("table", { name: "Redemptions" });
    await redemptions.getByRole("row").filter({ hasText: "Cleo Clark" }).getByText("Pays $25.00 gift card").waitFor();
    await manager.context.close();
  });
});
