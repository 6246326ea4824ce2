package dev.rocket.files;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Client filenames made safe: only the last path segment is kept ({@code /} and {@code \} both separate),
 * control characters (NUL, CR, LF …) are dropped, {@code .}/{@code ..}/empty become {@value #FALLBACK}, and
 * the result fits one file-system name ({@value #MAX_BYTES} UTF-8 bytes, extension kept). Also renders the
 * {@code Content-Disposition} header of a download (RFC 6266): {@code inline}, except for the types a browser
 * would run as a page with scripts (HTML, XHTML, SVG, any XML), which are always {@code attachment}.
 */
public final class FileNames {
    public static final String FALLBACK = "file";
    static final int MAX_BYTES = 255;
    private static final int MAX_EXTENSION = 16;
    private static final Set<String> ACTIVE = Set.of("text/html", "application/xhtml+xml", "image/svg+xml",
            "text/xml", "application/xml", "text/xsl");

    private FileNames() {
    }

    /** The single, safe path segment stored on disk and shown to clients. */
    public static String safe(String raw) {
        if (raw == null) {
            return FALLBACK;
        }
        StringBuilder b = new StringBuilder(Math.min(raw.length(), 1024));
        raw.codePoints().forEach(cp -> {
            if (cp == '\\' || cp == '/') {
                b.setLength(0); // a separator: only what follows the last one counts
            } else if (!Character.isISOControl(cp) && Character.getType(cp) != Character.FORMAT
                    && Character.getType(cp) != Character.SURROGATE) {
                b.appendCodePoint(cp);
            }
        });
        String name = b.toString().strip();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            return FALLBACK;
        }
        return fit(name);
    }

    /** Shortens to {@link #MAX_BYTES} UTF-8 bytes, keeping a short extension. */
    private static String fit(String name) {
        if (utf8Length(name) <= MAX_BYTES) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String ext = dot > 0 && name.length() - dot <= MAX_EXTENSION ? name.substring(dot) : "";
        String stem = ext.isEmpty() ? name : name.substring(0, dot);
        int budget = MAX_BYTES - utf8Length(ext);
        StringBuilder b = new StringBuilder();
        int used = 0;
        for (int i = 0; i < stem.length(); ) {
            int cp = stem.codePointAt(i);
            int n = utf8Length(new String(Character.toChars(cp)));
            if (used + n > budget) {
                break;
            }
            b.appendCodePoint(cp);
            used += n;
            i += Character.charCount(cp);
        }
        return b.toString().strip() + ext;
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * {@code inline} or {@code attachment} (see {@link #downloadOnly}), then {@code filename="<ASCII fallback>"}
     * plus {@code filename*=UTF-8''<pct-encoded>} when the name is not plain ASCII (RFC 6266 / RFC 8187).
     */
    public static String contentDisposition(String filename, String mimeType) {
        String name = safe(filename);
        StringBuilder ascii = new StringBuilder(name.length() + 2);
        boolean plain = true;
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch < 0x20 || ch > 0x7e) {
                ascii.append('_');
                plain = false;
            } else {
                if (ch == '"' || ch == '\\') {
                    ascii.append('\\');
                }
                ascii.append(ch);
            }
        }
        String header = (downloadOnly(mimeType) ? "attachment" : "inline") + "; filename=\"" + ascii + "\"";
        return plain ? header : header + "; filename*=UTF-8''" + percentEncode(name);
    }

    /**
     * Whether a browser would render the type as an active document (markup that can run scripts): HTML,
     * XHTML, SVG and XML of any kind (types ending in {@code /xml} or {@code +xml}). Parameters and case are
     * ignored.
     */
    static boolean downloadOnly(String mimeType) {
        if (mimeType == null) {
            return false;
        }
        int semicolon = mimeType.indexOf(';');
        String type = (semicolon < 0 ? mimeType : mimeType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        return ACTIVE.contains(type) || type.endsWith("+xml") || type.endsWith("/xml");
    }

    private static String percentEncode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return b.toString();
    }
}
