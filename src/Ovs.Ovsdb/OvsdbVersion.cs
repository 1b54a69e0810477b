// Upstream: ovsdb/ovsdb.c, ovsdb_parse_version() and ovsdb_is_valid_version() (OVS 3.1)
//
// Schema versions are three dot-separated decimal numbers (leading zeros allowed), compared numerically part by
// part. Used by schema loading and by "ovsdb-tool compare-versions".
using System.Globalization;

namespace Ovs.Ovsdb;

/// <summary>A schema version x.y.z.</summary>
public readonly record struct OvsdbVersion(uint Major, uint Minor, uint Patch) : IComparable<OvsdbVersion>
{
    /// <summary>True if <paramref name="s"/> is exactly three non-empty digit runs separated by dots.</summary>
    public static bool IsValid(string s)
    {
        string[] parts = s.Split('.');
        return parts.Length == 3 && Array.TrueForAll(parts, p => p.Length > 0 && p.All(char.IsAsciiDigit));
    }

    public static bool TryParse(string s, out OvsdbVersion version)
    {
        version = default;
        string[] parts = s.Split('.');
        if (parts.Length != 3)
        {
            return false;
        }

        var numbers = new uint[3];
        for (int i = 0; i < 3; i++)
        {
            if (parts[i].Length == 0 || !parts[i].All(char.IsAsciiDigit)
                || !uint.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return false;
            }
        }

        version = new OvsdbVersion(numbers[0], numbers[1], numbers[2]);
        return true;
    }

    public int CompareTo(OvsdbVersion other) =>
        Major != other.Major ? Major.CompareTo(other.Major)
        : Minor != other.Minor ? Minor.CompareTo(other.Minor)
        : Patch.CompareTo(other.Patch);

    public static bool operator <(OvsdbVersion left, OvsdbVersion right) => left.CompareTo(right) < 0;

    public static bool operator <=(OvsdbVersion left, OvsdbVersion right) => left.CompareTo(right) <= 0;

    public static bool operator >(OvsdbVersion left, OvsdbVersion right) => left.CompareTo(right) > 0;

    public static bool operator >=(OvsdbVersion left, OvsdbVersion right) => left.CompareTo(right) >= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}");
}
