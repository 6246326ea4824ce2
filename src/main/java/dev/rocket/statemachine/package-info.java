/** State machines on entity fields: transitions, roles, guards and actions; their definition kind and evaluator. */
package dev.rocket.statemachine;
