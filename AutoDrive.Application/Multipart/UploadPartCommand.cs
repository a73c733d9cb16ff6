using AutoDrive.Application.Content;
using AutoDrive.Domain.Content;

namespace AutoDrive.Application.Multipart;

public sealed record UploadPartCommand(
    Guid OwnerId,
    string Bucket,
    string Key,
    string UploadId,
    int PartNumber,
    Stream Body,
    long? DeclaredLength,
    Md5Digest? ContentMd5,
    ChecksumExpectation? Checksum);
