"""Differential test of AutoDrive's listings through boto3 against a reference model of S3's listing rules.

Run by AutoDrive.Tests/Compat/ListingClientTests.cs against a started server. Environment: AUTODRIVE_S3_ENDPOINT,
AUTODRIVE_KEY; LISTING_SEED (optional) replays a run: every run prints its seed, and a failure names it.

1. The model (model_page below) is checked first: against ceph/s3-tests' list cases, and against moto_server's
   ListObjectsV2 pages on the same data (moto is right for V2 pages; it is wrong for V1 with a delimiter and does
   not echo ContinuationToken, so V1 and the echoes are checked against the model only).
2. Thousands of random keys (nested prefixes, spaces, '+', '%', unicode, upper/lower case, one large common
   prefix) are written to AutoDrive, and every scenario (prefix x delimiter x max-keys, V1 and V2, with botocore's
   automatic encoding-type=url, without any encoding, and with an explicit encoding-type=url whose raw values are
   compared with the model's percent-encoding) is paginated to the end: every page must equal the model's.
"""
import concurrent.futures
import hashlib
import os
import random
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import uuid

import boto3
import botocore.config
import botocore.handlers

ENDPOINT = os.environ["AUTODRIVE_S3_ENDPOINT"]
KEY = os.environ["AUTODRIVE_KEY"]
SEED = int(os.environ.get("LISTING_SEED") or random.SystemRandom().randrange(1, 2**31))
MAX_PAGES_PER_SCENARIO = 12

CEPH_KEYS = ["asdf", "boo/bar", "boo/baz/xyzzy", "cquux/thud", "cquux/bla"]


# ---------------------------------------------------------------------------------------------------- the model
def common_prefix(key, prefix, delimiter):
    """S3's folding: the delimiter's first occurrence after the prefix ends the common prefix."""
    if not delimiter or not key.startswith(prefix):
        return None
    at = key.find(delimiter, len(prefix))
    return None if at < 0 else key[: at + len(delimiter)]


def model_page(keys, prefix="", delimiter=None, max_keys=1000, marker=None):
    """One page: (entries [(name, is_prefix)], truncated). `keys` sorted by code point (= UTF-8 byte order).

    A marker (V1 marker, V2 start-after, or the position a token stands for) is exclusive; a marker under a common
    prefix of this listing (equal to it, as a V1 NextMarker can be, or inside it) continues after the whole prefix,
    which sorts before the marker and so was listed already."""
    skip_under = common_prefix(marker, prefix, delimiter) if marker else None
    entries = []
    for key in keys:
        if not key.startswith(prefix) or (marker is not None and key <= marker):
            continue
        if skip_under is not None and key.startswith(skip_under):
            continue
        cp = common_prefix(key, prefix, delimiter)
        if cp is not None:
            if entries and entries[-1] == (cp, True):
                continue
            entries.append((cp, True))
        else:
            entries.append((key, False))
        if len(entries) > max_keys:
            break
    return entries[:max_keys], len(entries) > max_keys


def model_pages(keys, prefix, delimiter, max_keys, start=None):
    """Every page of a full pagination: each next page starts at the last entry of the one before."""
    pages, marker = [], start
    while True:
        entries, truncated = model_page(keys, prefix, delimiter, max_keys, marker)
        pages.append((entries, truncated))
        if not truncated or len(pages) > 10_000:
            return pages
        marker = entries[-1][0]


def url(value):
    """encoding-type=url as AutoDrive applies it: UTF-8, everything but unreserved and '/' percent-encoded."""
    return urllib.parse.quote(value, safe="/~")


# ---------------------------------------------------------------------------------------------------- clients
def client(endpoint, key, encoding):
    """encoding: 'auto' (botocore's default: asks for url and decodes), 'none' (no encoding-type), 'explicit'."""
    s3 = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=key,
        aws_secret_access_key="any-secret",
        region_name="us-east-1",
        config=botocore.config.Config(retries={"max_attempts": 2}, max_pool_connections=32),
    )
    if encoding != "auto":
        for op in ("ListObjects", "ListObjectsV2"):
            s3.meta.events.unregister("before-parameter-build.s3." + op, botocore.handlers.set_list_objects_encoding_type_url)
    return s3


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_moto():
    port = free_port()
    command = ["moto_server", "-H", "127.0.0.1", "-p", str(port)] if shutil.which("moto_server") else \
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process, "http://127.0.0.1:%d" % port
        except OSError:
            if process.poll() is not None:
                raise SystemExit("moto_server did not start (is moto[server] installed?)")
            time.sleep(0.1)
    process.kill()
    raise SystemExit("moto_server did not listen")


# ---------------------------------------------------------------------------------------------------- listing
def list_pages(s3, bucket, version, prefix, delimiter, max_keys, encoding, start=None):
    """Paginates to the end; returns [(entries, truncated, page)] with entries decoded as the client sees them."""
    results, token, marker = [], None, start
    while True:
        args = {"Bucket": bucket}
        if prefix:
            args["Prefix"] = prefix
        if delimiter:
            args["Delimiter"] = delimiter
        if max_keys is not None:
            args["MaxKeys"] = max_keys
        if encoding == "explicit":
            args["EncodingType"] = "url"
        if version == 2:
            if token:
                args["ContinuationToken"] = token
            elif start:
                args["StartAfter"] = start
            page = s3.list_objects_v2(**args)
        else:
            if marker:
                args["Marker"] = marker
            page = s3.list_objects(**args)
        entries = [(o["Key"], False) for o in page.get("Contents", [])] + \
                  [(p["Prefix"], True) for p in page.get("CommonPrefixes", [])]
        entries.sort(key=lambda e: e[0].encode("utf-8") if encoding != "explicit" else urllib.parse.unquote(e[0]).encode("utf-8"))
        results.append((entries, page["IsTruncated"], page))
        if not page["IsTruncated"]:
            return results
        if len(results) > MAX_PAGES_PER_SCENARIO * 2:
            raise AssertionError("pagination does not end")
        if version == 2:
            token = page.get("NextContinuationToken")
            if not token:
                raise AssertionError("truncated V2 page without NextContinuationToken")
        else:
            marker = page.get("NextMarker")
            if not marker:
                raise AssertionError("truncated V1 page without NextMarker")
            if encoding == "explicit":
                marker = urllib.parse.unquote(marker)


class Checker:
    def __init__(self):
        self.failures = []
        self.scenarios = 0
        self.pages = 0

    def fail(self, scenario, message):
        self.failures.append("%s: %s" % (scenario, message))

    def compare(self, scenario, expected, actual, *, version, prefix, delimiter, max_keys, encoding, objects=None, echoes=True, start=None):
        """expected: model pages; actual: list_pages(...). Compares page by page."""
        self.scenarios += 1
        self.pages += len(actual)
        if len(expected) != len(actual):
            self.fail(scenario, "%d pages, model has %d (first page: %r vs %r)" % (
                len(actual), len(expected), actual[0][0][:5], expected[0][0][:5]))
            return
        for number, ((want, want_truncated), (got, got_truncated, page)) in enumerate(zip(expected, actual), 1):
            where = "%s page %d" % (scenario, number)
            want_shown = [(url(n), p) for n, p in want] if encoding == "explicit" else want
            if got != want_shown:
                self.fail(where, "entries differ: got %r, model %r" % (got[:8], want_shown[:8]))
                return
            if got_truncated != want_truncated:
                self.fail(where, "IsTruncated %r, model %r" % (got_truncated, want_truncated))
                return
            if version == 2 and page.get("KeyCount") != len(want):
                self.fail(where, "KeyCount %r, model %d" % (page.get("KeyCount"), len(want)))
            if objects is not None:
                for item in page.get("Contents", []):
                    name = urllib.parse.unquote(item["Key"]) if encoding == "explicit" else item["Key"]
                    body = objects[name]
                    if item["ETag"] != '"%s"' % hashlib.md5(body).hexdigest() or item["Size"] != len(body):
                        self.fail(where, "ETag/Size of %r: %r %r" % (name, item["ETag"], item["Size"]))
                        return
            if echoes:
                self.check_echoes(where, page, number, version, prefix, delimiter, max_keys, encoding, want, want_truncated, start)

    def check_echoes(self, where, page, number, version, prefix, delimiter, max_keys, encoding, want, truncated, start):
        shown = url if encoding == "explicit" else (lambda v: v)
        expected_prefix = prefix if version == 1 and encoding == "explicit" else shown(prefix)
        if page.get("Prefix", "") != expected_prefix:
            self.fail(where, "Prefix echo %r" % page.get("Prefix"))
        if page.get("Delimiter") != (shown(delimiter) if delimiter else None):
            self.fail(where, "Delimiter echo %r" % page.get("Delimiter"))
        if page.get("MaxKeys") != min(max_keys if max_keys is not None else 1000, 1000):
            self.fail(where, "MaxKeys echo %r" % page.get("MaxKeys"))
        if page.get("EncodingType") != ("url" if encoding in ("auto", "explicit") else None):
            self.fail(where, "EncodingType echo %r" % page.get("EncodingType"))
        if version == 1:
            want_next = shown(want[-1][0]) if truncated else None
            if page.get("NextMarker") != want_next:
                self.fail(where, "NextMarker %r, model %r" % (page.get("NextMarker"), want_next))
            if number == 1 and page.get("Marker", "") != (shown(start) if start else ""):
                self.fail(where, "Marker echo %r" % page.get("Marker"))
        else:
            if number > 1 and not page.get("ContinuationToken"):
                self.fail(where, "ContinuationToken not echoed")
            if number == 1 and start and page.get("StartAfter") != shown(start):
                self.fail(where, "StartAfter echo %r" % page.get("StartAfter"))


# ---------------------------------------------------------------------------------------------------- data
PARTS = ["a", "A", "b", "B", "dir", "Dir", "sub", "x y", "p+q", "50%", "e\u0301", "\u00e9", "\u00fc", "\u65e5\u672c",
         "\U0001F600", "\uFFFD", "\uE000", "~t", "-", "_u", ".v", "s--t", "z", "Zz", "0", "9", "photo", "2026", "a a"]
SEPARATORS = ["/"] * 6 + ["--", "/s", ""]


def random_keys(rng, count):
    keys = set()
    while len(keys) < count:
        depth = rng.choice([1, 1, 2, 2, 2, 3, 3, 4])
        key = ""
        for level in range(depth):
            key += rng.choice(PARTS) + (str(rng.randrange(30)) if rng.random() < 0.4 else "")
            if level < depth - 1:
                key += rng.choice(SEPARATORS)
        if rng.random() < 0.05:
            key += "/"
        if rng.random() < 0.03:
            key = key.replace("/", "//", 1)
        if len(key.encode("utf-8")) <= 200:
            keys.add(key)
    return keys


def build_data(rng):
    keys = random_keys(rng, 1000)
    keys.update("big/%05d%s" % (i, rng.choice(["", "/x", "/y/z", ".txt"])) for i in range(800))
    keys.update(["dir/", "dir//x", "x y/p+q/50%/a", "日本/語/ファイル", "Dir/sub/a", "a", "a/", "a-", "a/b", "a0"])
    return {k: ("%s|%d" % (k, rng.randrange(10**6))).encode("utf-8") for k in keys}


def put_all(s3, bucket, objects):
    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(lambda kv: s3.put_object(Bucket=bucket, Key=kv[0], Body=kv[1]), objects.items()))


# ---------------------------------------------------------------------------------------------------- main
def main():
    rng = random.Random(SEED)
    print("seed %d (replay with LISTING_SEED=%d)" % (SEED, SEED), flush=True)
    started = time.monotonic()
    checker = Checker()

    # 1. The model against ceph/s3-tests' list cases.
    ceph = sorted(CEPH_KEYS)
    assert [e for page, _ in model_pages(ceph, "", "/", 1) for e in page] == [("asdf", False), ("boo/", True), ("cquux/", True)]
    assert [page[-1][0] for page, truncated in model_pages(ceph, "", "/", 1) if truncated] == ["asdf", "boo/"]
    assert model_page(ceph, "", "/", 1000, "boo/")[0] == [("cquux/", True)]
    assert model_page(ceph, "", "/", 1000, "boo/bar")[0] == [("cquux/", True)]
    assert model_page(ceph, "boo/", "/", 1000)[0] == [("boo/bar", False), ("boo/baz/", True)]
    assert model_page(["bar", "baza", "bazb"], "ba", "a")[0] == [("bar", False), ("baza", True), ("bazb", False)]

    data = build_data(rng)
    keys = sorted(data)
    autodrive = {mode: client(ENDPOINT, KEY, mode) for mode in ("auto", "none", "explicit")}
    moto_process, moto_endpoint = start_moto()
    try:
        moto = client(moto_endpoint, "any", "auto")
        bucket = "diff-" + uuid.uuid4().hex[:12]
        moto.create_bucket(Bucket=bucket)
        moto.create_bucket(Bucket="ceph")
        seeded = time.monotonic()
        def timed_put(job):
            began = time.monotonic()
            put_all(*job)
            return time.monotonic() - began

        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            took = list(pool.map(timed_put, [(autodrive["auto"], bucket, data), (moto, bucket, data)]))
        print("PUTs took %.1f s on AutoDrive, %.1f s on moto" % tuple(took), flush=True)
        put_all(autodrive["auto"], "ceph-" + bucket, {k: k.encode() for k in CEPH_KEYS})
        put_all(moto, "ceph", {k: k.encode() for k in CEPH_KEYS})
        print("wrote %d keys to AutoDrive and moto in %.1f s" % (len(data), time.monotonic() - seeded), flush=True)

        # The ceph case on both servers: V1 pages asdf | boo/ | cquux/ with NextMarker asdf, then boo/ (AutoDrive);
        # V2 pages the same on moto.
        expected = model_pages(sorted(CEPH_KEYS), "", "/", 1)
        checker.compare("ceph V1", expected, list_pages(autodrive["auto"], "ceph-" + bucket, 1, "", "/", 1, "auto"),
                        version=1, prefix="", delimiter="/", max_keys=1, encoding="auto")
        checker.compare("ceph V2 moto", expected, list_pages(moto, "ceph", 2, "", "/", 1, "auto"),
                        version=2, prefix="", delimiter="/", max_keys=1, encoding="auto", echoes=False)

        # 2. Scenarios.
        prefixes = ["", "dir/", "big/", "big/01", "a", "a/", "x y/", "日本/", "p+q", "Dir/sub/", "none/", "e\u0301"]
        prefixes += [k[: rng.randrange(1, len(k) + 1)] for k in rng.sample(keys, 4)]
        delimiters = [None, "/", "--", "/s", "a", "\u00e9"]
        sizes = [None, 137, 10, 3, 1]
        scenarios = []
        for prefix in prefixes:
            for delimiter in delimiters:
                for size in sizes:
                    expected = model_pages(keys, prefix, delimiter, size if size is not None else 1000)
                    if len(expected) <= MAX_PAGES_PER_SCENARIO or size is None:
                        scenarios.append((prefix, delimiter, size, None, expected))
        # Markers and start-after: keys, common prefixes, keys inside common prefixes, strings that are neither.
        starts = rng.sample(keys, 6) + ["big/", "dir/", "a/", "big/00500", "日本/", "b", "\U0001F600", "zzzz"]
        for start in starts:
            for delimiter in (None, "/"):
                expected = model_pages(keys, "", delimiter, 200, start)
                scenarios.append(("", delimiter, 200, start, expected))

        print("%d scenarios to run (%d model pages)" % (len(scenarios), sum(len(s[4]) for s in scenarios)), flush=True)
        for index, (prefix, delimiter, size, start, expected) in enumerate(scenarios):
            if index % 50 == 0:
                print("  scenario %d, %d pages so far, %.1f s" % (index, checker.pages, time.monotonic() - started), flush=True)
            name = "prefix=%r delimiter=%r max-keys=%r start=%r" % (prefix, delimiter, size, start)
            common = dict(prefix=prefix, delimiter=delimiter, max_keys=size, start=start)
            # Each scenario in V2 and V1, each in one of the three encoding modes (drawn from the seed).
            for version in (2, 1):
                mode = rng.choice(["auto", "none", "explicit"])
                if version == 1 and mode == "none" and not (prefix or delimiter or size or start):
                    mode = "auto"  # a bare GET /bucket is GetObject of default/bucket (single-segment rule), not a listing
                actual = list_pages(autodrive[mode], bucket, version, prefix, delimiter, size, mode, start)
                checker.compare("AutoDrive V%d %s %s" % (version, mode, name), expected, actual,
                                version=version, encoding=mode, objects=data, **common)
            # The model against moto's V2 pages.
            actual = list_pages(moto, bucket, 2, prefix, delimiter, size, "auto", start)
            checker.compare("model vs moto V2 %s" % name, expected, actual, version=2, encoding="auto", echoes=False, **common)
            if checker.failures:
                break
    finally:
        moto_process.terminate()
        moto_process.wait(timeout=10)

    print("%d scenarios, %d pages compared in %.1f s (seed %d)" % (checker.scenarios, checker.pages, time.monotonic() - started, SEED))
    if checker.failures:
        for failure in checker.failures[:20]:
            print("FAIL " + failure)
        print("%d failures; replay with LISTING_SEED=%d" % (len(checker.failures), SEED))
        return 1
    print("listing differential: all pages equal the model's")
    return 0


if __name__ == "__main__":
    sys.exit(main())
