// The official Auto Drive SDK's half of the cross-API tests: the other half is boto3 (../Clients/boto3_cross_api.py).
// AutoDrive.Tests/Compat/CrossApiTests.cs runs the steps in turn; they hand over what they made in a JSON file.
//   node cross-api.mjs sdk-upload    alice uploads with the SDK: one file with its default options (compression), and
//                                    one without options under a name bob will also use through S3
//   node cross-api.mjs sdk-check     after boto3's step: the SDK finds and downloads what alice put through S3 (and
//                                    inflates what she put compressed, declared with x-amz-meta-compression), alice
//                                    and bob both download the object they each uploaded, carol finds and reads nothing
//   node cross-api.mjs key-create    alice creates an API key (POST /users/@me/apiKeys/create); the SDK works with it
//   node cross-api.mjs key-revoked   after boto3's step revoked it: the SDK and the native API refuse it (401)
// Environment: AUTODRIVE_CROSS_STATE (the JSON file), AUTODRIVE_API_ENDPOINT, AUTODRIVE_KEY (alice),
// AUTODRIVE_OTHER_KEY (bob), AUTODRIVE_THIRD_KEY (carol); over HTTPS, NODE_EXTRA_CA_CERTS names the certificate.
import { randomBytes, randomUUID } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import assert from "node:assert/strict";
import { apiCalls } from "@autonomys/auto-drive";
import { runChecks } from "./harness.mjs";
import { allRows, bytesOf, oracleCid, raw, rawJson, rejects, sdk, storedBytes } from "./native.mjs";

const statePath = process.env.AUTODRIVE_CROSS_STATE;
assert.ok(statePath, "AUTODRIVE_CROSS_STATE is not set");
const readState = async () => {
    try {
        return JSON.parse(await readFile(statePath, "utf8"));
    } catch (error) {
        if (error.code === "ENOENT") {
            return {};
        }
        throw error;
    }
};
const saveState = (state) => writeFile(statePath, JSON.stringify(state, null, 2));
const bytesFrom = (base64) => Buffer.from(base64, "base64");

const aliceKey = process.env.AUTODRIVE_KEY;
const alice = sdk(aliceKey);
const bob = sdk(process.env.AUTODRIVE_OTHER_KEY);
const carolKey = process.env.AUTODRIVE_THIRD_KEY;
const carol = sdk(carolKey);
const cidsOf = (rows) => rows.map((row) => row.headCid);

const steps = {
    "sdk-upload": async () => {
        const tag = randomUUID().replaceAll("-", "").slice(0, 10);
        const state = { tag };
        return [
            ["alice uploads a file with the SDK's default options (compression)", async () => {
                const bytes = Buffer.from(`uploaded with the Auto Drive SDK, ${tag}\n`.repeat(200));
                const name = `cross-${tag}-sdk.txt`;
                const cid = await alice.uploadFileFromBuffer(bytes, name);
                state.sdkUpload = { name, cid, bytes: bytes.toString("base64") };
            }],
            ["alice uploads a file without options under the name bob will use through S3", async () => {
                // Several chunks, so the CID covers a DAG and not a single node.
                const bytes = randomBytes(200 * 1000 + 17);
                const name = `cross-${tag}-same.bin`;
                const cid = await alice.uploadFileFromBuffer(bytes, name, { compression: false });
                state.same = { name, cid, bytes: bytes.toString("base64") };
            }],
            ["(the state for the next step is saved)", () => saveState(state)],
        ];
    },

    "sdk-check": async () => {
        const state = await readState();
        const { tag, sdkUpload, same, s3Put, s3Compressed } = state;
        assert.ok(tag && sdkUpload && same && s3Put && s3Compressed, `the earlier steps did not run: ${JSON.stringify(Object.keys(state))}`);
        return [
            ["searchByNameOrCIDInMyFiles finds what alice put through S3, by name and by CID; downloadFile reads it", async () => {
                const byName = await alice.searchByNameOrCIDInMyFiles(s3Put.name);
                assert.deepEqual(byName.map((s) => [s.headCid, s.name]), [[s3Put.cid, s3Put.name]]);
                const byCid = await alice.searchByNameOrCIDInMyFiles(s3Put.cid);
                assert.deepEqual(byCid.map((s) => [s.headCid, s.name]), [[s3Put.cid, s3Put.name]]);
                const metadata = await apiCalls.getObjectMetadata(alice, { cid: s3Put.cid });
                assert.deepEqual(metadata.uploadOptions, {}, "an S3 upload without metadata has no upload options");
                const downloaded = await bytesOf(await alice.downloadFile(s3Put.cid));
                assert.ok(downloaded.equals(bytesFrom(s3Put.bytes)), "the SDK's download of the S3 object differs");
                assert.ok(cidsOf(await allRows((p, l) => alice.getMyFiles(p, l))).includes(s3Put.cid), "not in getMyFiles");
            }],
            ["downloadFile inflates what a client put through S3 compressed (x-amz-meta-compression: ZLIB)", async () => {
                const { cid, bytes } = state.s3Compressed;
                const metadata = await apiCalls.getObjectMetadata(alice, { cid });
                assert.equal(metadata.uploadOptions?.compression?.algorithm, "ZLIB", JSON.stringify(metadata.uploadOptions));
                assert.equal(metadata.uploadOptions.encryption, undefined);
                const stored = await storedBytes(aliceKey, cid);
                assert.equal(cid, await oracleCid(stored, state.s3Compressed.name, metadata.uploadOptions),
                    "the CID is not the oracle's for the stored bytes and the options the metadata declares");
                assert.ok((await bytesOf(await alice.downloadFile(cid))).equals(bytesFrom(bytes)), "not inflated to the original");
            }],
            ["the object alice (SDK) and bob (S3) each uploaded is one CID, which both download with the SDK", async () => {
                assert.equal(state.bobSameCid, same.cid, "bob's S3 upload of the same bytes and name has another CID");
                const bytes = bytesFrom(same.bytes);
                assert.ok((await bytesOf(await alice.downloadFile(same.cid))).equals(bytes), "alice's download differs");
                assert.ok((await bytesOf(await bob.downloadFile(same.cid))).equals(bytes), "bob's download differs");
                const bobFound = await bob.searchByNameOrCIDInMyFiles(same.name);
                assert.deepEqual(cidsOf(bobFound), [same.cid], "bob's search by name");
                assert.ok(cidsOf(await allRows((p, l) => bob.getMyFiles(p, l))).includes(same.cid), "not in bob's getMyFiles");
            }],
            ["carol finds and reads none of it through the SDK", async () => {
                const cids = [sdkUpload.cid, same.cid, s3Put.cid, s3Compressed.cid];
                assert.deepEqual(await carol.searchByNameOrCIDInMyFiles(`cross-${tag}`), [], "carol's search by name");
                for (const cid of cids) {
                    assert.deepEqual(await carol.searchByNameOrCIDInMyFiles(cid), [], `carol's search for ${cid}`);
                    assert.deepEqual(await carol.searchByNameOrCID(cid), [], `carol's global search for ${cid}`);
                    await rejects(async () => bytesOf(await carol.downloadFile(cid)), `carol's downloadFile of ${cid}`);
                    assert.equal((await raw(carolKey, "GET", `/objects/${cid}/summary`)).status, 404, `carol's summary of ${cid}`);
                }
                const mine = await allRows((p, l) => carol.getMyFiles(p, l));
                assert.deepEqual(mine.filter((r) => cids.includes(r.headCid) || r.name.includes(tag)), [], "in carol's getMyFiles");
            }],
        ];
    },

    "key-create": async () => {
        const state = {};
        return [
            ["POST /users/@me/apiKeys/create answers the key in secret, and the SDK works with it", async () => {
                const name = `cross-key-${randomUUID().slice(0, 8)}`;
                const created = await rawJson(aliceKey, "POST", "/users/@me/apiKeys/create", { name });
                assert.equal(created.name, name);
                assert.equal(typeof created.id, "string");
                assert.equal(typeof created.secret, "string");
                assert.ok(created.secret.length >= 16, "a short key");
                const me = await sdk(created.secret).me();
                assert.equal(me.user.publicId, (await alice.me()).user.publicId, "the new key is not alice's");
                state.key = { id: created.id, name, secret: created.secret };
            }],
            ["(the state for the next step is saved)", () => saveState(state)],
        ];
    },

    "key-revoked": async () => {
        const { key } = await readState();
        assert.ok(key, "the key-create step did not run");
        return [
            ["the SDK and the native API refuse the revoked key (401); alice's own key still works", async () => {
                await rejects(() => sdk(key.secret).me(), "me() with the revoked key");
                await rejects(() => sdk(key.secret).getMyFiles(0, 1), "getMyFiles with the revoked key");
                assert.equal((await raw(key.secret, "GET", "@me")).status, 401, "GET /api@me");
                assert.equal((await raw(key.secret, "GET", "/objects/roots?scope=user&limit=1&offset=0")).status, 401);
                assert.ok((await alice.me()).user.publicId);
            }],
        ];
    },
};

const step = process.argv[2];
if (!steps[step]) {
    console.error(`usage: node cross-api.mjs ${Object.keys(steps).join("|")}`);
    process.exit(2);
}
await runChecks(`Auto Drive SDK, cross-API step ${step}`, await steps[step]());
