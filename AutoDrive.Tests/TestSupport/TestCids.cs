using System.Security.Cryptography;
using System.Text;
using AutoDrive.Domain.Content;
using AutoDrive.Infrastructure.Dsn.Dag;

namespace AutoDrive.Tests.TestSupport;

/// <summary>Well-formed Autonomys CIDs for tests that need distinct CIDs but store no content behind them.</summary>
public static class TestCids
{
    /// <summary>A CID standing for <paramref name="seed"/>: its digest is the SHA-256 of the seed (it names no real node).</summary>
    public static Cid Of(string seed) => CidEncoding.ToCid(SHA256.HashData(Encoding.UTF8.GetBytes(seed)));
}
