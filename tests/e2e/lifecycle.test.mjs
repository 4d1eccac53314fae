// Lifecycle stages in a real browser: Ada is enrolled (advocate) and refers Rita and Bo
// (consideration); Rita's referral is won (conversion). A manager opens Lifecycle from the console's
// navigation and reads, by stage, who is there now and what became of the cohort (consideration:
// 3 first entered — Ada's enrolment passed it —, 66.7% (2) went on). The manager finds Rita by email and reads her moves; moving
// her back is refused until "Allow moving back" is ticked and a reason given (the server's 409 and
// 422 shown on the form), then her history shows the reason and the figures count her at
// consideration. A person the program does not know is said to be unknown and can be moved all the
// same. The stages: a renamed stage is saved; removing a stage somebody reached is refused (409).
// A viewer reads the figures with no move form and the stages read-only; sales reps have no
// Lifecycle page. Every page visited is checked with axe-core; screenshot console-lifecycle.png.
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
    email: "ada.stages@advocate.example", first_name: "Ada", last_name: "Lovelace",
  });
  const refer = (email, first_name) =>
    bluebird.api("POST", "/api/v1/referrals", { advocate_id: ada.id, referee: { email, first_name, last_name: "Buyer" } });
  const rita = await refer("rita.stages@buyer.example", "Rita");
  await refer("bo.stages@buyer.example", "Bo");
  await bluebird.api("POST", `/api/v1/referrals/${rita.id}/stage`, { stage: "won", deal_value_minor: 500000 });
});

after(async () => {
  await browser?.close();
  bluebird?.stop();
});

const row = (page, stage) => page.locator(`table.lifecycle-figures tr[data-stage="${stage}"]`);
const figure = (page, stage, name) => row(page, stage).locator(`[data-figure="${name}"]`);

async function openLifecycle(page) {
  await nav(page, "Lifecycle").click();
  await page.getByRole("heading", { name: "Lifecycle", level: 1 }).waitFor();
  await row(page, "consideration").waitFor();
}

describe("lifecycle stages", () => {
  test("a manager reads the figures, finds a person and moves her back only with a reason", async () => {
    const { context, page } = await consoleAs(browser, bluebird.base, staff.manager);
    await openLifecycle(page);
    assert.equal(await figure(page, "consideration", "count").innerText(), "1", "Bo is still being considered");
    // Ada's enrolment passed consideration on its way to advocate (a jump reaches every stage below).
    assert.equal(await figure(page, "consideration", "cohort").innerText(), "3");
    assert.equal(await figure(page, "consideration", "converted").innerText(), "66.7% (2)");
    assert.equal(await figure(page, "consideration", "in_progress").innerText(), "33.3% (1)");
    assert.equal(await figure(page, "conversion", "count").innerText(), "1", "Rita won");
    assert.equal(await figure(page, "advocate", "count").innerText(), "1", "Ada enrolled");
    assert.equal(await figure(page, "lost", "count").innerText(), "0");
    await checkAccessibility(page, "the Lifecycle page");
    await screenshot(page, "console-lifecycle");

    const person = page.getByRole("region", { name: "A person's stages" });
    await person.getByLabel("Email").fill("Rita.Stages@buyer.example");
    await person.getByRole("button", { name: "Show" }).click();
    await person.locator('[data-figure="stage"]').getByText("Conversion", { exact: true }).waitFor();
    const moves = person.getByRole("region", { name: "Moves of this person" }).getByRole("row");
    assert.equal(await moves.count(), 3, "a header and two moves: submitted, won");

    await person.getByLabel("Move to").selectOption("consideration");
    await person.getByRole("button", { name: "Move", exact: true }).click();
    await person.getByRole("alert").getByText(/back/).waitFor();
    await person.getByLabel("Allow moving back").check();
    await person.getByRole("button", { name: "Move", exact: true }).click();
    await person.locator("#lifecycle-move-reason-error").waitFor();
    await person.getByLabel("Reason").fill("Deal fell through before signature");
    await person.getByRole("button", { name: "Move", exact: true }).click();
    await person.getByText("Moved to Consideration.").waitFor();
    await person.getByRole("cell", { name: "Deal fell through before signature" }).waitFor();
    await figure(page, "consideration", "count").getByText("2", { exact: true }).waitFor();
    assert.equal(await figure(page, "conversion", "count").innerText(), "0");
    await checkAccessibility(page, "the Lifecycle page with a person's moves");

    await person.getByLabel("Email").fill("met.at.qbr@prospect.example");
    await person.getByRole("button", { name: "Show" }).click();
    await person.getByText("This program's lifecycle does not know met.at.qbr@prospect.example yet.").waitFor();
    await person.getByLabel("Move to").selectOption("awareness");
    await person.getByRole("button", { name: "Move", exact: true }).click();
    await person.getByText("Moved to Awareness.").waitFor();
    await figure(page, "awareness", "count").getByText("1", { exact: true }).waitFor();
    await assertNoSidewaysScroll(page, "the Lifecycle page");
    await context.close();
  });

  test("a manager renames a stage and cannot remove one somebody reached", async () => {
    const { context, page } = await consoleAs(browser, bluebird.base, staff.manager);
    await openLifecycle(page);
    const stages = page.getByRole("region", { name: "The program's stages" });
    await stages.getByLabel("Stage 1 name").fill("Heard of us");
    await stages.getByRole("button", { name: "Update the stages" }).click();
    await stages.getByText("Saved: the stages apply from now.").waitFor();
    await row(page, "awareness").getByRole("rowheader", { name: /Heard of us/ }).waitFor();

    await stages.getByRole("button", { name: "Remove stage 2" }).click();
    await stages.getByRole("button", { name: "Update the stages" }).click();
    await stages.getByRole("alert").waitFor();
    const settings = await bluebird.api("GET", `/api/v1/programs/${bluebird.programId}/lifecycle-settings`);
    assert.ok(settings.stages.some((s) => s.key === "consideration"), "nothing saved");
    await checkAccessibility(page, "the stages refused");
    await context.close();
  });

  test("a viewer reads without moving or editing; sales reps have no Lifecycle page", async () => {
    const viewer = await consoleAs(browser, bluebird.base, staff.viewer);
    await openLifecycle(viewer.page);
    const person = viewer.page.getByRole("region", { name: "A person's stages" });
    await person.getByLabel("Email").fill("bo.stages@buyer.example");
    await person.getByRole("button", { name: "Show" }).click();
    await person.locator('[data-figure="stage"]').getByText("Consideration", { exact: true }).waitFor();
    assert.equal(await person.getByRole("button", { name: "Move", exact: true }).count(), 0);
    assert.ok(await viewer.page.getByLabel("Stage 1 name").isDisabled(), "the stages are read-only");
    assert.equal(await viewer.page.getByRole("button", { name: "Update the stages" }).count(), 0);
    await checkAccessibility(viewer.page, "the Lifecycle page for a viewer");
    await viewer.context.close();

    const rep = await consoleAs(browser, bluebird.base, staff.sales_rep);
    assert.equal(await nav(rep.page, "Lifecycle").count(), 0, "not for sales reps");
    await rep.page.goto("/console/lifecycle");
    await rep.page.getByText("The lifecycle is for admins, managers and viewers.").waitFor();
    await rep.context.close();
  });
});
