// The CID oracle: the CID that Auto Drive itself gives a file, computed by the reference implementation
// (@autonomys/auto-dag-data 1.6.10, processFileToIPLDFormat into an in-memory blockstore), with no upload options.
//   node cid.mjs <path> [name]      prints the CID of the file's bytes under <name> (default: the path's last segment)
// Also a module: cidOfBytes(bytes, name) and cidOfFile(path, name), used by multipart-cid.mjs.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { basename } from "node:path";
import { pathToFileURL } from "node:url";
import { cidToString, processFileToIPLDFormat } from "@autonomys/auto-dag-data";
import { MemoryBlockstore } from "blockstore-core";

/** The CID of bytes (a Buffer) named name; fed in 1 MiB pieces, which the library chunks as one stream. */
export async function cidOfBytes(bytes, name) {
    async function* pieces() {
        for (let offset = 0; offset < bytes.length; offset += 1024 * 1024) {
            yield bytes.subarray(offset, offset + 1024 * 1024);
        }
    }
    return cidToString(await processFileToIPLDFormat(new MemoryBlockstore(), pieces(), BigInt(bytes.length), name));
}

/** The CID of the file at path named name. */
export async function cidOfFile(path, name = basename(path)) {
    const size = BigInt((await stat(path)).size);
    const bytes = createReadStream(path, { highWaterMark: 1024 * 1024 });
    return cidToString(await processFileToIPLDFormat(new MemoryBlockstore(), bytes, size, name));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
    const [path, name] = process.argv.slice(2);
    if (!path) {
        console.error("usage: node cid.mjs <path> [name]");
        process.exit(2);
    }
    console.log(await cidOfFile(path, name));
}
