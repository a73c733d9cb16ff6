using AutoDrive.Api.Common;
using AutoDrive.Domain.Common;

namespace AutoDrive.Api.S3.Errors;

/// <summary>
/// The one table from error kinds (and the few infrastructure failures) to S3 error codes and statuses
/// (docs/s3-wire.md, errors). Anything not in it is an internal error: 500 InternalError, with no detail leaked.
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
        [ErrorKind.ContentTooLarge] = ("EntityTooLarge", 400),
        [ErrorKind.PartTooSmall] = ("EntityTooSmall", 400),
        [ErrorKind.IncompleteBody] = ("IncompleteBody", 400),
        [ErrorKind.DigestMismatch] = ("BadDigest", 400),
        [ErrorKind.MalformedDigest] = ("InvalidDigest", 400),
        [ErrorKind.LengthRequired] = ("MissingContentLength", 411),
        [ErrorKind.MalformedBody] = ("MalformedXML", 400),
        [ErrorKind.PartMismatch] = ("InvalidPart", 400),
        [ErrorKind.PartsOutOfOrder] = ("InvalidPartOrder", 400),
        [ErrorKind.RangeNotSatisfiable] = ("InvalidRange", 416),
        [ErrorKind.PreconditionFailed] = ("PreconditionFailed", 412),
        [ErrorKind.NotModified] = ("NotModified", 304),
        [ErrorKind.ObjectNotFound] = ("NoSuchKey", 404),
        [ErrorKind.BucketNotFound] = ("NoSuchBucket", 404),
        [ErrorKind.UploadNotFound] = ("NoSuchUpload", 404),
        [ErrorKind.NotFound] = ("NoSuchKey", 404),
        [ErrorKind.AlreadyExists] = ("InvalidRequest", 409),
        [ErrorKind.AccessDenied] = ("AccessDenied", 403),
        [ErrorKind.UnknownApiKey] = ("InvalidAccessKeyId", 403),
        [ErrorKind.PermanentStorage] = ("AccessDenied", 403),
        [ErrorKind.QuotaExceeded] = ("AccessDenied", 403),
        [ErrorKind.NotImplemented] = ("NotImplemented", 501),
        [ErrorKind.ConflictingOperation] = ("OperationAborted", 409),
        [ErrorKind.ServiceUnavailable] = ("ServiceUnavailable", 503),
        [ErrorKind.SlowDown] = ("SlowDown", 503),
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
    public static bool IsTransientInfrastructureFailure(Exception exception) => DatabaseUnavailable.Matches(exception);
}
