import Foundation
import Testing
@testable import Print

struct ChildProcessTests {
    @Test func collectsOutputAndStatus() throws {
        let r = try ChildProcess.run(["sh", "-c", "printf '诚信\\n'; echo err >&2; exit 3"])
        #expect(r.status == 3)
        #expect(r.text == "诚信\nerr\n")
    }

    @Test func feedsStandardInput() throws {
        let big = Data(repeating: UInt8(ascii: "a"), count: 300_000)
        let r = try ChildProcess.run(["wc", "-c"], input: big)
        #expect(r.status == 0)
        #expect(r.text.trimmingCharacters(in: .whitespacesAndNewlines) == "300000")
    }

    @Test func aDaemonThatKeepsRunningDoesNotHoldUsWhenOutputIsNotCaptured() throws {
        let start = Date()
        let r = try ChildProcess.run(["sh", "-c", "sleep 5 & exit 0"], captureOutput: false)
        #expect(r.status == 0)
        #expect(Date().timeIntervalSince(start) < 4)
    }

    @Test func aSignalIsReportedAs128PlusItsNumber() throws {
        let r = try ChildProcess.run(["sh", "-c", "kill -9 $$"])
        #expect(r.status == 128 + 9)
    }

    @Test func aMissingProgramIsAnError() {
        #expect(throws: ChildProcess.Failure.self) {
            try ChildProcess.run(["chengxin-no-such-program"])
        }
    }

    @Test func manyAtOnceFromManyThreads() async throws {
        try await withThrowingTaskGroup(of: Int32.self) { group in
            for i in 0..<40 { group.addTask { try ChildProcess.run(["sh", "-c", "exit \(i % 5)"]).status } }
            var total: Int32 = 0
            for try await s in group { total += s }
            #expect(total == 80)
        }
    }
}

@Suite struct ChildSignalTests {
    /// The child starts with no signal blocked, even when the spawning thread blocks some.
    /// (The child is grep itself: a shell would clear its own mask.)
    @Test func theChildHasAnEmptySignalMask() throws {
        final class Box: @unchecked Sendable { var output = ""; var failed = false }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            var blocked = sigset_t()
            sigemptyset(&blocked)
            sigaddset(&blocked, SIGCHLD)
            sigaddset(&blocked, SIGWINCH)
            pthread_sigmask(SIG_BLOCK, &blocked, nil)
            do { box.output = try ChildProcess.run(["grep", "SigBlk", "/proc/self/status"]).text } catch { box.failed = true }
            done.signal()
        }
        done.wait()
        #expect(!box.failed)
        #expect(box.output.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("0000000000000000"), "\(box.output)")
    }
}
