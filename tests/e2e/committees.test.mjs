// Buying committees in a real browser. A program "Committee deals" with one advocate and one
// referral of theirs (Ruth Buyer of Northwind, clear of review). A manager opens the referral: its
// committee is not recorded yet (Ruth alone, primary, 0 of 4 influences). They make Ruth the
// economic buyer and coach and add Tess Tech as the technical buyer; choosing Tess as the primary
// contact unchooses Ruth (a second primary cannot be chosen); a DISC secondary equal to the primary
// is refused on its field; then version 1 is recorded: 3 of 4 influences covered, a user buyer
// named as missing. Saving it again changes nothing. A stale save — someone records version 2
// through the API between the page's load and the save — says someone changed the committee and
// reloads to version 2. A viewer reads the committee without an editor. The "Buying committees"
// report (admins, managers, viewers) shows the referral under Tess's DISC style C and in the
// roles_covered row "3" with 1 referral, open; sales reps have no report page. Every page is
// checked with axe-core; screenshots console-referral-committee.png and console-committees.png.
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
let program;
let referral;
const ruth = "ruth.buyer@northwind.example"; // the referee
const tess = "tess.tech@northwind.example";

before(async () => {
  bluebird = await startBluebird();
  browser = await launchBrowser();
  program = await bluebird.api("POST", "/api/v1/programs", {
    name: "Committee deals", kind: "customer", landing_url: "https://placeholder.example/",
  });
  const advocate = await bluebird.api("POST", `/api/v1/programs/${program.id}/advocates`, {
    email: "alex.advocate@advocate.example", first_name: "Alex", last_name: "Advocate",
  });
  referral = await bluebird.api("POST", "/api/v1/referrals", {
    advocate_id: advocate.id, referee: { email: ruth, first_name: "Ruth", last_name: "Buyer", company: "Northwind" },
  });
  assert.equal(referral.review_status, "clear", "the report counts clear referrals only");
});

after(async () => {
  await browser?.close();
  bluebird?.stop();
});

const committeePath = () => `/api/v1/referrals/${referral.id}/committee`;
const section = (page) => page.getByRole("region", { name: "Buying committee", exact: true });
const figure = (page, name) => section(page).locator(`[data-figure="${name}"]`);
const cell = (page, email, name) => section(page).locator(`tr[data-member="${email}"] [data-figure="${name}"]`);
const editor = (page) => section(page).getByRole("form", { name: "Change the committee" });
const member = (page, n) => editor(page).getByRole("group", { name: new RegExp(`^Member ${n}\\b`) });
const record = (page) => editor(page).getByRole("button", { name: "Record the committee" });
const outcome = (page, value, name) => page.locator(`table.committee-outcomes tr[data-value="${value}"] [data-figure="${name}"]`);

async function openReferral(page) {
  await page.goto(`/console/referrals/${referral.id}`);
  await page.getByRole("heading", { name: "Ruth Buyer", level: 1 }).waitFor();
  await figure(page, "coverage").waitFor();
}

describe("buying committees", () => {
  test("a manager records the committee: one primary contact, refusals on their fields, 3 of 4 influences", async () => {
    const { context, page } = await consoleAs(browser, bluebird.base, staff.manager);
    await openReferral(page);
    assert.equal(await figure(page, "version").innerText(), "Not recorded yet: the referee alone, as the primary contact.");
    assert.equal(await figure(page, "coverage").innerText(), "0 of 4 buying influences covered");
    assert.equal(await cell(page, ruth, "marks").innerText(), "Primary contact, Referee");
    await checkAccessibility(page, "a referral's committee not recorded yet");

    const referee = member(page, 1);
    assert.equal(await referee.getByRole("textbox", { name: "Email", exact: true }).count(), 0, "the referee's email is theirs");
    await referee.getByLabel("Economic buyer", { exact: true }).check();
    await referee.getByLabel("Coach", { exact: true }).check();
    await referee.getByLabel("Title", { exact: true }).fill("CFO");
    await referee.getByLabel("Seniority", { exact: true }).selectOption("c_level");
    await editor(page).getByRole("button", { name: "Add a member" }).click();
    const added = member(page, 2);
    await added.getByRole("textbox", { name: "Email", exact: true }).fill(tess);
    await added.getByRole("textbox", { name: "First name", exact: true }).fill("Tess");
    await added.getByLabel("Last name", { exact: true }).fill("Tech");
    await added.getByLabel("Title", { exact: true }).fill("CTO");
    await added.getByLabel("Technical buyer", { exact: true }).check();

    assert.ok(await referee.getByLabel("Primary contact").isChecked(), "the referee is the primary contact at first");
    await added.getByLabel("Primary contact").check();
    assert.equal(await referee.getByLabel("Primary contact").isChecked(), false, "a second primary cannot be chosen");
    assert.equal(await editor(page).getByRole("radio", { checked: true }).count(), 1);

    await added.getByLabel("DISC primary factor").selectOption("C");
    await added.getByLabel("DISC secondary factor").selectOption("C");
    await record(page).click();
    await page.locator("#committee-member-1-disc_secondary-error").getByText("must differ from disc_primary").waitFor();
    assert.equal(await added.getByLabel("DISC secondary factor").getAttribute("aria-invalid"), "true");
    assert.equal((await bluebird.api("GET", committeePath())).version, 0, "nothing recorded");
    await checkAccessibility(page, "a committee refused on its field");

    await added.getByLabel("DISC secondary factor").selectOption("S");
    await record(page).click();
    await section(page).getByText("Recorded version 1.").waitFor();
    assert.equal(await figure(page, "coverage").innerText(), "3 of 4 buying influences covered");
    assert.match(await figure(page, "missing").innerText(), /^Missing: a user buyer, who will work with it\.$/);
    assert.match(await figure(page, "version").innerText(), /^Version 1, recorded .+ by you\.$/);
    assert.equal(await cell(page, ruth, "roles").innerText(), "Economic buyer, Coach");
    assert.equal(await cell(page, ruth, "marks").innerText(), "Referee");
    assert.equal(await cell(page, ruth, "seniority").innerText(), "C-level");
    assert.equal(await cell(page, tess, "roles").innerText(), "Technical buyer");
    assert.equal(await cell(page, tess, "marks").innerText(), "Primary contact");
    assert.equal(await cell(page, tess, "disc").innerText(), "Cs");
    const recorded = await bluebird.api("GET", committeePath());
    assert.equal(recorded.version, 1);
    assert.equal(recorded.roles_covered, 3);
    assert.deepEqual(recorded.roles_missing, ["user_buyer"]);
    assert.deepEqual(recorded.members.map((m) => [m.email, m.roles, m.primary]),
      [[ruth, ["economic_buyer", "coach"], false], [tess, ["technical_buyer"], true]]);
    assert.deepEqual(recorded.members[1].attributes, { disc_primary: "C", disc_secondary: "S", disc_source: "manual" },
      "DISC set by hand says so");
    await checkAccessibility(page, "a recorded committee");
    await assertNoSidewaysScroll(page, "the referral page");
    await screenshot(page, "console-referral-committee");

    await record(page).click();
    await section(page).getByText("No change.").waitFor();
    assert.equal((await bluebird.api("GET", committeePath())).version, 1, "the same members record nothing");
    await context.close();
  });

  test("a save from a version someone has since replaced is refused, and the committee reloads", async () => {
    const { context, page } = await consoleAs(browser, bluebird.base, staff.manager);
    await openReferral(page);
    await member(page, 2).getByLabel("Influencer", { exact: true }).check();

    // Someone else records version 2 between the page's load and the save.
    const read = await bluebird.api("GET", committeePath());
    await bluebird.api("PUT", committeePath(), {
      version: 1,
      members: read.members.map((m) => ({
        email: m.email, first_name: m.first_name, last_name: m.last_name, roles: m.roles, primary: m.primary,
        attributes: m.attributes, title: m.email === tess ? "Chief Technology Officer" : m.title,
      })),
    });

    await record(page).click();
    await section(page).getByText(/^Someone changed the committee since you opened it \(the latest version is 2\)\./).waitFor();
    const latest = await bluebird.api("GET", committeePath());
    assert.equal(latest.version, 2, "the stale save recorded nothing");
    assert.deepEqual(latest.members[1].roles, ["technical_buyer"]);
    await checkAccessibility(page, "a stale save refused");

    await section(page).getByRole("button", { name: "Reload the committee" }).click();
    await figure(page, "version").getByText(/^Version 2, recorded/).waitFor();
    await section(page).getByRole("cell", { name: "Chief Technology Officer" }).waitFor();
    assert.equal(await member(page, 2).getByLabel("Influencer", { exact: true }).isChecked(), false, "the form shows version 2");
    await context.close();
  });

  test("a viewer reads the committee without an editor", async () => {
    const { context, page } = await consoleAs(browser, bluebird.base, staff.viewer);
    await openReferral(page);
    assert.equal(await figure(page, "coverage").innerText(), "3 of 4 buying influences covered");
    assert.equal(await cell(page, tess, "roles").innerText(), "Technical buyer");
    assert.equal(await editor(page).count(), 0);
    assert.equal(await page.getByRole("button", { name: "Record the committee" }).count(), 0);
    await checkAccessibility(page, "a referral's committee for a viewer");
    await context.close();
  });

  test("the report shows the referral by DISC style and by influences covered; sales reps have no report page", async () => {
    const { context, page } = await consoleAs(browser, bluebird.base, staff.manager);
    await nav(page, "Buying committees").click();
    await page.getByRole("heading", { name: "Buying committees", level: 1 }).waitFor();
    await page.getByLabel("Program", { exact: true }).selectOption({ label: "Committee deals" });
    await page.getByLabel("Group the referrals by").selectOption("disc_primary");
    await page.waitForURL(new RegExp(`program_id=${program.id}&attribute=disc_primary`));
    await page.getByRole("columnheader", { name: "Primary contact's DISC style" }).waitFor();
    await outcome(page, "C", "referrals").getByText("1", { exact: true }).waitFor();
    assert.equal(await page.locator('table.committee-outcomes tr[data-value="C"] th').innerText(), "C — Conscientiousness");
    assert.equal(await outcome(page, "D", "referrals").innerText(), "0");
    assert.equal(await outcome(page, "D", "win-rate").innerText(), "—", "no referrals: no win rate");

    await page.getByLabel("Group the referrals by").selectOption("roles_covered");
    await page.waitForURL(/attribute=roles_covered/);
    await page.getByRole("columnheader", { name: "Buying influences covered" }).waitFor();
    await outcome(page, "3", "referrals").getByText("1", { exact: true }).waitFor();
    assert.equal(await page.locator('table.committee-outcomes tr[data-value="3"] th').innerText(), "3 of 4");
    const three = { won: "0", lost: "0", open: "1", "win-rate": "0.00%", "median-days": "—" };
    for (const [name, text] of Object.entries(three)) assert.equal(await outcome(page, "3", name).innerText(), text, `row 3's ${name}`);
    assert.equal(await outcome(page, "total", "referrals").innerText(), "1");
    assert.deepEqual(
      await page.locator("table.committee-outcomes tbody tr").evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-value"))),
      ["0", "1", "2", "3", "4", "unknown"],
      "every count in order, empty ones too, then unknown",
    );
    await page.locator('[data-figure="method"]').getByText(/^The cohort: the program's referrals submitted in \[from, to\)/).waitFor();
    await checkAccessibility(page, "the Buying committees report");
    await assertNoSidewaysScroll(page, "the Buying committees report");
    await screenshot(page, "console-committees");
    await context.close();

    const rep = await consoleAs(browser, bluebird.base, staff.sales_rep);
    assert.equal(await nav(rep.page, "Buying committees").count(), 0, "not for sales reps");
    await rep.page.goto("/console/committees");
    await rep.page.getByText("Buying committees are for admins, managers and viewers.").waitFor();
    await checkAccessibility(rep.page, "the Buying committees page for a sales rep");
    await rep.context.close();
  });
});
