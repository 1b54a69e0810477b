namespace Ovs.Dpif.Tests;

public class DpifRegistryTests
{
    private sealed class FakeProvider(string type) : IDpifProvider
    {
        public List<(string Name, bool Create)> Opens { get; } = [];

        public string Type => type;

        public int Open(string name, bool create, out IDpif? dpif)
        {
            Opens.Add((name, create));
            dpif = null;
            return 19;
        }

        public IReadOnlyList<string> EnumerateNames() => [];
    }

    [Theory]
    [InlineData("dummy@dp0", "dummy", "dp0")]
    [InlineData("ovs-system", "system", "ovs-system")]
    [InlineData("netdev@br@x", "netdev", "br@x")]
    public void Names_split_at_the_first_at_sign(string full, string type, string name) =>
        Assert.Equal((type, name), DpifRegistry.ParseName(full));

    [Fact]
    public void Open_goes_to_the_provider_of_the_type()
    {
        var registry = new DpifRegistry();
        var dummy = new FakeProvider("dummy");
        Assert.Equal(0, registry.Register(dummy));
        Assert.Equal(19, registry.Open("dummy@dp0", true, out _));
        Assert.Equal(("dp0", true), dummy.Opens.Single());
        Assert.Equal(DpifRegistry.Eafnosupport, registry.Open("netdev@dp0", false, out IDpif? none));
        Assert.Null(none);
    }

    [Fact]
    public void Types_register_once_and_list_sorted()
    {
        var registry = new DpifRegistry();
        Assert.Equal(0, registry.Register(new FakeProvider("netdev")));
        Assert.Equal(0, registry.Register(new FakeProvider("dummy")));
        Assert.Equal(DpifRegistry.Eexist, registry.Register(new FakeProvider("dummy")));
        Assert.Equal(["dummy", "netdev"], registry.Types);
        Assert.True(registry.Unregister("dummy"));
        Assert.Equal(["netdev"], registry.Types);
    }
}
