// Upstream: lib/ovsdb-data.c, union ovsdb_atom (OVS 3.1)
//
// An atom is one value of an atomic type. Unlike upstream's untagged union, an Atom knows its own type, so it can
// compare, hash and print itself. The ordering is upstream's: integers and reals numerically, false before true,
// strings by their UTF-8 bytes (strcmp), and UUIDs as 128-bit big-endian numbers, which is the same as comparing
// their canonical lower-case text. Comparing atoms of different types orders them by type; schemas never do that.
//
// Layout: a UUID is kept as two big-endian 64-bit halves (so ordering is two unsigned compares), a real as its
// IEEE bits, an integer or boolean in the first half, and a string in the reference field.
using System.Buffers.Binary;
using System.Globalization;

namespace Ovs.Ovsdb;

/// <summary>One OVSDB value of an atomic type.</summary>
public readonly partial struct Atom : IEquatable<Atom>, IComparable<Atom>
{
    private readonly long _hi;
    private readonly long _lo;
    private readonly string? _string;

    private Atom(AtomicType type, long hi, long lo, string? s)
    {
        Type = type;
        _hi = hi;
        _lo = lo;
        _string = s;
    }

    public AtomicType Type { get; }

    public static Atom Integer(long value) => new(AtomicType.Integer, value, 0, null);

    /// <summary>A real atom. Upstream never stores -0.0 distinctly in a way that matters; we keep the value as given.</summary>
    public static Atom Real(double value) => new(AtomicType.Real, BitConverter.DoubleToInt64Bits(value), 0, null);

    public static Atom Boolean(bool value) => new(AtomicType.Boolean, value ? 1 : 0, 0, null);

    public static Atom String(string value) => new(AtomicType.String, 0, 0, value ?? throw new ArgumentNullException(nameof(value)));

    public static Atom Uuid(Guid value)
    {
        Span<byte> bytes = stackalloc byte[16];
        value.TryWriteBytes(bytes, bigEndian: true, out _);
        return new(AtomicType.Uuid, BinaryPrimitives.ReadInt64BigEndian(bytes), BinaryPrimitives.ReadInt64BigEndian(bytes[8..]), null);
    }

    /// <summary>The default atom of a type: 0, 0.0, false, "" or the all-zeros UUID (RFC 7047 section 5.1).</summary>
    public static Atom Default(AtomicType type) => type switch
    {
        AtomicType.Integer => Integer(0),
        AtomicType.Real => Real(0.0),
        AtomicType.Boolean => Boolean(false),
        AtomicType.String => String(""),
        AtomicType.Uuid => new(AtomicType.Uuid, 0, 0, null),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public long AsInteger => Type == AtomicType.Integer ? _hi : throw WrongType(AtomicType.Integer);

    public double AsReal => Type == AtomicType.Real ? BitConverter.Int64BitsToDouble(_hi) : throw WrongType(AtomicType.Real);

    public bool AsBoolean => Type == AtomicType.Boolean ? _hi != 0 : throw WrongType(AtomicType.Boolean);

    public string AsString => Type == AtomicType.String ? _string! : throw WrongType(AtomicType.String);

    public Guid AsUuid
    {
        get
        {
            if (Type != AtomicType.Uuid)
            {
                throw WrongType(AtomicType.Uuid);
            }

            Span<byte> bytes = stackalloc byte[16];
            BinaryPrimitives.WriteInt64BigEndian(bytes, _hi);
            BinaryPrimitives.WriteInt64BigEndian(bytes[8..], _lo);
            return new Guid(bytes, bigEndian: true);
        }
    }

    /// <summary>True if this is the default atom of its type (see <see cref="Default"/>).</summary>
    public bool IsDefault => Type switch
    {
        AtomicType.String => _string!.Length == 0,
        AtomicType.Real => AsReal == 0.0,
        _ => _hi == 0 && _lo == 0,
    };

    /// <summary>Three-way comparison in upstream's order (see the file comment).</summary>
    public static int Compare(in Atom a, in Atom b)
    {
        if (a.Type != b.Type)
        {
            return a.Type.CompareTo(b.Type);
        }

        return a.Type switch
        {
            AtomicType.Integer or AtomicType.Boolean => a._hi.CompareTo(b._hi),
            AtomicType.Real => CompareReals(a.AsReal, b.AsReal),
            AtomicType.String => CompareStrings(a._string!, b._string!),
            AtomicType.Uuid => a._hi != b._hi ? ((ulong)a._hi).CompareTo((ulong)b._hi) : ((ulong)a._lo).CompareTo((ulong)b._lo),
            _ => 0,
        };
    }

    /// <summary>Compares strings as strcmp compares their UTF-8 encodings.</summary>
    /// <remarks>
    /// UTF-16 ordinal order equals UTF-8 byte order except where a surrogate pair meets a code unit in
    /// U+E000..U+FFFF, so those are compared by code point.
    /// </remarks>
    public static int CompareStrings(string a, string b)
    {
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++)
        {
            char x = a[i];
            char y = b[i];
            if (x != y)
            {
                bool xs = char.IsSurrogate(x);
                bool ys = char.IsSurrogate(y);
                if (xs != ys)
                {
                    // A surrogate starts a code point above U+FFFF, which sorts after any BMP character.
                    return xs ? 1 : -1;
                }

                return x < y ? -1 : 1;
            }
        }

        return a.Length.CompareTo(b.Length);
    }

    private static int CompareReals(double a, double b) => a < b ? -1 : a > b ? 1 : 0;

    public int CompareTo(Atom other) => Compare(this, other);

    public bool Equals(Atom other) => Compare(this, other) == 0;

    public override bool Equals(object? obj) => obj is Atom a && Equals(a);

    public override int GetHashCode() => Type switch
    {
        AtomicType.String => StringComparer.Ordinal.GetHashCode(_string!),
        AtomicType.Real => AsReal.GetHashCode(),
        _ => HashCode.Combine(Type, _hi, _lo),
    };

    public static bool operator ==(Atom left, Atom right) => left.Equals(right);

    public static bool operator !=(Atom left, Atom right) => !left.Equals(right);

    public static bool operator <(Atom left, Atom right) => Compare(left, right) < 0;

    public static bool operator <=(Atom left, Atom right) => Compare(left, right) <= 0;

    public static bool operator >(Atom left, Atom right) => Compare(left, right) > 0;

    public static bool operator >=(Atom left, Atom right) => Compare(left, right) >= 0;

    /// <summary>The display form used by ovsdb-client and ovs-vsctl (see <see cref="ToDisplayString()"/>).</summary>
    public override string ToString() => Type == AtomicType.Void ? "<void>" : ToDisplayString();

    private InvalidOperationException WrongType(AtomicType wanted) =>
        new(string.Create(CultureInfo.InvariantCulture, $"atom of type {Type.ToName()} is not {wanted.ToName()}"));
}
