// Upstream: ovsdb/mutation.c, ovsdb_mutation_set_execute() and the per-mutator helpers (OVS 3.1)
//
// Integer arithmetic is checked: a sum or difference outside 64 bits is a "range error", as is the one
// overflowing division (long.MinValue / -1, and the matching remainder); products follow upstream's quirkier rule
// (see TryMultiply). Dividing by zero is a "domain error". Division truncates toward zero and the remainder takes
// the dividend's sign, as in C. Real arithmetic must stay finite.
using System.Globalization;

namespace Ovs.Ovsdb;

public sealed partial class Mutation
{
    /// <summary>Applies the mutation to a column value. Returns null and the new value on success.</summary>
    public OvsdbError? Apply(Datum current, out Datum result)
    {
        OvsdbType type = Column.Type;
        result = current;
        switch (Mutator)
        {
            case Mutator.Insert:
                return CheckCount(current.Union(Arg), type, out result);
            case Mutator.Delete:
                return CheckCount(current.Subtract(Arg), type, out result);
        }

        Atom operand = Arg.Keys[0];
        var keys = new Atom[current.Count];
        for (int i = 0; i < keys.Length; i++)
        {
            OvsdbError? error = type.Key.Type == AtomicType.Integer
                ? ApplyInteger(current.Keys[i].AsInteger, operand.AsInteger, out keys[i])
                : ApplyReal(current.Keys[i].AsReal, operand.AsReal, out keys[i]);
            if (error is not null)
            {
                return error;
            }
        }

        foreach (Atom key in keys)
        {
            if (type.Key.CheckConstraints(key) is { } error)
            {
                return error;
            }
        }

        Datum? sorted = Datum.SortChecked(keys, null);
        if (sorted is null)
        {
            return OvsdbError.ConstraintViolation($"Result of \"{MutatorName(Mutator)}\" operation contains duplicates.");
        }

        result = sorted;
        return null;
    }

    private OvsdbError? ApplyInteger(long x, long y, out Atom result)
    {
        result = default;
        if (Mutator is Mutator.Divide or Mutator.Modulo)
        {
            if (y == 0)
            {
                return new OvsdbError(OvsdbErrorTags.DomainError, "Division by zero.");
            }

            if (x == long.MinValue && y == -1)
            {
                return OutOfRange();
            }

            result = Atom.Integer(Mutator == Mutator.Divide ? x / y : x % y);
            return null;
        }

        long value;
        bool ok = Mutator switch
        {
            Mutator.Add => TryAdd(x, y, out value),
            Mutator.Subtract => TrySubtract(x, y, out value),
            _ => TryMultiply(x, y, out value),
        };
        if (!ok)
        {
            return OutOfRange();
        }

        result = Atom.Integer(value);
        return null;
    }

    private OvsdbError? ApplyReal(double x, double y, out Atom result)
    {
        result = default;
        if (Mutator == Mutator.Divide && y == 0)
        {
            return new OvsdbError(OvsdbErrorTags.DomainError, "Division by zero.");
        }

        double value = Mutator switch
        {
            Mutator.Add => x + y,
            Mutator.Subtract => x - y,
            Mutator.Multiply => x * y,
            _ => x / y,
        };
        if (!double.IsFinite(value))
        {
            return OutOfRange();
        }

        result = Atom.Real(value);
        return null;
    }

    private OvsdbError OutOfRange() =>
        new(OvsdbErrorTags.RangeError, $"Result of \"{MutatorName(Mutator)}\" operation is out of range.");

    private static OvsdbError? CheckCount(Datum value, OvsdbType type, out Datum result)
    {
        result = value;
        return value.ConformsTo(type)
            ? null
            : OvsdbError.ConstraintViolation(string.Create(
                CultureInfo.InvariantCulture, $"Attempted to store {value.Count} elements in {type.ToEnglish()}."));
    }

    private static bool TryAdd(long x, long y, out long r)
    {
        r = unchecked(x + y);
        return ((x ^ r) & (y ^ r)) >= 0;
    }

    private static bool TrySubtract(long x, long y, out long r)
    {
        r = unchecked(x - y);
        return ((x ^ y) & (x ^ r)) >= 0;
    }

    /// <summary>
    /// Multiplication with upstream's observable overflow rule, recorded from ovsdb-tool 3.1.0 (see
    /// mutation-cases.json): a positive product must stay strictly below long.MaxValue (so MaxValue itself is
    /// refused), a negative one at or above long.MinValue, and a product of two negatives is refused only when
    /// y &lt; long.MaxValue / y, so some of those overflows wrap (long.MinValue * -1 stays long.MinValue). Where
    /// upstream divides by zero and crashes (negative x times 0) we return 0.
    /// </summary>
    private static bool TryMultiply(long x, long y, out long r)
    {
        r = unchecked(x * y);
        if (x > 0)
        {
            return y > 0 ? x < long.MaxValue / y : y >= long.MinValue / x;
        }

        if (y > 0)
        {
            return x >= long.MinValue / y;
        }

        return x == 0 || y == 0 || y >= long.MaxValue / y;
    }
}
