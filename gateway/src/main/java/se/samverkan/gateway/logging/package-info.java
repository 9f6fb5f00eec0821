/** The log policy: what may reach a log line and how (DOMAIN.md section 5, house habit 15). */
package se.samverkan.gateway.logging;
