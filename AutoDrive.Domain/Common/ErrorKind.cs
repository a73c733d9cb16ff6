namespace AutoDrive.Domain.Common;

/// <summary>
/// The stable kinds of broken rules. The Api maps each one to exactly one S3 error code and one
/// ProblemDetails type; nothing else decides what a client sees.
/// </summary>
public enum ErrorKind
{
    InvalidArgument,
    InvalidRequest,
    InvalidBucketName,
    KeyTooLong,
    MetadataTooLarge,
    EntityTooLarge,
    EntityTooSmall,
    IncompleteBody,
    BadDigest,
    InvalidDigest,
    MissingContentLength,
    MalformedXml,
    InvalidPart,
    InvalidPartOrder,
    InvalidRange,
    PreconditionFailed,
    NotModified,
    NoSuchKey,
    NoSuchBucket,
    NoSuchUpload,
    NotFound,
    AccessDenied,
    InvalidAccessKeyId,
    PermanentStorage,
    NotImplemented,

    /// <summary>A conflicting operation on the same resource is in progress (409); the client may retry.</summary>
    OperationAborted,
    ServiceUnavailable,
}
