# An os-ken application for OsKenControllerTests: when a switch connects (OpenFlow 1.3) it installs a table-miss
# flow that sends to the controller and a flow forwarding port 1 to port 2, and it appends what it sees (the
# features reply, packet-ins, port status) to the file named by the OSKEN_EVENTS environment variable.
import os

from os_ken.base import app_manager
from os_ken.controller import ofp_event
from os_ken.controller.handler import CONFIG_DISPATCHER, MAIN_DISPATCHER, set_ev_cls
from os_ken.ofproto import ofproto_v1_3

EVENTS = os.environ['OSKEN_EVENTS']


def record(line):
    with open(EVENTS, 'a') as f:
        f.write(line + '\n')


class InteropApp(app_manager.OSKenApp):
    OFP_VERSIONS = [ofproto_v1_3.OFP_VERSION]

    @set_ev_cls(ofp_event.EventOFPSwitchFeatures, CONFIG_DISPATCHER)
    def switch_features(self, ev):
        dp = ev.msg.datapath
        ofp = dp.ofproto
        parser = dp.ofproto_parser
        to_controller = [parser.OFPActionOutput(ofp.OFPP_CONTROLLER, ofp.OFPCML_NO_BUFFER)]
        dp.send_msg(parser.OFPFlowMod(
            datapath=dp, priority=0, match=parser.OFPMatch(),
            instructions=[parser.OFPInstructionActions(ofp.OFPIT_APPLY_ACTIONS, to_controller)]))
        dp.send_msg(parser.OFPFlowMod(
            datapath=dp, priority=10, match=parser.OFPMatch(in_port=1),
            instructions=[parser.OFPInstructionActions(ofp.OFPIT_APPLY_ACTIONS, [parser.OFPActionOutput(2)])]))
        record('features datapath_id=%016x n_tables=%d capabilities=0x%x'
               % (ev.msg.datapath_id, ev.msg.n_tables, ev.msg.capabilities))

    @set_ev_cls(ofp_event.EventOFPPacketIn, MAIN_DISPATCHER)
    def packet_in(self, ev):
        msg = ev.msg
        record('packet_in in_port=%d reason=%d table_id=%d total_len=%d data=%s'
               % (msg.match['in_port'], msg.reason, msg.table_id, msg.total_len, msg.data.hex()))

    @set_ev_cls(ofp_event.EventOFPPortStatus, MAIN_DISPATCHER)
    def port_status(self, ev):
        msg = ev.msg
        record('port_status reason=%d port_no=%d name=%s'
               % (msg.reason, msg.desc.port_no, msg.desc.name.decode()))
