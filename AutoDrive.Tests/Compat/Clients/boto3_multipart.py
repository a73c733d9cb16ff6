"""boto3 with default settings against AutoDrive's multipart uploads.

- upload_file of ~40 MB with TransferConfig(multipart_threshold=5 MiB, multipart_chunksize=5 MiB, max_concurrency=8):
  the composite ETag md5(concatenated part MD5s)-N, download_file gives the same bytes, and x-amz-meta-cid equals the
  CID of a single put_object of the same bytes with the same file name;
- an upload created and left open: list_parts and list_multipart_uploads show it; abort_multipart_upload answers
  204 and it leaves list_multipart_uploads; list_parts, complete and upload_part on it are then NoSuchUpload;
- (KNOWN SERVER BUG, fails until fixed) after UploadPart was refused before its body was read, the next request on
  the same connection is answered (see test_request_after_a_refused_upload_part_succeeds_on_the_same_connection).

Run by AutoDrive.Tests/Compat/RealClientMultipartTests.cs over plain HTTP and over HTTPS. Environment:
AUTODRIVE_S3_ENDPOINT (http:// or https://), AUTODRIVE_KEY; over HTTPS, AWS_CA_BUNDLE names the server's
certificate (verification stays on). Over HTTPS botocore sends parts aws-chunked with a CRC32 trailer, over HTTP
plain with an x-amz-checksum-crc32 header.
"""
import hashlib
import os
import tempfile
import unittest
import uuid

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.exceptions import ClientError

ENDPOINT = os.environ["AUTODRIVE_S3_ENDPOINT"]
HTTPS = ENDPOINT.startswith("https://")
MIB = 1024 * 1024


def client(key):
    # Default settings: only the endpoint and the credentials are given (and the CA bundle from AWS_CA_BUNDLE).
    return boto3.client(
        "s3", endpoint_url=ENDPOINT, aws_access_key_id=key, aws_secret_access_key="any-secret", region_name="us-east-1"
    )


def composite_etag(data, part_size):
    """The ETag S3 gives a multipart upload of data cut into parts of part_size bytes."""
    digests = [hashlib.md5(data[i:i + part_size]).digest() for i in range(0, len(data), part_size)]
    return '"%s-%d"' % (hashlib.md5(b"".join(digests)).hexdigest(), len(digests))


class Boto3MultipartTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.s3 = client(os.environ["AUTODRIVE_KEY"])
        cls.bucket = "botomp-" + uuid.uuid4().hex[:12]
        cls.work = tempfile.TemporaryDirectory()

    @classmethod
    def tearDownClass(cls):
        cls.work.cleanup()

    def error_of(self, call):
        """The error response of call, which must fail."""
        with self.assertRaises(ClientError) as caught:
            call()
        return caught.exception.response

    def test_upload_file_in_5_mib_parts_has_composite_etag_same_bytes_and_single_put_cid(self):
        data = os.urandom(40 * 1000 * 1000 + 17)
        path = os.path.join(self.work.name, "forty.bin")
        with open(path, "wb") as f:
            f.write(data)
        config = TransferConfig(multipart_threshold=5 * MIB, multipart_chunksize=5 * MIB, max_concurrency=8)

        self.s3.upload_file(path, self.bucket, "multipart/deep/forty.bin", Config=config)

        head = self.s3.head_object(Bucket=self.bucket, Key="multipart/deep/forty.bin")
        expected = composite_etag(data, 5 * MIB)
        self.assertTrue(expected.endswith('-8"'), expected)
        self.assertEqual(head["ETag"], expected)
        self.assertEqual(head["ContentLength"], len(data))
        cid = head["Metadata"].get("cid", "")
        self.assertTrue(cid.startswith("bafkr6i"), head["Metadata"])

        back = os.path.join(self.work.name, "forty.back")
        self.s3.download_file(self.bucket, "multipart/deep/forty.bin", back, Config=config)
        with open(back, "rb") as f:
            self.assertTrue(f.read() == data, "downloaded bytes differ")

        # The same bytes in one PutObject, same file name (forty.bin) under another key.
        put = self.s3.put_object(Bucket=self.bucket, Key="single/forty.bin", Body=data)
        self.assertEqual(put["ETag"], '"%s"' % hashlib.md5(data).hexdigest())
        single = self.s3.head_object(Bucket=self.bucket, Key="single/forty.bin")
        self.assertEqual(cid, single["Metadata"]["cid"], "the multipart CID differs from a single PUT's")

    def test_open_upload_is_listed_then_abort_removes_it_and_later_calls_are_nosuchupload(self):
        key = "open/left-open.bin"
        created = self.s3.create_multipart_upload(Bucket=self.bucket, Key=key, ContentType="application/x-open")
        upload_id = created["UploadId"]
        self.assertEqual((created["Bucket"], created["Key"]), (self.bucket, key))
        part1, part2 = os.urandom(5 * MIB), os.urandom(1000)
        etag1 = self.s3.upload_part(Bucket=self.bucket, Key=key, UploadId=upload_id, PartNumber=1, Body=part1)["ETag"]
        etag2 = self.s3.upload_part(Bucket=self.bucket, Key=key, UploadId=upload_id, PartNumber=2, Body=part2)["ETag"]
        self.assertEqual(etag1, '"%s"' % hashlib.md5(part1).hexdigest())
        self.assertEqual(etag2, '"%s"' % hashlib.md5(part2).hexdigest())

        parts = self.s3.list_parts(Bucket=self.bucket, Key=key, UploadId=upload_id)
        self.assertEqual(parts["UploadId"], upload_id)
        self.assertFalse(parts["IsTruncated"])
        self.assertEqual(
            [(p["PartNumber"], p["ETag"], p["Size"]) for p in parts["Parts"]],
            [(1, etag1, len(part1)), (2, etag2, len(part2))],
        )
        first_page = self.s3.list_parts(Bucket=self.bucket, Key=key, UploadId=upload_id, MaxParts=1)
        self.assertTrue(first_page["IsTruncated"])
        self.assertEqual([p["PartNumber"] for p in first_page["Parts"]], [1])
        second_page = self.s3.list_parts(
            Bucket=self.bucket, Key=key, UploadId=upload_id, PartNumberMarker=first_page["NextPartNumberMarker"]
        )
        self.assertEqual([p["PartNumber"] for p in second_page["Parts"]], [2])

        uploads = self.s3.list_multipart_uploads(Bucket=self.bucket)
        self.assertIn((key, upload_id), [(u["Key"], u["UploadId"]) for u in uploads.get("Uploads", [])])

        aborted = self.s3.abort_multipart_upload(Bucket=self.bucket, Key=key, UploadId=upload_id)
        self.assertEqual(aborted["ResponseMetadata"]["HTTPStatusCode"], 204)

        uploads = self.s3.list_multipart_uploads(Bucket=self.bucket)
        self.assertNotIn(upload_id, [u["UploadId"] for u in uploads.get("Uploads", [])])
        for name, call in [
            ("list_parts", lambda: self.s3.list_parts(Bucket=self.bucket, Key=key, UploadId=upload_id)),
            ("complete_multipart_upload", lambda: self.s3.complete_multipart_upload(
                Bucket=self.bucket, Key=key, UploadId=upload_id,
                MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag1}, {"PartNumber": 2, "ETag": etag2}]})),
            # On a client of its own: see test_request_after_a_refused_upload_part_succeeds_on_the_same_connection.
            ("upload_part", lambda: client(os.environ["AUTODRIVE_KEY"]).upload_part(
                Bucket=self.bucket, Key=key, UploadId=upload_id, PartNumber=3, Body=b"late")),
        ]:
            with self.subTest(call=name):
                error = self.error_of(call)
                self.assertEqual(error["Error"]["Code"], "NoSuchUpload", error)
                self.assertEqual(error["ResponseMetadata"]["HTTPStatusCode"], 404, error)
        error = self.error_of(lambda: self.s3.head_object(Bucket=self.bucket, Key=key))
        self.assertEqual(error["ResponseMetadata"]["HTTPStatusCode"], 404, "an aborted upload left an object")

    def test_request_after_a_refused_upload_part_succeeds(self):
        # botocore sends UploadPart with "Expect: 100-continue" and withholds the body until it gets "100 Continue".
        # The server refuses at once (404 NoSuchUpload) without reading the body; it must then close the connection
        # (it answers "Connection: close"), or it would take the first bytes of the next request for the withheld
        # body and answer that request a bare 400. The next request must get its own answer.
        s3 = client(os.environ["AUTODRIVE_KEY"])  # a pool of its own: the broken connection is not shared
        key = "refused/part.bin"
        upload_id = s3.create_multipart_upload(Bucket=self.bucket, Key=key)["UploadId"]
        s3.abort_multipart_upload(Bucket=self.bucket, Key=key, UploadId=upload_id)
        error = self.error_of(lambda: s3.upload_part(Bucket=self.bucket, Key=key, UploadId=upload_id, PartNumber=1, Body=b"late"))
        self.assertEqual(error["Error"]["Code"], "NoSuchUpload", error)

        listed = s3.list_multipart_uploads(Bucket=self.bucket)  # after the refusal, on the same client

        self.assertEqual(listed["ResponseMetadata"]["HTTPStatusCode"], 200)


if __name__ == "__main__":
    print("boto3 %s multipart over %s" % (boto3.__version__, "HTTPS" if HTTPS else "HTTP"))
    unittest.main(verbosity=2)
