namespace AutoDrive.Api.Native;

/// <summary>How AutoDrive users appear in Auto Drive's shapes: provider <c>apikey</c>, user id = their public id.</summary>
public static class NativeIdentity
{
    public const string Provider = "apikey";
}
