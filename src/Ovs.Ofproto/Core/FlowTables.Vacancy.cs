// Upstream: oftable_vacancy(), query_table_desc__(), handle_table_desc_request()'s table list, send_table_status()
// and the vacancy part of table_mod__() in ofproto/ofproto.c (OVS 3.1)
//
// OpenFlow 1.4 table descriptions and vacancy events. A table's vacancy is the share of its flow limit still free
// (100% without a limit worth counting). A table mod that turns vacancy events on arms the event that the current
// vacancy makes possible next: "up" while the vacancy is below vacancy_up, else "down". Each flow added (not one that
// replaces another) or removed checks the table: a vacancy below vacancy_down sends a pending "down" event, one above
// vacancy_up a pending "up" event, and sending one arms the other, so the events alternate.
using Ovs.Ofproto.Tables;
using Ovs.OpenFlow.Messages;

namespace Ovs.Ofproto.Core;

internal sealed partial class FlowTables
{
    /// <summary>OFPROTO_EVICTION_FLAGS: the eviction criteria every table reports (other, importance, lifetime).</summary>
    public const uint EvictionFlags = 1 | 2 | 4;

    /// <summary>Sends an OFPT_TABLE_STATUS: the table's description and the reason (a vacancy event).</summary>
    public Action<TableDesc, byte>? TableStatus { get; set; }

    /// <summary>oftable_vacancy(): the percentage of the table's flow limit that is free, rounded down.</summary>
    public static byte Vacancy(OfTable table) =>
        table.MaxFlows == 0 ? (byte)100
        : (uint)table.FlowCount >= table.MaxFlows ? (byte)0
        : (byte)((table.MaxFlows - (uint)table.FlowCount) * 100.0 / table.MaxFlows);

    /// <summary>query_table_desc__(): table <paramref name="id"/>'s eviction and vacancy settings.</summary>
    public TableDesc Describe(byte id)
    {
        OfTable table = _tables[id];
        return new TableDesc(
            id,
            table.EvictByTableMod ? TableSetting.On : TableSetting.Off,
            table.VacancyEnabled ? TableSetting.On : TableSetting.Off,
            EvictionFlags,
            table.VacancyDown,
            table.VacancyUp,
            Vacancy(table));
    }

    /// <summary>The vacancy part of table_mod__(): new thresholds, and events off, or on from the next possible one.</summary>
    private static void ConfigureVacancy(OfTable table, TableMod mod)
    {
        table.VacancyDown = mod.VacancyDown;
        table.VacancyUp = mod.VacancyUp;
        if (mod.Vacancy == TableSetting.Off)
        {
            table.VacancyEvent = 0;
        }
        else if (table.VacancyEvent == 0)
        {
            table.VacancyEvent = Vacancy(table) < table.VacancyUp ? TableDesc.ReasonVacancyUp : TableDesc.ReasonVacancyDown;
        }
    }

    /// <summary>send_table_status(): sends the table's pending vacancy event if its vacancy now crossed a threshold.</summary>
    private void CheckVacancy(byte tableId)
    {
        OfTable table = _tables[tableId];
        if (!table.VacancyEnabled)
        {
            return;
        }

        byte vacancy = Vacancy(table);
        byte crossed = vacancy < table.VacancyDown ? TableDesc.ReasonVacancyDown
            : vacancy > table.VacancyUp ? TableDesc.ReasonVacancyUp
            : (byte)0;
        if (crossed != 0 && crossed == table.VacancyEvent)
        {
            TableStatus?.Invoke(Describe(tableId), crossed);
            table.VacancyEvent = crossed == TableDesc.ReasonVacancyDown ? TableDesc.ReasonVacancyUp : TableDesc.ReasonVacancyDown;
        }
    }
}
