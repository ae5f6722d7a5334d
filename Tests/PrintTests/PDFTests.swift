import Domain
import Foundation
import Testing
@testable import Print

let pdfToolsInstalled = Output.findProgram("weasyprint") != nil && Output.findProgram("pdftotext") != nil

/// pdftotext of a PDF file, page by page (pdftotext ends each page with a form feed).
func pdfPages(_ url: URL) throws -> [String] {
    let r = try ChildProcess.run(["pdftotext", "-layout", url.path, "-"])
    #expect(r.status == 0, "\(r.text)")
    var pages = r.text.components(separatedBy: "\u{0C}")
    if pages.last?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty == true { pages.removeLast() }
    return pages
}

func temporaryFile(_ ext: String) -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("chengxin-test-\(UUID().uuidString).\(ext)")
}

@Suite(.enabled(if: pdfToolsInstalled, "weasyprint and poppler-utils are installed by `make deps`"))
struct PDFTests {
    @Test func thePDFHasTheNamesEverySectionAndTheSamePagesAsItsLayout() throws {
        let input = sampleVolume(households: 8)
        let job = PrintJob(document: Document(title: "", parts: [])) { ArchiveVolume.layout(input, format: $0) }
        let url = temporaryFile("pdf")
        defer { try? FileManager.default.removeItem(at: url) }
        try job.write(to: url, format: .pdf)
        let pages = try pdfPages(url)
        let laid = ArchiveVolume.layout(input, format: .a4)
        // Each laid-out page fits one A4 sheet: the contents' page numbers hold in the PDF.
        #expect(pages.count == laid.pages.count)
        let all = pages.joined(separator: "\n")
        let flat = all.filter { !$0.isWhitespace }
        for r in input.roster { #expect(flat.contains(r.coupleNames.filter { !$0.isWhitespace }), "\(r.coupleNames)") }
        for title in [Titles.cover, Titles.contents, Titles.roster, Titles.election, Titles.signatureSheet,
                      Titles.pledge, Titles.fulfilment, Titles.assessment, Titles.remarks, "诚信计生协议书"] {
            #expect(flat.contains(title), "missing \(title)")
        }
        // Page numbers printed on the PDF pages are those of the layout.
        for (i, page) in laid.pages.enumerated() {
            let footer = pages[i].split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .last { !$0.isEmpty } ?? ""
            if let n = page.number { #expect(footer == "- \(n) -", "page \(i + 1): \(footer)") }
        }
    }

    @Test func theOtherDocumentsRenderToo() throws {
        let input = sampleVolume(households: 3)
        let board = Documents.disclosureBoard(DisclosureBoardInput(village: "星光村", lines: [:], postedOn: d("2026-11-25")))
        let url = temporaryFile("pdf")
        defer { try? FileManager.default.removeItem(at: url) }
        try PrintJob(document: board).write(to: url, format: .pdf)
        let text = try pdfPages(url).joined()
        for c in DisclosureBoardInput.categories { #expect(text.contains(c)) }
        let roster = Documents.roster(village: "星光村", sheName: "三社", groupName: input.groupName, leaderName: "黄秀英",
                                      rows: input.roster, printedOn: d("2026-11-25"))
        try PrintJob(document: roster).write(to: url, format: .pdf)
        #expect(try pdfPages(url).count == 1)
    }
}

@Suite(.enabled(if: pdfToolsInstalled, "weasyprint is installed by `make deps`"))
struct VolumeTimingTests {
    /// Composes and writes a 50-household volume as text and as PDF, and reports the times.
    @Test func aFiftyHouseholdVolume() throws {
        let input = sampleVolume(households: 50)
        let job = PrintJob(document: Document(title: "", parts: [])) { ArchiveVolume.layout(input, format: $0) }
        let txt = temporaryFile("txt"), pdf = temporaryFile("pdf")
        defer { try? FileManager.default.removeItem(at: txt); try? FileManager.default.removeItem(at: pdf) }
        var start = Date()
        try job.write(to: txt, format: .text, encoding: .gb18030)
        let textTime = Date().timeIntervalSince(start)
        start = Date()
        try job.write(to: pdf, format: .pdf)
        let pdfTime = Date().timeIntervalSince(start)
        let pages = ArchiveVolume.layout(input, format: .a4).pages.count
        print("50-household volume: text (GB18030) \(String(format: "%.2f", textTime)) s, "
              + "PDF \(String(format: "%.2f", pdfTime)) s for \(pages) A4 pages")
        #expect(try pdfPages(pdf).count == pages)
        #expect(textTime < 5)
    }
}
