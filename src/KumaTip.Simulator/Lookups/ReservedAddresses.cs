using System.Net;

namespace KumaTip.Simulator.Lookups;

/// <summary>Special-purpose ranges (RFC 6890 and friends) for which the portal answers with only the four basic sections.</summary>
internal static class ReservedAddresses
{
    private static readonly (IPNetwork Network, string Name)[] Networks =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "This network"),
        (IPNetwork.Parse("10.0.0.0/8"), "Private-Use"),
        (IPNetwork.Parse("100.64.0.0/10"), "Shared Address Space"),
        (IPNetwork.Parse("127.0.0.0/8"), "Loopback"),
        (IPNetwork.Parse("169.254.0.0/16"), "Link Local"),
        (IPNetwork.Parse("172.16.0.0/12"), "Private-Use"),
        (IPNetwork.Parse("192.0.0.0/24"), "IETF Protocol Assignments"),
        (IPNetwork.Parse("192.0.2.0/24"), "Documentation (TEST-NET-1)"),
        (IPNetwork.Parse("192.88.99.0/24"), "6to4 Relay Anycast"),
        (IPNetwork.Parse("192.168.0.0/16"), "Private-Use"),
        (IPNetwork.Parse("198.18.0.0/15"), "Benchmarking"),
        (IPNetwork.Parse("198.51.100.0/24"), "Documentation (TEST-NET-2)"),
        (IPNetwork.Parse("203.0.113.0/24"), "Documentation (TEST-NET-3)"),
        (IPNetwork.Parse("224.0.0.0/4"), "Multicast"),
        (IPNetwork.Parse("240.0.0.0/4"), "Reserved"),
        (IPNetwork.Parse("::/128"), "Unspecified Address"),
        (IPNetwork.Parse("::1/128"), "Loopback Address"),
        (IPNetwork.Parse("fc00::/7"), "Unique-Local"),
        (IPNetwork.Parse("fe80::/10"), "Link-Local Unicast"),
        (IPNetwork.Parse("2001:db8::/32"), "Documentation"),
        (IPNetwork.Parse("ff00::/8"), "Multicast"),
    ];

    public static bool IsReserved(IPAddress address) => Describe(address) is not null;

    public static (string Start, string End, string Name)? Describe(IPAddress address)
    {
        foreach (var (network, name) in Networks)
        {
            if (network.Contains(address))
            {
                return (network.BaseAddress.ToString(), LastAddress(network).ToString(), name);
            }
        }

        return null;
    }

    private static IPAddress LastAddress(IPNetwork network)
    {
        var bytes = network.BaseAddress.GetAddressBytes();
        for (var bit = network.PrefixLength; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] |= (byte)(0x80 >> (bit % 8));
        }

        return new IPAddress(bytes);
    }
}
