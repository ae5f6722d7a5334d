#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Runs another program and waits for it with `posix_spawn` and `waitpid`.
///
/// Foundation's `Process` on Linux reaps children from a monitor thread, and a
/// `waitUntilExit()` was seen to wait forever for a child that had already
/// exited (it stayed a zombie). Printing (weasyprint, lp) and the tests that
/// drive the binary need a wait that cannot miss the exit, so they use this.
public enum ChildProcess {
    public struct Result: Sendable {
        public var status: Int32
        public var output: Data
        public var text: String { String(decoding: output, as: UTF8.self) }
    }

    public enum Failure: Error, CustomStringConvertible {
        case cannotStart(String, Int32)
        public var description: String {
            switch self {
            case .cannotStart(let program, let code):
                return "cannot start \(program): \(String(cString: strerror(code)))"
            }
        }
    }

    /// Runs `arguments` (the first is looked up on PATH), feeding `input` on
    /// standard input and collecting standard output and error together.
    /// With `captureOutput: false` the child's output goes to /dev/null and
    /// nothing waits for its descendants to close a pipe (a daemon such as a
    /// tmux server may outlive it).
    public static func run(_ arguments: [String], environment: [String: String]? = nil,
                           input: Data? = nil, captureOutput: Bool = true) throws -> Result {
        precondition(!arguments.isEmpty)
        var outPipe: [Int32] = [-1, -1]
        var inPipe: [Int32] = [-1, -1]
        defer {
            for fd in outPipe + inPipe where fd >= 0 { close(fd) }
        }
        var pid: pid_t = 0
        // Pipes are made close-on-exec under the same lock as the spawn, so a
        // child started by another thread never inherits (and holds open) ours.
        let code: Int32 = spawnLock.withLock {
            if captureOutput, let e = makePipe(&outPipe) { return e }
            if input != nil, let e = makePipe(&inPipe) { return e }

            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            if input != nil {
                posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
            } else {
                posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            }
            if captureOutput {
                posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
                posix_spawn_file_actions_adddup2(&actions, outPipe[1], 2)
            } else {
                posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
                posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
            }
            let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
            return withCStrings(arguments) { argv in
                withCStrings(env) { envp in
                    withCleanSignals { attributes in posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp) }
                }
            }
        }
        guard code == 0 else { throw Failure.cannotStart(arguments[0], code) }

        // Close the child's ends here so that EOF arrives when it exits.
        if captureOutput { close(outPipe[1]); outPipe[1] = -1 }
        if let input {
            close(inPipe[0]); inPipe[0] = -1
            let writer = inPipe[1]
            inPipe[1] = -1
            // Write from another thread so a child that fills its output pipe first cannot deadlock us.
            let done = DispatchSemaphore(value: 0)
            Thread.detachNewThread {
                input.withUnsafeBytes { raw in
                    var offset = 0
                    while offset < raw.count {
                        let n = write(writer, raw.baseAddress! + offset, raw.count - offset)
                        if n < 0 { if errno == EINTR { continue }; break }
                        offset += n
                    }
                }
                close(writer)
                done.signal()
            }
            defer { done.wait() }
            return collect(pid: pid, from: captureOutput ? outPipe[0] : -1)
        }
        return collect(pid: pid, from: captureOutput ? outPipe[0] : -1)
    }

    /// Starts `arguments` without waiting: standard input from /dev/null,
    /// standard output to the file `outputPath` (created or truncated) and
    /// standard error to `errorPath` (or /dev/null). Returns the child's pid;
    /// reap it with `wait(pid:)`. For tests that signal a running program.
    public static func start(_ arguments: [String], environment: [String: String]? = nil,
                             outputPath: String, errorPath: String? = nil) throws -> pid_t {
        precondition(!arguments.isEmpty)
        var pid: pid_t = 0
        let code: Int32 = spawnLock.withLock {
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            posix_spawn_file_actions_addopen(&actions, 2, errorPath ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
            return withCStrings(arguments) { argv in
                withCStrings(env) { envp in
                    withCleanSignals { attributes in posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp) }
                }
            }
        }
        guard code == 0 else { throw Failure.cannotStart(arguments[0], code) }
        return pid
    }

    /// Waits for a child started with `start` and returns its status as
    /// `run` does: the exit code, or 128 + the signal that ended it.
    public static func wait(pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    private static let spawnLock = NSLock()

    private static func makePipe(_ fds: inout [Int32]) -> Int32? {
        guard pipe(&fds) == 0 else { return errno }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return nil
    }

    /// Reads the output to its end, then reaps the child.
    private static func collect(pid: pid_t, from fd: Int32) -> Result {
        var data = Data()
        if fd >= 0 {
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = read(fd, &buffer, buffer.count)
                if n > 0 { data.append(buffer, count: n); continue }
                if n < 0 && errno == EINTR { continue }
                break
            }
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import as macros.
        let signal = status & 0x7f
        return Result(status: signal == 0 ? (status >> 8) & 0xff : 128 + signal, output: data)
    }

    /// Spawn attributes that give the child an empty signal mask and default
    /// handlers. A child inherits the mask of the spawning thread, and Dispatch's
    /// worker threads block signals: a tmux server started from one could not
    /// reap its panes (SIGCHLD blocked) or see resizes (SIGWINCH).
    private static func withCleanSignals<R>(_ body: (inout posix_spawnattr_t) -> R) -> R {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        return body(&attributes)
    }

    private static func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        pointers.append(nil)
        defer { for p in pointers { free(p) } }
        return body(pointers)
    }
}
