// Upstream: lib/ofp-meter.c, parse_ofp_meter_mod_str() (OVS 3.1)
//
// The meter syntax of ovs-ofctl's meter commands: "meter=ID" ("all", "controller", "slowpath" or 1 through
// 0xffff0000), the flags kbps, pktps, burst and stats, and after the word "band" a list of bands, each starting with
// "type=drop" or "type=dscp_remark" and taking rate, burst_size and prec_level. Words are split as strtok_r() splits
// them: a name ends at '=', ',' or white space, its value at ',' or white space. Error texts are upstream's.
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Messages;

namespace Ovs.OpenFlow.Text;

internal static class MeterParser
{
    public const uint MeterMax = 0xffff0000;
    public const uint MeterSlowpath = 0xfffffffd;
    public const uint MeterController = 0xfffffffe;
    public const uint MeterAll = 0xffffffff;

    private const string NameDelimiters = "=, \t\r\n";
    private const string ValueDelimiters = ", \t\r\n";

    /// <summary>
    /// Parses <paramref name="text"/> for <paramref name="command"/>; null means a meter request (only "meter=").
    /// Returns null or the error text.
    /// </summary>
    public static string? Parse(string text, MeterModCommand? command, out MeterMod? mod)
    {
        mod = null;
        bool flagsAndBands = command is MeterModCommand.Add or MeterModCommand.Modify;
        string? bandText = null;
        if (flagsAndBands)
        {
            int band = text.IndexOf("band", StringComparison.Ordinal);
            int equals = band < 0 ? -1 : text.IndexOf('=', band + 1);
            if (equals < 0)
            {
                return "must specify bands";
            }

            bandText = text[(equals + 1)..];
            text = text[..band];
        }

        uint meterId = 0;
        MeterFlags flags = MeterFlags.None;
        var tokens = new Tokenizer(text);
        while (tokens.Next(NameDelimiters) is { } name)
        {
            MeterFlags flag = flagsAndBands ? name switch
            {
                "kbps" => MeterFlags.Kbps,
                "pktps" => MeterFlags.Pktps,
                "burst" => MeterFlags.Burst,
                "stats" => MeterFlags.Stats,
                _ => MeterFlags.None,
            } : MeterFlags.None;
            if (flag != MeterFlags.None)
            {
                flags |= flag;
                continue;
            }

            if (tokens.Next(ValueDelimiters) is not { } value)
            {
                return $"field {name} missing value";
            }

            if (name != "meter")
            {
                return $"unknown keyword {name}";
            }

            string? error = ParseMeterId(value, out meterId);
            if (error is not null)
            {
                return error;
            }
        }

        if (meterId == 0)
        {
            return "must specify 'meter'";
        }

        if (flagsAndBands && flags == MeterFlags.None)
        {
            return "meter must specify either 'kbps' or 'pktps'";
        }

        var bands = new List<MeterBand>();
        if (bandText is not null)
        {
            string? error = ParseBands(bandText, flags, bands);
            if (error is not null)
            {
                return error;
            }
        }

        mod = new MeterMod(command ?? MeterModCommand.Delete, new MeterConfig(meterId, flags, [.. bands]));
        return null;
    }

    private static string? ParseMeterId(string value, out uint meterId)
    {
        meterId = value switch
        {
            "all" => MeterAll,
            "controller" => MeterController,
            "slowpath" => MeterSlowpath,
            _ => 0,
        };
        if (meterId != 0)
        {
            return null;
        }

        string? error = ActionParser.StrToU32(value, out meterId);
        if (error is not null)
        {
            return error;
        }

        return meterId is 0 or > MeterMax ? "invalid value for meter" : null;
    }

    private static string? ParseBands(string text, MeterFlags flags, List<MeterBand> bands)
    {
        var tokens = new Tokenizer(text);
        while (tokens.Next(NameDelimiters) is { } name)
        {
            if (tokens.Next(ValueDelimiters) is not { } value)
            {
                return $"field {name} missing value";
            }

            if (name == "type")
            {
                MeterBandType type = value switch
                {
                    "drop" => MeterBandType.Drop,
                    "dscp_remark" => MeterBandType.DscpRemark,
                    _ => 0,
                };
                if (type == 0)
                {
                    return $"field {name} unknown value {value}";
                }

                bands.Add(new MeterBand(type, 0, 0, 0));
                continue;
            }

            if (bands.Count == 0)
            {
                return "band must start with the 'type' keyword";
            }

            MeterBand band = bands[^1];
            string? error;
            switch (name)
            {
                case "rate":
                    error = ActionParser.StrToU32(value, out uint rate);
                    band = band with { Rate = rate };
                    break;
                case "burst_size":
                    error = ActionParser.StrToU32(value, out uint burst);
                    band = band with { BurstSize = burst };
                    break;
                case "prec_level":
                    error = ActionParser.StrToU8(value, name, out byte prec);
                    band = band with { PrecLevel = prec };
                    break;
                default:
                    return $"unknown keyword {name}";
            }

            if (error is not null)
            {
                return error;
            }

            bands[^1] = band;
        }

        return bands.Count == 0 ? "meter must have bands" : ValidateBands(bands, flags);
    }

    private static string? ValidateBands(List<MeterBand> bands, MeterFlags flags)
    {
        foreach (MeterBand band in bands)
        {
            if (band.Type == MeterBandType.DscpRemark ? band.PrecLevel == 0 : band.PrecLevel != 0)
            {
                return band.Type == MeterBandType.DscpRemark
                    ? "'dscp_remark' band must have 'prec_level'"
                    : "Only 'dscp_remark' band may have 'prec_level'";
            }

            if (band.Rate == 0)
            {
                return "band must have 'rate'";
            }

            bool burst = (flags & MeterFlags.Burst) != 0;
            if (burst ? band.BurstSize == 0 : band.BurstSize != 0)
            {
                return burst ? "band must have 'burst_size' when 'burst' flag is set" : "band may have 'burst_size' only when 'burst' flag is set";
            }
        }

        return null;
    }

    /// <summary>strtok_r(): skips leading delimiters, returns the next run of non-delimiters (null at the end).</summary>
    private ref struct Tokenizer(string text)
    {
        private int _position;

        public string? Next(string delimiters)
        {
            while (_position < text.Length && delimiters.Contains(text[_position], StringComparison.Ordinal))
            {
                _position++;
            }

            if (_position >= text.Length)
            {
                return null;
            }

            int start = _position;
            while (_position < text.Length && !delimiters.Contains(text[_position], StringComparison.Ordinal))
            {
                _position++;
            }

            string token = text[start.._position];

            // strtok_r consumes the one delimiter that ended the token.
            if (_position < text.Length)
            {
                _position++;
            }

            return token;
        }
    }
}
