using System.Xml.Linq;
using AutoDrive.Api.Common;
using AutoDrive.Api.S3.Objects;
using AutoDrive.Api.S3.Routing;
using AutoDrive.Api.S3.Xml;
using AutoDrive.Application.Buckets;
using AutoDrive.Application.Objects;
using Microsoft.AspNetCore.Mvc;

namespace AutoDrive.Api.S3.Buckets;

/// <summary>CreateBucket, HeadBucket and the read-only bucket configuration answers.</summary>
public sealed class BucketsController(BucketService buckets, ObjectService objects) : S3ControllerBase
{
    private const string RegionHeader = "x-amz-bucket-region";
    private const string Region = "us-east-1";

    /// <summary>CreateBucket: idempotent 200 (rclone creates the bucket before every multipart upload).</summary>
    [HttpPut]
    [S3Operation(S3Operation.CreateBucket)]
    public async Task<IActionResult> CreateBucket()
    {
        await buckets.CreateBucketAsync(User.GetUserId(), S3.Target.Bucket!, HttpContext.RequestAborted);
        Response.Headers.Location = "/" + S3.Target.Bucket;
        return new OkResult();
    }

    /// <summary>
    /// HeadBucket: 200 when the caller has the bucket; otherwise the guide's single-segment rule makes it a
    /// HeadObject of <c>default/&lt;name&gt;</c> (404 when that does not exist either).
    /// </summary>
    [HttpHead]
    [S3Operation(S3Operation.HeadBucket)]
    public async Task<IActionResult> HeadBucket()
    {
        var target = S3.Target;
        var isBucketPath = target.Key is not null;
        if (isBucketPath || await buckets.ExistsAsync(User.GetUserId(), target.Bucket!, HttpContext.RequestAborted))
        {
            // HEAD /b/ names the bucket only; HEAD /b may also name the object default/b.
            await buckets.RequireAsync(User.GetUserId(), target.Bucket!, HttpContext.RequestAborted);
            Response.Headers[RegionHeader] = Region;
            return new OkResult();
        }

        var asObject = target.AsDefaultBucketObject();
        var head = await objects.HeadObjectAsync(
            ReadRequestReader.Query(Request, User.GetCaller(), asObject.Bucket!, asObject.Key!, withRange: true),
            HttpContext.RequestAborted);
        return new ObjectHeadResult(head, ReadRequestReader.Overrides(Request));
    }

    /// <summary>GetBucketLocation: empty, meaning us-east-1.</summary>
    [HttpGet]
    [S3Operation(S3Operation.GetBucketLocation)]
    public async Task<IActionResult> GetBucketLocation()
    {
        await buckets.RequireAsync(User.GetUserId(), S3.Target.Bucket!, HttpContext.RequestAborted);
        return new S3XmlResult(new XElement(S3XmlResult.Ns + "LocationConstraint"));
    }

    /// <summary>GetBucketVersioning: empty, meaning never versioned (a re-upload re-points the key).</summary>
    [HttpGet]
    [S3Operation(S3Operation.GetBucketVersioning)]
    public async Task<IActionResult> GetBucketVersioning()
    {
        await buckets.RequireAsync(User.GetUserId(), S3.Target.Bucket!, HttpContext.RequestAborted);
        return new S3XmlResult(new XElement(S3XmlResult.Ns + "VersioningConfiguration"));
    }

    /// <summary>
    /// GetObjectLockConfiguration: storage is permanent, so every bucket answers as locked in COMPLIANCE mode (read
    /// only: setting a lock configuration is not implemented).
    /// </summary>
    [HttpGet]
    [S3Operation(S3Operation.GetObjectLockConfiguration)]
    public async Task<IActionResult> GetObjectLockConfiguration()
    {
        await buckets.RequireAsync(User.GetUserId(), S3.Target.Bucket!, HttpContext.RequestAborted);
        var ns = S3XmlResult.Ns;
        return new S3XmlResult(new XElement(
            ns + "ObjectLockConfiguration",
            new XElement(ns + "ObjectLockEnabled", "Enabled"),
            new XElement(ns + "Rule", new XElement(
                ns + "DefaultRetention",
                new XElement(ns + "Mode", "COMPLIANCE"),
                new XElement(ns + "Years", ObjectLockAnswers.DefaultRetentionYears)))));
    }
}
