/** Query strings → typed read requests (filters as written, sort, page, include); no SQL, no metadata. */
package dev.rocket.request;
