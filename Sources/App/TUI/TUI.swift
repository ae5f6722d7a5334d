import CursesBackend
import Foundation
import UICore

/// Set by SIGHUP/SIGTERM; the key loop notices within a second and shuts down cleanly.
nonisolated(unsafe) private var stopRequested: sig_atomic_t = 0

/// The interactive app on a real terminal.
public enum TUI {
    /// How long to wait after Esc for a digit (Esc 1 = F1 on terminals without function keys).
    static let escapeDigitWait = 300

    /// `whenDrawn` runs once the first screen is on the terminal (work that can
    /// wait for it, such as the daily backup, starts there).
    public static func run(_ context: AppContext, whenDrawn: (() -> Void)? = nil) {
        let asciiLines = ProcessInfo.processInfo.environment["CHENGXIN_ASCII"] == "1"
        signal(SIGHUP) { _ in stopRequested = 1 }
        signal(SIGTERM) { _ in stopRequested = 1 }
        let terminal = CursesTerminal(asciiLines: asciiLines)
        defer { terminal.shutdown() }
        let size = terminal.size
        let model = AppModel(context: context, width: size.width, height: size.height)
        var decoder = EscapeDigitDecoder()
        // Long work draws its progress at once; the line goes when the key that started it is handled.
        context.progressSink = { [unowned model] label, done, total in
            model.setProgress(label, done: done, total: total)
            terminal.draw(model.render())
        }
        defer { context.progressSink = nil }
        terminal.draw(model.render())
        whenDrawn?()
        while !model.isQuitting && stopRequested == 0 {
            // While a screen works (an export), keys are only looked for between its slices.
            let working = model.isWorking && !decoder.isWaiting
            let key = terminal.readKey(timeoutMilliseconds: decoder.isWaiting ? escapeDigitWait : working ? 0 : 1000)
            let keys: [Key]
            if let key {
                keys = decoder.feed(key)
            } else {
                if terminal.inputHungUp { break }
                keys = decoder.timeout()
                if keys.isEmpty {
                    guard working else { continue }
                    model.work()
                    terminal.draw(model.render())
                    continue
                }
            }
            for k in keys { model.handle(k) }
            model.setProgress(nil)
            terminal.draw(model.render())
        }
        // Hung up or told to stop: keep what was typed for the next start.
        if stopRequested != 0 || terminal.inputHungUp { model.saveDrafts() }
    }
}
