// Upstream: ofproto_set_flow_limit(), ofproto_set_max_idle() and ofproto_set_max_revalidator() of
// ofproto/ofproto.c, fed by other_config:flow-limit, other_config:max-idle and other_config:max-revalidator of the
// Open_vSwitch table (vswitchd/bridge.c) (OVS 3.1)
//
// The daemon-wide settings of the upcall handlers and revalidators, shared by every datapath backer.
// Threading: written on the main loop, read by any thread.
namespace Ovs.Ofproto.Dpif.Upcall;

internal sealed class UpcallSettings
{
    /// <summary>OFPROTO_FLOW_LIMIT_DEFAULT: the most datapath flows unless other_config:flow-limit says otherwise.</summary>
    public const uint DefaultFlowLimit = 200_000;

    /// <summary>OFPROTO_MAX_IDLE_DEFAULT: milliseconds a datapath flow may stay unused.</summary>
    public const uint DefaultMaxIdleMs = 10_000;

    /// <summary>OFPROTO_MAX_REVALIDATOR_DEFAULT: milliseconds between revalidation rounds.</summary>
    public const uint DefaultMaxRevalidatorMs = 500;

    private uint _flowLimit = DefaultFlowLimit;
    private uint _maxIdleMs = DefaultMaxIdleMs;

    public uint FlowLimit
    {
        get => Volatile.Read(ref _flowLimit);
        set => Volatile.Write(ref _flowLimit, value);
    }

    public uint MaxIdleMs
    {
        get => Volatile.Read(ref _maxIdleMs);
        set => Volatile.Write(ref _maxIdleMs, value);
    }

    /// <summary>Applies the Open_vSwitch other_config keys this module reads; missing or bad values mean the default.</summary>
    public void Configure(IReadOnlyDictionary<string, string> otherConfig)
    {
        FlowLimit = Read(otherConfig, "flow-limit", DefaultFlowLimit);
        MaxIdleMs = Read(otherConfig, "max-idle", DefaultMaxIdleMs);
    }

    // smap_get_uint(): the default unless the whole value is a decimal number.
    private static uint Read(IReadOnlyDictionary<string, string> config, string key, uint fallback) =>
        config.TryGetValue(key, out string? text) && uint.TryParse(text, System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out uint value) ? value : fallback;
}
