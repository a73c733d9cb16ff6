namespace AutoDrive.Domain.Common;

/// <summary>Why a value breaks a rule; <see cref="ToException"/> turns it into the exception to throw.</summary>
public readonly record struct RuleViolation(ErrorKind Kind, string Message)
{
    public DomainException ToException() => new(Kind, Message);
}
