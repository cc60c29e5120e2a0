/** Typed detector settings loaded from a properties file with environment overrides. */
package io.latentwatch.config;
