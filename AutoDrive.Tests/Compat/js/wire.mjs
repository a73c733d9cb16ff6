// The AWS SDK for JavaScript v3 with default settings against AutoDrive: the object and error wire items (docs/s3-wire.md)
// (issue 3, items 2-5). GetObject with Range (a-b, a-, -n, past the end), IfMatch, IfNoneMatch, IfModifiedSince,
// IfUnmodifiedSince and the response-* overrides; content headers and metadata round trips; CopyObjectCommand (COPY,
// REPLACE, onto itself, CopySourceIfMatch); CreateBucketCommand twice, HeadBucketCommand, GetBucketLocationCommand;
// every delete refused; public ACL refused; error names. Every response is checked as it arrives: it carries
// x-amz-request-id and x-amz-id-2, and never x-amz-version-id.
// Run by AutoDrive.Tests/Compat/RealClientWireTests.cs (node wire.mjs, from this folder, after npm ci).
// Environment: AUTODRIVE_S3_ENDPOINT (http:// or https://), AUTODRIVE_KEY (alice); over HTTPS, NODE_EXTRA_CA_CERTS
// names the server's certificate (TLS verification stays on).
import { createHash, randomUUID } from "node:crypto";
import { gzipSync } from "node:zlib";
import assert from "node:assert/strict";
import {
    PutObjectCommand,
    GetObjectCommand,
    HeadObjectCommand,
    CopyObjectCommand,
    CreateBucketCommand,
    HeadBucketCommand,
    GetBucketLocationCommand,
    ListObjectsV2Command,
    DeleteObjectCommand,
    DeleteObjectsCommand,
    DeleteBucketCommand,
} from "@aws-sdk/client-s3";
import { client as defaultClient, rejection, runChecks, unique } from "./harness.mjs";

const body = "0123456789abcdefghij";
const bodyEtag = `"${createHash("md5").update(body).digest("hex")}"`;
const otherEtag = '"00000000000000000000000000000000"';
const expires = new Date(Date.UTC(2044, 11, 1, 16, 0, 0));
const day = 24 * 60 * 60 * 1000;

// Every answer, success or error, as received: request ids present, no version id (AutoDrive is not versioned).
const responseProblems = [];
let responsesChecked = 0;
function checkResponse(command, response) {
    responsesChecked++;
    const headers = Object.fromEntries(Object.entries(response?.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    const what = `${command} (HTTP ${response?.statusCode})`;
    if (!headers["x-amz-request-id"]) responseProblems.push(`${what}: no x-amz-request-id in ${JSON.stringify(headers)}`);
    if (!headers["x-amz-id-2"]) responseProblems.push(`${what}: no x-amz-id-2 in ${JSON.stringify(headers)}`);
    if ("x-amz-version-id" in headers) responseProblems.push(`${what}: x-amz-version-id sent`);
}

// Default settings, and every response checked as it arrives.
const client = (key) => {
    const s3 = defaultClient(key);
    // In the build step: around retries and deserialization, so it sees the final raw response of every call.
    s3.middlewareStack.add(
        (next, context) => async (args) => {
            try {
                const result = await next(args);
                checkResponse(context.commandName, result.response);
                return result;
            } catch (error) {
                checkResponse(context.commandName, error.$response);
                throw error;
            }
        },
        { step: "build", name: "checkEveryResponse" },
    );
    return s3;
};

const alice = client(process.env.AUTODRIVE_KEY);
const bucket = unique("jswire");
const text = async (output) => Buffer.from(await output.Body.transformToByteArray()).toString("utf8");

function assertError(error, status, name) {
    assert.equal(error.$metadata?.httpStatusCode, status, `${error.name}: ${error.message}`);
    if (name !== undefined) {
        assert.equal(error.name, name, `${error.name}: ${error.message}`);
    }
}

async function assertMissing(key) {
    const error = await rejection(() => alice.send(new HeadObjectCommand({ Bucket: bucket, Key: key })));
    assertError(error, 404);
}

let modified;

const checks = [
    ["setup: PutObject of the 20-byte object", async () => {
        const put = await alice.send(new PutObjectCommand({ Bucket: bucket, Key: "r.txt", Body: body }));
        assert.equal(put.ETag, bodyEtag);
        modified = (await alice.send(new HeadObjectCommand({ Bucket: bucket, Key: "r.txt" }))).LastModified;
        assert.ok(modified instanceof Date);
    }],

    // Item 2: reads.
    ["GetObject with Range a-b, a-, -n and an end past the size answers 206 with Content-Range", async () => {
        for (const [range, expected, contentRange] of [
            ["bytes=2-4", "234", "bytes 2-4/20"],
            ["bytes=15-", "fghij", "bytes 15-19/20"],
            ["bytes=-10", "abcdefghij", "bytes 10-19/20"],
            ["bytes=18-1000", "ij", "bytes 18-19/20"],
        ]) {
            const got = await alice.send(new GetObjectCommand({ Bucket: bucket, Key: "r.txt", Range: range }));
            assert.equal(got.$metadata.httpStatusCode, 206, range);
            assert.equal(await text(got), expected, range);
            assert.equal(got.ContentRange, contentRange, range);
            assert.equal(got.ContentLength, expected.length, range);
            assert.equal(got.AcceptRanges, "bytes", range);
        }
    }],

    ["GetObject with a Range starting past the end is 416 InvalidRange", async () => {
        const error = await rejection(() => alice.send(new GetObjectCommand({ Bucket: bucket, Key: "r.txt", Range: "bytes=20-" })));
        assertError(error, 416, "InvalidRange");
    }],

    ["GetObject and HeadObject with IfMatch that differs are 412", async () => {
        const error = await rejection(() => alice.send(new GetObjectCommand({ Bucket: bucket, Key: "r.txt", IfMatch: otherEtag })));
        assertError(error, 412, "PreconditionFailed");
        const head = await rejection(() => alice.send(new HeadObjectCommand({ Bucket: bucket, Key: "r.txt", IfMatch: otherEtag })));
        assertError(head, 412);
        const got = await alice.send(new GetObjectCommand({ Bucket: bucket, Key: "r.txt", IfMatch: bodyEtag, Range: "bytes=0-3" }));
        assert.equal(await text(got), "0123");
    }],

    ["GetObject and HeadObject with IfNoneMatch that matches are 304", async () => {
        for (const Command of [GetObjectCommand, HeadObjectCommand]) {
            const error = await rejection(() => alice.send(new Command({ Bucket: bucket, Key: "r.txt", IfNoneMatch: bodyEtag })));
            assertError(error, 304);
            assert.equal(error.$response?.headers?.etag, bodyEtag, Command.name);
        }
        const got = await alice.send(new GetObjectCommand({ Bucket: bucket, Key: "r.txt", IfNoneMatch: otherEtag }));
        assert.equal(await text(got), body);
    }],

    ["GetObject with IfModifiedSince / IfUnmodifiedSince", async () => {
        const later = new Date(modified.getTime() + day);
        const earlier = new Date(modified.getTime() - day);
        assertError(await rejection(() => alice.send(new GetObjectCommand({ Bucket: bucket, Key: "r.txt", IfModifiedSince: later }))), 304);
        assertError(
            await rejection(() => alice.send(new GetObjectCommand({ Bucket: bucket, Key: "r.txt", IfUnmodifiedSince: earlier }))),
            412, "PreconditionFailed");
        assert.equal(await text(await alice.send(new GetObjectCommand({ Bucket: bucket, Key: "r.txt", IfModifiedSince: earlier }))), body);
        assert.equal(await text(await alice.send(new GetObjectCommand({ Bucket: bucket, Key: "r.txt", IfUnmodifiedSince: later }))), body);
    }],

    ["GetObject with the response-* overrides answers them", async () => {
        const got = await alice.send(new GetObjectCommand({
            Bucket: bucket, Key: "r.txt",
            ResponseContentType: "text/csv",
            ResponseContentDisposition: 'attachment; filename="x.csv"',
            ResponseCacheControl: "no-store",
            ResponseContentLanguage: "fr",
            ResponseExpires: expires,
            ResponseContentEncoding: "identity",
        }));
        assert.equal(await text(got), body);
        assert.equal(got.ContentType, "text/csv");
        assert.equal(got.ContentDisposition, 'attachment; filename="x.csv"');
        assert.equal(got.CacheControl, "no-store");
        assert.equal(got.ContentLanguage, "fr");
        assert.equal(got.Expires?.getTime(), expires.getTime());
        assert.equal(got.ContentEncoding, "identity");
        // The stored headers stay: the SDK sent Content-Type application/octet-stream with the string body.
        const plain = await alice.send(new GetObjectCommand({ Bucket: bucket, Key: "r.txt" }));
        assert.equal(plain.ContentType, "application/octet-stream");
        assert.equal(plain.CacheControl, undefined);
        await plain.Body.transformToByteArray();
    }],

    // Item 3: headers and metadata.
    ["PutObject content headers and metadata come back on GetObject and HeadObject", async () => {
        const gzipped = gzipSync("compressed by the client");
        await alice.send(new PutObjectCommand({
            Bucket: bucket, Key: "headers.txt.gz", Body: gzipped,
            ContentType: "text/plain; charset=utf-8",
            ContentEncoding: "gzip",
            ContentDisposition: 'attachment; filename="headers.txt"',
            ContentLanguage: "en-GB",
            CacheControl: "max-age=3600, public",
            Expires: expires,
            Metadata: { "Mixed-Case": "Value Kept", empty: "", n: "1" },
        }));
        const got = await alice.send(new GetObjectCommand({ Bucket: bucket, Key: "headers.txt.gz" }));
        assert.ok(Buffer.from(await got.Body.transformToByteArray()).equals(gzipped), "the stored bytes are not decoded");
        const head = await alice.send(new HeadObjectCommand({ Bucket: bucket, Key: "headers.txt.gz" }));
        for (const response of [got, head]) {
            assert.equal(response.ContentType, "text/plain; charset=utf-8");
            assert.equal(response.ContentEncoding, "gzip");
            assert.equal(response.ContentDisposition, 'attachment; filename="headers.txt"');
            assert.equal(response.ContentLanguage, "en-GB");
            assert.equal(response.CacheControl, "max-age=3600, public");
            assert.equal(response.Expires?.getTime(), expires.getTime());
            assert.equal(response.ContentLength, gzipped.length);
            const { cid, ...metadata } = response.Metadata;
            assert.match(cid ?? "", /^bafkr6i/);
            assert.deepEqual(metadata, { "mixed-case": "Value Kept", empty: "", n: "1" });
        }
    }],

    ["PutObject with over 2 KB of metadata is MetadataTooLarge", async () => {
        const error = await rejection(() => alice.send(new PutObjectCommand({
            Bucket: bucket, Key: "too-much-meta.txt", Body: "x", Metadata: { big: "v".repeat(2100) },
        })));
        assertError(error, 400, "MetadataTooLarge");
        await assertMissing("too-much-meta.txt");
    }],

    // Item 4: copies, buckets, refusals.
    ["CopyObjectCommand with COPY keeps the metadata and the CID; REPLACE takes the request's", async () => {
        await alice.send(new PutObjectCommand({
            Bucket: bucket, Key: "src.txt", Body: "copy me", ContentType: "text/x-src", Metadata: { origin: "src" },
        }));
        const source = await alice.send(new HeadObjectCommand({ Bucket: bucket, Key: "src.txt" }));
        const target = unique("jscopy");

        const copy = await alice.send(new CopyObjectCommand({ Bucket: target, Key: "dst/copy.txt", CopySource: `${bucket}/src.txt` }));
        assert.equal(copy.CopyObjectResult?.ETag, source.ETag);
        assert.ok(copy.CopyObjectResult?.LastModified instanceof Date);
        const copied = await alice.send(new HeadObjectCommand({ Bucket: target, Key: "dst/copy.txt" }));
        assert.deepEqual(copied.Metadata, source.Metadata);
        assert.equal(copied.ContentType, "text/x-src");

        await alice.send(new CopyObjectCommand({
            Bucket: bucket, Key: "replaced.txt", CopySource: `${bucket}/src.txt`,
            MetadataDirective: "REPLACE", ContentType: "application/x-new", Metadata: { origin: "replaced" },
        }));
        const replaced = await alice.send(new HeadObjectCommand({ Bucket: bucket, Key: "replaced.txt" }));
        assert.deepEqual(replaced.Metadata, { origin: "replaced", cid: source.Metadata.cid });
        assert.equal(replaced.ContentType, "application/x-new");
    }],

    ["CopyObjectCommand onto itself without REPLACE is InvalidRequest; CopySourceIfMatch that differs is 412", async () => {
        assertError(
            await rejection(() => alice.send(new CopyObjectCommand({ Bucket: bucket, Key: "r.txt", CopySource: `${bucket}/r.txt` }))),
            400, "InvalidRequest");
        assertError(
            await rejection(() => alice.send(new CopyObjectCommand({
                Bucket: bucket, Key: "c1.txt", CopySource: `${bucket}/r.txt`, CopySourceIfMatch: otherEtag,
            }))),
            412, "PreconditionFailed");
        await assertMissing("c1.txt");
    }],

    ["CreateBucketCommand twice, HeadBucketCommand, GetBucketLocationCommand", async () => {
        const created = unique("jsmk");
        for (let i = 0; i < 2; i++) {
            const result = await alice.send(new CreateBucketCommand({ Bucket: created }));
            assert.equal(result.$metadata.httpStatusCode, 200);
        }
        const head = await alice.send(new HeadBucketCommand({ Bucket: created }));
        assert.equal(head.$metadata.httpStatusCode, 200);
        const listed = await alice.send(new ListObjectsV2Command({ Bucket: created }));
        assert.equal(listed.KeyCount, 0);
        assertError(await rejection(() => alice.send(new HeadBucketCommand({ Bucket: unique("jsnone") }))), 404);
        const location = await alice.send(new GetBucketLocationCommand({ Bucket: created }));
        assert.ok([undefined, "", "us-east-1"].includes(location.LocationConstraint), String(location.LocationConstraint));
    }],

    ["DeleteObjectCommand, DeleteObjectsCommand and DeleteBucketCommand are AccessDenied: storage is permanent", async () => {
        for (const command of [
            new DeleteObjectCommand({ Bucket: bucket, Key: "r.txt" }),
            new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: "r.txt" }] } }),
            new DeleteBucketCommand({ Bucket: bucket }),
        ]) {
            const error = await rejection(() => alice.send(command));
            assertError(error, 403, "AccessDenied");
            assert.match(error.message, /permanent/);
        }
        assert.equal(await text(await alice.send(new GetObjectCommand({ Bucket: bucket, Key: "r.txt" }))), body);
    }],

    ["PutObject with ACL public-read is NotImplemented and stores nothing; private is accepted", async () => {
        const error = await rejection(() => alice.send(new PutObjectCommand({ Bucket: bucket, Key: "public.txt", Body: "x", ACL: "public-read" })));
        assertError(error, 501, "NotImplemented");
        await assertMissing("public.txt");
        const put = await alice.send(new PutObjectCommand({ Bucket: bucket, Key: "private.txt", Body: "x", ACL: "private" }));
        assert.equal(put.$metadata.httpStatusCode, 200);
        assert.equal(put.VersionId, undefined);
    }],

    // Item 5: errors.
    ["error names: NoSuchKey, NoSuchBucket, InvalidAccessKeyId", async () => {
        const missing = await rejection(() => alice.send(new GetObjectCommand({ Bucket: bucket, Key: "does/not/exist" })));
        assertError(missing, 404, "NoSuchKey");
        assert.equal(missing.$metadata.requestId, missing.$response?.headers?.["x-amz-request-id"]);
        assertError(await rejection(() => alice.send(new ListObjectsV2Command({ Bucket: unique("jsnone") }))), 404, "NoSuchBucket");
        const stranger = client("unknown" + randomUUID().replaceAll("-", ""));
        assertError(await rejection(() => stranger.send(new GetObjectCommand({ Bucket: bucket, Key: "r.txt" }))), 403, "InvalidAccessKeyId");
    }],

    ["every response carried x-amz-request-id and x-amz-id-2, and none x-amz-version-id", async () => {
        assert.deepEqual(responseProblems, []);
        assert.ok(responsesChecked >= 40, `only ${responsesChecked} responses were seen`);
    }],
];

await runChecks("js sdk wire", checks);
