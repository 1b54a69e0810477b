// Datum parsing against datum-cases.json (each value inserted by "ovsdb-tool transact" into a one-column table,
// then read back with "ovsdb-tool query"), plus the set algebra and diffs used by mutations and update2.
using Ovs.Json;

namespace Ovs.Ovsdb.Tests;

public sealed class DatumTests
{
    private static readonly OvsdbType s_intSet = new(BaseType.Integer, null, 0, OvsdbType.Unlimited);
    private static readonly OvsdbType s_stringMap = new(BaseType.String, BaseType.String, 0, OvsdbType.Unlimited);

    public static IEnumerable<object[]> Cases => TestData.Indexes("datum-cases.json");

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesOvsdbToolTransact(int index)
    {
        JsonObject c = TestData.Case("datum-cases.json", index);
        Assert.Null(OvsdbType.TryFromJson(c["type"]!, out OvsdbType type));
        OvsdbError? error = Datum.TryFromJson(c["value"]!, type, new TestSymbolTable(), out Datum datum);
        if (c["error"] is JsonObject expected)
        {
            Assert.NotNull(error);
            AssertJson.Equal(expected, error.ToJson());
            return;
        }

        Assert.Null(error);
        JsonValue stored = c["stored"]!;
        if (c["value"] is JsonArray { Count: 2 } named && named[0] is JsonString { Value: "named-uuid" })
        {
            // The real UUID is random; only its form can be compared.
            Assert.Equal("uuid", datum.ToJson(type).AsArray()[0].AsString());
            return;
        }

        AssertJson.Equal(stored, datum.ToJson(type));
        Assert.Null(datum.CheckConstraints(type));
        Assert.Null(Datum.TryFromJson(datum.ToJson(type), type, null, out Datum again));
        Assert.Equal(datum, again);
    }

    [Fact]
    public void SingleElementSetsAreWrittenBare()
    {
        Assert.Equal("5", Set(5).ToJson(s_intSet).ToString());
        Assert.Equal("""["set",[]]""", Datum.EmptySet.ToJson(s_intSet).ToString());
        Assert.Equal("""["set",[1,2]]""", Set(2, 1).ToJson(s_intSet).ToString());
        Assert.Equal("""["map",[["k","v"]]]""", Map(("k", "v")).ToJson(s_stringMap).ToString());
        Assert.Equal("""["map",[]]""", Datum.EmptyMap.ToJson(s_stringMap).ToString());
    }

    [Fact]
    public void DefaultsFollowTheMinimum()
    {
        Assert.Equal("0", Datum.Default(OvsdbType.Integer).ToJson(OvsdbType.Integer).ToString());
        Assert.True(Datum.Default(s_intSet).IsEmpty);
        var oneMap = new OvsdbType(BaseType.String, BaseType.Integer);
        Assert.Equal("""["map",[["",0]]]""", Datum.Default(oneMap).ToJson(oneMap).ToString());
        Assert.True(Datum.Default(oneMap).IsDefault(oneMap));
        Assert.False(Set(1).IsDefault(OvsdbType.Integer));
    }

    [Fact]
    public void CreateSortsAndDropsDuplicates()
    {
        Assert.Equal(Set(1, 2, 3), Datum.CreateSet([Atom.Integer(3), Atom.Integer(1), Atom.Integer(3), Atom.Integer(2)]));
        Datum map = Datum.CreateMap([new(S("b"), S("1")), new(S("a"), S("2")), new(S("b"), S("3"))]);
        Assert.Equal("{a=\"2\", b=\"1\"}", map.ToDisplayString(s_stringMap));
        Assert.Equal("set contains duplicate", Datum.TryCreate([Atom.Integer(1), Atom.Integer(1)], null, out _)!.Details);
        Assert.Equal("map contains duplicate key", Datum.TryCreate([S("a"), S("a")], [S("1"), S("2")], out _)!.Details);
    }

    [Fact]
    public void UnionKeepsExistingMapValues()
    {
        Assert.Equal(Set(0, 1, 2, 3, 9), Set(1, 2, 3).Union(Set(0, 2, 9)));
        Assert.Equal(Map(("k", "v"), ("x", "y"), ("z", "1")), Map(("k", "v"), ("x", "y")).Union(Map(("k", "new"), ("z", "1"))));
        Assert.Same(Datum.EmptySet, Datum.EmptySet.Union(Datum.EmptySet));
    }

    [Fact]
    public void SubtractMatchesPairsOrKeys()
    {
        Assert.Equal(Set(1, 3), Set(1, 2, 3).Subtract(Set(2, 9)));
        Assert.Equal(Map(("x", "y")), Map(("k", "v"), ("x", "y")).Subtract(Map(("k", "v"), ("x", "nope"))));
        Assert.Equal(Datum.EmptyMap, Map(("k", "v"), ("x", "y")).Subtract(Datum.CreateSet([S("k"), S("x")])));
    }

    [Fact]
    public void InclusionTests()
    {
        Assert.True(Datum.IncludesAll(Set(1, 2), Set(1, 2, 3)));
        Assert.False(Datum.IncludesAll(Set(2, 4), Set(1, 2, 3)));
        Assert.True(Datum.IncludesAll(Datum.EmptySet, Datum.EmptySet));
        Assert.True(Datum.ExcludesAll(Set(4, 5), Set(1, 2, 3)));
        Assert.False(Datum.ExcludesAll(Set(3, 5), Set(1, 2, 3)));
        Assert.True(Datum.IncludesAll(Map(("k", "v")), Map(("k", "v"), ("x", "y"))));
        Assert.False(Datum.IncludesAll(Map(("k", "w")), Map(("k", "v"), ("x", "y"))));
        Assert.True(Datum.ExcludesAll(Map(("k", "w")), Map(("k", "v"))));
    }

    [Fact]
    public void SetDiffIsTheSymmetricDifference()
    {
        Datum oldSet = Set(1, 2, 3);
        Datum newSet = Set(2, 3, 4, 5);
        Datum diff = Datum.Diff(oldSet, newSet, s_intSet);
        Assert.Equal(Set(1, 4, 5), diff);
        Assert.Null(Datum.ApplyDiff(oldSet, diff, s_intSet, out Datum applied));
        Assert.Equal(newSet, applied);
    }

    [Fact]
    public void MapDiffCarriesNewValuesAndRemovedPairs()
    {
        Datum oldMap = Map(("a", "1"), ("b", "2"), ("c", "3"));
        Datum newMap = Map(("b", "2"), ("c", "30"), ("d", "4"));
        Datum diff = Datum.Diff(oldMap, newMap, s_stringMap);

        // "a" was removed (old value), "c" changed (new value), "d" was added; "b" is unchanged.
        Assert.Equal(Map(("a", "1"), ("c", "30"), ("d", "4")), diff);
        Assert.Null(Datum.ApplyDiff(oldMap, diff, s_stringMap, out Datum applied));
        Assert.Equal(newMap, applied);
    }

    [Fact]
    public void ScalarDiffIsTheNewValue()
    {
        Assert.Equal(Set(7), Datum.Diff(Set(5), Set(7), OvsdbType.Integer));
        Assert.Null(Datum.ApplyDiff(Set(5), Set(7), OvsdbType.Integer, out Datum applied));
        Assert.Equal(Set(7), applied);
    }

    [Fact]
    public void OptionalScalarDiffIsTheNewValue()
    {
        // As in the "_is_diff" records ovsdb-tool transact writes: an optional integer changed from 5 to 7 is
        // recorded as 7, while a set of strings changed from "a" to "b" is recorded as ["set",["a","b"]].
        var optional = new OvsdbType(BaseType.Integer, null, 0, 1);
        Assert.Equal(Set(7), Datum.Diff(Set(5), Set(7), optional));
        Assert.Null(Datum.ApplyDiff(Set(5), Set(7), optional, out Datum applied));
        Assert.Equal(Set(7), applied);
        Assert.Null(Datum.ApplyDiff(Set(5), Datum.EmptySet, optional, out applied));
        Assert.True(applied.IsEmpty);

        var names = new OvsdbType(BaseType.String, null, 1, 3);
        Datum diff = Datum.Diff(Datum.Scalar(S("a")), Datum.Scalar(S("b")), names);
        Assert.Equal("""["set",["a","b"]]""", diff.ToJson(names).ToString());
    }

    [Fact]
    public void ApplyDiffChecksTheCardinality()
    {
        var upToTwo = new OvsdbType(BaseType.Integer, null, 0, 2);
        OvsdbError? error = Datum.ApplyDiff(Set(1, 2), Set(3), upToTwo, out Datum result);
        Assert.Equal("ovsdb error: Datum crosses max/min", error?.ToString());
        Assert.Equal(Set(1, 2), result);
    }

    [Fact]
    public void DiffsAgreeWithABruteForceModel()
    {
        var random = new Random(1234);
        for (int round = 0; round < 500; round++)
        {
            Dictionary<long, string> a = RandomMap(random);
            Dictionary<long, string> b = RandomMap(random);
            var type = new OvsdbType(BaseType.Integer, BaseType.String, 0, OvsdbType.Unlimited);
            Datum da = ToDatum(a);
            Datum db = ToDatum(b);
            Datum diff = Datum.Diff(da, db, type);

            var expected = new Dictionary<long, string>();
            foreach ((long k, string v) in a)
            {
                if (!b.TryGetValue(k, out string? nv))
                {
                    expected[k] = v;
                }
                else if (nv != v)
                {
                    expected[k] = nv;
                }
            }

            foreach ((long k, string v) in b)
            {
                if (!a.ContainsKey(k))
                {
                    expected[k] = v;
                }
            }

            Assert.Equal(ToDatum(expected), diff);
            Assert.Null(Datum.ApplyDiff(da, diff, type, out Datum applied));
            Assert.Equal(db, applied);
        }
    }

    [Fact]
    public void OrderingComparesCountThenElements()
    {
        Assert.True(Set(9).CompareTo(Set(1, 2)) < 0);
        Assert.True(Set(1, 2).CompareTo(Set(1, 3)) < 0);
        Assert.Equal(0, Set(1, 2).CompareTo(Set(2, 1)));
        Assert.Equal(Set(1, 2).GetHashCode(), Set(2, 1).GetHashCode());
    }

    [Fact]
    public void BareForm()
    {
        // Strings are never quoted in the bare form (upstream's ovsdb_datum_to_bare), so "" prints as nothing.
        Assert.Equal("1 2 3", Set(3, 2, 1).ToBareString(s_intSet));
        Assert.Equal("a=b c d=e", Map(("a", "b"), ("c d", "e")).ToBareString(s_stringMap));
        Assert.Equal("=x", Map((string.Empty, "x")).ToBareString(s_stringMap));
        Assert.Equal(string.Empty, Datum.EmptySet.ToBareString(s_intSet));
    }

    private static Atom S(string s) => Atom.String(s);

    private static Datum Set(params long[] values) => Datum.CreateSet(values.Select(Atom.Integer));

    private static Datum Map(params (string Key, string Value)[] pairs) =>
        Datum.CreateMap(pairs.Select(p => new KeyValuePair<Atom, Atom>(S(p.Key), S(p.Value))));

    private static Dictionary<long, string> RandomMap(Random random)
    {
        var map = new Dictionary<long, string>();
        int n = random.Next(6);
        for (int i = 0; i < n; i++)
        {
            map[random.Next(8)] = ((char)('a' + random.Next(3))).ToString();
        }

        return map;
    }

    private static Datum ToDatum(Dictionary<long, string> map) =>
        Datum.CreateMap(map.Select(p => new KeyValuePair<Atom, Atom>(Atom.Integer(p.Key), S(p.Value))));
}
