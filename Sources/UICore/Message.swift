/// A one-line message for the status line.
public enum MessageKind: Sendable {
    case info, error
}

public struct Message: Equatable, Sendable {
    public var text: String
    public var kind: MessageKind

    public init(_ text: String, kind: MessageKind = .info) {
        self.text = text
        self.kind = kind
    }

    public var style: Style { kind == .error ? Style(.error, bold: true) : Style(.message) }

    /// Fills row `y` with the message.
    public func render(into grid: inout Grid, y: Int) {
        grid.fill(Rect(x: 0, y: y, width: grid.width, height: 1), style: style)
        grid.put(text, x: 0, y: y, style: style)
    }
}
