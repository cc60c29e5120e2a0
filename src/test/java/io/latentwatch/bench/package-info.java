/** The performance harness of {@code bench/throughput}: test sources, not shipped. */
package io.latentwatch.bench;
