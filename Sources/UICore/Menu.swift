public struct MenuItem: Hashable, Sendable {
    public var id: String
    public var label: String
    public var hotkey: Character?
    public init(id: String, label: String, hotkey: Character? = nil) {
        self.id = id
        self.label = label
        self.hotkey = hotkey
    }
}

public enum MenuEvent: Equatable, Sendable {
    case none, choose(String), cancel
}

/// A boxed list of choices with number hotkeys.
public struct Menu: Sendable {
    public var title: String
    public var items: [MenuItem]
    public var selected: Int

    public init(title: String, items: [MenuItem]) {
        self.title = title
        self.items = items
        self.selected = 0
    }

    public mutating func handle(_ key: Key) -> MenuEvent {
        // A batch of quickly typed characters: the first that chooses something wins.
        if case .text(let batch) = key {
            for c in batch {
                let event = handle(.char(c))
                if event != .none { return event }
            }
            return .none
        }
        let n = items.count
        if key == .escape { return .cancel }
        guard n > 0 else { return .none }
        selected = min(max(0, selected), n - 1)
        switch key {
        case .up: selected = (selected - 1 + n) % n
        case .down, .tab: selected = (selected + 1) % n
        case .home, .pageUp: selected = 0
        case .end, .pageDown: selected = n - 1
        case .enter: return .choose(items[selected].id)
        case .char(let c):
            let typed = c.lowercased()
            if let i = items.firstIndex(where: { $0.hotkey.map { $0.lowercased() == typed } ?? false }) {
                selected = i
                return .choose(items[i].id)
            }
        default: break
        }
        return .none
    }

    /// One item as shown: "1 村庄设置".
    func line(_ item: MenuItem) -> String {
        (item.hotkey.map { String($0) + " " } ?? "  ") + item.label
    }

    public func render(into grid: inout Grid, in rect: Rect) {
        let content = max(items.map { TextWidth.of(line($0)) }.max() ?? 0, TextWidth.of(title) + 2)
        let boxW = min(rect.width, content + 4)
        let boxH = min(rect.height, items.count + 2)
        guard boxW >= 3, boxH >= 3 else { return }
        let box = Rect(x: rect.x + (rect.width - boxW) / 2, y: rect.y + (rect.height - boxH) / 2,
                       width: boxW, height: boxH)
        grid.fill(box)
        grid.box(box, title: title)
        let inner = boxH - 2
        // Scroll when the items do not all fit.
        let first = selected >= inner ? selected - inner + 1 : 0
        for k in 0..<inner {
            let i = first + k
            guard i < items.count else { break }
            let style = i == selected ? Style.selected : Style.normal
            grid.put(" " + TextWidth.pad(line(items[i]), to: boxW - 4) + " ", x: box.x + 1, y: box.y + 1 + k,
                     maxWidth: boxW - 2, style: style)
        }
    }
}
