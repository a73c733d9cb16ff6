namespace AutoDrive.Application.Multipart;

/// <summary>The <c>AutoDrive:Multipart</c> configuration section.</summary>
public sealed class MultipartOptions
{
    public const string SectionName = "AutoDrive:Multipart";

    /// <summary>An upload idle (no part, no completion) longer than this is aborted and its staging freed.</summary>
    public TimeSpan IdleExpiry { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long a completed or aborted upload is remembered (a repeated Complete answers the same).</summary>
    public TimeSpan FinishedRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often the expiry job runs.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(10);
}
