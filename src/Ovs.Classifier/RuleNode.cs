// Upstream: the cls_match lists of lib/classifier-private.h (OVS 3.1).
// An immutable list of the rules of one subtable whose masked flows share a hash: rules with identical matches
// (differing in priority or version range) and, rarely, rules whose different matches collide. Sorted by
// priority, highest first, and newest first within a priority, so the first visible node with the right match is
// the one a lookup wants. Writers replace a whole list (lists are short); readers walk whichever list they read.
namespace Ovs.Classifier;

internal sealed class RuleNode<T>(ClassifierRule<T> rule, Subtable<T> subtable, RuleNode<T>? next)
{
    public ClassifierRule<T> Rule { get; } = rule;

    public Subtable<T> Subtable { get; } = subtable;

    public RuleNode<T>? Next { get; } = next;

    /// <summary>The next lower-priority node with the same match as this one that is visible in version.</summary>
    public RuleNode<T>? NextIdenticalVisible(ulong version)
    {
        for (RuleNode<T>? n = Next; n is not null; n = n.Next)
        {
            if (n.Rule.IsVisibleIn(version) && Subtable.SameMatch(in n.Rule.Match.Flow, in Rule.Match.Flow))
            {
                return n;
            }
        }

        return null;
    }
}
