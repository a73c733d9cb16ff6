using AutoDrive.Api.Common;
using AutoDrive.Domain.Common;
using Microsoft.AspNetCore.Mvc;

namespace AutoDrive.Api.Native.Errors;

/// <summary>
/// The one table from error kinds (and the few infrastructure failures) to the native API's ProblemDetails: status,
/// title and type. The SDK reads only the status. Anything not in it is an internal error: 500, with no detail leaked.
/// </summary>
public static class NativeErrorCatalog
{
    private const string TypePrefix = "urn:autodrive:problem:";

    private static readonly Dictionary<ErrorKind, (int Status, string Title)> Problems = new()
    {
        [ErrorKind.InvalidArgument] = (400, "Invalid argument"),
        [ErrorKind.InvalidRequest] = (400, "Invalid request"),
        [ErrorKind.InvalidBucketName] = (400, "Invalid bucket name"),
        [ErrorKind.KeyTooLong] = (400, "Name or key too long"),
        [ErrorKind.MetadataTooLarge] = (400, "Metadata too large"),
        [ErrorKind.ContentTooLarge] = (413, "Content too large"),
        [ErrorKind.PartTooSmall] = (400, "Part too small"),
        [ErrorKind.IncompleteBody] = (400, "Incomplete body"),
        [ErrorKind.DigestMismatch] = (400, "Digest mismatch"),
        [ErrorKind.MalformedDigest] = (400, "Malformed digest"),
        [ErrorKind.LengthRequired] = (411, "Length required"),
        [ErrorKind.MalformedBody] = (400, "Malformed body"),
        [ErrorKind.PartMismatch] = (400, "Part mismatch"),
        [ErrorKind.PartsOutOfOrder] = (400, "Parts out of order"),
        [ErrorKind.RangeNotSatisfiable] = (416, "Range not satisfiable"),
        [ErrorKind.PreconditionFailed] = (412, "Precondition failed"),
        [ErrorKind.NotModified] = (304, "Not modified"),
        [ErrorKind.ObjectNotFound] = (404, "Object not found"),
        [ErrorKind.BucketNotFound] = (404, "Bucket not found"),
        [ErrorKind.UploadNotFound] = (404, "Upload not found"),
        [ErrorKind.NotFound] = (404, "Not found"),
        [ErrorKind.AlreadyExists] = (409, "Already exists"),
        [ErrorKind.AccessDenied] = (403, "Access denied"),
        [ErrorKind.UnknownApiKey] = (401, "Unknown API key"),
        [ErrorKind.PermanentStorage] = (403, "Storage is permanent"),
        [ErrorKind.QuotaExceeded] = (403, "Not enough credits"),
        [ErrorKind.NotImplemented] = (501, "Not implemented"),
        [ErrorKind.ConflictingOperation] = (409, "Conflicting operation"),
        [ErrorKind.ServiceUnavailable] = (503, "Service unavailable"),
        [ErrorKind.SlowDown] = (503, "Slow down"),
    };

    public static bool IsKnown(ErrorKind kind) => Problems.ContainsKey(kind);

    /// <summary>The problem for a domain error kind, with the (client-safe) domain message as its detail.</summary>
    public static ProblemDetails For(ErrorKind kind, string detail)
    {
        var (status, title) = Problems.TryGetValue(kind, out var entry) ? entry : (500, "Internal error");
        return new ProblemDetails { Status = status, Title = title, Detail = detail, Type = TypePrefix + Kebab(kind.ToString()) };
    }

    /// <summary>The problem for an exception: domain errors by the table, bad requests 400/413, retryable failures 503, else 500.</summary>
    public static ProblemDetails Find(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            DomainException domain when Problems.ContainsKey(domain.Kind) => For(domain.Kind, domain.Message),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                For(ErrorKind.ContentTooLarge, "The request body is larger than allowed."),
            BadHttpRequestException => For(ErrorKind.InvalidRequest, "The request could not be read."),
            InvalidDataException => For(ErrorKind.MalformedBody, "The request body is not valid multipart/form-data."),
            _ when IsTransient(exception) => For(ErrorKind.ServiceUnavailable, "The service is temporarily unavailable. Please retry."),
            _ => new ProblemDetails { Status = 500, Title = "Internal error", Type = TypePrefix + "internal-error" },
        };
    }

    private static bool IsTransient(Exception exception) => DatabaseUnavailable.Matches(exception);

    private static string Kebab(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
