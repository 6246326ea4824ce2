/** Query strings and bodies → typed request objects (filters, sort, page, include, nested payloads); no SQL. */
package dev.rocket.request;
