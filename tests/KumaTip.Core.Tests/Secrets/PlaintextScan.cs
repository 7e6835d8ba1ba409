using System.Text;

namespace KumaTip.Core.Tests.Secrets;

/// <summary>Searches every file under a directory for secret values as UTF-8 and UTF-16LE bytes.</summary>
public static class PlaintextScan
{
    public static void AssertAbsent(string directory, params string[] secrets)
    {
        var files = Directory.GetFiles(directory, "*", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            byte[] content;
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            using (var memory = new MemoryStream())
            {
                stream.CopyTo(memory);
                content = memory.ToArray();
            }
            foreach (var secret in secrets)
            {
                foreach (var encoding in new Encoding[] { Encoding.UTF8, Encoding.Unicode })
                {
                    var needle = encoding.GetBytes(secret);
                    Assert.False(content.AsSpan().IndexOf(needle) >= 0,
                        $"'{Path.GetFileName(file)}' holds a secret value in plain text ({encoding.WebName}).");
                }
            }
        }
    }
}
