namespace AutoDrive.Infrastructure.Postgres;

/// <summary>The outcome of a command run by <see cref="ProcessRunner"/>.</summary>
internal sealed record ProcessResult(int ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;
}
