using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KumaTip.Core.Api.Json
{
    /// <summary>
    /// Reads a zone in any case, <c>Grey</c> or <c>Gray</c>, as its canonical name; an unknown value or a wrong JSON
    /// kind becomes null rather than failing the whole answer (the raw JSON keeps what was sent). Put on each Zone
    /// property of the wire model: those are strings, so ConvertTo-Json writes "Red", not 0.
    /// </summary>
    internal sealed class TolerantZoneConverter : JsonConverter<string?>
    {
        public override bool HandleNull => true;

        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                reader.Skip();
                return null;
            }

            return TipZones.Normalize(reader.GetString());
        }

        public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
        {
            if (value != null) writer.WriteStringValue(value);
            else writer.WriteNullValue();
        }
    }
}
