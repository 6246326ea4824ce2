/**
 * The expression language of rules, computed fields, state-machine guards, workflow conditions and
 * webhook conditions (docs/rules.md#the-expression-language): {@link dev.rocket.expr.ExpressionEngine} compiles text into a
 * {@link dev.rocket.expr.CompiledExpression} that evaluates against a JSON-like environment inside a
 * Rhino sandbox (interpreted, no Java access, sealed shared scope, instruction and time limits).
 * Owns nothing else: callers cache compiled expressions per rule and build the environment.
 */
package dev.rocket.expr;
