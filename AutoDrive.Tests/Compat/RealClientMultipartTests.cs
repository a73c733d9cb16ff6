namespace AutoDrive.Tests.Compat;

/// <summary>
/// Multipart uploads by real S3 clients with their default settings, as separate processes, against the started
/// server, over plain HTTP and over HTTPS (the server's self-signed certificate trusted explicitly, never with
/// verification off). Each script says what it checks in its header; the composite ETag is always computed locally
/// from the client's part size, and the CID is compared with a single PUT of the same bytes and file name, or with
/// the reference implementation (js/cid.mjs, @autonomys/auto-dag-data).
/// </summary>
[NonParallelizable]
public class RealClientMultipartTests
{
    /// <summary>aws s3 cp of 100 MB (12 parts of 8 MiB, concurrent) up and down; ETag; CID = a single put-object's.</summary>
    [TestCase("http")]
    [TestCase("https")]
    public async Task AwsCli_CopyOf100MB_IsMultipartWithCompositeETagSameBytesAndSinglePutCid(string scheme)
    {
        await ClientScript.AssertPassesAsync(scheme, "bash", ClientScript.ScriptPath("awscli_multipart.sh"));
    }

    /// <summary>
    /// boto3 upload_file of ~40 MB in 5 MiB parts (8 at a time), download_file, CID = a single put_object's; an open
    /// upload in list_parts and list_multipart_uploads, aborted (204), then NoSuchUpload.
    /// </summary>
    [TestCase("http")]
    [TestCase("https")]
    public async Task Boto3_UploadFileListPartsAndAbort_BehaveAsOnS3(string scheme)
    {
        await ClientScript.AssertPassesAsync(
            scheme, "python3", ClientScript.ScriptPath("boto3_multipart.py"), "-k", "test_upload_file", "-k", "test_open_upload");
    }

    /// <summary>
    /// After UploadPart is refused (404 NoSuchUpload) before its body was read, botocore, which sent
    /// <c>Expect: 100-continue</c> and so never sent the body, must get its next request answered (the server closes
    /// the connection it cannot reuse).
    /// </summary>
    [TestCase("http")]
    [TestCase("https")]
    public async Task Boto3_RequestAfterAnUploadPartRefusedUnread_IsAnswered(string scheme)
    {
        await ClientScript.AssertPassesAsync(
            scheme, "python3", ClientScript.ScriptPath("boto3_multipart.py"), "-k", "test_request_after_a_refused_upload_part");
    }

    /// <summary>
    /// rclone copyto of 50 MB with default settings (a single PUT: below rclone's 200 MiB default upload cutoff) and
    /// with --s3-upload-cutoff 10M --s3-chunk-size 5M (multipart, 10 parts); cat --no-traverse, lsjson --stat --hash -M.
    /// </summary>
    [TestCase("http")]
    [TestCase("https")]
    public async Task Rclone_CopyOf50MB_DefaultAndMultipart_HaveSameBytesMd5AndCid(string scheme)
    {
        await ClientScript.AssertPassesAsync(scheme, "bash", ClientScript.ScriptPath("rclone_multipart.sh"));
    }

    /// <summary>@aws-sdk/lib-storage Upload of ~30 MB, partSize 5 MiB, queueSize 4: composite ETag, GetObject identical.</summary>
    [TestCase("http")]
    [TestCase("https")]
    public async Task JsSdk_LibStorageUploadOf30MB_HasCompositeETagAndSameBytes(string scheme)
    {
        await ClientScript.AssertPassesAsync(scheme, "node", ClientScript.JsScript("multipart.mjs", "@aws-sdk/lib-storage"));
    }

    /// <summary>A ~12 MB object uploaded in 5 MiB parts (lib-storage) has the CID that auto-dag-data 1.6.10 computes.</summary>
    [TestCase("http")]
    [TestCase("https")]
    public async Task CidOracle_MultipartObjectOf12MB_HasTheReferenceCidOfItsBytesAndName(string scheme)
    {
        await ClientScript.AssertPassesAsync(scheme, "node", ClientScript.JsScript("multipart-cid.mjs", "@autonomys/auto-dag-data"));
    }
}
