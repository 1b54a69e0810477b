// Upstream: learn_parse() and learn_parse_spec() of lib/learn.c (OVS 3.1); ovs-actions(7) "The learn action".
using System.Globalization;
using Ovs.Flow.Fields;
using Ovs.Flow.Text;
using Ovs.OpenFlow.Text;

namespace Ovs.OpenFlow.Actions;

internal sealed partial class ActionParser
{
    private static string? ParseLearn(string arg, List<OfpAct> output)
    {
        ushort idle = 0, hard = 0, finIdle = 0, finHard = 0, priority = 0x8000, flags = 0;
        byte table = 1;
        ulong cookie = 0;
        uint limit = 0;
        Subfield? resultDst = null;
        var specs = new List<LearnSpec>();
        int position = 0;
        while (KeyValueParser.TryNext(arg, ref position, out string key, out string value))
        {
            string? e = null;
            switch (key)
            {
                case "table":
                    if (!byte.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out table))
                    {
                        return $"unknown table \"{value}\"";
                    }

                    if (table == 255)
                    {
                        return $"{arg}: table id 255 not valid for `learn' action";
                    }

                    break;
                case "priority":
                    e = StrToU16(value, key, out priority);
                    break;
                case "idle_timeout":
                    e = StrToU16(value, key, out idle);
                    break;
                case "hard_timeout":
                    e = StrToU16(value, key, out hard);
                    break;
                case "fin_idle_timeout":
                    e = StrToU16(value, key, out finIdle);
                    break;
                case "fin_hard_timeout":
                    e = StrToU16(value, key, out finHard);
                    break;
                case "cookie":
                    e = StrToU64(value, out cookie);
                    break;
                case "send_flow_rem":
                    flags |= LearnAct.FlagSendFlowRem;
                    break;
                case "delete_learned":
                    flags |= LearnAct.FlagDeleteLearned;
                    break;
                case "limit":
                    e = StrToU32(value, out limit);
                    break;
                case "result_dst":
                    {
                        e = Subfield.TryParse(value, out Subfield rd);
                        if (e is null && !rd.Field.Writable)
                        {
                            return $"{value} is read-only";
                        }

                        if (e is null && rd.Bits != 1)
                        {
                            return "result_dst in 'learn' action must be a single bit";
                        }

                        resultDst = rd;
                        flags |= LearnAct.FlagWriteResult;
                        break;
                    }

                default:
                    e = ParseLearnSpec(arg, key, value, specs);
                    break;
            }

            if (e is not null)
            {
                return e;
            }
        }

        output.Add(new LearnAct
        {
            IdleTimeout = idle,
            HardTimeout = hard,
            FinIdleTimeout = finIdle,
            FinHardTimeout = finHard,
            Priority = priority,
            Flags = flags,
            TableId = table,
            Cookie = cookie,
            Limit = limit,
            ResultDst = resultDst,
            Specs = specs,
        });
        return null;
    }

    // One flow_mod spec of a learn action: FIELD[=SRC|=VALUE] (a match), load:SRC->DST or load:VALUE->DST, or
    // output:SRC. Errors about the spec name the whole learn argument (orig), as upstream's do.
    private static string? ParseLearnSpec(string orig, string name, string value, List<LearnSpec> specs)
    {
        if (Subfield.TryParse(name, out Subfield dst) is not null)
        {
            return name switch
            {
                "load" => ParseLearnLoad(value, specs),
                "output" => ParseLearnOutput(value, specs),
                _ => $"{orig}: unknown keyword {name}",
            };
        }

        if (!HasNxmHeader(dst.Field))
        {
            return $"{orig}: experimenter OXM field '{name}' not supported";
        }

        if (value.Length == 0)
        {
            specs.Add(new LearnSpec { Src = dst, Dst = dst, DstType = LearnSpec.DstMatch, NBits = dst.Bits });
            return null;
        }

        string? subfieldError = Subfield.TryParse(value, out Subfield src);
        if (subfieldError is null)
        {
            if (src.Bits != dst.Bits)
            {
                return $"{orig}: bit widths of {name} ({src.Bits}) and {value} ({dst.Bits}) differ";
            }

            specs.Add(new LearnSpec { Src = src, Dst = dst, DstType = LearnSpec.DstMatch, NBits = dst.Bits });
            return null;
        }

        string? immediateError = ParseMatchImmediate(orig, value, dst, out byte[] immediate);
        if (immediateError is not null)
        {
            return $"{orig}: {name} value {value} cannot be parsed as a subfield ({subfieldError}) or an immediate value ({immediateError})";
        }

        specs.Add(new LearnSpec { SrcIsImmediate = true, Immediate = immediate, Dst = dst, DstType = LearnSpec.DstMatch, NBits = dst.Bits });
        return null;
    }

    // load:VALUE->DST when VALUE reads as an integer, else load:SRC->DST as in "move".
    private static string? ParseLearnLoad(string value, List<LearnSpec> specs)
    {
        int arrow = value.IndexOf("->", StringComparison.Ordinal);
        if (arrow == 0)
        {
            return $"load: missing source before `->' in `{value}'";
        }

        if (arrow < 0)
        {
            return $"load: missing `->' in `{value}'";
        }

        Span<byte> wide = stackalloc byte[128];
        if (FieldParser.ParseIntString(value, 0, wide, out int tail) == 0 && tail > 0)
        {
            if (tail != arrow)
            {
                return $"load: garbage before `->' in `{value}'";
            }

            string dstText = value[(arrow + 2)..];
            string? e = Subfield.TryParse(dstText, out Subfield dst);
            if (e is not null)
            {
                return e;
            }

            if (!HasNxmHeader(dst.Field))
            {
                return $"{value}: experimenter OXM field '{dstText}' not supported";
            }

            if (!Subfield.AreBitsZero(wide, dst.Bits, (wide.Length * 8) - dst.Bits))
            {
                return $"{value}: value does not fit into {dst.Bits} bits";
            }

            var immediate = new byte[dst.Field.Size];
            for (int k = 0; k < dst.Bits; k++)
            {
                OfpActText.SetBit(immediate, k, OfpActText.GetBit(wide, k));
            }

            specs.Add(new LearnSpec { SrcIsImmediate = true, Immediate = immediate, Dst = dst, DstType = LearnSpec.DstLoad, NBits = dst.Bits });
            return null;
        }

        var moves = new List<OfpAct>();
        string? moveError = ParseMove(value, moves);
        if (moveError is not null)
        {
            return moveError;
        }

        var move = (RegMoveAct)moves[0];
        specs.Add(new LearnSpec { Src = move.Src, Dst = move.Dst, DstType = LearnSpec.DstLoad, NBits = move.Src.Bits });
        return null;
    }

    private static string? ParseLearnOutput(string value, List<LearnSpec> specs)
    {
        string? e = Subfield.TryParse(value, out Subfield src);
        return e ?? AddSpec(specs, new LearnSpec { Src = src, DstType = LearnSpec.DstOutput, NBits = src.Bits });
    }

    private static string? AddSpec(List<LearnSpec> specs, LearnSpec spec)
    {
        specs.Add(spec);
        return null;
    }

    // A field that learn, multipath and bundle_load can name: one with an NXM header (not only an experimenter OXM).
    private static bool HasNxmHeader(FieldInfo field) => field.Header(0) is { IsExperimenter: false };

    /// <summary>
    /// The immediate of a match spec, right-aligned in the field's width: the field's own syntax when the subfield is
    /// the whole field, else an integer that must fit the subfield's bits.
    /// </summary>
    private static string? ParseMatchImmediate(string orig, string text, Subfield dst, out byte[] value)
    {
        value = new byte[dst.Field.Size];
        if (dst.IsWholeField)
        {
            var mask = new byte[dst.Field.Size];
            return FieldParser.Parse(dst.Field, text, value, mask);
        }

        if (FieldParser.ParseIntString(text, 0, value, out int tail) != 0 || tail != text.Length)
        {
            return $"{orig}: cannot parse integer value";
        }

        if (!Subfield.AreBitsZero(value, dst.Bits, (value.Length * 8) - dst.Bits))
        {
            return $"{orig}: value {FieldFormatter.Format(dst.Field, value)} does not fit into {dst.Bits} bits";
        }

        return null;
    }
}
