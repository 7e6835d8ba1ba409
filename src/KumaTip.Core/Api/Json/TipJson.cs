using System;
using System.Text.Json;

namespace KumaTip.Core.Api.Json
{
    /// <summary>The serializer settings for the portal's answers: tolerant of every variation seen between API versions.</summary>
    internal static class TipJson
    {
        public static readonly JsonSerializerOptions Options = Create();

        private static JsonSerializerOptions Create()
        {
            var options = new JsonSerializerOptions
            {
                PropertyNameCaseInsensitive = true,
                NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowReadingFromString,
                ReadCommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            };
            options.Converters.Add(new TolerantDateConverter());
            options.Converters.Add(new TolerantStringConverter());
            options.Converters.Add(new TolerantStringListConverter());
            options.Converters.Add(new TolerantBooleanConverter());
            options.Converters.Add(new TolerantNumberConverter<int>(d => decimal.ToInt32(d)));
            options.Converters.Add(new TolerantNumberConverter<long>(d => decimal.ToInt64(d)));
            return options;
        }
    }
}
