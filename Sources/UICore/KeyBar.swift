public struct KeyHint: Hashable, Sendable {
    public var key: String
    public var label: String
    public init(_ key: String, _ label: String) {
        self.key = key
        self.label = label
    }
}

/// The bottom line listing keys: "F1帮助 F2保存 Esc返回", or "F1 Help F2 Save" in English.
public enum KeyBar {
    /// Hints that do not fit are left out whole.
    public static func render(_ hints: [KeyHint], into grid: inout Grid, y: Int) {
        grid.fill(Rect(x: 0, y: y, width: grid.width, height: 1), style: Style(.keyBar))
        var x = 0
        for (i, h) in hints.enumerated() {
            let gap = i == 0 ? 0 : 1
            // A space keeps "F1 Help" readable; CJK labels need none ("F1帮助").
            let label = (h.label.first.map { $0.isASCII && ($0.isLetter || $0.isNumber) } ?? false)
                ? " " + h.label : h.label
            let need = TextWidth.of(h.key) + TextWidth.of(label)
            guard x + gap + need <= grid.width else { break }
            x += gap
            x += grid.put(h.key, x: x, y: y, style: Style(.keyName, bold: true))
            x += grid.put(label, x: x, y: y, style: Style(.keyBar))
        }
    }
}
