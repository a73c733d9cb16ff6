namespace AutoDrive.Application.Objects;

/// <summary>What a GET or HEAD answers: the object (or the requested range of it), 304, or 416.</summary>
public enum ReadOutcome
{
    Content,
    NotModified,
    RangeNotSatisfiable,
}
