// A node net-snmp (npm) peer for tests/interop/test_node_netsnmp.sh:
//   node node_peer.js agent PORT READYFILE     a v3 agent (alice, SHA/AES)
//   node node_peer.js receiver PORT READYFILE  a v3 notification receiver
// Binds 127.0.0.1:PORT (net-snmp takes no port 0: it means 161), creates
// READYFILE once listening and exits 3 if the bind fails; the receiver
// prints one line per notification it accepts.
"use strict";
const fs = require("fs");
const snmp = require("net-snmp");

const [role, portArg, readyFile] = process.argv.slice(2);
const port = Number(portArg);
if (!(port > 0 && port < 65536) || !readyFile) {
  console.error("usage: node_peer.js agent|receiver PORT READYFILE");
  process.exit(2);
}
const engineID = role === "agent" ? "8000B98380AABBCCDD01"
                                  : "8000B98380AABBCCDD02";
const user = {
  name: "alice",
  level: snmp.SecurityLevel.authPriv,
  authProtocol: snmp.AuthProtocols.sha,
  authKey: "authpass1",
  privProtocol: snmp.PrivProtocols.aes,
  privKey: "privpass1",
};

function announce(listener) {
  const socket = Object.values(listener.sockets)[0];
  socket.on("listening", () => fs.writeFileSync(readyFile, "ready\n"));
  socket.on("error", (error) => {
    console.error("node peer: " + error.message);
    process.exit(3);
  });
}

function onError(error) {
  if (error)
    console.error("node peer: " + error.message);
}

if (role === "agent") {
  const agent = snmp.createAgent({port, address: "127.0.0.1", engineID,
                                  disableAuthorization: true}, onError);
  agent.getAuthorizer().addUser(user);
  const scalars = [
    ["sysDescr", "1.3.6.1.2.1.1.1", snmp.ObjectType.OctetString, "node agent"],
    ["sysUpTime", "1.3.6.1.2.1.1.3", snmp.ObjectType.TimeTicks, 4242],
    ["sysContact", "1.3.6.1.2.1.1.4", snmp.ObjectType.OctetString, "ops"],
    ["sysName", "1.3.6.1.2.1.1.5", snmp.ObjectType.OctetString, "node-7"],
  ];
  for (const [name, oid, scalarType, value] of scalars) {
    agent.registerProvider({name, type: snmp.MibProviderType.Scalar, oid,
                            scalarType,
                            maxAccess: snmp.MaxAccess["read-only"]});
    agent.getMib().setScalarValue(name, value);
  }
  announce(agent.listener);
} else if (role === "receiver") {
  const receiver = snmp.createReceiver({port, address: "127.0.0.1",
                                        engineID,
                                        disableAuthorization: true},
                                       (error, n) => {
    if (error) {
      onError(error);
      return;
    }
    const vbs = n.pdu.varbinds.map((v) => v.oid + "=" + String(v.value));
    console.log("notification type " + n.pdu.type + " " + vbs.join(" "));
  });
  receiver.getAuthorizer().addUser(user);
  announce(receiver.listener);
} else {
  console.error("usage: node_peer.js agent|receiver PORT READYFILE");
  process.exit(2);
}
