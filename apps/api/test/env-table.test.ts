// The README's configuration table is the one list of the API's settings (issue 16): every
// variable apps/api/src/env.ts reads is in it, nothing else is, and every default written
// as a literal in env.ts is the default the table states. Read from env.ts's source with the
// TypeScript parser, so a setting added there without a row here fails this test.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import ts from "typescript";
import { describe, expect, test } from "vitest";

const envFile = fileURLToPath(new URL("../src/env.ts", import.meta.url));
const readmeFile = fileURLToPath(new URL("../../../README.md", import.meta.url));

interface Setting {
  /** The literal passed to `.default(…)`, as the table would write it; null when not a literal, undefined when none. */
  default: string | null | undefined;
}

/** The `server` schema of env.ts's createEnv call: each variable with its default. */
function settingsOfEnvTs(): Map<string, Setting> {
  const source = ts.createSourceFile(envFile, readFileSync(envFile, "utf8"), ts.ScriptTarget.Latest, true);
  const settings = new Map<string, Setting>();
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && node.expression.getText() === "createEnv") {
      const options = node.arguments[0] as ts.ObjectLiteralExpression;
      const server = options.properties.find((property) => property.name?.getText() === "server") as ts.PropertyAssignment;
      for (const property of (server.initializer as ts.ObjectLiteralExpression).properties) {
        const setting: Setting = { default: undefined };
        const chain = (property as ts.PropertyAssignment).initializer;
        const walk = (expression: ts.Node) => {
          if (ts.isCallExpression(expression) && ts.isPropertyAccessExpression(expression.expression)) {
            const method = expression.expression.name.text;
            const argument = expression.arguments[0];
            if (method === "default" && argument) {
              setting.default = ts.isNumericLiteral(argument) ? String(Number(argument.text)) : ts.isStringLiteral(argument) ? argument.text : null;
            }
            walk(expression.expression.expression);
          }
        };
        walk(chain);
        settings.set(property.name!.getText(), setting);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return settings;
}

/** The rows of the README's "Configuration" table: variable → the default it states. */
function tableOfReadme(): Map<string, string> {
  const readme = readFileSync(readmeFile, "utf8");
  const section = readme.slice(readme.indexOf("## Configuration"));
  const rows = section.split("\n").filter((line) => line.startsWith("| `"));
  const table = new Map<string, string>();
  for (const row of rows) {
    const [names, defaults] = row.split(" | ").map((cell) => cell.replace(/^\| /, ""));
    const nameList = names!.split(" / ").map((name) => name.replaceAll("`", "").trim());
    const defaultList = defaults!.split(" / ").map((value) => value.replaceAll("`", "").trim());
    nameList.forEach((name, index) => table.set(name, defaultList[index] ?? defaultList[0]!));
  }
  return table;
}

describe("the README's configuration table", () => {
  const settings = settingsOfEnvTs();
  const table = tableOfReadme();

  test("names every variable env.ts reads, and no other", () => {
    expect(settings.size).toBeGreaterThan(10);
    expect([...table.keys()].sort()).toEqual([...settings.keys()].sort());
  });

  test("states the defaults env.ts gives", () => {
    let checked = 0;
    for (const [name, setting] of settings) {
      // A default that is not a literal (DATA_DIR's is a path found at run time) is described in words.
      if (typeof setting.default !== "string") continue;
      expect(`${name}: ${table.get(name)}`).toBe(`${name}: ${setting.default === "" ? "—" : setting.default}`);
      checked++;
    }
    expect(checked).toBeGreaterThan(5);
  });
});

describe("defaults that follow the machine", () => {
  /** env.ts's parsed WEB_ORIGIN and TRUSTED_PROXIES in a fresh process with `vars` (and none of this process's). */
  const parsed = (vars: Record<string, string>) =>
    JSON.parse(
      execFileSync(
        process.execPath,
        ["--import", "tsx", "-e", 'import("./src/env.ts").then(({ env }) => console.log(JSON.stringify([env.WEB_ORIGIN, env.TRUSTED_PROXIES])))'],
        {
          cwd: fileURLToPath(new URL("..", import.meta.url)),
          env: { PATH: process.env.PATH ?? "", NODE_ENV: "test", ...vars },
          encoding: "utf8",
        },
      ),
    ) as [string[], string[]];

  test("WEB_ORIGIN, unset, is where `pnpm start` serves the web app: http://localhost:$WEB_PORT", () => {
    expect(parsed({})[0]).toEqual(["http://localhost:3000"]);
    expect(parsed({ WEB_PORT: "3100" })[0]).toEqual(["http://localhost:3100"]);
    expect(parsed({ WEB_PORT: "3100", WEB_ORIGIN: "http://shop-pc:3000" })[0]).toEqual(["http://shop-pc:3000"]);
  });

  test(`TRUSTED_PROXIES, unset, trusts loopback (the web app's own proxy); "none" trusts none`, () => {
    expect(parsed({})[1]).toEqual(["127.0.0.1/32", "::1/128"]);
    expect(parsed({ TRUSTED_PROXIES: "none" })[1]).toEqual([]);
    expect(parsed({ TRUSTED_PROXIES: "10.0.0.5/32" })[1]).toEqual(["10.0.0.5/32"]);
  });
});
