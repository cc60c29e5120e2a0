/** Latentwatch: streaming anomaly detection on Kafka with denoising autoencoders. */
package io.latentwatch;
