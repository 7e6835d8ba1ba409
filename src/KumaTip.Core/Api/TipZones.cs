using KumaTip.Core.Output;

namespace KumaTip.Core.Api
{
    /// <summary>
    /// Zones as the names output objects carry (<c>Red</c> … <c>Green</c>): ConvertTo-Json writes an enum as its
    /// number, so every Zone property users see is a string, read and written here.
    /// </summary>
    public static class TipZones
    {
        /// <summary>The zone's name: Red, Orange, Yellow, Grey or Green.</summary>
        public static string Name(TipZone zone) => EnumNames<TipZone>.Of(zone);

        /// <summary>A zone from its name in any case, <c>Grey</c> or <c>Gray</c>; false for anything else.</summary>
        public static bool TryParse(string? text, out TipZone zone)
        {
            if (text != null && string.Equals(text.Trim(), "Gray", System.StringComparison.OrdinalIgnoreCase))
            {
                zone = TipZone.Grey;
                return true;
            }
            return EnumNames<TipZone>.TryParse(text, out zone);
        }

        /// <summary>A zone from its name; an ArgumentException naming the value and the zones otherwise.</summary>
        public static TipZone Parse(string? text)
            => TryParse(text, out var zone) ? zone : EnumNames<TipZone>.Parse(text, "zone");

        /// <summary>The zone's canonical name (<c>gray</c> becomes <c>Grey</c>); null for null or an unknown word.</summary>
        public static string? Normalize(string? text) => TryParse(text, out var zone) ? Name(zone) : null;
    }
}
