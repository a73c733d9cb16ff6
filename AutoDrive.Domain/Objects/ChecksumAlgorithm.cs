namespace AutoDrive.Domain.Objects;

/// <summary>The additional checksums S3 clients send (<c>x-amz-checksum-*</c>).</summary>
public enum ChecksumAlgorithm
{
    Crc32,
    Crc32C,
    Crc64Nvme,
    Sha1,
    Sha256,
}
