using System.Net;
using Parley.Frontend.Auth;

namespace Parley.Unit.Tests.Auth;

public sealed class ClientIdTests
{
    [Theory]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::5")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::")]
    [InlineData("::ffff:192.0.2.7", "192.0.2.7")]
    public void AddressesOfOneClientShareAnId(string one, string other) =>
        Assert.Equal(ClientId.Of(IPAddress.Parse(one)), ClientId.Of(IPAddress.Parse(other)));

    [Theory]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:3::1")]
    [InlineData("192.0.2.7", "192.0.2.8")]
    public void DifferentClientsHaveDifferentIds(string one, string other) =>
        Assert.NotEqual(ClientId.Of(IPAddress.Parse(one)), ClientId.Of(IPAddress.Parse(other)));

    [Fact]
    public void AnIpv6ClientIsItsSlash64() => Assert.Equal("2001:db8:1:2::/64", ClientId.Of(IPAddress.Parse("2001:db8:1:2:3:4:5:6")).Value);
}
