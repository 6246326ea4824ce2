/** IP address literals and networks (CIDR), parsed without name lookups: shared by outbound-call checks and trusted proxies. */
package dev.rocket.net;
