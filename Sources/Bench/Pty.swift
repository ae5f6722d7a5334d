import App
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A program running on a pseudo-terminal, for measuring what the app writes
/// to a real terminal (the benchmark drives the real binary this way).
final class PtySession {
    let master: Int32
    let pid: pid_t
    /// Everything the program wrote so far.
    private(set) var output: [UInt8] = []
    private var reaped = false

    /// Starts `arguments` on a new pseudo-terminal as its own session, with the
    /// terminal's size given by LINES and COLUMNS.
    init(_ arguments: [String], environment: [String: String], width: Int = 80, height: Int = 24) throws {
        guard let pty = Self.functions else { throw UserError("无法打开伪终端 / cannot open a pseudo-terminal") }
        let m = pty.openpt(O_RDWR | O_NOCTTY)
        var name = [CChar](repeating: 0, count: 128)
        guard m >= 0, pty.grant(m) == 0, pty.unlock(m) == 0, pty.name(m, &name, name.count) == 0 else {
            if m >= 0 { close(m) }
            throw UserError("无法打开伪终端 / cannot open a pseudo-terminal")
        }
        let slave = String(cString: name)
        master = m
        var env = environment
        env["LINES"] = String(height)
        env["COLUMNS"] = String(width)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addclose(&actions, m)
        posix_spawn_file_actions_addopen(&actions, 0, slave, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        // POSIX_SPAWN_SETSID: a new session, so the terminal opened above becomes its controlling terminal.
        posix_spawnattr_setflags(&attr, Int16(0x80))
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child: pid_t = 0
        let rc = posix_spawn(&child, arguments[0], &actions, &attr, argv, envp)
        guard rc == 0 else {
            close(m)
            throw UserError("无法启动 \(arguments[0])：\(String(cString: strerror(rc)))")
        }
        pid = child
    }

    /// posix_openpt, grantpt, unlockpt and ptsname_r from the C library (Swift's
    /// Glibc module does not declare them).
    private struct PtyFunctions {
        var openpt: @convention(c) (Int32) -> Int32
        var grant: @convention(c) (Int32) -> Int32
        var unlock: @convention(c) (Int32) -> Int32
        var name: @convention(c) (Int32, UnsafeMutablePointer<CChar>, Int) -> Int32
    }

    private static let functions: PtyFunctions? = {
        let handle = dlopen(nil, RTLD_NOW)
        guard let o = dlsym(handle, "posix_openpt"), let g = dlsym(handle, "grantpt"),
              let u = dlsym(handle, "unlockpt"), let n = dlsym(handle, "ptsname_r") else { return nil }
        return PtyFunctions(openpt: unsafeBitCast(o, to: (@convention(c) (Int32) -> Int32).self),
                            grant: unsafeBitCast(g, to: (@convention(c) (Int32) -> Int32).self),
                            unlock: unsafeBitCast(u, to: (@convention(c) (Int32) -> Int32).self),
                            name: unsafeBitCast(n, to: (@convention(c) (Int32, UnsafeMutablePointer<CChar>, Int) -> Int32).self))
    }()

    deinit {
        terminate()
        close(master)
    }

    /// Reads what is there within `timeoutMilliseconds`; the number of bytes read (0 on time-out or exit).
    @discardableResult
    func read(timeoutMilliseconds: Int) -> Int {
        var p = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&p, 1, Int32(timeoutMilliseconds)) > 0, (Int32(p.revents) & Int32(POLLIN)) != 0 else { return 0 }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let n = Glibc.read(master, &buffer, buffer.count)
        guard n > 0 else { return 0 }
        output.append(contentsOf: buffer[0..<n])
        return n
    }

    /// Waits until the output holds every one of `texts`; the time it took in seconds, nil on time-out.
    /// Only output after byte `from` counts.
    func waitFor(_ texts: [String], from: Int = 0, timeoutSeconds: Double) -> Double? {
        let start = monotonicSeconds()
        var checked = false
        while monotonicSeconds() - start < timeoutSeconds {
            if read(timeoutMilliseconds: 20) > 0 || !checked {
                checked = true
                let text = String(decoding: output[min(from, output.count)...], as: UTF8.self)
                if texts.allSatisfy({ text.contains($0) }) { return monotonicSeconds() - start }
            }
        }
        return nil
    }

    /// Reads until the program has been quiet for `quietMilliseconds`; the bytes read.
    func drain(quietMilliseconds: Int = 150, maxSeconds: Double = 5) -> Int {
        let start = monotonicSeconds()
        var total = 0
        while monotonicSeconds() - start < maxSeconds {
            let n = read(timeoutMilliseconds: quietMilliseconds)
            if n == 0 { break }
            total += n
        }
        return total
    }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count) }
    }

    /// The program's peak resident memory in kB (VmHWM), while it runs.
    func peakResidentKB() -> Int? {
        peakResidentKilobytes(statusPath: "/proc/\(pid)/status")
    }

    /// Asks the program to stop (SIGTERM), then makes sure it has.
    func terminate() {
        guard pid > 0, !reaped else { return }
        reaped = true
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid { return }
        kill(pid, SIGTERM)
        for _ in 0..<100 {
            _ = read(timeoutMilliseconds: 10)
            if waitpid(pid, &status, WNOHANG) == pid { return }
        }
        kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
    }
}

/// Seconds on the monotonic clock.
func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// VmHWM from a /proc status file, in kB.
func peakResidentKilobytes(statusPath: String = "/proc/self/status") -> Int? {
    guard let text = try? String(contentsOfFile: statusPath, encoding: .utf8) else { return nil }
    for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return Int(line.split(separator: " ").dropFirst().first { Int($0) != nil } ?? "")
    }
    return nil
}
