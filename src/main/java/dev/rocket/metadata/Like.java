package dev.rocket.metadata;

import java.util.regex.Pattern;

/** SQL LIKE semantics in Java ({@code %} any run, {@code _} one character, case-sensitive). */
public final class Like {
    private Like() {
    }

    public static boolean matches(String pattern, String value) {
        return toRegex(pattern).matcher(value).matches();
    }

    /** A backslash escapes the next character (PostgreSQL's default LIKE escape). */
    public static Pattern toRegex(String like) {
        StringBuilder sb = new StringBuilder();
        char[] chars = like.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            char ch = chars[i];
            if (ch == '\\' && i + 1 < chars.length) {
                sb.append(Pattern.quote(String.valueOf(chars[++i])));
            } else if (ch == '%') {
                sb.append(".*");
            } else if (ch == '_') {
                sb.append('.');
            } else {
                sb.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(sb.toString(), Pattern.DOTALL);
    }
}
