// Atom ordering and display. The orders below are those ovsdb-tool query printed for sets stored by
// ovsdb-tool transact (Debian OVS 3.1.0); the display forms come from display-cases.json.
using Ovs.Json;

namespace Ovs.Ovsdb.Tests;

public sealed class AtomTests
{
    [Fact]
    public void UuidsSortAsUnsigned128BitNumbers()
    {
        string[] upstreamOrder =
        [
            "00000000-0000-0000-0000-00000000ffff",
            "00000000-0000-0000-0000-000100000000",
            "00000000-0000-0000-7fff-ffffffffffff",
            "00000000-0000-0000-8000-000000000000",
            "00000000-0000-0001-0000-000000000000",
            "00000000-ffff-0000-0000-000000000000",
            "7fffffff-ffff-ffff-ffff-ffffffffffff",
            "80000000-0000-0000-0000-000000000000",
            "ffffffff-0000-0000-0000-000000000000",
        ];
        AssertSortsAs(upstreamOrder.Select(s => Atom.Uuid(Guid.Parse(s))));
    }

    [Fact]
    public void StringsSortByUtf8Bytes()
    {
        AssertSortsAs(new[] { "", "B", "a", "a b", "ab", "b", "z", "é", "\ue000", "\uffff", "\U0001F600" }.Select(Atom.String));
    }

    [Fact]
    public void StringOrderAgreesWithUtf8ByteOrder()
    {
        // Differential check against the definition: strcmp over the UTF-8 encodings.
        var random = new Random(42);
        string[] pieces = ["a", "B", "", "\u00e9", "\ue000", "\uffff", "\U0001F600", "\U00010000", "z", "\u007f", "\u0080"];
        for (int i = 0; i < 2000; i++)
        {
            string x = string.Concat(Enumerable.Range(0, random.Next(4)).Select(_ => pieces[random.Next(pieces.Length)]));
            string y = string.Concat(Enumerable.Range(0, random.Next(4)).Select(_ => pieces[random.Next(pieces.Length)]));
            int expected = Math.Sign(System.Text.Encoding.UTF8.GetBytes(x).AsSpan().SequenceCompareTo(System.Text.Encoding.UTF8.GetBytes(y)));
            Assert.Equal(expected, Math.Sign(Atom.CompareStrings(x, y)));
        }
    }

    [Fact]
    public void NumbersAndBooleansSortNumerically()
    {
        AssertSortsAs(new long[] { long.MinValue, -3, 0, 5, long.MaxValue }.Select(Atom.Integer));
        AssertSortsAs(new[] { -2, -1e-300, 0, 1.5, 1e300 }.Select(Atom.Real));
        AssertSortsAs([Atom.Boolean(false), Atom.Boolean(true)]);
    }

    [Fact]
    public void UuidRoundTripsThroughGuid()
    {
        var guid = Guid.Parse("01234567-89ab-cdef-0123-456789abcdef");
        Atom atom = Atom.Uuid(guid);
        Assert.Equal(guid, atom.AsUuid);
        Assert.Equal("""["uuid","01234567-89ab-cdef-0123-456789abcdef"]""", atom.ToJson().ToString());
        Assert.Equal("01234567-89ab-cdef-0123-456789abcdef", atom.ToDisplayString());
    }

    [Theory]
    [InlineData("01234567-89ab-cdef-0123-456789abcdef", true)]
    [InlineData("01234567-89AB-CDEF-0123-456789ABCDEF", true)]
    [InlineData("0123456789abcdef0123456789abcdef", false)]
    [InlineData("{01234567-89ab-cdef-0123-456789abcdef}", false)]
    [InlineData("01234567-89ab-cdef-0123-456789abcde", false)]
    [InlineData("01234567-89ab-cdef-0123+456789abcdef", false)]
    [InlineData(" 1234567-89ab-cdef-0123-456789abcdef", false)]
    public void UuidSyntax(string text, bool valid) => Assert.Equal(valid, Atom.TryParseUuid(text, out _));

    [Fact]
    public void DefaultsAreZeroValues()
    {
        Assert.Equal("0", Atom.Default(AtomicType.Integer).ToJson().ToString());
        Assert.Equal("0", Atom.Default(AtomicType.Real).ToJson().ToString());
        Assert.Equal("false", Atom.Default(AtomicType.Boolean).ToJson().ToString());
        Assert.Equal("\"\"", Atom.Default(AtomicType.String).ToJson().ToString());
        Assert.Equal("""["uuid","00000000-0000-0000-0000-000000000000"]""", Atom.Default(AtomicType.Uuid).ToJson().ToString());
        Assert.True(Atom.Default(AtomicType.Uuid).IsDefault);
        Assert.False(Atom.Integer(1).IsDefault);
    }

    [Fact]
    public void NamedUuidsResolveThroughTheSymbolTable()
    {
        var symbols = new TestSymbolTable();
        var weak = new BaseType(AtomicType.Uuid) { RefTableName = "T", RefType = RefType.Weak };
        JsonValue json = JsonParser.Parse("""["named-uuid","row1"]""");
        Assert.Null(Atom.TryFromJson(json, weak, symbols, out Atom a));
        Assert.Null(Atom.TryFromJson(json, BaseType.Uuid, symbols, out Atom b));
        Assert.Equal(a, b);
        Assert.Equal([("row1", RefType.Weak), ("row1", (RefType?)null)], symbols.Uses);

        // Without a symbol table a named UUID is just malformed.
        Assert.Equal("expected [\"uuid\", <string>]", Atom.TryFromJson(json, BaseType.Uuid, null, out _)!.Details);
    }

    public static IEnumerable<object[]> DisplayCases => TestData.Indexes("display-cases.json");

    [Theory]
    [MemberData(nameof(DisplayCases))]
    public void DisplayMatchesOvsdbClient(int index)
    {
        JsonObject c = TestData.Case("display-cases.json", index);
        Assert.Null(OvsdbType.TryFromJson(c["type"]!, out OvsdbType type));
        Assert.Null(Datum.TryFromJson(c["value"]!, type, null, out Datum datum));
        Assert.Equal(c["text"]!.AsString(), datum.ToDisplayString(type));
    }

    private static void AssertSortsAs(IEnumerable<Atom> expectedOrder)
    {
        Atom[] expected = [.. expectedOrder];
        Atom[] shuffled = [.. expected.Reverse()];
        Array.Sort(shuffled);
        Assert.Equal(expected, shuffled);
        for (int i = 1; i < expected.Length; i++)
        {
            Assert.True(expected[i - 1] < expected[i]);
            Assert.True(Atom.Compare(expected[i], expected[i - 1]) > 0);
        }
    }
}
