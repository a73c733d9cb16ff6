using System.Xml.Linq;
using AutoDrive.Api.S3.Xml;

namespace AutoDrive.Api.S3.Objects;

/// <summary>
/// The read-only Object Lock answers that tell tools asking that storage is permanent: every object is retained
/// in COMPLIANCE mode and under legal hold. (The DSN keeps data for good; the dates are the furthest S3 clients
/// parse.)
/// </summary>
internal static class ObjectLockAnswers
{
    /// <summary>The bucket default retention, in years.</summary>
    public const int DefaultRetentionYears = 100;

    public const string RetainUntil = "9999-12-31T23:59:59.000Z";

    public static XElement Retention() => new(
        S3XmlResult.Ns + "Retention",
        new XElement(S3XmlResult.Ns + "Mode", "COMPLIANCE"),
        new XElement(S3XmlResult.Ns + "RetainUntilDate", RetainUntil));

    public static XElement LegalHold() => new(
        S3XmlResult.Ns + "LegalHold",
        new XElement(S3XmlResult.Ns + "Status", "ON"));
}
