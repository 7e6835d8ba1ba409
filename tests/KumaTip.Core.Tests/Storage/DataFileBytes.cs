using System.Text;

namespace KumaTip.Core.Tests.Storage;

/// <summary>Damage done to a real LiteDB data file the way disks, copies and editors do it, for tests.</summary>
internal static class DataFileBytes
{
    public const int PageSize = 8192;

    /// <summary>Indexes of the pages of <paramref name="type"/> (LiteDB: 1 header, 2 collection, 3 index, 4 data).</summary>
    public static List<int> PagesOfType(string path, byte type)
    {
        var bytes = File.ReadAllBytes(path);
        var pages = new List<int>();
        for (var page = 0; (page + 1) * PageSize <= bytes.Length; page++)
        {
            if (bytes[page * PageSize + 4] == type) pages.Add(page);
        }
        return pages;
    }

    public static void Overwrite(string path, long offset, params byte[] bytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.Position = offset;
        stream.Write(bytes);
    }

    public static void Truncate(string path, long length)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.SetLength(length);
    }

    /// <summary>The offset of the 8 bytes of the first BSON DateTime field named <paramref name="field"/>.</summary>
    public static long DateTimeValueOffset(string path, string field)
    {
        var bytes = File.ReadAllBytes(path);
        var pattern = new byte[] { 0x09 }.Concat(Encoding.UTF8.GetBytes(field)).Concat(new byte[] { 0 }).ToArray();
        for (var i = 0; i + pattern.Length <= bytes.Length; i++)
        {
            if (bytes.AsSpan(i, pattern.Length).SequenceEqual(pattern)) return i + pattern.Length;
        }
        throw new InvalidOperationException("No DateTime field '" + field + "' in " + path);
    }

    public static byte[] Hash(string path) => System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path));
}
