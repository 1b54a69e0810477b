// Upstream: lib/ofp-print.c, the arguments every ofp_print_*() function shares (OVS 3.1)
namespace Ovs.OpenFlow.Text;

/// <summary>Receives the warnings upstream logs while decoding (module name, message); the codec itself never logs.</summary>
internal delegate void OfpWarningSink(string module, string message);

/// <summary>How to print: the verbosity (ofp-print's second argument, 2 by default) and where decode warnings go.</summary>
internal sealed record OfpPrintContext(int Verbosity, OfpWarningSink? Warn)
{
    public void Warning(string module, string message) => Warn?.Invoke(module, message);
}
