import AccountingKit
import Foundation
import Testing

/// The README's first command, end to end at a small size, as a newcomer runs it.
@Suite(.serialized)
struct QuickstartTests {
  @Test func quickstartReportsUsageForEveryEnterprise() throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = [packageRoot + "/Scripts/quickstart"]
    var env = ProcessInfo.processInfo.environment
    env["QUICKSTART_SIZE"] = "small"
    env["ACCOUNTING_BIN"] = Tool.executable.path
    let html = FileManager.default.temporaryDirectory.appendingPathComponent("quickstart-\(getpid()).html").path
    env["QUICKSTART_HTML"] = html
    defer { try? FileManager.default.removeItem(atPath: html) }
    process.environment = env
    let out = Pipe()
    process.standardOutput = out
    process.standardError = out
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    #expect(process.terminationStatus == 0, "\(text)")
    #expect(text.contains("verify: clean"))
    #expect(text.contains("rollup: 48 hours (2026-01-05T00:00:00Z .. 2026-01-06T23:00:00Z): 48 new"), "\(text)")
    // Prices and a budget: cost per enterprise and day, and enterprise 1's budget status.
    #expect(text.contains("price list default: version 2026-01-06T00:00:00Z with 10 price(s)"), "\(text)")
    #expect(text.contains("enterprise 1: monthly budget 350 EUR, thresholds 50%, 80%, 100%"), "\(text)")
    #expect(text.contains("== cost per enterprise and day"), "\(text)")
    #expect(text.contains(" of 350.00 EUR ("), "\(text)")
    // It ends by writing the HTML report and printing its path.
    #expect(text.contains("HTML report: \(html)\n"), "\(text)")
    let page = try String(contentsOfFile: html, encoding: .utf8)
    #expect(page.hasPrefix("<!DOCTYPE html>"))
    #expect(page.components(separatedBy: "<svg").count - 1 >= 3, "the usage charts")

    // The report section: one line per enterprise and resource type.
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let start = try #require(lines.firstIndex { $0.hasPrefix("== usage per enterprise") })
    let end = try #require(lines[start...].firstIndex { $0.hasPrefix("== status") })
    let report = lines[(start + 2)..<end].filter { !$0.isEmpty }
    let db = try TestSchema.connect()
    let enterprises = try db.query("SELECT name FROM kinton.enterprise ORDER BY idEnterprise").map { $0[0].description }
    #expect(enterprises.count == 3)
    for name in enterprises {
      let rows = report.filter { $0.hasPrefix(name + "  ") }
      #expect(!rows.isEmpty, "no usage line for \(name)")
      // Every enterprise has VMs deployed: its vCPU usage is not zero.
      let vcpu = rows.first { $0.contains("VirtualMachine-vcpu") }
      #expect(vcpu != nil && !vcpu!.contains(" 0.00 core·h"), "\(name): \(vcpu ?? "no vcpu line")")
    }
  }
}
