// Swagger UI as an operator uses it, in a real headless browser (Debian's Chromium driven by puppeteer-core): the page
// renders the operations; "Authorize" with the API key (ApiKey scheme); "Try it out" + "Execute" on
// GET /api/accounts/@me answers 200 with the key's account, and on the S3 ListBuckets operation (GET /s3, which takes the
// same key as a bearer token) 200 with a ListAllMyBucketsResult; the S3 operations' 4XX description shows `<Error>` as
// text (Markdown code), not swallowed as an HTML tag.
// Environment: AUTODRIVE_BASE_URL (http:// or https://), AUTODRIVE_KEY, AUTODRIVE_CHROMIUM (the browser's path),
// AUTODRIVE_SCREENSHOT_DIR (where the PNGs go), AUTODRIVE_CA_BUNDLE (the server's self-signed certificate). Over HTTPS
// the browser trusts exactly that certificate, by its public key (--ignore-certificate-errors-spki-list); every other
// certificate is still verified. Node's own requests trust it through NODE_EXTRA_CA_CERTS.
import assert from "node:assert/strict";
import { createHash, X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import puppeteer from "puppeteer-core";

const base = process.env.AUTODRIVE_BASE_URL;
const key = process.env.AUTODRIVE_KEY;
const chromium = process.env.AUTODRIVE_CHROMIUM;
const screenshots = process.env.AUTODRIVE_SCREENSHOT_DIR;
for (const [name, value] of Object.entries({ AUTODRIVE_BASE_URL: base, AUTODRIVE_KEY: key, AUTODRIVE_CHROMIUM: chromium, AUTODRIVE_SCREENSHOT_DIR: screenshots })) {
    if (!value) {
        console.log(`FAIL: ${name} is not set`);
        process.exit(1);
    }
}

const https = new URL(base).protocol === "https:";
const scheme = https ? "https" : "http";

/** Waits are bounded so that a page that never renders fails instead of hanging; nothing is asserted on time. */
const hangGuard = 30_000;

/** The base64 SHA-256 of the certificate's SubjectPublicKeyInfo: the pin Chromium's SPKI allow-list takes. */
const spkiPin = (pemPath) => {
    const spki = new X509Certificate(readFileSync(pemPath)).publicKey.export({ type: "spki", format: "der" });
    return createHash("sha256").update(spki).digest("base64");
};

// A closed network: Chromium's background services (updates, sync, field trials, QUIC probes) are switched off, and
// a fresh profile keeps the machine's own out of the test.
const profile = mkdtempSync(path.join(tmpdir(), "autodrive-chromium-"));
const args = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-proxy-server",
    `--user-data-dir=${profile}`,
];
if (https) {
    args.push(`--ignore-certificate-errors-spki-list=${spkiPin(process.env.AUTODRIVE_CA_BUNDLE)}`);
}

let shot = 0;
const saved = [];
/** Saves a PNG of the element (or the viewport) as NN-name.png in the screenshot directory. */
async function screenshot(page, name, element) {
    const file = path.join(screenshots, `${String(++shot).padStart(2, "0")}-${name}.png`);
    await (element ?? page).screenshot({ path: file });
    saved.push(file);
}

/** The operation block of `method path`, found by what Swagger UI shows (its method and its data-path). */
async function operation(page, method, route) {
    const selector = `.opblock-${method.toLowerCase()} .opblock-summary-path[data-path="${route}"]`;
    const summaryPath = await page.waitForSelector(selector, { visible: true });
    return await summaryPath.evaluateHandle((node) => node.closest(".opblock"));
}

/** Expands the operation, then "Try it out", screenshot, "Execute", screenshot: answers the live status and body. */
async function tryItOut(page, method, route, name) {
    const block = await operation(page, method, route);
    await (await block.$(".opblock-summary")).click();
    const tryOut = await block.waitForSelector("button.try-out__btn", { visible: true });
    await tryOut.click();
    const execute = await block.waitForSelector("button.execute", { visible: true });
    await screenshot(page, `${name}-before-execute`, block);
    await execute.click();
    const status = await block.waitForSelector(".live-responses-table .response .response-col_status", { visible: true });
    const code = (await status.evaluate((node) => node.textContent)).trim();
    // The live body is the highlighted code under "Response body" (the headers follow in a plain block).
    const body = await block.$eval(".live-responses-table .response .response-col_description .highlight-code code", (node) => node.textContent);
    const curl = await block.$eval(".curl-command", (node) => node.textContent);
    await screenshot(page, `${name}-after-execute`, block);
    return { code, body, curl };
}

const checks = [];
let failed = false;
const browser = await puppeteer.launch({ executablePath: chromium, headless: true, args, defaultViewport: { width: 1280, height: 1000 }, protocolTimeout: 120_000 });
try {
    const page = await browser.newPage();
    page.setDefaultTimeout(hangGuard);
    page.on("pageerror", (error) => console.log(`page error: ${error.message}`));
    page.on("requestfailed", (request) => console.log(`request failed: ${request.url()} ${request.failure()?.errorText}`));

    // [name, sets the page up for the steps after it (if it fails, they are not run), check]
    checks.push(["the page renders the native and S3 operations", true, async () => {
        const response = await page.goto(`${base}/swagger`, { waitUntil: "domcontentloaded" });
        assert.equal(response.status(), 200);
        await operation(page, "GET", "/api/accounts/@me");
        await operation(page, "GET", "/s3");
        await screenshot(page, "rendered");
    }]);

    checks.push(["Authorize with the API key (ApiKey scheme)", true, async () => {
        await (await page.waitForSelector(".auth-wrapper button.authorize", { visible: true })).click();
        await page.waitForSelector(".modal-ux .auth-container", { visible: true });
        const containers = await page.$$(".modal-ux .auth-container");
        let apiKey = null;
        for (const container of containers) {
            if ((await container.$eval("h4", (node) => node.textContent)).includes("ApiKey")) {
                apiKey = container;
            }
        }

        assert.ok(apiKey, "the Authorize dialog has no ApiKey scheme");
        await (await apiKey.$("input")).type(key);
        await (await apiKey.$("button.authorize")).click();
        // Authorized: the scheme now offers "Logout" instead of "Authorize".
        await page.waitForFunction(
            (container) => [...container.querySelectorAll("button")].some((b) => b.textContent.trim() === "Logout"),
            {},
            apiKey);
        await screenshot(page, "authorized");
        await (await page.$(".modal-ux button.close-modal")).click();
        await page.waitForSelector(".modal-ux", { hidden: true });
    }]);

    checks.push(["Try it out: GET /api/accounts/@me answers 200 with the key's account", false, async () => {
        // What the same request answers outside the browser: the page must show this account.
        const direct = await fetch(`${base}/api/accounts/@me`, { headers: { Authorization: `Bearer ${key}` } });
        assert.equal(direct.status, 200);
        const account = await direct.json();
        const { code, body, curl } = await tryItOut(page, "GET", "/api/accounts/@me", "accounts-me");
        assert.equal(code, "200", `status ${code}: ${body}`);
        assert.match(curl, /Authorization: Bearer/, "the request carried no bearer key");
        const shown = JSON.parse(body);
        assert.equal(shown.id, account.id);
        assert.equal(shown.model, "one_off");
    }]);

    checks.push(["Try it out: S3 ListBuckets (GET /s3) answers 200 with a ListAllMyBucketsResult", false, async () => {
        const { code, body } = await tryItOut(page, "GET", "/s3", "s3-list-buckets");
        assert.equal(code, "200", `status ${code}: ${body}`);
        assert.match(body, /<ListAllMyBucketsResult/);
    }]);

    checks.push(["every S3 operation's 4XX description shows `<Error>` as text", false, async () => {
        const blocks = await page.$$(".opblock-tag-section:has(#operations-tag-S3) .opblock");
        assert.ok(blocks.length >= 9, `only ${blocks.length} S3 operations are shown`);
        for (const block of blocks) {
            const route = await block.$eval(".opblock-summary-path", (node) => node.dataset.path);
            if (!(await block.$(".responses-table"))) {
                await (await block.$(".opblock-summary")).click();
            }

            const description = await block.waitForSelector('.responses-table tr.response[data-code="4XX"] .response-col_description');
            const { text, codes } = await description.evaluate((node) => ({
                text: node.textContent,
                codes: [...node.querySelectorAll("code")].map((c) => c.textContent),
            }));
            assert.match(text, /<Error>/, `${route}: the 4XX description reads "${text}"`);
            assert.ok(codes.includes("<Error>"), `${route}: <Error> is not shown as code (${codes.join(", ")})`);
        }

        await screenshot(page, "s3-error-description", blocks.at(-1));
    }]);

    for (const [name, setUp, check] of checks) {
        try {
            await check();
            console.log(`ok: ${name}`);
        } catch (error) {
            console.log(`FAIL: ${name}: ${error?.stack ?? error}`);
            failed = true;
            await screenshot(page, "failed").catch((e) => console.log(`no screenshot: ${e.message}`));
            if (setUp) {
                break;
            }
        }
    }
} finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
}

for (const file of saved) {
    console.log(`screenshot: ${file}`);
}

console.log(failed
    ? `Swagger UI (${scheme}): a check failed`
    : `Swagger UI (${scheme}): all ${checks.length} checks passed`);
process.exit(failed ? 1 : 0);
