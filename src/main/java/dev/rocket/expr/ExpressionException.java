package dev.rocket.expr;

/**
 * An expression could not be compiled or evaluated. The message is short, user-facing text
 * (for example {@code "assignment is not allowed"} or {@code "expression exceeded its time limit"})
 * that can be put into an API error detail as it is; it never carries Java class names or stacks.
 */
public final class ExpressionException extends Exception {

    private static final long serialVersionUID = 1L;

    public ExpressionException(String message) {
        super(message);
    }

    public ExpressionException(String message, Throwable cause) {
        super(message, cause);
    }
}
