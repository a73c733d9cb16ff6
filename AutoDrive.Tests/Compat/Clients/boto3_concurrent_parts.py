"""boto3 with retries off, 32 threads: parallel UploadParts of one upload must never fail.

A 200 MiB random file is uploaded five times (five keys) with upload_file and TransferConfig(multipart_threshold=5 MiB,
multipart_chunksize=5 MiB, max_concurrency=32): 40 parts of 5 MiB each, up to 32 in flight at once on one upload.
Retries are off (Config(retries={'total_max_attempts': 1})), so any 5xx or conflict fails the upload here instead of
being hidden by a retry. Each object is read back: its bytes have the file's MD5, and its ETag is the composite
md5(concatenated part MD5s)-40. The server side counts its own answers (the NUnit driver asserts zero 5xx and 200
UploadParts).

Run by AutoDrive.Tests/Compat/ConcurrentUploadClientTests.cs. Environment: AUTODRIVE_S3_ENDPOINT, AUTODRIVE_KEY,
AUTODRIVE_WORK_DIR (the test's temporary directory, deleted by the test); over HTTPS, AWS_CA_BUNDLE.
"""
import hashlib
import os
import sys
import uuid

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config

ENDPOINT = os.environ["AUTODRIVE_S3_ENDPOINT"]
WORK = os.environ["AUTODRIVE_WORK_DIR"]
MIB = 1024 * 1024
SIZE = 200 * MIB
PART = 5 * MIB
ROUNDS = 5


def main():
    s3 = boto3.client(
        "s3",
        endpoint_url=ENDPOINT,
        aws_access_key_id=os.environ["AUTODRIVE_KEY"],
        aws_secret_access_key="any-secret",
        region_name="us-east-1",
        config=Config(retries={"total_max_attempts": 1}, max_pool_connections=32),
    )
    transfer = TransferConfig(multipart_threshold=PART, multipart_chunksize=PART, max_concurrency=32, use_threads=True)
    bucket = "conc-" + uuid.uuid4().hex[:12]
    s3.create_bucket(Bucket=bucket)

    path = os.path.join(WORK, "200MiB.bin")
    whole = hashlib.md5()
    part_digests = b""
    with open(path, "wb") as f:
        for _ in range(SIZE // PART):
            block = os.urandom(PART)
            whole.update(block)
            part_digests += hashlib.md5(block).digest()
            f.write(block)
    expected_etag = '"%s-%d"' % (hashlib.md5(part_digests).hexdigest(), SIZE // PART)

    failures = 0
    for round_ in range(ROUNDS):
        key = "parallel/%d.bin" % round_
        s3.upload_file(path, bucket, key, Config=transfer)
        head = s3.head_object(Bucket=bucket, Key=key)
        body = s3.get_object(Bucket=bucket, Key=key)["Body"]
        digest = hashlib.md5()
        read = 0
        for chunk in iter(lambda: body.read(MIB), b""):
            digest.update(chunk)
            read += len(chunk)
        ok = head["ETag"] == expected_etag and digest.hexdigest() == whole.hexdigest() and read == SIZE
        print("round %d: ETag %s (expected %s), %d bytes, MD5 %s: %s"
              % (round_, head["ETag"], expected_etag, read, "same" if digest.hexdigest() == whole.hexdigest() else "DIFFERENT",
                 "ok" if ok else "FAIL"))
        failures += 0 if ok else 1

    os.remove(path)
    if failures:
        print("FAIL: %d of %d rounds" % (failures, ROUNDS), file=sys.stderr)
        sys.exit(1)
    print("OK: %d uploads of 200 MiB with 32 concurrent parts and retries off" % ROUNDS)


if __name__ == "__main__":
    main()
