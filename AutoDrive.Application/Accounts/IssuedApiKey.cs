namespace AutoDrive.Application.Accounts;

/// <summary>A key just issued: the only time its secret is shown.</summary>
public sealed record IssuedApiKey(ApiKeyView Key, string Secret);
