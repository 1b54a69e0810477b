// Upstream: get_tunnel_config() in lib/netdev-vport.c (OVS 3.1)
//
// A tunnel device's configuration back as options, the way dpif/show and dpctl/show print it: only what differs
// from the defaults, addresses normalised, keys folded into "key" when in and out agree, tos in hexadecimal.
using System.Globalization;

namespace Ovs.Netdev.Tunnel;

internal static class TunnelConfigFormatter
{
    public static Dictionary<string, string> ToOptions(TunnelKind kind, TunnelConfig cfg)
    {
        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        if (cfg.HasRemoteIp)
        {
            args["remote_ip"] = TunnelConfig.FormatAddress(cfg.Ipv6Dst);
        }
        else if (cfg.IpDstFlow)
        {
            args["remote_ip"] = "flow";
        }

        if (cfg.HasLocalIp)
        {
            args["local_ip"] = TunnelConfig.FormatAddress(cfg.Ipv6Src);
        }
        else if (cfg.IpSrcFlow)
        {
            args["local_ip"] = "flow";
        }

        AddKeys(cfg, args);

        if (cfg.TtlInherit)
        {
            args["ttl"] = "inherit";
        }
        else if (cfg.Ttl != TunnelConfig.DefaultTtl)
        {
            args["ttl"] = Decimal(cfg.Ttl);
        }

        if (cfg.TosInherit)
        {
            args["tos"] = "inherit";
        }
        else if (cfg.Tos != 0)
        {
            args["tos"] = $"0x{cfg.Tos:x}";
        }

        if (cfg.DstPort != 0 && (cfg.DstPort != kind.DefaultDstPort || kind == TunnelKind.BareUdp))
        {
            args["dst_port"] = Decimal(cfg.DstPort);
        }

        if (cfg.Csum)
        {
            args["csum"] = "true";
        }

        if (cfg.SetSeq)
        {
            args["seq"] = "true";
        }

        if (cfg.PacketType != kind.DefaultPacketType(cfg))
        {
            args["packet_type"] = cfg.PacketType switch
            {
                TunnelPacketType.LegacyL2 => "legacy_l2",
                TunnelPacketType.LegacyL3 => "legacy_l3",
                _ => "ptap",
            };
        }

        if (!cfg.DontFragment)
        {
            args["df_default"] = "false";
        }

        if (cfg.SetEgressPktMark)
        {
            args["egress_pkt_mark"] = Decimal(cfg.EgressPktMark);
        }

        if (kind.IsErspan)
        {
            AddErspan(cfg, args);
        }

        return args;
    }

    private static void AddKeys(TunnelConfig cfg, Dictionary<string, string> args)
    {
        if (cfg.InKeyFlow && cfg.OutKeyFlow)
        {
            args["key"] = "flow";
        }
        else if (cfg.InKeyPresent && cfg.OutKeyPresent && cfg.InKey == cfg.OutKey)
        {
            args["key"] = Decimal(cfg.InKey);
        }
        else
        {
            if (cfg.InKeyFlow)
            {
                args["in_key"] = "flow";
            }
            else if (cfg.InKeyPresent)
            {
                args["in_key"] = Decimal(cfg.InKey);
            }

            if (cfg.OutKeyFlow)
            {
                args["out_key"] = "flow";
            }
            else if (cfg.OutKeyPresent)
            {
                args["out_key"] = Decimal(cfg.OutKey);
            }
        }
    }

    private static void AddErspan(TunnelConfig cfg, Dictionary<string, string> args)
    {
        if (cfg.ErspanVerFlow)
        {
            // The version decides which of the others apply; without one, all follow the flow.
            args["erspan_ver"] = "flow";
            args["erspan_idx"] = "flow";
            args["erspan_dir"] = "flow";
            args["erspan_hwid"] = "flow";
            return;
        }

        args["erspan_ver"] = Decimal(cfg.ErspanVer);
        if (cfg.ErspanVer == 1)
        {
            args["erspan_idx"] = cfg.ErspanIdxFlow ? "flow" : $"0x{cfg.ErspanIdx:x}";
        }
        else if (cfg.ErspanVer == 2)
        {
            args["erspan_dir"] = cfg.ErspanDirFlow ? "flow" : Decimal(cfg.ErspanDir);
            args["erspan_hwid"] = cfg.ErspanHwidFlow ? "flow" : $"0x{cfg.ErspanHwid:x}";
        }
    }

    private static string Decimal(ulong value) => value.ToString(CultureInfo.InvariantCulture);
}
