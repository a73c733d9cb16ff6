// Benchmark helper (prints figures, asserts nothing): one file through the official Auto Drive SDK 1.6.10, as a user
// would send it (fs.uploadFileFromFilepath: 1 MiB chunks, sequentially; compression off so the client is not the
// bottleneck), then downloaded back through the SDK and hashed.
//   node benchmarks/native-upload.mjs <apiUrl> <apiKey> <file>
// Prints a JSON line: {uploadSeconds, completeCid, downloadSeconds, md5}.
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const compat = fileURLToPath(new URL("../AutoDrive.Tests/Compat/js/package.json", import.meta.url));
const require = createRequire(compat);
const { createAutoDriveApi, fs } = require("@autonomys/auto-drive");

const [apiUrl, apiKey, file] = process.argv.slice(2);
const api = createAutoDriveApi({ provider: "apikey", apiKey, apiUrl, downloadServiceUrl: apiUrl });

const start = process.hrtime.bigint();
const cid = await fs.uploadFileFromFilepath(api, file, { compression: false });
const uploaded = process.hrtime.bigint();

const md5 = createHash("md5");
for await (const piece of await api.downloadFile(cid)) {
    md5.update(piece);
}
const downloaded = process.hrtime.bigint();

console.log(JSON.stringify({
    uploadSeconds: Number(uploaded - start) / 1e9,
    cid,
    downloadSeconds: Number(downloaded - uploaded) / 1e9,
    md5: md5.digest("hex"),
}));
