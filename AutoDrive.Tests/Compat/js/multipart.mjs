// The AWS SDK for JavaScript v3 against AutoDrive's multipart uploads: @aws-sdk/lib-storage's Upload of a ~30 MB
// stream with partSize 5 MiB and queueSize 4 (CreateMultipartUpload, 6 parts, 4 at a time, Complete); the ETag of
// Complete and of HeadObject is the composite md5(concatenated part MD5s)-6; GetObject gives the same bytes.
// Run by AutoDrive.Tests/Compat/RealClientMultipartTests.cs (node multipart.mjs, from this folder, after npm ci).
// Environment: AUTODRIVE_S3_ENDPOINT (http:// or https://), AUTODRIVE_KEY; over HTTPS, NODE_EXTRA_CA_CERTS names the
// server's certificate (TLS verification stays on).
import { createHash, randomBytes } from "node:crypto";
import assert from "node:assert/strict";
import { GetObjectCommand, HeadObjectCommand } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { client, runChecks, streamOf, unique } from "./harness.mjs";

const MiB = 1024 * 1024;
const s3 = client(process.env.AUTODRIVE_KEY);
// The requests as sent: to check that the multipart path was taken.
const sent = [];
s3.middlewareStack.add(
    (next) => async (args) => {
        sent.push({ method: args.request.method, query: { ...args.request.query } });
        return next(args);
    },
    { step: "deserialize", name: "recordSentRequests" },
);

const bucket = unique("jsmp");
const compositeEtag = (bytes, partSize) => {
    const digests = [];
    for (let offset = 0; offset < bytes.length; offset += partSize) {
        digests.push(createHash("md5").update(bytes.subarray(offset, offset + partSize)).digest());
    }
    return `"${createHash("md5").update(Buffer.concat(digests)).digest("hex")}-${digests.length}"`;
};

const checks = [
    ["lib-storage Upload (partSize 5 MiB, queueSize 4) has the composite ETag and GetObject gives the same bytes", async () => {
        const bytes = randomBytes(30 * 1000 * 1000 + 3);
        const key = "multipart/thirty.bin";
        const expected = compositeEtag(bytes, 5 * MiB);
        assert.match(expected, /-6"$/);

        const done = await new Upload({
            client: s3, params: { Bucket: bucket, Key: key, Body: streamOf(bytes) }, partSize: 5 * MiB, queueSize: 4,
        }).done();

        assert.ok(sent.some((r) => r.method === "POST" && "uploads" in r.query), "no CreateMultipartUpload was sent");
        assert.equal(sent.filter((r) => r.method === "PUT" && r.query.partNumber).length, 6, "expected 6 UploadPart requests");
        assert.equal(done.ETag, expected);
        const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        assert.equal(head.ETag, expected);
        assert.equal(head.ContentLength, bytes.length);
        assert.match(head.Metadata.cid ?? "", /^bafkr6i/, `x-amz-meta-cid: ${JSON.stringify(head.Metadata)}`);

        const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        assert.ok(Buffer.from(await got.Body.transformToByteArray()).equals(bytes), "downloaded bytes differ");
        assert.equal(got.ETag, expected);
    }],
];

await runChecks("js sdk multipart", checks);
