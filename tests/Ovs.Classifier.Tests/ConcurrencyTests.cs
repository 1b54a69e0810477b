// Lookups on several threads while one writer inserts and removes rules (upstream's classifier is RCU-protected
// for the same use: upcall handlers and revalidators look up while the main thread changes tables). Readers take
// no lock; every result they see must be a rule that matches and that was, at some point, in the classifier.
// Bounded: each test runs for a fixed wall-clock time.
using Ovs.Flow;
using Ovs.Flow.Fields;

namespace Ovs.Classifier.Tests;

public sealed class ConcurrencyTests
{
    private static readonly TimeSpan s_duration = TimeSpan.FromSeconds(1.5);

    [Fact]
    public void LookupsDuringInsertAndRemove_AlwaysSeeAMatchingRule()
    {
        // Stable rules in_port=p (priority 10) are never removed; churn rules in_port=p,nw_src=10.p.x.0/24
        // (priority 20) come and go. A lookup for in_port=p must find the stable rule or a matching churn rule.
        const int Ports = 8;
        var cls = new Classifier<int>([FieldId.Ipv4Src]);
        for (int p = 1; p <= Ports; p++)
        {
            var m = default(Match);
            Fields.Exact(ref m, FlowLayout.InPort, 2, (uint)p);
            cls.Insert(new ClassifierRule<int>(m, 10, p), 0);
        }

        using var stop = new CancellationTokenSource(s_duration);
        var failures = new List<string>();
        long lookups = 0;
        var readers = new Thread[2];
        for (int t = 0; t < readers.Length; t++)
        {
            int seed = t;
            readers[t] = new Thread(() =>
            {
                var random = new Random(seed);
                while (!stop.IsCancellationRequested)
                {
                    int port = random.Next(1, Ports + 1);
                    FlowData flow = Fields.Ipv4Flow((ushort)port, Fields.Ip(10, (byte)port, (byte)random.Next(4), 1), 0);
                    var wc = default(FlowWildcards);
                    ClassifierRule<int>? rule = cls.Lookup(0, flow, ref wc);
                    if (rule is null || !BruteForceClassifier.Matches(rule.Match, flow) || rule.Payload % 1000 != port)
                    {
                        lock (failures)
                        {
                            failures.Add($"port {port}: got {rule?.Payload.ToString() ?? "nothing"}");
                        }
                    }

                    Interlocked.Increment(ref lookups);
                }
            });
            readers[t].Start();
        }

        var writer = new Random(42);
        var churn = new List<ClassifierRule<int>>();
        int changes = 0;
        while (!stop.IsCancellationRequested)
        {
            if (churn.Count < 64 && writer.Next(2) == 0)
            {
                int port = writer.Next(1, Ports + 1);
                var m = default(Match);
                Fields.Exact(ref m, FlowLayout.InPort, 2, (uint)port);
                Fields.Exact(ref m, FlowLayout.DlType, 2, 0x0800);
                Fields.Prefix(ref m, FlowLayout.NwSrc, 4, Fields.Ip(10, (byte)port, (byte)writer.Next(4), 0), 24);
                var rule = new ClassifierRule<int>(m, 20, (1000 * (changes + 1)) + port);
                ClassifierRule<int>? displaced = cls.Insert(rule, 0);
                if (displaced is not null)
                {
                    churn.Remove(displaced);
                }

                churn.Add(rule);
            }
            else if (churn.Count > 0)
            {
                int i = writer.Next(churn.Count);
                Assert.True(cls.Remove(churn[i]));
                churn.RemoveAt(i);
            }

            changes++;
        }

        foreach (Thread reader in readers)
        {
            Assert.True(reader.Join(TimeSpan.FromSeconds(10)));
        }

        Assert.Empty(failures);
        Assert.True(Interlocked.Read(ref lookups) > 0);
        Assert.True(changes > 0);
        Assert.Equal(Ports + churn.Count, cls.Count);
    }

    [Fact]
    public void VersionedGenerations_AreSeenAtomically()
    {
        // Each generation g has two rules (flows A and B) with payload g, inserted in version g and hidden in
        // version g + 1 when the next generation arrives. A reader that looks up A and B in the same version must
        // see one generation (or nothing, if the writer already removed a long-retired one).
        var cls = new Classifier<int>();
        ulong current = 0;
        var retired = new Queue<ClassifierRule<int>>();
        ClassifierRule<int>[] live = InsertGeneration(cls, 0);

        using var stop = new CancellationTokenSource(s_duration);
        var failures = new List<string>();
        long checks = 0;
        FlowData a = Fields.Ipv4Flow(1, 0, 0);
        FlowData b = Fields.Ipv4Flow(2, 0, 0);
        var readers = new Thread[2];
        for (int t = 0; t < readers.Length; t++)
        {
            readers[t] = new Thread(() =>
            {
                while (!stop.IsCancellationRequested)
                {
                    ulong version = Volatile.Read(ref current);
                    ClassifierRule<int>? ra = cls.Lookup(version, a);
                    ClassifierRule<int>? rb = cls.Lookup(version, b);
                    if (ra is not null && rb is not null && ra.Payload != rb.Payload)
                    {
                        lock (failures)
                        {
                            failures.Add($"version {version}: generations {ra.Payload} and {rb.Payload}");
                        }
                    }

                    Interlocked.Increment(ref checks);
                }
            });
            readers[t].Start();
        }

        while (!stop.IsCancellationRequested)
        {
            ulong next = current + 1;
            foreach (ClassifierRule<int> rule in live)
            {
                rule.MakeInvisibleInVersion(next);
                retired.Enqueue(rule);
            }

            live = InsertGeneration(cls, next);
            Volatile.Write(ref current, next);
            while (retired.Count > 8)
            {
                Assert.True(cls.Remove(retired.Dequeue()));
            }
        }

        foreach (Thread reader in readers)
        {
            Assert.True(reader.Join(TimeSpan.FromSeconds(10)));
        }

        Assert.Empty(failures);
        Assert.True(Interlocked.Read(ref checks) > 0);
        Assert.True(current > 0);
    }

    private static ClassifierRule<int>[] InsertGeneration(Classifier<int> cls, ulong version)
    {
        var rules = new ClassifierRule<int>[2];
        for (int i = 0; i < 2; i++)
        {
            var m = default(Match);
            Fields.Exact(ref m, FlowLayout.InPort, 2, (uint)(i + 1));
            rules[i] = new ClassifierRule<int>(m, 10, (int)version);
            Assert.Null(cls.Insert(rules[i], version));
        }

        return rules;
    }
}
