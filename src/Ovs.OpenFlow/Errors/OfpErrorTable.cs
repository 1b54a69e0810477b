// Upstream: lib/ofp-errors.c, the per-version error domains (OVS 3.1)
//
// Looks errors up by name, by value, and by their wire triplet (vendor, type, code) in one version. Encoding uses
// the mapping that covers the version; decoding takes the first error, in catalogue order, whose mapping matches.
using System.Collections.Frozen;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Errors;

internal static partial class OfpErrorTable
{
    public static OfpErrorInfo Info(OfpError error) => Rows[(int)error - 1];

    public static string Name(OfpError error) => error is OfpError.None or OfpError.InvalidArgument ? "<invalid>" : Info(error).Name;

    public static bool TryParse(string name, out OfpError error) => Index.ByName.TryGetValue(name, out error);

    /// <summary>The encoding of <paramref name="error"/> in <paramref name="version"/>, if it has one.</summary>
    public static bool TryGetMapping(OfpError error, byte version, out OfpErrorMapping mapping)
    {
        mapping = default;
        if (error == OfpError.InvalidArgument)
        {
            return false;
        }

        foreach (OfpErrorMapping m in Info(error).Mappings)
        {
            if (version >= m.MinVersion && version <= m.MaxVersion)
            {
                mapping = m;
                return true;
            }
        }

        mapping = default;
        return false;
    }

    /// <summary>The error that (vendor, type, code) means in <paramref name="version"/>, or None.</summary>
    public static OfpError Decode(byte version, uint vendor, ushort type, ushort code) =>
        Index.ByTriplet.TryGetValue((version, vendor, type, code), out OfpError error) ? error : OfpError.None;

    // In a nested class so that Rows (declared in another file of this partial class) is initialized first.
    private static class Index
    {
        public static readonly FrozenDictionary<string, OfpError> ByName = BuildNames();
        public static readonly FrozenDictionary<(byte Version, uint Vendor, ushort Type, ushort Code), OfpError> ByTriplet = BuildTriplets();
    }

    private static FrozenDictionary<string, OfpError> BuildNames()
    {
        var names = new Dictionary<string, OfpError>(StringComparer.Ordinal);
        foreach (OfpErrorInfo info in Rows)
        {
            names.Add(info.Name, info.Error);
        }

        return names.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static FrozenDictionary<(byte, uint, ushort, ushort), OfpError> BuildTriplets()
    {
        var triplets = new Dictionary<(byte, uint, ushort, ushort), OfpError>();
        foreach (OfpErrorInfo info in Rows)
        {
            foreach (OfpErrorMapping m in info.Mappings)
            {
                for (int v = m.MinVersion; v <= m.MaxVersion && v <= OfpVersions.Max; v++)
                {
                    triplets.TryAdd(((byte)v, (uint)m.Vendor, m.Type, m.Code), info.Error);
                }
            }
        }

        return triplets.ToFrozenDictionary();
    }
}
