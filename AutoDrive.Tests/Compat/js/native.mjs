// What the scripts that drive the official Auto Drive SDK (@autonomys/auto-drive 1.6.10) share: an SDK instance per
// key, created exactly as a user creates one; raw requests to the native API where the SDK has no method; the bytes
// of a stream; and the CID oracle (@autonomys/auto-dag-data 1.6.10) for files with upload options and for folders.
// Environment: AUTODRIVE_API_ENDPOINT (http(s)://host:port/api, the SDK's apiUrl and downloadServiceUrl); over HTTPS,
// NODE_EXTRA_CA_CERTS names the server's certificate (Node's fetch, which the SDK uses, trusts it; verification on).
import assert from "node:assert/strict";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { createAutoDriveApi } from "@autonomys/auto-drive";
import {
    cidToString,
    decodeNode,
    processFileToIPLDFormat,
    processFolderToIPLDFormat,
    stringToCid,
} from "@autonomys/auto-dag-data";
import { MemoryBlockstore } from "blockstore-core";

export const apiUrl = process.env.AUTODRIVE_API_ENDPOINT;
assert.ok(apiUrl, "AUTODRIVE_API_ENDPOINT is not set");

/** The upload options the SDK declares for compression (its default) and for compression with a password. */
export const ZLIB = Object.freeze({ algorithm: "ZLIB", level: 9 });
export const AES = Object.freeze({ algorithm: "AES_256_GCM" });

/** An SDK instance for key, as a user creates one: both URLs are the native API's root. */
export const sdk = (apiKey) =>
    createAutoDriveApi({ provider: "apikey", apiKey, apiUrl, downloadServiceUrl: apiUrl });

/** A request to the native API with key (null: no Authorization header); path is relative to apiUrl. */
export async function raw(key, method, path, body) {
    const headers = {};
    if (key) {
        headers.Authorization = `Bearer ${key}`;
        headers["X-Auth-Provider"] = "apikey";
    }
    if (body !== undefined) {
        headers["Content-Type"] = "application/json";
    }
    return fetch(`${apiUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
    });
}

/** raw(), expecting status; returns the parsed JSON body (or null when there is none). */
export async function rawJson(key, method, path, body, status = 200) {
    const response = await raw(key, method, path, body);
    const text = await response.text();
    assert.equal(response.status, status, `${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : null;
}

/** The stored bytes of cid as the server keeps them (compressed and/or encrypted by the client): no decoding. */
export async function storedBytes(key, cid) {
    const response = await raw(key, "GET", `/downloads/${cid}?ignoreEncoding=true`);
    assert.equal(response.status, 200, `GET /downloads/${cid}: ${response.status} ${await response.clone().text()}`);
    assert.equal(response.headers.get("content-encoding"), null, "a stored-bytes download must not carry Content-Encoding");
    return Buffer.from(await response.arrayBuffer());
}

/** All the bytes of an async iterable or a web stream (what downloadFile returns). */
export async function bytesOf(iterable) {
    const parts = [];
    for await (const part of iterable) {
        parts.push(Buffer.from(part));
    }
    return Buffer.concat(parts);
}

/** Runs fn expecting it to reject; returns the error. */
export async function rejects(fn, what) {
    try {
        await fn();
    } catch (error) {
        return error;
    }
    assert.fail(`${what}: succeeded; a rejection was expected`);
}

/** Bytes fed in 1 MiB pieces, as a stream would feed them. */
async function* piecesOf(bytes) {
    for (let offset = 0; offset < bytes.length; offset += 1024 * 1024) {
        yield bytes.subarray(offset, offset + 1024 * 1024);
    }
}

/**
 * The oracle: the CID that Auto Drive gives the (stored, already transformed) bytes under name with the upload
 * options options ({compression, encryption}, as processFileToIPLDFormat takes them), and the blockstore it filled.
 */
export async function oracleFile(bytes, name, options = {}) {
    const blockstore = new MemoryBlockstore();
    const cid = await processFileToIPLDFormat(blockstore, piecesOf(bytes), BigInt(bytes.length), name, options);
    return { cid: cidToString(cid), blockstore };
}

/** The oracle's CID alone. */
export const oracleCid = async (bytes, name, options = {}) => (await oracleFile(bytes, name, options)).cid;

/** The CIDs of the data nodes of the oracle's file DAG under root, in content order (the root itself if it has none). */
export async function oracleDataCids({ cid, blockstore }) {
    const out = [];
    const walk = async (current) => {
        const node = decodeNode(await blockstore.get(current));
        if (node.Links.length === 0) {
            out.push(cidToString(current));
            return;
        }
        for (const link of node.Links) {
            await walk(link.Hash);
        }
    };
    await walk(stringToCid(cid));
    return out;
}

/** The file paths under folderPath in the order the SDK finds them (its fs getFiles: readdir order, depth first). */
export async function sdkFileOrder(folderPath) {
    if (!(await stat(folderPath)).isDirectory()) {
        return [folderPath];
    }
    const entries = await readdir(folderPath);
    return (await Promise.all(entries.map((entry) => sdkFileOrder(join(folderPath, entry))))).flat();
}

/**
 * The file tree the SDK sends for these paths (its constructFromFileSystemEntries): nested folders by path segment,
 * children in the order the paths come, a single top folder returned as the root.
 */
export function sdkFileTree(paths) {
    const root = { name: "root", type: "folder", children: [] };
    for (const path of paths) {
        const parts = path.split("/").filter(Boolean);
        let folder = root;
        parts.forEach((part, index) => {
            let child = folder.children.find((c) => c.name === part);
            if (!child) {
                child = index === parts.length - 1
                    ? { name: part, type: "file", path }
                    : { name: part, type: "folder", children: [] };
                folder.children.push(child);
            }
            folder = child;
        });
    }
    return root.children.length === 1 ? root.children[0] : root;
}

/**
 * The oracle of a folder uploaded with fs.uploadFolderFromFolderPath: each file is its own upload (no upload options:
 * the SDK sends a folder's files untransformed), each folder processFolderToIPLDFormat of its children's CIDs in tree
 * order with the sum of their sizes. Returns {cid, size, children: [{name, type, cid, size}]} for node.
 */
export async function oracleFolder(node) {
    if (node.type === "file") {
        const bytes = await readFile(node.path);
        return { name: node.name, type: "file", cid: await oracleCid(bytes, node.name), size: bytes.length };
    }
    const children = [];
    for (const child of node.children) {
        children.push(await oracleFolder(child));
    }
    const size = children.reduce((sum, child) => sum + child.size, 0);
    const cid = await processFolderToIPLDFormat(
        new MemoryBlockstore(), children.map((c) => stringToCid(c.cid)), node.name, BigInt(size));
    return { name: node.name, type: "folder", cid: cidToString(cid), size, children };
}

/** Every root a roots route lists (getMyFiles, getDeleted, getSharedWithMe), read page by page. */
export async function allRows(readPage, limit = 100) {
    const rows = [];
    for (let page = 0; ; page++) {
        const { rows: pageRows, totalCount } = await readPage(page, limit);
        rows.push(...pageRows);
        if (pageRows.length < limit || rows.length >= totalCount) {
            return rows;
        }
    }
}
