// The odp-execute/action-impl-* replies, as Debian's ovs-vswitchd 3.1 gives them (tests/odp.at, "odp-execute -
// actions implementation").
using Ovs.Dpif.Netdev.Execute;

namespace Ovs.Dpif.Netdev.Tests.Execute;

public sealed class OdpExecuteImplementationsTests
{
    [Fact]
    public void Scalar_Is_Active_At_Start_And_Autovalidator_Can_Be_Chosen()
    {
        var impls = new OdpExecuteImplementations();
        Assert.Equal("Available Actions implementations:\n  scalar (available: Yes, active: Yes)\n  autovalidator (available: Yes, active: No)\n", impls.Show());
        Assert.True(impls.TrySet("autovalidator", out string reply));
        Assert.Equal("Action implementation set to autovalidator.", reply);
        Assert.Contains("  autovalidator (available: Yes, active: Yes)\n", impls.Show(), StringComparison.Ordinal);
        Assert.Contains("  scalar (available: Yes, active: No)\n", impls.Show(), StringComparison.Ordinal);
        Assert.Equal("autovalidator", impls.ActiveName);
    }

    [Fact]
    public void Unknown_Implementation_Is_An_Error_And_Changes_Nothing()
    {
        var impls = new OdpExecuteImplementations();
        Assert.False(impls.TrySet("invalid_implementation", out string reply));
        Assert.Equal("Error: unknown action implementation, invalid_implementation, specified!", reply);
        Assert.Equal("scalar", impls.ActiveName);
    }
}
