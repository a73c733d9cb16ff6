namespace AutoDrive.Application.Objects;

/// <summary>What conditional headers decide: go on, 304 Not Modified, or 412 Precondition Failed.</summary>
public enum ConditionOutcome
{
    Proceed,
    NotModified,
    PreconditionFailed,
}
