namespace KumaTip.Core.Indicators
{
    /// <summary>What kind of indicator a value is. A host name is a <see cref="Domain"/>.</summary>
    public enum TipIndicatorType
    {
        Domain,
        Url,
        IPv4,
        IPv6,
        Md5,
        Sha1,
        Sha256,
    }
}
