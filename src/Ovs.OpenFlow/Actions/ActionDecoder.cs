// Upstream: ofpacts_pull_openflow_actions(), ofpacts_pull_openflow_instructions(), ofpact_pull_raw(), the
// decode_*() functions and ofpacts_verify() of lib/ofp-actions.c (OVS 3.1)
//
// Wire actions and instructions to the version-independent list. Every length is checked before it is read, so
// truncated or garbage input gives an OpenFlow error, never an exception. Warnings that upstream logs go to the
// caller's sink under upstream's module names.
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Ovs.Flow.Fields;
using Ovs.Flow.Nxm;
using Ovs.Flow.Packets;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Text;

namespace Ovs.OpenFlow.Actions;

internal sealed partial class ActionDecoder(byte version, OfpWarningSink? warn)
{
    private const string Module = "ofp_actions";
    private const int MaxNesting = 100;

    private int _depth;

    public byte Version { get; } = version;

    private void Warn(string message) => warn?.Invoke(Module, OfpLogLevel.Warn, message);

    /// <summary>What upstream's verify_error() logs: not rate-limited.</summary>
    private void WarnVerify(string message) => warn?.Invoke(Module, OfpLogLevel.WarnUnlimited, message);

    /// <summary>A list of actions (an apply-actions body) for this version, verified as upstream does.</summary>
    public OfpError DecodeActions(ReadOnlySpan<byte> data, uint allowedInstructions, OfpActKind? outer, List<OfpAct> output)
    {
        if (data.Length % 8 != 0)
        {
            Warn(string.Create(CultureInfo.InvariantCulture, $"OpenFlow message actions length {data.Length} is not a multiple of 8"));
            return OfpError.OfpbrcBadLen;
        }

        OfpError error = DecodeList(data, output, outer);
        return error != OfpError.None ? error : Verify(output, allowedInstructions, outer);
    }

    /// <summary>Decodes actions one after another; on error logs the offending action's offset with a hex dump.</summary>
    private OfpError DecodeList(ReadOnlySpan<byte> data, List<OfpAct> output, OfpActKind? outer)
    {
        if (++_depth > MaxNesting)
        {
            _depth--;
            return OfpError.OfpbacBadLen;
        }

        try
        {
            int offset = 0;
            while (offset < data.Length)
            {
                OfpError error = DecodeOne(data[offset..], outer, output, out int length);
                if (error != OfpError.None)
                {
                    var sb = new StringBuilder();
                    sb.Append("bad action at offset ").Append(offset);
                    sb.Append(" (").Append(OfpErrorTable.Name(error)).Append("):\n");
                    AppendLogHexDump(sb, data);
                    Warn(sb.ToString());
                    return error;
                }

                offset += length;
            }

            return OfpError.None;
        }
        finally
        {
            _depth--;
        }
    }

    private OfpError DecodeOne(ReadOnlySpan<byte> data, OfpActKind? outer, List<OfpAct> output, out int length)
    {
        length = 0;
        if (data.Length < 8)
        {
            return OfpError.OfpbacBadLen;
        }

        ushort type = BinaryPrimitives.ReadUInt16BigEndian(data);
        uint vendor = 0;
        if (type == 0xffff)
        {
            vendor = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
            if (vendor is not RawActionTable.NxVendor and not RawActionTable.OnfVendor)
            {
                Warn(string.Create(CultureInfo.InvariantCulture, $"OpenFlow action has unknown vendor {FormatHexOrZero(vendor)}"));
                return OfpError.OfpbacBadVendor;
            }

            if (data.Length < 16)
            {
                return OfpError.OfpbacBadLen;
            }

            type = BinaryPrimitives.ReadUInt16BigEndian(data[8..]);
        }

        RawActInfo? info = RawActionTable.Find(Version, vendor, type);
        if (info is null)
        {
            Warn(string.Create(CultureInfo.InvariantCulture, $"unknown {OfpVersionText(Version)} action for vendor {FormatHexOrZero(vendor)} and type {type}"));
            return vendor != 0 ? OfpError.OfpbacBadVendorType : OfpError.OfpbacBadType;
        }

        if (info.DeprecatedIn(Version))
        {
            warn?.Invoke(Module, OfpLogLevel.Info, $"{info.Name} is deprecated in {OfpVersionText(Version)} (use Set-Field)");
        }

        length = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        if (length > data.Length)
        {
            Warn(string.Create(CultureInfo.InvariantCulture, $"OpenFlow action {info.Name} length {length} exceeds action buffer length {data.Length}"));
            return OfpError.OfpbacBadLen;
        }

        if (length < info.MinLength || length > info.MaxLength)
        {
            Warn(string.Create(CultureInfo.InvariantCulture, $"OpenFlow action {info.Name} length {length} not in valid range [{info.MinLength},{info.MaxLength}]"));
            return OfpError.OfpbacBadLen;
        }

        if (length % 8 != 0)
        {
            Warn(string.Create(CultureInfo.InvariantCulture, $"OpenFlow action {info.Name} length {length} is not a multiple of 8"));
            return OfpError.OfpbacBadLen;
        }

        return Decode(info.Raw, data[..length], outer, output);
    }

    /// <summary>
    /// The hex dump upstream's log lines carry (ds_put_hex_dump without ASCII): 16 bytes a line, '-' after the
    /// eighth byte even when it ends the line, lines separated by newlines.
    /// </summary>
    private static void AppendLogHexDump(StringBuilder sb, ReadOnlySpan<byte> data)
    {
        for (int line = 0; line < data.Length; line += 16)
        {
            if (line > 0)
            {
                sb.Append('\n');
            }

            sb.Append(line.ToString("x8", CultureInfo.InvariantCulture)).Append("  ");
            int end = Math.Min(data.Length, line + 16);
            for (int i = line; i < end; i++)
            {
                sb.Append(data[i].ToString("x2", CultureInfo.InvariantCulture));
                if (i - line == 7)
                {
                    sb.Append('-');
                }
                else if (i != end - 1)
                {
                    sb.Append(' ');
                }
            }
        }
    }

    private static string FormatHexOrZero(uint value) => value == 0 ? "0" : string.Create(CultureInfo.InvariantCulture, $"0x{value:x}");

    /// <summary>ofputil_version_to_string(): "OpenFlow10" ... "OpenFlow15".</summary>
    public static string OfpVersionText(byte version) => version is >= 1 and <= 6
        ? string.Create(CultureInfo.InvariantCulture, $"OpenFlow1{version - 1}")
        : string.Create(CultureInfo.InvariantCulture, $"0x{version:x2}");

    private static ushort U16(ReadOnlySpan<byte> a, int offset) => BinaryPrimitives.ReadUInt16BigEndian(a[offset..]);

    private static uint U32(ReadOnlySpan<byte> a, int offset) => BinaryPrimitives.ReadUInt32BigEndian(a[offset..]);

    private static ulong U64(ReadOnlySpan<byte> a, int offset) => BinaryPrimitives.ReadUInt64BigEndian(a[offset..]);

    private static bool AllZero(ReadOnlySpan<byte> a) => a.IndexOfAnyExcept((byte)0) < 0;

    /// <summary>ofpact_check_output_port(): a physical port below max, or one of the reserved output ports.</summary>
    public static OfpError CheckOutputPort(ushort port, ushort maxPorts) => port switch
    {
        OfpPorts.InPort or OfpPorts.Table or OfpPorts.Normal or OfpPorts.Flood or OfpPorts.All or OfpPorts.Controller
            or OfpPorts.Local => OfpError.None,
        _ => port < maxPorts ? OfpError.None : OfpError.OfpbacBadOutPort,
    };

    /// <summary>ofputil_port_from_ofp11(): OpenFlow 1.1 32-bit port numbers to the 16-bit space.</summary>
    private OfpError PortFromOf11(uint port, out ushort result)
    {
        result = 0;
        if (port < OfpPorts.Max)
        {
            result = (ushort)port;
            return OfpError.None;
        }

        if (port >= 0xffffff00)
        {
            result = (ushort)(port - 0xffff0000);
            return OfpError.None;
        }

        warn?.Invoke("ofp_port", OfpLogLevel.Warn, string.Create(CultureInfo.InvariantCulture, $"port {port} is outside the supported range 0 through {OfpPorts.Max - 1} or 0x{0xffffff00:x} through 0x{0xffffffff:x}"));
        return OfpError.OfpbacBadOutPort;
    }

    /// <summary>An NXM header naming a known field, with the subfield at ofs/n_bits checked against its width.</summary>
    private OfpError SubfieldFromHeader(uint header, int offset, int bits, out Subfield subfield, string role = "source")
    {
        subfield = default;
        if (!NxmReader.TryLookup(OxmHeader.FromWords(header, 0), out FieldInfo? field) || field is null)
        {
            return OfpError.OfpbacBadSetType;
        }

        return CheckedSubfield(field, offset, bits, out subfield, role);
    }

    /// <summary>mf_check_src() / mf_check_dst()'s width check: the subfield at ofs/n_bits must fit the field.</summary>
    private OfpError CheckedSubfield(FieldInfo field, int offset, int bits, out Subfield subfield, string role = "source")
    {
        subfield = new Subfield(field, offset, bits);
        if (offset + bits > field.Bits || bits <= 0)
        {
            warn?.Invoke("meta_flow", OfpLogLevel.Warn, $"bit offset {offset} and width {bits} exceeds {field.Bits}-bit width of {role} field {field.Name}");
            return OfpError.OfpbacBadSetLen;
        }

        return OfpError.None;
    }

    /// <summary>Reads an NXM/OXM header (maybe experimenter) at the start of data; consumed gets its size.</summary>
    private static OfpError PullHeader(ReadOnlySpan<byte> data, out FieldInfo? field, out bool masked, out int consumed)
    {
        field = null;
        masked = false;
        consumed = 0;
        if (data.Length < 4)
        {
            return OfpError.OfpbacBadLen;
        }

        uint first = U32(data, 0);
        uint experimenter = 0;
        consumed = 4;
        if ((first >> 16) == OxmHeader.ExperimenterClass)
        {
            if (data.Length < 8)
            {
                return OfpError.OfpbacBadLen;
            }

            experimenter = U32(data, 4);
            consumed = 8;
        }

        OxmHeader header = OxmHeader.FromWords(first, experimenter);
        masked = header.HasMask;
        if (!FieldTable.TryGetByHeader(header, out FieldInfo f, out _))
        {
            return OfpError.OfpbacBadSetType;
        }

        field = f;
        return OfpError.None;
    }

    /// <summary>mf_check_dst(): the destination must be writable (warned under meta_flow).</summary>
    private OfpError CheckDst(Subfield dst)
    {
        if (!dst.Field.Writable)
        {
            warn?.Invoke("meta_flow", OfpLogLevel.Warn, $"destination field {dst.Field.Name} is not writable");
            return OfpError.OfpbacBadSetArgument;
        }

        return OfpError.None;
    }

    private static bool IsCtField(FieldInfo field) => field.Id is FieldId.CtMark or FieldId.CtLabel;

    /// <summary>
    /// ofpacts_verify(): nesting rules (CT fields only in ct, nat only in ct, what ct accepts inside) and the
    /// instruction order and set allowed here.
    /// </summary>
    public OfpError Verify(IReadOnlyList<OfpAct> actions, uint allowedInstructions, OfpActKind? outer)
    {
        OfpActKind? slot = null;
        foreach (OfpAct a in actions)
        {
            string? message = VerifyNested(a, outer, out OfpError nestedError);
            if (message is not null)
            {
                WarnVerify(message);
                return nestedError;
            }

            OfpActKind next = a.Kind == OfpActKind.Meter && Version >= 6 ? OfpActKind.Output : a.Kind.InstructionSlot();
            if (slot is { } current && (current == OfpActKind.Output ? next.InstructionRank() < current.InstructionRank() : next.InstructionRank() <= current.InstructionRank()))
            {
                WarnVerify(next == current
                    ? $"duplicate {current.InstructionName()} instruction not allowed, for OpenFlow 1.1+ compatibility"
                    : $"invalid instruction ordering: {next.InstructionName()} must appear before {current.InstructionName()}, for OpenFlow 1.1+ compatibility");
                return OfpError.OfpbacUnsupportedOrder;
            }

            if ((allowedInstructions & InstructionBit(next)) == 0)
            {
                WarnVerify(next == OfpActKind.Meter && Version >= 6
                    ? $"{next.InstructionName()} action not allowed here"
                    : $"{next.InstructionName()} instruction not allowed here");
                return OfpError.OfpbicUnsupInst;
            }

            slot = next;
        }

        return OfpError.None;
    }

    /// <summary>The bit of an instruction slot in an allowed-instructions mask.</summary>
    public static uint InstructionBit(OfpActKind slot) => slot switch
    {
        OfpActKind.Output => 1u << 0,
        OfpActKind.Meter => 1u << 1,
        OfpActKind.ClearActions => 1u << 2,
        OfpActKind.WriteActions => 1u << 3,
        OfpActKind.WriteMetadata => 1u << 4,
        OfpActKind.GotoTable => 1u << 5,
        _ => 0,
    };

    public const uint AllInstructions = 0x3f;
    public const uint ApplyActionsOnly = 1;

    internal static string? VerifyNested(OfpAct a, OfpActKind? outer, out OfpError error)
    {
        error = OfpError.None;
        FieldInfo? field = a switch
        {
            SetFieldAct sf => sf.Field,
            RegMoveAct mv => mv.Dst.Field,
            _ => null,
        };
        if (field is not null && IsCtField(field) && outer != OfpActKind.Ct)
        {
            error = OfpError.OfpbacBadSetArgument;
            return "cannot set CT fields outside of ct action";
        }

        if (a.Kind == OfpActKind.Nat)
        {
            if (outer != OfpActKind.Ct)
            {
                error = OfpError.OfpbacBadSetArgument;
                return "Cannot have NAT action outside of \"ct\" action";
            }

            return null;
        }

        if (outer is { } o)
        {
            if (o == OfpActKind.Ct)
            {
                if (field is null)
                {
                    error = OfpError.OfpbacBadArgument;
                    return $"{o.Name()} action doesn't support nested action {a.Kind.Name()}";
                }

                if (!IsCtField(field))
                {
                    error = OfpError.OfpbacBadArgument;
                    return $"{o.Name()} action doesn't support nested modification of {field.Name}";
                }
            }

            if (a.Kind == OfpActKind.Meter)
            {
                error = OfpError.OfpbacBadArgument;
                return $"{o.Name()} action doesn't support nested action {a.Kind.Name()}";
            }
        }

        return null;
    }

    private static SetFieldAct LoadToSetField(Subfield dst, ulong value)
    {
        var v = new byte[dst.Field.Size];
        var m = new byte[dst.Field.Size];
        OfpActText.WriteBits(v, dst.Offset, dst.Bits, value);
        OfpActText.WriteBits(m, dst.Offset, dst.Bits, ulong.MaxValue);
        return new SetFieldAct(dst.Field, v, m, fromRegLoad: true);
    }

    private static OfpActKind? NestedOuter(OfpActKind? outer, OfpActKind self) => outer ?? self;

    internal static EthAddr Mac(ReadOnlySpan<byte> a, int offset) => EthAddr.Read(a[offset..]);
}
