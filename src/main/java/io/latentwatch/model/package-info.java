/** The model bundle: manifest, scaler and the checksummed bundle file. */
package io.latentwatch.model;
