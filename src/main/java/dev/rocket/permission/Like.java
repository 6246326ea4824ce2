package dev.rocket.permission;

import java.util.regex.Pattern;

/** SQL LIKE semantics in Java ({@code %} any run, {@code _} one character, case-sensitive). */
public final class Like {
    private Like() {
    }

    public static boolean matches(String pattern, String value) {
        return toRegex(pattern).matcher(value).matches();
    }

    public static Pattern toRegex(String like) {
        StringBuilder sb = new StringBuilder();
        for (char ch : like.toCharArray()) {
            if (ch == '%') {
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
