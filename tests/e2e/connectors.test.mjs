// CRM connectors in the console, in a real browser against a real `bluebird serve` and the local
// HubSpot mock (tests/helpers/hubspot_mock.py, which checks every request against HubSpot's
// documented API):
// - an admin opens "CRM" from the navigation; a form with no token is refused in words by the
//   field; connecting HubSpot with a token opens the connector's page;
// - "Test the connection" creates Bluebird's properties in the account, says it is connected and
//   lists the pipeline's stages by id; a stage is mapped and the map saved;
// - a referral made in Bluebird becomes a contact and a deal in HubSpot (Sync now), and the sync
//   log says so; a deal won in HubSpot moves the referral to won;
// - marking advocates' contacts is turned on from the settings;
// - a CRM button's address opens the register page filled in;
// - a manager is offered no "CRM" and the page refuses them in words.
// Every page is checked with axe-core; the connector's screenshot is docs/screenshots/console-connector.png.
import assert from "node:assert/strict";
import { copyFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { startCrmMock } from "./crm_mock.mjs";
import { assertNoSidewaysScroll, checkAccessibility, eventually, launchBrowser, nav, newPerson, root, screenshot, screenshotDir, signInToConsole, staff, startBluebird } from "./harness.mjs";

const admin = { email: "cora.admin@bluebird.test", password: "admin passphrase 1", name: "Cora Admin" };
const token = "pat-na1-e2e-token";

describe("CRM connectors in the console (a HubSpot mock on 127.0.0.1)", () => {
  let bluebird;
  let hubspot;
  let browser;
  let page;
  let connectorId;
  let referral;

  before(async () => {
    hubspot = await startCrmMock("hubspot_mock.py");
    await hubspot.control("POST", "config", { token });
    bluebird = await startBluebird([
      "--set", `connectors.secret_key=${Buffer.alloc(32, 7).toString("base64")}`,
      "--set", "connectors.allow_private_targets=true",
    ]);
    await bluebird.api("POST", "/api/v1/users", { email: admin.email, name: admin.name, role: "admin", password: admin.password });
    browser = await launchBrowser();
    page = await (await newPerson(browser, bluebird.base, "desktop")).newPage();
    await signInToConsole(page, admin);
  });

  after(async () => {
    await browser?.close();
    bluebird?.stop();
    hubspot?.stop();
  });

  test("an admin connects HubSpot: a missing token is named, then the connector opens", async () => {
    await nav(page, "CRM").click();
    await page.getByRole("heading", { name: "CRM connectors", level: 1 }).waitFor();
    await page.getByText("No CRM is connected yet.").waitFor();
    await page.getByRole("combobox", { name: "CRM", exact: true }).selectOption("hubspot");
    await page.getByLabel("HubSpot API URL").fill(hubspot.url);
    await page.getByRole("button", { name: "Connect" }).click();
    await page.locator("#field-token-error").getByText("the service key or private app token").waitFor();
    await page.getByLabel("Service key or private app token").fill(token);
    await page.getByRole("button", { name: "Connect" }).click();
    await page.waitForURL(/\/console\/connectors\/con_[0-9a-z]{26}\?created=1$/);
    connectorId = page.url().match(/con_[0-9a-z]{26}/)[0];
    await page.getByText("Connected. Test the connection below").waitFor();
    await page.getByRole("heading", { name: "HubSpot", level: 2 }).waitFor();
    const shown = await bluebird.api("GET", `/api/v1/connectors/${connectorId}`);
    assert.equal(JSON.stringify(shown).includes(token), false, "the token never comes back");
    await checkAccessibility(page, "a new connector");
  });

  test("the connection test creates Bluebird's properties and lists the stages; a stage map is saved", async () => {
    await page.getByRole("button", { name: "Test the connection" }).click();
    await page.getByText("Connected: every field and value Bluebird needs is there.").waitFor();
    const stages = page.getByRole("table", { name: "The CRM's stages: choose what each means in Bluebird" });
    await stages.getByText("closedwon", { exact: true }).waitFor();
    await page.getByLabel("Bluebird stage for qualifiedtobuy").selectOption("qualified");
    await page.getByRole("button", { name: "Save the stage map" }).click();
    await page.getByText("Stage map saved").waitFor();
    const saved = await bluebird.api("GET", `/api/v1/connectors/${connectorId}`);
    assert.deepEqual(saved.stage_map, { qualifiedtobuy: "qualified" });
    await checkAccessibility(page, "a connector after its connection test");
  });

  test("a referral becomes a contact and a deal, the log says so, and a deal won moves it", async () => {
    const advocate = await bluebird.api("POST", `/api/v1/programs/${bluebird.programId}/advocates`, {
      email: "ann.lee@client.example", first_name: "Ann", last_name: "Lee",
    });
    referral = await bluebird.api("POST", "/api/v1/referrals", {
      advocate_id: advocate.id, referee: { email: "rita.ray@prospect.example", first_name: "Rita", last_name: "Ray" },
    });
    await page.getByRole("button", { name: "Sync now" }).click();
    await page.getByText("Syncing now").waitFor();
    const deal = await eventually(async () => {
      const deals = await hubspot.records("deals");
      return deals.find((d) => d.properties.bluebird_referral_id === referral.id);
    }, "the referral's deal reaches HubSpot", 20000);
    assert.equal(deal.properties.bluebird_advocate_name, "Ann Lee");
    const contacts = await hubspot.records("contacts");
    assert.equal(contacts.length, 1);
    assert.equal(contacts[0].properties.firstname, "Rita");

    await eventually(async () => {
      await page.getByRole("button", { name: "Read again" }).click();
      return (await page.getByRole("table", { name: "Sync log, newest first" }).getByText(/sent 1 referral: 1 synced/).count()) > 0;
    }, "the sync log shows the referral sent", 20000, 250);

    await hubspot.control("POST", "records", { object: "deals", id: deal.id, properties: { dealstage: "closedwon", amount: "4200" } });
    await page.getByRole("button", { name: "Sync now" }).click();
    await eventually(async () => (await bluebird.api("GET", `/api/v1/referrals/${referral.id}`)).stage === "won",
      "the deal won in HubSpot moves the referral", 20000);
    await page.reload();
    await page.getByText("1 sent, 0 refused by the CRM").waitFor();
    await checkAccessibility(page, "a connector that sent a referral");
    await assertNoSidewaysScroll(page, "the connector page");
    await screenshot(page, "console-connector");
    copyFileSync(path.join(screenshotDir, "console-connector.png"), path.join(root, "docs/screenshots/console-connector.png"));
    assert.deepEqual(await hubspot.violations(), []);
  });

  test("marking advocates' contacts and writing lead scores are turned on in the settings", async () => {
    const settings = page.getByRole("form", { name: "Settings" });
    await settings.getByLabel("Advocates in the CRM").selectOption("true");
    await settings.getByLabel("Lead scores in the CRM").selectOption("true");
    await settings.getByRole("button", { name: "Save", exact: true }).click();
    await eventually(async () => {
      const saved = await bluebird.api("GET", `/api/v1/connectors/${connectorId}`);
      return saved.sync_advocates === true && saved.sync_scores === true;
    }, "the settings are saved", 10000);
    // The referral sent before was won (closed: its deal keeps what it had); a new one carries its score.
    const advocate = (await bluebird.api("GET", `/api/v1/referrals/${referral.id}`)).advocate_id;
    const next = await bluebird.api("POST", "/api/v1/referrals", {
      advocate_id: advocate, referee: { email: "sam.soo@prospect.example", first_name: "Sam", last_name: "Soo" },
    });
    const score = await bluebird.api("GET", `/api/v1/referrals/${next.id}/score`);
    const deal = await eventually(async () => {
      const deals = await hubspot.records("deals");
      return deals.find((d) => d.properties.bluebird_referral_id === next.id && d.properties.bluebird_lead_grade);
    }, "the new referral's deal carries its lead score and grade", 20000);
    assert.equal(deal.properties.bluebird_lead_grade, score.grade);
    assert.equal(deal.properties.bluebird_lead_score, String(Math.round(score.total)));
    assert.ok((await bluebird.api("GET", `/api/v1/connectors/${connectorId}`)).scores_scanned_at, "the scan ran");
    await checkAccessibility(page, "the connector settings with lead scores");
    assert.deepEqual(await hubspot.violations(), []);
  });

  test("a CRM button's address opens the register page filled in", async () => {
    await page.goto(`/console/advocates/new?program_id=${bluebird.programId}&advocate_email=grace%40navy.example` +
      "&advocate_first_name=Grace&advocate_last_name=Hopper&lead_email=ken%40unix.example");
    await page.getByLabel("Email").first().waitFor();
    const values = await page.locator("form input").evaluateAll((inputs) =>
      Object.fromEntries(inputs.filter((i) => i.name).map((i) => [i.name, i.value])));
    assert.equal(values.advocate_email, "grace@navy.example");
    assert.equal(values.advocate_first_name, "Grace");
    assert.equal(values.advocate_last_name, "Hopper");
    assert.equal(values.lead_email, "ken@unix.example");
  });

  test("a manager is offered no CRM page", async () => {
    const manager = await (await newPerson(browser, bluebird.base, "desktop")).newPage();
    await signInToConsole(manager, staff.manager);
    assert.equal(await nav(manager, "CRM").count(), 0);
    await manager.goto(`/console/connectors/${connectorId}`);
    await manager.getByText("Only admins connect CRMs.").waitFor();
    await checkAccessibility(manager, "the connector page refused to a manager");
    await manager.context().close();
  });
});
