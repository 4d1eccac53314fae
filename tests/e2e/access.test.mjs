// Staff access in a real browser: an admin adds a manager, changes the role and issues a password
// reset link; the user sets a new password with it (once) and signs in; the admin disables the
// user, and the server's refusal to disable or demote the last admin is shown in words; the audit
// trail shows the changes and filters them; managers are offered neither page. Every page visited
// is checked with axe-core.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { assertNoSidewaysScroll, checkAccessibility, launchBrowser, nav, newPerson, screenshot, signInToConsole, staff, startBluebird } from "./harness.mjs";

let bluebird;
let browser;

// The harness makes a manager, a viewer and a sales rep; the admin is added here, and is the only
// active admin user (the harness's admin API key is no user).
const admin = { email: "ada.admin@bluebird.test", password: "admin passphrase 1", name: "Ada Admin" };
const pat = { email: "pat.lee@bluebird.test", password: "pat first passphrase", name: "Pat Lee" };
const newPassword = "pat's new passphrase 2";

before(async () => {
  bluebird = await startBluebird();
  browser = await launchBrowser();
  await bluebird.api("POST", "/api/v1/users", { email: admin.email, name: admin.name, role: "admin", password: admin.password });
});

after(async () => {
  await browser?.close();
  bluebird?.stop();
});

// The page fits the screen: nothing wider than the viewport (a phone's).

async function userByEmail(email) {
  const users = await bluebird.api("GET", "/api/v1/users");
  return users.data.find((u) => u.email === email);
}

describe("staff access", () => {
  let adminPage;
  let resetUrl;
  let patPage;

  test("an admin adds a manager, changes the role and issues a password reset link", async () => {
    const context = await newPerson(browser, bluebird.base, "desktop");
    const page = await context.newPage();
    adminPage = page;
    await signInToConsole(page, admin);
    await nav(page, "Users").click();
    await page.getByRole("heading", { name: "Users", level: 1 }).waitFor();
    await page.getByRole("cell", { name: "mia.manager@bluebird.test" }).waitFor();

    // The client checks the password's length first; the server names a taken email.
    await page.getByRole("textbox", { name: "Email", exact: true }).fill(staff.manager.email);
    await page.getByLabel("Name", { exact: true }).fill(pat.name);
    await page.getByLabel("Role", { exact: true }).selectOption("manager");
    await page.getByLabel("First password").fill("too short");
    await page.getByRole("button", { name: "Add the user" }).click();
    await page.locator("#field-password-error").getByText("must be at least 12 characters").waitFor();
    assert.equal(await page.getByLabel("First password").getAttribute("aria-invalid"), "true");
    await page.getByLabel("First password").fill(pat.password);
    await page.getByRole("button", { name: "Add the user" }).click();
    await page.locator("#field-email-error").getByText("is already the email of a user").waitFor();
    assert.equal(await page.getByRole("textbox", { name: "Email", exact: true }).getAttribute("aria-invalid"), "true");

    await page.getByRole("textbox", { name: "Email", exact: true }).fill(pat.email);
    await page.getByRole("button", { name: "Add the user" }).click();
    await page.getByText("Added Pat Lee as manager.").waitFor();
    assert.equal((await userByEmail(pat.email)).role, "manager");

    // The new user's row opens at once, to change the role or issue a reset link.
    const manage = page.getByRole("button", { name: "Manage Pat Lee" });
    assert.equal(await manage.getAttribute("aria-expanded"), "true");
    await page.getByText("Changing the role ends their sessions at once").waitFor();
    await page.getByLabel("Role of Pat Lee").selectOption("viewer");
    await page.getByRole("button", { name: "Change the role" }).click();
    await page.getByText("Pat Lee is now viewer. Their sessions have ended").waitFor();
    assert.equal((await userByEmail(pat.email)).role, "viewer");
    await page.getByRole("row", { name: /^Pat Lee/ }).getByRole("cell", { name: "Viewer", exact: true }).waitFor();

    await page.getByRole("button", { name: "Issue a password reset link" }).click();
    const link = page.getByLabel(/^Password reset link for Pat Lee \(works once, until .+; give it to Pat Lee only\)$/);
    await link.waitFor();
    resetUrl = await link.inputValue();
    assert.match(resetUrl, new RegExp(`^${bluebird.base}/console/reset-password#token=[A-Za-z0-9_-]{20,}$`));
    await page.getByRole("button", { name: "Copy password reset link" }).click();
    await page.getByText("Copied.").waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), resetUrl);
    const expiresAt = new Date((await bluebird.api("GET", `/api/v1/audit-events?kind=user.password_reset_issued&limit=1`))
      .data[0].changes["password_reset.expires_at"].to);
    const minutes = (expiresAt.getTime() - Date.now()) / 60000;
    assert.ok(minutes > 55 && minutes <= 60, `the link lasts an hour (${minutes} minutes left)`);
    assert.match(await page.getByRole("link", { name: `Email it to ${pat.email}` }).getAttribute("href"), /^mailto:pat\.lee%40bluebird\.test\?/);

    await checkAccessibility(page, "the users page with a user's access open");
    await screenshot(page, "console-users");
  });

  test("the reset link sets a new password once, and the user signs in with it", async () => {
    const context = await newPerson(browser, bluebird.base, "phone");
    const page = await context.newPage();
    patPage = page;

    // The token is taken from the fragment only, never from the query.
    const token = new URL(resetUrl).hash.slice("#token=".length);
    await page.goto(`/console/reset-password?token=${token}`);
    await page.getByText("This page needs the whole password reset link").waitFor();

    await page.goto(resetUrl);
    await page.getByRole("heading", { name: "Choose a new password", level: 1 }).waitFor();
    await checkAccessibility(page, "the password reset page");
    await page.getByRole("textbox", { name: "New password", exact: true }).fill("short one");
    await page.getByLabel("New password again").fill("short one");
    await page.getByRole("button", { name: "Set the new password" }).click();
    await page.locator("#field-password-error").getByText("must be at least 12 characters").waitFor();
    assert.equal(await page.getByRole("textbox", { name: "New password", exact: true }).getAttribute("aria-invalid"), "true");
    await page.getByRole("textbox", { name: "New password", exact: true }).fill(newPassword);
    await page.getByRole("button", { name: "Set the new password" }).click();
    await page.locator("#field-repeat-error").getByText("does not match the new password").waitFor();
    await page.getByLabel("New password again").fill(newPassword);
    await page.getByRole("button", { name: "Set the new password" }).click();
    await page.getByText("Your new password is set.").waitFor();
    await checkAccessibility(page, "the password reset page once the password is set");
    await assertNoSidewaysScroll(page, "the password reset page");

    await page.getByRole("link", { name: "Sign in to the console" }).click();
    await page.waitForURL(/\/console\/sign-in$/);
    await page.getByLabel("Email").fill(pat.email);
    await page.getByLabel("Password").fill(pat.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("The email or password is wrong.").waitFor();
    await page.getByLabel("Password").fill(newPassword);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Programs", level: 1 }).waitFor();
  });

  test("the reset link used a second time is not valid any more", async () => {
    const context = await newPerson(browser, bluebird.base, "desktop");
    const page = await context.newPage();
    await page.goto(resetUrl);
    await page.getByRole("textbox", { name: "New password", exact: true }).fill("yet another passphrase");
    await page.getByLabel("New password again").fill("yet another passphrase");
    await page.getByRole("button", { name: "Set the new password" }).click();
    await page.getByText("This link is not valid any more").waitFor();
    await page.getByText("Ask an admin for a new one.").waitFor();
    await checkAccessibility(page, "the password reset page with a spent link");
    await context.close();
  });

  test("the admin disables the user; the last admin cannot be disabled or demoted", async () => {
    const page = adminPage;
    await page.getByRole("button", { name: "Manage Pat Lee" }).waitFor();
    await page.getByRole("button", { name: "Disable Pat Lee…" }).click();
    const dialog = page.getByRole("dialog", { name: "Disable Pat Lee?" });
    await dialog.waitFor();
    await dialog.getByText("signed out everywhere at once").waitFor();
    await checkAccessibility(page, "the confirmation before disabling a user");
    // Cancelling changes nothing.
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    assert.equal((await userByEmail(pat.email)).disabled, false);

    await page.getByRole("button", { name: "Disable Pat Lee…" }).click();
    await dialog.getByRole("button", { name: "Yes, disable Pat Lee" }).click();
    await page.getByText("Pat Lee is disabled: their sessions have ended").waitFor();
    await page.getByRole("row", { name: /^Pat Lee/ }).getByText("disabled", { exact: true }).waitFor();
    assert.equal((await userByEmail(pat.email)).disabled, true);

    // Pat's session ended with it: the next page asks to sign in, and signing in is refused.
    await patPage.goto("/console/referrals");
    await patPage.waitForURL(/\/console\/sign-in/);
    await patPage.getByLabel("Email").fill(pat.email);
    await patPage.getByLabel("Password").fill(newPassword);
    await patPage.getByRole("button", { name: "Sign in" }).click();
    await patPage.getByText("The email or password is wrong.").waitFor();
    assert.match(patPage.url(), /\/console\/sign-in/);
    await patPage.context().close();

    // Ada is the only active admin: the server refuses both, and the page says why.
    await page.getByRole("button", { name: "Manage Pat Lee" }).click();
    await page.getByRole("button", { name: "Manage Ada Admin" }).click();
    assert.equal(await page.getByRole("button", { name: "Manage Ada Admin" }).getAttribute("aria-expanded"), "true");
    await page.getByRole("button", { name: "Disable Ada Admin…" }).click();
    await page.getByRole("dialog", { name: "Disable Ada Admin?" }).getByText("You will be signed out").waitFor();
    await page.getByRole("button", { name: "Yes, disable Ada Admin" }).click();
    await page.getByRole("alert").getByText("This is the last active admin; make another user admin first.").waitFor();

    await page.getByLabel("Role of Ada Admin").selectOption("manager");
    await page.getByRole("button", { name: "Change the role" }).click();
    await page.locator(`#role-${(await userByEmail(admin.email)).id}-error`).getByText("would leave no active admin").waitFor();
    assert.deepEqual(
      await page.getByRole("alert").allInnerTexts(),
      ["This is the last active admin; make another user admin first.", "This is the last active admin; make another user admin first."],
    );
    const ada = await userByEmail(admin.email);
    assert.equal(ada.role, "admin");
    assert.equal(ada.disabled, false);
    await checkAccessibility(page, "the users page with the server's refusal");

    // Enabling again lets Pat back in (with the same password).
    await page.getByRole("button", { name: "Manage Pat Lee" }).click();
    await page.getByRole("button", { name: "Enable Pat Lee" }).click();
    await page.getByText("Pat Lee is enabled: they can sign in again.").waitFor();
    assert.equal((await userByEmail(pat.email)).disabled, false);
  });

  test("the audit trail shows the role change and filters by kind, object and date", async () => {
    const page = adminPage;
    const patId = (await userByEmail(pat.email)).id;
    await nav(page, "Audit trail").click();
    await page.getByRole("heading", { name: "Audit trail", level: 1 }).waitFor();
    const rows = page.locator("table.audit tbody tr");
    await rows.first().waitFor();

    const roleChange = rows.filter({ hasText: "role: manager → viewer" });
    assert.equal(await roleChange.count(), 1);
    assert.deepEqual(
      (await roleChange.locator("td").allInnerTexts()).slice(1, 4),
      ["Ada Admin", "User changed", patId],
    );
    assert.equal(await roleChange.getByRole("link", { name: patId }).getAttribute("href"), "/console/users");
    const disabling = rows.filter({ hasText: "disabled: no → yes" });
    assert.equal(await disabling.count(), 1);
    const created = rows.filter({ hasText: "User added" }).filter({ hasText: patId });
    await created.getByText("role: — → manager").waitFor();
    await rows.filter({ hasText: "Password reset with a link" }).getByText("with a reset link").waitFor();
    await rows.filter({ hasText: "e2e (API key)" }).first().waitFor();
    // The program was made by the harness's API key: its id links to its page.
    await rows.filter({ hasText: "Program created" }).getByRole("link", { name: bluebird.programId }).waitFor();
    await checkAccessibility(page, "the audit trail");
    await screenshot(page, "console-audit");

    await page.getByLabel("Kind").selectOption("user.updated");
    await page.waitForURL(/\/console\/audit\?kind=user\.updated$/);
    await page.getByRole("status").getByText("3 events, newest first.").waitFor();
    assert.deepEqual(await rows.locator("td:nth-child(3)").allInnerTexts(), ["User changed", "User changed", "User changed"]);
    assert.deepEqual(await rows.locator("td:nth-child(5)").allInnerTexts(), [
      "disabled: yes → no",
      "disabled: no → yes",
      "role: manager → viewer",
    ]);

    await page.getByLabel("Kind").selectOption("");
    await page.getByLabel("Object id").fill(patId);
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(new RegExp(`object_id=${patId}`));
    await page.getByRole("status").getByText("6 events, newest first.").waitFor();
    assert.deepEqual(new Set(await rows.locator("td:nth-child(4)").allInnerTexts()), new Set([patId]));

    // A day long past has nothing; today (the reader's) has everything.
    await page.getByLabel("From").fill("2020-01-01");
    await page.getByLabel("To (included)").fill("2020-01-31");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.getByText("No events match these filters.").waitFor();
    const today = await page.evaluate(() => {
      const d = new Date();
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
    });
    await page.getByLabel("From").fill(today);
    await page.getByLabel("To (included)").fill(today);
    await page.getByRole("button", { name: "Filter" }).click();
    await page.getByRole("status").getByText("6 events, newest first.").waitFor();
    await page.getByRole("link", { name: "Clear the filters" }).click();
    await page.waitForURL(/\/console\/audit$/);
    assert.equal(await page.getByLabel("Object id").inputValue(), "");
  });

  test("the audit trail loads more a page at a time, and starts over when the filter changes", async () => {
    const page = adminPage;
    // 60 program changes: more than one page of 50.
    for (let i = 0; i < 60; i++) {
      await bluebird.api("PATCH", `/api/v1/programs/${bluebird.programId}`, { description: `Version ${i}` });
    }
    const total = (await bluebird.api("GET", "/api/v1/audit-events?limit=200")).data.length;
    assert.ok(total > 60 && total < 100, `${total} events in all`);
    await page.goto("/console/audit");
    const rows = page.locator("table.audit tbody tr");
    await page.getByRole("status").getByText("50 events, newest first; more below.").waitFor();
    await page.getByRole("button", { name: "Load more" }).click();
    await page.getByRole("status").getByText(`${total} events, newest first.`).waitFor();
    assert.equal(await rows.count(), total);
    assert.equal(await page.getByRole("button", { name: "Load more" }).count(), 0);
    assert.equal(new Set(await rows.locator("td:nth-child(5)").allInnerTexts()).size > 60, true, "no event twice");

    await page.getByLabel("Kind").selectOption("program.updated");
    await page.getByRole("status").getByText("50 events, newest first; more below.").waitFor();
    await page.getByRole("button", { name: "Load more" }).click();
    // The harness changed the program once too (its landing page).
    await page.getByRole("status").getByText("61 events, newest first.").waitFor();
    assert.deepEqual(new Set(await rows.locator("td:nth-child(3)").allInnerTexts()), new Set(["Program changed"]));
    await rows.first().getByText("description: Version 58 → Version 59").waitFor();
  });

  test("at phone size, the users and audit pages fit the screen", async () => {
    const context = await newPerson(browser, bluebird.base, "phone");
    const page = await context.newPage();
    await signInToConsole(page, admin);
    await page.goto("/console/users");
    await page.getByRole("button", { name: "Manage Pat Lee" }).click();
    await page.getByRole("button", { name: "Issue a password reset link" }).waitFor();
    await checkAccessibility(page, "the users page at phone size");
    await assertNoSidewaysScroll(page, "the users page");
    await screenshot(page, "console-users-phone");
    await page.goto("/console/audit");
    await page.locator("table.audit tbody tr").first().waitFor();
    await checkAccessibility(page, "the audit trail at phone size");
    await assertNoSidewaysScroll(page, "the audit trail");
    await context.close();
  });

  test("a manager is offered neither the users nor the audit trail", async () => {
    const context = await newPerson(browser, bluebird.base, "desktop");
    const page = await context.newPage();
    await signInToConsole(page, staff.manager);
    await nav(page, "Rewards").waitFor();
    assert.equal(await nav(page, "Users").count(), 0);
    assert.equal(await nav(page, "Audit trail").count(), 0);
    await page.goto("/console/users");
    await page.getByText("Only admins manage users.").waitFor();
    await page.goto("/console/audit");
    await page.getByText("Only admins read the audit trail.").waitFor();
    await checkAccessibility(page, "the audit trail refused to a manager");
    await context.close();
  });
});
