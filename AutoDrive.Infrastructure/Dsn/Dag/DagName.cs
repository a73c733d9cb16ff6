using System.Text;

namespace AutoDrive.Infrastructure.Dsn.Dag;

/// <summary>The file name as a root node carries it: UTF-8, at most <see cref="DagLimits.MaxNameBytes"/> bytes.</summary>
internal static class DagName
{
    public static byte[] Encode(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var bytes = Encoding.UTF8.GetBytes(name);
        if (bytes.Length > DagLimits.MaxNameBytes)
        {
            throw new ArgumentException(
                $"A file name is at most {DagLimits.MaxNameBytes} UTF-8 bytes; this one has {bytes.Length}.", nameof(name));
        }

        return bytes;
    }
}
