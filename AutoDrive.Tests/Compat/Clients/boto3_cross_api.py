"""boto3's half of the cross-API tests; the other half is the official Auto Drive SDK (../js/cross-api.mjs).

AutoDrive.Tests/Compat/CrossApiTests.cs runs the steps in turn; they hand over what they made in a JSON file.
  python3 boto3_cross_api.py objects   after the SDK uploaded: boto3 lists and reads the SDK's uploads in bucket
                                       `default` (ETag = MD5 of the stored bytes, x-amz-meta-cid = the CID); alice puts
                                       an object for the SDK to find (and one it compressed itself, declared with
                                       x-amz-meta-compression, for the SDK to inflate); bob puts the bytes and name alice uploaded with
                                       the SDK (same CID); carol sees none of it
  python3 boto3_cross_api.py key       after the SDK used alice's new key: boto3 uses it, the native API lists it
                                       masked, alice revokes it, boto3 is refused (403 InvalidAccessKeyId)
Native calls are plain urllib requests. Environment: AUTODRIVE_CROSS_STATE (the JSON file), AUTODRIVE_S3_ENDPOINT,
AUTODRIVE_API_ENDPOINT, AUTODRIVE_KEY (alice), AUTODRIVE_OTHER_KEY (bob), AUTODRIVE_THIRD_KEY (carol); over HTTPS,
AWS_CA_BUNDLE (botocore) and AUTODRIVE_CA_BUNDLE (urllib) name the server's certificate (verification stays on).
"""
import base64
import hashlib
import json
import os
import ssl
import sys
import unittest
import urllib.error
import urllib.request
import zlib

import boto3
from botocore.exceptions import ClientError

ENDPOINT = os.environ["AUTODRIVE_S3_ENDPOINT"]
API = os.environ["AUTODRIVE_API_ENDPOINT"]
STATE = os.environ["AUTODRIVE_CROSS_STATE"]
ALICE = os.environ["AUTODRIVE_KEY"]
BOB = os.environ["AUTODRIVE_OTHER_KEY"]
CAROL = os.environ["AUTODRIVE_THIRD_KEY"]
TLS = ssl.create_default_context(cafile=os.environ["AUTODRIVE_CA_BUNDLE"]) if API.startswith("https://") else None


def client(key):
    # Default settings: only the endpoint and the credentials are given (and the CA bundle from AWS_CA_BUNDLE).
    return boto3.client(
        "s3",
        endpoint_url=ENDPOINT,
        aws_access_key_id=key,
        aws_secret_access_key="any-secret",
        region_name="us-east-1",
    )


def native(key, method, path, body=None):
    """A native API request; returns (status, body bytes)."""
    headers = {"Authorization": f"Bearer {key}", "X-Auth-Provider": "apikey"}
    data = None
    if body is not None:
        headers["Content-Type"] = "application/json"
        data = json.dumps(body).encode()
    request = urllib.request.Request(API + path, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, context=TLS) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def stored_bytes(key, cid):
    status, body = native(key, "GET", f"/downloads/{cid}?ignoreEncoding=true")
    assert status == 200, f"GET /downloads/{cid}: {status} {body[:200]!r}"
    return body


def load_state():
    with open(STATE, encoding="utf-8") as f:
        return json.load(f)


def save_state(state):
    with open(STATE, "w", encoding="utf-8") as f:
        json.dump(state, f, indent=2)


def md5_etag(data):
    return '"' + hashlib.md5(data).hexdigest() + '"'


class ObjectsStep(unittest.TestCase):
    """Runs in name order (test_1 to test_5): the later tests use what the earlier ones put."""

    @classmethod
    def setUpClass(cls):
        cls.state = load_state()
        for part in ("tag", "sdkUpload", "same"):
            assert part in cls.state, f"the SDK's upload step did not run: {sorted(cls.state)}"
        cls.alice, cls.bob, cls.carol = client(ALICE), client(BOB), client(CAROL)

    @classmethod
    def tearDownClass(cls):
        save_state(cls.state)

    def test_1_sdk_upload_is_listed_and_read_in_bucket_default(self):
        upload = self.state["sdkUpload"]
        stored = stored_bytes(ALICE, upload["cid"])
        self.assertNotEqual(stored, base64.b64decode(upload["bytes"]), "the SDK compresses by default")

        listed = self.alice.list_objects_v2(Bucket="default", Prefix=upload["name"]).get("Contents", [])
        self.assertEqual([o["Key"] for o in listed], [upload["name"]])
        self.assertEqual(listed[0]["ETag"], md5_etag(stored))
        self.assertEqual(listed[0]["Size"], len(stored))

        head = self.alice.head_object(Bucket="default", Key=upload["name"])
        self.assertEqual(head["Metadata"].get("cid"), upload["cid"])
        self.assertEqual(head["Metadata"].get("compression"), "ZLIB")
        got = self.alice.get_object(Bucket="default", Key=upload["name"])
        self.assertEqual(got["ETag"], md5_etag(stored))
        self.assertEqual(got["Body"].read(), stored)

    def test_2_put_object_for_the_sdk_to_find(self):
        name = f"cross-{self.state['tag']}-boto3.txt"
        data = f"put through S3 with boto3, {self.state['tag']}\n".encode() * 50
        put = self.alice.put_object(Bucket="default", Key=name, Body=data, ContentType="text/plain")
        self.assertEqual(put["ETag"], md5_etag(data))
        cid = self.alice.head_object(Bucket="default", Key=name)["Metadata"]["cid"]
        self.assertEqual(stored_bytes(ALICE, cid), data, "the native download of the S3 object differs")
        self.state["s3Put"] = {"name": name, "cid": cid, "bytes": base64.b64encode(data).decode()}

    def test_3_put_object_compressed_by_the_client_for_the_sdk_to_inflate(self):
        name = f"cross-{self.state['tag']}-zlib.txt"
        data = f"compressed by the client, declared with x-amz-meta-compression, {self.state['tag']}\n".encode() * 80
        stored = zlib.compress(data, 9)
        self.alice.put_object(Bucket="default", Key=name, Body=stored, Metadata={"compression": "ZLIB"})
        head = self.alice.head_object(Bucket="default", Key=name)
        self.assertEqual(head["Metadata"].get("compression"), "ZLIB")
        self.assertEqual(head["ETag"], md5_etag(stored))
        self.assertEqual(stored_bytes(ALICE, head["Metadata"]["cid"]), stored, "the server must not inflate it")
        self.state["s3Compressed"] = {"name": name, "cid": head["Metadata"]["cid"], "bytes": base64.b64encode(data).decode()}

    def test_4_same_bytes_and_name_from_bob_through_s3_give_the_sdk_upload_cid(self):
        same = self.state["same"]
        data = base64.b64decode(same["bytes"])
        self.bob.put_object(Bucket="default", Key=same["name"], Body=data)
        head = self.bob.head_object(Bucket="default", Key=same["name"])
        self.state["bobSameCid"] = head["Metadata"].get("cid")
        self.assertEqual(head["Metadata"].get("cid"), same["cid"])
        self.assertEqual(head["ETag"], md5_etag(data))
        self.assertEqual(self.bob.get_object(Bucket="default", Key=same["name"])["Body"].read(), data)
        self.assertEqual(self.alice.get_object(Bucket="default", Key=same["name"])["Body"].read(), data)
        self.assertEqual(stored_bytes(BOB, same["cid"]), data, "bob's native download")

    def test_5_carol_sees_none_of_it_through_s3(self):
        names = [self.state["sdkUpload"]["name"], self.state["same"]["name"]]
        names += [self.state[part]["name"] for part in ("s3Put", "s3Compressed") if part in self.state]
        for name in names:
            with self.assertRaises(ClientError) as caught:
                self.carol.get_object(Bucket="default", Key=name)
            self.assertEqual(caught.exception.response["Error"]["Code"], "NoSuchKey", name)
            with self.assertRaises(ClientError) as caught:
                self.carol.head_object(Bucket="default", Key=name)
            self.assertEqual(caught.exception.response["ResponseMetadata"]["HTTPStatusCode"], 404, name)
        listed = self.carol.list_objects_v2(Bucket="default", Prefix=f"cross-{self.state['tag']}")
        self.assertEqual(listed.get("Contents", []), [])


class KeyStep(unittest.TestCase):
    """Runs in name order: the key is used, listed, revoked, then refused."""

    @classmethod
    def setUpClass(cls):
        cls.key = load_state().get("key")
        assert cls.key, "the SDK's key-create step did not run"

    def test_1_boto3_works_with_the_new_key(self):
        s3 = client(self.key["secret"])
        s3.list_buckets()
        s3.list_objects_v2(Bucket="default", MaxKeys=1)

    def test_2_the_key_is_listed_masked_without_its_secret(self):
        status, body = native(ALICE, "GET", "/users/@me/apiKeys")
        self.assertEqual(status, 200, body)
        keys = json.loads(body)
        mine = [k for k in keys if k["id"] == self.key["id"]]
        self.assertEqual(len(mine), 1, keys)
        self.assertEqual(mine[0]["name"], self.key["name"])
        self.assertNotIn("secret", mine[0])
        self.assertTrue(mine[0]["maskedSecret"])
        self.assertNotIn(self.key["secret"], body.decode(), "the listing shows the key")

    def test_3_revoked_key_is_refused_by_s3_at_once(self):
        status, body = native(ALICE, "DELETE", f"/users/@me/apiKeys/{self.key['id']}")
        self.assertEqual(status, 200, body)
        self.assertEqual(json.loads(body), {})
        with self.assertRaises(ClientError) as caught:
            client(self.key["secret"]).list_buckets()
        error = caught.exception.response
        self.assertEqual(error["Error"]["Code"], "InvalidAccessKeyId")
        self.assertEqual(error["ResponseMetadata"]["HTTPStatusCode"], 403)
        status, body = native(ALICE, "GET", "/users/@me/apiKeys")
        self.assertNotIn(self.key["id"], [k["id"] for k in json.loads(body)], "a revoked key is still listed")
        client(ALICE).list_buckets()


if __name__ == "__main__":
    steps = {"objects": ObjectsStep, "key": KeyStep}
    if len(sys.argv) != 2 or sys.argv[1] not in steps:
        sys.exit(f"usage: python3 boto3_cross_api.py {'|'.join(steps)}")
    suite = unittest.TestLoader().loadTestsFromTestCase(steps[sys.argv[1]])
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    sys.exit(0 if result.wasSuccessful() else 1)
