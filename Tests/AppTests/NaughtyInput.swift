import Foundation

/// Hostile text for every field: Markus Kuhn's UTF-8 decoder stress cases
/// (generated, see `Kuhn`) and a list of naughty strings of our own.
enum Naughty {
    /// About 150 strings that break careless code: injection, format strings,
    /// bidi overrides, zero-width and combining characters, emoji sequences,
    /// control characters, fullwidth forms, rare CJK, very long text.
    static let strings: [String] = {
        var s: [String] = [
            // SQL and markup injection
            "'; DROP TABLE household; --", "\"; DROP TABLE person; --", "' OR '1'='1", "1; DELETE FROM audit_log",
            "Robert'); DROP TABLE village;--", "张三' --", "%' OR 1=1 --", "\\'; SELECT * FROM app_user; --",
            "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "&lt;b&gt;&amp;", "javascript:alert(1)",
            "{{坏的}}", "{{name}}", "${HOME}", "$(rm -rf /)", "`id`", "| cat /etc/passwd", "../../../../etc/passwd",
            "C:\\Windows\\System32", "\\\\server\\share", "NULL", "null", "nil", "undefined", "NaN", "-0", "0x0",
            "1e309", "-1", "99999999999999999999999", "true", "None", "[]", "{}", "\"\"", "''",
            // format strings
            "%s%s%s%s%s", "%n%n%n%n", "%d %x %p", "%@", "%1$s", "{0}", "%%", "%", "\\n", "\\u0000",
            // bidi and invisible characters
            "\u{202E}KCATTA\u{202C}", "\u{202D}abc\u{202C}", "\u{2066}李\u{2069}四", "\u{200F}عربي\u{200E}",
            "\u{061C}x", "\u{200B}", "\u{200B}张\u{200B}三\u{200B}", "\u{200C}\u{200D}", "\u{FEFF}王五",
            "\u{2060}\u{2061}\u{2062}", "\u{00AD}soft\u{00AD}hyphen", "\u{180E}", "\u{3164}", "\u{115F}\u{1160}",
            "مرحبا بالعالم", "שלום עולם", "ﷺ", "ส็็็็็็็็็็็็็็็",
            // combining marks and Zalgo
            "e\u{0301}\u{0302}\u{0303}\u{0304}\u{0305}\u{0306}\u{0307}\u{0308}",
            "Z̴̡̛̛̖͔̱̟̖̲̥͕̮̳̙̗͚͈͕̔̈́̇̆̈́͐̿̀͑̾̓̚͝ͅa̵̧̨̛̰͙̞͈̮̥͕̘̹̹̗̤̓̈́̃͌͐̇̅̈́̊̕l̶̨̛͕̜̲͖̥̙̹̙̙̈́̔̀̊̌̃̋̈́͛̚͝g̷̢̛̭̝̖̙̖̞̖̹̋͊̔̀̑̀̃́̈̉̊o̵",
            String(repeating: "\u{0300}", count: 200), "a" + String(repeating: "\u{0489}", count: 100),
            "张" + String(repeating: "\u{0336}", count: 30),
            // emoji
            "👨‍👩‍👧‍👦", "🏳️‍🌈", "👩🏽‍💻", "🇨🇳🇹🇼🇭🇰", "❤️", "1️⃣2️⃣", "🀄🀅", "😀" + String(repeating: "\u{FE0F}", count: 20),
            String(repeating: "🧧", count: 60),
            // whitespace, line breaks, controls
            " ", "   ", "\u{3000}", "\u{3000}张三\u{3000}", "\t", "a\tb", "\n", "第一行\n第二行", "\r\n", "a\rb",
            "\u{2028}", "\u{2029}", "x\u{2028}y", "\u{0085}", "\u{000B}\u{000C}", "\u{0007}铃", "\u{0008}\u{0008}退格",
            "\u{001B}[31m红\u{001B}[0m", "\u{001B}]0;title\u{0007}", "\u{001B}c", "\u{009B}31m", "\u{007F}",
            "a\u{0000}b", "\u{0000}", "\u{0000}\u{0000}\u{0000}",
            // fullwidth, halfwidth, CJK oddities
            "ＡＢＣ１２３", "ｱｲｳｴｵ", "ﾊﾝｶｸ", "〇〡〢〣", "𠀀𠀁𠀂", "𪚥𪚥", "𬺰", "㐀㐁", "⿰氵每", "〾", "々〆〤",
            "欧阳·明月", "阿依古丽・买买提", "司马•光", "Ⅰ Ⅱ Ⅲ", "①②③", "㈱", "㍻", "～！＠＃￥％……＆＊（）",
            "「」『』【】", "﹏﹏", "︵︶", "ㄅㄆㄇ", "ᄀᄁ", "한국어", "日本語テキスト", "𝕳𝖊𝖑𝖑𝖔", "𝟘𝟙𝟚",
            // noncharacters, private use, replacement
            "\u{E000}", "\u{F8FF}", "\u{FFFD}", "\u{FFFC}",
            // numbers and dates that look valid
            "2026-02-30", "0000-00-00", "9999-12-31", "13800138000", "110101199003077777", "11010119900307777X",
            "０１０１", "٠١٢٣", "१२३", "+86 138 0013 8000",
            // lengths
            String(repeating: "a", count: 255), String(repeating: "长", count: 300), String(repeating: "x", count: 5000),
            String(repeating: "0", count: 13),
        ]
        // Noncharacters and unassigned code points (not allowed as literals).
        for v: UInt32 in [0xFFFE, 0xFFFF, 0xFDD0, 0x10FFFF, 0x1FFFE, 0x0378, 0xE0080] {
            s.append("前" + String(Unicode.Scalar(v)!) + "后")
        }
        // Every C0 control on its own, between two CJK characters.
        for c in 1..<32 where c != 9 && c != 10 && c != 13 { s.append("前\(Character(Unicode.Scalar(UInt8(c))))后") }
        return s
    }()
}

/// Markus Kuhn's "UTF-8 decoder capability and stress test" (2003-02-19),
/// regenerated: the real file could not be obtained on this machine (no package
/// ships it, and stored copies had their malformed bytes already replaced).
/// Every test line of sections 1–5 is here as raw bytes between quotes, as in
/// the file: correct text, boundary code points, unexpected continuation
/// bytes, lonely start bytes, truncated sequences, impossible bytes fe/ff,
/// overlong forms, UTF-16 surrogates and noncharacters.
enum Kuhn {
    struct Case {
        var label: String
        var bytes: [UInt8]
        /// The line as the file has it: the bytes between double quotes.
        var quoted: [UInt8] { [0x22] + bytes + [0x22] }
        /// What a UTF-8 decoder that repairs with U+FFFD reads.
        var decoded: String { String(decoding: quoted, as: UTF8.self) }
    }

    static let cases: [Case] = {
        var c: [Case] = []
        func add(_ label: String, _ bytes: [UInt8]) { c.append(Case(label: label, bytes: bytes)) }
        add("1 kosme", Array("κόσμε".utf8))
        // 2.1 First possible sequence of a certain length
        add("2.1.1", [0x00]); add("2.1.2", [0xC2, 0x80]); add("2.1.3", [0xE0, 0xA0, 0x80])
        add("2.1.4", [0xF0, 0x90, 0x80, 0x80]); add("2.1.5", [0xF8, 0x88, 0x80, 0x80, 0x80])
        add("2.1.6", [0xFC, 0x84, 0x80, 0x80, 0x80, 0x80])
        // 2.2 Last possible sequence of a certain length
        add("2.2.1", [0x7F]); add("2.2.2", [0xDF, 0xBF]); add("2.2.3", [0xEF, 0xBF, 0xBF])
        add("2.2.4", [0xF7, 0xBF, 0xBF, 0xBF]); add("2.2.5", [0xFB, 0xBF, 0xBF, 0xBF, 0xBF])
        add("2.2.6", [0xFD, 0xBF, 0xBF, 0xBF, 0xBF, 0xBF])
        // 2.3 Other boundary conditions
        add("2.3.1", [0xED, 0x9F, 0xBF]); add("2.3.2", [0xEE, 0x80, 0x80]); add("2.3.3", [0xEF, 0xBF, 0xBD])
        add("2.3.4", [0xF4, 0x8F, 0xBF, 0xBF]); add("2.3.5", [0xF4, 0x90, 0x80, 0x80])
        // 3.1 Unexpected continuation bytes
        add("3.1.1", [0x80]); add("3.1.2", [0xBF])
        for n in 2...7 { add("3.1.\(n + 1)", (0..<n).map { $0 % 2 == 0 ? 0x80 : 0xBF }) }
        add("3.1.9", Array(0x80...0xBF))
        // 3.2 Lonely start characters, each followed by a space
        add("3.2.1", (0xC0...0xDF).flatMap { [UInt8($0), 0x20] })
        add("3.2.2", (0xE0...0xEF).flatMap { [UInt8($0), 0x20] })
        add("3.2.3", (0xF0...0xF7).flatMap { [UInt8($0), 0x20] })
        add("3.2.4", (0xF8...0xFB).flatMap { [UInt8($0), 0x20] })
        add("3.2.5", (0xFC...0xFD).flatMap { [UInt8($0), 0x20] })
        // 3.3 Sequences with the last continuation byte missing
        let truncated: [[UInt8]] = [
            [0xC0], [0xE0, 0x80], [0xF0, 0x80, 0x80], [0xF8, 0x80, 0x80, 0x80], [0xFC, 0x80, 0x80, 0x80, 0x80],
            [0xDF], [0xEF, 0xBF], [0xF7, 0xBF, 0xBF], [0xFB, 0xBF, 0xBF, 0xBF], [0xFD, 0xBF, 0xBF, 0xBF, 0xBF],
        ]
        for (i, t) in truncated.enumerated() { add("3.3.\(i + 1)", t) }
        // 3.4 Concatenation of incomplete sequences
        add("3.4", truncated.flatMap { $0 })
        // 3.5 Impossible bytes
        add("3.5.1", [0xFE]); add("3.5.2", [0xFF]); add("3.5.3", [0xFE, 0xFE, 0xFF, 0xFF])
        // 4.1 Overlong slash
        add("4.1.1", [0xC0, 0xAF]); add("4.1.2", [0xE0, 0x80, 0xAF]); add("4.1.3", [0xF0, 0x80, 0x80, 0xAF])
        add("4.1.4", [0xF8, 0x80, 0x80, 0x80, 0xAF]); add("4.1.5", [0xFC, 0x80, 0x80, 0x80, 0x80, 0xAF])
        // 4.2 Maximum overlong sequences
        add("4.2.1", [0xC1, 0xBF]); add("4.2.2", [0xE0, 0x9F, 0xBF]); add("4.2.3", [0xF0, 0x8F, 0xBF, 0xBF])
        add("4.2.4", [0xF8, 0x87, 0xBF, 0xBF, 0xBF]); add("4.2.5", [0xFC, 0x83, 0xBF, 0xBF, 0xBF, 0xBF])
        // 4.3 Overlong NUL
        add("4.3.1", [0xC0, 0x80]); add("4.3.2", [0xE0, 0x80, 0x80]); add("4.3.3", [0xF0, 0x80, 0x80, 0x80])
        add("4.3.4", [0xF8, 0x80, 0x80, 0x80, 0x80]); add("4.3.5", [0xFC, 0x80, 0x80, 0x80, 0x80, 0x80])
        // 5.1 Single UTF-16 surrogates
        let singles: [[UInt8]] = [[0xED, 0xA0, 0x80], [0xED, 0xAD, 0xBF], [0xED, 0xAE, 0x80], [0xED, 0xAF, 0xBF],
                                  [0xED, 0xB0, 0x80], [0xED, 0xBE, 0x80], [0xED, 0xBF, 0xBF]]
        for (i, s) in singles.enumerated() { add("5.1.\(i + 1)", s) }
        // 5.2 Paired UTF-16 surrogates
        var n = 1
        for high in singles[0..<4] { for low in [singles[4], singles[6]] { add("5.2.\(n)", high + low); n += 1 } }
        // 5.3 Noncharacters
        add("5.3.1", [0xEF, 0xBF, 0xBE]); add("5.3.2", [0xEF, 0xBF, 0xBF])
        func utf8(_ values: [UInt32]) -> [UInt8] {
            var bytes: [UInt8] = []
            for v in values { bytes += Array(String(Unicode.Scalar(v)!).utf8) }
            return bytes
        }
        add("5.3.3", utf8(Array(UInt32(0xFDD0)...UInt32(0xFDEF))))
        var planes: [UInt32] = []
        for plane in UInt32(1)...16 { planes += [plane * 0x10000 + 0xFFFE, plane * 0x10000 + 0xFFFF] }
        add("5.3.4", utf8(planes))
        return c
    }()
}
