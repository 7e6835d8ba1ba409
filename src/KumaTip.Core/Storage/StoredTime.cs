using System;

namespace KumaTip.Core.Storage
{
    /// <summary>LiteDB hands dates back in local time (or unspecified); everything KumaTip shows is UTC.</summary>
    internal static class StoredTime
    {
        public static DateTimeOffset Utc(DateTime value)
            => new DateTimeOffset(value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : value.ToUniversalTime(), TimeSpan.Zero);
    }
}
