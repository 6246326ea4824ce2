package dev.rocket.expr;

import org.mozilla.javascript.Context;
import org.mozilla.javascript.EcmaError;
import org.mozilla.javascript.JavaScriptException;
import org.mozilla.javascript.RhinoException;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;
import org.mozilla.javascript.WrappedException;

/** Turns Rhino's runtime exceptions into short messages without source names or Java internals. */
final class RuntimeErrors {

    private RuntimeErrors() {
    }

    static String message(RhinoException e) {
        if (e instanceof EcmaError error) {
            return named(error.getName(), error.getErrorMessage());
        }
        if (e instanceof JavaScriptException thrown) {
            Object value = thrown.getValue();
            if (value instanceof Scriptable error && "Error".equals(error.getClassName())) {
                return named(String.valueOf(ScriptableObject.getProperty(error, "name")),
                        String.valueOf(ScriptableObject.getProperty(error, "message")));
            }
            return "expression threw " + Context.toString(value);
        }
        if (e instanceof WrappedException wrapped) {
            Throwable cause = wrapped.getWrappedException();
            if (cause instanceof SandboxContext.LimitExceeded) {
                return cause.getMessage();
            }
            return "expression failed";
        }
        String details = e.details();
        if (details != null && details.contains("Exceeded maximum stack depth")) {
            return "expression is nested too deeply";
        }
        return details == null || details.isBlank() ? "expression failed" : details;
    }

    private static String named(String name, String message) {
        return name == null || name.equals("Error") ? message : name + ": " + message;
    }
}
