import AccountingKit
import Testing

/// `accounting_managed_table`, the one description of the tables the rollup and the purge go
/// through, and the statements built from it (MANAGED_TABLE_SQL, _EXEC, _CHECK): what it says for
/// an event table and for the log, that no UPDATE can change it, that every statement prepares,
/// and that a statement asked of the wrong table, or one that fails, leaves nothing behind.
@Suite(.serialized)
struct ManagedTableTests {
  let t: TestSchema
  init() throws { t = try TestSchema("managed") }

  private func errno(_ text: String) -> UInt32? {
    do {
      try t.exec(text)
      return nil
    } catch let e as DatabaseError {
      return e.errno
    } catch {
      return 0
    }
  }

  @Test func theDescriptionOfAnEventTableAndOfTheLog() throws {
    #expect(try t.scalar("SELECT COUNT(*) FROM {acc}.accounting_managed_table") == "13")
    #expect(
      try t.scalar("SELECT GROUP_CONCAT(resourceKind ORDER BY resourceKind) FROM {acc}.accounting_managed_table")
        == "1,2,3,4,5,6")
    #expect(
      try t.rows(
        """
        SELECT purgeOrder, retentionParameter, timeColumn, purgeCondition, purgeOrderBy, resourceKind,
               eventIdColumn, eventIndex, eventView
        FROM {acc}.accounting_managed_table WHERE tableName IN ('accounting_event_ips', 'accounting_log')
        ORDER BY purgeOrder
        """)
        == [
          [
            "5", "retention.closed_events_days", "startTime",
            "consolidated = 1 AND startTime < @accounting_purge_cut AND stopTime < @accounting_purge_cut",
            "consolidated, startTime, idIPAccountingEvent", "5", "idIPAccountingEvent",
            "ix_ips_consolidated_start", "rollup_fp_ips",
          ],
          [
            "13", "retention.log_days", "logTime", "logTime < @accounting_purge_cut", "logTime, idLog", nil, nil,
            nil, nil,
          ],
        ])
  }

  @Test func noUpdateChangesWhatAPurgeDeletes() throws {
    // A view of constants: the server refuses the write (1288: not updatable).
    #expect(errno("UPDATE {acc}.accounting_managed_table SET purgeCondition = '1 = 1'") == 1288)
    #expect(
      errno("INSERT INTO {acc}.accounting_managed_table (tableName) VALUES ('accounting_event_vm')") == 1471)
    #expect(
      try t.scalar(
        "SELECT purgeCondition FROM {acc}.accounting_managed_table WHERE tableName = 'accounting_event_vm'")
        == "consolidated = 1 AND startTime < @accounting_purge_cut AND stopTime < @accounting_purge_cut")
  }

  @Test func everyStatementPreparesAndTheCheckCountsThem() throws {
    // 13 tables: a count each (13), a plain delete for the 7 others, fourteen statements more
    // for each of the 6 event tables (pick, delete by id, consolidate pick and batch, two
    // fingerprint reads, the rollup hour's owners, name pairs, attached VMs and intervals,
    // verify's conservation count, and the fix's close, mark and opened rows), and the rollup's
    // add and prune for each of the 2 daily and monthly summaries: 13 + 7 + 84 + 4 = 108.
    #expect(try t.scalar("CALL {acc}.MANAGED_TABLE_CHECK()") == "108")
    // Nothing left behind: its temporary tables are gone.
    #expect(errno("SELECT COUNT(*) FROM {acc}.tmp_purge_ids") == 1146)
  }

  @Test func theCountIsTheRuleAndAWrongAskIsRefused() throws {
    // Three log lines: 2023-01-31 23:59:59 and 2023-02-01 00:00:00 either side of a cut at
    // 2023-02-01, and one long before. Strictly before the cut: 2 of them.
    try t.exec(
      """
      INSERT INTO {acc}.accounting_log (logTime, level, source, message) VALUES
        ('2022-06-01 00:00:00', 'INFO', 't', 'a'), ('2023-01-31 23:59:59', 'INFO', 't', 'b'),
        ('2023-02-01 00:00:00', 'INFO', 't', 'c')
      """)
    try t.exec("SET @accounting_purge_cut = '2023-02-01 00:00:00'")
    try t.exec("CALL {acc}.MANAGED_TABLE_EXEC('accounting_log', 'purge_count', NULL, NULL, @n)")
    #expect(try t.scalar("SELECT @accounting_purge_rows") == "2")
    // A batch of 1 deletes the oldest only.
    try t.exec("CALL {acc}.MANAGED_TABLE_EXEC('accounting_log', 'purge_delete', 1, NULL, @n)")
    #expect(try t.scalar("SELECT @n") == "1")
    #expect(
      try t.rows("SELECT message FROM {acc}.accounting_log ORDER BY logTime") == [["b"], ["c"]])
    // An event statement of the log, an unknown table: 30400, nothing run.
    #expect(errno("CALL {acc}.MANAGED_TABLE_EXEC('accounting_log', 'purge_pick', 1, NULL, @n)") == 30400)
    #expect(errno("CALL {acc}.MANAGED_TABLE_EXEC('accounting_nope', 'purge_count', NULL, NULL, @n)") == 30400)
    // A delete of the event tables goes by id, never by the plain delete.
    #expect(errno("CALL {acc}.MANAGED_TABLE_EXEC('accounting_event_vm', 'purge_delete', 1, NULL, @n)") == 30400)
    // A statement that fails once prepared (a negative batch: 1210 at EXECUTE) leaves no
    // prepared statement behind.
    #expect(errno("CALL {acc}.MANAGED_TABLE_EXEC('accounting_log', 'purge_delete', -1, NULL, @n)") == 1210)
    #expect(errno("DEALLOCATE PREPARE s_accounting_managed") == 1243)
    #expect(try t.scalar("SELECT COUNT(*) FROM {acc}.accounting_log") == "2")
    try t.exec("SET @accounting_purge_cut = NULL, @accounting_purge_rows = NULL")
  }
}
