namespace AutoDrive.Api.Native;

/// <summary>
/// <c>{}</c>: what an action answers when it has nothing to say. Every success the SDK parses is JSON (upstream's text
/// <c>OK</c> makes the SDK throw after the action succeeded).
/// </summary>
public sealed record EmptyResponse
{
    public static readonly EmptyResponse Instance = new();
}
