package dev.rocket.expr;

import java.util.Map;

import org.mozilla.javascript.Context;
import org.mozilla.javascript.ContextFactory;
import org.mozilla.javascript.Scriptable;

/**
 * A Rhino context that carries the limits of the evaluation running on it: the instructions still
 * allowed and the wall-clock deadline, both checked from
 * {@link ContextFactory#observeInstructionCount} through {@link #charge(int)}; plus the scope of
 * the expression being run, which {@code sum()} needs to build the scopes of its inner expression.
 */
final class SandboxContext extends Context {

    /** Raised when an evaluation runs out of instructions or time; JavaScript code cannot catch an Error. */
    static final class LimitExceeded extends Error {
        private static final long serialVersionUID = 1L;

        LimitExceeded(String message) {
            super(message, null, false, false);
        }
    }

    private long instructionsLeft;
    private long deadline;
    private long sinceClockCheck;
    /** The scope of the expression running now, and the environment and shared scope it was bound from. */
    Scriptable scope;
    Map<String, Object> env;
    Scriptable shared;
    int sumDepth;

    SandboxContext(ContextFactory factory) {
        super(factory);
    }

    void arm(long maxInstructions, long timeoutNanos) {
        instructionsLeft = maxInstructions;
        deadline = System.nanoTime() + timeoutNanos;
        sinceClockCheck = 0;
        sumDepth = 0;
        scope = null;
        env = null;
        shared = null;
    }

    /**
     * Counts {@code instructions} against the budget. The clock is read only once per
     * {@link Sandbox#OBSERVER_THRESHOLD} instructions, so a short expression never fails on time
     * because its thread was descheduled or paused by the garbage collector.
     */
    void charge(int instructions) {
        instructionsLeft -= instructions;
        if (instructionsLeft < 0) {
            throw new LimitExceeded("expression exceeded its instruction limit");
        }
        sinceClockCheck += instructions;
        if (sinceClockCheck >= Sandbox.OBSERVER_THRESHOLD) {
            sinceClockCheck = 0;
            if (System.nanoTime() - deadline > 0) {
                throw new LimitExceeded("expression exceeded its time limit");
            }
        }
    }
}
