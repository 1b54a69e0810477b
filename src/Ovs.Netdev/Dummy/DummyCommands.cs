// Upstream: the netdev-dummy/receive, netdev-dummy/set-admin-state and netdev-dummy/conn-state unixctl commands in
// lib/netdev-dummy.c (OVS 3.1)
//
// The logic of those commands as plain functions over a registry, so ovs-vswitchd only has to wire them to
// unixctl. Arguments are the command's arguments without the command name. Each returns the reply text and
// whether it is an error, with upstream's exact texts.
//
// netdev-dummy/receive accepts frames as hex (whitespace between bytes allowed) or as an ODP flow; turning a flow
// into a frame needs the ODP flow parser, which lives in a higher layer, so the caller passes it in.
using System.Globalization;
using System.Text;
using Ovs.Flow.Packets;

namespace Ovs.Netdev.Dummy;

/// <summary>Builds a frame from an ODP flow string; <paramref name="size"/> is the --len value or 0.</summary>
internal delegate string? DummyFlowToFrame(string flow, int size, out byte[]? frame);

internal readonly record struct DummyCommandResult(string? Reply, bool IsError)
{
    public static DummyCommandResult Ok(string? reply) => new(reply, false);

    public static DummyCommandResult Error(string reply) => new(reply, true);
}

internal static class DummyCommands
{
    private const int EthTotalMin = 60;
    private const int EthHeaderSize = 14;
    private const int ProcessedWaitMs = 5000;

    /// <summary>netdev-dummy/receive NAME [--qid QID] PACKET|FLOW [--len LEN]...</summary>
    public static DummyCommandResult Receive(NetdevRegistry registry, IReadOnlyList<string> args, DummyFlowToFrame? flowToFrame)
    {
        if (args.Count == 0 || registry.Find(args[0]) is not DummyNetdev dummy)
        {
            return DummyCommandResult.Error("no such dummy netdev");
        }

        int k = 1;
        int queueId = 0;
        if (args.Count > k + 1 && args[k] == "--qid")
        {
            queueId = ParseLongPrefix(args[k + 1]);
            if (queueId < 0 || queueId >= dummy.RxqCount)
            {
                return DummyCommandResult.Error("bad rx queue id.");
            }

            k += 2;
        }

        var queued = new List<(DummyRxq Rxq, long Sequence)>();
        for (int i = k; i < args.Count; i++)
        {
            byte[]? frame = ParseHexFrame(args[i], out _);
            if (frame is null)
            {
                int size = 0;
                string flow = args[i];
                if (i + 2 < args.Count && args[i + 1] == "--len")
                {
                    size = ParseLongPrefix(args[i + 2]);
                    if (size < EthTotalMin)
                    {
                        return DummyCommandResult.Error("too small packet len");
                    }

                    i += 2;
                }

                if (flowToFrame is null)
                {
                    return DummyCommandResult.Error($"{flow}: packet is not hex and no ODP flow parser is available");
                }

                string? error = flowToFrame(flow, size, out frame);
                if (error is not null || frame is null)
                {
                    return DummyCommandResult.Error(error ?? "flow could not be turned into a packet");
                }
            }

            dummy.Inject(frame, queueId, queued);
        }

        // Return once the datapath has handled the packets, so the next command sees their effects (flows, counters,
        // packet-ins), as with upstream's main-loop polling of dummy ports. Bounded in case a poller is stalled.
        DummyNetdev.WaitProcessed(queued, ProcessedWaitMs);
        return DummyCommandResult.Ok(null);
    }

    /// <summary>netdev-dummy/set-admin-state [NAME] up|down</summary>
    public static DummyCommandResult SetAdminState(NetdevRegistry registry, IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            return DummyCommandResult.Error("Invalid Admin State");
        }

        string state = args[^1];
        bool up;
        if (state.Equals("up", StringComparison.OrdinalIgnoreCase))
        {
            up = true;
        }
        else if (state.Equals("down", StringComparison.OrdinalIgnoreCase))
        {
            up = false;
        }
        else
        {
            return DummyCommandResult.Error("Invalid Admin State");
        }

        if (args.Count > 1)
        {
            if (registry.Find(args[0]) is not DummyNetdev dummy)
            {
                return DummyCommandResult.Error("Unknown Dummy Interface");
            }

            dummy.SetAdminState(up);
        }
        else
        {
            foreach (INetdev netdev in registry.OpenDevices)
            {
                (netdev as DummyNetdev)?.SetAdminState(up);
            }
        }

        return DummyCommandResult.Ok("OK");
    }

    /// <summary>netdev-dummy/ip4addr NAME IP[/MASK|/PLEN]</summary>
    public static DummyCommandResult Ip4Addr(NetdevRegistry registry, IReadOnlyList<string> args)
    {
        if (args.Count < 2 || registry.Find(args[0]) is not DummyNetdev dummy)
        {
            return DummyCommandResult.Error("Unknown Dummy Interface");
        }

        string? error = ParseIpv4Masked(args[1], out uint address, out uint mask);
        if (error is not null)
        {
            return DummyCommandResult.Error(error);
        }

        dummy.SetIpv4(address, mask);
        return DummyCommandResult.Ok("OK");
    }

    /// <summary>netdev-dummy/ip6addr NAME IPV6[/PLEN|/MASK]</summary>
    public static DummyCommandResult Ip6Addr(NetdevRegistry registry, IReadOnlyList<string> args)
    {
        if (args.Count < 2 || registry.Find(args[0]) is not DummyNetdev dummy)
        {
            return DummyCommandResult.Error("Unknown Dummy Interface");
        }

        string? error = ParseIpv6Cidr(args[1], out Ipv6Address address, out int prefix);
        if (error is not null)
        {
            return DummyCommandResult.Error(error);
        }

        dummy.SetIpv6(address, Ipv6Address.PrefixMask(prefix));
        return DummyCommandResult.Ok("OK");
    }

    // ip_parse_masked(): "IP", "IP/PLEN" (0..32) or "IP/MASK", nothing after.
    internal static string? ParseIpv4Masked(string text, out uint address, out uint mask)
    {
        mask = uint.MaxValue;
        if (!Ipv4Text.TryParsePrefix(text, out address, out int consumed))
        {
            return $"{text}: invalid IP address";
        }

        ReadOnlySpan<char> rest = text.AsSpan(consumed);
        if (rest.IsEmpty)
        {
            return null;
        }

        if (rest[0] != '/')
        {
            return $"{text}: invalid IP address";
        }

        rest = rest[1..];
        if (Ipv4Text.TryParsePrefix(rest, out uint dotted, out int maskLength) && maskLength == rest.Length)
        {
            mask = dotted;
            return null;
        }

        if (!int.TryParse(rest, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int prefix))
        {
            return $"{text}: invalid IP address";
        }

        if (prefix is < 0 or > 32)
        {
            return $"{text}: IPv4 network prefix bits not between 0 and 32, inclusive";
        }

        mask = prefix == 0 ? 0 : uint.MaxValue << (32 - prefix);
        return null;
    }

    // ipv6_parse_cidr(): "IPV6", "IPV6/PLEN" (0..128) or "IPV6/MASK" where the mask must be a prefix.
    internal static string? ParseIpv6Cidr(string text, out Ipv6Address address, out int prefix)
    {
        prefix = 128;
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        ReadOnlySpan<char> addressText = slash < 0 ? text : text.AsSpan(0, slash);
        if (!Ipv6Address.TryParse(addressText.TrimStart(' '), out address))
        {
            return $"{text}: invalid IPv6 address";
        }

        if (slash < 0)
        {
            return null;
        }

        ReadOnlySpan<char> rest = text.AsSpan(slash + 1);
        if (int.TryParse(rest, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out prefix))
        {
            return prefix is < 0 or > 128 ? $"{text}: IPv6 network prefix bits not between 0 and 128, inclusive" : null;
        }

        if (!Ipv6Address.TryParse(rest, out Ipv6Address mask))
        {
            return $"{text}: Invalid IPv6 mask";
        }

        for (prefix = 0; prefix <= 128; prefix++)
        {
            if (Ipv6Address.PrefixMask(prefix) == mask)
            {
                return null;
            }
        }

        return $"{text}: IPv6 CIDR network required";
    }

    /// <summary>netdev-dummy/conn-state [NAME]</summary>
    public static DummyCommandResult ConnState(NetdevRegistry registry, IReadOnlyList<string> args)
    {
        var reply = new StringBuilder();
        if (args.Count > 0)
        {
            DummyConnState state = registry.Find(args[0]) is DummyNetdev dummy ? dummy.ConnState : DummyConnState.Unknown;
            AppendState(reply, args[0], state);
        }
        else
        {
            foreach (INetdev netdev in registry.OpenDevices)
            {
                if (netdev is DummyNetdev dummy && dummy.ConnState != DummyConnState.Unknown)
                {
                    AppendState(reply, dummy.Name, dummy.ConnState);
                }
            }
        }

        return DummyCommandResult.Ok(reply.ToString());
    }

    private static void AppendState(StringBuilder reply, string name, DummyConnState state) =>
        reply.Append(name).Append(": ").Append(state switch
        {
            DummyConnState.Connected => "connected\n",
            DummyConnState.NotConnected => "disconnected\n",
            _ => "unknown\n",
        });

    /// <summary>
    /// Parses a frame written as hex bytes, optionally separated by white space. Returns null with the reason when
    /// the text is not entirely hex or is shorter than an Ethernet header (upstream's eth_from_hex texts).
    /// </summary>
    public static byte[]? ParseHexFrame(string text, out string? error)
    {
        var bytes = new List<byte>(text.Length / 2);
        int i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i + 1 < text.Length && char.IsAsciiHexDigit(text[i]) && char.IsAsciiHexDigit(text[i + 1]))
            {
                bytes.Add((byte)((HexValue(text[i]) << 4) | HexValue(text[i + 1])));
                i += 2;
            }
            else
            {
                break;
            }
        }

        if (i < text.Length)
        {
            error = "Trailing garbage in packet data";
            return null;
        }

        if (bytes.Count < EthHeaderSize)
        {
            error = "Packet data too short for Ethernet";
            return null;
        }

        error = null;
        return [.. bytes];
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    // strtol(s, NULL, 10) as upstream uses it: leading white space and sign, digits up to the first non-digit, 0 if
    // none; values outside int saturate.
    private static int ParseLongPrefix(string text)
    {
        int i = 0;
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        int start = i;
        if (i < text.Length && (text[i] == '-' || text[i] == '+'))
        {
            i++;
        }

        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        if (!long.TryParse(text.AsSpan(start, i - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
        {
            return 0;
        }

        return (int)Math.Clamp(value, int.MinValue, int.MaxValue);
    }
}
