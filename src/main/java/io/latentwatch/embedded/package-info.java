/** A single-node KRaft broker started in-process from Kafka's own server classes. */
package io.latentwatch.embedded;
