// Upstream: lib/ofp-print.c, the arguments every ofp_print_*() function shares (OVS 3.1)
namespace Ovs.OpenFlow.Text;

/// <summary>How serious a decoding note is, as upstream's log level for it.</summary>
internal enum OfpLogLevel
{
    Info,

    /// <summary>A warning upstream logs through its module's rate limiter (VLOG_WARN_RL).</summary>
    Warn,

    /// <summary>A warning upstream logs without a rate limit (VLOG_WARN).</summary>
    WarnUnlimited,
}

/// <summary>Receives what upstream logs while decoding (module name, level, message); the codec itself never logs.</summary>
internal delegate void OfpWarningSink(string module, OfpLogLevel level, string message);

/// <summary>How to print: the verbosity (ofp-print's second argument, 2 by default) and where decode warnings go.</summary>
internal sealed record OfpPrintContext(int Verbosity, OfpWarningSink? Warn)
{
    public void Warning(string module, string message) => Warn?.Invoke(module, OfpLogLevel.Warn, message);

    public void Info(string module, string message) => Warn?.Invoke(module, OfpLogLevel.Info, message);
}
