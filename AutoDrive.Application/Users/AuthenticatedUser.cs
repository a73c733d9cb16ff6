namespace AutoDrive.Application.Users;

/// <summary>The caller, once an API key has been recognised.</summary>
public sealed record AuthenticatedUser(Guid Id, string Name);
