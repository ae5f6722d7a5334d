/// One keyboard event, already decoded by the terminal backend.
public enum Key: Hashable, Sendable {
    /// One printable character.
    case char(Character)
    /// Several characters that arrived in one read (a paste or an input-method commit), taken whole.
    case text(String)
    case enter, escape, tab, backTab, up, down, left, right, home, end, pageUp, pageDown, backspace, delete, insert
    /// F1…F12.
    case function(Int)
    /// Ctrl with a lowercase letter, e.g. `.ctrl("a")`.
    case ctrl(Character)
    case resize(width: Int, height: Int)
    /// Bytes the terminal sent that are not text in its encoding (not UTF-8 on a UTF-8
    /// terminal): refused with a message, never typed as U+FFFD.
    case invalidBytes
}

/// For terminals without function keys: Esc followed by a digit means F1–F10 (0 is F10).
public struct EscapeDigitDecoder: Sendable {
    public private(set) var isWaiting = false

    public init() {}

    /// Feeds one key and returns the keys to act on now.
    /// A second Esc while waiting sends the first one and waits on the second.
    public mutating func feed(_ key: Key) -> [Key] {
        guard isWaiting else {
            if key == .escape {
                isWaiting = true
                return []
            }
            return [key]
        }
        if key == .escape { return [.escape] }
        isWaiting = false
        if case .char(let c) = key, c.isASCII, let n = c.wholeNumberValue {
            return [.function(n == 0 ? 10 : n)]
        }
        return [.escape, key]
    }

    /// The wait for a digit ran out: the Esc was just Esc.
    public mutating func timeout() -> [Key] {
        guard isWaiting else { return [] }
        isWaiting = false
        return [.escape]
    }
}
