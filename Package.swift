// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Chengxin",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "chengxin", targets: ["chengxin"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // SHA-256 for the audit chain, scrypt (_CryptoExtras) for passwords.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // The zip container of .xlsx files, and the small XML parts of a workbook.
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/CoreOffice/XMLCoder", from: "0.18.2"),
    ],
    targets: [
        // Pure values and rules: no I/O, no SQL, no curses.
        .target(name: "Domain"),
        // The only module that speaks SQL.
        .target(name: "Store", dependencies: [
            "Domain", .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            .product(name: "XMLCoder", package: "XMLCoder"),
        ]),
        // Pure, terminal-free UI: cell grid, widgets, key events.
        .target(name: "UICore", dependencies: ["Domain"]),
        // ncursesw, reached from one place.
        .systemLibrary(name: "CNCursesW", path: "Sources/CNCursesW"),
        .target(name: "CursesBackend", dependencies: ["CNCursesW", "UICore"]),
        // Printed documents: pages laid out by display width, text and PDF output, the print queue.
        .target(name: "Print", dependencies: ["Domain", "UICore"]),
        // Screens, commands and the application loop.
        .target(name: "App", dependencies: [
            "Domain", "Store", "UICore", "CursesBackend", "Print",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // The benchmark and the stress driver: the county generator, bench SQL, `bench` and
        // `stress-saves`, and the full root command. No product module depends on it.
        .target(name: "Bench", dependencies: [
            "App", "Domain", "Store", "UICore", "Print", .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "chengxin", dependencies: ["App", "Bench"]),
        .testTarget(name: "DomainTests", dependencies: ["Domain"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Domain", "Print"], exclude: ["Fixtures"]),
        .testTarget(name: "UICoreTests", dependencies: ["UICore", "Domain"]),
        .testTarget(name: "PrintTests", dependencies: ["Print", "Domain", "UICore"], exclude: ["Golden"]),
        .testTarget(name: "AppTests", dependencies: ["App", "Bench", "Store", "Domain", "UICore", "Print"], exclude: ["Snapshots"]),
        .testTarget(name: "BenchTests", dependencies: ["Bench", "App", "Store", "Domain", "Print",
                                                       .product(name: "GRDB", package: "GRDB.swift")]),
    ]
)
