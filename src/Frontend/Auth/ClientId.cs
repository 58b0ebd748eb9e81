using System.Net;
using System.Net.Sockets;

namespace Parley.Frontend.Auth;

/// <summary>
/// Who a request comes from, for budgets: its IPv4 address, or the /64 network of its IPv6
/// address (one subscriber usually holds a whole /64, so single addresses would be free to vary).
/// Behind a configured proxy the address is the forwarded one.
/// </summary>
public readonly record struct ClientId(string Value)
{
    private const int Ipv6PrefixBytes = 8;

    public static ClientId Of(HttpContext context) => Of(context.Connection.RemoteIpAddress);

    public static ClientId Of(IPAddress? address)
    {
        if (address is null)
        {
            return new ClientId("unknown");
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return new ClientId(address.ToString());
        }

        var bytes = address.GetAddressBytes();
        bytes.AsSpan(Ipv6PrefixBytes).Clear();
        return new ClientId($"{new IPAddress(bytes)}/64");
    }

    public override string ToString() => Value;
}
