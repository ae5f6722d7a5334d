import ArgumentParser
import Store
import UICore
import CursesBackend

public struct ChengxinCommand: ParsableCommand {
    public init() {}
    public static let configuration = CommandConfiguration(commandName: "chengxin")
    public func run() throws { print(CursesPlaceholder.ok()) }
}
