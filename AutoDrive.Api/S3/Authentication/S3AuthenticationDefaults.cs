namespace AutoDrive.Api.S3.Authentication;

public static class S3AuthenticationDefaults
{
    public const string Scheme = "S3";
}
