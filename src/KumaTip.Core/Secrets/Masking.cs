namespace KumaTip.Core.Secrets
{
    /// <summary>Shows enough of a user name to recognise it, and nothing of its length.</summary>
    public static class Masking
    {
        public static string MaskUser(string? user)
        {
            if (string.IsNullOrEmpty(user)) return string.Empty;
            return user!.Length >= 4 ? user.Substring(0, 2) + "*****" : "*****";
        }
    }
}
