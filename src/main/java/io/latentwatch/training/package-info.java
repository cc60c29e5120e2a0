/** The denoising autoencoder trainer and threshold calibration. */
package io.latentwatch.training;
