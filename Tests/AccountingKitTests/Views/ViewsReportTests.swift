import AccountingKit
import Foundation
import Testing

/// `accounting report` (the built binary) on the scenario of `viewsScenario()`: its csv, parsed
/// per RFC 4180, and its json, parsed with JSONSerialization, give back the numbers worked out by
/// hand and the same numbers as the views (exact decimals, compared as `Decimal`, never as Double).
@Suite(.serialized)
struct ViewsReportTests {
  let t: TestSchema

  init() throws {
    t = try TestSchema("viewsrep")
    try t.viewsScenario()
    #expect(try t.rollupAt("2026-02-01 02:00:00").first == "done")
  }

  var common: [String] {
    ["--no-defaults", "--inventory-schema", t.inventory, "--accounting-schema", t.accounting]
  }

  /// A number as `Decimal` text ("1.500000" and "1.5" both give "1.5"); anything else unchanged.
  private func norm(_ s: String?) -> String? {
    guard let s, !s.isEmpty else { return nil }
    if s.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }), let d = Decimal(string: s) {
      return d.description
    }
    return s
  }

  private func norm(_ rows: [[String?]]) -> [[String?]] { rows.map { $0.map(norm) } }

  /// Runs the report in csv and json; returns both documents' rows in the csv's column order
  /// (NULL and empty as nil, numbers normalised), after checking that they agree.
  private func report(_ args: [String], columns: [String]) throws -> [[String?]] {
    let csv = try Tool.run(["report"] + args + ["--format", "csv"] + common)
    #expect(csv.status == 0, "\(csv.stderr)")
    let json = try Tool.run(["report"] + args + ["--format", "json"] + common)
    #expect(json.status == 0, "\(json.stderr)")

    let records = try #require(parseCSV(csv.stdout), "not RFC 4180: \(csv.stdout)")
    #expect(csv.stdout.hasSuffix("\r\n"))
    #expect(records.first == columns)
    let fromCSV = norm(records.dropFirst().map { $0.map { Optional($0) } })

    let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8))
    let object = try #require(document as? [String: Any])
    let rows = try #require(object["rows"] as? [[String: Any]])
    let fromJSON: [[String?]] = rows.map { row in
      columns.map { name -> String? in
        switch row[name] {
        case let s as String: return s
        case is NSNull, nil: return nil
        case let n?: return jsonNumberText(n)
        }
      }
    }
    #expect(rows.allSatisfy { Set($0.keys) == Set(columns) })
    #expect(norm(fromJSON) == fromCSV)
    return fromCSV
  }

  @Test func perEnterpriseOverWholeDaysFromTheDailySummaries() throws {
    let columns = [
      "idEnterprise", "enterprise", "idAccountingResourceType", "resourceType", "unit",
      "resourceUnits", "unitSeconds",
      "unitHours",
    ]
    let got = try report(
      ["--from", "2026-01-30T00:00:00Z", "--to", "2026-02-02T00:00:00Z", "--by", "enterprise"],
      columns: columns)
    // The whole scenario (Jan 30 + Jan 31 + Feb 1), by hand from the daily sums; names valid at
    // the period's end (Beta renamed on Feb 1). vcpu 7 + 10 = 17, 16800 + 34800 = 51600; vram
    // 7168 + 10240, 17203200 + 35635200; vhd 26843545600 + 32212254720, 70866960384000 +
    // 109521666048000 = 180388626432000; volume 2147483648 + 4294967296, 5798205849600 +
    // 15461882265600; KVM 3 + 4, 6900 + 13200; 15: 7 + 5, 16800 + 12000; 16: 10, 22800;
    // 17: 7168 + 5120, 17203200 + 12288000; 18: 10240, 23347200; IP 2 + 2, 4800 + 3900.
    let acme = ["1", "Acme"]
    let expected: [[String?]] = [
      acme + ["1", "VirtualMachine-vcpu", "cores", "17", "51600", "14.333333"],
      acme + ["2", "VirtualMachine-vram", "MB", "17408", "52838400", "14677.333333"],
      acme + [
        "3", "VirtualMachine-vhd", "bytes", "59055800320", "180388626432000", "50107951786.666667",
      ],
      acme + [
        "4", "ExternalStorage", "bytes", "6442450944", "21260088115200", "5905580032.000000",
      ],
      acme + ["6", "VLAN", "count", "1", "1800", "0.500000"],
      acme + ["7", "VirtualMachine-hypervisorType", "count", "7", "20100", "5.583333"],
      acme + [
        "13", "VirtualMachine-tierhd", "bytes", "6442450944", "21260088115200", "5905580032.000000",
      ],
      acme + ["15", "vm_usage_on", "cores", "12", "28800", "8.000000"],
      acme + ["16", "vm_usage_off", "cores", "10", "22800", "6.333333"],
      acme + ["17", "memory_usage_on", "MB", "12288", "29491200", "8192.000000"],
      acme + ["18", "memory_usage_off", "MB", "10240", "23347200", "6485.333333"],
      ["2", TestSchema.betaRenamed, "5", "IPAddress", "count", "4", "8700", "2.416667"],
    ]
    #expect(got == norm(expected))
    // The same numbers from the monthly view (January and February make the whole period).
    let fromView = try t.rows(
      """
      SELECT idEnterprise, idAccountingResourceType, SUM(resourceUnits), SUM(unitSeconds),
             CAST(SUM(unitSeconds) / 3600 AS DECIMAL(38,6))
      FROM {acc}.MONTHLY_USAGE_SUM_VW GROUP BY idEnterprise, idAccountingResourceType ORDER BY 1, 2
      """)
    #expect(norm(fromView) == got.map { [$0[0], $0[2], $0[5], $0[6], $0[7]] })
  }

  @Test func perVMOverTwoHoursFromTheHourlyDetail() throws {
    let columns = [
      "idEnterprise", "enterprise", "idVirtualDataCenter", "virtualDataCenter", "idVirtualMachine",
      "virtualMachine",
      "idAccountingResourceType", "resourceType", "unit", "resourceUnits", "unitSeconds",
      "unitHours",
    ]
    let got = try report(
      ["--from", "2026-01-31T23:00:00Z", "--to", "2026-02-01T01:00:00Z", "--by", "vm"],
      columns: columns)
    // Hours 23:00 and 00:00 (the month boundary inside the period). The volume counts under the
    // VM it is attached to (VM 1); the IP has no VM. Names valid at 00:59:59: VM 1 is a-web-2.
    // VM 1: vcpu 4 + 4, 10800 + 14400; vram 4096 + 4096, 11059200 + 14745600; vhd 2 × 10737418240,
    // 2 × 38654705664000; volume 1073741824 + 2147483648, 3865470566400 + 7730941132800; KVM 1 +
    // 1, 3600 + 3600; 15: 4 + 4, 10800 + 10800; 16: 4, 3600; 17: 4096 + 4096, 11059200 +
    // 11059200; 18: 4096, 3686400. VM 2: vcpu 1 + 1, 600 + 3600; vram 1024 + 1024, 614400 +
    // 3686400; vhd 2 × 5368709120, 3221225472000 + 19327352832000; KVM 1 + 1, 600 + 3600; 15: 1 +
    // 1, 600 + 1200; 16: 1, 2400; 17: 1024 + 1024, 614400 + 1228800; 18: 1024, 2457600.
    let vm1 = ["1", "Acme", "1", "prod", "1", "a-web-2"]
    let vm2 = ["1", "Acme", "1", "prod", "2", "b-app"]
    let expected: [[String?]] = [
      vm1 + ["1", "VirtualMachine-vcpu", "cores", "8", "25200", "7.000000"],
      vm1 + ["2", "VirtualMachine-vram", "MB", "8192", "25804800", "7168.000000"],
      vm1 + [
        "3", "VirtualMachine-vhd", "bytes", "21474836480", "77309411328000", "21474836480.000000",
      ],
      vm1 + ["4", "ExternalStorage", "bytes", "3221225472", "11596411699200", "3221225472.000000"],
      vm1 + ["7", "VirtualMachine-hypervisorType", "count", "2", "7200", "2.000000"],
      vm1 + [
        "13", "VirtualMachine-tierhd", "bytes", "3221225472", "11596411699200", "3221225472.000000",
      ],
      vm1 + ["15", "vm_usage_on", "cores", "8", "21600", "6.000000"],
      vm1 + ["16", "vm_usage_off", "cores", "4", "3600", "1.000000"],
      vm1 + ["17", "memory_usage_on", "MB", "8192", "22118400", "6144.000000"],
      vm1 + ["18", "memory_usage_off", "MB", "4096", "3686400", "1024.000000"],
      vm2 + ["1", "VirtualMachine-vcpu", "cores", "2", "4200", "1.166667"],
      vm2 + ["2", "VirtualMachine-vram", "MB", "2048", "4300800", "1194.666667"],
      vm2 + [
        "3", "VirtualMachine-vhd", "bytes", "10737418240", "22548578304000", "6263493973.333333",
      ],
      vm2 + ["7", "VirtualMachine-hypervisorType", "count", "2", "4200", "1.166667"],
      vm2 + ["15", "vm_usage_on", "cores", "2", "1800", "0.500000"],
      vm2 + ["16", "vm_usage_off", "cores", "1", "2400", "0.666667"],
      vm2 + ["17", "memory_usage_on", "MB", "2048", "1843200", "512.000000"],
      vm2 + ["18", "memory_usage_off", "MB", "1024", "2457600", "682.666667"],
      ["2", "Beta", "2", "lab", nil, nil, "5", "IPAddress", "count", "2", "7200", "2.000000"],
    ]
    #expect(got.count == expected.count)
    for (g, e) in zip(got, norm(expected)) { #expect(g == e) }
    // The same numbers from ACCOUNT_PERIOD_USAGE_VW over the same hours.
    let fromView = try t.rows(
      """
      SELECT idEnterprise, idVirtualDataCenter, idVirtualMachine, idAccountingResourceType, SUM(resourceUnits),
             SUM(unitSeconds), CAST(SUM(unitSeconds) / 3600 AS DECIMAL(38,6))
      FROM {acc}.ACCOUNT_PERIOD_USAGE_VW
      WHERE starttime >= '2026-01-31 23:00:00' AND starttime < '2026-02-01 01:00:00'
      GROUP BY idEnterprise, idVirtualDataCenter, idVirtualMachine, idAccountingResourceType
      ORDER BY idEnterprise, idVirtualDataCenter, COALESCE(idVirtualMachine, 0), idAccountingResourceType
      """)
    #expect(norm(fromView) == got.map { [$0[0], $0[2], $0[4], $0[6], $0[9], $0[10], $0[11]] })
  }

  @Test func aPeriodNotWholeGetsOneWarningLineOnStderr() throws {
    // Rolled up at 02:00 without a settle delay: hours through 01:00 are processed (processed
    // through 02:00). A period reaching 03:00 says so, once, on stderr; stdout is the same csv as
    // for the processed part alone.
    let args = ["--from", "2026-01-31T23:00:00Z", "--format", "csv"]
    let whole = try Tool.run(["report"] + args + ["--to", "2026-02-01T02:00:00Z"] + common)
    #expect(whole.status == 0)
    #expect(whole.stderr == "")
    let beyond = try Tool.run(["report"] + args + ["--to", "2026-02-01T03:00:00Z"] + common)
    #expect(beyond.status == 0)
    #expect(beyond.stdout == whole.stdout)
    #expect(
      beyond.stderr
        == "accounting: warning: the numbers are not whole: 2026-02-01T02:00:00Z .. 2026-02-01T03:00:00Z is not processed yet (processed through 2026-02-01T02:00:00Z)\n"
    )
    // History below the processed floor was purged.
    try t.exec("UPDATE {acc}.accounting_rollup_state SET processedFloor = '2026-02-01 00:00:00' WHERE id = 1")
    defer { _ = try? t.exec("UPDATE {acc}.accounting_rollup_state SET processedFloor = NULL WHERE id = 1") }
    let purged = try Tool.run(["report"] + args + ["--to", "2026-02-01T02:00:00Z"] + common)
    #expect(
      purged.stderr
        == "accounting: warning: the numbers are not whole: 2026-01-31T23:00:00Z .. 2026-02-01T00:00:00Z was purged (the processed floor is 2026-02-01T00:00:00Z)\n"
    )
  }

  @Test func csvParserFollowsRFC4180() throws {
    #expect(
      parseCSV("a,b\r\n\"x, \"\"y\"\"\",\"line\r\nbreak\"\r\n") == [
        ["a", "b"], ["x, \"y\"", "line\r\nbreak"],
      ])
    #expect(parseCSV("a,\r\n,b") == [["a", ""], ["", "b"]])
    #expect(parseCSV("a\nb\r\n") == nil)  // a bare LF ends no record
    #expect(parseCSV("a\"b\r\n") == nil)  // a quote inside an unquoted field
    #expect(parseCSV("\"a\"b\r\n") == nil)  // text after the closing quote
    #expect(parseCSV("\"a\r\n") == nil)  // unterminated
  }
}
