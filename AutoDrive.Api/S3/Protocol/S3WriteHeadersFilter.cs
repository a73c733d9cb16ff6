using AutoDrive.Api.S3.Routing;
using AutoDrive.Domain.Common;
using Microsoft.AspNetCore.Mvc.Filters;

namespace AutoDrive.Api.S3.Protocol;

/// <summary>
/// Write headers AutoDrive cannot honour are refused with 501 before anything is stored, never silently dropped.
/// Objects and buckets are private to their owner: the canned ACLs that say so (<c>private</c>,
/// <c>bucket-owner-full-control</c>; s3cmd, rclone and SDK defaults send them) are accepted and change nothing; any
/// other canned ACL or an <c>x-amz-grant-*</c> header is refused (never silently made public). Object tags
/// (<c>x-amz-tagging</c>) are not supported either. Runs after authentication.
/// </summary>
public sealed class S3WriteHeadersFilter : IActionFilter
{
    private static readonly HashSet<S3Operation> Writes =
    [
        S3Operation.PutObject,
        S3Operation.CopyObject,
        S3Operation.CreateMultipartUpload,
        S3Operation.CreateBucket,
    ];

    private static readonly HashSet<string> PrivateAcls = new(StringComparer.OrdinalIgnoreCase) { "private", "bucket-owner-full-control" };

    public void OnActionExecuting(ActionExecutingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        if (!Writes.Contains(http.GetS3Request().Operation))
        {
            return;
        }

        var headers = http.Request.Headers;
        var acl = headers["x-amz-acl"].ToString().Trim();
        if (acl.Length > 0 && !PrivateAcls.Contains(acl))
        {
            throw new DomainException(
                ErrorKind.NotImplemented,
                $"The canned ACL '{acl}' is not supported: AutoDrive objects are private to their owner ('private' is accepted).");
        }

        if (headers.Keys.Any(h => h.StartsWith("x-amz-grant-", StringComparison.OrdinalIgnoreCase)))
        {
            throw new DomainException(ErrorKind.NotImplemented, "ACL grants are not supported: AutoDrive objects are private to their owner.");
        }

        if (headers.ContainsKey("x-amz-tagging"))
        {
            throw new DomainException(ErrorKind.NotImplemented, "Object tagging is not supported: send the object without x-amz-tagging.");
        }
    }

    public void OnActionExecuted(ActionExecutedContext context)
    {
    }
}
