using System.Data.Common;
using AutoDrive.Domain.Common;

namespace AutoDrive.Api.S3.Errors;

/// <summary>
/// The one table from error kinds (and the few infrastructure failures) to S3 error codes and statuses
/// (S3-WIRE.md §7). Anything not in it is an internal error: 500 InternalError, with no detail leaked.
/// </summary>
public static class S3ErrorCatalog
{
    private static readonly Dictionary<ErrorKind, (string Code, int Status)> Codes = new()
    {
        [ErrorKind.InvalidArgument] = ("InvalidArgument", 400),
        [ErrorKind.InvalidRequest] = ("InvalidRequest", 400),
        [ErrorKind.InvalidBucketName] = ("InvalidBucketName", 400),
        [ErrorKind.KeyTooLong] = ("KeyTooLongError", 400),
        [ErrorKind.MetadataTooLarge] = ("MetadataTooLarge", 400),
        [ErrorKind.EntityTooLarge] = ("EntityTooLarge", 400),
        [ErrorKind.EntityTooSmall] = ("EntityTooSmall", 400),
        [ErrorKind.IncompleteBody] = ("IncompleteBody", 400),
        [ErrorKind.BadDigest] = ("BadDigest", 400),
        [ErrorKind.InvalidDigest] = ("InvalidDigest", 400),
        [ErrorKind.MissingContentLength] = ("MissingContentLength", 411),
        [ErrorKind.MalformedXml] = ("MalformedXML", 400),
        [ErrorKind.InvalidPart] = ("InvalidPart", 400),
        [ErrorKind.InvalidPartOrder] = ("InvalidPartOrder", 400),
        [ErrorKind.InvalidRange] = ("InvalidRange", 416),
        [ErrorKind.PreconditionFailed] = ("PreconditionFailed", 412),
        [ErrorKind.NotModified] = ("NotModified", 304),
        [ErrorKind.NoSuchKey] = ("NoSuchKey", 404),
        [ErrorKind.NoSuchBucket] = ("NoSuchBucket", 404),
        [ErrorKind.NoSuchUpload] = ("NoSuchUpload", 404),
        [ErrorKind.NotFound] = ("NoSuchKey", 404),
        [ErrorKind.AccessDenied] = ("AccessDenied", 403),
        [ErrorKind.InvalidAccessKeyId] = ("InvalidAccessKeyId", 403),
        [ErrorKind.PermanentStorage] = ("AccessDenied", 403),
        [ErrorKind.NotImplemented] = ("NotImplemented", 501),
        [ErrorKind.OperationAborted] = ("OperationAborted", 409),
        [ErrorKind.ServiceUnavailable] = ("ServiceUnavailable", 503),
    };

    public static readonly S3Error Internal = new("InternalError", 500, "We encountered an internal error. Please try again.");

    public static bool IsKnown(ErrorKind kind) => Codes.ContainsKey(kind);

    /// <summary>The S3 error for an exception, or null when it is not one the client caused or can retry.</summary>
    public static S3Error? Find(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        switch (exception)
        {
            case DomainException domain when Codes.TryGetValue(domain.Kind, out var entry):
                return new S3Error(entry.Code, entry.Status, domain.Message);
            case BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }:
                return new S3Error("EntityTooLarge", 400, "Your proposed upload exceeds the maximum allowed size.");
            case BadHttpRequestException bad:
                return new S3Error("IncompleteBody", 400, $"The request body could not be read: {bad.Message}");
        }

        return IsTransientInfrastructureFailure(exception)
            ? new S3Error("ServiceUnavailable", 503, "The service is temporarily unavailable. Please retry.")
            : null;
    }

    /// <summary>A database or storage failure that a retry may get past: the client should retry (503).</summary>
    public static bool IsTransientInfrastructureFailure(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DbException { IsTransient: true } or TimeoutException)
            {
                return true;
            }
        }

        return false;
    }
}
