using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KumaTip.Core.Api.Json
{
    /// <summary>Reads a flag sent as a boolean, "true"/"false" or 0/1; anything else becomes null.</summary>
    internal sealed class TolerantBooleanConverter : JsonConverter<bool?>
    {
        public override bool HandleNull => true;

        public override bool? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.True: return true;
                case JsonTokenType.False: return false;
                case JsonTokenType.Number: return reader.TryGetInt64(out var n) ? n != 0 : (bool?)null;
                case JsonTokenType.String:
                    var text = reader.GetString()?.Trim();
                    if (string.Equals(text, "true", StringComparison.OrdinalIgnoreCase) || text == "1") return true;
                    if (string.Equals(text, "false", StringComparison.OrdinalIgnoreCase) || text == "0") return false;
                    return null;
                default:
                    reader.Skip();
                    return null;
            }
        }

        public override void Write(Utf8JsonWriter writer, bool? value, JsonSerializerOptions options)
        {
            if (value.HasValue) writer.WriteBooleanValue(value.Value);
            else writer.WriteNullValue();
        }
    }
}
