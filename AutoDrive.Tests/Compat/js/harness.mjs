// What the client scripts share: the S3 client with default settings, unique bucket names, a streamed body,
// expecting an error, and running named checks to a summary line and exit code.
// Environment: AUTODRIVE_S3_ENDPOINT (http:// or https://); over HTTPS, NODE_EXTRA_CA_CERTS names the server's
// certificate (TLS verification stays on).
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import assert from "node:assert/strict";
import { S3Client } from "@aws-sdk/client-s3";

export const endpoint = process.env.AUTODRIVE_S3_ENDPOINT;

/** An S3 client with default settings: only the endpoint, the credentials, the region and path style. */
export const client = (key) =>
    new S3Client({
        endpoint,
        region: "us-east-1",
        credentials: { accessKeyId: key, secretAccessKey: "any-secret" },
        forcePathStyle: true,
    });

/** A bucket name no other run uses. */
export const unique = (prefix) => `${prefix}-${randomUUID().replaceAll("-", "").slice(0, 12)}`;

/** A stream in several pieces, so the SDK cannot treat it as one buffer. */
export const streamOf = (bytes, piece = 64 * 1024) => {
    const pieces = [];
    for (let offset = 0; offset < bytes.length; offset += piece) {
        pieces.push(bytes.subarray(offset, offset + piece));
    }
    return Readable.from(pieces);
};

/** Runs fn expecting an S3 error; returns it. */
export async function rejection(fn) {
    try {
        await fn();
    } catch (error) {
        return error;
    }
    assert.fail("the request succeeded; an error was expected");
}

/** Runs each [name, check], prints ok/FAIL lines and a summary, and exits 0 only if every check passed. */
export async function runChecks(label, checks) {
    let failed = 0;
    for (const [name, check] of checks) {
        try {
            await check();
            console.log(`ok: ${name}`);
        } catch (error) {
            failed++;
            console.log(`FAIL: ${name}: ${error?.stack ?? error}`);
        }
    }

    console.log(failed === 0
        ? `${label} (${new URL(endpoint).protocol.slice(0, -1)}): all ${checks.length} checks passed`
        : `${label}: ${failed} of ${checks.length} checks failed`);
    process.exit(failed === 0 ? 0 : 1);
}
