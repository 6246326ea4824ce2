/** Business rules: field rules, expression rules and computed fields, per hook (SPEC §7). */
package dev.rocket.rules;
