// The CID of a multipart object against the oracle: the reference implementation (@autonomys/auto-dag-data 1.6.10,
// see cid.mjs) computes the CID of the same bytes under the same file name (the key's last segment). The object
// (~12 MB, so about 185 chunks of 65,066 bytes whose boundaries do not fall on the 5 MiB part boundaries) goes up
// with lib-storage's Upload in 5 MiB parts. The oracle itself is first checked against a known test vector (docs/cid.md).
// Run by AutoDrive.Tests/Compat/RealClientMultipartTests.cs (node multipart-cid.mjs, from this folder, after npm ci).
// Environment: AUTODRIVE_S3_ENDPOINT (http:// or https://), AUTODRIVE_KEY; over HTTPS, NODE_EXTRA_CA_CERTS names the
// server's certificate (TLS verification stays on).
import { randomBytes } from "node:crypto";
import assert from "node:assert/strict";
import { HeadObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { cidOfBytes } from "./cid.mjs";
import { client, runChecks, unique } from "./harness.mjs";

const MiB = 1024 * 1024;
const s3 = client(process.env.AUTODRIVE_KEY);
const bucket = unique("jscid");

const checks = [
    ["the oracle gives the known test vector (test.txt, Hello, world!)", async () => {
        assert.equal(
            await cidOfBytes(Buffer.from("Hello, world!"), "test.txt"),
            "bafkr6ifm5dxoldkwezxmvjx5hrsepnvrvvxb4uof7ilvos7rhyrgiirtqu");
    }],

    ["a multipart object of ~12 MB has the oracle's CID for its bytes and file name", async () => {
        const bytes = randomBytes(12 * 1000 * 1000 + 5);
        const key = "oracle/deep/Résumé 2026.bin";
        const done = await new Upload({
            client: s3, params: { Bucket: bucket, Key: key, Body: bytes }, partSize: 5 * MiB, queueSize: 4,
        }).done();
        assert.match(done.ETag ?? "", /-3"$/, `not a 3-part multipart upload: ETag ${done.ETag}`);

        const expected = await cidOfBytes(bytes, "Résumé 2026.bin");
        const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        assert.equal(head.Metadata.cid, expected, "x-amz-meta-cid of the multipart object is not the oracle's CID");
    }],

    ["a single PutObject of ~1 MB has the oracle's CID (the same check without multipart)", async () => {
        const bytes = randomBytes(1000 * 1000 + 1);
        const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "oracle/single.bin", Body: bytes }));
        assert.equal(put.$metadata.httpStatusCode, 200);

        const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "oracle/single.bin" }));
        assert.equal(head.Metadata.cid, await cidOfBytes(bytes, "single.bin"));
    }],
];

await runChecks("cid oracle", checks);
