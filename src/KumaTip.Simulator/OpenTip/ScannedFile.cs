namespace KumaTip.Simulator.OpenTip;

/// <summary>A file uploaded to <c>scan/file</c>: its hashes (all three find it), name, size and when it arrived.</summary>
internal sealed record ScannedFile(string Sha256, string Sha1, string Md5, string FileName, long Size, DateTimeOffset UploadedAt);
