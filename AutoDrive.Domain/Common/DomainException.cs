namespace AutoDrive.Domain.Common;

/// <summary>A broken rule. <see cref="Kind"/> is stable; the message is safe to show to a client.</summary>
public sealed class DomainException : Exception
{
    public DomainException(ErrorKind kind, string message)
        : base(message)
    {
        Kind = kind;
    }

    public DomainException(ErrorKind kind, string message, Exception innerException)
        : base(message, innerException)
    {
        Kind = kind;
    }

    public DomainException()
        : this(ErrorKind.InvalidRequest, "The request is not valid.")
    {
    }

    public DomainException(string message)
        : this(ErrorKind.InvalidRequest, message)
    {
    }

    public DomainException(string message, Exception innerException)
        : this(ErrorKind.InvalidRequest, message, innerException)
    {
    }

    public ErrorKind Kind { get; }
}
