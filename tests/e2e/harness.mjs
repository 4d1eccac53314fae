// What the browser tests stand on: a real `bluebird serve` on a temporary SQLite database, with a
// program, rules and staff made through the CLI and the API; Debian's Chromium driven by
// playwright-core (never a downloaded browser); axe-core run inside each page checked.
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const binary = process.env.BLUEBIRD_BINARY ?? path.join(root, "build/release/src/bluebird");
export const screenshotDir = process.env.SCREENSHOT_DIR ?? path.join(root, "build/e2e-screenshots");

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function cli(args, input) {
  return execFileSync(binary, args, { input, encoding: "utf8" }).trim();
}

export const staff = {
  manager: { email: "mia.manager@bluebird.test", password: "manager passphrase 1" },
  viewer: { email: "vic.viewer@bluebird.test", password: "viewer passphrase 1" },
  sales_rep: { email: "sam.rep@bluebird.test", password: "sales rep passphrase 1" },
};

// Starts the server and sets up one program ("Acme customers") whose landing page is Bluebird's
// own /landing/{slug}, with a reward on won that needs approval. `extraArgs` are added to
// `bluebird serve`'s command line (e.g. ["--set", "key=value"]). Returns {base, slug, stop}.
export async function startBluebird(extraArgs = []) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bluebird-e2e-"));
  const db = path.join(dir, "e2e.db");
  cli(["migrate", "--db", db]);
  for (const [role, who] of Object.entries(staff)) {
    cli(["user", "create", "--db", db, "--email", who.email, "--role", role, "--name", `${role} user`], `${who.password}\n`);
  }
  const key = cli(["apikey", "create", "--db", db, "--name", "e2e", "--role", "admin"]).split("\n").pop();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(binary, ["serve", "--db", db, "--host", "127.0.0.1", "--port", String(port),
    "--set", `server.public_base_url=${base}`, "--set", "log.access=false", ...extraArgs], { stdio: ["ignore", "ignore", "inherit"] });
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) break;
    } catch {}
    if (i > 200) throw new Error("bluebird serve did not become ready");
    await new Promise((r) => setTimeout(r, 50));
  }
  const api = async (method, target, body) => {
    const response = await fetch(base + target, {
      method,
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await response.json();
    if (!response.ok) throw new Error(`${method} ${target}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
  const program = await api("POST", "/api/v1/programs", {
    name: "Acme customers", kind: "customer", landing_url: "https://placeholder.example/",
    referral_policy: { phone_region: "US" },
  });
  await api("PATCH", `/api/v1/programs/${program.id}`, { landing_url: `${base}/landing/${program.slug}` });
  await api("POST", `/api/v1/programs/${program.id}/reward-rules`, {
    name: "Won deal", trigger: { stage: "won" }, amount: { fixed_minor: 25000 }, requires_approval: true,
  });
  mkdirSync(screenshotDir, { recursive: true });
  return {
    base,
    slug: program.slug,
    programId: program.id,
    api,
    stop: () => {
      server.kill("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  const args = process.getuid && process.getuid() === 0 ? ["--no-sandbox"] : [];
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", headless: true, args });
}

// Ordinary browsers' user agents: headless Chromium's own ("HeadlessChrome") is counted as a bot
// by the tracked link, which would keep the visitors' clicks out of the dashboard's figures.
export const viewports = {
  desktop: {
    viewport: { width: 1280, height: 860 },
    userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
  },
  phone: {
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
    userAgent:
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
  },
};

// A browser context as a separate person (own cookies). bypassCSP lets the test inject axe-core.
export async function newPerson(browser, base, size) {
  const context = await browser.newContext({ ...viewports[size], baseURL: base, bypassCSP: true });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
  return context;
}

const axePath = require.resolve("axe-core/axe.min.js");

// Runs axe-core on the page; fails on any serious or critical violation, naming each.
export async function checkAccessibility(page, what) {
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
  if (violations.length > 0) throw new Error(`accessibility of ${what}:\n  ${violations.join("\n  ")}`);
}

export async function screenshot(page, name) {
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

// Signs `who` (an object with email and password) in to the console and waits for the programs page.
export async function signInToConsole(page, who) {
  await page.goto("/console");
  await page.waitForURL(/\/console\/sign-in/);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Programs", level: 1 }).waitFor();
}

// An advocate's portal in a browser of their own (`bluebird` from startBluebird), signed in with a
// one-time link; resolves to { context, page } once it greets them.
export async function portalAs(browser, bluebird, advocate, size = "phone") {
  const link = await bluebird.api("POST", `/api/v1/advocates/${advocate.id}/sign-in-links`);
  const context = await newPerson(browser, bluebird.base, size);
  const page = await context.newPage();
  await page.goto(`/portal/sign-in?token=${encodeURIComponent(link.token)}`);
  await page.getByRole("heading", { name: `Hello ${advocate.first_name}`, level: 1 }).waitFor();
  return { context, page };
}

// A staff member's console in a desktop browser of their own, signed in.
export async function consoleAs(browser, base, who) {
  const context = await newPerson(browser, base, "desktop");
  const page = await context.newPage();
  await signInToConsole(page, who);
  return { context, page };
}

// Fails when the page scrolls sideways (wider than the screen).
export async function assertNoSidewaysScroll(page, what) {
  const [width, viewport] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(width <= viewport, `${what} is ${width}px wide on a ${viewport}px screen`);
}

// A section of the console, from its navigation bar.
export function nav(page, name) {
  return page.getByRole("navigation", { name: "Console" }).getByRole("link", { name, exact: true });
}

// Polls `check` every `everyMs` until it returns something truthy, and returns that; fails with
// `what` after `timeoutMs` (deliveries, syncs and emails are asynchronous).
export async function eventually(check, what, timeoutMs = 10000, everyMs = 100) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) assert.fail(`${what} (waited ${timeoutMs} ms)`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
