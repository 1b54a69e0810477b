// OpenFlow 1.4 table descriptions and vacancy events (ofproto.at's "asynchronous message control (OpenFlow 1.4)"):
// the vacancy a table reports for its flow limit, the event a table mod arms, the alternation of "down" and "up"
// events as flows come and go, and the miss behaviour an OpenFlow 1.1 table mod sets.
using Ovs.Ofproto.Core;
using Ovs.Ofproto.Tables;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Text;

namespace Ovs.Ofproto.Tests.Core;

public sealed class FlowTablesVacancyTests
{
    private readonly FlowTables _tables;
    private readonly List<(byte Reason, TableDesc Desc)> _events = [];

    public FlowTablesVacancyTests()
    {
        _tables = new FlowTables(new ManualTime());
        _tables.TableStatus = (desc, reason) => _events.Add((reason, desc));
    }

    [Fact]
    public void VacancyIsTheFreeShareOfTheFlowLimitRoundedDown()
    {
        var table = new OfTable(1) { MaxFlows = 3, FlowCount = 1 };
        Assert.Equal(66, FlowTables.Vacancy(table));
        table.FlowCount = 3;
        Assert.Equal(0, FlowTables.Vacancy(table));
        table.MaxFlows = 0;
        Assert.Equal(100, FlowTables.Vacancy(table));

        // Without a limit: 100% when empty, and just under it (99%) once the table holds a flow, as upstream computes.
        var unlimited = new OfTable(2);
        Assert.Equal(100, FlowTables.Vacancy(unlimited));
        unlimited.FlowCount = 1;
        Assert.Equal(99, FlowTables.Vacancy(unlimited));
    }

    [Fact]
    public void DescriptionShowsEvictionAndVacancySettingsTheTableModGave()
    {
        TableDesc before = _tables.Describe(1);
        Assert.Equal(TableSetting.Off, before.Eviction);
        Assert.Equal(TableSetting.Off, before.Vacancy);
        Assert.Equal(FlowTables.EvictionFlags, before.EvictionFlags);

        Assert.Equal(OfpError.None, _tables.ApplyTableMod(Mod(1, eviction: TableSetting.On)));
        Assert.Equal(OfpError.None, _tables.ApplyTableMod(Mod(1, vacancy: TableSetting.On, down: 20, up: 80)));
        TableDesc after = _tables.Describe(1);
        Assert.Equal((TableSetting.On, TableSetting.On, (byte)20, (byte)80, (byte)100), (after.Eviction, after.Vacancy, after.VacancyDown, after.VacancyUp, after.CurrentVacancy));
        Assert.Equal(TableSetting.Off, _tables.Describe(2).Vacancy);
    }

    [Fact]
    public void FillingAndEmptyingATableSendsOneDownThenOneUpEvent()
    {
        _tables.Configure(1, new TableSettings(null, 10, false, [], null));
        Assert.Equal(OfpError.None, _tables.ApplyTableMod(Mod(1, vacancy: TableSetting.On, down: 20, up: 80)));
        for (int port = 1; port <= 10; port++)
        {
            Apply($"table=1,in_port={port},actions=drop");
        }

        (byte reason, TableDesc desc) = Assert.Single(_events);
        Assert.Equal((TableDesc.ReasonVacancyDown, (byte)10), (reason, desc.CurrentVacancy));

        for (int port = 1; port <= 10; port++)
        {
            Apply($"table=1,in_port={port}", FlowModCommand.DeleteStrict);
        }

        Assert.Equal(2, _events.Count);
        Assert.Equal((TableDesc.ReasonVacancyUp, (byte)90), (_events[1].Reason, _events[1].Desc.CurrentVacancy));
    }

    [Fact]
    public void EventsStayQuietWhileOffAndReplacementsDoNotCount()
    {
        _tables.Configure(1, new TableSettings(null, 2, false, [], null));
        Apply("table=1,in_port=1,actions=drop");
        Apply("table=1,in_port=2,actions=drop");
        Assert.Empty(_events);

        // Turned on at 0% vacancy, below vacancy_up: the event armed is "up". Replacing a flow says nothing, and
        // neither does a vacancy of 50%; emptying the table sends "up", refilling it then sends "down".
        Assert.Equal(OfpError.None, _tables.ApplyTableMod(Mod(1, vacancy: TableSetting.On, down: 20, up: 80)));
        Apply("table=1,in_port=2,actions=output:3");
        Apply("table=1,in_port=2", FlowModCommand.DeleteStrict);
        Assert.Empty(_events);
        Apply("table=1,in_port=1", FlowModCommand.DeleteStrict);
        Assert.Equal((TableDesc.ReasonVacancyUp, (byte)100), (Assert.Single(_events).Reason, _events[0].Desc.CurrentVacancy));
        Apply("table=1,in_port=1,actions=drop");
        Apply("table=1,in_port=2,actions=drop");
        Assert.Equal(2, _events.Count);
        Assert.Equal(TableDesc.ReasonVacancyDown, _events[1].Reason);

        Assert.Equal(OfpError.None, _tables.ApplyTableMod(Mod(1, vacancy: TableSetting.Off)));
        Apply("table=1,in_port=1", FlowModCommand.DeleteStrict);
        Apply("table=1,in_port=2", FlowModCommand.DeleteStrict);
        Assert.Equal(2, _events.Count);
        Assert.Equal(TableSetting.Off, _tables.Describe(1).Vacancy);
    }

    [Fact]
    public void MissConfigFromATableModAppliesToOneTableOrAllButTheInternalOne()
    {
        Assert.Equal(OfpError.None, _tables.ApplyTableMod(Mod(FlowMod.TableAll, miss: TableMissConfig.Drop)));
        Assert.Equal(OfpError.None, _tables.ApplyTableMod(Mod(2, miss: TableMissConfig.Continue)));
        Assert.Equal(TableMissConfig.Drop, _tables.MissConfig(0));
        Assert.Equal(TableMissConfig.Continue, _tables.MissConfig(2));
        Assert.Equal(TableMissConfig.Default, _tables.MissConfig(254));

        // A table mod without a miss setting (OpenFlow 1.3 and later) leaves it alone.
        Assert.Equal(OfpError.None, _tables.ApplyTableMod(Mod(2)));
        Assert.Equal(TableMissConfig.Continue, _tables.MissConfig(2));
        Assert.Equal(OfpError.OfptmfcEperm, _tables.ApplyTableMod(Mod(254, miss: TableMissConfig.Drop)));
    }

    private static TableMod Mod(
        byte table, TableMissConfig miss = TableMissConfig.Default, TableSetting eviction = TableSetting.Default,
        TableSetting vacancy = TableSetting.Default, byte down = 0, byte up = 0) =>
        new(table, miss, eviction, uint.MaxValue, vacancy, down, up);

    private void Apply(string text, FlowModCommand command = FlowModCommand.Add)
    {
        Assert.Null(FlowModParser.Parse(text, command, out FlowMod fm, out _));
        Assert.Equal(OfpError.None, _tables.Apply(fm, command == FlowModCommand.Add));
    }
}
