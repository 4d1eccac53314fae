// The project's SMTP test server (tests/helpers/smtp_sink.py: aiosmtpd, from Debian's
// python3-aiosmtpd, run with /usr/bin/python3) on a free port of 127.0.0.1, without TLS (Bluebird
// runs with email.smtp_tls=none). Each accepted message is a file; `to(address)` reads those to
// `address` as {to, data}, oldest first.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export async function startSmtpSink() {
  const dir = mkdtempSync(path.join(tmpdir(), "bb-smtp-"));
  const script = fileURLToPath(new URL("../helpers/smtp_sink.py", import.meta.url));
  const child = spawn("/usr/bin/python3", [script, "--port", "0", "--dir", dir], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const found = out.match(/^PORT (\d+)$/m);
      if (found) resolve(Number(found[1]));
    });
    child.on("exit", (code) => reject(new Error(`smtp_sink.py exited with ${code}`)));
  });
  // The envelope file is written after the message, so a message with one is complete.
  const messages = () =>
    readdirSync(dir)
      .filter((name) => name.endsWith(".json"))
      .sort()
      .map((name) => ({
        to: JSON.parse(readFileSync(path.join(dir, name), "utf8")).rcpt_tos.map((a) => a.toLowerCase()),
        data: readFileSync(path.join(dir, name.replace(/\.json$/, ".eml")), "latin1"),
      }));
  return {
    port,
    to: (address) => messages().filter((m) => m.to.includes(address)),
    // `bluebird serve`'s settings that send its email here.
    settings: ["--set", "email.smtp_host=127.0.0.1", "--set", `email.smtp_port=${port}`, "--set", "email.smtp_tls=none"],
    stop: () => {
      child.kill("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// The text of a quoted-printable part (or of a whole message with such parts).
export function unquote(text) {
  return Buffer.from(text.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16))), "latin1")
    .toString("utf8");
}
