/** Command-line verbs; each one only wires the packages below it. */
package io.latentwatch.cli;
