/// What the library's services share: one connection and the schema pair they work in, and the
/// accounting schema's name quoted for SQL text. Each service keeps its own stored properties and
/// public initializer (plain declarations); the quoting is written here once.
protocol SchemaService {
  var db: Connection { get }
  var names: SchemaNames { get }
}

extension SchemaService {
  /// The accounting schema, quoted as an identifier.
  var acc: String { quoteIdent(names.accounting) }
}
