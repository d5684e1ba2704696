import Foundation
import PackagePlugin

/// Compiles the SQL into the library: before AccountingKit builds, `embed-sql` turns every file
/// under sql/ and views/ into `EmbeddedSQL.swift` in the plugin's work folder (never in the tree).
/// The files are the command's inputs, so a changed or added .sql file regenerates it.
@main
struct EmbedSQL: BuildToolPlugin {
  func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
    let root = context.package.directoryURL
    var inputs: [URL] = []
    for folder in ["sql", "views"] {
      let base = root.appendingPathComponent(folder)
      guard let walk = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { continue }
      for case let url as URL in walk where url.pathExtension == "sql" || url.lastPathComponent == "manifest.txt" {
        inputs.append(url)
      }
      inputs.append(base)
    }
    let output = context.pluginWorkDirectoryURL.appendingPathComponent("EmbeddedSQL.swift")
    return [
      .buildCommand(
        displayName: "Embedding sql/ and views/ into AccountingKit",
        executable: try context.tool(named: "embed-sql").url,
        arguments: [root.path, output.path],
        inputFiles: inputs,
        outputFiles: [output])
    ]
  }
}
