// The official Auto Drive SDK (@autonomys/auto-drive 1.6.10) against AutoDrive's native API, used exactly as a user
// uses it: createAutoDriveApi({provider: 'apikey', apiKey, apiUrl, downloadServiceUrl}) with both URLs the native
// API's root. Uploads (small and several-MiB buffers; the SDK's default compression, none, and a password), their
// CIDs against the oracle (@autonomys/auto-dag-data 1.6.10 on the stored bytes with the options the SDK declared),
// downloads, the file lists, searches, metadata, the account, sharing, publishing, the trash (seen through S3 too) and
// a folder upload from disk. Each check prints ok/FAIL; the script exits non-zero if any failed.
// Run by AutoDrive.Tests/Compat/NativeSdkTests.cs (node native-sdk.mjs, from this folder, after npm ci).
// Environment: AUTODRIVE_API_ENDPOINT, AUTODRIVE_S3_ENDPOINT, AUTODRIVE_KEY (alice), AUTODRIVE_OTHER_KEY (bob),
// AUTODRIVE_THIRD_KEY (carol, who is given nothing), AUTODRIVE_LIMITED_KEY (dave, with limits); over HTTPS,
// NODE_EXTRA_CA_CERTS names the server's certificate.
import { randomBytes, randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import assert from "node:assert/strict";
import { apiCalls, fs as sdkFs } from "@autonomys/auto-drive";
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { client, rejection, runChecks } from "./harness.mjs";
import {
    AES,
    ZLIB,
    allRows,
    apiUrl,
    bytesOf,
    oracleCid,
    oracleDataCids,
    oracleFile,
    oracleFolder,
    raw,
    rawJson,
    rejects,
    sdk,
    sdkFileOrder,
    sdkFileTree,
    storedBytes,
} from "./native.mjs";

const MiB = 1024 * 1024;
const aliceKey = process.env.AUTODRIVE_KEY;
const alice = sdk(aliceKey);
const bob = sdk(process.env.AUTODRIVE_OTHER_KEY);
const carolKey = process.env.AUTODRIVE_THIRD_KEY;
const carol = sdk(carolKey);
const aliceS3 = client(aliceKey);
// Every name of this run carries the tag: runs over HTTP and HTTPS share one server and alice's bucket `default`.
const tag = randomUUID().replaceAll("-", "").slice(0, 10);

const memo = (fn) => {
    let promise;
    return () => (promise ??= fn());
};
const cidsOf = (rows) => rows.map((row) => row.headCid);
const namesOf = (rows) => rows.map((row) => row.name);
const myFiles = (api) => allRows((page, limit) => api.getMyFiles(page, limit));
const s3Status = async (key) => {
    try {
        return (await aliceS3.send(new HeadObjectCommand({ Bucket: "default", Key: key })))
            .$metadata.httpStatusCode;
    } catch (error) {
        return error.$metadata?.httpStatusCode ?? error;
    }
};
const s3Keys = async (prefix) =>
    ((await aliceS3.send(new ListObjectsV2Command({ Bucket: "default", Prefix: prefix }))).Contents ?? [])
        .map((o) => o.Key);

// The uploads: a small text and 5 MiB of random bytes (five or six 1 MiB chunks on the wire), each with the SDK's
// default options (compression), with compression off, and with a password (compression, then encryption).
const small = Buffer.from(`Hello from the Auto Drive SDK, run ${tag}. `.repeat(40));
const big = randomBytes(5 * MiB + 12345);
const variants = [
    { label: "default options (compression)", options: {}, declared: { compression: ZLIB } },
    { label: "compression: false", options: { compression: false }, declared: {} },
    { label: "a password", options: { password: `pw-${tag}` }, declared: { compression: ZLIB, encryption: AES } },
];
const uploads = [];
for (const [size, bytes] of [["small", small], ["big", big]]) {
    for (const [index, variant] of variants.entries()) {
        const name = `sdk-${tag}-${size}-${index}.${size === "small" ? "txt" : "bin"}`;
        uploads.push({
            ...variant, size, bytes, name,
            cid: memo(() => alice.uploadFileFromBuffer(bytes, name, variant.options)),
        });
    }
}

const checks = [];
for (const upload of uploads) {
    const what = `uploadFileFromBuffer (${upload.size}, ${upload.label})`;
    checks.push([`${what}: downloadFile returns the same bytes`, async () => {
        const cid = await upload.cid();
        assert.match(cid, /^bafkr6i/, `not an Auto Drive CID: ${cid}`);
        const downloaded = await bytesOf(await alice.downloadFile(cid, upload.options.password));
        assert.equal(downloaded.length, upload.bytes.length, "downloaded length");
        assert.ok(downloaded.equals(upload.bytes), "downloaded bytes differ from the uploaded ones");
    }]);
    checks.push([`${what}: the CID is the oracle's for the stored bytes, the name and the declared options`, async () => {
        const cid = await upload.cid();
        const stored = await storedBytes(aliceKey, cid);
        if (upload.declared.compression || upload.declared.encryption) {
            assert.ok(!stored.equals(upload.bytes), "the stored bytes are the plain bytes: the SDK's transform is lost");
        } else {
            assert.ok(stored.equals(upload.bytes), "without options the stored bytes are the uploaded ones");
        }
        assert.equal(cid, await oracleCid(stored, upload.name, upload.declared));
    }]);
    checks.push([`${what}: getObjectMetadata has the oracle's chunks, the stored size and the declared options`, async () => {
        const cid = await upload.cid();
        const stored = await storedBytes(aliceKey, cid);
        const metadata = await apiCalls.getObjectMetadata(alice, { cid });
        assert.equal(metadata.type, "file");
        assert.equal(metadata.dataCid, cid);
        assert.equal(metadata.name, upload.name);
        assert.equal(Number(metadata.totalSize), stored.length, "totalSize is the stored (transformed) size");
        assert.deepEqual(metadata.uploadOptions, upload.declared);
        const expected = await oracleDataCids(await oracleFile(stored, upload.name, upload.declared));
        assert.equal(metadata.totalChunks, expected.length, "totalChunks");
        assert.deepEqual(metadata.chunks.map((c) => c.cid), expected, "chunk CIDs (the data nodes, in order)");
        assert.equal(metadata.chunks.reduce((sum, c) => sum + Number(c.size), 0), stored.length, "sum of chunk sizes");
        if (upload.size === "big") {
            assert.ok(metadata.chunks.length > 1, "a 5 MiB file has many chunks");
            assert.ok(metadata.chunks.slice(0, -1).every((c) => Number(c.size) === 65066), "every chunk but the last is full");
        }
    }]);
}

const encrypted = uploads.find((u) => u.size === "small" && u.options.password);
const plainSmall = uploads.find((u) => u.size === "small" && u.options.compression === false);
const compressedSmall = uploads.find((u) => u.size === "small" && !u.options.password && u.options.compression !== false);

checks.push(
    ["downloadFile of an encrypted upload without the password rejects", async () => {
        const error = await rejects(async () => bytesOf(await alice.downloadFile(await encrypted.cid())), "no password");
        assert.match(String(error.message), /password/i);
    }],

    ["getMyFiles pages: totalCount counts every root, pages are disjoint and cover this run's uploads", async () => {
        const cids = await Promise.all(uploads.map((u) => u.cid()));
        const first = await alice.getMyFiles(0, 2);
        const second = await alice.getMyFiles(1, 2);
        assert.equal(first.rows.length, 2);
        assert.equal(second.rows.length, 2);
        assert.ok(first.totalCount >= uploads.length, `totalCount ${first.totalCount}`);
        assert.equal(second.totalCount, first.totalCount);
        assert.deepEqual(cidsOf(first.rows).filter((c) => cidsOf(second.rows).includes(c)), [], "pages overlap");
        const all = await myFiles(alice);
        assert.equal(all.length, first.totalCount, "every page together has totalCount rows");
        assert.equal(new Set(cidsOf(all)).size, all.length, "a root is listed twice");
        for (const [index, cid] of cids.entries()) {
            const row = all.find((r) => r.headCid === cid);
            assert.ok(row, `${uploads[index].name} is not in getMyFiles`);
            assert.equal(row.name, uploads[index].name);
        }
        const past = await alice.getMyFiles(Math.ceil(first.totalCount / 2) + 1, 2);
        assert.deepEqual(past.rows, [], "a page past the end is empty");
    }],

    ["searchByNameOrCIDInMyFiles by a name fragment finds this run's files with their summaries", async () => {
        await Promise.all(uploads.map((u) => u.cid()));
        const fragment = `${tag}-small`;
        const found = await alice.searchByNameOrCIDInMyFiles(fragment.toUpperCase());
        const expected = uploads.filter((u) => u.size === "small");
        assert.deepEqual(namesOf(found).sort(), expected.map((u) => u.name).sort());
        assert.deepEqual(cidsOf(found).sort(), (await Promise.all(expected.map((u) => u.cid()))).sort());
    }],

    ["searchByNameOrCIDInMyFiles by a CID finds that object", async () => {
        const cid = await plainSmall.cid();
        const found = await alice.searchByNameOrCIDInMyFiles(cid);
        assert.equal(found.length, 1, JSON.stringify(found));
        assert.equal(found[0].headCid, cid);
        assert.equal(found[0].name, plainSmall.name);
    }],

    ["searchByNameOrCID (global) does not find unpublished objects, not even the caller's", async () => {
        await plainSmall.cid();
        assert.deepEqual(await alice.searchByNameOrCID(tag), []);
        assert.deepEqual(await bob.searchByNameOrCID(await plainSmall.cid()), []);
    }],

    ["getObjectSummary, getObjectUploadStatus and getObject describe the upload", async () => {
        const cid = await compressedSmall.cid();
        const stored = await storedBytes(aliceKey, cid);
        const summary = await apiCalls.getObjectSummary(alice, { cid });
        assert.equal(summary.headCid, cid);
        assert.equal(summary.name, compressedSmall.name);
        assert.equal(summary.type, "file");
        assert.equal(summary.mimeType, "text/plain");
        assert.equal(Number(summary.size), stored.length);
        assert.ok(summary.owners.length >= 1 && summary.owners.some((o) => o.role === "admin"), JSON.stringify(summary.owners));
        const status = await apiCalls.getObjectUploadStatus(alice, { cid });
        assert.ok(status.totalNodes >= 1, JSON.stringify(status));
        assert.ok(status.uploadedNodes >= 1 && status.uploadedNodes <= status.totalNodes, JSON.stringify(status));
        const object = await apiCalls.getObject(alice, { cid });
        assert.equal(object.cid, cid);
        assert.equal(object.metadata.dataCid, cid);
        assert.deepEqual(object.metadata.uploadOptions, compressedSmall.declared);
        assert.ok(Array.isArray(object.owners) && object.owners.length >= 1, JSON.stringify(object.owners));
    }],

    ["me, getPendingCredits and getSubscriptionInfo answer (GET {apiUrl}@me)", async () => {
        const me = await alice.me();
        assert.equal(typeof me.user.publicId, "string");
        assert.ok(me.user.publicId.length > 0);
        assert.ok(me.subscription, JSON.stringify(me));
        // alice has no limits: the server answers null credits for "unlimited" (its documented choice).
        assert.deepEqual(await alice.getPendingCredits(), {
            upload: me.subscription.pendingUploadCredits,
            download: me.subscription.pendingDownloadCredits,
        });
        // dave has limits: his credits are numbers within them.
        const dave = sdk(process.env.AUTODRIVE_LIMITED_KEY);
        const subscription = await dave.getSubscriptionInfo();
        for (const field of ["id", "uploadLimit", "downloadLimit", "granularity", "pendingUploadCredits", "pendingDownloadCredits"]) {
            assert.ok(field in subscription, `subscription has no ${field}: ${JSON.stringify(subscription)}`);
        }
        assert.equal(subscription.uploadLimit, 256 * 1024);
        const credits = await dave.getPendingCredits();
        assert.equal(typeof credits.upload, "number", JSON.stringify(credits));
        assert.equal(typeof credits.download, "number", JSON.stringify(credits));
        assert.ok(credits.upload >= 0 && credits.upload <= subscription.uploadLimit, JSON.stringify(credits));
        assert.ok(credits.download >= 0 && credits.download <= subscription.downloadLimit, JSON.stringify(credits));
        const bobMe = await bob.me();
        assert.notEqual(bobMe.user.publicId, me.user.publicId, "two users share a publicId");
    }],
);

// Sharing: alice shares with bob by his publicId; carol is given nothing.
const sharedBytes = Buffer.from(`shared with bob only, ${tag}`);
const sharedName = `shared-${tag}.txt`;
const shared = memo(async () => {
    const cid = await alice.uploadFileFromBuffer(sharedBytes, sharedName);
    const { user } = await bob.me();
    await apiCalls.shareObject(alice, { cid, publicId: user.publicId });
    return cid;
});
checks.push(
    ["shareObject by bob's publicId: bob finds it in getSharedWithMe and downloads it", async () => {
        const cid = await shared();
        const rows = await allRows((page, limit) => apiCalls.getSharedWithMe(bob, { limit, offset: page * limit }));
        const row = rows.find((r) => r.headCid === cid);
        assert.ok(row, `not in bob's getSharedWithMe: ${JSON.stringify(cidsOf(rows))}`);
        assert.equal(row.name, sharedName);
        assert.ok((await bytesOf(await bob.downloadFile(cid))).equals(sharedBytes), "bob's download differs");
    }],

    ["carol cannot download or read a shared object, nor see alice's names or CIDs", async () => {
        const cid = await shared();
        const cids = [cid, ...(await Promise.all(uploads.map((u) => u.cid())))];
        await rejects(async () => bytesOf(await carol.downloadFile(cid)), "carol's downloadFile");
        assert.equal((await raw(carolKey, "GET", `/objects/${cid}/summary`)).status, 404, "carol's summary");
        assert.equal((await raw(carolKey, "GET", `/downloads/${cid}?ignoreEncoding=true`)).status, 404, "carol's download");
        const mine = await myFiles(carol);
        assert.deepEqual(cidsOf(mine).filter((c) => cids.includes(c)), [], "alice's CIDs in carol's getMyFiles");
        assert.deepEqual(namesOf(mine).filter((n) => n.includes(tag)), [], "alice's names in carol's getMyFiles");
        assert.deepEqual(await carol.searchByNameOrCIDInMyFiles(tag), [], "carol's search by name");
        assert.deepEqual(await carol.searchByNameOrCIDInMyFiles(cid), [], "carol's search by CID");
        assert.deepEqual(await carol.searchByNameOrCID(sharedName), [], "carol's global search by name");
        assert.deepEqual(await carol.searchByNameOrCID(cid), [], "carol's global search by CID");
        const sharedWithCarol = await apiCalls.getSharedWithMe(carol, { limit: 100, offset: 0 });
        assert.ok(!cidsOf(sharedWithCarol.rows).includes(cid), "in carol's getSharedWithMe");
    }],
);

// Publishing: the URL the SDK builds downloads without auth until the object is unpublished.
const publishedBytes = randomBytes(100 * 1024 + 3);
const publishedName = `published-${tag}.bin`;
checks.push(["publishObject: the URL downloads without auth, global search finds it; unpublish refuses it (404)", async () => {
    const cid = await alice.uploadFileFromBuffer(publishedBytes, publishedName, { compression: false });
    assert.deepEqual(await bob.searchByNameOrCID(publishedName), [], "found by global search before publishing");
    const url = await alice.publishObject(cid);
    assert.ok(url.startsWith(`${apiUrl}/objects/`) && url.endsWith("/public"), url);
    const response = await fetch(url);
    assert.equal(response.status, 200, `GET ${url}`);
    assert.ok(Buffer.from(await response.arrayBuffer()).equals(publishedBytes), "public download differs");
    const found = await bob.searchByNameOrCID(publishedName);
    assert.deepEqual(cidsOf(found), [cid], "bob's global search by name");
    assert.deepEqual(cidsOf(await bob.searchByNameOrCID(cid)), [cid], "bob's global search by CID");
    assert.equal((await raw(aliceKey, "POST", `/objects/${cid}/unpublish`)).status, 204, "unpublish");
    assert.equal((await fetch(url)).status, 404, "the public URL after unpublish");
    assert.deepEqual(await bob.searchByNameOrCID(publishedName), [], "found by global search after unpublish");
}]);
checks.push(["publishObject of a compressed upload: a plain fetch of the URL gives the original bytes", async () => {
    const cid = await compressedSmall.cid();
    const url = await alice.publishObject(cid);
    try {
        const response = await fetch(url);
        assert.equal(response.status, 200, `GET ${url}`);
        assert.ok(Buffer.from(await response.arrayBuffer()).equals(compressedSmall.bytes), "public download differs");
    } finally {
        assert.equal((await raw(aliceKey, "POST", `/objects/${cid}/unpublish`)).status, 204, "unpublish");
    }
}]);

// The trash, seen through the SDK and through S3 (alice's bucket `default`, key = the file name).
const trashBytes = Buffer.from(`to the trash and back, ${tag}`);
const trashName = `trash-${tag}.txt`;
checks.push(["markObjectAsDeleted hides the object from getMyFiles and S3; restoreObject brings it back", async () => {
    const cid = await alice.uploadFileFromBuffer(trashBytes, trashName, { compression: false });
    assert.equal(await s3Status(trashName), 200, "S3 HeadObject before the trash");
    assert.deepEqual(await s3Keys(trashName), [trashName], "S3 listing before the trash");

    await apiCalls.markObjectAsDeleted(alice, { cid });
    const deleted = await allRows((page, limit) => apiCalls.getDeleted(alice, { limit, offset: page * limit }));
    assert.ok(cidsOf(deleted).includes(cid), "not in getDeleted");
    assert.ok(!cidsOf(await myFiles(alice)).includes(cid), "still in getMyFiles");
    assert.equal(await s3Status(trashName), 404, "S3 HeadObject of a trashed object");
    assert.deepEqual(await s3Keys(trashName), [], "S3 lists a trashed object");

    await apiCalls.restoreObject(alice, { cid });
    assert.ok(cidsOf(await myFiles(alice)).includes(cid), "not back in getMyFiles");
    const deletedAfter = await allRows((page, limit) => apiCalls.getDeleted(alice, { limit, offset: page * limit }));
    assert.ok(!cidsOf(deletedAfter).includes(cid), "still in getDeleted");
    assert.equal(await s3Status(trashName), 200, "S3 HeadObject after restore");
    assert.deepEqual(await s3Keys(trashName), [trashName], "S3 listing after restore");
}]);

// A folder from disk, with nested folders, given as a relative path (the SDK keeps the path as given), and a file
// beside it. Both live in a temporary directory, removed when the script exits.
const folderName = `myfolder-${tag}`;
const folderFiles = {
    "a.txt": Buffer.from("a at the top\n"),
    "sub/b.txt": Buffer.from("b one level down\n"),
    "sub/deeper/c.bin": randomBytes(70 * 1000),
    "sub2/d.json": Buffer.from('{"d": true}\n'),
};
const fileOnDisk = { name: `from-disk-${tag}.bin`, bytes: randomBytes(2 * MiB + 999) };
const onDisk = memo(async () => {
    const parent = await mkdtemp(join(tmpdir(), "autodrive-sdk-"));
    process.on("exit", () => rmSync(parent, { recursive: true, force: true }));
    for (const [path, bytes] of Object.entries(folderFiles)) {
        const full = join(parent, folderName, path);
        await mkdir(dirname(full), { recursive: true });
        await writeFile(full, bytes);
    }
    await writeFile(join(parent, fileOnDisk.name), fileOnDisk.bytes);
    return parent;
});
/** Runs fn with the temporary directory as the working directory. */
const inParent = async (fn) => {
    const cwd = process.cwd();
    process.chdir(await onDisk());
    try {
        return await fn();
    } finally {
        process.chdir(cwd);
    }
};
const folderUpload = memo(() => inParent(async () => ({
    expected: await oracleFolder(sdkFileTree(await sdkFileOrder(folderName))),
    cid: await sdkFs.uploadFolderFromFolderPath(alice, folderName),
})));
const isZip = (bytes) => bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));

checks.push(
    ["fs.uploadFolderFromFolderPath: the oracle's folder CID, folder metadata, files in S3 under the folder", async () => {
        const { expected, cid } = await folderUpload();
        assert.equal(expected.name, folderName);
        assert.equal(cid, expected.cid, "the folder's CID is not the oracle's");

        const metadata = await apiCalls.getObjectMetadata(alice, { cid });
        assert.equal(metadata.type, "folder");
        assert.equal(metadata.name, folderName);
        assert.equal(Number(metadata.totalSize), expected.size);
        assert.deepEqual(
            metadata.children.map((c) => ({ name: c.name, type: c.type, cid: c.cid, size: Number(c.totalSize) })),
            expected.children.map((c) => ({ name: c.name, type: c.type, cid: c.cid, size: c.size })));
        const summary = await apiCalls.getObjectSummary(alice, { cid });
        assert.equal(summary.type, "folder");
        assert.equal(summary.name, folderName);
        assert.ok(cidsOf(await myFiles(alice)).includes(cid), "the folder is not in getMyFiles");

        assert.deepEqual(
            (await s3Keys(`${folderName}/`)).sort(),
            Object.keys(folderFiles).map((p) => `${folderName}/${p}`).sort());
        for (const [path, bytes] of Object.entries(folderFiles)) {
            const got = await aliceS3.send(new GetObjectCommand({ Bucket: "default", Key: `${folderName}/${path}` }));
            assert.ok(Buffer.from(await got.Body.transformToByteArray()).equals(bytes), `S3 bytes of ${path}`);
        }
    }],

    ["downloadFile of a folder gives a zip of its files", async () => {
        const { cid } = await folderUpload();
        const zip = await bytesOf(await alice.downloadFile(cid));
        assert.ok(isZip(zip), `not a zip: ${zip.subarray(0, 16).toString("hex")}`);
        for (const [path, bytes] of Object.entries(folderFiles)) {
            assert.ok(zip.includes(Buffer.from(path.split("/").at(-1))), `${path} is not named in the zip`);
            assert.ok(zip.includes(bytes), `the bytes of ${path} are not in the zip (stored entries)`);
        }
    }],

    ["fs.uploadFolderFromFolderPath with a password uploads <folder>.zip, compressed and encrypted", async () => {
        const password = `folder-pw-${tag}`;
        const cid = await inParent(() => sdkFs.uploadFolderFromFolderPath(alice, folderName, { password }));
        const zip = await bytesOf(await alice.downloadFile(cid, password));
        assert.ok(isZip(zip), `not a zip: ${zip.subarray(0, 16).toString("hex")}`);
        const summary = await apiCalls.getObjectSummary(alice, { cid });
        assert.equal(summary.name, `${folderName}.zip`);
        assert.equal(summary.type, "file");
        const stored = await storedBytes(aliceKey, cid);
        assert.equal(cid, await oracleCid(stored, `${folderName}.zip`, { compression: ZLIB, encryption: AES }));
    }],

    ["fs.uploadFileFromFilepath: the oracle's CID (compressed), downloadFile gives the file", async () => {
        const cid = await inParent(() => sdkFs.uploadFileFromFilepath(alice, fileOnDisk.name));
        const stored = await storedBytes(aliceKey, cid);
        assert.equal(cid, await oracleCid(stored, fileOnDisk.name, { compression: ZLIB }));
        assert.ok((await bytesOf(await alice.downloadFile(cid))).equals(fileOnDisk.bytes), "downloaded bytes differ");
    }],

    ["uploadObjectAsJSON: downloadFile gives the JSON, the summary says application/json", async () => {
        const object = { tag, list: [1, 2, 3], nested: { ok: true } };
        const name = `object-${tag}.json`;
        const cid = await alice.uploadObjectAsJSON(object, name);
        assert.deepEqual(JSON.parse((await bytesOf(await alice.downloadFile(cid))).toString("utf8")), object);
        const summary = await apiCalls.getObjectSummary(alice, { cid });
        assert.equal(summary.name, name);
        assert.equal(summary.mimeType, "application/json");
    }],
);

checks.push(["a request without a key is refused (401) and an unknown CID is 404", async () => {
    assert.equal((await raw(null, "GET", "/objects/roots?scope=user&limit=1&offset=0")).status, 401);
    const unknown = await oracleCid(Buffer.from(`never uploaded ${tag}`), "nothing.txt");
    const error = await rejection(() => apiCalls.getObjectSummary(alice, { cid: unknown }));
    assert.match(String(error.message), /Not Found/);
    await rawJson(aliceKey, "GET", `/objects/${unknown}/metadata`, undefined, 404);
}]);

await runChecks("Auto Drive SDK (native API)", checks);
