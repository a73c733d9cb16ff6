namespace AutoDrive.Api.S3.Routing;

/// <summary>Every S3 operation AutoDrive recognises (docs/s3-wire.md, routing), whether it serves it or refuses it.</summary>
public enum S3Operation
{
    ListBuckets,
    ListObjectsV2,
    ListObjectsV1,
    GetBucketLocation,
    GetBucketVersioning,
    ListMultipartUploads,
    HeadBucket,
    CreateBucket,
    DeleteObjects,
    DeleteBucket,
    GetObject,
    HeadObject,
    PutObject,
    CopyObject,
    UploadPart,
    DeleteObject,
    CreateMultipartUpload,
    CompleteMultipartUpload,
    AbortMultipartUpload,
    ListParts,
    GetObjectLockConfiguration,
    GetObjectRetention,
    GetObjectLegalHold,

    /// <summary>A sub-resource or method AutoDrive does not implement: 501 NotImplemented.</summary>
    NotImplemented,
}
