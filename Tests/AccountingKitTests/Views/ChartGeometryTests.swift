import AccountingKit
import Testing

/// The chart geometry of the HTML report, pure Swift (no server): nice ticks, tick labels, bar
/// lengths, stacked heights and the x position of each period.
struct ChartGeometryTests {
  @Test func niceTicksForAFewRanges() {
    #expect(ChartScale.niceTicks(maxValue: 0.9) == [0, 0.2, 0.4, 0.6, 0.8, 1.0])
    #expect(ChartScale.niceTicks(maxValue: 17) == [0, 5, 10, 15, 20])
    #expect(ChartScale.niceTicks(maxValue: 1234) == [0, 500, 1000, 1500])
    #expect(ChartScale.niceTicks(maxValue: 3.4e6) == [0, 1e6, 2e6, 3e6, 4e6])
    #expect(ChartScale.niceTicks(maxValue: 20) == [0, 5, 10, 15, 20])
    #expect(ChartScale.niceTicks(maxValue: 0) == [0, 1])
    // Every step is 1, 2 or 5 × 10^n.
    for m in [0.03, 0.9, 7, 17, 99, 1234, 45_678, 3.4e6, 8.1e9] {
      let t = ChartScale.niceTicks(maxValue: m)
      let step = t[1] - t[0]
      let mantissa = step / pow10(floorLog10(step))
      #expect([1, 2, 5].contains { abs(mantissa - Double($0)) < 1e-9 }, "\(m): step \(step)")
      #expect(t.last! >= m && t[t.count - 2] < m, "\(m): \(t)")
    }
  }

  private func floorLog10(_ v: Double) -> Int { Int((log10Approx(v)).rounded(.down)) }
  private func log10Approx(_ v: Double) -> Double {
    var e = 0.0
    var x = v
    while x >= 10 { x /= 10; e += 1 }
    while x < 1 { x *= 10; e -= 1 }
    return e
  }
  private func pow10(_ n: Int) -> Double {
    var r = 1.0
    if n >= 0 { for _ in 0..<n { r *= 10 } } else { for _ in 0..<(-n) { r /= 10 } }
    return r
  }

  @Test func tickLabels() {
    #expect(ChartScale.label(0) == "0")
    #expect(ChartScale.label(0.2) == "0.2")
    #expect(ChartScale.label(0.05) == "0.05")
    #expect(ChartScale.label(17) == "17")
    #expect(ChartScale.label(500) == "500")
    #expect(ChartScale.label(1200) == "1.2k")
    #expect(ChartScale.label(1000) == "1k")
    #expect(ChartScale.label(1500) == "1.5k")
    #expect(ChartScale.label(3_400_000) == "3.4M")
    #expect(ChartScale.label(2e9) == "2G")
    #expect(ChartScale.label(150_000) == "150k")
  }

  @Test func barLengthsAreProportionalToValues() {
    let bars = HorizontalBars(items: [.init(label: "a", value: 1234), .init(label: "b", value: 617), .init(label: "c", value: 0)])
    #expect(bars.axisMax == 1500)
    #expect(abs(bars.length(1234) / bars.length(617) - 2) < 1e-12)
    #expect(abs(bars.length(1500) - bars.plotWidth) < 1e-9)
    #expect(bars.length(0) == 0)
    let svg = bars.svg(id: "b", title: "t", valueLabel: "h", legendText: "h")
    #expect(svg.components(separatedBy: "<rect class=\"bar\"").count - 1 == 3)
  }

  @Test func stackedHeightsSumToTheTotalAndXPositionsPerPeriod() {
    let chart = StackedColumns(
      periods: ["00:00", "01:00", "02:00", "03:00"],
      series: [
        .init(name: "a", values: [1, 2, 0, 4]),
        .init(name: "b", values: [3, 0, 0, 5]),
        .init(name: "c", values: [0.5, 1, 0, 8]),
      ])
    #expect(chart.totals == [4.5, 3, 0, 17])
    #expect(chart.axisMax == 20)
    let segs = chart.segments
    #expect(segs.count == 4 * 3)  // one segment per period × series
    for p in 0..<4 {
      let mine = segs.filter { $0.period == p }
      let sum = mine.reduce(0) { $0 + $1.height }
      #expect(abs(sum - chart.totals[p] / chart.axisMax * chart.plotHeight) < 1e-9)
      // Stacked: each segment starts where the one below ends, the first on the axis.
      let baseline = chart.top + chart.plotHeight
      #expect(abs(mine[0].y + mine[0].height - baseline) < 1e-9)
      for i in 1..<mine.count { #expect(abs(mine[i].y + mine[i].height - mine[i - 1].y) < 1e-9) }
      // x: evenly spaced slots from the left edge of the plot.
      #expect(mine.allSatisfy { $0.x == chart.x(period: p) })
      #expect(abs(chart.x(period: p) - (chart.left + Double(p) * chart.slot + (chart.slot - chart.columnWidth) / 2)) < 1e-9)
    }
    #expect(abs(chart.slot * 4 - chart.plotWidth) < 1e-9)
    let svg = chart.svg(id: "c", title: "t <x>", xLabel: "time", yLabel: "h")
    #expect(svg.components(separatedBy: "<rect class=\"seg\"").count - 1 == 12)
    #expect(svg.contains("t &lt;x&gt;"))
  }

  @Test func escaping() {
    #expect(htmlEscape("<script>alert(1)</script> & \"q\" 'a'") == "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &#39;a&#39;")
  }

  /// The first 16 series get 16 different (colour, fill) pairs, and neighbours differ.
  @Test func seriesStylesAreDistinct() {
    let styles = (0..<16).map { "\(ChartPalette.color($0)) \(ChartPalette.hatched($0))" }
    #expect(Set(styles).count == 16)
    #expect(!ChartPalette.hatched(0) && !ChartPalette.hatched(3))
    #expect(ChartPalette.hatched(4) && ChartPalette.hatched(7) && ChartPalette.hatched(8))
    #expect(!ChartPalette.hatched(12))
  }

  @Test func periodsPerStep() {
    #expect(TimeStep.of(from: "2026-01-05 00:00:00", to: "2026-01-08 00:00:00") == .hour)
    #expect(TimeStep.of(from: "2026-01-05 00:00:00", to: "2026-01-08 01:00:00") == .day)
    #expect(TimeStep.of(from: "2026-01-01 00:00:00", to: "2026-04-01 00:00:00") == .day)
    #expect(TimeStep.of(from: "2026-01-01 00:00:00", to: "2026-05-01 00:00:00") == .month)
    #expect(TimeStep.hour.periods(from: "2026-01-31 22:00:00", to: "2026-02-01 02:00:00")
      == ["2026-01-31 22:00:00", "2026-01-31 23:00:00", "2026-02-01 00:00:00", "2026-02-01 01:00:00"])
    #expect(TimeStep.day.periods(from: "2026-01-30 13:00:00", to: "2026-02-01 01:00:00")
      == ["2026-01-30 00:00:00", "2026-01-31 00:00:00", "2026-02-01 00:00:00"])
    #expect(TimeStep.month.periods(from: "2025-12-15 00:00:00", to: "2026-03-01 00:00:00")
      == ["2025-12-01 00:00:00", "2026-01-01 00:00:00", "2026-02-01 00:00:00"])
  }
}
