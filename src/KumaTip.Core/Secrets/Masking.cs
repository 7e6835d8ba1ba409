namespace KumaTip.Core.Secrets
{
    /// <summary>Shows enough of a user name or token to recognise it, and nothing of its length.</summary>
    public static class Masking
    {
        public static string MaskUser(string? user)
        {
            if (string.IsNullOrEmpty(user)) return string.Empty;
            return user!.Length >= 4 ? user.Substring(0, 2) + "*****" : "*****";
        }

        /// <summary>
        /// The last four characters after a fixed mask: tokens often share their first characters (a JWT starts with
        /// "eyJ"), while the end tells an old token from its replacement. Four of at least sixteen characters leave the
        /// rest unguessable.
        /// </summary>
        public static string MaskToken(string? token)
        {
            if (string.IsNullOrEmpty(token)) return string.Empty;
            return token!.Length >= ApiTokenValidator.MinLength ? "*****" + token.Substring(token.Length - 4) : "*****";
        }
    }
}
