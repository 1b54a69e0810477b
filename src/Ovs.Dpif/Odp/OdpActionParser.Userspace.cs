// Upstream: parse_odp_userspace_action(), parse_conntrack_action() and scan_ct_nat() in lib/odp-util.c (OVS 3.1).
using System.Buffers.Binary;
using Ovs.Dpif.Netlink;
using Ovs.Flow.Packets;

namespace Ovs.Dpif.Odp;

internal static partial class OdpActionParser
{
    /// <summary>
    /// userspace(pid=N[,cookie][,actions][,tunnel_out_port=N]). Without a cookie, a zeroed 48-byte cookie of type
    /// "unspec" is sent, as upstream does; explicit userdata(...) is padded to at least 8 bytes.
    /// </summary>
    private static bool ParseUserspace(ref OdpScanner s, ref NlWriter actions)
    {
        s.Take("userspace(pid=");
        if (!s.ScanInt(out ulong pid))
        {
            return false;
        }

        Span<byte> cookie = stackalloc byte[UserActionCookie.Size];
        Span<byte> userdata = stackalloc byte[1024];
        cookie.Clear();
        int userdataSize = -1;
        int save = s.Position;
        if (s.Take(",sFlow(vid=") && s.ScanInt(out ulong vid) && s.Take(",pcp=") && s.ScanInt(out ulong pcp) && s.Take(",output=")
            && s.ScanInt(out ulong output) && s.Take(')'))
        {
            ushort tci = (ushort)(vid | (pcp << 13));
            if (tci != 0)
            {
                tci |= 0x1000;
            }

            UserActionCookie.Init(cookie, UserActionCookie.Sflow);
            BinaryPrimitives.WriteUInt16BigEndian(cookie[20..], tci);
            UserActionCookie.WriteU32(cookie, 24, (uint)output);
        }
        else if (Restore(ref s, save) && s.Take(",slow_path("))
        {
            UserActionCookie.Init(cookie, UserActionCookie.SlowPath);
            if (!OdpKeyParser.ScanFlags(ref s, UserActionCookie.SlowPathReason, 0x7f, "slow_path", out uint reason, out _) || !s.Take(')'))
            {
                return false;
            }

            UserActionCookie.WriteU32(cookie, 24, reason);
        }
        else if (Restore(ref s, save) && s.Take(",flow_sample(probability=") && s.ScanInt(out ulong probability)
            && s.Take(",collector_set_id=") && s.ScanInt(out ulong setId) && s.Take(",obs_domain_id=") && s.ScanInt(out ulong domain)
            && s.Take(",obs_point_id=") && s.ScanInt(out ulong point) && s.Take(",output_port=") && s.ScanInt(out ulong samplePort))
        {
            UserActionCookie.Init(cookie, UserActionCookie.FlowSample);
            UserActionCookie.WriteU16(cookie, 20, (ushort)probability);
            UserActionCookie.WriteU32(cookie, 24, (uint)setId);
            UserActionCookie.WriteU32(cookie, 28, (uint)domain);
            UserActionCookie.WriteU32(cookie, 32, (uint)point);
            UserActionCookie.WriteU32(cookie, 36, (uint)samplePort);
            uint direction = s.Take(",ingress") ? 1u : s.Take(",egress") ? 2u : 0u;
            UserActionCookie.WriteU32(cookie, 40, direction);
            if (!s.Take(')'))
            {
                return false;
            }
        }
        else if (Restore(ref s, save) && s.Take(",ipfix(output_port=") && s.ScanInt(out ulong ipfixPort) && s.Take(')'))
        {
            UserActionCookie.Init(cookie, UserActionCookie.Ipfix);
            UserActionCookie.WriteU32(cookie, 20, (uint)ipfixPort);
        }
        else if (Restore(ref s, save) && s.Take(",controller(reason=") && s.ScanDecimal(out ulong why) && s.Take(",dont_send=")
            && s.ScanDecimal(out ulong dontSend) && s.Take(",continuation=") && s.ScanDecimal(out ulong continuation)
            && s.Take(",recirc_id=") && s.ScanDecimal(out ulong recircId) && s.Take(",rule_cookie=") && s.ScanHex(out ulong ruleCookie)
            && s.Take(",controller_id=") && s.ScanDecimal(out ulong controllerId) && s.Take(",max_len=") && s.ScanDecimal(out ulong maxLen)
            && s.Take(')'))
        {
            UserActionCookie.Init(cookie, UserActionCookie.Controller);
            cookie[20] = (byte)((byte)dontSend != 0 ? 1 : 0);
            cookie[21] = (byte)((byte)continuation != 0 ? 1 : 0);
            UserActionCookie.WriteU16(cookie, 22, (ushort)why);
            UserActionCookie.WriteU32(cookie, 24, (uint)recircId);
            BinaryPrimitives.WriteUInt64BigEndian(cookie[28..], ruleCookie);
            UserActionCookie.WriteU16(cookie, 36, (ushort)controllerId);
            UserActionCookie.WriteU16(cookie, 38, (ushort)maxLen);
        }
        else if (Restore(ref s, save) && s.Take(",userdata("))
        {
            if (!ScanHexRun(ref s, userdata, out userdataSize) || !s.Take(')'))
            {
                return false;
            }
        }
        else
        {
            s.Position = save;
        }

        bool includeActions = s.Take(",actions");
        uint tunnelOutPort = uint.MaxValue;
        if (s.Take(",tunnel_out_port="))
        {
            if (!s.ScanInt(out ulong tp) || !s.Take(')'))
            {
                return false;
            }

            tunnelOutPort = (uint)tp;
        }
        else if (!s.Take(')'))
        {
            return false;
        }

        int start = actions.BeginNested(OdpActionAttr.Userspace);
        actions.PutU32(OdpUserspaceAttr.Pid, (uint)pid);
        ReadOnlySpan<byte> data = userdataSize >= 0 ? userdata[..userdataSize] : cookie;
        Span<byte> p = actions.Put(OdpUserspaceAttr.Userdata, Math.Max(8, data.Length));
        data.CopyTo(p);
        if (tunnelOutPort != uint.MaxValue)
        {
            actions.PutU32(OdpUserspaceAttr.EgressTunPort, tunnelOutPort);
        }

        if (includeActions)
        {
            actions.PutFlag(OdpUserspaceAttr.Actions);
        }

        actions.EndNested(start);
        return true;
    }

    private static bool Restore(ref OdpScanner s, int position)
    {
        s.Position = position;
        return true;
    }

    /// <summary>ofpbuf_put_hex: pairs of hex digits, optionally separated by single spaces.</summary>
    private static bool ScanHexRun(ref OdpScanner s, scoped Span<byte> destination, out int size)
    {
        size = 0;
        while (true)
        {
            ReadOnlySpan<char> rest = s.Rest;
            if (rest.Length > 0 && rest[0] == ' ')
            {
                s.Position++;
                continue;
            }

            if (rest.Length < 2 || !Uri.IsHexDigit(rest[0]) || !Uri.IsHexDigit(rest[1]))
            {
                return true;
            }

            if (size == destination.Length)
            {
                return false;
            }

            destination[size++] = (byte)((Convert.ToByte(rest[0].ToString(), 16) << 4) | Convert.ToByte(rest[1].ToString(), 16));
            s.Position += 2;
        }
    }

    /// <summary>ct or ct(commit|force_commit,zone=,mark=,label=,helper=,timeout=,nat(...)).</summary>
    private static bool ParseConntrack(ref OdpScanner s, ref NlWriter actions)
    {
        s.Take("ct");
        bool commit = false, force = false, haveNat = false;
        ulong zone = 0, markValue = 0, markMask = 0;
        Span<byte> label = stackalloc byte[16];
        Span<byte> labelMask = stackalloc byte[16];
        label.Clear();
        labelMask.Clear();
        int helperStart = -1, helperLength = 0, timeoutStart = -1, timeoutLength = 0;
        var nat = default(NatParams);
        Span<byte> natMin = stackalloc byte[16];
        Span<byte> natMax = stackalloc byte[16];
        if (s.Take('('))
        {
            int end = s.Position + s.Rest.IndexOf(')');
            if (end < s.Position)
            {
                return false;
            }

            while (s.Position != end)
            {
                s.SkipDelimiters();
                if (s.Take("commit"))
                {
                    commit = true;
                }
                else if (s.Take("force_commit"))
                {
                    force = true;
                }
                else if (s.Take("zone=") && s.ScanDecimal(out zone))
                {
                    zone &= 0xffff;
                }
                else if (s.Take("mark=") && s.ScanHex(out markValue))
                {
                    markMask = uint.MaxValue;
                    int save = s.Position;
                    if (s.Take('/') && !s.ScanHex(out markMask))
                    {
                        s.Position = save;
                        markMask = uint.MaxValue;
                    }
                }
                else if (s.Take("label="))
                {
                    if (!s.ScanHexBytes(label))
                    {
                        return false;
                    }

                    labelMask.Fill(0xff);
                    if (s.Take('/') && !s.ScanHexBytes(labelMask))
                    {
                        return false;
                    }
                }
                else if (s.Take("helper="))
                {
                    helperStart = s.Position;
                    helperLength = TokenLength(s.Rest);
                    if (helperLength is 0 or > 15)
                    {
                        return false;
                    }

                    s.Position += helperLength;
                }
                else if (s.Take("timeout="))
                {
                    timeoutStart = s.Position;
                    timeoutLength = TokenLength(s.Rest);
                    if (timeoutLength is 0 or > 31)
                    {
                        return false;
                    }

                    s.Position += timeoutLength;
                }
                else if (s.Rest.StartsWith("nat", StringComparison.Ordinal))
                {
                    if (!ScanNat(ref s, ref nat, natMin, natMax))
                    {
                        return false;
                    }

                    haveNat = true;
                    end = s.Position + s.Rest.IndexOf(')');
                    if (end < s.Position)
                    {
                        return false;
                    }
                }
                else
                {
                    return false;
                }
            }

            s.Position++;
        }

        if (commit && force)
        {
            return false;
        }

        int ct = actions.BeginNested(OdpActionAttr.Ct);
        if (commit)
        {
            actions.PutFlag(OdpCtAttr.Commit);
        }
        else if (force)
        {
            actions.PutFlag(OdpCtAttr.ForceCommit);
        }

        if (zone != 0)
        {
            actions.PutU16(OdpCtAttr.Zone, (ushort)zone);
        }

        if ((uint)markMask != 0)
        {
            Span<byte> m = actions.Put(OdpCtAttr.Mark, 8);
            if (!m.IsEmpty)
            {
                UserActionCookie.WriteU32(m, 0, (uint)markValue);
                UserActionCookie.WriteU32(m, 4, (uint)markMask);
            }
        }

        if (labelMask.ContainsAnyExcept((byte)0))
        {
            Span<byte> l = actions.Put(OdpCtAttr.Labels, 32);
            if (!l.IsEmpty)
            {
                OdpKeyFormatter.HostU128ToBigEndian(label, l[..16]);
                OdpKeyFormatter.HostU128ToBigEndian(labelMask, l.Slice(16, 16));
            }
        }

        if (helperStart >= 0)
        {
            PutString(ref actions, OdpCtAttr.Helper, s.Whole.Slice(helperStart, helperLength));
        }

        if (timeoutStart >= 0)
        {
            PutString(ref actions, OdpCtAttr.Timeout, s.Whole.Slice(timeoutStart, timeoutLength));
        }

        if (haveNat)
        {
            PutNat(ref actions, in nat, natMin, natMax);
        }

        actions.EndNested(ct);
        return true;
    }

    private static int TokenLength(ReadOnlySpan<char> rest)
    {
        int n = rest.IndexOfAny(", \t\r\n)");
        return n < 0 ? rest.Length : n;
    }

    private static void PutString(ref NlWriter w, ushort type, scoped ReadOnlySpan<char> text)
    {
        Span<byte> p = w.Put(type, text.Length + 1);
        for (int i = 0; i < text.Length && !p.IsEmpty; i++)
        {
            p[i] = (byte)text[i];
        }
    }

    private struct NatParams
    {
        public bool Snat;
        public bool Dnat;
        public bool Persistent;
        public bool ProtoHash;
        public bool ProtoRandom;
        public int AddrLength;
        public ushort ProtoMin;
        public ushort ProtoMax;
    }

    private static bool ScanNat(ref OdpScanner s, ref NatParams p, scoped Span<byte> min, scoped Span<byte> max)
    {
        s.Take("nat");
        p = default;
        min.Clear();
        max.Clear();
        if (!s.Take('('))
        {
            return true;
        }

        int end = s.Position + s.Rest.IndexOf(')');
        if (end < s.Position)
        {
            return false;
        }

        while (s.Position < end)
        {
            s.SkipDelimiters();
            if (s.Take("src"))
            {
                if (!ScanNatRange(ref s, ref p, min, max))
                {
                    return false;
                }

                p.Snat = true;
            }
            else if (s.Take("dst"))
            {
                if (!ScanNatRange(ref s, ref p, min, max))
                {
                    return false;
                }

                p.Dnat = true;
            }
            else if (s.Take("persistent"))
            {
                p.Persistent = true;
            }
            else if (s.Take("hash"))
            {
                p.ProtoHash = true;
            }
            else if (s.Take("random"))
            {
                p.ProtoRandom = true;
            }
            else
            {
                return false;
            }
        }

        if (p.Snat && p.Dnat)
        {
            return false;
        }

        int n = p.AddrLength;
        if ((n != 0 && max[..n].ContainsAnyExcept((byte)0) && max[..n].SequenceCompareTo(min[..n]) < 0)
            || (p.ProtoMax != 0 && p.ProtoMax < p.ProtoMin) || (p.ProtoHash && p.ProtoRandom))
        {
            return false;
        }

        s.Position++;
        return true;
    }

    private static bool ScanNatRange(ref OdpScanner s, ref NatParams p, scoped Span<byte> min, scoped Span<byte> max)
    {
        if (!s.Take('='))
        {
            return true;
        }

        if (Ipv4Text.TryParsePrefix(s.Rest, out uint v4, out int n4))
        {
            s.Position += n4;
            p.AddrLength = 4;
            BinaryPrimitives.WriteUInt32BigEndian(min, v4);
            if (s.Take('-'))
            {
                if (!Ipv4Text.TryParsePrefix(s.Rest, out uint v4max, out int m4))
                {
                    return false;
                }

                s.Position += m4;
                BinaryPrimitives.WriteUInt32BigEndian(max, v4max);
            }
        }
        else if (ScanIpv6Bracketed(ref s, min))
        {
            p.AddrLength = 16;
            if (s.Take('-') && !ScanIpv6Bracketed(ref s, max))
            {
                return false;
            }
        }
        else
        {
            return false;
        }

        if (s.Take(':'))
        {
            if (!s.ScanDecimal(out ulong protoMin))
            {
                s.Position--;
                return true;
            }

            p.ProtoMin = (ushort)protoMin;
            if (s.Take('-'))
            {
                if (!s.ScanDecimal(out ulong protoMax))
                {
                    return false;
                }

                p.ProtoMax = (ushort)protoMax;
            }
        }

        return true;
    }

    private static bool ScanIpv6Bracketed(ref OdpScanner s, scoped Span<byte> address)
    {
        int save = s.Position;
        bool bracket = s.Take('[');
        if (!s.ScanIpv6(address, default) || (bracket && !s.Take(']')))
        {
            s.Position = save;
            return false;
        }

        return true;
    }

    private static void PutNat(ref NlWriter w, in NatParams p, scoped ReadOnlySpan<byte> min, scoped ReadOnlySpan<byte> max)
    {
        int start = w.BeginNested(OdpCtAttr.Nat);
        if (p.Snat || p.Dnat)
        {
            w.PutFlag(p.Snat ? OdpNatAttr.Src : OdpNatAttr.Dst);
            int n = p.AddrLength;
            if (n != 0)
            {
                w.PutBytes(OdpNatAttr.IpMin, min[..n]);
                if (max[..n].SequenceCompareTo(min[..n]) > 0)
                {
                    w.PutBytes(OdpNatAttr.IpMax, max[..n]);
                }

                if (p.ProtoMin != 0)
                {
                    w.PutU16(OdpNatAttr.ProtoMin, p.ProtoMin);
                    if (p.ProtoMax != 0 && p.ProtoMax > p.ProtoMin)
                    {
                        w.PutU16(OdpNatAttr.ProtoMax, p.ProtoMax);
                    }
                }

                if (p.Persistent)
                {
                    w.PutFlag(OdpNatAttr.Persistent);
                }

                if (p.ProtoHash)
                {
                    w.PutFlag(OdpNatAttr.ProtoHash);
                }

                if (p.ProtoRandom)
                {
                    w.PutFlag(OdpNatAttr.ProtoRandom);
                }
            }
        }

        w.EndNested(start);
    }
}
