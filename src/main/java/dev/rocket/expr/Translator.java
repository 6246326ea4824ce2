package dev.rocket.expr;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.mozilla.javascript.Node;
import org.mozilla.javascript.ScriptRuntime;
import org.mozilla.javascript.Token;
import org.mozilla.javascript.ast.AbstractObjectProperty;
import org.mozilla.javascript.ast.ArrayLiteral;
import org.mozilla.javascript.ast.Assignment;
import org.mozilla.javascript.ast.AstNode;
import org.mozilla.javascript.ast.AstRoot;
import org.mozilla.javascript.ast.ConditionalExpression;
import org.mozilla.javascript.ast.ElementGet;
import org.mozilla.javascript.ast.EmptyExpression;
import org.mozilla.javascript.ast.ExpressionStatement;
import org.mozilla.javascript.ast.FunctionCall;
import org.mozilla.javascript.ast.FunctionNode;
import org.mozilla.javascript.ast.InfixExpression;
import org.mozilla.javascript.ast.KeywordLiteral;
import org.mozilla.javascript.ast.Loop;
import org.mozilla.javascript.ast.Name;
import org.mozilla.javascript.ast.NewExpression;
import org.mozilla.javascript.ast.NumberLiteral;
import org.mozilla.javascript.ast.ObjectLiteral;
import org.mozilla.javascript.ast.ObjectProperty;
import org.mozilla.javascript.ast.ParenthesizedExpression;
import org.mozilla.javascript.ast.PropertyGet;
import org.mozilla.javascript.ast.RegExpLiteral;
import org.mozilla.javascript.ast.Spread;
import org.mozilla.javascript.ast.StringLiteral;
import org.mozilla.javascript.ast.TemplateCharacters;
import org.mozilla.javascript.ast.TemplateLiteral;
import org.mozilla.javascript.ast.UnaryExpression;
import org.mozilla.javascript.ast.UpdateExpression;
import org.mozilla.javascript.ast.VariableDeclaration;

/**
 * Rewrites a parsed expression into the JavaScript that actually runs, accepting only a whitelist
 * of node types. Every member access becomes optional ({@code a?.b}), {@code ==}/{@code !=}, the
 * relational operators and {@code in} become calls to the prelude helpers, {@code new Date(x)} and
 * {@code Date(x)} become {@code __date(x)}, named functions map to their prelude implementations,
 * and only whitelisted methods may be called. The free variable names are collected so that the
 * evaluator can bind each one (to the environment value or {@code undefined}).
 */
final class Translator {

    static final int MAX_DEPTH = 200;

    /**
     * Methods run by a prelude helper taking the target first: {@code join} checks the size of its result,
     * {@code sort} and {@code reverse} return a copy instead of changing the array (values are never changed).
     */
    /** Named functions with a variant for an argument known to be a number ({@code __round_n} = Math.round). */
    private static final Set<String> NUMBER_FUNCTIONS = Set.of("__abs", "__round", "__floor", "__ceil");

    private static final Map<String, String> METHOD_HELPERS = Map.of("join", "__join", "sort", "__sort", "reverse", "__reverse");

    /**
     * @param names    the free names the script reads: variables read whole, and the {@linkplain Path paths} it reads
     *                 as names of their own
     * @param paths    by name, the {@code variable.property} reads that run as a name of their own (see {@link Path})
     */
    record Result(String javaScript, Set<String> names, Map<String, Path> paths) {
    }

    /**
     * A variable that an expression only ever reads as {@code variable.property} (never whole, never calling a method on
     * it, and without {@code sum()}) is not bound at all: each property read runs as a name of its own, bound to the value
     * that {@code variable?.property} has (see {@link Bindings}). A rule checking two fields of a record of forty
     * converts two values, and each read is one name lookup instead of a lookup, a null test and a property get.
     * The name starts with {@code __}, which expressions cannot use, and spells the variable's length, so that no two
     * paths share one.
     */
    record Path(String variable, String property) {
        String name() {
            return "__p" + variable.length() + "_" + variable + "_" + property;
        }
    }

    /** Stands for a {@code variable?.property} in {@link #out} until it is known whether the variable is read whole. */
    private static final char PATH_START = '\u0001';
    private static final char PATH_END = '\u0002';

    private final StringBuilder out = new StringBuilder();
    private final Set<String> names = new LinkedHashSet<>();
    /** Variables read whole (as a value, or as the target of a method call). */
    private final Set<String> whole = new HashSet<>();
    /** The {@code variable.property} reads, in the order met; {@link #out} refers to them by index. */
    private final List<Path> reads = new ArrayList<>();
    private boolean callsSum;
    private int depth;

    private Translator() {
    }

    static Result translate(AstRoot root) throws ExpressionException {
        Node only = null;
        int count = 0;
        for (Node kid : root) {
            only = kid;
            count++;
        }
        if (count == 0) {
            throw new ExpressionException("expression is empty");
        }
        if (count > 1) {
            throw new ExpressionException("only a single expression is allowed");
        }
        if (!(only instanceof ExpressionStatement statement)) {
            throw new ExpressionException(statementMessage(only));
        }
        Translator t = new Translator();
        t.emit(statement.getExpression());
        return t.result();
    }

    /** The script with every path read written out: as a name of its own, or as {@code variable?.property}. */
    private Result result() {
        Set<String> free = new LinkedHashSet<>(names);
        Map<String, Path> paths = new HashMap<>();
        for (Path read : reads) {
            if (flattened(read)) {
                free.add(read.name());
                paths.put(read.name(), read);
            }
        }
        free.removeIf(name -> reads.stream().anyMatch(r -> r.variable().equals(name) && flattened(r)));
        StringBuilder js = new StringBuilder(out.length() + 16);
        for (int i = 0; i < out.length(); i++) {
            char ch = out.charAt(i);
            if (ch != PATH_START) {
                js.append(ch);
                continue;
            }
            int end = out.indexOf(String.valueOf(PATH_END), i);
            Path read = reads.get(Integer.parseInt(out.substring(i + 1, end)));
            js.append(flattened(read) ? read.name() : read.variable() + "?." + read.property());
            i = end;
        }
        return new Result(js.toString(), Set.copyOf(free), Map.copyOf(paths));
    }

    /** Whether {@code read} runs as a name of its own; see {@link Path}. */
    private boolean flattened(Path read) {
        return !callsSum && !whole.contains(read.variable()) && !Names.GLOBALS.contains(read.variable());
    }

    private static String statementMessage(Node node) {
        if (node instanceof Loop) {
            return "loops are not allowed";
        }
        if (node instanceof VariableDeclaration) {
            return "variable declarations are not allowed";
        }
        if (node instanceof FunctionNode) {
            return "functions are not allowed";
        }
        return "statements are not allowed; write a single expression";
    }

    private void emit(AstNode node) throws ExpressionException {
        if (++depth > MAX_DEPTH) {
            throw new ExpressionException("expression is nested too deeply");
        }
        try {
            dispatch(node);
        } finally {
            depth--;
        }
    }

    private void dispatch(AstNode node) throws ExpressionException {
        if (node instanceof ParenthesizedExpression p) {
            out.append('(');
            emit(p.getExpression());
            out.append(')');
        } else if (node instanceof Assignment || node instanceof UpdateExpression) {
            throw new ExpressionException("assignment is not allowed");
        } else if (node instanceof PropertyGet get) {
            String property = get.getProperty().getIdentifier();
            if (get.getTarget() instanceof Name variable && isVariable(variable.getIdentifier())) {
                String id = variable.getIdentifier();
                Names.checkName(id);
                Names.checkProperty(property);
                names.add(id);
                Path read = new Path(id, property);
                int index = reads.indexOf(read);
                if (index < 0) {
                    index = reads.size();
                    reads.add(read);
                }
                out.append(PATH_START).append(index).append(PATH_END);
            } else {
                member(get.getTarget());
                Names.checkProperty(property);
                out.append("?.").append(property);
            }
        } else if (node instanceof InfixExpression infix) {
            infix(infix);
        } else if (node instanceof ElementGet get) {
            element(get);
        } else if (node instanceof NewExpression created) {
            construct(created);
        } else if (node instanceof FunctionCall call) {
            call(call);
        } else if (node instanceof UnaryExpression unary) {
            unary(unary);
        } else if (node instanceof ConditionalExpression c) {
            out.append('(');
            emit(c.getTestExpression());
            out.append(" ? ");
            emit(c.getTrueExpression());
            out.append(" : ");
            emit(c.getFalseExpression());
            out.append(')');
        } else if (node instanceof Name name) {
            name(name.getIdentifier());
        } else if (node instanceof StringLiteral s) {
            out.append(quote(s.getValue()));
        } else if (node instanceof NumberLiteral n) {
            out.append(n.getValue());
        } else if (node instanceof KeywordLiteral k) {
            keyword(k);
        } else if (node instanceof ArrayLiteral array) {
            array(array);
        } else if (node instanceof ObjectLiteral object) {
            object(object);
        } else if (node instanceof TemplateLiteral template) {
            template(template);
        } else if (node instanceof FunctionNode) {
            throw new ExpressionException("functions are not allowed");
        } else if (node instanceof RegExpLiteral) {
            throw new ExpressionException("regular expressions are not supported");
        } else {
            throw new ExpressionException("unsupported syntax: " + describe(node));
        }
    }

    /** The target of a member access; number literals need parentheses ({@code (1).toFixed(2)}). */
    private void member(AstNode target) throws ExpressionException {
        if (target instanceof NumberLiteral) {
            out.append('(');
            emit(target);
            out.append(')');
        } else {
            emit(target);
        }
    }

    private void element(ElementGet get) throws ExpressionException {
        AstNode index = get.getElement();
        if (index instanceof StringLiteral s) {
            Names.checkProperty(s.getValue());
        }
        if (index instanceof StringLiteral || index instanceof NumberLiteral) {
            member(get.getTarget());
            out.append("?.[");
            emit(index);
            out.append(']');
        } else {
            out.append("__g(");
            emit(get.getTarget());
            out.append(", ");
            emit(index);
            out.append(')');
        }
    }

    private void infix(InfixExpression infix) throws ExpressionException {
        AstNode l = infix.getLeft();
        AstNode r = infix.getRight();
        switch (infix.getOperator()) {
            case Token.EQ -> equality(l, r, "==", "__eq");
            case Token.NE -> equality(l, r, "!=", "__ne");
            case Token.SHEQ -> equality(l, r, "==", null);
            case Token.SHNE -> equality(l, r, "!=", null);
            case Token.LT -> ordering("__lt", "<", l, r);
            case Token.LE -> ordering("__le", "<=", l, r);
            case Token.GT -> ordering("__gt", ">", l, r);
            case Token.GE -> ordering("__ge", ">=", l, r);
            case Token.IN -> helper("__in", l, r);
            case Token.INSTANCEOF -> { // only ever produced by `not in` (Dialect)
                out.append("(!");
                helper("__in", l, r);
                out.append(')');
            }
            case Token.COMMA -> throw new ExpressionException("the comma operator is not allowed");
            default -> {
                String op = Names.binaryOperator(infix.getOperator());
                if (op == null) {
                    throw new ExpressionException("unsupported operator: " + describe(infix));
                }
                out.append('(');
                emit(l);
                out.append(' ').append(op).append(' ');
                emit(r);
                out.append(')');
            }
        }
    }

    /**
     * {@code ==}/{@code !=} use the loose helpers; {@code ===}/{@code !==} stay strict. Against a
     * {@code null}/{@code nil}/{@code undefined} literal every form is JavaScript's loose null test,
     * because the language treats the three as the same value.
     */
    private void equality(AstNode l, AstNode r, String nullOp, String helper) throws ExpressionException {
        if (isNullLiteral(l) || isNullLiteral(r)) {
            out.append('(');
            emit(l);
            out.append(' ').append(nullOp).append(' ');
            emit(r);
            out.append(')');
        } else if (helper != null) {
            if (!fastEquality(helper, l, r)) {
                helper(helper, l, r);
            }
        } else {
            out.append('(');
            emit(l);
            out.append(nullOp.equals("==") ? " === " : " !== ");
            emit(r);
            out.append(')');
        }
    }

    private boolean fastEquality(String helper, AstNode l, AstNode r) throws ExpressionException {
        String fast = FastComparisons.equality(helper, operand(l), operand(r));
        if (fast == null) {
            return false;
        }
        out.append(fast);
        return true;
    }

    private void ordering(String helper, String op, AstNode l, AstNode r) throws ExpressionException {
        String fast = FastComparisons.ordering(helper, op, operand(l), operand(r));
        if (fast == null) {
            helper(helper, l, r);
        } else {
            out.append(fast);
        }
    }

    private FastComparisons.Operand operand(AstNode node) throws ExpressionException {
        return new FastComparisons.Operand(text(node), FastComparisons.knownType(node), FastComparisons.isSimple(node));
    }

    /** The translation of {@code node}, without appending it. */
    private String text(AstNode node) throws ExpressionException {
        int mark = out.length();
        emit(node);
        String text = out.substring(mark);
        out.setLength(mark);
        return text;
    }

    private static boolean isNullLiteral(AstNode node) {
        if (node instanceof ParenthesizedExpression p) {
            return isNullLiteral(p.getExpression());
        }
        if (node instanceof KeywordLiteral k) {
            return k.getType() == Token.NULL || k.getType() == Token.UNDEFINED;
        }
        return node instanceof Name n && (n.getIdentifier().equals("nil") || n.getIdentifier().equals("undefined"));
    }

    private void helper(String function, AstNode... args) throws ExpressionException {
        out.append(function).append('(');
        arguments(List.of(args));
        out.append(')');
    }

    private void arguments(List<AstNode> args) throws ExpressionException {
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            emit(args.get(i));
        }
    }

    private void construct(NewExpression created) throws ExpressionException {
        if (created.getTarget() instanceof Name n && n.getIdentifier().equals("Date") && created.getInitializer() == null) {
            helper("__date", created.getArguments().toArray(AstNode[]::new));
            return;
        }
        throw new ExpressionException("'new' is only allowed with Date");
    }

    private void call(FunctionCall call) throws ExpressionException {
        AstNode target = call.getTarget();
        List<AstNode> args = call.getArguments();
        AstNode callee = target;
        while (callee instanceof ParenthesizedExpression p) {
            callee = p.getExpression();
        }
        if (callee instanceof FunctionNode) {
            throw new ExpressionException("functions are not allowed");
        }
        if (target instanceof Name n) {
            String function = n.getIdentifier();
            Names.checkName(function);
            String internal = Names.function(function);
            if (internal == null) {
                throw new ExpressionException("unknown function '" + function + "'");
            }
            if (internal.equals(function)) {
                names.add(function); // a standard global such as String(x): may be shadowed by the environment
                whole.add(function);
            }
            callsSum |= internal.equals("__sum");
            if (args.size() == 1 && inlineCall(internal, args.get(0))) {
                return;
            }
            out.append(internal);
        } else if (target instanceof PropertyGet get) {
            String method = get.getProperty().getIdentifier();
            String helper = METHOD_HELPERS.get(method);
            if (helper != null) {
                out.append(helper).append('(');
                emit(get.getTarget());
                for (AstNode arg : args) {
                    out.append(", ");
                    emit(arg);
                }
                out.append(')');
                return;
            }
            if (get.getTarget() instanceof Name variable) {
                whole.add(variable.getIdentifier()); // the method runs on the variable's value: it is bound whole
            }
            emit(get); // the target first, so that its errors are reported before the method's
            Names.checkMethod(method);
        } else if (target instanceof ElementGet get && get.getElement() instanceof StringLiteral s) {
            emit(get);
            Names.checkMethod(s.getValue());
            if (METHOD_HELPERS.containsKey(s.getValue())) {
                throw new ExpressionException("call " + s.getValue() + " as list." + s.getValue()
                        + (s.getValue().equals("join") ? "(separator)" : "()"));
            }
        } else {
            throw new ExpressionException("only named functions and methods can be called, e.g. len(x) or x.includes(y)");
        }
        out.append(call.isOptionalCall() ? "?.(" : "(");
        arguments(args);
        out.append(')');
    }

    /**
     * Common calls without a helper's frame: {@code len(x)} of a simple operand that is text reads its length;
     * {@code abs}, {@code round}, {@code floor}, {@code ceil} of a number (arithmetic, never null) call Math directly.
     */
    private boolean inlineCall(String internal, AstNode arg) throws ExpressionException {
        if (internal.equals("__len") && FastComparisons.isSimple(arg)) {
            String x = text(arg);
            out.append('(').append(FastComparisons.typeOf(x)).append(" === 'string' ? (").append(x).append(").length : __len(")
                    .append(x).append("))");
            return true;
        }
        if (NUMBER_FUNCTIONS.contains(internal) && "number".equals(FastComparisons.knownType(arg))) {
            out.append(internal).append("_n(");
            emit(arg);
            out.append(')');
            return true;
        }
        return false;
    }

    private void unary(UnaryExpression unary) throws ExpressionException {
        String op = switch (unary.getOperator()) {
            case Token.NOT -> "!";
            case Token.NEG -> "-";
            case Token.POS -> "+";
            case Token.BITNOT -> "~";
            case Token.TYPEOF -> "typeof ";
            case Token.VOID -> "void ";
            case Token.DELPROP -> throw new ExpressionException("delete is not allowed");
            default -> throw new ExpressionException("unsupported operator: " + describe(unary));
        };
        if (unary.getOperator() == Token.TYPEOF) {
            out.append('(').append(FastComparisons.typeOf(text(unary.getOperand()))).append(')');
            return;
        }
        out.append('(').append(op).append('(');
        emit(unary.getOperand());
        out.append("))");
    }

    /** A name read whole: a variable, or one of the constants {@code nil}, {@code undefined}, {@code NaN}, {@code Infinity}. */
    private void name(String id) throws ExpressionException {
        Names.checkName(id);
        switch (id) {
            case "nil" -> out.append("null");
            case "undefined", "NaN", "Infinity" -> out.append(id);
            default -> {
                names.add(id);
                whole.add(id);
                out.append(id);
            }
        }
    }

    /** Whether {@code id} names a variable (bound from the environment), not a constant of the language. */
    private static boolean isVariable(String id) {
        return switch (id) {
            case "nil", "undefined", "NaN", "Infinity" -> false;
            default -> true;
        };
    }

    private void keyword(KeywordLiteral k) throws ExpressionException {
        switch (k.getType()) {
            case Token.TRUE -> out.append("true");
            case Token.FALSE -> out.append("false");
            case Token.NULL -> out.append("null");
            case Token.UNDEFINED -> out.append("undefined");
            case Token.THIS -> throw new ExpressionException("'this' is not allowed");
            default -> throw new ExpressionException("unsupported syntax: " + describe(k));
        }
    }

    private void array(ArrayLiteral array) throws ExpressionException {
        out.append('[');
        List<AstNode> elements = array.getElements();
        for (int i = 0; i < elements.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            AstNode e = elements.get(i);
            if (e instanceof Spread spread) {
                out.append("...");
                emit(spread.getExpression());
            } else if (!(e instanceof EmptyExpression)) {
                emit(e);
            }
        }
        if (!elements.isEmpty() && elements.get(elements.size() - 1) instanceof EmptyExpression) {
            out.append(',');
        }
        out.append(']');
    }

    private void object(ObjectLiteral object) throws ExpressionException {
        out.append("({");
        List<AbstractObjectProperty> properties = object.getElements();
        for (int i = 0; i < properties.size(); i++) {
            if (!(properties.get(i) instanceof ObjectProperty property) || property.isMethod()) {
                throw new ExpressionException("object literals may only contain key: value pairs");
            }
            if (i > 0) {
                out.append(", ");
            }
            String key;
            if (property.getKey() instanceof Name n) {
                key = n.getIdentifier();
            } else if (property.getKey() instanceof StringLiteral s) {
                key = s.getValue();
            } else if (property.getKey() instanceof NumberLiteral n) {
                key = ScriptRuntime.toString(n.getNumber());
            } else {
                throw new ExpressionException("computed keys are not allowed in object literals");
            }
            Names.checkProperty(key);
            out.append(quote(key)).append(": ");
            emit(property.getValue());
        }
        out.append("})");
    }

    /** A template literal becomes a string concatenation of its cooked text and its substitutions. */
    private void template(TemplateLiteral template) throws ExpressionException {
        out.append("(''");
        for (AstNode e : template.getElements()) {
            out.append(" + ");
            if (e instanceof TemplateCharacters chars) {
                if (chars.getValue() == null) {
                    throw new ExpressionException("invalid escape in template literal");
                }
                out.append(quote(chars.getValue()));
            } else {
                out.append('(');
                emit(e);
                out.append(')');
            }
        }
        out.append(')');
    }

    static String quote(String value) {
        return '"' + ScriptRuntime.escapeString(value, '"') + '"';
    }

    static String describe(AstNode node) {
        String name = Token.typeToName(node.getType());
        return name == null ? node.getClass().getSimpleName() : name.toLowerCase(Locale.ROOT);
    }
}
