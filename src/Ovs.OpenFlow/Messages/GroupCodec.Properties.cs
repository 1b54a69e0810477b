// Upstream: lib/ofp-group.c, parse_ofp15_group_properties(), parse_group_prop_ntr_selection_method() and
// ofputil_put_group_prop_ntr_selection_method(); lib/nx-match.c oxm_pull_field_array() and oxm_put_field_array()
// (OVS 3.1).
//
// Group properties of OpenFlow 1.5 (and the Nicira 1.0 group messages). The only one known is Netronome's selection
// method: a 40-byte experimenter property (type, length, experimenter, exp type, 4 pad bytes, a NUL-terminated
// method name in 16 bytes, a 64-bit parameter) followed by OXM/NXM headers whose values are masks on the fields
// to hash. Both Netronome experimenter ids are accepted; the current one is written.
using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Ovs.Flow.Fields;
using Ovs.Flow.Nxm;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Matches;
using Ovs.OpenFlow.Text;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Messages;

internal static partial class GroupCodec
{
    private const uint NtrVendor = 0x0000154d;
    private const uint NtrCompatVendor = 0x00001540;
    private const uint NtrSelectionMethod = 1;
    private const int SelectionPropSize = 40;
    private const int MethodSize = 16;

    /// <summary>The group properties that fill <paramref name="props"/>.</summary>
    public static OfpError PullGroupProperties(ReadOnlySpan<byte> props, byte type, GroupCommand command, OfpWarningSink? warn, out GroupSelectionMethod? selection)
    {
        selection = null;
        while (props.Length > 0)
        {
            ReadOnlySpan<byte> whole = props;
            OfpError error = OfpProperty.TryPull(ref props, out ulong propType, out ReadOnlySpan<byte> payload);
            if (error != OfpError.None)
            {
                return error;
            }

            if (propType == (((ulong)NtrVendor << 32) | NtrSelectionMethod) || propType == (((ulong)NtrCompatVendor << 32) | NtrSelectionMethod))
            {
                // Upstream looks at the whole property, header included.
                error = PullSelectionMethod(whole[..(payload.Length + 12)], type, command, warn, out selection);
            }
            else
            {
                error = UnknownProperty(warn, "group", propType);
            }

            if (error != OfpError.None)
            {
                return error;
            }
        }

        return OfpError.None;
    }

    private static OfpError PullSelectionMethod(ReadOnlySpan<byte> prop, byte type, GroupCommand command, OfpWarningSink? warn, out GroupSelectionMethod? selection)
    {
        selection = null;
        if (type != (byte)GroupType.Select)
        {
            if (type > (byte)GroupType.FastFailover)
            {
                return OfpError.OfpgmfcBadType;
            }

            Warn(warn, "ntr selection method property is only allowed for select groups");
            return OfpError.OfpbpcBadValue;
        }

        switch (command)
        {
            case GroupCommand.Add:
            case GroupCommand.Modify:
            case GroupCommand.AddOrModify:
                break;
            case GroupCommand.Delete:
            case GroupCommand.InsertBucket:
            case GroupCommand.RemoveBucket:
                Warn(warn, "ntr selection method property is only allowed for add and delete group modifications");
                return OfpError.OfpbpcBadValue;
            default:
                return OfpError.OfpgmfcBadCommand;
        }

        if (prop.Length < SelectionPropSize)
        {
            Warn(warn, $"ntr selection method property length {prop.Length} is not valid");
            return OfpError.OfpbpcBadLen;
        }

        ReadOnlySpan<byte> name = prop.Slice(16, MethodSize);
        int nameLength = name.IndexOf((byte)0);
        if (nameLength < 0)
        {
            Warn(warn, "ntr selection method is not null terminated");
            return OfpError.OfpbpcBadValue;
        }

        string method = Encoding.Latin1.GetString(name[..nameLength]);
        if (method is not ("hash" or "dp_hash"))
        {
            Warn(warn, $"ntr selection method '{method}' is not supported");
            return OfpError.OfpbpcBadValue;
        }

        ulong param = BinaryPrimitives.ReadUInt64BigEndian(prop[32..]);
        ReadOnlySpan<byte> fields = prop[SelectionPropSize..];
        if (fields.Length > 0 && method != "hash")
        {
            Warn(warn, $"ntr selection method {method} does not support fields");
            return OfpError.OfpbpcBadValue;
        }

        OfpError error = PullFieldArray(fields, out List<GroupHashField> hashFields);
        if (error == OfpError.OfpbmcBadWildcards)
        {
            MatchCodec.WarnInconsistentMask(fields, false, warn);
        }

        if (error != OfpError.None)
        {
            Warn(warn, "ntr selection method fields are invalid");
            return error;
        }

        selection = new GroupSelectionMethod(method, param, hashFields);
        return OfpError.None;
    }

    /// <summary>OXM/NXM entries whose values are masks: unmasked headers of known fields, each field once.</summary>
    private static OfpError PullFieldArray(ReadOnlySpan<byte> data, out List<GroupHashField> fields)
    {
        fields = [];
        var reader = new NxmReader(data);
        while (reader.Remaining > 0)
        {
            NxmError nxmError = reader.TryRead(false, out OxmHeader header, out FieldInfo? field, out ReadOnlySpan<byte> value, out _);
            OfpError error;
            if (nxmError is not (NxmError.None or NxmError.BadField))
            {
                error = MatchCodec.ToOfpError(nxmError);
            }
            else if (header.HasMask)
            {
                error = OfpError.OfpbmcBadMask;
            }
            else if (field is null)
            {
                error = OfpError.OfpbmcBadField;
            }
            else if (fields.Exists(f => f.Field == field.Id))
            {
                error = OfpError.OfpbmcDupField;
            }
            else if (!Ovs.Flow.FieldAccess.IsMaskValid(field, value))
            {
                error = OfpError.OfpbmcBadMask;
            }
            else
            {
                fields.Add(new GroupHashField(field.Id, value.ToArray()));
                continue;
            }

            fields = [];
            return error;
        }

        fields.Sort(static (a, b) => a.Field.CompareTo(b.Field));
        return OfpError.None;
    }

    private static void PutSelectionMethod(ArrayBufferWriter<byte> output, GroupSelectionMethod selection, byte version)
    {
        var fields = new ArrayBufferWriter<byte>();
        foreach (GroupHashField f in selection.Fields)
        {
            if (FieldTable.Get(f.Field).Header(version) is not OxmHeader known)
            {
                continue;
            }

            OxmHeader h = known.WithMask(false, f.Mask.Length);
            Span<byte> entry = fields.GetSpan(h.HeaderSize + f.Mask.Length)[..(h.HeaderSize + f.Mask.Length)];
            h.Write(entry);
            f.Mask.CopyTo(entry[h.HeaderSize..]);
            fields.Advance(entry.Length);
        }

        int length = SelectionPropSize + fields.WrittenCount;
        int padded = (length + 7) & ~7;
        Span<byte> prop = output.GetSpan(padded)[..padded];
        prop.Clear();
        BinaryPrimitives.WriteUInt16BigEndian(prop, 0xffff);
        BinaryPrimitives.WriteUInt16BigEndian(prop[2..], (ushort)length);
        BinaryPrimitives.WriteUInt32BigEndian(prop[4..], NtrVendor);
        BinaryPrimitives.WriteUInt32BigEndian(prop[8..], NtrSelectionMethod);
        Encoding.Latin1.GetBytes(selection.Method, prop.Slice(16, MethodSize - 1));
        BinaryPrimitives.WriteUInt64BigEndian(prop[32..], selection.Param);
        fields.WrittenSpan.CopyTo(prop[SelectionPropSize..]);
        output.Advance(padded);
    }
}
