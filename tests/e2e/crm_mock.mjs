// A local mock CRM (tests/helpers/salesforce_mock.py or hubspot_mock.py, run with /usr/bin/python3)
// on a free port of 127.0.0.1. It checks every request against the CRM's documented API; `control`
// drives its control API (/__mock/...), `violations()` lists the requests that broke the contract.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export async function startCrmMock(script) {
  const file = fileURLToPath(new URL(`../helpers/${script}`, import.meta.url));
  const child = spawn("/usr/bin/python3", [file, "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const found = out.match(/^PORT (\d+)$/m);
      if (found) resolve(Number(found[1]));
    });
    child.on("exit", (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  const control = async (method, what, body) => {
    const response = await fetch(`${url}/__mock/${what}`, {
      method,
      headers: { "Content-Type": "application/json" },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await response.json();
    if (!response.ok) throw new Error(`${method} /__mock/${what}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
  return {
    url,
    control,
    records: (object) => control("GET", `records?object=${object}`),
    violations: async () => (await control("GET", "violations")).map((v) => v.message),
    stop: () => child.kill("SIGTERM"),
  };
}
