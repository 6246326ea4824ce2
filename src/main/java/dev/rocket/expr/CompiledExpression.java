package dev.rocket.expr;

import java.util.Map;

/**
 * An expression compiled once by {@link ExpressionEngine#compile(String)}; immutable and safe to
 * evaluate from many threads at the same time.
 *
 * <p>The environment maps variable names ({@code record}, {@code old}, {@code action}, {@code user},
 * {@code now}, {@code related}, {@code context}, {@code changes}, {@code entity}, {@code event}, ...)
 * to JSON-like Java values: {@code Map}, {@code List}, {@code String}, any {@code Number},
 * {@code Boolean}, {@code null}. A variable the expression uses but the environment lacks is
 * {@code undefined} (which equals {@code nil}/{@code null}).
 *
 * <p>Results of {@link #evaluate(Map)}: {@code null} (also for {@code undefined}, {@code NaN} and
 * infinities), {@code Boolean}, {@code String}, {@code Long} for integral numbers within
 * &plusmn;2<sup>53</sup>, {@code Double} for other numbers, {@code List<Object>} for arrays,
 * {@code Map<String,Object>} (insertion-ordered) for objects, and Date values as ISO-8601 UTC
 * text ({@code "2024-01-31T10:00:00Z"}).
 */
public interface CompiledExpression {

    /** The source text as given to {@code compile}. */
    String source();

    /** Evaluates the expression; runtime errors and exceeded limits raise {@link ExpressionException}. */
    Object evaluate(Map<String, Object> env) throws ExpressionException;

    /** Evaluates the expression and applies JavaScript truthiness ({@code false, null, 0, "", NaN} are false). */
    boolean test(Map<String, Object> env) throws ExpressionException;

    /** {@link #evaluate(Map)} with the environment of {@code bindings}, bound once for several expressions. */
    Object evaluate(Bindings bindings) throws ExpressionException;

    /** {@link #test(Map)} with the environment of {@code bindings}, bound once for several expressions. */
    boolean test(Bindings bindings) throws ExpressionException;
}
