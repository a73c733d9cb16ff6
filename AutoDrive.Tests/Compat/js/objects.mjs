// The AWS SDK for JavaScript v3 with default settings against AutoDrive: PutObject (string and stream bodies; a
// stream takes the aws-chunked path with a checksum trailer, over HTTP too), GetObject, HeadObject, a suffix range,
// a wrong checksum, lib-storage's Upload, isolation between users, and the refused delete.
// Run by AutoDrive.Tests/Compat/RealClientTests.cs (node objects.mjs, from this folder, after npm ci).
// Environment: AUTODRIVE_S3_ENDPOINT (http:// or https://), AUTODRIVE_KEY (alice), AUTODRIVE_OTHER_KEY (bob); over
// HTTPS, NODE_EXTRA_CA_CERTS names the server's certificate (TLS verification stays on).
import { createHash, randomBytes } from "node:crypto";
import assert from "node:assert/strict";
import {
    PutObjectCommand,
    GetObjectCommand,
    HeadObjectCommand,
    DeleteObjectCommand,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { client, rejection, runChecks, streamOf, unique } from "./harness.mjs";

const helloCid = "bafkr6ifm5dxoldkwezxmvjx5hrsepnvrvvxb4uof7ilvos7rhyrgiirtqu";
const helloEtag = '"6cd3556deb0da54bca060b4c39479839"';

const alice = client(process.env.AUTODRIVE_KEY);
// The headers of each request as sent (signed, after every other middleware): to tell which body path was taken.
const sent = [];
alice.middlewareStack.add(
    (next) => async (args) => {
        sent.push({ ...args.request.headers });
        return next(args);
    },
    { step: "deserialize", name: "recordSentHeaders" },
);
const bob = client(process.env.AUTODRIVE_OTHER_KEY);
const bucket = unique("js");
const md5Etag = (bytes) => `"${createHash("md5").update(bytes).digest("hex")}"`;

const checks = [
    ["PutObject with a string body, then GetObject and HeadObject", async () => {
        const put = await alice.send(new PutObjectCommand({ Bucket: bucket, Key: "dir/test.txt", Body: "Hello, world!" }));
        assert.equal(put.ETag, helloEtag);

        const got = await alice.send(new GetObjectCommand({ Bucket: bucket, Key: "dir/test.txt" }));
        assert.equal(Buffer.from(await got.Body.transformToByteArray()).toString("utf8"), "Hello, world!");
        assert.equal(got.ETag, helloEtag);
        assert.equal(got.Metadata.cid, helloCid);

        const head = await alice.send(new HeadObjectCommand({ Bucket: bucket, Key: "dir/test.txt" }));
        assert.equal(head.ETag, helloEtag);
        assert.equal(head.Metadata.cid, helloCid);
        assert.equal(head.ContentLength, 13);
    }],

    ["PutObject with a stream body (aws-chunked with a checksum trailer) keeps every byte", async () => {
        const bytes = randomBytes(1024 * 1024 + 7);
        const put = await alice.send(new PutObjectCommand({
            Bucket: bucket, Key: "stream/blob.bin", Body: streamOf(bytes), ContentLength: bytes.length,
            ContentType: "application/x-test", Metadata: { origin: "js" },
        }));
        const headers = sent.at(-1);
        assert.match(headers["x-amz-content-sha256"] ?? "", /^STREAMING-/, JSON.stringify(headers));
        assert.match(headers["content-encoding"] ?? "", /aws-chunked/, JSON.stringify(headers));
        assert.ok(headers["x-amz-trailer"], `no checksum trailer announced: ${JSON.stringify(headers)}`);
        assert.equal(put.ETag, md5Etag(bytes));

        const got = await alice.send(new GetObjectCommand({ Bucket: bucket, Key: "stream/blob.bin" }));
        assert.ok(Buffer.from(await got.Body.transformToByteArray()).equals(bytes), "downloaded bytes differ");
        assert.equal(got.ContentType, "application/x-test");
        assert.equal(got.Metadata.origin, "js");
        assert.ok(!got.ContentEncoding, `aws-chunked must not be stored, Content-Encoding: ${got.ContentEncoding}`);

        const head = await alice.send(new HeadObjectCommand({ Bucket: bucket, Key: "stream/blob.bin" }));
        assert.equal(head.ETag, md5Etag(bytes));
        assert.equal(head.ContentLength, bytes.length);
        assert.ok(head.Metadata.cid, "x-amz-meta-cid missing");
    }],

    ["lib-storage Upload of a small stream keeps every byte", async () => {
        const bytes = randomBytes(300 * 1024 + 1);
        const upload = new Upload({ client: alice, params: { Bucket: bucket, Key: "upload/small.bin", Body: streamOf(bytes) } });
        const done = await upload.done();
        assert.equal(done.ETag, md5Etag(bytes));

        const got = await alice.send(new GetObjectCommand({ Bucket: bucket, Key: "upload/small.bin" }));
        assert.ok(Buffer.from(await got.Body.transformToByteArray()).equals(bytes), "downloaded bytes differ");
    }],

    ["GetObject with Range bytes=-10 answers the last ten bytes", async () => {
        await alice.send(new PutObjectCommand({ Bucket: bucket, Key: "r.txt", Body: "0123456789abcdefghij" }));

        const got = await alice.send(new GetObjectCommand({ Bucket: bucket, Key: "r.txt", Range: "bytes=-10" }));
        assert.equal(Buffer.from(await got.Body.transformToByteArray()).toString("utf8"), "abcdefghij");
        assert.equal(got.ContentRange, "bytes 10-19/20");
        assert.equal(got.$metadata.httpStatusCode, 206);
    }],

    ["PutObject with a wrong ChecksumCRC32 is BadDigest and stores nothing", async () => {
        const error = await rejection(() => alice.send(new PutObjectCommand({
            Bucket: bucket, Key: "bad.txt", Body: "Hello, world!", ChecksumCRC32: "AAAAAA==",
        })));
        assert.equal(error.$metadata?.httpStatusCode, 400, String(error));
        assert.equal(error.name, "BadDigest", String(error));

        const missing = await rejection(() => alice.send(new HeadObjectCommand({ Bucket: bucket, Key: "bad.txt" })));
        assert.equal(missing.$metadata?.httpStatusCode, 404, String(missing));
    }],

    ["another user cannot read the object", async () => {
        const error = await rejection(() => bob.send(new GetObjectCommand({ Bucket: bucket, Key: "dir/test.txt" })));
        assert.ok([403, 404].includes(error.$metadata?.httpStatusCode), String(error));
    }],

    ["DeleteObject is refused with 403 AccessDenied and the object stays", async () => {
        const error = await rejection(() => alice.send(new DeleteObjectCommand({ Bucket: bucket, Key: "dir/test.txt" })));
        assert.equal(error.$metadata?.httpStatusCode, 403, String(error));
        assert.equal(error.name, "AccessDenied", String(error));
        assert.match(error.message, /permanent/);

        const head = await alice.send(new HeadObjectCommand({ Bucket: bucket, Key: "dir/test.txt" }));
        assert.equal(head.ETag, helloEtag);
    }],
];

await runChecks("js sdk", checks);
