namespace KumaTip.Core.Secrets
{
    /// <summary>
    /// Everything a new Threat Lookup secret holds, in plain form, on its way to encryption: either a user, password and
    /// certificate, or an API token (<see cref="ApiToken"/> set, the others left empty).
    /// </summary>
    public sealed class NewSecret
    {
        public string Tenant { get; set; } = Storage.Tenants.Default;
        public string Name { get; set; } = string.Empty;
        public string Type { get; set; } = SecretTypes.Ktl;
        public string User { get; set; } = string.Empty;
        public string Password { get; set; } = string.Empty;
        public byte[] Certificate { get; set; } = new byte[0];
        public string? CertificatePassword { get; set; }

        /// <summary>Where the certificate came from (a path), for messages.</summary>
        public string CertificateSource { get; set; } = "certificate";
        public string? Description { get; set; }

        /// <summary>An API token; when set, the secret is a token secret and user, password and certificate stay empty.</summary>
        public string? ApiToken { get; set; }
    }
}
