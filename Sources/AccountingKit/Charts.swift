import Foundation

/// Inline SVG charts for the HTML report, drawn by hand (no library, no script): the scale
/// ("nice" ticks of 1, 2 or 5 × 10^n), short tick labels (1.2k, 3.4M), a palette that stays
/// apart in grayscale and for colour-blind readers, stacked columns over time and horizontal bars.
public enum ChartScale {
  /// The step of about `target` intervals covering 0 … `maxValue`: 1, 2 or 5 × 10^n.
  public static func niceStep(maxValue: Double, target: Int = 5) -> Double {
    guard maxValue > 0, maxValue.isFinite else { return 1 }
    let raw = maxValue / Double(max(1, target))
    let magnitude = pow(10, floor(log10(raw)))
    let normalized = raw / magnitude
    let nice: Double = normalized <= 1 ? 1 : normalized <= 2 ? 2 : normalized <= 5 ? 5 : 10
    return nice * magnitude
  }

  /// Ticks from 0 to the first multiple of the nice step at or above `maxValue` (0 and 1 for an
  /// empty range).
  public static func niceTicks(maxValue: Double, target: Int = 5) -> [Double] {
    let step = niceStep(maxValue: maxValue, target: target)
    guard maxValue > 0, maxValue.isFinite else { return [0, 1] }
    let count = Int((maxValue / step - 1e-9).rounded(.up))
    return (0...max(1, count)).map { clean(Double($0) * step) }
  }

  /// Removes binary noise (0.6000000000000001 → 0.6) keeping 12 significant digits.
  static func clean(_ v: Double) -> Double {
    guard v != 0 else { return 0 }
    let digits = 12 - Int(floor(log10(abs(v))))
    let scale = pow(10, Double(digits))
    return (v * scale).rounded() / scale
  }

  /// A short label: 0, 0.2, 0.05, 17, 950, 1.2k, 15k, 3.4M, 2G, 1.5T.
  public static func label(_ v: Double) -> String {
    let a = abs(v)
    let sign = v < 0 ? "-" : ""
    let suffixes: [(Double, String)] = [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")]
    for (scale, suffix) in suffixes where a >= scale {
      return sign + trimmed(a / scale, decimals: 1) + suffix
    }
    return sign + trimmed(a, decimals: a >= 10 ? 1 : a >= 1 ? 2 : 3)
  }

  static func trimmed(_ v: Double, decimals: Int) -> String {
    var s = String(format: "%.\(decimals)f", v)
    if s.contains(".") {
      while s.hasSuffix("0") { s.removeLast() }
      if s.hasSuffix(".") { s.removeLast() }
    }
    return s
  }
}

/// Okabe–Ito colours in an order that alternates light and dark (so neighbours differ in
/// grayscale too). Series 4–7 also get a hatch (white diagonal lines); past eight the colours come
/// round again with the other fill (8–11 hatched, 12–15 solid), so 16 series stay distinct.
public enum ChartPalette {
  public static let colors = ["#0072B2", "#E69F00", "#009E73", "#F0E442", "#D55E00", "#56B4E9", "#CC79A7", "#000000"]
  public static func color(_ i: Int) -> String { colors[i % colors.count] }
  public static func hatched(_ i: Int) -> Bool { ((i % 8) / 4 + i / 8) % 2 == 1 }
}

/// `s` with every Unicode scalar for which `replacement` gives a text replaced by it: the one loop
/// of the HTML and JSON escapes (per scalar, so a quote followed by a combining mark is escaped
/// too).
func escaped(_ s: String, _ replacement: (Unicode.Scalar) -> String?) -> String {
  var out = ""
  out.reserveCapacity(s.utf8.count)
  for u in s.unicodeScalars {
    if let r = replacement(u) { out += r } else { out.unicodeScalars.append(u) }
  }
  return out
}

/// HTML/XML text escape: & < > " ' (for element text and attribute values alike).
public func htmlEscape(_ s: String) -> String {
  escaped(s) { u in
    switch u {
    case "&": "&amp;"
    case "<": "&lt;"
    case ">": "&gt;"
    case "\"": "&quot;"
    case "'": "&#39;"
    default: nil
    }
  }
}

private func num(_ v: Double) -> String { ChartScale.trimmed(v, decimals: 2) }

/// Stacked columns over time: one column per period, one `<rect class="seg">` per period ×
/// series (zero height for a zero), stacked in series order from the axis up.
public struct StackedColumns {
  public struct Series {
    public var name: String
    public var values: [Double]
    /// The exact value per period as text, for the tooltips (nil: the short label).
    public var texts: [String]?
    public init(name: String, values: [Double], texts: [String]? = nil) {
      self.name = name
      self.values = values
      self.texts = texts
    }
  }

  public struct Segment: Equatable {
    public var period: Int
    public var series: Int
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double
  }

  public var periods: [String]
  public var series: [Series]
  public var width: Double = 960
  public var height: Double = 320
  public var left: Double = 64
  public var right: Double = 16
  public var top: Double = 16
  public var bottom: Double = 56

  public init(periods: [String], series: [Series]) {
    self.periods = periods
    self.series = series
  }

  public var plotWidth: Double { width - left - right }
  public var plotHeight: Double { height - top - bottom }
  public var totals: [Double] {
    periods.indices.map { i in series.reduce(0) { $0 + ($1.values.indices.contains(i) ? $1.values[i] : 0) } }
  }
  public var ticks: [Double] { ChartScale.niceTicks(maxValue: totals.max() ?? 0) }
  public var axisMax: Double { ticks.last ?? 1 }
  /// The slot of each period (its left edge) and the column inside it.
  public var slot: Double { plotWidth / Double(max(1, periods.count)) }
  public var columnWidth: Double { max(1, slot * 0.8) }
  public func x(period i: Int) -> Double { left + Double(i) * slot + (slot - columnWidth) / 2 }
  public func y(_ value: Double) -> Double { top + plotHeight - value / axisMax * plotHeight }

  public var segments: [Segment] {
    var out: [Segment] = []
    for p in periods.indices {
      var base = 0.0
      for (s, series) in series.enumerated() {
        let v = series.values.indices.contains(p) ? max(0, series.values[p]) : 0
        let h = v / axisMax * plotHeight
        out.append(Segment(period: p, series: s, x: x(period: p), y: y(base) - h, width: columnWidth, height: h))
        base += v
      }
    }
    return out
  }

  /// The SVG: `id` makes the pattern ids unique in the page.
  public func svg(id: String, title: String, xLabel: String, yLabel: String) -> String {
    var o = "<svg class=\"chart time\" id=\"\(id)\" viewBox=\"0 0 \(num(width)) \(num(height + legendHeight))\" role=\"img\" aria-labelledby=\"\(id)-t\">"
    o += "<title id=\"\(id)-t\">\(htmlEscape(title))</title>"
    o += patterns(id: id, count: series.count)
    // Grid and y ticks.
    for t in ticks {
      let yy = num(y(t))
      o += "<line class=\"grid\" x1=\"\(num(left))\" x2=\"\(num(left + plotWidth))\" y1=\"\(yy)\" y2=\"\(yy)\"/>"
      o += "<text class=\"tick\" x=\"\(num(left - 6))\" y=\"\(yy)\" text-anchor=\"end\" dominant-baseline=\"middle\">\(htmlEscape(ChartScale.label(t)))</text>"
    }
    for s in segments {
      let fill = ChartPalette.hatched(s.series) ? "url(#\(id)-p\(s.series))" : ChartPalette.color(s.series)
      let ser = series[s.series]
      let text = ser.texts.flatMap { $0.indices.contains(s.period) ? $0[s.period] : nil }
        ?? ChartScale.label(ser.values.indices.contains(s.period) ? ser.values[s.period] : 0)
      o += "<rect class=\"seg\" x=\"\(num(s.x))\" y=\"\(num(s.y))\" width=\"\(num(s.width))\" height=\"\(num(s.height))\" fill=\"\(fill)\">"
      o += "<title>\(htmlEscape(periods[s.period])) · \(htmlEscape(ser.name)): \(htmlEscape(text))</title></rect>"
    }
    // Axes.
    let base = num(top + plotHeight)
    o += "<line class=\"axis\" x1=\"\(num(left))\" x2=\"\(num(left + plotWidth))\" y1=\"\(base)\" y2=\"\(base)\"/>"
    o += "<line class=\"axis\" x1=\"\(num(left))\" x2=\"\(num(left))\" y1=\"\(num(top))\" y2=\"\(base)\"/>"
    // At most about 12 period labels.
    let every = max(1, Int((Double(periods.count) / 12).rounded(.up)))
    for (i, p) in periods.enumerated() where i % every == 0 {
      let cx = num(x(period: i) + columnWidth / 2)
      o += "<text class=\"tick\" x=\"\(cx)\" y=\"\(num(top + plotHeight + 16))\" text-anchor=\"middle\">\(htmlEscape(p))</text>"
    }
    o += "<text class=\"axis-label\" x=\"\(num(left + plotWidth / 2))\" y=\"\(num(top + plotHeight + 40))\" text-anchor=\"middle\">\(htmlEscape(xLabel))</text>"
    o += "<text class=\"axis-label\" transform=\"translate(14 \(num(top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\">\(htmlEscape(yLabel))</text>"
    o += legend(id: id, names: series.map(\.name), y: height + 4, width: width)
    return o + "</svg>"
  }

  var legendHeight: Double { Double((series.count + 2) / 3) * 20 + 8 }
}

func patterns(id: String, count: Int) -> String {
  var o = "<defs>"
  for i in 0..<count where ChartPalette.hatched(i) {
    o += "<pattern id=\"\(id)-p\(i)\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\" patternTransform=\"rotate(45)\">"
    o += "<path d=\"M0 0H6V6H0Z\" fill=\"\(ChartPalette.color(i))\"/><path d=\"M0 0V6\" stroke=\"#fff\" stroke-width=\"2\"/></pattern>"
  }
  return o + "</defs>"
}

/// A legend of three columns: a swatch (`<rect class="swatch">`) and the name per series.
func legend(id: String, names: [String], y: Double, width: Double) -> String {
  var o = "<g class=\"legend\">"
  let colWidth = (width - 64) / 3
  for (i, name) in names.enumerated() {
    let lx = 64 + Double(i % 3) * colWidth
    let ly = y + Double(i / 3) * 20
    let fill = ChartPalette.hatched(i) ? "url(#\(id)-p\(i))" : ChartPalette.color(i)
    o += "<rect class=\"swatch\" x=\"\(num(lx))\" y=\"\(num(ly))\" width=\"14\" height=\"14\" fill=\"\(fill)\"/>"
    o += "<text class=\"legend-text\" x=\"\(num(lx + 20))\" y=\"\(num(ly + 11))\">\(htmlEscape(name))</text>"
  }
  return o + "</g>"
}

/// Horizontal bars, largest first as given: one `<rect class="bar">` per item.
public struct HorizontalBars {
  public struct Item {
    public var label: String
    public var value: Double
    public var text: String
    public init(label: String, value: Double, text: String? = nil) {
      self.label = label
      self.value = value
      self.text = text ?? ChartScale.label(value)
    }
  }

  public var items: [Item]
  public var width: Double = 960
  public var left: Double = 260
  public var right: Double = 90
  public var top: Double = 8
  public var barHeight: Double = 22
  public var gap: Double = 6
  public var bottom: Double = 44

  public init(items: [Item]) { self.items = items }

  public var plotWidth: Double { width - left - right }
  public var plotHeight: Double { Double(items.count) * (barHeight + gap) }
  public var height: Double { top + plotHeight + bottom }
  public var ticks: [Double] { ChartScale.niceTicks(maxValue: items.map(\.value).max() ?? 0) }
  public var axisMax: Double { ticks.last ?? 1 }
  public func length(_ value: Double) -> Double { max(0, value) / axisMax * plotWidth }
  public func y(item i: Int) -> Double { top + Double(i) * (barHeight + gap) + gap / 2 }

  public func svg(id: String, title: String, valueLabel: String, legendText: String) -> String {
    var o = "<svg class=\"chart bars\" id=\"\(id)\" viewBox=\"0 0 \(num(width)) \(num(height + 28))\" role=\"img\" aria-labelledby=\"\(id)-t\">"
    o += "<title id=\"\(id)-t\">\(htmlEscape(title))</title>"
    let base = top + plotHeight
    for t in ticks {
      let xx = num(left + length(t))
      o += "<line class=\"grid\" x1=\"\(xx)\" x2=\"\(xx)\" y1=\"\(num(top))\" y2=\"\(num(base))\"/>"
      o += "<text class=\"tick\" x=\"\(xx)\" y=\"\(num(base + 16))\" text-anchor=\"middle\">\(htmlEscape(ChartScale.label(t)))</text>"
    }
    for (i, item) in items.enumerated() {
      let yy = y(item: i)
      let shown = item.label.count > 36 ? String(item.label.prefix(35)) + "…" : item.label
      o += "<text class=\"bar-label\" x=\"\(num(left - 8))\" y=\"\(num(yy + barHeight / 2))\" text-anchor=\"end\" dominant-baseline=\"middle\">\(htmlEscape(shown))</text>"
      o += "<rect class=\"bar\" x=\"\(num(left))\" y=\"\(num(yy))\" width=\"\(num(length(item.value)))\" height=\"\(num(barHeight))\" fill=\"\(ChartPalette.color(0))\">"
      o += "<title>\(htmlEscape(item.label)): \(htmlEscape(item.text))</title></rect>"
      o += "<text class=\"bar-value\" x=\"\(num(left + length(item.value) + 6))\" y=\"\(num(yy + barHeight / 2))\" dominant-baseline=\"middle\">\(htmlEscape(ChartScale.label(item.value)))</text>"
    }
    o += "<line class=\"axis\" x1=\"\(num(left))\" x2=\"\(num(left))\" y1=\"\(num(top))\" y2=\"\(num(base))\"/>"
    o += "<line class=\"axis\" x1=\"\(num(left))\" x2=\"\(num(left + plotWidth))\" y1=\"\(num(base))\" y2=\"\(num(base))\"/>"
    o += "<text class=\"axis-label\" x=\"\(num(left + plotWidth / 2))\" y=\"\(num(base + 36))\" text-anchor=\"middle\">\(htmlEscape(valueLabel))</text>"
    o += legend(id: id, names: [legendText], y: height + 6, width: width * 3)
    return o + "</svg>"
  }
}
