// Upstream: lib/ofp-group.c, parse_ofp_group_mod_str(), parse_bucket_str() and parse_select_group_field()
// (OVS 3.1); the syntax is ovs-ofctl(8)'s "Group Syntax".
//
// Turns ovs-ofctl group text ("group_id=1,type=select,selection_method=hash,fields(ip_dst),bucket=weight:2,
// actions=output:1,bucket=...") into a GroupMod, with upstream's error messages. Everything before the first
// "bucket=" describes the group; each "bucket=" starts a bucket, whose keywords other than weight, watch_port,
// watch_group, bucket_id and actions are actions themselves ("output:1" as well as "actions=output:1").
using Ovs.Flow;
using Ovs.Flow.Fields;
using Ovs.Flow.Text;
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Messages;

namespace Ovs.OpenFlow.Text;

internal static class GroupParser
{
    private const string Bucket = "bucket=";

    // What bucket commands and selection methods need: the OpenFlow 1.0 extension or OpenFlow 1.5.
    private const ProtocolSet Of10Or15 = ProtocolSet.Of10StdAny | ProtocolSet.Of10NxmAny | ProtocolSet.Of15Oxm;

    private static readonly (string Name, GroupCommand Command)[] s_commands =
    [
        ("add", GroupCommand.Add), ("delete", GroupCommand.Delete), ("modify", GroupCommand.Modify),
        ("add_or_mod", GroupCommand.AddOrModify), ("insert_bucket", GroupCommand.InsertBucket), ("remove_bucket", GroupCommand.RemoveBucket),
    ];

    [Flags]
    private enum Allowed
    {
        None = 0,
        Type = 1,
        Buckets = 2,
        CommandBucketId = 4,
        CommandBucketIdAll = 8,
    }

    /// <summary>
    /// Parses <paramref name="text"/> as a group for <paramref name="command"/>, or, when it is null, as a line of
    /// an add-groups file that may start with a command name (add by default). Returns null or the error text.
    /// </summary>
    public static string? Parse(string text, GroupCommand? command, out GroupMod? groupMod, IReadOnlyDictionary<string, ushort>? portNames = null) =>
        Parse(text, command, out groupMod, out _, portNames);

    /// <summary>
    /// As <see cref="Parse(string, GroupCommand?, out GroupMod?, IReadOnlyDictionary{string, ushort}?)"/>, also giving
    /// the protocols upstream deems usable. Bucket commands and selection methods (with their fields) need OpenFlow
    /// 1.5 or the OpenFlow 1.0 extension, and some actions restrict it further (a set_field of an NXM-only field,
    /// push_vlan, meter, ...); but upstream starts the set afresh for each bucket's actions, so when there are
    /// buckets only the last bucket's actions count (Debian's ovs-ofctl shows the same).
    /// </summary>
    public static string? Parse(
        string text, GroupCommand? command, out GroupMod? groupMod, out ProtocolSet usable, IReadOnlyDictionary<string, ushort>? portNames = null)
    {
        groupMod = null;
        usable = ProtocolSet.Any;
        command ??= TakeCommand(ref text);
        Allowed allowed = command switch
        {
            GroupCommand.Add or GroupCommand.Modify or GroupCommand.AddOrModify => Allowed.Type | Allowed.Buckets,
            GroupCommand.Delete => Allowed.None,
            GroupCommand.InsertBucket => Allowed.Buckets | Allowed.CommandBucketId,
            GroupCommand.RemoveBucket => Allowed.CommandBucketId | Allowed.CommandBucketIdAll,
            _ => throw new ArgumentOutOfRangeException(nameof(command)),
        };

        if (command is GroupCommand.InsertBucket or GroupCommand.RemoveBucket)
        {
            // Only OpenFlow 1.5 and the OpenFlow 1.0 extension have bucket commands.
            usable &= Of10Or15;
        }

        if (command == GroupCommand.Delete && text.Length == 0)
        {
            groupMod = new GroupMod(GroupCommand.Delete, new Group((byte)GroupType.All, GroupIds.All, [], null));
            return null;
        }

        // Buckets come last: their defaults depend on the group's type.
        int bucketsAt = text.IndexOf(Bucket, StringComparison.Ordinal);
        if (bucketsAt >= 0 && (allowed & Allowed.Buckets) == 0)
        {
            return "bucket is not needed";
        }

        var group = new GroupDraft();
        string? error = ParseGroupFields(bucketsAt >= 0 ? text[..bucketsAt] : text, allowed, group, ref usable);
        if (error is not null)
        {
            return error;
        }

        var buckets = new List<GroupBucket>();
        while (bucketsAt >= 0)
        {
            int start = bucketsAt + Bucket.Length;
            int next = text.IndexOf(Bucket, start, StringComparison.Ordinal);
            error = ParseBucket(next >= 0 ? text[start..next] : text[start..], group.Type, portNames, out GroupBucket? bucket);
            if (error is not null)
            {
                return error;
            }

            buckets.Add(bucket!);
            usable = ActionUsability.Of(bucket!.Actions, instructions: false);
            if (command != GroupCommand.InsertBucket && group.Type != (byte)GroupType.Select && bucket!.Weight != 0)
            {
                return "Only select groups can have bucket weights.";
            }

            bucketsAt = next;
        }

        if (group.Type == (byte)GroupType.Indirect && buckets.Count > 1)
        {
            return "Indirect groups can have at most one bucket.";
        }

        GroupSelectionMethod? selection = group.Method.Length > 0 ? new GroupSelectionMethod(group.Method, group.Param, group.Fields) : null;
        groupMod = new GroupMod(command.Value, new Group(group.Type, group.GroupId, buckets, selection), group.CommandBucketId);
        return null;
    }

    // A leading command name may be any prefix of one (the empty prefix is "add"); anything else means add.
    private static GroupCommand TakeCommand(ref string text)
    {
        text = text.TrimStart(' ', '\t', '\r', '\n');
        int length = text.IndexOfAny([',', ' ', '\t', '\r', '\n']);
        string token = length < 0 ? text : text[..length];
        foreach ((string name, GroupCommand command) in s_commands)
        {
            if (name.StartsWith(token, StringComparison.Ordinal))
            {
                text = text[token.Length..];
                return command;
            }
        }

        return GroupCommand.Add;
    }

    private static string? ParseGroupFields(string text, Allowed allowed, GroupDraft g, ref ProtocolSet usable)
    {
        bool hadType = false, hadCommandBucketId = false;
        int position = 0;
        while (KeyValueParser.TryNext(text, ref position, out string name, out string value))
        {
            string? error = name switch
            {
                "command_bucket_id" => ParseCommandBucketId(value, allowed, g, ref hadCommandBucketId),
                "group_id" => ParseGroupId(value, g),
                "type" => (allowed & Allowed.Type) == 0 ? "type is not needed" : ParseType(value, g, ref hadType),
                "selection_method" => (allowed & Allowed.Type) == 0 ? "selection method is not needed"
                    : value.Length >= 16 ? "selection method is longer than 15 bytes long"
                    : SetMethod(g, value),
                "selection_method_param" => (allowed & Allowed.Type) == 0 ? "selection method param is not needed"
                    : StrToU64(value, out g.Param),
                "fields" => (allowed & Allowed.Type) == 0 ? "fields are not needed" : ParseHashFields(value, g.Fields, ref usable),
                _ => $"unknown keyword {name}",
            };
            if (error is null && name is "selection_method" or "selection_method_param" or "fields")
            {
                usable &= Of10Or15;
            }

            if (error is not null)
            {
                return error;
            }
        }

        if (g.GroupId == GroupIds.Any)
        {
            return "must specify a group_id";
        }

        if ((allowed & Allowed.Type) != 0 && !hadType)
        {
            return "must specify a type";
        }

        if (g.Method != "hash" && g.Fields.Count > 0)
        {
            return "fields may only be specified with \"selection_method=hash\"";
        }

        if (g.Method.Length == 0 && g.Param != 0)
        {
            return "selection_method_param is only allowed with \"selection_method\"";
        }

        if ((allowed & Allowed.CommandBucketId) != 0)
        {
            return (allowed & Allowed.CommandBucketIdAll) != 0 || hadCommandBucketId ? null : "must specify a command bucket id";
        }

        return hadCommandBucketId ? "command bucket id is not needed" : null;
    }

    private static string? SetMethod(GroupDraft g, string value)
    {
        g.Method = value;
        return null;
    }

    private static string? ParseCommandBucketId(string value, Allowed allowed, GroupDraft g, ref bool had)
    {
        if ((allowed & Allowed.CommandBucketId) == 0)
        {
            return "command bucket id is not needed";
        }

        switch (value)
        {
            case "all":
                g.CommandBucketId = GroupIds.BucketAll;
                break;
            case "first":
                g.CommandBucketId = GroupIds.BucketFirst;
                break;
            case "last":
                g.CommandBucketId = GroupIds.BucketLast;
                break;
            default:
                if (StrToU32(value, out g.CommandBucketId) is { } error)
                {
                    return error;
                }

                if (g.CommandBucketId > GroupIds.BucketMax && g.CommandBucketId is not (GroupIds.BucketFirst or GroupIds.BucketLast or GroupIds.BucketAll))
                {
                    return $"invalid command bucket id {g.CommandBucketId}";
                }

                break;
        }

        if (g.CommandBucketId == GroupIds.BucketAll && (allowed & Allowed.CommandBucketIdAll) == 0)
        {
            return "command_bucket_id=all is not permitted";
        }

        had = true;
        return null;
    }

    private static string? ParseGroupId(string value, GroupDraft g)
    {
        if (value == "all")
        {
            g.GroupId = GroupIds.All;
            return null;
        }

        if (StrToU32(value, out g.GroupId) is { } error)
        {
            return error;
        }

        return g.GroupId != GroupIds.All && g.GroupId > GroupIds.Max ? $"invalid group id {g.GroupId}" : null;
    }

    private static string? ParseType(string value, GroupDraft g, ref bool had)
    {
        GroupType? type = value switch
        {
            "all" => GroupType.All,
            "select" => GroupType.Select,
            "indirect" => GroupType.Indirect,
            "ff" or "fast_failover" => GroupType.FastFailover,
            _ => null,
        };
        if (type is null)
        {
            return $"invalid group type {value}";
        }

        g.Type = (byte)type.Value;
        had = true;
        return null;
    }

    // The fields a "hash" selection method hashes, each with an optional mask (which must not be all-zeros).
    private static string? ParseHashFields(string text, List<GroupHashField> fields, ref ProtocolSet usable)
    {
        int position = 0;
        while (KeyValueParser.TryNext(text, ref position, out string name, out string value))
        {
            string rest = text[position..];
            FieldInfo? field = FieldTable.FromName(name);
            if (field is null)
            {
                return $"{rest}: unknown field {name}";
            }

            if (fields.Exists(f => f.Field == field.Id))
            {
                return $"{name}: duplicate field";
            }

            byte[] mask = new byte[field.Size];
            if (value.Length > 0)
            {
                byte[] parsedMask = new byte[field.Size];
                if (FieldParser.Parse(field, value, mask, parsedMask) is { } error)
                {
                    return error;
                }

                if (parsedMask.AsSpan().ContainsAnyExcept((byte)0xff))
                {
                    return $"{value}: wildcards not allowed here";
                }

                if (!field.VariableLength && !mask.AsSpan().ContainsAnyExcept((byte)0))
                {
                    return $"{rest}: values are wildcards here and must not be all-zeros";
                }

                if (!FieldAccess.IsMaskValid(field, mask))
                {
                    return $"{value}: invalid mask for field {field.Name}";
                }
            }
            else
            {
                mask.AsSpan().Fill(0xff);
            }

            usable &= !mask.AsSpan().ContainsAnyExcept((byte)0xff) ? field.UsableExact
                : field.UsableBitwise == field.UsableCidr ? field.UsableCidr : field.UsableBitwise;
            fields.Add(new GroupHashField(field.Id, mask));
        }

        fields.Sort(static (a, b) => a.Field.CompareTo(b.Field));
        return null;
    }

    private static string? ParseBucket(string text, byte type, IReadOnlyDictionary<string, ushort>? portNames, out GroupBucket? bucket)
    {
        bucket = null;
        ushort weight = (ushort)(type == (byte)GroupType.Select ? 1 : 0);
        uint bucketId = GroupIds.BucketAll, watchGroup = GroupIds.Any;
        ushort watchPort = GroupIds.PortAny;
        var actions = new System.Text.StringBuilder();
        int position = 0;
        while (KeyValueParser.TryNext(text, ref position, out string key, out string value))
        {
            string? error = null;
            switch (key.ToLowerInvariant())
            {
                case "weight":
                    error = ActionParser.StrToU16(value, "weight", out weight);
                    break;
                case "watch_port":
                    if (!TryParsePort(value, portNames, out watchPort) || (watchPort >= 0xff00 && watchPort is not (GroupIds.PortAny or 0xfffd)))
                    {
                        error = $"{value}: invalid watch_port";
                    }

                    break;
                case "watch_group":
                    error = StrToU32(value, out watchGroup);
                    if (error is null && watchGroup > GroupIds.Max)
                    {
                        error = $"invalid watch_group id {watchGroup}";
                    }

                    break;
                case "bucket_id":
                    error = StrToU32(value, out bucketId);
                    if (error is null && bucketId > GroupIds.BucketMax)
                    {
                        error = $"invalid bucket_id id {bucketId}";
                    }

                    break;
                case "action" or "actions":
                    actions.Append(value).Append(',');
                    break;
                default:
                    actions.Append(key).Append('(').Append(value).Append("),");
                    break;
            }

            if (error is not null)
            {
                return error;
            }
        }

        if (actions.Length == 0)
        {
            return "bucket must specify actions";
        }

        if (type == (byte)GroupType.FastFailover && watchPort == GroupIds.PortAny && watchGroup == GroupIds.Any)
        {
            return "fast failover bucket requires watch_port or watch_group";
        }

        actions.Length--;
        if (OfpActions.ParseActions(actions.ToString(), out List<OfpAct> parsed, portNames) is { } actionError)
        {
            return actionError;
        }

        bucket = new GroupBucket(bucketId, weight, watchPort, watchGroup, parsed);
        return null;
    }

    // str_to_u32() and str_to_u64() of lib/ofp-parse.c: C's strtoull with base 0 over the whole string (leading
    // white space and a sign allowed; a negative number wraps), then for 32 bits a plain truncation, so "-1" is
    // 4294967295 and 4294967296 is 0, as upstream's assignment gives.
    private static string? StrToU32(string s, out uint value)
    {
        string? error = StrToU64(s, out ulong wide);
        value = unchecked((uint)wide);
        return error;
    }

    private static string? StrToU64(string s, out ulong value)
    {
        value = 0;
        if (s.Length == 0)
        {
            return "missing required numeric argument";
        }

        int i = 0;
        while (i < s.Length && s[i] is ' ' or '\t' or '\n' or '\v' or '\f' or '\r')
        {
            i++;
        }

        bool negative = false;
        if (i < s.Length && s[i] is '+' or '-')
        {
            negative = s[i] == '-';
            i++;
        }

        int radix = 10;
        if (i < s.Length && s[i] == '0')
        {
            radix = 8;
            if (i + 2 < s.Length && s[i + 1] is 'x' or 'X' && char.IsAsciiHexDigit(s[i + 2]))
            {
                radix = 16;
                i += 2;
            }
        }

        int start = i;
        bool overflow = false;
        ulong v = 0;
        for (; i < s.Length; i++)
        {
            int digit = char.IsAsciiDigit(s[i]) ? s[i] - '0' : char.IsAsciiHexDigit(s[i]) ? (char.ToLowerInvariant(s[i]) - 'a' + 10) : 99;
            if (digit >= radix)
            {
                break;
            }

            overflow |= v > (ulong.MaxValue - (ulong)digit) / (ulong)radix;
            v = unchecked((v * (ulong)radix) + (ulong)digit);
        }

        if (i == start || i != s.Length || overflow)
        {
            return $"invalid numeric format {s}";
        }

        value = negative ? unchecked(0 - v) : v;
        return null;
    }

    private static bool TryParsePort(string s, IReadOnlyDictionary<string, ushort>? portNames, out ushort port)
    {
        if (portNames is not null && portNames.TryGetValue(s, out port))
        {
            return true;
        }

        return OfpPortText.TryParse(s, out port);
    }

    /// <summary>What has been parsed of the group so far.</summary>
    private sealed class GroupDraft
    {
        public uint GroupId = GroupIds.Any;
        public byte Type;
        public uint CommandBucketId = GroupIds.BucketAll;
        public string Method = string.Empty;
        public ulong Param;
        public List<GroupHashField> Fields = [];
    }
}
