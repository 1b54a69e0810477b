using Ovs.Dpif.Netdev.Pmd;

namespace Ovs.Dpif.Netdev.Tests.Datapath;

public class PmdSchedulingTests
{
    private static readonly CpuCore[] s_twoCores = [new(0, 0), new(1, 0)];

    [Fact]
    public void Dummy_numa_gives_core_i_the_ith_node_and_skips_bad_ids()
    {
        CpuTopology t = CpuTopology.ParseDummy("0,1,8,-1,200,1");
        Assert.Equal([new(0, 0), new(1, 1), new(2, 8), new(3, 1)], t.Cores);
        Assert.Equal([0, 1, 8], t.NumaIds);
    }

    [Fact]
    public void Cpu_mask_selects_existing_cores_and_first_core_per_numa_is_the_default()
    {
        CpuTopology t = CpuTopology.ParseDummy("1,1,0,0");
        Assert.Equal([new(0, 1), new(1, 1)], t.CoresWithMask("0x3"));
        Assert.Equal([new(1, 1), new(2, 0)], t.CoresWithMask("6"));
        Assert.Equal([new(2, 0), new(3, 0)], t.CoresWithMask("0xC"));
        Assert.Empty(t.CoresWithMask("0x30"));
        Assert.Equal([new(2, 0), new(0, 1)], t.CoresPerNuma(1));
    }

    [Theory]
    [InlineData("roundrobin", "0 2 4 6|1 3 5 7")]
    [InlineData("cycles", "0 3 4 7|1 2 5 6")]
    [InlineData("group", "0 2 4 6|1 3 5 7")]
    public void Eight_queues_on_two_threads_are_spread_as_upstream(string algo, string expected)
    {
        var config = new DpNetdevConfig();
        config.Apply(new Dictionary<string, string> { ["pmd-rxq-assign"] = algo });
        Assert.Equal(algo, DpNetdevConfig.Name(config.AssignType));
        SchedResult r = RxqScheduler.Schedule(s_twoCores, Queues(8, numa: 0), config.AssignType, isolate: true);
        Assert.Equal(expected, Layout(r));
        Assert.Empty(r.Isolated);
    }

    [Fact]
    public void Group_puts_measured_queues_on_the_least_loaded_thread()
    {
        SchedRxq[] queues = [Q(0, 0, cycles: 100), Q(1, 0, cycles: 60), Q(2, 0, cycles: 50), Q(3, 0, cycles: 5)];
        SchedResult r = RxqScheduler.Schedule(s_twoCores, queues, RxqAssignType.Group, isolate: true);
        Assert.Equal("0 3|1 2", Layout(r));
    }

    [Fact]
    public void Queues_of_a_node_without_threads_cross_to_another_node()
    {
        CpuCore[] cores = [new(2, 0), new(3, 0)];
        SchedResult r = RxqScheduler.Schedule(cores, Queues(4, numa: 1), RxqAssignType.RoundRobin, isolate: true);
        Assert.Equal("0 2|1 3", Layout(r));
    }

    [Fact]
    public void Pinned_queues_isolate_their_core_unless_isolation_is_off()
    {
        SchedRxq[] queues = [Q(0, 0, pinned: 1), Q(1, 0), Q(2, 0), Q(3, 0, pinned: 7)];
        SchedResult isolated = RxqScheduler.Schedule(s_twoCores, queues, RxqAssignType.Group, isolate: true);
        Assert.Equal("1 2 3|0", Layout(isolated));
        Assert.Equal([1u], isolated.Isolated);

        SchedResult shared = RxqScheduler.Schedule(s_twoCores, queues, RxqAssignType.Group, isolate: false);
        Assert.Empty(shared.Isolated);
        Assert.Contains(0, shared.Assigned[1].Select(q => q.QueueId));
    }

    [Fact]
    public void Affinity_lists_parse_as_queue_core_pairs()
    {
        Assert.Equal(new Dictionary<int, uint> { [0] = 3, [1] = 7 }, DpNetdev.ParseAffinity("0:3, 1:7"));
        Assert.Empty(DpNetdev.ParseAffinity(string.Empty)!);
        Assert.Null(DpNetdev.ParseAffinity("0:x"));
        Assert.Null(DpNetdev.ParseAffinity("5"));
    }

    [Fact]
    public void Config_applies_bounds_and_reports_what_needs_reconfiguration()
    {
        var c = new DpNetdevConfig();
        Assert.False(c.Apply(new Dictionary<string, string>()));
        Assert.Equal(25u, c.ImprovementThreshold);
        Assert.Equal(95u, c.LoadThreshold);
        Assert.Equal(1ul, c.RebalanceIntervalMin);
        Assert.False(c.AutoLbEnabled);

        Assert.False(c.Apply(new Dictionary<string, string> { ["pmd-auto-lb-improvement-threshold"] = "101", ["pmd-maxsleep"] = "20000" }));
        Assert.Equal(25u, c.ImprovementThreshold);
        Assert.Equal(DpNetdevConfig.MaxSleepLimitUs, c.MaxSleepUs);

        Assert.True(c.Apply(new Dictionary<string, string> { ["pmd-cpu-mask"] = "0x3" }));
        Assert.True(c.Apply(new Dictionary<string, string> { ["pmd-cpu-mask"] = "0x3", ["pmd-rxq-assign"] = "group", ["pmd-rxq-isolate"] = "false" }));
        Assert.Equal(RxqAssignType.Group, c.AssignType);
        Assert.False(c.Isolate);

        // Isolation can be turned off only with the group algorithm.
        Assert.True(c.Apply(new Dictionary<string, string> { ["pmd-cpu-mask"] = "0x3", ["pmd-rxq-isolate"] = "false" }));
        Assert.Equal(RxqAssignType.Cycles, c.AssignType);
        Assert.True(c.Isolate);
    }

    [Fact]
    public void Datapath_runs_a_thread_per_masked_core_and_reopens_queues_when_their_count_changes()
    {
        using var f = new DatapathFixture(topology: CpuTopology.ParseDummy("0,0,1,1"));
        f.AddPort("p1", "dummy-pmd");
        Assert.Equal([0u, 2u], PmdCores(f));

        f.Netdev("p1").SetConfig(new Dictionary<string, string> { ["n_rxq"] = "4", ["numa_id"] = "1" });
        f.Dpif.Run();
        Assert.Equal(4, f.Datapath.FindPort(1)!.Queues.Count);
        Assert.Equal(4, Thread(f, 2).Polls.Count);

        Assert.Equal(0, f.Dpif.SetConfig(new Dictionary<string, string> { ["pmd-cpu-mask"] = "0xc", ["pmd-rxq-assign"] = "roundrobin" }));
        Assert.Equal([2u, 3u], PmdCores(f));
        Assert.Equal([0, 2], Thread(f, 2).Polls.Select(p => p.Rxq.QueueId).Order());

        Assert.Equal(0, f.Dpif.PortSetConfig(1, new Dictionary<string, string> { ["pmd-rxq-affinity"] = "0:3" }));
        Assert.True(Thread(f, 3).Isolated);
        Assert.Equal([0], Thread(f, 3).Polls.Select(p => p.Rxq.QueueId));
        Assert.Equal([1, 2, 3], Thread(f, 2).Polls.Select(p => p.Rxq.QueueId).Order());
    }

    private static uint[] PmdCores(DatapathFixture f) => [.. f.Datapath.Threads.Where(t => !t.IsMain).Select(t => t.CoreId)];

    private static PmdThread Thread(DatapathFixture f, uint core) => f.Datapath.Threads.Single(t => t.CoreId == core);

    private static SchedRxq Q(int queue, int numa, uint? pinned = null, long cycles = 0) => new(1, "p0", queue, numa, pinned, cycles);

    private static SchedRxq[] Queues(int count, int numa) => [.. Enumerable.Range(0, count).Select(q => Q(q, numa))];

    private static string Layout(SchedResult r) =>
        string.Join('|', r.Assigned.OrderBy(p => p.Key).Select(p => string.Join(' ', p.Value.Select(q => q.QueueId).Order())));
}
