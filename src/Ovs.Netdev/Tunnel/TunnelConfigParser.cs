// Upstream: set_tunnel_config(), parse_key() and parse_tunnel_ip() in lib/netdev-vport.c (OVS 3.1)
//
// Turns a tunnel Interface's options into a TunnelConfig, with upstream's messages. Options are visited in the order
// upstream's string map iterates them (its hash order), because problems that are only warned about (a bad local_ip,
// an invalid tos, an unknown option, ...) are collected in that order into one multi-line message. Some problems
// end the parsing on the spot (a multicast remote_ip, an invalid ERSPAN setting or packet_type, a missing
// remote_ip, ...): the result then carries EINVAL and the message, and the device keeps its previous
// configuration. A payload_type that is not a 16-bit number fails without any message, as upstream's does.
using System.Net;
using System.Net.Sockets;
using System.Text;
using Ovs.Common;
using Ovs.Common.Collections;

namespace Ovs.Netdev.Tunnel;

/// <summary>
/// The outcome of parsing: the configuration (null on error), the errno (0, or EINVAL), and the collected messages
/// (null when there were none), one per line.
/// </summary>
internal readonly record struct TunnelParseResult(TunnelConfig? Config, int Errno, string? Messages);

internal static class TunnelConfigParser
{
    private const int IpDscpMask = 0xfc;
    private const uint ErspanIdxMask = 0xfffff;
    private const int ErspanHwidMask = 0x3f0 >> 4;
    private const ushort EthTypeIp = 0x0800;
    private const ushort EthTypeIpv6 = 0x86dd;
    private const ushort EthTypeMpls = 0x8847;

    private static readonly Common.Logging.VlogModule s_socketLog = Common.Logging.VlogModule.Get("socket_util");
    private static readonly Common.Logging.VlogRateLimit s_ip4Limit = new(1, 5);
    private static readonly Common.Logging.VlogRateLimit s_ip6Limit = new(1, 5);

    public static TunnelParseResult Parse(string name, TunnelKind kind, IReadOnlyDictionary<string, string> options)
    {
        string type = kind.Type;
        var errors = new StringBuilder();
        var cfg = TunnelConfig.Initial(kind.DefaultDstPort) with { Ttl = 0 };
        ushort dstProto = 0;
        ushort srcProto = 0;

        var keys = options.Keys.ToList();
        keys.Sort(StringComparer.Ordinal);
        foreach (string key in OvsHash.StringMapOrder(keys))
        {
            string value = options[key];
            switch (key)
            {
                case "remote_ip":
                    switch (ParseTunnelIp(value, acceptMulticast: false, out bool dstFlow, out IPAddress dst, out dstProto))
                    {
                        case OvsErrno.ENOENT:
                            errors.Append($"{name}: bad {type} 'remote_ip'\n");
                            break;
                        case OvsErrno.EINVAL:
                            errors.Append($"{name}: multicast remote_ip={value} not allowed\n");
                            return Fail(errors);
                        default:
                            cfg = cfg with { IpDstFlow = cfg.IpDstFlow || dstFlow, Ipv6Dst = dstFlow ? cfg.Ipv6Dst : dst };
                            break;
                    }

                    break;
                case "local_ip":
                    if (ParseTunnelIp(value, acceptMulticast: true, out bool srcFlow, out IPAddress src, out srcProto) == OvsErrno.ENOENT)
                    {
                        errors.Append($"{name}: bad {type} 'local_ip'\n");
                    }
                    else
                    {
                        cfg = cfg with { IpSrcFlow = cfg.IpSrcFlow || srcFlow, Ipv6Src = srcFlow ? cfg.Ipv6Src : src };
                    }

                    break;
                case "tos":
                    if (value == "inherit")
                    {
                        cfg = cfg with { TosInherit = true };
                    }
                    else
                    {
                        int tos = unchecked((int)CNumbers.StrToL(value, 0, out int end));
                        if (end == value.Length && tos == (tos & IpDscpMask))
                        {
                            cfg = cfg with { Tos = (byte)tos };
                        }
                        else
                        {
                            errors.Append($"{name}: invalid TOS {value}\n");
                        }
                    }

                    break;
                case "ttl":
                    cfg = value == "inherit" ? cfg with { TtlInherit = true } : cfg with { Ttl = unchecked((byte)CNumbers.Atoi(value)) };
                    break;
                case "dst_port" when kind.NeedsDstPort:
                    cfg = cfg with { DstPort = unchecked((ushort)CNumbers.Atoi(value)) };
                    break;
                case "csum" when kind.HasCsum:
                    cfg = value == "true" ? cfg with { Csum = true } : cfg;
                    break;
                case "seq" when kind.HasSeq:
                    cfg = value == "true" ? cfg with { SetSeq = true } : cfg;
                    break;
                case "df_default":
                    cfg = value == "false" ? cfg with { DontFragment = false } : cfg;
                    break;
                case "key" or "in_key" or "out_key" or "packet_type":
                    break;
                case "exts" when kind.IsVxlan:
                    cfg = ParseExtensions(name, value, cfg, errors);
                    break;
                case "egress_pkt_mark":
                    cfg = cfg with { EgressPktMark = unchecked((uint)CNumbers.StrToULL(value, 10, out _, out _)), SetEgressPktMark = true };
                    break;
                case "erspan_idx":
                case "erspan_ver":
                case "erspan_dir":
                case "erspan_hwid":
                    if (ParseErspan(name, key, value, ref cfg, errors) != 0)
                    {
                        return Fail(errors);
                    }

                    break;
                case "payload_type":
                    if (!ParsePayloadType(value, ref cfg))
                    {
                        return Fail(errors);
                    }

                    break;
                case "remote_cert" or "remote_name" or "psk":
                    // Read by ovs-monitor-ipsec, not by the switch.
                    break;
                default:
                    errors.Append($"{name}: unknown {type} argument '{key}'\n");
                    break;
            }
        }

        return Finish(name, kind, options, cfg, errors, srcProto, dstProto);
    }

    private static TunnelParseResult Finish(
        string name, TunnelKind kind, IReadOnlyDictionary<string, string> options, TunnelConfig cfg, StringBuilder errors, ushort srcProto, ushort dstProto)
    {
        string type = kind.Type;
        TunnelLayers layers = kind.SupportedLayers(cfg);
        string fullType = !kind.IsVxlan ? type : cfg.Gpe ? "VXLAN-GPE" : "VXLAN (without GPE)";
        if (!options.TryGetValue("packet_type", out string? packetType))
        {
            cfg = cfg with { PacketType = kind.DefaultPacketType(cfg) };
        }
        else if (packetType == "legacy_l2")
        {
            if ((layers & TunnelLayers.L2) == 0)
            {
                errors.Append($"{name}: legacy_l2 configured on {fullType} tunnel that cannot carry L2 traffic\n");
                return Fail(errors);
            }

            cfg = cfg with { PacketType = TunnelPacketType.LegacyL2 };
        }
        else if (packetType == "legacy_l3")
        {
            if ((layers & TunnelLayers.L3) == 0)
            {
                errors.Append($"{name}: legacy_l3 configured on {fullType} tunnel that cannot carry L3 traffic\n");
                return Fail(errors);
            }

            cfg = cfg with { PacketType = TunnelPacketType.LegacyL3 };
        }
        else if (packetType == "ptap")
        {
            cfg = cfg with { PacketType = TunnelPacketType.Aware };
        }
        else
        {
            errors.Append($"{name}: unknown packet_type '{packetType}'\n");
            return Fail(errors);
        }

        if (!cfg.HasRemoteIp && !cfg.IpDstFlow)
        {
            errors.Append($"{name}: {type} type requires valid 'remote_ip' argument\n");
            return Fail(errors);
        }

        if (cfg.IpSrcFlow && !cfg.IpDstFlow)
        {
            errors.Append($"{name}: {type} type requires 'remote_ip=flow' with 'local_ip=flow'\n");
            return Fail(errors);
        }

        if (srcProto != 0 && dstProto != 0 && srcProto != dstProto)
        {
            errors.Append($"{name}: 'remote_ip' and 'local_ip' has to be of the same address family\n");
            return Fail(errors);
        }

        if (cfg.Ttl == 0)
        {
            cfg = cfg with { Ttl = TunnelConfig.DefaultTtl };
        }

        (ulong inKey, bool inPresent, bool inFlow) = ParseKey(options, "in_key");
        (ulong outKey, bool outPresent, bool outFlow) = ParseKey(options, "out_key");
        cfg = cfg with
        {
            InKey = inKey,
            InKeyPresent = inPresent,
            InKeyFlow = inFlow,
            OutKey = outKey,
            OutKeyPresent = outPresent,
            OutKeyFlow = outFlow,
        };
        return new TunnelParseResult(cfg, 0, Messages(errors));
    }

    /// <summary>The messages collected so far, without the last newline, or null when there are none.</summary>
    public static string? Messages(StringBuilder errors) => errors.Length == 0 ? null : errors.ToString().TrimEnd('\n');

    private static TunnelParseResult Fail(StringBuilder errors) => new(null, OvsErrno.EINVAL, Messages(errors));

    /// <summary>
    /// parse_tunnel_ip: 0 with the address (or <paramref name="flow"/> for "flow"), ENOENT for text that is not an
    /// address, EINVAL for a multicast address where none is allowed.
    /// </summary>
    private static int ParseTunnelIp(string value, bool acceptMulticast, out bool flow, out IPAddress address, out ushort protocol)
    {
        flow = false;
        address = TunnelConfig.Unset;
        protocol = 0;
        if (value == "flow")
        {
            flow = true;
            return 0;
        }

        if (value.Contains(':', StringComparison.Ordinal))
        {
            if (value.Contains('%', StringComparison.Ordinal) || !IPAddress.TryParse(value, out IPAddress? v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                s_socketLog.Err(s_ip6Limit, $"\"{value}\" is not a valid IPv6 address");
                return OvsErrno.ENOENT;
            }

            if (!acceptMulticast && v6.IsIPv6Multicast)
            {
                return OvsErrno.EINVAL;
            }

            address = v6;
            protocol = EthTypeIpv6;
            return 0;
        }

        if (!TryParseDottedQuad(value, out uint ip))
        {
            s_socketLog.Err(s_ip4Limit, $"\"{value}\" is not a valid IP address");
            return OvsErrno.ENOENT;
        }

        if (!acceptMulticast && (ip & 0xf0000000) == 0xe0000000)
        {
            return OvsErrno.EINVAL;
        }

        address = new IPAddress([(byte)(ip >> 24), (byte)(ip >> 16), (byte)(ip >> 8), (byte)ip]).MapToIPv6();
        protocol = EthTypeIp;
        return 0;
    }

    /// <summary>inet_pton(AF_INET): exactly four decimal numbers 0..255 without leading zeros, separated by dots.</summary>
    internal static bool TryParseDottedQuad(string s, out uint ip)
    {
        ip = 0;
        string[] parts = s.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        foreach (string part in parts)
        {
            if (part.Length is 0 or > 3 || (part.Length > 1 && part[0] == '0') || !part.All(char.IsAsciiDigit))
            {
                return false;
            }

            int octet = int.Parse(part, System.Globalization.CultureInfo.InvariantCulture);
            if (octet > 255)
            {
                return false;
            }

            ip = (ip << 8) | (uint)octet;
        }

        return true;
    }

    /// <summary>parse_key: the option, else "key"; "flow", or a number as strtoull in base 0 reads it.</summary>
    private static (ulong Key, bool Present, bool Flow) ParseKey(IReadOnlyDictionary<string, string> options, string name)
    {
        if (!options.TryGetValue(name, out string? s) && !options.TryGetValue("key", out s))
        {
            return (0, false, false);
        }

        return s == "flow" ? (0, true, true) : (CNumbers.StrToULL(s, 0, out _, out _), true, false);
    }

    private static TunnelConfig ParseExtensions(string name, string value, TunnelConfig cfg, StringBuilder errors)
    {
        cfg = cfg with { Gbp = false, Gpe = false };
        foreach (string ext in value.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (ext == "gbp")
            {
                cfg = cfg with { Gbp = true };
            }
            else if (ext == "gpe")
            {
                cfg = cfg with { Gpe = true };
            }
            else
            {
                errors.Append($"{name}: unknown extension '{ext}'\n");
            }
        }

        return cfg;
    }

    /// <summary>The erspan_* options: 0, or EINVAL after appending upstream's message.</summary>
    private static int ParseErspan(string name, string key, string value, ref TunnelConfig cfg, StringBuilder errors)
    {
        bool flow = value == "flow";
        switch (key)
        {
            case "erspan_idx":
                cfg = flow ? cfg with { ErspanIdxFlow = true } : cfg with { ErspanIdxFlow = false, ErspanIdx = unchecked((uint)CNumbers.StrToL(value, 16)) };
                if (!flow && (cfg.ErspanIdx & ~ErspanIdxMask) != 0)
                {
                    errors.Append($"{name}: invalid erspan index: {value}\n");
                    return OvsErrno.EINVAL;
                }

                break;
            case "erspan_ver":
                cfg = flow
                    ? cfg with { ErspanVerFlow = true, ErspanIdxFlow = true, ErspanDirFlow = true, ErspanHwidFlow = true }
                    : cfg with { ErspanVerFlow = false, ErspanVer = unchecked((byte)CNumbers.Atoi(value)) };
                if (!flow && cfg.ErspanVer is not 1 and not 2)
                {
                    errors.Append($"{name}: invalid erspan version: {value}\n");
                    return OvsErrno.EINVAL;
                }

                break;
            case "erspan_dir":
                cfg = flow ? cfg with { ErspanDirFlow = true } : cfg with { ErspanDirFlow = false, ErspanDir = unchecked((byte)CNumbers.Atoi(value)) };
                if (!flow && cfg.ErspanDir is not 0 and not 1)
                {
                    errors.Append($"{name}: invalid erspan direction: {value}\n");
                    return OvsErrno.EINVAL;
                }

                break;
            default:
                cfg = flow ? cfg with { ErspanHwidFlow = true } : cfg with { ErspanHwidFlow = false, ErspanHwid = unchecked((byte)CNumbers.StrToL(value, 16)) };
                if (!flow && (cfg.ErspanHwid & ~ErspanHwidMask) != 0)
                {
                    errors.Append($"{name}: invalid erspan hardware ID: {value}\n");
                    return OvsErrno.EINVAL;
                }

                break;
        }

        return 0;
    }

    /// <summary>payload_type: "mpls", "ip" (both multiprotocol), or an Ethertype as str_to_u16 reads it.</summary>
    private static bool ParsePayloadType(string value, ref TunnelConfig cfg)
    {
        if (value == "mpls")
        {
            cfg = cfg with { PayloadEthertype = EthTypeMpls, Multiproto = true };
        }
        else if (value == "ip")
        {
            cfg = cfg with { PayloadEthertype = EthTypeIp, Multiproto = true };
        }
        else if (CNumbers.TryStrToInt(value, out int ethertype) && ethertype is >= 0 and <= 65535)
        {
            cfg = cfg with { PayloadEthertype = (ushort)ethertype };
        }
        else
        {
            return false;
        }

        return true;
    }
}
