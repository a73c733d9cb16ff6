namespace AutoDrive.Domain.Common;

/// <summary>
/// What went wrong, in the domain's own words. Each edge maps every kind to its own dialect from one table: the S3
/// edge to an S3 error code and status, the native API to a ProblemDetails status and type. Nothing else decides what
/// a client sees.
/// </summary>
public enum ErrorKind
{
    /// <summary>A value the client sent is not valid.</summary>
    InvalidArgument,

    /// <summary>The request as a whole is not valid (a combination of values, or an operation the state forbids).</summary>
    InvalidRequest,

    InvalidBucketName,
    KeyTooLong,
    MetadataTooLarge,

    /// <summary>A body or an upload is larger than allowed.</summary>
    ContentTooLarge,

    /// <summary>A part of a multipart upload other than the last is smaller than the minimum.</summary>
    PartTooSmall,

    /// <summary>The body ended before (or ran past) its declared length.</summary>
    IncompleteBody,

    /// <summary>The body does not match the digest the client declared for it.</summary>
    DigestMismatch,

    /// <summary>A digest the client declared is not well formed.</summary>
    MalformedDigest,

    /// <summary>The body's length must be declared.</summary>
    LengthRequired,

    /// <summary>A request body (XML or JSON) could not be parsed.</summary>
    MalformedBody,

    /// <summary>A listed part was not uploaded, or does not match what was uploaded.</summary>
    PartMismatch,

    /// <summary>The listed parts are not in ascending order.</summary>
    PartsOutOfOrder,

    /// <summary>The requested byte range lies outside the content.</summary>
    RangeNotSatisfiable,

    PreconditionFailed,
    NotModified,

    /// <summary>No such object (key) for this caller.</summary>
    ObjectNotFound,

    /// <summary>No such bucket for this caller.</summary>
    BucketNotFound,

    /// <summary>No such upload for this caller (unknown, someone else's, finished or aborted).</summary>
    UploadNotFound,

    /// <summary>Anything else the caller cannot see: an unknown CID, user, key or published object.</summary>
    NotFound,

    /// <summary>What the caller asks to create exists already (a user name).</summary>
    AlreadyExists,

    /// <summary>The caller is known but may not do this.</summary>
    AccessDenied,

    /// <summary>The API key is not known (or revoked, or expired).</summary>
    UnknownApiKey,

    /// <summary>Storage is permanent: deletion is refused by design.</summary>
    PermanentStorage,

    /// <summary>The caller's upload or download credits do not cover the request.</summary>
    QuotaExceeded,

    NotImplemented,

    /// <summary>A conflicting operation on the same resource is in progress; the client may retry.</summary>
    ConflictingOperation,

    /// <summary>The storage network or the database cannot be reached right now; the client may retry.</summary>
    ServiceUnavailable,

    /// <summary>The storage network asks us to send less for now (it kept answering "too many requests"); the client should back off and retry.</summary>
    SlowDown,
}
