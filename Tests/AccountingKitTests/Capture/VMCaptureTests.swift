import AccountingKit
import Testing

/// Capture of managed VMs: accounting_event_vm intervals written by the
/// virtualmachine triggers and by the parents' set-based re-snapshots.
@Suite(.serialized)
struct VMCaptureTests {
  let t: TestSchema
  init() throws {
    t = try TestSchema("vmcap")
    try t.captureFixture()
  }

  @Test func deployOpensOneRowWithTheSnapshot() throws {
    try t.clock("2026-01-05 13:00:00")
    try t.insertVM("web-1", state: "ON", layer: "front", profile: 1)
    #expect(
      try t.rows(
        """
        SELECT idVM, idEnterprise, idVirtualDataCenter, idVirtualApp, cpu, ram, hd, startTime, stopTime,
               consolidated, costCode, hypervisorType, idDataCenter, region, haEnabled, antiAffinity,
               idHardwareProfile, powerOn, account_id, internal_provider_id,
               {acc}.ABQ_OBJECT_ID_TO_NAME(idHypervisorType)
        FROM {acc}.accounting_event_vm
        """)
        == [
          [
            "1", "1", "1", "1", "2", "4096", "10737418240", "2026-01-05 13:00:00", nil, "0", "1",
            "KVM", "1",
            "eu-south", "1", "1", "1", "1", "ACC-1", nil, "KVM",
          ]
        ])
    #expect(try t.verifyProblems() == [])
  }

  @Test func deployThroughStatesOpensOnlyAtOnOffPaused() throws {
    try t.clock("2026-01-05 13:00:00")
    try t.insertVM("web-1", state: "NOT_ALLOCATED", hypervisor: nil)
    try t.exec(
      "UPDATE {inv}.virtualmachine SET state = 'ALLOCATED', idHypervisor = 1 WHERE idVM = 1")
    try t.exec("UPDATE {inv}.virtualmachine SET state = 'CONFIGURED' WHERE idVM = 1")
    try t.exec("UPDATE {inv}.virtualmachine SET state = 'LOCKED' WHERE idVM = 1")
    #expect(try t.vmIntervals(1) == [])
    try t.clock("2026-01-05 13:05:00")
    try t.exec("UPDATE {inv}.virtualmachine SET state = 'OFF' WHERE idVM = 1")
    #expect(
      try t.vmIntervals(1) == [["2026-01-05 13:05:00", nil, "2", "4096", "10737418240", "0"]])
  }

  @Test func powerOffAndOn() throws {
    try t.clock("2026-01-05 13:00:00")
    try t.insertVM("web-1", state: "ON")
    try t.clock("2026-01-05 13:20:00")
    try t.exec("UPDATE {inv}.virtualmachine SET state = 'OFF' WHERE idVM = 1")
    try t.clock("2026-01-05 13:30:00")
    // still not ON: nothing
    try t.exec("UPDATE {inv}.virtualmachine SET state = 'PAUSED' WHERE idVM = 1")
    try t.clock("2026-01-05 14:00:00")
    try t.exec("UPDATE {inv}.virtualmachine SET state = 'ON' WHERE idVM = 1")
    #expect(
      try t.vmIntervals(1) == [
        ["2026-01-05 13:00:00", "2026-01-05 13:20:00", "2", "4096", "10737418240", "1"],
        ["2026-01-05 13:20:00", "2026-01-05 14:00:00", "2", "4096", "10737418240", "0"],
        ["2026-01-05 14:00:00", nil, "2", "4096", "10737418240", "1"],
      ])
    #expect(try t.verifyProblems() == [])
  }

  @Test func resizeWhileOnAndWhileOff() throws {
    try t.clock("2026-01-05 13:00:00")
    try t.insertVM("web-1", state: "ON")
    try t.clock("2026-01-05 13:10:00")
    try t.exec("UPDATE {inv}.virtualmachine SET cpu = 4, ram = 8192 WHERE idVM = 1")
    try t.clock("2026-01-05 13:20:00")
    try t.exec("UPDATE {inv}.virtualmachine SET state = 'OFF' WHERE idVM = 1")
    try t.clock("2026-01-05 13:30:00")
    try t.exec("UPDATE {inv}.virtualmachine SET hd = 21474836480 WHERE idVM = 1")
    #expect(
      try t.vmIntervals(1) == [
        ["2026-01-05 13:00:00", "2026-01-05 13:10:00", "2", "4096", "10737418240", "1"],
        ["2026-01-05 13:10:00", "2026-01-05 13:20:00", "4", "8192", "10737418240", "1"],
        ["2026-01-05 13:20:00", "2026-01-05 13:30:00", "4", "8192", "10737418240", "0"],
        ["2026-01-05 13:30:00", nil, "4", "8192", "21474836480", "0"],
      ])
  }

  @Test func lockedAndUnknownKeepThePowerState() throws {
    try t.clock("2026-01-05 13:00:00")
    try t.insertVM("web-1", state: "ON")
    // ON → LOCKED → ON writes nothing
    try t.clock("2026-01-05 13:10:00")
    try t.exec("UPDATE {inv}.virtualmachine SET state = 'LOCKED' WHERE idVM = 1")
    try t.clock("2026-01-05 13:11:00")
    try t.exec("UPDATE {inv}.virtualmachine SET state = 'ON' WHERE idVM = 1")
    #expect(
      try t.vmIntervals(1) == [["2026-01-05 13:00:00", nil, "2", "4096", "10737418240", "1"]])
    // ON → LOCKED → OFF closes at OFF
    try t.clock("2026-01-05 13:20:00")
    try t.exec("UPDATE {inv}.virtualmachine SET state = 'LOCKED' WHERE idVM = 1")
    try t.clock("2026-01-05 13:25:00")
    try t.exec("UPDATE {inv}.virtualmachine SET state = 'OFF' WHERE idVM = 1")
    // UNKNOWN keeps a deployed VM billed; a resize while UNKNOWN keeps its power state
    try t.clock("2026-01-05 13:30:00")
    try t.exec("UPDATE {inv}.virtualmachine SET state = 'UNKNOWN' WHERE idVM = 1")
    try t.clock("2026-01-05 13:40:00")
    try t.exec("UPDATE {inv}.virtualmachine SET cpu = 8 WHERE idVM = 1")
    #expect(
      try t.vmIntervals(1) == [
        ["2026-01-05 13:00:00", "2026-01-05 13:25:00", "2", "4096", "10737418240", "1"],
        ["2026-01-05 13:25:00", "2026-01-05 13:40:00", "2", "4096", "10737418240", "0"],
        ["2026-01-05 13:40:00", nil, "8", "4096", "10737418240", "0"],
      ])
    #expect(try t.verifyProblems() == [])
  }

  @Test func insertedLockedOpensWhenItReachesOn() throws {
    try t.clock("2026-01-05 13:00:00")
    try t.insertVM("web-1", state: "LOCKED")
    try t.exec("UPDATE {inv}.virtualmachine SET cpu = 3 WHERE idVM = 1")  // not deployed: nothing
    #expect(try t.vmIntervals(1) == [])
    try t.clock("2026-01-05 13:02:00")
    try t.exec("UPDATE {inv}.virtualmachine SET state = 'ON' WHERE idVM = 1")
    #expect(
      try t.vmIntervals(1) == [["2026-01-05 13:02:00", nil, "3", "4096", "10737418240", "1"]])
  }

  @Test func moveBetweenVAppsAndVDCs() throws {
    try t.clock("2026-01-05 13:00:00")
    try t.insertVM("web-1", state: "ON")
    try t.exec(
      "INSERT INTO {inv}.virtualapp (idVirtualDataCenter, idEnterprise, name) VALUES (1, 1, 'web-b')"
    )  // vApp 4
    try t.clock("2026-01-05 13:10:00")
    try t.exec("UPDATE {inv}.virtualmachine SET idVirtualApp = 4 WHERE idVM = 1")  // same VDC
    try t.clock("2026-01-05 13:20:00")
    // VDC 2: MAD, VMX_04
    try t.exec("UPDATE {inv}.virtualmachine SET idVirtualApp = 2 WHERE idVM = 1")
    try t.clock("2026-01-05 13:30:00")
    // Beta
    try t.exec("UPDATE {inv}.virtualmachine SET idVirtualApp = 3, idEnterprise = 2 WHERE idVM = 1")
    #expect(
      try t.vmSnapshots(1) == [
        [
          "2026-01-05 13:00:00", "2026-01-05 13:10:00", "1", "1", "1", "1", "KVM", "1", "eu-south",
          "1", "0", nil, "1",
        ],
        [
          "2026-01-05 13:10:00", "2026-01-05 13:20:00", "1", "1", "4", "1", "KVM", "1", "eu-south",
          "1", "0", nil, "1",
        ],
        [
          "2026-01-05 13:20:00", "2026-01-05 13:30:00", "1", "2", "2", "1", "VMX_04", "2",
          "eu-central", "1", "0", nil, "1",
        ],
        [
          "2026-01-05 13:30:00", nil, "2", "3", "3", "1", "KVM", "1", "eu-south", "1", "0", nil,
          "1",
        ],
      ])
    #expect(
      try t.scalar("SELECT account_id FROM {acc}.accounting_event_vm WHERE stopTime IS NULL") == nil
    )
    #expect(try t.verifyProblems() == [])
  }

  @Test func undeployClosesAndRedeployOpens() throws {
    try t.clock("2026-01-05 13:00:00")
    try t.insertVM("web-1", state: "ON")
    try t.clock("2026-01-05 13:30:00")
    try t.exec(
      "UPDATE {inv}.virtualmachine SET state = 'NOT_ALLOCATED', idHypervisor = NULL WHERE idVM = 1")
    try t.clock("2026-01-05 13:40:00")
    try t.exec("UPDATE {inv}.virtualmachine SET state = 'ALLOCATED' WHERE idVM = 1")
    // not deployed: nothing
    try t.exec("UPDATE {inv}.virtualmachine SET state = 'UNKNOWN' WHERE idVM = 1")
    try t.clock("2026-01-05 14:00:00")
    try t.exec("UPDATE {inv}.virtualmachine SET state = 'PAUSED', idHypervisor = 3 WHERE idVM = 1")
    #expect(
      try t.vmSnapshots(1) == [
        [
          "2026-01-05 13:00:00", "2026-01-05 13:30:00", "1", "1", "1", "1", "KVM", "1", "eu-south",
          "1", "0", nil, "1",
        ],
        [
          "2026-01-05 14:00:00", nil, "1", "1", "1", "1", "KVM", "1", "eu-south", "0", "0", nil,
          "0",
        ],
      ])
  }

  @Test func deleteWhileDeployedClosesTheRow() throws {
    try t.clock("2026-01-05 13:00:00")
    try t.insertVM("web-1", state: "ON")
    try t.insertVM("web-2", state: "OFF")
    try t.clock("2026-01-05 15:45:30")
    try t.exec("DELETE FROM {inv}.virtualmachine WHERE idVM = 1")
    #expect(
      try t.vmIntervals(1) == [
        ["2026-01-05 13:00:00", "2026-01-05 15:45:30", "2", "4096", "10737418240", "1"]
      ])
    #expect(
      try t.vmIntervals(2) == [["2026-01-05 13:00:00", nil, "2", "4096", "10737418240", "0"]])
    #expect(try t.verifyProblems() == [])
  }

  @Test func updatesThatChangeNothingAccountedWriteNothing() throws {
    try t.clock("2026-01-05 13:00:00")
    try t.insertVM("web-1", state: "ON", layer: "front")
    try t.insertVM("web-2", state: "OFF")
    try t.clock("2026-01-05 13:10:00")
    try t.exec("UPDATE {inv}.virtualmachine SET description = 'first' WHERE idVM = 1")
    try t.exec("UPDATE {inv}.virtualmachine SET layer = 'back' WHERE idVM = 1")  // still in a layer
    // read at the next open
    try t.exec("UPDATE {inv}.virtualmachine SET providerId = 'i-123' WHERE idVM = 1")
    // same values
    try t.exec("UPDATE {inv}.virtualmachine SET cpu = 2, ram = 4096, state = 'ON' WHERE idVM = 1")
    // OFF → PAUSED: still not ON
    try t.exec("UPDATE {inv}.virtualmachine SET state = 'PAUSED' WHERE idVM = 2")
    try t.exec("UPDATE {inv}.virtualmachine SET description = 'all'")
    #expect(try t.count("accounting_event_vm") == 2)
    #expect(
      try t.rows("SELECT COUNT(*) FROM {acc}.accounting_event_vm WHERE stopTime IS NULL") == [["2"]]
    )
    // an imported or undeployed VM's changes write nothing either
    try t.insertVM("imported", state: "ON", type: 0)
    try t.insertVM("parked", state: "NOT_ALLOCATED")
    try t.exec("UPDATE {inv}.virtualmachine SET cpu = 16 WHERE idVM IN (3, 4)")
    #expect(try t.count("accounting_event_vm") == 2)
    // providerId shows from the next interval
    try t.clock("2026-01-05 13:20:00")
    try t.exec("UPDATE {inv}.virtualmachine SET cpu = 3 WHERE idVM = 1")
    #expect(
      try t.rows(
        "SELECT internal_provider_id FROM {acc}.accounting_event_vm WHERE idVM = 1 ORDER BY startTime"
      )
        == [[nil], ["i-123"]])
  }

  @Test func twoChangesInOneSecondLeaveAZeroLengthRow() throws {
    try t.clock("2026-01-05 13:00:00")
    try t.insertVM("web-1", state: "ON")
    try t.clock("2026-01-05 13:10:00")
    try t.exec("UPDATE {inv}.virtualmachine SET cpu = 4 WHERE idVM = 1")
    try t.exec("UPDATE {inv}.virtualmachine SET state = 'OFF' WHERE idVM = 1")
    #expect(
      try t.vmIntervals(1) == [
        ["2026-01-05 13:00:00", "2026-01-05 13:10:00", "2", "4096", "10737418240", "1"],
        ["2026-01-05 13:10:00", "2026-01-05 13:10:00", "4", "4096", "10737418240", "1"],
        ["2026-01-05 13:10:00", nil, "4", "4096", "10737418240", "0"],
      ])
  }

  @Test func nullCostCodeRackAndHypervisor() throws {
    try t.clock("2026-01-05 13:00:00")
    // pm3 has no rack; image 2 no cost code
    try t.insertVM("no-cc", state: "ON", hypervisor: 3, image: 2)
    try t.insertVM("no-hv", state: "OFF", hypervisor: nil, image: nil)
    #expect(
      try t.vmSnapshots(1) == [
        [
          "2026-01-05 13:00:00", nil, "1", "1", "1", nil, "KVM", "1", "eu-south", "0", "0", nil,
          "1",
        ]
      ])
    #expect(
      try t.vmSnapshots(2) == [
        [
          "2026-01-05 13:00:00", nil, "1", "1", "1", nil, "KVM", "1", "eu-south", "0", "0", nil,
          "0",
        ]
      ])
    // an image gets a cost code, a VM its image, another a hypervisor in an HA rack
    try t.clock("2026-01-05 13:10:00")
    try t.exec("UPDATE {inv}.virtualimage SET cost_code = 2 WHERE idImage = 2")
    try t.exec("UPDATE {inv}.virtualmachine SET idImage = 1, idHypervisor = 1 WHERE idVM = 2")
    #expect(
      try t.rows(
        "SELECT idVM, costCode, haEnabled FROM {acc}.accounting_event_vm WHERE stopTime IS NULL ORDER BY idVM"
      ) == [["1", "2", "0"], ["2", "1", "1"]])
    #expect(try t.verifyProblems() == [])
  }

  @Test func attributesHardwareProfileAntiAffinityAndImportedType() throws {
    try t.clock("2026-01-05 13:00:00")
    try t.insertVM("web-1", state: "ON")
    try t.clock("2026-01-05 13:10:00")
    try t.exec("UPDATE {inv}.virtualmachine SET idHardwareProfile = 2 WHERE idVM = 1")
    try t.clock("2026-01-05 13:20:00")
    try t.exec("UPDATE {inv}.virtualmachine SET layer = 'L1' WHERE idVM = 1")
    try t.clock("2026-01-05 13:30:00")
    try t.exec("UPDATE {inv}.virtualmachine SET idType = 0 WHERE idVM = 1")  // imported: closes
    try t.clock("2026-01-05 13:40:00")
    // managed again while ON: opens
    try t.exec("UPDATE {inv}.virtualmachine SET idType = 1 WHERE idVM = 1")
    #expect(
      try t.rows(
        "SELECT startTime, stopTime, idHardwareProfile, antiAffinity FROM {acc}.accounting_event_vm ORDER BY idVMAccountingEvent"
      )
        == [
          ["2026-01-05 13:00:00", "2026-01-05 13:10:00", nil, "0"],
          ["2026-01-05 13:10:00", "2026-01-05 13:20:00", "2", "0"],
          ["2026-01-05 13:20:00", "2026-01-05 13:30:00", "2", "1"],
          ["2026-01-05 13:40:00", nil, "2", "1"],
        ])
  }

  @Test func rackHAToggleReSnapshotsItsDeployedVMsSetBased() throws {
    try t.clock("2026-01-05 13:00:00")
    try t.insertVM("a", state: "ON", hypervisor: 1)
    try t.insertVM("b", state: "OFF", hypervisor: 1)
    try t.insertVM("c", state: "NOT_ALLOCATED", hypervisor: 1)  // not deployed
    try t.insertVM("d", state: "ON", hypervisor: 2)  // other rack
    // keeps OFF through the re-snapshot
    try t.exec("UPDATE {inv}.virtualmachine SET state = 'LOCKED' WHERE idVM = 2")
    try t.clock("2026-01-05 13:15:00")
    try t.exec("UPDATE {inv}.rack SET haEnabled = 0 WHERE idRack = 1")
    try t.exec("UPDATE {inv}.rack SET name = 'renamed' WHERE idRack = 1")  // not accounted
    #expect(
      try t.rows(
        "SELECT idVM, startTime, stopTime, haEnabled, powerOn FROM {acc}.accounting_event_vm ORDER BY idVM, startTime"
      )
        == [
          ["1", "2026-01-05 13:00:00", "2026-01-05 13:15:00", "1", "1"],
          ["1", "2026-01-05 13:15:00", nil, "0", "1"],
          ["2", "2026-01-05 13:00:00", "2026-01-05 13:15:00", "1", "0"],
          ["2", "2026-01-05 13:15:00", nil, "0", "0"],
          ["4", "2026-01-05 13:00:00", nil, "0", "1"],
        ])
    #expect(try t.count("capture_resnapshot_work") == 0)
    #expect(try t.verifyProblems() == [])
  }

  @Test func parentChangesReSnapshotTheirVMs() throws {
    try t.clock("2026-01-05 13:00:00")
    try t.insertVM("a", state: "ON", hypervisor: 2)  // rack 2 (HA off)
    try t.insertVM("b", state: "ON", vApp: 2, hypervisor: 3)  // no rack, VDC 2
    // physical machine 2 moves to rack 1 (HA on)
    try t.clock("2026-01-05 13:10:00")
    try t.exec("UPDATE {inv}.physicalmachine SET idRack = 1 WHERE idPhysicalMachine = 2")
    // hypervisor 3 moves to physical machine 1 (rack 1)
    try t.clock("2026-01-05 13:20:00")
    try t.exec("UPDATE {inv}.hypervisor SET idPhysicalMachine = 1 WHERE id = 3")
    // VDC 2's hypervisor type changes
    try t.clock("2026-01-05 13:30:00")
    try t.exec(
      "UPDATE {inv}.virtualdatacenter SET hypervisorType = 'HYPERV_301' WHERE idVirtualDataCenter = 2"
    )
    // vApp 1 moves to VDC 3 (its VMs' VDC and hypervisor type; the VM's enterprise is its own)
    try t.clock("2026-01-05 13:40:00")
    try t.exec("UPDATE {inv}.virtualapp SET idVirtualDataCenter = 2 WHERE idVirtualApp = 1")
    // image 1 loses its cost code
    try t.clock("2026-01-05 13:50:00")
    try t.exec("UPDATE {inv}.virtualimage SET cost_code = NULL WHERE idImage = 1")
    #expect(
      try t.rows(
        """
        SELECT idVM, startTime, stopTime, idVirtualDataCenter, costCode, hypervisorType,
               {acc}.ABQ_OBJECT_ID_TO_NAME(idHypervisorType), haEnabled
        FROM {acc}.accounting_event_vm ORDER BY idVM, startTime
        """)
        == [
          ["1", "2026-01-05 13:00:00", "2026-01-05 13:10:00", "1", "1", "KVM", "KVM", "0"],
          ["1", "2026-01-05 13:10:00", "2026-01-05 13:40:00", "1", "1", "KVM", "KVM", "1"],
          [
            "1", "2026-01-05 13:40:00", "2026-01-05 13:50:00", "2", "1", "HYPERV_301", "HYPERV_301",
            "1",
          ],
          ["1", "2026-01-05 13:50:00", nil, "2", nil, "HYPERV_301", "HYPERV_301", "1"],
          ["2", "2026-01-05 13:00:00", "2026-01-05 13:20:00", "2", "1", "VMX_04", "VMX_04", "0"],
          ["2", "2026-01-05 13:20:00", "2026-01-05 13:30:00", "2", "1", "VMX_04", "VMX_04", "1"],
          [
            "2", "2026-01-05 13:30:00", "2026-01-05 13:50:00", "2", "1", "HYPERV_301", "HYPERV_301",
            "1",
          ],
          ["2", "2026-01-05 13:50:00", nil, "2", nil, "HYPERV_301", "HYPERV_301", "1"],
        ])
    #expect(try t.verifyProblems() == [])
  }

  @Test func uniqueKeyRejectsASecondOpenRow() throws {
    try t.clock("2026-01-05 13:00:00")
    try t.insertVM("web-1", state: "ON")
    let error = #expect(throws: DatabaseError.self) {
      try t.exec(
        """
        INSERT INTO {acc}.accounting_event_vm (idVM, idEnterprise, cpu, ram, hd, startTime, powerOn)
        VALUES (1, 1, 1, 1, 1, '2026-01-05 13:05:00', 1)
        """)
    }
    #expect(error?.errno == 1062)
    // closed rows of the same VM are fine
    try t.exec(
      """
      INSERT INTO {acc}.accounting_event_vm (idVM, idEnterprise, cpu, ram, hd, startTime, stopTime, powerOn)
      VALUES (1, 1, 1, 1, 1, '2026-01-05 12:00:00', '2026-01-05 12:30:00', 1)
      """)
    #expect(try t.count("accounting_event_vm") == 2)
  }

  @Test func muteSwitchSilencesTheTriggers() throws {
    try t.clock("2026-01-05 13:00:00")
    try t.insertVM("web-1", state: "ON")
    try t.exec("SET @accounting_mute = 1")
    try t.clock("2026-01-05 13:10:00")
    try t.exec("UPDATE {inv}.virtualmachine SET cpu = 8 WHERE idVM = 1")
    try t.insertVM("web-2", state: "ON")
    try t.exec("UPDATE {inv}.rack SET haEnabled = 0 WHERE idRack = 1")
    try t.exec("SET @accounting_mute = 0")
    #expect(try t.count("accounting_event_vm") == 1)
    #expect(
      try t.verifyProblems() == [
        "vm 1: open interval differs from the inventory: cpu, haEnabled",
        "vm 2: managed VM in ON has no open interval",
      ])
    // unmuted, the triggers write again
    try t.clock("2026-01-05 13:20:00")
    // equal to the open row's cpu
    try t.exec("UPDATE {inv}.virtualmachine SET cpu = 2 WHERE idVM = 1")
    try t.exec("UPDATE {inv}.virtualmachine SET ram = 1024 WHERE idVM = 1")
    #expect(
      try t.vmIntervals(1).last == ["2026-01-05 13:20:00", nil, "2", "1024", "10737418240", "1"])
  }

  @Test func initialSnapshotOpensWhatIsDeployedOnce() throws {
    try t.exec("SET @accounting_mute = 1")
    try t.insertVM("on", state: "ON")
    try t.insertVM("paused", state: "PAUSED", hypervisor: 2)
    try t.insertVM("locked-on-host", state: "LOCKED", hypervisor: 3)
    try t.insertVM("unknown-no-host", state: "UNKNOWN", hypervisor: nil)
    try t.insertVM("allocated", state: "ALLOCATED")
    try t.insertVM("imported", state: "ON", type: 0)
    try t.exec("SET @accounting_mute = NULL")
    try t.exec("CALL {acc}.INITIAL_SNAPSHOT('2026-01-05 14:00:00')")
    #expect(
      try t.rows(
        "SELECT idVM, startTime, stopTime, haEnabled, powerOn FROM {acc}.accounting_event_vm ORDER BY idVM"
      )
        == [
          ["1", "2026-01-05 14:00:00", nil, "1", "1"],
          ["2", "2026-01-05 14:00:00", nil, "0", "0"],
          ["3", "2026-01-05 14:00:00", nil, "0", "0"],
        ])
    #expect(try t.scalar("SELECT COUNT(*) FROM {acc}.name_history WHERE objectKind = 5") == "6")
    try t.exec("CALL {acc}.INITIAL_SNAPSHOT('2026-01-05 15:00:00')")
    #expect(try t.count("accounting_event_vm") == 3)
    #expect(
      try t.scalar(
        "SELECT COUNT(*) FROM {acc}.name_history WHERE validFrom = '2026-01-05 15:00:00'") == "0")
    #expect(try t.verifyProblems() == [])
  }

  @Test func verifyReportsOpenRowsWithoutALiveVM() throws {
    try t.clock("2026-01-05 13:00:00")
    try t.insertVM("a", state: "ON")
    try t.insertVM("b", state: "ON")
    try t.insertVM("c", state: "ON")
    try t.exec("SET @accounting_mute = 1")
    try t.exec("UPDATE {inv}.virtualmachine SET state = 'CONFIGURED' WHERE idVM = 1")
    try t.exec("UPDATE {inv}.virtualmachine SET idType = 0 WHERE idVM = 2")
    try t.exec("DELETE FROM {inv}.virtualmachine WHERE idVM = 3")
    try t.exec("SET @accounting_mute = 0")
    #expect(
      try t.verifyProblems() == [
        "vm 1: open interval of a VM in CONFIGURED",
        "vm 2: open interval of an imported VM (idType <> 1)",
        "vm 3: open interval of a VM that does not exist",
      ])
  }
}
