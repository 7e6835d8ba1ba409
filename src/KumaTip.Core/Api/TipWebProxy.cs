using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.RegularExpressions;

namespace KumaTip.Core.Api
{
    /// <summary>
    /// The configured proxy with its bypass list. Bypass entries are host patterns as users write them
    /// (<c>*.corp.local</c>, <c>10.*</c>, <c>tip.kaspersky.com</c>, <c>&lt;local&gt;</c> for dot-less names), not the
    /// regular expressions <see cref="WebProxy.BypassList"/> expects.
    /// </summary>
    public sealed class TipWebProxy : IWebProxy
    {
        private readonly Uri _proxy;
        private readonly Regex[] _bypass;
        private readonly bool _bypassLocal;

        public TipWebProxy(Uri proxy, IEnumerable<string>? bypass, ICredentials? credentials)
        {
            _proxy = proxy ?? throw new ArgumentNullException(nameof(proxy));
            Credentials = credentials;
            var entries = (bypass ?? Enumerable.Empty<string>()).Select(b => b?.Trim()).Where(b => !string.IsNullOrEmpty(b)).ToList();
            _bypassLocal = entries.Any(e => string.Equals(e, "<local>", StringComparison.OrdinalIgnoreCase));
            _bypass = entries
                .Where(e => !string.Equals(e, "<local>", StringComparison.OrdinalIgnoreCase))
                .Select(e => new Regex("^" + Regex.Escape(StripScheme(e!)).Replace(@"\*", ".*").Replace(@"\?", ".") + "$",
                    RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))
                .ToArray();
        }

        public ICredentials? Credentials { get; set; }

        public Uri GetProxy(Uri destination) => IsBypassed(destination) ? destination : _proxy;

        public bool IsBypassed(Uri host)
        {
            if (host == null) return false;
            var name = host.IdnHost.Trim('[', ']');
            if (_bypassLocal && name.IndexOf('.') < 0 && name.IndexOf(':') < 0) return true;
            return _bypass.Any(r => r.IsMatch(name) || r.IsMatch(name + ":" + host.Port));
        }

        private static string StripScheme(string entry)
        {
            var i = entry.IndexOf("://", StringComparison.Ordinal);
            return (i >= 0 ? entry.Substring(i + 3) : entry).TrimEnd('/');
        }
    }
}
