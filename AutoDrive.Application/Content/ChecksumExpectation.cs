using AutoDrive.Domain.Objects;

namespace AutoDrive.Application.Content;

/// <summary>
/// The additional checksum to compute while a body streams (<see cref="Algorithm"/>), and the value the client
/// claims for it. The claim is read only once the body has ended, because aws-chunked uploads send it as a trailer.
/// </summary>
public sealed record ChecksumExpectation(ChecksumAlgorithm? Algorithm, Func<ObjectChecksum?> ReadClaim)
{
    public static readonly ChecksumExpectation None = new(null, static () => null);
}
