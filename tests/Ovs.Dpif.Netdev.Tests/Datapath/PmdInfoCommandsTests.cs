using Ovs.Dpif.Netdev.Pmd;

namespace Ovs.Dpif.Netdev.Tests.Datapath;

public class PmdInfoCommandsTests
{
    private static DpifNetdevCommandResult Run(DpNetdevCatalog catalog, string name, params string[] args) =>
        PmdInfoCommands.All.Single(c => c.Name == name).Handler(catalog, args);

    private static string Stats(long received, long emc, long megaflow, long miss, long lost, string perBatch) => $"""
        main thread:
          packets received: {received}
          packet recirculations: 0
          avg. datapath passes per packet: {(received > 0 ? "1.00" : "0.00")}
          phwol hits: 0
          mfex opt hits: 0
          simple match hits: 0
          emc hits: {emc}
          smc hits: 0
          megaflow hits: {megaflow}
          avg. subtable lookups per megaflow hit: {(megaflow > 0 ? "1.00" : "0.00")}
          miss with success upcall: {miss}
          miss with failed upcall: {lost}
          avg. packets per output batch: {perBatch}

        """.ReplaceLineEndings("\n");

    [Fact]
    public void Stats_show_counts_lookups_of_the_main_thread_and_clear_resets_them()
    {
        using var f = new DatapathFixture();
        f.AddPort("p1");
        f.AddPort("p2");
        f.PutMegaflow("2");
        for (int i = 0; i < 3; i++)
        {
            f.Inject("p1", DatapathFixture.UdpFrame("10.0.0.1", "10.0.0.2"));
        }

        f.Inject("p1", DatapathFixture.UdpFrame("10.1.0.1", "10.1.0.2"));
        f.PollAll();

        // The first packet misses the EMC and is inserted (insertion probability 1), the next two hit it.
        Assert.Equal(new(true, Stats(4, 2, 1, 0, 1, "1.00")), Run(f.Catalog, "dpif-netdev/pmd-stats-show"));
        Assert.Equal(new(true, string.Empty), Run(f.Catalog, "dpif-netdev/pmd-stats-clear", "dp0"));
        Assert.Equal(new(true, Stats(0, 0, 0, 0, 0, "0.00")), Run(f.Catalog, "dpif-netdev/pmd-stats-show", "dp0"));
    }

    [Fact]
    public void Rxq_show_lists_the_queues_of_pmd_threads()
    {
        using var f = new DatapathFixture();
        Assert.Equal(new(true, "Displaying last 60 seconds pmd usage %\n"), Run(f.Catalog, "dpif-netdev/pmd-rxq-show"));
        f.AddPort("p0", "dummy-pmd");
        const string Expected = """
            Displaying last 10 seconds pmd usage %
            pmd thread numa_id 0 core_id 0:
              isolated : false
              port: p0                queue-id:  0 (enabled)   pmd usage: NOT AVAIL
              overhead: NOT AVAIL

            """;
        Assert.Equal(new(true, Expected.ReplaceLineEndings("\n")), Run(f.Catalog, "dpif-netdev/pmd-rxq-show", "-secs", "7"));
        Assert.StartsWith("pmd thread numa_id 0 core_id 0:\n", Run(f.Catalog, "dpif-netdev/pmd-stats-show", "-pmd", "0").Text, StringComparison.Ordinal);
        Assert.Equal(new(true, string.Empty), Run(f.Catalog, "dpif-netdev/pmd-stats-show", "-pmd", "5"));
    }

    [Fact]
    public void Without_a_single_datapath_a_name_is_needed()
    {
        var catalog = new DpNetdevCatalog();
        Assert.Equal(new(false, "please specify an existing datapath"), Run(catalog, "dpif-netdev/pmd-stats-show"));
        using var a = new DatapathFixture(name: "a", catalog: catalog);
        using var b = new DatapathFixture(name: "b", catalog: catalog);
        Assert.Equal(new(false, "please specify an existing datapath"), Run(catalog, "dpif-netdev/pmd-stats-show", "nope"));
        Assert.True(Run(catalog, "dpif-netdev/pmd-stats-show", "b").Success);
        Assert.Equal(
            ["dpif-netdev/pmd-rxq-show [-pmd core] [-secs secs] [dp]", "dpif-netdev/pmd-stats-clear [-pmd core] [dp]", "dpif-netdev/pmd-stats-show [-pmd core] [dp]"],
            PmdInfoCommands.All.Select(c => $"{c.Name} {c.Usage}").Order(StringComparer.Ordinal));
    }
}
