// Money in a real browser: a manager corrects a won referral's deal value up and then down after
// its reward was paid (an adjustment, then a negative one owed back), and a correction the server
// refuses is shown on its field; a rejected referral's paid reward needs a clawback decision, which
// the manager makes from the notice; the dashboard switches basis and shows ROI; the program's
// currency is locked once it has money. The referrals, rules and payments are set up through the
// API; every page visited is checked with axe-core.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { assertNoSidewaysScroll, checkAccessibility, launchBrowser, newPerson, screenshot, signInToConsole, staff, startBluebird, viewports } from "./harness.mjs";

let bluebird;
let browser;
let money; // a program of its own, so that its figures are only this file's
let advocate;

before(async () => {
  bluebird = await startBluebird();
  browser = await launchBrowser();
  money = await bluebird.api("POST", "/api/v1/programs", {
    name: "Money checks", kind: "customer", landing_url: "https://placeholder.example/", currency: "USD",
  });
  // 10% of the deal, and a fixed 250.00, on won; both approved by a manager.
  await bluebird.api("POST", `/api/v1/programs/${money.id}/reward-rules`, {
    name: "Deal share", trigger: { stage: "won" }, amount: { percent_bp: 1000 }, requires_approval: true,
  });
  await bluebird.api("POST", `/api/v1/programs/${money.id}/reward-rules`, {
    name: "Won bonus", trigger: { stage: "won" }, amount: { fixed_minor: 25000 }, requires_approval: true,
  });
  advocate = await bluebird.api("POST", `/api/v1/programs/${money.id}/advocates`, {
    email: "olive.owens@advocate.example", first_name: "Olive", last_name: "Owens",
    // A company a spreadsheet would take for a formula, with a comma and quotes: the CSV downloads
    // must neither run it nor split it.
    company: '=Owens+Co, "the best"',
  });
});

after(async () => {
  await browser?.close();
  bluebird?.stop();
});

async function refer(programAdvocate, email, firstName) {
  return bluebird.api("POST", "/api/v1/referrals", {
    advocate_id: programAdvocate.id, referee: { email, first_name: firstName, last_name: "Buyer" },
  });
}

// Approves and pays each reward, under `PAY-<amount>`.
async function pay(rewards) {
  for (const reward of rewards) {
    await bluebird.api("POST", `/api/v1/rewards/${reward.id}/approve`);
    await bluebird.api("POST", `/api/v1/rewards/${reward.id}/fulfill`, { reference: `PAY-${reward.amount_minor}` });
  }
}

// The page fits the screen: nothing wider than the viewport (a phone's).

// Corrects the deal value on the page: fills the form, checks the question, confirms.
async function correct(page, value, reason, question) {
  const form = page.locator("section").filter({ has: page.getByRole("heading", { name: "Correct the deal value" }) });
  await form.getByLabel("Corrected deal value (USD)").fill(value);
  await form.getByLabel("Reason").fill(reason);
  await form.getByRole("button", { name: "Correct the deal value" }).click();
  const dialog = page.getByRole("dialog", { name: "Correct the deal value?" });
  await dialog.waitFor();
  assert.match(await dialog.innerText(), question);
  return dialog;
}

// The rewards table's row of one ledger entry.
function entryRow(page, entry) {
  const table = page.getByRole("table", { name: "Rewards" });
  return table.getByRole("row").filter({ has: page.getByRole("cell", { name: entry, exact: true }) });
}

describe("deal value corrections", () => {
  test("a manager corrects a won referral's deal value up and then down after its reward was paid", async () => {
    // Won at 10,000.00: 1,000.00 (10%) and 250.00 (fixed), both paid.
    const referral = await refer(advocate, "wes.won@buyer.example", "Wes");
    const won = await bluebird.api("POST", `/api/v1/referrals/${referral.id}/stage`, { stage: "won", deal_value_minor: 1000000 });
    assert.deepEqual(won.rewards.map((r) => r.amount_minor).sort(), [100000, 25000]);
    await pay(won.rewards);

    const context = await newPerson(browser, bluebird.base, "desktop");
    const page = await context.newPage();
    await signInToConsole(page, staff.manager);
    await page.goto(`/console/referrals/${referral.id}`);
    await page.getByRole("heading", { name: "Wes Buyer", level: 1 }).waitFor();
    await page.getByRole("heading", { name: "Correct the deal value" }).waitFor();
    await page.getByText("Now $10,000.00.").waitFor();

    // The client checks first: both fields are required, and an amount has at most 2 decimals.
    await page.getByRole("button", { name: "Correct the deal value" }).click();
    await page.getByText("is required: the corrected value").waitFor();
    await page.getByText("is required: why (kept in the history)").waitFor();
    await page.getByLabel("Corrected deal value (USD)").fill("15,000.555");
    await page.getByRole("button", { name: "Correct the deal value" }).click();
    await page.getByText("is not an amount in USD (up to 2 decimals)").waitFor();
    assert.equal(await page.getByLabel("Corrected deal value (USD)").getAttribute("aria-invalid"), "true");

    // Up to 15,000.00: the paid 1,000.00 grant gets an adjustment of +500.00.
    let dialog = await correct(page, "15,000", "Amended in the CRM", /From \$10,000\.00 to \$15,000\.00\./);
    await checkAccessibility(page, "the correction's question");
    await dialog.getByRole("button", { name: "Correct to $15,000.00" }).click();
    const outcome = page.locator(".correction-outcome");
    await outcome.getByText("The deal value is corrected from $10,000.00 to $15,000.00.").waitFor();
    assert.match(await outcome.innerText(), /Rewards created\s+\$500\.00 Adjustment \(correction 1\) for the advocate, pending/);
    await entryRow(page, "Adjustment (correction 1)").getByRole("cell", { name: "$500.00" }).waitFor();
    const history = page.locator("ol.history");
    await history.getByText("Deal value corrected: $10,000.00 → $15,000.00").waitFor();
    await history.getByText("manager user corrected the deal value from $10,000.00 to $15,000.00: Amended in the CRM").waitFor();
    await page.getByText("Now $15,000.00.").waitFor();

    // Down to 5,000.00: the unpaid +500.00 is reversed, and -500.00 is owed back.
    dialog = await correct(page, "5000.00", "Discount agreed after signature", /From \$15,000\.00 to \$5,000\.00\./);
    await dialog.getByRole("button", { name: "Correct to $5,000.00" }).click();
    await outcome.getByText("The deal value is corrected from $15,000.00 to $5,000.00.").waitFor();
    const told = await outcome.innerText();
    assert.match(told, /Rewards created\s+-\$500\.00 owed back Adjustment \(correction 2\) for the advocate, pending/);
    assert.match(told, /Rewards reversed\s+\$500\.00 Adjustment \(correction 1\) for the advocate, reversed/);
    const owed = entryRow(page, "Adjustment (correction 2)");
    await owed.waitFor();
    assert.match(await owed.locator("td.number").innerText(), /^-\$500\.00 owed back$/, "a negative amount keeps its minus sign");
    assert.match(await entryRow(page, "Adjustment (correction 1)").innerText(), /reversed/);
    assert.match(await entryRow(page, "Grant").first().innerText(), /fulfilled/);
    await history.getByText("manager user corrected the deal value from $15,000.00 to $5,000.00: Discount agreed after signature").waitFor();

    // The ledger agrees: what was paid (1,000.00) plus what is owed back is 10% of 5,000.00.
    const ledger = await bluebird.api("GET", `/api/v1/rewards?referral_id=${referral.id}`);
    const live = ledger.data.filter((r) => r.status !== "reversed" && r.rule_id === won.rewards.find((w) => w.amount_minor === 100000).rule_id);
    assert.equal(live.reduce((sum, r) => sum + r.amount_minor, 0), 50000);
    const negative = ledger.data.find((r) => r.entry === "adjustment" && r.correction === 2);
    assert.equal(negative.amount_minor, -50000);
    assert.equal(negative.status, "pending");

    await checkAccessibility(page, "the referral page after two corrections");
    await screenshot(page, "console-referral-correction");
    await context.close();

    // At phone size the page, its correction form and the ledger entries fit the screen.
    const phone = await newPerson(browser, bluebird.base, "phone");
    const small = await phone.newPage();
    await signInToConsole(small, staff.manager);
    await small.goto(`/console/referrals/${referral.id}`);
    await small.getByRole("heading", { name: "Correct the deal value" }).waitFor();
    await entryRow(small, "Adjustment (correction 2)").waitFor();
    await assertNoSidewaysScroll(small, "the referral page with corrections");
    await checkAccessibility(small, "the referral page with corrections at phone size");
    await phone.close();
  });

  test("a correction the server refuses is shown on its field", async () => {
    // A duplicate (held) referral the CRM won; it is rejected while the page is open.
    const first = await refer(advocate, "dora.dup@buyer.example", "Dora");
    const duplicate = await refer(advocate, "dora.dup@buyer.example", "Dora");
    assert.equal(duplicate.review_status, "duplicate");
    await bluebird.api("POST", `/api/v1/referrals/${duplicate.id}/stage`, { stage: "won", deal_value_minor: 200000 });

    const context = await newPerson(browser, bluebird.base, "desktop");
    const page = await context.newPage();
    await signInToConsole(page, staff.manager);
    await page.goto(`/console/referrals/${duplicate.id}`);
    await page.getByRole("heading", { name: "Correct the deal value" }).waitFor();
    await bluebird.api("POST", `/api/v1/referrals/${duplicate.id}/reject`, { note: "The same person as an earlier referral" });

    await correct(page, "2500", "Late amendment", /From \$2,000\.00 to \$2,500\.00\./);
    await page.getByRole("button", { name: "Correct to $2,500.00" }).click();
    await page.locator("#field-deal_value-error", { hasText: "the referral is not won" }).waitFor();
    assert.equal(await page.getByLabel("Corrected deal value (USD)").getAttribute("aria-invalid"), "true");
    await page.getByRole("alert").filter({ hasText: "Only a won referral's deal value can be corrected" }).waitFor();
    assert.equal(await page.getByLabel("Reason").inputValue(), "Late amendment", "what was typed is kept");
    const unchanged = await bluebird.api("GET", `/api/v1/referrals/${duplicate.id}`);
    assert.equal(unchanged.deal_value_minor, 200000);
    assert.equal(unchanged.stage, "rejected");
    await checkAccessibility(page, "the referral page with a refused correction");
    assert.ok(first.id);
    await context.close();
  });
});

describe("clawbacks", () => {
  test("a rejected referral's paid reward needs a decision, made from the notice (phone size)", async () => {
    // Rewards on qualified, approved at once: 50.00 for the advocate (then paid) and 25.00 for the
    // referee (not paid yet).
    const program = await bluebird.api("POST", "/api/v1/programs", {
      name: "Clawback checks", kind: "customer", landing_url: "https://placeholder.example/",
    });
    for (const [name, beneficiary, amount] of [["Intro thanks", "advocate", 5000], ["Referee welcome", "referee", 2500]]) {
      await bluebird.api("POST", `/api/v1/programs/${program.id}/reward-rules`, {
        name, trigger: { stage: "qualified" }, beneficiary, amount: { fixed_minor: amount }, requires_approval: false,
      });
    }
    const programAdvocate = await bluebird.api("POST", `/api/v1/programs/${program.id}/advocates`, {
      email: "carl.claw@advocate.example", first_name: "Carl",
    });
    const referral = await refer(programAdvocate, "fay.fraud@buyer.example", "Fay");
    const qualified = await bluebird.api("POST", `/api/v1/referrals/${referral.id}/stage`, { stage: "qualified" });
    const paid = qualified.rewards.find((r) => r.beneficiary === "advocate");
    const unpaid = qualified.rewards.find((r) => r.beneficiary === "referee");
    await bluebird.api("POST", `/api/v1/rewards/${paid.id}/fulfill`, { reference: "PAY-CLAW-1" });

    const context = await newPerson(browser, bluebird.base, "phone");
    const page = await context.newPage();
    await signInToConsole(page, staff.manager);
    await page.goto(`/console/referrals/${referral.id}`);
    await page.getByRole("heading", { name: "Fay Buyer", level: 1 }).waitFor();
    assert.equal(await page.getByText(/need(s)? a clawback decision/).count(), 0, "no notice before the rejection");

    await page.getByLabel("Move to").selectOption("rejected");
    await page.getByLabel("Note").fill("The referee was the advocate's own account");
    await page.getByRole("button", { name: "Move" }).click();
    await page.getByText("Moved to rejected. 1 unpaid reward was reversed.").waitFor();
    const notice = page.locator("section").filter({ has: page.getByRole("heading", { name: "1 paid reward needs a clawback decision" }) });
    await notice.waitFor();
    assert.match(await notice.innerText(), /\$50\.00 cash for the advocate, paid under PAY-CLAW-1/);
    await checkAccessibility(page, "the referral page with a clawback notice");
    await assertNoSidewaysScroll(page, "the referral page with a clawback notice");
    await screenshot(page, "console-referral-clawback-phone");

    // The reversal needs a reason; then the notice goes, and the page says what was done.
    await notice.getByRole("button", { name: /^Reverse \(money recovered\)/ }).click();
    await notice.getByRole("button", { name: "Reverse the reward" }).click();
    await notice.getByText("is required: how the money was recovered").waitFor();
    await notice.getByLabel("Reason for the reversal").fill("Recovered from the next payout");
    await notice.getByRole("button", { name: "Reverse the reward" }).click();
    await page.getByText("Reversed $50.00 paid under PAY-CLAW-1: Recovered from the next payout").waitFor();
    await notice.waitFor({ state: "detached" });
    await checkAccessibility(page, "the referral page after the clawback");

    const after = await bluebird.api("GET", `/api/v1/referrals/${referral.id}`);
    assert.deepEqual(after.clawback_needed, []);
    const reversed = await bluebird.api("GET", `/api/v1/rewards/${paid.id}`);
    assert.equal(reversed.status, "reversed");
    assert.equal(reversed.reversal_reason, "Recovered from the next payout");
    assert.equal((await bluebird.api("GET", `/api/v1/rewards/${unpaid.id}`)).status, "reversed", "the unpaid one by the rejection");
    await context.close();
  });
});

describe("the dashboard's money", () => {
  test("the dashboard switches basis and shows ROI", async () => {
    // The "Money checks" program: one clear win, now 5,000.00 of revenue. Its cost is the paid
    // 1,000.00 and 250.00 less the 500.00 owed back (pending) = 750.00, so ROI is
    // (5,000 - 750) / 750 = 566.67%, shown as 566.7%; committed (pending) is -500.00. The held,
    // then rejected, duplicate is neither a win nor revenue.
    const context = await newPerson(browser, bluebird.base, "desktop");
    const page = await context.newPage();
    await signInToConsole(page, staff.manager);
    await page.goto(`/console/dashboard?program_id=${money.id}`);
    await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
    assert.equal(await page.getByLabel("Basis").inputValue(), "cohort", "cohort by default");
    const cohort = await bluebird.api("GET", `/api/v1/analytics?program_id=${money.id}`);
    await page.getByText(cohort.basis_description).waitFor();
    const table = page.getByRole("table", { name: "Revenue and reward cost" });
    const usd = table.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "USD" }) });
    await usd.waitFor();
    assert.deepEqual(
      (await usd.locator("td").allInnerTexts()).map((t) => t.trim()),
      ["$5,000.00", "$750.00", "-$500.00", "$0.00", "566.7%"],
    );
    assert.equal(await page.locator(".kpi").filter({ hasText: /^ROI \(USD\)/ }).locator("dd").innerText(), "566.7%");
    assert.equal(await page.locator(".kpi").filter({ hasText: /^Won/ }).locator("dd").innerText(), "1");
    await page.getByRole("img", { name: /^Revenue and reward cost by currency: USD: revenue \$5,000\.00/ }).waitFor();
    await checkAccessibility(page, "the dashboard on the cohort basis");

    await page.getByLabel("Basis").selectOption("activity");
    await page.waitForURL(/basis=activity/);
    const activity = await bluebird.api("GET", `/api/v1/analytics?program_id=${money.id}&basis=activity`);
    assert.notEqual(activity.basis_description, cohort.basis_description);
    await page.getByText(activity.basis_description).waitFor();
    assert.equal(await page.getByText(cohort.basis_description).count(), 0, "one basis at a time");
    // Everything happened today, so the activity in the range is the same money.
    await page.getByTestId("roi-USD").getByText("566.7%").waitFor();
    await checkAccessibility(page, "the dashboard on the activity basis");
    // The basis is kept in the address: a reload shows the same.
    await page.reload();
    assert.equal(await page.getByLabel("Basis").inputValue(), "activity");
    await page.getByText(activity.basis_description).waitFor();

    await page.getByLabel("Basis").selectOption("cohort");
    await page.getByText(cohort.basis_description).waitFor();
    await screenshot(page, "console-dashboard");

    // Each chart's numbers leave as a file too, the amounts in minor units, exact; the name says the
    // basis and the range.
    const [moneyFile] = await Promise.all([
      page.waitForEvent("download"), page.getByRole("button", { name: "Download revenue and reward cost as CSV" }).click(),
    ]);
    assert.match(moneyFile.suggestedFilename(), /^money-cohort-\d{4}-\d{2}-\d{2}-before-\d{4}-\d{2}-\d{2}\.csv$/);
    assert.deepEqual(readFileSync(await moneyFile.path(), "utf8").split("\r\n"), [
      "currency,revenue_minor,reward_cost_minor,committed_minor,program_cost_minor,roi_bp", "USD,500000,75000,-50000,0,56667", "",
    ]);
    const [funnelFile] = await Promise.all([
      page.waitForEvent("download"), page.getByRole("button", { name: "Download the funnel as CSV" }).click(),
    ]);
    const funnelRows = readFileSync(await funnelFile.path(), "utf8").trim().split("\r\n");
    assert.equal(funnelRows[0], "step,count");
    assert.equal(funnelRows.at(-1), "won,1");
    const [topFile] = await Promise.all([
      page.waitForEvent("download"), page.getByRole("button", { name: "Download the top advocates as CSV" }).click(),
    ]);
    const topRows = readFileSync(await topFile.path(), "utf8").trim().split("\r\n");
    assert.equal(topRows[0], "advocate_id,name,company,referrals,won,revenue_minor,currency");
    assert.match(topRows[1], new RegExp(`^${advocate.id},Olive Owens,"'=Owens\\+Co, ""the best""",\\d+,1,500000,USD$`),
      "the advocate of the win, her company neither a formula nor split");

    // The program's pipeline: the one clear win in the range, closed within the session; the
    // win rate of its submitted referrals (the rejected duplicate is not a sales outcome).
    const closes = page.getByRole("table", { name: "Time to close" });
    const every = closes.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "Every channel" }) });
    assert.equal((await every.locator("td").first().innerText()).trim(), "1");
    const submitted = page.getByRole("table", { name: "Win rate by stage" }).getByRole("row")
      .filter({ has: page.getByRole("rowheader", { name: "Submitted" }) });
    assert.equal((await submitted.locator("td").last().innerText()).trim(), "100.0%");
    await page.getByRole("heading", { name: "Forecast" }).waitFor();
    await checkAccessibility(page, "the dashboard's pipeline");

    // The month's report, as a page and as a PDF, with the staff member's session.
    const reportHref = await page.getByRole("link", { name: "open the page" }).getAttribute("href");
    const reportPage = await page.request.get(reportHref);
    assert.equal(reportPage.status(), 200);
    const reportHtml = await reportPage.text();
    assert.match(reportHtml, /<title>Money checks — \w+ \d{4}<\/title>/);
    assert.ok(reportHtml.includes("USD 5,000.00"), "the month's revenue");
    const pdfHref = await page.getByRole("link", { name: "download the PDF" }).getAttribute("href");
    const reportPdf = await page.request.get(pdfHref);
    assert.equal(reportPdf.headers()["content-type"], "application/pdf");
    assert.equal((await reportPdf.body()).subarray(0, 5).toString(), "%PDF-");

    // The program's clicks leave as a file: one from a browser, one from a link previewer (a bot).
    for (const agent of [viewports.desktop.userAgent, "Slackbot-LinkExpanding 1.0"]) {
      const followed = await fetch(`${bluebird.base}/r/${advocate.code}?c=email`, {
        redirect: "manual", headers: { "User-Agent": agent },
      });
      assert.equal(followed.status, 302);
    }
    const [clicks] = await Promise.all([
      page.waitForEvent("download"), page.getByRole("link", { name: "Export clicks CSV" }).click(),
    ]);
    assert.equal(clicks.suggestedFilename(), "clicks.csv");
    const rows = readFileSync(await clicks.path(), "utf8").trim().split("\r\n");
    assert.equal(rows[0], "id,occurred_at,program_id,advocate_id,code,channel,is_bot,visitor_id,address_hash,user_agent,referrer");
    assert.equal(rows.length, 3, "the header and the two clicks of today");
    assert.match(rows[1], new RegExp(`,${money.id},${advocate.id},${advocate.code},email,false,`));
    assert.match(rows[2], /,email,true,.*,Slackbot-LinkExpanding 1\.0,$/);
    await context.close();

    const phone = await newPerson(browser, bluebird.base, "phone");
    const small = await phone.newPage();
    await signInToConsole(small, staff.manager);
    await small.goto(`/console/dashboard?program_id=${money.id}&basis=activity`);
    await small.getByTestId("roi-USD").getByText("566.7%").waitFor();
    await assertNoSidewaysScroll(small, "the dashboard");
    await phone.close();
  });

  test("the program's currency is locked once it has money, said on the field", async () => {
    const context = await newPerson(browser, bluebird.base, "desktop");
    const page = await context.newPage();
    await signInToConsole(page, staff.manager);
    await page.goto(`/console/programs/${money.id}`);
    await page.getByRole("heading", { name: "Money checks", level: 1 }).waitFor();
    await page.getByLabel("Currency").fill("EUR");
    await page.getByRole("button", { name: "Save" }).click();
    await page.locator("#field-currency-error", { hasText: "cannot change once the program has a reward, a won referral, monthly figures" }).waitFor();
    assert.equal(await page.getByLabel("Currency").getAttribute("aria-invalid"), "true");
    await checkAccessibility(page, "the program editor with a locked currency");
    assert.equal((await bluebird.api("GET", `/api/v1/programs/${money.id}`)).currency, "USD");
    await context.close();
  });
});
