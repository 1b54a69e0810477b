// Upstream: lib/ofp-table.c, ofputil_table_features_format(), ofputil_table_features_format_finish() and the
// equality helpers they use (OVS 3.1)
//
// Prints a sequence of tables (features, and statistics for table statistics replies) the way ovs-ofctl does:
// a table whose features and statistics equal the previous one's and that has no name is folded into a
// "table N: ditto" or "tables N...M: ditto" line, and parts that equal the previous table's say "(same ...)".
using System.Globalization;
using System.Text;
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Messages;

namespace Ovs.OpenFlow.Text;

internal sealed class TableFeaturesFormatter
{
    private static readonly string[] s_instructionNames = ["meter", "apply_actions", "clear_actions", "write_actions", "write_metadata", "goto_table"];

    private readonly StringBuilder _sb;
    private TableFeatures _prevFeatures;
    private TableStats _prevStats;
    private bool _havePrev;
    private int _firstDitto = -1;
    private int _lastDitto = -1;

    public TableFeaturesFormatter(StringBuilder sb) => _sb = sb;

    public void Add(in TableFeatures features, TableStats? stats)
    {
        StringBuilder s = _sb;
        if (!_havePrev && features.Command != TableFeaturesCommand.Replace)
        {
            s.Append("\n  command: ").Append(features.Command switch
            {
                TableFeaturesCommand.Modify => "modify",
                TableFeaturesCommand.Enable => "enable",
                TableFeaturesCommand.Disable => "disable",
                _ => "***bad command***",
            });
        }

        bool sameStats = stats is null || (_havePrev && StatsEqual(stats.Value, _prevStats));
        bool sameFeatures = _havePrev && FeaturesEqual(features, _prevFeatures);
        bool hadPrev = _havePrev;
        TableFeatures prev = _prevFeatures;
        _prevFeatures = features;
        _prevStats = stats ?? default;
        _havePrev = true;

        if (sameStats && sameFeatures && features.Name.Length == 0)
        {
            if (_firstDitto < 0)
            {
                _firstDitto = features.TableId;
            }

            _lastDitto = features.TableId;
            return;
        }

        Finish();
        s.Append("\n  table ").Append(features.TableId);
        if (features.Name.Length > 0)
        {
            s.Append(" (\"").Append(features.Name).Append("\")");
        }

        s.Append(':');
        if (sameStats && sameFeatures)
        {
            s.Append(" ditto");
            return;
        }

        s.Append('\n');
        if (stats is { } st)
        {
            s.Append("    active=").Append(st.ActiveCount).Append(", lookup=").Append(st.LookupCount)
                .Append(", matched=").Append(st.MatchedCount).Append('\n');
        }

        if (sameFeatures)
        {
            if (!IsEmpty(features))
            {
                s.Append("    (same features)\n");
            }

            return;
        }

        AppendFeatures(features, hadPrev ? prev : null);
    }

    /// <summary>Emits a pending run of ditto tables.</summary>
    public void Finish()
    {
        if (_firstDitto < 0)
        {
            return;
        }

        _sb.Append('\n');
        if (_firstDitto == _lastDitto)
        {
            _sb.Append("  table ").Append(_firstDitto).Append(": ditto\n");
        }
        else
        {
            _sb.Append("  tables ").Append(_firstDitto).Append("...").Append(_lastDitto).Append(": ditto\n");
        }

        _firstDitto = -1;
    }

    private void AppendFeatures(in TableFeatures f, TableFeatures? prev)
    {
        StringBuilder s = _sb;
        if (f.MetadataMatch != 0 || f.MetadataWrite != 0)
        {
            s.Append("    metadata: match=").Append(HexAlt(f.MetadataMatch)).Append(" write=").Append(HexAlt(f.MetadataWrite)).Append('\n');
        }

        if (f.MissConfig != TableMissConfig.Default)
        {
            s.Append("    config=").Append(f.MissConfig switch
            {
                TableMissConfig.Controller => "controller",
                TableMissConfig.Continue => "continue",
                _ => "drop",
            }).Append('\n');
        }

        if (f.SupportsEviction >= 0)
        {
            s.Append("    eviction: ").Append(f.SupportsEviction != 0 ? string.Empty : "not ").Append("supported\n");
        }

        if (f.SupportsVacancyEvents >= 0)
        {
            s.Append("    vacancy events: ").Append(f.SupportsVacancyEvents != 0 ? string.Empty : "not ").Append("supported\n");
        }

        if (f.MaxEntries != 0)
        {
            s.Append("    max_entries=").Append(f.MaxEntries).Append('\n');
        }

        int table = f.TableId;
        if (prev is { } p
            && InstructionsEqual(f.Nonmiss, table, p.Nonmiss, p.TableId)
            && InstructionsEqual(f.Miss, table, p.Miss, p.TableId))
        {
            if (!f.Nonmiss.IsEmpty)
            {
                s.Append("    (same instructions)\n");
            }
        }
        else if (!InstructionsEqual(f.Nonmiss, table, f.Miss, table))
        {
            s.Append("    instructions (other than table miss):\n");
            AppendInstructionFeatures(f.Nonmiss, prev?.Nonmiss);
            s.Append("    instructions (table miss):\n");
            AppendInstructionFeatures(f.Miss, prev?.Miss);
        }
        else if (!f.Nonmiss.IsEmpty)
        {
            s.Append("    instructions (table miss and others):\n");
            AppendInstructionFeatures(f.Nonmiss, prev?.Nonmiss);
        }

        if (!f.Match.IsEmpty)
        {
            if (prev is { } q && f.Match == q.Match)
            {
                s.Append("    (same matching)\n");
            }
            else
            {
                s.Append("    matching:\n");
                AppendMatches(f, mask: true, wildcard: true, "arbitrary mask");
                AppendMatches(f, mask: false, wildcard: true, "exact match or wildcard");
                AppendMatches(f, mask: false, wildcard: false, "must exact match");
            }
        }
    }

    private void AppendInstructionFeatures(in TableInstructionFeatures tif, TableInstructionFeatures? prev)
    {
        StringBuilder s = _sb;
        if (!tif.Next.IsEmpty)
        {
            s.Append("      next tables: ");
            for (int start = tif.Next.NextSet(0); start >= 0 && start < 255;)
            {
                int end = start + 1;
                while (end < 255 && tif.Next[end])
                {
                    end++;
                }

                s.Append(start);
                if (end != start + 1)
                {
                    s.Append('-').Append(end - 1);
                }

                s.Append(',');
                start = end < 255 ? tif.Next.NextSet(end) : -1;
            }

            s.Length--;
            s.Append('\n');
        }

        if (tif.Instructions != 0)
        {
            if (prev is { } p && tif.Instructions == p.Instructions)
            {
                s.Append("      (same instructions)\n");
            }
            else
            {
                s.Append("      instructions:");
                for (int i = 0; i < 32; i++)
                {
                    if ((tif.Instructions & (1u << i)) != 0)
                    {
                        s.Append(' ');
                        if (i < s_instructionNames.Length)
                        {
                            s.Append(s_instructionNames[i]);
                        }
                        else
                        {
                            s.Append(i);
                        }
                    }
                }

                s.Append('\n');
            }
        }

        if (prev is { } q && tif.Write.Equals(q.Write) && tif.Apply.Equals(q.Apply) && !tif.Write.SetFields.IsEmpty)
        {
            s.Append("      (same actions)\n");
        }
        else if (!tif.Write.Equals(tif.Apply))
        {
            s.Append("      Write-Actions features:\n");
            AppendActionFeatures(tif.Write);
            s.Append("      Apply-Actions features:\n");
            AppendActionFeatures(tif.Apply);
        }
        else if (tif.Write.Actions != 0 || !tif.Write.SetFields.IsEmpty)
        {
            s.Append("      Write-Actions and Apply-Actions features:\n");
            AppendActionFeatures(tif.Write);
        }
    }

    private void AppendActionFeatures(in TableActionFeatures taf)
    {
        StringBuilder s = _sb;
        if (taf.Actions != 0)
        {
            s.Append("        actions:");
            for (int kind = 0; kind < 64; kind++)
            {
                if ((taf.Actions & (1UL << kind)) != 0)
                {
                    s.Append(' ').Append(TableBitmaps.ActionName((OfpActKind)kind));
                }
            }

            s.Append('\n');
        }

        if (!taf.SetFields.IsEmpty)
        {
            s.Append("        supported on Set-Field:");
            FieldNameList.Append(s, taf.SetFields);
            s.Append('\n');
        }
    }

    private void AppendMatches(in TableFeatures f, bool mask, bool wildcard, string title)
    {
        Bitmap256 m = mask ? f.Mask : ~f.Mask;
        Bitmap256 w = wildcard ? f.Wildcard : ~f.Wildcard;
        Bitmap256 fields = f.Match & m & w;
        if (!fields.IsEmpty)
        {
            _sb.Append("      ").Append(title).Append(':');
            FieldNameList.Append(_sb, fields);
            _sb.Append('\n');
        }
    }

    private static string HexAlt(ulong value) =>
        value == 0 ? "0" : "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    private static bool StatsEqual(TableStats a, TableStats b) =>
        a.ActiveCount == b.ActiveCount && a.LookupCount == b.LookupCount && a.MatchedCount == b.MatchedCount;

    // Next-table sets are equal when they differ only in the later table of two consecutive ones, which a table can
    // reach but not itself go back to.
    private static bool NextEqual(Bitmap256 a, int aTable, Bitmap256 b, int bTable)
    {
        if (bTable == aTable + 1 && bTable < 255 && a[bTable] && !b[bTable])
        {
            Bitmap256 aWithout = a;
            aWithout.Clear(bTable);
            return aWithout == b;
        }

        return aTable == bTable + 1 ? NextEqual(b, bTable, a, aTable) : a == b;
    }

    private static bool InstructionsEqual(in TableInstructionFeatures a, int aTable, in TableInstructionFeatures b, int bTable) =>
        NextEqual(a.Next, aTable, b.Next, bTable)
        && a.Instructions == b.Instructions
        && a.Write.Equals(b.Write)
        && a.Apply.Equals(b.Apply);

    private static bool FeaturesEqual(in TableFeatures a, in TableFeatures b) =>
        a.MetadataMatch == b.MetadataMatch
        && a.MetadataWrite == b.MetadataWrite
        && a.MissConfig == b.MissConfig
        && a.SupportsEviction == b.SupportsEviction
        && a.SupportsVacancyEvents == b.SupportsVacancyEvents
        && a.MaxEntries == b.MaxEntries
        && InstructionsEqual(a.Nonmiss, a.TableId, b.Nonmiss, b.TableId)
        && InstructionsEqual(a.Miss, a.TableId, b.Miss, b.TableId)
        && a.Match == b.Match;

    private static bool IsEmpty(in TableFeatures f) =>
        f.MetadataMatch == 0
        && f.MetadataWrite == 0
        && f.MissConfig == TableMissConfig.Default
        && f.SupportsEviction < 0
        && f.SupportsVacancyEvents < 0
        && f.MaxEntries == 0
        && f.Nonmiss.IsEmpty
        && f.Miss.IsEmpty
        && f.Match.IsEmpty;
}
