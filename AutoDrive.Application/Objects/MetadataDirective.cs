namespace AutoDrive.Application.Objects;

/// <summary>CopyObject's <c>x-amz-metadata-directive</c>: keep the source's headers and metadata, or take the request's.</summary>
public enum MetadataDirective
{
    Copy,
    Replace,
}
