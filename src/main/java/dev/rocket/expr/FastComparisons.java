package dev.rocket.expr;

import java.util.regex.Pattern;

import org.mozilla.javascript.Token;
import org.mozilla.javascript.ast.AstNode;
import org.mozilla.javascript.ast.ElementGet;
import org.mozilla.javascript.ast.FunctionCall;
import org.mozilla.javascript.ast.InfixExpression;
import org.mozilla.javascript.ast.KeywordLiteral;
import org.mozilla.javascript.ast.Name;
import org.mozilla.javascript.ast.NumberLiteral;
import org.mozilla.javascript.ast.ParenthesizedExpression;
import org.mozilla.javascript.ast.PropertyGet;
import org.mozilla.javascript.ast.StringLiteral;
import org.mozilla.javascript.ast.UnaryExpression;

/**
 * Inline fast paths for comparisons. When both operands are cheap, side-effect-free paths or
 * literals (evaluating them twice costs little and changes nothing, the language being pure), a
 * comparison whose operands have the same primitive type runs natively and only the other cases
 * call the prelude helper. In the native case the helpers return exactly the native result, so the
 * semantics are unchanged; {@code ExpressionLanguageTest.fastPathsAgreeWithHelpers} checks it.
 */
final class FastComparisons {

    private static final int MAX_PATH = 6;

    private FastComparisons() {
    }

    /**
     * {@code ==}/{@code !=} ({@code helper} is {@code __eq} or {@code __ne}) on translated operands, or null when
     * there is no fast form: an operand whose type is not known is tested with {@code typeof}, so it must be
     * {@linkplain #isSimple simple} (it is evaluated twice); an operand of known type is evaluated once either way.
     */
    static String equality(String helper, Operand l, Operand r) {
        String strict = helper.equals("__eq") ? " === " : " !== ";
        String test;
        if (l.type != null && l.type.equals(r.type)) {
            return "(" + l.text + strict + r.text + ")";
        } else if (r.type != null && l.simple) {
            test = typeOf(l.text) + " === '" + r.type + "'";
        } else if (l.type != null && r.simple) {
            test = typeOf(r.text) + " === '" + l.type + "'";
        } else if (l.simple && r.simple) {
            test = typeOf(l.text) + " === " + typeOf(r.text) + " && " + typeOf(l.text) + " !== 'object'";
        } else {
            return null;
        }
        return "(" + test + " ? " + l.text + strict + r.text + " : " + helper + "(" + l.text + ", " + r.text + "))";
    }

    /** {@code <}, {@code <=}, {@code >}, {@code >=} on translated operands, or null; see {@link #equality}. */
    static String ordering(String helper, String op, Operand l, Operand r) {
        String lt = "boolean".equals(l.type) ? null : l.type;
        String rt = "boolean".equals(r.type) ? null : r.type;
        String test;
        if (lt != null && lt.equals(rt)) {
            return "(" + l.text + " " + op + " " + r.text + ")";
        } else if (rt != null && l.simple) {
            test = typeOf(l.text) + " === '" + rt + "'";
        } else if (lt != null && r.simple) {
            test = typeOf(r.text) + " === '" + lt + "'";
        } else if (l.simple && r.simple) {
            test = typeOf(l.text) + " === 'number' && " + typeOf(r.text) + " === 'number' || " + typeOf(l.text)
                    + " === 'string' && " + typeOf(r.text) + " === 'string'";
        } else {
            return null;
        }
        return "((" + test + ") ? (" + l.text + " " + op + " " + r.text + ") : " + helper + "(" + l.text + ", " + r.text + "))";
    }

    /** A name, or a path read ({@link Translator.Path}) still to be written out, which usually becomes a name. */
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*|\\x01[0-9]+\\x02");

    /**
     * {@code typeof text}. Of a bare name Rhino runs {@code typeof} as its own instruction, which looks the name up
     * through a thread-local read of the current context (the form must not fail on an undeclared name); every name
     * an expression reads is bound, so the name's value is read as any other (the comma keeps it from being that
     * instruction): on an application server's request threads this is measurably cheaper.
     */
    static String typeOf(String text) {
        return IDENTIFIER.matcher(text).matches() ? "typeof (0, " + text + ")" : "typeof " + text;
    }

    /** A translated operand: its text, its type when known ({@link #knownType}), and whether it is simple. */
    record Operand(String text, String type, boolean simple) {
    }

    /** A name, a literal, or a short chain of property/literal-index accesses on one. */
    static boolean isSimple(AstNode node) {
        return isSimple(node, 0);
    }

    private static boolean isSimple(AstNode node, int depth) {
        if (depth > MAX_PATH) {
            return false;
        }
        if (node instanceof ParenthesizedExpression p) {
            return isSimple(p.getExpression(), depth + 1);
        }
        if (node instanceof PropertyGet get) {
            return isSimple(get.getTarget(), depth + 1);
        }
        if (node instanceof ElementGet get) {
            return (get.getElement() instanceof StringLiteral || get.getElement() instanceof NumberLiteral)
                    && isSimple(get.getTarget(), depth + 1);
        }
        return node instanceof Name || node instanceof KeywordLiteral || literalType(node) != null;
    }

    /** "string", "number" or "boolean" for a literal of that type, else null. */
    static String literalType(AstNode node) {
        if (node instanceof ParenthesizedExpression p) {
            return literalType(p.getExpression());
        }
        if (node instanceof StringLiteral) {
            return "string";
        }
        if (node instanceof NumberLiteral
                || node instanceof UnaryExpression u && u.getOperator() == Token.NEG && u.getOperand() instanceof NumberLiteral) {
            return "number";
        }
        if (node instanceof KeywordLiteral k && (k.getType() == Token.TRUE || k.getType() == Token.FALSE)) {
            return "boolean";
        }
        return null;
    }

    /**
     * The type an operand always has, whatever the variables hold, or null: a literal's; "number" for arithmetic
     * other than {@code +} (which may join text), for unary {@code -}/{@code +} and for {@code len(x)} (a number or
     * an error); "boolean" for {@code !x}. No value of the language is a BigInt, so arithmetic yields numbers.
     */
    static String knownType(AstNode node) {
        if (node instanceof ParenthesizedExpression p) {
            return knownType(p.getExpression());
        }
        String literal = literalType(node);
        if (literal != null) {
            return literal;
        }
        if (node instanceof UnaryExpression u) {
            return switch (u.getOperator()) {
                case Token.NEG, Token.POS -> "number";
                case Token.NOT -> "boolean";
                default -> null;
            };
        }
        if (node instanceof InfixExpression infix) {
            return switch (infix.getOperator()) {
                case Token.SUB, Token.MUL, Token.DIV, Token.MOD, Token.EXP -> "number";
                default -> null;
            };
        }
        if (node instanceof FunctionCall call && call.getTarget() instanceof Name n && n.getIdentifier().equals("len")) {
            return "number";
        }
        return null;
    }
}
