/** The Kafka Streams topology of the detector: parsing, scoring, routing. */
package io.latentwatch.stream;
