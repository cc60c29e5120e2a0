/** Meter names, their registration, and the HTTP endpoint that serves them. */
package io.latentwatch.metrics;
