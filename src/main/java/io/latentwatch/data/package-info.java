/** Readers of CSV and IDX files into in-memory datasets, and splits. */
package io.latentwatch.data;
