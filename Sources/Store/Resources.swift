import Foundation

/// Finds the `Screens/` and `Data/` folders the app reads at run time.
public enum Resources {
    /// Tried in order: `$CHENGXIN_HOME`; the folders above the executable (a build
    /// inside the source tree); the source tree this file was compiled from; /usr/share/chengxin.
    public static func root(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        var candidates: [URL] = []
        if let home = environment["CHENGXIN_HOME"] { candidates.append(URL(fileURLWithPath: home)) }
        var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
            .deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(dir)
            dir.deleteLastPathComponent()
        }
        // This file is Sources/Store/Resources.swift: the source tree is two folders above its own.
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(source)
        candidates.append(URL(fileURLWithPath: "/usr/share/chengxin"))
        for c in candidates where isRoot(c) { return c.standardizedFileURL }
        return source
    }

    static func isRoot(_ url: URL) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.appendingPathComponent("Screens").path, isDirectory: &isDir)
            && isDir.boolValue
            && FileManager.default.fileExists(atPath: url.appendingPathComponent("Data").path)
    }

    public static var screens: URL { root().appendingPathComponent("Screens") }
    public static var data: URL { root().appendingPathComponent("Data") }
}
