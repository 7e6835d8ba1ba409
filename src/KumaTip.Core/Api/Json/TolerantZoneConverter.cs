using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KumaTip.Core.Api.Json
{
    /// <summary>
    /// Reads a zone in any case, <c>Grey</c> or <c>Gray</c>; an unknown value or a wrong JSON kind becomes null
    /// rather than failing the whole answer (the raw JSON keeps what was sent).
    /// </summary>
    internal sealed class TolerantZoneConverter : JsonConverter<TipZone?>
    {
        public override bool HandleNull => true;

        public override TipZone? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                reader.Skip();
                return null;
            }

            return ParseZone(reader.GetString());
        }

        public override void Write(Utf8JsonWriter writer, TipZone? value, JsonSerializerOptions options)
        {
            if (value.HasValue) writer.WriteStringValue(value.Value.ToString());
            else writer.WriteNullValue();
        }

        internal static TipZone? ParseZone(string? text)
        {
            switch (text?.Trim().ToUpperInvariant())
            {
                case "RED": return TipZone.Red;
                case "ORANGE": return TipZone.Orange;
                case "YELLOW": return TipZone.Yellow;
                case "GREY":
                case "GRAY": return TipZone.Grey;
                case "GREEN": return TipZone.Green;
                default: return null;
            }
        }
    }
}
