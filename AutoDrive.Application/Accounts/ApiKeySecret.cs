using System.Security.Cryptography;

namespace AutoDrive.Application.Accounts;

/// <summary>New API keys: 256 random bits as 64 lower-case hex characters.</summary>
public static class ApiKeySecret
{
    public static string Generate() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}
