// CSV imports of advocates and historical referrals in the console, in a real browser against a real `bluebird serve`:
// - an admin opens "Import" from the navigation, downloads the template (a header row made in the
//   browser), chooses a file whose columns are matched by name (E-mail, Surname, ...) and maps a
//   column named after no field ("Plan") to an attribute; the dry run shows the counts and each
//   refused row with its row number and column (a formula cell, a bad address, an address
//   repeated) and the column not imported, and writes nothing;
// - importing creates the advocates (in the advocates list, filtered by the source "Import", with
//   their tags; the attribute through the API); importing the same file again leaves them
//   unchanged; each import of the program is listed and opens to its report (at phone size too);
// - a file of more than 10,000 rows is answered 202 and checked in the background: the page reads
//   its progress until it is done;
// - referrals made before Bluebird are imported from a file of another system's headers (matched by
//   name), land at their stages, dates and values, and earn no reward; the refused row is named;
// - a sales rep is offered no "Import" and the page refuses them in words.
// Every page is checked with axe-core; screenshots go to build/e2e-screenshots (the import's is
// also docs/screenshots/console-import.png).
import assert from "node:assert/strict";
import { copyFileSync, readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { assertNoSidewaysScroll, checkAccessibility, launchBrowser, nav, newPerson, root, screenshot, screenshotDir, signInToConsole, staff, startBluebird } from "./harness.mjs";

// The harness makes a manager, a viewer and a sales rep; the admin is added here.
const admin = { email: "ida.admin@bluebird.test", password: "admin passphrase 1", name: "Ida Admin" };

// Headers as a CRM export names them; "Plan" names no field and "Notes" is not imported. Row 3 has
// a formula in Company, row 4 a bad address, row 6 repeats row 2's address in capitals.
const file = {
  name: "crm-export.csv",
  mimeType: "text/csv",
  buffer: Buffer.from(
    [
      "E-mail,First name,Surname,Company,Tags,Plan,Notes",
      "ada@analytical.example,Ada,Lovelace,Analytical Engines,vip;beta,gold,met at the fair",
      "grace@navy.example,Grace,Hopper,=HYPERLINK(A1),,silver,",
      "not-an-email,Bad,Address,,,,",
      "bob@builder.example,Bob,Builder,Builder Ltd,,bronze,",
      "ADA@analytical.example,Ada,Again,,,,",
      "",
    ].join("\r\n"),
  ),
};

const figure = (page, key) => page.locator(`.import-report [data-figure="${key}"] .figure`);
const figures = async (page) => {
  const out = {};
  for (const key of ["rows_total", "created", "updated", "unchanged", "refused"]) out[key] = (await figure(page, key).textContent())?.trim();
  return out;
};
const issue = (page, row, column) => page.locator(`.import-report tr[data-row="${row}"][data-column="${column}"] .issue-message`);

describe("CSV imports of advocates in the console", () => {
  let bluebird;
  let browser;
  let page; // the admin's

  before(async () => {
    bluebird = await startBluebird();
    await bluebird.api("POST", "/api/v1/users", { email: admin.email, name: admin.name, role: "admin", password: admin.password });
    browser = await launchBrowser();
    page = await (await newPerson(browser, bluebird.base, "desktop")).newPage();
    await signInToConsole(page, admin);
  });

  after(async () => {
    await browser?.close();
    bluebird?.stop();
  });

  // Chooses the file and maps its "Plan" column to the attribute "plan".
  async function chooseFile() {
    await page.getByLabel("CSV file").setInputFiles(file);
    await page.getByText("crm-export.csv, ", { exact: false }).waitFor();
    await page.getByText("7 columns, separated by commas.", { exact: false }).waitFor();
    await page.getByRole("button", { name: "Add an attribute" }).click();
    await page.getByRole("textbox", { name: "Attribute", exact: true }).fill("plan");
    await page.getByRole("combobox", { name: "Column", exact: true }).selectOption("Plan");
    await page.locator("#import-ignored").getByText("Not imported: “Notes”", { exact: false }).waitFor();
  }

  test("a dry run shows the counts and each refused row with its row and column, and writes nothing", async () => {
    await nav(page, "Import").click();
    await page.getByRole("heading", { name: "Import advocates", level: 1 }).waitFor();
    await page.getByText("No imports into this program yet.").waitFor();
    assert.equal(await page.getByRole("combobox", { name: "Program" }).inputValue(), bluebird.programId);
    assert.equal(await page.getByRole("button", { name: "Check file (dry run)" }).isDisabled(), true, "nothing to check before a file");

    // The template is made in the browser: a header row naming the columns.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download a template (CSV)" }).click()]);
    assert.equal(download.suggestedFilename(), "bluebird-advocates-template.csv");
    assert.equal(readFileSync(await download.path(), "utf8"), "email,first_name,last_name,company,tags,attributes.plan\r\n");

    await chooseFile();
    // Matched by name as the server matches them.
    const column = (label) => page.getByRole("combobox", { name: label, exact: true });
    assert.equal(await column("Email").inputValue(), "E-mail");
    assert.equal(await column("First name").inputValue(), "First name");
    assert.equal(await column("Last name").inputValue(), "Surname");
    assert.equal(await column("Company").inputValue(), "Company");
    assert.equal(await column("Tags").inputValue(), "Tags");
    assert.equal(await column("Sales rep").inputValue(), "");
    await checkAccessibility(page, "the import form with a file's columns");

    const answer = page.waitForResponse((r) => r.url().includes("/api/v1/imports?") && r.request().method() === "POST");
    await page.getByRole("button", { name: "Check file (dry run)" }).click();
    const response = await answer;
    assert.equal(response.status(), 200);
    assert.equal(response.request().headers()["content-type"], "text/csv");
    const sent = new URL(response.url()).searchParams;
    assert.deepEqual(
      [sent.get("dry_run"), sent.get("map.email"), sent.get("map.last_name"), sent.get("map.attributes.plan")],
      ["true", "E-mail", "Surname", "Plan"],
    );

    await page.getByRole("heading", { name: "Dry run: what an import would do", level: 2 }).waitFor();
    await page.getByText("Nothing was written. Importing this file would create 2, update 0 and leave 0 unchanged; 3 rows would be refused.").waitFor();
    assert.deepEqual(await figures(page), { rows_total: "5", created: "2", updated: "0", unchanged: "0", refused: "3" });
    assert.match(await issue(page, 3, "Company").textContent(), /starts like a spreadsheet formula/);
    assert.match(await issue(page, 4, "E-mail").textContent(), /email/);
    assert.equal(await issue(page, 6, "E-mail").textContent(), "repeats the address of row 2, which is imported instead");
    assert.equal(await page.locator(".import-report tr[data-row]").count(), 3, "only the refused rows are listed");
    await page.locator('.import-warnings li[data-column="Notes"]').getByText("is not imported", { exact: false }).waitFor();
    await checkAccessibility(page, "a dry run's report");

    const written = await bluebird.api("GET", `/api/v1/programs/${bluebird.programId}/advocates`);
    assert.deepEqual(written.data, [], "a dry run writes nothing");
    const row = page.locator("table.imports tbody tr");
    await row.first().getByText("Dry run", { exact: true }).waitFor();
    assert.equal(await row.count(), 1);
  });

  test("importing creates the advocates (in the advocates list); importing the same file again leaves them unchanged", async () => {
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await page.getByRole("heading", { name: "Import report", level: 2 }).waitFor();
    await page.getByText("Imported: 2 created, 0 updated, 0 unchanged; 3 rows refused.").waitFor();
    assert.deepEqual(await figures(page), { rows_total: "5", created: "2", updated: "0", unchanged: "0", refused: "3" });
    await issue(page, 3, "Company").waitFor();
    await page.locator("table.imports tbody tr").nth(1).waitFor();
    await page.locator(".import-report .badge-completed").waitFor();
    await checkAccessibility(page, "an import's report");
    await screenshot(page, "console-import");
    copyFileSync(path.join(screenshotDir, "console-import.png"), path.join(root, "docs/screenshots/console-import.png"));

    // The advocates list, filtered by their source.
    await nav(page, "Advocates").click();
    await page.getByRole("heading", { name: "Advocates", level: 1 }).waitFor();
    await page.getByRole("combobox", { name: "Source" }).selectOption("import");
    await page.waitForURL(/source=import/);
    const ada = page.getByRole("row").filter({ hasText: "ada@analytical.example" });
    await ada.getByRole("link", { name: "Ada Lovelace" }).waitFor();
    await ada.getByText("beta, vip").waitFor(); // tags are kept sorted
    await ada.getByText("Import", { exact: true }).waitFor();
    await page.getByRole("row").filter({ hasText: "bob@builder.example" }).getByRole("link", { name: "Bob Builder" }).waitFor();
    assert.equal(await page.getByRole("link", { name: "Grace Hopper" }).count(), 0, "the refused row made nobody");
    const made = (await bluebird.api("GET", `/api/v1/programs/${bluebird.programId}/advocates?source=import`)).data;
    assert.deepEqual(
      made.map((a) => [a.email, a.first_name, a.last_name, a.company, a.tags, a.attributes?.plan]).sort(),
      [
        ["ada@analytical.example", "Ada", "Lovelace", "Analytical Engines", ["beta", "vip"], "gold"],
        ["bob@builder.example", "Bob", "Builder", "Builder Ltd", [], "bronze"],
      ],
    );

    // The same file again, from the advocates page's link: nothing changes.
    await page.getByRole("link", { name: "Import a CSV file" }).click();
    await page.getByRole("heading", { name: "Import advocates", level: 1 }).waitFor();
    await chooseFile();
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await page.getByText("Imported: 0 created, 0 updated, 2 unchanged; 3 rows refused.").waitFor();
    assert.deepEqual(await figures(page), { rows_total: "5", created: "0", updated: "0", unchanged: "2", refused: "3" });
    assert.equal((await bluebird.api("GET", `/api/v1/programs/${bluebird.programId}/advocates`)).data.length, 2);

    // Every import of the program is listed, newest first, and opens to its report.
    const rows = page.locator("table.imports tbody tr");
    await rows.nth(2).waitFor();
    assert.deepEqual(await rows.locator("td:nth-child(2)").allTextContents(), ["Import", "Import", "Dry run"]);
    assert.deepEqual(await rows.locator("td:nth-child(7)").allTextContents(), ["2", "0", "0"], "unchanged");
    await rows.last().getByRole("link").click();
    await page.getByRole("heading", { name: "Dry run: Acme customers", level: 1 }).waitFor();
    assert.deepEqual(await figures(page), { rows_total: "5", created: "2", updated: "0", unchanged: "0", refused: "3" });
    assert.equal(await issue(page, 6, "E-mail").textContent(), "repeats the address of row 2, which is imported instead");
    await checkAccessibility(page, "an import's own page");
    const reportUrl = page.url();
    await page.getByRole("link", { name: "All imports into Acme customers" }).click();
    await page.getByRole("heading", { name: "Import advocates", level: 1 }).waitFor();

    const phone = await (await newPerson(browser, bluebird.base, "phone")).newPage();
    await signInToConsole(phone, admin);
    await phone.goto(reportUrl);
    await phone.getByRole("heading", { name: "Dry run: Acme customers", level: 1 }).waitFor();
    await issue(phone, 3, "Company").waitFor();
    await assertNoSidewaysScroll(phone, "an import's report");
    await phone.goto("/console/imports");
    await phone.locator("table.imports tbody tr").nth(2).waitFor();
    await assertNoSidewaysScroll(phone, "the import page");
    await phone.context().close();
  });

  test("a file of more than 10,000 rows is checked in the background; the page reads its progress until done", async () => {
    const lines = ["email,first_name"];
    for (let i = 0; i < 12000; i++) lines.push(`person${i}@bulk.example,Person ${i}`);
    await page.goto(`/console/imports?program_id=${bluebird.programId}`);
    await page.getByRole("heading", { name: "Import advocates", level: 1 }).waitFor();
    await page.getByLabel("CSV file").setInputFiles({ name: "bulk.csv", mimeType: "text/csv", buffer: Buffer.from(lines.join("\n")) });
    await page.getByText("2 columns, separated by commas.", { exact: false }).waitFor();
    const answer = page.waitForResponse((r) => r.url().includes("/api/v1/imports?") && r.request().method() === "POST");
    await page.getByRole("button", { name: "Check file (dry run)" }).click();
    const response = await answer;
    assert.equal(response.status(), 202, "a large file is checked in the background");
    assert.equal((await response.json()).status, "running");
    // Only a GET of the import can tell the page it is done.
    await page.getByText("Importing this file would create 12,000, update 0 and leave 0 unchanged; 0 rows would be refused.", { exact: false })
      .waitFor({ timeout: 60000 });
    assert.equal(await figure(page, "rows_total").textContent(), "12,000");
    await page.locator(".import-report").getByText("No row was refused.").waitFor();
    await page.locator("table.imports tbody tr").first().locator(".badge-completed").waitFor();
    await checkAccessibility(page, "a background dry run, done");
  });

  test("referrals made before Bluebird are imported at their stages and earn no reward", async () => {
    await page.goto(`/console/imports?program_id=${bluebird.programId}`);
    await page.getByRole("combobox", { name: "The file holds" }).selectOption("referrals");
    await page.getByRole("heading", { name: "Import referrals", level: 1 }).waitFor();
    await page.getByText("History earns no reward").waitFor();
    const history = [
      "Referrer,Referee Email,First Name,Company,Stage,Amount,Date,Close Date",
      "ada@analytical.example,cy@prospects.example,Cy,Prospects,won,12500.50,2025-03-01,2025-06-30",
      "bob@builder.example,di@prospects.example,Di,Prospects,qualified,,2025-02-01,",
      "nobody@nowhere.example,ed@prospects.example,Ed,,,,,",
      "",
    ].join("\r\n");
    await page.getByLabel("CSV file").setInputFiles({ name: "history.csv", mimeType: "text/csv", buffer: Buffer.from(history) });
    await page.getByText("8 columns, separated by commas.", { exact: false }).waitFor();
    assert.equal(await page.getByRole("combobox", { name: "Advocate's email" }).inputValue(), "Referrer");
    assert.equal(await page.getByRole("combobox", { name: "Referee's email" }).inputValue(), "Referee Email");
    assert.equal(await page.getByRole("combobox", { name: "Deal value" }).inputValue(), "Amount");
    assert.equal(await page.getByRole("combobox", { name: "Closed on" }).inputValue(), "Close Date");
    await page.locator("#import-ignored").getByText("Every column is imported.").waitFor();
    await checkAccessibility(page, "the referral import form");

    await page.getByRole("button", { name: "Import", exact: true }).click();
    await page.getByText("Imported: 2 created, 0 updated, 0 unchanged; 1 row refused.").waitFor();
    assert.equal(await issue(page, 4, "Referrer").textContent(), "names no advocate of this program (import the advocates first)");
    await page.locator("table.imports tbody tr").first().getByText("Import of referrals").waitFor();

    const referrals = (await bluebird.api("GET", `/api/v1/referrals?program_id=${bluebird.programId}`)).data;
    const won = referrals.find((r) => r.referee.email === "cy@prospects.example");
    assert.equal(won.stage, "won");
    assert.equal(won.deal_value_minor, 1250050);
    assert.equal(won.created_at, "2025-03-01T00:00:00.000000Z");
    const rewards = (await bluebird.api("GET", `/api/v1/rewards?program_id=${bluebird.programId}`)).data;
    assert.equal(rewards.filter((r) => referrals.some((x) => x.id === r.referral_id)).length, 0, "the program's Won deal rule pays nothing for history");

    await page.goto(`/console/referrals/${won.id}`);
    await page.getByText(/^Imported: .* → Won$/).waitFor();
    await page.getByText("stages reached before Bluebird earn no reward", { exact: false }).first().waitFor();
    await checkAccessibility(page, "an imported referral");

    // The referrals page exports what it lists, with each referral's dates of reaching each stage.
    await page.goto(`/console/referrals?program_id=${bluebird.programId}&stage=won`);
    const [exported] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
    assert.equal(exported.suggestedFilename(), "referrals.csv");
    const lines = readFileSync(await exported.path(), "utf8").trim().split("\r\n");
    assert.equal(lines.length, 2, "the header and the one won referral");
    assert.match(lines[1], /^ref_.*,cy@prospects\.example,Cy,.*,won,clear,1250050,USD,.*,2025-06-30T00:00:00\.000000Z,,,2$/);
  });

  test("a sales rep is offered no import and the page refuses them", async () => {
    const rep = await (await newPerson(browser, bluebird.base, "desktop")).newPage();
    await signInToConsole(rep, staff.sales_rep);
    await nav(rep, "Advocates").waitFor();
    assert.equal(await nav(rep, "Import").count(), 0, "no Import in a sales rep's navigation");
    await rep.goto("/console/imports");
    await rep.getByRole("heading", { name: "Import advocates", level: 1 }).waitFor();
    await rep.getByRole("alert").getByText("Only admins and managers import advocates and referrals.").waitFor();
    assert.equal(await rep.getByLabel("CSV file").count(), 0);
    await rep.goto("/console/advocates");
    await rep.getByRole("heading", { name: "Advocates", level: 1 }).waitFor();
    await rep.getByRole("link", { name: "Invite someone" }).waitFor();
    assert.equal(await rep.getByRole("link", { name: "Import a CSV file" }).count(), 0);
    const status = await rep.evaluate(async () => (await fetch("/api/v1/imports")).status);
    assert.equal(status, 403, "the server refuses a sales rep too");
    await checkAccessibility(rep, "the import page refused to a sales rep");
    await rep.context().close();
  });
});
