/** The one-command demo: replay of held-out records with known anomalies. */
package io.latentwatch.demo;
