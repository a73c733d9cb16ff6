using AutoDrive.Domain.Common;
using Microsoft.AspNetCore.Mvc;

namespace AutoDrive.Api.S3.Routing;

/// <summary>
/// Operations AutoDrive recognises but does not serve: deletions are refused by design (storage is
/// permanent); the rest answer 501 NotImplemented, never a listing or a JSON 404.
/// </summary>
public sealed class S3UnsupportedController : S3ControllerBase
{
    [HttpDelete]
    [HttpPost]
    [S3Operation(S3Operation.DeleteObject, S3Operation.DeleteObjects, S3Operation.DeleteBucket)]
    public IActionResult RefuseDeletion() =>
        throw new DomainException(
            ErrorKind.PermanentStorage,
            "AutoDrive storage is permanent: objects and buckets cannot be deleted. Re-upload a key to point it at new content.");

    [AcceptVerbs("GET", "HEAD", "PUT", "POST", "DELETE", "PATCH", "OPTIONS")]
    [S3Operation(S3Operation.NotImplemented)]
    public IActionResult NotImplemented() =>
        throw new DomainException(
            ErrorKind.NotImplemented,
            S3.Operation == S3Operation.NotImplemented
                ? "AutoDrive does not implement this operation."
                : $"AutoDrive does not implement {S3.Operation} yet.");
}
