/** State machines on entity fields: transitions, roles, guards and actions (SPEC §8). */
package dev.rocket.statemachine;
