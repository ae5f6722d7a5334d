/// What a piece of screen is for; the terminal backend maps roles to colours.
public enum Role: Sendable, Hashable {
    case normal, title, header, keyBar, keyName, selected, field, fieldFocused, error, message, border, dim
}

/// How a cell is drawn.
public struct Style: Hashable, Sendable {
    public var role: Role
    public var bold: Bool
    public var reverse: Bool
    public var underline: Bool

    public init(_ role: Role = .normal, bold: Bool = false, reverse: Bool = false, underline: Bool = false) {
        self.role = role
        self.bold = bold
        self.reverse = reverse
        self.underline = underline
    }

    public static let normal = Style()
    /// The highlighted line of a list or menu.
    public static let selected = Style(.selected, reverse: true)
}
