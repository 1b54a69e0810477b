// Upstream: lib/ofp-connection.c, ofputil_decode_set_async_config(), ofputil_put_async_config__() and
// ofputil_format_set_async_config() (OVS 3.1).
// Which asynchronous messages (packet-in, port status, flow removed, role status, table status, request forward)
// a controller gets, per reason, as primary (or equal) and as secondary. OpenFlow 1.3's OFPT_SET_ASYNC and
// NXT_SET_ASYNC_CONFIG carry three pairs of masks (bits outside a type's reasons are dropped); OpenFlow 1.4's
// OFPT_SET_ASYNC and NXT_SET_ASYNC_CONFIG2 carry one property per (type, role), and a mask with bits outside the
// allowed reasons is an error unless decoding loosely (a reply).
using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Text;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Messages;

internal sealed class AsyncConfig
{
    public const int TypeCount = 6;

    private static readonly string[] s_typeNames = ["PACKET_IN", "PORT_STATUS", "FLOW_REMOVED", "ROLE_STATUS", "TABLE_STATUS", "REQUESTFORWARD"];

    // Reasons each type allows before OpenFlow 1.4 and from 1.4 on.
    private static readonly uint[] s_allowed10 = [0x07, 0x07, 0x3f, 0x07, 0x18, 0x03];
    private static readonly uint[] s_allowed14 = [0x3f, 0x07, 0x3f, 0x07, 0x18, 0x03];

    public uint[] Primary { get; } = new uint[TypeCount];

    public uint[] Secondary { get; } = new uint[TypeCount];

    public static bool IsAsyncConfig(OfpRaw raw) => raw is OfpRaw.Ofpt13SetAsync or OfpRaw.NxtSetAsyncConfig
        or OfpRaw.Ofpt13GetAsyncReply or OfpRaw.Ofpt14SetAsync or OfpRaw.Ofpt14GetAsyncReply or OfpRaw.NxtSetAsyncConfig2;

    /// <summary>Decodes a set-async or get-async-reply body; loose ignores what a switch would reject.</summary>
    public static OfpError TryDecode(OfpRaw raw, byte version, ReadOnlySpan<byte> body, bool loose, OfpWarningSink? warn, out AsyncConfig config) =>
        TryDecode(raw, version, body, loose, warn, null, out config);

    /// <summary>As above, starting from <paramref name="basis"/>: what the message does not set keeps its masks.</summary>
    public static OfpError TryDecode(OfpRaw raw, byte version, ReadOnlySpan<byte> body, bool loose, OfpWarningSink? warn, AsyncConfig? basis, out AsyncConfig config)
    {
        config = new AsyncConfig();
        if (basis is not null)
        {
            basis.Primary.CopyTo(config.Primary, 0);
            basis.Secondary.CopyTo(config.Secondary, 0);
        }

        if (raw is OfpRaw.Ofpt13SetAsync or OfpRaw.NxtSetAsyncConfig or OfpRaw.Ofpt13GetAsyncReply)
        {
            for (int type = 0; type < 3; type++)
            {
                for (int role = 0; role < 2; role++)
                {
                    uint mask = BinaryPrimitives.ReadUInt32BigEndian(body[(((type * 2) + role) * 4)..]);
                    config.SetMask(type, primary: role == 0, mask, version, loose: true, warn);
                }
            }

            return OfpError.None;
        }

        while (!body.IsEmpty)
        {
            OfpError error = OfpProperty.TryPull(ref body, out ulong propType, out ReadOnlySpan<byte> payload, 8, 0xfffe);
            if (error != OfpError.None)
            {
                return error;
            }

            if (propType >= 12)
            {
                if (loose)
                {
                    continue;
                }

                if (propType > 0xffff)
                {
                    warn?.Invoke("ofp_connection", OfpLogLevel.Warn, string.Create(CultureInfo.InvariantCulture,
                        $"unknown async config property type for exp_id 0x{propType >> 32:x}, exp_type {(int)(uint)propType}"));
                    return OfpError.OfpbpcBadExpType;
                }

                warn?.Invoke("ofp_connection", OfpLogLevel.Warn, $"unknown async config property type {propType}");
                return OfpError.OfpacfcUnsupported;
            }

            if (payload.Length != 4)
            {
                return OfpError.OfpbpcBadLen;
            }

            int t = (int)propType / 2;
            bool primary = (propType & 1) != 0;
            error = config.SetMask(t, primary, BinaryPrimitives.ReadUInt32BigEndian(payload), version, loose, warn);
            if (error != OfpError.None)
            {
                return error;
            }
        }

        return OfpError.None;
    }

    /// <summary>Encodes as raw in version (masks outside a type's reasons are not sent).</summary>
    public void Encode(OfpRaw raw, byte version, uint xid, IBufferWriter<byte> writer)
    {
        var body = new ArrayBufferWriter<byte>(96);
        if (raw is OfpRaw.Ofpt13SetAsync or OfpRaw.NxtSetAsyncConfig or OfpRaw.Ofpt13GetAsyncReply)
        {
            Span<byte> f = body.GetSpan(24)[..24];
            for (int type = 0; type < 3; type++)
            {
                BinaryPrimitives.WriteUInt32BigEndian(f[(type * 8)..], Primary[type] & Allowed(type, version));
                BinaryPrimitives.WriteUInt32BigEndian(f[((type * 8) + 4)..], Secondary[type] & Allowed(type, version));
            }

            body.Advance(24);
        }
        else
        {
            for (int type = 0; type < TypeCount; type++)
            {
                OfpProperty.PutU32(body, (ushort)(type * 2), Secondary[type] & Allowed(type, version));
                OfpProperty.PutU32(body, (ushort)((type * 2) + 1), Primary[type] & Allowed(type, version));
            }
        }

        Span<byte> span = OfpEncoder.Begin(writer, raw, version, xid, body.WrittenCount, out int total);
        body.WrittenSpan.CopyTo(span);
        writer.Advance(total);
    }

    /// <summary>ofputil_format_set_async_config().</summary>
    public void Format(StringBuilder sb)
    {
        for (int role = 0; role < 2; role++)
        {
            sb.Append("\n ").Append(role == 0 ? "primary" : "secondary").Append(":\n");
            uint[] masks = role == 0 ? Primary : Secondary;
            for (int type = 0; type < TypeCount; type++)
            {
                sb.Append(s_typeNames[type].PadLeft(16)).Append(':');
                uint mask = masks[type];
                for (int bit = 0; bit < 32; bit++)
                {
                    if ((mask & (1u << bit)) != 0)
                    {
                        string reason = ReasonName(type, bit);
                        if (reason.Length > 0)
                        {
                            sb.Append(' ').Append(reason);
                        }
                    }
                }

                if (mask == 0)
                {
                    sb.Append(" (off)");
                }

                sb.Append('\n');
            }
        }
    }

    private static uint Allowed(int type, byte version) => version >= 5 ? s_allowed14[type] : s_allowed10[type];

    private OfpError SetMask(int type, bool primary, uint mask, byte version, bool loose, OfpWarningSink? warn)
    {
        uint allowed = Allowed(type, version);
        if ((mask & ~allowed) != 0)
        {
            if (!loose)
            {
                warn?.Invoke("ofp_connection", OfpLogLevel.Warn, string.Create(CultureInfo.InvariantCulture,
                    $"bad value 0x{mask:x} for {s_typeNames[type]} (allowed mask 0x{allowed:x})"));
                return OfpError.OfpacfcInvalid;
            }

            mask &= allowed;
        }

        // A table miss (no_match) also covers the explicit miss, and before OpenFlow 1.3 the implicit one.
        if (type == 0 && (mask & 1) != 0)
        {
            mask |= 1u << 6;
            if (version < 4)
            {
                mask |= 1u << 7;
            }
        }

        (primary ? Primary : Secondary)[type] = mask;
        return OfpError.None;
    }

    private static string ReasonName(int type, int reason) => type switch
    {
        0 => PacketIn.ReasonName((byte)reason),
        1 => reason switch { 0 => "add", 1 => "delete", 2 => "modify", _ => Number(reason) },
        2 => FlowRemoved.ReasonName((byte)reason),
        3 => reason switch { 0 => "primary_request", 1 => "configuration_changed", 2 => "experimenter_data_changed", _ => Number(reason) },
        4 => reason switch { 3 => "vacancy_down", 4 => "vacancy_up", _ => Number(reason) },
        _ => reason switch { 0 => "group_mod_request", 1 => "meter_mod_request", _ => Number(reason) },
    };

    private static string Number(int reason) => reason.ToString(CultureInfo.InvariantCulture);
}
