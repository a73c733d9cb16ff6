using AutoDrive.Domain.Objects;

namespace AutoDrive.Application.Objects;

/// <summary>
/// CopyObject: point the caller's destination key at the content of the caller's source key (the same CID).
/// <see cref="Headers"/> and <see cref="Metadata"/> are used with <see cref="MetadataDirective.Replace"/> only;
/// <see cref="SourceConditions"/> are the <c>x-amz-copy-source-if-*</c> headers.
/// </summary>
public sealed record CopyObjectCommand(
    Guid OwnerId,
    string SourceBucket,
    string SourceKey,
    string Bucket,
    string Key,
    MetadataDirective Directive,
    ContentHeaders Headers,
    IReadOnlyList<KeyValuePair<string, string>> Metadata,
    ReadConditions SourceConditions);
