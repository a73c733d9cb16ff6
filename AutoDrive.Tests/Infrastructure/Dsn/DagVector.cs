using System.Text;
using AutoDrive.Domain.Content;

namespace AutoDrive.Tests.Infrastructure.Dsn;

/// <summary>A content whose CID auto-dag-data 1.6.10 computed.</summary>
public sealed record DagVector(string Name, string Content, long Length, UploadOptions Options, string Cid)
{
    public const int OneMebibyte = 1 << 20;

    private static readonly UploadOptions Zlib = new(new CompressionOptions(CompressionAlgorithm.Zlib), null);
    private static readonly UploadOptions Aes = new(null, new EncryptionOptions(EncryptionAlgorithm.Aes256Gcm));
    private static readonly UploadOptions ZlibAes =
        new(new CompressionOptions(CompressionAlgorithm.Zlib), new EncryptionOptions(EncryptionAlgorithm.Aes256Gcm));

    /// <summary>The specification's test vectors, listed in docs/cid.md.</summary>
    public static IEnumerable<TestCaseData> Spec()
    {
        yield return Case("test.txt", "text:Hello, world!", 13, UploadOptions.None, "bafkr6ifm5dxoldkwezxmvjx5hrsepnvrvvxb4uof7ilvos7rhyrgiirtqu");
        yield return Case("test.txt", "text:", 0, UploadOptions.None, "bafkr6igpomk3x2fxfu7kt56ocoww722cw2xwfbronza626y4fcom4u3qse");
        yield return Case("hello.txt", "text:hello", 5, UploadOptions.None, "bafkr6ied3dpntypdgmzmd65emex63m2xtgd5qblqlhv2wz2lsumcika5ai");
        yield return Case("hello.txt", "text:hello", 5, Aes, "bafkr6idsoddqc7gdczxne3g3cd3u4nxnplei4rmdsbmbo7owqy4szlg4zi");
        yield return Case("hello.txt", "text:hello", 5, Zlib, "bafkr6ic6rif5ghyeyec54lwtgchngh7to4g2r2aiuevbmdk3mkgykafypy");
        yield return Case("hello.txt", "text:hello", 5, ZlibAes, "bafkr6iclecma4s7tlq4l2rjbxmbksfxd7arcl3ijail2gftsg2v2ghggwe");
        yield return Case("big.bin", "A", 65_066, UploadOptions.None, "bafkr6ig6w2q2arrfi6f5wgc6bbfxzljvs7x2dkf5mu6fmxeee65sbcgrzy");
        yield return Case("big.bin", "A", 65_067, UploadOptions.None, "bafkr6igesbqd7ansthekaeqeok6td4fcqykkqhkkubtt2b3ijpampiejwm");
        yield return Case("big.bin", "A", 65_067, Zlib, "bafkr6icrygb4gitggazgwfeuzbvadxsyyqi5raeekhq7xke3lppjc2nw6e");
        yield return Case("big.bin", "A", 200_000, UploadOptions.None, "bafkr6idnwaolxm4h3z2kr564tgszytp4ygpyz47oeagz3tefob5fngsymu");
        yield return Case("mod251.bin", "mod251", 1_000_000, UploadOptions.None, "bafkr6igpo7jyi373g7xqhlraxxm6f6ofdzdzi4cz3e77nlaztbvh7u473a");
        yield return Case("pattern.bin", "mod251", 110_000_000, UploadOptions.None, "bafkr6ihgcyffu3dw3xy43szz2d3qk53ief3bz6frydnwkb5j2zwjgpbgsm");
    }

    /// <summary>
    /// More contents, computed with auto-dag-data 1.6.10 (<c>processFileToIPLDFormat</c>, content in 1 MiB
    /// buffers): the flat/two-level boundary, every option field, an empty and a non-ASCII name.
    /// </summary>
    public static IEnumerable<TestCaseData> Oracle()
    {
        yield return Case("two.bin", "mod251", 2 * 65_066, UploadOptions.None, "bafkr6igflmaodydlwlijdbxjq22zby5xixaqkt2ghnmzmmaypqs2sylpme");
        yield return Case("edge.bin", "mod251", 1626L * 65_066, UploadOptions.None, "bafkr6ibwvhpcds5k73h6o5wr6ulb7tuwjd46u2wudbdqylrg72lhvfz25e");
        yield return Case("edge.bin", "mod251", (1626L * 65_066) + 1, UploadOptions.None, "bafkr6ibt3fape3jgeoloa46djin44d7hjlqwdzk56uxvs2ncuboefkvmqa");
        yield return Case(
            "opts.bin",
            "A",
            5,
            new UploadOptions(
                new CompressionOptions(CompressionAlgorithm.Zlib, Level: 9, ChunkSize: 1024),
                new EncryptionOptions(EncryptionAlgorithm.Aes256Gcm, ChunkSize: 4096)),
            "bafkr6iafshr2ccsqolhkb5tc6wg25gtxfjyekf2v3vkyfhcoict3guqzpm");
        yield return Case(
            "neg.bin",
            "A",
            5,
            new UploadOptions(new CompressionOptions(CompressionAlgorithm.Zlib, Level: -1), null),
            "bafkr6iciogpaj4zcioneym3sxhuemwm2dwfichjmwjdcp55eykzxl5ldmu");
        yield return Case(string.Empty, "A", 5, UploadOptions.None, "bafkr6ihwxhntjmcd5tzbmlqcc2z2sfg7d3rrbjsychkkeydbinktybeqbm");
        yield return Case("héllo wörld.txt", "A", 5, UploadOptions.None, "bafkr6ieuilsexpmst7e7dnl44ohbifux2r3yb52ujlgipu7swea36yrs7y");
        yield return Case("multi.bin", "A", 200_000, Aes, "bafkr6ib5whjj6zh3xraddqycn2b2bcaxvx6j3fs4qofniaznyengq6ry2m");
    }

    /// <summary>The content in spans of <paramref name="spanSize"/>, generated on the fly.</summary>
    public IEnumerable<ReadOnlyMemory<byte>> Spans(int spanSize) => Content switch
    {
        "mod251" => TestContent.Mod251(Length, spanSize),
        "A" => TestContent.Repeat((byte)'A', Length, spanSize),
        _ when Content.StartsWith("text:", StringComparison.Ordinal) =>
            TestContent.Split(Encoding.UTF8.GetBytes(Content["text:".Length..]), spanSize),
        _ => throw new InvalidOperationException($"Unknown content kind {Content}."),
    };

    public override string ToString() => $"{(Name.Length == 0 ? "(no name)" : Name)} {Content} ×{Length} {Describe(Options)}";

    private static TestCaseData Case(string name, string content, long length, UploadOptions options, string cid)
    {
        var vector = new DagVector(name, content, length, options, cid);
        return new TestCaseData(vector).SetArgDisplayNames(vector.ToString());
    }

    private static string Describe(UploadOptions options) =>
        options.IsEmpty ? "no options" : $"{options.Compression} {options.Encryption}".Trim();
}
