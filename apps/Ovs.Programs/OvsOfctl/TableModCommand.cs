// Upstream: ofctl_mod_table() and fetch_table_desc() of utilities/ovs-ofctl.c, parse_ofp_table_mod() and
// parse_ofp_table_vacancy() of lib/ofp-table.c (OVS 3.1)
//
// `ovs-ofctl mod-table SWITCH TABLE SETTING`: TABLE is a number or "all"; SETTING is a table-miss behaviour
// (controller, continue, drop: only OpenFlow 1.1 and 1.2 carry it), an eviction setting (evict, noevict) or vacancy
// events (vacancy:DOWN,UP, novacancy), both OpenFlow 1.4 and later. The versions the setting needs narrow the
// allowed ones before connecting. From OpenFlow 1.4 on a table mod carries eviction and vacancy together, so the
// setting the user did not name is first read back from the switch's table description and sent unchanged; "all"
// then becomes one table mod per table.
using System.Buffers;
using Ovs.Cli;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Text;
using Ovs.OpenFlow.Wire;

namespace Ovs.Programs.OvsOfctl;

internal static class TableModCommand
{
    /// <summary>OFPTT_MAX: the last table, whose misses cannot continue; "all" in OpenFlow 1.4+ means the tables below it.</summary>
    private const byte MaxTable = 254;

    private const uint Of11And12 = (1u << (byte)OfpVersion.Of11) | (1u << (byte)OfpVersion.Of12);
    private const uint Of14Up = (1u << (byte)OfpVersion.Of14) | (1u << (byte)OfpVersion.Of15);

    public static void ModTable(OfctlContext ctx)
    {
        string? error = Parse(ctx.Args[1], ctx.Args[2], out TableMod mod, out uint usableVersions);
        if (error is not null)
        {
            throw new CliException(error);
        }

        uint allowed = ctx.Options.AllowedVersions;
        if ((allowed & usableVersions) == 0)
        {
            throw new CliException($"table_mod '{ctx.Args[2]}' requires one of the OpenFlow versions {OfpProtocolNames.FormatVersionNames(usableVersions)}");
        }

        ctx.Options.MaskAllowedVersions(usableVersions);
        using OfctlVconn vconn = OfctlVconn.Open(ctx.Args[0], ctx.Options);
        if ((allowed & Of14Up) == 0 || vconn.Version < (byte)OfpVersion.Of14)
        {
            vconn.TransactNoReply([Encode(mod, vconn.Version)]);
            return;
        }

        if (mod.TableId == FlowMod.TableAll)
        {
            for (int table = 0; table < MaxTable; table++)
            {
                TableMod one = mod with { TableId = (byte)table };
                vconn.TransactNoReply([Encode(KeepUnnamedSettings(one, FetchTableDesc(vconn, one.TableId)), vconn.Version)]);
            }
        }
        else
        {
            vconn.TransactNoReply([Encode(KeepUnnamedSettings(mod, FetchTableDesc(vconn, mod.TableId)), vconn.Version)]);
        }
    }

    /// <summary>parse_ofp_table_mod(): null, or upstream's error text. <paramref name="usableVersions"/> is a version bitmap.</summary>
    internal static string? Parse(string tableText, string setting, out TableMod mod, out uint usableVersions)
    {
        usableVersions = 0;
        mod = new TableMod(0, TableMissConfig.Default, TableSetting.Default, uint.MaxValue, TableSetting.Default, 0, 0);
        byte table;
        if (tableText.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            table = FlowMod.TableAll;
        }
        else if (!FlowModParser.TryParseTable(tableText, ActionCommands.Warn, out table))
        {
            return $"unknown table \"{tableText}\"";
        }

        mod = mod with { TableId = table };
        switch (setting)
        {
            case "controller" or "continue" or "drop":
                mod = mod with
                {
                    Miss = setting switch
                    {
                        "controller" => TableMissConfig.Controller,
                        "continue" => TableMissConfig.Continue,
                        _ => TableMissConfig.Drop,
                    },
                };
                usableVersions = Of11And12;
                break;
            case "evict" or "noevict":
                mod = mod with { Eviction = setting == "evict" ? TableSetting.On : TableSetting.Off };
                usableVersions = Of14Up;
                break;
            case "novacancy":
                mod = mod with { Vacancy = TableSetting.Off };
                usableVersions = Of14Up;
                break;
            default:
                if (IsVacancySetting(setting))
                {
                    usableVersions = Of14Up;
                    string? vacancyError = ParseVacancy(setting, out byte down, out byte up);
                    if (vacancyError is not null)
                    {
                        return vacancyError;
                    }

                    mod = mod with { Vacancy = TableSetting.On, VacancyDown = down, VacancyUp = up };
                    break;
                }

                if (table != FlowMod.TableAll && setting.StartsWith("name:", StringComparison.Ordinal))
                {
                    return "changing a table's name is not implemented yet";
                }

                return $"invalid table_mod setting {setting}";
        }

        return table == MaxTable && mod.Miss == TableMissConfig.Continue
            ? "last table's flow miss handling can not be continue"
            : null;
    }

    /// <summary>Whether the text before the first ':' is a prefix of "vacancy" (upstream compares only that much).</summary>
    private static bool IsVacancySetting(string setting)
    {
        int colon = setting.IndexOf(':', StringComparison.Ordinal);
        string head = colon < 0 ? setting : setting[..colon];
        return "vacancy".StartsWith(head, StringComparison.Ordinal);
    }

    /// <summary>parse_ofp_table_vacancy(): "vacancy:DOWN,UP", each a percentage, DOWN not above UP.</summary>
    private static string? ParseVacancy(string setting, out byte down, out byte up)
    {
        down = 0;
        up = 0;
        int colon = setting.IndexOf(':', StringComparison.Ordinal);
        string[] values = colon < 0 ? [] : setting[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (values.Length < 1)
        {
            return "Vacancy down value missing";
        }

        if (!TryPercentage(values[0], out down))
        {
            return $"Invalid vacancy down value \"{values[0]}\"";
        }

        if (values.Length < 2)
        {
            return "Vacancy up value missing";
        }

        if (!TryPercentage(values[1], out up))
        {
            return $"Invalid vacancy up value \"{values[1]}\"";
        }

        return down > up
            ? $"Invalid vacancy range, vacancy up should be greater than vacancy down ({OfpErrorTable.Name(OfpError.OfpbpcBadValue)})"
            : null;
    }

    private static bool TryPercentage(string text, out byte value)
    {
        value = 0;
        if (!int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out int n)
            || n is < 0 or > 100)
        {
            return false;
        }

        value = (byte)n;
        return true;
    }

    /// <summary>
    /// fetch_table_desc()'s last step: a table mod that changes eviction keeps the table's vacancy settings, and one
    /// that changes vacancy events keeps its eviction settings.
    /// </summary>
    internal static TableMod KeepUnnamedSettings(TableMod mod, TableDesc? current)
    {
        if (current is null)
        {
            return mod;
        }

        if (mod.Eviction != TableSetting.Default)
        {
            return mod with { Vacancy = current.Vacancy, VacancyDown = current.VacancyDown, VacancyUp = current.VacancyUp };
        }

        return mod.Vacancy != TableSetting.Default
            ? mod with { Eviction = current.Eviction, EvictionFlags = current.EvictionFlags }
            : mod;
    }

    /// <summary>fetch_table_desc(): the switch's description of <paramref name="tableId"/>, or null if it has none.</summary>
    private static TableDesc? FetchTableDesc(OfctlVconn vconn, byte tableId)
    {
        TableDesc? found = null;
        foreach (byte[] reply in vconn.CollectMultipart(vconn.Encode(OfpRaw.Ofpst14TableDescRequest)))
        {
            if (OfpRawDecoder.TryDecode(reply, out OfpRawInfo? info, out ReadOnlySpan<byte> body, out _) != OfpError.None
                || info?.Raw != OfpRaw.Ofpst14TableDescReply)
            {
                throw new CliException($"received bad reply: {OfctlVconn.ToText(reply, vconn.Options.Verbosity + 1)}");
            }

            while (found is null && !body.IsEmpty
                && TableDesc.TryPull(ref body, reply[0], null, out TableDesc? desc) == OfpError.None && desc is not null)
            {
                if (desc.TableId == tableId)
                {
                    found = desc;
                }
            }
        }

        return found;
    }

    private static byte[] Encode(TableMod mod, byte version)
    {
        var writer = new ArrayBufferWriter<byte>();
        mod.Encode(version, Ovs.Ofproto.Vconn.OfpXid.Next(), writer);
        return writer.WrittenSpan.ToArray();
    }
}
