/// The SQL the tool installs: the manifest and the files it names.
///
/// The shipped bundle (`SQLBundle.embedded`) is compiled into the binary at build time by the
/// EmbedSQL plugin (`Plugins/EmbedSQL`), so the tool finds its SQL wherever it runs from. Tests build variants (a throwaway migration,
/// a changed routine) with `replacing(_:with:)` and `adding(_:_:)`.
public struct SQLBundle: Sendable {
  public enum Kind: String, Sendable, CaseIterable {
    case inventory, table, migration, seed, function, procedure, trigger, view

    /// Whether the object lives in the inventory schema (else in the accounting schema).
    public var inInventorySchema: Bool { self == .inventory || self == .trigger }

    /// Whether the object is re-created by CREATE OR REPLACE when its file changes.
    public var isReplaceable: Bool { [.function, .procedure, .trigger, .view].contains(self) }

    /// The word used in DROP statements.
    var sqlWord: String {
      switch self {
      case .inventory, .table: return "TABLE"
      case .function: return "FUNCTION"
      case .procedure: return "PROCEDURE"
      case .trigger: return "TRIGGER"
      case .view: return "VIEW"
      case .migration, .seed: return ""
      }
    }
  }

  public struct Entry: Sendable, Equatable {
    public let kind: Kind
    public let path: String
    /// The object's name: the file's name without `.sql`.
    public var name: String {
      let file = path.split(separator: "/").last.map(String.init) ?? path
      return file.hasSuffix(".sql") ? String(file.dropLast(4)) : file
    }
    /// A migration's number, from its `NNNN_` prefix.
    public var migrationNumber: Int? {
      guard kind == .migration else { return nil }
      return Int(name.prefix(while: { $0.isNumber }))
    }
  }

  public let entries: [Entry]
  public let files: [String: String]

  public init(manifest: String, files: [String: String]) throws {
    var entries: [Entry] = []
    for (number, raw) in manifest.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = raw.trimmingCharacters(in: " \t\r")
      if line.isEmpty || line.hasPrefix("#") { continue }
      let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
      guard parts.count == 2, let kind = Kind(rawValue: String(parts[0])) else {
        throw InstallError.badManifest("line \(number + 1): expected '<kind> <path>', got '\(line)'")
      }
      let path = String(parts[1])
      guard files[path] != nil else {
        throw InstallError.badManifest("line \(number + 1): no file \(path)")
      }
      entries.append(Entry(kind: kind, path: path))
    }
    var seen = Set<String>()
    for e in entries where !seen.insert("\(e.kind.inInventorySchema) \(e.kind.sqlWord) \(e.name)").inserted {
      if e.kind == .seed || e.kind == .migration { continue }
      throw InstallError.badManifest("\(e.name) is listed twice")
    }
    self.entries = entries
    self.files = files
  }

  /// The bundle compiled into the tool.
  public static func embedded() throws -> SQLBundle {
    guard let manifest = EmbeddedSQL.files["sql/manifest.txt"] else {
      throw InstallError.badManifest("the embedded SQL has no sql/manifest.txt")
    }
    return try SQLBundle(manifest: manifest, files: EmbeddedSQL.files)
  }

  /// Every embedded file by path (for the test that the embedded copy matches the tree).
  public static var embeddedFiles: [String: String] { EmbeddedSQL.files }

  /// The highest migration number: the schema version this bundle installs.
  public var schemaVersion: Int {
    entries.compactMap(\.migrationNumber).max() ?? 0
  }

  public func entries(_ kind: Kind) -> [Entry] { entries.filter { $0.kind == kind } }

  /// A file's text with the default schema names rewritten to the configured ones.
  public func text(_ entry: Entry, names: SchemaNames) -> String {
    names.rewrite(files[entry.path] ?? "")
  }

  /// A copy whose file at `path` has other text (tests: a changed routine).
  public func replacing(_ path: String, with text: String) -> SQLBundle {
    var files = self.files
    files[path] = text
    return SQLBundle(entries: entries, files: files)
  }

  /// A copy with one more entry at the end of its kind's run in the manifest.
  public func adding(_ kind: Kind, path: String, text: String) -> SQLBundle {
    var files = self.files
    files[path] = text
    var entries = self.entries
    let at = (entries.lastIndex(where: { $0.kind == kind }).map { $0 + 1 }) ?? entries.count
    entries.insert(Entry(kind: kind, path: path), at: at)
    return SQLBundle(entries: entries, files: files)
  }

  private init(entries: [Entry], files: [String: String]) {
    self.entries = entries
    self.files = files
  }
}

/// The two schema names, and the rewrite of the default names in the SQL files.
public struct SchemaNames: Sendable, Equatable {
  public static let defaultInventory = "kinton"
  public static let defaultAccounting = "kinton_accounting"

  public let inventory: String
  public let accounting: String

  public init(inventory: String = defaultInventory, accounting: String = defaultAccounting) throws {
    for name in [inventory, accounting] {
      // A letter or _ first: names like 123 or 1e5 read as numbers where SQL names a schema.
      let ok =
        !name.isEmpty && name.count <= 64
        && name.unicodeScalars.allSatisfy { $0.isASCII && (Character($0).isLetter || Character($0).isNumber || $0 == "_") }
        && name.unicodeScalars.first.map { Character($0).isLetter || $0 == "_" } == true
      guard ok else { throw InstallError.badSchemaName(name) }
    }
    guard inventory != accounting else { throw InstallError.badSchemaName("\(inventory) (both schemas)") }
    self.inventory = inventory
    self.accounting = accounting
  }

  /// Replaces the whole words `kinton_accounting` and `kinton` (identifiers, not parts of longer
  /// ones) by the configured names. Lock names and qualified names alike follow the schemas.
  public func rewrite(_ sql: String) -> String {
    if inventory == Self.defaultInventory && accounting == Self.defaultAccounting { return sql }
    let bytes = Array(sql.utf8)
    let word = Array(Self.defaultInventory.utf8)
    let suffix = Array("_accounting".utf8)
    func isIdent(_ b: UInt8) -> Bool {
      (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x24
        || b >= 0x80
    }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count + 64)
    var i = 0
    while i < bytes.count {
      if bytes[i] == word[0], i + word.count <= bytes.count, Array(bytes[i..<i + word.count]) == word,
        i == 0 || !isIdent(bytes[i - 1])
      {
        let after = i + word.count
        if after + suffix.count <= bytes.count, Array(bytes[after..<after + suffix.count]) == suffix,
          after + suffix.count == bytes.count || !isIdent(bytes[after + suffix.count])
        {
          out.append(contentsOf: accounting.utf8)
          i = after + suffix.count
          continue
        }
        if after == bytes.count || !isIdent(bytes[after]) {
          out.append(contentsOf: inventory.utf8)
          i = after
          continue
        }
      }
      out.append(bytes[i])
      i += 1
    }
    return String(decoding: out, as: UTF8.self)
  }
}

/// FNV-1a 64 of a text, as 16 hex digits: the checksum recorded for every installed object.
public func checksum(_ text: String) -> String {
  var hash: UInt64 = 0xcbf2_9ce4_8422_2325
  for b in text.utf8 {
    hash ^= UInt64(b)
    hash = hash &* 0x100_0000_01b3
  }
  let hex = String(hash, radix: 16)
  return String(repeating: "0", count: 16 - hex.count) + hex
}

extension StringProtocol {
  func trimmingCharacters(in set: String) -> String {
    let chars = Set(set)
    var s = Substring(self)
    while let f = s.first, chars.contains(f) { s = s.dropFirst() }
    while let l = s.last, chars.contains(l) { s = s.dropLast() }
    return String(s)
  }
}
