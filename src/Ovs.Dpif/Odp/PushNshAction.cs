// Upstream: parse_odp_push_nsh_action() and format_odp_push_nsh_action() in lib/odp-util.c (OVS 3.1).
// push_nsh carries the NSH header to push as nested key attributes: push_nsh { nsh { base, md1 | md2 } }.
// Defaults for fields the text leaves out: flags 0, ttl 63, MD type 1, next protocol 3 (Ethernet), SPI 0, SI 255.
// MD type 2 metadata ("md2=0x...") is padded with zeros to a multiple of 4 bytes.
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Ovs.Dpif.Netlink;

namespace Ovs.Dpif.Odp;

internal static class PushNshAction
{
    private const int MaxMetadata = 248;

    public static bool Parse(ref OdpScanner s, ref NlWriter actions)
    {
        if (!s.Take("push_nsh("))
        {
            return false;
        }

        Span<byte> nsh = stackalloc byte[24];
        Span<byte> md2 = stackalloc byte[MaxMetadata];
        nsh.Clear();
        nsh[1] = 63;
        nsh[2] = 1;
        nsh[3] = 3;
        ulong spi = 0, si = 255;
        int md2Size = 0;
        while (true)
        {
            s.SkipDelimiters();
            if (s.AtEnd)
            {
                return false;
            }

            if (s.Peek == ')')
            {
                break;
            }

            ulong v;
            if (s.Take("flags=") && s.ScanInt(out v))
            {
                nsh[0] = (byte)v;
            }
            else if (s.Take("ttl=") && s.ScanInt(out v))
            {
                nsh[1] = (byte)v;
            }
            else if (s.Take("mdtype=") && s.ScanInt(out v))
            {
                if ((byte)v is not 1 and not 2)
                {
                    return false;
                }

                nsh[2] = (byte)v;
                md2Size = 0;
            }
            else if (s.Take("np=") && s.ScanInt(out v))
            {
                nsh[3] = (byte)v;
            }
            else if (s.Take("spi=0x") && s.ScanHex(out v))
            {
                spi = v;
            }
            else if (s.Take("si=") && s.ScanInt(out v))
            {
                si = (byte)v;
            }
            else if (nsh[2] == 1 && TryContext(ref s, nsh))
            {
                continue;
            }
            else if (nsh[2] == 2 && s.Take("md2=0x"))
            {
                ReadOnlySpan<char> rest = s.Rest;
                int digits = 0;
                while (digits < rest.Length && digits < 511 && Uri.IsHexDigit(rest[digits]))
                {
                    digits++;
                }

                int bytes = digits / 2;
                if (digits == 0 || bytes > MaxMetadata)
                {
                    return false;
                }

                md2.Clear();
                for (int i = 0; i < bytes; i++)
                {
                    md2[i] = byte.Parse(rest.Slice(2 * i, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
                }

                md2Size = (bytes + 3) & ~3;
                s.Position += digits;
            }
            else
            {
                return false;
            }
        }

        s.Position++;
        BinaryPrimitives.WriteUInt32BigEndian(nsh[4..], (uint)((spi << 8) | (si & 0xff)));
        int push = actions.BeginNested(OdpActionAttr.PushNsh);
        int key = actions.BeginNested(OdpKeyAttr.Nsh);
        actions.PutBytes(OdpNshAttr.Base, nsh[..8]);
        if (nsh[2] == 1)
        {
            actions.PutBytes(OdpNshAttr.Md1, nsh.Slice(8, 16));
        }
        else if (md2Size > 0)
        {
            actions.PutBytes(OdpNshAttr.Md2, md2[..md2Size]);
        }

        actions.EndNested(key);
        actions.EndNested(push);
        return true;
    }

    private static bool TryContext(ref OdpScanner s, scoped Span<byte> nsh)
    {
        for (int i = 0; i < 4; i++)
        {
            int save = s.Position;
            if (s.Take("c" + (char)('1' + i) + "=0x"))
            {
                if (s.ScanHex(out ulong v))
                {
                    BinaryPrimitives.WriteUInt32BigEndian(nsh[(8 + (4 * i))..], (uint)v);
                    return true;
                }

                s.Position = save;
                return false;
            }
        }

        return false;
    }

    public static void Format(StringBuilder sb, ReadOnlySpan<byte> payload)
    {
        var outer = new NlAttrReader(payload);
        if (!outer.MoveNext())
        {
            sb.Append("push_nsh(error)");
            return;
        }

        scoped ReadOnlySpan<byte> baseHeader = default, md1 = default, md2 = default;
        foreach (NlAttr a in outer.Current.Nested)
        {
            switch (a.Type)
            {
                case OdpNshAttr.Base when a.Size == 8:
                    baseHeader = a.Payload;
                    break;
                case OdpNshAttr.Md1 when a.Size == 16:
                    md1 = a.Payload;
                    break;
                case OdpNshAttr.Md2:
                    md2 = a.Payload;
                    break;
            }
        }

        Span<byte> b = stackalloc byte[8];
        b.Clear();
        baseHeader.CopyTo(b);
        uint pathHdr = BinaryPrimitives.ReadUInt32BigEndian(b[4..]);
        var inv = CultureInfo.InvariantCulture;
        sb.Append(inv, $"push_nsh(flags={b[0] & 0x3},ttl={b[1] & 0x3f},mdtype={b[2]},np={b[3]},spi=0x{pathHdr >> 8:x},si={pathHdr & 0xff}");
        if (b[2] == 1)
        {
            Span<byte> context = stackalloc byte[16];
            context.Clear();
            md1.CopyTo(context);
            for (int i = 0; i < 4; i++)
            {
                sb.Append(inv, $",c{i + 1}=0x{BinaryPrimitives.ReadUInt32BigEndian(context[(4 * i)..]):x}");
            }
        }
        else if (b[2] == 2)
        {
            sb.Append(",md2=");
            OdpTextFormat.BigHex(sb, md2);
        }
        else
        {
            sb.Append(",<error: unknown mdtype>");
        }

        sb.Append(')');
    }
}
