package dev.rocket.expr;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Token-level pre-pass that lets expr-lang text through the JavaScript parser: outside string
 * literals, template text and comments, the words {@code and}, {@code or}, {@code not} become
 * {@code &&}, {@code ||}, {@code !} (padded so that column numbers stay the same), and
 * {@code not in} becomes {@code instanceof}, an operator the dialect otherwise refuses, which
 * {@link Translator} turns back into a negated membership test. {@code nil} is left as a name
 * and translated later. A word right after a dot ({@code record.and}) is a property and stays.
 *
 * <p>Also enforces the size limits that must hold before the recursive-descent parser runs.
 */
final class Dialect {

    static final int MAX_LENGTH = 10_000;
    static final int MAX_NESTING = 64;

    private static final char SUBSTITUTION = '$';

    private final String src;
    private final StringBuilder out;
    private final Deque<Character> open = new ArrayDeque<>();
    private int pos;

    private Dialect(String src) {
        this.src = src;
        this.out = new StringBuilder(src.length() + 8);
    }

    /** Returns JavaScript text for {@code source}, or fails on size, nesting or a refused word. */
    static String toJavaScript(String source) throws ExpressionException {
        if (source == null || source.isBlank()) {
            throw new ExpressionException("expression is empty");
        }
        if (source.length() > MAX_LENGTH) {
            throw new ExpressionException("expression is too long (" + source.length()
                    + " characters; at most " + MAX_LENGTH + " are allowed)");
        }
        Dialect d = new Dialect(source);
        d.code();
        return d.out.toString();
    }

    private void code() throws ExpressionException {
        int n = src.length();
        while (pos < n) {
            char c = src.charAt(pos);
            if (c == '\'' || c == '"') {
                quoted(c);
            } else if (c == '`') {
                out.append(c);
                pos++;
                template();
            } else if (c == '/' && pos + 1 < n && src.charAt(pos + 1) == '/') {
                int end = src.indexOf('\n', pos);
                copyTo(end < 0 ? n : end);
            } else if (c == '/' && pos + 1 < n && src.charAt(pos + 1) == '*') {
                int end = src.indexOf("*/", pos + 2);
                copyTo(end < 0 ? n : end + 2);
            } else if (c == '(' || c == '[' || c == '{') {
                push(c);
                out.append(c);
                pos++;
            } else if (c == ')' || c == ']' || c == '}') {
                Character top = open.poll();
                out.append(c);
                pos++;
                if (c == '}' && top != null && top == SUBSTITUTION) {
                    template();
                }
            } else if (Character.isJavaIdentifierStart(c)) {
                word();
            } else if (Character.isDigit(c)) {
                int start = pos;
                while (pos < n && (Character.isJavaIdentifierPart(src.charAt(pos)) || src.charAt(pos) == '.')) {
                    pos++;
                }
                out.append(src, start, pos);
            } else {
                out.append(c);
                pos++;
            }
        }
    }

    /** Inside a template literal (after its opening backtick or after a closing substitution brace). */
    private void template() throws ExpressionException {
        int n = src.length();
        while (pos < n) {
            char c = src.charAt(pos);
            if (c == '\\' && pos + 1 < n) {
                out.append(c).append(src.charAt(pos + 1));
                pos += 2;
            } else if (c == '`') {
                out.append(c);
                pos++;
                return;
            } else if (c == '$' && pos + 1 < n && src.charAt(pos + 1) == '{') {
                push(SUBSTITUTION);
                out.append("${");
                pos += 2;
                return; // back to code; the matching '}' resumes the template
            } else {
                out.append(c);
                pos++;
            }
        }
    }

    private void quoted(char quote) {
        int n = src.length();
        int start = pos++;
        while (pos < n) {
            char c = src.charAt(pos++);
            if (c == '\\') {
                pos++;
            } else if (c == quote || c == '\n') {
                break;
            }
        }
        out.append(src, start, Math.min(pos, n));
    }

    private void word() throws ExpressionException {
        int n = src.length();
        int start = pos;
        while (pos < n && Character.isJavaIdentifierPart(src.charAt(pos))) {
            pos++;
        }
        String w = src.substring(start, pos);
        if (afterDot()) {
            out.append(w);
            return;
        }
        switch (w) {
            case "and" -> out.append("&& ");
            case "or" -> out.append("||");
            case "not" -> {
                int after = skipSpaces(pos);
                if (src.startsWith("in", after) && (after + 2 >= n || !Character.isJavaIdentifierPart(src.charAt(after + 2)))) {
                    out.append("instanceof");
                    pos = after + 2;
                } else {
                    out.append("!  ");
                }
            }
            case "instanceof" -> throw new ExpressionException("'instanceof' is not supported");
            case "new" -> {
                int after = skipSpaces(pos);
                if (after < n && src.charAt(after) == '.') { // new.target trips an assertion in Rhino's parser
                    throw new ExpressionException("'new' is only allowed with Date");
                }
                out.append(w);
            }
            default -> out.append(w);
        }
    }

    private boolean afterDot() {
        for (int i = out.length() - 1; i >= 0; i--) {
            char c = out.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c == '.';
            }
        }
        return false;
    }

    private int skipSpaces(int i) {
        while (i < src.length() && Character.isWhitespace(src.charAt(i))) {
            i++;
        }
        return i;
    }

    private void push(char c) throws ExpressionException {
        open.push(c);
        if (open.size() > MAX_NESTING) {
            throw new ExpressionException("expression is nested too deeply (at most " + MAX_NESTING + " levels)");
        }
    }

    private void copyTo(int end) {
        out.append(src, pos, end);
        pos = end;
    }
}
