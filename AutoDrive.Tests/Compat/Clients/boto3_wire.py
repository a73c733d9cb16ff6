"""boto3 with default settings against AutoDrive: the object and error wire items (docs/s3-wire.md; issue 3, items 2-5).

- reads (item 2): Range a-b, a-, -n, a start past the end (416 InvalidRange, Content-Range bytes */size), no checksum
  on a 206; IfMatch mismatch 412, IfNoneMatch match 304 (GET and HEAD), IfModifiedSince / IfUnmodifiedSince; the six
  response-* overrides;
- headers (item 3): ContentType, ContentEncoding, ContentDisposition, ContentLanguage, CacheControl, Expires stored and
  returned on GET and HEAD; metadata round trip (names lower-cased, an empty value kept, a PUT without metadata drops
  the old); MetadataTooLarge; compression metadata ZLIB goes into the CID;
- buckets and the rest (item 4): create_bucket twice, head_bucket, get_bucket_location, get_bucket_versioning,
  copy_object (COPY keeps metadata and CID, REPLACE, onto itself InvalidRequest, CopySourceIfMatch 412), every delete
  refused (AccessDenied, "permanent"), object lock answers, unknown sub-resources NotImplemented, canned ACLs;
- errors (item 5): NoSuchKey, NoSuchBucket, AccessDenied (no credentials), InvalidAccessKeyId (unknown key), the
  error body's RequestId equals the header.
Every response a client here receives is checked as it arrives (event after-call): it carries x-amz-request-id and
x-amz-id-2, and never x-amz-version-id.

Run by AutoDrive.Tests/Compat/RealClientWireTests.cs over plain HTTP and over HTTPS. Environment:
AUTODRIVE_S3_ENDPOINT (http:// or https://), AUTODRIVE_KEY (alice); over HTTPS, AWS_CA_BUNDLE names the server's
certificate (verification stays on).
"""
import datetime
import gzip
import hashlib
import os
import unittest
import uuid

import boto3
import botocore
import botocore.config
from botocore.exceptions import ClientError

ENDPOINT = os.environ["AUTODRIVE_S3_ENDPOINT"]
HTTPS = ENDPOINT.startswith("https://")
BODY = b"0123456789abcdefghij"
BODY_ETAG = '"%s"' % hashlib.md5(BODY).hexdigest()
ZLIB_HELLO_CID = "bafkr6ic6rif5ghyeyec54lwtgchngh7to4g2r2aiuevbmdk3mkgykafypy"
EXPIRES = datetime.datetime(2044, 12, 1, 16, 0, 0, tzinfo=datetime.timezone.utc)
OTHER_ETAG = '"00000000000000000000000000000000"'


def check_response(http_response, model, **kwargs):
    """after-call handler: every answer carries request ids, and none a version id (AutoDrive is not versioned)."""
    headers = {k.lower(): v for k, v in http_response.headers.items()}
    operation = "%s (HTTP %d)" % (model.name, http_response.status_code)
    if not headers.get("x-amz-request-id"):
        raise AssertionError("%s: no x-amz-request-id in %s" % (operation, headers))
    if not headers.get("x-amz-id-2"):
        raise AssertionError("%s: no x-amz-id-2 in %s" % (operation, headers))
    if "x-amz-version-id" in headers:
        raise AssertionError("%s: x-amz-version-id sent: %s" % (operation, headers))


def client(key, **settings):
    # Default settings: only the endpoint and the credentials are given (and the CA bundle from AWS_CA_BUNDLE).
    s3 = boto3.client(
        "s3",
        endpoint_url=ENDPOINT,
        aws_access_key_id=key,
        aws_secret_access_key="any-secret",
        region_name="us-east-1",
        **settings,
    )
    s3.meta.events.register("after-call.s3", check_response)
    return s3


def unique(prefix):
    return prefix + "-" + uuid.uuid4().hex[:12]


class Boto3WireTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.s3 = client(os.environ["AUTODRIVE_KEY"])
        cls.bucket = unique("bwire")
        cls.put = cls.s3.put_object(Bucket=cls.bucket, Key="r.txt", Body=BODY)
        cls.modified = cls.s3.head_object(Bucket=cls.bucket, Key="r.txt")["LastModified"]

    def error_of(self, call, **kwargs):
        """The error response of call(**kwargs), which must fail with a ClientError."""
        with self.assertRaises(ClientError) as caught:
            call(**kwargs)
        return caught.exception.response

    def assert_error(self, response, status, code):
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], status, response)
        self.assertEqual(response["Error"]["Code"], code, response)

    def assert_missing(self, bucket, key):
        response = self.error_of(self.s3.head_object, Bucket=bucket, Key=key)
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 404, response)

    # Item 2: reads.

    def test_range_forms_answer_206_with_content_range(self):
        for range_, body, content_range in [
            ("bytes=2-4", b"234", "bytes 2-4/20"),
            ("bytes=15-", b"fghij", "bytes 15-19/20"),
            ("bytes=-10", b"abcdefghij", "bytes 10-19/20"),
            ("bytes=18-1000", b"ij", "bytes 18-19/20"),
        ]:
            with self.subTest(range_):
                got = self.s3.get_object(Bucket=self.bucket, Key="r.txt", Range=range_)
                self.assertEqual(got["ResponseMetadata"]["HTTPStatusCode"], 206)
                self.assertEqual(got["Body"].read(), body)
                self.assertEqual(got["ContentRange"], content_range)
                self.assertEqual(got["ContentLength"], len(body))
                self.assertEqual(got["AcceptRanges"], "bytes")
                # botocore asks for checksums on every GetObject; a part never has the object's checksum.
                self.assertFalse([k for k in got if k.startswith("Checksum") and k != "ChecksumType"], got.keys())

    def test_range_starting_past_the_end_is_416_invalid_range(self):
        for range_ in ("bytes=20-", "bytes=25-30"):
            with self.subTest(range_):
                response = self.error_of(self.s3.get_object, Bucket=self.bucket, Key="r.txt", Range=range_)
                self.assert_error(response, 416, "InvalidRange")
        self.s3.put_object(Bucket=self.bucket, Key="empty.txt", Body=b"")
        response = self.error_of(self.s3.get_object, Bucket=self.bucket, Key="empty.txt", Range="bytes=0-")
        self.assert_error(response, 416, "InvalidRange")

    def test_invalid_or_multiple_ranges_are_ignored(self):
        for range_ in ("bytes=abc", "bytes=5-2", "bytes=0-1,4-5", "items=0-1"):
            with self.subTest(range_):
                got = self.s3.get_object(Bucket=self.bucket, Key="r.txt", Range=range_)
                self.assertEqual(got["ResponseMetadata"]["HTTPStatusCode"], 200)
                self.assertEqual(got["Body"].read(), BODY)
                self.assertNotIn("ContentRange", got)

    def test_if_match_mismatch_is_412(self):
        response = self.error_of(self.s3.get_object, Bucket=self.bucket, Key="r.txt", IfMatch=OTHER_ETAG)
        self.assert_error(response, 412, "PreconditionFailed")
        # HEAD errors have no body: botocore names the error by its status.
        response = self.error_of(self.s3.head_object, Bucket=self.bucket, Key="r.txt", IfMatch=OTHER_ETAG)
        self.assert_error(response, 412, "412")

    def test_if_match_with_the_etag_answers_the_object(self):
        got = self.s3.get_object(Bucket=self.bucket, Key="r.txt", IfMatch=self.put["ETag"], Range="bytes=0-3")
        self.assertEqual(got["Body"].read(), b"0123")

    def test_if_none_match_match_is_304_with_validators(self):
        for call in (self.s3.get_object, self.s3.head_object):
            with self.subTest(call.__name__):
                response = self.error_of(call, Bucket=self.bucket, Key="r.txt", IfNoneMatch=self.put["ETag"])
                self.assert_error(response, 304, "304")
                headers = response["ResponseMetadata"]["HTTPHeaders"]
                self.assertEqual(headers.get("etag"), BODY_ETAG, headers)
                self.assertIn("last-modified", headers)
        response = self.error_of(self.s3.get_object, Bucket=self.bucket, Key="r.txt", IfNoneMatch="*")
        self.assert_error(response, 304, "304")
        got = self.s3.get_object(Bucket=self.bucket, Key="r.txt", IfNoneMatch=OTHER_ETAG)
        self.assertEqual(got["Body"].read(), BODY)

    def test_if_modified_since_and_if_unmodified_since(self):
        day = datetime.timedelta(days=1)
        response = self.error_of(self.s3.get_object, Bucket=self.bucket, Key="r.txt", IfModifiedSince=self.modified + day)
        self.assert_error(response, 304, "304")
        response = self.error_of(self.s3.get_object, Bucket=self.bucket, Key="r.txt", IfUnmodifiedSince=self.modified - day)
        self.assert_error(response, 412, "PreconditionFailed")
        response = self.error_of(self.s3.head_object, Bucket=self.bucket, Key="r.txt", IfUnmodifiedSince=self.modified - day)
        self.assert_error(response, 412, "412")
        got = self.s3.get_object(Bucket=self.bucket, Key="r.txt", IfModifiedSince=self.modified - day)
        self.assertEqual(got["Body"].read(), BODY)
        got = self.s3.get_object(Bucket=self.bucket, Key="r.txt", IfUnmodifiedSince=self.modified + day)
        self.assertEqual(got["Body"].read(), BODY)
        # RFC 7232 §6: a matching If-Match makes If-Unmodified-Since irrelevant.
        got = self.s3.get_object(Bucket=self.bucket, Key="r.txt", IfMatch=BODY_ETAG, IfUnmodifiedSince=self.modified - day)
        self.assertEqual(got["Body"].read(), BODY)

    def test_response_overrides_replace_the_answered_headers(self):
        got = self.s3.get_object(
            Bucket=self.bucket,
            Key="r.txt",
            ResponseContentType="text/csv",
            ResponseContentDisposition='attachment; filename="x.csv"',
            ResponseCacheControl="no-store",
            ResponseContentLanguage="fr",
            ResponseExpires=EXPIRES,
            ResponseContentEncoding="identity",
        )
        self.assertEqual(got["Body"].read(), BODY)
        self.assertEqual(got["ContentType"], "text/csv")
        self.assertEqual(got["ContentDisposition"], 'attachment; filename="x.csv"')
        self.assertEqual(got["CacheControl"], "no-store")
        self.assertEqual(got["ContentLanguage"], "fr")
        self.assertEqual(got["ResponseMetadata"]["HTTPHeaders"].get("expires"), "Thu, 01 Dec 2044 16:00:00 GMT")
        self.assertEqual(got["ContentEncoding"], "identity")
        # The stored object keeps its own: without overrides, the S3 default content type and none of the others.
        plain = self.s3.get_object(Bucket=self.bucket, Key="r.txt")
        self.assertEqual(plain["ContentType"], "binary/octet-stream")
        for name in ("ContentDisposition", "CacheControl", "ContentLanguage", "ContentEncoding", "Expires"):
            self.assertNotIn(name, plain)

    # Item 3: headers and metadata.

    def test_content_headers_are_stored_and_returned_on_get_and_head(self):
        body = gzip.compress(b"compressed by the client")
        self.s3.put_object(
            Bucket=self.bucket,
            Key="headers.txt.gz",
            Body=body,
            ContentType="text/plain; charset=utf-8",
            ContentEncoding="gzip",
            ContentDisposition='attachment; filename="headers.txt"',
            ContentLanguage="en-GB",
            CacheControl="max-age=3600, public",
            Expires=EXPIRES,
        )
        got = self.s3.get_object(Bucket=self.bucket, Key="headers.txt.gz")
        head = self.s3.head_object(Bucket=self.bucket, Key="headers.txt.gz")
        # botocore hands over the stored bytes as they are (it never decodes Content-Encoding).
        self.assertEqual(got["Body"].read(), body)
        for response in (got, head):
            self.assertEqual(response["ContentType"], "text/plain; charset=utf-8")
            self.assertEqual(response["ContentEncoding"], "gzip")
            self.assertEqual(response["ContentDisposition"], 'attachment; filename="headers.txt"')
            self.assertEqual(response["ContentLanguage"], "en-GB")
            self.assertEqual(response["CacheControl"], "max-age=3600, public")
            self.assertEqual(response["ResponseMetadata"]["HTTPHeaders"].get("expires"), "Thu, 01 Dec 2044 16:00:00 GMT")
            self.assertEqual(response["ContentLength"], len(body))

    def test_metadata_round_trips_lower_cased_with_empty_values(self):
        self.s3.put_object(
            Bucket=self.bucket, Key="meta.txt", Body=b"m", Metadata={"Mixed-Case": "Value Kept", "empty": "", "n": "1"}
        )
        for response in (
            self.s3.head_object(Bucket=self.bucket, Key="meta.txt"),
            self.s3.get_object(Bucket=self.bucket, Key="meta.txt"),
        ):
            metadata = dict(response["Metadata"])
            self.assertTrue(metadata.pop("cid", "").startswith("bafkr6i"), response["Metadata"])
            self.assertEqual(metadata, {"mixed-case": "Value Kept", "empty": "", "n": "1"})
            self.assertEqual(response["ResponseMetadata"]["HTTPHeaders"].get("x-amz-meta-empty"), "")
        # A PUT without metadata replaces the old metadata with none.
        self.s3.put_object(Bucket=self.bucket, Key="meta.txt", Body=b"m")
        self.assertEqual(set(self.s3.head_object(Bucket=self.bucket, Key="meta.txt")["Metadata"]), {"cid"})

    def test_metadata_over_2_kb_is_metadata_too_large_and_stores_nothing(self):
        response = self.error_of(
            self.s3.put_object, Bucket=self.bucket, Key="too-much-meta.txt", Body=b"x", Metadata={"big": "v" * 2100}
        )
        self.assert_error(response, 400, "MetadataTooLarge")
        self.assert_missing(self.bucket, "too-much-meta.txt")

    def test_compression_metadata_goes_into_the_cid(self):
        put = self.s3.put_object(Bucket=self.bucket, Key="hello.txt", Body=b"hello", Metadata={"compression": "ZLIB"})
        self.assertEqual(put["ResponseMetadata"]["HTTPHeaders"].get("x-amz-meta-cid"), ZLIB_HELLO_CID)
        head = self.s3.head_object(Bucket=self.bucket, Key="hello.txt")
        self.assertEqual(head["Metadata"].get("cid"), ZLIB_HELLO_CID)
        self.assertEqual(head["Metadata"].get("compression"), "ZLIB")

    # Item 4: buckets, copies, refusals.

    def test_create_bucket_twice_is_idempotent_and_head_bucket_finds_it(self):
        bucket = unique("bmk")
        for _ in range(2):
            created = self.s3.create_bucket(Bucket=bucket)
            self.assertEqual(created["ResponseMetadata"]["HTTPStatusCode"], 200)
        self.assertEqual(self.s3.head_bucket(Bucket=bucket)["ResponseMetadata"]["HTTPStatusCode"], 200)
        self.assertEqual(self.s3.list_objects_v2(Bucket=bucket)["KeyCount"], 0)
        response = self.error_of(self.s3.head_bucket, Bucket=unique("bnone"))
        self.assert_error(response, 404, "404")

    def test_get_bucket_location_and_versioning_answer_empty_configurations(self):
        location = self.s3.get_bucket_location(Bucket=self.bucket)
        self.assertIn(location.get("LocationConstraint"), (None, "", "us-east-1"), location)
        versioning = self.s3.get_bucket_versioning(Bucket=self.bucket)
        self.assertNotIn("Status", versioning)
        self.assertNotIn("MFADelete", versioning)

    def test_copy_object_keeps_metadata_and_cid(self):
        self.s3.put_object(Bucket=self.bucket, Key="src.txt", Body=b"copy me", ContentType="text/x-src", Metadata={"origin": "src"})
        source = self.s3.head_object(Bucket=self.bucket, Key="src.txt")
        target = unique("bcopy")

        copy = self.s3.copy_object(Bucket=target, Key="dst/copy.txt", CopySource={"Bucket": self.bucket, "Key": "src.txt"})

        self.assertEqual(copy["CopyObjectResult"]["ETag"], source["ETag"])
        self.assertIsInstance(copy["CopyObjectResult"]["LastModified"], datetime.datetime)
        head = self.s3.head_object(Bucket=target, Key="dst/copy.txt")
        self.assertEqual(head["ETag"], source["ETag"])
        self.assertEqual(head["Metadata"], source["Metadata"])
        self.assertEqual(head["Metadata"]["cid"], source["Metadata"]["cid"])
        self.assertEqual(head["ContentType"], "text/x-src")
        self.assertEqual(self.s3.get_object(Bucket=target, Key="dst/copy.txt")["Body"].read(), b"copy me")

    def test_copy_object_copies_the_content_headers_and_replace_drops_them(self):
        headers = dict(
            ContentType="text/x-h", CacheControl="max-age=1", ContentDisposition="inline", ContentLanguage="de",
            ContentEncoding="identity", Expires=EXPIRES,
        )
        self.s3.put_object(Bucket=self.bucket, Key="h.txt", Body=b"h", Metadata={"a": "1"}, **headers)
        self.s3.copy_object(Bucket=self.bucket, Key="h-copy.txt", CopySource={"Bucket": self.bucket, "Key": "h.txt"})
        head = self.s3.head_object(Bucket=self.bucket, Key="h-copy.txt")
        for name, value in headers.items():
            self.assertEqual(head[name], value, name)
        self.assertEqual(head["Metadata"].get("a"), "1")
        self.s3.copy_object(
            Bucket=self.bucket, Key="h-replaced.txt", CopySource={"Bucket": self.bucket, "Key": "h.txt"},
            MetadataDirective="REPLACE", Metadata={"b": "2"},
        )
        head = self.s3.head_object(Bucket=self.bucket, Key="h-replaced.txt")
        self.assertEqual(head["ContentType"], "binary/octet-stream")
        for name in ("CacheControl", "ContentDisposition", "ContentLanguage", "ContentEncoding", "Expires"):
            self.assertNotIn(name, head)
        self.assertEqual(set(head["Metadata"]), {"b", "cid"})

    def test_copy_object_with_replace_takes_the_requests_metadata(self):
        self.s3.put_object(Bucket=self.bucket, Key="src2.txt", Body=b"replace me", Metadata={"origin": "src"})
        source = self.s3.head_object(Bucket=self.bucket, Key="src2.txt")
        self.s3.copy_object(
            Bucket=self.bucket, Key="replaced.txt", CopySource="%s/src2.txt" % self.bucket,
            MetadataDirective="REPLACE", Metadata={"origin": "replaced"}, ContentType="application/x-new",
        )
        head = self.s3.head_object(Bucket=self.bucket, Key="replaced.txt")
        self.assertEqual(head["Metadata"].get("origin"), "replaced")
        self.assertEqual(head["Metadata"].get("cid"), source["Metadata"]["cid"])
        self.assertEqual(head["ContentType"], "application/x-new")
        # Onto itself: only with REPLACE.
        response = self.error_of(
            self.s3.copy_object, Bucket=self.bucket, Key="src2.txt", CopySource={"Bucket": self.bucket, "Key": "src2.txt"}
        )
        self.assert_error(response, 400, "InvalidRequest")
        self.s3.copy_object(
            Bucket=self.bucket, Key="src2.txt", CopySource={"Bucket": self.bucket, "Key": "src2.txt"},
            MetadataDirective="REPLACE", Metadata={"state": "updated"},
        )
        self.assertEqual(self.s3.head_object(Bucket=self.bucket, Key="src2.txt")["Metadata"].get("state"), "updated")

    def test_copy_object_source_conditions_and_missing_source(self):
        source = {"Bucket": self.bucket, "Key": "r.txt"}
        response = self.error_of(self.s3.copy_object, Bucket=self.bucket, Key="c1.txt", CopySource=source, CopySourceIfMatch=OTHER_ETAG)
        self.assert_error(response, 412, "PreconditionFailed")
        response = self.error_of(self.s3.copy_object, Bucket=self.bucket, Key="c2.txt", CopySource=source, CopySourceIfNoneMatch=BODY_ETAG)
        self.assert_error(response, 412, "PreconditionFailed")
        self.assert_missing(self.bucket, "c1.txt")
        copied = self.s3.copy_object(Bucket=self.bucket, Key="c3.txt", CopySource=source, CopySourceIfMatch=BODY_ETAG)
        self.assertEqual(copied["CopyObjectResult"]["ETag"], BODY_ETAG)
        day = datetime.timedelta(days=1)
        response = self.error_of(
            self.s3.copy_object, Bucket=self.bucket, Key="c5.txt", CopySource=source, CopySourceIfModifiedSince=self.modified + day
        )
        self.assert_error(response, 412, "PreconditionFailed")
        response = self.error_of(
            self.s3.copy_object, Bucket=self.bucket, Key="c6.txt", CopySource=source, CopySourceIfUnmodifiedSince=self.modified - day
        )
        self.assert_error(response, 412, "PreconditionFailed")
        response = self.error_of(
            self.s3.copy_object, Bucket=self.bucket, Key="c4.txt", CopySource={"Bucket": self.bucket, "Key": "missing.txt"}
        )
        self.assert_error(response, 404, "NoSuchKey")

    def test_copy_object_of_a_key_that_needs_encoding(self):
        key = "dir with space/ü+%41?.txt"
        self.s3.put_object(Bucket=self.bucket, Key=key, Body=b"encoded source")
        self.s3.copy_object(Bucket=self.bucket, Key="dst/" + key, CopySource={"Bucket": self.bucket, "Key": key})
        self.assertEqual(self.s3.get_object(Bucket=self.bucket, Key="dst/" + key)["Body"].read(), b"encoded source")
        # The string form with a leading slash, as older code passes it.
        self.s3.copy_object(Bucket=self.bucket, Key="dst2.txt", CopySource="/%s/r.txt" % self.bucket)
        self.assertEqual(self.s3.get_object(Bucket=self.bucket, Key="dst2.txt")["Body"].read(), BODY)

    def test_every_delete_is_access_denied_because_storage_is_permanent(self):
        calls = [
            (self.s3.delete_object, {"Bucket": self.bucket, "Key": "r.txt"}),
            (self.s3.delete_objects, {"Bucket": self.bucket, "Delete": {"Objects": [{"Key": "r.txt"}]}}),
            (self.s3.delete_bucket, {"Bucket": self.bucket}),
        ]
        for call, arguments in calls:
            with self.subTest(call.__name__):
                response = self.error_of(call, **arguments)
                self.assert_error(response, 403, "AccessDenied")
                self.assertIn("permanent", response["Error"]["Message"])
        self.assertEqual(self.s3.get_object(Bucket=self.bucket, Key="r.txt")["Body"].read(), BODY)

    def test_object_lock_answers_state_permanence(self):
        retention = self.s3.get_object_retention(Bucket=self.bucket, Key="r.txt")
        self.assertEqual(retention["Retention"]["Mode"], "COMPLIANCE")
        legal_hold = self.s3.get_object_legal_hold(Bucket=self.bucket, Key="r.txt")
        self.assertEqual(legal_hold["LegalHold"]["Status"], "ON")
        configuration = self.s3.get_object_lock_configuration(Bucket=self.bucket)["ObjectLockConfiguration"]
        self.assertEqual(configuration["ObjectLockEnabled"], "Enabled")
        self.assertEqual(configuration["Rule"]["DefaultRetention"]["Mode"], "COMPLIANCE")
        response = self.error_of(self.s3.get_object_retention, Bucket=self.bucket, Key="missing.txt")
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 404, response)

    def test_unknown_sub_resources_are_not_implemented(self):
        calls = [
            (self.s3.get_bucket_acl, {"Bucket": self.bucket}),
            (self.s3.get_bucket_tagging, {"Bucket": self.bucket}),
            (self.s3.get_object_acl, {"Bucket": self.bucket, "Key": "r.txt"}),
            (self.s3.get_object_tagging, {"Bucket": self.bucket, "Key": "r.txt"}),
        ]
        for call, arguments in calls:
            with self.subTest(call.__name__):
                self.assert_error(self.error_of(call, **arguments), 501, "NotImplemented")

    def test_public_canned_acl_is_not_implemented_and_stores_nothing(self):
        response = self.error_of(self.s3.put_object, Bucket=self.bucket, Key="public.txt", Body=b"x", ACL="public-read")
        self.assert_error(response, 501, "NotImplemented")
        self.assert_missing(self.bucket, "public.txt")
        response = self.error_of(
            self.s3.copy_object, Bucket=self.bucket, Key="public-copy.txt", CopySource={"Bucket": self.bucket, "Key": "r.txt"},
            ACL="public-read",
        )
        self.assert_error(response, 501, "NotImplemented")
        self.assert_missing(self.bucket, "public-copy.txt")
        grant = 'uri="http://acs.amazonaws.com/groups/global/AllUsers"'
        response = self.error_of(self.s3.put_object, Bucket=self.bucket, Key="granted.txt", Body=b"x", GrantRead=grant)
        self.assert_error(response, 501, "NotImplemented")
        self.assert_missing(self.bucket, "granted.txt")
        bucket = unique("bpub")
        self.assert_error(self.error_of(self.s3.create_bucket, Bucket=bucket, ACL="public-read"), 501, "NotImplemented")
        self.assert_error(self.error_of(self.s3.head_bucket, Bucket=bucket), 404, "404")

    def test_private_canned_acls_are_accepted(self):
        for acl in ("private", "bucket-owner-full-control"):
            with self.subTest(acl):
                put = self.s3.put_object(Bucket=self.bucket, Key=acl + ".txt", Body=b"x", ACL=acl)
                self.assertEqual(put["ResponseMetadata"]["HTTPStatusCode"], 200)
                self.assertEqual(self.s3.get_object(Bucket=self.bucket, Key=acl + ".txt")["Body"].read(), b"x")
        bucket = unique("bacl")
        self.s3.create_bucket(Bucket=bucket, ACL="private")
        self.assertEqual(self.s3.head_bucket(Bucket=bucket)["ResponseMetadata"]["HTTPStatusCode"], 200)

    def test_no_response_carries_a_version_id(self):
        # check_response rejects any x-amz-version-id header; the parsed answers have no VersionId either.
        put = self.s3.put_object(Bucket=self.bucket, Key="v.txt", Body=b"v")
        head = self.s3.head_object(Bucket=self.bucket, Key="v.txt")
        got = self.s3.get_object(Bucket=self.bucket, Key="v.txt")
        copy = self.s3.copy_object(Bucket=self.bucket, Key="v2.txt", CopySource={"Bucket": self.bucket, "Key": "v.txt"})
        for response in (put, head, got, copy):
            self.assertNotIn("VersionId", response)
            self.assertNotIn("CopySourceVersionId", response)

    # Item 5: errors.

    def test_missing_key_is_no_such_key(self):
        response = self.error_of(self.s3.get_object, Bucket=self.bucket, Key="does/not/exist")
        self.assert_error(response, 404, "NoSuchKey")
        headers = response["ResponseMetadata"]["HTTPHeaders"]
        self.assertEqual(response["ResponseMetadata"]["RequestId"], headers["x-amz-request-id"])
        self.assertTrue(headers["content-type"].startswith("application/xml"), headers)
        with self.assertRaises(self.s3.exceptions.NoSuchKey):
            self.s3.get_object(Bucket=self.bucket, Key="does/not/exist")

    def test_listing_an_unknown_bucket_is_no_such_bucket(self):
        for call in (self.s3.list_objects_v2, self.s3.list_objects):
            with self.subTest(call.__name__):
                self.assert_error(self.error_of(call, Bucket=unique("bnone")), 404, "NoSuchBucket")

    def test_without_credentials_is_access_denied(self):
        anonymous = client(None, config=botocore.config.Config(signature_version=botocore.UNSIGNED))
        for call, arguments in [
            (anonymous.get_object, {"Bucket": self.bucket, "Key": "r.txt"}),
            (anonymous.put_object, {"Bucket": self.bucket, "Key": "anonymous.txt", "Body": b"x"}),
            (anonymous.list_buckets, {}),
        ]:
            with self.subTest(call.__name__):
                self.assert_error(self.error_of(call, **arguments), 403, "AccessDenied")
        self.assert_missing(self.bucket, "anonymous.txt")

    def test_unknown_access_key_is_invalid_access_key_id(self):
        stranger = client("unknown" + uuid.uuid4().hex)
        for call, arguments in [
            (stranger.get_object, {"Bucket": self.bucket, "Key": "r.txt"}),
            (stranger.list_objects_v2, {"Bucket": self.bucket}),
        ]:
            with self.subTest(call.__name__):
                self.assert_error(self.error_of(call, **arguments), 403, "InvalidAccessKeyId")


class Boto3WireRangeTests(unittest.TestCase):
    """A range past the end: 416 with the size in Content-Range (RealClientWireTests runs it on its own)."""

    @classmethod
    def setUpClass(cls):
        cls.s3 = client(os.environ["AUTODRIVE_KEY"])
        cls.bucket = unique("bwirebug")
        cls.s3.put_object(Bucket=cls.bucket, Key="r.txt", Body=BODY)

    def test_range_starting_past_the_end_answers_content_range_with_the_size(self):
        # A range past the end: 416 InvalidRange with Content-Range: bytes */size (how a client learns the size).
        with self.assertRaises(ClientError) as caught:
            self.s3.get_object(Bucket=self.bucket, Key="r.txt", Range="bytes=20-")
        response = caught.exception.response
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 416, response)
        self.assertEqual(response["ResponseMetadata"]["HTTPHeaders"].get("content-range"), "bytes */20", response)


if __name__ == "__main__":
    print("boto3 %s over %s" % (boto3.__version__, "HTTPS" if HTTPS else "HTTP"))
    unittest.main(verbosity=2)
