namespace AutoDrive.Application.Content;

/// <summary>Size limits of S3 bodies.</summary>
public static class IngestLimits
{
    /// <summary>The largest single PUT and the largest part: 5 GiB.</summary>
    public const long MaxObjectSize = 5L * 1024 * 1024 * 1024;
}
