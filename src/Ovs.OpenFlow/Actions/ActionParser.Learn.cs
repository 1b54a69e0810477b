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
                    if (!byte.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out table) || table == 255)
                    {
                        return $"unknown table \"{value}\"";
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
                        if (e is null && rd.Bits != 1)
                        {
                            return "result_dst in 'learn' action must be a single bit";
                        }

                        resultDst = rd;
                        flags |= LearnAct.FlagWriteResult;
                        break;
                    }

                default:
                    e = ParseLearnSpec(key, value, specs);
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

    private static string? ParseLearnSpec(string name, string value, List<LearnSpec> specs)
    {
        if (name is "load" or "output")
        {
            int arrow = value.IndexOf("->", StringComparison.Ordinal);
            string srcText = name == "load" ? (arrow >= 0 ? value[..arrow] : value) : value;
            Subfield dst = default;
            if (name == "load")
            {
                if (arrow < 0)
                {
                    return $"{value}: missing `->'";
                }

                string? de = Subfield.TryParse(value[(arrow + 2)..], out dst);
                if (de is not null)
                {
                    return de;
                }
            }

            if (Subfield.TryParse(srcText, out Subfield src) is null)
            {
                if (name == "load" && src.Bits != dst.Bits)
                {
                    return $"{value}: bit widths of source and destination differ";
                }

                specs.Add(new LearnSpec { Src = src, Dst = dst, DstType = name == "load" ? LearnSpec.DstLoad : LearnSpec.DstOutput, NBits = src.Bits });
                return null;
            }

            if (name == "output")
            {
                return Subfield.TryParse(srcText, out _);
            }

            string? ie = ParseImmediate(srcText, dst, out byte[] imm);
            if (ie is not null)
            {
                return ie;
            }

            specs.Add(new LearnSpec { SrcIsImmediate = true, Immediate = imm, Dst = dst, DstType = LearnSpec.DstLoad, NBits = dst.Bits });
            return null;
        }

        string? err = Subfield.TryParse(name, out Subfield d);
        if (err is not null)
        {
            return err;
        }

        if (value.Length == 0)
        {
            specs.Add(new LearnSpec { Src = d, Dst = d, DstType = LearnSpec.DstMatch, NBits = d.Bits });
            return null;
        }

        if (Subfield.TryParse(value, out Subfield s) is null)
        {
            if (s.Bits != d.Bits)
            {
                return $"{name}={value}: bit widths of source and destination differ";
            }

            specs.Add(new LearnSpec { Src = s, Dst = d, DstType = LearnSpec.DstMatch, NBits = d.Bits });
            return null;
        }

        string? ve = ParseImmediate(value, d, out byte[] v);
        if (ve is not null)
        {
            return ve;
        }

        specs.Add(new LearnSpec { SrcIsImmediate = true, Immediate = v, Dst = d, DstType = LearnSpec.DstMatch, NBits = d.Bits });
        return null;
    }

    /// <summary>An immediate for <paramref name="dst"/>, right-aligned in the field's width.</summary>
    private static string? ParseImmediate(string text, Subfield dst, out byte[] value)
    {
        value = new byte[dst.Field.Size];
        if (dst.IsWholeField)
        {
            var mask = new byte[dst.Field.Size];
            string? e = FieldParser.Parse(dst.Field, text, value, mask);
            return e;
        }

        byte[] wide;
        if (TryStrToULong(text, out ulong v))
        {
            wide = ToBytes(v);
        }
        else if (!TryParseWide(text, out wide))
        {
            return $"{text}: cannot parse integer value";
        }

        if (SignificantBits(wide) > dst.Bits)
        {
            return $"{text}: value does not fit into {dst.Bits} bits";
        }

        for (int k = 0; k < dst.Bits; k++)
        {
            OfpActText.SetBit(value, k, OfpActText.GetBit(wide, k));
        }

        return null;
    }
}
