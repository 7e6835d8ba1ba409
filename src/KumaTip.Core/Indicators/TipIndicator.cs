using System;
using KumaTip.Core.Output;

namespace KumaTip.Core.Indicators
{
    /// <summary>
    /// One normalized indicator. Two indicators are the same when type and normalized value match, however
    /// differently they were spelled or defanged; that is what de-duplication and the cache key on.
    /// </summary>
    public sealed class TipIndicator : IEquatable<TipIndicator>
    {
        public TipIndicator(string value, TipIndicatorType type, string original, string source = "text", bool defanged = false, string? unicodeValue = null)
        {
            Value = value ?? throw new ArgumentNullException(nameof(value));
            Kind = type;
            Original = original ?? value;
            Source = source ?? "text";
            Defanged = defanged;
            UnicodeValue = unicodeValue;
        }

        /// <summary>The normalized value sent to the portal (punycode for internationalized names).</summary>
        public string Value { get; }

        /// <summary>Domain, Url, IPv4, IPv6, Md5, Sha1 or Sha256: a name, so ConvertTo-Json and Export-Csv write it as shown.</summary>
        public string Type => EnumNames<TipIndicatorType>.Of(Kind);

        /// <summary>The type, typed; <see cref="Type"/> is its name.</summary>
        internal TipIndicatorType Kind { get; }

        /// <summary>The text exactly as it arrived.</summary>
        public string Original { get; }

        /// <summary>Where it came from: <c>file:line</c>, <c>text</c> or <c>pipeline</c>.</summary>
        public string Source { get; }

        /// <summary>True when the original was defanged (<c>hxxp</c>, <c>[.]</c>…) and had to be refanged.</summary>
        public bool Defanged { get; }

        /// <summary>For an internationalized name, its Unicode form; otherwise null.</summary>
        public string? UnicodeValue { get; }

        /// <summary>The identity used for de-duplication and the cache: type and normalized value.</summary>
        public string Key => Type + ":" + Value;

        public bool Equals(TipIndicator? other) => other != null && other.Kind == Kind && string.Equals(other.Value, Value, StringComparison.Ordinal);

        public override bool Equals(object? obj) => Equals(obj as TipIndicator);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Key);

        public override string ToString() => Value;
    }
}
