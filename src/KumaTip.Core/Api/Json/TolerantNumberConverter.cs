using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KumaTip.Core.Api.Json
{
    /// <summary>
    /// Reads a count or score sent as a number or as text ("1000", "1 000"); anything else becomes null.
    /// One converter per numeric type the models use.
    /// </summary>
    internal sealed class TolerantNumberConverter<T> : JsonConverter<T?> where T : struct
    {
        private readonly Func<decimal, T> _fromDecimal;

        public TolerantNumberConverter(Func<decimal, T> fromDecimal) => _fromDecimal = fromDecimal;

        public override bool HandleNull => true;

        public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            decimal value;
            switch (reader.TokenType)
            {
                case JsonTokenType.Number:
                    if (!reader.TryGetDecimal(out value)) return null;
                    break;
                case JsonTokenType.String:
                    var text = reader.GetString()?.Replace(" ", "").Replace("\u00A0", "").Replace(",", "");
                    if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return null;
                    break;
                default:
                    reader.Skip();
                    return null;
            }

            try
            {
                return _fromDecimal(decimal.Truncate(value));
            }
            catch (OverflowException)
            {
                return null;
            }
        }

        public override void Write(Utf8JsonWriter writer, T? value, JsonSerializerOptions options)
        {
            if (value.HasValue) JsonSerializer.Serialize(writer, value.Value, options);
            else writer.WriteNullValue();
        }
    }
}
