namespace AutoDrive.Api.S3.Errors;

/// <summary>An S3 error as sent: code, HTTP status, message.</summary>
public sealed record S3Error(string Code, int Status, string Message);
