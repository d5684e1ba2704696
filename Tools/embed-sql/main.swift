// The build-time generator behind the EmbedSQL plugin: writes one Swift file holding every
// file under sql/ and views/ (the .sql files and the manifest) as a dictionary from its path
// relative to the package root to its text, so the binary carries its SQL and installs from any
// directory, also after being copied elsewhere.
//
//   embed-sql PACKAGE_ROOT OUTPUT.swift
import Foundation

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
  FileHandle.standardError.write(Data("usage: embed-sql PACKAGE_ROOT OUTPUT.swift\n".utf8))
  exit(64)
}
let root = URL(fileURLWithPath: arguments[1], isDirectory: true)
let output = URL(fileURLWithPath: arguments[2])

func files(under folder: String) -> [String] {
  let base = root.appendingPathComponent(folder)
  guard let walk = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return [] }
  var out: [String] = []
  for case let url as URL in walk where url.pathExtension == "sql" || url.lastPathComponent == "manifest.txt" {
    out.append(folder + "/" + url.path.dropFirst(base.path.count + 1))
  }
  return out
}

// Raw strings with four #: no SQL file may hold the closing delimiter.
let delimiter = "\"\"\"####"
var text = """
  // Generated at build time by the EmbedSQL plugin from sql/ and views/. Not in the tree.
  // swift-format-ignore-file

  enum EmbeddedSQL {
    static let files: [String: String] = [

  """
for path in (files(under: "sql") + files(under: "views")).sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
  let body = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
  guard !body.contains(delimiter) else {
    FileHandle.standardError.write(Data("embed-sql: \(path) contains the raw-string delimiter\n".utf8))
    exit(1)
  }
  text += "    \"\(path)\": ####\"\"\"\n\(body)\n\"\"\"####,\n"
}
text += "  ]\n}\n"
// Written only when it changed, so an unchanged SQL tree does not recompile the library.
if (try? String(contentsOf: output, encoding: .utf8)) != text {
  try text.write(to: output, atomically: true, encoding: .utf8)
}
