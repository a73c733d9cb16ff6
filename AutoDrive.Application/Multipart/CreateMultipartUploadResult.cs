using AutoDrive.Domain.Objects;

namespace AutoDrive.Application.Multipart;

public sealed record CreateMultipartUploadResult(string Bucket, string Key, string UploadId, ChecksumAlgorithm? ChecksumAlgorithm);
