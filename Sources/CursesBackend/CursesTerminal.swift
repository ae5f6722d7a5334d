import CNCursesW
import Foundation
import Glibc
import UICore

/// The terminal, through ncursesw. The only code in the project that talks to curses.
///
/// It draws a `Grid` (curses compares it with what is on screen and sends only the
/// changed cells), reads keys with `get_wch`, and reports resizes.
public final class CursesTerminal {
    private var started = false
    private let hasColour: Bool
    private let asciiLines: Bool

    /// The locale the environment names (LC_ALL, else LC_CTYPE, else LANG) when this machine
    /// does not have it, or nil. Without it the terminal falls back to the C locale, where
    /// Chinese cannot be drawn or typed.
    public static func missingLocale() -> String? {
        guard setlocale(cx_lc_all(), "") == nil else { return nil }
        let env = ProcessInfo.processInfo.environment
        return ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap { env[$0] }.first { !$0.isEmpty } ?? ""
    }

    /// Starts curses in the locale of the environment (UTF-8 or GB18030).
    /// - Parameter asciiLines: draw lines with `-|+` even if the terminal has line graphics.
    public init(asciiLines: Bool = false) {
        setlocale(cx_lc_all(), "")
        // curses only follows resizes if SIGWINCH is neither ignored nor blocked, and a
        // parent process (a wrapper, a test runner) may have left it so.
        signal(SIGWINCH, SIG_DFL)
        var winch = sigset_t()
        sigemptyset(&winch)
        sigaddset(&winch, SIGWINCH)
        pthread_sigmask(SIG_UNBLOCK, &winch, nil)
        // Esc must come through quickly: it backs out of screens.
        set_escdelay(25)
        initscr()
        raw()            // Ctrl-C, Ctrl-Z, Ctrl-S, Ctrl-Q arrive as keys, which the app ignores
        noecho()
        nonl()
        keypad(cx_stdscr(), true)
        meta(cx_stdscr(), true)
        intrflush(cx_stdscr(), false)
        hasColour = has_colors()
        if hasColour {
            start_color()
            use_default_colors()
            for (pair, fg, bg) in Self.palette { init_pair(pair, fg, bg) }
        }
        // Outside UTF-8 (e.g. zh_CN.GB18030) box-drawing characters are often drawn double
        // width and the alternate character set is unreliable: use ASCII lines there.
        let codeset = String(cString: nl_langinfo(nl_item(CODESET)))
        self.asciiLines = asciiLines || codeset.uppercased().replacingOccurrences(of: "-", with: "") != "UTF8"
        started = true
    }

    deinit { shutdown() }

    /// Gives the terminal back as it was.
    public func shutdown() {
        guard started else { return }
        started = false
        curs_set(1)
        endwin()
    }

    public var size: (width: Int, height: Int) {
        (Int(getmaxx(cx_stdscr())), Int(getmaxy(cx_stdscr())))
    }

    // MARK: drawing

    private static let palette: [(Int16, Int16, Int16)] = [
        (1, Int16(COLOR_WHITE), Int16(COLOR_BLUE)),   // title, header
        (2, Int16(COLOR_BLACK), Int16(COLOR_CYAN)),   // key bar
        (3, Int16(COLOR_YELLOW), Int16(COLOR_BLUE)),  // key names
        (4, Int16(COLOR_RED), -1),                    // error
        (5, Int16(COLOR_BLACK), Int16(COLOR_WHITE)),  // field
        (6, Int16(COLOR_GREEN), -1),                  // message
        (7, Int16(COLOR_CYAN), -1),                   // border, dim
    ]

    private func attributes(_ style: Style) -> (attr_t, Int16) {
        var attrs = cx_a_normal()
        var pair: Int16 = 0
        if hasColour {
            switch style.role {
            case .normal: break
            case .title, .header: pair = 1; attrs |= cx_a_bold()
            case .keyBar: pair = 2
            case .keyName: pair = 3; attrs |= cx_a_bold()
            case .selected: attrs |= cx_a_reverse()
            case .field: pair = 5
            case .fieldFocused: pair = 5; attrs |= cx_a_bold()
            case .error: pair = 4; attrs |= cx_a_bold()
            case .message: pair = 6
            case .border, .dim: pair = 7
            }
        } else {
            switch style.role {
            case .normal, .border, .message: break
            case .title, .header, .keyName, .error: attrs |= cx_a_bold()
            case .keyBar, .selected, .fieldFocused: attrs |= cx_a_reverse()
            case .field: attrs |= cx_a_underline()
            case .dim: attrs |= cx_a_dim()
            }
        }
        if style.bold { attrs |= cx_a_bold() }
        if style.reverse { attrs |= cx_a_reverse() }
        if style.underline { attrs |= cx_a_underline() }
        return (attrs, pair)
    }

    /// Line-drawing characters and their curses alternate-character names.
    private static let lineCharacters: [Character: (acs: CChar, ascii: Character)] = [
        "─": (0x71, "-"), "│": (0x78, "|"), "┌": (0x6C, "+"), "┐": (0x6B, "+"),
        "└": (0x6D, "+"), "┘": (0x6A, "+"), "├": (0x74, "+"), "┤": (0x75, "+"),
        "┬": (0x77, "+"), "┴": (0x76, "+"), "┼": (0x6E, "+"),
    ]

    /// Puts the grid on the screen. Each cell is written at its own position, so a
    /// terminal that disagrees about a character's width cannot shift the rest of the line.
    public func draw(_ grid: Grid) {
        let (w, h) = size
        erase()
        for y in 0..<min(grid.height, h) {
            for x in 0..<min(grid.width, w) {
                let cell = grid[x: x, y: y]
                if cell.isContinuation { continue }
                let (attrs, pair) = attributes(cell.style)
                if let line = Self.lineCharacters[cell.char] {
                    if asciiLines {
                        put(String(line.ascii), y: y, x: x, attrs: attrs, pair: pair)
                    } else {
                        _ = cx_put_acs(Int32(y), Int32(x), line.acs, attrs, pair)
                    }
                    continue
                }
                put(String(cell.char), y: y, x: x, attrs: attrs, pair: pair)
            }
        }
        if let c = grid.cursor, c.x < w, c.y < h {
            curs_set(1)
            move(Int32(c.y), Int32(c.x))
        } else {
            curs_set(0)
            move(Int32(h - 1), Int32(max(0, w - 1)))
        }
        refresh()
    }

    private func put(_ text: String, y: Int, x: Int, attrs: attr_t, pair: Int16) {
        var scalars = text.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
        if scalars.isEmpty || scalars[0] < 0x20 { scalars = [0x20] }
        _ = scalars.withUnsafeBufferPointer { buf in
            cx_put(Int32(y), Int32(x), buf.baseAddress, Int32(buf.count), attrs, pair)
        }
    }

    // MARK: keys

    /// Waits for the next key, up to `timeoutMilliseconds` (nil: forever).
    /// Characters that arrive together (a paste, an IME commit) come back as one `.text`.
    public func readKey(timeoutMilliseconds: Int? = nil) -> Key? {
        timeout(Int32(timeoutMilliseconds ?? -1))
        guard let first = readRaw() else { return nil }
        guard case .char(let c) = first else { return first }
        var text = String(c)
        timeout(0)
        while let next = readRaw() {
            if case .char(let more) = next {
                text.append(more)
            } else {
                pending.append(next)
                break
            }
        }
        return text.count > 1 ? .text(text) : .char(c)
    }

    private var pending: [Key] = []

    /// Whether the terminal has gone (an SSH link dropped, the window closed): reads then
    /// fail at once, and the app must stop instead of spinning.
    public var inputHungUp: Bool {
        var p = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
        return poll(&p, 1, 0) > 0 && (Int32(p.revents) & (POLLHUP | POLLERR | POLLNVAL)) != 0
    }

    private func readRaw() -> Key? {
        if !pending.isEmpty { return pending.removeFirst() }
        var wch: wint_t = 0
        errno = 0
        let rc = get_wch(&wch)
        // ncurses gives ERR with EILSEQ for bytes that are no character in the locale's encoding.
        if rc == cx_err() { return errno == EILSEQ ? .invalidBytes : nil }
        if rc == cx_key_code_yes() { return Self.functionKey(Int32(wch)) ?? readRaw() }
        return Self.characterKey(UInt32(wch))
    }

    static func characterKey(_ code: UInt32) -> Key? {
        switch code {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .ctrl(Character(Unicode.Scalar(code + 96)!))
        case 0, 28...31: return nil
        default:
            guard let scalar = Unicode.Scalar(code) else { return nil }
            return .char(Character(scalar))
        }
    }

    static func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME, KEY_A1: return .home
        case KEY_END, KEY_C1: return .end
        case KEY_PPAGE, KEY_A3: return .pageUp
        case KEY_NPAGE, KEY_C3: return .pageDown
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_IC: return .insert
        case KEY_ENTER: return .enter
        case KEY_BTAB: return .backTab
        case KEY_RESIZE:
            return .resize(width: Int(getmaxx(cx_stdscr())), height: Int(getmaxy(cx_stdscr())))
        default:
            for n in 1...12 where code == cx_key_f(Int32(n)) { return .function(n) }
            return nil
        }
    }
}
