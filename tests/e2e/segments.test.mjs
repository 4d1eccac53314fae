// Segments with their own words in a real browser: a manager gives the program a portal headline
// and landing words in its editor (with the preview), then adds two segments on the console's
// Segments page — "VIP customers" (attribute tier gold or platinum, tag vip, the program's first
// level) after the server refuses an unknown placeholder under the portal headline, with its own
// share message, portal headline and landing headline previewed for Ada; and "Everyone else", a
// catch-all. Moving the catch-all first warns that nobody reaches the VIP segment; moving VIP back
// up clears it. The manager writes the VIP landing introduction and a welcome email of the
// segment's own (previewed by the server), and sets it back to the program's. Vera, a VIP, sees the
// segment's headline and share message in her portal; Paul (the catch-all) the program's. A visitor
// following Vera's link reads the segment's landing words and sends the form; Paul's link shows the
// program's. The advocate pages name each one's segment and words; retiring the catch-all leaves
// Paul in no segment, and it comes back last. The dashboard counts each referral in the segment its
// advocate was in when it was sent (Paul's first, from before any segment, in "No segment"). Viewers
// and sales reps read the list with no buttons or forms. Every page is checked with axe-core;
// screenshots console-segments.png and landing-segment.png.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import {
  assertNoSidewaysScroll,
  checkAccessibility,
  consoleAs as consoleAsIn,
  eventually,
  launchBrowser,
  nav,
  newPerson,
  portalAs,
  screenshot,
  screenshotDir,
  staff,
  startBluebird,
} from "./harness.mjs";

let bluebird;
let browser;
let vera; // tier gold, tagged vip: in "VIP customers"
let paul; // nothing special: in "Everyone else"
let firstLevel; // the program's lowest level's name

const programHeadline = "Thanks for spreading the word about {{program.name}}";
const programIntro = "We help teams like yours ship on time.\nTell us a little about your work.";
const vipShare = "{{advocate.first_name}} here: as a VIP of {{program.name}} I recommend them.";
const vipHeadline = "{{advocate.first_name}}, thank you for being a VIP of {{program.name}}";
const vipLanding = "{{advocate.first_name}} thinks you should meet {{program.name}}";
const vipIntro = "{{advocate.first_name}} has worked with us for years. Tell us what you need.";

before(async () => {
  bluebird = await startBluebird();
  browser = await launchBrowser();
  const enrol = (email, first_name, last_name, extra = {}) =>
    bluebird.api("POST", `/api/v1/programs/${bluebird.programId}/advocates`, { email, first_name, last_name, ...extra });
  vera = await enrol("vera.segment@advocate.example", "Vera", "Vip", { attributes: { tier: "gold" }, tags: ["VIP", "emea"] });
  paul = await enrol("paul.segment@advocate.example", "Paul", "Plain", { attributes: { tier: "silver" } });
  // Before any segment: counted in no segment.
  await bluebird.api("POST", "/api/v1/referrals", {
    advocate_id: paul.id, referee: { email: "early.bird@buyer.example", first_name: "Early", last_name: "Bird" },
  });
  firstLevel = (await bluebird.api("GET", `/api/v1/programs/${bluebird.programId}/points-settings`)).levels[0].name;
});

after(async () => {
  await browser?.close();
  bluebird?.stop();
});

const consoleAs = (who) => consoleAsIn(browser, bluebird.base, who);
const segmentList = async () =>
  (await bluebird.api("GET", `/api/v1/programs/${bluebird.programId}/segments?include_retired=true`)).data;
const segmentNamed = async (name) => (await segmentList()).find((s) => s.name === name);

async function openSegments(page) {
  await nav(page, "Segments").click();
  await page.getByRole("heading", { name: "Segments", level: 1 }).waitFor();
  await page.getByRole("heading", { name: "Acme customers: segments", level: 2 }).waitFor();
}

const table = (page) => page.getByRole("table", { name: "Segments, in order" });
const row = (page, name) => table(page).getByRole("row").filter({ has: page.getByText(name, { exact: true }) });
// The segments' names, in the table's order.
const order = (page) => table(page).locator("tbody .segment-name").allInnerTexts();

describe("segments", () => {
  test("a manager gives the program a portal headline and landing words, with the preview", async () => {
    const { context, page } = await consoleAs(staff.manager);
    await page.getByRole("link", { name: "Acme customers" }).click();
    await page.getByRole("heading", { name: "Acme customers", level: 1 }).waitFor();
    assert.equal(await page.getByLabel("Landing page headline").inputValue(), "{{program.name}}", "the default, shown");
    assert.equal(await page.getByTestId("portal-headline-preview").innerText(), "(no headline)");
    await page.getByLabel("Portal headline").fill(programHeadline);
    assert.equal(await page.getByTestId("portal-headline-preview").innerText(), "Thanks for spreading the word about Acme customers");
    // The program's landing page is also reached without anyone's link: no advocate to name.
    await page.getByLabel("Landing page introduction").fill("{{advocate.first_name}} sent you");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.locator("#field-landing_intro-error").getByText("unknown placeholder {{advocate.first_name}}", { exact: false }).waitFor();
    assert.equal(await page.getByLabel("Landing page introduction").getAttribute("aria-invalid"), "true");
    assert.equal((await bluebird.api("GET", `/api/v1/programs/${bluebird.programId}`)).branding.portal_headline, "", "nothing saved");
    await checkAccessibility(page, "the program editor refusing a placeholder");

    await page.getByLabel("Landing page introduction").fill(programIntro);
    assert.equal(await page.getByTestId("landing-intro-preview").innerText(), programIntro);
    assert.equal(await page.getByTestId("landing-headline-preview").innerText(), "Acme customers");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await eventually(async () => {
      const program = await bluebird.api("GET", `/api/v1/programs/${bluebird.programId}`);
      return program.branding.portal_headline === programHeadline && program.branding.landing_intro === programIntro;
    }, "the program's words are saved");
    const saved = await bluebird.api("GET", `/api/v1/programs/${bluebird.programId}`);
    assert.equal(saved.branding.landing_headline, "{{program.name}}", "the untouched default stays the default");
    await checkAccessibility(page, "the program editor with its words");
    await page.getByRole("main").getByRole("link", { name: "Segments", exact: true }).click();
    await page.getByRole("heading", { name: "Acme customers: segments", level: 2 }).waitFor();
    await context.close();
  });

  test("a manager adds two segments, after the server refuses an unknown placeholder by name", async () => {
    const { context, page } = await consoleAs(staff.manager);
    await openSegments(page);
    assert.equal(await page.getByLabel("Program", { exact: true }).inputValue(), bluebird.programId);
    await page.getByText("No segments yet: every advocate gets the program's words.").waitFor();
    const add = page.getByRole("form", { name: "Add a segment" });
    await add.getByRole("textbox", { name: "Name", exact: true }).fill("VIP customers");
    await add.getByRole("textbox", { name: "Description", exact: true }).fill("Our gold and platinum customers who said yes to the VIP club.");
    const attribute = add.getByRole("group", { name: "Attribute 1", exact: true });
    await attribute.getByRole("textbox", { name: "Key", exact: true }).fill("tier");
    await attribute.getByRole("textbox", { name: "Is one of", exact: true }).fill("gold, platinum");
    await add.getByRole("textbox", { name: "Tags", exact: true }).fill("vip");
    const levels = (await bluebird.api("GET", `/api/v1/programs/${bluebird.programId}/points-settings`)).levels;
    assert.deepEqual(
      await add.getByRole("combobox", { name: "Level" }).locator("option").allInnerTexts(),
      ["Any level", ...levels.map((l) => `${l.name} or above`)],
      "the program's levels to choose from",
    );
    await add.getByRole("combobox", { name: "Level" }).selectOption(firstLevel);

    // The words, previewed for Ada; an empty one shows the program's.
    await add.getByRole("textbox", { name: "Share message", exact: true }).fill(vipShare);
    assert.equal(await page.getByTestId("segment-add-preview-share_message").innerText(), "Ada here: as a VIP of Acme customers I recommend them.");
    assert.equal(
      await page.getByTestId("segment-add-preview-portal_headline").innerText(),
      "Thanks for spreading the word about Acme customers",
      "the program's headline while the segment has none",
    );
    await add.locator("#segment-add-preview-portal_headline").getByText("(the program's words)", { exact: false }).waitFor();
    await add.getByRole("textbox", { name: "Portal headline", exact: true }).fill("{{advocate.nickname}}, welcome back");
    await add.getByRole("textbox", { name: "Landing page headline", exact: true }).fill(vipLanding);
    assert.equal(await page.getByTestId("segment-add-preview-landing_headline").innerText(), "Ada thinks you should meet Acme customers");
    assert.equal(await page.getByTestId("segment-add-preview-landing_intro").innerText(), programIntro, "the program's introduction");
    await checkAccessibility(page, "the segments page, empty, with the add form filled");

    await add.getByRole("button", { name: "Add the segment" }).click();
    await add.locator("#segment-add-portal_headline-error").getByText("unknown placeholder {{advocate.nickname}}", { exact: false }).waitFor();
    assert.equal(await add.getByRole("textbox", { name: "Portal headline", exact: true }).getAttribute("aria-invalid"), "true");
    assert.equal(await add.getByRole("textbox", { name: "Share message", exact: true }).getAttribute("aria-invalid"), null);
    assert.equal(await add.getByRole("textbox", { name: "Name", exact: true }).inputValue(), "VIP customers", "what was typed stays");
    await add.getByRole("alert").waitFor();
    assert.deepEqual(await segmentList(), [], "nothing added");
    await checkAccessibility(page, "the add form refused");

    await add.getByRole("textbox", { name: "Portal headline", exact: true }).fill(vipHeadline);
    assert.equal(await page.getByTestId("segment-add-preview-portal_headline").innerText(), "Ada, thank you for being a VIP of Acme customers");
    await add.getByRole("button", { name: "Add the segment" }).click();
    await page.getByText("Added: VIP customers, 1 in the order.").waitFor();
    assert.equal(await add.getByRole("textbox", { name: "Name", exact: true }).inputValue(), "", "the form starts again");
    const vip = row(page, "VIP customers");
    await vip.getByText(`Attribute tier is gold or platinum · tag vip · level ${firstLevel} or above`, { exact: true }).waitFor();
    await vip.getByText("Share message, portal headline and landing headline", { exact: true }).waitFor();
    const stored = await segmentNamed("VIP customers");
    assert.deepEqual(stored.attributes, { tier: ["gold", "platinum"] });
    assert.deepEqual(stored.tags, ["vip"]);
    assert.equal(stored.min_level, firstLevel);
    assert.equal(stored.share_message, vipShare);
    assert.equal(stored.portal_headline, vipHeadline);
    assert.equal(stored.landing_intro, "");

    await add.getByRole("textbox", { name: "Name", exact: true }).fill("Everyone else");
    await add.getByRole("textbox", { name: "Description", exact: true }).fill("The catch-all: the program's words.");
    assert.equal(await add.getByRole("combobox", { name: "Place in the order" }).inputValue(), "", "last unless told");
    await add.getByRole("button", { name: "Add the segment" }).click();
    await page.getByText("Added: Everyone else, 2 in the order.").waitFor();
    await row(page, "Everyone else").getByText("Everyone (a catch-all: no filter)").waitFor();
    await row(page, "Everyone else").getByText("None: the program's").waitFor();
    assert.deepEqual(await order(page), ["VIP customers", "Everyone else"]);
    await checkAccessibility(page, "the segments page with two segments");
    await context.close();
  });

  test("moving the catch-all first warns that nobody reaches the segment after it; moving back clears it", async () => {
    const { context, page } = await consoleAs(staff.manager);
    await openSegments(page);
    const warning = "\"Everyone else\" comes before it and holds every advocate: nobody reaches this one.";
    assert.equal(await page.getByText(warning).count(), 0);
    assert.equal(await row(page, "VIP customers").getByRole("button", { name: "Move up VIP customers" }).isDisabled(), true, "already first");
    await row(page, "Everyone else").getByRole("button", { name: "Move up Everyone else" }).click();
    await page.getByText("Moved: Everyone else is now 1 in the order.").waitFor();
    await row(page, "VIP customers").getByText(warning).waitFor();
    assert.deepEqual(await order(page), ["Everyone else", "VIP customers"]);
    assert.equal((await segmentNamed("VIP customers")).position, 2, "the others renumbered");
    await checkAccessibility(page, "the segments page with a warning");

    await row(page, "VIP customers").getByRole("button", { name: "Move up VIP customers" }).click();
    await page.getByText("Moved: VIP customers is now 1 in the order.").waitFor();
    await page.getByText(warning).waitFor({ state: "detached" });
    assert.deepEqual(await order(page), ["VIP customers", "Everyone else"]);
    assert.deepEqual((await segmentList()).map((s) => [s.name, s.position]), [["VIP customers", 1], ["Everyone else", 2]]);
    await context.close();
  });

  test("the manager writes the VIP landing introduction and a welcome email of its own, then gives the email back", async () => {
    const { context, page } = await consoleAs(staff.manager);
    await openSegments(page);
    await row(page, "VIP customers").getByRole("button", { name: "Edit VIP customers" }).click();
    const edit = page.getByRole("form", { name: "Edit VIP customers" });
    assert.equal(await edit.getByRole("textbox", { name: "Tags", exact: true }).inputValue(), "vip");
    assert.equal(await edit.getByRole("group", { name: "Attribute 1" }).getByRole("textbox", { name: "Is one of" }).inputValue(), "gold, platinum");
    await edit.getByRole("textbox", { name: "Landing page introduction", exact: true }).fill(vipIntro);
    assert.equal(await page.getByTestId("segment-edit-preview-landing_intro").innerText(), "Ada has worked with us for years. Tell us what you need.");
    await checkAccessibility(page, "the edit form");
    await edit.getByRole("button", { name: "Save the changes" }).click();
    await page.getByText("Saved: VIP customers.").waitFor();
    await row(page, "VIP customers").getByText("Share message, portal headline, landing headline and landing introduction").waitFor();
    assert.equal((await segmentNamed("VIP customers")).landing_intro, vipIntro);

    await row(page, "VIP customers").getByRole("button", { name: "Emails of VIP customers" }).click();
    const emails = page.getByRole("region", { name: "VIP customers: emails" });
    const welcome = emails.getByRole("table", { name: "Emails of VIP customers" }).getByRole("row")
      .filter({ has: page.getByRole("rowheader", { name: "Welcome", exact: true }) });
    await welcome.getByText("program's", { exact: true }).waitFor();
    assert.equal(await emails.locator('tr[data-kind="invitation"]').count(), 0, "invitations are always the program's");
    await welcome.getByRole("button", { name: "Edit the Welcome email" }).click();
    const editor = emails.getByRole("form", { name: "Welcome email for VIP customers" });
    await editor.getByRole("textbox", { name: "Subject" }).fill("A VIP welcome, {{advocate.first_name}}");
    await emails.getByTestId("preview-subject").getByText("A VIP welcome, Ada").waitFor();
    await checkAccessibility(page, "the segment's email editor");
    await editor.getByRole("button", { name: "Save the email" }).click();
    await emails.getByText("Saved: the advocates of VIP customers get these words for “Welcome” from the next email on.").waitFor();
    await welcome.getByText("own", { exact: true }).waitFor();
    await row(page, "VIP customers").getByText("email: Welcome", { exact: false }).waitFor();
    assert.deepEqual((await segmentNamed("VIP customers")).own_emails, ["welcome"]);
    // The list and the segment's emails (the add form below them left out).
    await page.evaluate(() => window.scrollTo(0, 0));
    const box = await emails.boundingBox();
    await page.screenshot({
      path: path.join(screenshotDir, "console-segments.png"),
      fullPage: true,
      clip: { x: 0, y: 0, width: 1280, height: Math.ceil(box.y + box.height + 16) },
    });

    await welcome.getByRole("button", { name: "Edit the Welcome email" }).click();
    await editor.getByRole("button", { name: "Back to the program's words…" }).click();
    const dialog = page.getByRole("dialog", { name: "Send the program's “Welcome” to VIP customers?" });
    await dialog.getByRole("button", { name: "Yes, use the program's words" }).click();
    await emails.getByText("Welcome: back to the program's words for VIP customers.").waitFor();
    await welcome.getByText("program's", { exact: true }).waitFor();
    assert.deepEqual((await segmentNamed("VIP customers")).own_emails, []);
    await context.close();
  });

  test("Vera, a VIP, sees the segment's headline and share message in her portal; Paul the program's", async () => {
    const { context, page } = await portalAs(browser, bluebird, vera);
    await page.getByTestId("portal-headline").getByText("Vera, thank you for being a VIP of Acme customers", { exact: true }).waitFor();
    assert.equal(await page.getByLabel("Message", { exact: true }).inputValue(), "Vera here: as a VIP of Acme customers I recommend them.");
    await checkAccessibility(page, "the portal with a segment's words");
    await assertNoSidewaysScroll(page, "the portal with a segment's words");
    await context.close();

    const plain = await portalAs(browser, bluebird, paul);
    await plain.page.getByTestId("portal-headline").getByText("Thanks for spreading the word about Acme customers", { exact: true }).waitFor();
    assert.equal(
      await plain.page.getByLabel("Message", { exact: true }).inputValue(),
      "I think you would get a lot out of Acme customers. Have a look through my link:",
      "the program's (default) message",
    );
    await plain.context.close();
  });

  test("a visitor following Vera's link reads the segment's landing words and is referred in it", async () => {
    const context = await newPerson(browser, bluebird.base, "desktop");
    const page = await context.newPage();
    await page.goto(`${vera.link}?c=copy`);
    await page.waitForURL(new RegExp(`/landing/${bluebird.slug}\\?bb_ref=`));
    await page.getByRole("heading", { name: "Vera thinks you should meet Acme customers", level: 1 }).waitFor();
    await page.getByText("Vera has worked with us for years. Tell us what you need.").waitFor();
    assert.equal(await page.getByLabel("Referral code").inputValue(), vera.code);
    await checkAccessibility(page, "the landing page in a segment's words");
    await screenshot(page, "landing-segment");
    await page.getByLabel("First name").fill("Grace");
    await page.getByLabel("Last name").fill("Hopper");
    await page.getByLabel("Work email").fill("grace.segment@buyer.example");
    await page.getByRole("button", { name: "Send" }).click();
    await page.getByText("Thank you. We received your details").waitFor();
    await context.close();
    const vip = await segmentNamed("VIP customers");
    const referrals = (await bluebird.api("GET", `/api/v1/referrals?advocate_id=${vera.id}`)).data;
    assert.deepEqual(referrals.map((r) => [r.referee.email, r.segment_id]), [["grace.segment@buyer.example", vip.id]]);

    // Paul's link: the program's words (the catch-all has none of its own).
    const other = await newPerson(browser, bluebird.base, "phone");
    const visitor = await other.newPage();
    await visitor.goto(paul.link);
    await visitor.waitForURL(new RegExp(`/landing/${bluebird.slug}\\?bb_ref=`));
    await visitor.getByRole("heading", { name: "Acme customers", level: 1, exact: true }).waitFor();
    assert.equal(await visitor.locator(".landing-intro").innerText(), programIntro);
    await assertNoSidewaysScroll(visitor, "the landing page on a phone");
    await other.close();

    // The page opened with bb_ref but without the link's cookie (a link pasted elsewhere): the page
    // asks for the code's words itself.
    const pasted = await newPerson(browser, bluebird.base, "desktop");
    const direct = await pasted.newPage();
    await direct.goto(`/landing/${bluebird.slug}?bb_ref=${vera.code}`);
    await direct.getByRole("heading", { name: "Vera thinks you should meet Acme customers", level: 1 }).waitFor();
    assert.equal((await pasted.cookies()).filter((c) => c.name === "bb_ref").length, 0, "no cookie helped");
    await pasted.close();
  });

  test("the advocate pages name the segment and the words; retiring the catch-all leaves Paul in none", async () => {
    const { context, page } = await consoleAs(staff.manager);
    await page.goto(`/console/advocates/${vera.id}`);
    const card = page.getByRole("region", { name: "Segment and words" });
    await card.getByTestId("advocate-segment-name").getByText("Segment: VIP customers (1 in the program's order)").waitFor();
    assert.equal(await card.getByTestId("advocate-share-message").innerText(), "Vera here: as a VIP of Acme customers I recommend them.");
    assert.equal(await card.getByTestId("advocate-landing-headline").innerText(), "Vera thinks you should meet Acme customers");
    await checkAccessibility(page, "the advocate page with a segment");

    await page.goto(`/console/advocates/${paul.id}`);
    await card.getByTestId("advocate-segment-name").getByText("Segment: Everyone else", { exact: false }).waitFor();
    assert.equal(await card.getByTestId("advocate-portal-headline").innerText(), "Thanks for spreading the word about Acme customers");

    await openSegments(page);
    await row(page, "Everyone else").getByRole("button", { name: "Retire Everyone else" }).click();
    await page.getByText("Retired: Everyone else.", { exact: false }).waitFor();
    await row(page, "Everyone else").getByText("Retired", { exact: true }).waitFor();
    assert.equal((await segmentNamed("Everyone else")).position, null);
    await page.goto(`/console/advocates/${paul.id}`);
    await card.getByTestId("advocate-segment-name").getByText("No segment: the program's words.").waitFor();

    await openSegments(page);
    await row(page, "Everyone else").getByRole("button", { name: "Bring back Everyone else" }).click();
    await page.getByText("Brought back: Everyone else, 2 in the order.").waitFor();
    assert.deepEqual((await segmentList()).map((s) => [s.name, s.position, s.active]), [["VIP customers", 1, true], ["Everyone else", 2, true]]);
    await context.close();
  });

  test("the dashboard counts each referral in the segment its advocate was in when it was sent", async () => {
    await bluebird.api("POST", "/api/v1/referrals", {
      advocate_id: paul.id, referee: { email: "later.bird@buyer.example", first_name: "Later", last_name: "Bird" },
    });
    const { context, page } = await consoleAs(staff.manager);
    await nav(page, "Dashboard").click();
    await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
    await page.getByLabel("Program", { exact: true }).selectOption(bluebird.programId);
    const card = page.getByRole("region", { name: "Referrals by segment", exact: true });
    await card.getByText("each in the segment its advocate was in when it was submitted", { exact: false }).waitFor();
    const report = card.getByRole("table", { name: "Referrals by segment" });
    // Segment, referrals, advocates referring, qualified, won, lost, rejected, open, win rate, revenue, reward cost.
    const cells = async (name) =>
      (await report.getByRole("row").filter({ has: page.getByRole("rowheader", { name, exact: true }) }).getByRole("cell").allInnerTexts()).map((t) => t.trim());
    await report.getByRole("rowheader", { name: "VIP customers", exact: true }).waitFor();
    assert.deepEqual(await cells("VIP customers"), ["1", "1", "0", "0", "0", "0", "1", "—", "$0.00", "$0.00"]);
    assert.deepEqual((await cells("Everyone else")).slice(0, 2), ["1", "1"]);
    assert.deepEqual((await cells("No segment")).slice(0, 2), ["1", "1"], "Paul's referral from before any segment");
    const download = page.waitForEvent("download");
    await card.getByRole("button", { name: "Download the referrals by segment as CSV" }).click();
    const file = await download;
    assert.match(file.suggestedFilename(), /^segments-\d{4}-\d{2}-\d{2}-before-\d{4}-\d{2}-\d{2}\.csv$/);
    await checkAccessibility(page, "the dashboard with referrals by segment");
    await context.close();
  });

  test("viewers and sales reps read the segments without buttons or forms", async () => {
    for (const who of [staff.viewer, staff.sales_rep]) {
      const { context, page } = await consoleAs(who);
      await openSegments(page);
      await row(page, "VIP customers").getByText(`Attribute tier is gold or platinum · tag vip · level ${firstLevel} or above`).waitFor();
      assert.deepEqual(await order(page), ["VIP customers", "Everyone else"]);
      assert.equal(await page.getByRole("form", { name: "Add a segment" }).count(), 0);
      assert.equal(await page.getByRole("main").getByRole("button").count(), 0, "nothing to press");
      await checkAccessibility(page, `the segments page for a ${who === staff.viewer ? "viewer" : "sales rep"}`);
      await context.close();
    }
  });
});
