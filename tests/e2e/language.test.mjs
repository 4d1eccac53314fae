// A program's language and wording in a real browser: a manager opens the program's "Language and
// wording" page (each sentence Bluebird writes to advocates, grouped by where they read it, with its
// default and placeholders), sets the language to "de" and rewords stage.won and
// reward_status.fulfilled; the server refuses a placeholder stage.won does not offer, named under
// that field, and nothing changes; the good values are saved, only what changed being sent. Ada, an
// advocate with a won referral and a paid reward, reads "Kunde geworden" and "Ausgezahlt" in her
// portal, which is in German (<html lang="de">). The manager restores stage.won's default and the
// portal says "Became a customer" again. Viewers and sales reps read the page with no inputs or
// buttons. Every page is checked with axe-core; screenshot console-language.png.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import {
  assertNoSidewaysScroll,
  checkAccessibility,
  consoleAs as consoleAsIn,
  launchBrowser,
  portalAs,
  screenshotDir,
  staff,
  startBluebird,
} from "./harness.mjs";

let bluebird;
let browser;
let ada; // a won referral (Grace Hopper) and its reward, paid

before(async () => {
  bluebird = await startBluebird();
  browser = await launchBrowser();
  ada = await bluebird.api("POST", `/api/v1/programs/${bluebird.programId}/advocates`, {
    email: "ada.language@advocate.example", first_name: "Ada", last_name: "Lovelace",
  });
  const referral = await bluebird.api("POST", "/api/v1/referrals", {
    advocate_id: ada.id, referee: { email: "grace.language@buyer.example", first_name: "Grace", last_name: "Hopper" },
  });
  const won = await bluebird.api("POST", `/api/v1/referrals/${referral.id}/stage`, { stage: "won", deal_value_minor: 500000 });
  assert.equal(won.rewards.length, 1, "the program's rule on won made a reward");
  await bluebird.api("POST", `/api/v1/rewards/${won.rewards[0].id}/approve`);
  await bluebird.api("POST", `/api/v1/rewards/${won.rewards[0].id}/fulfill`, { reference: "PAY-LANG-1" });
});

after(async () => {
  await browser?.close();
  bluebird?.stop();
});

const consoleAs = (who) => consoleAsIn(browser, bluebird.base, who);
const languagePath = () => `/api/v1/programs/${bluebird.programId}/language`;
const stored = () => bluebird.api("GET", languagePath());
const sentence = (settings, key) => settings.messages.find((m) => m.key === key);

// From the programs list to the program's page, then its "Language and wording".
async function openLanguage(page) {
  await page.getByRole("link", { name: "Acme customers" }).click();
  await page.getByRole("heading", { name: "Acme customers", level: 1 }).waitFor();
  await page.getByRole("link", { name: "Language and wording" }).click();
  await page.getByRole("heading", { name: "Language and wording: Acme customers", level: 1 }).waitFor();
}

// The next PUT of the language the page sends, as its JSON body.
const nextPut = (page) =>
  page.waitForRequest((r) => r.method() === "PUT" && new URL(r.url()).pathname === languagePath()).then((r) => r.postDataJSON());

const wording = (page, key) => page.getByRole("textbox", { name: key, exact: true });

describe("a program's language and wording", () => {
  test("a manager sets the language and rewords two sentences, after the server refuses a placeholder", async () => {
    const { context, page } = await consoleAs(staff.manager);
    await openLanguage(page);
    const language = page.getByRole("textbox", { name: "Language", exact: true });
    assert.equal(await language.inputValue(), "en");
    const stages = page.getByRole("group", { name: "The portal: where a referral stands" });
    const won = stages.getByRole("textbox", { name: "stage.won", exact: true });
    assert.equal(await won.inputValue(), "", "empty: the default");
    assert.equal(await won.getAttribute("placeholder"), "Became a customer");
    await stages.getByText("Default: “Became a customer”. No placeholders. Empty: the default.").waitFor();
    await page.getByRole("group", { name: "The portal's rewards: what a reward was given for" })
      .getByText("Default: “{{referee}} became a customer”. Placeholders: {{referee}}.", { exact: false }).waitFor();
    assert.equal(await page.getByRole("textbox").count(), 49, "the language and 48 sentences");
    assert.equal(await page.getByRole("button", { name: /^Restore the default/ }).count(), 0, "nothing reworded yet");
    await checkAccessibility(page, "the language page");

    await language.fill("de");
    await won.fill("{{amount}}");
    await wording(page, "reward_status.fulfilled").fill("Ausgezahlt");
    await page.getByRole("button", { name: "Save the wording" }).click();
    await page.locator('[id="message-stage.won-error"]').getByText("{{amount}} is not offered here: this one takes none").waitFor();
    assert.equal(await won.getAttribute("aria-invalid"), "true");
    assert.equal(await wording(page, "reward_status.fulfilled").getAttribute("aria-invalid"), null, "only the field named");
    assert.equal(await language.inputValue(), "de", "what was typed is kept");
    const refused = await stored();
    assert.equal(refused.language, "en", "nothing changed");
    assert.equal(refused.messages.filter((m) => m.custom).length, 0);
    await checkAccessibility(page, "the language page refusing a placeholder");

    await won.fill("Kunde geworden");
    const body = nextPut(page);
    await page.getByRole("button", { name: "Save the wording" }).click();
    assert.deepEqual(await body, { language: "de", messages: { "stage.won": "Kunde geworden", "reward_status.fulfilled": "Ausgezahlt" } },
      "only what changed");
    await page.getByRole("status").getByText("Saved: advocates read these words from now on.").waitFor();
    await page.getByRole("button", { name: "Restore the default of stage.won" }).waitFor();
    assert.equal(await won.getAttribute("aria-invalid"), null);
    const saved = await stored();
    assert.equal(saved.language, "de");
    assert.deepEqual(sentence(saved, "stage.won"), {
      key: "stage.won", text: "Kunde geworden", default: "Became a customer", custom: true, placeholders: [],
      about: "the portal: where a referral stands",
    });
    assert.equal(sentence(saved, "reward_status.fulfilled").text, "Ausgezahlt");
    assert.deepEqual(saved.messages.filter((m) => m.custom).map((m) => m.key), ["stage.won", "reward_status.fulfilled"]);

    // The language and the first group of sentences (the rest of the page is more of the same).
    await page.evaluate(() => window.scrollTo(0, 0));
    const first = await page.getByRole("group", { name: "The portal's rewards: what a reward was given for" }).boundingBox();
    await page.screenshot({
      path: path.join(screenshotDir, "console-language.png"),
      fullPage: true,
      clip: { x: 0, y: 0, width: 1280, height: Math.ceil(first.y + first.height + 16) },
    });

    await page.getByRole("button", { name: "Save the wording" }).click();
    await page.getByRole("status").getByText("Nothing to save: nothing was changed.").waitFor();
    await context.close();
  });

  test("Ada reads the program's words in her portal, in German", async () => {
    const { context, page } = await portalAs(browser, bluebird, ada);
    const referrals = page.getByRole("region", { name: "Your referrals" });
    await referrals.getByText("Kunde geworden", { exact: true }).waitFor();
    assert.equal(await referrals.getByText("Became a customer", { exact: true }).count(), 0);
    await page.getByRole("table", { name: "Rewards" }).getByText("Ausgezahlt", { exact: true }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), "de");
    await referrals.getByRole("button", { name: /Grace Hopper/ }).click();
    await referrals.locator(".history").getByText("Kunde geworden", { exact: true }).waitFor();
    await checkAccessibility(page, "the portal in the program's words");
    await assertNoSidewaysScroll(page, "the portal in the program's words");
    await context.close();
  });

  test("the manager restores stage.won's default, and the portal says it again", async () => {
    const { context, page } = await consoleAs(staff.manager);
    await openLanguage(page);
    assert.equal(await page.getByRole("textbox", { name: "Language", exact: true }).inputValue(), "de");
    assert.equal(await wording(page, "stage.won").inputValue(), "Kunde geworden");
    const body = nextPut(page);
    await page.getByRole("button", { name: "Restore the default of stage.won" }).click();
    assert.deepEqual(await body, { messages: { "stage.won": null } });
    await page.getByRole("status").getByText("Restored the default of stage.won: “Became a customer”.").waitFor();
    await page.getByRole("button", { name: "Restore the default of stage.won" }).waitFor({ state: "detached" });
    assert.equal(await wording(page, "stage.won").inputValue(), "");
    assert.equal(await wording(page, "reward_status.fulfilled").inputValue(), "Ausgezahlt", "the others keep theirs");
    const restored = await stored();
    assert.equal(restored.language, "de");
    assert.deepEqual(restored.messages.filter((m) => m.custom).map((m) => m.key), ["reward_status.fulfilled"]);
    await context.close();

    const portal = await portalAs(browser, bluebird, ada);
    const referrals = portal.page.getByRole("region", { name: "Your referrals" });
    await referrals.getByText("Became a customer", { exact: true }).waitFor();
    await portal.page.getByRole("table", { name: "Rewards" }).getByText("Ausgezahlt", { exact: true }).waitFor();
    await portal.context.close();
  });

  test("viewers and sales reps read the page without inputs or buttons", async () => {
    for (const who of [staff.viewer, staff.sales_rep]) {
      const { context, page } = await consoleAs(who);
      await openLanguage(page);
      const main = page.getByRole("main");
      await main.getByText("Only admins and managers change a program's words.").waitFor();
      assert.equal(await page.getByTestId("language-tag").innerText(), "de");
      const fulfilled = main.getByRole("table", { name: "The portal: where a reward stands" }).getByRole("row")
        .filter({ has: page.getByRole("rowheader", { name: "reward_status.fulfilled" }) });
      assert.deepEqual((await fulfilled.getByRole("cell").allInnerTexts()).map((t) => t.trim()), ["Ausgezahlt own", "Paid", "none"]);
      const won = main.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "stage.won" }) });
      assert.deepEqual((await won.getByRole("cell").allInnerTexts()).map((t) => t.trim()), ["Became a customer", "Became a customer", "none"]);
      assert.equal(await main.getByRole("textbox").count(), 0, "nothing to type in");
      assert.equal(await main.getByRole("button").count(), 0, "nothing to press");
      await checkAccessibility(page, `the language page for a ${who === staff.viewer ? "viewer" : "sales rep"}`);
      await context.close();
    }
  });
});
