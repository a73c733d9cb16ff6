"""boto3 with default settings against AutoDrive: PutObject, HeadObject, GetObject, isolation, errors.

Run by AutoDrive.Tests/Compat/RealClientTests.cs against a started server, over plain HTTP and over HTTPS.
Environment: AUTODRIVE_S3_ENDPOINT (http:// or https://), AUTODRIVE_KEY (alice), AUTODRIVE_OTHER_KEY (bob); over
HTTPS, AWS_CA_BUNDLE names the server's certificate (verification stays on).

botocore sends PutObject bodies two ways: over HTTP a plain body with an x-amz-checksum-crc32 header; over HTTPS
aws-chunked framing (STREAMING-UNSIGNED-PAYLOAD-TRAILER, 1 MiB chunks) with the CRC32 in a trailer. The tests
record what was sent and check that the path they mean to cover was taken.
"""
import hashlib
import os
import unittest
import uuid

import boto3
import botocore.config
import botocore.httpsession
from botocore.exceptions import ClientError, SSLError

ENDPOINT = os.environ["AUTODRIVE_S3_ENDPOINT"]
HTTPS = ENDPOINT.startswith("https://")
HELLO_CID = "bafkr6ifm5dxoldkwezxmvjx5hrsepnvrvvxb4uof7ilvos7rhyrgiirtqu"
# For the tests of errors only: botocore retries BadDigest (and TLS failures) four times with back-off by default,
# which proves nothing more about the server and costs seconds.
NO_RETRIES = botocore.config.Config(retries={"max_attempts": 1})


def client(key, **settings):
    # Default settings: only the endpoint and the credentials are given (and the CA bundle from AWS_CA_BUNDLE).
    return boto3.client(
        "s3",
        endpoint_url=ENDPOINT,
        aws_access_key_id=key,
        aws_secret_access_key="any-secret",
        region_name="us-east-1",
        **settings,
    )


class SentRequests:
    """Records the headers of each PutObject as botocore sends it (event before-send)."""

    def __init__(self, s3):
        self.headers = []
        s3.meta.events.register("before-send.s3.PutObject", self._record)

    def _record(self, request, **kwargs):
        self.headers.append(
            {k.lower(): v.decode("ascii") if isinstance(v, bytes) else v for k, v in request.headers.items()}
        )


class WrongTrailer:
    """Makes botocore's aws-chunked body end with a wrong CRC32 trailer (only over HTTPS, where it sends one)."""

    class _Checksum:
        def update(self, chunk):
            pass

        def b64digest(self):
            return "AAAAAA=="

    def __init__(self, s3):
        self.replaced = False
        s3.meta.events.register("before-send.s3.PutObject", self._corrupt)

    def _corrupt(self, request, **kwargs):
        if hasattr(request.body, "_checksum") and hasattr(request.body, "_make_chunk"):
            request.body._checksum = WrongTrailer._Checksum()
            self.replaced = True


class Boto3ObjectTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.alice = client(os.environ["AUTODRIVE_KEY"])
        cls.bob = client(os.environ["AUTODRIVE_OTHER_KEY"])

    def test_put_head_get_hello_world_has_md5_etag_and_autodrive_cid(self):
        put = self.alice.put_object(Bucket="b1", Key="dir/test.txt", Body=b"Hello, world!")
        self.assertEqual(put["ETag"], '"6cd3556deb0da54bca060b4c39479839"')

        head = self.alice.head_object(Bucket="b1", Key="dir/test.txt")
        self.assertEqual(head["ETag"], '"6cd3556deb0da54bca060b4c39479839"')
        self.assertEqual(head["Metadata"]["cid"], HELLO_CID)
        self.assertEqual(head["ResponseMetadata"]["HTTPHeaders"]["x-amz-meta-cid"], HELLO_CID)
        self.assertEqual(head["ContentLength"], 13)

        got = self.alice.get_object(Bucket="b1", Key="dir/test.txt")
        self.assertEqual(got["Body"].read(), b"Hello, world!")
        self.assertEqual(got["ETag"], '"6cd3556deb0da54bca060b4c39479839"')

    def test_another_user_cannot_read_it(self):
        self.alice.put_object(Bucket="b1", Key="dir/private.txt", Body=b"Hello, world!")
        with self.assertRaises(ClientError) as caught:
            self.bob.get_object(Bucket="b1", Key="dir/private.txt")
        self.assertIn(caught.exception.response["ResponseMetadata"]["HTTPStatusCode"], (403, 404))
        with self.assertRaises(ClientError) as caught:
            self.bob.head_object(Bucket="b1", Key="dir/private.txt")
        self.assertIn(caught.exception.response["ResponseMetadata"]["HTTPStatusCode"], (403, 404))

    def test_binary_body_with_metadata_round_trips(self):
        bucket = "boto-" + uuid.uuid4().hex[:12]
        body = os.urandom(3 * 1024 * 1024 + 11)
        put = self.alice.put_object(
            Bucket=bucket, Key="a b/c+d/ü.bin", Body=body, ContentType="application/x-test", Metadata={"Origin": "boto3"}
        )
        self.assertEqual(put["ETag"], '"%s"' % hashlib.md5(body).hexdigest())
        got = self.alice.get_object(Bucket=bucket, Key="a b/c+d/ü.bin")
        self.assertEqual(got["Body"].read(), body)
        self.assertEqual(got["ContentType"], "application/x-test")
        self.assertEqual(got["Metadata"]["origin"], "boto3")

    def test_ranges(self):
        bucket = "boto-" + uuid.uuid4().hex[:12]
        self.alice.put_object(Bucket=bucket, Key="r.txt", Body=b"0123456789abcdefghij")
        self.assertEqual(self.alice.get_object(Bucket=bucket, Key="r.txt", Range="bytes=-10")["Body"].read(), b"abcdefghij")
        part = self.alice.get_object(Bucket=bucket, Key="r.txt", Range="bytes=2-4")
        self.assertEqual(part["Body"].read(), b"234")
        self.assertEqual(part["ContentRange"], "bytes 2-4/20")

    def test_missing_key_is_nosuchkey(self):
        with self.assertRaises(self.alice.exceptions.NoSuchKey):
            self.alice.get_object(Bucket="b1", Key="does/not/exist")

    def test_upload_stores_exactly_the_bytes_with_the_md5_etag(self):
        # Over HTTPS botocore frames the body (aws-chunked, 1 MiB chunks, CRC32 trailer): none of that may be stored.
        s3 = client(os.environ["AUTODRIVE_KEY"])
        sent = SentRequests(s3)
        bucket = "boto-" + uuid.uuid4().hex[:12]
        body = os.urandom(2 * 1024 * 1024 + 5)

        put = s3.put_object(Bucket=bucket, Key="framed.bin", Body=body)

        headers = sent.headers[-1]
        if HTTPS:
            self.assertEqual(headers.get("x-amz-content-sha256"), "STREAMING-UNSIGNED-PAYLOAD-TRAILER", headers)
            self.assertEqual(headers.get("x-amz-trailer"), "x-amz-checksum-crc32", headers)
            self.assertEqual(headers.get("x-amz-decoded-content-length"), str(len(body)), headers)
        else:
            self.assertIn("x-amz-checksum-crc32", headers)
            self.assertFalse(headers.get("x-amz-content-sha256", "").startswith("STREAMING-"), headers)
        md5 = '"%s"' % hashlib.md5(body).hexdigest()
        self.assertEqual(put["ETag"], md5)
        self.assertIn("ChecksumCRC32", put, "the validated checksum is echoed")
        got = s3.get_object(Bucket=bucket, Key="framed.bin")
        self.assertEqual(got["Body"].read(), body)
        self.assertEqual(got["ContentLength"], len(body))
        self.assertNotIn("aws-chunked", got.get("ContentEncoding", ""))
        self.assertEqual(s3.head_object(Bucket=bucket, Key="framed.bin")["ETag"], md5)

    def test_wrong_crc32_header_is_bad_digest_and_stores_nothing(self):
        # A checksum given by the caller goes in the x-amz-checksum-crc32 header, over HTTP and HTTPS alike.
        s3 = client(os.environ["AUTODRIVE_KEY"], config=NO_RETRIES)
        sent = SentRequests(s3)
        bucket = "boto-" + uuid.uuid4().hex[:12]
        with self.assertRaises(ClientError) as caught:
            s3.put_object(Bucket=bucket, Key="bad.txt", Body=b"Hello, world!", ChecksumCRC32="AAAAAA==")
        self.assertEqual(sent.headers[-1].get("x-amz-checksum-crc32"), "AAAAAA==", sent.headers[-1])
        self.assertEqual(caught.exception.response["ResponseMetadata"]["HTTPStatusCode"], 400)
        self.assertEqual(caught.exception.response["Error"]["Code"], "BadDigest")
        self.assert_missing(s3, bucket, "bad.txt")

    @unittest.skipUnless(HTTPS, "botocore sends a checksum trailer only over HTTPS")
    def test_wrong_crc32_trailer_is_bad_digest_and_stores_nothing(self):
        s3 = client(os.environ["AUTODRIVE_KEY"], config=NO_RETRIES)
        wrong = WrongTrailer(s3)
        bucket = "boto-" + uuid.uuid4().hex[:12]
        with self.assertRaises(ClientError) as caught:
            s3.put_object(Bucket=bucket, Key="bad-trailer.bin", Body=os.urandom(1024 * 1024 + 3))
        self.assertTrue(wrong.replaced, "the body was not aws-chunked: no trailer was sent")
        self.assertEqual(caught.exception.response["ResponseMetadata"]["HTTPStatusCode"], 400)
        self.assertEqual(caught.exception.response["Error"]["Code"], "BadDigest")
        self.assert_missing(self.alice, bucket, "bad-trailer.bin")

    @unittest.skipUnless(HTTPS, "certificates matter only over HTTPS")
    def test_https_without_trusting_the_server_certificate_fails(self):
        # Verification is on: with the default CA bundle instead of the server's certificate, the handshake fails.
        s3 = client(os.environ["AUTODRIVE_KEY"], verify=botocore.httpsession.get_cert_path(True), config=NO_RETRIES)
        with self.assertRaises(SSLError):
            s3.head_object(Bucket="b1", Key="dir/test.txt")

    def assert_missing(self, s3, bucket, key):
        with self.assertRaises(ClientError) as caught:
            s3.head_object(Bucket=bucket, Key=key)
        self.assertEqual(caught.exception.response["ResponseMetadata"]["HTTPStatusCode"], 404)

    def test_delete_is_refused(self):
        self.alice.put_object(Bucket="b1", Key="keep.txt", Body=b"x")
        with self.assertRaises(ClientError) as caught:
            self.alice.delete_object(Bucket="b1", Key="keep.txt")
        self.assertEqual(caught.exception.response["Error"]["Code"], "AccessDenied")
        self.assertEqual(self.alice.get_object(Bucket="b1", Key="keep.txt")["Body"].read(), b"x")


if __name__ == "__main__":
    print("boto3 %s over %s" % (boto3.__version__, "HTTPS" if HTTPS else "HTTP"))
    unittest.main(verbosity=2)
