// The folder CID oracle: the CID that Auto Drive gives a folder, computed by the reference implementation
// (@autonomys/auto-dag-data 1.6.10, processFolderToIPLDFormat into an in-memory blockstore) from its children's CIDs in
// order, the folder's name and the sum of the children's sizes, without upload options (Auto Drive never applies a
// folder upload's options to the folder's nodes).
//   node folder-cid.mjs <folder name> <child count>
// The children are small files, child i named "file-<i>.txt" holding the UTF-8 text "content of file <i>\n", each with the
// CID processFileToIPLDFormat gives it (see cid.mjs). Prints one JSON object:
//   {"cid": "<folder CID>", "size": <Σ child sizes>, "children": [{"name", "cid", "size"}, ...]}
// Run by AutoDrive.Tests/Infrastructure/Dsn/FolderDagBuilderTests.cs (from this folder, after npm ci).
import { pathToFileURL } from "node:url";
import { cidToString, processFolderToIPLDFormat, stringToCid } from "@autonomys/auto-dag-data";
import { MemoryBlockstore } from "blockstore-core";
import { cidOfBytes } from "./cid.mjs";

/** The child files of the oracle's folders: child i is "file-<i>.txt" holding "content of file <i>\n". */
export async function childFiles(count) {
    const children = [];
    for (let i = 0; i < count; i++) {
        const name = `file-${i}.txt`;
        const bytes = Buffer.from(`content of file ${i}\n`, "utf8");
        children.push({ name, cid: await cidOfBytes(bytes, name), size: bytes.length });
    }
    return children;
}

/** The CID of a folder named name whose children are [{cid, size}] (CIDs as strings), in order. */
export async function folderCid(name, children) {
    const size = children.reduce((sum, child) => sum + BigInt(child.size), 0n);
    const cids = children.map((child) => stringToCid(child.cid));
    return cidToString(await processFolderToIPLDFormat(new MemoryBlockstore(), cids, name, size));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
    const [name, count] = process.argv.slice(2);
    if (name === undefined || !/^\d+$/.test(count ?? "")) {
        console.error("usage: node folder-cid.mjs <folder name> <child count>");
        process.exit(2);
    }
    const children = await childFiles(Number(count));
    const size = children.reduce((sum, child) => sum + child.size, 0);
    console.log(JSON.stringify({ cid: await folderCid(name, children), size, children }));
}
