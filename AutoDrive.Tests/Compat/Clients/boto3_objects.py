"""boto3 with default settings against AutoDrive: PutObject, HeadObject, GetObject, isolation, errors.

Run by AutoDrive.Tests/Compat/Boto3Tests.cs against a started server. Environment:
AUTODRIVE_S3_ENDPOINT, AUTODRIVE_KEY (alice), AUTODRIVE_OTHER_KEY (bob).
"""
import hashlib
import os
import unittest
import uuid

import boto3
from botocore.exceptions import ClientError

ENDPOINT = os.environ["AUTODRIVE_S3_ENDPOINT"]
HELLO_CID = "bafkr6ifm5dxoldkwezxmvjx5hrsepnvrvvxb4uof7ilvos7rhyrgiirtqu"


def client(key):
    # Default settings: only the endpoint and the credentials are given.
    return boto3.client(
        "s3",
        endpoint_url=ENDPOINT,
        aws_access_key_id=key,
        aws_secret_access_key="any-secret",
        region_name="us-east-1",
    )


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

    def test_delete_is_refused(self):
        self.alice.put_object(Bucket="b1", Key="keep.txt", Body=b"x")
        with self.assertRaises(ClientError) as caught:
            self.alice.delete_object(Bucket="b1", Key="keep.txt")
        self.assertEqual(caught.exception.response["Error"]["Code"], "AccessDenied")
        self.assertEqual(self.alice.get_object(Bucket="b1", Key="keep.txt")["Body"].read(), b"x")


if __name__ == "__main__":
    unittest.main(verbosity=2)
