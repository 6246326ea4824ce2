package dev.rocket.expr;

import java.util.Map;
import java.util.Set;

import org.mozilla.javascript.Token;

/**
 * The whitelists of the language: which named functions exist (and which prelude helper implements
 * each), which methods may be called, which standard globals are visible, and which property names
 * are never readable.
 */
final class Names {

    private Names() {
    }

    /** Standard globals visible to expressions (unless the environment defines the same name). */
    static final Set<String> GLOBALS = Set.of(
            "Math", "JSON", "Date", "Number", "String", "Boolean", "Array",
            "parseInt", "parseFloat", "isNaN", "isFinite");

    /**
     * Names an expression may not use at all: the LiveConnect entry points of Rhino and the
     * standard objects that reach prototypes or code compilation. They are not defined anyway
     * (or shadowed), so refusing them only turns a silent {@code undefined} into a clear error.
     */
    private static final Set<String> FORBIDDEN = Set.of(
            "java", "javax", "Packages", "JavaAdapter", "JavaImporter", "importClass", "importPackage",
            "getClass", "eval", "uneval", "Function", "Object", "Reflect", "Proxy", "Symbol", "RegExp",
            "globalThis", "global", "load", "loadClass", "print", "quit", "exit", "Script", "Continuation",
            "arguments");

    /** Named functions: the language name and the global that implements it. */
    private static final Map<String, String> FUNCTIONS = Map.ofEntries(
            Map.entry("len", "__len"),
            Map.entry("sum", "__sum"),
            Map.entry("now", "__now"),
            Map.entry("Date", "__date"),
            Map.entry("abs", "__abs"),
            Map.entry("min", "__min"),
            Map.entry("max", "__max"),
            Map.entry("round", "__round"),
            Map.entry("floor", "__floor"),
            Map.entry("ceil", "__ceil"),
            Map.entry("upper", "__upper"),
            Map.entry("lower", "__lower"),
            Map.entry("trim", "__trim"),
            Map.entry("keys", "__keys"),
            Map.entry("values", "__values"),
            Map.entry("String", "String"),
            Map.entry("Number", "Number"),
            Map.entry("Boolean", "Boolean"),
            Map.entry("parseInt", "parseInt"),
            Map.entry("parseFloat", "parseFloat"),
            Map.entry("isNaN", "isNaN"),
            Map.entry("isFinite", "isFinite"));

    /**
     * Methods that may be called. None of them takes a callback or can grow a value beyond a small
     * multiple of its inputs ({@code repeat}, {@code padStart}, {@code replaceAll}, {@code fill} and
     * the regular-expression methods are left out on purpose; {@code join} goes through a checked helper).
     */
    private static final Set<String> METHODS = Set.of(
            // strings
            "at", "charAt", "charCodeAt", "codePointAt", "concat", "endsWith", "includes", "indexOf",
            "lastIndexOf", "localeCompare", "normalize", "replace", "slice", "split", "startsWith",
            "substr", "substring", "toLowerCase", "toUpperCase", "toLocaleLowerCase", "toLocaleUpperCase",
            "toString", "trim", "trimStart", "trimEnd", "valueOf",
            // numbers
            "toFixed", "toPrecision", "toExponential",
            // dates
            "getTime", "getFullYear", "getMonth", "getDate", "getDay", "getHours", "getMinutes",
            "getSeconds", "getMilliseconds", "getUTCFullYear", "getUTCMonth", "getUTCDate", "getUTCDay",
            "getUTCHours", "getUTCMinutes", "getUTCSeconds", "getUTCMilliseconds", "getTimezoneOffset",
            "toISOString", "toJSON", "toDateString", "toUTCString", "now", "parse", "UTC",
            // arrays
            "join", "reverse", "sort", "flat", "isArray",
            // Math
            "abs", "ceil", "floor", "round", "trunc", "sign", "min", "max", "pow", "sqrt", "cbrt",
            "exp", "log", "log10", "log2",
            // JSON
            "stringify",
            // Number
            "isInteger", "isFinite", "isNaN", "isSafeInteger", "parseFloat", "parseInt");

    private static final Set<String> DENIED_PROPERTIES = Set.of(
            "constructor", "prototype", "caller", "callee", "arguments");

    static Set<String> methods() {
        return METHODS;
    }

    /** The implementing global for a named function, or {@code null} if there is no such function. */
    static String function(String name) {
        return FUNCTIONS.get(name);
    }

    static void checkName(String name) throws ExpressionException {
        if (name.startsWith("__")) {
            throw new ExpressionException("names starting with '__' are reserved: " + name);
        }
        if (FORBIDDEN.contains(name)) {
            throw new ExpressionException("'" + name + "' is not available in expressions");
        }
    }

    static void checkProperty(String property) throws ExpressionException {
        if (property.startsWith("__") || DENIED_PROPERTIES.contains(property)) {
            throw new ExpressionException("access to property '" + property + "' is not allowed");
        }
    }

    static void checkMethod(String method) throws ExpressionException {
        checkProperty(method);
        if (!METHODS.contains(method)) {
            throw new ExpressionException("method '" + method + "' is not available");
        }
    }

    /** JavaScript text of a binary operator that passes through unchanged, or {@code null}. */
    static String binaryOperator(int token) {
        return switch (token) {
            case Token.AND -> "&&";
            case Token.OR -> "||";
            case Token.NULLISH_COALESCING -> "??";
            case Token.ADD -> "+";
            case Token.SUB -> "-";
            case Token.MUL -> "*";
            case Token.DIV -> "/";
            case Token.MOD -> "%";
            case Token.EXP -> "**";
            case Token.BITAND -> "&";
            case Token.BITOR -> "|";
            case Token.BITXOR -> "^";
            case Token.LSH -> "<<";
            case Token.RSH -> ">>";
            case Token.URSH -> ">>>";
            default -> null;
        };
    }
}
