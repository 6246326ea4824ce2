package dev.rocket.expr;

import org.mozilla.javascript.Token;
import org.mozilla.javascript.ast.AstNode;
import org.mozilla.javascript.ast.ElementGet;
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

    /** {@code ==}/{@code !=} ({@code helper} is {@code __eq} or {@code __ne}) on translated operands. */
    static String equality(String helper, String a, String b, String leftType, String rightType) {
        String test;
        if (rightType != null) {
            test = "typeof " + a + " === '" + rightType + "'";
        } else if (leftType != null) {
            test = "typeof " + b + " === '" + leftType + "'";
        } else {
            test = "typeof " + a + " === typeof " + b + " && typeof " + a + " !== 'object'";
        }
        String strict = helper.equals("__eq") ? " === " : " !== ";
        return "(" + test + " ? " + a + strict + b + " : " + helper + "(" + a + ", " + b + "))";
    }

    /** {@code <}, {@code <=}, {@code >}, {@code >=} on translated operands. */
    static String ordering(String helper, String op, String a, String b, String leftType, String rightType) {
        String test;
        if (rightType != null && !rightType.equals("boolean")) {
            test = "typeof " + a + " === '" + rightType + "'";
        } else if (leftType != null && !leftType.equals("boolean")) {
            test = "typeof " + b + " === '" + leftType + "'";
        } else {
            test = "typeof " + a + " === 'number' && typeof " + b + " === 'number' || typeof " + a
                    + " === 'string' && typeof " + b + " === 'string'";
        }
        return "((" + test + ") ? (" + a + " " + op + " " + b + ") : " + helper + "(" + a + ", " + b + "))";
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
}
