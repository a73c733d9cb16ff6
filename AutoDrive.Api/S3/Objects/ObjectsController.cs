using System.Xml.Linq;
using AutoDrive.Api.Common;
using AutoDrive.Api.S3.Xml;
using AutoDrive.Api.S3.Routing;
using AutoDrive.Application.Objects;
using Microsoft.AspNetCore.Mvc;

namespace AutoDrive.Api.S3.Objects;

/// <summary>PutObject, CopyObject, GetObject, HeadObject and the read-only Object Lock answers of an object.</summary>
public sealed class ObjectsController(ObjectService objects) : S3ControllerBase
{
    [HttpPut]
    [S3Operation(S3Operation.PutObject)]
    public async Task<IActionResult> PutObject()
    {
        var target = S3.Target;
        var command = PutObjectRequestReader.Read(HttpContext, User.GetCaller(), target.Bucket!, target.Key!);
        var result = await objects.PutObjectAsync(command, HttpContext.RequestAborted);
        return new PutObjectResponse(result);
    }

    /// <summary>CopyObject: a new mapping to the source's CID; answers CopyObjectResult.</summary>
    [HttpPut]
    [S3Operation(S3Operation.CopyObject)]
    public async Task<IActionResult> CopyObject()
    {
        var command = CopyRequestReader.Read(Request, User.GetUserId(), S3.Target.Bucket!, S3.Target.Key!);
        var result = await objects.CopyObjectAsync(command, HttpContext.RequestAborted);
        HeaderValues.Set(Response.Headers, ObjectHeaders.CidHeader, result.Cid);
        var ns = S3XmlResult.Ns;
        var body = new XElement(ns + "CopyObjectResult", new XElement(ns + "LastModified", S3Xml.FormatTimestamp(result.LastModified)));
        if (result.ETag is { } etag)
        {
            body.Add(new XElement(ns + "ETag", ObjectHeaders.Quote(etag)));
        }

        return new S3XmlResult(body);
    }

    [HttpGet]
    [S3Operation(S3Operation.GetObject)]
    public async Task<IActionResult> GetObject()
    {
        // Overrides first: a refused one (400) must not leave an opened download behind.
        var overrides = ReadRequestReader.Overrides(Request);
        var download = await objects.GetObjectAsync(Query(withRange: true), HttpContext.RequestAborted);
        return new ObjectStreamResult(download, overrides);
    }

    [HttpHead]
    [S3Operation(S3Operation.HeadObject)]
    public async Task<IActionResult> HeadObject()
    {
        var overrides = ReadRequestReader.Overrides(Request);
        var head = await objects.HeadObjectAsync(Query(withRange: true), HttpContext.RequestAborted);
        return new ObjectHeadResult(head, overrides);
    }

    /// <summary>GetObjectRetention: every object is retained in COMPLIANCE mode (storage is permanent).</summary>
    [HttpGet]
    [S3Operation(S3Operation.GetObjectRetention)]
    public async Task<IActionResult> GetObjectRetention()
    {
        await objects.HeadObjectAsync(Query(withRange: false), HttpContext.RequestAborted);
        return new S3XmlResult(ObjectLockAnswers.Retention());
    }

    /// <summary>GetObjectLegalHold: every object is under legal hold (storage is permanent).</summary>
    [HttpGet]
    [S3Operation(S3Operation.GetObjectLegalHold)]
    public async Task<IActionResult> GetObjectLegalHold()
    {
        await objects.HeadObjectAsync(Query(withRange: false), HttpContext.RequestAborted);
        return new S3XmlResult(ObjectLockAnswers.LegalHold());
    }

    private GetObjectQuery Query(bool withRange) =>
        ReadRequestReader.Query(Request, User.GetCaller(), S3.Target.Bucket!, S3.Target.Key!, withRange);
}
