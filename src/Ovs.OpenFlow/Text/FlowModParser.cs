// Upstream: parse_ofp_str__(), parse_ofp_flow_mod_str() and ofp_extract_actions() in lib/ofp-flow.c, and
// ofputil_table_from_string() in lib/ofp-table.c (OVS 3.1); ovs-ofctl(8) "Flow Syntax" for the language.
//
// One line of the ovs-ofctl flow syntax to a FlowMod, with the set of flow protocols that can express it. Which
// keywords are accepted depends on the command: an add takes actions, timeouts, priority, flags and importance; a
// modify the same but importance; a delete out_port and out_group (and priority when strict). Everything after the
// first "action" word and its '=' is the action text. Match keywords go to Ovs.Flow's MatchParser; the rest is here.
// Errors are upstream's texts, which ovs-ofctl prints after "ovs-ofctl: ".
using System.Globalization;
using Ovs.Flow;
using Ovs.Flow.Fields;
using Ovs.Flow.Text;
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;

namespace Ovs.OpenFlow.Text;

internal static class FlowModParser
{
    private static readonly (string Word, FlowModCommand Command)[] s_commandWords =
    [
        ("add", FlowModCommand.Add), ("delete", FlowModCommand.Delete), ("delete_strict", FlowModCommand.DeleteStrict),
        ("modify", FlowModCommand.Modify), ("modify_strict", FlowModCommand.ModifyStrict),
    ];

    [Flags]
    private enum Keys
    {
        None = 0,
        OutPort = 1 << 0,
        Actions = 1 << 1,
        Importance = 1 << 2,
        Timeout = 1 << 3,
        Priority = 1 << 4,
        Flags = 1 << 5,
    }

    /// <summary>
    /// Parses <paramref name="text"/> as a flow for <paramref name="command"/>; null means the text may start with
    /// the command word ("add", "delete", "modify_strict", ...; add when there is none). Returns null or the error
    /// text; <paramref name="usable"/> gets the protocols that can carry the result.
    /// </summary>
    public static string? Parse(
        string text, FlowModCommand? command, out FlowMod fm, out ProtocolSet usable, OfpWarningSink? warn = null,
        IReadOnlyDictionary<string, ushort>? portNames = null)
    {
        usable = ProtocolSet.Any;
        fm = new FlowMod();
        FlowModCommand cmd = command ?? ReadCommandWord(ref text);
        Keys keys = cmd switch
        {
            FlowModCommand.Add => Keys.Actions | Keys.Timeout | Keys.Priority | Keys.Flags | Keys.Importance,
            FlowModCommand.Delete => Keys.OutPort,
            FlowModCommand.DeleteStrict => Keys.OutPort | Keys.Priority,
            _ => Keys.Actions | Keys.Timeout | Keys.Priority | Keys.Flags,
        };
        fm.Command = cmd;
        if (cmd is FlowModCommand.Modify or FlowModCommand.ModifyStrict)
        {
            // A modify leaves the cookie alone unless told otherwise.
            fm.NewCookie = ulong.MaxValue;
        }

        string? actionText = null;
        if ((keys & Keys.Actions) != 0)
        {
            actionText = ExtractActions(ref text);
            if (actionText is null)
            {
                return "must specify an action";
            }
        }

        var match = default(Match);
        int position = 0;
        while (MatchParser.TryNextKeyValue(text, ref position, out string name, out string value))
        {
            value = PortNumberText(name, value, portNames);
            string? error = ApplyFlag(name, keys, fm, ref usable, out bool handled);
            if (!handled && !MatchParser.TryApply(name, value, ref match, ref usable, out error))
            {
                error = ApplyKeyword(name, value, keys, fm, ref usable, warn);
            }

            if (error is not null)
            {
                return error;
            }
        }

        // A packet_type of (OFPHTN_ETHERTYPE, type) also means that Ethernet type.
        if (match.Wildcards.Masks.U32(FlowLayout.PacketType) == uint.MaxValue && match.Flow.U16(FlowLayout.PacketType) == 1)
        {
            match.Flow.SetU16(FlowLayout.DlType, match.Flow.U16(FlowLayout.PacketType + 2));
        }

        usable = MatchParser.FinishUsableProtocols(in match, usable);
        if (fm.CookieMask == 0 && fm.NewCookie == ulong.MaxValue && cmd is FlowModCommand.Modify or FlowModCommand.ModifyStrict)
        {
            // A modify without a cookie match may add the flow, which then gets cookie 0.
            fm.NewCookie = 0;
        }

        fm.Match = match;
        if (actionText is not null)
        {
            string? error = OfpActions.ParseInstructions(actionText, out List<OfpAct> actions, portNames, warn);
            if (error is not null)
            {
                return error;
            }

            // Actions that do not fit the match are an error, or limit the flow to OpenFlow 1.0 and NXM.
            usable &= ActionUsability.Of(actions);
            OfpError check = ActionChecker.Check(actions, in match, fm.TableId, out ProtocolSet actionUsable, warn);
            usable &= actionUsable;
            if (check == OfpError.None && usable == ProtocolSet.None)
            {
                check = OfpError.OfpbacMatchInconsistent;
            }

            if (check != OfpError.None)
            {
                return $"actions are invalid with specified match ({OfpErrorTable.Name(check)})";
            }

            fm.Actions = actions;
        }

        // A copy of the match is normalized only to log what normalizing would change; the flow goes out as
        // written, and the switch does what it likes with it.
        Match normal = match;
        if (MatchNormalizer.Normalize(ref normal))
        {
            FlowMod.LogNormalization(warn, in match, in normal);
        }

        return null;
    }

    // The command word at the start of the text, if it is a prefix of one of the command names.
    private static FlowModCommand ReadCommandWord(ref string text)
    {
        int start = 0;
        while (start < text.Length && text[start] is ' ' or '\t' or '\r' or '\n')
        {
            start++;
        }

        int end = start;
        while (end < text.Length && text[end] is not (',' or ' ' or '\t' or '\r' or '\n'))
        {
            end++;
        }

        string word = text[start..end];
        foreach ((string name, FlowModCommand command) in s_commandWords)
        {
            if (name.StartsWith(word, StringComparison.Ordinal))
            {
                text = text[end..];
                return command;
            }
        }

        text = text[start..];
        return FlowModCommand.Add;
    }

    /// <summary>ofp_extract_actions(): cuts text at the first "action"; what follows the next '=' is returned.</summary>
    /// <summary>
    /// A switch's port name given for a field or keyword that takes a port, as its number; numbers and reserved names
    /// win over port names, as in upstream's ofputil_port_from_string().
    /// </summary>
    private static string PortNumberText(string name, string value, IReadOnlyDictionary<string, ushort>? portNames) =>
        portNames is not null && name is "in_port" or "in_port_oxm" or "actset_output" or "out_port"
            && !Ovs.Flow.Text.OfpPortText.TryParse(value, out _) && portNames!.TryGetValue(value, out ushort port)
            ? port.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : value;

    public static string? ExtractActions(ref string text)
    {
        int at = text.IndexOf("action", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        string original = text;
        text = text[..at];
        int equals = original.IndexOf('=', at + 1);
        return equals < 0 ? null : original[(equals + 1)..];
    }

    // The flag words: only where the command takes flags (elsewhere they fall through to the match and fail there).
    private static string? ApplyFlag(string name, Keys keys, FlowMod fm, ref ProtocolSet usable, out bool handled)
    {
        handled = true;
        if ((keys & Keys.Flags) != 0)
        {
            switch (name)
            {
                case "send_flow_rem":
                    fm.Flags |= OfpFlowModFlags.SendFlowRem;
                    return null;
                case "check_overlap":
                    fm.Flags |= OfpFlowModFlags.CheckOverlap;
                    return null;
                case "reset_counts":
                    fm.Flags |= OfpFlowModFlags.ResetCounts;
                    usable &= ProtocolSet.AnyOxm;
                    return null;
                case "no_packet_counts":
                    fm.Flags |= OfpFlowModFlags.NoPacketCounts;
                    usable &= ProtocolSet.Of13Oxm | ProtocolSet.Of14Oxm | ProtocolSet.Of15Oxm;
                    return null;
                case "no_byte_counts":
                    fm.Flags |= OfpFlowModFlags.NoByteCounts;
                    usable &= ProtocolSet.Of13Oxm | ProtocolSet.Of14Oxm | ProtocolSet.Of15Oxm;
                    return null;
                default:
                    break;
            }
        }

        // Flags a switch reports but that cannot be set; accepted so dump-flows output parses back.
        handled = name is "no_readonly_table" or "allow_hidden_fields";
        return null;
    }

    // Keywords that are neither flags nor match fields.
    private static string? ApplyKeyword(string name, string value, Keys keys, FlowMod fm, ref ProtocolSet usable, OfpWarningSink? warn)
    {
        if (value.Length == 0)
        {
            return $"field {name} missing value";
        }

        ushort u16;
        string? error;
        switch (name)
        {
            case "table":
                if (!TryParseTable(value, warn, out byte table))
                {
                    return $"unknown table \"{value}\"";
                }

                fm.TableId = table;
                if (table != FlowMod.TableAll)
                {
                    usable &= ProtocolSet.Of10StdTid | ProtocolSet.Of10NxmTid | ProtocolSet.Of11Up;
                }

                return null;
            case "out_port" when (keys & Keys.OutPort) != 0:
                if (!OfpPortText.TryParse(value, out ushort port))
                {
                    return $"{value} is not a valid OpenFlow port";
                }

                fm.OutPort = port;
                return null;
            case "out_group" when (keys & Keys.OutPort) != 0:
                usable &= ProtocolSet.Of11Up;
                if (!TryParseGroup(value, warn, out uint group))
                {
                    return $"{value} is not a valid OpenFlow group";
                }

                fm.OutGroup = group;
                return null;
            case "priority" when (keys & Keys.Priority) != 0:
                error = ActionParser.StrToU16(value, name, out u16);
                fm.Priority = u16;
                return error;
            case "idle_timeout" when (keys & Keys.Timeout) != 0:
                error = ActionParser.StrToU16(value, name, out u16);
                fm.IdleTimeout = u16;
                return error;
            case "hard_timeout" when (keys & Keys.Timeout) != 0:
                error = ActionParser.StrToU16(value, name, out u16);
                fm.HardTimeout = u16;
                return error;
            case "importance" when (keys & Keys.Importance) != 0:
                error = ActionParser.StrToU16(value, name, out u16);
                fm.Importance = u16;
                return error;
            case "cookie":
                return ApplyCookie(value, fm, ref usable);
            case "duration" or "n_packets" or "n_bytes" or "idle_age" or "hard_age":
                // Statistics from dump-flows output, ignored so that it can be fed back.
                return null;
            default:
                return $"unknown keyword {name}";
        }
    }

    // "cookie=V" sets the cookie (add and modify only); "cookie=V/M" matches it (not on an add).
    private static string? ApplyCookie(string value, FlowMod fm, ref ProtocolSet usable)
    {
        int slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            if (fm.Command == FlowModCommand.Add)
            {
                return "flow additions cannot use a cookie mask";
            }

            string? error = ActionParser.StrToU64(value[..slash], out ulong cookie);
            if (error is not null)
            {
                return error;
            }

            fm.Cookie = cookie;
            error = ActionParser.StrToU64(value[(slash + 1)..], out ulong mask);
            fm.CookieMask = mask;

            // Only NXM and OpenFlow 1.1+ can match on the cookie.
            if (mask != 0)
            {
                usable &= ProtocolSet.NxmOf11Up;
            }

            return error;
        }

        if (fm.Command is not (FlowModCommand.Add or FlowModCommand.Modify or FlowModCommand.ModifyStrict))
        {
            return "cannot set cookie";
        }

        string? e = ActionParser.StrToU64(value, out ulong newCookie);
        fm.NewCookie = newCookie;
        return e;
    }

    /// <summary>ofputil_table_from_string(): a decimal table number 0 to 255 (warning about the others).</summary>
    public static bool TryParseTable(string s, OfpWarningSink? warn, out byte table)
    {
        table = 0;
        if (s.StartsWith('-'))
        {
            warn?.Invoke("ofp_table", OfpLogLevel.WarnUnlimited, $"Negative value {s} is not a valid table number.");
            return false;
        }

        if (!uint.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out uint number))
        {
            return false;
        }

        if (number > 255)
        {
            warn?.Invoke("ofp_table", OfpLogLevel.WarnUnlimited, $"table {number} is outside the supported range 0 through 255");
            return false;
        }

        table = (byte)number;
        return true;
    }

    /// <summary>ofputil_group_from_string(): "any", "all" or a 32-bit number.</summary>
    private static bool TryParseGroup(string s, OfpWarningSink? warn, out uint group)
    {
        group = 0;
        if (string.Equals(s, "any", StringComparison.OrdinalIgnoreCase))
        {
            group = FlowMod.GroupAny;
            return true;
        }

        if (string.Equals(s, "all", StringComparison.OrdinalIgnoreCase))
        {
            group = 0xfffffffc;
            return true;
        }

        if (uint.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out group))
        {
            return true;
        }

        warn?.Invoke("ofp_group", OfpLogLevel.WarnUnlimited, $"{s} is not a valid group ID.  (Valid group IDs are 32-bit nonnegative integers or the keywords ANY or ALL.)");
        return false;
    }
}
