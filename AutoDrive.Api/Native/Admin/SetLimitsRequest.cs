namespace AutoDrive.Api.Native.Admin;

/// <summary>Both limits, in bytes; null: unlimited. Credits already used stay used.</summary>
public sealed record SetLimitsRequest
{
    /// <example>1073741824</example>
    public long? UploadLimit { get; init; }

    /// <example>10737418240</example>
    public long? DownloadLimit { get; init; }
}
