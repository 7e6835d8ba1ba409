using System;

namespace KumaTip.Core.Secrets
{
    /// <summary>
    /// Checks an API token before it is stored. The portal does not document the token's format, so only what cannot be
    /// a token is refused: text an HTTP header cannot carry, and what a paste typically drags along (spaces, the
    /// "Bearer" scheme, line breaks). Messages describe the problem and never hold the token or a part of it.
    /// </summary>
    public static class ApiTokenValidator
    {
        /// <summary>Shorter than this is a mistyped or truncated paste rather than a token.</summary>
        public const int MinLength = 16;

        /// <summary>Longer than this is a file or a page pasted by mistake.</summary>
        public const int MaxLength = 4096;

        /// <summary>How long before its expiry a token is warned about: as for client certificates.</summary>
        public static TimeSpan ExpiryWarning => ClientCertificateValidator.ExpiryWarning;

        /// <summary>The token without surrounding white space.</summary>
        /// <exception cref="TipSecretException">InvalidToken, with what is wrong and what to do.</exception>
        public static string Validate(string? token)
        {
            var t = (token ?? string.Empty).Trim();
            const string Cure = " Copy the token again from the API token page of the Kaspersky TIP portal and give it with -ApiToken (Read-Host -AsSecureString).";
            if (t.Length == 0)
            {
                throw new TipSecretException(TipSecretError.InvalidToken, "The API token is empty." + Cure);
            }
            if (t.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                throw new TipSecretException(TipSecretError.InvalidToken,
                    "The API token starts with 'Bearer ': give the token alone; KumaTip adds the 'Bearer' scheme when it sends it.");
            }
            foreach (var c in t)
            {
                if (char.IsWhiteSpace(c) || char.IsControl(c))
                {
                    throw new TipSecretException(TipSecretError.InvalidToken,
                        $"The API token ({t.Length} characters) contains a space, tab or line break, so it was pasted with something around it." + Cure);
                }
                if (c > '\u007e')
                {
                    throw new TipSecretException(TipSecretError.InvalidToken,
                        $"The API token ({t.Length} characters) contains a character outside ASCII, which no token has and no HTTP header can carry." + Cure);
                }
            }
            if (t.Length < MinLength || t.Length > MaxLength)
            {
                throw new TipSecretException(TipSecretError.InvalidToken,
                    $"The API token has {t.Length} characters; a token has {MinLength}-{MaxLength}, so this one is cut short or is something else." + Cure);
            }
            return t;
        }

        /// <summary>
        /// A warning when the token expires within <see cref="ExpiryWarning"/> of <paramref name="now"/> or has expired,
        /// else null. Worded like the client certificate's.
        /// </summary>
        public static string? ExpiryWarningFor(string secretName, DateTimeOffset? expires, DateTimeOffset now)
        {
            if (!expires.HasValue) return null;
            var left = expires.Value - now;
            if (left <= TimeSpan.Zero)
            {
                return $"The API token of secret '{secretName}' expired on {expires.Value.UtcDateTime:yyyy-MM-dd} (the portal's TokenExpirationDate), so the portal refuses it. " +
                       $"Request a new token on the Kaspersky TIP portal and store it with Set-TipSecret -Name '{secretName}' -ApiToken (Read-Host -AsSecureString).";
            }
            if (left >= ExpiryWarning) return null;
            return $"The API token of secret '{secretName}' expires on {expires.Value.UtcDateTime:yyyy-MM-dd} (in {(int)left.TotalDays} days, the portal's TokenExpirationDate). " +
                   $"Request a new one on the Kaspersky TIP portal (that deletes the old one) and store it with Set-TipSecret -Name '{secretName}' -ApiToken (Read-Host -AsSecureString).";
        }
    }
}
