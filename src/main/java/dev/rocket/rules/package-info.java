/** Business rules: field rules, expression rules and computed fields per hook; their definition kind and evaluator. */
package dev.rocket.rules;
