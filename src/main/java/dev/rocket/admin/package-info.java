/**
 * The admin API's application services for definitions: entities and relations (row and DDL in one transaction),
 * and the generic service for every other definition kind.
 */
package dev.rocket.admin;
