namespace AutoDrive.Domain.Multipart;

/// <summary>Where a multipart upload is in its life.</summary>
public enum UploadState
{
    /// <summary>Accepting parts.</summary>
    Active,

    /// <summary>A Complete has fixed its parts and is assembling the object.</summary>
    Completing,

    /// <summary>The object exists; the record is kept for a while so a repeated Complete gets the same answer.</summary>
    Completed,

    /// <summary>Aborted or expired: its staged parts are freed.</summary>
    Aborted,
}
