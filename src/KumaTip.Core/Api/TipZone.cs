namespace KumaTip.Core.Api
{
    /// <summary>
    /// The portal's verdict colour, most dangerous first. The wire spells grey <c>Grey</c>; <c>Gray</c> is accepted too.
    /// </summary>
    public enum TipZone
    {
        Red,
        Orange,
        Yellow,
        Grey,
        Green,
    }
}
