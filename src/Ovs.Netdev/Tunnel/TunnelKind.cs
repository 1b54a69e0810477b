// Upstream: the tunnel vport classes of netdev_vport_tunnel_register(), netdev_vport_needs_dst_port(),
// tunnel_supported_layers() and the per-type checks of set_tunnel_config() in lib/netdev-vport.c (OVS 3.1)
//
// What distinguishes one tunnel type from another while configuring it: the name its datapath port takes
// ("gre_sys", or "vxlan_sys_4789" for the UDP-based types, which add their destination port), the default UDP
// destination port, which optional keys it accepts (dst_port, csum, seq, exts) and which kinds of packets it can
// carry (Ethernet frames, L3 packets or both), which decides the default packet_type.
namespace Ovs.Netdev.Tunnel;

/// <summary>The kinds of packets a tunnel can carry.</summary>
[Flags]
internal enum TunnelLayers
{
    None = 0,
    L2 = 1,
    L3 = 2,
}

internal sealed class TunnelKind
{
    private TunnelKind(string type, string dpifPort, ushort defaultDstPort, bool needsDstPort, TunnelLayers layers)
    {
        Type = type;
        DpifPort = dpifPort;
        DefaultDstPort = defaultDstPort;
        NeedsDstPort = needsDstPort;
        Layers = layers;
        HasCsum = type.Contains("gre", StringComparison.Ordinal) || type.Contains("geneve", StringComparison.Ordinal)
            || type.Contains("stt", StringComparison.Ordinal) || type.Contains("vxlan", StringComparison.Ordinal);
        HasSeq = type.Contains("gre", StringComparison.Ordinal);
    }

    public static TunnelKind Geneve { get; } = new("geneve", "genev_sys", 6081, true, TunnelLayers.L2);

    public static TunnelKind Gre { get; } = new("gre", "gre_sys", 0, false, TunnelLayers.L2 | TunnelLayers.L3);

    public static TunnelKind Vxlan { get; } = new("vxlan", "vxlan_sys", 4789, true, TunnelLayers.L2);

    public static TunnelKind Lisp { get; } = new("lisp", "lisp_sys", 4341, true, TunnelLayers.L3);

    public static TunnelKind Stt { get; } = new("stt", "stt_sys", 7471, true, TunnelLayers.L2);

    public static TunnelKind Erspan { get; } = new("erspan", "erspan_sys", 0, false, TunnelLayers.L2);

    public static TunnelKind Ip6Erspan { get; } = new("ip6erspan", "ip6erspan_sys", 0, false, TunnelLayers.L2);

    public static TunnelKind Ip6Gre { get; } = new("ip6gre", "ip6gre_sys", 0, false, TunnelLayers.L2);

    public static TunnelKind Gtpu { get; } = new("gtpu", "gtpu_sys", 2152, true, TunnelLayers.L3);

    public static TunnelKind BareUdp { get; } = new("bareudp", "udp_sys", 0, true, TunnelLayers.L3);

    /// <summary>Every tunnel type, in upstream's registration order.</summary>
    public static IReadOnlyList<TunnelKind> All { get; } = [Geneve, Gre, Vxlan, Lisp, Stt, Erspan, Ip6Erspan, Ip6Gre, Gtpu, BareUdp];

    /// <summary>The Interface type ("gre", "vxlan", ...).</summary>
    public string Type { get; }

    /// <summary>The datapath port name, or its prefix when <see cref="NeedsDstPort"/>.</summary>
    public string DpifPort { get; }

    /// <summary>The UDP destination port used without options:dst_port; 0 for none.</summary>
    public ushort DefaultDstPort { get; }

    /// <summary>True for the UDP-based types: they take dst_port and name their datapath port after it.</summary>
    public bool NeedsDstPort { get; }

    /// <summary>True when options:csum is accepted.</summary>
    public bool HasCsum { get; }

    /// <summary>True when options:seq is accepted.</summary>
    public bool HasSeq { get; }

    /// <summary>True for "vxlan", the only type with options:exts.</summary>
    public bool IsVxlan => ReferenceEquals(this, Vxlan);

    /// <summary>True for the ERSPAN types, whose configuration shows their erspan_* settings.</summary>
    public bool IsErspan => ReferenceEquals(this, Erspan) || ReferenceEquals(this, Ip6Erspan);

    private TunnelLayers Layers { get; }

    public static TunnelKind? Find(string type)
    {
        foreach (TunnelKind kind in All)
        {
            if (kind.Type == type)
            {
                return kind;
            }
        }

        return null;
    }

    /// <summary>The kinds of packets a port of this type with <paramref name="config"/> carries.</summary>
    public TunnelLayers SupportedLayers(TunnelConfig config) =>
        IsVxlan && config.Gpe ? TunnelLayers.L2 | TunnelLayers.L3 : Layers;

    /// <summary>The packet_type a port has without the option: legacy_l3 for L3-only tunnels, else legacy_l2.</summary>
    public TunnelPacketType DefaultPacketType(TunnelConfig config) =>
        SupportedLayers(config) == TunnelLayers.L3 ? TunnelPacketType.LegacyL3 : TunnelPacketType.LegacyL2;

    /// <summary>The datapath port name for a tunnel with UDP destination port <paramref name="dstPort"/>.</summary>
    public string DatapathPortName(ushort dstPort) => NeedsDstPort ? $"{DpifPort}_{dstPort}" : DpifPort;

    /// <summary>
    /// The destination port a device called <paramref name="name"/> starts with: the number after the datapath port
    /// prefix when the name has one ("vxlan_sys_9000" → 9000), else the type's default; 0 for the types without.
    /// </summary>
    public ushort InitialDstPort(string name)
    {
        if (!NeedsDstPort)
        {
            return 0;
        }

        int fromName = 0;
        if (name.Length > DpifPort.Length + 1 && name.StartsWith(DpifPort, StringComparison.Ordinal))
        {
            fromName = CNumbers.Atoi(name[(DpifPort.Length + 1)..]);
        }

        return fromName != 0 ? unchecked((ushort)fromName) : DefaultDstPort;
    }
}
