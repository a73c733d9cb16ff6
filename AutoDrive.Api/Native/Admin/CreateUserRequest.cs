namespace AutoDrive.Api.Native.Admin;

public sealed record CreateUserRequest
{
    /// <example>carol</example>
    public string? Name { get; init; }

    /// <summary>Bytes the user may upload in all; null: unlimited.</summary>
    /// <example>1073741824</example>
    public long? UploadLimit { get; init; }

    /// <summary>Bytes the user may download in all; null: unlimited.</summary>
    /// <example>10737418240</example>
    public long? DownloadLimit { get; init; }
}
