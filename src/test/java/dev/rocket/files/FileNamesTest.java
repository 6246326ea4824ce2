package dev.rocket.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class FileNamesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "hello.txt|hello.txt",
        "../../x.txt|x.txt",
        "/etc/passwd|passwd",
        "..\\..\\windows\\win.ini|win.ini",
        "C:\\Users\\ann\\report.pdf|report.pdf",
        "a/b\\c/d.png|d.png",
        "..|file",
        ".|file",
        "../..|file",
        "dir/|file",
        "'   '|file",
        "''|file",
        " spaced name .txt |spaced name .txt",
        "...|...",
        ".hidden|.hidden",
        "résumé.pdf|résumé.pdf",
    })
    void keepsOnlyTheLastSegment(String raw, String expected) {
        assertThat(FileNames.safe(raw)).isEqualTo(expected);
    }

    @Test
    void nullBecomesTheFallback() {
        assertThat(FileNames.safe(null)).isEqualTo("file");
    }

    @Test
    void dropsNulAndOtherControlCharacters() {
        assertThat(FileNames.safe("evil\u0000.txt")).isEqualTo("evil.txt");
        assertThat(FileNames.safe("a\r\nContent-Type: x.txt")).isEqualTo("aContent-Type: x.txt");
        assertThat(FileNames.safe("..\u0000/..\u0000")).isEqualTo("file");
        assertThat(FileNames.safe("\u0000")).isEqualTo("file");
        assertThat(FileNames.safe("x\u202e.txt")).isEqualTo("x.txt"); // bidi override (format character)
        assertThat(FileNames.safe("a\ud800b.txt")).isEqualTo("ab.txt"); // lone surrogate
    }

    @Test
    void longNamesFitOneFileSystemNameAndKeepTheirExtension() {
        String name = FileNames.safe("x".repeat(10_000) + ".pdf");
        assertThat(name).endsWith(".pdf").startsWith("xxx");
        assertThat(name.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);

        String wide = FileNames.safe("é".repeat(300) + ".txt"); // 2 bytes each: never cut inside a character
        assertThat(wide.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
        assertThat(wide).endsWith(".txt").matches("é+\\.txt");
    }

    @Test
    void isIdempotent() {
        for (String raw : new String[] {"../../x.txt", "a\u0000b", "x".repeat(600), "  ..  ", "ok.png"}) {
            String once = FileNames.safe(raw);
            assertThat(FileNames.safe(once)).isEqualTo(once);
        }
    }

    @Test
    void contentDispositionQuotesAsciiAndEncodesTheRest() {
        assertThat(FileNames.contentDisposition("a.pdf", "application/pdf")).isEqualTo("inline; filename=\"a.pdf\"");
        assertThat(FileNames.contentDisposition("say \"hi\".txt", "text/plain")).isEqualTo("inline; filename=\"say \\\"hi\\\".txt\"");
        assertThat(FileNames.contentDisposition("résumé 1.pdf", "application/pdf")).isEqualTo(
                "inline; filename=\"r_sum_ 1.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9%201.pdf");
        assertThat(FileNames.contentDisposition("a\r\nSet-Cookie: x", null)).doesNotContain("\r").doesNotContain("\n");
    }

    @Test
    void activeDocumentTypesAreAttachmentsEverythingElseInline() {
        for (String type : new String[] {"text/html", "TEXT/HTML; charset=utf-8", "application/xhtml+xml",
                "image/svg+xml", "text/xml", "application/xml", "application/rss+xml", "text/xsl"}) {
            assertThat(FileNames.contentDisposition("x", type)).as(type).startsWith("attachment; ");
        }
        for (String type : new String[] {"application/pdf", "image/png", "text/plain", "application/json",
                "application/octet-stream", "image/svg", "text/htmlx"}) {
            assertThat(FileNames.contentDisposition("x", type)).as(type).startsWith("inline; ");
        }
        assertThat(FileNames.contentDisposition("x", null)).startsWith("inline; ");
    }
}
