// Issue 19 in a real browser: forms never put fields in the URL, even with JavaScript off;
// sign-in never sends anyone to another site; a removed member invited back joins with
// their account; every kind of answer carries the security headers and the pages work
// under the CSP; cookies carry the flags docs/security.md names.
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import type { Browser, BrowserContext, Page, Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { baseUrl, collectPageErrors, eventually, launchBrowser, signUpShop, trpc, uniqueEmail, type ShopOwner } from "./harness";

let browser: Browser;
beforeAll(async () => {
  // evil.example resolves to this machine, so a redirect there would load (and show) rather than fail.
  browser = await launchBrowser(["--host-resolver-rules=MAP evil.example 127.0.0.1"]);
});
afterAll(async () => {
  await browser?.close();
});

/** The navigations `page` makes, method and URL, as the server saw them. */
function navigations(page: Page): { method: string; url: string }[] {
  const seen: { method: string; url: string }[] = [];
  page.on("request", (request: Request) => {
    if (request.isNavigationRequest()) seen.push({ method: request.method(), url: request.url() });
  });
  return seen;
}

/** Fills the visible fields by label and submits with the form's button, with or without the page's JavaScript. */
async function submit(page: Page, fields: Record<string, string>, button: string) {
  for (const [label, value] of Object.entries(fields)) await page.getByLabel(label, { exact: true }).fill(value);
  await page.getByRole("button", { name: button }).click();
}

describe("forms with JavaScript off (before hydration) never put a field in the URL", () => {
  const secret = "my-secret-pass-1";
  test.each([
    ["/sign-up", { "Shop name": "Leaky shop", "Your name": "Lea", Email: "lea@example.com", Password: secret }, "Open shop"],
    ["/sign-in", { Email: "lea@example.com", Password: secret }, "Sign in"],
  ])("%s posts its fields", async (path, fields, button) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      const seen = navigations(page);
      await page.goto(`${baseUrl()}${path}`);
      await submit(page, fields, button);
      await page.waitForLoadState("load");
      expect(seen.at(-1)).toMatchObject({ method: "POST" });
      for (const { url } of seen) {
        expect(url).not.toContain(secret);
        expect(url).not.toContain("password");
      }
      expect(page.url()).not.toContain(secret);
    } finally {
      await context.close();
    }
  });
});

describe("signed-in flows", () => {
  let ownerContext: BrowserContext;
  let owner: ShopOwner;
  beforeAll(async () => {
    ownerContext = await browser.newContext();
    owner = await signUpShop(ownerContext);
  });
  afterAll(async () => {
    await ownerContext?.close();
  });

  async function signIn(next: string) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${baseUrl()}/sign-in?next=${next}`);
    await submit(page, { Email: owner.email, Password: owner.password }, "Sign in");
    await page.waitForURL((url) => url.pathname !== "/sign-in", eventually);
    return { context, page };
  }

  test.each([["/%5Cevil.example"], ["//evil.example"], ["/%09/evil.example"], ["javascript:alert(1)"]])(
    "sign-in with next=%s ends on the app, not elsewhere",
    async (next) => {
      const { context, page } = await signIn(next);
      try {
        await page.waitForLoadState("load");
        expect(new URL(page.url()).origin).toBe(baseUrl());
      } finally {
        await context.close();
      }
    },
  );

  test("sign-in with next=/products goes there", async () => {
    const { context, page } = await signIn("/products");
    try {
      await page.waitForURL(`${baseUrl()}/products`, eventually);
    } finally {
      await context.close();
    }
  });

  test("a removed cashier invited again joins with their password, as themselves", async () => {
    const email = uniqueEmail("rejoin");
    const password = "a long cashier password";
    const join = async (context: BrowserContext, fields: Record<string, string>) => {
      const { token } = await trpc<{ token: string }>(ownerContext, "staff.invite", { email, role: "cashier" }, "mutation");
      const page = await context.newPage();
      const errors = collectPageErrors(page);
      await page.goto(`${baseUrl()}/accept-invite?token=${encodeURIComponent(token)}`);
      await submit(page, fields, "Join");
      return { page, errors };
    };

    const first = await browser.newContext();
    const { page: firstPage } = await join(first, { "Your name": "Rosa", Password: password });
    await firstPage.waitForURL((url) => url.pathname !== "/accept-invite", eventually);
    const { members } = await trpc<{ members: { userId: string; email: string }[] }>(ownerContext, "staff.list");
    const rosa = members.find((member) => member.email === email)!;
    await trpc(ownerContext, "staff.remove", { userId: rosa.userId }, "mutation");
    await first.close();

    const again = await browser.newContext();
    try {
      const { page, errors } = await join(again, { "Your name": "Rosa", Password: "not her password" });
      await page.getByText("You already have a Tillsync account: enter its password.").waitFor();
      await page.getByLabel("Password", { exact: true }).fill(password);
      await page.getByRole("button", { name: "Join" }).click();
      await page.waitForURL((url) => url.pathname !== "/accept-invite", eventually);
      const current = await trpc<{ principal: { role: string; userId: string } }>(again, "shop.current");
      expect(current.principal).toMatchObject({ role: "cashier", userId: rosa.userId });
      expect(errors).toEqual([]);
    } finally {
      await again.close();
    }
  });

  test("every kind of answer carries the security headers; HSTS only behind https", async () => {
    const signInHtml = await (await ownerContext.request.get(`${baseUrl()}/sign-in`)).text();
    const asset = /\/_next\/static\/[^"]+\.js/.exec(signInHtml)?.[0];
    expect(asset).toBeDefined();
    const paths = ["/sign-in", "/products", "/pos", asset!, "/trpc/shop.current", "/api/openapi.json", "/serwist/sw.js"];
    for (const path of paths) {
      const response = await ownerContext.request.get(`${baseUrl()}${path}`);
      const headers = response.headers();
      expect(response.status(), path).toBeLessThan(400);
      expect(headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
      expect(headers["x-frame-options"], path).toBe("DENY");
      expect(headers["x-content-type-options"], path).toBe("nosniff");
      expect(headers["referrer-policy"], path).toMatch(/^(strict-origin-when-cross-origin|no-referrer)$/);
      expect(headers["strict-transport-security"], path).toBeUndefined();
      const overHttps = await ownerContext.request.get(`${baseUrl()}${path}`, { headers: { "x-forwarded-proto": "https" } });
      expect(overHttps.headers()["strict-transport-security"], path).toMatch(/^max-age=\d{8}/);
    }
    const page = (await ownerContext.request.get(`${baseUrl()}/pos`)).headers()["content-security-policy"]!;
    expect(page).toContain("object-src 'none'");
    expect(page).not.toContain("'unsafe-eval'");
    // Inline scripts only by hash (the prerendered pages' own) or this answer's nonce, never as a whole.
    const scripts = /script-src ([^;]*)/.exec(page)![1]!.split(" ");
    expect(scripts).not.toContain("'unsafe-inline'");
    expect(scripts.filter((source) => source.startsWith("'sha256-")).length).toBeGreaterThan(2);
    expect(scripts.filter((source) => source.startsWith("'nonce-"))).toHaveLength(1);
  });

  test("the admin pages work under the CSP: nothing is blocked", async () => {
    const page = await ownerContext.newPage();
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    const errors = collectPageErrors(page);
    await page.goto(`${baseUrl()}/products`);
    await page.getByRole("heading", { name: "Products" }).waitFor();
    await page.goto(`${baseUrl()}/staff`);
    await page.getByRole("heading", { name: "Staff" }).waitFor();
    // A page rendered per request (its inline scripts carry the request's nonce), and the till.
    const product = await trpc<{ id: number }>(ownerContext, "product.create", { name: "CSP tea", isVolatile: false, unitPrice: "2.00" }, "mutation");
    await page.goto(`${baseUrl()}/products/${product.id}`);
    await page.getByRole("heading", { name: "CSP tea" }).waitFor();
    await page.goto(`${baseUrl()}/pos`);
    await page.waitForLoadState("networkidle");
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  test("CSRF: a page on another origin (same site, another port) posting a form to a change with the staff cookie is refused, nothing written", async () => {
    // The attacker's page: served from another port of the same host, so it is same-site and
    // the SameSite=Lax session cookie goes along with its POST, the case docs/security.md names.
    // It auto-submits two forms: text/plain (which can spell a JSON body) and urlencoded.
    const target = `${baseUrl()}/trpc/product.create`;
    const json = (name: string) => `{"json":{"name":"${name}","isVolatile":false,"unitPrice":"1.00","pad":"`;
    const attacker: Server = createServer((request, response) => {
      const plain = request.url === "/plain";
      response.setHeader("content-type", "text/html");
      response.end(
        plain
          ? `<form id="f" method="post" action="${target}" enctype="text/plain"><input name='${json("CSRF plain")}' value='"}}'></form><script>document.getElementById("f").submit()</script>`
          : `<form id="f" method="post" action="${target}"><input name="json" value='{"name":"CSRF urlencoded","isVolatile":false,"unitPrice":"1.00"}'></form><script>document.getElementById("f").submit()</script>`,
      );
    });
    await new Promise<void>((resolve) => attacker.listen(0, new URL(baseUrl()).hostname, resolve));
    const attackerOrigin = `http://${new URL(baseUrl()).hostname}:${(attacker.address() as AddressInfo).port}`;
    const logged = async () => (await trpc<{ items: { id: number }[] }>(ownerContext, "audit.list", { limit: 200 })).items.map((entry) => entry.id);
    const loggedBefore = await logged();
    const page = await ownerContext.newPage();
    const refusals: string[] = [];
    try {
      for (const path of ["/plain", "/urlencoded"]) {
        const answered = page.waitForResponse((response) => response.url() === target && response.request().method() === "POST");
        await page.goto(`${attackerOrigin}${path}`);
        const response = await answered;
        // The browser did attach the staff cookie: only the server's checks stand in the way.
        expect((await response.request().allHeaders()).cookie ?? "", path).toContain("tillsync.session_token");
        // Refused: an HTML form cannot send JSON, so the API's content-type check answers 415
        // before the origin check (403 CROSS_ORIGIN_REQUEST) would; either way nothing runs.
        refusals.push(`${path} ${response.status()}`);
      }
      expect(refusals).toEqual([expect.stringMatching(/^\/plain (403|415)$/), expect.stringMatching(/^\/urlencoded (403|415)$/)]);
      const products = await trpc<{ items: { name: string }[] }>(ownerContext, "product.list", { search: "CSRF" });
      expect(products.items).toEqual([]);
      expect(await logged()).toEqual(loggedBefore);
    } finally {
      await page.close();
      attacker.close();
    }
  });

  test("the activity log: the owner sees a price edit with who and before → after, filters to it and exports it", async () => {
    const product = await trpc<{ id: number }>(ownerContext, "product.create", { name: "Audit oat milk", isVolatile: false, unitPrice: "1.90" }, "mutation");
    await trpc(ownerContext, "product.update", { id: product.id, unitPrice: "2.10" }, "mutation");
    const page = await ownerContext.newPage();
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    const errors = collectPageErrors(page);
    try {
      await page.goto(`${baseUrl()}/products`);
      await page.getByRole("link", { name: "Activity log" }).first().click();
      await page.getByRole("heading", { name: "Activity log" }).waitFor();
      const entries = page.getByTestId("audit-entry");
      const edit = entries.filter({ hasText: "Price changed" });
      await edit.waitFor();
      await expect.poll(() => edit.innerText()).toMatch(/Olivia Owner \(Owner\)[\s\S]*Price\s*€1\.90\s*→\s*€2\.10/);
      await entries.filter({ hasText: "Product added" }).first().waitFor();

      await page.getByLabel("What").selectOption({ label: "Price changed" });
      await page.waitForURL((url) => url.searchParams.get("action") === "product.priceChanged", eventually);
      await expect.poll(() => entries.allInnerTexts(), eventually).toEqual([expect.stringContaining("Price changed")]);

      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export CSV" }).click()]);
      expect(download.suggestedFilename()).toMatch(/^tillsync-activity-\d{4}-\d{2}-\d{2}\.csv$/);
      const lines = (await readFile(await download.path(), "utf8"))
        .replace(/^\uFEFF/, "")
        .trim()
        .split(/\r?\n/);
      expect(lines[0]).toBe("id,at,actor,actor_name,actor_role,actor_user_id,actor_api_key_id,action,subject_kind,subject_id,before,after");
      expect(lines.slice(1)).toEqual([
        expect.stringMatching(new RegExp(`,user,Olivia Owner,owner,.*,product\\.priceChanged,product,${product.id},.*1\\.90.*2\\.10`)),
      ]);
      expect(violations).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  test("the session cookie is HttpOnly and SameSite=Lax, and not Secure over http", async () => {
    const cookies = await ownerContext.cookies(baseUrl());
    const session = cookies.find((cookie) => cookie.name.endsWith("tillsync.session_token"));
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false });
  });
});
