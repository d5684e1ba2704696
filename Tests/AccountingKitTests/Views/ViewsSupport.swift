import AccountingKit
import Foundation
import Testing

/// The reporting scenario of the view suites, built through the triggers of the
/// reference inventory with the session clock set. It spans a UTC day and a month boundary
/// (2026-01-31 → 2026-02-01) and one earlier day of the same month (2026-01-30), so that a day, a
/// month and the hours differ.
///
/// Inventory, created at 2026-01-30 09:00:00 (ids fixed: tables start empty):
/// - datacenter 1 BCN (eu-south); enterprises 1 Acme (account ACC-1), 2 Beta (no account)
/// - VDCs 1 prod (Acme, BCN, KVM), 2 lab (Beta, BCN, KVM); vApps 1 web (VDC 1), 2 app (VDC 2)
/// - storage tier 1 Gold; network 1 `public` (PUBLIC) with IP 1 203.0.113.7, free
///
/// What happens (UTC):
/// - 2026-01-30 10:00 private VLAN 2 `lan-1` created in VDC 1; deleted at 10:30
/// - 2026-01-31 22:15 VM 1 `a-web` (Acme, vApp 1, provider id prov-a) inserted ON: 2 cpu, 2048 MB, 10 GiB
/// - 22:30 volume 1 `vol-1` (VDC 1, vApp 1, attached to VM 1), 1024 MB, tier Gold
/// - 22:40 IP 1 allocated to VDC 2 (Beta)
/// - 23:30 VM 1 resized to 4 cpu, 4096 MB
/// - 23:50 VM 2 `b-app` (Acme, vApp 1) inserted ON: 1 cpu, 1024 MB, 5 GiB
/// - 2026-02-01 00:00 volume 1 grown to 2048 MB (exactly on the day and month boundary)
/// - 00:20 VM 2 powered OFF; 00:30 VM 1 renamed `a-web-2`; 00:45 VM 1 powered OFF
/// - 01:05 IP 1 released; 01:30 Beta renamed `Beta "Labs", Inc` (a quote and a comma, for csv)
/// - 01:40 VM 2 undeployed (NOT_ALLOCATED)
///
/// Event ids (per event table, in order): VM 1 `[22:15, 23:30)` 1, `[23:30, 00:45)` 2,
/// `[00:45, …)` 5 (OFF); VM 2 `[23:50, 00:20)` 3, `[00:20, 01:40)` 4 (OFF); volume `[22:30, 00:00)`
/// 1, `[00:00, …)` 2; IP `[22:40, 01:05)` 1; VLAN `[10:00, 10:30)` 1.
extension TestSchema {
  static let betaRenamed = "Beta \"Labs\", Inc"

  func viewsScenario() throws {
    try clock("2026-01-30 09:00:00")
    try exec(
      """
      INSERT INTO {inv}.datacenter (idDataCenter, name, region) VALUES (1, 'BCN', 'eu-south');
      INSERT INTO {inv}.enterprise (idEnterprise, name, internal_customer_id) VALUES (1, 'Acme', 'ACC-1'), (2, 'Beta', NULL);
      INSERT INTO {inv}.virtualdatacenter (idVirtualDataCenter, idEnterprise, idDataCenter, name, hypervisorType)
        VALUES (1, 1, 1, 'prod', 'KVM'), (2, 2, 1, 'lab', 'KVM');
      INSERT INTO {inv}.virtualapp (idVirtualApp, idVirtualDataCenter, idEnterprise, name)
        VALUES (1, 1, 1, 'web'), (2, 2, 2, 'app');
      INSERT INTO {inv}.storage_tier (idTier, name) VALUES (1, 'Gold');
      INSERT INTO {inv}.vlan_network (vlan_network_id, network_name, networktype, idVirtualDataCenter)
        VALUES (1, 'public', 'PUBLIC', NULL);
      INSERT INTO {inv}.ip_pool_management (idManagement, vlan_network_id, ip, idVirtualDataCenter)
        VALUES (1, 1, '203.0.113.7', NULL);
      """)
    try clock("2026-01-30 10:00:00")
    try exec(
      "INSERT INTO {inv}.vlan_network (vlan_network_id, network_name, networktype, idVirtualDataCenter) VALUES (2, 'lan-1', 'INTERNAL', 1)"
    )
    try clock("2026-01-30 10:30:00")
    try exec("DELETE FROM {inv}.vlan_network WHERE vlan_network_id = 2")
    try clock("2026-01-31 22:15:00")
    try exec(
      """
      INSERT INTO {inv}.virtualmachine (idVM, name, idEnterprise, idVirtualApp, cpu, ram, hd, state, providerId)
      VALUES (1, 'a-web', 1, 1, 2, 2048, 10737418240, 'ON', 'prov-a')
      """)
    try clock("2026-01-31 22:30:00")
    try exec(
      """
      INSERT INTO {inv}.rasd_management (idManagement, idResourceType, idVirtualDataCenter, idVirtualApp, idVM, name, sizeMB, idTier)
      VALUES (1, '8', 1, 1, 1, 'vol-1', 1024, 1)
      """)
    try clock("2026-01-31 22:40:00")
    try exec("UPDATE {inv}.ip_pool_management SET idVirtualDataCenter = 2 WHERE idManagement = 1")
    try clock("2026-01-31 23:30:00")
    try exec("UPDATE {inv}.virtualmachine SET cpu = 4, ram = 4096 WHERE idVM = 1")
    try clock("2026-01-31 23:50:00")
    try exec(
      """
      INSERT INTO {inv}.virtualmachine (idVM, name, idEnterprise, idVirtualApp, cpu, ram, hd, state)
      VALUES (2, 'b-app', 1, 1, 1, 1024, 5368709120, 'ON')
      """)
    try clock("2026-02-01 00:00:00")
    try exec("UPDATE {inv}.rasd_management SET sizeMB = 2048 WHERE idManagement = 1")
    try clock("2026-02-01 00:20:00")
    try exec("UPDATE {inv}.virtualmachine SET state = 'OFF' WHERE idVM = 2")
    try clock("2026-02-01 00:30:00")
    try exec("UPDATE {inv}.virtualmachine SET name = 'a-web-2' WHERE idVM = 1")
    try clock("2026-02-01 00:45:00")
    try exec("UPDATE {inv}.virtualmachine SET state = 'OFF' WHERE idVM = 1")
    try clock("2026-02-01 01:05:00")
    try exec(
      "UPDATE {inv}.ip_pool_management SET idVirtualDataCenter = NULL WHERE idManagement = 1")
    try clock("2026-02-01 01:30:00")
    try exec(
      "UPDATE {inv}.enterprise SET name = ? WHERE idEnterprise = 2", .text(TestSchema.betaRenamed))
    try clock("2026-02-01 01:40:00")
    try exec("UPDATE {inv}.virtualmachine SET state = 'NOT_ALLOCATED' WHERE idVM = 2")
    try exec("SET TIMESTAMP = DEFAULT")
  }

  /// ROLLUP_RUN at `now`, no settle delay, no recheck: [status, hoursNew, …].
  @discardableResult
  func rollupAt(_ now: String) throws -> [String?] {
    try rows("CALL {acc}.ROLLUP_RUN(?, NULL, 0, 0)", .datetime(now)).first ?? []
  }
}

/// RFC 4180: records end with CRLF (a last one may lack it); a field is quoted when it starts with
/// a quote, and inside quotes a doubled quote is one quote and commas and line breaks are data.
/// Returns nil for a malformed document (a bare CR or LF outside quotes, a quote inside an
/// unquoted field, text after a closing quote, an unterminated quote).
func parseCSV(_ text: String) -> [[String]]? {
  var records: [[String]] = []
  var record: [String] = []
  var field = ""
  var chars = Array(text.unicodeScalars)[...]
  var quoted = false
  var afterQuote = false
  var fieldStarted = false
  while let c = chars.popFirst() {
    if quoted {
      if c == "\"" {
        if chars.first == "\"" {
          chars.removeFirst()
          field.unicodeScalars.append("\"")
        } else {
          quoted = false
          afterQuote = true
        }
      } else {
        field.unicodeScalars.append(c)
      }
      continue
    }
    switch c {
    case ",":
      record.append(field)
      field = ""
      afterQuote = false
      fieldStarted = false
    case "\r":
      guard chars.popFirst() == "\n" else { return nil }
      record.append(field)
      records.append(record)
      record = []
      field = ""
      afterQuote = false
      fieldStarted = false
    case "\n":
      return nil
    case "\"":
      guard !fieldStarted, !afterQuote else { return nil }
      quoted = true
      fieldStarted = true
    default:
      guard !afterQuote else { return nil }
      field.unicodeScalars.append(c)
      fieldStarted = true
    }
  }
  if quoted { return nil }
  if fieldStarted || afterQuote || !record.isEmpty {
    record.append(field)
    records.append(record)
  }
  return records
}

/// Two decimal texts are the same number ("1.5" and "1.500000"): compared as Foundation
/// `Decimal`, exact to 38 digits (no floating point).
func sameNumber(_ a: String?, _ b: String?) -> Bool {
  guard let a, let b, let x = Decimal(string: a), let y = Decimal(string: b) else { return a == b }
  return x == y
}

/// A JSON number from JSONSerialization as exact text: an NSDecimalNumber (what corelibs
/// Foundation gives for a number a Double cannot hold exactly) or an NSNumber's own text.
func jsonNumberText(_ value: Any?) -> String? {
  if let d = value as? NSDecimalNumber { return d.stringValue }
  if let n = value as? NSNumber { return n.stringValue }
  return nil
}
