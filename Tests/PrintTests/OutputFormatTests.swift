import Domain
import Foundation
import Testing
@testable import Print

@Suite struct OutputFormatTests {
    @Test func theExtensionNamesTheFormat() {
        #expect(OutputFormat(extensionOf: "/tmp/卷.txt") == .text)
        #expect(OutputFormat(extensionOf: "卷.PDF") == .pdf)
        #expect(OutputFormat(extensionOf: "a/b.htm") == .html)
        #expect(OutputFormat(extensionOf: "a/b.html") == .html)
        #expect(OutputFormat(extensionOf: "a/b.doc") == nil)
        #expect(OutputFormat(extensionOf: "a.d/b") == nil)
        #expect(OutputFormat(extensionOf: ".pdf") == nil)
    }

    @Test func renamingSwapsOnlyAKnownExtension() {
        #expect(OutputFormat.pdf.renaming("/tmp/卷.txt") == "/tmp/卷.pdf")
        #expect(OutputFormat.text.renaming("/tmp/卷.pdf") == "/tmp/卷.txt")
        #expect(OutputFormat.pdf.renaming("/tmp/v1.2") == "/tmp/v1.2.pdf")
        #expect(OutputFormat.html.renaming("卷") == "卷.html")
    }

    @Test func theFileFormatFollowsTheExtensionAndRefusesADisagreement() throws {
        #expect(try OutputFormat.forFile("v.pdf", requested: nil) == .pdf)
        #expect(try OutputFormat.forFile("v.txt", requested: nil) == .text)
        #expect(try OutputFormat.forFile("v", requested: nil) == .text)
        #expect(try OutputFormat.forFile("v.prn", requested: .pdf) == .pdf)
        #expect(try OutputFormat.forFile("v.pdf", requested: .pdf) == .pdf)
        do {
            _ = try OutputFormat.forFile("/tmp/v.txt", requested: .pdf)
            Issue.record("PDF into a .txt file was not refused")
        } catch let e as PrintError {
            #expect(e.message.zh.contains("请改用文件名 /tmp/v.pdf"))
            #expect(e.message.en.contains("name it /tmp/v.pdf"))
        }
        #expect(throws: PrintError.self) { try OutputFormat.forFile("v.pdf", requested: .text) }
    }

    @Test func thePrinterQuestionNamesThePrinterOnce() {
        let pdf = PrintQueue.Printer(name: "PDF")
        #expect(pdf.confirmation.zh == "用打印机「PDF」打印（发送 PDF 文件）？")
        #expect(pdf.confirmation.en == "Print on the printer \"PDF\" (sent as a PDF file)?")
        let raw = PrintQueue.Printer(name: "LQ730K", isRaw: true)
        #expect(raw.confirmation.zh == "用打印机「LQ730K」打印（针式打印机，发送 GB18030 文本）？")
    }
}
